//! The derived search index (issue 18): tantivy, in a folder beside the
//! archive (`<archive>.search/`), rebuilt from SQLite at any time.
//!
//! The pipeline, in order:
//! 1. **Build** ([`Engine::build`]): every post with a current search entry
//!    becomes a document ([`schema`]: its text columns through the two
//!    tokenizers of [`tokens`], its id, date, year, categories, tags and
//!    collection as fast fields), written into `<archive>.search.new/`
//!    and moved into place once committed, so a crash or a cancel never
//!    leaves half an index where a complete one is expected.
//! 2. **Keep up** ([`Engine::replay`]): each post change writes a row in the
//!    outbox in its own SQLite transaction (migration 17); the index applies
//!    the rows after the sequence number in its last commit's payload,
//!    commits with the new one, and deletes the rows it applied. A crash
//!    before that commit loses nothing: the rows are applied again.
//! 3. **Plan** ([`plan::plan`]) the parsed query as a tantivy query.
//! 4. **Search** ([`Engine::search`]): the exact total by a `Count`, then
//!    one page: the best by BM25 with block-max WAND (tantivy's `TopDocs`,
//!    which does not score every match), or the newest by the `date` and
//!    `id` fast fields. Where the page visits every match anyway (by date,
//!    or a lone Latin prefix), the count is taken in the same pass.

mod build;
pub mod documents;
pub mod outbox;
pub mod plan;
pub mod schema;
mod tally;
pub mod tokens;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::Query as TQuery;
use tantivy::{DocAddress, DocId, Index, IndexReader, ReloadPolicy, SegmentReader};

use crate::error::{Error, Result};
use crate::store::query::Sort;
use schema::Fields;

/// The version of the index's schema and tokens: an index written with
/// another is not used (and is rebuilt by the next [`Engine::build`]).
pub const VERSION: u32 = 2;

/// What each commit of the index records (its payload, JSON).
#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    /// [`VERSION`] of the build that wrote it.
    version: u32,
    /// The last outbox sequence number applied.
    seq: i64,
    /// Which build wrote the index (nanoseconds since the epoch at its
    /// start): a rebuild by another connection replaces the folder, and an
    /// open engine that sees another build reopens it.
    build: u128,
}

/// The folder of the derived index of the archive at `db`:
/// `<db>.search` beside it.
pub fn index_dir(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".search");
    PathBuf::from(name)
}

/// An open derived index.
pub struct Engine {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    applied: i64,
    build: u128,
    /// Facets of recent queries, by the commit they were counted on.
    cache: tally::Cache,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("dir", &self.dir)
            .field("applied", &self.applied)
            .finish()
    }
}

/// The payload of the last commit of the index in `dir`, if it holds one
/// of this [`VERSION`] and schema (what a trim of the outbox must keep).
fn committed(dir: &Path) -> Option<Payload> {
    if !dir.join("meta.json").exists() {
        return None;
    }
    let index = Index::open_in_dir(dir).ok()?;
    let payload = index
        .load_metas()
        .ok()?
        .payload
        .and_then(|p| serde_json::from_str::<Payload>(&p).ok())?;
    (payload.version == VERSION && index.schema() == schema::schema().0).then_some(payload)
}

/// Wraps a tantivy error with the index folder.
fn err(dir: &Path) -> impl Fn(tantivy::TantivyError) -> Error + '_ {
    move |source| Error::SearchIndex {
        path: dir.to_path_buf(),
        source,
    }
}

impl Engine {
    /// Opens the index of the archive at `db`, or `None` when there is none
    /// that a complete build of this version committed.
    ///
    /// # Errors
    /// [`Error::SearchIndex`] when the folder holds an index that cannot be
    /// read.
    pub fn open(db: &Path) -> Result<Option<Engine>> {
        Engine::open_dir(&index_dir(db))
    }

    /// Whether the index at `db` is stale: the outbox was trimmed past
    /// what it applied (see [`outbox`]), so it must be rebuilt.
    ///
    /// # Errors
    /// Database failures.
    pub fn is_stale(&self, store: &crate::store::Store) -> Result<bool> {
        Ok(store.outbox_floor()? > self.applied)
    }

