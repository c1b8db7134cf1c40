//! Resolving a conflict a sync left: keep Gazette's text, take the
//! upstream file's, or give the merged text. Each is one operation (kind
//! `resolve`) that `undo` reverts; the upstream file becomes the post's
//! merge base, so the next sync does not find the conflict again and the
//! next publish writes the result over the file.

use std::path::Path;

use serde::Deserialize;

use crate::editing::write_bytes;
use crate::error::{Error, Result};
use crate::store::Store;

/// How to resolve a conflict.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "take", content = "text", rename_all = "lowercase")]
pub enum Resolution {
    /// Keep the post as it is in Gazette (an edit/delete conflict: keep the
    /// post; the next publish writes its file again).
    Ours,
    /// Take the upstream file's bytes (an edit/delete conflict: delete the
    /// post).
    Theirs,
    /// Make the post these bytes (an edited merge).
    Merged(Vec<u8>),
}

/// The three sides of a conflict, for a three-way view.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ConflictSides {
    /// `edit/edit` or `edit/delete`.
    pub kind: String,
    /// The post's text in Gazette.
    pub ours: String,
    /// The upstream file's text; `None` when it was deleted.
    pub theirs: Option<String>,
    /// The common base (the file as last imported or synced), when kept.
    pub base: Option<String>,
    /// A start for an edited merge: `diffy`'s three-way merge of the texts
    /// with git's diff3-style markers around each overlap (`<<<<<<< ours`,
    /// `||||||| original`, `=======`, `>>>>>>> theirs`); Gazette's text
    /// when a side or the base is missing.
    pub merged: String,
    /// Gazette's changes: a unified diff from the base to `ours` (empty
    /// without a base).
    pub ours_diff: String,
    /// The upstream changes: a unified diff from the base to `theirs`
    /// (empty without a base or when the file was deleted).
    pub theirs_diff: String,
}

fn no_conflict(id: i64) -> Error {
    Error::BadRequest(format!("post {id} has no sync conflict"))
}

/// The three sides of post `id`'s conflict (texts decoded lossily).
///
/// # Errors
/// [`Error::BadRequest`] when the post has no conflict; database errors.
pub fn sides(store: &mut Store, id: i64) -> Result<ConflictSides> {
    let (kind, _, theirs) = store.conflict_theirs(id)?.ok_or_else(|| no_conflict(id))?;
    let writer = store.writer()?;
    let (_, ours, _) = writer.current(id)?;
    let source_hash = writer.source_hash(id)?;
    let base = writer.base_bytes(id, &source_hash)?;
    drop(writer);
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let (ours, theirs, base) = (
        text(&ours),
        theirs.as_deref().map(text),
        base.as_deref().map(text),
    );
    let merged = match (&base, &theirs) {
        (Some(base), Some(theirs)) => {
            diffy::merge(base, &ours, theirs).unwrap_or_else(|marked| marked)
        }
        _ => ours.clone(),
    };
    let diff = |to: &str| {
        base.as_deref()
            .map(|base| diffy::create_patch(base, to).to_string())
            .unwrap_or_default()
    };
    let ours_diff = diff(&ours);
    let theirs_diff = theirs.as_deref().map(diff).unwrap_or_default();
    Ok(ConflictSides {
        kind,
        ours,
        theirs,
        base,
        merged,
        ours_diff,
        theirs_diff,
    })
}

/// Resolves post `id`'s conflict with `resolution`; returns the operation
/// (to undo), `None` when keeping ours changed no bytes.
///
/// # Errors
/// [`Error::BadRequest`] when the post has no conflict;
/// [`Error::InvalidPost`] when merged bytes are not a readable post
/// (nothing changed then); database errors.
pub fn resolve(store: &mut Store, id: i64, resolution: Resolution) -> Result<Option<i64>> {
    let (kind, site_id, theirs) = store.conflict_theirs(id)?.ok_or_else(|| no_conflict(id))?;
    let site = store.site(site_id)?;
    let writer = store.writer()?;
    let (source_path, ours, ours_hash) = writer.current(id)?;
    let relative = Path::new(&source_path)
        .strip_prefix(&site.path)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    let op = writer.start_operation("resolve", &format!("Resolve the conflict of post {id}"))?;
    let mut changed = false;
    let bytes = match resolution {
        Resolution::Ours => None,
        Resolution::Theirs => match &theirs {
            Some(t) => Some(t.clone()),
            None => {
                writer.delete_post_undoably(op, id)?;
                writer.commit()?;
                return Ok(Some(op));
            }
        },
        Resolution::Merged(bytes) => Some(bytes),
    };
    if let Some(bytes) = bytes {
        changed = write_bytes(&writer, id, op, &source_path, &ours, &ours_hash, bytes)?.is_some();
    }
    if let Some(theirs) = &theirs {
        writer.set_base(id, theirs)?;
        writer.adopt_site_file(site_id, &relative, &blake3::hash(theirs).to_hex())?;
    }
    if kind == "edit/delete" {
        // Kept: the next publish writes its file again, as a new file.
        writer.forget_site_file(site_id, &relative)?;
    }
    writer.clear_conflict(id)?;
    writer.commit()?;
    Ok(changed.then_some(op))
}
