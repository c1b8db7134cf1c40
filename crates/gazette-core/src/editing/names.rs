//! Name lists in front matter (`tags`/`tag`, `categories`/`category`):
//! the edits that add, rename or remove one name in the form the post
//! uses (a YAML list stays a list; a string stays a space-separated string,
//! as Jekyll splits it), for the bulk engine (`bulk.rs`).

use crate::front_matter::{Edit, Value};
use crate::post::PostFile;

/// The value of a top-level key, if present.
pub(super) fn entry<'a>(post: &'a PostFile, key: &str) -> Option<&'a Value> {
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
pub(super) fn map_names(
    post: &PostFile,
    keys: [&str; 2],
    f: &dyn Fn(&str) -> Option<String>,
) -> Vec<Edit> {
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

/// The edit that adds `name` to `key` unless `present` has it.
pub(super) fn add_name(post: &PostFile, key: &str, name: &str, present: &[String]) -> Vec<Edit> {
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
