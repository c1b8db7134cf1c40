//! Counts over the whole archive: posts, categories, tags, years and Jekyll
//! collections.

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
        let posts = self
            .conn
            .query_row("SELECT count(*) FROM posts", [], |r| r.get(0))?;
        let counts = |sql: &str| -> Result<serde_json::Map<String, serde_json::Value>> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
            let mut map = serde_json::Map::new();
            for row in rows {
                let (name, n) = row?;
                map.insert(name, n.into());
            }
            Ok(map)
        };
        Ok(Stats {
            posts,
            categories: counts(
                "SELECT name, count(DISTINCT post_id) AS n FROM post_categories
                 GROUP BY name ORDER BY n DESC, name",
            )?,
            tags: counts(
                "SELECT name, count(DISTINCT post_id) AS n FROM post_tags
                 GROUP BY name ORDER BY n DESC, name",
            )?,
            years: counts(
                "SELECT CAST(year AS TEXT), count(*) FROM posts WHERE year IS NOT NULL
                 GROUP BY year ORDER BY year DESC",
            )?,
            collections: counts(
                "SELECT collection, count(*) AS n FROM posts WHERE collection IS NOT NULL
                 GROUP BY collection ORDER BY n DESC, collection",
            )?,
        })
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
