//! Saving one post: its whole text ([`save_text`]), front matter edits
//! ([`FieldEdit`], [`edit_post`]) and restoring a revision ([`restore`]);
//! also the editor's view of a text ([`text_parts`]) and edits applied
//! without saving ([`apply_field_edits`]).

use serde::{Deserialize, Serialize};

use super::{decoded, write_bytes, write_text};
use crate::error::{Error, Result};
use crate::front_matter::{self, edit::parse_value, Edit, Value};
use crate::store::Store;

/// A front matter change as the app and the CLI ask for it. The JSON shape
/// is `{"op":"set_text","key":"title","value":"…"}` and so on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum FieldEdit {
    /// Set a key to a string (quoted in the file only when YAML 1.1 would
    /// read it as something else).
    SetText {
        /// The key.
        key: String,
        /// The string.
        value: String,
    },
    /// Set a key to a list of strings (tags, categories).
    SetList {
        /// The key.
        key: String,
        /// The items, in order.
        items: Vec<String>,
    },
    /// Set a key to a boolean.
    SetBool {
        /// The key.
        key: String,
        /// The value.
        value: bool,
    },
    /// Set a key to a value written as YAML (`2023` is a number, `"2023"` a
    /// string, `[a, b]` a list), typed as Jekyll's YAML 1.1 reads it.
    SetYaml {
        /// The key.
        key: String,
        /// The value as YAML text.
        yaml: String,
    },
    /// Remove a key.
    Unset {
        /// The key.
        key: String,
    },
    /// Rename a key, keeping its value as written.
    Rename {
        /// The key as it is.
        from: String,
        /// Its new name.
        to: String,
    },
}

impl FieldEdit {
    /// The key this edit changes (for a rename, the key as it is).
    pub fn key(&self) -> &str {
        match self {
            FieldEdit::SetText { key, .. }
            | FieldEdit::SetList { key, .. }
            | FieldEdit::SetBool { key, .. }
            | FieldEdit::SetYaml { key, .. }
            | FieldEdit::Unset { key } => key,
            FieldEdit::Rename { from, .. } => from,
        }
    }

    /// The edit in the front matter editor's terms.
    ///
    /// # Errors
    /// [`Error::BadRequest`] when a YAML value does not parse.
    pub fn to_edit(&self) -> Result<Edit> {
        Ok(match self {
            FieldEdit::SetText { key, value } => Edit::Set {
                key: key.clone(),
                value: Value::String(value.clone()),
            },
            FieldEdit::SetList { key, items } => Edit::Set {
                key: key.clone(),
                value: Value::List(items.iter().cloned().map(Value::String).collect()),
            },
            FieldEdit::SetBool { key, value } => Edit::Set {
                key: key.clone(),
                value: Value::Bool(*value),
            },
            FieldEdit::SetYaml { key, yaml } => Edit::Set {
                key: key.clone(),
                value: parse_value(yaml).map_err(|e| {
                    Error::BadRequest(format!("the value for {key:?} is not valid YAML: {e}"))
                })?,
            },
            FieldEdit::Unset { key } => Edit::Unset { key: key.clone() },
            FieldEdit::Rename { from, to } => Edit::Rename {
                from: from.clone(),
                to: to.clone(),
            },
        })
    }
}

/// Applies front matter edits to a post's text without saving anything
/// (the editor's form uses this to keep its text in step).
///
/// # Errors
/// [`Error::BadRequest`], [`Error::Edit`].
pub fn apply_field_edits(text: &str, edits: &[FieldEdit]) -> Result<String> {
    let edits = edits
        .iter()
        .map(FieldEdit::to_edit)
        .collect::<Result<Vec<_>>>()?;
    Ok(front_matter::apply_edits(text, &edits)?)
}

/// A problem in a post's text, placed for the editor: `line` and `column`
/// are 1-based in the whole text (fences included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TextProblem {
    /// Line, 1-based.
    pub line: u32,
    /// Column, 1-based (characters).
    pub column: u32,
    /// What is wrong.
    pub reason: String,
}

/// A post's text cut where the editor shows it: `head + yaml + fence + body`
/// is the text, exactly. Without front matter, `head`, `yaml` and `fence`
/// are empty and `has_front_matter` is false.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TextParts {
    /// The whole text.
    pub text: String,
    /// The opening fence line (`---` and its line break).
    pub head: String,
    /// The YAML between the fences, exactly.
    pub yaml: String,
    /// The closing fence line (`---` or `...` and its line break).
    pub fence: String,
    /// The body, exactly.
    pub body: String,
    /// The text has a front matter block.
    pub has_front_matter: bool,
    /// The front matter as a JSON object (keys in file order), typed as
    /// Jekyll reads it; `None` when the YAML is invalid.
    pub front_matter: Option<serde_json::Value>,
    /// Why the YAML is invalid, if it is.
    pub problem: Option<TextProblem>,
}

