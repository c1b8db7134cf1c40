//! Read-only archives (`Archive::open_reader`, issue 18): the app's reads
//! run on them beside the one writer, on a real SQLite file with real
//! corpus posts. A reader sees each commit, never waits for a write in
//! progress (WAL), writes nothing, and creates or migrates nothing.

use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use gazette_core::{Archive, ListQuery, TimelineBy};
use rusqlite::Connection;

fn corpus_archive(dir: &std::path::Path) -> Archive {
    let corpus = dunce::canonicalize(gazette_testkit::corpus()).unwrap();
    let mut archive = Archive::open(&dir.join("archive.db")).unwrap();
    archive
        .import(
            &[corpus.join("jekyll")],
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    archive
}

#[test]
fn a_reader_reads_beside_a_write_in_progress_and_sees_its_commit() {
    let dir = tempfile::tempdir().unwrap();
    let archive = corpus_archive(dir.path());
    let reader = Archive::open_reader(archive.path()).unwrap();
    let before = archive.stats().unwrap();
    assert_eq!(reader.stats().unwrap(), before);
    assert!(before.posts > 10);

    // Another connection holds a write transaction (a long bulk edit, an
    // import batch) that has deleted posts but not committed.
    let writer = Connection::open(archive.path()).unwrap();
    writer
        .execute_batch("PRAGMA foreign_keys = ON; BEGIN IMMEDIATE;")
        .unwrap();
    let deleted = writer
        .execute(
            "DELETE FROM posts WHERE id IN (SELECT id FROM posts ORDER BY id LIMIT 5)",
            [],
        )
        .unwrap();
    assert_eq!(deleted, 5);
    let started = Instant::now();
    let page = reader.list(&ListQuery::default()).unwrap();
    let stats = reader.stats().unwrap();
    let timeline = reader.timeline("", TimelineBy::Month).unwrap();
    // The busy timeout is 10 s: a read that waited for the writer would
    // take that long.
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(stats, before, "the reader sees the last commit only");
    assert_eq!(page.total, before.posts);
    assert_eq!(
        timeline.buckets.iter().map(|b| b.posts).sum::<u32>() + timeline.undated,
        before.posts
    );

    writer.execute_batch("COMMIT").unwrap();
    assert_eq!(reader.stats().unwrap().posts, before.posts - 5);
    assert_eq!(reader.stats().unwrap(), archive.stats().unwrap());
}

#[test]
fn a_reader_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let archive = corpus_archive(dir.path());
    let mut reader = Archive::open_reader(archive.path()).unwrap();
    let err = reader.set_remote_images_allowed(true).unwrap_err();
    assert!(matches!(err, gazette_core::Error::Database(_)), "{err}");
    assert!(!archive.remote_images_allowed().unwrap());
    // Word searches work on a reader (through FTS5, not the derived index).
    let hits = reader
        .search("jekyll", gazette_core::Sort::Relevance, 10, 0)
        .unwrap();
    assert!(hits.total > 0);
}

#[test]
fn a_reader_creates_and_migrates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db");
    let err = Archive::open_reader(&missing).unwrap_err();
    assert!(
        matches!(err, gazette_core::Error::OpenArchive { .. }),
        "{err}"
    );
    assert!(!missing.exists());

    let archive = corpus_archive(dir.path());
    let path = archive.path().to_path_buf();
    drop(archive);
    Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA user_version = 17")
        .unwrap();
    let err = Archive::open_reader(&path).unwrap_err();
    assert!(matches!(err, gazette_core::Error::BadRequest(_)), "{err}");
    let version: i64 = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 17, "a reader does not migrate");
}
