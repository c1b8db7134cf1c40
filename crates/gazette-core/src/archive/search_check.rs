//! The derived search index's upkeep and its check against the posts: the
//! outbox kept bounded ([`Archive::trim_search_outbox`], also done at each
//! open), and the index's documents compared with the posts
//! ([`Archive::check_search_index`], for the crash tests and `gazette`).

use super::Archive;
use crate::error::Result;
use crate::search::engine::outbox::Trim;
use crate::search::engine::Engine;

/// Posts read from the store per batch of a check.
const CHECK_BATCH: u32 = 500;

/// How the derived index's documents compare with the posts (see
/// [`Archive::check_search_index`]); every list holds post ids, ascending.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SearchIndexCheck {
    /// Documents in the index (live ones).
    pub documents: u64,
    /// Posts with a current search entry (what the index should hold).
    pub posts: u64,
    /// Posts the index has no document for.
    pub missing: Vec<i64>,
    /// Documents of posts that are gone or have no search entry.
    pub extra: Vec<i64>,
    /// Posts whose document differs from the post as stored (date, year,
    /// or any term or its frequency in the text, categories, tags or
    /// collection).
    pub differ: Vec<i64>,
}

impl SearchIndexCheck {
    /// Whether the index holds exactly the posts.
    pub fn is_exact(&self) -> bool {
        self.missing.is_empty() && self.extra.is_empty() && self.differ.is_empty()
    }
}

impl Archive {
    /// Deletes the outbox rows no index and no build in progress needs;
    /// drops (marks stale, to be rebuilt) an index too far behind. See
    /// [`crate::search::engine::outbox`].
    ///
    /// # Errors
    /// [`crate::Error::Io`] for the lock file, database failures.
    pub fn trim_search_outbox(&mut self) -> Result<Trim> {
        Engine::trim_outbox(&mut self.store)
    }

    /// How many rows the derived index's outbox holds.
    ///
    /// # Errors
    /// Database failures.
    pub fn search_outbox_len(&self) -> Result<u64> {
        self.store.outbox_len()
    }

    /// Compares the derived index's documents with the posts, after it has
    /// applied all of the outbox, or `None` when there is no current index
    /// (not built, stale, or another process is applying changes). Reads
    /// every post and every term of the index: for checks, not for the UI.
    ///
    /// # Errors
    /// [`crate::Error::SearchIndex`], database failures.
    pub fn check_search_index(&self) -> Result<Option<SearchIndexCheck>> {
        let Ok(mut slot) = self.engine.lock() else {
            return Ok(None);
        };
        if !self.current_engine(&mut slot, u32::MAX)? {
            return Ok(None);
        }
        let Some(engine) = slot.as_ref() else {
            return Ok(None);
        };
        let mut index = engine.documents()?;
        let mut check = SearchIndexCheck {
            documents: index.len() as u64,
            ..SearchIndexCheck::default()
        };
        let mut after = i64::MIN;
        loop {
            let (docs, last) = self.store.engine_docs(after, CHECK_BATCH)?;
            let Some(last) = last else { break };
            after = last;
            for doc in docs {
                check.posts += 1;
                match index.remove(&doc.id) {
                    None => check.missing.push(doc.id),
                    Some(print) if print != engine.expected(&doc)? => check.differ.push(doc.id),
                    Some(_) => {}
                }
            }
        }
        check.extra = index.into_keys().collect();
        Ok(Some(check))
    }
}
