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
//! - `diff.rs`: diffs between two texts ([`unified_diff`] for revisions,
//!   [`LineChange`]s for a bulk edit's preview).

mod diff;

pub use diff::{unified_diff, LineChange};

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::front_matter::{self, edit::parse_value, Edit, Value};
use crate::post::{encode, PostFile, TextEncoding};
use crate::store::{Origin, Store, Stored, Writer};
use diff::changed_lines;

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

fn write_bytes(
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

/// A change applied to many posts at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum BulkAction {
    /// Add a tag (to `tags`; a post that has it already is unchanged).
    AddTag {
        /// The tag.
        tag: String,
    },
    /// Remove a tag from `tags` and `tag`.
    RemoveTag {
        /// The tag.
        tag: String,
    },
    /// Rename a tag in place in every post that has it.
    RenameTag {
        /// The tag as it is.
        from: String,
        /// Its new name.
        to: String,
    },
    /// Add a category (to `categories`).
    AddCategory {
        /// The category.
        category: String,
    },
    /// Set `categories` to this one category (removing `category`).
    SetCategory {
        /// The category.
        category: String,
    },
    /// Rename a category in place in every post that has it.
    RenameCategory {
        /// The category as it is.
        from: String,
        /// Its new name.
        to: String,
    },
    /// Set a key to a YAML value (see [`FieldEdit::SetYaml`]).
    Set {
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
    /// Find and replace in titles (the `title` key) or bodies.
    Replace {
        /// What to find: plain text, or a regular expression (Rust `regex`
        /// syntax) when `regex` is true.
        find: String,
        /// The replacement (`$1` refers to groups when `regex` is true).
        replace: String,
        /// Read `find` as a regular expression.
        regex: bool,
        /// `title` or `body`.
        scope: ReplaceScope,
    },
}

/// Where [`BulkAction::Replace`] looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ReplaceScope {
    /// The `title` front matter value.
    Title,
    /// The body.
    Body,
}

impl BulkAction {
    /// The action for a person: "Add tag 旅行".
    pub fn describe(&self) -> String {
        match self {
            BulkAction::AddTag { tag } => format!("Add tag {tag}"),
            BulkAction::RemoveTag { tag } => format!("Remove tag {tag}"),
            BulkAction::RenameTag { from, to } => format!("Rename tag {from} to {to}"),
            BulkAction::AddCategory { category } => format!("Add category {category}"),
            BulkAction::SetCategory { category } => format!("Set category {category}"),
            BulkAction::RenameCategory { from, to } => format!("Rename category {from} to {to}"),
            BulkAction::Set { key, yaml } => format!("Set {key}: {yaml}"),
            BulkAction::Unset { key } => format!("Remove {key}"),
            BulkAction::Replace {
                find,
                replace,
                scope,
                ..
            } => {
                format!(
                    "Replace {find:?} with {replace:?} in {}",
                    match scope {
                        ReplaceScope::Title => "titles",
                        ReplaceScope::Body => "bodies",
                    }
                )
            }
        }
    }
}

/// How one post changes (or would change).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PostChange {
    /// The post.
    pub id: i64,
    /// Its title before the change.
    pub title: String,
    /// The lines removed and added (at most 20 per post).
    pub lines: Vec<LineChange>,
}

/// A post a bulk edit could not change, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PostFailure {
    /// The post.
    pub id: i64,
    /// Why, for a person.
    pub reason: String,
}

/// What a bulk edit did, or (with `dry_run`) would do. JSON contract of
/// `gazette bulk --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BulkReport {
    /// Posts the query matched.
    pub matched: u32,
    /// Posts changed (or that would change).
    pub changed: u32,
    /// Posts left as they were (nothing to do).
    pub unchanged: u32,
    /// Posts that could not be changed, with the reason.
    pub failed: Vec<PostFailure>,
    /// The first 200 changes, line by line.
    pub preview: Vec<PostChange>,
    /// The operation to pass to undo (`None` for a dry run or no change).
    pub operation_id: Option<i64>,
    /// Nothing was written.
    pub dry_run: bool,
}

const PREVIEW_POSTS: usize = 200;

