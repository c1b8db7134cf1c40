//! The facade's sync methods: follow a site's git repository (see
//! [`crate::sync`]) and resolve the conflicts it leaves.

use std::sync::atomic::AtomicBool;

use super::Archive;
use crate::error::Result;
use crate::import::ImportProgress;
use crate::store::Conflict;
use crate::sync::resolve::{ConflictSides, Resolution};
use crate::sync::{SyncOptions, SyncReport};

impl Archive {
    /// Syncs site `id`: pull, find what changed in its folder since the
    /// last sync, apply it keeping every edit (see [`crate::sync::sync`]).
    ///
    /// # Errors
    /// [`crate::Error::BadRequest`] for an unknown site or a missing folder;
    /// database failures. Git failures are in the report's `git_error`.
    pub fn sync_site(
        &mut self,
        id: i64,
        options: SyncOptions,
        progress: &mut dyn FnMut(&ImportProgress),
        cancel: &AtomicBool,
    ) -> Result<SyncReport> {
        let site = self.store.site(id)?;
        crate::sync::sync(&mut self.store, &site, options, progress, cancel)
    }

    /// Every conflict a sync left, oldest first.
    ///
    /// # Errors
    /// Database failures.
    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        self.store.conflicts()
    }

    /// The three sides of post `id`'s conflict (see
    /// [`crate::sync::resolve::sides`]).
    ///
    /// # Errors
    /// As [`crate::sync::resolve::sides`].
    pub fn conflict_sides(&mut self, id: i64) -> Result<ConflictSides> {
        crate::sync::resolve::sides(&mut self.store, id)
    }

    /// Resolves post `id`'s conflict (see [`crate::sync::resolve::resolve`]);
    /// returns the operation to undo.
    ///
    /// # Errors
    /// As [`crate::sync::resolve::resolve`].
    pub fn resolve_conflict(&mut self, id: i64, resolution: Resolution) -> Result<Option<i64>> {
        crate::sync::resolve::resolve(&mut self.store, id, resolution)
    }

    /// The posts a sync changed that have not been opened since (the app's
    /// list marks them), by id.
    ///
    /// # Errors
    /// Database failures.
    pub fn sync_marks(&self) -> Result<Vec<i64>> {
        self.store.sync_marks()
    }

    /// Clears post `id`'s sync mark (it was opened); returns whether it had
    /// one.
    ///
    /// # Errors
    /// Database failures.
    pub fn clear_sync_mark(&self, id: i64) -> Result<bool> {
        self.store.clear_sync_mark(id)
    }
}
