//! What a file's Jekyll site says about it: the nearest folder above it
//! with a `_config.yml` is its site; that file's `collections:` name its
//! collections and its `defaults:` give front matter defaults by scope
//! (Jekyll's "Front Matter Defaults": a scope has a `path`, a prefix of the
//! file's path in the site where `*` matches within one folder, and an
//! optional `type`: `posts`, `drafts`, `pages` or a collection label; a
//! more specific scope wins, then a later one). A draft also gets its file's
//! modification time, the date Jekyll gives a draft that has none.
//!
//! It also places the file as Jekyll's reader does (`lib/jekyll/reader.rb`,
//! `readers/post_reader.rb`, `collection.rb`, `entry_filter.rb`): a post in
//! a `_posts/` (a draft in a `_drafts/`) of a folder Jekyll walks (inside
//! `collections_dir` when one is set), a document of a collection in
//! `COLLECTIONS_DIR/_NAME/`, a page elsewhere; nothing for a file in
//! another `_folder`, a dot or excluded one. That placement carries what its
//! URL needs (see [`crate::post::url`]).
//!
//! Site roots: the nearest folder above a file with a `_config.yml`. A
//! file with none above it belongs to the site Jekyll would build from the
//! nearest folder above it that holds a `_posts/` or `_drafts/` (the one it
//! is in, or a sibling of a folder it is in), or from a folder above that
//! while each folder up holds one too (`test/source/foo/_posts/` belongs to
//! `test/source/`, which holds `_posts/`), with Jekyll's default
//! configuration. A file with neither is in no site (no URL). A
//! `_config.yml` that cannot be read is reported, and its site gets
//! Jekyll's defaults; one Psych 4's `safe_load` refuses although Gazette
//! reads it (a plain `:symbol` value: Jekyll stops on it) gets Jekyll's
//! defaults too, with a warning on each of its posts.
//!
//! The config's keys are read in `config.rs`; the reader's rules for where
//! a file goes are in `place.rs`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::post::Context;
use config::{parse_config, path_matches, DefaultSet, SiteConfig};
use place::place;

mod config;
mod place;

/// A site configuration that could not be read: where it is, the 1-based
/// line when known, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    /// The `_config.yml` (in a zip: `ZIP!/folder/_config.yml`, the form
    /// import reports use for zip entries).
    pub path: PathBuf,
    /// The line of the problem in it, when known.
    pub line: Option<usize>,
    /// What is wrong, for a person.
    pub reason: String,
}

/// The path of config file `name` in folder `dir` as reports show it: in a
/// zip (`top`), `ZIP!/folder/name` with `/` separators, as for posts.
fn shown_path(dir: &Path, name: &str, top: Option<&Path>) -> PathBuf {
    match top.and_then(|zip| Some((zip, dir.strip_prefix(zip).ok()?))) {
        Some((zip, inner)) => {
            let inner: Vec<String> = inner
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .chain([name.to_string()])
                .collect();
            PathBuf::from(format!("{}!/{}", zip.display(), inner.join("/")))
        }
        None => dir.join(name),
    }
}

/// Finds and caches site configurations while an import walks its files.
#[derive(Debug, Default)]
pub struct Sites {
    /// Folder → the site it is in (`None`: in no site).
    by_folder: HashMap<PathBuf, Option<Arc<SiteConfig>>>,
    /// Zip → its `_config.yml` entries (see `config_entries`).
    zip_configs: HashMap<PathBuf, ZipConfigs>,
    /// Zip → its folders that hold a `_posts` or `_drafts` folder.
    zip_post_folders: HashMap<PathBuf, Arc<std::collections::HashSet<String>>>,
    /// Folder → the root of the site with no `_config.yml` its files are
    /// in (see `implicit_root`).
    implicit_by_folder: HashMap<PathBuf, Option<PathBuf>>,
    /// Sites with no `_config.yml`, by root (see the module docs).
    implicit: HashMap<PathBuf, Arc<SiteConfig>>,
    /// Configurations found unreadable and not yet taken by
    /// [`Sites::take_problems`].
    problems: Vec<ConfigProblem>,
}

