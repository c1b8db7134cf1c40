//! Editing posts: the editor's text, saves, front matter edits, history,
//! bulk edits and undo.

use gazette_core::editing::{text_parts, TextParts};
use gazette_core::{
    Archive, BulkAction, BulkReport, FieldEdit, Operation, Revision, Saved, UndoReport,
};
use serde::Serialize;
use tauri::State;

use crate::error::{AppError, CmdResult};
use crate::state::AppState;

/// A post as the editor opens it.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct EditablePost {
    /// The post's id.
    pub id: i64,
    /// Its text, cut for the editor.
    pub parts: TextParts,
    /// The content hash the editor starts from; pass it back to `save_post`.
    pub base_hash: String,
    /// `markdown`, `html`, `textile` or `text` (the body editor's mode).
    pub format: String,
    /// The layouts posts of the archive use, most used first.
    pub layouts: Vec<String>,
}

/// Opens a post for editing.
#[tauri::command]
#[specta::specta]
pub async fn edit_post_text(state: State<'_, AppState>, id: i64) -> CmdResult<EditablePost> {
    state
        .readers
        .read(move |a| {
            let (parts, base_hash) = a.post_text(id)?;
            Ok(EditablePost {
                id,
                parts,
                base_hash,
                format: a.post(id)?.format,
                layouts: a.layouts()?,
            })
        })
        .await
}

/// Cuts a text for the editor and checks its YAML (nothing is saved).
#[tauri::command]
#[specta::specta]
pub fn parse_post_text(text: String) -> CmdResult<TextParts> {
    Ok(text_parts(&text))
}

/// Applies front matter edits to a text, changing only the edited keys'
/// lines (nothing is saved). Error code `edit_refused` when an edit cannot
/// be made without touching other lines, `bad_request` for invalid YAML
/// values.
#[tauri::command]
#[specta::specta]
pub fn apply_front_matter_edits(text: String, edits: Vec<FieldEdit>) -> CmdResult<TextParts> {
    let text = gazette_core::editing::apply_field_edits(&text, &edits)?;
    Ok(text_parts(&text))
}

/// Saves a post's whole text. `base_hash` is the hash the editor started
/// from: error code `conflict` (nothing written) when the post changed since;
/// `invalid` when the text is not a valid post.
#[tauri::command]
#[specta::specta]
pub fn save_post(
    state: State<'_, AppState>,
    id: i64,
    base_hash: String,
    text: String,
) -> CmdResult<Saved> {
    state.with_archive(|a| Ok(a.save_text(id, Some(&base_hash), &text)?))
}

/// A post's revisions, newest first.
#[tauri::command]
#[specta::specta]
pub async fn post_history(state: State<'_, AppState>, id: i64) -> CmdResult<Vec<Revision>> {
    state.readers.read(move |a| Ok(a.history(id)?)).await
}

/// A unified diff from a revision to the post's current text.
#[tauri::command]
#[specta::specta]
pub async fn revision_diff(
    state: State<'_, AppState>,
    id: i64,
    revision: i64,
) -> CmdResult<String> {
    state
        .readers
        .read(move |a| Ok(a.revision_diff(id, revision)?))
        .await
}

/// Makes a revision the post's text again (itself undoable).
#[tauri::command]
#[specta::specta]
pub fn restore_revision(state: State<'_, AppState>, id: i64, revision: i64) -> CmdResult<Saved> {
    state.with_archive(|a| Ok(a.restore(id, revision)?))
}

/// Applies a change to the selected posts `ids`, or when `ids` is null to
/// every post `query` matches, as one undoable operation, or (with
/// `dry_run`) reports what would change. Runs off the main thread on its
/// own connection.
#[tauri::command]
#[specta::specta]
pub async fn bulk_edit(
    state: State<'_, AppState>,
    query: String,
    ids: Option<Vec<i64>>,
    action: BulkAction,
    dry_run: bool,
) -> CmdResult<BulkReport> {
    let db = state.archive_path()?;
    tauri::async_runtime::spawn_blocking(move || {
        let mut archive = Archive::open(&db)?;
        Ok(match ids {
            Some(ids) => archive.bulk_ids(&ids, &action, dry_run)?,
            None => archive.bulk(&query, &action, dry_run)?,
        })
    })
    .await
    .map_err(|e| AppError::new("database", e.to_string()))?
}

/// Undoes an operation, or the newest one not undone when `operation` is
/// null. Error code `nothing_to_undo` when there is none.
#[tauri::command]
#[specta::specta]
pub async fn undo(state: State<'_, AppState>, operation: Option<i64>) -> CmdResult<UndoReport> {
    let db = state.archive_path()?;
    tauri::async_runtime::spawn_blocking(move || {
        let mut archive = Archive::open(&db)?;
        Ok(archive.undo(operation)?)
    })
    .await
    .map_err(|e| AppError::new("database", e.to_string()))?
}

/// The newest operations (saves, bulk edits, imports, undos).
#[tauri::command]
#[specta::specta]
pub async fn operations(state: State<'_, AppState>, limit: u32) -> CmdResult<Vec<Operation>> {
    state.readers.read(move |a| Ok(a.operations(limit)?)).await
}
