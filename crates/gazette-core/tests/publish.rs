//! Publishing (issue 7) into real temporary git repositories, driven and
//! inspected with the real `git` command: the corpus site into an empty
//! site, incremental publishes, conflicts, files added by hand, push to a
//! bare repository and to an unreachable one, and the round trip of a site
//! published back into a copy of itself.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};

use gazette_core::{Archive, FileAction, PublishOptions, PublishReport};
use gazette_testkit::{case, corpus};

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

/// An empty Jekyll site in a fresh git repository with one commit.
fn empty_site(parent: &Path) -> PathBuf {
    let site = parent.join("site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join("_config.yml"), "title: test site\n").unwrap();
    init_repo(&site);
    site
}

fn init_repo(site: &Path) {
    git(site, &["init", "-q", "-b", "main"]);
    git(site, &["config", "user.name", "Gazette Test"]);
    git(site, &["config", "user.email", "test@gazette.invalid"]);
    git(site, &["add", "-A"]);
    git(site, &["commit", "-q", "-m", "start"]);
}

fn publish(archive: &mut Archive, site: i64, options: PublishOptions) -> PublishReport {
    archive
        .publish(site, options, &mut |_, _| {}, &AtomicBool::new(false))
        .unwrap()
}

/// Sets a post's `published:` key, as the editor does.
fn set_published(archive: &mut Archive, id: i64, value: bool) {
    archive
        .edit_post(
            id,
            None,
            &[gazette_core::FieldEdit::SetBool {
                key: "published".into(),
                value,
            }],
        )
        .unwrap();
}

/// Sets a post's title, as the editor does.
fn set_title(archive: &mut Archive, id: i64, title: &str) {
    archive
        .edit_post(
            id,
            None,
            &[gazette_core::FieldEdit::SetText {
                key: "title".into(),
                value: title.into(),
            }],
        )
        .unwrap();
}

fn commit() -> PublishOptions {
    PublishOptions {
        commit: true,
        ..PublishOptions::default()
    }
}

/// Files the commit at HEAD changed, `git show --name-status` style.
fn head_changes(site: &Path) -> Vec<String> {
    git(site, &["show", "--name-status", "--format=", "HEAD"])
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn commit_count(site: &Path) -> usize {
    git(site, &["rev-list", "--count", "HEAD"])
        .trim()
        .parse()
        .unwrap()
}

fn import(archive: &mut Archive, path: &Path) -> u64 {
    let report = archive
        .import(&[path.to_path_buf()], &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    report.imported.into()
}

#[test]
fn corpus_site_publishes_incrementally_with_commits_and_pushes() {
    let dir = tempfile::tempdir().unwrap();
    let site = empty_site(dir.path());
    let mut archive = Archive::open(&dir.path().join("a.db")).unwrap();
    let posts = import(&mut archive, &corpus().join("terminus2049"));
    assert!(posts > 600, "{posts}");
    let id = archive.add_site("blog", &site, false).unwrap().id;

    // A dry run writes nothing.
    let plan = publish(
        &mut archive,
        id,
        PublishOptions {
            dry_run: true,
            ..commit()
        },
    );
    assert_eq!(plan.added as u64, posts);
    assert!(!site.join("_posts").exists());

    // Into the empty site: one commit holding every post, each file the
    // bytes it was imported from, under its own name.
    let first = publish(&mut archive, id, commit());
    assert_eq!(
        (
            first.added as u64,
            first.changed,
            first.removed,
            first.conflicts
        ),
        (posts, 0, 0, 0)
    );
    assert!(first.commit.is_some(), "{:?}", first.git_error);
    assert_eq!(commit_count(&site), 2);
    let committed = head_changes(&site);
    assert_eq!(committed.len() as u64, posts);
    assert!(committed.iter().all(|l| l.starts_with("A\t_posts/")));
    for entry in std::fs::read_dir(corpus().join("terminus2049/_posts")).unwrap() {
        let entry = entry.unwrap();
        let published = site.join("_posts").join(entry.file_name());
        assert_eq!(
            std::fs::read(&published).unwrap(),
            std::fs::read(entry.path()).unwrap(),
            "{}",
            published.display()
        );
    }
    assert_eq!(git(&site, &["status", "--porcelain"]), "");

    // Again: nothing to do, no commit.
    let again = publish(&mut archive, id, commit());
    assert_eq!(
        (
            again.added,
            again.changed,
            again.removed,
            again.unchanged as u64
        ),
        (0, 0, 0, posts)
    );
    assert_eq!(again.commit, None);
    assert_eq!(commit_count(&site), 2);

    // A file added by hand survives every publish.
    let hand = site.join("_posts/2020-01-01-by-hand.md");
    std::fs::write(&hand, "---\ntitle: by hand\n---\nmine\n").unwrap();
    git(&site, &["add", "-A"]);
    git(&site, &["commit", "-q", "-m", "by hand"]);

    // Edit one post: exactly its file in the next commit.
    let edited = archive
        .search("", gazette_core::Sort::Date, 1, 0)
        .unwrap()
        .results[0]
        .id;
    set_title(&mut archive, edited, "改过的标题");
    let after_edit = publish(&mut archive, id, commit());
    assert_eq!((after_edit.added, after_edit.changed), (0, 1));
    let changes = head_changes(&site);
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert!(changes[0].starts_with("M\t_posts/"));
    let edited_file = site.join(&changes[0][2..]);
    assert!(std::fs::read_to_string(&edited_file)
        .unwrap()
        .contains("title: 改过的标题"));

    // Unpublish one: its file is removed in the next commit.
    set_published(&mut archive, edited, false);
    let after_unpublish = publish(&mut archive, id, commit());
    assert_eq!(
        (after_unpublish.removed, after_unpublish.drafts_left_out),
        (1, 1)
    );
    assert_eq!(
        head_changes(&site),
        vec![format!("D\t{}", &changes[0][2..])]
    );
    assert!(!edited_file.exists());
    assert!(hand.exists(), "a file added by hand is never touched");

    // Push to a local bare repository.
    let bare = dir.path().join("remote.git");
    git(dir.path(), &["init", "-q", "--bare", "remote.git"]);
    git(&site, &["remote", "add", "origin", &bare.to_string_lossy()]);
    let pushed = publish(
        &mut archive,
        id,
        PublishOptions {
            push: true,
            ..commit()
        },
    );
    assert_eq!(
        pushed.pushed_to.as_deref(),
        Some("origin"),
        "{:?}",
        pushed.git_error
    );
    assert_eq!(
        git(&bare, &["rev-parse", "main"]),
        git(&site, &["rev-parse", "HEAD"])
    );

    // An unreachable remote: a clear error, the commit stays local.
    git(
        &site,
        &[
            "remote",
            "set-url",
            "origin",
            "ssh://127.0.0.1:9/nowhere.git",
        ],
    );
    set_published(&mut archive, edited, true);
    let failed = publish(
        &mut archive,
        id,
        PublishOptions {
            push: true,
            ..commit()
        },
    );
    let error = failed.git_error.expect("the push fails");
    assert!(error.contains("cannot push to origin"), "{error}");
    assert!(error.contains("stays local"), "{error}");
    let local = failed.commit.expect("committed before pushing");
    assert_eq!(git(&site, &["rev-parse", "HEAD"]).trim(), local);
    assert_ne!(git(&bare, &["rev-parse", "main"]).trim(), local);
    assert!(edited_file.exists());
    assert!(hand.exists());
}

/// Every corpus site (a folder with `_config.yml`), imported, then published
/// back into a git copy of itself without edits, drafts included: `git
/// status` shows no change (nested `en/news/_posts/`, page folders such as
/// `archived/`, `published: false` posts and long Chinese names included).
#[test]
fn a_site_published_back_into_a_copy_of_itself_is_unchanged() {
    let mut sites: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("_config.yml").is_file())
        .collect();
    sites.sort();
    assert!(sites.len() >= 4, "{sites:?}");
    for source in sites {
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("copy");
        let status = Command::new("cp")
            .args(["-r"])
            .arg(&source)
            .arg(&copy)
            .status()
            .unwrap();
        assert!(status.success());
        init_repo(&copy);
        let mut archive = Archive::open(&dir.path().join("a.db")).unwrap();
        let posts = import(&mut archive, &source);
        let id = archive.add_site("copy", &copy, true).unwrap().id;
        let report = publish(&mut archive, id, commit());
        assert_eq!(
            (
                report.added,
                report.changed,
                report.removed,
                report.conflicts
            ),
            (0, 0, 0, 0),
            "{}: {:?}",
            source.display(),
            &report.files[..report.files.len().min(5)]
        );
        assert_eq!(report.unchanged as u64, posts, "{}", source.display());
        assert_eq!(report.commit, None);
        assert_eq!(
            git(&copy, &["status", "--porcelain"]),
            "",
            "{}",
            source.display()
        );
    }
}

#[test]
fn changed_and_unknown_files_are_conflicts_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let site = empty_site(dir.path());
    let posts = dir.path().join("posts");
    std::fs::create_dir(&posts).unwrap();
    for (name, title) in [("2024-01-01-one.md", "one"), ("2024-01-02-two.md", "two")] {
        std::fs::write(
            posts.join(name),
            format!("---\ntitle: {title}\n---\nbody\n"),
        )
        .unwrap();
    }
    let mut archive = Archive::open(&dir.path().join("a.db")).unwrap();
    import(&mut archive, &posts);
    // Someone else's file already where post two would go.
    std::fs::create_dir_all(site.join("_posts")).unwrap();
    let theirs = site.join("_posts/2024-01-02-two.md");
    std::fs::write(&theirs, "theirs\n").unwrap();
    let id = archive.add_site("s", &site, false).unwrap().id;
    let first = publish(&mut archive, id, PublishOptions::default());
    assert_eq!((first.added, first.conflicts), (1, 1));
    let conflict = first
        .files
        .iter()
        .find(|f| f.action == FileAction::Conflict)
        .unwrap();
    assert_eq!(conflict.path, "_posts/2024-01-02-two.md");
    assert!(conflict
        .reason
        .as_deref()
        .unwrap()
        .contains("did not write"));
    assert_eq!(std::fs::read_to_string(&theirs).unwrap(), "theirs\n");

    // A file Gazette wrote, then changed by hand, is not overwritten when
    // its post changes, nor removed when its post goes.
    let one = site.join("_posts/2024-01-01-one.md");
    std::fs::write(&one, "changed by hand\n").unwrap();
    let post = archive
        .search("title:one", gazette_core::Sort::Date, 1, 0)
        .unwrap()
        .results[0]
        .id;
    set_title(&mut archive, post, "one, edited");
    let second = publish(&mut archive, id, PublishOptions::default());
    assert_eq!((second.changed, second.conflicts), (0, 2));
    assert_eq!(std::fs::read_to_string(&one).unwrap(), "changed by hand\n");
    set_published(&mut archive, post, false);
    let third = publish(&mut archive, id, PublishOptions::default());
    assert_eq!((third.removed, third.conflicts), (0, 2));
    assert!(one.exists());
}

#[test]
fn staged_changes_refuse_a_commit_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let site = empty_site(dir.path());
    let mut archive = Archive::open(&dir.path().join("a.db")).unwrap();
    import(&mut archive, &case("BR-08").join("input.md"));
    std::fs::write(site.join("notes.txt"), "half-made work\n").unwrap();
    git(&site, &["add", "notes.txt"]);
    let id = archive.add_site("s", &site, false).unwrap().id;
    let err = archive
        .publish(id, commit(), &mut |_, _| {}, &AtomicBool::new(false))
        .unwrap_err();
    assert!(err.to_string().contains("staged"), "{err}");
    assert!(!site.join("_posts").exists());
    // Without committing, publishing goes on and leaves the index alone.
    let report = publish(&mut archive, id, PublishOptions::default());
    assert_eq!(report.added, 1);
    assert_eq!(
        git(&site, &["diff", "--cached", "--name-only"]),
        "notes.txt\n"
    );
}

