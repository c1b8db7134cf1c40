//! Tauri's build step, reading the configuration at the repository root.
//!
//! Gazette's own commands are declared here so that Tauri's access control
//! generates an `allow-<command>` permission for each and denies any command
//! a capability does not grant (least privilege; the grants are in
//! `tauri.conf.json`).

/// Every command in `src-tauri/commands/` (kept in step with
/// `bindings.rs`; a command missing here is refused at run time).
const COMMANDS: &[&str] = &[
    "archive_info",
    "open_archive",
    "stats",
    "list_posts",
    "get_post",
    "preview_body",
    "set_remote_images",
    "search",
    "search_facets",
    "start_import",
    "cancel_import",
    "index_status",
    "start_indexing",
    "edit_post_text",
    "parse_post_text",
    "apply_front_matter_edits",
    "save_post",
    "post_history",
    "revision_diff",
    "restore_revision",
    "bulk_edit",
    "undo",
    "operations",
    "start_export",
    "cancel_export",
    "export_conflicts",
    "duplicates",
    "duplicate_diff",
    "dismiss_duplicates",
    "delete_posts",
    "sites",
    "add_site",
    "update_site",
    "remove_site",
    "plan_publish",
    "publish_diff",
    "start_publish",
    "cancel_publish",
    "start_sync",
    "cancel_sync",
    "sync_status",
    "conflicts",
    "conflict_sides",
    "resolve_conflict",
    "sync_marks",
    "clear_sync_mark",
    "new_post",
    "preview_new_post_path",
    "promote_post",
    "demote_post",
    "app_settings",
    "set_app_settings",
    "archive_settings",
    "set_default_site",
    "timeline",
    "name_counts",
    "edit_names",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .config_path("tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("tauri build step failed");
}
