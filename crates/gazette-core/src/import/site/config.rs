//! A site's `_config.yml` as import reads it: the keys Gazette uses, over
//! Jekyll's defaults (`lib/jekyll/configuration.rb`), and the front matter
//! defaults' scopes.

use std::path::{Path, PathBuf};

use crate::front_matter::{self, Value};
use crate::post::url::style_template;

/// One `defaults:` entry.
#[derive(Debug, Clone)]
pub(super) struct DefaultSet {
    /// The scope's path, `/`-separated, without leading or trailing `/`.
    pub(super) path: String,
    /// The scope's type, if any.
    pub(super) kind: Option<String>,
    /// The values it sets.
    pub(super) values: Vec<(String, Value)>,
}

/// One entry of `collections:`.
#[derive(Debug, Clone, Default)]
pub(super) struct CollectionConfig {
    pub(super) label: String,
    /// `output: true`.
    pub(super) output: bool,
    /// Its `permalink`, if set.
    pub(super) permalink: Option<String>,
}

/// A site's configuration, as far as import needs it; missing keys have
/// Jekyll's defaults (`Configuration::DEFAULTS`).
#[derive(Debug, Clone)]
pub(super) struct SiteConfig {
    pub(super) root: PathBuf,
    pub(super) collections: Vec<CollectionConfig>,
    pub(super) defaults: Vec<DefaultSet>,
    /// `collections_dir`, without leading or trailing `/` (`""`: the site).
    pub(super) collections_dir: String,
    /// `permalink` (`date`).
    pub(super) permalink: String,
    /// `excerpt_separator` (`"\n\n"`).
    pub(super) excerpt_separator: String,
    /// `markdown_ext`, lower-cased, each with its dot.
    pub(super) markdown_ext: Vec<String>,
    /// `timezone`, if set.
    pub(super) timezone: Option<String>,
    /// `exclude` plus Jekyll's default excludes.
    pub(super) exclude: Vec<String>,
    /// `include` (`[".htaccess"]`).
    pub(super) include: Vec<String>,
    /// Its `_config.yml` could not be read.
    pub(super) unreadable: bool,
    /// Why Jekyll cannot load its `_config.yml` although Gazette can (a
    /// plain `:symbol`, which Psych's `safe_load` refuses): the site then
    /// has Jekyll's defaults, and its posts a warning.
    pub(super) refused: Option<String>,
}

/// `Configuration::DEFAULT_EXCLUDES`, added to every site's `exclude`.
pub(super) const DEFAULT_EXCLUDES: [&str; 10] = [
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
    pub(super) fn jekyll_defaults(root: &Path) -> SiteConfig {
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
pub(super) fn markdown_ext(list: &str) -> Vec<String> {
    list.split(',')
        .map(|e| format!(".{}", e.trim().to_lowercase()))
        .collect()
}

/// The parts of a `_config.yml` (its text) import uses, over Jekyll's
/// defaults. A config Psych 4's `safe_load` refuses although Gazette reads
/// it (a plain `:symbol` scalar) gives Jekyll's defaults, with
/// `refused` saying why.
///
/// # Errors
/// The YAML error (invalid YAML, refused tags, an alias bomb).
pub(super) fn parse_config(root: &Path, text: &str) -> Result<SiteConfig, front_matter::YamlError> {
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

/// Whether the scope path `scope` covers the file at `relative` (both
/// relative to the site): `""` covers everything; otherwise each of its
/// folders must match the file's in turn, `*` standing for any run of
/// characters within one folder name.
pub(super) fn path_matches(scope: &str, relative: &str) -> bool {
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
    fn plain_symbols_give_jekylls_defaults_with_the_reason() {
        // Psych 4 safe_load refuses `:compressed` (a Symbol), not the
        // quoted `":x"`.
        let site = parse_config(
            Path::new("/s"),
            "permalink: pretty\nsass:\n  style: :compressed\n",
        )
        .unwrap();
        assert_eq!(site.permalink, "date");
        assert!(site.refused.unwrap().contains("line 3"));
        let site = parse_config(Path::new("/s"), "permalink: pretty\na: \":x\"\nb: x:y\n").unwrap();
        assert_eq!(site.permalink, "pretty");
        assert!(site.refused.is_none());
    }

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
