//! A post: the file's exact bytes, and the typed view derived from them.
//!
//! Parse, then derive: [`PostFile::parse`] decodes the bytes, finds the front
//! matter block (Jekyll's rule, [`crate::front_matter::split()`]), reads its
//! YAML as Jekyll would, and derives [`Fields`] (title, date, categories,
//! tags, …). The bytes are kept as they came; nothing here re-serialises.
//! Decoding and encoding the bytes (UTF-8, UTF-16, CJK legacy encodings)
//! live in `encoding.rs`; Jekyll's categories in `categories.rs`; its URL
//! rules in `url.rs`.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::date::PostDate;
use crate::file_name::FileName;
pub use crate::format::Format;
use crate::front_matter::{self, Split, Value};
pub use encoding::{decode, encode, TextEncoding};

pub mod categories;
mod encoding;
pub mod url;

pub use url::Placement;

/// Why a file is not a readable post. `line` is 1-based in the file, when
/// known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct ParseError {
    /// The line of the file where the problem is, if known.
    pub line: Option<usize>,
    /// What is wrong, for a person.
    pub reason: String,
}

/// Where a post's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// The `date:` front matter key.
    FrontMatter,
    /// The `YYYY-MM-DD-` prefix of the file name.
    FileName,
    /// The file's modification time: a draft with no date, as Jekyll dates
    /// drafts.
    FileTime,
    /// Neither: the post has no date.
    None,
}

impl DateSource {
    /// The name stored in the archive.
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::FrontMatter => "front_matter",
            DateSource::FileName => "file_name",
            DateSource::FileTime => "file_time",
            DateSource::None => "none",
        }
    }
}

/// What a post's typed view takes from outside its file, found at import
/// and kept with the post so that an edit derives the same view.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context {
    /// Front matter defaults from its site's `_config.yml` (`defaults:`,
    /// the scopes that match it merged as Jekyll merges them), used for
    /// keys the file does not set. The file is never rewritten with them.
    pub defaults: Vec<(String, Value)>,
    /// Its file's modification time (`YYYY-MM-DD HH:MM:SS +00:00`), the
    /// date of a draft that has none.
    pub file_time: Option<String>,
    /// The collection it belongs to (`posts`, `drafts`, a collection label
    /// from `_config.yml`, or `pages`), when it came from a site.
    pub collection: Option<String>,
    /// Where Jekyll places the file in its site (collection, URL template,
    /// path categories, …), when Jekyll would build it: `None` for a file
    /// in no site, and for one Jekyll passes over (a static file, a file in
    /// a `_folder` that is no collection, an excluded one).
    pub placement: Option<Placement>,
    /// Its site's `_config.yml` could not be read, so `defaults` and
    /// `collection` may be missing: an import keeps the view it derived
    /// before rather than drop them. Not stored.
    pub site_unreadable: bool,
}

impl Context {
    /// As stored: `{"defaults":{…},"file_time":…,"collection":…,
    /// "jekyll":{…placement…}}` (empty parts left out).
    pub fn to_json(&self) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        if !self.defaults.is_empty() {
            map.insert(
                "defaults".into(),
                Value::Map(self.defaults.clone()).to_json(),
            );
        }
        if let Some(t) = &self.file_time {
            map.insert("file_time".into(), t.clone().into());
        }
        if let Some(c) = &self.collection {
            map.insert("collection".into(), c.clone().into());
        }
        if let Some(p) = &self.placement {
            if let Ok(json) = serde_json::to_value(p) {
                map.insert("jekyll".into(), json);
            }
        }
        serde_json::Value::Object(map)
    }

    /// Reads the stored form back (an unreadable one is empty).
    pub fn from_json(json: &str) -> Context {
        let Ok(serde_json::Value::Object(map)) = serde_json::from_str(json) else {
            return Context::default();
        };
        let defaults = match map.get("defaults").map(Value::from_json) {
            Some(Value::Map(entries)) => entries,
            _ => Vec::new(),
        };
        Context {
            defaults,
            file_time: map
                .get("file_time")
                .and_then(|v| v.as_str())
                .map(str::to_string),
            collection: map
                .get("collection")
                .and_then(|v| v.as_str())
                .map(str::to_string),
            placement: map
                .get("jekyll")
                .and_then(|v| serde_json::from_value(v.clone()).ok()),
            site_unreadable: false,
        }
    }
}

