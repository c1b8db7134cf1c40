//! Writing posts out of the archive as files, into a folder or a `.zip`.
//!
//! - **`markdown`** (default): `_posts/YYYY-MM-DD-slug.md` (drafts in
//!   `_drafts/slug.md`); the front matter text is kept exactly, HTML bodies
//!   (and the HTML blocks of Markdown bodies) are converted by
//!   [`crate::convert`]. The slug is the file name's when it had a date
//!   prefix, else Jekyll's `slugify` of the title (default mode: every run of
//!   characters that are not letters, marks or digits becomes one `-`, ends
//!   trimmed, lower-cased; letters of every script are kept, BR-10), else
//!   `untitled`.
//! - **`original`**: each post's stored bytes, exactly, under the name it was
//!   imported with.
//!
//! Names are made safe for every OS ([`safe_file_name`]), never collide
//! (a `-2`, `-3`… suffix before the extension, compared without case) and
//! never leave the target. Existing files are skipped unless overwriting is
//! asked for.
//!
//! One pipeline, from choosing the posts to writing the target, read best in
//! one place; its tests are in `export/tests.rs`.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::file_name::FileName;
use crate::post::Format;
use crate::store::Store;

/// What is written for each post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// Front matter as it is, body converted to Markdown.
    #[default]
    Markdown,
    /// The stored bytes, exactly.
    Original,
}

/// How files are grouped in folders under `_posts/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Grouping {
    /// All in `_posts/`.
    #[default]
    Flat,
    /// `_posts/<first category>/` (Jekyll reads nested folders).
    Category,
    /// `_posts/<year>/`.
    Year,
}

/// What to do when a file exists in the target folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum OnConflict {
    /// Leave it and count the post as skipped.
    #[default]
    Skip,
    /// Replace it.
    Overwrite,
}

/// How to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExportOptions {
    /// Markdown or original bytes.
    pub format: ExportFormat,
    /// Folders under `_posts/`.
    pub grouping: Grouping,
    /// Existing files.
    pub on_conflict: OnConflict,
}

/// One file an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExportedFile {
    /// The post.
    pub id: i64,
    /// The file written, relative to the target folder, `/`-separated.
    pub path: String,
}

/// Something a reader of the export should know about one post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExportWarning {
    /// The post.
    pub id: i64,
    /// Its file in the export.
    pub path: String,
    /// What happened ("table kept as HTML").
    pub warning: String,
}

/// What an export did. JSON contract of `gazette export --json`:
/// `{"written":N,"skipped":N,"files":[{"id","path"}],"cancelled":bool,
/// "converted":N,"warnings":[{"id","path","warning"}]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExportReport {
    /// Files written.
    pub written: u32,
    /// Posts not written because their file existed (and overwriting was
    /// not asked for).
    pub skipped: u32,
    /// Every file written.
    pub files: Vec<ExportedFile>,
    /// The export stopped early when asked to.
    pub cancelled: bool,
    /// Posts whose body had HTML converted to Markdown.
    pub converted: u32,
    /// Notes about single posts.
    pub warnings: Vec<ExportWarning>,
}

/// Where the files go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A folder (created if needed).
    Folder(PathBuf),
    /// A `.zip` file (refused if it exists, unless overwriting).
    Zip(PathBuf),
}

/// Characters Windows refuses in file names (plus both separators).
const RESERVED_CHARS: &[char] = &['<', '>', ':', '"', '/', '\\', '|', '?', '*'];
/// Names Windows reserves for devices, whatever the extension.
const RESERVED_NAMES: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// A file name safe on Windows, macOS and Linux: reserved and control
/// characters become `-`, leading and trailing dots and spaces go, device
/// names get a `_` prefix, and an empty result becomes `post`. Letters of
/// every script are kept.
pub fn safe_file_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_control() || RESERVED_CHARS.contains(&c) {
                '-'
            } else {
                c
            }
        })
        .collect();
    while out.ends_with(['.', ' ']) {
        out.pop();
    }
    let out = out.trim_start_matches(['.', ' ']).to_string();
    let out = capped(&out, MAX_NAME_BYTES);
    let stem = out.split('.').next().unwrap_or("").to_ascii_uppercase();
    if RESERVED_NAMES.contains(&stem.as_str()) {
        return format!("_{out}");
    }
    if out.is_empty() {
        "post".to_string()
    } else {
        out
    }
}