    fn open_dir(dir: &Path) -> Result<Option<Engine>> {
        if !dir.join("meta.json").exists() {
            return Ok(None);
        }
        let index = Index::open_in_dir(dir).map_err(err(dir))?;
        let payload = index
            .load_metas()
            .map_err(err(dir))?
            .payload
            .and_then(|p| serde_json::from_str::<Payload>(&p).ok());
        let Some(payload) = payload.filter(|p| p.version == VERSION) else {
            return Ok(None);
        };
        let (schema, fields) = schema::schema();
        if index.schema() != schema {
            return Ok(None);
        }
        schema::register_tokenizers(&index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(err(dir))?;
        Ok(Some(Engine {
            dir: dir.to_path_buf(),
            index,
            reader,
            fields,
            applied: payload.seq,
            build: payload.build,
            cache: tally::Cache::default(),
        }))
    }

    /// Sees the commits made since this engine was opened (by a replay in
    /// another connection or process). Returns `false` when the folder now
    /// holds another build, or none: the caller opens it again.
    ///
    /// # Errors
    /// [`Error::SearchIndex`].
    pub fn refresh(&mut self) -> Result<bool> {
        if !self.dir.join("meta.json").exists() {
            return Ok(false);
        }
        let payload = self
            .index
            .load_metas()
            .map_err(err(&self.dir))?
            .payload
            .and_then(|p| serde_json::from_str::<Payload>(&p).ok());
        match payload {
            Some(p) if p.build == self.build && p.version == VERSION => {
                if p.seq != self.applied {
                    self.reader.reload().map_err(err(&self.dir))?;
                    self.applied = p.seq;
                }
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// The last outbox sequence number this index has applied.
    pub fn applied(&self) -> i64 {
        self.applied
    }

    /// How many documents (posts) the index holds.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The index's size on disk, in bytes.
    pub fn size_on_disk(&self) -> u64 {
        walkdir::WalkDir::new(&self.dir)
            .into_iter()
            .filter_map(std::result::Result::ok)
            .filter_map(|e| e.metadata().ok())
            .filter(std::fs::Metadata::is_file)
            .map(|m| m.len())
            .sum()
    }

    /// The query planned for this index's current contents (see
    /// [`plan::plan`]), or `None` when it is left to the FTS5 index.
    pub fn plan(&self, query: &crate::search::Query) -> Option<Box<dyn TQuery>> {
        plan::plan(&self.reader.searcher(), &self.fields, query)
    }

    /// Runs a planned query: how many posts match, and one page of
    /// `(post id, score)`: best first by BM25 (`Sort::Relevance`), or newest
    /// first by date then id (`Sort::Date`, score 0), as the FTS5 path
    /// orders. `limit` is capped at 1000.
    ///
    /// `walks`: the page visits every match whatever is skipped (a lone
    /// prefix, [`plan::has_lone_prefix`]). The count is then taken in the
    /// same pass as the page, as it always is by date (the date order reads
    /// every match's date); otherwise it comes first on its own, where a
    /// single term's count is its document frequency and the page by
    /// relevance skips with block-max WAND.
    ///
    /// # Errors
    /// [`Error::SearchIndex`].
    pub fn search(
        &self,
        query: &dyn TQuery,
        sort: Sort,
        walks: bool,
        limit: u32,
        offset: u32,
    ) -> Result<(u32, Vec<(i64, f64)>)> {
        let e = err(&self.dir);
        let searcher = self.reader.searcher();
        let limit = limit.min(1000) as usize;
        let scored = |page: Vec<(tantivy::Score, DocAddress)>| -> Vec<(f64, DocAddress)> {
            page.into_iter().map(|(s, a)| (f64::from(s), a)).collect()
        };
        let (total, page) = if limit > 0 && (walks || sort == Sort::Date) {
            let top = TopDocs::with_limit(limit).and_offset(offset as usize);
            let (n, page) = match sort {
                Sort::Relevance => {
                    let (n, page) = searcher
                        .search(query, &(Count, top.order_by_score()))
                        .map_err(&e)?;
                    (n, scored(page))
                }
                Sort::Date => {
                    let (n, page) = searcher
                        .search(query, &(Count, top.order_by(newest_first)))
                        .map_err(&e)?;
                    (n, page.into_iter().map(|(_, a)| (0.0, a)).collect())
                }
            };
            (n as u32, page)
        } else {
            // By relevance (or no page): the count first, on its own.
            let total = searcher.search(query, &Count).map_err(&e)? as u32;
            if limit == 0 || offset >= total {
                return Ok((total, Vec::new()));
            }
            let top = TopDocs::with_limit(limit).and_offset(offset as usize);
            let page = searcher.search(query, &top.order_by_score()).map_err(&e)?;
            (total, scored(page))
        };
        let mut out = Vec::with_capacity(page.len());
        for (score, a) in page {
            let ids = searcher
                .segment_reader(a.segment_ord)
                .fast_fields()
                .u64("id")
                .map_err(&e)?;
            if let Some(id) = ids.first(a.doc_id) {
                out.push((id as i64, score));
            }
        }
        Ok((total, out))
    }
}

/// The sort key of `Sort::Date`: `(date, id)`, larger first (a post without
/// a date has `i64::MIN`, so it comes last, as SQLite's NULL does).
fn newest_first(segment: &SegmentReader) -> impl FnMut(DocId) -> (i64, u64) + use<> {
    let date = segment.fast_fields().i64("date").ok();
    let id = segment.fast_fields().u64("id").ok();
    move |doc| {
        (
            date.as_ref().and_then(|c| c.first(doc)).unwrap_or(i64::MIN),
            id.as_ref().and_then(|c| c.first(doc)).unwrap_or(0),
        )
    }
}
