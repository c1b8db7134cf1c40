//! Crash safety of the derived search index (issue 18): the real `gazette`
//! killed with SIGKILL while it builds the index (`index --derived`) and
//! while it applies a large outbox (`index`, after thousands of edits).
//! After each kill the archive opens, searches answer with the same totals
//! (from the FTS5 index while the derived one is missing or behind), and
//! once the index is rebuilt or caught up its documents are exactly the
//! posts: the same ids, and for each the same date, year and every term
//! with its frequency (`Archive::check_search_index`).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use gazette_core::search::engine::{index_dir, Engine};
use gazette_core::{Archive, BulkAction, ListQuery, Sort};

/// Kill points tried per test.
const KILLS: usize = 4;

/// Queries whose totals must not change across kills (Chinese, Latin, a
/// filter).
const QUERIES: &[&str] = &["中国", "ruby", "release", "视频", "year:2019"];

fn gazette(db: &Path, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("--db")
        .arg(db)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn building(db: &Path) -> PathBuf {
    let mut name = index_dir(db).into_os_string();
    name.push(".new");
    PathBuf::from(name)
}

/// An archive of two corpus sources: 2,500 short posts (Chinese video
/// channels and the Ruby news in four languages).
fn archive(dir: &Path) -> PathBuf {
    let db = dir.join("a.db");
    let corpus = gazette_testkit::corpus();
    let mut archive = Archive::open(&db).unwrap();
    archive
        .import(
            &[
                corpus.join("nodebe4-society"),
                corpus.join("ruby-lang-news"),
            ],
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    db
}

fn totals(db: &Path) -> Vec<u32> {
    let archive = Archive::open(db).unwrap();
    QUERIES
        .iter()
        .map(|q| archive.search(q, Sort::Relevance, 10, 0).unwrap().total)
        .collect()
}

/// The index, once current, holds exactly the posts.
fn assert_exact(db: &Path) {
    let archive = Archive::open(db).unwrap();
    let check = archive.check_search_index().unwrap().expect("current");
    assert!(check.is_exact(), "{check:?}");
    assert_eq!(check.documents, check.posts);
    assert!(check.posts > 2000);
}

fn kill_after(mut child: Child, delay: Duration) {
    std::thread::sleep(delay);
    let _ = child.kill(); // SIGKILL on Unix
    let _ = child.wait();
}

#[test]
fn sigkill_during_a_build_keeps_the_archive_and_a_rebuild_is_exact() {
    let dir = tempfile::tempdir().unwrap();
    let db = archive(dir.path());
    let expected = totals(&db);
    // One whole build, to spread the kills over it.
    let start = Instant::now();
    assert!(gazette(&db, &["index", "--derived", "--json"])
        .wait()
        .unwrap()
        .success());
    let full = start.elapsed();
    assert_exact(&db);
    assert_eq!(totals(&db), expected);

    let mut rng = fastrand::Rng::with_seed(20261204);
    let mut mid_build = 0;
    for _ in 0..KILLS {
        let child = gazette(&db, &["index", "--derived", "--json"]);
        // Wait for the build to start (its folder), then kill it a while
        // into its run.
        let t = Instant::now();
        while !building(&db).exists() && t.elapsed() < full {
            std::thread::sleep(Duration::from_millis(2));
        }
        let delay = full.mul_f64(rng.f64() * 0.6);
        kill_after(child, delay);
        if building(&db).exists() {
            mid_build += 1;
        }
        // The archive opens and searches answer the same; the index there
        // was (a kill mid-rebuild leaves the previous one) is still exact.
        assert_eq!(totals(&db), expected);
        assert_exact(&db);
    }
    assert!(mid_build > 0, "no kill landed inside a build");

    // Without any index, searches answer from the archive; a rebuild
    // after a kill completes and is exact.
    std::fs::remove_dir_all(index_dir(&db)).unwrap();
    let child = gazette(&db, &["index", "--derived", "--json"]);
    while !building(&db).exists() {
        std::thread::sleep(Duration::from_millis(2));
    }
    kill_after(child, full / 3);
    assert!(Archive::open(&db)
        .unwrap()
        .search_index_status()
        .unwrap()
        .is_none());
    assert_eq!(totals(&db), expected);
    assert!(gazette(&db, &["index", "--derived", "--json"])
        .wait()
        .unwrap()
        .success());
    assert!(!building(&db).exists());
    assert_exact(&db);
    assert_eq!(totals(&db), expected);
}

fn copy_archive(from: &Path, to: &Path) {
    std::fs::copy(from, to).unwrap();
    let index = index_dir(to);
    std::fs::create_dir_all(&index).unwrap();
    for entry in std::fs::read_dir(index_dir(from)).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), index.join(entry.file_name())).unwrap();
    }
}

