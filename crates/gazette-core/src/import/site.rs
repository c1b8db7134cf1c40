//! What a file's Jekyll site says about it: the nearest folder above it
//! with a `_config.yml` is its site; that file's `collections:` name its
//! collections and its `defaults:` give front matter defaults by scope
//! (Jekyll's "Front Matter Defaults": a scope has a `path`, a prefix of the
//! file's path in the site where `*` matches within one folder, and an
//! optional `type`: `posts`, `drafts`, `pages` or a collection label; a
//! more specific scope wins, then a later one). A draft also gets its file's
//! modification time, the date Jekyll gives a draft that has none.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::front_matter::{self, Value};
use crate::post::Context;

/// One `defaults:` entry.
#[derive(Debug, Clone)]
struct DefaultSet {
    /// The scope's path, `/`-separated, without leading or trailing `/`.
    path: String,
    /// The scope's type, if any.
    kind: Option<String>,
    /// The values it sets.
    values: Vec<(String, Value)>,
}

/// A site's configuration, as far as import needs it.
#[derive(Debug, Clone, Default)]
struct SiteConfig {
    root: PathBuf,
    collections: Vec<String>,
    defaults: Vec<DefaultSet>,
}

/// Finds and caches site configurations while an import walks its files.
#[derive(Debug, Default)]
pub struct Sites {
    /// Folder → the site it is in (`None`: in no site).
    by_folder: HashMap<PathBuf, Option<Arc<SiteConfig>>>,
}

impl Sites {
    /// The context of the file at `path` (absolute): its site's defaults and
    /// collection, and, for a draft, its file time.
    pub fn context(&mut self, path: &Path) -> Context {
        let mut context = Context::default();
        let in_drafts = path.components().any(|c| c.as_os_str() == "_drafts");
        if in_drafts {
            context.file_time = std::fs::metadata(path)
                .and_then(|m| m.modified())
                .ok()
                .map(|t| {
                    chrono::DateTime::<chrono::Utc>::from(t)
                        .format("%Y-%m-%d %H:%M:%S +00:00")
                        .to_string()
                });
        }
        let Some(site) = path.parent().and_then(|dir| self.site_of(dir)) else {
            return context;
        };
        let Ok(relative) = path.strip_prefix(&site.root) else {
            return context;
        };
        let relative = relative.to_string_lossy().replace('\\', "/");
        let parts: Vec<&str> = relative.split('/').collect();
        let kind = if parts.contains(&"_drafts") {
            "drafts".to_string()
        } else if parts.contains(&"_posts") {
            "posts".to_string()
        } else {
            match parts.first().and_then(|p| p.strip_prefix('_')) {
                Some(label) if parts.len() > 1 && site.collections.iter().any(|c| c == label) => {
                    label.to_string()
                }
                _ => "pages".to_string(),
            }
        };
        let mut matching: Vec<(usize, &DefaultSet)> = site
            .defaults
            .iter()
            .enumerate()
            .filter(|(_, set)| {
                path_matches(&set.path, &relative)
                    && set
                        .kind
                        .as_deref()
                        .is_none_or(|k| k == kind || (kind == "drafts" && k == "posts"))
            })
            .collect();
        // Jekyll: a longer path is more specific, and a scope with a type
        // more specific than one without; among equals the later wins.
        matching.sort_by_key(|(i, set)| {
            let depth = set.path.split('/').filter(|p| !p.is_empty()).count();
            (depth, set.kind.is_some(), *i)
        });
        for (_, set) in matching {
            for (key, value) in &set.values {
                match context.defaults.iter_mut().find(|(k, _)| k == key) {
                    Some(entry) => entry.1 = value.clone(),
                    None => context.defaults.push((key.clone(), value.clone())),
                }
            }
        }
        context.collection = Some(kind);
        context
    }

