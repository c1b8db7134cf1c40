//! Writing posts out of the archive as files.
//!
//! `original` format: each post's stored bytes, exactly, under
//! `_posts/<file name>` (`_drafts/` for drafts), the file name being the one
//! it was imported with, made safe for every OS. Names never collide (a
//! `-2`, `-3`… suffix before the extension) and never leave the target
//! folder. Existing files are skipped unless overwriting is asked for.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::store::Store;

/// One file an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExportedFile {
    /// The post.
    pub id: i64,
    /// The file written, relative to the target folder, `/`-separated.
    pub path: String,
}

/// What an export did. JSON contract of `gazette export --json`:
/// `{"written":N,"skipped":N,"files":[{"id","path"}],"cancelled":bool}`.
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
}

/// Characters Windows refuses in file names (plus both separators).
const RESERVED_CHARS: &[char] = &['<', '>', ':', '"', '/', '\\', '|', '?', '*'];
/// Names Windows reserves for devices, whatever the extension.
const RESERVED_NAMES: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// A file name safe on Windows, macOS and Linux: reserved and control
/// characters become `-`, trailing dots and spaces go, device names get a
/// `_` prefix, and an empty result becomes `post`. Letters of every script
/// are kept.
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

/// Writes the exact stored bytes of posts `ids` under `out` (see the module
/// docs). `progress` gets (done, total) after each post; `cancel` is checked
/// between posts.
///
/// # Errors
/// [`Error::Io`] when a folder or file cannot be written; database errors.
pub fn export_original(
    store: &Store,
    ids: &[i64],
    out: &Path,
    overwrite: bool,
    progress: &mut dyn FnMut(u32, u32),
    cancel: &AtomicBool,
) -> Result<ExportReport> {
    let mut report = ExportReport::default();
    let mut used: HashSet<String> = HashSet::new();
    let total = ids.len() as u32;
    for (n, &id) in ids.iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            report.cancelled = true;
            break;
        }
        let post = store.post(id)?;
        let folder = if post.draft { "_drafts" } else { "_posts" };
        let original = post
            .source_path
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or("post.md");
        let name = unique(&mut used, folder, &safe_file_name(original));
        let relative = format!("{folder}/{name}");
        let path: PathBuf = out.join(folder).join(&name);
        let io = |source| Error::Io {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(out.join(folder)).map_err(io)?;
        if path.exists() && !overwrite {
            report.skipped += 1;
        } else {
            std::fs::write(&path, store.post_raw(id)?).map_err(io)?;
            report.written += 1;
            report.files.push(ExportedFile { id, path: relative });
        }
        progress(n as u32 + 1, total);
    }
    Ok(report)
}

/// `name` in `folder`, or `stem-2.ext`, `stem-3.ext`… when an earlier post
/// of this export took it (compared without case, as Windows and macOS do).
fn unique(used: &mut HashSet<String>, folder: &str, name: &str) -> String {
    let (stem, ext) = match name.rfind('.') {
        Some(i) if i > 0 => (&name[..i], &name[i..]),
        _ => (name, ""),
    };
    let mut candidate = name.to_string();
    let mut n = 2;
    while !used.insert(format!("{folder}/{}", candidate.to_lowercase())) {
        candidate = format!("{stem}-{n}{ext}");
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_everywhere() {
        assert_eq!(
            safe_file_name("2024-05-01-赣州游记.md"),
            "2024-05-01-赣州游记.md"
        );
        assert_eq!(safe_file_name("a<b>:c|d?.md"), "a-b--c-d-.md");
        assert_eq!(safe_file_name("../x.md"), "-x.md".trim_start_matches('.'));
        assert_eq!(safe_file_name("CON.md"), "_CON.md");
        assert_eq!(safe_file_name("name. "), "name");
        assert_eq!(safe_file_name(""), "post");
        let mut used = HashSet::new();
        assert_eq!(unique(&mut used, "_posts", "a.md"), "a.md");
        assert_eq!(unique(&mut used, "_posts", "A.md"), "A-2.md");
        assert_eq!(unique(&mut used, "_posts", "a.md"), "a-3.md");
    }
}
