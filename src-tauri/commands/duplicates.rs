//! Possible duplicates: the groups, a diff between two members, keeping
//! one (the others deleted as one undoable step) or keeping all.

use gazette_core::PostDetail;
use serde::Serialize;
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// One post of a duplicate group, as the view compares them.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct DuplicateMember {
    /// The post's id.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// Its date (ISO 8601, its own offset), if any.
    pub date: Option<String>,
    /// Where it was imported from.
    pub source_path: String,
    /// Its file's size in bytes.
    pub size: u32,
    /// BLAKE3 of its bytes: equal hashes are identical files.
    pub content_hash: String,
}

/// A group of possible duplicates with its members.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct DuplicateGroupView {
    /// Names the group, for keeping all.
    pub key: String,
    /// `title_date` or `source_url`.
    pub reason: String,
    /// The shared title and day, or URL.
    pub value: String,
    /// The posts, oldest first.
    pub members: Vec<DuplicateMember>,
}

fn member(post: PostDetail, size: usize) -> DuplicateMember {
    DuplicateMember {
        id: post.id,
        title: post.title,
        date: post.date,
        source_path: post.source_path,
        size: size as u32,
        content_hash: post.content_hash,
    }
}

/// Every group of possible duplicates not kept as it is.
#[tauri::command]
#[specta::specta]
pub async fn duplicates(state: State<'_, AppState>) -> CmdResult<Vec<DuplicateGroupView>> {
    state
        .readers
        .read(|a| {
            let mut groups = Vec::new();
            for g in a.duplicates()? {
                let mut members = Vec::new();
                for id in &g.ids {
                    let size = a.post_file(*id)?.len();
                    members.push(member(a.post(*id)?, size));
                }
                groups.push(DuplicateGroupView {
                    key: g.key,
                    reason: g.reason,
                    value: g.value,
                    members,
                });
            }
            Ok(groups)
        })
        .await
}

/// A unified diff from post `a`'s text to post `b`'s.
#[tauri::command]
#[specta::specta]
pub fn duplicate_diff(state: State<'_, AppState>, a: i64, b: i64) -> CmdResult<String> {
    state.with_archive(|archive| {
        let (ta, _) = archive.post_text(a)?;
        let (tb, _) = archive.post_text(b)?;
        Ok(gazette_core::editing::unified_diff(
            &ta.text,
            &tb.text,
            &format!("post {a}"),
            &format!("post {b}"),
        ))
    })
}

/// Keeps all posts of a group as they are: it is not listed again.
#[tauri::command]
#[specta::specta]
pub fn dismiss_duplicates(state: State<'_, AppState>, key: String) -> CmdResult<()> {
    state.with_archive(|a| Ok(a.dismiss_duplicates(&key)?))
}

/// Deletes posts as one undoable step (toolbar Undo brings them back).
#[tauri::command]
#[specta::specta]
pub fn delete_posts(state: State<'_, AppState>, ids: Vec<i64>) -> CmdResult<Option<i64>> {
    state.with_archive(|a| Ok(a.delete_posts(&ids)?))
}
