//! Counts over the whole archive: posts, categories, tags, years and Jekyll
//! collections, read from the counts migration 18 keeps (`post_counts`,
//! updated by triggers in the transaction of every change to `posts`,
//! `post_tags` and `post_categories`), so reading them costs the same at
//! a million posts as at ten.

use rusqlite::OptionalExtension;
use serde::Serialize;

use super::Store;
use crate::error::Result;

/// Counts over the archive. Maps are ordered: categories, tags and
/// collections by count (most first, then name), years newest first. Years
/// are those of each post's date in its own offset; undated posts are not
/// in `years`. Collections are each post's Jekyll collection as derived at
/// import (`posts` for posts and drafts, `pages`, or a label from the
/// site's `collections:`, as Jekyll's `collection.rb` reads it); a post
/// outside any site Jekyll builds is in none.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Stats {
    /// Number of posts.
    pub posts: u32,
    /// Posts per category.
    #[cfg_attr(feature = "specta", specta(type = std::collections::HashMap<String, u32>))]
    pub categories: serde_json::Map<String, serde_json::Value>,
    /// Posts per tag.
    #[cfg_attr(feature = "specta", specta(type = std::collections::HashMap<String, u32>))]
    pub tags: serde_json::Map<String, serde_json::Value>,
    /// Posts per year (`"2022"`).
    #[cfg_attr(feature = "specta", specta(type = std::collections::HashMap<String, u32>))]
    pub years: serde_json::Map<String, serde_json::Value>,
    /// Posts per Jekyll collection (`"posts"`, `"pages"`, a label).
    #[cfg_attr(feature = "specta", specta(type = std::collections::HashMap<String, u32>))]
    pub collections: serde_json::Map<String, serde_json::Value>,
}

impl Store {
    /// Counts over the whole archive (see [`Stats`]).
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn stats(&self) -> Result<Stats> {
        // Read from the counts migration 18 keeps (see its comments), not
        // by grouping the posts: the same groups, in the same order as
        // `GROUP BY name ORDER BY count DESC, name` (years newest first).
        // One statement, so one snapshot: a write committed meanwhile is
        // in every count or in none.
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, key, posts FROM post_counts WHERE kind != 'month'
             ORDER BY kind, CASE WHEN kind = 'year' THEN -CAST(key AS INTEGER) END,
                posts DESC, key",
        )?;
        let mut stats = Stats {
            posts: 0,
            categories: serde_json::Map::new(),
            tags: serde_json::Map::new(),
            years: serde_json::Map::new(),
            collections: serde_json::Map::new(),
        };
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let kind: String = row.get(0)?;
            let (key, n): (String, u32) = (row.get(1)?, row.get(2)?);
            let map = match kind.as_str() {
                "posts" => {
                    stats.posts = n;
                    continue;
                }
                "category" => &mut stats.categories,
                "tag" => &mut stats.tags,
                "year" => &mut stats.years,
                "collection" => &mut stats.collections,
                _ => continue,
            };
            map.insert(key, n.into());
        }
        Ok(stats)
    }

    /// One of the counts migration 18 keeps (`kind` and `key` as its
    /// comments say; `("posts", "")` for every post); 0 when there is no
    /// row.
    pub(super) fn kept_count(&self, kind: &str, key: &str) -> Result<u32> {
        Ok(self
            .conn
            .prepare_cached("SELECT posts FROM post_counts WHERE kind = ?1 AND key = ?2")?
            .query_row([kind, key], |r| r.get(0))
            .optional()?
            .unwrap_or(0))
    }

    /// The layouts posts use, most used first (for the editor's layout
    /// choice).
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn layouts(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT layout FROM posts WHERE layout IS NOT NULL AND layout != ''
             GROUP BY layout ORDER BY count(*) DESC, layout",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
