//! A site folder's git work tree, with libgit2 (`git2`): for publishing,
//! check the index, commit the files Gazette manages, push the branch; for
//! syncing ([`pull`], [`changes`]), fetch and fast-forward or merge the
//! upstream branch, and list what changed since a commit.
//!
//! - The commit holds only files of the site's manifest (and files just
//!   removed), staged from the work tree; anything else the user has
//!   changed stays unstaged. A publish asked to commit refuses to start when
//!   the index already has staged changes, so a commit never takes the
//!   user's half-made work along.
//! - Author and committer come from the user's git configuration
//!   (`user.name`, `user.email`), as `git commit` does.
//! - Push sends the current branch to the site's remote (else the branch's
//!   upstream remote, else `origin`), with credentials from the SSH agent or
//!   the git credential helper. A failure (unreachable, authentication,
//!   non-fast-forward) is reported with what to do; the commit stays local.

pub mod changes;
pub mod pull;

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use git2::{
    Cred, CredentialType, ErrorCode, PushOptions, RemoteCallbacks, Repository, StatusOptions,
};

use crate::error::{Error, Result};

/// A site folder inside a git work tree.
pub struct SiteRepo {
    repo: Repository,
    /// The site folder relative to the work tree (empty at its root).
    prefix: PathBuf,
}

impl std::fmt::Debug for SiteRepo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SiteRepo")
            .field("path", &self.repo.path())
            .finish()
    }
}

fn git_error(context: &str, e: &git2::Error) -> Error {
    Error::Git(format!("{context}: {}", e.message()))
}

impl SiteRepo {
    /// Opens the git work tree the canonical site folder `root` is in.
    ///
    /// # Errors
    /// [`Error::Git`] when the folder is not in a git work tree.
    pub fn open(root: &Path) -> Result<SiteRepo> {
        let repo = Repository::discover(root).map_err(|e| {
            Error::Git(format!(
                "{} is not in a git repository ({}); run `git init` there or publish without committing",
                root.display(),
                e.message()
            ))
        })?;
        let workdir = repo
            .workdir()
            .ok_or_else(|| Error::Git("the site's repository is bare: no work tree".into()))?;
        let workdir = dunce::canonicalize(workdir).map_err(|source| Error::Io {
            path: workdir.to_path_buf(),
            source,
        })?;
        let prefix = root
            .strip_prefix(&workdir)
            .map_err(|_| Error::Git(format!("{} is outside its work tree", root.display())))?
            .to_path_buf();
        Ok(SiteRepo { repo, prefix })
    }

    /// Refuses a repository whose index has staged changes.
    ///
    /// # Errors
    /// [`Error::Git`] naming the count of staged files.
    pub fn check_index_clean(&self) -> Result<()> {
        let head_tree = self
            .head_commit()?
            .map(|c| c.tree())
            .transpose()
            .map_err(|e| git_error("cannot read HEAD", &e))?;
        let diff = self
            .repo
            .diff_tree_to_index(head_tree.as_ref(), None, None)
            .map_err(|e| git_error("cannot read the index", &e))?;
        let staged = diff.deltas().len();
        if staged > 0 {
            return Err(Error::Git(format!(
                "the git index already has {staged} staged change(s); commit or unstage them \
                 (git restore --staged .) and publish again. Nothing was written"
            )));
        }
        Ok(())
    }

