//! A post's URL as Jekyll 4.3 computes it.
//!
//! The rules, each from Jekyll's source (`lib/jekyll/`):
//! - the template: the post's own `permalink` (front matter or defaults),
//!   else its collection's (`Collection#url_template`: the collection's
//!   `permalink`, for `posts` the site's `permalink` style or template,
//!   else `/:collection/:path` with the style's ending,
//!   `Utils.add_permalink_suffix`); a page's is `Page#template`;
//! - placeholders (`Drops::UrlDrop` for documents, a hash for pages):
//!   `:year`, `:title`, `:categories`, … replaced by their value escaped
//!   with `URL.escape_path`; an unknown one stops Jekyll's build (here: no
//!   URL, and a warning);
//! - `URL#sanitize_url`: `..` becomes `/`, `./` is removed, repeated `/`
//!   are squeezed, and a leading `/` is ensured.
//!
//! Dates in a URL are the post's instant in the site's `timezone` (UTC
//! when it names none: Gazette computes URLs as a UTC build machine, such as
//! GitHub Pages, does; Jekyll itself would use its machine's zone).

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::date::PostDate;

/// Where a file sits in its Jekyll site and what its site says about how
/// its URL is made: found at import by `import::site`, kept with the post
/// (in its context) so an edit derives the same URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    /// Jekyll's collection label: `posts` (drafts too), a label from
    /// `collections:`, or `pages` for a page (a file with front matter
    /// outside every collection).
    pub collection: String,
    /// A post in `_drafts/` (`Document#draft?`).
    #[serde(default)]
    pub draft: bool,
    /// The path Jekyll's URL rules see, `/`-separated: a document's path
    /// relative to the `collections_dir` (`Document#relative_path`), a
    /// page's relative to the site.
    pub relative_path: String,
    /// The collection's folder (`_posts`, `_NAME`), empty for pages.
    #[serde(default)]
    pub collection_dir: String,
    /// The collection's URL template (`Collection#url_template`), empty for
    /// pages.
    #[serde(default)]
    pub template: String,
    /// The site's `permalink` setting as written (`date` by default): a
    /// page's template ends as this style does.
    pub permalink_style: String,
    /// What the converter makes of the file's extension: `.html` for a
    /// `markdown_ext` extension, else the extension itself (Jekyll's
    /// Identity converter), `Renderer#converter_output_ext`.
    pub output_ext: String,
    /// The collection is written (`output`; always for posts and pages).
    #[serde(default)]
    pub output: bool,
    /// The site's `timezone` (an IANA name), if it sets one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// The site's `excerpt_separator` (`"\n\n"` by default).
    pub excerpt_separator: String,
    /// The categories the path gives (`Document#categories_from_path`).
    #[serde(default)]
    pub path_categories: Vec<String>,
    /// Jekyll reads the file only if it starts with a front matter line
    /// (`Utils.has_yaml_header?`): pages and collection documents; posts
    /// are read without.
    #[serde(default)]
    pub needs_front_matter: bool,
    /// Why Jekyll cannot load the site's `_config.yml` although Gazette
    /// reads it (the view then follows Jekyll's defaults): a warning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_problem: Option<String>,
}

/// `Utils.has_yaml_header?`: the file's first line is `---`, then only
/// whitespace, then a line break.
pub fn has_yaml_header(raw: &[u8]) -> bool {
    let Some(rest) = raw.strip_prefix(b"---") else {
        return false;
    };
    // Ruby reads the first line; `\s*\r?\n` needs it to be whitespace
    // up to its line break.
    match rest.iter().position(|&b| b == b'\n') {
        Some(end) => rest[..end].iter().all(|b| b" \t\x0b\x0c\r".contains(b)),
        None => false,
    }
}

/// What a post's own data adds to its URL.
#[derive(Debug, Clone, Default)]
pub struct UrlData<'a> {
    /// `permalink` from the front matter or defaults.
    pub permalink: Option<&'a str>,
    /// `slug` from the front matter or defaults, else the file name's.
    pub slug: Option<&'a str>,
    /// The post's categories, merged as Jekyll merges them.
    pub categories: &'a [String],
    /// The post's date as Jekyll reads it (see [`jekyll_time`]).
    pub time: Option<&'a jiff::Zoned>,
}

