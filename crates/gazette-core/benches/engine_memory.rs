//! Memory of the derived search index (issue 18) on an existing archive:
//! where a process's resident memory goes while it searches (and, with
//! `GAZETTE_MEMORY_BUILD=1`, while it rebuilds the index first), as
//! anonymous memory (heap) and file-backed pages (mapped index files and
//! database) separately (see `common/rss.rs`).
//!
//! Run: `GAZETTE_MEMORY_DB=target/bench-search/archive-100000.db cargo bench
//! -p gazette-core --bench engine_memory` (README: Benchmarks; a relative
//! path is read from the workspace's root). Prints per
//! phase the peaks and, per query, p50/p95 of the first page (50) by
//! relevance and by date.

#[path = "common/rss.rs"]
mod rss;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use gazette_core::{Archive, Sort};

const QUERIES: &[&str] = &[
    "赣",
    "国",
    "新闻",
    "新冠肺炎",
    "ruby",
    "release",
    "\"security fix\"",
    "的",
];

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let Some(db) = std::env::var_os("GAZETTE_MEMORY_DB").map(PathBuf::from) else {
        eprintln!("set GAZETTE_MEMORY_DB to an archive (with its derived index built)");
        return;
    };
    // cargo runs a bench in its crate's folder: a relative path is read
    // from the workspace's root, where `make` and the README run it.
    let db = if db.is_relative() {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(db)
    } else {
        db
    };
    if !db.is_file() {
        eprintln!("no archive at {} (GAZETTE_MEMORY_DB)", db.display());
        std::process::exit(2);
    }
    let runs: usize = std::env::var("GAZETTE_BENCH_QUERY_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let (a, f, _) = rss::now_kib();
    println!(
        "{}: at start anonymous {} MiB, file-backed {} MiB",
        db.display(),
        a / 1024,
        f / 1024
    );
    if std::env::var("GAZETTE_MEMORY_BUILD").is_ok_and(|v| v == "1") {
        let mut archive = Archive::open(&db).expect("archive");
        let phase = rss::Phase::start();
        let t = Instant::now();
        let mut last = Instant::now();
        assert!(archive
            .build_search_index(
                &mut |p| {
                    if last.elapsed() > Duration::from_secs(30) {
                        last = Instant::now();
                        let (a, f, _) = rss::now_kib();
                        println!(
                            "  {}/{} posts, {:.0} s: anonymous {} MiB, file-backed {} MiB",
                            p.done,
                            p.total,
                            t.elapsed().as_secs_f64(),
                            a / 1024,
                            f / 1024
                        );
                    }
                },
                &AtomicBool::new(false)
            )
            .expect("build"));
        let secs = t.elapsed().as_secs_f64();
        let peaks = phase.stop();
        let status = archive
            .search_index_status()
            .expect("status")
            .expect("built");
        println!(
            "build: {} posts in {secs:.1} s ({:.0} posts/s), {:.0} MiB; peak RSS {peaks}",
            status.posts,
            status.posts as f64 / secs,
            status.bytes as f64 / 1048576.0
        );
    }
    let phase = rss::Phase::start();
    let t = Instant::now();
    let archive = Archive::open(&db).expect("archive");
    let first = archive
        .search("ruby", Sort::Relevance, 50, 0)
        .expect("search");
    println!(
        "open + first search: {:.0} ms ({} found); peak RSS {}",
        ms(t.elapsed()),
        first.total,
        phase.stop()
    );
    let phase = rss::Phase::start();
    println!(
        "{:<16} {:>14} {:>14} {:>9}",
        "query", "rel p50/p95", "date p50/p95", "total"
    );
    for q in QUERIES {
        let mut total = 0;
        let mut cols = Vec::new();
        for sort in [Sort::Relevance, Sort::Date] {
            let mut t: Vec<Duration> = (0..runs)
                .map(|_| {
                    let s = Instant::now();
                    total = archive.search(q, sort, 50, 0).expect("search").total;
                    s.elapsed()
                })
                .collect();
            t.sort();
            let p = |x: f64| ms(t[((t.len() as f64 - 1.0) * x).round() as usize]);
            cols.push(format!("{:.1}/{:.1}", p(0.5), p(0.95)));
        }
        println!("{q:<16} {:>14} {:>14} {total:>9}", cols[0], cols[1]);
    }
    let peaks = phase.stop();
    let (a, f, _) = rss::now_kib();
    println!(
        "searching: peak RSS {peaks}; after: anonymous {} MiB, file-backed {} MiB",
        a / 1024,
        f / 1024
    );
}
