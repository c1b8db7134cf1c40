//! The compiled form of a search query, as the store runs it: plain data
//! (FTS5 expressions and typed filter conditions) with no parsing in it.
//! [`crate::search::compile`] builds it from a parsed query; the store turns
//! it into SQL ([`super::Store`]'s search functions). It lives here, below
//! the search pipeline, so that the store never imports the pipeline.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How to order results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best match first (BM25); date for queries without words.
    #[default]
    Relevance,
    /// Newest first.
    Date,
}

/// A filter condition, possibly negated (see [`crate::search::query::ItemKind`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cond {
    /// Posts matching it are excluded.
    pub negated: bool,
    /// What it tests.
    pub kind: CondKind,
}

/// What a filter condition tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CondKind {
    /// Has this tag (case-insensitive).
    Tag(String),
    /// Is in this category (case-insensitive).
    Category(String),
    /// Has this layout (case-insensitive).
    Layout(String),
    /// Is in this Jekyll collection (case-insensitive; `posts.collection`).
    Collection(String),
    /// Its day is this day or later.
    After(NaiveDate),
    /// Its day is before this day.
    Before(NaiveDate),
    /// Its year.
    Year(i32),
    /// Is (or is not) a draft.
    Draft(bool),
    /// A front matter key has this value.
    Key(String, String),
}

/// A query ready to run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Compiled {
    /// FTS5 expression posts must match, if the query has positive words.
    pub fts_match: Option<String>,
    /// FTS5 expression of excluded words, when there are no positive ones
    /// (otherwise folded into `fts_match` with `NOT`).
    pub fts_exclude: Option<String>,
    /// Groups of conditions: every group must hold; within a group, any.
    pub filters: Vec<Vec<Cond>>,
    /// Positive terms, for marking snippets.
    pub highlight: Vec<String>,
}

impl Compiled {
    /// Whether the query has words, so runs on the full-text index (and
    /// cannot see posts not indexed yet); filters alone see every post.
    pub fn uses_index(&self) -> bool {
        self.fts_match.is_some() || self.fts_exclude.is_some()
    }

    /// Whether the query has neither words nor filters, so matches every
    /// post (the store then answers counts from its kept totals).
    pub fn matches_every_post(&self) -> bool {
        !self.uses_index() && self.filters.is_empty()
    }
}

/// Counts among the posts a search matches: `(name, posts)`, most first
/// (years newest first).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Facets {
    /// Top 50 categories.
    pub categories: Vec<(String, u32)>,
    /// Top 50 tags.
    pub tags: Vec<(String, u32)>,
    /// Every year.
    pub years: Vec<(String, u32)>,
    /// Every Jekyll collection (`posts`, `pages`, a label), most first;
    /// posts outside a site Jekyll builds are in none.
    pub collections: Vec<(String, u32)>,
}
