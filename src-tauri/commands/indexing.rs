//! Search indexing as a background job. An import in the app stores its
//! posts without their search index entries (so it goes at the speed of the
//! database alone) and then asks for this job, which indexes them in batches
//! with progress events. It also runs when the app starts and when another
//! archive is opened, for posts an earlier run or an older Gazette left
//! unindexed. After it, the job builds the derived search index when the
//! archive has none, or applies the changes to it. One job at a time: a request while it runs makes it look again
//! when it ends.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use gazette_core::{Archive, IndexProgress};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, State};
use tauri_specta::Event;

use crate::error::{AppError, CmdResult};
use crate::state::AppState;

/// Progress of the running indexing job (after each batch of posts).
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct IndexProgressEvent(pub IndexProgress);

/// The indexing job ended: how many posts it indexed, or the error that
/// stopped it (the posts left stay pending for the next run).
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct IndexFinishedEvent {
    /// Posts indexed by this job.
    pub indexed: u32,
    /// Why it stopped early, if it did.
    pub error: Option<AppError>,
}

/// Whether the search indexing job runs.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct IndexStatus {
    /// The job is running (a window that opens meanwhile shows its bar
    /// before the next progress event).
    pub running: bool,
}

/// Whether the search index is being built (for a window that missed the
/// job's first events; word searches say how many posts wait).
#[tauri::command]
#[specta::specta]
pub fn index_status(state: State<'_, AppState>) -> CmdResult<IndexStatus> {
    let running = state
        .indexing
        .lock()
        .map_err(|_| AppError::new("busy", "indexing lock poisoned"))?
        .is_some();
    Ok(IndexStatus { running })
}

/// Starts indexing the open archive's pending posts (the UI's Retry after
/// the job stopped on an error). Returns at once; listen to
/// `IndexProgressEvent` and `IndexFinishedEvent`.
#[tauri::command]
#[specta::specta]
pub fn start_indexing(app: AppHandle) -> CmdResult<()> {
    request(&app, false);
    Ok(())
}

/// Asks for the open archive's pending posts to be indexed: starts the job,
/// or, if it runs, makes it look again when it ends. With `restart` (another
/// archive was opened), the running job stops at its next batch and starts
/// over on the archive open now.
pub fn request(app: &AppHandle, restart: bool) {
    let state = app.state::<AppState>();
    let Ok(mut running) = state.indexing.lock() else {
        return;
    };
    state.index_again.store(true, Ordering::SeqCst);
    if let Some(cancel) = running.as_ref() {
        if restart {
            cancel.store(true, Ordering::SeqCst);
        }
        return;
    }
    let cancel = Arc::new(AtomicBool::new(false));
    *running = Some(cancel.clone());
    drop(running);
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || run(&app, &cancel));
}

/// The job: indexes the open archive's pending posts until no request is
/// left, then emits [`IndexFinishedEvent`].
fn run(app: &AppHandle, cancel: &AtomicBool) {
    let state = app.state::<AppState>();
    let mut indexed = 0;
    let mut error = None;
    loop {
        {
            // Checked under the slot's lock, so a request made while the job
            // ends is never lost: either seen here, or it starts a new job.
            let Ok(mut running) = state.indexing.lock() else {
                return;
            };
            if !state.index_again.swap(false, Ordering::SeqCst) {
                *running = None;
                break;
            }
        }
        cancel.store(false, Ordering::SeqCst);
        let mut last = Instant::now() - Duration::from_secs(1);
        let mut progress = |p: IndexProgress| {
            if p.done >= p.total || last.elapsed() >= Duration::from_millis(100) {
                last = Instant::now();
                let _ = IndexProgressEvent(p).emit(app);
            }
        };
        // Its own connection, so browsing and editing go on (WAL).
        let result = state.archive_path().and_then(|db| {
            let mut archive = Archive::open(&db)?;
            let indexed = archive.index_pending(&mut progress, cancel)?;
            // The derived search index (issue 18): built once, in the
            // background as this job does; then brought up to date with
            // what was just indexed, so the app's searches find it current.
            if archive.search_index_status()?.is_none() && !cancel.load(Ordering::SeqCst) {
                archive.build_search_index(&mut progress, cancel)?;
            }
            Ok(indexed)
        });
        match result {
            Ok(n) => indexed += n,
            Err(e) => error = Some(e),
        }
    }
    let _ = IndexFinishedEvent { indexed, error }.emit(app);
}
