//! Expanding the paths a user gave (files and folders) into post files.

use std::path::{Path, PathBuf};

use crate::post::Format;

/// Folders never searched for posts: Jekyll's build output, version control
/// and JavaScript dependencies.
const SKIPPED_FOLDERS: &[&str] = &["_site", ".git", "node_modules"];

/// One thing found under the given paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A file to import.
    Post(PathBuf),
    /// A post file inside a `.zip`: the zip, the entry's index and its name
    /// (a safe relative path, `/`-separated).
    ZipEntry(PathBuf, usize, String),
    /// A path that cannot be imported, with the reason.
    Refused(PathBuf, String),
}

/// Limits that refuse a zip bomb before anything is decompressed.
pub mod zip_limits {
    /// Most bytes all entries of one zip may declare, uncompressed (4 GiB).
    pub const TOTAL: u64 = 4 << 30;
    /// Highest ratio of uncompressed to compressed size of one entry.
    pub const RATIO: u64 = 200;
    /// Most entries one zip may hold.
    pub const ENTRIES: usize = 1_000_000;
}

fn is_zip(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

/// An entry's path inside its zip (as `enclosed_name` gives it),
/// `/`-separated, without `.` or empty parts: `./a//b\\c.md` → `a/b/c.md`.
pub fn normal_entry_path(enclosed: &Path) -> String {
    enclosed
        .to_string_lossy()
        .replace('\\', "/")
        .split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .collect::<Vec<_>>()
        .join("/")
}

/// The post files in a zip, or why the zip is refused. Entries whose name
/// would leave the target (`..`, an absolute path: "zip slip") and symbolic
/// links are refused one by one; a zip whose declared sizes break
/// [`zip_limits`] is refused whole.
fn zip_entries(path: &Path, found: &mut Vec<Found>, passed_over: &mut u64) {
    let refuse = |found: &mut Vec<Found>, reason: String| {
        found.push(Found::Refused(path.to_path_buf(), reason))
    };
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return refuse(found, e.to_string()),
    };
    let mut zip = match zip::ZipArchive::new(std::io::BufReader::new(file)) {
        Ok(z) => z,
        Err(e) => return refuse(found, format!("not a readable zip file: {e}")),
    };
    if zip.len() > zip_limits::ENTRIES {
        return refuse(
            found,
            format!(
                "the zip holds {} entries, more than the {} Gazette reads",
                zip.len(),
                zip_limits::ENTRIES
            ),
        );
    }
    let mut total = 0u64;
    let mut entries = Vec::new();
    for i in 0..zip.len() {
        let entry = match zip.by_index_raw(i) {
            Ok(e) => e,
            Err(e) => return refuse(found, format!("entry {i} cannot be read: {e}")),
        };
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().to_string();
        let at = path.join(&name);
        total = total.saturating_add(entry.size());
        if entry.compressed_size() > 0
            && entry.size() / entry.compressed_size().max(1) > zip_limits::RATIO
        {
            return refuse(
                found,
                format!(
                    "{name} would expand {}× (zip bomb?); Gazette refuses ratios over {}×",
                    entry.size() / entry.compressed_size().max(1),
                    zip_limits::RATIO
                ),
            );
        }
        if entry.is_symlink() {
            found.push(Found::Refused(
                at,
                "a symbolic link inside a zip is not followed".into(),
            ));
            continue;
        }
        let Some(safe) = entry.enclosed_name() else {
            found.push(Found::Refused(
                at,
                "the entry's path leaves the zip's folder (`..` or an absolute path); refused"
                    .into(),
            ));
            continue;
        };
        let safe = normal_entry_path(&safe);
        if safe.split('/').any(|part| SKIPPED_FOLDERS.contains(&part)) {
            continue;
        }
        if is_post_file(Path::new(&safe)) {
            entries.push(Found::ZipEntry(path.to_path_buf(), i, safe));
        } else {
            *passed_over += 1;
        }
    }
    if total > zip_limits::TOTAL {
        return refuse(
            found,
            format!(
                "the zip would expand to {} MB, more than the {} MB Gazette reads (zip bomb?)",
                total >> 20,
                zip_limits::TOTAL >> 20
            ),
        );
    }
    found.extend(entries);
}

/// Whether a file name has one of a post's extensions (see
/// [`Format::from_extension`]).
pub fn is_post_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| Format::from_extension(&e.to_ascii_lowercase()).is_some())
}

/// Expands `paths`: a file is taken as it is (a `.zip` is opened and its
/// post files listed, see [`zip_limits`]); a folder is searched
/// recursively (sorted by name, not following links, skipping `_site`,
/// `.git` and `node_modules`) for files with a post extension. Paths are
/// made absolute and canonical (`..` and links resolved), so the same file
/// given two ways is one post. Returns what was found, and how many files in folders
/// were passed over for not being posts.
pub fn expand(paths: &[PathBuf]) -> (Vec<Found>, u64) {
    let mut found = Vec::new();
    let mut passed_over = 0;
    for given in paths {
        let path = dunce::canonicalize(given)
            .or_else(|_| std::path::absolute(given))
            .unwrap_or_else(|_| given.clone());
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                found.push(Found::Refused(path, e.to_string()));
                continue;
            }
        };
        if meta.is_file() {
            if is_zip(&path) {
                zip_entries(&path, &mut found, &mut passed_over);
            } else if is_post_file(&path) {
                found.push(Found::Post(path));
            } else {
                let reason = "not a post file: the extension is not one of .md .markdown .mkd .mkdn .mkdown .html .htm .textile .txt (or .zip)";
                found.push(Found::Refused(path, reason.into()));
            }
            continue;
        }
        let walker = walkdir::WalkDir::new(&path)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                !(e.file_type().is_dir()
                    && e.depth() > 0
                    && e.file_name()
                        .to_str()
                        .is_some_and(|n| SKIPPED_FOLDERS.contains(&n)))
            });
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    if is_zip(e.path()) {
                        zip_entries(e.path(), &mut found, &mut passed_over);
                    } else if is_post_file(e.path()) {
                        found.push(Found::Post(e.into_path()));
                    } else {
                        passed_over += 1;
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    let at = e.path().map_or_else(|| path.clone(), Path::to_path_buf);
                    found.push(Found::Refused(at, e.to_string()));
                }
            }
        }
    }
    (found, passed_over)
}
