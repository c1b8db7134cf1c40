//! Counts over every document a query matches, read from the fast fields
//! (issue 18: the facets and the timeline of a search without SQL over
//! every match): a tantivy collector that visits each matching document
//! once and counts the term ordinals of its names per segment, then turns
//! the ordinals into names and merges the segments.
//!
//! The rules are the SQL of the FTS5 path (`Store::search_facets`,
//! `Store::timeline`): names are counted exactly as stored (`Ruby` and
//! `ruby` are two names), each post once per name (a post that lists a tag
//! twice counts once: `count(DISTINCT post_id)`), ordered as SQL orders
//! them (see [`Engine::facets`]).
//!
//! Facets are cached per query and index commit (the last outbox sequence
//! applied, so any change makes them counted again): the facets of a term
//! in most posts cost about 45 ns per matching post (3 ms for 72k matches,
//! ~35 ms for 720k), which the first page of a search at a million posts
//! cannot afford each time the app asks again.

use std::collections::{BTreeMap, HashMap};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::{Query as TQuery, Weight};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::{err, Engine};
use crate::error::Result;
use crate::store::query::Facets;

/// How many categories and tags the facets keep, as the SQL's `LIMIT 50`.
const TOP: usize = 50;

/// How many queries' facets [`Cache`] keeps.
const CACHED: usize = 32;

/// The facets of the last [`CACHED`] queries, newest first: `(query,
/// commit, facets)`, the query as its parsed form prints.
#[derive(Default)]
pub(super) struct Cache(std::sync::Mutex<std::collections::VecDeque<(String, i64, Facets)>>);

impl Cache {
    fn get(&self, key: &str, commit: i64) -> Option<Facets> {
        let mut entries = self.0.lock().ok()?;
        let at = entries
            .iter()
            .position(|(k, c, _)| k == key && *c == commit)?;
        let hit = entries.remove(at)?;
        let facets = hit.2.clone();
        entries.push_front(hit);
        Some(facets)
    }

    fn put(&self, key: String, commit: i64, facets: &Facets) {
        if let Ok(mut entries) = self.0.lock() {
            entries.retain(|(k, _, _)| *k != key);
            entries.push_front((key, commit, facets.clone()));
            entries.truncate(CACHED);
        }
    }
}

/// The values of `column` for a block of documents (in increasing order):
/// `docs_out[i]` holds `vals[i]`, a document once per value, none for a
/// document without one. Batched as tantivy's aggregations read columns.
struct Block<T> {
    docs_out: Vec<DocId>,
    rows: Vec<u32>,
    vals: Vec<T>,
}

impl<T: Default + Copy + PartialOrd + std::fmt::Debug + Send + Sync + 'static> Block<T> {
    fn new() -> Block<T> {
        Block {
            docs_out: Vec::new(),
            rows: Vec::new(),
            vals: Vec::new(),
        }
    }

    fn fetch(&mut self, column: &Column<T>, docs: &[DocId]) {
        self.docs_out.clear();
        self.rows.clear();
        column
            .index
            .docids_to_rowids(docs, &mut self.docs_out, &mut self.rows);
        self.vals.clear();
        self.vals.resize(self.rows.len(), T::default());
        column.values.get_vals(&self.rows, &mut self.vals);
    }
}

/// Posts per name of one multi-valued string field, in one segment.
struct Names {
    column: Option<StrColumn>,
    /// Posts per term ordinal.
    counts: Vec<u32>,
    /// The last document counted for each ordinal, plus 1 (0: none yet),
    /// so that a name a document holds twice counts once.
    last: Vec<DocId>,
    /// Documents with no value at all.
    none: u32,
    block: Block<u64>,
}

impl Names {
    fn new(segment: &SegmentReader, field: &str) -> tantivy::Result<Names> {
        let column = segment.fast_fields().str(field)?;
        let n = column.as_ref().map_or(0, |c| c.num_terms());
        Ok(Names {
            column,
            counts: vec![0; n],
            last: vec![0; n],
            none: 0,
            block: Block::new(),
        })
    }

