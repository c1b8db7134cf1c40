//! Publishing posts into a Jekyll site folder, in three stages:
//! 1. **Plan** (`plan.rs`): every file to add, change or remove, at the
//!    path `names.rs` gives each post; a dry run stops here and lists them.
//! 2. **Write**, file by file, the manifest following ([`publish()`]
//!    carries out the plan; `write.rs` writes one file atomically).
//! 3. **Commit and push** with git, when asked ([`crate::site_git`]).
//!
//! This file holds the entry points ([`publish()`], [`file_diff`],
//! [`site_folder`]) and the types they take and give.
//!
//! **Which posts.** A post is *published* (written to `_posts/`),
//! *scheduled* (published with a date in the future: written too; Jekyll
//! builds it once the date has passed, or at once with `future: true`) or a
//! *draft* (`published: false`, a file from `_drafts/`, or no date at all),
//! written only when the site's drafts setting or [`PublishOptions::drafts`]
//! asks for it: to `_drafts/`, or where it came from in a site for a
//! `published: false` post (Jekyll leaves it out there too) and for a
//! draft whose file the site already has there (a `_posts/` file without
//! a date in its name or front matter).
//!
//! **Where.** A post imported from a Jekyll site keeps its path from the
//! `_posts/` (or `_drafts/`) folder on (nested folders too); any other post
//! gets `_posts/YYYY-MM-DD-slug.ext` as Jekyll names posts (the date in the
//! post's own offset, the slug from its file name or Jekyll's slugify of its
//! title, the extension its own). A post published back into the site it
//! came from keeps its exact name whenever the running OS can hold it
//! (`holdable.rs`: `?` and `:` are fine on Linux and macOS, not on
//! Windows); names are made safe as in [`crate::export`] only for posts
//! new to the site and where the OS refuses the name. A post whose file
//! the site already has under a name this OS refuses is left alone and
//! reported (a conflict), never written a second time under a cleaned
//! name; a renamed post's file says from what name in its `reason`.
//! Names never collide, and never leave the site folder (a symbolic link
//! on the way is refused).
//!
//! **What.** A post's stored bytes, exactly: a post imported and never
//! edited is written byte-identical to the file it came from.
//!
//! **Incremental and safe.** The site's manifest (table `site_files`)
//! remembers every file Gazette wrote there, or found there identical to a
//! post, with the hash of its bytes. A publish writes only files whose post
//! changed; removes only manifest files whose post is gone, unpublished or
//! moved; never touches a file it does not know; and reports as a conflict
//! (leaving it alone) a known file changed on disk since. A file is written
//! to a temporary file beside it and renamed over, so a cancel or a crash
//! never leaves half a file; the manifest follows file by file.

mod holdable;
mod names;
mod plan;
#[cfg(test)]
mod tests;
mod write;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::store::{Site, Store};
use holdable::TargetOs;
use plan::plan;
use write::write_atomically;

/// The names of a Jekyll site's configuration file (Jekyll's
/// `Configuration#config_files` looks for `_config.toml`, `_config.yml`
/// and `_config.yaml` in the source folder).
const CONFIG_FILES: [&str; 3] = ["_config.yml", "_config.yaml", "_config.toml"];

/// Whether folder `dir` holds a site configuration file: what makes it a
/// site that publish writes into.
fn has_config(dir: &Path) -> bool {
    CONFIG_FILES.iter().any(|c| dir.join(c).is_file())
}

/// How to publish.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PublishOptions {
    /// Only plan: write, commit and push nothing.
    pub dry_run: bool,
    /// Also write drafts to `_drafts/` (as if the site's setting were on).
    pub drafts: bool,
    /// Commit the files written (and any earlier uncommitted ones Gazette
    /// manages) with git.
    pub commit: bool,
    /// Push the branch after committing.
    pub push: bool,
}

/// What a publish does to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum FileAction {
    /// A new file.
    Add,
    /// A file Gazette knows, rewritten.
    Change,
    /// A file Gazette wrote, removed.
    Remove,
    /// Left alone: see `reason`.
    Conflict,
}

/// One file of a publish: JSON `{"path","action","id","title","reason"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PublishFile {
    /// Relative to the site folder, `/`-separated.
    pub path: String,
    /// What is (or, in a dry run, would be) done.
    pub action: FileAction,
    /// The post, when the file belongs to one that still exists.
    pub id: Option<i64>,
    /// That post's title.
    pub title: Option<String>,
    /// Why a conflict was left alone, or a note ("missing on disk").
    pub reason: Option<String>,
}

