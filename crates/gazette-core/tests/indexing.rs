//! Search indexing left for later (`ImportOptions::defer_search_index`, the
//! app's import): what a word search sees meanwhile, and that edits,
//! deletes, undo, cancel and "every post matching" operations stay right
//! while posts wait for `index_pending`. Real archives in temporary files.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use gazette_core::import::ImportOptions;
use gazette_core::ImportReport;
use gazette_core::{Archive, BulkAction, FieldEdit, Sort};

/// Writes `n` posts mentioning 赣州 and imports them without indexing.
fn deferred_archive(dir: &Path, n: usize) -> Archive {
    let posts = dir.join("posts");
    std::fs::create_dir_all(&posts).unwrap();
    for i in 0..n {
        std::fs::write(
            posts.join(format!("2024-05-{:02}-post-{i}.md", i % 28 + 1)),
            format!("---\ntitle: 第{i}篇\ntags: [t{i}]\n---\n<p>赣州 新闻 number{i}</p>\n"),
        )
        .unwrap();
    }
    let mut archive = Archive::open(&dir.join("a.db")).unwrap();
    let report = import_deferred(&mut archive, posts);
    assert_eq!(report.imported as usize, n);
    archive
}

/// Imports `path` the way the app does: posts stored without index entries.
fn import_deferred(archive: &mut Archive, path: std::path::PathBuf) -> ImportReport {
    let options = ImportOptions {
        defer_search_index: true,
        ..ImportOptions::default()
    };
    archive
        .import_with(&[path], options, &mut |_| {}, &AtomicBool::new(false))
        .unwrap()
}

fn total(archive: &Archive, query: &str) -> u32 {
    archive.search(query, Sort::Date, 10, 0).unwrap().total
}

fn index_all(archive: &mut Archive) -> u32 {
    archive
        .index_pending(&mut |_| {}, &AtomicBool::new(false))
        .unwrap()
}

/// FTS5's own check of the index against the posts' rows, plus SQLite's.
fn assert_consistent(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute(
        "INSERT INTO post_text(post_text) VALUES ('integrity-check')",
        [],
    )
    .unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}

#[test]
fn deferred_posts_are_browsable_then_searchable() {
    let dir = tempfile::tempdir().unwrap();
    let mut archive = deferred_archive(dir.path(), 30);
    assert_eq!(archive.unindexed().unwrap(), 30);
    // Filters see every post; words wait for the index, and say so.
    assert_eq!(total(&archive, "tag:t3"), 1);
    let found = archive.search("赣州", Sort::Date, 10, 0).unwrap();
    assert_eq!((found.total, found.unindexed), (0, 30));
    assert_eq!(
        archive
            .search("tag:t3", Sort::Date, 10, 0)
            .unwrap()
            .unindexed,
        0
    );
    assert_eq!(index_all(&mut archive), 30);
    assert_eq!(total(&archive, "赣州"), 30);
    assert_eq!(total(&archive, "number7"), 1);
    assert_eq!(
        archive.search("赣州", Sort::Date, 10, 0).unwrap().unindexed,
        0
    );
    // Nothing left: a second run does nothing.
    assert_eq!(index_all(&mut archive), 0);
    assert_consistent(&dir.path().join("a.db"));
}

#[test]
fn an_edit_before_indexing_is_indexed_with_its_new_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut archive = deferred_archive(dir.path(), 5);
    let id = archive.search("number2", Sort::Date, 1, 0).unwrap();
    assert_eq!(id.total, 0);
    let id = archive.search("tag:t2", Sort::Date, 1, 0).unwrap().results[0].id;
    archive
        .edit_post(
            id,
            None,
            &[FieldEdit::SetText {
                key: "title".into(),
                value: "南昌".into(),
            }],
        )
        .unwrap();
    // The edit indexed that post at once; the job indexes the other four.
    assert_eq!(total(&archive, "南昌"), 1);
    assert_eq!(archive.unindexed().unwrap(), 4);
    assert_eq!(index_all(&mut archive), 4);
    assert_eq!(total(&archive, "南昌"), 1);
    assert_eq!(
        total(&archive, "第2篇"),
        0,
        "the old title is not in the index"
    );
    assert_eq!(total(&archive, "赣州"), 5);
    assert_consistent(&dir.path().join("a.db"));
}

