//! Changing posts: saves, front matter edits, restores, bulk edits and undo.
//!
//! Every change goes through one path: the new text is encoded in the post's
//! own encoding, parsed again as a post (an invalid result is refused, never
//! saved), and written in one transaction together with a revision holding
//! the bytes it replaced. Changes are grouped in operations; undoing an
//! operation writes back the bytes it replaced for every post it changed
//! (itself a new operation, so it can be undone too).
//!
//! Where things are:
//! - this file: that one path (decode a post's bytes, write new ones with a
//!   revision of the old);
//! - `save.rs`: saving one post: its text ([`save_text`]), front matter
//!   edits ([`edit_post`], [`FieldEdit`]), restoring a revision
//!   ([`restore`]), and the editor's view of a text ([`text_parts`]);
//! - `bulk.rs`: bulk edits ([`bulk()`], [`BulkAction`], [`BulkReport`]);
//! - `diff.rs`: diffs between two texts ([`unified_diff`] for revisions,
//!   [`LineChange`]s for a bulk edit's preview);
//! - `undo.rs`: deleting posts and undoing operations ([`delete_posts`],
//!   [`undo()`], [`UndoReport`]).

mod bulk;
mod diff;
mod names;
mod save;
mod undo;

pub use bulk::{bulk, BulkAction, BulkReport, PostChange, PostFailure, ReplaceScope};
pub use diff::{unified_diff, LineChange};
pub use save::{
    apply_field_edits, edit_post, restore, save_text, text_parts, FieldEdit, Saved, TextParts,
    TextProblem,
};
pub use undo::{delete_posts, undo, UndoReport};

use crate::error::{Error, Result};
use crate::post::{encode, PostFile, TextEncoding};
use crate::store::{Origin, Stored, Writer};

/// The decoded text of stored bytes and their encoding.
fn decoded(raw: &[u8]) -> Result<(String, TextEncoding)> {
    crate::post::decode(raw).map_err(|e| Error::InvalidPost {
        line: e.line,
        reason: e.reason,
    })
}

/// Writes `text` as post `id`'s new content inside `writer`, keeping the old
/// bytes as a revision of `operation`. Returns the new hash, or `None` when
/// the bytes are the same.
fn write_text(writer: &Writer<'_>, id: i64, operation: i64, text: &str) -> Result<Option<String>> {
    let (source_path, old, old_hash) = writer.current(id)?;
    let (_, encoding) = decoded(&old)?;
    let bytes = encode(text, encoding).map_err(Error::Encode)?;
    write_bytes(writer, id, operation, &source_path, &old, &old_hash, bytes)
}

/// As [`write_text`], for bytes given as they are (a restore, an undo).
pub(crate) fn write_bytes(
    writer: &Writer<'_>,
    id: i64,
    operation: i64,
    source_path: &str,
    old: &[u8],
    old_hash: &str,
    bytes: Vec<u8>,
) -> Result<Option<String>> {
    if bytes == old {
        return Ok(None);
    }
    let post = PostFile::parse_with(source_path, bytes, writer.context(id)?).map_err(|e| {
        Error::InvalidPost {
            line: e.line,
            reason: e.reason,
        }
    })?;
    let hash = post.content_hash();
    debug_assert_ne!(hash, old_hash);
    writer.keep_revision(id, operation, old, hash)?;
    writer.put_post(source_path, &post, Stored::Changed(id), Origin::Edit)?;
    Ok(Some(hash.to_string()))
}
