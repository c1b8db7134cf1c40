//! Searching the archive.
//!
//! The pipeline, in order:
//! 1. **Parse** the query ([`query::parse`]): words, phrases, `-` exclusions,
//!    `OR`, field filters; a malformed query is a [`query::QueryError`].
//! 2. **Compile** it ([`compile`]): words and phrases become one FTS5
//!    expression over the index form of [`crate::text`] (CJK as one token
//!    per character, so terms of any length match as substrings; Latin words
//!    match as words or word prefixes); filters become typed conditions that
//!    the store turns into SQL.
//! 3. **Run** it in the store: the total, one page ranked by BM25 (title
//!    weighted 10, body 1, front matter 2) or by date, and facet counts.
//! 4. **Snippet** each hit from its plain text, with every match of a
//!    positive term marked `<mark>…</mark>` (HTML-escaped around it).

pub mod engine;
pub mod query;

use serde::Serialize;

use crate::error::Result;
use crate::format::Format;
pub use crate::store::query::{Compiled, Cond, CondKind, Facets, Sort};
use crate::store::Store;
use crate::text::{self, SEPARATOR_TOKEN};
pub use query::{parse, Query, QueryError};
use query::{Item, ItemKind};

/// One search result. `snippet` is HTML-escaped text with the matches
/// wrapped in `<mark>`; `score` is BM25 (higher is better; 0 when sorted by
/// date or when the query has no words).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SearchHit {
    /// The post's id.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// ISO 8601 in the post's own offset, or `None`.
    pub date: Option<String>,
    /// Text around the first matches.
    pub snippet: String,
    /// Relevance.
    pub score: f64,
    /// Where it was imported from.
    pub source_path: String,
}

/// A page of results and the number of posts matching. This is the JSON
/// contract of `gazette search --json`: `{"total":N,"results":[…]}`, plus
/// `unindexed`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SearchResults {
    /// Posts matching, over all pages.
    pub total: u32,
    /// This page.
    pub results: Vec<SearchHit>,
    /// Posts not in the search index yet (an import's posts are indexed by
    /// a background job after it): a query with words cannot find them
    /// until then, so `total` may grow. 0 for a query of filters only,
    /// which sees every post.
    pub unindexed: u32,
}

/// Turns one text item into an FTS5 expression (see the module docs).
fn fts_term(
    text_in: &str,
    phrase: bool,
    title_only: bool,
    column: &str,
) -> std::result::Result<String, QueryError> {
    let form = text::index_form(text_in);
    if form.is_empty() {
        return Err(QueryError {
            column: 1,
            message: format!("`{text_in}` has no letters or digits to search for{column}"),
        });
    }
    let last = form.chars().last().unwrap_or(' ');
    let prefix = !phrase && !text::is_cjk(last) && last != SEPARATOR_TOKEN;
    let expr = format!("\"{form}\"{}", if prefix { "*" } else { "" });
    Ok(if title_only {
        format!("title : {expr}")
    } else {
        expr
    })
}

/// Compiles a parsed query.
///
/// # Errors
/// [`QueryError`] when a word has nothing searchable (`-`, `!!`), when `OR`
/// joins words with filters, or an `OR` group has an exclusion.
pub fn compile(query: &Query) -> std::result::Result<Compiled, QueryError> {
    let mut positive = Vec::new();
    let mut negative = Vec::new();
    let mut compiled = Compiled::default();
    for clause in &query.clauses {
        let texts = clause
            .any_of
            .iter()
            .filter(|i| matches!(i.kind, ItemKind::Text { .. }))
            .count();
        if texts > 0 && texts < clause.any_of.len() {
            return Err(QueryError {
                column: 1,
                message: "OR can join words or filters, not words with filters".into(),
            });
        }
        if clause.any_of.len() > 1 && clause.any_of.iter().any(|i| i.negated) {
            return Err(QueryError {
                column: 1,
                message: "an OR group cannot hold an exclusion (-word)".into(),
            });
        }
        if texts == 0 {
            compiled
                .filters
                .push(clause.any_of.iter().map(cond).collect());
            continue;
        }
        let mut parts = Vec::new();
        for item in &clause.any_of {
            if let ItemKind::Text {
                text,
                phrase,
                title_only,
            } = &item.kind
            {
                parts.push(fts_term(text, *phrase, *title_only, "")?);
                if !item.negated {
                    compiled.highlight.push(text.clone());
                }
            }
        }
        let expr = if parts.len() == 1 {
            parts.remove(0)
        } else {
            format!("({})", parts.join(" OR "))
        };
        if clause.any_of[0].negated {
            negative.push(expr)
        } else {
            positive.push(expr)
        }
    }
    let exclude = (!negative.is_empty()).then(|| negative.join(" OR "));
    match (positive.is_empty(), exclude) {
        (false, Some(x)) => {
            compiled.fts_match = Some(format!("({}) NOT ({x})", positive.join(" AND ")))
        }
        (false, None) => compiled.fts_match = Some(positive.join(" AND ")),
        (true, x) => compiled.fts_exclude = x,
    }
    Ok(compiled)
}