/// Cuts a post's text for the editor and reads its front matter (see
/// [`TextParts`]). Never fails: invalid YAML is reported in `problem`.
pub fn text_parts(text: &str) -> TextParts {
    let parts = front_matter::split(text);
    let (head, yaml, fence) = match &parts.yaml {
        Some(r) => (
            &text[..r.start],
            &text[r.clone()],
            &text[r.end..parts.body.start],
        ),
        None => ("", "", ""),
    };
    let loaded = front_matter::load(yaml);
    let problem = loaded.as_ref().err().map(|e| TextProblem {
        line: (e.line + usize::from(parts.yaml.is_some())) as u32,
        column: e.column as u32,
        reason: e.reason.clone(),
    });
    TextParts {
        text: text.to_string(),
        head: head.to_string(),
        yaml: yaml.to_string(),
        fence: fence.to_string(),
        body: text[parts.body.clone()].to_string(),
        has_front_matter: parts.yaml.is_some(),
        front_matter: loaded.ok().map(|l| Value::Map(l.entries).to_json()),
        problem,
    }
}

/// What a save wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Saved {
    /// The post.
    pub id: i64,
    /// BLAKE3 of its new bytes (the base for the next save).
    pub content_hash: String,
    /// The operation that recorded it (`None` when the text was unchanged
    /// and nothing was written).
    pub operation_id: Option<i64>,
}

/// Saves a post's whole new text (front matter fences, YAML and body) as one
/// operation. `base_hash` is the content hash the editor started from: if the
/// post changed since, nothing is written and [`Error::Conflict`] says so.
///
/// # Errors
/// [`Error::Conflict`]; [`Error::InvalidPost`] when the text is not a valid
/// post (its YAML with line and column); [`Error::Encode`]; database errors.
pub fn save_text(
    store: &mut Store,
    id: i64,
    base_hash: Option<&str>,
    text: &str,
    description: &str,
) -> Result<Saved> {
    let writer = store.writer()?;
    let (_, _, current) = writer.current(id)?;
    if base_hash.is_some_and(|b| b != current) {
        return Err(Error::Conflict { id });
    }
    let op = writer.start_operation("edit", description)?;
    let hash = write_text(&writer, id, op, text)?;
    if hash.is_none() {
        // Nothing changed: leave no empty operation behind.
        return Ok(Saved {
            id,
            content_hash: current,
            operation_id: None,
        });
    }
    writer.commit()?;
    Ok(Saved {
        id,
        content_hash: hash.unwrap_or(current),
        operation_id: Some(op),
    })
}

/// Applies front matter edits to a stored post and saves the result (see
/// [`save_text`]).
///
/// # Errors
/// As [`save_text`], plus [`Error::Edit`] and [`Error::BadRequest`].
pub fn edit_post(
    store: &mut Store,
    id: i64,
    base_hash: Option<&str>,
    edits: &[FieldEdit],
) -> Result<Saved> {
    let mut seen_keys: Vec<&str> = Vec::new();
    for e in edits {
        let key = e.key();
        if seen_keys.contains(&key) {
            return Err(Error::BadRequest(format!("the key {key:?} is given twice")));
        }
        seen_keys.push(key);
    }
    let raw = store.post_raw(id)?;
    let (text, _) = decoded(&raw)?;
    let new_text = apply_field_edits(&text, edits)?;
    let keys: Vec<&str> = edits.iter().map(|e| e.key()).collect();
    let base = base_hash.map_or_else(|| blake3::hash(&raw).to_hex().to_string(), str::to_string);
    save_text(
        store,
        id,
        Some(&base),
        &new_text,
        &format!("Edit {}", keys.join(", ")),
    )
}

/// Makes revision `revision` of post `id` its current text again, as a new
/// operation (so the text it replaces is kept too).
///
/// # Errors
/// [`Error::RevisionNotFound`]; database errors.
pub fn restore(store: &mut Store, id: i64, revision: i64) -> Result<Saved> {
    let raw = store.revision_raw(id, revision)?;
    let writer = store.writer()?;
    let (source_path, old, old_hash) = writer.current(id)?;
    let op = writer.start_operation("restore", &format!("Restore revision {revision}"))?;
    let hash = write_bytes(&writer, id, op, &source_path, &old, &old_hash, raw)?;
    if hash.is_none() {
        return Ok(Saved {
            id,
            content_hash: old_hash,
            operation_id: None,
        });
    }
    writer.commit()?;
    Ok(Saved {
        id,
        content_hash: hash.unwrap_or(old_hash),
        operation_id: Some(op),
    })
}
