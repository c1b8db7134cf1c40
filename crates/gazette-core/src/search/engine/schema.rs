//! The derived index's schema: one document per post.
//!
//! | field | kind | for |
//! | --- | --- | --- |
//! | `id` | u64, indexed + fast | deleting a post's document; the result's post id |
//! | `date` | i64 fast (ms since the epoch, UTC; `i64::MIN` without a date) | ordering by date |
//! | `year` | u64 fast (0 without a year) | year facets |
//! | `category`, `tag` | strings, fast, many per post | facets |
//! | `collection` | string, fast | facets |
//! | `{title,body,fm}_pos` | text, positions, [`super::tokens::positional`] | words, phrases, CJK of 2+ characters |
//! | `{title,body,fm}_uni` | text, frequencies only, [`super::tokens::unigrams`] | 1-character CJK queries |

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
    let year = b.add_u64_field("year", FAST);
    let category = b.add_text_field("category", STRING | FAST);
    let tag = b.add_text_field("tag", STRING | FAST);
    let collection = b.add_text_field("collection", STRING | FAST);
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
    d.add_u64(f.year, doc.year.map_or(0, |y| y.max(0) as u64));
    for c in &doc.categories {
        d.add_text(f.category, c);
    }
    for t in &doc.tags {
        d.add_text(f.tag, t);
    }
    if let Some(c) = &doc.collection {
        d.add_text(f.collection, c);
    }
    for (i, column) in doc.columns.iter().enumerate() {
        d.add_text(f.pos[i], column);
        d.add_text(f.uni[i], column);
    }
    d
}
