//! One Gazette at a time: a second launch (from a shell, or a `.db` archive
//! opened from the file manager) hands its arguments to the first and
//! exits (`tauri-plugin-single-instance`); the first window comes to the
//! front and opens the archive given, if any.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager};
use tauri_specta::Event;

use crate::app_settings::AppSettings;

/// Another archive was opened from outside the window (a second launch
/// with a `.db` file): the UI starts over on it, as after File → Open
/// Archive….
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct ArchiveOpenedEvent {
    /// The archive's database file.
    pub path: String,
    /// Why it could not be opened (the old archive stays open), if so.
    pub error: Option<String>,
}

/// File extensions taken as archives on the command line (`x.gazette.db`
/// ends with `.db` too).
const ARCHIVE_EXTENSIONS: [&str; 2] = ["db", "sqlite"];

/// The archive named by command-line arguments `args` (the program's own
/// name first, as `std::env::args` gives them): the first argument ending
/// in `.db` or `.sqlite` (any case), made absolute against `cwd`. Options
/// (`-x`, `--x`) and other files are ignored.
pub fn archive_argument(args: &[String], cwd: &Path) -> Option<PathBuf> {
    args.iter().skip(1).find_map(|arg| {
        if arg.starts_with('-') {
            return None;
        }
        let path = Path::new(arg);
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        ARCHIVE_EXTENSIONS
            .contains(&ext.as_str())
            .then(|| cwd.join(path))
    })
}

/// The archive to open at start: one given on the command line (`args`,
/// see [`archive_argument`]), else `$GAZETTE_DB` (`env_db`, when not
/// empty), else the most recent archive that still exists, else the
/// default one (`gazette_core::default_archive_path`).
pub fn start_archive(
    args: &[String],
    cwd: &Path,
    env_db: Option<&std::ffi::OsStr>,
    settings: &AppSettings,
) -> PathBuf {
    if let Some(path) = archive_argument(args, cwd) {
        return path;
    }
    if let Some(db) = env_db.filter(|d| !d.is_empty()) {
        return PathBuf::from(db);
    }
    settings
        .last_archive()
        .map(Path::to_path_buf)
        .unwrap_or_else(gazette_core::default_archive_path)
}

/// What the first instance does when another is launched with `args` in
/// `cwd`: brings its window to the front and opens the archive given.
pub fn on_second_launch(app: &AppHandle, args: Vec<String>, cwd: String) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
    if let Some(path) = archive_argument(&args, Path::new(&cwd)) {
        open_and_tell(app, &path);
    }
}

/// The archive among files the OS asked the app to open by URL (macOS
/// delivers a double-clicked `.db` as an Apple Event, Tauri's
/// `RunEvent::Opened`, not as an argument): the first `file:` URL whose
/// path ends in `.db` or `.sqlite`, decoded (`%20`, UTF-8 names).
#[cfg_attr(not(target_os = "macos"), allow(dead_code))]
pub fn archive_from_urls(urls: &[url::Url]) -> Option<PathBuf> {
    urls.iter().find_map(|u| {
        let path = u.to_file_path().ok()?;
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        ARCHIVE_EXTENSIONS.contains(&ext.as_str()).then_some(path)
    })
}

/// What the app does when the OS hands it files to open while it runs
/// (macOS: a `.db` opened from the Finder): like a second launch.
#[cfg_attr(not(target_os = "macos"), allow(dead_code))]
pub fn on_opened(app: &AppHandle, urls: &[url::Url]) {
    if let Some(path) = archive_from_urls(urls) {
        open_and_tell(app, &path);
    }
}

/// Opens the archive at `path` from outside the window (a second launch,
/// File → Open Recent) and tells the UI, which starts over on it or shows
/// why it could not be opened.
pub fn open_and_tell(app: &AppHandle, path: &Path) {
    let shown = path.to_string_lossy().into_owned();
    let error = crate::commands::archive::open_path(app, &shown)
        .err()
        .map(|e| e.message);
    let _ = ArchiveOpenedEvent { path: shown, error }.emit(app);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_first_archive_argument_is_taken_against_the_working_folder() {
        let cwd = Path::new("/home/me");
        assert_eq!(
            archive_argument(&args(&["gazette-app", "news.gazette.db"]), cwd),
            Some(PathBuf::from("/home/me/news.gazette.db"))
        );
        assert_eq!(
            archive_argument(&args(&["gazette-app", "--flag", "/data/A.DB", "b.db"]), cwd),
            Some(PathBuf::from("/data/A.DB"))
        );
        assert_eq!(
            archive_argument(&args(&["gazette-app", "post.md", "x.sqlite"]), cwd),
            Some(PathBuf::from("/home/me/x.sqlite"))
        );
    }

    #[test]
    fn no_archive_argument_opens_the_default() {
        let cwd = Path::new("/home/me");
        assert_eq!(archive_argument(&args(&["gazette-app"]), cwd), None);
        assert_eq!(
            archive_argument(&args(&["gazette-app", "notes.txt", "-db"]), cwd),
            None
        );
        assert_eq!(archive_argument(&args(&["gazette-app.db"]), cwd), None);
    }

    #[test]
    fn at_start_the_command_line_then_the_env_then_the_last_archive() {
        let dir = tempfile::tempdir().unwrap();
        let last = dir.path().join("last.db");
        std::fs::write(&last, "").unwrap();
        let mut settings = AppSettings::default();
        settings.remember(&last);
        let cwd = Path::new("/home/me");
        let env = std::ffi::OsStr::new("/env/e2e.db");
        assert_eq!(
            start_archive(&args(&["gazette-app", "x.db"]), cwd, Some(env), &settings),
            PathBuf::from("/home/me/x.db")
        );
        assert_eq!(
            start_archive(&args(&["gazette-app"]), cwd, Some(env), &settings),
            PathBuf::from("/env/e2e.db")
        );
        let empty = std::ffi::OsStr::new("");
        assert_eq!(
            start_archive(&args(&["gazette-app"]), cwd, Some(empty), &settings),
            last
        );
        assert_eq!(
            start_archive(&args(&["gazette-app"]), cwd, None, &settings),
            last
        );
        std::fs::remove_file(&last).unwrap();
        assert_ne!(
            start_archive(&args(&["gazette-app"]), cwd, None, &settings),
            last
        );
    }

    #[test]
    fn windows_paths_are_kept_whole() {
        // On Windows `C:\…` is absolute and `join` keeps it; on Linux the
        // rule still finds the argument by its extension.
        let found = archive_argument(
            &args(&["gazette-app", r"C:\Users\me\news.db"]),
            Path::new("/x"),
        );
        assert!(found.is_some_and(|p| p.to_string_lossy().ends_with(r"C:\Users\me\news.db")));
    }

    #[test]
    fn a_file_url_from_the_finder_is_an_archive_path() {
        let urls: Vec<url::Url> = [
            "https://example.com/a.db",
            "file:///Users/me/notes.txt",
            "file:///Users/me/My%20News/%E6%96%B0%E9%97%BB.gazette.db",
            "file:///Users/me/b.db",
        ]
        .iter()
        .map(|u| url::Url::parse(u).unwrap())
        .collect();
        assert_eq!(
            archive_from_urls(&urls),
            Some(PathBuf::from("/Users/me/My News/新闻.gazette.db"))
        );
        assert_eq!(archive_from_urls(&urls[..2]), None);
    }
}
