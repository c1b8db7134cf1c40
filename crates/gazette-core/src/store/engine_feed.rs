//! What the derived search index (`crate::search::engine`) reads from the
//! store: the outbox of changed posts (migration 17) and the posts' index
//! documents. SQLite stays the source of truth; the index is rebuilt from
//! these at any time.

use rusqlite::{params, OptionalExtension};

use super::search::SEARCH_VERSION;
use super::{Store, Writer};
use crate::error::Result;
use crate::post::{Context, PostFile};

/// Separates names in the `group_concat` of categories and tags (a control
/// character no front matter name holds after parsing).
const NAME_SEPARATOR: char = '\u{1f}';

/// The `settings` key of the outbox's floor ([`Store::outbox_floor`]).
const FLOOR_KEY: &str = "search_outbox_floor";

/// One post as the derived search index holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct EngineDoc {
    /// The post's id.
    pub id: i64,
    /// Title, body text and front matter values, each in
    /// [`crate::text::index_form`] (the same text the FTS5 index holds).
    pub columns: [String; 3],
    /// The post's instant in milliseconds since the Unix epoch (UTC), or
    /// `None` for a post without a date.
    pub date_ms: Option<i64>,
    /// The post's year in its own offset.
    pub year: Option<i64>,
    /// Its categories, as stored.
    pub categories: Vec<String>,
    /// Its tags, as stored.
    pub tags: Vec<String>,
    /// Its Jekyll collection.
    pub collection: Option<String>,
    /// Its layout (`posts.layout`).
    pub layout: Option<String>,
    /// A draft: in `_drafts/` or `published: false` (`posts.draft = 1 OR
    /// posts.published = 0`, the rule of the `draft:` filter).
    pub draft: bool,
    /// Its date as written in its own offset (`posts.date_local`,
    /// `YYYY-MM-DDTHH:MM:SS`), or `None`: the `after:`/`before:` filters
    /// compare its first 10 characters, the timeline groups by its first 7.
    pub date_local: Option<String>,
}

const DOC_SELECT: &str = "SELECT p.id, p.source_path, p.raw, p.context_json, p.date_utc_ms, p.year,
        (SELECT group_concat(name, char(31)) FROM (SELECT name FROM post_categories WHERE post_id = p.id ORDER BY position)),
        (SELECT group_concat(name, char(31)) FROM (SELECT name FROM post_tags WHERE post_id = p.id ORDER BY position)),
        p.collection, p.layout, (p.draft = 1 OR p.published = 0), p.date_local
     FROM posts p";

fn names(joined: Option<String>) -> Vec<String> {
    joined
        .map(|s| s.split(NAME_SEPARATOR).map(str::to_string).collect())
        .unwrap_or_default()
}

/// Reads one row of [`DOC_SELECT`]. A post that no longer parses has no
/// FTS5 entry: its document has empty text (no word finds it, as in FTS5),
/// and its fields, so that filters and facets still count it as SQL does.
fn doc_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Option<EngineDoc>> {
    let id: i64 = r.get(0)?;
    let path: String = r.get(1)?;
    let raw: Vec<u8> = r.get(2)?;
    let context: String = r.get(3)?;
    let columns = PostFile::parse_with(&path, raw, Context::from_json(&context))
        .map(|post| post.search_columns().clone())
        .unwrap_or_default();
    Ok(Some(EngineDoc {
        id,
        columns,
        date_ms: r.get(4)?,
        year: r.get(5)?,
        categories: names(r.get(6)?),
        tags: names(r.get(7)?),
        collection: r.get(8)?,
        layout: r.get(9)?,
        draft: r.get(10)?,
        date_local: r.get(11)?,
    }))
}

impl Writer<'_> {
    /// Records in the outbox that post `id`'s search entry changed (written,
    /// rewritten or removed), in this transaction: the derived index then
    /// sees exactly the changes that were committed.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub(super) fn note_search_change(&self, id: i64) -> Result<()> {
        self.tx
            .prepare_cached("INSERT INTO search_outbox (post_id) VALUES (?1)")?
            .execute([id])?;
        Ok(())
    }
}