/// A zip's `_config.yml` entries: folder → entry index and file name.
type ZipConfigs = Arc<HashMap<String, (usize, &'static str)>>;

/// A site configuration file as read: its name in the folder and its text,
/// or why it could not be read.
type ConfigText = (&'static str, std::result::Result<String, String>);

/// The `_config.yml` entries of a zip: folder (normalised, `""` for the
/// top) → entry index and file name; `_config.yml` wins over
/// `_config.yaml`.
fn config_entries<R: std::io::Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>) -> ZipConfigs {
    let mut found: HashMap<String, (usize, &'static str)> = HashMap::new();
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
        let name = match file {
            "_config.yml" => "_config.yml",
            "_config.yaml" => "_config.yaml",
            _ => continue,
        };
        let slot = found.entry(folder.to_string()).or_insert((i, name));
        if name == "_config.yml" {
            *slot = (i, name);
        }
    }
    Arc::new(found)
}

/// Reads a site's `_config.yml` (or `_config.yaml`) in a folder, if there
/// is one.
type ConfigReader<'a> = dyn FnMut(&Path) -> Option<ConfigText> + 'a;

/// The largest `_config.yml` read, in bytes.
const MAX_CONFIG: u64 = 1 << 20;

impl Sites {
    /// The site configurations found unreadable since the last call, each
    /// once.
    pub fn take_problems(&mut self) -> Vec<ConfigProblem> {
        std::mem::take(&mut self.problems)
    }

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
            ["_config.yml", "_config.yaml"].iter().find_map(|&name| {
                let file = dir.join(name);
                let meta = std::fs::metadata(&file).ok().filter(|m| m.is_file())?;
                Some((
                    name,
                    if meta.len() > MAX_CONFIG {
                        Err(too_big(meta.len()))
                    } else {
                        std::fs::read(&file)
                            .map_err(|e| e.to_string())
                            .and_then(config_text)
                    },
                ))
            })
        };
        let mut holds_posts = |dir: &Path| {
            ["_posts", "_drafts"]
                .iter()
                .any(|name| dir.join(name).is_dir())
        };
        self.context_in(path, None, file_time, &mut read, &mut holds_posts)
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
        let folders = self
            .zip_post_folders
            .entry(zip_path.to_path_buf())
            .or_insert_with(|| post_folders(zip))
            .clone();
        let mut read = |dir: &Path| {
            use std::io::Read;
            let folder = dir
                .strip_prefix(zip_path)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            let &(index, name) = configs.get(&folder)?;
            let text = match zip.by_index(index) {
                Err(e) => Err(e.to_string()),
                Ok(entry) if entry.size() > MAX_CONFIG => Err(too_big(entry.size())),
                Ok(entry) => {
                    let mut bytes = Vec::new();
                    entry
                        .take(MAX_CONFIG)
                        .read_to_end(&mut bytes)
                        .map_err(|e| e.to_string())
                        .and_then(|_| config_text(bytes))
                }
            };
            Some((name, text))
        };
        let mut holds_posts = |dir: &Path| {
            dir.strip_prefix(zip_path)
                .is_ok_and(|inner| folders.contains(&inner.to_string_lossy().replace('\\', "/")))
        };
        self.context_in(
            &zip_path.join(name),
            Some(zip_path),
            file_time,
            &mut read,
            &mut holds_posts,
        )
    }

    /// The context of the file at `path`, its site found by `read` in the
    /// folders above it (not above `top`, when given).
    fn context_in(
        &mut self,
        path: &Path,
        top: Option<&Path>,
        file_time: Option<String>,
        read: &mut ConfigReader<'_>,
        holds_posts: &mut dyn FnMut(&Path) -> bool,
    ) -> Context {
        let mut context = Context {
            file_time,
            ..Context::default()
        };
        let site = match path.parent().and_then(|dir| self.site_of(dir, top, read)) {
            Some(site) => site,
            None => match path.parent().and_then(|dir| {
                self.implicit_by_folder
                    .entry(dir.to_path_buf())
                    .or_insert_with(|| implicit_root(path, top, holds_posts))
                    .clone()
            }) {
                Some(root) => self
                    .implicit
                    .entry(root.clone())
                    .or_insert_with(|| Arc::new(SiteConfig::jekyll_defaults(&root)))
                    .clone(),
                None => return context,
            },
        };
        context.site_unreadable = site.unreadable;
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
                Some(label)
                    if parts.len() > 1 && site.collections.iter().any(|c| c.label == label) =>
                {
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
        context.placement = place(&site, &relative);
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
            Some((name, text)) => {
                let parsed = text.map_err(|reason| (None, reason)).and_then(|text| {
                    parse_config(dir, &text).map_err(|e| (Some(e.line), e.reason))
                });
                Some(Arc::new(match parsed {
                    Ok(site) => site,
                    Err((line, reason)) => {
                        self.problems.push(ConfigProblem {
                            path: shown_path(dir, name, top),
                            line,
                            reason: format!(
                                "this site's configuration cannot be read ({reason}); its \
                                 defaults and collections were not applied (new posts get \
                                 Jekyll's default configuration), and posts imported before \
                                 keep their views"
                            ),
                        });
                        SiteConfig {
                            unreadable: true,
                            ..SiteConfig::jekyll_defaults(dir)
                        }
                    }
                }))
            }
            None if Some(dir) == top => None,
            None => dir.parent().and_then(|up| self.site_of(up, top, read)),
        };
        self.by_folder.insert(dir.to_path_buf(), found.clone());
        found
    }
}

