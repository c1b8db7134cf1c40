//! The derived index's schema: one document per post.
//!
//! | field | kind | for |
//! | --- | --- | --- |
//! | `id` | u64, indexed + fast | deleting a post's document; the result's post id |
//! | `date` | i64 fast (ms since the epoch, UTC; `i64::MIN` without a date) | ordering by date |
//! | `year` | i64, indexed + fast (none without a year) | `year:`, year facets |
//! | `category`, `tag` | exact strings, fast, many per post | facets |
//! | `collection` | exact string, fast | facets |
//! | `category_key`, `tag_key`, `collection_key`, `layout_key` | strings, ASCII lower case | `category:` … filters |
//! | `draft` | u64 indexed, 1 for a draft | `draft:` |
//! | `day` | string `YYYY-MM-DD`, indexed + fast | `after:`, `before:` |
//! | `month` | string `YYYY-MM`, fast | the timeline of a query |
//! | `{title,body,fm}_pos` | text, positions, [`super::tokens::positional`] | words, phrases, CJK of 2+ characters |
//! | `{title,body,fm}_uni` | text, frequencies only, [`super::tokens::unigrams`] | 1-character CJK queries |
//!
//! The filter fields follow the SQL rules of the FTS5 path exactly: names
//! compare as SQLite's `COLLATE NOCASE` does, which folds ASCII letters
//! only (so `tag:metoo` finds `MeToo` but `tag:é` does not find `É`): the
//! `*_key` fields hold [`str::to_ascii_lowercase`] of each name, and facets
//! read the exact names. `day` and `month` are the first 10 and 7
//! characters of the post's date in its own offset (`posts.date_local`),
//! compared as strings as SQLite compares them; a post without a date has
//! neither (nor a `year`), so no date filter keeps it, negated or not, as
//! in SQL where the comparison with NULL is NULL.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST,
    INDEXED, STRING,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, TantivyDocument};

use super::tokens::{self, FormTokenizer};
use crate::store::EngineDoc;

/// The columns of a post's text, in the order of
/// [`crate::post::PostFile::search_columns`].
pub const COLUMNS: usize = 3;

/// BM25 weight of each column (title, body, front matter), as the FTS5
/// ranking: title 10, body 1, front matter 2.
pub const WEIGHTS: [f32; COLUMNS] = [10.0, 1.0, 2.0];

/// The schema's fields.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// The post's id.
    pub id: Field,
    /// Milliseconds since the epoch.
    pub date: Field,
    /// The post's year.
    pub year: Field,
    /// Categories.
    pub category: Field,
    /// Tags.
    pub tag: Field,
    /// Jekyll collection.
    pub collection: Field,
    /// Categories, ASCII lower case.
    pub category_key: Field,
    /// Tags, ASCII lower case.
    pub tag_key: Field,
    /// Collection, ASCII lower case.
    pub collection_key: Field,
    /// Layout, ASCII lower case.
    pub layout_key: Field,
    /// 1 for a draft, else 0.
    pub draft: Field,
    /// `YYYY-MM-DD` in the post's own offset.
    pub day: Field,
    /// `YYYY-MM` in the post's own offset.
    pub month: Field,
    /// Positional text, per column.
    pub pos: [Field; COLUMNS],
    /// CJK unigrams, per column.
    pub uni: [Field; COLUMNS],
}

const NAMES: [&str; COLUMNS] = ["title", "body", "fm"];

/// The schema and its fields.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |tokenizer: &str, record: IndexRecordOption| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(record),
        )
    };
    let id = b.add_u64_field("id", INDEXED | FAST);
    let date = b.add_i64_field("date", NumericOptions::default().set_fast());
    let year = b.add_i64_field("year", INDEXED | FAST);
    let category = b.add_text_field("category", STRING | FAST);
    let tag = b.add_text_field("tag", STRING | FAST);
    let collection = b.add_text_field("collection", STRING | FAST);
    let category_key = b.add_text_field("category_key", STRING);
    let tag_key = b.add_text_field("tag_key", STRING);
    let collection_key = b.add_text_field("collection_key", STRING);
    let layout_key = b.add_text_field("layout_key", STRING);
    let draft = b.add_u64_field("draft", INDEXED);
    let day = b.add_text_field("day", STRING | FAST);
    let month = b.add_text_field("month", STRING | FAST);
    let pos = NAMES.map(|n| {
        b.add_text_field(
            &format!("{n}_pos"),
            text(tokens::POSITIONAL, IndexRecordOption::WithFreqsAndPositions),
        )
    });
    let uni = NAMES.map(|n| {
        b.add_text_field(
            &format!("{n}_uni"),
            text(tokens::UNIGRAMS, IndexRecordOption::WithFreqs),
        )
    });
    (
        b.build(),
        Fields {
            id,
            date,
            year,
            category,
            tag,
            collection,
            category_key,
            tag_key,
            collection_key,
            layout_key,
            draft,
            day,
            month,
            pos,
            uni,
        },
    )
}

/// Registers the two tokenizers on an opened or created index.
pub fn register_tokenizers(index: &Index) {
    let manager = index.tokenizers();
    manager.register(
        tokens::POSITIONAL,
        TextAnalyzer::from(FormTokenizer(tokens::Rule::Positional)),
    );
    manager.register(
        tokens::UNIGRAMS,
        TextAnalyzer::from(FormTokenizer(tokens::Rule::Unigrams)),
    );
}

/// A post's document.
pub fn document(f: &Fields, doc: &EngineDoc) -> TantivyDocument {
    let mut d = TantivyDocument::default();
    d.add_u64(f.id, doc.id as u64);
    d.add_i64(f.date, doc.date_ms.unwrap_or(i64::MIN));
    if let Some(y) = doc.year {
        d.add_i64(f.year, y);
    }
    for c in &doc.categories {
        d.add_text(f.category, c);
        d.add_text(f.category_key, c.to_ascii_lowercase());
    }
    for t in &doc.tags {
        d.add_text(f.tag, t);
        d.add_text(f.tag_key, t.to_ascii_lowercase());
    }
    if let Some(c) = &doc.collection {
        d.add_text(f.collection, c);
        d.add_text(f.collection_key, c.to_ascii_lowercase());
    }
    if let Some(l) = &doc.layout {
        d.add_text(f.layout_key, l.to_ascii_lowercase());
    }
    d.add_u64(f.draft, u64::from(doc.draft));
    if let Some(local) = &doc.date_local {
        d.add_text(f.day, prefix(local, 10));
        d.add_text(f.month, prefix(local, 7));
    }
    for (i, column) in doc.columns.iter().enumerate() {
        d.add_text(f.pos[i], column);
        d.add_text(f.uni[i], column);
    }
    d
}

/// The first `n` characters of `s` (all of it when shorter), as SQLite's
/// `substr(s, 1, n)`.
fn prefix(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}
