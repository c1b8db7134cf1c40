//! Following a living site: a sync pulls the site's git repository, finds
//! what changed in its folder since the last sync, and applies it to the
//! archive without ever losing an edit made in Gazette.
//!
//! 1. **Pull** ([`crate::site_git::pull`]): fetch the branch's upstream,
//!    fast-forward or merge cleanly, or change nothing and say why. A
//!    failed pull is reported in `git_error`; the sync goes on with what is
//!    on disk.
//! 2. **Detect** (`detect`): git's diff from the last synced commit to
//!    the work tree, else a walk re-hashing only files whose size or time
//!    changed.
//! 3. **Apply** (`apply`): added files become posts (as import makes
//!    them); a changed file updates its post when the post was not edited
//!    in Gazette since, else is merged three ways (base: the file's bytes as
//!    last imported or synced; ours: the post; theirs: the file) with
//!    `diffy`, or becomes a conflict when the changes overlap (the post
//!    keeps its text, the file's waits beside it); a deleted file removes
//!    its post unless edited (a conflict then); a moved file (git's rename,
//!    or a gone path whose bytes appear at a new one) moves its post.
//!
//! Everything one sync changes is one operation (kind `sync`), undone by
//! its id (`gazette undo ID`). The archive is written in transactions of
//! [`CHUNK`] files; the synced commit advances only in the last one, so a
//! sync killed at any point leaves a consistent archive and the next sync
//! sees the same changes again and completes them (each step is idempotent:
//! a file already applied matches its post's source bytes).

mod apply;
mod detect;
pub mod resolve;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

use crate::error::Result;
use crate::import::{ImportFailure, ImportProgress};
use crate::site_git::SiteRepo;
use crate::store::{SeenFile, Site, SitePost, Store};

/// Files applied per transaction.
pub const CHUNK: usize = 500;

/// How to sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncOptions {
    /// Pull the site's git repository first (default `true`).
    pub pull: bool,
}

impl Default for SyncOptions {
    fn default() -> SyncOptions {
        SyncOptions { pull: true }
    }
}

/// The commits a pull moved the site's branch between.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PulledRange {
    /// HEAD before, full SHA-1.
    pub from: String,
    /// HEAD after.
    pub to: String,
}

/// A conflict found by a sync: `{"id","path","kind"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SyncConflict {
    /// The post (it keeps Gazette's text).
    pub id: i64,
    /// The file, relative to the site.
    pub path: String,
    /// `edit/edit` (both changed, overlapping) or `edit/delete` (edited
    /// in Gazette, deleted upstream).
    pub kind: String,
}

/// What a sync did. The JSON contract of `gazette sync --json`:
/// `{"pulled":{"from","to"}|null,"added","updated","merged","removed",
/// "moved","unchanged","conflicts":[{"id","path","kind"}],
/// "failed":[{"path","line","reason"}],"git_error":null|"…"}`, plus
/// `operation_id` (the operation to undo, `null` when nothing changed),
/// `cancelled` and `files_read`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SyncReport {
    /// The commits pulled, `null` when the branch did not move (nothing
    /// new, no git, no remote, `--no-pull`, or a pull refused).
    pub pulled: Option<PulledRange>,
    /// Posts added for new files.
    pub added: u32,
    /// Posts updated from their changed file (not edited in Gazette); also
    /// posts whose view changed with their site's `_config.yml`.
    pub updated: u32,
    /// Posts edited in Gazette and changed upstream, merged cleanly.
    pub merged: u32,
    /// Posts removed with their deleted file.
    pub removed: u32,
    /// Posts whose file moved to a new path.
    pub moved: u32,
    /// Posts of the site left as they were.
    pub unchanged: u32,
    /// Posts waiting for a person (see [`resolve`]).
    pub conflicts: Vec<SyncConflict>,
    /// Files that could not be read as posts (path, line, reason).
    pub failed: Vec<ImportFailure>,
    /// Why the pull did not happen, when git refused or failed.
    pub git_error: Option<String>,
    /// The operation holding every change, `null` when nothing changed.
    pub operation_id: Option<i64>,
    /// The sync was cancelled before the end (the next one completes it).
    pub cancelled: bool,
    /// Post files read (the rest were known unchanged from git or from
    /// their size and time).
    pub files_read: u32,
}

/// Relative path (site-relative, `/`) of an absolute source path under
/// `root`.
fn relative(root: &Path, source_path: &str) -> Option<String> {
    Path::new(source_path)
        .strip_prefix(root)
        .ok()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
}

