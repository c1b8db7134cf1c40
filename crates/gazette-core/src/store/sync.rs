//! Queries on what a sync keeps (migration 0014): each site's last synced
//! commit, the size+mtime of its files as last seen, merge bases, and the
//! conflicts waiting for a person.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{now, Store, Writer};
use crate::error::Result;

/// A post file of a site as the last sync saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenFile {
    /// Its size in bytes.
    pub size: u64,
    /// Its modification time, ns since 1970.
    pub mtime_ns: i64,
    /// BLAKE3 of its bytes then, hex.
    pub hash: String,
}

/// A post of a site as a sync compares it (never its bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitePost {
    /// The post.
    pub id: i64,
    /// Its absolute source path.
    pub source_path: String,
    /// BLAKE3 of its current bytes.
    pub content_hash: String,
    /// BLAKE3 of its source file's bytes as last imported or synced.
    pub source_hash: String,
    /// It came from a file (an import or a sync), not from `new`.
    pub imported: bool,
}

/// A post waiting for a person: changed in Gazette and upstream in
/// overlapping lines, or edited in Gazette and deleted upstream. JSON
/// shape (`gazette conflicts --json`): `{"id","path","kind","site"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Conflict {
    /// The post (it keeps Gazette's text).
    pub id: i64,
    /// Its file, relative to the site.
    pub path: String,
    /// `edit/edit` or `edit/delete`.
    pub kind: String,
    /// The site's name.
    pub site: String,
}

/// The upstream side of a conflict: its kind (`edit/edit`, `edit/delete`),
/// the site's id, and the file's bytes (`None` for edit/delete).
pub type Theirs = (String, i64, Option<Vec<u8>>);