#[test]
fn undoing_an_import_before_indexing_leaves_a_sound_index() {
    let dir = tempfile::tempdir().unwrap();
    let mut archive = deferred_archive(dir.path(), 12);
    // One import indexed, a second one not yet; both undone: indexed and
    // unindexed posts alike are removed, with their entries.
    assert_eq!(index_all(&mut archive), 12);
    let more = dir.path().join("more");
    std::fs::create_dir(&more).unwrap();
    std::fs::write(
        more.join("2024-06-01-late.md"),
        "---\ntitle: late\n---\n赣州 late\n",
    )
    .unwrap();
    import_deferred(&mut archive, more);
    assert_eq!(archive.unindexed().unwrap(), 1);
    // Imports are undone by id, newest first.
    let imports: Vec<i64> = archive
        .operations(10)
        .unwrap()
        .iter()
        .filter(|o| o.kind == "import")
        .map(|o| o.id)
        .collect();
    assert_eq!(imports.len(), 2);
    archive.undo(Some(imports[0])).unwrap();
    assert_eq!(archive.unindexed().unwrap(), 0);
    assert_eq!(total(&archive, "late"), 0);
    archive.undo(Some(imports[1])).unwrap();
    assert_eq!(total(&archive, "赣州"), 0);
    assert_eq!(archive.stats().unwrap().posts, 0);
    assert_consistent(&dir.path().join("a.db"));
    // New posts after the undo may get the removed posts' row ids: the
    // index stays right.
    let posts = dir.path().join("posts");
    std::fs::remove_dir_all(&posts).unwrap();
    std::fs::create_dir(&posts).unwrap();
    std::fs::write(
        posts.join("2024-07-01-new.md"),
        "---\ntitle: 新\n---\n南昌\n",
    )
    .unwrap();
    import_deferred(&mut archive, posts);
    assert_eq!(index_all(&mut archive), 1);
    assert_eq!((total(&archive, "南昌"), total(&archive, "赣州")), (1, 0));
    assert_consistent(&dir.path().join("a.db"));
}

#[test]
fn a_cancelled_run_leaves_the_rest_for_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let mut archive = deferred_archive(dir.path(), 10);
    let cancel = AtomicBool::new(true);
    assert_eq!(archive.index_pending(&mut |_| {}, &cancel).unwrap(), 0);
    assert_eq!(archive.unindexed().unwrap(), 10);
    assert_eq!(index_all(&mut archive), 10);
    assert_eq!(total(&archive, "赣州"), 10);
}

#[test]
fn operations_on_every_match_index_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut archive = deferred_archive(dir.path(), 8);
    // A bulk edit by a word query must reach every post, not only the
    // indexed ones.
    let report = archive
        .bulk(
            "赣州",
            &BulkAction::AddTag {
                tag: "江西".into()
            },
            false,
        )
        .unwrap();
    assert_eq!((report.matched, report.changed), (8, 8));
    assert_eq!(archive.unindexed().unwrap(), 0);
    assert_eq!(total(&archive, "tag:江西"), 8);
}

/// Batches end at 16 MiB of files as well as at 1000 posts, so large posts
/// never make one long write: five 6 MB posts are indexed in two batches.
#[test]
fn large_posts_are_indexed_in_batches_bounded_by_size() {
    let dir = tempfile::tempdir().unwrap();
    let posts = dir.path().join("posts");
    std::fs::create_dir(&posts).unwrap();
    // 12 bytes a time: 6 MiB.
    let body = "赣州 news ".repeat((6 << 20) / 12);
    for i in 0..5 {
        std::fs::write(
            posts.join(format!("2024-05-0{}-big{i}.md", i + 1)),
            format!("---\ntitle: big{i}\n---\n{body}\n"),
        )
        .unwrap();
    }
    let mut archive = Archive::open(&dir.path().join("a.db")).unwrap();
    import_deferred(&mut archive, posts);
    let mut batches = Vec::new();
    archive
        .index_pending(&mut |p| batches.push(p.done), &AtomicBool::new(false))
        .unwrap();
    assert_eq!(batches, [3, 5]);
    assert_eq!(total(&archive, "big4"), 1);
    assert_eq!(total(&archive, "赣州"), 5);
}
