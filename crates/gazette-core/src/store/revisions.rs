//! Queries on `operations` and `revisions`: what each change replaced.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{now, Store, Writer};
use crate::error::{Error, Result};

/// A post's text before one change, as listed in its history (newest
/// first). The bytes themselves come from [`Store::revision_raw`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Revision {
    /// The revision's id (unique in the archive).
    pub id: i64,
    /// When the change that replaced these bytes was made (RFC 3339, UTC).
    pub created_at: String,
    /// The kind of that change: `edit`, `restore`, `bulk`, `import`, `undo`,
    /// `promote` or `demote`.
    pub kind: String,
    /// That change, for a person.
    pub description: String,
    /// BLAKE3 of the bytes, hex.
    pub content_hash: String,
    /// Their size in bytes.
    pub size: i64,
}

/// One undoable step, as listed by `gazette history --operations`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Operation {
    /// The operation's id.
    pub id: i64,
    /// `edit`, `restore`, `bulk`, `import`, `undo`, `delete`, `new`,
    /// `promote` or `demote`.
    pub kind: String,
    /// For a person.
    pub description: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// Posts it changed.
    pub posts: u32,
    /// The operation that undid it, if any.
    pub undone_by: Option<i64>,
}

/// A change an operation made to one post: the bytes it replaced and the
/// hash of what it wrote.
#[derive(Debug, Clone)]
pub struct Change {
    /// The post.
    pub post_id: i64,
    /// The bytes before the operation.
    pub raw: Vec<u8>,
    /// BLAKE3 of the bytes the operation wrote.
    pub next_hash: String,
}