fn cond(item: &Item) -> Cond {
    let kind = match &item.kind {
        ItemKind::Tag(t) => CondKind::Tag(t.clone()),
        ItemKind::Category(t) => CondKind::Category(t.clone()),
        ItemKind::Layout(t) => CondKind::Layout(t.clone()),
        ItemKind::Collection(t) => CondKind::Collection(t.clone()),
        ItemKind::After(d) => CondKind::After(*d),
        ItemKind::Before(d) => CondKind::Before(*d),
        ItemKind::Year(y) => CondKind::Year(*y),
        ItemKind::Draft(b) => CondKind::Draft(*b),
        ItemKind::Key(k, v) => CondKind::Key(k.clone(), v.clone()),
        ItemKind::Text { .. } => unreachable!("text items are compiled to FTS"),
    };
    Cond {
        negated: item.negated,
        kind,
    }
}

/// A query for the store: parsed and compiled.
///
/// # Errors
/// [`QueryError`] from [`parse`] or [`compile`].
pub fn prepare(input: &str) -> std::result::Result<Compiled, QueryError> {
    compile(&parse(input)?)
}

/// The words a search query looks for, as its snippets mark them (not its
/// filters or exclusions): what the reader marks in a post opened from
/// that search. Empty for a query that does not parse.
pub fn highlight_terms(input: &str) -> Vec<String> {
    prepare(input).map(|c| c.highlight).unwrap_or_default()
}

/// Runs a search and builds the page of results with snippets.
///
/// # Errors
/// Database failures.
pub fn run(
    store: &Store,
    q: &Compiled,
    sort: Sort,
    limit: u32,
    offset: u32,
) -> Result<SearchResults> {
    let (total, ids) = store.search_ids(q, sort, limit, offset)?;
    page(store, q, total, ids)
}

/// The page of results for `ids` (`(post id, score)`, in order) of a search
/// that matched `total` posts: each hit with its snippet from the store,
/// and the count of posts not indexed yet. Shared by the FTS5 path and the
/// derived index ([`engine`]).
///
/// # Errors
/// Database failures.
pub fn page(
    store: &Store,
    q: &Compiled,
    total: u32,
    ids: Vec<(i64, f64)>,
) -> Result<SearchResults> {
    let mut results = Vec::with_capacity(ids.len());
    for (id, score) in ids {
        let post = store.post(id)?;
        let format = Format::from_name(&post.format).unwrap_or(Format::Text);
        // Markup is stripped from a bounded head of the body only (the
        // snippet looks at its first SNIPPET_SCAN characters anyway).
        let mut cut = post.body.len().min(SNIPPET_SCAN * 4);
        while !post.body.is_char_boundary(cut) {
            cut -= 1;
        }
        let body = text::body_text(format, &post.body[..cut]);
        results.push(SearchHit {
            id,
            snippet: snippet(&post.title, &body, &q.highlight),
            title: post.title,
            date: post.date,
            score,
            source_path: post.source_path,
        });
    }
    let unindexed = if q.uses_index() {
        store.unindexed()?
    } else {
        0
    };
    Ok(SearchResults {
        total,
        results,
        unindexed,
    })
}

const BEFORE: usize = 40;
const LENGTH: usize = 180;
/// Characters of a body searched for the snippet's first match: bounds the
/// cost per hit on huge posts (beyond it, the snippet shows the start).
const SNIPPET_SCAN: usize = 16_000;