    /// Counts a block of documents (in increasing order).
    fn add(&mut self, docs: &[DocId]) {
        let Some(column) = &self.column else {
            self.none += docs.len() as u32;
            return;
        };
        self.block.fetch(column.ords(), docs);
        let mut with_values = 0u32;
        let mut previous = None;
        for (&doc, &ord) in self.block.docs_out.iter().zip(&self.block.vals) {
            if previous != Some(doc) {
                previous = Some(doc);
                with_values += 1;
            }
            let o = ord as usize;
            if self.last[o] != doc + 1 {
                self.last[o] = doc + 1;
                self.counts[o] += 1;
            }
        }
        self.none += docs.len() as u32 - with_values;
    }

    /// `(name, posts)` of each name counted at least once.
    fn harvest(self) -> std::io::Result<Vec<(String, u32)>> {
        let Some(column) = self.column else {
            return Ok(Vec::new());
        };
        let (ords, counts): (Vec<u64>, Vec<u32>) = self
            .counts
            .iter()
            .enumerate()
            .filter(|(_, &n)| n > 0)
            .map(|(ord, &n)| (ord as u64, n))
            .unzip();
        // In ordinal order, one pass over the dictionary's blocks (an
        // `ord_to_str` per name looked each block up again).
        let mut names = Vec::with_capacity(ords.len());
        column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
            names.push(String::from_utf8_lossy(bytes).into_owned());
        })?;
        Ok(names.into_iter().zip(counts).collect())
    }
}

/// Feeds `child` the matching documents of one segment by blocks, deleted
/// documents left out (tantivy's default goes one document at a time when
/// a segment has deletes, as segments have after replays).
fn collect_blocks(
    child: &mut impl SegmentCollector,
    weight: &dyn Weight,
    reader: &SegmentReader,
) -> tantivy::Result<()> {
    match reader.alive_bitset() {
        None => weight.for_each_no_score(reader, &mut |docs| child.collect_block(docs)),
        Some(alive) => {
            let mut kept = Vec::new();
            weight.for_each_no_score(reader, &mut |docs| {
                kept.clear();
                kept.extend(docs.iter().copied().filter(|&d| alive.is_alive(d)));
                child.collect_block(&kept);
            })
        }
    }
}

/// Adds each segment's counts by name.
fn merge(into: &mut HashMap<String, u32>, part: Vec<(String, u32)>) {
    for (name, n) in part {
        *into.entry(name).or_default() += n;
    }
}

/// By count, most first, then by name (byte order, as SQLite's BINARY
/// collation), at most `limit`.
fn most_first(counts: HashMap<String, u32>, limit: usize) -> Vec<(String, u32)> {
    let mut v: Vec<(String, u32)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(limit);
    v
}

/// The facets of the matching documents.
struct FacetsCollector;

/// One segment's counts of [`FacetsCollector`].
struct FacetsSegment {
    categories: Names,
    tags: Names,
    collections: Names,
    year: Option<Column<i64>>,
    years: HashMap<i64, u32>,
    year_block: Block<i64>,
}

/// One segment's facets: categories, tags, collections, years.
type FacetsPart = std::io::Result<(
    Vec<(String, u32)>,
    Vec<(String, u32)>,
    Vec<(String, u32)>,
    HashMap<i64, u32>,
)>;

impl SegmentCollector for FacetsSegment {
    type Fruit = FacetsPart;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.collect_block(&[doc]);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.categories.add(docs);
        self.tags.add(docs);
        self.collections.add(docs);
        if let Some(year) = &self.year {
            self.year_block.fetch(year, docs);
            for &y in &self.year_block.vals {
                *self.years.entry(y).or_default() += 1;
            }
        }
    }

    fn harvest(self) -> FacetsPart {
        Ok((
            self.categories.harvest()?,
            self.tags.harvest()?,
            self.collections.harvest()?,
            self.years,
        ))
    }
}

