//! Crash safety of `gazette sync` (issue 16): a sync of a real corpus site
//! (a git clone following a bare remote a "bot" pushed a day of changes
//! to: edits, deletions, renames, new posts, while the user edited posts in
//! Gazette) killed with SIGKILL at random moments leaves an archive whose
//! `PRAGMA integrity_check` is ok and whose posts are whole, and the next
//! sync completes it: the same posts, bytes, merge bases and conflicts as a
//! sync that was never interrupted.

use gazette_testkit::git;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Kill points tried.
const KILLS: usize = 16;

fn gazette(db: &Path, args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("GAZETTE_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn finish(db: &Path, args: &[&str]) -> i32 {
    gazette(db, args).wait().unwrap().code().unwrap_or(-1)
}

fn copy_dir(from: &Path, to: &Path) {
    let status = Command::new("cp")
        .arg("-r")
        .arg(from)
        .arg(to)
        .status()
        .unwrap();
    assert!(status.success());
}

/// Posts by source path (hash, base hash, conflict kind) and the synced
/// commit.
type State = (
    Vec<(String, String, String, Option<String>)>,
    Option<String>,
);

/// Everything a sync decides, by source path: the post's bytes' hash, its
/// merge base's hash and its conflict, plus the site's synced commit.
fn state(db: &Path) -> State {
    let conn = rusqlite::Connection::open(db).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let mut stmt = conn
        .prepare(
            "SELECT p.source_path, p.raw, p.content_hash, COALESCE(p.source_hash, p.content_hash), c.kind
             FROM posts p LEFT JOIN sync_conflicts c ON c.post_id = p.id ORDER BY p.source_path",
        )
        .unwrap();
    let posts = stmt
        .query_map([], |r| {
            let raw: Vec<u8> = r.get(1)?;
            let hash: String = r.get(2)?;
            assert_eq!(blake3::hash(&raw).to_hex().to_string(), hash, "a torn post");
            Ok((r.get(0)?, hash, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<rusqlite::Result<Vec<_>>>()
        .unwrap();
    let synced = conn
        .query_row("SELECT synced_commit FROM sites", [], |r| r.get(0))
        .unwrap();
    (posts, synced)
}

/// The bot's day: 60 files get a line at the end, 20 are deleted, 20
/// renamed, 40 new ones added.
fn bot_day(bot: &Path) -> String {
    let mut files: Vec<PathBuf> = std::fs::read_dir(bot.join("_posts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    for (i, path) in files.iter().enumerate() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        match i % 10 {
            0..=2 => {
                let mut bytes = std::fs::read(path).unwrap();
                bytes.extend_from_slice(format!("\n\n更正 {i}：本文有更新。\n").as_bytes());
                std::fs::write(path, bytes).unwrap();
            }
            3 => std::fs::remove_file(path).unwrap(),
            4 => git(
                bot,
                &[
                    "mv",
                    &format!("_posts/{name}"),
                    &format!("_posts/moved-{name}"),
                ],
            )
            .truncate(0),
            5 | 6 if i < 400 => std::fs::write(
                bot.join(format!("_posts/2026-12-0{}-new-{i}.md", 1 + i % 2)),
                format!("---\ntitle: 新的一天 {i}\ndate: 2026-12-01\n---\n<p>第 {i} 篇</p>\n"),
            )
            .unwrap(),
            _ => {}
        }
    }
    git(bot, &["add", "-A"]);
    git(bot, &["commit", "-q", "-m", "the bot's day"]);
    git(bot, &["push", "-q", "origin", "main"]);
    git(bot, &["rev-parse", "HEAD"])
}

#[test]
fn sigkill_during_sync_leaves_a_consistent_archive_that_the_next_sync_completes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let bot = root.join("bot");
    copy_dir(&gazette_testkit::corpus().join("terminus2049"), &bot);
    git(root, &["init", "-q", "--bare", "-b", "main", "remote.git"]);
    git(&bot, &["init", "-q", "-b", "main"]);
    git(&bot, &["remote", "add", "origin", "../remote.git"]);
    git(&bot, &["add", "-A"]);
    git(&bot, &["commit", "-q", "-m", "the archive"]);
    git(&bot, &["push", "-q", "-u", "origin", "main"]);
    git(root, &["clone", "-q", "remote.git", "site"]);
    let site = root.join("site");
    let site_arg = site.to_str().unwrap();
    let db = root.join("archive.db");
    assert_eq!(finish(&db, &["sync", "--site", site_arg, "--json"]), 0);
    // The user's edits in Gazette: a tag on every post of 2019 (front
    // matter lines, so merged with the bot's body changes).
    assert_eq!(
        finish(&db, &["bulk", "--query", "year:2019", "--add-tag", "本地"]),
        0
    );
    let start_commit = git(&site, &["rev-parse", "HEAD"]);
    let before = root.join("before.db");
    std::fs::copy(&db, &before).unwrap();
    bot_day(&bot);

    // The sync never interrupted.
    let started = Instant::now();
    let code = finish(&db, &["sync", "--site", site_arg, "--json"]);
    let full = started.elapsed();
    assert!(code == 0 || code == 3, "{code}");
    let expected = state(&db);
    assert!(expected.1.is_some());
    let merged_somewhere = expected.0.iter().any(|(_, hash, base, _)| hash != base);
    assert!(merged_somewhere, "no post keeps an edit");

    // Back to the morning: the archive and the clone as they were.
    std::fs::copy(&before, &db).unwrap();
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    git(&site, &["reset", "-q", "--hard", &start_commit]);
    git(&site, &["clean", "-q", "-fd"]);

    let mut rng = fastrand::Rng::with_seed(20261203);
    let mut partial = Vec::new();
    for i in 0..KILLS {
        let mut child = gazette(&db, &["sync", "--site", site_arg, "--json"]);
        // Kill i lands within the first (i+1)/KILLS of a whole sync's
        // time: the first ones surely mid-way, the last ones maybe after.
        let bound = full.as_micros() as u64 * (i as u64 + 1) / KILLS as u64;
        std::thread::sleep(Duration::from_micros(rng.u64(0..bound)));
        let _ = child.kill();
        let _ = child.wait();
        let now = state(&db);
        partial.push(now.1 == expected.1);
    }
    eprintln!("sync took {full:?}; finished before the kill: {partial:?}");
    assert!(
        partial.iter().any(|done| !done),
        "no kill landed before the end: {partial:?}"
    );
    let last = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("--db")
        .arg(&db)
        .args(["sync", "--site", site_arg, "--json"])
        .env_remove("GAZETTE_DB")
        .output()
        .unwrap();
    let code = last.status.code().unwrap_or(-1);
    let report = String::from_utf8_lossy(&last.stdout);
    assert!(code == 0 || code == 3, "{code}: {report}");
    let after = state(&db);
    assert_eq!(after.1, expected.1, "the last sync: {report}");
    assert_eq!(after.0.len(), expected.0.len());
    for (a, e) in after.0.iter().zip(&expected.0) {
        assert_eq!(a, e);
    }
}
