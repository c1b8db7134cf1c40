//! Opening an archive and reading its counts.

use std::path::PathBuf;

use gazette_core::{Archive, Stats};
use serde::Serialize;
use tauri::{Manager, State};

use crate::error::{AppError, CmdResult};
use crate::state::AppState;

/// The open archive, as the window title and status bar show it.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ArchiveInfo {
    /// The database file.
    pub path: String,
    /// Number of posts in it.
    pub posts: u32,
}

fn info(archive: &Archive) -> CmdResult<ArchiveInfo> {
    Ok(ArchiveInfo {
        path: archive.path().to_string_lossy().into_owned(),
        posts: archive.stats()?.posts,
    })
}

/// The open archive's path and size (on a reader: see `readers.rs`).
#[tauri::command]
#[specta::specta]
pub async fn archive_info(state: State<'_, AppState>) -> CmdResult<ArchiveInfo> {
    state.readers.read(info).await
}

/// Opens (or creates) the archive at `path` and makes it the open one.
/// Refused while an import runs.
#[tauri::command]
#[specta::specta]
pub fn open_archive(app: tauri::AppHandle, path: String) -> CmdResult<ArchiveInfo> {
    open_path(&app, &path)
}

/// Makes the archive at `path` the open one (File → Open Archive…, or a
/// second launch given a `.db`), then restarts search indexing and the
/// sync of followed sites on it.
///
/// # Errors
/// `busy` while an import runs; the archive's error when it cannot be
/// opened (the old one stays open).
pub fn open_path(app: &tauri::AppHandle, path: &str) -> CmdResult<ArchiveInfo> {
    let state = app.state::<AppState>();
    if state.import.lock().map(|g| g.is_some()).unwrap_or(true) {
        return Err(AppError::new(
            "busy",
            "an import is running; wait for it or cancel it first",
        ));
    }
    let archive = Archive::open(&PathBuf::from(path))?;
    let result = info(&archive);
    let opened = archive.path().to_path_buf();
    *state
        .archive
        .lock()
        .map_err(|_| AppError::new("database", "the archive lock is poisoned"))? = Ok(archive);
    state.readers.reset(opened.clone());
    super::settings::remember_archive(app, &opened);
    super::indexing::request(app, true);
    crate::watch::sync_followed(app);
    result
}

/// Counts of posts, categories, tags and years, for the sidebar (kept
/// with each change, so this reads a few hundred rows at any size).
#[tauri::command]
#[specta::specta]
pub async fn stats(state: State<'_, AppState>) -> CmdResult<Stats> {
    state.readers.read(|a| Ok(a.stats()?)).await
}
