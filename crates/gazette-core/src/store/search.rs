//! Queries on the full-text index `post_text` and the filters of a search.

use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter};

use super::{Store, Writer};
use crate::error::Result;
use crate::post::PostFile;
use crate::search::{Compiled, Cond, Facets, Sort};

/// The version of the index form written by this build. Posts with an older
/// `search_version` are re-indexed when the archive opens; -1 means the post
/// has no index entry at all (migration 11 emptied the index).
pub(super) const SEARCH_VERSION: i64 = 2;

/// Posts re-indexed per transaction when the archive opens.
const REINDEX_BATCH: usize = 500;

/// A post's search index entry, waiting for [`Writer::flush_index`].
pub(super) struct PendingEntry {
    id: i64,
    columns: [String; 3],
    is_new: bool,
}

impl Writer<'_> {
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
        }
        Ok(())
    }
}

impl Store {
    /// Indexes posts whose index entry is missing or stale, in
    /// transactions of [`REINDEX_BATCH`] posts (so memory stays bounded
    /// and a kill keeps what was done). Returns how many.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub(super) fn reindex_stale(&mut self) -> Result<u64> {
        let mut after = i64::MIN;
        let mut n = 0;
        loop {
            let stale: Vec<(i64, i64, String, Vec<u8>, String)> = {
                let mut stmt = self.conn.prepare_cached(
                    "SELECT id, search_version, source_path, raw, context_json FROM posts
                     WHERE search_version < ?1 AND id > ?2 ORDER BY id LIMIT ?3",
                )?;
                let rows = stmt
                    .query_map(params![SEARCH_VERSION, after, REINDEX_BATCH as i64], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                    })?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            let Some(&(last, ..)) = stale.last() else {
                return Ok(n);
            };
            after = last;
            let writer = self.writer()?;
            let mut indexed = Vec::new();
            for (id, version, path, raw, context) in stale {
                // A stored post was parsed once already; if it no longer
                // parses (a stricter parser), it stays unindexed rather than
                // failing.
                let context = crate::post::Context::from_json(&context);
                if let Ok(post) = PostFile::parse_with(&path, raw, context) {
                    writer.index_post(id, &post, version < 0);
                    indexed.push(id);
                }
            }
            writer.flush_index()?;
            {
                let mut done = writer
                    .tx
                    .prepare_cached("UPDATE posts SET search_version = ?2 WHERE id = ?1")?;
                for &id in &indexed {
                    done.execute(params![id, SEARCH_VERSION])?;
                }
            }
            n += indexed.len() as u64;
            writer.commit()?;
        }
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

    /// Counts of categories, tags (top 50 each) and years among the posts a
    /// search matches.
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
        })
    }
}

/// `FROM … WHERE …` for a compiled search, with its parameters.
fn from_where(q: &Compiled) -> (String, Vec<SqlValue>) {
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
    use crate::search::CondKind as K;
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
            "posts.layout = ? COLLATE NOCASE".to_string()
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
