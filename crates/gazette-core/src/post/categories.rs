//! A post's categories as Jekyll 4.3 derives them (`lib/jekyll/document.rb`):
//! the folders above its collection's folder first
//! (`Document#categories_from_path`: `en/news/_posts/x.md` gives `en`,
//! `news`; folders below `_posts/` give none), then the `categories` of
//! its front matter defaults and of its front matter, each merged in as a
//! union (`Document#merge_categories!`; a string is split on whitespace),
//! then `category` (or, without one, `categories` again:
//! `Utils.pluralized_array_from_hash`; a `category` string is one name),
//! all as text, repeats removed (`Document#populate_categories`).

use crate::front_matter::Value;

/// `Document#categories_from_path(special_dir)`: the folders of
/// `relative_path` before the first occurrence of `special_dir` (`_posts`
/// or `_drafts`; a path that starts with it has none), without empty
/// names, `special_dir` itself and the file's own name.
pub fn from_path(relative_path: &str, special_dir: &str) -> Vec<String> {
    if special_dir.is_empty() || relative_path.starts_with(special_dir) {
        return Vec::new();
    }
    let base = relative_path.rsplit('/').next().unwrap_or(relative_path);
    let before = match relative_path.find(special_dir) {
        Some(i) => &relative_path[..i],
        None => relative_path,
    };
    before
        .split('/')
        .filter(|c| !c.is_empty() && *c != special_dir && *c != base)
        .map(str::to_string)
        .collect()
}

/// Names from a `categories` value as `merge_categories!` takes them: a
/// string split on whitespace, a list's items as text (nested lists
/// flattened), another scalar as its text.
fn plural(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Null => {}
        Value::String(s) => out.extend(s.split_whitespace().map(str::to_string)),
        Value::List(items) => items.iter().for_each(|item| match item {
            Value::List(_) => plural(item, out),
            other => out.extend(other.as_text()),
        }),
        other => out.extend(other.as_text()),
    }
}

/// Names from a `category` value (`value_from_singular_key`): a string is
/// one name; lists are flattened.
fn singular(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::List(items) => items.iter().for_each(|item| singular(item, out)),
        other => out.extend(other.as_text()),
    }
}

/// Appends the names of `more` not in `list` yet (Ruby's `Array#|`).
fn union(list: &mut Vec<String>, more: Vec<String>) {
    for name in more {
        if !list.contains(&name) {
            list.push(name);
        }
    }
}

/// Jekyll's categories of a document: `path` (from [`from_path`]), then the
/// defaults' and the front matter's `categories`, then `category` (else
/// `categories` again); empty names dropped, each name once.
/// `defaults`/`front_matter` give a key's value in the defaults and in the
/// front matter.
pub fn merged<'a>(
    path: &[String],
    defaults: impl Fn(&str) -> Option<&'a Value>,
    front_matter: impl Fn(&str) -> Option<&'a Value>,
) -> Vec<String> {
    let mut list: Vec<String> = path.to_vec();
    for source in [
        &defaults as &dyn Fn(&str) -> Option<&'a Value>,
        &front_matter,
    ] {
        if let Some(value) = source("categories").filter(|v| !matches!(v, Value::Null)) {
            let mut names = Vec::new();
            plural(value, &mut names);
            union(&mut list, names);
        }
    }
    let category = front_matter("category")
        .or_else(|| defaults("category"))
        .filter(|v| !matches!(v, Value::Null | Value::Bool(false)));
    let mut extra = Vec::new();
    match category {
        Some(value) => singular(value, &mut extra),
        None => {
            let categories = front_matter("categories").or_else(|| defaults("categories"));
            if let Some(value) = categories {
                plural(value, &mut extra);
            }
        }
    }
    list.extend(extra);
    let mut out: Vec<String> = Vec::new();
    for name in list {
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_above_posts_are_categories() {
        assert_eq!(
            from_path("en/news/_posts/2020-01-01-a.md", "_posts"),
            ["en", "news"]
        );
        assert!(from_path("_posts/sub/2020-01-01-a.md", "_posts").is_empty());
        assert_eq!(
            from_path("foo/_posts/bar/2020-01-01-a.md", "_posts"),
            ["foo"]
        );
        assert_eq!(from_path("x/_drafts/a.md", "_drafts"), ["x"]);
    }

    #[test]
    fn merged_as_jekyll_merges() {
        let fm = [
            ("categories".to_string(), Value::String("b a".into())),
            ("category".to_string(), Value::String("c d".into())),
        ];
        let get = |k: &str| fm.iter().find(|(key, _)| key == k).map(|(_, v)| v);
        let none = |_: &str| None;
        assert_eq!(merged(&["a".into()], none, get), ["a", "b", "c d"]);
    }
}
