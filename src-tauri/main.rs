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

mod app_settings;
mod bindings;
mod commands;
mod error;
mod images;
mod instance;
mod jobs;
mod locale;
mod menu;
mod readers;
mod state;
mod watch;

fn main() {
    let builder = bindings::builder();
    let context = tauri::generate_context!("tauri.conf.json");
    // The app's own settings (theme, language, recent archives).
    let settings_path = app_settings::file_path(&context.config().identifier);
    let mut settings = settings_path
        .as_deref()
        .map(app_settings::AppSettings::load)
        .unwrap_or_default();
    // An archive given on the command line (opened from the file manager),
    // else $GAZETTE_DB, else the last one opened, else the default.
    let args: Vec<String> = std::env::args().collect();
    let cwd = std::env::current_dir().unwrap_or_default();
    let db = std::env::var_os(gazette_core::ARCHIVE_ENV);
    let start = instance::start_archive(&args, &cwd, db.as_deref(), &settings);
    let state = state::AppState::open(&start);
    if let Ok(opened) = state.archive_path() {
        settings.remember(&opened);
        if let Some(path) = &settings_path {
            if let Err(e) = settings.save(path) {
                eprintln!("gazette: the recent archives could not be saved: {e}");
            }
        }
    }
    let theme = settings.theme;
    let settings = app_settings::SettingsState {
        path: settings_path,
        settings: std::sync::Mutex::new(settings),
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
        .manage(settings)
        .invoke_handler(builder.invoke_handler())
        .menu(menu::build)
        .on_menu_event(|app, event| menu::on_event(app, event.id().as_ref()))
        .setup(move |app| {
            builder.mount_events(app);
            commands::settings::apply_window_theme(app.handle(), theme);
            // Posts an earlier run or an older Gazette left unindexed.
            commands::indexing::request(app.handle(), false);
            // Followed sites catch up with their folders, then are watched.
            watch::sync_followed(app.handle());
            Ok(())
        })
        .build(context)
        .expect("error while building Gazette")
        .run(|_app, _event| {
            // macOS hands a `.db` opened from the Finder over as an event.
            #[cfg(target_os = "macos")]
            if let tauri::RunEvent::Opened { urls } = &_event {
                instance::on_opened(_app, urls);
            }
        });
}
