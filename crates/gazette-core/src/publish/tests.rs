//! Publishing under Windows' naming rules, run on Linux: a real site folder
//! whose names Windows refuses (written here, where Linux holds them), a
//! real SQLite archive, the real `git`. The rule itself is tested in
//! `holdable.rs`; these check what a publish does with it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;

use super::holdable::{path_holdable, TargetOs};
use super::{publish_as, site_folder, PublishOptions, PublishReport};
use crate::store::{Site, Store};

/// Posts whose path Windows cannot hold (each rule of Microsoft's page:
/// reserved characters, a trailing dot or space on a folder, device names),
/// by path inside the site, with the date each says in its front matter.
const REFUSED: &[&str] = &[
    "_posts/2020-01-01-why?.md",
    "_posts/2020-01-02-ratio 1:2.md",
    "_posts/2020-01-03-say \"hi\".md",
    "_posts/2020-01-04-a|b.md",
    "_posts/2020-01-05-a*b.md",
    "_posts/2020-01-06-<tag>.md",
    "_posts/ends with a dot./2020-01-07-inside.md",
    "_posts/ends with a space /2020-01-08-inside.md",
    "_posts/CON.md",
    "_posts/aux/2020-01-10-device-folder.md",
    "_posts/COM1.markdown",
    "_posts/2020-01-12-back\\slash.md",
    "_posts/2020-01-13-a:b.md",
    "_posts/2020-01-14-翻墙？真的吗: 是.md",
    "_posts/2020-01-15-unpublished?.md",
    "_drafts/draft: what?.md",
];

/// Posts every OS holds; `2020-01-13-a-b.md` is what `a:b.md` cleans to.
const HELD: &[&str] = &["_posts/2020-01-12-plain.md", "_posts/2020-01-13-a-b.md"];

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
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn status(dir: &Path) -> String {
    git(dir, &["status", "--porcelain", "--untracked-files=all"])
}

/// The site folder `dir` with `paths` as posts and a `_config.yml`.
fn write_site(dir: &Path, paths: &[&str]) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("_config.yml"), "title: names\n").unwrap();
    for (i, path) in paths.iter().enumerate() {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        let published = if path.contains("unpublished") {
            "published: false\n"
        } else {
            ""
        };
        std::fs::write(
            &file,
            format!(
                "---\ntitle: post {i}\ndate: 2020-02-{:02}\n{published}---\nbody of {path}\n",
                i % 28 + 1
            ),
        )
        .unwrap();
    }
}

fn init_repo(dir: &Path) {
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["config", "user.name", "Gazette Test"]);
    git(dir, &["config", "user.email", "test@gazette.invalid"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "start"]);
}

/// An archive in `dir` holding the posts of `source`, and `target` as a
/// site with drafts on.
fn archive(dir: &Path, source: &Path, target: &Path) -> (Store, Site) {
    let mut store = Store::open(&dir.join("a.db")).unwrap();
    let report = crate::import::import(
        &mut store,
        &[source.to_path_buf()],
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    assert_eq!(report.imported as usize, REFUSED.len() + HELD.len());
    let root = site_folder(target).unwrap();
    let site = store
        .add_site("site", &root.to_string_lossy(), true)
        .unwrap();
    (store, site)
}

fn publish(store: &mut Store, site: &Site, os: TargetOs) -> PublishReport {
    publish_as(
        store,
        site,
        PublishOptions::default(),
        os,
        &mut |_, _| {},
        &AtomicBool::new(false),
    )
    .unwrap()
}

/// Every post file under `dir`, relative, `/`-separated, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|p| p.starts_with("_posts/") || p.starts_with("_drafts/"))
        .collect();
    out.sort();
    out
}

fn site_with_repo(parent: &Path) -> PathBuf {
    let site = parent.join("site");
    let all: Vec<&str> = REFUSED.iter().chain(HELD).copied().collect();
    write_site(&site, &all);
    init_repo(&site);
    site
}

/// The site published back into itself: every name kept on Linux; under
/// Windows' rules every refused name is reported as left alone, naming its
/// cleaned form, and nothing is written a second time.
#[test]
fn a_site_published_back_keeps_names_and_windows_never_doubles_them() {
    let dir = tempfile::tempdir().unwrap();
    let site = site_with_repo(dir.path());
    let (mut store, site_row) = archive(dir.path(), &site, &site);

    let unix = publish(&mut store, &site_row, TargetOs::Unix);
    assert_eq!(
        (unix.added, unix.changed, unix.removed, unix.conflicts),
        (0, 0, 0, 0),
        "{:?}",
        unix.files
    );
    assert_eq!(unix.unchanged as usize, REFUSED.len() + HELD.len());
    assert_eq!(status(&site), "");

    let windows = publish(&mut store, &site_row, TargetOs::Windows);
    assert_eq!(
        (windows.added, windows.changed, windows.removed),
        (0, 0, 0),
        "{:?}",
        windows.files
    );
    assert_eq!(
        windows.conflicts as usize,
        REFUSED.len(),
        "{:?}",
        windows.files
    );
    for file in &windows.files {
        assert!(REFUSED.contains(&file.path.as_str()), "{}", file.path);
        let reason = file.reason.as_deref().unwrap();
        assert!(reason.contains("Windows cannot hold this name"), "{reason}");
        assert!(
            reason.contains("not written a second time as _"),
            "{reason}"
        );
    }
    let con = windows
        .files
        .iter()
        .find(|f| f.path == "_posts/CON.md")
        .unwrap();
    assert!(con
        .reason
        .as_deref()
        .unwrap()
        .ends_with("as _posts/_CON.md"));
    assert_eq!(status(&site), "", "nothing written");
}

