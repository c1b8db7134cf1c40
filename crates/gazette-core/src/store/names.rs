//! Tags and categories as a whole: every name with its post count, and the
//! posts that carry some names (for the tags and categories manager).

use rusqlite::params_from_iter;
use rusqlite::types::Value as SqlValue;
use serde::{Deserialize, Serialize};

use super::Store;
use crate::error::Result;

/// Tags or categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum NameKind {
    /// `tags` / `tag`.
    Tag,
    /// `categories` / `category`, and for a file Jekyll builds the folders
    /// above its `_posts/`.
    Category,
}

impl NameKind {
    fn table(self) -> &'static str {
        match self {
            NameKind::Tag => "post_tags",
            NameKind::Category => "post_categories",
        }
    }
}

/// One tag or category and how many posts have it. JSON contract of
/// `gazette tags --json` and `gazette categories --json` (an array of
/// these).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NameCount {
    /// The name, as the posts write it (names differing in case are
    /// separate).
    pub name: String,
    /// Posts that have it.
    pub posts: u32,
    /// Of those, posts that take it from outside their front matter, which
    /// an edit cannot change: the folders above `_posts/` (Jekyll's
    /// `Document#categories_from_path`; categories only) or a list in the
    /// site's front matter `defaults`.
    pub fixed: u32,
}

impl Store {
    /// Every tag or category with its post count, most used first, then by
    /// name.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn name_counts(&self, kind: NameKind) -> Result<Vec<NameCount>> {
        let table = kind.table();
        let defaults_key = match kind {
            NameKind::Tag => "tags",
            NameKind::Category => "categories",
        };
        // Fixed: the name is in the path categories stored in the post's
        // context (`{"jekyll":{"path_categories":[…]}}`) or in its
        // defaults' list; only categories have path names.
        let path_test = match kind {
            NameKind::Tag => "0",
            NameKind::Category => {
                "EXISTS (SELECT 1 FROM json_each(p.context_json, '$.jekyll.path_categories') j
                    WHERE j.value = n.name)"
            }
        };
        let sql = format!(
            "SELECT n.name, count(DISTINCT n.post_id) AS c,
                count(DISTINCT CASE WHEN {path_test} OR EXISTS (SELECT 1 FROM json_each(p.context_json,
                    '$.defaults.{defaults_key}') d WHERE d.value = n.name) THEN n.post_id END)
             FROM {table} n JOIN posts p ON p.id = n.post_id
             GROUP BY n.name ORDER BY c DESC, n.name"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], |r| {
            Ok(NameCount {
                name: r.get(0)?,
                posts: r.get(1)?,
                fixed: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The ids of the posts that have any of `names` (exact names), in id
    /// order.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn posts_with_names(&self, kind: NameKind, names: &[String]) -> Result<Vec<i64>> {
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let marks = vec!["?"; names.len()].join(", ");
        let sql = format!(
            "SELECT DISTINCT post_id FROM {} WHERE name IN ({marks}) ORDER BY post_id",
            kind.table()
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let args = names.iter().map(|n| SqlValue::Text(n.clone()));
        let rows = stmt.query_map(params_from_iter(args), |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