#[test]
fn sigkill_while_applying_a_large_outbox_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = archive(dir.path());
    let mut archive = Archive::open(&db).unwrap();
    assert!(archive
        .build_search_index(&mut |_| {}, &AtomicBool::new(false))
        .unwrap());
    let applied = Engine::open(&db).unwrap().unwrap().applied();
    // Thousands of edits the index has not applied (more than one commit
    // of a replay): two tags added to every post, then one removed again
    // from some.
    let ids: Vec<i64> = (0..3)
        .flat_map(|page| {
            let q = ListQuery {
                limit: Some(1000),
                offset: Some(page * 1000),
                ..ListQuery::default()
            };
            archive.list(&q).unwrap().items
        })
        .map(|p| p.id)
        .collect();
    let edits = [
        (BulkAction::AddTag { tag: "one".into() }, &ids[..]),
        (BulkAction::AddTag { tag: "two".into() }, &ids[..]),
        (BulkAction::RemoveTag { tag: "one".into() }, &ids[..100]),
    ];
    for (action, which) in &edits {
        archive.bulk_ids(which, action, false).unwrap();
    }
    drop(archive);
    let head = applied + edits.iter().map(|(_, w)| w.len() as i64).sum::<i64>();
    assert!(head - applied > 5000, "one commit would apply them all");
    let expected = totals(&db);

    // One whole replay, on a copy, to spread the kills over it.
    let pristine = dir.path().join("pristine.db");
    copy_archive(&db, &pristine);
    let start = Instant::now();
    assert!(gazette(&db, &["index", "--json"]).wait().unwrap().success());
    let full = start.elapsed();
    assert_eq!(Engine::open(&db).unwrap().unwrap().applied(), head);
    assert_exact(&db);

    let mut rng = fastrand::Rng::with_seed(4122026);
    let mut behind = 0;
    for k in 0..KILLS {
        let work = dir.path().join(format!("kill-{k}.db"));
        copy_archive(&pristine, &work);
        let child = gazette(&work, &["index", "--json"]);
        kill_after(child, full.mul_f64(0.1 + rng.f64() * 0.8));
        let at = Engine::open(&work).unwrap().unwrap().applied();
        assert!((applied..=head).contains(&at), "{at}");
        if at < head {
            behind += 1;
        }
        // Searches answer the same (from FTS5 while the index is behind),
        // and the index caught up holds exactly the posts.
        assert_eq!(totals(&work), expected);
        assert_exact(&work);
        assert_eq!(Engine::open(&work).unwrap().unwrap().applied(), head);
        std::fs::remove_file(&work).unwrap();
        std::fs::remove_dir_all(index_dir(&work)).unwrap();
    }
    assert!(behind > 0, "no kill landed inside the replay");
}

/// Two processes: while `gazette index --derived` builds, this process
/// edits posts and trims the outbox (as every open does). The trim leaves
/// the rows the build still needs, so the finished index holds the edits.
#[test]
fn edits_made_while_another_process_builds_are_in_the_index() {
    use gazette_core::search::engine::outbox::Trim;
    let dir = tempfile::tempdir().unwrap();
    let db = archive(dir.path());
    let mut child = gazette(&db, &["index", "--derived", "--json"]);
    while !building(&db).exists() {
        std::thread::sleep(Duration::from_millis(2));
    }
    let mut archive = Archive::open(&db).unwrap();
    let q = ListQuery {
        limit: Some(40),
        ..ListQuery::default()
    };
    let ids: Vec<i64> = archive
        .list(&q)
        .unwrap()
        .items
        .iter()
        .map(|p| p.id)
        .collect();
    let action = BulkAction::AddTag {
        tag: "while-building".into(),
    };
    archive.bulk_ids(&ids, &action, false).unwrap();
    let running = child.try_wait().unwrap().is_none();
    let trim = archive.trim_search_outbox().unwrap();
    if running && child.try_wait().unwrap().is_none() {
        assert_eq!(trim, Trim::BuildRunning);
        assert_eq!(archive.search_outbox_len().unwrap(), ids.len() as u64);
    }
    drop(archive);
    assert!(child.wait().unwrap().success());
    assert!(
        running,
        "the build ended before the edits: nothing was tested"
    );
    assert_exact(&db);
    let archive = Archive::open(&db).unwrap();
    let page = archive
        .search("tag:while-building", Sort::Relevance, 100, 0)
        .unwrap();
    assert_eq!(page.total as usize, ids.len());
}