/// Whether `name` is already a file name safe on Windows, macOS and Linux
/// as [`safe_file_name`] makes them, except that it may be as long as file
/// systems allow (255 bytes): a name that exists can be written again.
pub fn is_safe_file_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && !name
            .chars()
            .any(|c| c.is_control() || RESERVED_CHARS.contains(&c))
        && !name.starts_with(['.', ' '])
        && !name.ends_with(['.', ' '])
        && !RESERVED_NAMES.contains(
            &name
                .split('.')
                .next()
                .unwrap_or("")
                .to_ascii_uppercase()
                .as_str(),
        )
}

/// The longest file name written, in bytes: file systems allow 255, and a
/// `-N` suffix may follow.
const MAX_NAME_BYTES: usize = 200;

/// `name` shortened to at most `max` bytes, on a character boundary,
/// keeping its extension.
fn capped(name: &str, max: usize) -> String {
    if name.len() <= max {
        return name.to_string();
    }
    let (stem, ext) = match name.rfind('.') {
        Some(i) if i > 0 && name.len() - i <= 16 => (&name[..i], &name[i..]),
        _ => (name, ""),
    };
    let mut cut = max.saturating_sub(ext.len());
    while !stem.is_char_boundary(cut.min(stem.len())) {
        cut -= 1;
    }
    format!(
        "{}{ext}",
        stem[..cut.min(stem.len())].trim_end_matches(['-', '.', ' '])
    )
}

/// Jekyll's `Utils.slugify` in its default mode: runs of characters that
/// are not letters, marks or decimal digits become one `-`, leading and
/// trailing `-` go, lower case. `None` when nothing is left.
pub fn slugify(title: &str) -> Option<String> {
    let mut out = String::new();
    let mut dash = false;
    for c in title.chars() {
        let keep = c.is_alphanumeric() || is_mark(c);
        if keep {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Combining marks (Unicode M), which Jekyll's `[^\p{M}\p{L}\p{Nd}]` keeps.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F | 0x0900..=0x0903 | 0x093A..=0x094F | 0x3099..=0x309A)
}

enum Sink {
    Folder(PathBuf),
    Zip(Box<zip::ZipWriter<std::fs::File>>, PathBuf),
}

impl Sink {
    fn exists(&self, relative: &str) -> bool {
        match self {
            Sink::Folder(root) => root.join(relative).exists(),
            Sink::Zip(..) => false,
        }
    }

    fn write(&mut self, relative: &str, bytes: &[u8]) -> Result<()> {
        match self {
            Sink::Folder(root) => {
                let path = root.join(relative);
                let io = |source| Error::Io {
                    path: path.clone(),
                    source,
                };
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(io)?;
                }
                std::fs::write(&path, bytes).map_err(io)
            }
            Sink::Zip(zip, path) => {
                let io = |e: std::io::Error| Error::Io {
                    path: path.clone(),
                    source: e,
                };
                let options = zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated);
                zip.start_file(relative, options)
                    .map_err(|e| io(std::io::Error::other(e)))?;
                zip.write_all(bytes).map_err(io)
            }
        }
    }

    fn finish(self) -> Result<()> {
        if let Sink::Zip(zip, path) = self {
            zip.finish().map_err(|e| Error::Io {
                path,
                source: std::io::Error::other(e),
            })?;
        }
        Ok(())
    }
}

