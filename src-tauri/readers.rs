//! Read-only connections to the open archive, for the commands that only
//! read (the list, the sidebar's counts, the timeline, a post, facets, …).
//!
//! Every write goes through the one `Archive` in `AppState::archive`, behind
//! its mutex. Reads do not: each takes an idle reader
//! (`Archive::open_reader`, a second SQLite connection in WAL mode, which
//! sees the last commit and never waits for a write in progress) on a
//! blocking thread, so the first page shows while a bulk edit, an undo or
//! a sync holds the writer, and the UI's thread is never the one that
//! waits. Word searches stay on the writer (its derived search index is
//! opened once: a second one would double its memory).
//!
//! Why not a pool crate: r2d2/deadpool hand out raw connections, and what
//! is pooled here is the facade (`Archive`), replaced wholesale when
//! another archive is opened; the pool is a list of idle readers.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use gazette_core::Archive;

use crate::error::{AppError, CmdResult};

/// Idle readers kept for reuse (more may be open at once; the extra ones
/// are closed after their call). The UI makes about ten reads at start.
const MAX_IDLE: usize = 4;

/// The readers of the open archive.
pub struct Readers(Mutex<Pool>);

struct Pool {
    /// The open archive's file, or why it could not be opened.
    path: Result<PathBuf, AppError>,
    idle: Vec<Archive>,
}

impl Readers {
    /// Readers for the archive at `path` (the writer has opened, and so
    /// updated, it), or the error that opening it gave.
    pub fn new(path: Result<PathBuf, AppError>) -> Arc<Readers> {
        Arc::new(Readers(Mutex::new(Pool {
            path,
            idle: Vec::new(),
        })))
    }

    /// Another archive is open: readers of the old one are closed (those
    /// in use when they finish).
    pub fn reset(&self, path: PathBuf) {
        if let Ok(mut pool) = self.0.lock() {
            pool.path = Ok(path);
            pool.idle.clear();
        }
    }

    /// Runs `f` on a reader of the open archive, on this thread.
    ///
    /// # Errors
    /// The error from opening the archive, `database` if the reader cannot
    /// be opened, or `f`'s.
    pub fn run<T>(&self, f: impl FnOnce(&Archive) -> CmdResult<T>) -> CmdResult<T> {
        let poisoned = || AppError::new("database", "the readers' lock is poisoned");
        let (path, idle) = {
            let mut pool = self.0.lock().map_err(|_| poisoned())?;
            (pool.path.clone()?, pool.idle.pop())
        };
        let reader = match idle {
            Some(r) => r,
            None => Archive::open_reader(&path)?,
        };
        let result = f(&reader);
        let mut pool = self.0.lock().map_err(|_| poisoned())?;
        if pool.path.as_ref().is_ok_and(|p| p == reader.path()) && pool.idle.len() < MAX_IDLE {
            pool.idle.push(reader);
        }
        result
    }

    /// Runs `f` on a reader on a blocking thread (see [`Readers::run`]).
    ///
    /// # Errors
    /// As [`Readers::run`].
    pub async fn read<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Archive) -> CmdResult<T> + Send + 'static,
    ) -> CmdResult<T> {
        let readers = self.clone();
        tauri::async_runtime::spawn_blocking(move || readers.run(f))
            .await
            .map_err(|e| AppError::new("database", e.to_string()))?
    }
}