/// Jekyll's `Utils.slugify` modes used by URLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlugMode {
    /// Runs of anything but letters, marks and digits become `-`.
    Default,
    /// As `Default`, but `._~!$&'()+,;=@` are kept too.
    Pretty,
}

static SLUG_DEFAULT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[^\p{M}\p{L}\p{Nd}]+").expect("valid regex"));
static SLUG_PRETTY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[^\p{M}\p{L}\p{Nd}._~!$&'()+,;=@]+").expect("valid regex"));

/// Jekyll's `Utils.slugify(string, mode:, cased:)`: runs of other
/// characters become one `-`, a leading and a trailing `-` are dropped, and
/// the result is lower-cased unless `cased`.
pub fn slugify(text: &str, mode: SlugMode, cased: bool) -> String {
    let re = match mode {
        SlugMode::Default => &*SLUG_DEFAULT,
        SlugMode::Pretty => &*SLUG_PRETTY,
    };
    let slug = re.replace_all(text, "-");
    let slug = slug.strip_prefix('-').unwrap_or(&slug);
    let slug = slug.strip_suffix('-').unwrap_or(slug);
    if cased {
        slug.to_string()
    } else {
        slug.to_lowercase()
    }
}

/// Jekyll's `URL.escape_path` (Addressable's URI encoding): letters,
/// digits, `-._~`, the sub-delimiters `!$&'()*+,;=`, `:@/` and `?` stay;
/// every other byte of the UTF-8 text is `%XX` (so `#` is `%23`, `%` is
/// `%25`, a space `%20`).
pub fn escape_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?".contains(&b);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Jekyll's `URL#sanitize_url`: `/` prepended, `..` made `/`, `./`
/// removed, runs of `/` squeezed to one.
pub fn sanitize_url(url: &str) -> String {
    let s = format!("/{url}").replace("..", "/").replace("./", "");
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    out
}

/// The template of a permalink style (`Configuration::STYLE_TO_PERMALINK`
/// of Jekyll 4.3: `date`, `pretty`, `ordinal`, `weekdate`, `none`); any
/// other value is a template itself.
pub fn style_template(style: &str) -> String {
    match style {
        "none" => "/:categories/:title:output_ext",
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext",
        other => other,
    }
    .to_string()
}

/// `Utils.add_permalink_suffix`: `template` ended as the style `style`
/// ends (`pretty`: `/`; `date`, `ordinal`, `none`: `:output_ext`; a
/// template: its trailing `/` or `:output_ext`).
pub fn add_permalink_suffix(template: &str, style: &str) -> String {
    let mut out = template.to_string();
    match style {
        "pretty" => out.push('/'),
        "date" | "ordinal" | "none" => out.push_str(":output_ext"),
        other => {
            if other.ends_with('/') {
                out.push('/');
            }
            if other.ends_with(":output_ext") {
                out.push_str(":output_ext");
            }
        }
    }
    out
}

/// Psych's `TIME` pattern (`Psych::ScalarScanner::TIME`): a plain scalar of
/// this form is a Ruby `Time`; with no zone written, its wall time is UTC.
static PSYCH_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^-?[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|\s+)[0-9]{1,2}:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:\s*(?:Z|[-+][0-9]{1,2}:?(?:[0-9][0-9])?))?$",
    )
    .expect("valid regex")
});

static ZONE_WITHOUT_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\s*(?:Z|z|UTC|GMT|[+-][0-9]{2}(?::?[0-9]{2})?)\s*$",
    )
    .expect("valid regex")
});

/// How a date was given to Jekyll, which decides the zone of a date
/// written without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrigin {
    /// A plain (unquoted) front matter scalar: Psych reads a full
    /// timestamp with no zone as UTC.
    PlainScalar,
    /// Anything Jekyll reads with `Time.parse` (a quoted value, a date
    /// without seconds, a file name's date): no zone means the site's zone.
    Parsed,
}

/// The time zone of a site: its `timezone` when set and known, else UTC.
pub fn site_zone(timezone: Option<&str>) -> jiff::tz::TimeZone {
    timezone
        .and_then(|name| jiff::tz::TimeZone::get(name).ok())
        .unwrap_or(jiff::tz::TimeZone::UTC)
}

