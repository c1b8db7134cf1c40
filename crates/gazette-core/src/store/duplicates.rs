//! Possible duplicates (posts with the same title and day, or the same
//! source URL in their front matter) and deleting posts undoably.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{now, Store, Writer};
use crate::error::Result;

/// Front matter keys that hold the URL a post was scraped from.
pub const SOURCE_URL_KEYS: &[&str] = &[
    "from",
    "source",
    "source_url",
    "original_url",
    "canonical_url",
];

/// A group of posts that may be one post imported twice. JSON (`gazette
/// duplicates --json`): `{"key","reason","value","ids":[…]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DuplicateGroup {
    /// Names the group (reason, value and members) for dismissing it.
    pub key: String,
    /// `title_date` (same title and day) or `source_url` (the same value of
    /// one of [`SOURCE_URL_KEYS`]).
    pub reason: String,
    /// The shared title and day, or the shared URL.
    pub value: String,
    /// The posts, oldest id first.
    pub ids: Vec<i64>,
}

impl Store {
    /// Every group of possible duplicates not dismissed, by reason then
    /// value.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn duplicate_groups(&self) -> Result<Vec<DuplicateGroup>> {
        let mut groups = Vec::new();
        let mut by_title = self.conn.prepare(
            "SELECT title || ' · ' || substr(date_local, 1, 10), group_concat(id)
             FROM (SELECT id, title, date_local FROM posts
                   WHERE date_local IS NOT NULL AND title != '' ORDER BY id)
             GROUP BY title, substr(date_local, 1, 10) HAVING count(*) > 1",
        )?;
        let rows =
            by_title.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (value, ids) = row?;
            groups.push(group("title_date", value, &ids));
        }
        for key in SOURCE_URL_KEYS {
            let mut by_url = self.conn.prepare_cached(
                "SELECT url, group_concat(id) FROM
                   (SELECT id, trim(json_extract(front_matter_json, '$.\"' || ?1 || '\"')) AS url
                    FROM posts ORDER BY id)
                 WHERE typeof(url) = 'text' AND url != '' GROUP BY url HAVING count(*) > 1",
            )?;
            let rows = by_url.query_map([key], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?;
            for row in rows {
                let (value, ids) = row?;
                groups.push(group("source_url", value, &ids));
            }
        }
        let mut dismissed = self
            .conn
            .prepare_cached("SELECT 1 FROM duplicate_dismissals WHERE group_key = ?1")?;
        let mut kept = Vec::new();
        for g in groups {
            if dismissed
                .query_row([&g.key], |_| Ok(()))
                .optional()?
                .is_none()
                && !kept
                    .iter()
                    .any(|k: &DuplicateGroup| k.ids == g.ids && k.reason == g.reason)
            {
                kept.push(g);
            }
        }
        Ok(kept)
    }

    /// Keeps a group of possible duplicates as it is: it is not listed again
    /// (until another post joins it).
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn dismiss_duplicates(&mut self, key: &str) -> Result<()> {
        self.conn.execute(
            "INSERT OR IGNORE INTO duplicate_dismissals (group_key, dismissed_at) VALUES (?1, ?2)",
            params![key, now()],
        )?;
        Ok(())
    }
}

fn group(reason: &str, value: String, ids: &str) -> DuplicateGroup {
    let mut ids: Vec<i64> = ids.split(',').filter_map(|s| s.parse().ok()).collect();
    ids.sort_unstable();
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    DuplicateGroup {
        key: format!("{reason}\u{1f}{value}\u{1f}{}", list.join(",")),
        reason: reason.to_string(),
        value,
        ids,
    }
}

/// A post a delete operation removed.
#[derive(Debug, Clone)]
pub struct DeletedPost {
    /// Where it was imported from.
    pub source_path: String,
    /// Its bytes.
    pub raw: Vec<u8>,
    /// The hash of its source file as last imported.
    pub source_hash: Option<String>,
    /// Its stored context (see [`crate::post::Context`]).
    pub context_json: String,
}

impl Writer<'_> {
    /// Removes post `id` as part of `operation`, keeping it whole so that
    /// undoing the operation brings it back (its revisions go with it).
    ///
    /// # Errors
    /// [`crate::Error::PostNotFound`]; [`crate::Error::Database`].
    pub fn delete_post_undoably(&self, operation: i64, id: i64) -> Result<()> {
        let kept = self.tx.execute(
            "INSERT INTO deleted_posts (operation_id, source_path, raw, source_hash, context_json)
             SELECT ?1, source_path, raw, source_hash, context_json FROM posts WHERE id = ?2",
            params![operation, id],
        )?;
        if kept == 0 {
            return Err(crate::Error::PostNotFound(id));
        }
        self.delete_post(id)
    }

    /// The posts a delete operation removed.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn deleted_posts(&self, operation: i64) -> Result<Vec<DeletedPost>> {
        let mut stmt = self.tx.prepare(
            "SELECT source_path, raw, source_hash, context_json FROM deleted_posts
             WHERE operation_id = ?1 ORDER BY rowid",
        )?;
        let rows = stmt
            .query_map([operation], |r| {
                Ok(DeletedPost {
                    source_path: r.get(0)?,
                    raw: r.get(1)?,
                    source_hash: r.get(2)?,
                    context_json: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Sets post `id`'s source hash (what re-import compares with).
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn set_source_hash(&self, id: i64, hash: Option<&str>) -> Result<()> {
        self.tx.execute(
            "UPDATE posts SET source_hash = coalesce(?2, content_hash) WHERE id = ?1",
            params![id, hash],
        )?;
        Ok(())
    }

    /// Whether a post has this source path.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn has_source_path(&self, source_path: &str) -> Result<bool> {
        Ok(self
            .tx
            .query_row(
                "SELECT 1 FROM posts WHERE source_path = ?1",
                [source_path],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }
}