    /// Stages the site files Gazette manages that differ from HEAD in the
    /// work tree, and commits them with `message`; `None` when nothing
    /// differs. `expected` maps each such file (relative to the site) to
    /// the hash of the bytes Gazette wrote there, or to `None` for a file
    /// it removed: a file whose bytes are not Gazette's (changed by hand, a
    /// conflict) is never staged.
    ///
    /// # Errors
    /// [`Error::Git`]: no `user.name`/`user.email` (checked before anything
    /// is staged), or libgit2 failed.
    pub fn commit_site_files(
        &self,
        expected: &HashMap<String, Option<String>>,
        message: &str,
    ) -> Result<Option<String>> {
        let signature = self.repo.signature().map_err(|e| {
            Error::Git(format!(
                "git does not know who you are ({}): set `git config --global user.name` and \
                 `user.email`, then publish again with --commit; the files are written",
                e.message()
            ))
        })?;
        let mut options = StatusOptions::new();
        options
            .include_untracked(true)
            .recurse_untracked_dirs(true)
            .include_ignored(false);
        let statuses = self
            .repo
            .statuses(Some(&mut options))
            .map_err(|e| git_error("cannot read the work tree's status", &e))?;
        let mut index = self
            .repo
            .index()
            .map_err(|e| git_error("cannot open the index", &e))?;
        let mut staged = 0;
        for entry in statuses.iter() {
            let Ok(path) = entry.path() else { continue };
            let in_site = Path::new(path)
                .strip_prefix(&self.prefix)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"));
            let Some(wanted) = in_site.and_then(|p| expected.get(&p)) else {
                continue;
            };
            let status = entry.status();
            let result = if status.is_wt_deleted() && wanted.is_none() {
                index.remove_path(Path::new(path))
            } else if (status.is_wt_new() || status.is_wt_modified())
                && wanted.is_some()
                && self.file_hash(path).as_ref() == wanted.as_ref()
            {
                index.add_path(Path::new(path))
            } else {
                continue;
            };
            result.map_err(|e| git_error(&format!("cannot stage {path}"), &e))?;
            staged += 1;
        }
        if staged == 0 {
            return Ok(None);
        }
        index
            .write()
            .map_err(|e| git_error("cannot write the index", &e))?;
        let tree_id = index
            .write_tree()
            .map_err(|e| git_error("cannot write the tree", &e))?;
        let tree = self
            .repo
            .find_tree(tree_id)
            .map_err(|e| git_error("cannot read the tree", &e))?;
        let parent = self.head_commit()?;
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        let oid = self
            .repo
            .commit(
                Some("HEAD"),
                &signature,
                &signature,
                message,
                &tree,
                &parents,
            )
            .map_err(|e| git_error("cannot commit", &e))?;
        Ok(Some(oid.to_string()))
    }

    /// Every file of the site the git index tracks, relative to the site
    /// folder and `/`-separated, whether or not the work tree holds it (a
    /// checkout on Windows leaves out names Windows refuses, yet the index
    /// keeps them).
    ///
    /// # Errors
    /// [`Error::Git`] when the index cannot be read.
    pub fn tracked_paths(&self) -> Result<HashSet<String>> {
        let index = self
            .repo
            .index()
            .map_err(|e| git_error("cannot open the index", &e))?;
        let prefix = self.prefix.to_string_lossy().replace('\\', "/");
        let prefix = match prefix.trim_end_matches('/') {
            "" => String::new(),
            p => format!("{p}/"),
        };
        Ok(index
            .iter()
            .filter_map(|entry| {
                let path = String::from_utf8_lossy(&entry.path).into_owned();
                path.strip_prefix(&prefix).map(str::to_string)
            })
            .collect())
    }

    /// The commit HEAD points at; `None` on a branch with no commit yet.
    fn head_commit(&self) -> Result<Option<git2::Commit<'_>>> {
        match self.repo.head() {
            Ok(head) => head
                .peel_to_commit()
                .map(Some)
                .map_err(|e| git_error("cannot read HEAD", &e)),
            Err(e) if matches!(e.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => Ok(None),
            Err(e) => Err(git_error("cannot read HEAD", &e)),
        }
    }

    /// BLAKE3 (hex) of the work tree's file `path`, if it can be read.
    fn file_hash(&self, path: &str) -> Option<String> {
        let bytes = std::fs::read(self.repo.workdir()?.join(path)).ok()?;
        Some(blake3::hash(&bytes).to_hex().to_string())
    }