/// A post's date as Jekyll holds it: the instant, shown in the site's zone
/// (`Utils.parse_date`, Psych's `parse_time`). A date written with an
/// offset is that instant; without one, see [`DateOrigin`].
pub fn jekyll_time(
    date: &PostDate,
    origin: DateOrigin,
    zone: &jiff::tz::TimeZone,
) -> Option<jiff::Zoned> {
    use chrono::{Datelike, Timelike};
    let l = &date.local;
    let civil = jiff::civil::DateTime::new(
        i16::try_from(l.year()).ok()?,
        i8::try_from(l.month()).ok()?,
        i8::try_from(l.day()).ok()?,
        i8::try_from(l.hour()).ok()?,
        i8::try_from(l.minute()).ok()?,
        i8::try_from(l.second()).ok()?,
        i32::try_from(l.nanosecond() % 1_000_000_000).ok()?,
    )
    .ok()?;
    // Ruby's `Time.parse` ignores a zone written after a day with no time
    // (`2018-03-01 +0800` is midnight in the local zone).
    let offset = date
        .offset
        .filter(|_| !ZONE_WITHOUT_TIME.is_match(&date.text));
    let utc_wall = origin == DateOrigin::PlainScalar && PSYCH_TIME.is_match(date.text.trim());
    let instant = match offset {
        Some(offset) => {
            let offset = jiff::tz::Offset::from_seconds(offset.local_minus_utc()).ok()?;
            offset.to_timestamp(civil).ok()?
        }
        None if utc_wall => jiff::tz::Offset::UTC.to_timestamp(civil).ok()?,
        None => civil.to_zoned(zone.clone()).ok()?.timestamp(),
    };
    Some(instant.to_zoned(zone.clone()))
}

/// `Document#cleaned_relative_path`: the relative path without its
/// extension, the collection's folder name's first occurrence removed, and
/// trailing dots dropped.
fn cleaned_relative_path(placement: &Placement) -> String {
    let rel = &placement.relative_path;
    let ext = extname(rel);
    let stem = &rel[..rel.len() - ext.len()];
    let stem = if placement.collection_dir.is_empty() {
        stem.to_string()
    } else {
        stem.replacen(&placement.collection_dir, "", 1)
    };
    stem.trim_end_matches('.').to_string()
}

/// Ruby's `File.extname`: the last `.ext` of the base name (not a leading
/// dot, not a trailing one).
pub fn extname(path: &str) -> &str {
    let base = path.rsplit('/').next().unwrap_or(path);
    let trimmed = base.trim_start_matches('.');
    match trimmed.rfind('.') {
        Some(i) if i + 1 < trimmed.len() => &base[base.len() - (trimmed.len() - i)..],
        _ => "",
    }
}

/// Ruby's `File.basename(path, ".*")`.
pub fn basename_without_ext(path: &str) -> &str {
    let base = path.rsplit('/').next().unwrap_or(path);
    &base[..base.len() - extname(base).len()]
}

/// `Renderer#permalink_ext`: the extension of a permalink that does not
/// end in `/`.
fn permalink_ext(permalink: Option<&str>) -> Option<&str> {
    let p = permalink.filter(|p| !p.ends_with('/'))?;
    Some(extname(p)).filter(|e| !e.is_empty())
}

/// The placeholders taken from the post's date (`Drops::UrlDrop`).
const DATE_KEYS: [&str; 17] = [
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "second",
    "i_day",
    "i_month",
    "short_month",
    "long_month",
    "short_year",
    "w_year",
    "week",
    "w_day",
    "short_day",
    "long_day",
    "y_day",
];

static DATED_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9]{2,4}-[0-9]{1,2}-[0-9]{1,2})-(.*)(\.[^.]+)$").expect("valid regex")
});
static NAME_WITH_EXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.*)(\.[^.]+)$").expect("valid regex"));

/// Whether a file name is a post's (`Document::DATE_FILENAME_MATCHER`:
/// `YYYY-MM-DD-slug.ext`, 2 to 4 digits of year, 1 or 2 of month and day).
pub fn is_dated_name(name: &str) -> bool {
    DATED_NAME.is_match(name)
}

/// Whether a file name has an extension (`Document::DATELESS_FILENAME_MATCHER`,
/// which `_drafts/` files must match).
pub fn has_extension(name: &str) -> bool {
    NAME_WITH_EXT.is_match(name)
}