/// Applies `action` to posts `ids` (missing ids are listed as failed), as
/// one undoable operation (or, with `dry_run`, only reports what would
/// change).
///
/// # Errors
/// [`Error::BadRequest`] for an invalid regular expression or YAML value;
/// database errors. Posts that cannot be changed are listed in the report.
pub fn bulk(
    store: &mut Store,
    ids: &[i64],
    action: &BulkAction,
    dry_run: bool,
) -> Result<BulkReport> {
    let names_given: Vec<&String> = match action {
        BulkAction::AddTag { tag } | BulkAction::RemoveTag { tag } => vec![tag],
        BulkAction::AddCategory { category } | BulkAction::SetCategory { category } => {
            vec![category]
        }
        BulkAction::RenameTag { from, to } | BulkAction::RenameCategory { from, to } => {
            vec![from, to]
        }
        BulkAction::Set { key, .. } | BulkAction::Unset { key } => vec![key],
        BulkAction::Replace { .. } => Vec::new(),
    };
    if names_given
        .iter()
        .any(|n| n.trim().is_empty() || n.contains(['\n', '\r']))
    {
        return Err(Error::BadRequest(
            "a tag, category or key cannot be empty or span lines".into(),
        ));
    }
    let finder = match action {
        BulkAction::Replace { find, regex, .. } => {
            if find.is_empty() {
                return Err(Error::BadRequest("the text to find is empty".into()));
            }
            let pattern = if *regex {
                find.clone()
            } else {
                regex::escape(find)
            };
            Some(
                Regex::new(&pattern)
                    .map_err(|e| Error::BadRequest(format!("invalid regular expression: {e}")))?,
            )
        }
        BulkAction::Set { yaml, key } => {
            parse_value(yaml).map_err(|e| {
                Error::BadRequest(format!("the value for {key:?} is not valid YAML: {e}"))
            })?;
            None
        }
        _ => None,
    };
    let mut report = BulkReport {
        matched: ids.len() as u32,
        changed: 0,
        unchanged: 0,
        failed: Vec::new(),
        preview: Vec::new(),
        operation_id: None,
        dry_run,
    };
    let writer = store.writer()?;
    let op = writer.start_operation("bulk", &action.describe())?;
    for &id in ids {
        let (source_path, raw, _) = match writer.current(id) {
            Ok(c) => c,
            Err(Error::PostNotFound(_)) => {
                report.failed.push(PostFailure {
                    id,
                    reason: format!("no post with id {id}"),
                });
                continue;
            }
            Err(e) => return Err(e),
        };
        let outcome = decoded(&raw).and_then(|(text, _)| {
            let post = PostFile::parse_with(&source_path, raw.clone(), writer.context(id)?)
                .map_err(|e| Error::InvalidPost {
                    line: e.line,
                    reason: e.reason,
                })?;
            let new_text = bulk_text(&text, &post, action, finder.as_ref())?;
            Ok((text, post, new_text))
        });
        let (text, post, new_text) = match outcome {
            Ok(t) => t,
            Err(e) => {
                report.failed.push(PostFailure {
                    id,
                    reason: e.to_string(),
                });
                continue;
            }
        };
        if new_text == text {
            report.unchanged += 1;
            continue;
        }
        if !dry_run {
            if let Err(e) = write_text(&writer, id, op, &new_text) {
                if matches!(e, Error::Database(_)) {
                    return Err(e);
                }
                report.failed.push(PostFailure {
                    id,
                    reason: e.to_string(),
                });
                continue;
            }
        }
        report.changed += 1;
        if report.preview.len() < PREVIEW_POSTS {
            report.preview.push(PostChange {
                id,
                title: post.fields.title.clone(),
                lines: changed_lines(&text, &new_text),
            });
        }
    }
    if dry_run || report.changed == 0 {
        return Ok(report);
    }
    writer.describe_operation(
        op,
        &format!("{} ({} posts)", action.describe(), report.changed),
    )?;
    writer.commit()?;
    report.operation_id = Some(op);
    Ok(report)
}

/// The value of a top-level key, if present.
fn entry<'a>(post: &'a PostFile, key: &str) -> Option<&'a Value> {
    post.front_matter
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

fn names_in(value: &Value) -> Vec<String> {
    match value {
        Value::List(items) => items.iter().filter_map(Value::as_text).collect(),
        other => other
            .as_text()
            .map(|s| s.split_whitespace().map(str::to_string).collect())
            .unwrap_or_default(),
    }
}

/// Edits of `keys` (plural first, as Jekyll reads them) that map each name
/// through `f` (`None` removes it); untouched keys give no edit.
fn map_names(post: &PostFile, keys: [&str; 2], f: &dyn Fn(&str) -> Option<String>) -> Vec<Edit> {
    let mut edits = Vec::new();
    for key in keys {
        let Some(value) = entry(post, key) else {
            continue;
        };
        let new_value = match value {
            Value::List(items) => {
                let mut changed = false;
                let out: Vec<Value> = items
                    .iter()
                    .filter_map(|item| match item.as_text() {
                        Some(name) => {
                            let mapped = f(&name);
                            if mapped.as_deref() != Some(name.as_str()) {
                                changed = true;
                            }
                            mapped.map(|m| {
                                if m == name {
                                    item.clone()
                                } else {
                                    Value::String(m)
                                }
                            })
                        }
                        None => Some(item.clone()),
                    })
                    .collect();
                if !changed {
                    continue;
                }
                // A rename onto a name the post has already: keep one.
                let mut seen = Vec::new();
                let out = out
                    .into_iter()
                    .filter(|v| match v.as_text() {
                        Some(t) if seen.contains(&t) => false,
                        Some(t) => {
                            seen.push(t);
                            true
                        }
                        None => true,
                    })
                    .collect();
                Value::List(out)
            }
            Value::String(s) => {
                let words: Vec<&str> = s.split_whitespace().collect();
                let mut out: Vec<String> = Vec::new();
                for w in &words {
                    if let Some(m) = f(w) {
                        if !out.contains(&m) {
                            out.push(m);
                        }
                    }
                }
                if out.iter().map(String::as_str).eq(words.iter().copied()) {
                    continue;
                }
                // Jekyll splits a string on spaces: a name with a space
                // needs a list.
                if out.iter().any(|n| n.contains(char::is_whitespace)) {
                    Value::List(out.into_iter().map(Value::String).collect())
                } else {
                    Value::String(out.join(" "))
                }
            }
            _ => continue,
        };
        edits.push(Edit::Set {
            key: key.to_string(),
            value: new_value,
        });
    }
    edits
}

