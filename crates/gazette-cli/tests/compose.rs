//! The `gazette new`, `promote` and `demote` contract (issue 17): JSON
//! shapes, exit codes, a `--site DIR` added, a missing archive created, and
//! nothing created on bad input; on a real database and real files.

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
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

#[test]
fn new_promote_demote() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("blog");
    std::fs::create_dir(&site).unwrap();
    std::fs::write(
        site.join("_config.yml"),
        "jekyll_compose:\n  default_front_matter:\n    posts:\n      tags: [a]\n",
    )
    .unwrap();
    let site_arg = site.to_str().unwrap();
    let db = dir.path().join("new.db");
    assert!(!db.exists());

    // Bad input: exit 2, nothing created.
    for args in [
        &["new", "--title", " ", "--json"][..],
        &["new", "--title", "t", "--date", "2024-02-30", "--json"],
        &["new", "--title", "t", "--site", "no such site", "--json"],
        &["new", "--title", "t", "--set", "novalue", "--json"],
    ] {
        let out = gazette(&db, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
    let body = dir.path().join("body.md");
    std::fs::write(&body, "正文\n").unwrap();
    let created = json(&gazette(
        &db,
        &[
            "new",
            "--title",
            "赣州：新的一天",
            "--date",
            "2024-05-01 10:00:00 +0800",
            "--site",
            site_arg,
            "--set",
            "x=\"no\"",
            "--body-file",
            body.to_str().unwrap(),
            "--json",
        ],
    ));
    assert_eq!(keys(&created), ["id", "path", "site"]);
    assert_eq!(created["path"], "_posts/2024-05-01-赣州-新的一天.md");
    assert_eq!(created["site"], "blog", "the folder was added as a site");
    let id = created["id"].as_i64().unwrap();
    let text = String::from_utf8(gazette(&db, &["cat", &id.to_string()]).stdout).unwrap();
    assert_eq!(
        text,
        "---\ntitle: 赣州：新的一天\ndate: 2024-05-01 10:00:00 +0800\ntags: [a]\nx: \"no\"\n---\n正文\n"
    );
    let list = json(&gazette(&db, &["list", "--json"]));
    assert_eq!(
        list.as_array().unwrap().len(),
        1,
        "bad input created nothing"
    );

    let none = json(&gazette(
        &db,
        &["new", "--title", "Loose", "--draft", "--json"],
    ));
    assert_eq!(none["site"], Value::Null);
    assert_eq!(none["path"], "_drafts/loose.md");

    let moved = json(&gazette(&db, &["demote", &id.to_string(), "--json"]));
    assert_eq!(keys(&moved), ["id", "path"]);
    assert_eq!(moved["path"], "_drafts/赣州-新的一天.md");
    let out = gazette(&db, &["demote", &id.to_string(), "--json"]);
    assert_eq!(out.status.code(), Some(2), "a draft is not demoted");
    let out = gazette(&db, &["promote", &id.to_string(), "--date", "soon"]);
    assert_eq!(out.status.code(), Some(2), "an unreadable date");
    let moved = json(&gazette(
        &db,
        &["promote", &id.to_string(), "--date", "2024-06-02", "--json"],
    ));
    assert_eq!(moved["path"], "_posts/2024-06-02-赣州-新的一天.md");
}
