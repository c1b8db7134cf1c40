//! Editing front matter in place: only the edited key's lines change.
//!
//! Tools that load YAML into a map and dump it back reorder keys, drop
//! comments, strip quotes and reflow lists (case BR-03). Here an edit finds
//! the lines of one top-level key in the text and rewrites only them; key
//! order, comments, blank lines, quoting and flow/block style of every other
//! key, the byte order mark and the line endings stay as they were.
//!
//! New values are written so that Jekyll's YAML 1.1 reader (Ruby Psych) reads
//! back exactly the value asked for: a title `no`, `2023` or `a: b` is
//! quoted; a string that needs no quotes gets none, unless the old value was
//! quoted, whose quote style is then kept.
//!
//! Every edit is checked before it is returned: the new block is loaded again
//! and must hold the edited value and every other key unchanged. An edit that
//! would not (front matter laid out in a way the line scanner cannot follow)
//! is refused with [`EditError::Unsupported`]; nothing is ever written from a
//! guess.
//!
//! How values are written lives in `emit.rs`; the tests in `edit/tests.rs`.

use std::ops::Range;

use super::emit::{render_string, render_value, Style};
use super::split::split;
use super::yaml::{load, Value, YamlError};

/// One change to a post's front matter.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Sets a top-level key to a value, replacing its lines or appending a
    /// new key at the end of the block (a block is created when the post has
    /// none).
    Set {
        /// The key.
        key: String,
        /// The new value.
        value: Value,
    },
    /// Removes a top-level key and its value's lines. Removing a key that is
    /// not there is not an error.
    Unset {
        /// The key.
        key: String,
    },
    /// Renames a top-level key in place, keeping its value's text.
    Rename {
        /// The key as it is.
        from: String,
        /// The new name; must not be a key already.
        to: String,
    },
}

/// Why an edit was refused. The text is never changed then.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    /// The front matter as it stands is not valid YAML.
    #[error("the front matter is not valid YAML (line {}, column {}): {}", .0.line, .0.column, .0.reason)]
    Invalid(YamlError),
    /// The key to rename is not there.
    #[error("no front matter key {0:?}")]
    NoSuchKey(String),
    /// The new name of a renamed key is already a key.
    #[error("the front matter already has a key {0:?}")]
    KeyExists(String),
    /// A key name that cannot be written (empty).
    #[error("a front matter key cannot be empty")]
    EmptyKey,
    /// The key is written twice; which one to edit would be a guess.
    #[error(
        "the key {0:?} is written more than once in the front matter; edit it in the raw YAML"
    )]
    Repeated(String),
    /// The block is laid out in a way a line-by-line edit cannot follow
    /// safely; the raw YAML editor can still change it.
    #[error(
        "cannot edit {key:?} without touching other lines ({reason}); edit it in the raw YAML"
    )]
    Unsupported {
        /// The key being edited.
        key: String,
        /// What went wrong.
        reason: String,
    },
}

/// One top-level key's place in the YAML text (byte offsets into it).
#[derive(Debug, Clone)]
struct Entry {
    key: String,
    /// The key as written, up to (not including) its colon.
    key_src: Range<usize>,
    /// From the key's first byte to the end of its value's last line,
    /// including that line's line break.
    lines: Range<usize>,
    /// The value as written after the colon on the key line and on the
    /// following lines (without the last line break).
    value: Range<usize>,
}

/// Applies `edits` in order to a post's whole decoded text (front matter
/// fences and body included) and returns the new text.
///
/// # Errors
/// [`EditError`]; the input is then unchanged.
pub fn apply(text: &str, edits: &[Edit]) -> Result<String, EditError> {
    let mut text = text.to_string();
    for edit in edits {
        text = apply_one(&text, edit)?;
    }
    Ok(text)
}