    /// The site the folder `dir` is in, if any (cached per folder).
    fn site_of(&mut self, dir: &Path) -> Option<Arc<SiteConfig>> {
        if let Some(found) = self.by_folder.get(dir) {
            return found.clone();
        }
        let config = ["_config.yml", "_config.yaml"]
            .iter()
            .map(|c| dir.join(c))
            .find(|c| c.is_file());
        let found = match config {
            Some(file) => Some(Arc::new(read_config(dir, &file))),
            None => dir.parent().and_then(|up| self.site_of(up)),
        };
        self.by_folder.insert(dir.to_path_buf(), found.clone());
        found
    }
}

/// Reads the parts of `_config.yml` import uses. A configuration that
/// cannot be read (too big, invalid YAML, refused tags) gives a site with no
/// defaults and no collections.
fn read_config(root: &Path, file: &Path) -> SiteConfig {
    let mut site = SiteConfig {
        root: root.to_path_buf(),
        ..SiteConfig::default()
    };
    let Ok(meta) = std::fs::metadata(file) else {
        return site;
    };
    if meta.len() > 1 << 20 {
        return site;
    }
    let Ok(text) = std::fs::read_to_string(file) else {
        return site;
    };
    let Ok(loaded) = front_matter::load(&text) else {
        return site;
    };
    for (key, value) in &loaded.entries {
        match (key.as_str(), value) {
            ("collections", Value::Map(entries)) => {
                site.collections = entries.iter().map(|(k, _)| k.clone()).collect();
            }
            ("collections", Value::List(items)) => {
                site.collections = items.iter().filter_map(Value::as_text).collect();
            }
            ("defaults", Value::List(sets)) => {
                site.defaults = sets.iter().filter_map(default_set).collect();
            }
            _ => {}
        }
    }
    site
}

fn default_set(value: &Value) -> Option<DefaultSet> {
    let Value::Map(entries) = value else {
        return None;
    };
    let get = |key: &str| entries.iter().find(|(k, _)| k == key).map(|(_, v)| v);
    let Some(Value::Map(values)) = get("values") else {
        return None;
    };
    let (path, kind) = match get("scope") {
        Some(Value::Map(scope)) => {
            let field = |key: &str| {
                scope
                    .iter()
                    .find(|(k, _)| k == key)
                    .and_then(|(_, v)| v.as_text())
            };
            (field("path").unwrap_or_default(), field("type"))
        }
        _ => (String::new(), None),
    };
    Some(DefaultSet {
        path: path.trim_matches('/').to_string(),
        kind: kind.filter(|k| !k.is_empty()),
        values: values.clone(),
    })
}

/// Whether the scope path `scope` covers the file at `relative` (both
/// relative to the site): `""` covers everything; otherwise each of its
/// folders must match the file's in turn, `*` standing for any run of
/// characters within one folder name.
fn path_matches(scope: &str, relative: &str) -> bool {
    if scope.is_empty() {
        return true;
    }
    let file: Vec<&str> = relative.split('/').collect();
    let scope: Vec<&str> = scope.split('/').collect();
    scope.len() <= file.len() && scope.iter().zip(&file).all(|(s, f)| glob(s, f))
}

/// `*` matches any run of characters; everything else matches itself.
fn glob(pattern: &str, name: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == name,
        Some((head, tail)) => {
            name.starts_with(head)
                && (0..=name.len() - head.len()).any(|i| {
                    let rest = &name[head.len()..];
                    rest.is_char_boundary(i) && glob(tail, &rest[i..])
                })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_paths_match_as_jekyll_does() {
        assert!(path_matches("", "_posts/a.md"));
        assert!(path_matches("_posts", "_posts/2020/a.md"));
        assert!(path_matches("news/_posts", "news/_posts/a.md"));
        assert!(!path_matches("news", "newsroom/a.md"));
        assert!(path_matches("section/*/special", "section/x/special/a.md"));
        assert!(path_matches("*/_posts", "en/_posts/a.md"));
        assert!(!path_matches("_posts/a.md/b", "_posts/a.md"));
        assert!(glob("a*c*e", "abcde"));
        assert!(!glob("a*c", "abd"));
        assert!(glob("中*", "中文"));
    }
}