/// The typed view of a post, derived from its front matter, body and file
/// name with Jekyll's rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Fields {
    /// `title`, else the first heading of the body, else the file name's slug
    /// titleized as Jekyll does.
    pub title: String,
    /// `date`, else the file name's date, else `None`.
    pub date: Option<PostDate>,
    /// Where [`Fields::date`] came from.
    pub date_source: DateSource,
    /// `layout`, if set.
    pub layout: Option<String>,
    /// The categories as Jekyll derives them (see `categories.rs`): for a
    /// file Jekyll builds, the folders above its `_posts/` first, then
    /// `categories` (a list, or a string split on spaces) and `category`;
    /// duplicates removed. Elsewhere the front matter's alone.
    pub categories: Vec<String>,
    /// `tags` and `tag`, the same way.
    pub tags: Vec<String>,
    /// `permalink`, if set.
    pub permalink: Option<String>,
    /// `false` only when `published: false` (Jekyll's rule).
    pub published: bool,
    /// The post lives in a `_drafts` folder.
    pub draft: bool,
    /// The file name without date prefix and extension.
    pub slug: String,
    /// `excerpt`, else the body up to the `excerpt_separator` (the post's,
    /// else its site's, else a blank line, as in Jekyll), trimmed and cut
    /// at 300 characters; empty when the separator is empty (Jekyll then
    /// makes no excerpt).
    pub excerpt: String,
    /// The URL Jekyll gives it (`/2024/05/01/hello.html`, escaped as Jekyll
    /// escapes it), when Jekyll builds it (see [`Context::placement`]) and
    /// the URL can be made (a permalink naming an unknown placeholder, or
    /// needing a date the post lacks, gives none and a warning).
    pub url: Option<String>,
    /// Jekyll's collection of it: `posts` (drafts too), a collection label,
    /// or `pages`; `None` when Jekyll does not build it.
    pub collection: Option<String>,
    /// The date as Jekyll holds it, in the site's time zone (`timezone:`,
    /// else UTC), `YYYY-MM-DD HH:MM:SS +ZZZZ`: the date its URL is made
    /// from. `None` where `collection` is, or when the post has no date.
    pub jekyll_date: Option<String>,
    /// Things worth telling the user that did not stop the import (an
    /// unreadable date, a repeated key, …).
    pub warnings: Vec<String>,
}

/// A parsed post file: its bytes, decoded text, where the front matter is,
/// the front matter entries, and the derived [`Fields`].
#[derive(Debug, Clone)]
pub struct PostFile {
    /// The file's bytes, exactly.
    pub raw: Vec<u8>,
    /// How the bytes were decoded.
    pub encoding: TextEncoding,
    /// The decoded text (without a byte order mark).
    pub text: String,
    /// Where the front matter and body lie in [`PostFile::text`].
    pub split: Split,
    /// Front matter entries, keys in file order, typed as Jekyll types them.
    pub front_matter: Vec<(String, Value)>,
    /// How the body is written.
    pub format: Format,
    /// The typed view.
    pub fields: Fields,
    /// What the view took from outside the file.
    pub context: Context,
    /// The search index's columns, built once (see
    /// [`PostFile::search_columns`]).
    search: std::sync::OnceLock<[String; 3]>,
    /// The BLAKE3 of `raw`, computed once (see [`PostFile::content_hash`]).
    hash: std::sync::OnceLock<String>,
}