fn apply_one(text: &str, edit: &Edit) -> Result<String, EditError> {
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let parts = split(text);
    let Some(range) = parts.yaml.clone() else {
        return match edit {
            Edit::Set { key, value } => {
                let line = format!(
                    "{}:{}",
                    render_key(key)?,
                    render_value(value, &Style::None, eol, "")
                );
                Ok(format!("---{eol}{line}{eol}---{eol}{text}"))
            }
            Edit::Unset { .. } => Ok(text.to_string()),
            Edit::Rename { from, .. } => Err(EditError::NoSuchKey(from.clone())),
        };
    };
    let yaml = &text[range.clone()];
    let before = load(yaml).map_err(EditError::Invalid)?;
    let (entries, base) = scan(yaml);
    let indent = " ".repeat(base);
    let key_of_edit = match edit {
        Edit::Set { key, .. } | Edit::Unset { key } => key,
        Edit::Rename { from, .. } => from,
    };
    if key_of_edit.is_empty() {
        return Err(EditError::EmptyKey);
    }
    let unsupported = |reason: &str| EditError::Unsupported {
        key: key_of_edit.clone(),
        reason: reason.to_string(),
    };
    let mut scanned: Vec<&str> = Vec::new();
    for e in &entries {
        if !scanned.contains(&e.key.as_str()) {
            scanned.push(&e.key);
        }
    }
    let loaded: Vec<&str> = before.entries.iter().map(|(k, _)| k.as_str()).collect();
    if scanned != loaded {
        return Err(unsupported("its keys are not laid out one per line"));
    }
    if before.repeated_keys.iter().any(|k| k == key_of_edit) {
        return Err(EditError::Repeated(key_of_edit.clone()));
    }
    let found = entries.iter().find(|e| &e.key == key_of_edit);
    let mut expected = before.entries.clone();
    let new_yaml = match edit {
        Edit::Set { key, value } => {
            match expected.iter_mut().find(|(k, _)| k == key) {
                Some(slot) => slot.1 = value.clone(),
                None => expected.push((key.clone(), value.clone())),
            }
            match found {
                Some(e) => {
                    let old = &yaml[e.value.clone()];
                    let style = Style::of(old, yaml, e);
                    let (lead, trailing_comment) = surroundings(old, &style);
                    let rendered = render_value(value, &style, eol, &lead);
                    let line_end = if yaml[..e.lines.end].ends_with('\n') {
                        &yaml[e.value.end..e.lines.end]
                    } else {
                        ""
                    };
                    format!(
                        "{}{}:{}{}{}{}",
                        &yaml[..e.lines.start],
                        &yaml[e.lines.start..e.key_src.end],
                        rendered,
                        trailing_comment,
                        line_end,
                        &yaml[e.lines.end..]
                    )
                }
                None => {
                    let mut out = yaml.to_string();
                    if !out.is_empty() && !out.ends_with('\n') {
                        out.push_str(eol);
                    }
                    out.push_str(&indent);
                    out.push_str(&render_key(key)?);
                    out.push(':');
                    out.push_str(&render_value(value, &Style::None, eol, " "));
                    out.push_str(eol);
                    out
                }
            }
        }
        Edit::Unset { key } => {
            expected.retain(|(k, _)| k != key);
            match found {
                Some(e) => format!("{}{}", &yaml[..e.lines.start], &yaml[e.lines.end..]),
                None => return Ok(text.to_string()),
            }
        }
        Edit::Rename { from, to } => {
            let e = found.ok_or_else(|| EditError::NoSuchKey(from.clone()))?;
            if to.is_empty() {
                return Err(EditError::EmptyKey);
            }
            if from == to {
                return Ok(text.to_string());
            }
            if loaded.contains(&to.as_str()) {
                return Err(EditError::KeyExists(to.clone()));
            }
            if let Some(slot) = expected.iter_mut().find(|(k, _)| k == from) {
                slot.0 = to.clone();
            }
            format!(
                "{}{}{}",
                &yaml[..e.key_src.start],
                render_key(to)?,
                &yaml[e.key_src.end..]
            )
        }
    };
    let after = load(&new_yaml)
        .map_err(|e| unsupported(&format!("the result would not be valid YAML: {e}")))?;
    if !same_entries(&after.entries, &expected) {
        return Err(unsupported("the result would read differently"));
    }
    Ok(format!(
        "{}{}{}",
        &text[..range.start],
        new_yaml,
        &text[range.end..]
    ))
}

