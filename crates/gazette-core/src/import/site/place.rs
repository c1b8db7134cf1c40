//! Where Jekyll's reader puts a file of a site (`lib/jekyll/reader.rb`,
//! `readers/post_reader.rb`, `collection.rb`, `entry_filter.rb`): a post,
//! a draft, a collection's document, a page, or nothing.

use super::config::SiteConfig;
use crate::post::url::{add_permalink_suffix, has_extension, is_dated_name, style_template};
use crate::post::{categories, Placement};

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
pub(super) fn place(site: &SiteConfig, relative: &str) -> Option<Placement> {
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
