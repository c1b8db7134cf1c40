//! The app's own settings, apart from any archive: theme, language and the
//! recent archives, as JSON in `settings.json` in the app's config folder
//! (`$XDG_CONFIG_HOME/app.gazette.desktop` on Linux, as Tauri's
//! `app_config_dir()`; `~/Library/Application Support/app.gazette.desktop`
//! on macOS; `%APPDATA%\app.gazette.desktop` on Windows).
//!
//! A small serde file rather than `tauri-plugin-store`: the app needs these
//! settings before Tauri starts (which archive to open, the menu's
//! language), the UI never writes the file itself (every change goes
//! through a typed command that also rebuilds the menu), and a fixed
//! struct is checked where a key-value store is not.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::locale::LanguageChoice;

/// How many recent archives the File menu lists.
pub const RECENT_MAX: usize = 10;

/// The file's name in the config folder.
const FILE_NAME: &str = "settings.json";

/// Light, dark, or as the OS.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum ThemeChoice {
    /// Follow the OS (`prefers-color-scheme`), the default.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// What `settings.json` holds. Unknown keys are ignored and missing ones
/// take their defaults, so older and newer files both load.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppSettings {
    /// The theme.
    pub theme: ThemeChoice,
    /// The language.
    pub language: LanguageChoice,
    /// Archives opened, most recent first, at most [`RECENT_MAX`].
    pub recent: Vec<PathBuf>,
}

/// Where the settings file is for the app `identifier`
/// (`tauri.conf.json`'s), as Tauri's `app_config_dir()` places it; `None`
/// when the OS has no config folder.
pub fn file_path(identifier: &str) -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join(identifier).join(FILE_NAME))
}

impl AppSettings {
    /// Reads the settings at `path`; defaults when there is no file. A file
    /// that cannot be read as settings is moved aside to
    /// `settings.json.bad` (kept for the user) and defaults are used.
    pub fn load(path: &Path) -> AppSettings {
        let Ok(text) = std::fs::read_to_string(path) else {
            return AppSettings::default();
        };
        match serde_json::from_str(&text) {
            Ok(s) => s,
            Err(e) => {
                eprintln!(
                    "gazette: {} is not valid settings ({e}); set aside",
                    path.display()
                );
                let _ = std::fs::rename(path, path.with_extension("json.bad"));
                AppSettings::default()
            }
        }
    }

    /// Writes the settings to `path` whole: to a temporary file beside it,
    /// then renamed over it, so a crash never leaves half a file.
    ///
    /// # Errors
    /// The I/O error of creating the folder, writing or renaming.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        serde_json::to_writer_pretty(&mut tmp, self)?;
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }

    /// Puts `archive` first in the recent list (once), keeping at most
    /// [`RECENT_MAX`].
    pub fn remember(&mut self, archive: &Path) {
        self.recent.retain(|p| p != archive);
        self.recent.insert(0, archive.to_path_buf());
        self.recent.truncate(RECENT_MAX);
    }

    /// The most recent archive whose file still exists.
    pub fn last_archive(&self) -> Option<&Path> {
        self.recent
            .iter()
            .map(PathBuf::as_path)
            .find(|p| p.is_file())
    }
}

/// The settings while the app runs, and their file (`None`: no config
/// folder, nothing is saved).
pub struct SettingsState {
    /// Where they are saved.
    pub path: Option<PathBuf>,
    /// The current settings.
    pub settings: Mutex<AppSettings>,
}

impl SettingsState {
    /// A copy of the current settings.
    pub fn get(&self) -> AppSettings {
        self.settings.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Changes the settings with `f` and saves them.
    ///
    /// # Errors
    /// The I/O error of saving (the change is kept in memory).
    pub fn update(&self, f: impl FnOnce(&mut AppSettings)) -> std::io::Result<AppSettings> {
        let mut guard = self
            .settings
            .lock()
            .map_err(|_| std::io::Error::other("the settings lock is poisoned"))?;
        f(&mut guard);
        if let Some(path) = &self.path {
            guard.save(path)?;
        }
        Ok(guard.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_missing_keys_default() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join(FILE_NAME);
        assert_eq!(AppSettings::load(&path), AppSettings::default());
        let mut s = AppSettings {
            theme: ThemeChoice::Dark,
            language: LanguageChoice::Chinese,
            recent: vec![],
        };
        s.remember(Path::new("/a.db"));
        s.save(&path).unwrap();
        assert_eq!(AppSettings::load(&path), s);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("\"dark\"") && text.contains("\"zh-CN\""),
            "{text}"
        );
        std::fs::write(&path, r#"{"theme":"light","future":1}"#).unwrap();
        let loaded = AppSettings::load(&path);
        assert_eq!(loaded.theme, ThemeChoice::Light);
        assert_eq!(loaded.language, LanguageChoice::System);
        assert!(loaded.recent.is_empty());
    }

    #[test]
    fn a_broken_file_is_set_aside_not_lost() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, "{not json").unwrap();
        assert_eq!(AppSettings::load(&path), AppSettings::default());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("settings.json.bad")).unwrap(),
            "{not json"
        );
    }

    #[test]
    fn recent_archives_most_recent_first_once_at_most_ten() {
        let mut s = AppSettings::default();
        for i in 0..12 {
            s.remember(&PathBuf::from(format!("/{i}.db")));
        }
        s.remember(Path::new("/5.db"));
        assert_eq!(s.recent.len(), RECENT_MAX);
        assert_eq!(s.recent[0], PathBuf::from("/5.db"));
        assert_eq!(s.recent[1], PathBuf::from("/11.db"));
        assert_eq!(s.recent.iter().filter(|p| p.ends_with("5.db")).count(), 1);
        assert!(!s.recent.contains(&PathBuf::from("/0.db")));
    }

    #[test]
    fn the_last_archive_is_the_newest_that_exists() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old.db");
        std::fs::write(&old, "").unwrap();
        let mut s = AppSettings::default();
        s.remember(&old);
        s.remember(&dir.path().join("gone.db"));
        assert_eq!(s.last_archive(), Some(old.as_path()));
        assert_eq!(AppSettings::default().last_archive(), None);
    }
}