impl PostFile {
    /// Parses a post file. `relative_path` is the path as it should appear in
    /// messages and decides draft status (a `_drafts` folder) and, through
    /// its file name, the slug, the fallback date and the format.
    ///
    /// # Errors
    /// [`ParseError`] when the bytes cannot be decoded, or the front matter
    /// is not valid YAML (with the line in the file), is not a mapping, or
    /// uses tags or aliases Gazette refuses. A bad date is not an error: it
    /// becomes a warning and the file name's date is used.
    pub fn parse(relative_path: &str, raw: Vec<u8>) -> Result<PostFile, ParseError> {
        PostFile::parse_with(relative_path, raw, Context::default())
    }

    /// [`PostFile::parse`] with what the view takes from outside the file:
    /// defaults for keys the front matter does not set, and a draft's file
    /// time when it has no date.
    ///
    /// # Errors
    /// As [`PostFile::parse`].
    pub fn parse_with(
        relative_path: &str,
        raw: Vec<u8>,
        context: Context,
    ) -> Result<PostFile, ParseError> {
        let name = relative_path
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(relative_path);
        let file_name = FileName::parse(name);
        let format = Format::from_extension(&file_name.extension).unwrap_or(Format::Text);
        let (text, encoding) = decode(&raw)?;
        let split = front_matter::split(&text);
        let mut warnings = Vec::new();
        let loaded = match &split.yaml {
            Some(range) => front_matter::load(&text[range.clone()]).map_err(|e| ParseError {
                line: Some(e.line + Split::FIRST_YAML_LINE - 1),
                reason: format!("invalid front matter (column {}): {}", e.column, e.reason),
            })?,
            None => {
                if text.trim_start().starts_with("---") && !text.starts_with("---") {
                    warnings.push("text before the first `---` line: Jekyll reads no front matter in this file".into());
                }
                front_matter::Loaded::default()
            }
        };
        // Jekyll's `safe_load` refuses a Ruby symbol and drops the whole
        // front matter; Gazette says so rather than import another view.
        if let Some(e) = loaded.symbols.first() {
            return Err(ParseError {
                line: Some(e.line + Split::FIRST_YAML_LINE - 1),
                reason: format!("invalid front matter (column {}): {}", e.column, e.reason),
            });
        }
        for key in &loaded.repeated_keys {
            warnings.push(format!(
                "the key `{key}` appears more than once; Jekyll uses the last value"
            ));
        }
        let front_matter = loaded.entries;
        let body = &text[split.body.clone()];
        let get = |key: &str| {
            front_matter
                .iter()
                .chain(context.defaults.iter())
                .find(|(k, _)| k == key)
                .map(|(_, v)| v)
        };

        let title = match get("title")
            .and_then(Value::as_text)
            .filter(|t| !t.trim().is_empty())
        {
            Some(t) => t,
            None => {
                if get("title").is_some() {
                    warnings.push(
                        "the title is empty; showing a title made from the body or file name"
                            .into(),
                    );
                }
                first_heading(body).unwrap_or_else(|| file_name.title())
            }
        };

        let (date, date_source) = match get("date") {
            Some(v) if v.as_text().is_some() => {
                let written = v.as_text().unwrap_or_default();
                match PostDate::parse(&written) {
                    Ok(d) => (Some(d), DateSource::FrontMatter),
                    Err(e) => {
                        warnings.push(e.to_string());
                        from_file_name(&file_name)
                    }
                }
            }
            Some(Value::Null) | None => from_file_name(&file_name),
            Some(_) => {
                warnings.push("the date is a list or a map, not a date".into());
                from_file_name(&file_name)
            }
        };

        let text_of = |key: &str| get(key).and_then(Value::as_text).filter(|s| !s.is_empty());
        let categories = match context
            .placement
            .as_ref()
            .filter(|p| !p.needs_front_matter || url::has_yaml_header(&raw))
        {
            Some(placement) => {
                let in_defaults = |key: &str| {
                    context
                        .defaults
                        .iter()
                        .find(|(k, _)| k == key)
                        .map(|(_, v)| v)
                };
                let in_file =
                    |key: &str| front_matter.iter().find(|(k, _)| k == key).map(|(_, v)| v);
                categories::merged(&placement.path_categories, in_defaults, in_file)
            }
            None => names(&[get("categories"), get("category")]),
        };
        let tags = names(&[get("tags"), get("tag")]);
        let published = !matches!(get("published"), Some(Value::Bool(false)));
        let draft = relative_path
            .split(['/', '\\'])
            .any(|part| part == "_drafts");
        let excerpt = match text_of("excerpt") {
            Some(e) => e,
            None => {
                // Jekyll: `(data["excerpt_separator"] ||
                // site.config["excerpt_separator"]).to_s`.
                let separator = match get("excerpt_separator") {
                    Some(v) if !matches!(v, Value::Null | Value::Bool(false)) => {
                        v.as_text().unwrap_or_default()
                    }
                    _ => context
                        .placement
                        .as_ref()
                        .map_or_else(|| "\n\n".into(), |p| p.excerpt_separator.clone()),
                };
                if separator.is_empty() {
                    String::new()
                } else {
                    let trimmed = body.trim_start_matches(['\r', '\n']);
                    let cut = trimmed.find(&separator).map_or(trimmed, |i| &trimmed[..i]);
                    cut.trim().chars().take(300).collect()
                }
            }
        };
        let (date, date_source) = match (date, draft, &context.file_time) {
            (None, true, Some(time)) => match PostDate::parse(time) {
                Ok(d) => (Some(d), DateSource::FileTime),
                Err(_) => (None, date_source),
            },
            (date, _, _) => (date, date_source),
        };
        // Jekyll reads a page or a collection document only when it opens
        // with a front matter line; other files are static files to it.
        let placement = context
            .placement
            .as_ref()
            .filter(|p| !p.needs_front_matter || url::has_yaml_header(&raw));
        let time = placement.and_then(|placement| {
            let origin = match get("date") {
                Some(Value::Date(_)) if date_source == DateSource::FrontMatter => {
                    url::DateOrigin::PlainScalar
                }
                _ => url::DateOrigin::Parsed,
            };
            let zone = url::site_zone(placement.timezone.as_deref());
            date.as_ref()
                .and_then(|d| url::jekyll_time(d, origin, &zone))
        });
        if let Some(problem) = placement.and_then(|p| p.config_problem.as_ref()) {
            warnings.push(problem.clone());
        }
        let url = placement.and_then(|placement| {
            let permalink = text_of("permalink");
            if placement.collection == "pages" {
                return Some(url::page_url(placement, permalink.as_deref()));
            }
            let slug = text_of("slug").unwrap_or_else(|| url::file_slug(&placement.relative_path));
            let data = url::UrlData {
                permalink: permalink.as_deref(),
                slug: Some(&slug),
                categories: &categories,
                time: time.as_ref(),
            };
            match url::document_url(placement, &data) {
                Ok(u) => Some(u),
                Err(e) => {
                    warnings.push(e.to_string());
                    None
                }
            }
        });
        let collection = placement.map(|p| p.collection.clone());
        let fields = Fields {
            title,
            date,
            date_source,
            layout: text_of("layout"),
            categories,
            tags,
            permalink: text_of("permalink"),
            published,
            draft,
            slug: file_name.slug.clone(),
            excerpt,
            url,
            collection,
            jekyll_date: time.map(|t| t.strftime("%Y-%m-%d %H:%M:%S %z").to_string()),
            warnings,
        };
        Ok(PostFile {
            raw,
            encoding,
            text,
            split,
            front_matter,
            format,
            fields,
            context,
            search: std::sync::OnceLock::new(),
            hash: std::sync::OnceLock::new(),
        })
    }

