//! Sync speed (issue 16): a git site of 30,000 posts (the corpus's posts
//! replicated, each copy its own file) followed through a bare remote a
//! "bot" clone pushes to. Prints, with the release `gazette`:
//! - the first sync (every file read: the site added to the archive);
//! - a sync with nothing new (median of 5);
//! - a sync after the bot changed 50 files (40 edited, 5 added, 5 deleted),
//!   pull included;
//! - the same after the pull: `git pull` first, then `sync --no-pull`;
//!
//! each with the files the sync read (`files_read`).
//!
//! Run with `cargo bench -p gazette-cli --bench sync` (or `make
//! bench-sync`); `GAZETTE_SYNC_POSTS` sets the size (default 30000);
//! `GAZETTE_BENCH_KEEP=1` keeps the site and the archive for profiling. Needs
//! about 2 GB of temporary disk.

use gazette_testkit::git;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The corpus's Markdown and HTML posts under `_posts/`, as bytes.
fn corpus_posts() -> Vec<(String, Vec<u8>)> {
    let mut posts = Vec::new();
    let mut stack = vec![gazette_testkit::corpus()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                stack.push(path);
                continue;
            }
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let in_posts = path.components().any(|c| c.as_os_str() == "_posts");
            if in_posts
                && (name.ends_with(".md") || name.ends_with(".html"))
                && !path.to_string_lossy().contains("_broken")
            {
                posts.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    posts.sort();
    posts
}

/// Runs `gazette sync`; returns its time and its JSON report.
fn sync(db: &Path, site: &Path, extra: &[&str]) -> (Duration, serde_json::Value) {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("--db")
        .arg(db)
        .args(["sync", "--json", "--site"])
        .arg(site)
        .args(extra)
        .output()
        .unwrap();
    let took = start.elapsed();
    assert!(
        matches!(out.status.code(), Some(0 | 3)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (took, serde_json::from_slice(&out.stdout).unwrap())
}

fn line(what: &str, took: Duration, report: &serde_json::Value) {
    println!(
        "| {what} | {:.3} | {} | {} | {} | {} | {} |",
        took.as_secs_f64(),
        report["files_read"],
        report["added"],
        report["updated"],
        report["removed"],
        report["unchanged"],
    );
}

/// The bot's day: `n` files edited (a line appended), 5 added, 5 deleted.
fn bot_day(bot: &Path, files: &[PathBuf], day: usize, edited: usize) {
    for (k, path) in files.iter().skip(day * 100).take(edited).enumerate() {
        let mut bytes = std::fs::read(bot.join(path)).unwrap();
        bytes.extend_from_slice(format!("\n<!-- corrected on day {day} ({k}) -->\n").as_bytes());
        std::fs::write(bot.join(path), bytes).unwrap();
    }
    for path in files.iter().skip(day * 100 + 50).take(5) {
        std::fs::remove_file(bot.join(path)).unwrap();
    }
    for k in 0..5 {
        std::fs::write(
            bot.join(format!("_posts/2026-12-0{}-day-{day}-new-{k}.md", day + 1)),
            format!("---\ntitle: 新的一天 {day} {k}\n---\n<p>新闻 {k}</p>\n"),
        )
        .unwrap();
    }
    git(bot, &["add", "-A"]);
    git(bot, &["commit", "-q", "-m", &format!("day {day}")]);
    git(bot, &["push", "-q", "origin", "main"]);
}

fn main() {
    let n: usize = std::env::var("GAZETTE_SYNC_POSTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30_000);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let bot = root.join("bot");
    std::fs::create_dir_all(bot.join("_posts")).unwrap();
    std::fs::write(bot.join("_config.yml"), "title: Bench\n").unwrap();
    let posts = corpus_posts();
    let mut files = Vec::new();
    for i in 0..n {
        let (name, bytes) = &posts[i % posts.len()];
        let folder = format!("_posts/{:03}", i / 1000);
        if i % 1000 == 0 {
            std::fs::create_dir_all(bot.join(&folder)).unwrap();
        }
        let (stem, ext) = name.rsplit_once('.').unwrap();
        let mut bytes = bytes.clone();
        bytes.extend_from_slice(format!("\n<!-- copy {i} -->\n").as_bytes());
        let path = PathBuf::from(format!("{folder}/{stem}-{i}.{ext}"));
        std::fs::write(bot.join(&path), bytes).unwrap();
        files.push(path);
    }
    git(root, &["init", "-q", "--bare", "-b", "main", "remote.git"]);
    git(&bot, &["init", "-q", "-b", "main"]);
    git(&bot, &["remote", "add", "origin", "../remote.git"]);
    git(&bot, &["add", "-A"]);
    git(&bot, &["commit", "-q", "-m", "the archive"]);
    git(&bot, &["push", "-q", "-u", "origin", "main"]);
    git(root, &["clone", "-q", "remote.git", "site"]);
    let site = root.join("site");
    let db = root.join("bench.db");

    println!(
        "sync of a git site of {n} posts (release gazette, one run each; no-change: median of 5)\n"
    );
    println!("| sync | seconds | files read | added | updated | removed | unchanged |");
    println!("|---|---|---|---|---|---|---|");
    let (took, report) = sync(&db, &site, &[]);
    line("first sync (the site added)", took, &report);
    let mut idle: Vec<(Duration, serde_json::Value)> =
        (0..5).map(|_| sync(&db, &site, &[])).collect();
    idle.sort_by_key(|(t, _)| *t);
    line("nothing new (pull included)", idle[2].0, &idle[2].1);
    let mut idle: Vec<(Duration, serde_json::Value)> =
        (0..5).map(|_| sync(&db, &site, &["--no-pull"])).collect();
    idle.sort_by_key(|(t, _)| *t);
    line("nothing new, --no-pull", idle[2].0, &idle[2].1);
    bot_day(&bot, &files, 0, 40);
    let (took, report) = sync(&db, &site, &[]);
    line("50 files changed upstream, pull included", took, &report);
    bot_day(&bot, &files, 1, 40);
    let start = Instant::now();
    git(&site, &["pull", "-q", "--ff-only"]);
    let pull = start.elapsed();
    let (took, report) = sync(&db, &site, &["--no-pull"]);
    line("50 files changed, after `git pull`", took, &report);
    println!("\n(`git pull` itself took {:.3} s)", pull.as_secs_f64());
    if std::env::var_os("GAZETTE_BENCH_KEEP").is_some() {
        println!("(kept: site {}, archive {})", site.display(), db.display());
        let _ = dir.keep();
    }
}