/// Entry lists equal, treating NaN as equal to NaN.
fn same_entries(a: &[(String, Value)], b: &[(String, Value)]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|((ka, va), (kb, vb))| ka == kb && same_value(va, vb))
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => x == y || (x.is_nan() && y.is_nan()),
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_value(p, q))
        }
        (Value::Map(x), Value::Map(y)) => same_entries(x, y),
        _ => a == b,
    }
}

/// Finds the top-level keys of a YAML block and the lines each one spans.
///
/// A key line starts at column 0 with something other than a space, tab,
/// `#` or `- `; it spans every following line that is indented, blank, or a
/// block sequence item at column 0, minus trailing blank lines and
/// column-0 comments (those belong between keys and stay put).
fn scan(yaml: &str) -> (Vec<Entry>, usize) {
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut pos = 0;
    for line in yaml.split_inclusive('\n') {
        lines.push((pos, line));
        pos += line.len();
    }
    // The top-level mapping may itself be indented (` title: x`): its keys
    // all start at the first key's column.
    let base = lines
        .iter()
        .map(|(_, l)| l.trim_end_matches(['\n', '\r']))
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map_or(0, |l| l.len() - l.trim_start_matches(' ').len());
    let key_line = |line: &str| -> Option<(String, usize)> {
        let rest = line.strip_prefix(&" ".repeat(base)[..])?;
        key_line(rest).map(|(k, len)| (k, len + base))
    };
    let mut entries = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (start, line) = lines[i];
        let Some((key, key_len)) = key_line(line) else {
            i += 1;
            continue;
        };
        let mut last = i;
        let mut j = i + 1;
        while j < lines.len() {
            let l = lines[j].1;
            let content = l.trim_end_matches(['\n', '\r']);
            if key_line(l).is_some() {
                break;
            }
            let blank = content.trim().is_empty();
            let comment0 = content.trim_start_matches(' ').starts_with('#')
                && content.len() - content.trim_start_matches(' ').len() <= base;
            if !blank && !comment0 {
                last = j;
            }
            j += 1;
        }
        let end = lines[last].0 + lines[last].1.len();
        let last_line = lines[last].1;
        let value_end = lines[last].0 + last_line.trim_end_matches(['\n', '\r']).len();
        let colon = start + key_len + 1;
        entries.push(Entry {
            key,
            key_src: start + base..start + key_len,
            lines: start..end,
            value: colon.min(value_end)..value_end,
        });
        i = j;
    }
    (entries, base)
}

/// If `line` is a top-level key line, the key (as YAML reads it) and the
/// length in bytes of the key as written (up to its colon).
fn key_line(line: &str) -> Option<(String, usize)> {
    let content = line.trim_end_matches(['\n', '\r']);
    let first = content.chars().next()?;
    if matches!(
        first,
        ' ' | '\t'
            | '#'
            | '['
            | '{'
            | ']'
            | '}'
            | '?'
            | '&'
            | '*'
            | '!'
            | '|'
            | '>'
            | '%'
            | '@'
            | '`'
            | ','
    ) {
        return None;
    }
    if first == '-' && (content.len() == 1 || content[1..].starts_with([' ', '\t'])) {
        return None;
    }
    let key_len = if first == '"' || first == '\'' {
        let close = quoted_end(content, first)?;
        let rest = &content[close..];
        let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        if !rest[spaces..].starts_with(':') {
            return None;
        }
        close + spaces
    } else {
        let bytes = content.as_bytes();
        let mut at = None;
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'#' && i > 0 && matches!(bytes[i - 1], b' ' | b'\t') {
                return None;
            }
            if b == b':' && (i + 1 == bytes.len() || matches!(bytes[i + 1], b' ' | b'\t')) {
                at = Some(i);
                break;
            }
        }
        at?
    };
    let src = &content[..key_len];
    let probe = load(&format!("{src}: ~")).ok()?;
    let (key, _) = probe.entries.into_iter().next()?;
    Some((key, key_len))
}

