//! The whole shared corpus (`../shared/corpus`, or `$GAZETTE_CORPUS`)
//! through the real import into a real SQLite file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use gazette_core::{Archive, ListQuery};

fn post_files(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && gazette_core::import::walk::is_post_file(e.path()))
        .map(|e| e.into_path())
        .collect()
}

fn all_posts(archive: &Archive) -> Vec<gazette_core::PostSummary> {
    let mut out = Vec::new();
    loop {
        let page = archive
            .list(&ListQuery {
                limit: Some(1000),
                offset: Some(out.len() as u32),
                ..ListQuery::default()
            })
            .unwrap();
        if page.items.is_empty() {
            return out;
        }
        out.extend(page.items);
    }
}

/// Every post file of the corpus imports; only Jekyll's broken-YAML test
/// file fails (with its line); copies of a file at another path are
/// unchanged; the count matches; a second import changes nothing; every stored file is byte-identical to its source; front matter
/// keys keep file order.
#[test]
fn the_whole_corpus_imports_losslessly_and_idempotently() {
    let corpus = dunce::canonicalize(gazette_testkit::corpus()).unwrap();
    let files = post_files(&corpus);
    assert!(
        files.len() > 3800,
        "corpus looks incomplete: {}",
        files.len()
    );
    let dir = tempfile::tempdir().unwrap();
    let mut archive = Archive::open(&dir.path().join("archive.db")).unwrap();

    let mut seen = 0u32;
    let report = archive
        .import(
            std::slice::from_ref(&corpus),
            &mut |p| seen = p.done,
            &AtomicBool::new(false),
        )
        .unwrap();
    let failed: BTreeSet<String> = report
        .failed
        .iter()
        .map(|f| {
            Path::new(&f.path)
                .strip_prefix(&corpus)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        failed,
        BTreeSet::from(["jekyll/test/source/_broken/bad_post.md".to_string()])
    );
    let bad = &report.failed[0];
    assert_eq!(bad.line, Some(3));
    assert!(
        bad.reason.contains("invalid front matter"),
        "{}",
        bad.reason
    );
    // A file with the same name and bytes as one imported from another
    // path (the corpus has such copies: nodebe4-society's `_posts/` and
    // `archived/`) is unchanged, not a second post.
    let distinct: BTreeSet<([u8; 32], std::ffi::OsString)> = files
        .iter()
        .map(|f| {
            let hash = *blake3::hash(&std::fs::read(f).unwrap()).as_bytes();
            (hash, f.file_name().unwrap().to_owned())
        })
        .collect();
    let copies = files.len() - distinct.len();
    assert!(copies >= 4, "the corpus's copies are gone: {copies}");
    assert_eq!(report.identical as usize, copies);
    assert_eq!(report.unchanged as usize, copies);
    assert_eq!(report.imported as usize, distinct.len() - 1);
    assert_eq!(seen as usize, files.len());
    assert_eq!(archive.stats().unwrap().posts, report.imported);

    let again = archive
        .import(
            std::slice::from_ref(&corpus),
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!(
        (again.imported, again.updated, again.unchanged),
        (0, 0, report.imported + report.identical)
    );

    let posts = all_posts(&archive);
    assert_eq!(posts.len(), report.imported as usize);
    let mut checked_keys = 0;
    for summary in &posts {
        let on_disk = std::fs::read(&summary.source_path).unwrap();
        assert_eq!(
            archive.post_file(summary.id).unwrap(),
            on_disk,
            "{}",
            summary.source_path
        );
        let post = archive.post(summary.id).unwrap();
        // Keys appear in the YAML text in the order `front_matter` lists them.
        if let (Some(text), Some(map)) = (&post.front_matter_text, post.front_matter.as_object()) {
            let mut from = 0;
            for key in map.keys() {
                let at = text[from..]
                    .lines()
                    .scan(from, |pos, line| {
                        let start = *pos;
                        *pos += line.len() + 1;
                        Some((start, line))
                    })
                    .find(|(_, line)| {
                        let l = line.trim_start();
                        l.strip_prefix(key.as_str())
                            .is_some_and(|r| r.trim_start().starts_with(':'))
                            || l.strip_prefix(&format!("\"{key}\""))
                                .is_some_and(|r| r.trim_start().starts_with(':'))
                    })
                    .map(|(start, _)| start);
                let at = at.unwrap_or_else(|| {
                    panic!("key {key} not found in order in {}", summary.source_path)
                });
                from = at + 1;
                checked_keys += 1;
            }
        }
        assert!(!post.title.contains('\r'), "{}", summary.source_path);
    }
    assert!(checked_keys > 20_000, "{checked_keys}");
}

/// Forms from the corpus that broke other tools: CRLF posts, the BOM file,
/// the UTF-16 file, the unpadded file-name date, a post with a bad date.
#[test]
fn corpus_edge_cases_read_as_jekyll_reads_them() {
    let corpus = gazette_testkit::corpus();
    let dir = tempfile::tempdir().unwrap();
    let mut archive = Archive::open(&dir.path().join("archive.db")).unwrap();
    let pick = |rel: &str| corpus.join(rel);
    let paths = vec![
        pick("jekyll/test/source/_encodings/UTF8CRLFandBOM.md"),
        pick("jekyll/test/source/_encodings/Unicode16LECRLFandBOM.md"),
        pick("terminus2049/_posts/2020-3-29-dang-xin-xie-kong-ju-er-lai-de-zheng-fu.md"),
        pick("finews/_posts/-202205262391921712.md"),
        pick("huxpro-blog/_posts"),
    ];
    let report = archive
        .import(&paths, &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    let posts = all_posts(&archive);
    let find = |tail: &str| {
        let s = posts
            .iter()
            .find(|p| p.source_path.ends_with(tail))
            .unwrap_or_else(|| panic!("{tail}"));
        archive.post(s.id).unwrap()
    };
    let bom = find("UTF8CRLFandBOM.md");
    assert_eq!(bom.encoding, "utf-8-bom");
    assert!(bom.front_matter.as_object().is_some_and(|m| !m.is_empty()));
    let utf16 = find("Unicode16LECRLFandBOM.md");
    assert_eq!(utf16.encoding, "utf-16le");
    let unpadded = find("2020-3-29-dang-xin-xie-kong-ju-er-lai-de-zheng-fu.md");
    assert!(
        unpadded.date.as_deref().unwrap().starts_with("2020-03-"),
        "{:?}",
        unpadded.date
    );
    // `title: ""`, `date:  +0800` and no date in the name: no date, a
    // warning naming the date, and a title taken from the body/name.
    let dateless = find("-202205262391921712.md");
    assert_eq!(dateless.date, None);
    assert_eq!(dateless.date_source, "none");
    assert!(
        dateless.warnings.iter().any(|w| w.contains("+0800")),
        "{:?}",
        dateless.warnings
    );
    assert!(!dateless.title.is_empty());
    // Hux posts: `published: false` and block-list tags.
    let hux: Vec<_> = posts
        .iter()
        .filter(|p| p.source_path.contains("huxpro-blog"))
        .collect();
    assert!(hux.len() >= 80);
    assert!(hux.iter().any(|p| !archive.post(p.id).unwrap().published));
    assert!(hux.iter().any(|p| p.tags.len() > 1));
}

/// A changed file updates its post in place; an unchanged one is left.
#[test]
fn a_changed_file_updates_its_post() {
    let corpus = gazette_testkit::corpus();
    let dir = tempfile::tempdir().unwrap();
    let posts = dir.path().join("posts");
    std::fs::create_dir(&posts).unwrap();
    for name in ["2021-12-01-init.md", "2022-01-22-NW202201222257519584.md"] {
        std::fs::copy(corpus.join("finews/_posts").join(name), posts.join(name)).unwrap();
    }
    let mut archive = Archive::open(&dir.path().join("archive.db")).unwrap();
    let first = archive
        .import(
            std::slice::from_ref(&posts),
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!(first.imported, 2);
    let target = posts.join("2021-12-01-init.md");
    let mut bytes = std::fs::read(&target).unwrap();
    bytes.extend_from_slice("\n追加一行。\n".as_bytes());
    std::fs::write(&target, &bytes).unwrap();
    let second = archive
        .import(
            std::slice::from_ref(&posts),
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!(
        (second.imported, second.updated, second.unchanged),
        (0, 1, 1)
    );
    let all = all_posts(&archive);
    assert_eq!(all.len(), 2);
    let updated = all
        .iter()
        .find(|p| p.source_path.ends_with("init.md"))
        .unwrap();
    assert_eq!(archive.post_file(updated.id).unwrap(), bytes);
    // The search index follows the edit: the new line is found, once.
    let found = archive
        .search("追加一行", gazette_core::Sort::Relevance, 10, 0)
        .unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.results[0].id, updated.id);
    // Rewritten wholly: words only the old text had are no longer found.
    std::fs::write(&target, "---\ntitle: 改写\n---\n全新的正文\n").unwrap();
    let third = archive
        .import(
            std::slice::from_ref(&posts),
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!(third.updated, 1);
    assert_eq!(
        archive
            .search("追加一行", gazette_core::Sort::Relevance, 10, 0)
            .unwrap()
            .total,
        0
    );
    assert_eq!(
        archive
            .search("全新的正文", gazette_core::Sort::Relevance, 10, 0)
            .unwrap()
            .total,
        1
    );
}

/// Cancelling stops between files and keeps what was written.
#[test]
fn cancel_stops_the_batch_and_keeps_whole_posts() {
    let corpus = gazette_testkit::corpus().join("terminus2049");
    let dir = tempfile::tempdir().unwrap();
    let mut archive = Archive::open(&dir.path().join("archive.db")).unwrap();
    let cancel = AtomicBool::new(false);
    let report = archive
        .import(
            &[corpus],
            &mut |p| {
                if p.done == 250 {
                    cancel.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            },
            &cancel,
        )
        .unwrap();
    assert!(report.cancelled);
    assert_eq!(report.imported, 250);
    assert_eq!(archive.stats().unwrap().posts, 250);
}