/// Exports posts `ids` to `target` (see the module docs). `progress` gets
/// (done, total) after each post; `cancel` is checked between posts.
///
/// # Errors
/// [`Error::Io`] when the target cannot be written (a `.zip` that exists
/// without overwriting is refused before anything is written); database
/// errors.
pub fn export(
    store: &Store,
    ids: &[i64],
    target: &Target,
    options: ExportOptions,
    progress: &mut dyn FnMut(u32, u32),
    cancel: &AtomicBool,
) -> Result<ExportReport> {
    let mut sink = match target {
        Target::Folder(dir) => {
            std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                path: dir.clone(),
                source,
            })?;
            Sink::Folder(dir.clone())
        }
        Target::Zip(path) => {
            if path.exists() && options.on_conflict == OnConflict::Skip {
                return Err(Error::Io {
                    path: path.clone(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::AlreadyExists,
                        "the zip file exists; choose overwrite to replace it",
                    ),
                });
            }
            let file = std::fs::File::create(path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            Sink::Zip(Box::new(zip::ZipWriter::new(file)), path.clone())
        }
    };
    let mut report = ExportReport::default();
    let mut used: HashSet<String> = HashSet::new();
    let total = ids.len() as u32;
    for (n, &id) in ids.iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            report.cancelled = true;
            break;
        }
        let post = store.post(id)?;
        let raw = store.post_raw(id)?;
        let (folder, name) = planned_name(&post, options);
        let (bytes, warnings) = match options.format {
            ExportFormat::Original => (raw, Vec::new()),
            ExportFormat::Markdown => {
                let (bytes, warnings, converted) = markdown_bytes(&post, &raw);
                if converted {
                    report.converted += 1;
                }
                (bytes, warnings)
            }
        };
        let name = unique(&mut used, &folder, &name);
        let relative = format!("{folder}/{name}");
        let mut warnings = warnings;
        if !post.draft && post.date.is_none() {
            warnings.push(match unreadable_date(&post) {
                Some(date) => format!(
                    "its date ({date}) cannot be read: exported to _posts/ with no date in \
                     its name, which Jekyll skips (as a draft it would stop Jekyll's build)"
                ),
                None => "no date in the front matter or file name: exported to _drafts/".into(),
            });
        }
        if sink.exists(&relative) && options.on_conflict == OnConflict::Skip {
            report.skipped += 1;
        } else {
            sink.write(&relative, &bytes)?;
            report.written += 1;
            for warning in warnings {
                report.warnings.push(ExportWarning {
                    id,
                    path: relative.clone(),
                    warning,
                });
            }
            report.files.push(ExportedFile { id, path: relative });
        }
        progress(n as u32 + 1, total);
    }
    sink.finish()?;
    Ok(report)
}

/// The files an export would find already there (relative paths), so a
/// person can be asked before anything is written; for a `.zip` target,
/// the zip itself if it exists.
///
/// # Errors
/// Database errors.
pub fn existing_files(
    store: &Store,
    ids: &[i64],
    target: &Target,
    options: ExportOptions,
) -> Result<Vec<String>> {
    let root = match target {
        Target::Zip(path) => {
            return Ok(if path.exists() {
                vec![path.to_string_lossy().into_owned()]
            } else {
                Vec::new()
            })
        }
        Target::Folder(root) => root,
    };
    let mut used = HashSet::new();
    let mut found = Vec::new();
    for &id in ids {
        let post = store.post(id)?;
        let (folder, name) = planned_name(&post, options);
        let relative = format!("{folder}/{}", unique(&mut used, &folder, &name));
        if root.join(&relative).exists() {
            found.push(relative);
        }
    }
    Ok(found)
}

/// Jekyll builds a post in `_posts/` only when its name starts with a
/// date; a post with no date anywhere goes to `_drafts/` instead, where
/// Jekyll dates it by its file's time. Not a post whose front matter has a
/// `date:` that cannot be read: as a draft, Jekyll 4.3 stops the whole build
/// on it (`Document#merge_date!` raises "could not read file"), so it stays
/// in `_posts/` under a name with no date, which Jekyll's post reader skips,
/// as it skipped the original.
fn is_draft_like(post: &crate::store::PostDetail) -> bool {
    post.draft || (post.date.is_none() && unreadable_date(post).is_none())
}

/// The front matter's `date` value as text, when it is set (not null or
/// empty) and yet the post has no date: a date Gazette could not read.
fn unreadable_date(post: &crate::store::PostDetail) -> Option<String> {
    if post.date.is_some() {
        return None;
    }
    match post.front_matter.get("date")? {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) if s.trim().is_empty() => None,
        serde_json::Value::String(s) => Some(s.trim().to_string()),
        other => Some(other.to_string()),
    }
}

fn folder_of(post: &crate::store::PostDetail, grouping: Grouping) -> String {
    let base = if is_draft_like(post) {
        "_drafts"
    } else {
        "_posts"
    };
    let sub = match grouping {
        Grouping::Flat => None,
        Grouping::Category => post.categories.first().map(|c| safe_file_name(c)),
        Grouping::Year => post.date.as_ref().map(|d| d[..4.min(d.len())].to_string()),
    };
    match sub {
        Some(s) if !is_draft_like(post) => format!("{base}/{s}"),
        _ => base.to_string(),
    }
}