    /// The YAML text between the fences, exactly as in the file, or `None`.
    pub fn front_matter_text(&self) -> Option<&str> {
        self.split.yaml.clone().map(|r| &self.text[r])
    }

    /// The body, exactly as in the file.
    pub fn body(&self) -> &str {
        &self.text[self.split.body.clone()]
    }

    /// The front matter as a JSON object, keys in file order.
    pub fn front_matter_json(&self) -> serde_json::Value {
        Value::Map(self.front_matter.clone()).to_json()
    }

    /// The full-text index's columns for this post (title, body text, front
    /// matter values), each in [`crate::text::index_form`]; built on first
    /// use and kept, so an import can build them off the writing thread.
    pub fn search_columns(&self) -> &[String; 3] {
        self.search.get_or_init(|| {
            let body = crate::text::body_text(self.format, self.body());
            let mut values = Vec::new();
            collect_strings(&self.front_matter_json(), &mut values);
            [
                crate::text::index_form(&self.fields.title),
                crate::text::index_form(&body),
                crate::text::index_form(&values.join(" \n ")),
            ]
        })
    }

    /// The search index's columns if [`PostFile::search_columns`] has built
    /// them already.
    pub(crate) fn search_columns_built(&self) -> Option<&[String; 3]> {
        self.search.get()
    }

