//! The archive's derived search index: building it, and answering searches,
//! their facets and their timelines from it when it is built and current
//! (else the FTS5 index and SQL answer, so an archive from an older Gazette
//! searches as before).

use std::sync::atomic::AtomicBool;

use super::Archive;
use crate::error::Result;
use tantivy::query::Query as TQuery;

use crate::search::engine::{plan, Engine};
use crate::search::{self, Compiled, Facets, Query, SearchResults, Sort};
use crate::store::{IndexProgress, Timeline, TimelineBucket, TimelineBy};

/// The most outbox rows a search applies before it answers (a few edits:
/// milliseconds). A longer backlog (an import) is left to the background
/// job ([`Archive::build_search_index`] / [`Archive::search_index_status`]),
/// and the FTS5 index answers meanwhile.
const INLINE_REPLAY: u32 = 2000;

/// A search's total and one page of `(post id, score)`.
type Page = (u32, Vec<(i64, f64)>);

/// What the derived search index holds, for `gazette` and the benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct SearchIndexStatus {
    /// Posts (documents) in it.
    pub posts: u64,
    /// Its size on disk, in bytes.
    pub bytes: u64,
    /// The last outbox sequence number it applied.
    pub applied: i64,
}

impl Archive {
    /// Builds (or rebuilds) the derived search index beside the archive
    /// (`<archive>.search/`) from the posts with a search entry, in the
    /// background job's way: `progress` after each batch, `cancel` checked
    /// between batches. Returns `false` when cancelled. Searches use it
    /// from then on.
    ///
    /// # Errors
    /// [`crate::Error::SearchIndex`], [`crate::Error::Io`], database
    /// failures.
    pub fn build_search_index(
        &mut self,
        progress: &mut dyn FnMut(IndexProgress),
        cancel: &AtomicBool,
    ) -> Result<bool> {
        let built = Engine::build(&self.store, progress, cancel)?;
        let done = built.is_some();
        if let Ok(mut slot) = self.engine.lock() {
            *slot = built.or(slot.take());
        }
        Ok(done)
    }

    /// The derived search index's state after applying all of the outbox
    /// (the background job calls it after indexing, so that searches find
    /// the index current), or `None` when it has not been built (or was
    /// built by another version).
    ///
    /// # Errors
    /// [`crate::Error::SearchIndex`], database failures.
    pub fn search_index_status(&self) -> Result<Option<SearchIndexStatus>> {
        let Ok(mut slot) = self.engine.lock() else {
            return Ok(None);
        };
        self.current_engine(&mut slot, u32::MAX)?;
        Ok(slot.as_ref().map(|e| SearchIndexStatus {
            posts: e.num_docs(),
            bytes: e.size_on_disk(),
            applied: e.applied(),
        }))
    }

    /// Opens, refreshes and catches up the engine in `slot` (all of the
    /// outbox, or only a backlog of at most `most` rows); leaves `None`
    /// there when there is no index. Returns whether it is current.
    pub(super) fn current_engine(&self, slot: &mut Option<Engine>, most: u32) -> Result<bool> {
        if self.read_only {
            return Ok(false);
        }
        if let Some(e) = slot.as_mut() {
            if !e.refresh()? {
                *slot = None;
            }
        }
        if slot.is_none() {
            *slot = Engine::open(self.store.path())?;
        }
        let Some(e) = slot.as_mut() else {
            return Ok(false);
        };
        if e.is_stale(&self.store)? {
            // The outbox was trimmed past it: rebuilt by the next build.
            *slot = None;
            return Ok(false);
        }
        if self.store.outbox_has_after(e.applied())?
            && self
                .store
                .outbox_backlog(e.applied(), most.saturating_add(1))?
                <= most
        {
            e.replay(&self.store)?;
        }
        self.store.outbox_current(e.applied())
    }

    /// Runs `run` on the derived index with `parsed` planned, or returns
    /// `None` when the index is not built, not current (another process is
    /// applying changes), does not plan this query, or does not hold every
    /// post a query without words must see (posts stored by an import and
    /// not indexed yet, which SQL's filters find). An index that fails is
    /// closed and `None` returned: the index is derived, the archive is not
    /// at risk.
    fn with_engine<T>(
        &self,
        parsed: &Query,
        run: impl FnOnce(&Engine, &dyn TQuery) -> Result<T>,
    ) -> Result<Option<T>> {
        let Ok(mut slot) = self.engine.lock() else {
            return Ok(None);
        };
        let found = (|| -> Result<Option<T>> {
            if !self.current_engine(&mut slot, INLINE_REPLAY)? {
                return Ok(None);
            }
            let Some(e) = slot.as_ref() else {
                return Ok(None);
            };
            if !plan::has_words(parsed) && self.store.unindexed()? > 0 {
                return Ok(None);
            }
            let Some(q) = e.plan(parsed) else {
                return Ok(None);
            };
            run(e, q.as_ref()).map(Some)
        })();
        match found {
            Err(crate::Error::SearchIndex { .. }) => {
                *slot = None;
                Ok(None)
            }
            other => other,
        }
    }

    /// The search through the derived index, or `None` (see
    /// `with_engine`). A query without words is ordered newest first with
    /// score 0 whatever `sort` says, as the FTS5 path orders it.
    pub(super) fn engine_search(
        &self,
        parsed: &Query,
        compiled: &Compiled,
        sort: Sort,
        limit: u32,
        offset: u32,
    ) -> Result<Option<SearchResults>> {
        let sort = if plan::has_words(parsed) {
            sort
        } else {
            Sort::Date
        };
        let walks = plan::has_lone_prefix(parsed);
        let found: Option<Page> =
            self.with_engine(parsed, |e, q| e.search(q, sort, walks, limit, offset))?;
        match found {
            Some((total, ids)) => Ok(Some(search::page(&self.store, compiled, total, ids)?)),
            None => Ok(None),
        }
    }

    /// The facets of a search through the derived index (the shape and
    /// order of [`crate::store::Store::search_facets`]), or `None` (see
    /// `with_engine`).
    pub(super) fn engine_facets(&self, parsed: &Query) -> Result<Option<Facets>> {
        let key = format!("{parsed:?}");
        self.with_engine(parsed, |e, q| e.facets(&key, q))
    }

    /// The timeline of a search through the derived index (as
    /// [`crate::store::Store::timeline`] counts it), or `None` (see
    /// `with_engine`).
    pub(super) fn engine_timeline(
        &self,
        parsed: &Query,
        by: TimelineBy,
    ) -> Result<Option<Timeline>> {
        let Some((months, undated)) = self.with_engine(parsed, |e, q| e.months(q))? else {
            return Ok(None);
        };
        let mut timeline = Timeline {
            by,
            buckets: Vec::new(),
            undated,
        };
        // Months in string order, as SQL's `ORDER BY month`; years are
        // their first four characters, merged as `Store::timeline` does.
        for (month, posts) in months {
            let period = match by {
                TimelineBy::Month => month,
                TimelineBy::Year => month.chars().take(4).collect(),
            };
            match timeline.buckets.last_mut() {
                Some(last) if last.period == period => last.posts += posts,
                _ => timeline.buckets.push(TimelineBucket { period, posts }),
            }
        }
        Ok(Some(timeline))
    }
}
