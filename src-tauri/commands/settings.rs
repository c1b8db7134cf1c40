//! The Settings dialog: the app's own settings (theme, language, recent
//! archives; see `app_settings`) and the open archive's (remote images,
//! the default site).

use std::path::Path;

use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State, Theme};

use crate::app_settings::{AppSettings, SettingsState, ThemeChoice};
use crate::error::{AppError, CmdResult};
use crate::locale::{self, Language, LanguageChoice};
use crate::state::AppState;

/// An archive in the recent list.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct RecentArchive {
    /// The database file.
    pub path: String,
    /// The file still exists (the menu greys out one that does not).
    pub exists: bool,
}

/// The app's settings as the UI shows and applies them.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AppSettingsView {
    /// The theme chosen.
    pub theme: ThemeChoice,
    /// The language chosen.
    pub language: LanguageChoice,
    /// The language to show now: the choice, else the OS's (the native
    /// menu uses the same).
    pub ui_language: Language,
    /// The OS's language, what `system` means.
    pub os_language: Language,
    /// Archives opened, most recent first.
    pub recent: Vec<RecentArchive>,
}

/// The open archive's own settings.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ArchiveSettings {
    /// Remote images are shown in posts.
    pub remote_images: bool,
    /// The site the Publish, Sync and New post dialogs preselect.
    pub default_site: Option<i64>,
}

fn view(settings: &AppSettings) -> AppSettingsView {
    let os = locale::system_locale();
    AppSettingsView {
        theme: settings.theme,
        language: settings.language,
        ui_language: locale::ui_language(settings.language, os.as_deref()),
        os_language: locale::os_language(os.as_deref()),
        recent: settings
            .recent
            .iter()
            .map(|p| RecentArchive {
                path: p.to_string_lossy().into_owned(),
                exists: p.is_file(),
            })
            .collect(),
    }
}

/// Sets the native window theme (title bar, GTK widgets) to `theme`
/// (`System`: the OS's).
pub fn apply_window_theme<R: Runtime>(app: &AppHandle<R>, theme: ThemeChoice) {
    let native = match theme {
        ThemeChoice::System => None,
        ThemeChoice::Light => Some(Theme::Light),
        ThemeChoice::Dark => Some(Theme::Dark),
    };
    if let Some(window) = app.get_webview_window("main") {
        if let Err(e) = window.set_theme(native) {
            eprintln!("gazette: the window theme could not be set: {e}");
        }
    }
}

/// Puts `archive` first among the recent archives, saves, and rebuilds
/// the menu (a failure to save is reported on stderr only: the archive is
/// open either way).
pub fn remember_archive(app: &AppHandle, archive: &Path) {
    let Some(state) = app.try_state::<SettingsState>() else {
        return;
    };
    if let Err(e) = state.update(|s| s.remember(archive)) {
        eprintln!("gazette: the recent archives could not be saved: {e}");
    }
    crate::menu::rebuild(app);
}

/// The app's settings.
#[tauri::command]
#[specta::specta]
pub fn app_settings(settings: State<'_, SettingsState>) -> CmdResult<AppSettingsView> {
    Ok(view(&settings.get()))
}

/// Changes the theme and the language and saves them; the native window
/// theme and the menu follow at once.
///
/// # Errors
/// `io` when the settings file cannot be written (the change holds until
/// the app quits).
#[tauri::command]
#[specta::specta]
pub fn set_app_settings(
    app: AppHandle,
    settings: State<'_, SettingsState>,
    theme: ThemeChoice,
    language: LanguageChoice,
) -> CmdResult<AppSettingsView> {
    let saved = settings.update(|s| {
        s.theme = theme;
        s.language = language;
    });
    apply_window_theme(&app, theme);
    crate::menu::rebuild(&app);
    let saved =
        saved.map_err(|e| AppError::new("io", format!("the settings were not saved: {e}")))?;
    Ok(view(&saved))
}

/// The open archive's settings.
#[tauri::command]
#[specta::specta]
pub async fn archive_settings(state: State<'_, AppState>) -> CmdResult<ArchiveSettings> {
    state
        .readers
        .read(|a| {
            Ok(ArchiveSettings {
                remote_images: a.remote_images_allowed()?,
                default_site: a.default_site()?,
            })
        })
        .await
}

/// Makes site `id` the archive's default site, or clears it (`null`).
///
/// # Errors
/// `bad_request` when no site has this id.
#[tauri::command]
#[specta::specta]
pub fn set_default_site(state: State<'_, AppState>, id: Option<i64>) -> CmdResult<()> {
    state.with_archive(|a| Ok(a.set_default_site(id)?))
}
