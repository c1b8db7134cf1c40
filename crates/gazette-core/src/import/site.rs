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

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::front_matter::{self, Value};
use crate::post::url::{add_permalink_suffix, has_extension, is_dated_name, style_template};
use crate::post::{categories, Context, Placement};

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

/// One entry of `collections:`.
#[derive(Debug, Clone, Default)]
struct CollectionConfig {
    label: String,
    /// `output: true`.
    output: bool,
    /// Its `permalink`, if set.
    permalink: Option<String>,
}

/// A site's configuration, as far as import needs it; missing keys have
/// Jekyll's defaults (`Configuration::DEFAULTS`).
#[derive(Debug, Clone)]
struct SiteConfig {
    root: PathBuf,
    collections: Vec<CollectionConfig>,
    defaults: Vec<DefaultSet>,
    /// `collections_dir`, without leading or trailing `/` (`""`: the site).
    collections_dir: String,
    /// `permalink` (`date`).
    permalink: String,
    /// `excerpt_separator` (`"\n\n"`).
    excerpt_separator: String,
    /// `markdown_ext`, lower-cased, each with its dot.
    markdown_ext: Vec<String>,
    /// `timezone`, if set.
    timezone: Option<String>,
    /// `exclude` plus Jekyll's default excludes.
    exclude: Vec<String>,
    /// `include` (`[".htaccess"]`).
    include: Vec<String>,
    /// Its `_config.yml` could not be read.
    unreadable: bool,
    /// Why Jekyll cannot load its `_config.yml` although Gazette can (a
    /// plain `:symbol`, which Psych's `safe_load` refuses): the site then
    /// has Jekyll's defaults, and its posts a warning.
    refused: Option<String>,
}

/// `Configuration::DEFAULT_EXCLUDES`, added to every site's `exclude`.
const DEFAULT_EXCLUDES: [&str; 10] = [
    ".sass-cache",
    ".jekyll-cache",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle/",
    "vendor/cache/",
    "vendor/gems/",
    "vendor/ruby/",
];

impl SiteConfig {
    /// Jekyll's default configuration for the site at `root`.
    fn jekyll_defaults(root: &Path) -> SiteConfig {
        SiteConfig {
            root: root.to_path_buf(),
            collections: Vec::new(),
            defaults: Vec::new(),
            collections_dir: String::new(),
            permalink: "date".into(),
            excerpt_separator: "\n\n".into(),
            markdown_ext: markdown_ext("markdown,mkdown,mkdn,mkd,md"),
            timezone: None,
            exclude: DEFAULT_EXCLUDES.iter().map(|s| s.to_string()).collect(),
            include: vec![".htaccess".into()],
            unreadable: false,
            refused: None,
        }
    }
}

/// `markdown_ext` as Jekyll's Markdown converter reads it: comma-separated,
/// lower-cased, each given its dot.
fn markdown_ext(list: &str) -> Vec<String> {
    list.split(',')
        .map(|e| format!(".{}", e.trim().to_lowercase()))
        .collect()
}

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

