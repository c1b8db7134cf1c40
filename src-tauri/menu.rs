//! The native menu bar: File → New Post…, Open Archive…, Open Recent ▸,
//! Import Files…, Import Folder…, Sync All Sites, Conflicts…, Settings…,
//! Quit. Choosing an item sends a `MenuActionEvent` to the UI, which runs
//! the same action as its toolbar button; a recent archive is opened here
//! and the UI told with an `ArchiveOpenedEvent`. The labels are in the
//! language `locale::ui_language` picks, as the UI's; the menu is rebuilt
//! when the language or the recent archives change.

use serde::{Deserialize, Serialize};
use tauri::menu::{IsMenuItem, Menu, MenuItem, PredefinedMenuItem, Submenu};
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;

use crate::app_settings::SettingsState;
use crate::locale::{self, Language};

/// A menu item the user chose; `action` is `open_archive`,
/// `import_files`, `import_folder`, `new_post`, `sync_all`, `conflicts` or
/// `settings`.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct MenuActionEvent {
    /// Which action to run.
    pub action: String,
}

const ACTIONS: [&str; 7] = [
    "open_archive",
    "import_files",
    "import_folder",
    "new_post",
    "sync_all",
    "conflicts",
    "settings",
];

/// The id prefix of a recent archive's item (`recent:<index>`).
const RECENT_PREFIX: &str = "recent:";

/// The menu's labels in one language.
struct Labels {
    file: &'static str,
    new_post: &'static str,
    open: &'static str,
    recent: &'static str,
    no_recent: &'static str,
    files: &'static str,
    folder: &'static str,
    sync: &'static str,
    conflicts: &'static str,
    settings: &'static str,
    quit: &'static str,
}

/// Labels in `language`.
fn labels(language: Language) -> Labels {
    match language {
        Language::Chinese => Labels {
            file: "文件(&F)",
            new_post: "新建文章…",
            open: "打开存档…",
            recent: "最近的存档",
            no_recent: "（无）",
            files: "导入文件…",
            folder: "导入文件夹…",
            sync: "同步所有站点",
            conflicts: "同步冲突…",
            settings: "设置…",
            quit: "退出",
        },
        Language::English => Labels {
            file: "&File",
            new_post: "New Post…",
            open: "Open Archive…",
            recent: "Open Recent",
            no_recent: "(none)",
            files: "Import Files…",
            folder: "Import Folder…",
            sync: "Sync All Sites",
            conflicts: "Conflicts…",
            settings: "Settings…",
            quit: "Quit",
        },
    }
}

/// The language of the menu and the UI now: the setting, else the OS's.
pub fn current_language<R: Runtime>(app: &AppHandle<R>) -> Language {
    let choice = app
        .try_state::<SettingsState>()
        .map(|s| s.get().language)
        .unwrap_or_default();
    locale::ui_language(choice, locale::system_locale().as_deref())
}

/// The Open Recent submenu: each archive by its path, most recent first;
/// one whose file is gone is shown greyed out.
fn recent_menu<R: Runtime>(app: &AppHandle<R>, l: &Labels) -> tauri::Result<Submenu<R>> {
    let recent = app
        .try_state::<SettingsState>()
        .map(|s| s.get().recent)
        .unwrap_or_default();
    let submenu = Submenu::new(app, l.recent, true)?;
    if recent.is_empty() {
        submenu.append(&MenuItem::new(app, l.no_recent, false, None::<&str>)?)?;
    }
    for (i, path) in recent.iter().enumerate() {
        let label = path.to_string_lossy();
        let item = MenuItem::with_id(
            app,
            format!("{RECENT_PREFIX}{i}"),
            label,
            path.is_file(),
            None::<&str>,
        )?;
        submenu.append(&item)?;
    }
    Ok(submenu)
}

/// Builds the menu bar.
///
/// # Errors
/// Tauri's error if the platform refuses the menu.
pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let l = labels(current_language(app));
    let items: Vec<Box<dyn IsMenuItem<R>>> = vec![
        Box::new(MenuItem::with_id(
            app,
            ACTIONS[3],
            l.new_post,
            true,
            Some("CmdOrCtrl+N"),
        )?),
        Box::new(MenuItem::with_id(
            app,
            ACTIONS[0],
            l.open,
            true,
            Some("CmdOrCtrl+O"),
        )?),
        Box::new(recent_menu(app, &l)?),
        Box::new(PredefinedMenuItem::separator(app)?),
        Box::new(MenuItem::with_id(
            app,
            ACTIONS[1],
            l.files,
            true,
            Some("CmdOrCtrl+Shift+I"),
        )?),
        Box::new(MenuItem::with_id(
            app,
            ACTIONS[2],
            l.folder,
            true,
            Some("CmdOrCtrl+I"),
        )?),
        Box::new(PredefinedMenuItem::separator(app)?),
        Box::new(MenuItem::with_id(
            app,
            ACTIONS[4],
            l.sync,
            true,
            Some("F5"),
        )?),
        Box::new(MenuItem::with_id(
            app,
            ACTIONS[5],
            l.conflicts,
            true,
            None::<&str>,
        )?),
        Box::new(PredefinedMenuItem::separator(app)?),
        Box::new(MenuItem::with_id(
            app,
            ACTIONS[6],
            l.settings,
            true,
            Some("CmdOrCtrl+,"),
        )?),
        Box::new(PredefinedMenuItem::separator(app)?),
        Box::new(PredefinedMenuItem::quit(app, Some(l.quit))?),
    ];
    let refs: Vec<&dyn IsMenuItem<R>> = items.iter().map(|b| b.as_ref()).collect();
    let file_menu = Submenu::with_items(app, l.file, true, &refs)?;
    Menu::with_items(app, &[&file_menu])
}

/// Builds the menu again (the language or the recent archives changed)
/// and puts it on the window.
pub fn rebuild<R: Runtime>(app: &AppHandle<R>) {
    match build(app) {
        Ok(menu) => {
            if let Err(e) = app.set_menu(menu) {
                eprintln!("gazette: the menu could not be replaced: {e}");
            }
        }
        Err(e) => eprintln!("gazette: the menu could not be built: {e}"),
    }
}

/// Forwards a chosen menu item to the UI, or opens a recent archive.
pub fn on_event(app: &AppHandle, id: &str) {
    if ACTIONS.contains(&id) {
        let _ = MenuActionEvent {
            action: id.to_string(),
        }
        .emit(app);
    } else if let Some(i) = id
        .strip_prefix(RECENT_PREFIX)
        .and_then(|i| i.parse::<usize>().ok())
    {
        let recent = app.state::<SettingsState>().get().recent;
        if let Some(path) = recent.get(i) {
            crate::instance::open_and_tell(app, path);
        }
    }
}
