//! The derived index's documents as a check sees them: each post's id, its
//! date and year (fast fields) and a fingerprint of every term the index
//! holds for it in every indexed field (text, names and their keys, layout,
//! draft, day, month, year), read back from the inverted index itself. The same print
//! made from a post as the store has it ([`Engine::expected`]) tells
//! whether the index holds exactly that post (the crash tests compare the
//! two sets).

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use tantivy::postings::Postings;
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::tokenizer::TokenStream;
use tantivy::{DocSet, Term, TERMINATED};

use super::{err, schema, Engine};
use crate::error::Result;
use crate::store::EngineDoc;

/// One document of the derived index, reduced to what a check compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocPrint {
    /// The post's id.
    pub id: i64,
    /// The `date` fast field (ms since the epoch, `i64::MIN` without one).
    pub date: i64,
    /// The `year` fast field (`None` without one).
    pub year: Option<i64>,
    /// A hash of the document's terms with their frequencies, per indexed
    /// field ([`schema::document`] says which), independent of their order:
    /// equal for two documents holding the same terms the same number of
    /// times.
    pub terms: u64,
}

/// The hash of one `(field, term, frequency)`; a document's
/// [`DocPrint::terms`] is their wrapping sum.
fn term_hash(field: Field, term: &[u8], freq: u32) -> u64 {
    let mut h = DefaultHasher::new();
    field.field_id().hash(&mut h);
    term.hash(&mut h);
    freq.hash(&mut h);
    h.finish()
}

/// The fields a print covers: every indexed field of the schema.
fn printed_fields(index: &tantivy::Index) -> Vec<Field> {
    index
        .schema()
        .fields()
        .filter(|(_, entry)| entry.is_indexed())
        .map(|(field, _)| field)
        .collect()
}

impl Engine {
    /// Every live document of the index, by post id. Walks every term of
    /// every text and name field (time and memory in proportion to the
    /// index: for checks and tests, not for a search).
    ///
    /// # Errors
    /// [`crate::Error::SearchIndex`].
    pub fn documents(&self) -> Result<BTreeMap<i64, DocPrint>> {
        let e = err(&self.dir);
        let io = |source: std::io::Error| e(tantivy::TantivyError::from(source));
        let searcher = self.reader.searcher();
        let mut out = BTreeMap::new();
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let ids = fast.u64("id").map_err(&e)?;
            let dates = fast.i64("date").map_err(&e)?;
            let years = fast.i64("year").map_err(&e)?;
            let mut sums = vec![0u64; segment.max_doc() as usize];
            for field in printed_fields(&self.index) {
                let inverted = segment.inverted_index(field).map_err(&e)?;
                let mut terms = inverted.terms().stream().map_err(io)?;
                while terms.advance() {
                    let mut postings = inverted
                        .read_postings_from_terminfo(terms.value(), IndexRecordOption::WithFreqs)
                        .map_err(io)?;
                    let mut doc = postings.doc();
                    while doc != TERMINATED {
                        let h = term_hash(field, terms.key(), postings.term_freq());
                        sums[doc as usize] = sums[doc as usize].wrapping_add(h);
                        doc = postings.advance();
                    }
                }
            }
            for doc in 0..segment.max_doc() {
                if segment.is_deleted(doc) {
                    continue;
                }
                let Some(id) = ids.first(doc) else { continue };
                let print = DocPrint {
                    id: id as i64,
                    date: dates.first(doc).unwrap_or(i64::MIN),
                    year: years.first(doc),
                    terms: sums[doc as usize],
                };
                out.insert(print.id, print);
            }
        }
        Ok(out)
    }

    /// The print the index would hold for `doc`: its document as a build
    /// or a replay makes it ([`schema::document`]), each text value
    /// tokenised by its field's own tokenizer, each number as the term
    /// tantivy indexes for it.
    ///
    /// # Errors
    /// [`crate::Error::SearchIndex`] when a field has no tokenizer.
    pub fn expected(&self, doc: &EngineDoc) -> Result<DocPrint> {
        let e = err(&self.dir);
        let schema = self.index.schema();
        let mut counts: BTreeMap<(Field, Vec<u8>), u32> = BTreeMap::new();
        for (field, value) in schema::document(&self.fields, doc).field_values() {
            let entry = schema.get_field_entry(field);
            if !entry.is_indexed() {
                continue;
            }
            // A field indexed without frequencies reads back 1 per term.
            let freqs = entry
                .field_type()
                .get_index_record_option()
                .is_some_and(|o| o.has_freq());
            let mut count = |key: (Field, Vec<u8>)| {
                let n = counts.entry(key).or_default();
                *n = if freqs { *n + 1 } else { 1 };
            };
            if let Some(text) = value.as_str() {
                let mut analyzer = self.index.tokenizer_for_field(field).map_err(&e)?;
                let mut tokens = analyzer.token_stream(text);
                while tokens.advance() {
                    count((field, tokens.token().text.as_bytes().to_vec()));
                }
            } else if let Some(term) = value
                .as_u64()
                .map(|v| Term::from_field_u64(field, v))
                .or_else(|| value.as_i64().map(|v| Term::from_field_i64(field, v)))
            {
                count((field, term.serialized_value_bytes().to_vec()));
            }
        }
        let terms = counts.iter().fold(0u64, |sum, ((field, term), &n)| {
            sum.wrapping_add(term_hash(*field, term, n))
        });
        Ok(DocPrint {
            id: doc.id,
            date: doc.date_ms.unwrap_or(i64::MIN),
            year: doc.year,
            terms,
        })
    }
}
