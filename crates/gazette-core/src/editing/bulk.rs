//! Bulk edits: one [`BulkAction`] (tags, categories, a key, find and
//! replace) applied to many posts as one undoable operation, or only
//! previewed with `dry_run`.

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::diff::{changed_lines, LineChange};
use super::names::{add_name, entry, map_names};
use super::{decoded, write_text};
// For the docs' links only.
#[cfg(doc)]
use super::FieldEdit;
use crate::error::{Error, Result};
use crate::front_matter::{self, edit::parse_value, Edit, Value};
use crate::post::PostFile;
use crate::store::Store;

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
    /// Rename several tags to one (`to` may be one of them or a new name),
    /// in place in every post that has any of them; a post left with `to`
    /// twice keeps the first.
    MergeTags {
        /// The tags as they are.
        from: Vec<String>,
        /// The one name they become.
        to: String,
    },
    /// Rename several categories to one, as [`BulkAction::MergeTags`]
    /// (front matter only: a category a post takes from its folders stays).
    MergeCategories {
        /// The categories as they are.
        from: Vec<String>,
        /// The one name they become.
        to: String,
    },
    /// Remove these tags from `tags` and `tag`.
    RemoveTags {
        /// The tags.
        tags: Vec<String>,
    },
    /// Remove these categories from `categories` and `category` (front
    /// matter only: a category a post takes from its folders stays).
    RemoveCategories {
        /// The categories.
        categories: Vec<String>,
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
            BulkAction::MergeTags { from, to } => {
                format!("Merge tags {} into {to}", from.join(", "))
            }
            BulkAction::MergeCategories { from, to } => {
                format!("Merge categories {} into {to}", from.join(", "))
            }
            BulkAction::RemoveTags { tags } => format!("Remove tags {}", tags.join(", ")),
            BulkAction::RemoveCategories { categories } => {
                format!("Remove categories {}", categories.join(", "))
            }
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
        BulkAction::MergeTags { from, to } | BulkAction::MergeCategories { from, to } => {
            from.iter().chain([to]).collect()
        }
        BulkAction::RemoveTags { tags: names }
        | BulkAction::RemoveCategories { categories: names } => names.iter().collect(),
        BulkAction::Set { key, .. } | BulkAction::Unset { key } => vec![key],
        BulkAction::Replace { .. } => Vec::new(),
    };
    let no_names = matches!(
        action,
        BulkAction::MergeTags { from: v, .. }
            | BulkAction::MergeCategories { from: v, .. }
            | BulkAction::RemoveTags { tags: v }
            | BulkAction::RemoveCategories { categories: v } if v.is_empty()
    );
    if no_names
        || names_given
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
        BulkAction::MergeTags { from, to } => map_names(post, ["tags", "tag"], &|n| {
            Some(if from.iter().any(|f| f == n) {
                to.clone()
            } else {
                n.to_string()
            })
        }),
        BulkAction::MergeCategories { from, to } => {
            map_names(post, ["categories", "category"], &|n| {
                Some(if from.iter().any(|f| f == n) {
                    to.clone()
                } else {
                    n.to_string()
                })
            })
        }
        BulkAction::RemoveTags { tags } => map_names(post, ["tags", "tag"], &|n| {
            (!tags.iter().any(|t| t == n)).then(|| n.to_string())
        }),
        BulkAction::RemoveCategories { categories } => {
            map_names(post, ["categories", "category"], &|n| {
                (!categories.iter().any(|c| c == n)).then(|| n.to_string())
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