    /// Records the BLAKE3 of `raw` when the caller has it already (import
    /// hashes a file before parsing it). `hash` must be that hash.
    pub(crate) fn know_content_hash(&self, hash: &str) {
        debug_assert_eq!(hash, blake3::hash(&self.raw).to_hex().as_str());
        let _ = self.hash.set(hash.to_string());
    }

    /// A BLAKE3 hash of the file's bytes, as 64 hex digits (computed once).
    pub fn content_hash(&self) -> &str {
        self.hash
            .get_or_init(|| blake3::hash(&self.raw).to_hex().to_string())
    }
}

/// Every string, number and boolean in a JSON value, in order.
fn collect_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Number(n) => out.push(n.to_string()),
        serde_json::Value::Bool(b) => out.push(b.to_string()),
        serde_json::Value::Array(items) => items.iter().for_each(|i| collect_strings(i, out)),
        serde_json::Value::Object(map) => map.values().for_each(|i| collect_strings(i, out)),
        serde_json::Value::Null => {}
    }
}

fn from_file_name(file_name: &FileName) -> (Option<PostDate>, DateSource) {
    match &file_name.date {
        Some(d) => (Some(d.clone()), DateSource::FileName),
        None => (None, DateSource::None),
    }
}

/// Category or tag names from Jekyll's keys: a list gives its items, a
/// string is split on whitespace (`Jekyll::Utils.pluralized_array_from_hash`),
/// numbers become their text; empty names and repeats are dropped.
fn names(values: &[Option<&Value>]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |name: String| {
        let name = name.trim().to_string();
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    };
    for value in values.iter().flatten() {
        match value {
            Value::List(items) => items.iter().filter_map(Value::as_text).for_each(&mut add),
            Value::String(s) => s.split_whitespace().map(str::to_string).for_each(&mut add),
            other => other.as_text().into_iter().for_each(&mut add),
        }
    }
    out
}

static ATX_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ {0,3}#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$").expect("valid regex"));
static HTML_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<h[1-6][^>]*>(.*?)</h[1-6]>").expect("valid regex"));
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").expect("valid regex"));

/// The first Markdown ATX heading or HTML `<h1>`–`<h6>` of a body, as text.
fn first_heading(body: &str) -> Option<String> {
    let atx = body
        .lines()
        .find_map(|l| ATX_HEADING.captures(l).map(|c| c[1].to_string()));
    let html = || {
        HTML_HEADING
            .captures(body)
            .map(|c| TAG.replace_all(&c[1], "").trim().to_string())
    };
    atx.or_else(html).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests;
