//! The derived search index (issue 18) follows every change of the archive:
//! edits, imports, deletes and their undo, made through this archive or
//! another connection (the CLI while the app is open), are found after the
//! outbox is replayed; its documents are the archive's posts.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use gazette_core::{Archive, ListQuery, Sort};

fn post(dir: &Path, name: &str, title: &str, body: &str) {
    std::fs::write(
        dir.join(name),
        format!("---\nlayout: post\ntitle: \"{title}\"\ndate: 2024-05-0{} 10:00:00 +0800\n---\n{body}\n", name.len() % 9 + 1),
    )
    .unwrap();
}

/// The ids a query finds, with the total checked against them.
fn ids(archive: &Archive, query: &str) -> BTreeSet<i64> {
    let page = archive.search(query, Sort::Relevance, 1000, 0).unwrap();
    let set: BTreeSet<i64> = page.results.iter().map(|h| h.id).collect();
    assert_eq!(page.total as usize, set.len(), "total for {query}");
    set
}

fn id_of(archive: &Archive, file: &str) -> i64 {
    archive
        .list(&ListQuery::default())
        .unwrap()
        .items
        .into_iter()
        .find(|p| p.source_path.ends_with(file))
        .map(|p| p.id)
        .unwrap()
}

/// Every index document is a post and every post is a document.
fn documents_are_the_posts(archive: &Archive) {
    let status = archive.search_index_status().unwrap().expect("built");
    assert_eq!(status.posts, u64::from(archive.stats().unwrap().posts));
}

#[test]
fn derived_index_follows_edits_imports_deletes_and_undo() {
    let dir = tempfile::tempdir().unwrap();
    let posts = dir.path().join("posts");
    std::fs::create_dir(&posts).unwrap();
    post(&posts, "a.md", "周末", "周末去了赣州，看了古城墙。");
    post(&posts, "bb.md", "Ruby notes", "A ruby release note.");
    post(&posts, "ccc.md", "新闻", "农业 发展");
    let db = dir.path().join("a.db");
    let mut archive = Archive::open(&db).unwrap();
    archive
        .import(&[posts], &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    assert!(archive
        .build_search_index(&mut |_| {}, &AtomicBool::new(false))
        .unwrap());
    let (a, b, c) = (
        id_of(&archive, "a.md"),
        id_of(&archive, "bb.md"),
        id_of(&archive, "ccc.md"),
    );
    assert_eq!(ids(&archive, "赣州"), BTreeSet::from([a]));
    documents_are_the_posts(&archive);

    // An edit: the old words are gone, the new ones found.
    let text = String::from_utf8(archive.post_file(a).unwrap()).unwrap();
    archive
        .save_text(a, None, &text.replace("赣州", "南昌"))
        .unwrap();
    assert_eq!(ids(&archive, "赣州"), BTreeSet::new());
    assert_eq!(ids(&archive, "南昌"), BTreeSet::from([a]));

    // An import adds documents.
    let more = dir.path().join("more");
    std::fs::create_dir(&more).unwrap();
    post(&more, "dddd.md", "赣州脐橙", "赣州的脐橙");
    archive
        .import(&[more], &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    let d = id_of(&archive, "dddd.md");
    assert_eq!(ids(&archive, "赣州"), BTreeSet::from([d]));
    assert_eq!(ids(&archive, "脐橙"), BTreeSet::from([d]));
    documents_are_the_posts(&archive);

    // A delete removes one; its undo brings it back.
    archive.delete_posts(&[b]).unwrap();
    assert_eq!(ids(&archive, "ruby"), BTreeSet::new());
    documents_are_the_posts(&archive);
    archive.undo(None).unwrap();
    let b = id_of(&archive, "bb.md");
    assert_eq!(ids(&archive, "ruby"), BTreeSet::from([b]));
    documents_are_the_posts(&archive);

    // Another connection's change (the CLI while the app is open) is
    // replayed by this one before it answers, and on a fresh open.
    let mut other = Archive::open(&db).unwrap();
    let text = String::from_utf8(other.post_file(c).unwrap()).unwrap();
    other
        .save_text(c, None, &text.replace("农业 发展", "中国农业发展银行"))
        .unwrap();
    assert_eq!(ids(&archive, "农业发展"), BTreeSet::from([c]));
    assert_eq!(ids(&other, "农业发展"), BTreeSet::from([c]));
    drop(archive);
    let archive = Archive::open(&db).unwrap();
    assert_eq!(ids(&archive, "业发展银"), BTreeSet::from([c]));
    assert_eq!(ids(&archive, "国农 OR 南昌"), BTreeSet::from([a, c]));
    documents_are_the_posts(&archive);
}

/// An archive whose derived index was never built searches with FTS5 (an
/// archive from the current version opens and searches as before).
#[test]
fn without_a_derived_index_searches_use_fts5() {
    let dir = tempfile::tempdir().unwrap();
    let posts = dir.path().join("posts");
    std::fs::create_dir(&posts).unwrap();
    post(&posts, "a.md", "周末", "周末去了赣州。");
    let mut archive = Archive::open(&dir.path().join("a.db")).unwrap();
    archive
        .import(&[posts], &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    assert_eq!(archive.search_index_status().unwrap(), None);
    assert_eq!(ids(&archive, "赣州").len(), 1);
    // A cancelled build leaves no index behind.
    assert!(!archive
        .build_search_index(&mut |_| {}, &AtomicBool::new(true))
        .unwrap());
    assert_eq!(archive.search_index_status().unwrap(), None);
    assert_eq!(ids(&archive, "赣州").len(), 1);
}
