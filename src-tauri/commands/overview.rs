//! The archive as a whole: the timeline's counts and the tags and
//! categories manager.

use gazette_core::{Archive, BulkReport, NameCount, NameEdit, NameKind, Timeline, TimelineBy};
use tauri::{AppHandle, State};

use crate::error::{AppError, CmdResult};
use crate::state::{on_writer, AppState};

/// Posts per month or year (of each post's date in its own offset) among
/// the posts `query` matches (the search language; "" for every post).
/// Malformed queries give the error code `query`.
#[tauri::command]
#[specta::specta]
pub async fn timeline(
    app: AppHandle,
    state: State<'_, AppState>,
    query: String,
    by: TimelineBy,
) -> CmdResult<Timeline> {
    if query.trim().is_empty() {
        // The kept counts: any reader.
        state
            .readers
            .read(move |a| Ok(a.timeline(&query, by)?))
            .await
    } else {
        // The derived index counts a query's months (the writer's).
        on_writer(app, move |a| Ok(a.timeline(&query, by)?)).await
    }
}

/// Every tag or category with its post count, most used first.
#[tauri::command]
#[specta::specta]
pub async fn name_counts(state: State<'_, AppState>, kind: NameKind) -> CmdResult<Vec<NameCount>> {
    state.readers.read(move |a| Ok(a.names(kind)?)).await
}

/// Renames, merges or deletes tags or categories in every post that has
/// them, as one undoable operation, or (with `dry_run`) reports which posts
/// would change. Runs off the main thread on its own connection.
#[tauri::command]
#[specta::specta]
pub async fn edit_names(
    state: State<'_, AppState>,
    kind: NameKind,
    edit: NameEdit,
    dry_run: bool,
) -> CmdResult<BulkReport> {
    let db = state.archive_path()?;
    tauri::async_runtime::spawn_blocking(move || {
        let mut archive = Archive::open(&db)?;
        Ok(archive.edit_names(kind, &edit, dry_run)?)
    })
    .await
    .map_err(|e| AppError::new("database", e.to_string()))?
}
