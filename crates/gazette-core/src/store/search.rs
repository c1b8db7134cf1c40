//! Queries on the full-text index `post_text` and the filters of a search.

use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter};

use super::query::{Compiled, Cond, Facets, Sort};
use super::{Store, Writer};
use crate::error::Result;
use crate::post::PostFile;

/// The version of the index form written by this build. Posts with an older
/// `search_version` are indexed again by [`Store::index_pending`].
pub(super) const SEARCH_VERSION: i64 = 2;

/// The `search_version` of a post with no index entry at all: stored by an
/// import that left indexing for later (see [`Writer::defer_new_entries`]),
/// or emptied by migration 11.
pub(super) const UNINDEXED: i64 = -1;

/// `WHERE` of the posts [`Store::index_pending`] indexes: `search_version`
/// below [`SEARCH_VERSION`] (a test checks they agree). A literal, not a
/// parameter, so that SQLite uses the partial index `posts_search_stale`.
const PENDING: &str = "search_version < 2";

/// Posts indexed per transaction by [`Store::index_pending`]. Each batch
/// holds the write lock while its entries are written (about 0.2 s for
/// 1000 corpus posts), so an edit in the app waits at most that long.
/// Larger batches make fewer index segments to merge: 4000 indexed 100k
/// posts in 0.88 of the time, but would make an edit wait up to a second.
const INDEX_BATCH: usize = 1000;

/// A batch of [`Store::index_pending`] also ends once its posts' files add
/// up to this many bytes (16 MiB), so a batch of very large posts does not
/// hold the write lock for minutes: FTS5's cost for one transaction grows
/// faster than its size (40 posts of 49 MB took 4 times as long as 20 in
/// one transaction). A post larger than this is a batch of its own.
const INDEX_BATCH_BYTES: usize = 16 << 20;

/// How far [`Store::index_pending`] has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct IndexProgress {
    /// Posts indexed so far by this run.
    pub done: u32,
    /// `done` plus the posts still waiting (posts stored while the run
    /// goes on are counted as they come, so `total` may grow).
    pub total: u32,
}

/// A post's search index entry, waiting for [`Writer::flush_index`].
pub(super) struct PendingEntry {
    id: i64,
    columns: [String; 3],
    is_new: bool,
}

/// A post waiting for its index entry, read and prepared by
/// [`Store::index_pending`]'s reading thread.
struct Pending {
    id: i64,
    version: i64,
    content_hash: String,
    /// The index columns, or `None` if the post no longer parses.
    columns: Option<[String; 3]>,
}

/// The next pending posts after id `after` (at most [`INDEX_BATCH`], and
/// [`INDEX_BATCH_BYTES`] of files), with their index text built.
fn read_pending(conn: &rusqlite::Connection, after: i64) -> Result<Vec<Pending>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, search_version, content_hash, source_path, raw, context_json FROM posts
         WHERE {PENDING} AND id > ?1 ORDER BY id LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![after, INDEX_BATCH as i64], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Vec<u8>>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    let mut bytes = 0;
    for row in rows {
        if bytes >= INDEX_BATCH_BYTES {
            break;
        }
        let (id, version, content_hash, path, raw, context) = row?;
        bytes += raw.len();
        let context = crate::post::Context::from_json(&context);
        let columns = PostFile::parse_with(&path, raw, context)
            .ok()
            .map(|post| post.search_columns().clone());
        out.push(Pending {
            id,
            version,
            content_hash,
            columns,
        });
    }
    Ok(out)
}

