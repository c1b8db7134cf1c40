//! Gazette's desktop app: a thin Tauri 2 shell over `gazette-core`.
//!
//! Commands (in `commands/`) turn UI calls into core calls; long work runs
//! off the UI thread and reports progress as typed events. The TypeScript
//! bindings in `ui/src/api/bindings.ts` are generated from these signatures
//! (tauri-specta; see `bindings.rs`).

#![cfg_attr(
    all(not(debug_assertions), target_os = "windows"),
    windows_subsystem = "windows"
)]

mod bindings;
mod commands;
mod error;
mod images;
mod instance;
mod jobs;
mod menu;
mod state;
mod watch;

fn main() {
    let builder = bindings::builder();
    // An archive given on the command line (opened from the file manager)
    // opens instead of the default one.
    let args: Vec<String> = std::env::args().collect();
    let cwd = std::env::current_dir().unwrap_or_default();
    let state = match instance::archive_argument(&args, &cwd) {
        Some(path) => state::AppState::open(&path),
        None => state::AppState::open_default(),
    };
    tauri::Builder::default()
        // First: a second launch hands over its arguments and exits.
        .plugin(tauri_plugin_single_instance::init(|app, args, cwd| {
            instance::on_second_launch(app, args, cwd)
        }))
        // The window's size, position and maximised state, restored.
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        // Allowed remote images, fetched by the backend (see images.rs).
        .register_asynchronous_uri_scheme_protocol(
            gazette_core::render::REMOTE_SCHEME,
            images::remote_image,
        )
        .manage(state)
        .invoke_handler(builder.invoke_handler())
        .menu(menu::build)
        .on_menu_event(|app, event| menu::on_event(app, event.id().as_ref()))
        .setup(move |app| {
            builder.mount_events(app);
            // Posts an earlier run or an older Gazette left unindexed.
            commands::indexing::request(app.handle(), false);
            // Followed sites catch up with their folders, then are watched.
            watch::sync_followed(app.handle());
            Ok(())
        })
        .run(tauri::generate_context!("tauri.conf.json"))
        .expect("error while running Gazette");
}