/// Syncs `site` (see the module docs), calling `progress` after each file
/// applied and checking `cancel` between files.
///
/// # Errors
/// Only what stops the whole sync: the database failing, or the site
/// folder missing. Git problems are in `git_error`, broken files in
/// `failed`.
pub fn sync(
    store: &mut Store,
    site: &Site,
    options: SyncOptions,
    progress: &mut dyn FnMut(&ImportProgress),
    cancel: &AtomicBool,
) -> Result<SyncReport> {
    let root = Path::new(&site.path).to_path_buf();
    if !root.is_dir() {
        return Err(crate::error::Error::BadRequest(format!(
            "the site folder {} is not there",
            root.display()
        )));
    }
    let mut report = SyncReport::default();
    let repo = SiteRepo::open(&root).ok();
    let manifest: HashMap<String, String> = store
        .site_files(site.id)?
        .into_iter()
        .map(|f| (f.path, f.content_hash))
        .collect();
    if let (true, Some(repo)) = (options.pull, repo.as_ref()) {
        let prefix = repo.prefix();
        let workdir = repo.workdir().to_path_buf();
        // A work-tree file is Gazette's when the manifest holds its bytes.
        let ours = |path: &str| {
            path.strip_prefix(&prefix)
                .and_then(|p| manifest.get(p))
                .is_some_and(|hash| {
                    std::fs::read(workdir.join(path))
                        .is_ok_and(|b| blake3::hash(&b).to_hex().as_str() == hash)
                })
        };
        match repo.pull(site.remote.as_deref(), &ours) {
            Ok(Some(p)) if p.from != p.to => {
                report.pulled = Some(PulledRange {
                    from: p.from,
                    to: p.to,
                })
            }
            Ok(_) => {}
            Err(crate::error::Error::Git(message)) => report.git_error = Some(message),
            Err(e) => report.git_error = Some(e.to_string()),
        }
    }
    let head = repo.as_ref().and_then(|r| r.head_id().ok().flatten());
    let synced = store.synced_commit(site.id)?;
    let from_git = match (repo.as_ref(), synced.as_deref().filter(|_| head.is_some())) {
        (Some(repo), Some(synced)) => detect::from_git(repo, synced)?,
        _ => None,
    };
    // Nothing new from git: the site's posts need not even be loaded.
    let nothing_new = from_git.as_ref().is_some_and(detect::Changes::is_empty);
    let posts: HashMap<String, SitePost> = if nothing_new {
        HashMap::new()
    } else {
        store
            .site_posts(&site.path)?
            .into_iter()
            .filter_map(|(path, post)| relative(&root, &path).map(|r| (r, post)))
            .collect()
    };
    let changes = match from_git {
        Some(changes) => changes,
        None => {
            let seen = store.seen_files(site.id)?;
            let known: HashSet<String> = manifest.keys().cloned().collect();
            detect::walk_changes(&root, &posts, &seen, &known)
        }
    };
    let config_changed = changes.config_changed;
    let mut applier = apply::Applier::new(store, site, &root, posts, progress, cancel)?;
    applier.apply(changes, &mut report)?;
    let seen_now = applier.seen_now();
    drop(applier);
    if report.cancelled || cancel.load(Ordering::Relaxed) {
        report.cancelled = true;
        return Ok(report);
    }
    if config_changed {
        // Views follow the new `_config.yml`: import derives them again
        // from the stored bytes (edits kept) for every unchanged file.
        let again = crate::import::import_with(
            store,
            std::slice::from_ref(&root),
            crate::import::ImportOptions::default(),
            &mut |_| {},
            cancel,
        )?;
        report.updated += again.updated;
    }
    let writer = store.writer()?;
    if let Some(files) = seen_now {
        writer.set_seen_files(site.id, &files)?;
    }
    writer.set_synced(site.id, head.as_deref())?;
    if let Some(op) = report.operation_id {
        let ids: Vec<i64> = report.conflicts.iter().map(|c| c.id).collect();
        writer.mark_synced(op, &ids)?;
    }
    writer.commit()?;
    let changed = report.added + report.updated + report.merged + report.moved;
    let total = store.count_site_posts(&site.path)?;
    report.unchanged = total.saturating_sub(changed + report.conflicts.len() as u32);
    Ok(report)
}

/// What a sync kept of a file for the next size+mtime check.
pub(crate) type Seen = Vec<(String, SeenFile)>;
