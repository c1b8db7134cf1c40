//! Timeline benchmark (issue 19): the counts per month and per year at
//! scale.
//!
//! For each size (default 1M posts; `GAZETTE_BENCH_SIZES`, e.g.
//! `100000,1000000`):
//! 1. imports the corpus's `ruby-lang-news` posts through the real import
//!    into `target/bench-timeline/archive-N.db` (kept for later runs), then
//!    replicates them with one SQL insert-select up to N posts, each copy
//!    dated at a random instant of 1995–2025 (a synthetic archive: the
//!    rows are real posts' rows, only path, title and date differ);
//! 2. times, 7 runs each, p50 and max: the timeline of the whole archive
//!    by month and by year, of a category, of a year, the search counts of
//!    the same filters (what the list beside the chart runs), and the
//!    list's count for a month range (the timeline's filter).
//!
//! Run: `cargo bench -p gazette-core --bench timeline` (README: Benchmarks).

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use gazette_core::{Archive, ListQuery, Sort, TimelineBy};

fn build(db: &Path, n: usize) {
    let corpus = dunce::canonicalize(gazette_testkit::corpus()).expect("corpus");
    {
        let mut archive = Archive::open(db).expect("open");
        archive
            .import(
                &[corpus.join("ruby-lang-news")],
                &mut |_| {},
                &AtomicBool::new(false),
            )
            .expect("import");
    }
    let conn = rusqlite::Connection::open(db).expect("open");
    let seed: i64 = conn
        .query_row("SELECT count(*) FROM posts", [], |r| r.get(0))
        .unwrap();
    let start = Instant::now();
    // Copies of the seed posts with new paths and dates; their tags and
    // categories are copied too, so filters see them.
    // Post ids are 1..=seed after the import into a new archive, so copy
    // i is post seed + i, a copy of post 1 + i % seed.
    conn.execute_batch(&format!(
        "BEGIN;
         CREATE TEMP TABLE seq AS WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s
             WHERE i < {copies}) SELECT i, 1 + i % {seed} AS o,
             788918400 + abs(random()) % 946080000 AS t FROM s;
         INSERT INTO posts (id, source_path, raw, encoding, front_matter_start, front_matter_end,
             body_start, content_hash, format, title, date_text, date_local, date_offset,
             date_utc_ms, date_source, year, layout, permalink, published, draft, slug, excerpt,
             front_matter_json, warnings_json, import_id, imported_at, updated_at, context_json,
             search_version)
         SELECT {seed} + seq.i, p.source_path || '#' || seq.i, p.raw, p.encoding,
             p.front_matter_start, p.front_matter_end, p.body_start, p.content_hash, p.format,
             p.title || ' ' || seq.i, p.date_text, strftime('%Y-%m-%dT%H:%M:%S', seq.t, 'unixepoch'),
             NULL, seq.t * 1000, p.date_source, CAST(strftime('%Y', seq.t, 'unixepoch') AS INTEGER),
             p.layout, p.permalink, p.published, p.draft, p.slug, p.excerpt, p.front_matter_json,
             p.warnings_json, p.import_id, p.imported_at, p.updated_at, p.context_json, 2
         FROM seq JOIN posts p ON p.id = seq.o ORDER BY seq.i;
         INSERT INTO post_categories (post_id, position, name)
             SELECT {seed} + seq.i, c.position, c.name FROM seq JOIN post_categories c
             ON c.post_id = seq.o;
         INSERT INTO post_tags (post_id, position, name)
             SELECT {seed} + seq.i, c.position, c.name FROM seq JOIN post_tags c
             ON c.post_id = seq.o;
         COMMIT;",
        copies = n.saturating_sub(seed as usize),
    ))
    .expect("replicate");
    println!(
        "built {n} posts ({seed} imported, the rest copied) in {:.1} s",
        start.elapsed().as_secs_f64()
    );
}

fn time(label: &str, mut f: impl FnMut() -> u64) {
    let mut runs: Vec<Duration> = Vec::new();
    let mut out = 0;
    for _ in 0..7 {
        let t = Instant::now();
        out = f();
        runs.push(t.elapsed());
    }
    runs.sort();
    println!(
        "{label:<40} p50 {:>7.1} ms  max {:>7.1} ms  ({out})",
        runs[3].as_secs_f64() * 1000.0,
        runs[6].as_secs_f64() * 1000.0
    );
}

fn main() {
    let sizes = std::env::var("GAZETTE_BENCH_SIZES").unwrap_or_else(|_| "1000000".into());
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-timeline");
    std::fs::create_dir_all(&dir).unwrap();
    for n in sizes
        .split(',')
        .map(|s| s.trim().parse::<usize>().expect("size"))
    {
        let db = dir.join(format!("archive-{n}.db"));
        if !db.exists() {
            build(&db, n);
        }
        let archive = Archive::open(&db).expect("open");
        println!("== {n} posts ({})", db.display());
        let buckets = |q: &str, by| {
            let t = archive.timeline(q, by).unwrap();
            t.buckets.len() as u64
        };
        time("timeline, whole archive, by month", || {
            buckets("", TimelineBy::Month)
        });
        time("timeline, whole archive, by year", || {
            buckets("", TimelineBy::Year)
        });
        time("timeline, category:zh_cn", || {
            buckets("category:zh_cn", TimelineBy::Month)
        });
        time("timeline, year:2010", || {
            buckets("year:2010", TimelineBy::Month)
        });
        // The list beside the chart counts the same posts: the filtered
        // timeline costs what that count costs (both read the rows).
        time("search count, category:zh_cn (the list)", || {
            u64::from(
                archive
                    .search("category:zh_cn", Sort::Date, 1, 0)
                    .unwrap()
                    .total,
            )
        });
        time("search count, year:2010 (the list)", || {
            u64::from(archive.search("year:2010", Sort::Date, 1, 0).unwrap().total)
        });
        time("list count, from 2010-01 to 2010-03", || {
            let q = ListQuery {
                from: Some("2010-01".into()),
                to: Some("2010-03".into()),
                limit: Some(50),
                ..ListQuery::default()
            };
            u64::from(archive.list(&q).unwrap().total)
        });
    }
}