/// A `_config.yml`'s bytes as text: UTF-8, a leading BOM dropped (Ruby's
/// YAML, and so Jekyll, accepts one).
fn config_text(bytes: Vec<u8>) -> std::result::Result<String, String> {
    let text = String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_string())?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

fn too_big(size: u64) -> String {
    format!(
        "it is {size} bytes, over the {} bytes Gazette reads",
        MAX_CONFIG
    )
}

/// The folders of a zip (normalised, `""` for the top) that hold a
/// `_posts` or `_drafts` folder.
fn post_folders<R: std::io::Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
) -> Arc<std::collections::HashSet<String>> {
    let mut found = std::collections::HashSet::new();
    for i in 0..zip.len() {
        let Some(name) = zip
            .by_index_raw(i)
            .ok()
            .and_then(|e| e.enclosed_name())
            .map(|p| super::walk::normal_entry_path(&p))
        else {
            continue;
        };
        let parts: Vec<&str> = name.split('/').collect();
        for (i, part) in parts.iter().enumerate() {
            if matches!(*part, "_posts" | "_drafts") && i + 1 < parts.len() {
                found.insert(parts[..i].join("/"));
            }
        }
    }
    Arc::new(found)
}

/// The root of the site a file with no `_config.yml` above it belongs to
/// (see the module docs): the nearest folder above it that holds a
/// `_posts` or `_drafts` folder (the one it is in, or one beside a folder
/// it is in), or the highest folder above that from which every folder down
/// holds one too. `None` when no folder above it holds one.
fn implicit_root(
    path: &Path,
    top: Option<&Path>,
    holds_posts: &mut dyn FnMut(&Path) -> bool,
) -> Option<PathBuf> {
    let mut root = None;
    for dir in path.ancestors().skip(1) {
        if top.is_some_and(|t| !dir.starts_with(t)) {
            break;
        }
        if dir
            .file_name()
            .is_some_and(|n| n == "_posts" || n == "_drafts")
        {
            root = dir.parent().map(Path::to_path_buf);
            break;
        }
        if holds_posts(dir) {
            root = Some(dir.to_path_buf());
            break;
        }
    }
    let mut root = root?;
    if top.is_some_and(|t| !root.starts_with(t)) {
        return None;
    }
    while let Some(up) = root.parent() {
        if top.is_some_and(|t| !up.starts_with(t)) || !holds_posts(up) {
            break;
        }
        root = up.to_path_buf();
    }
    Some(root)
}