/// The parts of a `_config.yml` (its text) import uses, over Jekyll's
/// defaults. A config Psych 4's `safe_load` refuses although Gazette reads
/// it (a plain `:symbol` scalar) gives Jekyll's defaults, with
/// `refused` saying why.
///
/// # Errors
/// The YAML error (invalid YAML, refused tags, an alias bomb).
fn parse_config(root: &Path, text: &str) -> Result<SiteConfig, front_matter::YamlError> {
    let mut site = SiteConfig::jekyll_defaults(root);
    let loaded = front_matter::load(text)?;
    if let Err(e) = refuse_symbols(text) {
        // Jekyll cannot load it; the posts are Gazette's to read still, so
        // it is no failure: their view follows Jekyll's defaults and says
        // why.
        site.refused = Some(format!(
            "Jekyll cannot load this site's _config.yml (line {}: {}); the URL and \
             categories follow Jekyll's default configuration",
            e.line, e.reason
        ));
        return Ok(site);
    }
    let text_list = |value: &Value| match value {
        Value::List(items) => items.iter().filter_map(Value::as_text).collect(),
        other => other.as_text().into_iter().collect::<Vec<_>>(),
    };
    let mut posts_permalink = None;
    for (key, value) in &loaded.entries {
        match (key.as_str(), value) {
            ("collections", Value::Map(entries)) => {
                site.collections = entries
                    .iter()
                    .map(|(label, meta)| {
                        let get = |k: &str| match meta {
                            Value::Map(m) => m.iter().find(|(key, _)| key == k).map(|(_, v)| v),
                            _ => None,
                        };
                        CollectionConfig {
                            label: sanitize_label(label),
                            output: get("output").is_some_and(truthy),
                            permalink: get("permalink").and_then(Value::as_text),
                        }
                    })
                    .collect();
                posts_permalink = site
                    .collections
                    .iter()
                    .find(|c| c.label == "posts")
                    .and_then(|c| c.permalink.clone());
            }
            ("collections", Value::List(items)) => {
                site.collections = items
                    .iter()
                    .filter_map(Value::as_text)
                    .map(|label| CollectionConfig {
                        label: sanitize_label(&label),
                        ..CollectionConfig::default()
                    })
                    .collect();
            }
            ("defaults", Value::List(sets)) => {
                site.defaults = sets.iter().filter_map(default_set).collect();
            }
            ("collections_dir", v) => {
                site.collections_dir = v.as_text().unwrap_or_default().trim_matches('/').into();
            }
            ("permalink", v) => {
                if let Some(p) = v.as_text() {
                    site.permalink = p;
                }
            }
            ("excerpt_separator", v) => site.excerpt_separator = v.as_text().unwrap_or_default(),
            ("markdown_ext", v) => {
                if let Some(list) = v.as_text() {
                    site.markdown_ext = markdown_ext(&list);
                }
            }
            ("timezone", v) => site.timezone = v.as_text(),
            ("exclude", v) => {
                site.exclude = text_list(v);
                for d in DEFAULT_EXCLUDES {
                    if !site.exclude.iter().any(|e| e == d) {
                        site.exclude.push(d.to_string());
                    }
                }
            }
            ("include", v) => site.include = text_list(v),
            _ => {}
        }
    }
    // `Configuration#add_default_collections`: posts are always written,
    // with the site's permalink unless the collection sets its own.
    match site.collections.iter_mut().find(|c| c.label == "posts") {
        Some(posts) => {
            posts.output = true;
            posts.permalink = posts_permalink.or(Some(style_template(&site.permalink)));
        }
        None => site.collections.push(CollectionConfig {
            label: "posts".into(),
            output: true,
            permalink: Some(style_template(&site.permalink)),
        }),
    }
    Ok(site)
}

/// Ruby's truthiness: everything but `nil` and `false`.
fn truthy(value: &Value) -> bool {
    !matches!(value, Value::Null | Value::Bool(false))
}

/// `Collection#sanitize_label`: only `a-z0-9_-.` (any case) kept.
fn sanitize_label(label: &str) -> String {
    label
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .collect()
}