impl Writer<'_> {
    /// Records a new operation and returns its id.
    ///
    /// # Errors
    /// [`Error::Database`].
    pub fn start_operation(&self, kind: &str, description: &str) -> Result<i64> {
        Ok(self.tx.query_row(
            "INSERT INTO operations (kind, description, created_at) VALUES (?1, ?2, ?3) RETURNING id",
            params![kind, description, now()],
            |r| r.get(0),
        )?)
    }

    /// Sets an operation's description (once its size is known).
    ///
    /// # Errors
    /// [`Error::Database`].
    pub fn describe_operation(&self, id: i64, description: &str) -> Result<()> {
        self.tx.execute(
            "UPDATE operations SET description = ?2 WHERE id = ?1",
            params![id, description],
        )?;
        Ok(())
    }

    /// Keeps the bytes a post had before `operation` wrote bytes hashing to
    /// `next_hash`.
    ///
    /// # Errors
    /// [`Error::Database`].
    pub fn keep_revision(
        &self,
        post_id: i64,
        operation: i64,
        raw: &[u8],
        next_hash: &str,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO revisions (post_id, operation_id, raw, content_hash, next_hash, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                post_id,
                operation,
                raw,
                blake3::hash(raw).to_hex().to_string(),
                next_hash,
                now()
            ])?;
        Ok(())
    }

    /// A post's source path, bytes and content hash, read inside this
    /// transaction.
    ///
    /// # Errors
    /// [`Error::PostNotFound`]; [`Error::Database`].
    pub fn current(&self, id: i64) -> Result<(String, Vec<u8>, String)> {
        self.tx
            .query_row(
                "SELECT source_path, raw, content_hash FROM posts WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or(Error::PostNotFound(id))
    }

    /// What post `id`'s view takes from outside its file (see
    /// [`crate::post::Context`]).
    ///
    /// # Errors
    /// [`Error::Database`].
    pub fn context(&self, id: i64) -> Result<crate::post::Context> {
        let json: Option<String> = self
            .tx
            .query_row("SELECT context_json FROM posts WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(json.map_or_else(crate::post::Context::default, |j| {
            crate::post::Context::from_json(&j)
        }))
    }

    /// The changes an operation made, one per post, in order.
    ///
    /// # Errors
    /// [`Error::Database`].
    pub fn changes(&self, operation: i64) -> Result<Vec<Change>> {
        let mut stmt = self.tx.prepare(
            "SELECT post_id, raw, next_hash FROM revisions WHERE operation_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([operation], |r| {
            Ok(Change {
                post_id: r.get(0)?,
                raw: r.get(1)?,
                next_hash: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records that `operation` (an import) added post `post_id` with bytes
    /// hashing to `hash`.
    ///
    /// # Errors
    /// [`Error::Database`].
    pub fn record_added(&self, operation: i64, post_id: i64, hash: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT OR REPLACE INTO operation_added (operation_id, post_id, content_hash) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![operation, post_id, hash])?;
        Ok(())
    }

    /// The posts an operation added, with the hash they were added with.
    ///
    /// # Errors
    /// [`Error::Database`].
    pub fn added(&self, operation: i64) -> Result<Vec<(i64, String)>> {
        let mut stmt = self
            .tx
            .prepare("SELECT post_id, content_hash FROM operation_added WHERE operation_id = ?1 ORDER BY post_id")?;
        let rows = stmt.query_map([operation], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records that `operation` moved post `post_id` from source path
    /// `from` to `to` (a promote or demote).
    ///
    /// # Errors
    /// [`Error::Database`].
    pub fn record_move(&self, operation: i64, post_id: i64, from: &str, to: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT OR REPLACE INTO operation_moves (operation_id, post_id, from_path, to_path)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![operation, post_id, from, to])?;
        Ok(())
    }

    /// The moves an operation made: (post, from path, to path), by post.
    ///
    /// # Errors
    /// [`Error::Database`].
    pub fn moves(&self, operation: i64) -> Result<Vec<(i64, String, String)>> {
        let mut stmt = self.tx.prepare(
            "SELECT post_id, from_path, to_path FROM operation_moves
             WHERE operation_id = ?1 ORDER BY post_id",
        )?;
        let rows = stmt.query_map([operation], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Removes a post, its names, revisions and search entry.
    ///
    /// # Errors
    /// [`Error::Database`].
    pub fn delete_post(&self, id: i64) -> Result<()> {
        self.flush_index()?;
        self.tx
            .execute("DELETE FROM post_text WHERE rowid = ?1", [id])?;
        self.tx.execute("DELETE FROM posts WHERE id = ?1", [id])?;
        self.note_search_change(id)?;
        Ok(())
    }

    /// Marks `operation` as undone by `by`.
    ///
    /// # Errors
    /// [`Error::Database`].
    pub fn mark_undone(&self, operation: i64, by: i64) -> Result<()> {
        self.tx.execute(
            "UPDATE operations SET undone_by = ?2 WHERE id = ?1",
            params![operation, by],
        )?;
        Ok(())
    }

    /// The newest operation of one of `kinds` not undone yet, if any.
    ///
    /// # Errors
    /// [`Error::Database`].
    pub fn last_undoable(&self) -> Result<Option<i64>> {
        Ok(self
            .tx
            .query_row(
                "SELECT id FROM operations WHERE undone_by IS NULL AND kind != 'import'
                   AND (id IN (SELECT operation_id FROM revisions)
                        OR id IN (SELECT operation_id FROM deleted_posts)
                        OR id IN (SELECT operation_id FROM operation_added)
                        OR id IN (SELECT operation_id FROM operation_moves))
                 ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?)
    }
}

impl Store {
    /// A post's revisions, newest first.
    ///
    /// # Errors
    /// [`Error::PostNotFound`]; [`Error::Database`].
    pub fn revisions(&self, post_id: i64) -> Result<Vec<Revision>> {
        self.post_raw(post_id)?;
        let mut stmt = self.conn.prepare(
            "SELECT r.id, r.created_at, o.kind, o.description, r.content_hash, length(r.raw)
             FROM revisions r JOIN operations o ON o.id = r.operation_id
             WHERE r.post_id = ?1 ORDER BY r.id DESC",
        )?;
        let rows = stmt.query_map([post_id], |r| {
            Ok(Revision {
                id: r.get(0)?,
                created_at: r.get(1)?,
                kind: r.get(2)?,
                description: r.get(3)?,
                content_hash: r.get(4)?,
                size: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The bytes of one revision of a post.
    ///
    /// # Errors
    /// [`Error::RevisionNotFound`] when the post has no such revision;
    /// [`Error::Database`].
    pub fn revision_raw(&self, post_id: i64, revision: i64) -> Result<Vec<u8>> {
        self.conn
            .query_row(
                "SELECT raw FROM revisions WHERE id = ?1 AND post_id = ?2",
                [revision, post_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(Error::RevisionNotFound { post_id, revision })
    }

    /// The newest operations, newest first (at most `limit`).
    ///
    /// # Errors
    /// [`Error::Database`].
    pub fn operations(&self, limit: u32) -> Result<Vec<Operation>> {
        let mut stmt = self.conn.prepare(
            "SELECT o.id, o.kind, o.description, o.created_at,
                (SELECT count(*) FROM revisions WHERE operation_id = o.id)
                  + (SELECT count(*) FROM operation_added WHERE operation_id = o.id)
                  + (SELECT count(*) FROM deleted_posts WHERE operation_id = o.id)
                  + (SELECT count(*) FROM operation_moves m WHERE m.operation_id = o.id
                       AND NOT EXISTS (SELECT 1 FROM revisions r
                                       WHERE r.operation_id = o.id AND r.post_id = m.post_id)),
                o.undone_by
             FROM operations o ORDER BY o.id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |r| {
            Ok(Operation {
                id: r.get(0)?,
                kind: r.get(1)?,
                description: r.get(2)?,
                created_at: r.get(3)?,
                posts: r.get(4)?,
                undone_by: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