/// BR-02 and BR-08: published unedited, byte-identical; BR-08's file keeps
/// its own day whatever the machine's zone.
#[test]
fn br02_br08_publish_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let site = empty_site(dir.path());
    let posts = dir.path().join("posts");
    std::fs::create_dir(&posts).unwrap();
    std::fs::copy(
        case("BR-08").join("input.md"),
        posts.join("2024-08-08-webinar-notes.md"),
    )
    .unwrap();
    std::fs::copy(
        case("BR-02").join("input.md"),
        posts.join("2024-06-03-weekly.md"),
    )
    .unwrap();
    let mut archive = Archive::open(&dir.path().join("a.db")).unwrap();
    import(&mut archive, &posts);
    let id = archive.add_site("s", &site, false).unwrap().id;
    let report = publish(&mut archive, id, PublishOptions::default());
    assert_eq!(report.added, 2);
    for (name, input) in [
        ("2024-08-08-webinar-notes.md", "BR-08"),
        ("2024-06-03-weekly.md", "BR-02"),
    ] {
        assert_eq!(
            std::fs::read(site.join("_posts").join(name)).unwrap(),
            std::fs::read(case(input).join("input.md")).unwrap()
        );
    }
}

#[test]
fn cancel_leaves_whole_files_and_the_next_publish_completes() {
    let dir = tempfile::tempdir().unwrap();
    let site = empty_site(dir.path());
    let mut archive = Archive::open(&dir.path().join("a.db")).unwrap();
    let posts = import(&mut archive, &corpus().join("terminus2049"));
    let id = archive.add_site("s", &site, false).unwrap().id;
    let cancel = AtomicBool::new(false);
    let report = archive
        .publish(
            id,
            PublishOptions::default(),
            &mut |done, _| {
                if done == 100 {
                    cancel.store(true, Ordering::Relaxed);
                }
            },
            &cancel,
        )
        .unwrap();
    assert!(report.cancelled);
    assert_eq!(report.added, 100);
    let names: Vec<String> = std::fs::read_dir(site.join("_posts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 100);
    assert!(
        names.iter().all(|n| !n.starts_with(".gazette-")),
        "no temp file left"
    );
    let rest = publish(&mut archive, id, PublishOptions::default());
    assert_eq!((rest.added as u64, rest.unchanged), (posts - 100, 100));
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_site_is_never_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let site = empty_site(dir.path());
    let outside = dir.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, site.join("_posts")).unwrap();
    let mut archive = Archive::open(&dir.path().join("a.db")).unwrap();
    import(&mut archive, &case("BR-08").join("input.md"));
    let id = archive.add_site("s", &site, false).unwrap().id;
    let report = publish(&mut archive, id, PublishOptions::default());
    assert_eq!((report.added, report.conflicts), (0, 1));
    assert!(report.files[0]
        .reason
        .as_deref()
        .unwrap()
        .contains("symbolic link"));
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
}

#[test]
fn a_folder_without_config_is_not_a_site() {
    let dir = tempfile::tempdir().unwrap();
    let mut archive = Archive::open(&dir.path().join("a.db")).unwrap();
    let err = archive.add_site("x", dir.path(), false).unwrap_err();
    assert!(err.to_string().contains("_config.yml"), "{err}");
}

/// A remote with commits the branch does not have refuses the push: a
/// clear message, the local commit kept, the remote unchanged.
#[test]
fn a_non_fast_forward_push_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let site = empty_site(dir.path());
    let bare = dir.path().join("remote.git");
    git(dir.path(), &["init", "-q", "--bare", "remote.git"]);
    git(&site, &["remote", "add", "origin", &bare.to_string_lossy()]);
    git(&site, &["push", "-q", "origin", "main"]);
    // Someone else pushes first.
    let other = dir.path().join("other");
    git(
        dir.path(),
        &[
            "clone",
            "-q",
            "-b",
            "main",
            &bare.to_string_lossy(),
            "other",
        ],
    );
    git(&other, &["config", "user.name", "Other"]);
    git(&other, &["config", "user.email", "other@gazette.invalid"]);
    std::fs::write(other.join("about.md"), "theirs\n").unwrap();
    git(&other, &["add", "-A"]);
    git(&other, &["commit", "-q", "-m", "theirs"]);
    git(&other, &["push", "-q", "origin", "main"]);
    let remote_head = git(&bare, &["rev-parse", "main"]);

    let mut archive = Archive::open(&dir.path().join("a.db")).unwrap();
    import(&mut archive, &case("BR-08").join("input.md"));
    let id = archive.add_site("s", &site, false).unwrap().id;
    let report = publish(
        &mut archive,
        id,
        PublishOptions {
            push: true,
            ..commit()
        },
    );
    let error = report.git_error.expect("the push is refused");
    assert!(
        error.contains("commits this branch does not have"),
        "{error}"
    );
    assert!(error.contains("stays local"), "{error}");
    assert_eq!(
        git(&site, &["rev-parse", "HEAD"]).trim(),
        report.commit.unwrap()
    );
    assert_eq!(git(&bare, &["rev-parse", "main"]), remote_head);
}

