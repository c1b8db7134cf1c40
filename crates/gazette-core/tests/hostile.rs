//! The hostile corpus (issue 8, `gazette_testkit::hostile`) through the
//! real core: import takes what it should and refuses the rest with a
//! reason; rendering leaves nothing that could run, load or navigate;
//! search snippets are text; conversion and rendering finish in bounded
//! time; export and publish never write outside their folder.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use gazette_core::{
    Archive, ExportFormat, ExportOptions, Grouping, OnConflict, PublishOptions, Sort, Target,
};
use gazette_testkit::hostile::{self, Expect};

/// Imports the hostile corpus into a fresh archive in `dir`.
fn hostile_archive(dir: &Path) -> (Archive, Vec<hostile::HostileFile>) {
    let files = hostile::write(&dir.join("hostile"), &dir.join("marker"), true);
    let mut archive = Archive::open(&dir.join("a.db")).unwrap();
    let report = archive
        .import(&[dir.join("hostile")], &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    let imported = files
        .iter()
        .filter(|f| f.expect == Expect::Imported)
        .count();
    let refused: Vec<&hostile::HostileFile> = files
        .iter()
        .filter(|f| f.expect == Expect::Refused)
        .collect();
    assert_eq!(report.imported as usize, imported, "{:?}", report.failed);
    assert_eq!(report.failed.len(), refused.len(), "{:?}", report.failed);
    for f in refused {
        let name = f.path.file_name().unwrap().to_string_lossy().into_owned();
        let failure = report
            .failed
            .iter()
            .find(|x| x.path.ends_with(&name))
            .unwrap_or_else(|| panic!("{name} was not refused: {:?}", report.failed));
        assert!(failure.reason.len() > 10, "{name}: {failure:?}");
    }
    (archive, files)
}

fn all_ids(archive: &Archive) -> Vec<i64> {
    archive
        .list(&gazette_core::ListQuery {
            limit: Some(1000),
            ..Default::default()
        })
        .unwrap()
        .items
        .iter()
        .map(|p| p.id)
        .collect()
}

#[test]
fn hostile_posts_render_harmless_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    let (archive, _) = hostile_archive(dir.path());
    let ids = all_ids(&archive);
    assert!(ids.len() >= 12);
    let forbidden = [
        "<script",
        "<iframe",
        "<object",
        "<embed",
        "<meta",
        "<base",
        "<form",
        "<button",
        "<input",
        "<style",
        "<link",
        "<svg",
        "<math",
        "style=",
        "srcdoc",
        "javascript:",
        "data:text",
        "formaction",
    ];
    let handler = regex::Regex::new(r"(?i)<[^>]*\son[a-z]+\s*=").unwrap();
    for id in ids {
        let start = Instant::now();
        let html = archive.post_html(id).unwrap();
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "post {id} took {:?}",
            start.elapsed()
        );
        let lower = html.to_lowercase();
        for bad in forbidden {
            assert!(!lower.contains(bad), "post {id} renders {bad:?}");
        }
        assert!(!handler.is_match(&html), "post {id} keeps an event handler");
        // Relative URLs are dropped (no <base> can point them elsewhere).
        assert!(!html.contains("href=\"page.html\""), "post {id}");
    }
}

#[test]
fn search_snippets_of_hostile_posts_are_text() {
    let dir = tempfile::tempdir().unwrap();
    let (archive, _) = hostile_archive(dir.path());
    for query in ["script", "onerror", "title", "\"</mark>\"", "<img"] {
        let Ok(results) = archive.search(query, Sort::Relevance, 100, 0) else {
            continue;
        };
        for hit in results.results {
            let stripped = hit.snippet.replace("<mark>", "").replace("</mark>", "");
            assert!(
                !stripped.contains('<') && !stripped.contains('>'),
                "{query}: {}",
                hit.snippet
            );
        }
    }
}

#[test]
fn hostile_conversion_finishes_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    let files = hostile::write(dir.path(), &dir.path().join("marker"), false);
    for f in files.iter().filter(|f| f.expect == Expect::Imported) {
        let text = std::fs::read_to_string(&f.path).unwrap();
        let start = Instant::now();
        let out = gazette_core::convert::html_to_markdown(&text);
        assert!(!out.markdown.is_empty());
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{}: {:?}",
            f.path.display(),
            start.elapsed()
        );
    }
}

/// Every file under `root`, canonical.
fn files_under(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| dunce::canonicalize(e.path()).unwrap())
        .collect()
}

#[test]
fn export_and_publish_stay_inside_their_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (mut archive, _) = hostile_archive(dir.path());
    let ids = all_ids(&archive);
    let outside_before: Vec<PathBuf> = files_under(dir.path());

    let out = dir.path().join("out");
    for format in [ExportFormat::Markdown, ExportFormat::Original] {
        for grouping in [Grouping::Flat, Grouping::Category, Grouping::Year] {
            let report = archive
                .export(
                    "",
                    Some(&ids),
                    &Target::Folder(out.clone()),
                    ExportOptions {
                        format,
                        grouping,
                        on_conflict: OnConflict::Overwrite,
                    },
                    &mut |_, _| {},
                    &AtomicBool::new(false),
                )
                .unwrap();
            assert_eq!(report.written as usize, ids.len());
        }
    }
    let site = dir.path().join("site");
    std::fs::create_dir(&site).unwrap();
    std::fs::write(site.join("_config.yml"), "title: t\n").unwrap();
    let id = archive.add_site("s", &site, true).unwrap().id;
    let report = archive
        .publish(
            id,
            PublishOptions::default(),
            &mut |_, _| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!(report.conflicts, 0, "{:?}", report.files);

    let out_root = dunce::canonicalize(&out).unwrap();
    let site_root = dunce::canonicalize(&site).unwrap();
    let db_files = ["a.db", "a.db-wal", "a.db-shm"];
    for file in files_under(dir.path()) {
        let inside = file.starts_with(&out_root) || file.starts_with(&site_root);
        let known = outside_before.contains(&file) || db_files.iter().any(|d| file.ends_with(d));
        assert!(inside || known, "written outside: {}", file.display());
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        if inside && name != "_config.yml" {
            assert!(
                gazette_core::export::is_safe_file_name(&name),
                "unsafe name {name:?}"
            );
        }
    }
    assert!(!dir.path().join("marker").exists());
}