impl Collector for FacetsCollector {
    type Fruit = Facets;
    type Child = FacetsSegment;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<FacetsSegment> {
        Ok(FacetsSegment {
            categories: Names::new(segment, "category")?,
            tags: Names::new(segment, "tag")?,
            collections: Names::new(segment, "collection")?,
            year: segment.fast_fields().column_opt::<i64>("year")?,
            years: HashMap::new(),
            year_block: Block::new(),
        })
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment_ord: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<FacetsPart> {
        let mut child = self.for_segment(segment_ord, reader)?;
        collect_blocks(&mut child, weight, reader)?;
        Ok(child.harvest())
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, parts: Vec<FacetsPart>) -> tantivy::Result<Facets> {
        let (mut categories, mut tags, mut collections) =
            (HashMap::new(), HashMap::new(), HashMap::new());
        let mut years: BTreeMap<i64, u32> = BTreeMap::new();
        for part in parts {
            let (c, t, k, y) = part?;
            merge(&mut categories, c);
            merge(&mut tags, t);
            merge(&mut collections, k);
            for (year, n) in y {
                *years.entry(year).or_default() += n;
            }
        }
        Ok(Facets {
            categories: most_first(categories, TOP),
            tags: most_first(tags, TOP),
            years: years
                .into_iter()
                .rev()
                .map(|(y, n)| (y.to_string(), n))
                .collect(),
            collections: most_first(collections, usize::MAX),
        })
    }
}

/// Posts per month (`YYYY-MM` in the post's own offset) of the matching
/// documents, and how many have no date.
struct MonthsCollector;

/// One segment's months and undated posts.
type MonthsPart = std::io::Result<(Vec<(String, u32)>, u32)>;

impl SegmentCollector for Names {
    type Fruit = MonthsPart;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.add(&[doc]);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.add(docs);
    }

    fn harvest(self) -> MonthsPart {
        let none = self.none;
        Ok((Names::harvest(self)?, none))
    }
}

impl Collector for MonthsCollector {
    type Fruit = (BTreeMap<String, u32>, u32);
    type Child = Names;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<Names> {
        Names::new(segment, "month")
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment_ord: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<MonthsPart> {
        let mut child = self.for_segment(segment_ord, reader)?;
        collect_blocks(&mut child, weight, reader)?;
        Ok(SegmentCollector::harvest(child))
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, parts: Vec<MonthsPart>) -> tantivy::Result<Self::Fruit> {
        let mut months = BTreeMap::new();
        let mut undated = 0;
        for part in parts {
            let (m, none) = part?;
            undated += none;
            for (month, n) in m {
                *months.entry(month).or_default() += n;
            }
        }
        Ok((months, undated))
    }
}

impl Engine {
    /// The facets of the posts a planned query matches, in the shape and
    /// order of [`crate::store::Store::search_facets`]: categories and tags
    /// by posts (most first) then name, the top 50; years newest first;
    /// collections by posts then name. Each name exactly as stored; a post
    /// counts once per name.
    ///
    /// # Errors
    /// [`crate::Error::SearchIndex`].
    ///
    /// `key` names the query (its parsed form, printed): the facets of a
    /// query asked again before the next change are the ones counted the
    /// first time (see the module docs).
    pub fn facets(&self, key: &str, query: &dyn TQuery) -> Result<Facets> {
        if let Some(hit) = self.cache.get(key, self.applied) {
            return Ok(hit);
        }
        let facets = self
            .reader
            .searcher()
            .search(query, &FacetsCollector)
            .map_err(err(&self.dir))?;
        self.cache.put(key.to_string(), self.applied, &facets);
        Ok(facets)
    }

    /// Posts per month of the posts a planned query matches: `(month
    /// "YYYY-MM" → posts, in string order, as SQL's `GROUP BY ... ORDER BY`
    /// of `substr(date_local, 1, 7)`; posts without a date)`.
    ///
    /// # Errors
    /// [`crate::Error::SearchIndex`].
    pub fn months(&self, query: &dyn TQuery) -> Result<(BTreeMap<String, u32>, u32)> {
        self.reader
            .searcher()
            .search(query, &MonthsCollector)
            .map_err(err(&self.dir))
    }
}
