//! The folder watcher: a followed site (one synced before) is synced again
//! when files in its folder change. `notify` watches each followed site's
//! folder recursively; its debouncer gathers a burst of changes (a `git
//! pull`, a bot's commit checked out, an editor saving) into one event
//! after [`QUIET`] without changes, on the watcher's own thread, which asks
//! for a sync (`commands::sync::request`). Changes under `.git/`, Jekyll's
//! output and caches are not the site's posts and are ignored.

use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{new_debouncer, DebounceEventResult};
use tauri::{AppHandle, Manager};

use crate::commands::sync::{request, Asker};
use crate::state::AppState;

/// How long a folder must be quiet before a change is acted on.
pub const QUIET: Duration = Duration::from_secs(2);

/// Folder names whose changes never ask for a sync: git's own, Jekyll's
/// output and caches, and packages.
const IGNORED: [&str; 6] = [
    ".git",
    "_site",
    ".jekyll-cache",
    ".sass-cache",
    "node_modules",
    ".jekyll-metadata",
];

/// Whether a change at `path` (inside the site folder `root`) may concern
/// the site's posts.
pub fn concerns_site(root: &Path, path: &Path) -> bool {
    let Ok(inside) = path.strip_prefix(root) else {
        return false;
    };
    !inside.components().any(|c| match c {
        Component::Normal(name) => IGNORED.iter().any(|i| name == *i),
        _ => false,
    })
}

/// The sites changed by `paths`: the id of every site in `roots` holding at
/// least one of them (outside the ignored folders).
pub fn sites_changed(roots: &[(i64, PathBuf)], paths: &[PathBuf]) -> Vec<i64> {
    roots
        .iter()
        .filter(|(_, root)| paths.iter().any(|p| concerns_site(root, p)))
        .map(|(id, _)| *id)
        .collect()
}

/// The followed sites of the open archive: (id, folder).
fn followed(app: &AppHandle) -> Vec<(i64, PathBuf)> {
    // On a reader: neither the writer's lock nor a writer's connection.
    let sites = app
        .state::<AppState>()
        .readers
        .run(|a| Ok(a.sites()?))
        .unwrap_or_default();
    sites
        .into_iter()
        .filter(|s| s.synced_at.is_some())
        .map(|s| (s.id, PathBuf::from(s.path)))
        .collect()
}

/// Watches the folders of the open archive's followed sites (replacing the
/// watches of the archive open before), off the calling thread. A folder
/// that cannot be watched is left unwatched (its Sync button still works).
pub fn follow(app: &AppHandle) {
    let app = app.clone();
    std::thread::spawn(move || {
        let roots = followed(&app);
        let state = app.state::<AppState>();
        let Ok(mut slot) = state.watcher.lock() else {
            return;
        };
        if slot.as_ref().is_some_and(|(watched, _)| *watched == roots) {
            return;
        }
        *slot = None;
        if roots.is_empty() {
            return;
        }
        let handler_roots = roots.clone();
        let handler_app = app.clone();
        let debouncer = new_debouncer(QUIET, move |result: DebounceEventResult| {
            if let Ok(events) = result {
                let paths: Vec<PathBuf> = events.into_iter().map(|e| e.path).collect();
                let ids = sites_changed(&handler_roots, &paths);
                if !ids.is_empty() {
                    request(&handler_app, &ids, Asker::Watcher);
                }
            }
        });
        let Ok(mut debouncer) = debouncer else {
            return;
        };
        for (_, root) in &roots {
            let _ = debouncer.watcher().watch(root, RecursiveMode::Recursive);
        }
        *slot = Some((roots, debouncer));
    });
}

/// Syncs every followed site of the open archive (at start-up and when
/// another archive is opened), then watches them.
pub fn sync_followed(app: &AppHandle) {
    let app = app.clone();
    std::thread::spawn(move || {
        let ids: Vec<i64> = followed(&app).into_iter().map(|(id, _)| id).collect();
        if !ids.is_empty() {
            request(&app, &ids, Asker::App);
        }
        follow(&app);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_in_git_and_jekyll_output_are_ignored() {
        let root = Path::new("/sites/blog");
        assert!(concerns_site(
            root,
            Path::new("/sites/blog/_posts/2024-01-01-a.md")
        ));
        assert!(concerns_site(root, Path::new("/sites/blog/_config.yml")));
        assert!(!concerns_site(root, Path::new("/sites/blog/.git/index")));
        assert!(!concerns_site(
            root,
            Path::new("/sites/blog/_site/index.html")
        ));
        assert!(!concerns_site(
            root,
            Path::new("/sites/blog/en/.jekyll-cache/x")
        ));
        assert!(!concerns_site(
            root,
            Path::new("/sites/blogger/_posts/a.md")
        ));
    }

    #[test]
    fn each_changed_site_is_asked_for_once() {
        let roots = vec![
            (1, PathBuf::from("/sites/a")),
            (2, PathBuf::from("/sites/b")),
            (3, PathBuf::from("/sites/c")),
        ];
        let paths = vec![
            PathBuf::from("/sites/a/_posts/x.md"),
            PathBuf::from("/sites/a/_posts/y.md"),
            PathBuf::from("/sites/c/.git/HEAD"),
            PathBuf::from("/elsewhere/z.md"),
        ];
        assert_eq!(sites_changed(&roots, &paths), vec![1]);
    }
}
