//! Where a post goes on the site: the path a post imported from a Jekyll
//! site keeps ([`kept_path`]), or the `YYYY-MM-DD-slug.ext` name Jekyll
//! would give any other post ([`generated_name`]). Whether a kept path is
//! written as it is or cleaned is the plan's choice (see `plan.rs` and
//! `holdable.rs`).

use std::collections::HashMap;
use std::path::Path;

use super::holdable::TargetOs;
use super::State;
use crate::export::{safe_file_name, slugify};
use crate::file_name::FileName;
use crate::store::PublishCandidate;

/// A path a post imported from a Jekyll site keeps, exactly as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Kept {
    /// Relative to the site, `/`-separated, every part as in the source
    /// (so possibly a name some OS refuses: see `holdable.rs`).
    pub(super) path: String,
    /// The post was imported from this very site folder, so the file is
    /// the site's own.
    pub(super) here: bool,
}

/// The separators of a stored source path: `/` (and `!` after a zip),
/// and `\` on Windows only, where it separates folders; on Unix a `\`
/// is a character of a name.
fn separators(c: char) -> bool {
    separates(c, TargetOs::current())
}

/// Whether `c` separates the parts of a path stored on `os` (the rule of
/// [`separators`], for either OS, so the Windows one is tested on Linux).
fn separates(c: char, os: TargetOs) -> bool {
    c == '/' || (os == TargetOs::Windows && c == '\\')
}

/// A stored source path with `/` between its parts.
fn slashed(path: &str) -> String {
    slashed_on(path, TargetOs::current())
}

/// A path stored on `os` with `/` between its parts.
fn slashed_on(path: &str, os: TargetOs) -> String {
    path.split(|c| separates(c, os))
        .collect::<Vec<_>>()
        .join("/")
}

/// The path a post imported from a Jekyll site keeps (`None` when it did
/// not come from a `folder` folder, `_posts` or `_drafts`, or a part of the
/// path is empty, `.` or `..`, which no OS holds):
/// - its whole path inside `root` when it came from this very site;
/// - else its path inside the site it came from, when that site's
///   configuration file is still found above its `folder` (so
///   `en/news/_posts/…` keeps `en/news/`); `sites` caches that search;
/// - else its path from `folder` on;
/// - and a published post from a site folder other than `_posts/` (a page
///   folder such as `archived/`) keeps its path inside that site.
pub(super) fn kept_path(
    source_path: &str,
    root: &Path,
    folder: &str,
    sites: &mut HashMap<String, bool>,
) -> Option<Kept> {
    let source = slashed(source_path);
    let root = slashed(&root.to_string_lossy());
    let from_root = source
        .strip_prefix(&format!("{}/", root.trim_end_matches('/')))
        .filter(|rest| rest.split('/').any(|p| p == folder));
    let parts: Vec<&str> = source.split('/').collect();
    let mut is_site = |end: usize| {
        // The first part of an absolute path is empty: that folder is `/`,
        // never the working folder.
        let dir = match parts[..end].join("/") {
            d if d.is_empty() => "/".to_string(),
            d => d,
        };
        *sites
            .entry(dir.clone())
            .or_insert_with(|| !dir.contains('!') && super::has_config(Path::new(&dir)))
    };
    let relative = match from_root {
        Some(rest) => rest.to_string(),
        None => match parts.iter().rposition(|p| *p == folder) {
            Some(at) => {
                let site_root = (1..=at).rev().find(|&end| is_site(end));
                parts[site_root.unwrap_or(at)..].join("/")
            }
            // A published post from elsewhere in a site (a page folder such
            // as `archived/`) keeps its place in that site.
            None if folder == "_posts"
                && !parts.iter().any(|p| *p == "_posts" || *p == "_drafts") =>
            {
                let site_root = (1..parts.len()).rev().find(|&end| is_site(end))?;
                parts[site_root..].join("/")
            }
            None => return None,
        },
    };
    let parts: Vec<&str> = relative.split('/').collect();
    let sound = parts.len() >= 2
        && parts
            .iter()
            .all(|p| !matches!(*p, "" | "." | "..") && !p.contains('\0'));
    sound.then_some(Kept {
        path: relative,
        here: from_root.is_some(),
    })
}