fn add_name(post: &PostFile, key: &str, name: &str, present: &[String]) -> Vec<Edit> {
    if present.iter().any(|p| p == name) {
        return Vec::new();
    }
    let value = match entry(post, key) {
        Some(Value::List(items)) => {
            let mut items = items.clone();
            items.push(Value::String(name.to_string()));
            Value::List(items)
        }
        Some(Value::String(s)) if !name.contains(char::is_whitespace) => {
            Value::String(format!("{s} {name}"))
        }
        Some(Value::String(s)) => Value::List(
            s.split_whitespace()
                .map(|w| Value::String(w.to_string()))
                .chain([Value::String(name.to_string())])
                .collect(),
        ),
        Some(other) => {
            let mut items: Vec<Value> = names_in(other).into_iter().map(Value::String).collect();
            items.push(Value::String(name.to_string()));
            Value::List(items)
        }
        None => Value::List(vec![Value::String(name.to_string())]),
    };
    vec![Edit::Set {
        key: key.to_string(),
        value,
    }]
}

fn bulk_text(
    text: &str,
    post: &PostFile,
    action: &BulkAction,
    finder: Option<&Regex>,
) -> Result<String> {
    let f = &post.fields;
    let edits = match action {
        BulkAction::AddTag { tag } => add_name(post, "tags", tag, &f.tags),
        BulkAction::AddCategory { category } => {
            add_name(post, "categories", category, &f.categories)
        }
        BulkAction::RemoveTag { tag } => map_names(post, ["tags", "tag"], &|n| {
            (n != tag).then(|| n.to_string())
        }),
        BulkAction::RenameTag { from, to } => map_names(post, ["tags", "tag"], &|n| {
            Some(if n == from { to.clone() } else { n.to_string() })
        }),
        BulkAction::RenameCategory { from, to } => {
            map_names(post, ["categories", "category"], &|n| {
                Some(if n == from { to.clone() } else { n.to_string() })
            })
        }
        BulkAction::SetCategory { category } => {
            if f.categories == [category.clone()] {
                Vec::new()
            } else {
                vec![
                    Edit::Unset {
                        key: "category".into(),
                    },
                    Edit::Set {
                        key: "categories".into(),
                        value: Value::List(vec![Value::String(category.clone())]),
                    },
                ]
            }
        }
        BulkAction::Set { key, yaml } => {
            let value = parse_value(yaml).map_err(|e| Error::BadRequest(e.to_string()))?;
            if entry(post, key) == Some(&value) {
                Vec::new()
            } else {
                vec![Edit::Set {
                    key: key.clone(),
                    value,
                }]
            }
        }
        BulkAction::Unset { key } => vec![Edit::Unset { key: key.clone() }],
        BulkAction::Replace {
            replace,
            scope,
            regex,
            ..
        } => {
            let re = finder.ok_or_else(|| Error::BadRequest("no pattern".into()))?;
            match scope {
                ReplaceScope::Title => match entry(post, "title").and_then(Value::as_text) {
                    Some(title) if re.is_match(&title) => vec![Edit::Set {
                        key: "title".into(),
                        value: Value::String(replace_all(re, &title, replace, *regex)),
                    }],
                    _ => Vec::new(),
                },
                ReplaceScope::Body => {
                    let body = post.body();
                    if !re.is_match(body) {
                        return Ok(text.to_string());
                    }
                    let start = post.split.body.start;
                    return Ok(format!(
                        "{}{}",
                        &text[..start],
                        replace_all(re, body, replace, *regex)
                    ));
                }
            }
        }
    };
    if edits.is_empty() {
        return Ok(text.to_string());
    }
    Ok(front_matter::apply_edits(text, &edits)?)
}

/// Replaces every match; `$1`-style references only for a regex (plain
/// text is taken literally, `$` included).
fn replace_all(re: &Regex, text: &str, replacement: &str, regex: bool) -> String {
    if regex {
        re.replace_all(text, replacement).into_owned()
    } else {
        re.replace_all(text, regex::NoExpand(replacement))
            .into_owned()
    }
}

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

/// Undoes `operation` (the newest save, restore, bulk edit, delete or undo not yet
/// undone when `None`; imports are undone only by id): each post it changed
/// gets back the bytes it had before, and each post an import added is
/// removed, unless it changed again since (then it is left alone and listed
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
    if changes.is_empty() && added.is_empty() && deleted.is_empty() {
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
        if &old_hash != last_hash {
            report.conflicts.push(change.post_id);
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