    /// Pushes the current branch to `remote` (else the branch's upstream
    /// remote, else `origin`) and returns the remote's name.
    ///
    /// # Errors
    /// [`Error::Git`] with what went wrong (no such remote, unreachable,
    /// authentication, rejected as not fast-forward) and that the commit
    /// stays local.
    pub fn push(&self, remote: Option<&str>) -> Result<String> {
        let head = self
            .repo
            .head()
            .map_err(|e| git_error("nothing to push: no commit on this branch yet", &e))?;
        let refname = head
            .name()
            .ok()
            .filter(|n| n.starts_with("refs/heads/"))
            .ok_or_else(|| Error::Git("HEAD is not on a branch (detached); nothing pushed".into()))?
            .to_string();
        let (name, url, mut remote) = self.remote_for(&refname, remote).map_err(|e| match e {
            Error::Git(m) => Error::Git(format!("{m}; the commit stays local")),
            e => e,
        })?;
        let config = self
            .repo
            .config()
            .map_err(|e| git_error("cannot read git's configuration", &e))?;
        let rejected: RefCell<Option<String>> = RefCell::new(None);
        let mut callbacks = credentials(&config);
        callbacks.push_update_reference(|reference, status| {
            if let Some(message) = status {
                *rejected.borrow_mut() = Some(format!("{reference}: {message}"));
            }
            Ok(())
        });
        let mut push_options = PushOptions::new();
        push_options.remote_callbacks(callbacks);
        let result = remote.push(&[format!("{refname}:{refname}")], Some(&mut push_options));
        drop(push_options);
        let rejected = rejected.take();
        let kept = "the commit stays local; publish again with --push to retry";
        match result {
            Err(e) if e.code() == ErrorCode::Auth || e.class() == git2::ErrorClass::Ssh => {
                Err(Error::Git(format!(
                    "cannot sign in to {name} ({url}): {}. Check your SSH agent or git credential helper; {kept}",
                    e.message()
                )))
            }
            Err(e) if e.code() == ErrorCode::NotFastForward => Err(Error::Git(format!(
                "{name} ({url}) has commits this branch does not have: pull and merge them, then push; {kept}"
            ))),
            Err(e) => Err(Error::Git(format!(
                "cannot push to {name} ({url}): {}; {kept}",
                e.message()
            ))),
            Ok(()) => match rejected {
                Some(why) => Err(Error::Git(format!(
                    "{name} ({url}) refused the push ({why}); if it has commits this branch \
                     does not have, pull and merge them first; {kept}"
                ))),
                None => Ok(name),
            },
        }
    }

    /// The remote to fetch from or push to for branch `refname`: `wanted`
    /// when given, else the branch's upstream remote, else `origin`, as its
    /// name, its URL and the remote itself (a remote given as a relative
    /// path is resolved against the work tree, as git does and libgit2 does
    /// not).
    ///
    /// # Errors
    /// [`Error::Git`] when there is no such remote.
    fn remote_for(
        &self,
        refname: &str,
        wanted: Option<&str>,
    ) -> Result<(String, String, git2::Remote<'_>)> {
        let name = match wanted {
            Some(name) => name.to_string(),
            None => self
                .repo
                .branch_upstream_remote(refname)
                .ok()
                .and_then(|b| b.as_str().ok().map(str::to_string))
                .unwrap_or_else(|| "origin".to_string()),
        };
        let mut remote = self.repo.find_remote(&name).map_err(|e| {
            Error::Git(format!(
                "no git remote {name:?} ({}): add it with `git remote add {name} URL`",
                e.message()
            ))
        })?;
        let url = remote.url().unwrap_or("?").to_string();
        if is_relative_path(&url) {
            if let Some(workdir) = self.repo.workdir() {
                let absolute = workdir.join(&url);
                remote = self
                    .repo
                    .remote_anonymous(&absolute.to_string_lossy())
                    .map_err(|e| git_error(&format!("cannot use the remote {url}"), &e))?;
            }
        }
        Ok((name, url, remote))
    }
}

/// Callbacks that answer a remote's request for credentials from the SSH
/// agent or git's credential helper (as `git` does), giving up after three
/// refused offers.
fn credentials(config: &git2::Config) -> RemoteCallbacks<'_> {
    let mut tries = 0;
    let mut callbacks = RemoteCallbacks::new();
    callbacks.credentials(move |url, username, allowed| {
        tries += 1;
        if tries > 3 {
            return Err(git2::Error::from_str(
                "the credentials offered were refused",
            ));
        }
        if allowed.contains(CredentialType::SSH_KEY) {
            return Cred::ssh_key_from_agent(username.unwrap_or("git"));
        }
        if allowed.contains(CredentialType::USER_PASS_PLAINTEXT) {
            return Cred::credential_helper(config, url, username);
        }
        if allowed.contains(CredentialType::USERNAME) {
            return Cred::username(username.unwrap_or("git"));
        }
        Cred::default()
    });
    callbacks
}

/// A remote URL that is a relative folder path (`../site.git`), not a URL
/// (`ssh://…`, `file://…`) nor scp-like (`git@host:path`).
fn is_relative_path(url: &str) -> bool {
    let scp_like = url
        .split_once(':')
        .is_some_and(|(host, _)| !host.contains('/') && host.len() > 1);
    !url.contains("://") && !scp_like && Path::new(url).is_relative()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_remotes_are_told_from_urls() {
        assert!(is_relative_path("../remote.git"));
        assert!(is_relative_path("remote.git"));
        assert!(!is_relative_path("/srv/remote.git"));
        assert!(!is_relative_path("ssh://host/x.git"));
        assert!(!is_relative_path("git@github.com:a/b.git"));
        assert!(!is_relative_path("file:///srv/x.git"));
    }
}
