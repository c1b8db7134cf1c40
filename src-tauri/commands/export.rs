//! Export as a background job: progress and the final report are events.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use gazette_core::{Archive, ExportOptions, ExportReport, Target};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, State};
use tauri_specta::Event;

use crate::error::{AppError, CmdResult};
use crate::jobs;
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
    let db = state.archive_path()?;
    let target = to_target(target);
    let events = app.clone();
    jobs::spawn(
        app,
        state.export.clone(),
        "an export",
        move |cancel| {
            let mut archive = Archive::open(&db)?;
            let mut last = Instant::now() - Duration::from_secs(1);
            let mut progress = |done: u32, total: u32| {
                if done == total || last.elapsed() >= Duration::from_millis(50) {
                    last = Instant::now();
                    let _ = ExportProgressEvent { done, total }.emit(&events);
                }
            };
            Ok(archive.export(
                &query,
                ids.as_deref(),
                &target,
                options,
                &mut progress,
                cancel,
            )?)
        },
        |app, result| {
            let (report, error) = match result {
                Ok(report) => (Some(report), None),
                Err(e) => (None, Some(e)),
            };
            let _ = ExportFinishedEvent { report, error }.emit(app);
        },
    )
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
    jobs::cancel(&state.export)
}