/// A Windows checkout of the site's repository leaves out the names Windows
/// refuses, yet git still tracks them: the posts (imported from the
/// original, elsewhere) are not written again under cleaned names.
#[test]
fn a_windows_checkout_does_not_get_cleaned_copies_of_tracked_files() {
    let dir = tempfile::tempdir().unwrap();
    let original = site_with_repo(dir.path());
    git(dir.path(), &["clone", "-q", "site", "checkout"]);
    let checkout = dir.path().join("checkout");
    for path in REFUSED {
        std::fs::remove_file(checkout.join(path)).unwrap();
    }
    let (mut store, site_row) = archive(dir.path(), &original, &checkout);
    let before = status(&checkout);
    assert_eq!(before.lines().count(), REFUSED.len());
    assert!(before.lines().all(|l| l.starts_with(" D ")), "{before}");

    let report = publish(&mut store, &site_row, TargetOs::Windows);
    assert_eq!(
        (report.added, report.changed, report.removed),
        (0, 0, 0),
        "{:?}",
        report.files
    );
    assert_eq!(report.conflicts as usize, REFUSED.len());
    assert_eq!(report.unchanged as usize, HELD.len());
    assert_eq!(status(&checkout), before, "no file added");
}

/// A site that does not have the posts (no git, no manifest, not their
/// folder): under Windows' rules each refused name is written cleaned, the
/// report saying from what name, a collision getting `-2`; the next publish
/// finds them in place. On Linux the same posts new to the site get the
/// same names safe everywhere.
#[test]
fn posts_new_to_a_site_are_written_under_cleaned_names_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let original = site_with_repo(dir.path());
    for os in [TargetOs::Windows, TargetOs::Unix] {
        let sub = dir.path().join(format!("{os:?}"));
        let fresh = sub.join("fresh");
        write_site(&fresh, &[]);
        let (mut store, site_row) = archive(&sub, &original, &fresh);
        let first = publish(&mut store, &site_row, os);
        assert_eq!(
            (first.added as usize, first.conflicts),
            (REFUSED.len() + HELD.len(), 0),
            "{os:?}: {:?}",
            first.files
        );
        let written = files(&fresh);
        assert!(
            written.iter().all(|p| path_holdable(p, TargetOs::Windows)),
            "{written:?}"
        );
        assert!(written.contains(&"_posts/2020-01-13-a-b-2.md".to_string()));
        assert!(written.contains(&"_posts/_CON.md".to_string()));
        assert!(written.contains(&"_posts/ends with a dot/2020-01-07-inside.md".to_string()));
        let why = match os {
            TargetOs::Windows => "Windows cannot hold that name",
            TargetOs::Unix => "a post new to this site gets a name every OS can hold",
        };
        let renamed: Vec<&str> = first
            .files
            .iter()
            .filter_map(|f| f.reason.as_deref())
            .collect();
        assert_eq!(renamed.len(), REFUSED.len(), "{renamed:?}");
        for original_path in REFUSED {
            let note = format!("renamed from {original_path}: {why}");
            assert!(
                renamed.contains(&note.as_str()),
                "{note} not in {renamed:?}"
            );
        }
        let again = publish(&mut store, &site_row, os);
        assert_eq!(
            (again.added, again.changed, again.removed, again.conflicts),
            (0, 0, 0, 0),
            "{os:?}: {:?}",
            again.files
        );
        assert_eq!(files(&fresh), written);
    }
}

/// A copy of the site (not the folder the posts were imported from) that
/// already has each file with the post's bytes keeps every exact name on
/// Linux: the posts are not new to it.
#[test]
fn a_copy_holding_the_same_files_keeps_their_names() {
    let dir = tempfile::tempdir().unwrap();
    let original = site_with_repo(dir.path());
    let copy = dir.path().join("copy");
    let cp = Command::new("cp")
        .arg("-r")
        .arg(&original)
        .arg(&copy)
        .status();
    assert!(cp.unwrap().success());
    // No repository, so that git does not tell the posts are there: the
    // bytes on disk do.
    std::fs::remove_dir_all(copy.join(".git")).unwrap();
    let before = files(&copy);
    let (mut store, site_row) = archive(dir.path(), &original, &copy);
    let report = publish(&mut store, &site_row, TargetOs::Unix);
    assert_eq!(
        (report.added, report.changed, report.conflicts),
        (0, 0, 0),
        "{:?}",
        report.files
    );
    assert_eq!(report.unchanged as usize, REFUSED.len() + HELD.len());
    assert_eq!(files(&copy), before);
}