/// The slug Jekyll takes from a document's path (`Document#populate_title`):
/// the file name without its date prefix and extension, trailing dots
/// dropped.
pub fn file_slug(relative_path: &str) -> String {
    let name = relative_path.rsplit('/').next().unwrap_or(relative_path);
    let slug = if let Some(c) = DATED_NAME.captures(name) {
        c.get(2).map_or("", |m| m.as_str()).to_string()
    } else if let Some(c) = NAME_WITH_EXT.captures(name) {
        c.get(1).map_or("", |m| m.as_str()).to_string()
    } else {
        basename_without_ext(name).to_string()
    };
    slug.trim_end_matches('.').to_string()
}

static PLACEHOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r":([a-z_]+)").expect("valid regex"));

/// The value of placeholder `key` for a document (`Drops::UrlDrop`), or
/// `None` for a key the drop does not have.
fn drop_value(key: &str, placement: &Placement, data: &UrlData<'_>) -> Option<String> {
    let base = basename_without_ext(&placement.relative_path);
    let time = |format: &str| data.time.map(|t| t.strftime(format).to_string());
    Some(match key {
        "collection" => placement.collection.clone(),
        "name" => slugify(base, SlugMode::Default, false),
        "title" => slugify(data.slug.unwrap_or(base), SlugMode::Pretty, true),
        "slug" => slugify(data.slug.unwrap_or(base), SlugMode::Default, false),
        "categories" => {
            let mut seen: Vec<String> = Vec::new();
            for c in data.categories {
                let c = c.to_lowercase();
                if !seen.contains(&c) {
                    seen.push(c);
                }
            }
            seen.join("/")
        }
        "slugified_categories" => {
            let mut seen: Vec<String> = Vec::new();
            for c in data.categories {
                let c = slugify(c, SlugMode::Default, false);
                if !seen.contains(&c) {
                    seen.push(c);
                }
            }
            seen.join("/")
        }
        "path" => cleaned_relative_path(placement),
        "output_ext" => output_ext(placement, data.permalink),
        "year" => time("%Y")?,
        "month" => time("%m")?,
        "day" => time("%d")?,
        "hour" => time("%H")?,
        "minute" => time("%M")?,
        "second" => time("%S")?,
        "i_day" => time("%-d")?,
        "i_month" => time("%-m")?,
        "short_month" => time("%b")?,
        "long_month" => time("%B")?,
        "short_year" => time("%y")?,
        "w_year" => time("%G")?,
        "week" => time("%V")?,
        "w_day" => time("%u")?,
        "short_day" => time("%a")?,
        "long_day" => time("%A")?,
        "y_day" => time("%j")?,
        _ => return None,
    })
}

/// The output extension: a permalink's own, else the converter's.
fn output_ext(placement: &Placement, permalink: Option<&str>) -> String {
    permalink_ext(permalink)
        .map(str::to_string)
        .unwrap_or_else(|| placement.output_ext.clone())
}

/// Why Jekyll could not make a URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    /// The template names a placeholder Jekyll does not know (Jekyll stops
    /// its build: "The URL template doesn't have … keys").
    #[error("the permalink template {template:?} uses :{key}, which Jekyll does not know")]
    UnknownPlaceholder {
        /// The template.
        template: String,
        /// The placeholder, without its colon.
        key: String,
    },
    /// The template needs a date (`:year`, …) and the post has none.
    #[error("the permalink template {template:?} uses :{key}, but the post has no date")]
    NoDate {
        /// The template.
        template: String,
        /// The placeholder, without its colon.
        key: String,
    },
}

/// `URL#generate_url_from_drop`: every `:name` replaced by the drop's
/// value, escaped; a name ending in `_` may stand for the name without it
/// (`:month_:day`).
fn expand_drop(
    template: &str,
    placement: &Placement,
    data: &UrlData<'_>,
) -> Result<String, UrlError> {
    let mut out = String::with_capacity(template.len() + 32);
    let mut last = 0;
    for caps in PLACEHOLDER.captures_iter(template) {
        let whole = caps.get(0).expect("match");
        let name = &caps[1];
        // Jekyll's `[name, name.chomp!("_")]` holds one string twice: only
        // the name without one trailing `_` is tried.
        let key = name.strip_suffix('_').unwrap_or(name);
        let value = drop_value(key, placement, data).ok_or_else(|| {
            let (template, key) = (template.to_string(), key.to_string());
            if data.time.is_none() && DATE_KEYS.contains(&key.as_str()) {
                UrlError::NoDate { template, key }
            } else {
                UrlError::UnknownPlaceholder { template, key }
            }
        })?;
        out.push_str(&template[last..whole.start()]);
        out.push_str(&escape_path(&value));
        out.push_str(&whole.as_str()[1 + key.len()..]);
        last = whole.end();
    }
    out.push_str(&template[last..]);
    Ok(out)
}

