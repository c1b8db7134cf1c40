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
    /// Zip → its `_config.yml` entries (see `config_entries`).
    zip_configs: HashMap<PathBuf, Arc<HashMap<String, usize>>>,
}

/// The `_config.yml` entries of a zip: folder (normalised, `""` for the
/// top) → entry index; `_config.yml` wins over `_config.yaml`.
fn config_entries<R: std::io::Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
) -> Arc<HashMap<String, usize>> {
    let mut found: HashMap<String, (usize, bool)> = HashMap::new();
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else {
            continue;
        };
        if entry.is_dir() {
            continue;
        }
        let Some(enclosed) = entry.enclosed_name() else {
            continue;
        };
        let path = super::walk::normal_entry_path(&enclosed);
        let (folder, file) = path.rsplit_once('/').unwrap_or(("", &path));
        let yml = file == "_config.yml";
        if yml || file == "_config.yaml" {
            let slot = found.entry(folder.to_string()).or_insert((i, yml));
            if yml && !slot.1 {
                *slot = (i, yml);
            }
        }
    }
    Arc::new(found.into_iter().map(|(k, (i, _))| (k, i)).collect())
}

/// Reads a site's `_config.yml` (or `_config.yaml`) in a folder, if there
/// is one: the folder, and the text.
type ConfigReader<'a> = dyn FnMut(&Path) -> Option<String> + 'a;

/// The largest `_config.yml` read, in bytes.
const MAX_CONFIG: u64 = 1 << 20;

impl Sites {
    /// The context of the file at `path` (absolute): its site's defaults and
    /// collection, and, for a draft, its file time.
    pub fn context(&mut self, path: &Path) -> Context {
        let in_drafts = path.components().any(|c| c.as_os_str() == "_drafts");
        let file_time = if in_drafts {
            std::fs::metadata(path)
                .and_then(|m| m.modified())
                .ok()
                .map(|t| {
                    chrono::DateTime::<chrono::Utc>::from(t)
                        .format("%Y-%m-%d %H:%M:%S +00:00")
                        .to_string()
                })
        } else {
            None
        };
        let mut read = |dir: &Path| {
            ["_config.yml", "_config.yaml"].iter().find_map(|name| {
                let file = dir.join(name);
                let meta = std::fs::metadata(&file).ok().filter(|m| m.is_file())?;
                // Too big or unreadable: a site with no defaults.
                Some(if meta.len() > MAX_CONFIG {
                    String::new()
                } else {
                    std::fs::read_to_string(&file).unwrap_or_default()
                })
            })
        };
        self.context_in(path, None, file_time, &mut read)
    }

    /// The context of entry `index`, at `name` (a relative, `/`-separated
    /// path, see [`super::walk::normal_entry_path`]), of the zip at
    /// `zip_path`: as [`Sites::context`], with the site's `_config.yml` read
    /// from the zip (the nearest folder of the zip above the entry with one;
    /// folders outside the zip are not looked at) and a draft's file time
    /// from the entry's modification time (zip times have no time zone).
    pub fn zip_context<R: std::io::Read + std::io::Seek>(
        &mut self,
        zip: &mut zip::ZipArchive<R>,
        zip_path: &Path,
        index: usize,
        name: &str,
    ) -> Context {
        let in_drafts = name.split('/').any(|part| part == "_drafts");
        let file_time = if in_drafts {
            zip.by_index_raw(index)
                .ok()
                .and_then(|e| e.last_modified())
                .map(|t| {
                    format!(
                        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                        t.year(),
                        t.month(),
                        t.day(),
                        t.hour(),
                        t.minute(),
                        t.second()
                    )
                })
        } else {
            None
        };
        let configs = self
            .zip_configs
            .entry(zip_path.to_path_buf())
            .or_insert_with(|| config_entries(zip))
            .clone();
        let mut read = |dir: &Path| {
            use std::io::Read;
            let folder = dir
                .strip_prefix(zip_path)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            let &index = configs.get(&folder)?;
            let mut text = String::new();
            let entry = zip.by_index(index).ok()?;
            // Too big or unreadable: a site with no defaults.
            if entry.size() > MAX_CONFIG
                || entry.take(MAX_CONFIG).read_to_string(&mut text).is_err()
            {
                text.clear();
            }
            Some(text)
        };
        self.context_in(&zip_path.join(name), Some(zip_path), file_time, &mut read)
    }

    /// The context of the file at `path`, its site found by `read` in the
    /// folders above it (not above `top`, when given).
    fn context_in(
        &mut self,
        path: &Path,
        top: Option<&Path>,
        file_time: Option<String>,
        read: &mut ConfigReader<'_>,
    ) -> Context {
        let mut context = Context {
            file_time,
            ..Context::default()
        };
        let Some(site) = path.parent().and_then(|dir| self.site_of(dir, top, read)) else {
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
    fn site_of(
        &mut self,
        dir: &Path,
        top: Option<&Path>,
        read: &mut ConfigReader<'_>,
    ) -> Option<Arc<SiteConfig>> {
        if let Some(found) = self.by_folder.get(dir) {
            return found.clone();
        }
        let found = match read(dir) {
            Some(text) => Some(Arc::new(parse_config(dir, &text))),
            None if Some(dir) == top => None,
            None => dir.parent().and_then(|up| self.site_of(up, top, read)),
        };
        self.by_folder.insert(dir.to_path_buf(), found.clone());
        found
    }
}

/// The parts of a `_config.yml` (its text) import uses. A configuration
/// that cannot be read (invalid YAML, refused tags) gives a site with no
/// defaults and no collections.
fn parse_config(root: &Path, text: &str) -> SiteConfig {
    let mut site = SiteConfig {
        root: root.to_path_buf(),
        ..SiteConfig::default()
    };
    let Ok(loaded) = front_matter::load(text) else {
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