impl Writer<'_> {
    /// Stores the new posts of this transaction without a search index
    /// entry (`search_version` -1), leaving them to [`Store::index_pending`].
    /// An import of many files does this so that its posts are stored (and
    /// can be browsed) at the speed of the database alone: indexing one
    /// token per CJK character is more than half the work. Until indexed,
    /// such posts are missing from word searches (filters still find them),
    /// and [`Store::unindexed`] counts them. Edits and updates of existing
    /// posts are always indexed at once.
    pub fn defer_new_entries(&self) {
        self.defer_new_entries.set(true);
    }

    /// Queues a post's full-text index entry, to be written (or rewritten)
    /// by [`Writer::flush_index`], at the latest on commit. `is_new`: the
    /// post has no entry yet (skips the delete, which costs a tombstone).
    ///
    /// Why queued: FTS5 writes its in-memory terms out as a new index
    /// segment whenever a statement opens a statement savepoint (an insert
    /// with a foreign key or `OR REPLACE` does). Interleaved with the other
    /// writes of an import, that made one segment per post, and the merging
    /// of those segments was a quarter of the import's time. Written
    /// together, the entries of a transaction make few, large segments.
    pub(super) fn index_post(&self, id: i64, post: &PostFile, is_new: bool) {
        self.pending_index.borrow_mut().push(PendingEntry {
            id,
            columns: post.search_columns().clone(),
            is_new,
        });
    }

    /// Writes the queued index entries.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub(super) fn flush_index(&self) -> Result<()> {
        let pending = std::mem::take(&mut *self.pending_index.borrow_mut());
        if pending.is_empty() {
            return Ok(());
        }
        let mut delete = self
            .tx
            .prepare_cached("DELETE FROM post_text WHERE rowid = ?1")?;
        let mut insert = self.tx.prepare_cached(
            "INSERT INTO post_text (rowid, title, body, front_matter) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for PendingEntry {
            id,
            columns: [title, body, fm],
            is_new,
        } in pending
        {
            if !is_new {
                delete.execute([id])?;
            }
            insert.execute(params![id, title, body, fm])?;
            self.note_search_change(id)?;
        }
        Ok(())
    }
}

impl Store {
    /// How many posts have no current search index entry (stored with
    /// [`Writer::defer_new_entries`], or indexed by an older build).
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn unindexed(&self) -> Result<u32> {
        Ok(self.conn.query_row(
            &format!("SELECT count(*) FROM posts WHERE {PENDING}"),
            [],
            |r| r.get(0),
        )?)
    }