/// The byte just past the closing quote of a quoted scalar starting at 0.
fn quoted_end(s: &str, quote: char) -> Option<usize> {
    let bytes = s.as_bytes();
    let q = quote as u8;
    let mut i = 1;
    while i < bytes.len() {
        if quote == '"' && bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] == q {
            if quote == '\'' && bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

impl Style {
    fn of(old: &str, yaml: &str, e: &Entry) -> Style {
        let first = old.trim_start_matches([' ', '\t']);
        match first.chars().next() {
            Some('"') => Style::Double,
            Some('\'') => Style::Single,
            Some('[') | Some('{') => Style::Flow,
            Some('#' | '\r' | '\n') | None => {
                // Value on the next lines: a block sequence gives its prefix.
                let rest = &yaml[e.value.clone()];
                for line in rest.lines().skip(1) {
                    let trimmed = line.trim_start_matches([' ', '\t']);
                    if trimmed.is_empty() || trimmed.starts_with('#') {
                        continue;
                    }
                    if trimmed.starts_with("- ") || trimmed == "-" {
                        let indent = &line[..line.len() - trimmed.len()];
                        let after_dash = trimmed[1..].len() - trimmed[1..].trim_start().len();
                        return Style::Block(format!("{indent}-{}", " ".repeat(after_dash.max(1))));
                    }
                    break;
                }
                Style::None
            }
            Some(_) => Style::Plain,
        }
    }
}

/// The whitespace between the colon and an old one-line value, and its
/// trailing comment (with the spaces before it), both kept around the new
/// value.
fn surroundings(old: &str, style: &Style) -> (String, String) {
    if old.contains('\n') || matches!(style, Style::None | Style::Block(_)) {
        return (" ".to_string(), String::new());
    }
    let value = old.trim_start_matches([' ', '\t']);
    let lead = old[..old.len() - value.len()].to_string();
    let lead = if lead.is_empty() {
        " ".to_string()
    } else {
        lead
    };
    let comment_at = match style {
        Style::Double => quoted_end(value, '"'),
        Style::Single => quoted_end(value, '\''),
        Style::Flow => value.rfind([']', '}']).map(|i| i + 1),
        _ => Some(0),
    };
    let Some(from) = comment_at else {
        return (lead, String::new());
    };
    let bytes = value.as_bytes();
    for i in from..bytes.len() {
        if bytes[i] == b'#' && (i == 0 || matches!(bytes[i - 1], b' ' | b'\t')) {
            let start = value[..i].trim_end_matches([' ', '\t']).len();
            if start >= from {
                return (lead, value[start..].to_string());
            }
        }
    }
    (lead, String::new())
}

/// A key written so YAML reads it back as the same text.
fn render_key(key: &str) -> Result<String, EditError> {
    if key.is_empty() {
        return Err(EditError::EmptyKey);
    }
    Ok(render_string(key, &Style::None, false))
}

/// Reads a value given as YAML text (as `gazette set KEY=VALUE` takes it),
/// typed as Jekyll types it. An empty text is null.
///
/// # Errors
/// [`YamlError`] when the text is not one valid YAML value.
pub fn parse_value(text: &str) -> Result<Value, YamlError> {
    let loaded = load(&format!("v: {text}"))?;
    Ok(loaded
        .entries
        .into_iter()
        .next()
        .map_or(Value::Null, |(_, v)| v))
}

#[cfg(test)]
mod tests;
