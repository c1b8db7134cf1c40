//! Search benchmark (issue: "Search that is right for Chinese archives").
//!
//! For each size (default 10k and 100k posts; `GAZETTE_BENCH_SIZES`, e.g.
//! `10000,100000,1000000` for 1M too, which takes long and ~7 GB of disk):
//! 1. writes that many post files made from the corpus's real posts, with
//!    varied dates, titles and a varied line of text, under
//!    `target/bench-search/posts-N/` (kept for later runs);
//! 2. imports them into `target/bench-search/archive-N.db` through the real
//!    import (kept too);
//! 3. runs a fixed query set (1-, 2- and 4-character Chinese, Latin words,
//!    a phrase, a filter-only query, a term in nearly every post) on the
//!    FTS5 index, then builds the derived tantivy index (issue 18: build
//!    time, size, peak RSS: anonymous and file-backed apart, `common/rss.rs`)
//!    and runs the set again on it; prints for the
//!    first page (50 results) by relevance and by date p50 and p95 latency
//!    per engine and the total (the same for both, checked), then the same
//!    term timed with `rg -l -F -i` over the files; then, per query and
//!    engine, p50/p95 of its facets (`Archive::search_facets`) and of its
//!    timeline by month (`Archive::timeline`), checked equal too, and the
//!    first facets call on the derived index alone (it caches a query's
//!    facets until its next commit, so the p50/p95 are cache hits);
//! 4. prints the index sizes on disk against the text size.
//!
//! Run: `cargo bench -p gazette-core --bench search` (README: Benchmarks).
//! `GAZETTE_BENCH_QUERY_RUNS` (default 20) runs each query that many times;
//! `GAZETTE_BENCH_FTS5_RUNS` (default the same) only on FTS5, whose runs at
//! 1M take minutes.
//! The corpus comes from `$GAZETTE_CORPUS` or `../shared/corpus`.

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use gazette_core::{Archive, Facets, PostFile, Sort, Timeline, TimelineBy};

#[path = "common/rss.rs"]
mod rss;

const QUERIES: &[(&str, &str)] = &[
    ("1-char Chinese", "赣"),
    ("1-char Chinese, common", "国"),
    ("2-char Chinese", "新闻"),
    ("4-char Chinese", "新冠肺炎"),
    ("Latin word", "ruby"),
    ("Latin word", "release"),
    ("phrase", "\"security fix\""),
    ("filter only", "year:2020 category:Archive"),
    ("filters, negated", "-category:Archive after:2010-06"),
    ("in nearly every post", "的"),
];

struct Seed {
    title: String,
    categories: Vec<String>,
    tags: Vec<String>,
    body: String,
}

fn seeds() -> Vec<Seed> {
    walkdir::WalkDir::new(gazette_testkit::corpus())
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && gazette_core::import::walk::is_post_file(e.path()))
        .filter_map(|e| {
            let raw = std::fs::read(e.path()).ok()?;
            let post = PostFile::parse(&e.path().to_string_lossy(), raw).ok()?;
            Some(Seed {
                title: post.fields.title.replace(['"', '\\', '\n', '\r'], " "),
                categories: post.fields.categories.clone(),
                tags: post.fields.tags.clone(),
                body: post.body().to_string(),
            })
        })
        .collect()
}

fn yaml_list(items: &[String]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|i| format!("\"{}\"", i.replace(['"', '\\'], " ")))
        .collect();
    format!("[{}]", quoted.join(", "))
}