/// Text around the first match of any term in the body's first 16,000
/// characters (the title when the body is empty), whitespace collapsed,
/// HTML-escaped, each match wrapped in `<mark>`. Matching is case- and
/// width-insensitive (NFKC, lower case); offsets are in characters, so
/// multi-byte text is marked exactly.
pub fn snippet(title: &str, body: &str, terms: &[String]) -> String {
    let head = match body.char_indices().nth(SNIPPET_SCAN) {
        Some((end, _)) => &body[..end],
        None => body,
    };
    let source = if head.trim().is_empty() { title } else { head };
    let needles: Vec<String> = terms
        .iter()
        .map(|t| text::fold_with_map(t.trim()).0)
        .filter(|n| !n.is_empty())
        .collect();
    let at = first_match(source, &needles).unwrap_or(0);
    // A window of characters around the first match, then whitespace
    // collapsed inside it only: the cost is bounded whatever the post's size.
    let start = source[..at]
        .char_indices()
        .rev()
        .nth(BEFORE - 1)
        .map_or(0, |(i, _)| i);
    let raw_window: String = source[start..].chars().take(LENGTH * 3).collect();
    let mut window: Vec<char> = raw_window
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .collect();
    let more = window.len() > LENGTH || raw_window.len() < source.len() - start;
    window.truncate(LENGTH);
    let window: String = window.into_iter().collect();
    let mut out = String::new();
    if start > 0 && !source[..start].trim().is_empty() {
        out.push('…');
    }
    out.push_str(&mark(&window, &needles));
    if more {
        out.push('…');
    }
    out
}

/// The byte offset in `source` of the first match of any needle (already
/// folded). ASCII lower-casing keeps byte offsets, so most text needs no
/// full fold; text that only matches after NFKC (full-width letters) takes
/// the folding path.
fn first_match(source: &str, needles: &[String]) -> Option<usize> {
    let lower = source.to_ascii_lowercase();
    if let Some(at) = needles.iter().filter_map(|n| lower.find(n.as_str())).min() {
        return Some(at);
    }
    let (folded, map) = text::fold_with_map(source);
    let char_index = needles
        .iter()
        .filter_map(|n| folded.find(n.as_str()))
        .min()
        .map(|at| map[at])?;
    source.char_indices().nth(char_index).map(|(i, _)| i)
}

/// HTML-escapes `window` and wraps every match of a needle in `<mark>`.
fn mark(window: &str, needles: &[String]) -> String {
    let chars: Vec<char> = window.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    for (s, e) in text::match_ranges(window, needles) {
        out.push_str(&html_escape::encode_text(
            &chars[i..s].iter().collect::<String>(),
        ));
        out.push_str("<mark>");
        out.push_str(&html_escape::encode_text(
            &chars[s..e].iter().collect::<String>(),
        ));
        out.push_str("</mark>");
        i = e;
    }
    out.push_str(&html_escape::encode_text(
        &chars[i..].iter().collect::<String>(),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlight_terms_are_the_words_searched_for() {
        assert_eq!(
            highlight_terms("赣州 ruby -spam tag:x \"quick ok\""),
            vec!["赣州".to_string(), "ruby".into(), "quick ok".into()]
        );
        assert!(highlight_terms("tag:x").is_empty());
        assert!(highlight_terms("--").is_empty());
    }

    #[test]
    fn compiles_to_fts5() {
        let c = prepare("赣州 ruby -spam").unwrap();
        assert_eq!(
            c.fts_match.as_deref(),
            Some("(\"赣 州\" AND \"ruby\"*) NOT (\"spam\"*)")
        );
        let c = prepare("\"quick ok\" OR gen-itgc后 title:新闻").unwrap();
        assert_eq!(
            c.fts_match.as_deref(),
            Some("(\"quick ok\" OR \"gen itgc 后\") AND title : \"新 闻\"")
        );
        let c = prepare("-赣 tag:x year:2022").unwrap();
        assert_eq!(c.fts_match, None);
        assert_eq!(c.fts_exclude.as_deref(), Some("\"赣\""));
        assert_eq!(c.filters.len(), 2);
        assert!(prepare("--").is_err());
        assert!(prepare("a OR tag:x").is_err());
    }

    #[test]
    fn snippets_mark_multibyte_matches_exactly() {
        let s = snippet(
            "t",
            "周末去了赣州，看了<古城墙>。",
            &["赣州".into(), "城墙".into()],
        );
        assert_eq!(
            s,
            "周末去了<mark>赣州</mark>，看了&lt;古<mark>城墙</mark>&gt;。"
        );
        let s = snippet("t", "Ｒｕｂｙ is fine", &["ruby".into()]);
        assert_eq!(s, "<mark>Ｒｕｂｙ</mark> is fine");
        let long = format!("{}赣州{}", "字".repeat(100), "文".repeat(400));
        let s = snippet("t", &long, &["赣州".into()]);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert_eq!(s.matches("<mark>赣州</mark>").count(), 1);
        assert_eq!(s.chars().filter(|c| *c == '字').count(), 40);
        assert_eq!(snippet("Title only", "", &[]), "Title only");
    }
}
