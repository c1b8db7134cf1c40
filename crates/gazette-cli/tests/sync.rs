//! `gazette sync`, `conflicts` and `resolve` (issue 16) on real git
//! repositories in temp dirs: a bare remote, a "bot" clone that commits and
//! pushes, and the user's site clone the archive follows. Every check reads
//! the archive through the CLI and the repositories through `git`.

use gazette_testkit::git;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn gazette(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("GAZETTE_DB")
        .output()
        .unwrap()
}

/// Runs gazette, checks the exit code, parses stdout as JSON.
fn run(db: &Path, args: &[&str], code: i32) -> Value {
    let out = gazette(db, args);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

fn post(title: &str, body: &str) -> String {
    format!("---\nlayout: post\ntitle: {title}\n---\n{body}")
}

const BODY: &str = "line one\nline two\nline three\nline four\nline five\nline six\n";

/// A body of its own for post `name` (git would see two files holding
/// the same lines as one renamed).
fn body(name: &str) -> String {
    BODY.lines()
        .map(|l| format!("{l} of {name}: {}\n", name.repeat(12)))
        .collect()
}

/// A bare remote, the bot's clone and the user's site clone, with a first
/// commit of a Jekyll site holding posts `a`…`f`.
struct World {
    _dir: tempfile::TempDir,
    remote: PathBuf,
    bot: PathBuf,
    site: PathBuf,
    db: PathBuf,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let remote = dir.path().join("remote.git");
        let bot = dir.path().join("bot");
        let site = dir.path().join("site");
        git(
            dir.path(),
            &["init", "-q", "--bare", "-b", "main", "remote.git"],
        );
        git(dir.path(), &["clone", "-q", "remote.git", "bot"]);
        git(&bot, &["checkout", "-q", "-b", "main"]);
        std::fs::write(bot.join("_config.yml"), "title: Daily\n").unwrap();
        std::fs::create_dir(bot.join("_posts")).unwrap();
        for name in ["a", "b", "c", "d", "e", "f"] {
            std::fs::write(
                bot.join(format!("_posts/2024-01-01-{name}.md")),
                post(&format!("Post {name}"), &body(name)),
            )
            .unwrap();
        }
        git(&bot, &["add", "-A"]);
        git(&bot, &["commit", "-q", "-m", "first posts"]);
        git(&bot, &["push", "-q", "-u", "origin", "main"]);
        git(dir.path(), &["clone", "-q", "remote.git", "site"]);
        git(&site, &["config", "user.name", "User"]);
        git(&site, &["config", "user.email", "user@example.com"]);
        let db = dir.path().join("archive.db");
        World {
            remote,
            bot,
            site,
            db,
            _dir: dir,
        }
    }

    fn site_arg(&self) -> &str {
        self.site.to_str().unwrap()
    }

    fn sync(&self, code: i32) -> Value {
        run(
            &self.db,
            &["sync", "--site", self.site_arg(), "--json"],
            code,
        )
    }

    /// The id of the post whose file name holds `name`.
    fn id(&self, name: &str) -> i64 {
        let list = run(&self.db, &["list", "--json", "--limit", "1000"], 0);
        let hits: Vec<i64> = list
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| {
                p["source_path"]
                    .as_str()
                    .unwrap()
                    .ends_with(&format!("-{name}.md"))
            })
            .map(|p| p["id"].as_i64().unwrap())
            .collect();
        assert_eq!(hits.len(), 1, "{name}: {list}");
        hits[0]
    }

    fn text(&self, id: i64) -> String {
        let out = gazette(&self.db, &["cat", &id.to_string()]);
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    }

    fn bot_write(&self, name: &str, text: &str) {
        std::fs::write(self.bot.join(format!("_posts/{name}")), text).unwrap();
    }

    fn bot_push(&self, message: &str) -> String {
        git(&self.bot, &["add", "-A"]);
        git(&self.bot, &["commit", "-q", "-m", message]);
        git(&self.bot, &["push", "-q", "origin", "main"]);
        git(&self.bot, &["rev-parse", "HEAD"])
    }

    fn count(&self) -> usize {
        run(&self.db, &["list", "--json", "--limit", "1000"], 0)
            .as_array()
            .unwrap()
            .len()
    }
}

