//! The CLI contract of `timeline`, `tags`, `categories` and `list
//! --from/--to` (issue 19), run as a script runs them on real corpus posts.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{json, Value};

fn gazette(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("GAZETTE_DB")
        .output()
        .unwrap()
}

fn ok_json(db: &Path, args: &[&str]) -> Value {
    let out = gazette(db, args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn timeline_tags_categories_and_the_list_range() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let corpus = gazette_testkit::corpus().join("terminus2049");
    ok_json(&db, &["import", corpus.to_str().unwrap(), "--json"]);

    // timeline --json: the documented shape; the months add up to the
    // posts; each month is what `list --from M --to M` counts.
    let t = ok_json(&db, &["timeline", "--json"]);
    assert_eq!(t["by"], "month");
    let buckets = t["buckets"].as_array().unwrap();
    let sum: u64 = buckets.iter().map(|b| b["posts"].as_u64().unwrap()).sum();
    let stats = ok_json(&db, &["stats", "--json"]);
    assert_eq!(
        sum + t["undated"].as_u64().unwrap(),
        stats["posts"].as_u64().unwrap()
    );
    let busiest = buckets.iter().max_by_key(|b| b["posts"].as_u64()).unwrap();
    let month = busiest["period"].as_str().unwrap();
    assert_eq!(month.len(), 7);
    let listed = ok_json(
        &db,
        &[
            "list", "--from", month, "--to", month, "--limit", "1000", "--json",
        ],
    );
    assert_eq!(
        listed.as_array().unwrap().len() as u64,
        busiest["posts"].as_u64().unwrap()
    );
    assert!(listed
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["date"].as_str().unwrap().starts_with(month)));

    // --by year and a query: the years agree with `stats`; a tag's months
    // add up to its count in `tags --json`.
    let years = ok_json(&db, &["timeline", "--by", "year", "--json"]);
    for b in years["buckets"].as_array().unwrap() {
        assert_eq!(stats["years"][b["period"].as_str().unwrap()], b["posts"]);
    }
    let tags = ok_json(&db, &["tags", "--json"]);
    let first = &tags[0];
    assert_eq!(
        first.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["name", "posts", "fixed"]
    );
    let name = first["name"].as_str().unwrap();
    let tagged = ok_json(&db, &["timeline", &format!("tag:{name}"), "--json"]);
    let n: u64 = tagged["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["posts"].as_u64().unwrap())
        .sum();
    assert_eq!(json!(n), first["posts"]);

    // A merge is one operation; undo brings the counts back.
    let before = ok_json(&db, &["tags", "--sort", "name", "--json"]);
    let report = ok_json(
        &db,
        &[
            "tags", "--merge", "MeToo", "审查", "--into", "合并", "--json",
        ],
    );
    assert!(report["changed"].as_u64().unwrap() > 10, "{report}");
    let op = report["operation_id"].as_i64().unwrap();
    let merged = ok_json(&db, &["tags", "--json"]);
    assert!(merged
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["name"] != "MeToo"));
    let undo = gazette(&db, &["undo", &op.to_string()]);
    assert_eq!(undo.status.code(), Some(0));
    assert_eq!(ok_json(&db, &["tags", "--sort", "name", "--json"]), before);
    let cats = ok_json(&db, &["categories", "--json"]);
    assert_eq!(cats[0]["name"], "Archive");

    // Usage errors exit 2.
    assert_eq!(
        gazette(&db, &["list", "--from", "2020-13"]).status.code(),
        Some(2)
    );
    assert_eq!(gazette(&db, &["timeline", "tag:"]).status.code(), Some(2));
    assert_eq!(
        gazette(&db, &["tags", "--merge", "a", "--into", " "])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        gazette(&db, &["tags", "--merge", "a"]).status.code(),
        Some(2)
    );
}
