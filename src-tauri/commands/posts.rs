//! Browsing and reading posts.

use gazette_core::{ListQuery, PostDetail, PostPage};
use serde::Serialize;
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// A page of posts, newest first, filtered by category, tag or year.
#[tauri::command]
#[specta::specta]
pub fn list_posts(state: State<'_, AppState>, query: ListQuery) -> CmdResult<PostPage> {
    state.with_archive(|a| Ok(a.list(&query)?))
}

/// A post to read: everything about it, and its body as sanitised HTML.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct PostView {
    /// The post.
    pub post: PostDetail,
    /// The body rendered and sanitised (no script, handler or
    /// `javascript:` URL can survive; see `gazette_core::render`).
    pub body_html: String,
    /// Remote images in the body (shown only when allowed).
    pub remote_images: u32,
    /// This archive shows remote images.
    pub remote_images_allowed: bool,
}

/// One post for the reader pane.
#[tauri::command]
#[specta::specta]
pub fn get_post(state: State<'_, AppState>, id: i64) -> CmdResult<PostView> {
    state.with_archive(|a| {
        let rendered = a.post_rendered(id)?;
        Ok(PostView {
            post: a.post(id)?,
            body_html: rendered.html,
            remote_images: rendered.remote_images,
            remote_images_allowed: a.remote_images_allowed()?,
        })
    })
}

/// Allows or blocks remote images (which can track the reader) in this
/// archive's rendered posts; the setting is kept in the archive.
#[tauri::command]
#[specta::specta]
pub fn set_remote_images(state: State<'_, AppState>, allow: bool) -> CmdResult<()> {
    state.with_archive(|a| Ok(a.set_remote_images_allowed(allow)?))
}

/// A body rendered and sanitised for the editor's preview, as the reader
/// shows it (`format`: `markdown`, `html`, `textile` or `text`).
#[tauri::command]
#[specta::specta]
pub fn preview_body(state: State<'_, AppState>, format: String, body: String) -> CmdResult<String> {
    let format = gazette_core::Format::from_name(&format).unwrap_or(gazette_core::Format::Text);
    let allow = state.with_archive(|a| Ok(a.remote_images_allowed()?))?;
    Ok(gazette_core::render::render(format, &body, allow).html)
}
