//! What the app holds between commands: the open archive and the running
//! import, export, publish and search indexing, if any.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use gazette_core::Archive;

use crate::error::AppError;
use crate::jobs::JobSlot;

/// The app's state, shared by all commands.
pub struct AppState {
    /// The open archive, or why it could not be opened.
    pub archive: Mutex<Result<Archive, AppError>>,
    /// The cancel flag of the running import; `None` when none runs.
    pub import: Mutex<Option<Arc<AtomicBool>>>,
    /// The cancel flag of the running export; `None` when none runs.
    pub export: Arc<JobSlot>,
    /// The cancel flag of the running publish; `None` when none runs.
    pub publish: Arc<JobSlot>,
    /// The cancel flag of the running search indexing job (see
    /// `indexing`); `None` when none runs.
    pub indexing: JobSlot,
    /// Indexing was asked for since the job last looked.
    pub index_again: AtomicBool,
}

impl AppState {
    /// Opens the default archive ($GAZETTE_DB, else the OS data folder). A
    /// failure is kept and shown by the UI, which offers to open another.
    pub fn open_default() -> AppState {
        let path = gazette_core::default_archive_path();
        AppState {
            archive: Mutex::new(Archive::open(&path).map_err(AppError::from)),
            import: Mutex::new(None),
            export: Arc::default(),
            publish: Arc::default(),
            indexing: JobSlot::default(),
            index_again: AtomicBool::new(false),
        }
    }

    /// Runs `f` on the open archive.
    ///
    /// # Errors
    /// The error from opening the archive, or `f`'s.
    pub fn with_archive<T>(
        &self,
        f: impl FnOnce(&mut Archive) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut guard = self
            .archive
            .lock()
            .map_err(|_| AppError::new("database", "the archive lock is poisoned"))?;
        match guard.as_mut() {
            Ok(archive) => f(archive),
            Err(e) => Err(e.clone()),
        }
    }

    /// The path of the open archive's database.
    pub fn archive_path(&self) -> Result<PathBuf, AppError> {
        self.with_archive(|a| Ok(a.path().to_path_buf()))
    }
}
