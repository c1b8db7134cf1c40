//! Following sites: sync jobs, the conflicts they leave, and the marks on
//! the posts they changed.
//!
//! One sync runs at a time, on its own archive connection off the UI
//! thread; requests for other sites while it runs wait in a queue (a site
//! asked for twice is synced once). A sync is asked for by the user (the
//! toolbar's Sync, File → Sync All Sites), at start-up for every followed
//! site (one synced before), and by the folder watcher (`watch.rs`) when a
//! followed site's files change.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use gazette_core::{
    Archive, Conflict, ConflictSides, ImportProgress, Resolution, SyncOptions, SyncReport,
};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, State};
use tauri_specta::Event;

use crate::error::{AppError, CmdResult};
use crate::state::AppState;
use crate::watch;

/// Progress of the running sync (at most ~10 a second).
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct SyncProgressEvent {
    /// The site being synced.
    pub site_id: i64,
    /// Its name.
    pub site: String,
    /// Changed files applied.
    pub done: u32,
    /// Changed files to apply (0 while pulling and looking for changes).
    pub total: u32,
    /// Sites still waiting after this one.
    pub queued: u32,
}

/// One site's sync ended: its report, or the error that stopped it.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct SyncFinishedEvent {
    /// The site synced.
    pub site_id: i64,
    /// Its name.
    pub site: String,
    /// Started by the app (start-up, folder watcher), not the user.
    pub automatic: bool,
    /// What the sync did.
    pub report: Option<SyncReport>,
    /// Why it stopped, if it did (the archive is consistent; the next sync
    /// completes it).
    pub error: Option<AppError>,
    /// Sites still waiting after this one.
    pub queued: u32,
}

/// Whether a sync runs, for a window that missed its first events.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SyncStatus {
    /// A sync is running or queued.
    pub running: bool,
    /// The last sync that ended, if any since the app started.
    pub last: Option<SyncFinishedEvent>,
}

/// How the user resolves a conflict (see `gazette resolve`).
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(tag = "take", content = "text", rename_all = "lowercase")]
pub enum ResolveChoice {
    /// Keep Gazette's text (Keep mine).
    Ours,
    /// Take the upstream file's text (Take theirs); on an edit/delete
    /// conflict, delete the post.
    Theirs,
    /// Make the post this text (an edited merge).
    Merged(String),
}

/// Syncs sites `ids` (empty: every site) in the background, one after
/// another. Returns at once; listen to `SyncProgressEvent` and
/// `SyncFinishedEvent` (one per site).
#[tauri::command]
#[specta::specta]
pub fn start_sync(app: AppHandle, state: State<'_, AppState>, ids: Vec<i64>) -> CmdResult<()> {
    let ids = if ids.is_empty() {
        state.with_archive(|a| Ok(a.sites()?.into_iter().map(|s| s.id).collect()))?
    } else {
        ids
    };
    request(&app, &ids, Asker::User);
    Ok(())
}

/// Stops the running sync after its current file and forgets the queued
/// ones; the next sync of that site completes it.
#[tauri::command]
#[specta::specta]
pub fn cancel_sync(state: State<'_, AppState>) -> CmdResult<()> {
    let queue = state.sync_queue.lock();
    queue
        .map_err(|_| AppError::new("busy", "sync queue lock poisoned"))?
        .clear();
    crate::jobs::cancel(&state.sync)
}

/// Whether a sync runs, and the last one's report.
#[tauri::command]
#[specta::specta]
pub fn sync_status(state: State<'_, AppState>) -> CmdResult<SyncStatus> {
    let running = state
        .sync
        .lock()
        .map_err(|_| AppError::new("busy", "sync lock poisoned"))?
        .is_some();
    let last = state
        .last_sync
        .lock()
        .map_err(|_| AppError::new("busy", "sync lock poisoned"))?
        .clone();
    Ok(SyncStatus { running, last })
}

/// Every conflict syncs left, oldest first.
#[tauri::command]
#[specta::specta]
pub async fn conflicts(state: State<'_, AppState>) -> CmdResult<Vec<Conflict>> {
    state.readers.read(|a| Ok(a.conflicts()?)).await
}

/// The three sides of post `id`'s conflict, for the three-way view.
#[tauri::command]
#[specta::specta]
pub fn conflict_sides(state: State<'_, AppState>, id: i64) -> CmdResult<ConflictSides> {
    state.with_archive(|a| Ok(a.conflict_sides(id)?))
}

/// Resolves post `id`'s conflict; returns the operation to undo (`null`
/// when keeping Gazette's text changed no bytes).
#[tauri::command]
#[specta::specta]
pub fn resolve_conflict(
    state: State<'_, AppState>,
    id: i64,
    choice: ResolveChoice,
) -> CmdResult<Option<i64>> {
    let resolution = match choice {
        ResolveChoice::Ours => Resolution::Ours,
        ResolveChoice::Theirs => Resolution::Theirs,
        ResolveChoice::Merged(text) => Resolution::Merged(text.into_bytes()),
    };
    state.with_archive(|a| Ok(a.resolve_conflict(id, resolution)?))
}

