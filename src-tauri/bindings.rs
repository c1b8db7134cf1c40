//! The command and event surface, declared once. The TypeScript bindings
//! (`ui/src/api/bindings.ts`) are generated from it; a test fails when the
//! committed file is stale (`UPDATE_BINDINGS=1 cargo test --bin gazette-app
//! bindings` rewrites it).

use crate::commands::{
    archive, compose, duplicates, editing, export, import, indexing, overview, posts, publish,
    search, settings, sync,
};
use crate::menu;

/// The tauri-specta builder with every command and event.
pub fn builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        .commands(tauri_specta::collect_commands![
            archive::archive_info,
            archive::open_archive,
            archive::stats,
            posts::list_posts,
            posts::get_post,
            posts::preview_body,
            posts::set_remote_images,
            search::search,
            search::search_facets,
            import::start_import,
            import::cancel_import,
            indexing::index_status,
            indexing::start_indexing,
            editing::edit_post_text,
            editing::parse_post_text,
            editing::apply_front_matter_edits,
            editing::save_post,
            editing::post_history,
            editing::revision_diff,
            editing::restore_revision,
            editing::bulk_edit,
            editing::undo,
            editing::operations,
            export::start_export,
            export::cancel_export,
            export::export_conflicts,
            duplicates::duplicates,
            duplicates::duplicate_diff,
            duplicates::dismiss_duplicates,
            duplicates::delete_posts,
            publish::sites,
            publish::add_site,
            publish::update_site,
            publish::remove_site,
            publish::plan_publish,
            publish::publish_diff,
            publish::start_publish,
            publish::cancel_publish,
            sync::start_sync,
            sync::cancel_sync,
            sync::sync_status,
            sync::conflicts,
            sync::conflict_sides,
            sync::resolve_conflict,
            sync::sync_marks,
            sync::clear_sync_mark,
            compose::new_post,
            compose::preview_new_post_path,
            compose::promote_post,
            compose::demote_post,
            settings::app_settings,
            settings::set_app_settings,
            settings::archive_settings,
            settings::set_default_site,
            overview::timeline,
            overview::name_counts,
            overview::edit_names,
        ])
        .events(tauri_specta::collect_events![
            import::ImportProgressEvent,
            import::ImportFinishedEvent,
            indexing::IndexProgressEvent,
            indexing::IndexFinishedEvent,
            export::ExportProgressEvent,
            export::ExportFinishedEvent,
            publish::PublishProgressEvent,
            publish::PublishFinishedEvent,
            sync::SyncProgressEvent,
            sync::SyncFinishedEvent,
            menu::MenuActionEvent,
            crate::instance::ArchiveOpenedEvent,
        ])
        .dangerously_cast_bigints_to_number()
}

#[cfg(test)]
mod tests {
    use super::*;
    use specta_typescript::Typescript;

    /// Where the generated bindings live, from the repository root.
    const BINDINGS_PATH: &str = "ui/src/api/bindings.ts";

    #[test]
    fn bindings_are_current() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let committed = root.join(BINDINGS_PATH);
        let fresh = tempfile::NamedTempFile::new().unwrap();
        builder()
            .export(Typescript::default(), fresh.path())
            .unwrap();
        let fresh = std::fs::read_to_string(fresh.path()).unwrap();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&committed, &fresh).unwrap();
        }
        let current = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            current == fresh,
            "{BINDINGS_PATH} is stale: run `UPDATE_BINDINGS=1 cargo test --bin gazette-app bindings` and commit it"
        );
    }

    /// Every command the UI can call is granted to the main window, and
    /// nothing else of Gazette's is (Tauri denies commands without an
    /// `allow-*` permission in a capability; see build.rs).
    #[test]
    fn capabilities_grant_exactly_the_commands() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let bindings = std::fs::read_to_string(root.join(BINDINGS_PATH)).unwrap();
        let mut commands: Vec<String> = bindings
            .split("__TAURI_INVOKE(\"")
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap().replace('_', "-"))
            .collect();
        commands.sort();
        let conf: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(root.join("tauri.conf.json")).unwrap())
                .unwrap();
        let mut granted: Vec<String> = conf["app"]["security"]["capabilities"][0]["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str()?.strip_prefix("allow-").map(str::to_string))
            .collect();
        granted.sort();
        assert_eq!(granted, commands);
    }
}