/// What a publish did (or, with `dry_run`, would do). JSON contract of
/// `gazette publish --json`: `{"site":{…},"dry_run":bool,"files":[{"path",
/// "action":"add"|"change"|"remove"|"conflict","id","title","reason"}],
/// "added":N,"changed":N,"removed":N,"conflicts":N,"unchanged":N,
/// "scheduled":N,"drafts_left_out":N,"cancelled":bool,"commit":sha|null,
/// "pushed_to":remote|null,"git_error":message|null}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PublishReport {
    /// The site.
    pub site: Site,
    /// Nothing was written.
    pub dry_run: bool,
    /// Every file added, changed, removed or in conflict, by path.
    pub files: Vec<PublishFile>,
    /// Files added.
    pub added: u32,
    /// Files changed.
    pub changed: u32,
    /// Files removed.
    pub removed: u32,
    /// Files left alone because they changed on disk or Gazette does not
    /// know them.
    pub conflicts: u32,
    /// Posts whose file is already as it should be.
    pub unchanged: u32,
    /// Published posts dated in the future among those written or
    /// unchanged.
    pub scheduled: u32,
    /// Drafts not written (drafts are off).
    pub drafts_left_out: u32,
    /// Stopped early when asked; every file is whole, the manifest matches.
    pub cancelled: bool,
    /// The commit made, if any (hex).
    pub commit: Option<String>,
    /// The remote pushed to, if the push succeeded.
    pub pushed_to: Option<String>,
    /// Why committing or pushing failed. Files written stay written and a
    /// commit made stays local; publishing again retries.
    pub git_error: Option<String>,
}

/// A post's state on a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Published,
    Scheduled,
    Draft,
}

/// Checks that `dir` is a Jekyll site folder (it has `_config.yml` or
/// `_config.toml`) and returns its canonical path.
///
/// # Errors
/// [`Error::Site`] when it is not a folder or has no Jekyll configuration.
pub fn site_folder(dir: &Path) -> Result<PathBuf> {
    let canonical = dunce::canonicalize(dir).map_err(|e| Error::Site {
        path: dir.to_path_buf(),
        reason: format!("cannot open the folder: {e}"),
    })?;
    if !canonical.is_dir() {
        return Err(Error::Site {
            path: dir.to_path_buf(),
            reason: "not a folder".into(),
        });
    }
    if !has_config(&canonical) {
        return Err(Error::Site {
            path: dir.to_path_buf(),
            reason: "not a Jekyll site: it has no _config.yml".into(),
        });
    }
    Ok(canonical)
}

/// Publishes every post of the archive to `site` (see the module docs).
/// `progress` gets (done, total) over the files to write or remove;
/// `cancel` is checked between files.
///
/// # Errors
/// [`Error::Site`] when the site folder is gone or not a Jekyll site;
/// [`Error::Git`] before anything is written, when committing is asked and
/// the repository cannot be used (not a git work tree, staged changes in the
/// index); [`Error::Io`] when a file cannot be written (files written before
/// it stay, and are in the manifest); database errors. A failed commit or
/// push is not an error: see [`PublishReport::git_error`].
pub fn publish(
    store: &mut Store,
    site: &Site,
    options: PublishOptions,
    progress: &mut dyn FnMut(u32, u32),
    cancel: &AtomicBool,
) -> Result<PublishReport> {
    publish_as(store, site, options, TargetOs::current(), progress, cancel)
}