/// The file name a post gets in the export (before collisions are
/// resolved), and the folder it goes in.
fn planned_name(post: &crate::store::PostDetail, options: ExportOptions) -> (String, String) {
    let original_name = post
        .source_path
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("post.md");
    let name = match options.format {
        ExportFormat::Original => safe_file_name(original_name),
        ExportFormat::Markdown => markdown_name(post, original_name),
    };
    (folder_of(post, options.grouping), name)
}

/// `YYYY-MM-DD-slug.md` (drafts: `slug.md`).
fn markdown_name(post: &crate::store::PostDetail, original_name: &str) -> String {
    let file = FileName::parse(original_name);
    let slug = if file.date.is_some() && !file.slug.is_empty() {
        file.slug.clone()
    } else {
        slugify(&post.title).unwrap_or_else(|| "untitled".to_string())
    };
    let format = Format::from_name(&post.format).unwrap_or(Format::Text);
    let extension = if format == Format::Textile {
        "textile"
    } else {
        "md"
    };
    let day = post.date.as_deref().map(|d| &d[..10.min(d.len())]);
    match day {
        Some(day) if !post.draft => safe_file_name(&format!("{day}-{slug}.{extension}")),
        _ => safe_file_name(&format!("{slug}.{extension}")),
    }
}

/// A post's Markdown file: its bytes (front matter text as it is, body
/// converted), warnings, and whether any HTML was converted.
fn markdown_bytes(post: &crate::store::PostDetail, raw: &[u8]) -> (Vec<u8>, Vec<String>, bool) {
    let format = Format::from_name(&post.format).unwrap_or(Format::Text);
    let (text, encoding) = crate::post::decode(raw).unwrap_or_else(|_| {
        (
            String::from_utf8_lossy(raw).into_owned(),
            crate::post::TextEncoding::Utf8,
        )
    });
    let parts = crate::front_matter::split(&text);
    let body = &text[parts.body.clone()];
    let converted = crate::convert::body(format, body);
    let changed = converted.markdown != body;
    let mut md = converted.markdown;
    if text.contains("\r\n") {
        md = md.replace("\r\n", "\n").replace('\n', "\r\n");
    }
    let out = format!("{}{}", &text[..parts.body.start], md);
    let mut bytes = Vec::with_capacity(out.len() + 3);
    if encoding == crate::post::TextEncoding::Utf8Bom {
        bytes.extend_from_slice(&[0xEF, 0xBB, 0xBF]);
    }
    bytes.extend_from_slice(out.as_bytes());
    (bytes, converted.warnings, changed)
}

/// `name` in `folder`, or `stem-2.ext`, `stem-3.ext`… when an earlier post
/// of this export took it (compared without case, as Windows and macOS do).
pub(crate) fn unique(used: &mut HashSet<String>, folder: &str, name: &str) -> String {
    let (stem, ext) = match name.rfind('.') {
        Some(i) if i > 0 => (&name[..i], &name[i..]),
        _ => (name, ""),
    };
    let mut candidate = name.to_string();
    let mut n = 2;
    while !used.insert(format!("{folder}/{}", candidate.to_lowercase())) {
        // File systems allow 255 bytes: the stem gives way to the suffix.
        let suffix = format!("-{n}{ext}");
        let mut cut = stem.len().min(255usize.saturating_sub(suffix.len()));
        while !stem.is_char_boundary(cut) {
            cut -= 1;
        }
        candidate = format!("{}{suffix}", &stem[..cut]);
        n += 1;
    }
    candidate
}

/// Writes the exact stored bytes of posts `ids` under `out` (the
/// `original` format into a folder; see [`export`]).
///
/// # Errors
/// As [`export`].
pub fn export_original(
    store: &Store,
    ids: &[i64],
    out: &Path,
    overwrite: bool,
    progress: &mut dyn FnMut(u32, u32),
    cancel: &AtomicBool,
) -> Result<ExportReport> {
    export(
        store,
        ids,
        &Target::Folder(out.to_path_buf()),
        ExportOptions {
            format: ExportFormat::Original,
            grouping: Grouping::Flat,
            on_conflict: if overwrite {
                OnConflict::Overwrite
            } else {
                OnConflict::Skip
            },
        },
        progress,
        cancel,
    )
}

#[cfg(test)]
mod tests;
