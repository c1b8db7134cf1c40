//! Deleting posts and undoing operations: a delete is one undoable
//! operation, and an undo gives every post an operation changed its earlier
//! bytes back (itself recorded as an operation, so undoing it redoes).

use serde::Serialize;

use super::write_bytes;
use crate::error::{Error, Result};
use crate::post::PostFile;
use crate::store::{Origin, Store, Stored};

/// What an undo did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UndoReport {
    /// The operation undone.
    pub undone: i64,
    /// The new operation that did it (undo it to redo).
    pub operation_id: Option<i64>,
    /// Posts given back their earlier bytes.
    pub restored: u32,
    /// Posts an undone import had added, removed.
    pub removed: u32,
    /// Posts changed again since the operation, left as they are.
    pub conflicts: Vec<i64>,
}

/// Deletes posts `ids` from the archive as one undoable operation (undo
/// brings each back whole, under its source path; its earlier revisions are
/// not kept). Returns the operation's id, `None` when no post was deleted.
///
/// # Errors
/// [`Error::PostNotFound`] for an id with no post (nothing is deleted
/// then); database errors.
pub fn delete_posts(store: &mut Store, ids: &[i64]) -> Result<Option<i64>> {
    if ids.is_empty() {
        return Ok(None);
    }
    let writer = store.writer()?;
    let description = if ids.len() == 1 {
        format!("Delete post {}", ids[0])
    } else {
        format!("Delete {} posts", ids.len())
    };
    let op = writer.start_operation("delete", &description)?;
    for &id in ids {
        writer.delete_post_undoably(op, id)?;
    }
    writer.commit()?;
    Ok(Some(op))
}

/// Undoes `operation` (the newest save, restore, bulk edit, delete, new
/// post, promote, demote or undo not yet undone when `None`; imports are
/// undone only by id): each post it changed gets back the bytes it had
/// before, each post it moved goes back to its path, and each post an
/// import or a new post added is removed, unless it changed again since (then it is left alone and listed
/// in `conflicts`). Recorded as a new operation of kind `undo`.
///
/// # Errors
/// [`Error::NothingToUndo`]; database errors.
pub fn undo(store: &mut Store, operation: Option<i64>) -> Result<UndoReport> {
    let writer = store.writer()?;
    let target = match operation {
        Some(op) => op,
        None => writer
            .last_undoable()?
            .ok_or_else(|| Error::NothingToUndo("there is nothing to undo".into()))?,
    };
    let changes = writer.changes(target)?;
    let added = writer.added(target)?;
    let deleted = writer.deleted_posts(target)?;
    let moves = writer.moves(target)?;
    if changes.is_empty() && added.is_empty() && deleted.is_empty() && moves.is_empty() {
        return Err(Error::NothingToUndo(format!(
            "operation {target} changed no post, or does not exist"
        )));
    }
    let op = writer.start_operation("undo", &format!("Undo operation {target}"))?;
    let mut report = UndoReport {
        undone: target,
        operation_id: Some(op),
        restored: 0,
        removed: 0,
        conflicts: Vec::new(),
    };
    // Posts a promote or demote moved go back first (so their earlier
    // bytes are read at their earlier path), unless moved or changed
    // since, or their earlier path is taken; the move back is recorded, so
    // undoing the undo moves them again.
    let mut moved_back: Vec<i64> = Vec::new();
    for (post_id, from, to) in &moves {
        let ended_with = changes
            .iter()
            .rev()
            .find(|c| c.post_id == *post_id)
            .map(|c| &c.next_hash);
        match writer.current(*post_id) {
            Ok((path, _, hash))
                if &path == to
                    && ended_with.is_none_or(|h| *h == hash)
                    && !writer.has_source_path(from)? =>
            {
                writer.move_post(*post_id, from)?;
                writer.record_move(op, *post_id, to, from)?;
                moved_back.push(*post_id);
            }
            Ok(_) | Err(Error::PostNotFound(_)) => report.conflicts.push(*post_id),
            Err(e) => return Err(e),
        }
    }
    // Several revisions of one post in one operation: the first holds the
    // bytes from before the operation, the last the hash it ended with.
    let mut seen: Vec<i64> = Vec::new();
    for change in &changes {
        if seen.contains(&change.post_id) {
            continue;
        }
        seen.push(change.post_id);
        let last_hash = &changes
            .iter()
            .rev()
            .find(|c| c.post_id == change.post_id)
            .unwrap_or(change)
            .next_hash;
        let (source_path, old, old_hash) = match writer.current(change.post_id) {
            Ok(c) => c,
            Err(Error::PostNotFound(_)) => {
                report.conflicts.push(change.post_id);
                continue;
            }
            Err(e) => return Err(e),
        };
        if &old_hash != last_hash
            || moves
                .iter()
                .any(|m| m.0 == change.post_id && !moved_back.contains(&m.0))
        {
            if !report.conflicts.contains(&change.post_id) {
                report.conflicts.push(change.post_id);
            }
            continue;
        }
        write_bytes(
            &writer,
            change.post_id,
            op,
            &source_path,
            &old,
            &old_hash,
            change.raw.clone(),
        )?;
        report.restored += 1;
    }
    // A post moved back with the same bytes: its view follows its path
    // (a `_drafts/` file is a draft).
    for &post_id in moved_back.iter().filter(|id| !seen.contains(id)) {
        let (path, raw, _) = writer.current(post_id)?;
        let post = PostFile::parse_with(&path, raw, writer.context(post_id)?).map_err(|e| {
            Error::InvalidPost {
                line: e.line,
                reason: e.reason,
            }
        })?;
        writer.put_post(&path, &post, Stored::Changed(post_id), Origin::Edit)?;
        report.restored += 1;
    }
    // Posts an import added go, unless changed since.
    for (post_id, hash) in added {
        match writer.current(post_id) {
            Ok((_, _, current)) if current == hash => {
                writer.delete_post(post_id)?;
                report.removed += 1;
            }
            Ok(_) => report.conflicts.push(post_id),
            Err(Error::PostNotFound(_)) => {}
            Err(e) => return Err(e),
        }
    }
    // Posts a delete removed come back, unless their path was taken since.
    for post in deleted {
        if writer.has_source_path(&post.source_path)? {
            continue;
        }
        let context = crate::post::Context::from_json(&post.context_json);
        let parsed = PostFile::parse_with(&post.source_path, post.raw, context).map_err(|e| {
            Error::InvalidPost {
                line: e.line,
                reason: e.reason,
            }
        })?;
        let id = writer.put_post(&post.source_path, &parsed, Stored::New, Origin::Edit)?;
        writer.set_source_hash(id, post.source_hash.as_deref())?;
        // Recorded as added, so undoing this undo deletes it again.
        writer.record_added(op, id, parsed.content_hash())?;
        report.restored += 1;
    }
    if report.restored + report.removed == 0 {
        // Every post changed since: nothing undone, nothing recorded.
        report.operation_id = None;
        return Ok(report);
    }
    writer.mark_undone(target, op)?;
    writer.commit()?;
    Ok(report)
}
