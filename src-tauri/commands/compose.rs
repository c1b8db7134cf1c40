//! Writing new posts and moving drafts in and out of `_posts/` (see
//! `gazette_core::compose`).

use gazette_core::{Created, FieldEdit, Moved, NewPost};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// Creates a post in site `site` (an id from `sites`; null for no site) as
/// one undoable operation: front matter `title`, `date` (`date` as the
/// user wrote it, else now in this machine's offset; a draft has none
/// unless given), the site's `jekyll_compose` defaults, then `fields` in
/// order; then `body`. Error code `bad_request` (nothing created) for a
/// blank title, an unreadable date, a value that is not YAML or an
/// unknown site; `site` for a site configuration that cannot be read.
#[tauri::command]
#[specta::specta]
pub fn new_post(
    state: State<'_, AppState>,
    site: Option<i64>,
    title: String,
    date: Option<String>,
    draft: bool,
    fields: Vec<FieldEdit>,
    body: Option<String>,
) -> CmdResult<Created> {
    let new = NewPost {
        title,
        date,
        draft,
        fields,
        body: body.unwrap_or_default(),
    };
    state.with_archive(|a| Ok(a.new_post(site, &new)?))
}

/// The path in its site (`_posts/2024-05-01-赣州-新的一天.md`) that
/// `new_post` with this site, title, date and draft flag would give now,
/// `-2` rule included; nothing is written. Error code `bad_request` for a
/// blank title or an unreadable date (the message `new_post` would give).
#[tauri::command]
#[specta::specta]
pub fn preview_new_post_path(
    state: State<'_, AppState>,
    site: Option<i64>,
    title: String,
    date: Option<String>,
    draft: bool,
) -> CmdResult<String> {
    state.with_archive(|a| Ok(a.planned_post_path(site, &title, date.as_deref(), draft)?))
}

/// Promotes draft `id` (a file in `_drafts/`) to `_posts/DATE-NAME`, its
/// `date` becoming `date` when given, else staying, else now; the next
/// publish moves its file. Error code `bad_request` for a post not in
/// `_drafts/` or an unreadable date.
#[tauri::command]
#[specta::specta]
pub fn promote_post(state: State<'_, AppState>, id: i64, date: Option<String>) -> CmdResult<Moved> {
    state.with_archive(|a| Ok(a.promote(id, date.as_deref())?))
}

/// Demotes post `id` (a file in `_posts/`) to `_drafts/NAME` without its
/// `date`; the next publish moves its file. Error code `bad_request` for a
/// post not in `_posts/`.
#[tauri::command]
#[specta::specta]
pub fn demote_post(state: State<'_, AppState>, id: i64) -> CmdResult<Moved> {
    state.with_archive(|a| Ok(a.demote(id)?))
}
