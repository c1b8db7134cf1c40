//! A parsed query as a tantivy query over the derived index.
//!
//! Each text item becomes, in each column it looks at (title only for
//! `title:`), the lookup of [`super::tokens::query_terms`]: a term, a phrase
//! or a phrase whose last term is a prefix; the columns are joined by OR with
//! the FTS5 weights (title 10, body 1, front matter 2) as boosts. Clauses are
//! ANDed (`Must`), `a OR b` is a `Should` group, `-x` a `MustNot`.
//!
//! Field filters follow the SQL of the FTS5 path (`store/search.rs`,
//! `cond_sql`) exactly, on the fields of [`super::schema`]: `tag:`,
//! `category:`, `collection:` and `layout:` are a term of the ASCII
//! lower-cased name (`COLLATE NOCASE`), excluded by `-` (so a post with no
//! collection or layout is kept by `-collection:x`, as `IS` keeps it);
//! `year:` a term, whose negation keeps only posts with another year (SQL's
//! `NOT year = y` is NULL without a year); `after:`/`before:` a range of
//! `day` strings, whose negation is the other range (posts without a date
//! pass neither); `draft:` a term of the draft flag. Filters score 0, so
//! the ranking is the words' alone, as in FTS5. A query without a positive
//! clause (only exclusions, or nothing) is every document minus the
//! exclusions.
//!
//! Not planned here (the FTS5 path answers it): `key:value` on any other
//! front matter key (its JSON is not in the index).

use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhrasePrefixQuery, PhraseQuery,
    Query as TQuery, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use super::schema::{Fields, COLUMNS, WEIGHTS};
use super::tokens::{query_terms, QueryTerms};
use crate::search::query::{Item, ItemKind, Query};
use crate::text::index_form;

/// How far a lone prefix expands: every term (the result must be the exact
/// set). A range of terms allocates nothing per expansion.
const ALL_EXPANSIONS: u32 = u32::MAX;

/// How many terms of `field` start with `prefix`, at most, in one segment:
/// the expansions a phrase ending in that prefix must be allowed (tantivy
/// allocates a slot for each allowed one, so not `u32::MAX`; fewer would
/// drop matches).
fn expansions(searcher: &Searcher, field: Field, prefix: &str) -> u32 {
    let mut most = 1u32;
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else {
            continue;
        };
        let mut end = prefix.as_bytes().to_vec();
        // The first byte string after every one starting with `prefix`.
        while let Some(last) = end.pop() {
            if last < u8::MAX {
                end.push(last + 1);
                break;
            }
        }
        let range = inverted.terms().range().ge(prefix.as_bytes());
        let range = if end.is_empty() {
            range
        } else {
            range.lt(&end)
        };
        let Ok(mut stream) = range.into_stream() else {
            continue;
        };
        let mut n = 0u32;
        while stream.advance() {
            n = n.saturating_add(1);
        }
        most = most.max(n);
    }
    most
}

fn column_query(
    searcher: &Searcher,
    pos: Field,
    uni: Field,
    lookup: &QueryTerms,
) -> Box<dyn TQuery> {
    match lookup {
        QueryTerms::Unigram(t) => Box::new(TermQuery::new(
            Term::from_field_text(uni, t),
            IndexRecordOption::WithFreqs,
        )),
        QueryTerms::Positional { terms, prefix } => {
            let with_offsets: Vec<(usize, Term)> = terms
                .iter()
                .map(|(o, t)| (*o, Term::from_field_text(pos, t)))
                .collect();
            if *prefix {
                if with_offsets.len() == 1 {
                    // One prefix alone is a range of terms, scored as a
                    // constant: the word itself, scored by BM25, is added so
                    // that `ruby` ranks posts about Ruby by relevance.
                    let mut p = PhrasePrefixQuery::new_with_offset(with_offsets.clone());
                    p.set_max_expansions(ALL_EXPANSIONS);
                    let exact =
                        TermQuery::new(with_offsets[0].1.clone(), IndexRecordOption::WithFreqs);
                    return Box::new(BooleanQuery::new(vec![
                        (Occur::Should, Box::new(exact) as Box<dyn TQuery>),
                        (Occur::Should, Box::new(p)),
                    ]));
                }
                let last = terms.last().map_or("", |(_, t)| t.as_str());
                let mut p = PhrasePrefixQuery::new_with_offset(with_offsets);
                p.set_max_expansions(expansions(searcher, pos, last));
                Box::new(p)
            } else if with_offsets.len() == 1 {
                Box::new(TermQuery::new(
                    with_offsets[0].1.clone(),
                    IndexRecordOption::WithFreqs,
                ))
            } else {
                Box::new(PhraseQuery::new_with_offset(with_offsets))
            }
        }
    }
}