fn write_post(dir: &Path, name: &str, text: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join(name), text).unwrap();
}

/// Two posts with the same generated name: each keeps its file (its `-2`
/// included) when the other is unpublished, so no URL moves and a
/// conflict on one never costs the other its file.
#[test]
fn generated_names_stay_put_when_another_post_goes() {
    let dir = tempfile::tempdir().unwrap();
    let site = empty_site(dir.path());
    let src = dir.path().join("src");
    write_post(
        &src,
        "a.md",
        "---\ntitle: Same\ndate: 2020-01-02\n---\nfirst\n",
    );
    write_post(
        &src,
        "b.md",
        "---\ntitle: Same\ndate: 2020-01-02\n---\nsecond\n",
    );
    let mut archive = Archive::open(&dir.path().join("a.db")).unwrap();
    import(&mut archive, &src);
    let id = archive.add_site("s", &site, false).unwrap().id;
    let first = publish(&mut archive, id, PublishOptions::default());
    assert_eq!(first.added, 2);
    let second_file = site.join("_posts/2020-01-02-same-2.md");
    assert!(std::fs::read_to_string(&second_file)
        .unwrap()
        .contains("second"));
    // A hand edit on the first, then the first is unpublished.
    let first_file = site.join("_posts/2020-01-02-same.md");
    std::fs::write(&first_file, "typo fix\n").unwrap();
    let first_id = first
        .files
        .iter()
        .find(|f| f.path.ends_with("same.md"))
        .unwrap()
        .id
        .unwrap();
    set_published(&mut archive, first_id, false);
    let after = publish(&mut archive, id, PublishOptions::default());
    assert_eq!(
        (after.added, after.removed, after.conflicts, after.unchanged),
        (0, 0, 1, 1)
    );
    assert!(std::fs::read_to_string(&second_file)
        .unwrap()
        .contains("second"));
    assert_eq!(std::fs::read_to_string(&first_file).unwrap(), "typo fix\n");
}

