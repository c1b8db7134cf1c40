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

use std::collections::{BTreeMap, HashMap};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::Query as TQuery;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::{err, Engine};
use crate::error::Result;
use crate::store::query::Facets;

/// How many categories and tags the facets keep, as the SQL's `LIMIT 50`.
const TOP: usize = 50;

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
        })
    }

    fn add(&mut self, doc: DocId) {
        let Some(column) = &self.column else {
            self.none += 1;
            return;
        };
        let mut any = false;
        for ord in column.ords().values_for_doc(doc) {
            any = true;
            let o = ord as usize;
            if self.last[o] != doc + 1 {
                self.last[o] = doc + 1;
                self.counts[o] += 1;
            }
        }
        if !any {
            self.none += 1;
        }
    }

    /// `(name, posts)` of each name counted at least once.
    fn harvest(self) -> std::io::Result<Vec<(String, u32)>> {
        let Some(column) = self.column else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for (ord, &n) in self.counts.iter().enumerate() {
            if n > 0 {
                let mut name = String::new();
                column.ord_to_str(ord as u64, &mut name)?;
                out.push((name, n));
            }
        }
        Ok(out)
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
        self.categories.add(doc);
        self.tags.add(doc);
        self.collections.add(doc);
        if let Some(y) = self.year.as_ref().and_then(|c| c.first(doc)) {
            *self.years.entry(y).or_default() += 1;
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
        })
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
        self.add(doc);
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
    pub fn facets(&self, query: &dyn TQuery) -> Result<Facets> {
        self.reader
            .searcher()
            .search(query, &FacetsCollector)
            .map_err(err(&self.dir))
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
