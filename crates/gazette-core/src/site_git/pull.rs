//! Pulling a site's upstream branch before a sync: fetch, then
//! fast-forward, or merge when both sides moved and git merges them without
//! a conflict; otherwise nothing changes and the reason is given.
//!
//! What `git pull` does, with two refusals of our own: a work tree with
//! uncommitted changes to files Gazette did not write is never touched, and
//! a merge that would conflict is not started (no conflict markers are ever
//! left in the site).

use std::path::Path;

use git2::{build::CheckoutBuilder, AutotagOption, ErrorCode, FetchOptions, StatusOptions};

use super::{credentials, git_error, SiteRepo};
use crate::error::{Error, Result};

/// What a pull did: HEAD before and after (equal when nothing came).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pulled {
    /// The commit HEAD was on before.
    pub from: String,
    /// The commit HEAD is on now.
    pub to: String,
    /// A merge commit was made (both sides had moved).
    pub merged: bool,
}

/// How many file names an error message lists before "and N more".
const NAMES_SHOWN: usize = 5;

fn names(paths: &[String]) -> String {
    let mut shown = paths
        .iter()
        .take(NAMES_SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if paths.len() > NAMES_SHOWN {
        shown.push_str(&format!(" and {} more", paths.len() - NAMES_SHOWN));
    }
    shown
}

impl SiteRepo {
    /// The commit HEAD is on, if any (`None` on a branch with no commit).
    ///
    /// # Errors
    /// [`Error::Git`] when HEAD cannot be read.
    pub fn head_id(&self) -> Result<Option<String>> {
        Ok(self.head_commit()?.map(|c| c.id().to_string()))
    }

    /// Pulls the current branch from `remote` (else its upstream remote,
    /// else `origin`): fetches the upstream branch, fast-forwards when the
    /// branch has no commits of its own, else merges when git can do it
    /// without a conflict (a merge commit saying so). `ours` tells whether a
    /// work-tree file (relative to the work tree, `/`-separated) holds bytes
    /// Gazette wrote; uncommitted changes to any other file stop the pull.
    /// Returns `None` when the repository has no remote to pull from.
    ///
    /// # Errors
    /// [`Error::Git`], nothing changed, for: a detached HEAD; uncommitted
    /// changes to files Gazette did not write; a remote that cannot be
    /// reached or signed in to; a merge that would conflict (the files
    /// named); a checkout that would overwrite a local change.
    pub fn pull(
        &self,
        remote: Option<&str>,
        ours: &dyn Fn(&str) -> bool,
    ) -> Result<Option<Pulled>> {
        let repo = &self.repo;
        if repo.head_detached().unwrap_or(false) {
            return Err(Error::Git(
                "HEAD is detached (not on a branch): check out a branch to pull; not pulled".into(),
            ));
        }
        let head = match repo.head() {
            Ok(head) => head,
            Err(e) if e.code() == ErrorCode::UnbornBranch => {
                return Err(Error::Git(
                    "the site's branch has no commit yet; not pulled".into(),
                ))
            }
            Err(e) => return Err(git_error("cannot read HEAD", &e)),
        };
        let refname = head.name().unwrap_or("HEAD").to_string();
        let branch = refname.trim_start_matches("refs/heads/").to_string();
        if remote.is_none()
            && repo.branch_upstream_remote(&refname).is_err()
            && repo.find_remote("origin").is_err()
        {
            return Ok(None);
        }
        let (name, url, mut remote) = self.remote_for(&refname, remote)?;
        // The upstream branch: `branch.NAME.merge`, else the same name.
        let merge = repo
            .branch_upstream_merge(&refname)
            .ok()
            .and_then(|b| b.as_str().ok().map(str::to_string))
            .unwrap_or_else(|| refname.clone());
        let tracking = format!(
            "refs/remotes/{name}/{}",
            merge.trim_start_matches("refs/heads/")
        );
        let config = repo
            .config()
            .map_err(|e| git_error("cannot read git's configuration", &e))?;
        let mut options = FetchOptions::new();
        options.remote_callbacks(credentials(&config));
        options.download_tags(AutotagOption::None);
        let fetched = remote.fetch(&[format!("+{merge}:{tracking}")], Some(&mut options), None);
        match fetched {
            Err(e) if e.code() == ErrorCode::Auth || e.class() == git2::ErrorClass::Ssh => {
                return Err(Error::Git(format!(
                    "cannot sign in to {name} ({url}): {}. Check your SSH agent or git credential helper; not pulled",
                    e.message()
                )))
            }
            Err(e) => {
                return Err(Error::Git(format!(
                    "cannot fetch from {name} ({url}): {}; not pulled",
                    e.message()
                )))
            }
            Ok(()) => {}
        }
        let theirs = match repo.find_reference(&tracking) {
            Ok(r) => r
                .peel_to_commit()
                .map_err(|e| git_error("cannot read the fetched branch", &e))?,
            Err(_) => {
                return Err(Error::Git(format!(
                    "{name} ({url}) has no branch {}; not pulled",
                    merge.trim_start_matches("refs/heads/")
                )))
            }
        };
        let ours_commit = head
            .peel_to_commit()
            .map_err(|e| git_error("cannot read HEAD", &e))?;
        let from = ours_commit.id().to_string();
        let annotated = repo
            .find_annotated_commit(theirs.id())
            .map_err(|e| git_error("cannot read the fetched branch", &e))?;
        let (analysis, _) = repo
            .merge_analysis(&[&annotated])
            .map_err(|e| git_error("cannot compare with the fetched branch", &e))?;
        if analysis.is_up_to_date() {
            return Ok(Some(Pulled {
                to: from.clone(),
                from,
                merged: false,
            }));
        }
        let upstream = format!("{name}/{}", merge.trim_start_matches("refs/heads/"));
        if analysis.is_fast_forward() {
            let tree = theirs
                .tree()
                .map_err(|e| git_error("cannot read the tree", &e))?;
            self.refuse_foreign_changes(&tree, ours)?;
            self.checkout(&tree)?;
            let mut reference = repo
                .find_reference(&refname)
                .map_err(|e| git_error("cannot read the branch", &e))?;
            reference
                .set_target(theirs.id(), &format!("pull: fast-forward to {upstream}"))
                .map_err(|e| git_error("cannot move the branch", &e))?;
            return Ok(Some(Pulled {
                from,
                to: theirs.id().to_string(),
                merged: false,
            }));
        }
        // Both moved: merge in memory first; write nothing if it conflicts.
        let mut index = repo
            .merge_commits(&ours_commit, &theirs, None)
            .map_err(|e| git_error("cannot merge", &e))?;
        if index.has_conflicts() {
            let mut paths: Vec<String> = index
                .conflicts()
                .map_err(|e| git_error("cannot read the merge", &e))?
                .filter_map(|c| c.ok())
                .filter_map(|c| c.our.or(c.their).or(c.ancestor))
                .map(|entry| String::from_utf8_lossy(&entry.path).into_owned())
                .collect();
            paths.sort();
            paths.dedup();
            return Err(Error::Git(format!(
                "{branch} and {upstream} both changed {}: merge them with git (git pull), then sync again; not pulled",
                names(&paths)
            )));
        }
        let tree_id = index
            .write_tree_to(repo)
            .map_err(|e| git_error("cannot write the merged tree", &e))?;
        let tree = repo
            .find_tree(tree_id)
            .map_err(|e| git_error("cannot read the merged tree", &e))?;
        self.refuse_foreign_changes(&tree, ours)?;
        self.checkout(&tree)?;
        let signature = repo
            .signature()
            .or_else(|_| git2::Signature::now("Gazette", "gazette@localhost"))
            .map_err(|e| git_error("cannot sign the merge", &e))?;
        let message = format!(
            "Merge {upstream} into {branch}\n\nMerged by Gazette's sync: both had new commits and git merged them without a conflict.\n"
        );
        let id = repo
            .commit(
                Some("HEAD"),
                &signature,
                &signature,
                &message,
                &tree,
                &[&ours_commit, &theirs],
            )
            .map_err(|e| git_error("cannot commit the merge", &e))?;
        Ok(Some(Pulled {
            from,
            to: id.to_string(),
            merged: true,
        }))
    }

    /// Refuses a work tree with uncommitted changes (staged, modified,
    /// deleted or untracked files) to files whose bytes Gazette did not
    /// write, unless the file already is as `target` has it, or holds the
    /// start of it (a pull killed mid-checkout: the next one completes it),
    /// or is untracked at a path
    /// `target` does not hold. What is left dirty is Gazette's, whose bytes
    /// the archive holds: the checkout may overwrite it.
    fn refuse_foreign_changes(
        &self,
        target: &git2::Tree<'_>,
        ours: &dyn Fn(&str) -> bool,
    ) -> Result<()> {
        let mut options = StatusOptions::new();
        options
            .include_untracked(true)
            .recurse_untracked_dirs(true)
            .include_ignored(false);
        let statuses = self
            .repo
            .statuses(Some(&mut options))
            .map_err(|e| git_error("cannot read the work tree's status", &e))?;
        let workdir = self.workdir().to_path_buf();
        let mut foreign: Vec<String> = Vec::new();
        for entry in statuses.iter() {
            let status = entry.status();
            let Ok(path) = entry.path() else { continue };
            if status.is_empty() || status.is_ignored() || ours(path) {
                continue;
            }
            let wanted = target.get_path(Path::new(path)).ok().map(|e| e.id());
            let on_disk = git2::Oid::hash_file(git2::ObjectType::Blob, workdir.join(path)).ok();
            let settled = match (wanted, on_disk) {
                (Some(w), Some(d)) => w == d || self.written_partly(w, &workdir.join(path)),
                // Gone on disk and in the target, or untracked and not in it.
                (None, None) => true,
                (None, Some(_)) => status == git2::Status::WT_NEW,
                (Some(_), None) => false,
            };
            if !settled {
                foreign.push(path.to_string());
            }
        }
        foreign.sort();
        if foreign.is_empty() {
            return Ok(());
        }
        Err(Error::Git(format!(
            "the site has uncommitted changes to files Gazette did not write ({}): commit or \
             stash them, then sync again; not pulled",
            names(&foreign)
        )))
    }

    /// Whether the file at `path` holds the start of blob `blob`: a
    /// checkout killed while writing it (libgit2 writes a file from its
    /// start); the next checkout writes it whole.
    fn written_partly(&self, blob: git2::Oid, path: &Path) -> bool {
        let Ok(blob) = self.repo.find_blob(blob) else {
            return false;
        };
        std::fs::read(path).is_ok_and(|disk| blob.content().starts_with(&disk))
    }

    /// Checks `tree` out over the work tree (every dirty file left is
    /// Gazette's or already as `tree` has it: see
    /// [`SiteRepo::refuse_foreign_changes`]); untracked files not in `tree`
    /// stay.
    fn checkout(&self, tree: &git2::Tree<'_>) -> Result<()> {
        let mut checkout = CheckoutBuilder::new();
        checkout.force().remove_untracked(false);
        self.repo
            .checkout_tree(tree.as_object(), Some(&mut checkout))
            .map_err(|e| git_error("cannot check out the pulled files; not pulled", &e))
    }

    /// The work tree's folder.
    pub fn workdir(&self) -> &Path {
        self.repo.workdir().unwrap_or_else(|| Path::new("."))
    }

    /// The site folder relative to the work tree (`""` at its root),
    /// `/`-separated, ending in `/` unless empty.
    pub fn prefix(&self) -> String {
        let prefix = self.prefix.to_string_lossy().replace('\\', "/");
        match prefix.trim_end_matches('/') {
            "" => String::new(),
            p => format!("{p}/"),
        }
    }
}
