//! The `gazette` CLI contract: commands, flags, exit codes and JSON shapes,
//! run as a user's script runs them, on real files and a real database.

use std::path::Path;
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

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

/// import → list → show → stats → cat on a small folder, checking every
/// JSON shape the README documents and the exit codes.
#[test]
fn import_list_show_stats_cat() {
    let dir = tempfile::tempdir().unwrap();
    let posts = dir.path().join("posts");
    std::fs::create_dir(&posts).unwrap();
    for (case, name) in [
        ("BR-01", "2024-05-01-ganzhou.md"),
        ("BR-02", "2024-06-03-weekly.md"),
    ] {
        std::fs::copy(
            gazette_testkit::case(case).join("input.md"),
            posts.join(name),
        )
        .unwrap();
    }
    let db = dir.path().join("a.db");

    let out = gazette(&db, &["import", posts.to_str().unwrap(), "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json(&out);
    assert_eq!(report["imported"], 2);
    assert_eq!(report["updated"], 0);
    assert_eq!(report["unchanged"], 0);
    assert_eq!(report["failed"], serde_json::json!([]));

    let again = json(&gazette(
        &db,
        &["import", posts.to_str().unwrap(), "--json"],
    ));
    assert_eq!(
        (
            again["imported"].as_u64(),
            again["updated"].as_u64(),
            again["unchanged"].as_u64()
        ),
        (Some(0), Some(0), Some(2))
    );

    let list = json(&gazette(&db, &["list", "--json"]));
    let items = list.as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(
        keys(&items[0]),
        [
            "id",
            "title",
            "date",
            "categories",
            "tags",
            "source_path",
            "draft"
        ]
    );
    assert_eq!(items[0]["title"], "周报", "newest first");
    assert_eq!(items[1]["tags"], serde_json::json!(["旅行", "江西"]));
    let limited = json(&gazette(
        &db,
        &["list", "--json", "--limit", "1", "--offset", "1"],
    ));
    assert_eq!(limited.as_array().unwrap().len(), 1);
    assert_eq!(limited[0]["id"], items[1]["id"]);

    let id = items[1]["id"].to_string();
    let show = json(&gazette(&db, &["show", &id, "--json"]));
    for key in [
        "front_matter",
        "body",
        "format",
        "source_path",
        "url",
        "collection",
    ] {
        assert!(show.get(key).is_some(), "show lacks {key}");
    }
    // A folder of posts that is no Jekyll site: no URL.
    assert_eq!(show["url"], serde_json::Value::Null);
    assert_eq!(
        keys(&show["front_matter"]),
        ["layout", "title", "date", "tags"]
    );
    assert_eq!(show["format"], "markdown");

    let stats = json(&gazette(&db, &["stats", "--json"]));
    assert_eq!(
        keys(&stats),
        ["posts", "categories", "tags", "years", "collections"]
    );
    assert_eq!(stats["posts"], 2);
    assert_eq!(stats["tags"]["江西"], 1);
    assert_eq!(stats["years"]["2024"], 2);
    // Posts of a folder that is no Jekyll site are in no collection.
    assert_eq!(stats["collections"], serde_json::json!({}));

    let cat = gazette(&db, &["cat", &id]);
    assert_eq!(
        cat.stdout,
        std::fs::read(gazette_testkit::case("BR-01").join("input.md")).unwrap()
    );

    let found = json(&gazette(&db, &["search", "赣州", "--json"]));
    assert_eq!(keys(&found), ["total", "results", "unindexed"]);
    assert_eq!(found["total"], 1);
    assert_eq!(found["unindexed"], 0);
    assert_eq!(
        keys(&found["results"][0]),
        ["id", "title", "date", "snippet", "score", "source_path"]
    );
    assert!(found["results"][0]["snippet"]
        .as_str()
        .unwrap()
        .contains("<mark>赣州</mark>"));
    let by_date = json(&gazette(&db, &["search", "", "--json", "--sort", "date"]));
    assert_eq!(by_date["total"], 2);
    assert_eq!(by_date["results"][0]["title"], "周报");

    let human = gazette(&db, &["list"]);
    assert!(String::from_utf8_lossy(&human.stdout).contains("赣州游记"));
}

/// Exit 3 when some files failed (each listed with path, line, reason) and
/// the rest imported; exit 1 with a message on stderr for a fatal error;
/// exit 2 for usage errors; a missing post is an error, not a crash.
/// `import --no-index` stores posts without indexing them; `index` indexes
/// what waits, and `search` does so first, so scripts always see every post.
#[test]
fn import_without_index_then_index_and_search() {
    let dir = tempfile::tempdir().unwrap();
    let posts = dir.path().join("posts");
    std::fs::create_dir(&posts).unwrap();
    for i in 0..3 {
        std::fs::write(
            posts.join(format!("2024-05-0{}-p{i}.md", i + 1)),
            format!("---\ntitle: 赣州{i}\n---\nbody\n"),
        )
        .unwrap();
    }
    let db = dir.path().join("a.db");
    let report = json(&gazette(
        &db,
        &["import", "--no-index", "--json", posts.to_str().unwrap()],
    ));
    assert_eq!(report["imported"], 3);
    let out = gazette(&db, &["index", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out), serde_json::json!({ "indexed": 3 }));
    assert_eq!(
        json(&gazette(&db, &["index", "--json"])),
        serde_json::json!({ "indexed": 0 })
    );
    // Two more without the index: `search` indexes them before it looks.
    for i in 3..5 {
        std::fs::write(
            posts.join(format!("2024-05-0{}-p{i}.md", i + 1)),
            format!("---\ntitle: 赣州{i}\n---\nbody\n"),
        )
        .unwrap();
    }
    let report = json(&gazette(
        &db,
        &["import", "--no-index", "--json", posts.to_str().unwrap()],
    ));
    assert_eq!(
        (report["imported"].clone(), report["unchanged"].clone()),
        (2.into(), 3.into())
    );
    let found = json(&gazette(&db, &["search", "赣州", "--json"]));
    assert_eq!(
        (found["total"].clone(), found["unindexed"].clone()),
        (5.into(), 0.into())
    );
    let text = gazette(&db, &["index"]);
    assert_eq!(
        String::from_utf8_lossy(&text.stdout),
        "indexed 0 post(s) for search\n"
    );
}

/// `search` cannot index what waits while another process holds the
/// archive's write lock: after the 10 s busy timeout it searches the posts
/// indexed, says so on stderr, and `unindexed` counts the rest.
#[test]
fn search_goes_on_when_the_archive_is_busy() {
    let dir = tempfile::tempdir().unwrap();
    let posts = dir.path().join("posts");
    std::fs::create_dir(&posts).unwrap();
    let write = |name: &str| {
        std::fs::write(
            posts.join(format!("{name}.md")),
            format!("---\ntitle: 赣州 {name}\n---\nbody\n"),
        )
        .unwrap()
    };
    write("2024-05-01-indexed");
    let db = dir.path().join("a.db");
    let folder = posts.to_str().unwrap();
    assert!(gazette(&db, &["import", folder]).status.success());
    write("2024-05-02-waiting");
    assert!(gazette(&db, &["import", "--no-index", folder])
        .status
        .success());
    let lock = rusqlite::Connection::open(&db).unwrap();
    lock.execute_batch("BEGIN IMMEDIATE").unwrap();
    let out = gazette(&db, &["search", "赣州", "--json"]);
    lock.execute_batch("ROLLBACK").unwrap();
    assert_eq!(out.status.code(), Some(0));
    let found = json(&out);
    assert_eq!(
        (found["total"].clone(), found["unindexed"].clone()),
        (1.into(), 1.into())
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("another process is writing"), "{stderr}");
    // Free again: the next search indexes the post and finds both.
    let found = json(&gazette(&db, &["search", "赣州", "--json"]));
    assert_eq!(
        (found["total"].clone(), found["unindexed"].clone()),
        (2.into(), 0.into())
    );
}

#[test]
fn exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let posts = dir.path().join("posts");
    std::fs::create_dir(&posts).unwrap();
    std::fs::write(
        posts.join("2020-01-01-good.md"),
        "---\ntitle: Good\n---\nbody\n",
    )
    .unwrap();
    std::fs::write(
        posts.join("2020-01-02-bad.md"),
        "---\ntitle: ok\nbad yaml: [\n---\nbody\n",
    )
    .unwrap();
    std::fs::write(
        posts.join("2020-01-03-binary.md"),
        b"---\ntitle: x\n---\n\xff\xfe\x00\x01",
    )
    .unwrap();
    let db = dir.path().join("a.db");

    let out = gazette(&db, &["import", posts.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(3));
    let report = json(&out);
    assert_eq!(report["imported"], 1);
    let failed = report["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 2);
    assert!(failed[0]["path"]
        .as_str()
        .unwrap()
        .ends_with("2020-01-02-bad.md"));
    assert_eq!(failed[0]["line"], 4);
    assert!(failed[0]["reason"]
        .as_str()
        .unwrap()
        .contains("front matter"));
    assert!(failed[1]["reason"].as_str().unwrap().contains("UTF-8"));

    let missing = gazette(
        &db,
        &[
            "import",
            dir.path().join("nope").to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(missing.status.code(), Some(3));

    let not_db = dir.path().join("not.db");
    std::fs::write(
        &not_db,
        "plain text, not a database at all, long enough to look like a header",
    )
    .unwrap();
    let fatal = gazette(&not_db, &["stats"]);
    assert_eq!(fatal.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&fatal.stderr).contains("not.db"));

    let no_post = gazette(&db, &["show", "999999"]);
    assert_eq!(no_post.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&no_post.stderr).contains("no post with id 999999"));

    assert_eq!(gazette(&db, &["frobnicate"]).status.code(), Some(2));

    // A reading command on a mistyped --db is an error and creates nothing.
    let typo = dir.path().join("no-such-dir/archive.db");
    let out = gazette(&typo, &["stats"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no archive at"));
    assert!(!typo.parent().unwrap().exists());

    // A malformed search query is a usage error with the column.
    let out = gazette(&db, &["search", "\"open", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("column 1"));
}

/// BR-08: the same archive read under different `TZ` gives identical
/// output, with the date as written (8 August, -07:00).
#[test]
fn br08_output_does_not_depend_on_the_machine_time_zone() {
    let dir = tempfile::tempdir().unwrap();
    let posts = dir.path().join("posts");
    std::fs::create_dir(&posts).unwrap();
    std::fs::copy(
        gazette_testkit::case("BR-08").join("input.md"),
        posts.join("2024-08-08-webinar-notes.md"),
    )
    .unwrap();
    let db = dir.path().join("a.db");
    let mut outputs = Vec::new();
    for (i, tz) in ["UTC", "Asia/Shanghai", "America/Los_Angeles"]
        .into_iter()
        .enumerate()
    {
        let run = |args: &[&str]| {
            Command::new(env!("CARGO_BIN_EXE_gazette"))
                .arg("--db")
                .arg(&db)
                .args(args)
                .env("TZ", tz)
                .output()
                .unwrap()
        };
        if i == 0 {
            assert!(run(&["import", posts.to_str().unwrap()]).status.success());
        }
        let list = json(&run(&["list", "--json"]));
        let id = list[0]["id"].to_string();
        let show = json(&run(&["show", &id, "--json"]));
        let stats = json(&run(&["stats", "--json"]));
        assert_eq!(
            list[0]["date"], "2024-08-08T22:44:26-07:00",
            "under TZ={tz}"
        );
        assert_eq!(show["front_matter"]["date"], "2024-08-08 22:44:26 -0700");
        outputs.push((list, show, stats));
    }
    assert!(outputs.windows(2).all(|w| w[0] == w[1]));
}

/// set → history → restore → bulk (dry run, then real) → log → undo →
/// export original, with their JSON shapes and exit codes (issue 4).
#[test]
fn set_history_restore_bulk_undo_export() {
    let dir = tempfile::tempdir().unwrap();
    let posts = dir.path().join("posts");
    std::fs::create_dir(&posts).unwrap();
    let input = std::fs::read(gazette_testkit::case("BR-03").join("input.md")).unwrap();
    std::fs::write(posts.join("2022-12-31-review.md"), &input).unwrap();
    std::fs::write(
        posts.join("2023-01-01-b.md"),
        b"---\ntitle: b\ntags: [x]\n---\nhi\n",
    )
    .unwrap();
    let db = dir.path().join("a.db");
    assert_eq!(
        gazette(&db, &["import", posts.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    let id = |title: &str| -> String {
        let list = json(&gazette(&db, &["list", "--json"]));
        list.as_array()
            .unwrap()
            .iter()
            .find(|p| p["title"] == title)
            .unwrap()["id"]
            .to_string()
    };
    let review = id("2022");

    // VALUE is YAML: a quoted 2023 stays a string.
    let out = gazette(&db, &["set", &review, "title=\"2023\"", "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let saved = json(&out);
    assert_eq!(keys(&saved), ["id", "content_hash", "operation_id"]);
    let cat = gazette(&db, &["cat", &review]).stdout;
    let expected =
        std::fs::read(gazette_testkit::case("BR-03").join("expected-title-2023.md")).unwrap();
    assert_eq!(
        String::from_utf8(cat).unwrap(),
        String::from_utf8(expected).unwrap()
    );
    assert_eq!(
        gazette(&db, &["set", &review, "title"]).status.code(),
        Some(2)
    );
    assert_eq!(gazette(&db, &["set", &review]).status.code(), Some(2));
    assert_eq!(gazette(&db, &["set", "999", "a=1"]).status.code(), Some(1));

    let history = json(&gazette(&db, &["history", &review, "--json"]));
    let revisions = history.as_array().unwrap();
    assert_eq!(revisions.len(), 1);
    assert_eq!(
        keys(&revisions[0]),
        [
            "id",
            "created_at",
            "kind",
            "description",
            "content_hash",
            "size"
        ]
    );
    let rev = revisions[0]["id"].to_string();
    let diff =
        String::from_utf8(gazette(&db, &["history", &review, "--diff", &rev]).stdout).unwrap();
    assert!(
        diff.contains("-title: \"2022\"\n+title: \"2023\"\n"),
        "{diff}"
    );
    assert_eq!(
        gazette(&db, &["restore", &review, &rev]).status.code(),
        Some(0)
    );
    assert_eq!(gazette(&db, &["cat", &review]).stdout, input);

    let dry = json(&gazette(
        &db,
        &[
            "bulk",
            "--query",
            "",
            "--add-tag",
            "新",
            "--dry-run",
            "--json",
        ],
    ));
    assert_eq!(
        keys(&dry),
        [
            "matched",
            "changed",
            "unchanged",
            "failed",
            "preview",
            "operation_id",
            "dry_run"
        ]
    );
    assert_eq!(
        (dry["matched"].as_u64(), dry["changed"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(dry["operation_id"], Value::Null);
    assert_eq!(
        gazette(&db, &["cat", &review]).stdout,
        input,
        "dry run wrote"
    );
    let done = json(&gazette(
        &db,
        &["bulk", "--query", "", "--add-tag", "新", "--json"],
    ));
    assert_eq!(done["changed"], 2);
    let b = id("b");
    assert_eq!(
        gazette(&db, &["cat", &b]).stdout,
        b"---\ntitle: b\ntags: [x, \xe6\x96\xb0]\n---\nhi\n"
    );
    assert_eq!(
        gazette(
            &db,
            &["bulk", "--query", "", "--replace", "(", "x", "--regex"]
        )
        .status
        .code(),
        Some(2)
    );
    assert_eq!(
        gazette(&db, &["bulk", "--query", "\"open", "--add-tag", "t"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        gazette(&db, &["bulk", "--query", ""]).status.code(),
        Some(2)
    );

    // Regex replace in titles, and a plain replace takes `$` literally.
    let regex = json(&gazette(
        &db,
        &[
            "bulk",
            "--query",
            "",
            "--replace",
            "^(b)$",
            "$1-x",
            "--regex",
            "--in",
            "title",
            "--dry-run",
            "--json",
        ],
    ));
    assert_eq!(regex["changed"], 1, "{regex}");
    assert_eq!(regex["preview"][0]["lines"][1]["text"], "title: b-x");
    let plain = json(&gazette(
        &db,
        &[
            "bulk",
            "--query",
            "",
            "--replace",
            "hi",
            "US$5 $1",
            "--dry-run",
            "--json",
        ],
    ));
    assert_eq!(plain["preview"][0]["lines"][1]["text"], "US$5 $1");
    assert_eq!(
        gazette(&db, &["set", &review, "title=a: b: c"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        gazette(&db, &["bulk", "--query", "", "--add-tag", " "])
            .status
            .code(),
        Some(2)
    );

    let log = json(&gazette(&db, &["log", "--json"]));
    assert_eq!(
        keys(&log[0]),
        [
            "id",
            "kind",
            "description",
            "created_at",
            "posts",
            "undone_by"
        ]
    );
    assert_eq!(log[0]["kind"], "bulk");
    let undo = json(&gazette(&db, &["undo", "--json"]));
    assert_eq!(
        keys(&undo),
        ["undone", "operation_id", "restored", "removed", "conflicts"]
    );
    assert_eq!(undo["undone"], done["operation_id"]);
    assert_eq!(gazette(&db, &["cat", &review]).stdout, input);

    let out_dir = dir.path().join("out");
    let export = json(&gazette(
        &db,
        &[
            "export",
            "--format",
            "original",
            "--out",
            out_dir.to_str().unwrap(),
            "--json",
        ],
    ));
    assert_eq!(
        keys(&export),
        [
            "written",
            "skipped",
            "files",
            "cancelled",
            "converted",
            "warnings"
        ]
    );
    assert_eq!(export["written"], 2);
    assert_eq!(
        std::fs::read(out_dir.join("_posts/2022-12-31-review.md")).unwrap(),
        input
    );
    let again = json(&gazette(
        &db,
        &[
            "export",
            "--format",
            "original",
            "--out",
            out_dir.to_str().unwrap(),
            "--json",
        ],
    ));
    assert_eq!(
        (again["written"].as_u64(), again["skipped"].as_u64()),
        (Some(0), Some(2))
    );
    // Markdown (the default) into a zip; an existing zip is refused.
    let zip = dir.path().join("site.zip");
    let md = json(&gazette(
        &db,
        &["export", "--zip", zip.to_str().unwrap(), "--json"],
    ));
    assert_eq!(md["written"], 2);
    assert!(zip.is_file());
    assert_eq!(
        gazette(&db, &["export", "--zip", zip.to_str().unwrap()])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(gazette(&db, &["export"]).status.code(), Some(2));
}

/// `site add|list|remove` and `publish` with its JSON shape and exit codes:
/// 0 published, 3 conflicts left alone, 2 unknown site, 1 not a site or a
/// failed push (the commit kept).
#[test]
fn site_and_publish() {
    let dir = tempfile::tempdir().unwrap();
    let posts = dir.path().join("posts");
    std::fs::create_dir(&posts).unwrap();
    std::fs::copy(
        gazette_testkit::case("BR-08").join("input.md"),
        posts.join("2024-08-08-webinar-notes.md"),
    )
    .unwrap();
    let db = dir.path().join("a.db");
    assert_eq!(
        gazette(&db, &["import", posts.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    let site = dir.path().join("site");
    std::fs::create_dir(&site).unwrap();
    let site_arg = site.to_str().unwrap();

    // Not a Jekyll site yet: exit 1 with the reason.
    let out = gazette(&db, &["site", "add", "blog", site_arg]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("_config.yml"));
    std::fs::write(site.join("_config.yml"), "title: t\n").unwrap();
    let added = json(&gazette(&db, &["site", "add", "blog", site_arg, "--json"]));
    assert_eq!(
        keys(&added),
        [
            "id",
            "name",
            "path",
            "drafts",
            "remote",
            "last_published_at",
            "synced_at"
        ]
    );
    let listed = json(&gazette(&db, &["site", "list", "--json"]));
    assert_eq!(listed.as_array().unwrap().len(), 1);

    let dry = gazette(&db, &["publish", "--site", "blog", "--dry-run", "--json"]);
    assert_eq!(dry.status.code(), Some(0));
    let dry = json(&dry);
    assert_eq!(
        keys(&dry),
        [
            "site",
            "dry_run",
            "files",
            "added",
            "changed",
            "removed",
            "conflicts",
            "unchanged",
            "scheduled",
            "drafts_left_out",
            "cancelled",
            "commit",
            "pushed_to",
            "git_error"
        ]
    );
    assert_eq!(dry["dry_run"], true);
    assert_eq!(
        keys(&dry["files"][0]),
        ["path", "action", "id", "title", "reason"]
    );
    assert_eq!(
        dry["files"][0]["path"],
        "_posts/2024-08-08-webinar-notes.md"
    );
    assert_eq!(dry["files"][0]["action"], "add");
    assert!(!site.join("_posts").exists());

    // Where the command runs does not matter, even in a site folder.
    let from_site = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("--db")
        .arg(&db)
        .args(["publish", "--site", "blog", "--dry-run", "--json"])
        .current_dir(&site)
        .env_remove("GAZETTE_DB")
        .output()
        .unwrap();
    assert_eq!(
        json(&from_site)["files"][0]["path"],
        "_posts/2024-08-08-webinar-notes.md"
    );
    assert_eq!(
        gazette(&db, &["publish", "--site", "nosuch"]).status.code(),
        Some(2)
    );
    assert_eq!(
        gazette(&db, &["site", "add", "  ", site_arg]).status.code(),
        Some(2)
    );

    // By folder, as the issue's `--site DIR` names it.
    let done = json(&gazette(&db, &["publish", "--site", site_arg, "--json"]));
    assert_eq!(
        (done["added"].as_u64(), done["dry_run"].as_bool()),
        (Some(1), Some(false))
    );
    let again = json(&gazette(&db, &["publish", "--site", site_arg, "--json"]));
    assert_eq!(
        (again["added"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(1))
    );

    // A hand edit on disk is a conflict: exit 3, the file left alone.
    let file = site.join("_posts/2024-08-08-webinar-notes.md");
    std::fs::write(&file, "mine\n").unwrap();
    assert_eq!(
        gazette(&db, &["set", "1", "title=new"]).status.code(),
        Some(0)
    );
    let out = gazette(&db, &["publish", "--site", "blog", "--json"]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(json(&out)["files"][0]["action"], "conflict");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine\n");

    // --commit outside a git repository: exit 1, nothing written.
    std::fs::remove_file(&file).unwrap();
    let out = gazette(&db, &["publish", "--site", "blog", "--commit"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not in a git repository"));
    assert!(!file.exists());

    assert_eq!(
        gazette(&db, &["site", "remove", "nope"]).status.code(),
        Some(2)
    );
    assert_eq!(
        gazette(&db, &["site", "remove", "blog"]).status.code(),
        Some(0)
    );
    assert!(site.join("_config.yml").exists());
}

/// `duplicates` and `delete` (issue 6): the JSON shapes, and delete as one
/// undoable step.
#[test]
fn duplicates_and_delete() {
    let dir = tempfile::tempdir().unwrap();
    let posts = dir.path().join("posts");
    std::fs::create_dir(&posts).unwrap();
    for (name, body) in [("2024-01-01-a.md", "one"), ("2024-01-01-a-copy.md", "two")] {
        std::fs::write(
            posts.join(name),
            format!("---\ntitle: Same\ndate: 2024-01-01\n---\n{body}\n"),
        )
        .unwrap();
    }
    let db = dir.path().join("a.db");
    let report = json(&gazette(
        &db,
        &["import", posts.to_str().unwrap(), "--json"],
    ));
    assert_eq!(report["duplicates"], 2);
    let groups = json(&gazette(&db, &["duplicates", "--json"]));
    assert_eq!(keys(&groups[0]), ["key", "reason", "value", "ids"]);
    assert_eq!(groups[0]["reason"], "title_date");
    let id = groups[0]["ids"][1].as_i64().unwrap().to_string();
    let deleted = json(&gazette(&db, &["delete", &id, "--json"]));
    assert_eq!(keys(&deleted), ["operation_id", "deleted"]);
    assert_eq!(
        json(&gazette(&db, &["duplicates", "--json"])),
        serde_json::json!([])
    );
    assert_eq!(gazette(&db, &["delete", "999"]).status.code(), Some(2));
    assert_eq!(gazette(&db, &["undo"]).status.code(), Some(0));
    assert_eq!(
        json(&gazette(&db, &["duplicates", "--json"]))
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

/// `show --json` gives the URL the real Jekyll gives (`tests/jekyll/site.rb`,
/// run with `TZ=UTC`), whatever the machine's time zone: a post dated
/// 22:44 at -07:00 in `news/_posts/` of a site with `permalink: pretty`.
#[test]
fn show_gives_jekylls_url_under_every_time_zone() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let posts = site.join("news/_posts");
    std::fs::create_dir_all(&posts).unwrap();
    std::fs::write(site.join("_config.yml"), "permalink: pretty\n").unwrap();
    std::fs::copy(
        gazette_testkit::case("BR-08").join("input.md"),
        posts.join("2024-08-08-webinar notes.md"),
    )
    .unwrap();
    let judge = Command::new("ruby")
        .arg(gazette_testkit::repo_root().join("tests/jekyll/site.rb"))
        .arg(&site)
        .env("TZ", "UTC")
        .output()
        .expect("ruby with Debian's jekyll must be installed (scripts/setup.sh)");
    assert!(
        judge.status.success(),
        "{}",
        String::from_utf8_lossy(&judge.stderr)
    );
    let jekyll: serde_json::Value = serde_json::from_slice(&judge.stdout).unwrap();
    let expected = &jekyll["documents"][0];
    let db = dir.path().join("a.db");
    for (i, tz) in ["UTC", "Asia/Shanghai", "America/Los_Angeles"]
        .into_iter()
        .enumerate()
    {
        let run = |args: &[&str]| {
            Command::new(env!("CARGO_BIN_EXE_gazette"))
                .arg("--db")
                .arg(&db)
                .args(args)
                .env("TZ", tz)
                .output()
                .unwrap()
        };
        if i == 0 {
            assert!(run(&["import", site.to_str().unwrap()]).status.success());
        }
        let list = json(&run(&["list", "--json"]));
        let show = json(&run(&["show", &list[0]["id"].to_string(), "--json"]));
        assert_eq!(show["url"], expected["url"], "under TZ={tz}");
        assert_eq!(show["collection"], expected["collection"]);
        assert_eq!(show["categories"], expected["categories"]);
    }
}
