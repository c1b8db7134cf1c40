//! Ranking side by side (issue 18): the top results of the search
//! benchmark's queries, plus a few the corpus is about, from the FTS5 index
//! and from the derived (tantivy) index, on the real corpus.
//!
//! 1. Imports the shared corpus (`gazette_testkit::corpus`, every source) through the real import
//!    into a temporary archive.
//! 2. Runs each query by relevance on FTS5 (no derived index yet), builds
//!    the derived index, and runs it again.
//! 3. Prints, per query: both totals (they must be equal), how many of the
//!    top 10 are the same posts, how many of each top 10 have the query in
//!    their title (the title is weighted 10× the body in both, so a top 10
//!    of title matches is the ranking working as meant), and the two
//!    top 10s side by side.
//!
//! Run: `cargo bench -p gazette-core --bench ranking` (README: Benchmarks;
//! `make bench-ranking`). Not a test: it judges nothing itself, it shows.

use std::sync::atomic::AtomicBool;

use gazette_core::{Archive, SearchResults, Sort};

/// The search benchmark's word queries, then some of the corpus's topics.
const QUERIES: &[&str] = &[
    "赣",
    "国",
    "新闻",
    "新冠肺炎",
    "ruby",
    "release",
    "\"security fix\"",
    "的",
    "习近平",
    "疫情",
    "Jekyll",
    "OpenSSL",
];

const TOP: usize = 10;

fn run(archive: &Archive) -> Vec<SearchResults> {
    QUERIES
        .iter()
        .map(|q| {
            archive
                .search(q, Sort::Relevance, TOP as u32, 0)
                .expect("search")
        })
        .collect()
}

fn title_hits(query: &str, results: &SearchResults) -> usize {
    let term = query.trim_matches('"').to_lowercase();
    results
        .results
        .iter()
        .filter(|h| h.title.to_lowercase().contains(&term))
        .count()
}

fn cut(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}

fn main() {
    let corpus = gazette_testkit::corpus();
    let tmp = tempfile::tempdir().expect("temp dir");
    let db = tmp.path().join("archive.db");
    let mut archive = Archive::open(&db).expect("archive");
    let report = archive
        .import(
            std::slice::from_ref(&corpus),
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .expect("import");
    println!(
        "ranking side by side: {} posts of {}; top {TOP} by relevance",
        report.imported,
        corpus.display()
    );
    let fts = run(&archive);
    assert!(archive
        .build_search_index(&mut |_| {}, &AtomicBool::new(false))
        .expect("build"));
    assert!(archive.search_index_status().expect("status").is_some());
    let derived = run(&archive);
    println!(
        "\n{:<18} {:>7} {:>8} {:>14} {:>14}",
        "query", "total", "same", "FTS5 titles", "tantivy titles"
    );
    for ((q, f), t) in QUERIES.iter().zip(&fts).zip(&derived) {
        assert_eq!(f.total, t.total, "totals differ for {q}");
        let same = f
            .results
            .iter()
            .filter(|h| t.results.iter().any(|x| x.id == h.id))
            .count();
        println!(
            "{:<18} {:>7} {:>5}/{:<2} {:>11}/{:<2} {:>11}/{:<2}",
            q,
            f.total,
            same,
            f.results.len(),
            title_hits(q, f),
            f.results.len(),
            title_hits(q, t),
            t.results.len()
        );
    }
    for ((q, f), t) in QUERIES.iter().zip(&fts).zip(&derived) {
        println!("\n## {q}\n{:<4}{:<44} tantivy", "#", "FTS5");
        for i in 0..f.results.len().max(t.results.len()) {
            let title = |r: &SearchResults| {
                r.results
                    .get(i)
                    .map_or(String::new(), |h| cut(&h.title, 40))
            };
            println!("{:<4}{:<44} {}", i + 1, title(f), title(t));
        }
    }
}
