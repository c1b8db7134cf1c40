//! Diffs between two texts: the unified diff shown for a revision (and for a
//! file publishing would change), and the lines a bulk edit changes, for its
//! preview.

use serde::Serialize;

/// At most this many changed lines per post in a bulk edit's preview.
const PREVIEW_LINES: usize = 20;

/// A unified diff (3 lines of context) from `old` to `new`, with
/// `a/`/`b/` headers named after the two versions.
pub fn unified_diff(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(old_name, new_name)
        .to_string()
}

/// One line a bulk edit changes, for the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LineChange {
    /// `-` for a removed line, `+` for an added one.
    pub sign: String,
    /// The line, without its line break.
    pub text: String,
}

/// The lines `new` removes from `old` and adds, in order (at most
/// [`PREVIEW_LINES`]).
pub(super) fn changed_lines(old: &str, new: &str) -> Vec<LineChange> {
    use similar::ChangeTag;
    similar::TextDiff::from_lines(old, new)
        .iter_all_changes()
        .filter_map(|c| {
            let sign = match c.tag() {
                ChangeTag::Delete => "-",
                ChangeTag::Insert => "+",
                ChangeTag::Equal => return None,
            };
            Some(LineChange {
                sign: sign.to_string(),
                text: c.value().trim_end_matches(['\n', '\r']).to_string(),
            })
        })
        .take(PREVIEW_LINES)
        .collect()
}
