//! The derived index's outbox stays bounded without losing a row an index
//! or a build still needs (issue 18), across two real connections to one
//! archive file (the app and the CLI): each check compares the index's
//! documents with the posts.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::mpsc;

use gazette_core::search::engine::outbox::Trim;
use gazette_core::{Archive, BulkAction, ListQuery, Sort};

/// An archive of one corpus source (613 posts: two batches of a build).
fn archive(dir: &Path) -> PathBuf {
    let db = dir.join("a.db");
    let mut archive = Archive::open(&db).unwrap();
    archive
        .import(
            &[gazette_testkit::corpus().join("terminus2049")],
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    db
}

/// The archive at `db` opened, with its derived index built.
fn built(db: &Path) -> Archive {
    let mut archive = Archive::open(db).unwrap();
    assert!(archive
        .build_search_index(&mut |_| {}, &AtomicBool::new(false))
        .unwrap());
    archive
}

fn ids(archive: &Archive) -> Vec<i64> {
    let q = ListQuery {
        limit: Some(1000),
        ..ListQuery::default()
    };
    archive
        .list(&q)
        .unwrap()
        .items
        .iter()
        .map(|p| p.id)
        .collect()
}

fn add_tag(archive: &mut Archive, ids: &[i64], tag: &str) {
    let action = BulkAction::AddTag {
        tag: tag.to_string(),
    };
    archive.bulk_ids(ids, &action, false).unwrap();
}

fn assert_exact(archive: &Archive) {
    let check = archive.check_search_index().unwrap().expect("current");
    assert!(check.is_exact(), "{check:?}");
    assert_eq!(check.documents, check.posts);
}

fn tagged(archive: &Archive, tag: &str) -> u32 {
    archive
        .search(&format!("tag:{tag}"), Sort::Relevance, 1, 0)
        .unwrap()
        .total
}

#[test]
fn an_archive_without_a_derived_index_trims_its_outbox_at_each_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = archive(dir.path());
    let mut archive = Archive::open(&db).unwrap();
    assert_eq!(archive.search_outbox_len().unwrap(), 0, "the import's rows");
    let all = ids(&archive);
    for round in 0..3 {
        add_tag(&mut archive, &all[..100], &format!("round{round}"));
    }
    assert_eq!(archive.search_outbox_len().unwrap(), 300);
    drop(archive);
    let mut archive = Archive::open(&db).unwrap();
    assert_eq!(archive.search_outbox_len().unwrap(), 0);
    assert_eq!(archive.trim_search_outbox().unwrap(), Trim::Empty);
    // An index built afterwards holds every change.
    assert!(archive
        .build_search_index(&mut |_| {}, &AtomicBool::new(false))
        .unwrap());
    assert_exact(&archive);
    assert_eq!(tagged(&archive, "round2"), 100);
}

#[test]
fn the_rows_an_index_in_another_connection_has_not_applied_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = archive(dir.path());
    let app = built(&db);
    let all = ids(&app);
    // The CLI edits while the app's index is behind, and trims: only what
    // the index applied may go, and it applied none of these.
    let mut cli = Archive::open(&db).unwrap();
    add_tag(&mut cli, &all, "cli-edit");
    let rows = cli.search_outbox_len().unwrap();
    assert_eq!(rows, all.len() as u64);
    assert_eq!(cli.trim_search_outbox().unwrap(), Trim::Applied(0));
    drop(cli);
    let cli = Archive::open(&db).unwrap();
    assert_eq!(cli.search_outbox_len().unwrap(), rows);
    // The app applies them (then prunes them) and holds exactly the posts.
    assert_exact(&app);
    assert_eq!(app.search_outbox_len().unwrap(), 0);
    assert_eq!(cli.search_outbox_len().unwrap(), 0);
    drop(cli);
    let mut cli = Archive::open(&db).unwrap();
    add_tag(&mut cli, &all[..10], "second");
    // Once the app's index has applied them, the CLI's trim deletes them.
    assert_eq!(
        app.search_index_status().unwrap().unwrap().posts,
        all.len() as u64
    );
    assert_eq!(cli.trim_search_outbox().unwrap(), Trim::Empty);
    assert_exact(&app);
}

#[test]
fn a_build_running_in_another_connection_keeps_the_rows_it_needs() {
    let dir = tempfile::tempdir().unwrap();
    let db = archive(dir.path());
    let all = ids(&Archive::open(&db).unwrap());
    let (started, wait_started) = mpsc::channel::<()>();
    let (resume, wait_resume) = mpsc::channel::<()>();
    let builder = {
        let db = db.clone();
        std::thread::spawn(move || {
            let mut app = Archive::open(&db).unwrap();
            let mut first = true;
            let built = app
                .build_search_index(
                    &mut |_| {
                        if std::mem::take(&mut first) {
                            started.send(()).unwrap();
                            wait_resume.recv().unwrap();
                        }
                    },
                    &AtomicBool::new(false),
                )
                .unwrap();
            (app, built)
        })
    };
    // The build has read a first batch of posts: change every post (those
    // it read and those it has yet to), then try to trim from another
    // connection, as a CLI would at each open.
    wait_started.recv().unwrap();
    let mut cli = Archive::open(&db).unwrap();
    add_tag(&mut cli, &all, "during-build");
    assert_eq!(cli.trim_search_outbox().unwrap(), Trim::BuildRunning);
    drop(cli);
    let cli = Archive::open(&db).unwrap();
    assert_eq!(cli.search_outbox_len().unwrap(), all.len() as u64);
    resume.send(()).unwrap();
    let (app, built) = builder.join().unwrap();
    assert!(built);
    assert_exact(&app);
    assert_eq!(tagged(&app, "during-build"), all.len() as u32);
    assert_eq!(cli.search_outbox_len().unwrap(), 0, "applied, then pruned");
}

/// The check is not blind: a post changed behind the index's back (raw SQL,
/// no outbox row) is reported as differing, for its layout, its draft state
/// or its day alike; the other posts stay exact.
#[test]
fn a_post_changed_without_an_outbox_row_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let db = archive(dir.path());
    let archive = built(&db);
    assert_exact(&archive);
    let ids = ids(&archive);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let changes = [
        "UPDATE posts SET layout = 'changed-behind' WHERE id = ?1",
        "UPDATE posts SET draft = 1 - draft WHERE id = ?1",
        "UPDATE posts SET date_local = '1999-01-01' || substr(date_local, 11) WHERE id = ?1",
    ];
    for (change, id) in changes.iter().zip(&ids) {
        conn.execute(change, [id]).unwrap();
    }
    conn.execute("DELETE FROM search_outbox", []).unwrap();
    let check = archive.check_search_index().unwrap().expect("current");
    let mut want = ids[..changes.len()].to_vec();
    want.sort_unstable();
    assert_eq!(check.differ, want, "{check:?}");
    assert!(check.missing.is_empty() && check.extra.is_empty());
}