/// Refuses a plain scalar Psych reads as a Symbol (`:name`: a `:` and one
/// more character, on one line; `Psych::ScalarScanner#tokenize`), which
/// `Psych.safe_load` does not permit, so Jekyll cannot load the file.
///
/// # Errors
/// A [`front_matter::YamlError`] at the scalar; YAML errors are left to
/// [`front_matter::load`].
fn refuse_symbols(text: &str) -> Result<(), front_matter::YamlError> {
    use yaml_rust2::parser::{Event, Parser};
    use yaml_rust2::scanner::TScalarStyle;
    let mut parser = Parser::new_from_str(text);
    // Bounded: a config has at most 1 MiB of text, so of events.
    while let Ok((event, mark)) = parser.next_token() {
        match event {
            Event::StreamEnd => break,
            Event::Scalar(value, TScalarStyle::Plain, _, None)
                if value.starts_with(':')
                    && value.chars().nth(1).is_some()
                    && !value.contains('\n') =>
            {
                return Err(front_matter::YamlError {
                    line: mark.line(),
                    column: mark.col() + 1,
                    reason: format!(
                        "`{value}` is a Ruby symbol, which Psych's safe_load (and so Jekyll) refuses"
                    ),
                });
            }
            _ => {}
        }
    }
    Ok(())
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

/// `EntryFilter#special?` for one name: it starts with `.`, `_`, `#` or `~`.
fn special(name: &str) -> bool {
    name.starts_with(['.', '_', '#', '~'])
}

/// `EntryFilter#glob_include?`: a pattern of `patterns` matches the path
/// `entry` (relative to the site) with `File.fnmatch` (no flags: `*` also
/// matches `/`), or is a prefix of it (as a string).
fn glob_include(patterns: &[String], entry: &str) -> bool {
    patterns.iter().any(|p| {
        let p = p.trim_start_matches('/');
        entry.starts_with(p) || fnmatch(p, entry)
    })
}

/// `File.fnmatch` without flags, for `*` and `?`.
fn fnmatch(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    // Iterative wildcard matching with one backtrack point.
    let (mut i, mut j, mut star, mut mark) = (0, 0, None, 0);
    while j < n.len() {
        if i < p.len() && (p[i] == '?' || p[i] == n[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some(i);
            mark = j;
            i += 1;
        } else if let Some(s) = star {
            i = s + 1;
            mark += 1;
            j = mark;
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&c| c == '*')
}

/// Whether Jekyll's reader, walking the site's folders, passes over the
/// entry `name` at `path` (relative to the site): `EntryFilter#filter`.
fn filtered(site: &SiteConfig, name: &str, path: &str) -> bool {
    if name.ends_with('.') {
        return true;
    }
    let included = glob_include(&site.include, name);
    let exclude: Vec<String> = site
        .exclude
        .iter()
        .filter(|e| !site.include.contains(e))
        .cloned()
        .collect();
    if glob_include(&exclude, path) && !included {
        return true;
    }
    !included && (special(name) || name.ends_with('~'))
}

/// Where Jekyll's reader puts the file at `relative` (in the site, `/`
/// separated), if it reads it (see the module docs).
fn place(site: &SiteConfig, relative: &str) -> Option<Placement> {
    let parts: Vec<&str> = relative.split('/').collect();
    let (name, dirs) = parts.split_last()?;
    let cd = site.collections_dir.as_str();
    let in_cd = |path: &str| -> Option<String> {
        if cd.is_empty() {
            Some(path.to_string())
        } else {
            path.strip_prefix(cd)
                .and_then(|rest| rest.strip_prefix('/'))
                .map(str::to_string)
        }
    };
    let output_ext = {
        let ext = crate::post::url::extname(name);
        if site.markdown_ext.iter().any(|m| *m == ext.to_lowercase()) {
            ".html".to_string()
        } else {
            ext.to_string()
        }
    };
    let base = Placement {
        permalink_style: site.permalink.clone(),
        output_ext,
        output: true,
        timezone: site.timezone.clone(),
        excerpt_separator: site.excerpt_separator.clone(),
        config_problem: site.refused.clone(),
        ..Placement::default()
    };
    // A document of a collection: `COLLECTIONS_DIR/_LABEL/…`, every entry
    // below it read (`Collection#filtered_entries`).
    if let Some(doc_path) = in_cd(relative) {
        let first = doc_path.split('/').next().unwrap_or_default();
        let found = site
            .collections
            .iter()
            .find(|c| c.label != "posts" && first == format!("_{}", c.label));
        if let Some(collection) = found {
            let entry = &doc_path[first.len()..].trim_start_matches('/');
            let dir = format!("_{}", collection.label);
            if entry.is_empty() || filtered(site, entry, relative) || special(name) {
                return None;
            }
            return Some(Placement {
                collection: collection.label.clone(),
                path_categories: categories::from_path(&doc_path, &dir),
                relative_path: doc_path,
                template: collection
                    .permalink
                    .clone()
                    .unwrap_or_else(|| add_permalink_suffix("/:collection/:path", &site.permalink)),
                collection_dir: dir,
                output: collection.output,
                needs_front_matter: true,
                ..base
            });
        }
    }
    // The folders Jekyll walks (`Reader#read_directories`) until the first
    // `_folder`: a `_posts` or `_drafts` there holds posts; another
    // (not included) holds nothing Jekyll reads as a post or page.
    let mut walked = String::new();
    for (i, dir) in dirs.iter().enumerate() {
        let path = if walked.is_empty() {
            dir.to_string()
        } else {
            format!("{walked}/{dir}")
        };
        if matches!(*dir, "_posts" | "_drafts") {
            let draft = *dir == "_drafts";
            // `Reader#outside_configured_directory?`.
            if !cd.is_empty() && !format!("/{walked}").starts_with(&format!("/{cd}")) {
                return None;
            }
            let entry = parts[i + 1..].join("/");
            let hidden = parts[i + 1..].iter().any(|p| p.starts_with('.'));
            let matches = if draft {
                has_extension(name)
            } else {
                is_dated_name(name)
            };
            if hidden
                || !matches
                || special(&entry)
                || special(name)
                || name.ends_with('~')
                || glob_include(&site.exclude, relative)
            {
                return None;
            }
            let doc_path = in_cd(relative)?;
            let (label, template) = site
                .collections
                .iter()
                .find(|c| c.label == "posts")
                .map(|c| (c.output, c.permalink.clone()))
                .unwrap_or((true, None));
            return Some(Placement {
                collection: "posts".into(),
                draft,
                path_categories: categories::from_path(&doc_path, dir),
                relative_path: doc_path,
                template: template.unwrap_or_else(|| style_template(&site.permalink)),
                collection_dir: "_posts".into(),
                output: label,
                ..base
            });
        }
        if filtered(site, dir, &path) {
            return None;
        }
        walked = path;
    }
    // A page: a file with front matter in a walked folder.
    if filtered(site, name, relative) {
        return None;
    }
    Some(Placement {
        collection: "pages".into(),
        relative_path: relative.to_string(),
        needs_front_matter: true,
        ..base
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