/// The posts a sync changed that were not opened since (the list's badge).
#[tauri::command]
#[specta::specta]
pub async fn sync_marks(state: State<'_, AppState>) -> CmdResult<Vec<i64>> {
    state.readers.read(|a| Ok(a.sync_marks()?)).await
}

/// Clears post `id`'s badge (it was opened); returns whether it had one.
#[tauri::command]
#[specta::specta]
pub fn clear_sync_mark(state: State<'_, AppState>, id: i64) -> CmdResult<bool> {
    state.with_archive(|a| Ok(a.clear_sync_mark(id)?))
}

/// Who asked for a sync, weakest first: a queued request asked again by a
/// stronger one becomes that one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Asker {
    /// The folder watcher: files changed in the site's folder (a `git
    /// pull` in a terminal, an editor saving). It takes in the folder as it
    /// is and does not pull: the change is already there, and a fetch of
    /// its own would race the user's git for the repository's refs.
    Watcher,
    /// The app at start-up or when an archive is opened: pulls first.
    App,
    /// The user (the Sync menu, `F5`): pulls first, and its report shows
    /// even when nothing was new.
    User,
}

impl Asker {
    /// Asked by the app rather than the user.
    pub fn automatic(self) -> bool {
        self != Asker::User
    }

    /// Whether the sync pulls the site's git repository first.
    pub fn pulls(self) -> bool {
        self != Asker::Watcher
    }
}

/// Asks for sites `ids` to be synced: queued, and the job started when
/// none runs.
pub fn request(app: &AppHandle, ids: &[i64], asker: Asker) {
    let state = app.state::<AppState>();
    let Ok(mut running) = state.sync.lock() else {
        return;
    };
    if let Ok(mut queue) = state.sync_queue.lock() {
        for &id in ids {
            match queue.iter_mut().find(|(queued, _)| *queued == id) {
                // The user's request makes a queued automatic one theirs.
                Some(entry) => entry.1 = entry.1.max(asker),
                None => queue.push((id, asker)),
            }
        }
    }
    if running.is_some() {
        return;
    }
    let cancel = Arc::new(AtomicBool::new(false));
    *running = Some(cancel.clone());
    drop(running);
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || run(&app, &cancel));
}

/// The job: syncs queued sites until the queue is empty.
fn run(app: &AppHandle, cancel: &AtomicBool) {
    let state = app.state::<AppState>();
    loop {
        let (site_id, asker, queued) = {
            // Under the slot's lock, so a request made while the job ends is
            // never lost: either seen here, or it starts a new job.
            let Ok(mut running) = state.sync.lock() else {
                return;
            };
            let Ok(mut queue) = state.sync_queue.lock() else {
                return;
            };
            if queue.is_empty() {
                *running = None;
                break;
            }
            let (id, asker) = queue.remove(0);
            (id, asker, queue.len() as u32)
        };
        // A publish writing the site's folder goes first.
        while state.publish.lock().is_ok_and(|p| p.is_some()) && !cancel.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(200));
        }
        let finished = sync_one(app, site_id, asker, queued, cancel);
        // A cancel stops this sync and empties the queue; a request made
        // since runs.
        cancel.store(false, Ordering::SeqCst);
        if let Ok(mut last) = state.last_sync.lock() {
            *last = Some(finished.clone());
        }
        let _ = finished.emit(app);
    }
    // A site synced for the first time is followed from now on.
    watch::follow(app);
}

fn sync_one(
    app: &AppHandle,
    site_id: i64,
    asker: Asker,
    queued: u32,
    cancel: &AtomicBool,
) -> SyncFinishedEvent {
    let state = app.state::<AppState>();
    let mut name = String::new();
    let result = state.archive_path().and_then(|db| {
        // Its own connection, so browsing and editing go on (WAL).
        let mut archive = Archive::open(&db)?;
        let site = archive
            .sites()?
            .into_iter()
            .find(|s| s.id == site_id)
            .ok_or_else(|| AppError::new("bad_request", format!("no site {site_id}")))?;
        name = site.name.clone();
        let _ = SyncProgressEvent {
            site_id,
            site: name.clone(),
            done: 0,
            total: 0,
            queued,
        }
        .emit(app);
        let mut last = Instant::now() - Duration::from_secs(1);
        let mut progress = |p: &ImportProgress| {
            if p.done >= p.total || last.elapsed() >= Duration::from_millis(100) {
                last = Instant::now();
                let _ = SyncProgressEvent {
                    site_id,
                    site: site.name.clone(),
                    done: p.done,
                    total: p.total,
                    queued,
                }
                .emit(app);
            }
        };
        let options = SyncOptions {
            pull: asker.pulls(),
        };
        Ok(archive.sync_site(site_id, options, &mut progress, cancel)?)
    });
    let (report, error) = match result {
        Ok(report) => (Some(report), None),
        Err(e) => (None, Some(e)),
    };
    SyncFinishedEvent {
        site_id,
        site: name,
        automatic: asker.automatic(),
        report,
        error,
        queued,
    }
}
