//! Lossless editing (issue 4) on real files in a real SQLite archive: the
//! shared cases BR-01 and BR-03, the whole corpus written back unedited and
//! with one title edited per post, a bulk edit and its undo, history,
//! conflicts, and re-import after an edit.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use gazette_core::front_matter::{load, split};
use gazette_core::{Archive, BulkAction, Error, FieldEdit, ListQuery};
use gazette_testkit::case;

fn import_files(dir: &Path, files: &[(&str, &[u8])]) -> Archive {
    for (name, bytes) in files {
        let path = dir.join("posts").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let mut archive = Archive::open(&dir.join("archive.db")).unwrap();
    let report = archive
        .import(&[dir.join("posts")], &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    assert!(report.failed.is_empty(), "{report:?}");
    archive
}

fn set_title(archive: &mut Archive, id: i64, title: &str) -> gazette_core::Saved {
    archive
        .edit_post(
            id,
            None,
            &[FieldEdit::SetText {
                key: "title".into(),
                value: title.into(),
            }],
        )
        .unwrap()
}

#[test]
fn br01_edit_keeps_bom_and_crlf_and_one_block() {
    let dir = tempfile::tempdir().unwrap();
    let input = std::fs::read(case("BR-01").join("input.md")).unwrap();
    let mut archive = import_files(dir.path(), &[("2024-05-01-ganzhou.md", &input)]);
    assert_eq!(archive.post_file(1).unwrap(), input, "unedited");
    set_title(&mut archive, 1, "赣州游记（修订）");
    let expected = std::fs::read(case("BR-01").join("expected-after-edit.md")).unwrap();
    assert_eq!(archive.post_file(1).unwrap(), expected);
    assert_eq!(archive.post(1).unwrap().title, "赣州游记（修订）");
}

#[test]
fn br03_edits_keep_every_other_byte() {
    let dir = tempfile::tempdir().unwrap();
    let input = std::fs::read(case("BR-03").join("input.md")).unwrap();
    let mut archive = import_files(dir.path(), &[("2022-12-31-review.md", &input)]);
    for (title, file) in [
        ("2023", "expected-title-2023.md"),
        ("2023: 回顾与展望", "expected-title-colon.md"),
    ] {
        set_title(&mut archive, 1, title);
        let expected = std::fs::read(case("BR-03").join(file)).unwrap();
        assert_eq!(
            String::from_utf8(archive.post_file(1).unwrap()).unwrap(),
            String::from_utf8(expected).unwrap()
        );
        let post = archive.post(1).unwrap();
        assert_eq!(post.front_matter["title"], title);
        assert_eq!(post.front_matter["lang"], "no");
        assert_eq!(post.front_matter["comments"], true);
        assert_eq!(post.tags, ["2022", "年终总结"]);
    }
    // Both revisions are kept, newest first, and restoring one is undoable.
    let history = archive.history(1).unwrap();
    assert_eq!(history.len(), 2);
    let first = history.last().unwrap().id;
    assert_eq!(archive.revision_text(1, first).unwrap().as_bytes(), input);
    let restored = archive.restore(1, first).unwrap();
    assert_eq!(archive.post_file(1).unwrap(), input);
    archive.undo(restored.operation_id).unwrap();
    assert_eq!(archive.post(1).unwrap().title, "2023: 回顾与展望");
}

#[test]
fn a_stale_save_is_a_conflict_and_invalid_yaml_is_never_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut archive = import_files(
        dir.path(),
        &[("2024-01-01-a.md", b"---\ntitle: a\n---\nbody\n")],
    );
    let base = archive.post(1).unwrap().content_hash;
    let saved = archive
        .save_text(1, Some(&base), "---\ntitle: b\n---\nbody\n")
        .unwrap();
    assert_ne!(saved.content_hash, base);
    // Another window still holds `base`.
    let err = archive
        .save_text(1, Some(&base), "---\ntitle: c\n---\nbody\n")
        .unwrap_err();
    assert!(matches!(err, Error::Conflict { id: 1 }), "{err}");
    let err = archive
        .save_text(1, Some(&saved.content_hash), "---\ntitle: [x\n---\nbody\n")
        .unwrap_err();
    assert!(
        matches!(err, Error::InvalidPost { line: Some(_), .. }),
        "{err}"
    );
    assert_eq!(archive.post_file(1).unwrap(), b"---\ntitle: b\n---\nbody\n");
    assert_eq!(archive.history(1).unwrap().len(), 1);
}

#[test]
fn reimport_keeps_an_edit_unless_the_source_changed_and_then_keeps_it_as_a_revision() {
    let dir = tempfile::tempdir().unwrap();
    let original = b"---\ntitle: a\n---\nbody\n";
    let mut archive = import_files(dir.path(), &[("2024-01-01-a.md", original)]);
    set_title(&mut archive, 1, "edited");
    let posts = dir.path().join("posts");
    let report = archive
        .import(
            std::slice::from_ref(&posts),
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!((report.unchanged, report.updated), (1, 0));
    assert_eq!(archive.post(1).unwrap().title, "edited");
    std::fs::write(
        posts.join("2024-01-01-a.md"),
        b"---\ntitle: changed on disk\n---\nbody\n",
    )
    .unwrap();
    let report = archive
        .import(&[posts], &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    assert_eq!(report.updated, 1);
    assert_eq!(archive.post(1).unwrap().title, "changed on disk");
    let history = archive.history(1).unwrap();
    assert_eq!(history[0].kind, "import");
    assert!(archive
        .revision_text(1, history[0].id)
        .unwrap()
        .contains("title: edited"));
}

fn corpus_archive(dir: &Path) -> Archive {
    let corpus = dunce::canonicalize(gazette_testkit::corpus()).unwrap();
    let mut archive = Archive::open(&dir.join("archive.db")).unwrap();
    archive
        .import(&[corpus], &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    archive
}

/// Exports every post as original bytes into a new folder; returns
/// (id, exported file) pairs.
fn export_all(archive: &mut Archive, out: &Path) -> Vec<(i64, PathBuf)> {
    let report = archive
        .export_original("", out, false, &mut |_, _| {}, &AtomicBool::new(false))
        .unwrap();
    assert_eq!(report.skipped, 0);
    report
        .files
        .into_iter()
        .map(|f| (f.id, out.join(f.path)))
        .collect()
}

fn decoded(bytes: &[u8]) -> String {
    gazette_core::post::decode(bytes).unwrap().0
}

/// Issue 4's must-show on the whole corpus: exported unedited, every file
/// is byte-identical to its source; after `title=<new>` on every post, the
/// only lines that differ from the source are title lines.
#[test]
fn corpus_round_trip_and_one_title_edit_per_post() {
    let dir = tempfile::tempdir().unwrap();
    let mut archive = corpus_archive(dir.path());
    let stats = archive.stats().unwrap();
    let files = export_all(&mut archive, &dir.path().join("unedited"));
    assert_eq!(files.len() as u32, stats.posts);
    let mut sources = Vec::new();
    for (id, path) in &files {
        let source = PathBuf::from(archive.post(*id).unwrap().source_path);
        assert!(
            std::fs::read(path).unwrap() == std::fs::read(&source).unwrap(),
            "{} differs from {}",
            path.display(),
            source.display()
        );
        sources.push((*id, source));
    }

    let mut refused = Vec::new();
    for (id, _) in &sources {
        let title = match id % 3 {
            0 => format!("{id}"),
            1 => format!("修订: 标题 #{id}"),
            _ => format!("Edited title {id}"),
        };
        match archive.edit_post(
            *id,
            None,
            &[FieldEdit::SetText {
                key: "title".into(),
                value: title.clone(),
            }],
        ) {
            Ok(_) => assert_eq!(archive.post(*id).unwrap().front_matter["title"], title),
            Err(e) => refused.push(format!("{id}: {e}")),
        }
    }
    assert!(refused.is_empty(), "refused: {refused:#?}");

    let edited = export_all(&mut archive, &dir.path().join("edited"));
    for ((id, path), (_, source)) in edited.iter().zip(&sources) {
        let old = decoded(&std::fs::read(source).unwrap());
        let new = decoded(&std::fs::read(path).unwrap());
        let had_front_matter = split(&old).yaml.is_some();
        let diff = similar::TextDiff::from_lines(&old, &new);
        let mut removed = Vec::new();
        let mut added = Vec::new();
        for change in diff.iter_all_changes() {
            match change.tag() {
                similar::ChangeTag::Delete => removed.push(change.value().to_string()),
                similar::ChangeTag::Insert => added.push(change.value().to_string()),
                similar::ChangeTag::Equal => {}
            }
        }
        let context = format!("post {id} ({})", source.display());
        let titles: Vec<_> = added.iter().filter(|l| is_title_line(l)).collect();
        assert_eq!(titles.len(), 1, "{context}: added {added:?}");
        if had_front_matter {
            assert_eq!(added.len(), 1, "{context}: added {added:?}");
            if let Some(first) = removed.first() {
                assert!(is_title_line(first), "{context}: removed {removed:?}");
                // The rest of a multi-line title value is indented.
                assert!(
                    removed[1..]
                        .iter()
                        .all(|l| l.starts_with([' ', '\t']) || l.trim().is_empty()),
                    "{context}: removed {removed:?}"
                );
            }
        } else {
            assert!(removed.is_empty(), "{context}");
            assert_eq!(added.len(), 3, "{context}: added {added:?}");
        }
        // Every other front matter key reads as before.
        let (before, after) = (entries(&old), entries(&new));
        let strip = |v: Vec<(String, gazette_core::front_matter::Value)>| {
            v.into_iter()
                .filter(|(k, _)| k != "title")
                .collect::<Vec<_>>()
        };
        assert_eq!(strip(before), strip(after), "{context}");
    }
}

/// `title:` as a key line: maybe indented, quoted, or with spaces before
/// the colon.
fn is_title_line(line: &str) -> bool {
    let rest = line.trim_start();
    let rest = rest
        .strip_prefix("title")
        .or_else(|| rest.strip_prefix("\"title\""))
        .or_else(|| rest.strip_prefix("'title'"));
    rest.is_some_and(|r| r.trim_start().starts_with(':'))
}

fn entries(text: &str) -> Vec<(String, gazette_core::front_matter::Value)> {
    split(text)
        .yaml
        .map(|r| load(&text[r]).unwrap().entries)
        .unwrap_or_default()
}

/// Issue 4's must-show: add a tag to every result of a search over the
/// corpus, then undo: every file is byte-identical to before.
#[test]
fn corpus_bulk_add_tag_then_undo_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let mut archive = corpus_archive(dir.path());
    let before = export_all(&mut archive, &dir.path().join("before"));
    let total = archive
        .search("新闻", gazette_core::Sort::Relevance, 1, 0)
        .unwrap()
        .total;
    let action = BulkAction::AddTag {
        tag: "批量 标签".into(),
    };
    let dry = archive.bulk("新闻", &action, true).unwrap();
    assert_eq!(dry.matched, total);
    assert!(dry.changed > 400, "{}", dry.changed);
    assert!(dry.failed.is_empty(), "{:?}", dry.failed);
    assert!(
        archive
            .operations(10)
            .unwrap()
            .iter()
            .all(|o| o.kind == "import"),
        "dry run wrote"
    );
    let report = archive.bulk("新闻", &action, false).unwrap();
    assert_eq!(report.changed, dry.changed);
    let tagged = archive
        .list(&ListQuery {
            tag: Some("批量 标签".into()),
            limit: Some(1000),
            ..ListQuery::default()
        })
        .unwrap();
    assert_eq!(tagged.total, report.changed);
    let undo = archive.undo(None).unwrap();
    assert_eq!(undo.undone, report.operation_id.unwrap());
    assert_eq!(undo.restored, report.changed);
    assert!(undo.conflicts.is_empty());
    let after = export_all(&mut archive, &dir.path().join("after"));
    assert_eq!(before.len(), after.len());
    for ((_, a), (_, b)) in before.iter().zip(&after) {
        assert!(
            std::fs::read(a).unwrap() == std::fs::read(b).unwrap(),
            "{}",
            b.display()
        );
    }
}

/// An import batch undoes as a whole: the posts it added go, the posts it
/// updated get their earlier bytes back (issue 6).
#[test]
fn an_import_batch_undoes_as_a_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut archive = import_files(
        dir.path(),
        &[("2024-01-01-a.md", b"---\ntitle: a\n---\nbody\n")],
    );
    let posts = dir.path().join("posts");
    std::fs::write(
        posts.join("2024-01-01-a.md"),
        b"---\ntitle: a2\n---\nbody\n",
    )
    .unwrap();
    std::fs::write(posts.join("2024-01-02-b.md"), b"---\ntitle: b\n---\nbody\n").unwrap();
    let report = archive
        .import(
            std::slice::from_ref(&posts),
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!((report.imported, report.updated), (1, 1));
    let op = archive.operations(1).unwrap()[0].clone();
    assert_eq!((op.kind.as_str(), op.posts), ("import", 2));
    let undo = archive.undo(Some(op.id)).unwrap();
    assert_eq!((undo.restored, undo.removed), (1, 1));
    assert_eq!(archive.stats().unwrap().posts, 1);
    assert_eq!(archive.post_file(1).unwrap(), b"---\ntitle: a\n---\nbody\n");
    assert_eq!(
        archive
            .search("title:b", gazette_core::Sort::Relevance, 10, 0)
            .unwrap()
            .total,
        0
    );
}

/// Possible duplicates (issue 6): same title and day, or the same source
/// URL, flagged at import and listed; keeping one deletes the others as one
/// undoable step (undo brings them back byte for byte); keeping both
/// dismisses the group.
#[test]
fn duplicates_are_flagged_listed_and_resolved_undoably() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    std::fs::write(
        a.join("2024-01-01-x.md"),
        "---\ntitle: 同一篇\ndate: 2024-01-01 08:00:00 +0800\n---\n第一版\n",
    )
    .unwrap();
    std::fs::write(
        b.join("2024-01-01-x-copy.md"),
        "---\ntitle: 同一篇\ndate: 2024-01-01 09:00:00 +0800\n---\n第二版\n",
    )
    .unwrap();
    std::fs::write(
        a.join("2024-02-01-y.md"),
        "---\ntitle: Y\nfrom: https://example.com/y\n---\none\n",
    )
    .unwrap();
    std::fs::write(
        b.join("2024-02-02-z.md"),
        "---\ntitle: Z\nfrom: https://example.com/y\n---\ntwo\n",
    )
    .unwrap();
    std::fs::write(a.join("2024-03-01-alone.md"), "---\ntitle: Alone\n---\n").unwrap();
    let mut archive = Archive::open(&dir.path().join("a.db")).unwrap();
    let first = archive
        .import(
            std::slice::from_ref(&a),
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!(first.duplicates, 0);
    let second = archive
        .import(
            std::slice::from_ref(&b),
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!((second.imported, second.duplicates), (2, 2));
    let groups = archive.duplicates().unwrap();
    assert_eq!(groups.len(), 2, "{groups:?}");
    let by_title = groups.iter().find(|g| g.reason == "title_date").unwrap();
    assert_eq!(by_title.value, "同一篇 · 2024-01-01");
    let by_url = groups.iter().find(|g| g.reason == "source_url").unwrap();
    assert_eq!(by_url.value, "https://example.com/y");

    // Keep one: the other goes, as one step that undo reverts exactly.
    let gone = by_title.ids[1];
    let bytes = archive.post_file(gone).unwrap();
    let path = archive.post(gone).unwrap().source_path;
    archive.delete_posts(&[gone]).unwrap();
    assert!(archive.post(gone).is_err());
    assert_eq!(archive.duplicates().unwrap().len(), 1);
    let undone = archive.undo(None).unwrap();
    assert_eq!(undone.restored, 1);
    let back = archive
        .list(&gazette_core::ListQuery::default())
        .unwrap()
        .items
        .into_iter()
        .find(|p| p.source_path == path)
        .expect("the deleted post is back");
    assert_eq!(archive.post_file(back.id).unwrap(), bytes);
    // Re-importing its unchanged file changes nothing.
    let again = archive
        .import(&[b], &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    assert_eq!((again.imported, again.updated, again.unchanged), (0, 0, 2));

    // Keep both: the group is not listed again.
    let key = archive
        .duplicates()
        .unwrap()
        .into_iter()
        .find(|g| g.reason == "source_url")
        .unwrap()
        .key;
    archive.dismiss_duplicates(&key).unwrap();
    assert!(archive
        .duplicates()
        .unwrap()
        .iter()
        .all(|g| g.reason != "source_url"));
}