impl Store {
    /// The site's commit as of its last completed sync, if any.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn synced_commit(&self, site_id: i64) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT synced_commit FROM sites WHERE id = ?1",
                [site_id],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }

    /// The site's post files as the last sync saw them, by relative path.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn seen_files(&self, site_id: i64) -> Result<HashMap<String, SeenFile>> {
        let mut stmt = self
            .conn
            .prepare("SELECT path, size, mtime_ns, hash FROM sync_files WHERE site_id = ?1")?;
        let rows = stmt.query_map([site_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                SeenFile {
                    size: r.get::<_, i64>(1)? as u64,
                    mtime_ns: r.get(2)?,
                    hash: r.get(3)?,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The posts whose source path is inside the folder `root` (absolute,
    /// canonical, no trailing separator), by source path.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn site_posts(&self, root: &str) -> Result<HashMap<String, SitePost>> {
        let (low, high) = under(root);
        let mut stmt = self.conn.prepare(
            "SELECT id, source_path, content_hash, COALESCE(source_hash, content_hash),
                    import_id IS NOT NULL
             FROM posts WHERE source_path >= ?1 AND source_path < ?2",
        )?;
        let rows = stmt.query_map(params![low, high], |r| {
            Ok(SitePost {
                id: r.get(0)?,
                source_path: r.get(1)?,
                content_hash: r.get(2)?,
                source_hash: r.get(3)?,
                imported: r.get(4)?,
            })
        })?;
        let mut posts = HashMap::new();
        for post in rows {
            let post = post?;
            posts.insert(post.source_path.clone(), post);
        }
        Ok(posts)
    }

    /// How many posts have their source path inside the folder `root` (as
    /// [`Store::site_posts`], without loading them).
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn count_site_posts(&self, root: &str) -> Result<u32> {
        let (low, high) = under(root);
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FROM posts WHERE source_path >= ?1 AND source_path < ?2",
            params![low, high],
            |r| r.get(0),
        )?)
    }

    /// The posts a sync changed (added, updated, merged, moved, or left in
    /// conflict) that the user has not opened since, by id.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn sync_marks(&self) -> Result<Vec<i64>> {
        let mut stmt = self
            .conn
            .prepare("SELECT post_id FROM sync_marks ORDER BY post_id")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Clears post `id`'s sync mark (it was opened). Returns whether it had
    /// one.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn clear_sync_mark(&self, id: i64) -> Result<bool> {
        Ok(self
            .conn
            .execute("DELETE FROM sync_marks WHERE post_id = ?1", [id])?
            > 0)
    }

    /// Every conflict waiting, oldest first.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        let mut stmt = self.conn.prepare(
            "SELECT c.post_id, c.path, c.kind, s.name FROM sync_conflicts c
             JOIN sites s ON s.id = c.site_id ORDER BY c.created_at, c.post_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Conflict {
                id: r.get(0)?,
                path: r.get(1)?,
                kind: r.get(2)?,
                site: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The upstream side of post `id`'s conflict; `None` when the post has
    /// no conflict.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn conflict_theirs(&self, id: i64) -> Result<Option<Theirs>> {
        Ok(self
            .conn
            .query_row(
                "SELECT kind, site_id, theirs FROM sync_conflicts WHERE post_id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?)
    }
}

/// The range of source paths inside the folder `root`: paths under
/// `root/` sort between `root/` and `root` + the character after the
/// separator, a range on the unique index.
fn under(root: &str) -> (String, String) {
    let sep = if root.contains('\\') && !root.contains('/') {
        '\\'
    } else {
        '/'
    };
    (
        format!("{root}{sep}"),
        format!("{root}{}", char::from(sep as u8 + 1)),
    )
}

impl Writer<'_> {
    /// Marks the posts operation `op` added, revised or moved, and `also`
    /// (posts left in conflict), as changed by a sync until opened.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn mark_synced(&self, op: i64, also: &[i64]) -> Result<()> {
        self.tx.execute(
            "INSERT OR IGNORE INTO sync_marks (post_id)
             SELECT post_id FROM operation_added WHERE operation_id = ?1
             UNION SELECT post_id FROM revisions WHERE operation_id = ?1
             UNION SELECT post_id FROM operation_moves WHERE operation_id = ?1",
            [op],
        )?;
        let mut insert = self
            .tx
            .prepare_cached("INSERT OR IGNORE INTO sync_marks (post_id) VALUES (?1)")?;
        for id in also {
            insert.execute([id])?;
        }
        // Posts the operation removed are gone: no mark left dangling.
        self.tx.execute(
            "DELETE FROM sync_marks WHERE post_id NOT IN (SELECT id FROM posts)",
            [],
        )?;
        Ok(())
    }

    /// Records the site's sync as complete at `commit` (`None`: no git).
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn set_synced(&self, site_id: i64, commit: Option<&str>) -> Result<()> {
        self.tx.execute(
            "UPDATE sites SET synced_commit = ?2, synced_at = ?3 WHERE id = ?1",
            params![site_id, commit, now()],
        )?;
        Ok(())
    }

    /// Replaces what the last sync saw of the site's files with `files`
    /// (relative path, what was seen).
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn set_seen_files(&self, site_id: i64, files: &[(String, SeenFile)]) -> Result<()> {
        self.tx
            .execute("DELETE FROM sync_files WHERE site_id = ?1", [site_id])?;
        let mut insert = self.tx.prepare_cached(
            "INSERT INTO sync_files (site_id, path, size, mtime_ns, hash) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (path, seen) in files {
            insert.execute(params![
                site_id,
                path,
                seen.size as i64,
                seen.mtime_ns,
                seen.hash
            ])?;
        }
        Ok(())
    }

    /// The bytes hashing to `hash` that post `id` had as its source file:
    /// its kept merge base, its current bytes, or the newest revision with
    /// them; `None` when none of those is left.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn base_bytes(&self, id: i64, hash: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .tx
            .query_row(
                "SELECT raw FROM post_bases WHERE post_id = ?1 AND hash = ?2
                 UNION ALL SELECT raw FROM posts WHERE id = ?1 AND content_hash = ?2
                 UNION ALL SELECT raw FROM (SELECT raw FROM revisions
                     WHERE post_id = ?1 AND content_hash = ?2 ORDER BY id DESC LIMIT 1)
                 LIMIT 1",
                params![id, hash],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// BLAKE3 of post `id`'s source file as last imported or synced.
    ///
    /// # Errors
    /// [`crate::Error::PostNotFound`]; [`crate::Error::Database`].
    pub fn source_hash(&self, id: i64) -> Result<String> {
        self.tx
            .query_row(
                "SELECT COALESCE(source_hash, content_hash) FROM posts WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(crate::Error::PostNotFound(id))
    }

    /// Makes `raw` post `id`'s source bytes (its merge base from now on):
    /// sets its source hash and keeps the bytes when they are not the
    /// post's own.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn set_base(&self, id: i64, raw: &[u8]) -> Result<()> {
        let hash = blake3::hash(raw).to_hex().to_string();
        self.tx.execute(
            "UPDATE posts SET source_hash = ?2 WHERE id = ?1",
            params![id, hash],
        )?;
        let own: bool = self.tx.query_row(
            "SELECT content_hash = ?2 FROM posts WHERE id = ?1",
            params![id, hash],
            |r| r.get(0),
        )?;
        if own {
            self.tx
                .execute("DELETE FROM post_bases WHERE post_id = ?1", [id])?;
        } else {
            self.tx.execute(
                "INSERT INTO post_bases (post_id, hash, raw) VALUES (?1, ?2, ?3)
                 ON CONFLICT (post_id) DO UPDATE SET hash = excluded.hash, raw = excluded.raw",
                params![id, hash, raw],
            )?;
        }
        Ok(())
    }

    /// Records (or replaces) post `id`'s conflict with the site's file
    /// `path`: `kind` `edit/edit` with the file's bytes, or `edit/delete`
    /// with `None`.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn put_conflict(
        &self,
        id: i64,
        site_id: i64,
        path: &str,
        kind: &str,
        theirs: Option<&[u8]>,
    ) -> Result<()> {
        let hash = theirs.map(|t| blake3::hash(t).to_hex().to_string());
        self.tx.execute(
            "INSERT INTO sync_conflicts (post_id, site_id, path, kind, theirs, theirs_hash, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (post_id) DO UPDATE SET site_id = excluded.site_id, path = excluded.path,
                kind = excluded.kind, theirs = excluded.theirs, theirs_hash = excluded.theirs_hash",
            params![id, site_id, path, kind, theirs, hash, now()],
        )?;
        Ok(())
    }

    /// Drops post `id`'s conflict, if it has one.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn clear_conflict(&self, id: i64) -> Result<()> {
        self.tx
            .execute("DELETE FROM sync_conflicts WHERE post_id = ?1", [id])?;
        Ok(())
    }

    /// Sets the manifest entry of the site's file `path`, when it has one,
    /// to `hash` (the bytes a sync took in), so a publish treats the file
    /// as known, not as changed on disk.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn adopt_site_file(&self, site_id: i64, path: &str, hash: &str) -> Result<()> {
        self.tx.execute(
            "UPDATE site_files SET content_hash = ?3 WHERE site_id = ?1 AND path = ?2",
            params![site_id, path, hash],
        )?;
        Ok(())
    }

    /// Drops the site's file `path` from its manifest.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn forget_site_file(&self, site_id: i64, path: &str) -> Result<()> {
        self.tx.execute(
            "DELETE FROM site_files WHERE site_id = ?1 AND path = ?2",
            params![site_id, path],
        )?;
        Ok(())
    }

    /// Moves the site's manifest entry `from` to `to` (a file renamed
    /// upstream), if there is one.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn move_site_file(&self, site_id: i64, from: &str, to: &str) -> Result<()> {
        self.tx.execute(
            "UPDATE OR REPLACE site_files SET path = ?3 WHERE site_id = ?1 AND path = ?2",
            params![site_id, from, to],
        )?;
        Ok(())
    }
}