/// Writes `n` posts into `dir` (unless it already holds them); returns the
/// total bytes of text written.
fn generate(dir: &Path, n: usize, seeds: &[Seed]) -> u64 {
    let done = dir.join(".complete");
    if done.exists() {
        return std::fs::read_to_string(&done)
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(0);
    }
    let _ = std::fs::remove_dir_all(dir);
    let start = chrono::NaiveDate::from_ymd_opt(2001, 1, 1).expect("date");
    let mut bytes = 0u64;
    for i in 0..n {
        let seed = &seeds[i % seeds.len()];
        // Spread over ~25 years; one folder per year keeps folders small.
        let day = start + chrono::Days::new((i as u64 * 7919) % 9131);
        let folder = dir
            .join(day.format("%Y").to_string())
            .join(format!("{:03}", i % 1000));
        if i < 1000 || i % 1000 == 0 {
            std::fs::create_dir_all(&folder).expect("folder");
        }
        std::fs::create_dir_all(&folder).ok();
        let text = format!(
            "---\nlayout: post\ntitle: \"{} （{}）\"\ndate: {} {:02}:{:02}:00 +0800\ncategories: {}\ntags: {}\n---\n{}\n\n<p>编号 {} variant{} 第{}版</p>\n",
            seed.title,
            i,
            day,
            i % 24,
            i % 60,
            yaml_list(&seed.categories),
            yaml_list(&seed.tags),
            seed.body,
            i,
            i % 997,
            i % 89
        );
        bytes += text.len() as u64;
        std::fs::write(folder.join(format!("{day}-post-{i}.md")), text).expect("write");
    }
    std::fs::write(&done, bytes.to_string()).expect("marker");
    bytes
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn rg_files(dir: &Path, term: &str) -> Option<(usize, Duration)> {
    let start = Instant::now();
    let out = Command::new("rg")
        .args(["-l", "-F", "-i", "--no-messages", "--", term])
        .arg(dir)
        .output()
        .ok()?;
    let elapsed = start.elapsed();
    Some((
        out.stdout
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .count(),
        elapsed,
    ))
}

fn main() {
    let sizes: Vec<usize> = std::env::var("GAZETTE_BENCH_SIZES")
        .unwrap_or_else(|_| "10000,100000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let runs: usize = std::env::var("GAZETTE_BENCH_QUERY_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    // FTS5's runs at 1M take minutes a query (its facets count every
    // match): `GAZETTE_BENCH_FTS5_RUNS=1` keeps the "before" short.
    let fts_runs: usize = std::env::var("GAZETTE_BENCH_FTS5_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(runs);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-search");
    std::fs::create_dir_all(&root).expect("bench folder");
    let seeds = seeds();
    println!("search benchmark: {} seed posts; {runs} runs per query; first page = 50 results, best match first", seeds.len());
    for n in sizes {
        let dir = root.join(format!("posts-{n}"));
        let t = Instant::now();
        let text_bytes = generate(&dir, n, &seeds);
        println!(
            "\n== {n} posts: files {:.0} MiB (written/checked in {:.1} s)",
            text_bytes as f64 / 1048576.0,
            t.elapsed().as_secs_f64()
        );
        let db = root.join(format!("archive-{n}.db"));
        let fresh = !db.exists();
        let mut archive = Archive::open(&db).expect("archive");
        if fresh {
            let t = Instant::now();
            let report = archive
                .import(
                    std::slice::from_ref(&dir),
                    &mut |_| {},
                    &AtomicBool::new(false),
                )
                .expect("import");
            let secs = t.elapsed().as_secs_f64();
            println!(
                "import: {} posts in {:.1} s = {:.0} posts/s ({} failed)",
                report.imported,
                secs,
                f64::from(report.imported) / secs,
                report.failed.len()
            );
        }
        let db_size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
        let total_db = db_size(&db) + db_size(&db.with_extension("db-wal"));
        let conn = rusqlite::Connection::open(&db).expect("open");
        let fts_bytes: Option<i64> = conn
            .query_row(
                "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'post_text%'",
                [],
                |r| r.get(0),
            )
            .ok();
        match fts_bytes {
            Some(b) => println!(
                "index (FTS5 tables): {:.0} MiB = {:.2}× the files' text ({:.0} MiB); whole archive {:.0} MiB",
                b as f64 / 1048576.0,
                b as f64 / text_bytes.max(1) as f64,
                text_bytes as f64 / 1048576.0,
                total_db as f64 / 1048576.0
            ),
            None => println!("whole archive {:.0} MiB (dbstat not available for the index alone)", total_db as f64 / 1048576.0),
        }
        // The FTS5 path first: no derived index (a run before left one).
        let derived = gazette_core::search::engine::index_dir(&db);
        let _ = std::fs::remove_dir_all(&derived);
        drop(archive);
        let mut archive = Archive::open(&db).expect("archive");
        let phase = rss::Phase::start();
        let fts = measure(&archive, fts_runs);
        let fts_rss = phase.stop();
        let phase = rss::Phase::start();
        let t = Instant::now();
        assert!(archive
            .build_search_index(&mut |_| {}, &AtomicBool::new(false))
            .expect("build"));
        let build_secs = t.elapsed().as_secs_f64();
        let build_rss = phase.stop();
        let status = archive
            .search_index_status()
            .expect("status")
            .expect("built");
        // Searching from a fresh open, as the app does.
        drop(archive);
        let archive = Archive::open(&db).expect("archive");
        let phase = rss::Phase::start();
        let tantivy = measure(&archive, runs);
        let tantivy_rss = phase.stop();
        println!(
            "derived index (tantivy): {} posts in {:.1} s = {:.0} posts/s; {:.0} MiB = {:.2}× the files' text; peak RSS building {}",
            status.posts,
            build_secs,
            status.posts as f64 / build_secs,
            status.bytes as f64 / 1048576.0,
            status.bytes as f64 / text_bytes.max(1) as f64,
            build_rss
        );
        println!("peak RSS searching (whole process, after the steps above; a fresh process: bench engine_memory): FTS5 {fts_rss}, tantivy {tantivy_rss}");
        println!(
            "{:<22} {:<27} {:>15} {:>15} {:>15} {:>15} {:>8} {:>8} {:>7}",
            "query kind",
            "query",
            "FTS5 rel p50/95",
            "FTS5 date",
            "tantivy rel",
            "tantivy date",
            "total",
            "rg -l",
            "rg ms"
        );
        for ((kind, query), (f, t)) in QUERIES.iter().zip(fts.iter().zip(&tantivy)) {
            assert_eq!(f.total, t.total, "totals differ for {query}");
            let rg = if query.contains(':') {
                "n/a".to_string()
            } else {
                let term = query.trim_matches('"');
                match rg_files(&dir, term) {
                    Some((count, took)) => format!("{count:>8} {:>7.0}", ms(took)),
                    None => "rg not installed".to_string(),
                }
            };
            let pair = |t: &[Duration]| {
                format!(
                    "{:.1}/{:.1}",
                    ms(percentile(t, 0.5)),
                    ms(percentile(t, 0.95))
                )
            };
            println!(
                "{:<22} {:<27} {:>15} {:>15} {:>15} {:>15} {:>8} {}",
                kind,
                query,
                pair(&f.relevance),
                pair(&f.date),
                pair(&t.relevance),
                pair(&t.date),
                f.total,
                rg
            );
            std::io::stdout().flush().ok();
        }
        println!(
            "{:<22} {:<27} {:>15} {:>15} {:>11} {:>15} {:>15}",
            "query kind",
            "query",
            "FTS5 facets",
            "tantivy facets",
            "1st (cold)",
            "FTS5 timeline",
            "tantivy timeline"
        );
        for ((kind, query), (f, t)) in QUERIES.iter().zip(fts.iter().zip(&tantivy)) {
            assert!(
                f.counts == t.counts,
                "facets or timeline differ for {query}"
            );
            let pair = |t: &[Duration]| {
                format!(
                    "{:.1}/{:.1}",
                    ms(percentile(t, 0.5)),
                    ms(percentile(t, 0.95))
                )
            };
            println!(
                "{:<22} {:<27} {:>15} {:>15} {:>11.1} {:>15} {:>15}",
                kind,
                query,
                pair(&f.facets),
                pair(&t.facets),
                ms(t.facets_first),
                pair(&f.timeline),
                pair(&t.timeline)
            );
            std::io::stdout().flush().ok();
        }
    }
}

/// One query's timings (sorted) by relevance and by date, of its facets
/// and of its timeline by month, and its total, facets and timeline.
struct Timings {
    relevance: Vec<Duration>,
    date: Vec<Duration>,
    facets: Vec<Duration>,
    /// The first facets call: the derived index caches a query's facets
    /// until its next commit, so later runs are cache hits.
    facets_first: Duration,
    timeline: Vec<Duration>,
    total: u32,
    counts: Option<(Facets, Timeline)>,
}

fn measure(archive: &Archive, runs: usize) -> Vec<Timings> {
    QUERIES
        .iter()
        .map(|(_, query)| {
            let mut t = Timings {
                relevance: Vec::with_capacity(runs),
                date: Vec::with_capacity(runs),
                facets: Vec::with_capacity(runs),
                facets_first: Duration::ZERO,
                timeline: Vec::with_capacity(runs),
                total: 0,
                counts: None,
            };
            for sort in [Sort::Relevance, Sort::Date] {
                for _ in 0..runs {
                    let start = Instant::now();
                    let page = archive.search(query, sort, 50, 0).expect("search");
                    let took = start.elapsed();
                    t.total = page.total;
                    match sort {
                        Sort::Relevance => t.relevance.push(took),
                        Sort::Date => t.date.push(took),
                    }
                }
            }
            for _ in 0..runs {
                let start = Instant::now();
                let facets = archive.search_facets(query).expect("facets");
                t.facets.push(start.elapsed());
                if t.facets.len() == 1 {
                    t.facets_first = t.facets[0];
                }
                let start = Instant::now();
                let timeline = archive
                    .timeline(query, TimelineBy::Month)
                    .expect("timeline");
                t.timeline.push(start.elapsed());
                t.counts = Some((facets, timeline));
            }
            t.relevance.sort();
            t.date.sort();
            t.facets.sort();
            t.timeline.sort();
            t
        })
        .collect()
}
