//! The archive's derived search index: building it, and answering searches
//! from it when it is built and current (else `Archive::search` uses the
//! FTS5 index, so an archive from an older Gazette searches as before).

use std::sync::atomic::AtomicBool;

use super::Archive;
use crate::error::Result;
use crate::search::engine::Engine;
use crate::search::{self, Compiled, Query, SearchResults, Sort};
use crate::store::IndexProgress;

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

    /// The search through the derived index, or `None` when it is not
    /// built, not current (another process is applying changes), or does
    /// not plan this query. An index that fails is closed and the FTS5
    /// path answers: the index is derived, the archive is not at risk.
    pub(super) fn engine_search(
        &self,
        parsed: &Query,
        compiled: &Compiled,
        sort: Sort,
        limit: u32,
        offset: u32,
    ) -> Result<Option<SearchResults>> {
        let Ok(mut slot) = self.engine.lock() else {
            return Ok(None);
        };
        let found = (|| -> Result<Option<Page>> {
            if !self.current_engine(&mut slot, INLINE_REPLAY)? {
                return Ok(None);
            }
            let Some(e) = slot.as_ref() else {
                return Ok(None);
            };
            let Some(q) = e.plan(parsed) else {
                return Ok(None);
            };
            e.search(q.as_ref(), sort, limit, offset).map(Some)
        })();
        match found {
            Ok(Some((total, ids))) => Ok(Some(search::page(&self.store, compiled, total, ids)?)),
            Ok(None) => Ok(None),
            Err(crate::Error::SearchIndex { .. }) => {
                *slot = None;
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }
}
