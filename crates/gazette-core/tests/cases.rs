//! The shared cases (`tests/cases/BR-*` at the repository root, copied from
//! `../shared/cases/`) that belong to the foundation: BR-01, BR-02, BR-08,
//! BR-15. Each checks the parse against `expected.json` and the store's
//! byte-exact round trip.

use std::sync::atomic::AtomicBool;

use gazette_core::{Archive, ListQuery, PostFile};
use serde_json::Value;

use gazette_testkit::case;

fn expected(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(case(name).join("expected.json")).unwrap())
        .unwrap()
}

/// Imports `files` (name in the temp folder → bytes) into a new archive and
/// returns it with the folder.
fn import(files: &[(&str, Vec<u8>)]) -> (Archive, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let mut archive = Archive::open(&dir.path().join("archive.db")).unwrap();
    let report = archive
        .import(
            &[dir.path().join("posts")],
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert!(report.failed.is_empty(), "{report:?}");
    assert_eq!(report.imported as usize, files.len());
    (archive, dir)
}

fn only_post(archive: &Archive) -> gazette_core::PostDetail {
    let page = archive.list(&ListQuery::default()).unwrap();
    assert_eq!(page.total, 1);
    archive.post(page.items[0].id).unwrap()
}

fn strings_in(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings_in(v, out)),
        Value::Object(map) => map.iter().for_each(|(k, v)| {
            out.push(k.clone());
            strings_in(v, out);
        }),
        _ => {}
    }
}

/// BR-01: a UTF-8 BOM and CRLF before `---`: the fields are found, no value
/// holds CR or U+FEFF, the body holds no YAML, and the stored file is
/// byte-identical.
#[test]
fn br01_bom_and_crlf_front_matter() {
    let input = std::fs::read(case("BR-01").join("input.md")).unwrap();
    let want = expected("BR-01");
    let (archive, _dir) = import(&[("posts/2024-05-01-ganzhou.md", input.clone())]);
    let post = only_post(&archive);
    assert_eq!(post.front_matter, want["front_matter"]);
    let mut strings = Vec::new();
    strings_in(&post.front_matter, &mut strings);
    strings.extend([post.title.clone(), post.layout.clone().unwrap_or_default()]);
    strings.extend(post.tags.iter().cloned());
    for s in &strings {
        assert!(!s.contains('\r') && !s.contains('\u{feff}'), "{s:?}");
    }
    assert_eq!(post.body.trim(), want["body_trimmed"].as_str().unwrap());
    for bad in want["body_does_not_contain"].as_array().unwrap() {
        assert!(
            !post.body.contains(bad.as_str().unwrap()),
            "body holds {bad}"
        );
    }
    assert_eq!(post.date.as_deref(), Some("2024-05-01T10:00:00+08:00"));
    assert_eq!(want["date_as_instant"], "2024-05-01T10:00:00+08:00");
    assert_eq!(post.encoding, "utf-8-bom");
    assert_eq!(
        archive.post_file(post.id).unwrap(),
        input,
        "published unedited must be byte-identical"
    );
}

/// BR-02: `---` rules in the body stay body; only the first block is front
/// matter; the body is byte-exact.
#[test]
fn br02_thematic_breaks_in_body() {
    let input = std::fs::read(case("BR-02").join("input.md")).unwrap();
    let want = expected("BR-02");
    let (archive, _dir) = import(&[("posts/2024-06-03-weekly.md", input.clone())]);
    let post = only_post(&archive);
    assert_eq!(post.front_matter, want["front_matter"]);
    assert_eq!(post.body, want["body"].as_str().unwrap());
    assert_eq!(post.body.lines().filter(|l| *l == "---").count(), 2);
    assert!(post.front_matter.get("备注").is_none());
    assert_eq!(archive.post_file(post.id).unwrap(), input);
}

/// BR-08: a date with an offset stays on its own day; the instant is only
/// for sorting. (The CLI test runs this under several `TZ` values.)
#[test]
fn br08_offset_keeps_the_written_day() {
    let input = std::fs::read(case("BR-08").join("input.md")).unwrap();
    let want = expected("BR-08");
    let name = want["import_as_filename"].as_str().unwrap();
    let post = PostFile::parse(name, input.clone()).unwrap();
    let date = post.fields.date.clone().unwrap();
    assert_eq!(date.to_iso(), want["archive_datetime"].as_str().unwrap());
    assert_eq!(
        date.day().to_string(),
        want["archive_date_shown"].as_str().unwrap()
    );
    assert_eq!(
        date.instant()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        want["absolute_instant_utc"].as_str().unwrap()
    );
    assert_eq!(post.fields.slug, "webinar-notes");
    let (archive, _dir) = import(&[(&format!("posts/{name}"), input.clone())]);
    let stored = only_post(&archive);
    assert_eq!(stored.date.as_deref(), want["archive_datetime"].as_str());
    assert_eq!(
        archive.stats().unwrap().years.get("2024"),
        Some(&serde_json::json!(1))
    );
    assert_eq!(archive.post_file(stored.id).unwrap(), input);
}

/// BR-15: a file under a folder with spaces, parentheses and Chinese imports
/// by its real path (the drop path decoding is tested in the app shell).
#[test]
fn br15_paths_with_spaces_and_chinese() {
    let input = std::fs::read(case("BR-15").join("input.md")).unwrap();
    let want = expected("BR-15");
    let (archive, _dir) = import(&[("posts/博客 备份 (2024)/2024-05-01 赣州游记.md", input)]);
    let post = only_post(&archive);
    assert_eq!(post.title, want["expected"]["title"].as_str().unwrap());
    let tail = want["expected"]["source_path_recorded_ends_with"]
        .as_str()
        .unwrap();
    assert!(
        post.source_path.replace('\\', "/").ends_with(tail),
        "{}",
        post.source_path
    );
    assert!(!post.source_path.contains("%20") && !post.source_path.starts_with("file:"));
}

/// BR-13: a GBK post imports as readable Chinese (title, body, search),
/// never with U+FFFD or mojibake, and its bytes are kept as they were.
#[test]
fn br13_gbk_post_is_decoded_not_garbled() {
    let input = std::fs::read(case("BR-13").join("input.md")).unwrap();
    assert!(
        std::str::from_utf8(&input).is_err(),
        "the case must not be UTF-8"
    );
    let want = expected("BR-13");
    let (archive, _dir) = import(&[("posts/2024-05-01-ganzhou-gbk.md", input.clone())]);
    let post = only_post(&archive);
    assert_eq!(post.front_matter, want["front_matter"]);
    assert_eq!(post.title, "赣州游记");
    assert_eq!(post.body.trim(), want["body_trimmed"].as_str().unwrap());
    assert_eq!(post.encoding, "GBK");
    for text in [
        &post.title,
        &post.body,
        post.front_matter_text.as_ref().unwrap(),
    ] {
        assert!(
            !text.contains('\u{fffd}') && !text.contains("¸ÓÖÝ"),
            "{text}"
        );
    }
    for term in ["赣州", "周末"] {
        let found = archive
            .search(term, gazette_core::Sort::Relevance, 10, 0)
            .unwrap();
        assert_eq!(found.total, 1, "{term}");
    }
    assert_eq!(archive.post_file(post.id).unwrap(), input);
}
