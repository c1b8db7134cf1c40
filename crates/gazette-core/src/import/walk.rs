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
    /// A path that cannot be imported, with the reason.
    Refused(PathBuf, String),
}

/// Whether a file name has one of a post's extensions (see
/// [`Format::from_extension`]).
pub fn is_post_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| Format::from_extension(&e.to_ascii_lowercase()).is_some())
}

/// Expands `paths`: a file is taken as it is; a folder is searched
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
            if is_post_file(&path) {
                found.push(Found::Post(path));
            } else {
                let reason = "not a post file: the extension is not one of .md .markdown .mkd .mkdn .mkdown .html .htm .textile .txt";
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
                    if is_post_file(e.path()) {
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