fn conflict_kinds(report: &Value) -> Vec<(String, String)> {
    let mut kinds: Vec<(String, String)> = report["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["path"].as_str().unwrap().to_string(),
                c["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    kinds.sort();
    kinds
}

#[test]
fn the_daily_loop_keeps_every_edit() {
    let w = World::new();
    // The first sync adds the site (as publish does) and its posts.
    let first = w.sync(0);
    assert_eq!(first["added"], 6, "{first}");
    assert_eq!(first["pulled"], Value::Null);
    assert_eq!(first["git_error"], Value::Null);
    for key in [
        "pulled",
        "added",
        "updated",
        "merged",
        "removed",
        "moved",
        "unchanged",
        "conflicts",
        "failed",
        "git_error",
    ] {
        assert!(first.get(key).is_some(), "{key} missing: {first}");
    }
    // Nothing changed: nothing to do.
    let again = w.sync(0);
    assert_eq!(again["added"], 0);
    assert_eq!(again["unchanged"], 6, "{again}");

    // The user edits a, b, d and e's neighbour in Gazette.
    let (a, b, c, d, e, f) = (
        w.id("a"),
        w.id("b"),
        w.id("c"),
        w.id("d"),
        w.id("e"),
        w.id("f"),
    );
    for (id, title) in [(a, "A mine"), (b, "B mine"), (d, "D mine")] {
        run(
            &w.db,
            &["set", &id.to_string(), &format!("title={title}"), "--json"],
            0,
        );
    }
    let a_before = w.text(a);
    // The bot, meanwhile: a's body (apart from the user's title line), b's
    // title (the user's line too), deletes c and d, renames e, changes f,
    // adds g and a broken h.
    w.bot_write(
        "2024-01-01-a.md",
        &post("Post a", &body("a").replace("line five", "line FIVE (bot)")),
    );
    w.bot_write("2024-01-01-b.md", &post("B from the bot", &body("b")));
    std::fs::remove_file(w.bot.join("_posts/2024-01-01-c.md")).unwrap();
    std::fs::remove_file(w.bot.join("_posts/2024-01-01-d.md")).unwrap();
    git(
        &w.bot,
        &[
            "mv",
            "_posts/2024-01-01-e.md",
            "_posts/2024-01-02-e-moved.md",
        ],
    );
    w.bot_write(
        "2024-01-01-f.md",
        &post("Post f", &body("f").replace("one", "ONE")),
    );
    w.bot_write("2024-01-03-g.md", &post("Post g 新的一天", &body("g")));
    w.bot_write("2024-01-03-h.md", "---\ntitle: [unclosed\n---\nbody\n");
    let head = w.bot_push("the bot's day");

    let before = git(&w.site, &["rev-parse", "HEAD"]);
    let report = w.sync(3);
    assert_eq!(report["pulled"]["from"], before.as_str(), "{report}");
    assert_eq!(report["pulled"]["to"], head.as_str());
    assert_eq!(git(&w.site, &["rev-parse", "HEAD"]), head);
    assert_eq!(report["added"], 1, "{report}");
    assert_eq!(report["updated"], 1);
    assert_eq!(report["merged"], 1);
    assert_eq!(report["removed"], 1);
    assert_eq!(report["moved"], 1);
    assert_eq!(report["git_error"], Value::Null);
    let failed = report["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1, "{report}");
    assert!(failed[0]["path"]
        .as_str()
        .unwrap()
        .ends_with("2024-01-03-h.md"));
    assert!(failed[0]["line"].is_u64(), "{report}");
    assert_eq!(
        conflict_kinds(&report),
        [
            (
                "_posts/2024-01-01-b.md".to_string(),
                "edit/edit".to_string()
            ),
            (
                "_posts/2024-01-01-d.md".to_string(),
                "edit/delete".to_string()
            ),
        ]
    );

    // a: both changes; its old text is a revision.
    let merged = w.text(a);
    assert!(merged.contains("title: A mine"), "{merged}");
    assert!(merged.contains("line FIVE (bot)"), "{merged}");
    let history = run(&w.db, &["history", &a.to_string(), "--json"], 0);
    assert!(history.as_array().unwrap().len() >= 2, "{history}");
    // b: Gazette's text kept, nothing lost; d kept; c gone; e moved, one
    // post; f updated; g added.
    assert!(w.text(b).contains("title: B mine"));
    assert!(w.text(d).contains("title: D mine"));
    assert_eq!(
        gazette(&w.db, &["show", &c.to_string()]).status.code(),
        Some(1)
    );
    let e_now = run(&w.db, &["show", &e.to_string(), "--json"], 0);
    assert!(e_now["source_path"]
        .as_str()
        .unwrap()
        .ends_with("_posts/2024-01-02-e-moved.md"));
    assert!(w.text(f).contains("line ONE"));
    assert!(w.text(w.id("g")).contains("新的一天"));
    assert_eq!(w.count(), 6); // a b d e f g
    let listed = run(&w.db, &["conflicts", "--json"], 0);
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 2);
    for c in listed {
        assert_eq!(c["site"], "site");
        assert!(c["id"].is_i64() && c["path"].is_string() && c["kind"].is_string());
    }

    // A second sync changes nothing and finds nothing new.
    let idle = w.sync(0);
    for key in ["added", "updated", "merged", "removed", "moved"] {
        assert_eq!(idle[key], 0, "{key}: {idle}");
    }
    assert_eq!(idle["pulled"], Value::Null);

    // Undo of the sync gives a its edit back and c back.
    let undo_target = report["operation_id"].as_i64().unwrap();
    let undone = run(&w.db, &["undo", &undo_target.to_string(), "--json"], 0);
    assert!(undone["restored"].as_u64().unwrap() >= 2, "{undone}");
    assert_eq!(w.text(a), a_before);
    let redo = undone["operation_id"].as_i64().unwrap();
    run(&w.db, &["undo", &redo.to_string(), "--json"], 0);
    assert_eq!(w.text(a), merged);

    // Resolve: b takes the bot's text; d is kept (published again).
    assert_eq!(
        gazette(&w.db, &["resolve", &f.to_string(), "--ours"])
            .status
            .code(),
        Some(2),
        "a post with no conflict"
    );
    run(&w.db, &["resolve", &b.to_string(), "--theirs", "--json"], 0);
    assert!(w.text(b).contains("B from the bot"));
    run(&w.db, &["resolve", &d.to_string(), "--ours", "--json"], 0);
    assert_eq!(
        run(&w.db, &["conflicts", "--json"], 0),
        Value::Array(vec![])
    );

    // Publishing writes the merged post and the kept one, nothing else,
    // and the push fast-forwards the remote.
    let published = run(
        &w.db,
        &["publish", "--site", "site", "--commit", "--push", "--json"],
        0,
    );
    let mut files: Vec<(String, String)> = published["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["action"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            ("_posts/2024-01-01-a.md".to_string(), "change".to_string()),
            ("_posts/2024-01-01-d.md".to_string(), "add".to_string()),
        ],
        "{published}"
    );
    let pushed = git(&w.remote, &["rev-parse", "main"]);
    assert_eq!(pushed, git(&w.site, &["rev-parse", "HEAD"]));
    assert_eq!(git(&w.remote, &["rev-parse", "main~1"]), head);
    let remote_a = git(&w.remote, &["show", "main:_posts/2024-01-01-a.md"]);
    assert!(remote_a.contains("title: A mine") && remote_a.contains("line FIVE (bot)"));
    // After our own publish, a sync sees our files as ours.
    let after = w.sync(0);
    assert_eq!(after["updated"], 0, "{after}");
    assert_eq!(after["merged"], 0);
}

#[test]
fn diverged_branches_merge_when_git_can_and_stop_when_not() {
    let w = World::new();
    w.sync(0);
    let a = w.id("a");
    // A local commit (Gazette's publish, not pushed) and a bot commit to
    // another file: merged cleanly with a merge commit.
    run(&w.db, &["set", &a.to_string(), "title=Local", "--json"], 0);
    run(
        &w.db,
        &["publish", "--site", "site", "--commit", "--json"],
        0,
    );
    let local = git(&w.site, &["rev-parse", "HEAD"]);
    w.bot_write("2024-01-01-f.md", &post("Post f", "bot body\n"));
    let theirs = w.bot_push("bot edits f");
    let report = w.sync(0);
    assert_eq!(report["git_error"], Value::Null, "{report}");
    assert_eq!(report["updated"], 1, "{report}");
    let head = git(&w.site, &["rev-parse", "HEAD"]);
    assert_eq!(report["pulled"]["to"], head.as_str());
    let parents = git(&w.site, &["log", "-1", "--format=%P"]);
    assert_eq!(parents, format!("{local} {theirs}"));
    assert!(git(&w.site, &["log", "-1", "--format=%s"]).starts_with("Merge "));
    assert!(w.text(w.id("f")).contains("bot body"));
    assert!(w.text(a).contains("title: Local"));
    // The merged branch pushes as a fast-forward.
    run(&w.db, &["publish", "--site", "site", "--push", "--json"], 0);
    assert_eq!(git(&w.remote, &["rev-parse", "main"]), head);

    // Both change the same line of b: nothing is changed, the file named.
    git(&w.bot, &["pull", "-q", "origin", "main"]);
    let b = w.id("b");
    run(&w.db, &["set", &b.to_string(), "title=Mine", "--json"], 0);
    run(
        &w.db,
        &["publish", "--site", "site", "--commit", "--json"],
        0,
    );
    w.bot_write("2024-01-01-b.md", &post("Theirs", BODY));
    w.bot_push("bot retitles b");
    let before = git(&w.site, &["rev-parse", "HEAD"]);
    let stuck = w.sync(0);
    let message = stuck["git_error"].as_str().unwrap_or_default();
    assert!(message.contains("_posts/2024-01-01-b.md"), "{stuck}");
    assert_eq!(stuck["pulled"], Value::Null);
    assert_eq!(git(&w.site, &["rev-parse", "HEAD"]), before);
    assert_eq!(git(&w.site, &["status", "--porcelain"]), "");
    assert!(w.text(b).contains("title: Mine"));
}

#[test]
fn a_dirty_work_tree_or_a_lost_remote_is_said_and_the_disk_still_syncs() {
    let w = World::new();
    w.sync(0);
    w.bot_write("2024-01-01-f.md", &post("Post f", "bot body\n"));
    w.bot_push("bot edits f");
    // A file changed by hand (not by Gazette), uncommitted.
    std::fs::write(
        w.site.join("_posts/2024-01-01-c.md"),
        post("C by hand", BODY),
    )
    .unwrap();
    let before = git(&w.site, &["rev-parse", "HEAD"]);
    let report = w.sync(0);
    let message = report["git_error"].as_str().unwrap_or_default();
    assert!(message.contains("uncommitted changes"), "{report}");
    assert!(message.contains("_posts/2024-01-01-c.md"), "{report}");
    assert_eq!(git(&w.site, &["rev-parse", "HEAD"]), before);
    // The hand edit is on disk, so it is synced.
    assert_eq!(report["updated"], 1, "{report}");
    assert!(w.text(w.id("c")).contains("C by hand"));
    git(&w.site, &["checkout", "-q", "--", "."]);

    // An unreachable remote: a clear message, the disk still synced.
    git(
        &w.site,
        &["remote", "set-url", "origin", "/nonexistent/remote.git"],
    );
    std::fs::write(w.site.join("_posts/2024-02-01-new.md"), post("New", BODY)).unwrap();
    let report = w.sync(0);
    let message = report["git_error"].as_str().unwrap_or_default();
    assert!(message.contains("cannot fetch"), "{report}");
    assert_eq!(report["added"], 1, "{report}");

    // Detached HEAD: said, nothing pulled.
    git(&w.site, &["checkout", "-q", "--detach"]);
    let report = w.sync(0);
    assert!(
        report["git_error"]
            .as_str()
            .unwrap_or_default()
            .contains("detached"),
        "{report}"
    );
}

#[test]
fn a_folder_without_git_syncs_by_size_and_time() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("plain");
    std::fs::create_dir_all(site.join("_posts")).unwrap();
    std::fs::write(site.join("_config.yml"), "title: Plain\n").unwrap();
    for name in ["a", "b", "c"] {
        std::fs::write(
            site.join(format!("_posts/2024-01-01-{name}.md")),
            post(&format!("Post {name}"), BODY),
        )
        .unwrap();
    }
    let db = dir.path().join("plain.db");
    let s = site.to_str().unwrap();
    let first = run(&db, &["sync", "--site", s, "--json"], 0);
    assert_eq!(first["added"], 3);
    assert_eq!(first["git_error"], Value::Null);
    std::fs::write(
        site.join("_posts/2024-01-01-a.md"),
        post("Post a", "changed\n"),
    )
    .unwrap();
    std::fs::remove_file(site.join("_posts/2024-01-01-b.md")).unwrap();
    std::fs::rename(
        site.join("_posts/2024-01-01-c.md"),
        site.join("_posts/2024-01-05-c.md"),
    )
    .unwrap();
    let report = run(&db, &["sync", "--site", "plain", "--no-pull", "--json"], 0);
    assert_eq!(report["updated"], 1, "{report}");
    assert_eq!(report["removed"], 1, "{report}");
    assert_eq!(report["moved"], 1, "{report}");
    assert_eq!(report["added"], 0, "{report}");
    let list = run(&db, &["list", "--json"], 0);
    assert_eq!(list.as_array().unwrap().len(), 2);
    // Unknown site: exit 2.
    assert_eq!(
        gazette(&db, &["sync", "--site", "nope", "--json"])
            .status
            .code(),
        Some(2)
    );
}