/// A document's URL (`Document#url`): its own permalink, else its
/// collection's template, expanded and sanitised.
///
/// # Errors
/// [`UrlError`] when the template names a placeholder Jekyll does not know.
pub fn document_url(placement: &Placement, data: &UrlData<'_>) -> Result<String, UrlError> {
    let template = data.permalink.unwrap_or(&placement.template);
    Ok(sanitize_url(&expand_drop(template, placement, data)?))
}

/// `Page::HTML_EXTENSIONS`.
const HTML_EXTENSIONS: [&str; 3] = [".html", ".xhtml", ".htm"];

/// A page's URL (`Page#url`): its permalink, else `Page#template`, with
/// `:path` (its folder), `:basename` and `:output_ext` replaced in turn
/// (`URL#generate_url_from_hash`; other `:names` stay as written).
pub fn page_url(placement: &Placement, permalink: Option<&str>) -> String {
    let rel = &placement.relative_path;
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let dir = &rel[..rel.len() - name.len()];
    let dir = dir.strip_suffix('/').unwrap_or(dir);
    let ext = extname(name);
    let basename = name[..name.len() - ext.len()].trim_end_matches('.');
    let output_ext = output_ext(placement, permalink);
    let template = match permalink {
        Some(p) => p.to_string(),
        None if !HTML_EXTENSIONS.contains(&output_ext.as_str()) => {
            "/:path/:basename:output_ext".to_string()
        }
        None if basename == "index" => "/:path/".to_string(),
        None => add_permalink_suffix("/:path/:basename", &placement.permalink_style),
    };
    let mut result = template;
    for (token, value) in [
        ("path", dir),
        ("basename", basename),
        ("output_ext", &output_ext),
    ] {
        if !result.contains(':') {
            break;
        }
        result = result.replace(&format!(":{token}"), &escape_path(value));
    }
    sanitize_url(&result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_path_matches_jekyll() {
        // Each printed by `Jekyll::URL.escape_path` (Jekyll 4.3.1).
        assert_eq!(escape_path("a b"), "a%20b");
        assert_eq!(escape_path("a?b?c"), "a?b?c");
        assert_eq!(escape_path("a#b#c"), "a%23b%23c");
        assert_eq!(escape_path("x%20y"), "x%2520y");
        assert_eq!(escape_path("[]"), "%5B%5D");
        assert_eq!(escape_path("é/ü"), "%C3%A9/%C3%BC");
        assert_eq!(
            escape_path("a+b&c=d;e,f!$'()*@~_.-"),
            "a+b&c=d;e,f!$'()*@~_.-"
        );
        assert_eq!(escape_path("^`{}|\"<>"), "%5E%60%7B%7D%7C%22%3C%3E");
    }

    #[test]
    fn slugify_matches_jekyll() {
        let s = "Hello, World! 大牛 In_China";
        assert_eq!(
            slugify(s, SlugMode::Pretty, true),
            "Hello,-World!-大牛-In_China"
        );
        assert_eq!(
            slugify(s, SlugMode::Default, false),
            "hello-world-大牛-in-china"
        );
    }

    #[test]
    fn sanitize_and_suffixes() {
        assert_eq!(sanitize_url("a//b/../c/./d"), "/a/b/c/d");
        assert_eq!(
            add_permalink_suffix("/:path/:basename", "pretty"),
            "/:path/:basename/"
        );
        assert_eq!(
            add_permalink_suffix("/:path/:basename", "date"),
            "/:path/:basename:output_ext"
        );
        assert_eq!(add_permalink_suffix("/x", "/:year/:title/"), "/x/");
        assert_eq!(extname("a/b.c.md"), ".md");
        assert_eq!(extname(".gitkeep"), "");
        assert_eq!(extname("a."), "");
        assert_eq!(
            basename_without_ext("x/2020-01-01-a.b.md"),
            "2020-01-01-a.b"
        );
    }
}