/// [`publish()`] under the naming rules of `os` (the running OS in
/// production; tests run Windows' rules on Linux).
fn publish_as(
    store: &mut Store,
    site: &Site,
    options: PublishOptions,
    os: TargetOs,
    progress: &mut dyn FnMut(u32, u32),
    cancel: &AtomicBool,
) -> Result<PublishReport> {
    let root = site_folder(Path::new(&site.path))?;
    let repo = if options.commit && !options.dry_run {
        let repo = crate::site_git::SiteRepo::open(&root)?;
        repo.check_index_clean()?;
        Some(repo)
    } else {
        None
    };
    let plan = plan(store, site, &root, options.drafts || site.drafts, os)?;
    let mut report = PublishReport {
        site: site.clone(),
        dry_run: options.dry_run,
        files: Vec::new(),
        added: 0,
        changed: 0,
        removed: 0,
        conflicts: 0,
        unchanged: plan.unchanged,
        scheduled: plan.scheduled,
        drafts_left_out: plan.drafts_left_out,
        cancelled: false,
        commit: None,
        pushed_to: None,
        git_error: None,
    };
    let total = plan
        .steps
        .iter()
        .filter(|s| !s.adopt && s.file.action != FileAction::Conflict)
        .count() as u32;
    let mut done = 0;
    let mut removed: Vec<String> = Vec::new();
    for step in plan.steps {
        if step.adopt {
            if !options.dry_run {
                store.record_site_file(
                    site.id,
                    &step.file.path,
                    step.file.id,
                    step.new_hash.as_deref().unwrap_or_default(),
                )?;
            }
            continue;
        }
        let action = step.file.action;
        if action != FileAction::Conflict && !options.dry_run {
            if cancel.load(Ordering::Relaxed) {
                report.cancelled = true;
                break;
            }
            match action {
                FileAction::Add | FileAction::Change => {
                    let id = step.file.id.expect("a written file has a post");
                    let bytes = store.post_raw(id)?;
                    write_atomically(&root, &step.file.path, &bytes)?;
                    let hash = blake3::hash(&bytes).to_hex().to_string();
                    store.record_site_file(site.id, &step.file.path, Some(id), &hash)?;
                }
                FileAction::Remove => {
                    let path = root.join(&step.file.path);
                    match std::fs::remove_file(&path) {
                        Ok(()) => {}
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                        Err(source) => return Err(Error::Io { path, source }),
                    }
                    store.forget_site_file(site.id, &step.file.path)?;
                    removed.push(step.file.path.clone());
                }
                FileAction::Conflict => {}
            }
            done += 1;
            progress(done, total);
        }
        match action {
            FileAction::Add => report.added += 1,
            FileAction::Change => report.changed += 1,
            FileAction::Remove => report.removed += 1,
            FileAction::Conflict => report.conflicts += 1,
        }
        report.files.push(step.file);
    }
    if options.dry_run {
        return Ok(report);
    }
    store.mark_published(site.id)?;
    if let Some(repo) = repo {
        let mut expected: HashMap<String, Option<String>> =
            removed.into_iter().map(|p| (p, None)).collect();
        expected.extend(
            store
                .site_files(site.id)?
                .into_iter()
                .map(|f| (f.path, Some(f.content_hash))),
        );
        match repo.commit_site_files(&expected, &commit_message(&report)) {
            Ok(commit) => report.commit = commit,
            Err(e) => report.git_error = Some(e.to_string()),
        }
        if options.push && report.git_error.is_none() {
            match repo.push(site.remote.as_deref()) {
                Ok(remote) => report.pushed_to = Some(remote),
                Err(e) => report.git_error = Some(e.to_string()),
            }
        }
    }
    Ok(report)
}

/// A unified diff of what publishing would do to the site's file `path`:
/// from the file on disk (or nothing) to the post's bytes (or nothing, for
/// a removal). Bytes that are not UTF-8 are shown lossily.
///
/// # Errors
/// [`Error::Site`]; [`Error::BadRequest`] when the plan has no such file;
/// database errors.
pub fn file_diff(store: &Store, site: &Site, path: &str, drafts: bool) -> Result<String> {
    let root = site_folder(Path::new(&site.path))?;
    let plan = plan(
        store,
        site,
        &root,
        drafts || site.drafts,
        TargetOs::current(),
    )?;
    let step = plan
        .steps
        .iter()
        .find(|s| s.file.path == path)
        .ok_or_else(|| Error::BadRequest(format!("publishing does not change {path}")))?;
    let old = std::fs::read(root.join(path)).unwrap_or_default();
    let new = match (step.file.action, step.file.id) {
        (FileAction::Remove, _) | (_, None) => Vec::new(),
        (_, Some(id)) => store.post_raw(id)?,
    };
    let text = |b: &[u8]| {
        crate::post::decode(b)
            .map(|(t, _)| t)
            .unwrap_or_else(|_| String::from_utf8_lossy(b).into_owned())
    };
    Ok(crate::editing::unified_diff(
        &text(&old),
        &text(&new),
        &format!("site/{path}"),
        &format!("gazette/{path}"),
    ))
}

/// The commit message: a summary line, then the files by kind.
fn commit_message(report: &PublishReport) -> String {
    let mut message = format!(
        "Publish from Gazette: {} added, {} changed, {} removed\n",
        report.added, report.changed, report.removed
    );
    for (action, heading) in [
        (FileAction::Add, "Added"),
        (FileAction::Change, "Changed"),
        (FileAction::Remove, "Removed"),
    ] {
        let files: Vec<&PublishFile> = report.files.iter().filter(|f| f.action == action).collect();
        if files.is_empty() {
            continue;
        }
        message.push_str(&format!("\n{heading}:\n"));
        for f in files {
            match &f.title {
                Some(title) => message.push_str(&format!("- {} ({title})\n", f.path)),
                None => message.push_str(&format!("- {}\n", f.path)),
            }
        }
    }
    message
}
