//! Import as a background job: progress and the final report are events.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use gazette_core::{Archive, ImportProgress, ImportReport};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, State};
use tauri_specta::Event;

use crate::error::{AppError, CmdResult};
use crate::state::AppState;

/// Progress of the running import (at most ~20 a second).
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct ImportProgressEvent(pub ImportProgress);

/// The running import ended: its report, or the error that stopped it.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct ImportFinishedEvent {
    /// What was imported, updated, unchanged, failed.
    pub report: Option<ImportReport>,
    /// Why the whole import stopped, if it did.
    pub error: Option<AppError>,
}

/// Starts importing `paths` (files and folders) in the background. Returns
/// at once; listen to `ImportProgressEvent` and `ImportFinishedEvent`.
/// Refused while another import runs.
#[tauri::command]
#[specta::specta]
pub fn start_import(
    app: AppHandle,
    state: State<'_, AppState>,
    paths: Vec<String>,
) -> CmdResult<()> {
    let cancel = Arc::new(AtomicBool::new(false));
    {
        let mut running = state
            .import
            .lock()
            .map_err(|_| AppError::new("busy", "import lock poisoned"))?;
        if running.is_some() {
            return Err(AppError::new("busy", "an import is already running"));
        }
        *running = Some(cancel.clone());
    }
    // The import writes through its own connection so that browsing goes on
    // (SQLite WAL: readers are not blocked by the writer).
    let db = state.archive_path();
    let paths: Vec<PathBuf> = paths.iter().map(|p| dropped_path(p)).collect();
    tauri::async_runtime::spawn_blocking(move || {
        let result = db.and_then(|db| {
            let mut archive = Archive::open(&db)?;
            let mut last = Instant::now() - Duration::from_secs(1);
            let mut progress = |p: &ImportProgress| {
                if p.done == p.total || last.elapsed() >= Duration::from_millis(50) {
                    last = Instant::now();
                    let _ = ImportProgressEvent(p.clone()).emit(&app);
                }
            };
            // Posts are stored without their search index entries, which
            // the indexing job writes right after: the import goes at the
            // speed of parsing and storing alone.
            let options = gazette_core::import::ImportOptions {
                defer_search_index: true,
                ..Default::default()
            };
            Ok(archive.import_with(&paths, options, &mut progress, &cancel)?)
        });
        if let Ok(mut running) = app.state::<AppState>().import.lock() {
            *running = None;
        }
        super::indexing::request(&app, false);
        let event = match result {
            Ok(report) => ImportFinishedEvent {
                report: Some(report),
                error: None,
            },
            Err(e) => ImportFinishedEvent {
                report: None,
                error: Some(e),
            },
        };
        let _ = event.emit(&app);
    });
    Ok(())
}

/// Asks the running import to stop after the current file. What was
/// imported so far stays.
#[tauri::command]
#[specta::specta]
pub fn cancel_import(state: State<'_, AppState>) -> CmdResult<()> {
    if let Some(flag) = state
        .import
        .lock()
        .map_err(|_| AppError::new("busy", "import lock poisoned"))?
        .as_ref()
    {
        flag.store(true, Ordering::Relaxed);
    }
    Ok(())
}

/// The file system path for a path from a drop or the picker. Some
/// platforms' webviews have delivered `file://` URLs or percent-encoded
/// paths (tauri-apps/tauri#4034, case BR-15); when the text as given does
/// not exist but its decoded form does, the decoded form is used.
fn dropped_path(given: &str) -> PathBuf {
    let literal = PathBuf::from(given);
    if literal.exists() {
        return literal;
    }
    let decoded = url::Url::parse(given)
        .ok()
        .filter(|u| u.scheme() == "file")
        .and_then(|u| u.to_file_path().ok())
        .or_else(|| {
            percent_encoding::percent_decode_str(given)
                .decode_utf8()
                .ok()
                .map(|s| PathBuf::from(s.as_ref()))
        });
    match decoded {
        Some(path) if path.exists() => path,
        _ => literal,
    }
}

#[cfg(test)]
mod tests {
    use super::dropped_path;

    /// BR-15: a folder with spaces, parentheses and Chinese, given plainly,
    /// percent-encoded, or as a file:// URL, is the same real path.
    #[test]
    fn dropped_paths_with_spaces_and_chinese_resolve_to_the_real_path() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("博客 备份 (2024)");
        std::fs::create_dir(&folder).unwrap();
        let file = folder.join("2024-05-01 赣州游记.md");
        std::fs::write(&file, "---\ntitle: 赣州游记\n---\n").unwrap();
        let plain = file.to_str().unwrap();
        assert_eq!(dropped_path(plain), file);
        let url = url::Url::from_file_path(&file).unwrap();
        assert_eq!(dropped_path(url.as_str()), file);
        let encoded = url.path().to_string();
        assert!(encoded.contains("%20"));
        assert_eq!(dropped_path(&encoded), file);
        assert_eq!(
            dropped_path("/no/such/file.md"),
            std::path::PathBuf::from("/no/such/file.md")
        );
    }
}
