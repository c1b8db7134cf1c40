//! What the app holds between commands: the open archive and the running
//! import, export, publish, sync and search indexing, if any, and the
//! watches on followed sites' folders.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use gazette_core::Archive;

use notify_debouncer_mini::notify::RecommendedWatcher;
use notify_debouncer_mini::Debouncer;

use crate::commands::sync::SyncFinishedEvent;
use crate::error::AppError;
use crate::jobs::JobSlot;
use crate::readers::Readers;

/// The folders watched (site id, folder) and their watcher.
pub type Watches = (Vec<(i64, PathBuf)>, Debouncer<RecommendedWatcher>);

/// The app's state, shared by all commands.
pub struct AppState {
    /// The open archive, or why it could not be opened: every write goes
    /// through it.
    pub archive: Mutex<Result<Archive, AppError>>,
    /// Read-only connections to the same archive, for the commands that
    /// only read (see `readers.rs`).
    pub readers: Arc<Readers>,
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
    /// The cancel flag of the running sync; `None` when none runs.
    pub sync: JobSlot,
    /// Sites waiting to be synced, in order: (site id, who asked).
    pub sync_queue: Mutex<Vec<(i64, crate::commands::sync::Asker)>>,
    /// The last sync that ended since the app started.
    pub last_sync: Mutex<Option<SyncFinishedEvent>>,
    /// The watches on followed sites' folders (see `watch.rs`).
    pub watcher: Mutex<Option<Watches>>,
}

impl AppState {
    /// Opens the archive at `path` (the one `instance::start_archive`
    /// picks). A failure is kept and shown by the UI, which offers to open
    /// another.
    pub fn open(path: &std::path::Path) -> AppState {
        let archive = Archive::open(path).map_err(AppError::from);
        let opened = match &archive {
            Ok(a) => Ok(a.path().to_path_buf()),
            Err(e) => Err(e.clone()),
        };
        AppState {
            archive: Mutex::new(archive),
            readers: Readers::new(opened),
            import: Mutex::new(None),
            export: Arc::default(),
            publish: Arc::default(),
            indexing: JobSlot::default(),
            index_again: AtomicBool::new(false),
            sync: JobSlot::default(),
            sync_queue: Mutex::new(Vec::new()),
            last_sync: Mutex::new(None),
            watcher: Mutex::new(None),
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

/// Runs `f` on the writer's archive on a blocking thread (not the UI's):
/// for the reads that use the derived search index (word searches, their
/// facets and timelines), which only the writer's archive opens (see
/// `readers.rs`).
///
/// # Errors
/// As [`AppState::with_archive`].
pub async fn on_writer<T: Send + 'static>(
    app: tauri::AppHandle,
    f: impl FnOnce(&mut Archive) -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    use tauri::Manager;
    tauri::async_runtime::spawn_blocking(move || app.state::<AppState>().with_archive(f))
        .await
        .map_err(|e| AppError::new("database", e.to_string()))?
}