    /// Indexes every post whose index entry is missing or stale, in
    /// transactions of at most 1000 posts and 16 MiB of files, so memory
    /// stays bounded, a kill keeps what was done, and other writers (an edit
    /// in the app) wait at most one batch. Calls `progress` after each batch and checks
    /// `cancel` between batches; a cancelled run leaves the rest pending for
    /// the next one. Returns how many posts it indexed.
    ///
    /// Two threads: one reads pending posts through its own connection and
    /// builds their index text (the larger half of the work), one batch
    /// ahead of this one, which writes the entries. A post edited between
    /// the two (its `content_hash` or `search_version` changed) is left
    /// alone here: the edit indexed it.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn index_pending(
        &mut self,
        progress: &mut dyn FnMut(IndexProgress),
        cancel: &std::sync::atomic::AtomicBool,
    ) -> Result<u32> {
        use std::sync::atomic::Ordering;
        if self.unindexed()? == 0 {
            return Ok(0);
        }
        let reader = rusqlite::Connection::open_with_flags(
            &self.path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        reader.busy_timeout(std::time::Duration::from_secs(10))?;
        let (sender, batches) = std::sync::mpsc::sync_channel::<Result<Vec<Pending>>>(1);
        std::thread::scope(|scope| -> Result<u32> {
            scope.spawn(move || {
                let mut after = i64::MIN;
                loop {
                    let batch = read_pending(&reader, after);
                    let last = match &batch {
                        Ok(b) => b.last().map(|p| p.id),
                        Err(_) => None,
                    };
                    let failed = batch.is_err();
                    if sender.send(batch).is_err() || failed {
                        return;
                    }
                    match last {
                        Some(id) => after = id,
                        None => return,
                    }
                }
            });
            let mut done = 0u32;
            for batch in batches {
                let batch = batch?;
                if batch.is_empty() || cancel.load(Ordering::Relaxed) {
                    break;
                }
                let writer = self.writer()?;
                {
                    let mut current = writer.tx.prepare_cached(&format!(
                        "UPDATE posts SET search_version = ?3
                         WHERE id = ?1 AND content_hash = ?2 AND {PENDING}"
                    ))?;
                    for p in batch {
                        if current.execute(params![p.id, p.content_hash, SEARCH_VERSION])? == 0 {
                            continue;
                        }
                        done += 1;
                        // A post that no longer parses (a stricter parser)
                        // stays unindexed, marked current all the same so it
                        // is not read again at every run.
                        if let Some(columns) = p.columns {
                            writer.pending_index.borrow_mut().push(PendingEntry {
                                id: p.id,
                                columns,
                                is_new: p.version == UNINDEXED,
                            });
                        }
                    }
                }
                writer.commit()?;
                let left = self.unindexed()?;
                progress(IndexProgress {
                    done,
                    total: done + left,
                });
            }
            Ok(done)
        })
    }

    /// Runs a compiled search: how many posts match, and one page of
    /// `(id, score)` (score: higher is more relevant; 0 when sorting by
    /// date or when the query has no words).
    ///
    /// # Errors
    /// [`crate::Error::Database`] (an FTS5 expression error cannot happen:
    /// [`crate::search::compile`] builds only valid ones).
    pub fn search_ids(
        &self,
        q: &Compiled,
        sort: Sort,
        limit: u32,
        offset: u32,
    ) -> Result<(u32, Vec<(i64, f64)>)> {
        let limit = limit.min(1000);
        // Words only, no filters: stay inside the index. Joining `posts`
        // (whose rows hold the files' bytes) costs far more than the match.
        if let (Some(m), true, Sort::Relevance) = (&q.fts_match, q.filters.is_empty(), sort) {
            let total: u32 = self.conn.query_row(
                "SELECT count(*) FROM post_text WHERE post_text MATCH ?1",
                [m],
                |r| r.get(0),
            )?;
            let mut stmt = self.conn.prepare_cached(
                "SELECT rowid, -bm25(post_text, 10.0, 1.0, 2.0) AS score FROM post_text
                 WHERE post_text MATCH ?1 ORDER BY score DESC, rowid DESC LIMIT ?2 OFFSET ?3",
            )?;
            let rows = stmt.query_map(params![m, limit, offset], |r| Ok((r.get(0)?, r.get(1)?)))?;
            return Ok((total, rows.collect::<rusqlite::Result<_>>()?));
        }
        let (from, args) = from_where(q);
        let total: u32 = self.conn.query_row(
            &format!("SELECT count(*) {from}"),
            params_from_iter(&args),
            |r| r.get(0),
        )?;
        let sql = if q.fts_match.is_some() && sort == Sort::Relevance {
            format!(
                "SELECT posts.id, -bm25(post_text, 10.0, 1.0, 2.0) AS score {from}
                 ORDER BY score DESC, posts.id DESC LIMIT {limit} OFFSET {offset}"
            )
        } else {
            format!(
                "SELECT posts.id, 0.0 AS score {from}
                 ORDER BY posts.date_utc_ms DESC, posts.id DESC LIMIT {limit} OFFSET {offset}"
            )
        };
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(&args), |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok((total, rows.collect::<rusqlite::Result<_>>()?))
    }

    /// The ids of every post a compiled search matches, in id order (for
    /// bulk edits and exports of a whole result set).
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn matching_ids(&self, q: &Compiled) -> Result<Vec<i64>> {
        let (from, args) = from_where(q);
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT posts.id {from} ORDER BY posts.id"))?;
        let rows = stmt.query_map(params_from_iter(&args), |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Counts of categories, tags (top 50 each), years and Jekyll
    /// collections among the posts a search matches.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn search_facets(&self, q: &Compiled) -> Result<Facets> {
        let (from, args) = from_where(q);
        let ids = format!("SELECT posts.id {from}");
        let count = |sql: String| -> Result<Vec<(String, u32)>> {
            let mut stmt = self.conn.prepare(&sql)?;
            let rows = stmt.query_map(params_from_iter(&args), |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        Ok(Facets {
            categories: count(format!(
                "SELECT name, count(DISTINCT post_id) AS n FROM post_categories WHERE post_id IN ({ids})
                 GROUP BY name ORDER BY n DESC, name LIMIT 50"
            ))?,
            tags: count(format!(
                "SELECT name, count(DISTINCT post_id) AS n FROM post_tags WHERE post_id IN ({ids})
                 GROUP BY name ORDER BY n DESC, name LIMIT 50"
            ))?,
            years: count(format!(
                "SELECT CAST(year AS TEXT), count(*) FROM posts WHERE year IS NOT NULL AND id IN ({ids})
                 GROUP BY year ORDER BY year DESC"
            ))?,
            collections: count(format!(
                "SELECT collection, count(*) AS n FROM posts WHERE collection IS NOT NULL AND id IN ({ids})
                 GROUP BY collection ORDER BY n DESC, collection"
            ))?,
        })
    }
}

/// `FROM … WHERE …` for a compiled search, with its parameters.
pub(super) fn from_where(q: &Compiled) -> (String, Vec<SqlValue>) {
    let mut args = Vec::new();
    let mut wheres = Vec::new();
    let from = match (&q.fts_match, &q.fts_exclude) {
        (Some(m), _) => {
            wheres.push("post_text MATCH ?".to_string());
            args.push(SqlValue::Text(m.clone()));
            "FROM post_text JOIN posts ON posts.id = post_text.rowid"
        }
        (None, Some(x)) => {
            wheres.push(
                "posts.id NOT IN (SELECT rowid FROM post_text WHERE post_text MATCH ?)".to_string(),
            );
            args.push(SqlValue::Text(x.clone()));
            "FROM posts"
        }
        (None, None) => "FROM posts",
    };
    for group in &q.filters {
        let parts: Vec<String> = group.iter().map(|c| cond_sql(c, &mut args)).collect();
        wheres.push(format!("({})", parts.join(" OR ")));
    }
    let sql = if wheres.is_empty() {
        from.to_string()
    } else {
        format!("{from} WHERE {}", wheres.join(" AND "))
    };
    (sql, args)
}

fn cond_sql(c: &Cond, args: &mut Vec<SqlValue>) -> String {
    use super::query::CondKind as K;
    let text = |s: &str| SqlValue::Text(s.to_string());
    let sql = match &c.kind {
        K::Tag(t) => {
            args.push(text(t));
            "posts.id IN (SELECT post_id FROM post_tags WHERE name = ? COLLATE NOCASE)".to_string()
        }
        K::Category(t) => {
            args.push(text(t));
            "posts.id IN (SELECT post_id FROM post_categories WHERE name = ? COLLATE NOCASE)"
                .to_string()
        }
        K::Layout(t) => {
            args.push(text(t));
            // `IS`, as for collections: `-layout:x` keeps posts with no
            // layout (NULL).
            "posts.layout IS ? COLLATE NOCASE".to_string()
        }
        K::Collection(t) => {
            args.push(text(t));
            // `IS`, not `=`: a post in no collection (NULL) is in none, so
            // `-collection:x` keeps it.
            "posts.collection IS ? COLLATE NOCASE".to_string()
        }
        K::After(d) => {
            args.push(text(&d.to_string()));
            "substr(posts.date_local, 1, 10) >= ?".to_string()
        }
        K::Before(d) => {
            args.push(text(&d.to_string()));
            "substr(posts.date_local, 1, 10) < ?".to_string()
        }
        K::Year(y) => {
            args.push(SqlValue::Integer((*y).into()));
            "posts.year = ?".to_string()
        }
        K::Draft(true) => "(posts.draft = 1 OR posts.published = 0)".to_string(),
        K::Draft(false) => "(posts.draft = 0 AND posts.published = 1)".to_string(),
        K::Key(key, value) => {
            args.push(text(key));
            args.push(text(value));
            args.push(text(value));
            "EXISTS (SELECT 1 FROM json_each(posts.front_matter_json) j WHERE j.key = ?
                AND (lower(CASE j.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(j.value AS TEXT) END) = lower(?)
                  OR (j.type = 'array' AND EXISTS (SELECT 1 FROM json_each(j.value) k WHERE lower(CAST(k.value AS TEXT)) = lower(?)))))"
                .to_string()
        }
    };
    if c.negated {
        format!("NOT {sql}")
    } else {
        sql
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_means_older_than_this_builds_index_form() {
        assert_eq!(PENDING, format!("search_version < {SEARCH_VERSION}"));
    }
}
