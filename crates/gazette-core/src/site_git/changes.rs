//! What changed in a site's work tree since a commit, as git sees it: the
//! diff from that commit's tree to the work tree (committed, staged,
//! unstaged and untracked changes alike), with renames found by git's
//! similarity detection. Only the changed paths are read, so a sync of a
//! 30,000-post site where three files changed reads three files.

use git2::{Delta, DiffFindOptions, DiffOptions, Oid};

use super::{git_error, SiteRepo};
use crate::error::{Error, Result};

/// One changed path, relative to the site folder, `/`-separated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathChange {
    /// A file that was not there (or not tracked) at the commit.
    Added(String),
    /// A file whose bytes may differ from the commit's.
    Modified(String),
    /// A file the commit had that is gone.
    Deleted(String),
    /// A file git sees renamed (its bytes the same or similar): from, to.
    Renamed(String, String),
}

impl SiteRepo {
    /// The changes in the site folder from commit `since` to the work tree
    /// (see the module docs); `None` when `since` is not in the repository
    /// any more (a rewritten history), so the caller reads the whole
    /// folder instead.
    ///
    /// # Errors
    /// [`Error::Git`] when git cannot read the trees or the work tree.
    pub fn changes_since(&self, since: &str) -> Result<Option<Vec<PathChange>>> {
        let Ok(oid) = Oid::from_str(since) else {
            return Ok(None);
        };
        let Ok(commit) = self.repo.find_commit(oid) else {
            return Ok(None);
        };
        let tree = commit
            .tree()
            .map_err(|e| git_error("cannot read the synced commit", &e))?;
        let prefix = self.prefix();
        let mut options = DiffOptions::new();
        options
            .include_untracked(true)
            .recurse_untracked_dirs(true)
            .include_typechange(false);
        if !prefix.is_empty() {
            options.pathspec(&prefix);
        }
        let mut diff = self
            .repo
            .diff_tree_to_workdir_with_index(Some(&tree), Some(&mut options))
            .map_err(|e| git_error("cannot compare the work tree with the synced commit", &e))?;
        let mut find = DiffFindOptions::new();
        find.renames(true).for_untracked(true);
        diff.find_similar(Some(&mut find))
            .map_err(|e| git_error("cannot find renamed files", &e))?;
        let relative = |path: Option<&std::path::Path>| -> Option<String> {
            let path = path?.to_string_lossy().replace('\\', "/");
            path.strip_prefix(&prefix).map(str::to_string)
        };
        let mut changes = Vec::new();
        for delta in diff.deltas() {
            let old = relative(delta.old_file().path());
            let new = relative(delta.new_file().path());
            let change = match (delta.status(), old, new) {
                (Delta::Added | Delta::Untracked | Delta::Copied, _, Some(new)) => {
                    PathChange::Added(new)
                }
                (Delta::Modified | Delta::Typechange, _, Some(new)) => PathChange::Modified(new),
                (Delta::Deleted, Some(old), _) => PathChange::Deleted(old),
                (Delta::Renamed, Some(old), Some(new)) => PathChange::Renamed(old, new),
                // A rename into or out of the site folder.
                (Delta::Renamed, None, Some(new)) => PathChange::Added(new),
                (Delta::Renamed, Some(old), None) => PathChange::Deleted(old),
                (Delta::Unmodified | Delta::Ignored | Delta::Unreadable, ..) => continue,
                (status, old, new) => {
                    return Err(Error::Git(format!(
                        "an unexpected change {status:?} between {old:?} and {new:?}"
                    )))
                }
            };
            changes.push(change);
        }
        Ok(Some(changes))
    }
}
