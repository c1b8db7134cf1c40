//! Issue 15, part 3: publishing back changes nothing. Every corpus site,
//! copied into a temporary git repository with everything committed,
//! imported from that very folder into a fresh archive (a real SQLite
//! file) and published back into it with drafts on, leaves `git status
//! --porcelain` empty, untracked files included; so does a site whose names
//! Windows cannot hold, written here on Linux.
//!
//! The publish does not commit, so any file it wrote would show in `git
//! status`.

use std::path::Path;
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use gazette_core::{Archive, PublishOptions};
use gazette_testkit::corpus;

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "core.quotepath=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn init_repo(site: &Path) {
    git(site, &["init", "-q", "-b", "main"]);
    git(site, &["config", "user.name", "Gazette Test"]);
    git(site, &["config", "user.email", "test@gazette.invalid"]);
    git(site, &["add", "-A"]);
    git(site, &["commit", "-q", "-m", "start"]);
}

/// What one round trip measured.
struct Trip {
    files: usize,
    posts: u32,
    failed: usize,
    status: String,
}

/// Makes `site` a git repository with everything committed, imports it
/// into a fresh archive beside it and publishes it back into itself with
/// drafts on.
fn round_trip(site: &Path) -> Trip {
    // A folder publish refuses without a configuration file: finews's
    // `_config.yml` was not copied into the corpus and jekyll's is under
    // `docs/`. An empty `_config.yml` is Jekyll's defaults; it is committed
    // with the rest, so it never shows in the status.
    if !site.join("_config.yml").is_file() {
        std::fs::write(site.join("_config.yml"), "").unwrap();
    }
    init_repo(site);
    let files = git(site, &["ls-files", "-z"]).split('\0').count() - 1;
    let db = site.parent().unwrap().join("archive.db");
    let mut archive = Archive::open(&db).unwrap();
    let import = archive
        .import(&[site.to_path_buf()], &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    let id = archive.add_site("back", site, false).unwrap().id;
    let report = archive
        .publish(
            id,
            PublishOptions {
                drafts: true,
                ..PublishOptions::default()
            },
            &mut |_, _| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!(
        (
            report.added,
            report.changed,
            report.removed,
            report.conflicts
        ),
        (0, 0, 0, 0),
        "{}: {:?}",
        site.display(),
        &report.files[..report.files.len().min(5)]
    );
    assert_eq!(report.unchanged, import.imported, "{}", site.display());
    assert_eq!(report.drafts_left_out, 0);
    Trip {
        files,
        posts: import.imported,
        failed: import.failed.len(),
        status: git(site, &["status", "--porcelain", "--untracked-files=all"]),
    }
}

#[test]
fn every_corpus_site_published_back_into_itself_is_unchanged() {
    let mut sources: Vec<_> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    sources.sort();
    assert!(sources.len() >= 7, "{sources:?}");
    let mut total_posts = 0;
    for source in &sources {
        let started = Instant::now();
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let copied = Command::new("cp")
            .arg("-r")
            .arg(source)
            .arg(&site)
            .status()
            .unwrap();
        assert!(copied.success());
        let trip = round_trip(&site);
        let name = source.file_name().unwrap().to_string_lossy();
        eprintln!(
            "{name}: {} files, {} posts imported, {} refused by the import, {} git status lines, {:.1} s",
            trip.files,
            trip.posts,
            trip.failed,
            trip.status.lines().count(),
            started.elapsed().as_secs_f64()
        );
        assert!(trip.posts > 0, "{name}");
        assert_eq!(trip.status, "", "{name}");
        total_posts += trip.posts;
    }
    assert!(total_posts > 3_500, "{total_posts}");
}

/// Posts whose names Linux and macOS hold and Windows refuses (Microsoft,
/// "Naming Files, Paths, and Namespaces"): each reserved character, a
/// folder ending in a dot or a space, device names as file and folder,
/// in `_posts/` and `_drafts/`, published and not.
const WINDOWS_REFUSES: &[&str] = &[
    "_posts/2020-01-01-why?.md",
    "_posts/2020-01-02-ratio 1:2.md",
    "_posts/2020-01-03-say \"hi\".md",
    "_posts/2020-01-04-a|b.md",
    "_posts/2020-01-05-a*b.md",
    "_posts/2020-01-06-<tag>.md",
    "_posts/2020-01-07-back\\slash.md",
    "_posts/ends with a dot./2020-01-08-inside.md",
    "_posts/ends with a space /2020-01-09-inside.md",
    "_posts/CON.md",
    "_posts/aux/2020-01-11-device-folder.md",
    "_posts/LPT1.markdown",
    "_posts/2020-01-13-a:b.md",
    "_posts/2020-01-14-翻墙？真的吗: 是.md",
    "_posts/2020-01-15-hidden?.md",
    "_drafts/draft: what?.md",
];

/// The site of [`WINDOWS_REFUSES`] plus `2020-01-13-a-b.md`, the name
/// `a:b.md` would be cleaned to, so a cleaned copy could not hide as that
/// file.
#[cfg(unix)]
#[test]
fn names_windows_cannot_hold_come_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join("_config.yml"), "title: names\n").unwrap();
    let paths: Vec<&str> = WINDOWS_REFUSES
        .iter()
        .copied()
        .chain(["_posts/2020-01-13-a-b.md"])
        .collect();
    for (i, path) in paths.iter().enumerate() {
        let file = site.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        let hidden = if path.contains("hidden") {
            "published: false\n"
        } else {
            ""
        };
        std::fs::write(
            file,
            format!(
                "---\ntitle: post {i}\ndate: 2020-02-{:02}\n{hidden}---\n{path}\n",
                i + 1
            ),
        )
        .unwrap();
    }
    let trip = round_trip(&site);
    eprintln!(
        "names Windows refuses: {} files, {} posts, {} git status lines",
        trip.files,
        trip.posts,
        trip.status.lines().count()
    );
    assert_eq!(trip.failed, 0);
    assert_eq!(trip.posts as usize, paths.len());
    assert_eq!(trip.status, "");
}
