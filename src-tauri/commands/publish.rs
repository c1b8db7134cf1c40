//! Sites and publishing: the sites list, a dry-run plan with per-file
//! diffs, and the publish itself as a background job (progress and the
//! final report are events).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use gazette_core::{Archive, PublishOptions, PublishReport, Site};
use serde::Serialize;
use tauri::{AppHandle, State};
use tauri_specta::Event;

use crate::error::{AppError, CmdResult};
use crate::jobs;
use crate::state::AppState;

/// Progress of the running publish (at most ~20 a second).
#[derive(Debug, Clone, Serialize, serde::Deserialize, specta::Type, tauri_specta::Event)]
pub struct PublishProgressEvent {
    /// Files written or removed.
    pub done: u32,
    /// Files to write or remove in all.
    pub total: u32,
}

/// The running publish ended: its report, or the error that stopped it
/// (nothing is written when a git check fails first).
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct PublishFinishedEvent {
    /// What was written, removed, left alone, committed and pushed.
    pub report: Option<PublishReport>,
    /// Why the publish stopped, if it did.
    pub error: Option<AppError>,
}

/// The sites of the archive, by name.
#[tauri::command]
#[specta::specta]
pub async fn sites(state: State<'_, AppState>) -> CmdResult<Vec<Site>> {
    state.readers.read(|a| Ok(a.sites()?)).await
}

/// Adds a Jekyll site folder (it must have a `_config.yml`).
#[tauri::command]
#[specta::specta]
pub fn add_site(
    state: State<'_, AppState>,
    name: String,
    path: String,
    drafts: bool,
) -> CmdResult<Site> {
    state.with_archive(|a| Ok(a.add_site(&name, &PathBuf::from(path), drafts)?))
}

/// Changes a site's settings: drafts written to `_drafts/`, the git remote
/// to push to (null: the branch's upstream, else `origin`).
#[tauri::command]
#[specta::specta]
pub fn update_site(
    state: State<'_, AppState>,
    id: i64,
    drafts: bool,
    remote: Option<String>,
) -> CmdResult<Site> {
    let remote = remote.filter(|r| !r.trim().is_empty());
    state.with_archive(|a| Ok(a.update_site(id, drafts, remote.as_deref())?))
}

/// Forgets a site (its folder is left as it is).
#[tauri::command]
#[specta::specta]
pub fn remove_site(app: AppHandle, state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    state.with_archive(|a| Ok(a.remove_site(id)?))?;
    // Its folder is no longer watched.
    crate::watch::follow(&app);
    Ok(())
}

/// What publishing to site `id` would do, writing nothing (a dry run).
#[tauri::command]
#[specta::specta]
pub async fn plan_publish(
    state: State<'_, AppState>,
    id: i64,
    drafts: bool,
) -> CmdResult<PublishReport> {
    let db = state.archive_path()?;
    tauri::async_runtime::spawn_blocking(move || {
        let mut archive = Archive::open(&db)?;
        let options = PublishOptions {
            dry_run: true,
            drafts,
            ..PublishOptions::default()
        };
        Ok(archive.publish(
            id,
            options,
            &mut |_, _| {},
            &std::sync::atomic::AtomicBool::new(false),
        )?)
    })
    .await
    .map_err(|e| AppError::new("io", e.to_string()))?
}

/// The unified diff of what publishing would do to the site's file `path`.
#[tauri::command]
#[specta::specta]
pub fn publish_diff(
    state: State<'_, AppState>,
    id: i64,
    path: String,
    drafts: bool,
) -> CmdResult<String> {
    state.with_archive(|a| Ok(a.publish_diff(id, &path, drafts)?))
}

/// Starts publishing to site `id` in the background. Returns at once;
/// listen to `PublishProgressEvent` and `PublishFinishedEvent`. Refused
/// while another publish runs.
#[tauri::command]
#[specta::specta]
pub fn start_publish(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
    options: PublishOptions,
) -> CmdResult<()> {
    let db = state.archive_path()?;
    let events = app.clone();
    jobs::spawn(
        app,
        state.publish.clone(),
        "a publish",
        move |cancel| {
            let mut archive = Archive::open(&db)?;
            let mut last = Instant::now() - Duration::from_secs(1);
            let mut progress = |done: u32, total: u32| {
                if done == total || last.elapsed() >= Duration::from_millis(50) {
                    last = Instant::now();
                    let _ = PublishProgressEvent { done, total }.emit(&events);
                }
            };
            Ok(archive.publish(id, options, &mut progress, cancel)?)
        },
        |app, result| {
            let (report, error) = match result {
                Ok(report) => (Some(report), None),
                Err(e) => (None, Some(e)),
            };
            let _ = PublishFinishedEvent { report, error }.emit(app);
        },
    )
}

/// Asks the running publish to stop after the current file; every file is
/// whole and the manifest matches the folder.
#[tauri::command]
#[specta::specta]
pub fn cancel_publish(state: State<'_, AppState>) -> CmdResult<()> {
    jobs::cancel(&state.publish)
}
