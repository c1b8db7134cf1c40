//! A parsed query as a tantivy query over the derived index.
//!
//! Each text item becomes, in each column it looks at (title only for
//! `title:`), the lookup of [`super::tokens::query_terms`]: a term, a phrase
//! or a phrase whose last term is a prefix; the columns are joined by OR with
//! the FTS5 weights (title 10, body 1, front matter 2) as boosts. Clauses are
//! ANDed (`Must`), `a OR b` is a `Should` group, `-x` a `MustNot`.
//!
//! Not planned here (the FTS5 path answers them): field filters (`tag:`,
//! `year:` …), and queries without a positive word (only exclusions), which
//! match posts outside any index.

use tantivy::query::{
    BooleanQuery, BoostQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query as TQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use super::schema::{Fields, COLUMNS, WEIGHTS};
use super::tokens::{query_terms, QueryTerms};
use crate::search::query::{ItemKind, Query};
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

/// The tantivy query for `query`, or `None` when this index does not plan
/// it (see the module docs). `searcher`: the index the query will run on
/// (prefixes are sized by its terms).
pub fn plan(searcher: &Searcher, f: &Fields, query: &Query) -> Option<Box<dyn TQuery>> {
    let mut parts: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
    let mut positive = false;
    for clause in &query.clauses {
        let mut any: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
        for item in &clause.any_of {
            let ItemKind::Text {
                text,
                phrase,
                title_only,
            } = &item.kind
            else {
                return None;
            };
            any.push((
                Occur::Should,
                text_query(searcher, f, text, *phrase, *title_only)?,
            ));
        }
        let negated = clause.any_of.iter().any(|i| i.negated);
        if negated && clause.any_of.len() > 1 {
            return None; // refused by `compile` already
        }
        positive |= !negated;
        let q: Box<dyn TQuery> = if any.len() == 1 {
            any.pop().map(|(_, q)| q)?
        } else {
            Box::new(BooleanQuery::new(any))
        };
        parts.push((if negated { Occur::MustNot } else { Occur::Must }, q));
    }
    positive.then(|| Box::new(BooleanQuery::new(parts)) as Box<dyn TQuery>)
}