/// One text item over its columns, or `None` if it has nothing to search.
fn text_query(
    searcher: &Searcher,
    f: &Fields,
    text: &str,
    phrase: bool,
    title_only: bool,
) -> Option<Box<dyn TQuery>> {
    let form = index_form(text);
    if form.is_empty() {
        return None;
    }
    let lookup = query_terms(&form, !phrase);
    let columns = if title_only { 1 } else { COLUMNS };
    let parts: Vec<(Occur, Box<dyn TQuery>)> = (0..columns)
        .map(|c| {
            let q = column_query(searcher, f.pos[c], f.uni[c], &lookup);
            (
                Occur::Should,
                Box::new(BoostQuery::new(q, WEIGHTS[c])) as Box<dyn TQuery>,
            )
        })
        .collect();
    Some(Box::new(BooleanQuery::new(parts)))
}

/// Whether `query` has a positive word (a text item not excluded): the
/// FTS5 path ranks only such queries by BM25 and sees only indexed posts
/// for them; any other query is answered newest first with score 0, over
/// every post.
pub fn has_words(query: &Query) -> bool {
    query.clauses.iter().any(|c| {
        c.any_of
            .iter()
            .any(|i| !i.negated && matches!(i.kind, ItemKind::Text { .. }))
    })
}

fn term(field: Field, text: &str) -> Box<dyn TQuery> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::Basic,
    ))
}

fn day_range(f: &Fields, from: Bound<String>, to: Bound<String>) -> Box<dyn TQuery> {
    let t = |b: Bound<String>| b.map(|d| Term::from_field_text(f.day, &d));
    Box::new(RangeQuery::new(t(from), t(to)))
}

/// A field filter as `(exclude, query)`: posts matching `query` are kept,
/// or removed when `exclude` (see the module docs for each rule); `None`
/// for `key:value`.
fn filter_query(f: &Fields, item: &Item) -> Option<(bool, Box<dyn TQuery>)> {
    let lower = |s: &str| s.to_ascii_lowercase();
    let n = item.negated;
    let (exclude, q): (bool, Box<dyn TQuery>) = match &item.kind {
        ItemKind::Tag(t) => (n, term(f.tag_key, &lower(t))),
        ItemKind::Category(t) => (n, term(f.category_key, &lower(t))),
        ItemKind::Layout(t) => (n, term(f.layout_key, &lower(t))),
        ItemKind::Collection(t) => (n, term(f.collection_key, &lower(t))),
        ItemKind::Draft(b) => (
            false,
            Box::new(TermQuery::new(
                Term::from_field_u64(f.draft, u64::from(*b != n)),
                IndexRecordOption::Basic,
            )),
        ),
        ItemKind::Year(y) => {
            let at = |b: Bound<i64>| b.map(|y| Term::from_field_i64(f.year, y));
            let y = i64::from(*y);
            if n {
                // Another year: posts without one are not kept.
                let other: Vec<(Occur, Box<dyn TQuery>)> = vec![
                    (
                        Occur::Should,
                        Box::new(RangeQuery::new(Bound::Unbounded, at(Bound::Excluded(y)))),
                    ),
                    (
                        Occur::Should,
                        Box::new(RangeQuery::new(at(Bound::Excluded(y)), Bound::Unbounded)),
                    ),
                ];
                (false, Box::new(BooleanQuery::new(other)))
            } else {
                (
                    false,
                    Box::new(TermQuery::new(
                        Term::from_field_i64(f.year, y),
                        IndexRecordOption::Basic,
                    )),
                )
            }
        }
        ItemKind::After(d) | ItemKind::Before(d) => {
            let on_or_after = matches!(item.kind, ItemKind::After(_)) != n;
            let d = d.to_string();
            let q = if on_or_after {
                day_range(f, Bound::Included(d), Bound::Unbounded)
            } else {
                day_range(f, Bound::Unbounded, Bound::Excluded(d))
            };
            (false, q)
        }
        ItemKind::Key(..) | ItemKind::Text { .. } => return None,
    };
    Some((exclude, Box::new(ConstScoreQuery::new(q, 0.0))))
}

