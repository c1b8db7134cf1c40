//! The native menu bar: File → New Post…, Open Archive…, Import Files…,
//! Import Folder…, Quit. Choosing an item sends a `MenuActionEvent` to the UI,
//! which runs the same action as its toolbar button.

use serde::{Deserialize, Serialize};
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem, Submenu};
use tauri::{AppHandle, Runtime};
use tauri_specta::Event;

/// A menu item the user chose; `action` is `open_archive`,
/// `import_files`, `import_folder` or `new_post`.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct MenuActionEvent {
    /// Which action to run.
    pub action: String,
}

const ACTIONS: [&str; 4] = ["open_archive", "import_files", "import_folder", "new_post"];

/// Labels in the OS language (Simplified Chinese or English), like the UI.
fn labels() -> [&'static str; 6] {
    let chinese = sys_locale::get_locale().is_some_and(|l| l.to_lowercase().starts_with("zh"));
    if chinese {
        [
            "文件(&F)",
            "打开存档…",
            "导入文件…",
            "导入文件夹…",
            "退出",
            "新建文章…",
        ]
    } else {
        [
            "&File",
            "Open Archive…",
            "Import Files…",
            "Import Folder…",
            "Quit",
            "New Post…",
        ]
    }
}

/// Builds the menu bar.
///
/// # Errors
/// Tauri's error if the platform refuses the menu.
pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let [file, open, files, folder, quit, new_post] = labels();
    let file_menu = Submenu::with_items(
        app,
        file,
        true,
        &[
            &MenuItem::with_id(app, ACTIONS[3], new_post, true, Some("CmdOrCtrl+N"))?,
            &MenuItem::with_id(app, ACTIONS[0], open, true, Some("CmdOrCtrl+O"))?,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(app, ACTIONS[1], files, true, Some("CmdOrCtrl+Shift+I"))?,
            &MenuItem::with_id(app, ACTIONS[2], folder, true, Some("CmdOrCtrl+I"))?,
            &PredefinedMenuItem::separator(app)?,
            &PredefinedMenuItem::quit(app, Some(quit))?,
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
