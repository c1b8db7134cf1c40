//! Finding what changed in a site folder since its last sync, reading as
//! little as possible: git's diff from the last synced commit when the site
//! is a git work tree synced before, else a walk of the folder that
//! re-hashes only the files whose size or modification time differ from
//! what the last sync saw.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::import::walk;
use crate::site_git::changes::PathChange;
use crate::site_git::SiteRepo;
use crate::store::{SeenFile, SitePost};

/// The changed paths of a site, relative to it and `/`-separated.
#[derive(Debug, Default)]
pub(super) struct Changes {
    /// Files to look at: new, or maybe changed.
    pub present: Vec<String>,
    /// Paths whose file is gone.
    pub gone: Vec<String>,
    /// Files git sees renamed (from, to); `to` is not in `present`.
    pub renames: Vec<(String, String)>,
    /// Files of the walk whose size and time are as the last sync saw
    /// them (not read), with what was seen.
    pub same: Vec<(String, SeenFile)>,
    /// A `_config.yml` changed: every post's view is derived again.
    pub config_changed: bool,
    /// The folder was walked (no usable git history): what the sync sees
    /// is recorded for the next size+mtime check.
    pub walked: bool,
}

impl Changes {
    /// Nothing to apply: no file added, changed, gone or moved, and the
    /// site's `_config.yml` as it was.
    pub(super) fn is_empty(&self) -> bool {
        self.present.is_empty()
            && self.gone.is_empty()
            && self.renames.is_empty()
            && !self.config_changed
    }
}

/// Whether a site-relative path is one a sync reads as a post: a post
/// extension, outside `_site`, `.git` and `node_modules` (as import walks).
pub(super) fn is_post_path(relative: &str) -> bool {
    !relative
        .split('/')
        .any(|part| matches!(part, "_site" | ".git" | "node_modules"))
        && walk::is_post_file(Path::new(relative))
}

fn is_config(relative: &str) -> bool {
    relative.rsplit('/').next() == Some("_config.yml")
}

/// A file's size and modification time (ns since 1970), if it can be read.
pub(super) fn stat(path: &Path) -> Option<(u64, i64)> {
    let meta = std::fs::metadata(path).ok()?;
    let mtime = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i64);
    Some((meta.len(), mtime))
}

/// What git sees changed from commit `synced` to the work tree; `None`
/// when git cannot tell (the commit is gone), and the folder is walked.
pub(super) fn from_git(repo: &SiteRepo, synced: &str) -> crate::error::Result<Option<Changes>> {
    {
        if let Some(list) = repo.changes_since(synced)? {
            let mut changes = Changes::default();
            for change in list {
                match change {
                    PathChange::Added(p) | PathChange::Modified(p) => {
                        changes.config_changed |= is_config(&p);
                        if is_post_path(&p) {
                            changes.present.push(p);
                        }
                    }
                    PathChange::Deleted(p) => {
                        changes.config_changed |= is_config(&p);
                        if is_post_path(&p) {
                            changes.gone.push(p);
                        }
                    }
                    PathChange::Renamed(from, to) => {
                        changes.config_changed |= is_config(&from) || is_config(&to);
                        match (is_post_path(&from), is_post_path(&to)) {
                            (true, true) => changes.renames.push((from, to)),
                            (true, false) => changes.gone.push(from),
                            (false, true) => changes.present.push(to),
                            (false, false) => {}
                        }
                    }
                }
            }
            return Ok(Some(changes));
        }
    }
    Ok(None)
}

/// The walk: every post file under `root` whose size or time differs from
/// `seen` (or that was not seen) is `present`; a path seen before, in the
/// manifest, or (before the first walk) of a post imported from a file,
/// whose file is gone is `gone`.
/// What changed under `root` since the last sync, by walking it (no usable
/// git history): `posts` are the archive's posts of the site by relative
/// path, `seen` what the last walk saw, `manifest` the site files Gazette
/// knows.
pub(super) fn walk_changes(
    root: &Path,
    posts: &HashMap<String, SitePost>,
    seen: &HashMap<String, SeenFile>,
    manifest: &HashSet<String>,
) -> Changes {
    let mut changes = Changes {
        walked: true,
        ..Changes::default()
    };
    let (found, _) = walk::expand(&[root.to_path_buf()]);
    let mut here: HashSet<String> = HashSet::new();
    for item in found {
        let walk::Found::Post(path) = item else {
            continue;
        };
        let Ok(relative) = path.strip_prefix(root) else {
            continue;
        };
        let relative = relative.to_string_lossy().replace('\\', "/");
        here.insert(relative.clone());
        match (seen.get(&relative), stat(&path)) {
            (Some(was), Some((size, mtime)))
                if was.size == size && was.mtime_ns == mtime && posts.contains_key(&relative) =>
            {
                changes.same.push((relative, was.clone()));
            }
            _ => changes.present.push(relative),
        }
    }
    let mut gone: Vec<String> = seen
        .keys()
        .chain(manifest.iter())
        // Before the first walk, a post imported from a file that is gone
        // now was deleted; after it, what that walk saw tells.
        .chain(
            posts
                .iter()
                .filter(|(_, p)| p.imported && seen.is_empty())
                .map(|(k, _)| k),
        )
        .filter(|p| !here.contains(*p) && is_post_path(p))
        .cloned()
        .collect();
    gone.sort();
    gone.dedup();
    changes.gone = gone;
    changes
}