impl Store {
    /// The newest outbox sequence number ever handed out (0 for none): what
    /// an index built from the posts read after this call has seen at least.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn outbox_head(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row(
                "SELECT seq FROM sqlite_sequence WHERE name = 'search_outbox'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(0))
    }

    /// Outbox rows after sequence `seq`, oldest first, at most `limit`:
    /// `(seq, post id)`.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn outbox_after(&self, seq: i64, limit: u32) -> Result<Vec<(i64, i64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, post_id FROM search_outbox WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![seq, limit], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether the outbox holds a row after sequence `seq` (an index that
    /// applied up to `seq` is not current).
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn outbox_has_after(&self, seq: i64) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM search_outbox WHERE seq > ?1)",
            [seq],
            |r| r.get(0),
        )?)
    }

    /// Whether an index that applied up to `seq` is current: no outbox row
    /// after it, and no trim past it (one statement, one snapshot).
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn outbox_current(&self, seq: i64) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM search_outbox WHERE seq > ?1)
                AND NOT EXISTS (SELECT 1 FROM settings WHERE key = ?2 AND CAST(value AS INTEGER) > ?1)",
            params![seq, FLOOR_KEY],
            |r| r.get(0),
        )?)
    }

    /// How many outbox rows come after sequence `seq`, counted up to
    /// `limit` (the count stops there).
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn outbox_backlog(&self, seq: i64, limit: u32) -> Result<u32> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM (SELECT 1 FROM search_outbox WHERE seq > ?1 LIMIT ?2)",
            params![seq, limit],
            |r| r.get(0),
        )?)
    }

    /// Deletes the outbox rows up to sequence `seq` (the index has committed
    /// them) and returns how many it deleted. One statement, so it needs no
    /// [`Writer`].
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn prune_outbox(&self, seq: i64) -> Result<u64> {
        let deleted = self
            .conn
            .prepare_cached("DELETE FROM search_outbox WHERE seq <= ?1")?
            .execute([seq])?;
        Ok(deleted as u64)
    }

    /// The outbox's floor: rows up to this sequence number may have been
    /// deleted without an index applying them ([`Store::trim_outbox`]), so
    /// an index that applied less than this is stale (0 when none was
    /// trimmed). Kept in `settings` under `search_outbox_floor`.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn outbox_floor(&self) -> Result<i64> {
        Ok(self
            .setting(FLOOR_KEY)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0))
    }

    /// Like [`Store::outbox_after`], but `None` when rows after `seq` were
    /// trimmed (the floor is above `seq`): one statement, so the rows and the
    /// floor are read from the same snapshot, and a trim by another process
    /// between two batches is seen at the next batch.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn outbox_since(&self, seq: i64, limit: u32) -> Result<Option<Vec<(i64, i64)>>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, post_id FROM (SELECT seq, post_id FROM search_outbox WHERE seq > ?1 ORDER BY seq LIMIT ?2)
             UNION ALL
             SELECT -1, 0 FROM settings WHERE key = ?3 AND CAST(value AS INTEGER) > ?1
             ORDER BY 1",
        )?;
        let rows = stmt.query_map(params![seq, limit, FLOOR_KEY], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })?;
        let rows: Vec<(i64, i64)> = rows.collect::<rusqlite::Result<_>>()?;
        if rows.iter().any(|&(s, _)| s < 0) {
            return Ok(None);
        }
        Ok(Some(rows))
    }

    /// Deletes the outbox rows up to sequence `seq` whether or not an index
    /// applied them, and raises the floor ([`Store::outbox_floor`]) to
    /// `seq`, in one transaction: an index that applied less is from then
    /// on stale and rebuilt. Returns the rows deleted. The caller makes sure
    /// no build in progress still needs them (see
    /// `search::engine::Engine::trim_outbox`).
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn trim_outbox(&mut self, seq: i64) -> Result<u64> {
        let w = self.writer()?;
        let deleted =
            w.tx.execute("DELETE FROM search_outbox WHERE seq <= ?1", [seq])?;
        w.tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
            params![FLOOR_KEY, seq.to_string()],
        )?;
        w.commit()?;
        Ok(deleted as u64)
    }

    /// How many rows the outbox holds.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn outbox_len(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM search_outbox", [], |r| {
                r.get::<_, i64>(0)
            })?
            .max(0) as u64)
    }

    /// Sets this connection's SQLite page cache to `kib` KiB (the derived
    /// index's build reads every post once through its own connection,
    /// which needs no cache).
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn set_page_cache_kib(&self, kib: i64) -> Result<()> {
        self.conn.pragma_update(None, "cache_size", -kib.abs())?;
        Ok(())
    }

    /// How many posts have a current search entry (the documents a full
    /// build of the derived index writes, for its progress).
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn indexed_posts(&self) -> Result<u32> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM posts WHERE search_version = ?1",
            [SEARCH_VERSION],
            |r| r.get(0),
        )?)
    }

    /// The next posts with a current search entry after id `after`, in id
    /// order, at most `limit`, as index documents (a post that no longer
    /// parses has empty text; the second value is the last id read, for the
    /// next call, or `None` at the end).
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn engine_docs(&self, after: i64, limit: u32) -> Result<(Vec<EngineDoc>, Option<i64>)> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{DOC_SELECT} WHERE p.search_version = ?1 AND p.id > ?2 ORDER BY p.id LIMIT ?3"
        ))?;
        let mut last = None;
        let mut docs = Vec::new();
        let mut rows = stmt.query(params![SEARCH_VERSION, after, limit])?;
        while let Some(r) = rows.next()? {
            last = Some(r.get(0)?);
            if let Some(doc) = doc_from_row(r)? {
                docs.push(doc);
            }
        }
        Ok((docs, last))
    }

    /// Post `id` as an index document, or `None` if it is gone or has no
    /// current search entry.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn engine_doc(&self, id: i64) -> Result<Option<EngineDoc>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{DOC_SELECT} WHERE p.search_version = ?1 AND p.id = ?2"
        ))?;
        Ok(stmt
            .query_row(params![SEARCH_VERSION, id], doc_from_row)
            .optional()?
            .flatten())
    }
}