/// A conflict is never staged: a hand edit on a file Gazette wrote stays out
/// of the publish commit.
#[test]
fn a_conflicted_file_is_not_committed() {
    let dir = tempfile::tempdir().unwrap();
    let site = empty_site(dir.path());
    let src = dir.path().join("src");
    write_post(&src, "2020-01-01-p1.md", "---\ntitle: P1\n---\none\n");
    write_post(&src, "2020-01-02-p2.md", "---\ntitle: P2\n---\ntwo\n");
    let mut archive = Archive::open(&dir.path().join("a.db")).unwrap();
    import(&mut archive, &src);
    let id = archive.add_site("s", &site, false).unwrap().id;
    publish(&mut archive, id, commit());
    let p1 = site.join("_posts/2020-01-01-p1.md");
    std::fs::write(&p1, "MY PRIVATE HAND EDIT\n").unwrap();
    for post in all_posts(&archive) {
        set_title(&mut archive, post, &format!("edited {post}"));
    }
    let report = publish(&mut archive, id, commit());
    assert_eq!((report.changed, report.conflicts), (1, 1));
    assert_eq!(
        head_changes(&site),
        vec!["M\t_posts/2020-01-02-p2.md".to_string()]
    );
    assert_eq!(
        git(&site, &["status", "--porcelain"]),
        " M _posts/2020-01-01-p1.md\n"
    );
}

