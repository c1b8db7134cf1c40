//! Export as a background job: progress and the final report are events.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use gazette_core::{Archive, ExportOptions, ExportReport, Target};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, State};
use tauri_specta::Event;

use crate::error::{AppError, CmdResult};
use crate::state::AppState;

/// Where an export goes: a folder, or a `.zip` file.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", content = "path", rename_all = "snake_case")]
pub enum ExportTarget {
    /// A folder (created if needed).
    Folder(String),
    /// A `.zip` file.
    Zip(String),
}

/// Progress of the running export (at most ~20 a second).
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct ExportProgressEvent {
    /// Posts done.
    pub done: u32,
    /// Posts in all.
    pub total: u32,
}

/// The running export ended: its report, or the error that stopped it.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct ExportFinishedEvent {
    /// What was written, converted, skipped.
    pub report: Option<ExportReport>,
    /// Why the export stopped, if it did.
    pub error: Option<AppError>,
}

/// Starts exporting the posts `ids` (or, when null, every post `query`
/// matches) in the background. Returns at once; listen to
/// `ExportProgressEvent` and `ExportFinishedEvent`. Refused while another
/// export runs.
#[tauri::command]
#[specta::specta]
pub fn start_export(
    app: AppHandle,
    state: State<'_, AppState>,
    query: String,
    ids: Option<Vec<i64>>,
    target: ExportTarget,
    options: ExportOptions,
) -> CmdResult<()> {
    let cancel = Arc::new(AtomicBool::new(false));
    {
        let mut running = state
            .export
            .lock()
            .map_err(|_| AppError::new("busy", "export lock poisoned"))?;
        if running.is_some() {
            return Err(AppError::new("busy", "an export is already running"));
        }
        *running = Some(cancel.clone());
    }
    let db = state.archive_path();
    let target = to_target(target);
    tauri::async_runtime::spawn_blocking(move || {
        let result = db.and_then(|db| {
            let archive = Archive::open(&db)?;
            let mut last = Instant::now() - Duration::from_secs(1);
            let mut progress = |done: u32, total: u32| {
                if done == total || last.elapsed() >= Duration::from_millis(50) {
                    last = Instant::now();
                    let _ = ExportProgressEvent { done, total }.emit(&app);
                }
            };
            Ok(archive.export(
                &query,
                ids.as_deref(),
                &target,
                options,
                &mut progress,
                &cancel,
            )?)
        });
        if let Ok(mut running) = app.state::<AppState>().export.lock() {
            *running = None;
        }
        let event = match result {
            Ok(report) => ExportFinishedEvent {
                report: Some(report),
                error: None,
            },
            Err(e) => ExportFinishedEvent {
                report: None,
                error: Some(e),
            },
        };
        let _ = event.emit(&app);
    });
    Ok(())
}

/// The files an export with these settings would find already in its
/// target (relative paths; for a zip, the zip itself), so the UI can ask
/// whether to skip or overwrite them before starting.
#[tauri::command]
#[specta::specta]
pub fn export_conflicts(
    state: State<'_, AppState>,
    query: String,
    ids: Option<Vec<i64>>,
    target: ExportTarget,
    options: ExportOptions,
) -> CmdResult<Vec<String>> {
    let target = to_target(target);
    state.with_archive(|a| Ok(a.export_conflicts(&query, ids.as_deref(), &target, options)?))
}

fn to_target(target: ExportTarget) -> Target {
    match target {
        ExportTarget::Folder(p) => Target::Folder(PathBuf::from(p)),
        ExportTarget::Zip(p) => Target::Zip(PathBuf::from(p)),
    }
}

/// Asks the running export to stop after the current post.
#[tauri::command]
#[specta::specta]
pub fn cancel_export(state: State<'_, AppState>) -> CmdResult<()> {
    if let Some(flag) = state
        .export
        .lock()
        .map_err(|_| AppError::new("busy", "export lock poisoned"))?
        .as_ref()
    {
        flag.store(true, Ordering::Relaxed);
    }
    Ok(())
}
