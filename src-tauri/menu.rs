//! The native menu bar: File → New Post…, Open Archive…, Import Files…,
//! Import Folder…, Sync All Sites, Conflicts…, Quit. Choosing an item sends
//! a `MenuActionEvent` to the UI, which runs the same action as its toolbar
//! button.

use serde::{Deserialize, Serialize};
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem, Submenu};
use tauri::{AppHandle, Runtime};
use tauri_specta::Event;

/// A menu item the user chose; `action` is `open_archive`,
/// `import_files`, `import_folder`, `new_post`, `sync_all` or `conflicts`.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct MenuActionEvent {
    /// Which action to run.
    pub action: String,
}

const ACTIONS: [&str; 6] = [
    "open_archive",
    "import_files",
    "import_folder",
    "new_post",
    "sync_all",
    "conflicts",
];

/// The menu's labels in one language.
struct Labels {
    file: &'static str,
    new_post: &'static str,
    open: &'static str,
    files: &'static str,
    folder: &'static str,
    sync: &'static str,
    conflicts: &'static str,
    quit: &'static str,
}

/// Labels in the OS language (Simplified Chinese or English), like the UI.
fn labels() -> Labels {
    let chinese = sys_locale::get_locale().is_some_and(|l| l.to_lowercase().starts_with("zh"));
    if chinese {
        Labels {
            file: "文件(&F)",
            new_post: "新建文章…",
            open: "打开存档…",
            files: "导入文件…",
            folder: "导入文件夹…",
            sync: "同步所有站点",
            conflicts: "同步冲突…",
            quit: "退出",
        }
    } else {
        Labels {
            file: "&File",
            new_post: "New Post…",
            open: "Open Archive…",
            files: "Import Files…",
            folder: "Import Folder…",
            sync: "Sync All Sites",
            conflicts: "Conflicts…",
            quit: "Quit",
        }
    }
}

/// Builds the menu bar.
///
/// # Errors
/// Tauri's error if the platform refuses the menu.
pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let l = labels();
    let file_menu = Submenu::with_items(
        app,
        l.file,
        true,
        &[
            &MenuItem::with_id(app, ACTIONS[3], l.new_post, true, Some("CmdOrCtrl+N"))?,
            &MenuItem::with_id(app, ACTIONS[0], l.open, true, Some("CmdOrCtrl+O"))?,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(app, ACTIONS[1], l.files, true, Some("CmdOrCtrl+Shift+I"))?,
            &MenuItem::with_id(app, ACTIONS[2], l.folder, true, Some("CmdOrCtrl+I"))?,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(app, ACTIONS[4], l.sync, true, Some("F5"))?,
            &MenuItem::with_id(app, ACTIONS[5], l.conflicts, true, None::<&str>)?,
            &PredefinedMenuItem::separator(app)?,
            &PredefinedMenuItem::quit(app, Some(l.quit))?,
        ],
    )?;
    Menu::with_items(app, &[&file_menu])
}

/// Forwards a chosen menu item to the UI.
pub fn on_event<R: Runtime>(app: &AppHandle<R>, id: &str) {
    if ACTIONS.contains(&id) {
        let _ = MenuActionEvent {
            action: id.to_string(),
        }
        .emit(app);
    }
}