/// A commit that fails (git does not know the author) stages nothing, so
/// the retry it asks for works.
#[test]
fn a_failed_commit_leaves_the_index_clean_for_the_retry() {
    let dir = tempfile::tempdir().unwrap();
    let site = empty_site(dir.path());
    git(&site, &["config", "user.name", ""]);
    let mut archive = Archive::open(&dir.path().join("a.db")).unwrap();
    import(&mut archive, &case("BR-08").join("input.md"));
    let id = archive.add_site("s", &site, false).unwrap().id;
    let failed = publish(&mut archive, id, commit());
    let error = failed.git_error.expect("no author");
    assert!(error.contains("user.name"), "{error}");
    assert_eq!(git(&site, &["diff", "--cached", "--name-only"]), "");
    git(&site, &["config", "user.name", "Gazette Test"]);
    let retry = publish(&mut archive, id, commit());
    assert_eq!(retry.added, 0);
    assert!(retry.commit.is_some(), "{:?}", retry.git_error);
    let changes = head_changes(&site);
    assert_eq!(changes.len(), 1);
    assert!(
        changes[0].starts_with("A\t_posts/2024-08-08-"),
        "{changes:?}"
    );
}

/// Two posts of a site whose names differ only by case stay two files when
/// the site is published back into itself (Linux keeps both).
#[cfg(target_os = "linux")]
#[test]
fn names_differing_only_by_case_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    write_post(&site, "_config.yml", "a: 1\n");
    write_post(
        &site.join("_posts"),
        "2020-01-01-Hello.md",
        "---\ntitle: Upper\n---\nU\n",
    );
    write_post(
        &site.join("_posts"),
        "2020-01-01-hello.md",
        "---\ntitle: lower\n---\nl\n",
    );
    let mut archive = Archive::open(&dir.path().join("a.db")).unwrap();
    import(&mut archive, &site);
    let id = archive.add_site("s", &site, false).unwrap().id;
    let report = publish(&mut archive, id, PublishOptions::default());
    assert_eq!(
        (report.added, report.unchanged),
        (0, 2),
        "{:?}",
        report.files
    );
}

fn all_posts(archive: &Archive) -> Vec<i64> {
    archive
        .list(&gazette_core::ListQuery::default())
        .unwrap()
        .items
        .iter()
        .map(|p| p.id)
        .collect()
}