/// A file name without the `-N` a collision added before its extension.
pub(super) fn without_suffix(name: &str) -> String {
    let (stem, ext) = match name.rfind('.') {
        Some(i) if i > 0 => (&name[..i], &name[i..]),
        _ => (name, ""),
    };
    let stem = match stem.rsplit_once('-') {
        Some((base, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => stem,
    };
    format!("{stem}{ext}")
}

/// `YYYY-MM-DD-slug.ext` (drafts: `slug.ext`) for a post not from a site.
pub(super) fn generated_name(post: &PublishCandidate, state: State) -> String {
    let original = post
        .source_path
        .rsplit(|c| separators(c) || c == '!')
        .next()
        .unwrap_or_default();
    let file = FileName::parse(original);
    let slug = if file.date.is_some() && !file.slug.is_empty() {
        file.slug.clone()
    } else {
        slugify(&post.title).unwrap_or_else(|| "untitled".to_string())
    };
    let extension = match file.extension.as_str() {
        e @ ("md" | "markdown" | "mkd" | "mkdn" | "html" | "htm" | "textile") => e,
        _ => match post.format.as_str() {
            "html" => "html",
            "textile" => "textile",
            _ => "md",
        },
    };
    let day = post
        .date_local
        .as_deref()
        .and_then(|d| d.get(..10))
        .filter(|d| d.bytes().take(4).all(|b| b.is_ascii_digit()));
    match day {
        Some(day) if state != State::Draft => safe_file_name(&format!("{day}-{slug}.{extension}")),
        _ => safe_file_name(&format!("{slug}.{extension}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backslashes_separate_folders_on_windows_only() {
        let stored = r"C:\Users\me\blog\_posts\2020-01-02-a.md";
        assert_eq!(
            slashed_on(stored, TargetOs::Windows),
            "C:/Users/me/blog/_posts/2020-01-02-a.md"
        );
        assert_eq!(slashed_on(stored, TargetOs::Unix), stored);
        // A mixed path (a zip opened on Windows) and a Unix name with a
        // backslash in it.
        assert_eq!(
            slashed_on(r"D:\x\site.zip!/s/_posts/b.html", TargetOs::Windows),
            "D:/x/site.zip!/s/_posts/b.html"
        );
        assert_eq!(
            slashed_on("/x/_posts/a\\b.md", TargetOs::Unix),
            "/x/_posts/a\\b.md"
        );
        assert_eq!(slashed("/x/_posts/a.md"), "/x/_posts/a.md");
    }

    #[test]
    fn site_paths_are_kept_from_posts_on() {
        let root = Path::new("/sites/blog");
        let kept = |source: &str, folder: &str| {
            kept_path(source, root, folder, &mut HashMap::new()).map(|k| k.path)
        };
        assert_eq!(
            kept("/old/blog/_posts/2020/2020-01-02-a.md", "_posts").as_deref(),
            Some("_posts/2020/2020-01-02-a.md")
        );
        assert_eq!(
            kept("/sites/blog/news/_posts/2020-01-02-a.md", "_posts").as_deref(),
            Some("news/_posts/2020-01-02-a.md")
        );
        assert_eq!(
            kept("/x/site.zip!/s/_posts/b.html", "_posts").as_deref(),
            Some("_posts/b.html")
        );
        assert_eq!(kept("/x/posts/a.md", "_posts"), None);
        assert_eq!(kept("/x/_posts/a.md", "_drafts"), None);
        // Names some OS refuses are kept as they are here; the plan
        // decides whether the running OS can write them.
        assert_eq!(
            kept("/x/_posts/CON.md", "_posts").as_deref(),
            Some("_posts/CON.md")
        );
        assert_eq!(
            kept("/x/_posts/a:b?.md", "_posts").as_deref(),
            Some("_posts/a:b?.md")
        );
        assert_eq!(kept("/x/z.zip!/_posts/../a.md", "_posts"), None);
        #[cfg(unix)]
        assert_eq!(
            kept("/x/_posts/a\\b.md", "_posts").as_deref(),
            Some("_posts/a\\b.md"),
            "a backslash is a character of a Unix name"
        );
        assert_eq!(
            kept_path(
                "/sites/blog/_posts/a.md",
                root,
                "_posts",
                &mut HashMap::new()
            ),
            Some(Kept {
                path: "_posts/a.md".into(),
                here: true
            })
        );
        assert!(
            !kept_path("/old/_posts/a.md", root, "_posts", &mut HashMap::new())
                .unwrap()
                .here
        );
        let long = format!("/x/_posts/2020-01-01-{}.md", "长".repeat(75));
        assert!(
            kept(&long, "_posts").is_some(),
            "a long existing name is kept"
        );
    }

    #[test]
    fn the_source_site_root_keeps_folders_above_posts() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("ruby");
        std::fs::create_dir_all(source.join("en/news/_posts")).unwrap();
        std::fs::write(source.join("_config.yml"), "").unwrap();
        let post = source.join("en/news/_posts/2020-01-01-x.md");
        let kept = kept_path(
            &post.to_string_lossy(),
            Path::new("/elsewhere"),
            "_posts",
            &mut HashMap::new(),
        );
        assert_eq!(
            kept.map(|k| k.path).as_deref(),
            Some("en/news/_posts/2020-01-01-x.md")
        );
        std::fs::create_dir_all(source.join("archived/2021")).unwrap();
        let page = source.join("archived/2021/2021-01-01-y.md");
        let kept = |folder| {
            kept_path(
                &page.to_string_lossy(),
                Path::new("/elsewhere"),
                folder,
                &mut HashMap::new(),
            )
            .map(|k| k.path)
        };
        assert_eq!(
            kept("_posts").as_deref(),
            Some("archived/2021/2021-01-01-y.md")
        );
        assert_eq!(kept("_drafts"), None);
    }
}
