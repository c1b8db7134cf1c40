//! Browsing and reading posts.

use gazette_core::{ListQuery, PostDetail, PostPage};
use serde::Serialize;
use tauri::{AppHandle, State};

use crate::error::CmdResult;
use crate::state::AppState;

/// A page of posts, newest first, filtered by category, tag or year.
#[tauri::command]
#[specta::specta]
pub async fn list_posts(state: State<'_, AppState>, query: ListQuery) -> CmdResult<PostPage> {
    state.readers.read(move |a| Ok(a.list(&query)?)).await
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
    /// Images found in the post's site folder (served by the asset
    /// protocol).
    pub site_images: u32,
    /// Relative image sources shown as a placeholder with their path
    /// (missing, or outside the site folder).
    pub missing_images: u32,
    /// Matches of the search's terms marked in the body
    /// (`<mark class="search-hit">`, in document order); 0 without a query.
    pub marks: u32,
}

/// One post for the reader pane; `query` (the search it was opened from,
/// if any) has its words marked in the body.
#[tauri::command]
#[specta::specta]
pub async fn get_post(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
    query: Option<String>,
) -> CmdResult<PostView> {
    let terms = query
        .as_deref()
        .map(gazette_core::search::highlight_terms)
        .unwrap_or_default();
    let (view, base, files) = state
        .readers
        .read(move |a| {
            let (rendered, base) = a.post_rendered_for(id, &terms)?;
            let files = rendered.image_files;
            let view = PostView {
                post: a.post(id)?,
                body_html: rendered.html,
                remote_images: rendered.remote_images,
                remote_images_allowed: a.remote_images_allowed()?,
                site_images: rendered.site_images,
                missing_images: rendered.missing_images,
                marks: rendered.marks,
            };
            Ok((view, base, files))
        })
        .await?;
    crate::images::allow_site(&app, base.as_ref(), &files);
    Ok(view)
}

/// Allows or blocks remote images (which can track the reader) in this
/// archive's rendered posts; the setting is kept in the archive.
#[tauri::command]
#[specta::specta]
pub fn set_remote_images(state: State<'_, AppState>, allow: bool) -> CmdResult<()> {
    state.with_archive(|a| Ok(a.set_remote_images_allowed(allow)?))
}

/// A body rendered and sanitised for the editor's preview, as the reader
/// shows it (`format`: `markdown`, `html`, `textile` or `text`); site
/// images are looked up in the site of post `post_id` (the post being
/// edited), if given.
#[tauri::command]
#[specta::specta]
pub fn preview_body(
    app: AppHandle,
    state: State<'_, AppState>,
    format: String,
    body: String,
    post_id: Option<i64>,
) -> CmdResult<String> {
    let format = gazette_core::Format::from_name(&format).unwrap_or(gazette_core::Format::Text);
    let (rendered, base) = state.with_archive(|a| {
        let base = match post_id {
            Some(id) => a.image_base(std::path::Path::new(&a.post(id)?.source_path))?,
            None => None,
        };
        Ok((a.render_body(format, &body, base.as_ref(), &[])?, base))
    })?;
    crate::images::allow_site(&app, base.as_ref(), &rendered.image_files);
    Ok(rendered.html)
}