/// Whether `query` has a word searched as a lone prefix (a Latin word
/// outside a phrase, `ruby` finding `rubygems` too): a range of terms,
/// scored as a constant, so block-max WAND cannot skip and the first page
/// by relevance visits every match anyway; its count is then best taken in
/// the same pass ([`super::Engine::search`]).
pub fn has_lone_prefix(query: &Query) -> bool {
    query
        .clauses
        .iter()
        .flat_map(|c| &c.any_of)
        .any(|i| match &i.kind {
            ItemKind::Text { text, phrase, .. } if !i.negated => {
                let form = index_form(text);
                !form.is_empty()
                    && matches!(
                        query_terms(&form, !phrase),
                        QueryTerms::Positional { terms, prefix: true } if terms.len() == 1
                    )
            }
            _ => false,
        })
}

/// The tantivy query for `query`, or `None` when this index does not plan
/// it (see the module docs). `searcher`: the index the query will run on
/// (prefixes are sized by its terms).
pub fn plan(searcher: &Searcher, f: &Fields, query: &Query) -> Option<Box<dyn TQuery>> {
    let mut parts: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
    let mut positive = false;
    for clause in &query.clauses {
        let negated = clause.any_of.iter().any(|i| i.negated);
        if negated && clause.any_of.len() > 1 {
            return None; // refused by `compile` already
        }
        let mut any: Vec<(bool, Box<dyn TQuery>)> = Vec::new();
        for item in &clause.any_of {
            any.push(match &item.kind {
                ItemKind::Text {
                    text,
                    phrase,
                    title_only,
                } => (
                    item.negated,
                    text_query(searcher, f, text, *phrase, *title_only)?,
                ),
                _ => filter_query(f, item)?,
            });
        }
        let (exclude, q) = if any.len() == 1 {
            any.pop()?
        } else {
            let should = any.into_iter().map(|(_, q)| (Occur::Should, q)).collect();
            (
                false,
                Box::new(BooleanQuery::new(should)) as Box<dyn TQuery>,
            )
        };
        positive |= !exclude;
        parts.push((if exclude { Occur::MustNot } else { Occur::Must }, q));
    }
    if !positive {
        parts.push((
            Occur::Must,
            Box::new(ConstScoreQuery::new(Box::new(AllQuery), 0.0)),
        ));
    }
    Some(Box::new(BooleanQuery::new(parts)))
}

#[cfg(test)]
mod tests {
    use super::has_lone_prefix;
    use crate::search::query::parse;

    /// A Latin word outside a phrase is a lone prefix; a phrase, a CJK
    /// term, a negated word and a filter are not.
    #[test]
    fn a_lone_prefix_is_a_latin_word_outside_a_phrase() {
        let lone = |q: &str| has_lone_prefix(&parse(q).unwrap());
        assert!(lone("ruby"));
        assert!(lone("新闻 release"));
        assert!(lone("year:2020 Ruby"));
        assert!(!lone("\"ruby\""));
        assert!(!lone("\"security fix\""));
        assert!(!lone("国"));
        assert!(!lone("新冠肺炎"));
        assert!(!lone("-ruby 新闻"));
        assert!(!lone("tag:ruby"));
    }
}
