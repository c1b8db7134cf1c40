//! Import benchmark: imports the shared corpus into a new archive several
//! times and prints posts/s (median and each run) and the process's peak
//! resident memory. Run with `cargo bench -p gazette-core --bench import`
//! (README: "Benchmarks"). The corpus is `$GAZETTE_CORPUS`, else
//! `../shared/corpus` beside the repository. `GAZETTE_BENCH_RUNS` sets the
//! number of runs (default 5).

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use gazette_core::Archive;

/// Peak resident set size of this process in MiB (Linux: VmHWM), if known.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    let corpus = gazette_testkit::corpus();
    let runs: usize = std::env::var("GAZETTE_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    println!(
        "import benchmark: {} ({} runs, new archive each run)",
        corpus.display(),
        runs
    );
    let mut rates = Vec::new();
    let mut posts = 0;
    for run in 1..=runs {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("bench.db");
        let mut archive = Archive::open(&db).expect("open archive");
        let start = Instant::now();
        let report = archive
            .import(
                std::slice::from_ref(&corpus),
                &mut |_| {},
                &AtomicBool::new(false),
            )
            .expect("import");
        let secs = start.elapsed().as_secs_f64();
        posts = report.imported;
        let rate = f64::from(report.imported) / secs;
        let size = |p: PathBuf| std::fs::metadata(p).map_or(0, |m| m.len());
        let db_mib = (size(db.clone()) + size(db.with_extension("db-wal"))) as f64 / 1048576.0;
        println!(
            "run {run}: {} posts ({} failed) in {:.3} s = {:.0} posts/s, archive {:.1} MiB",
            report.imported,
            report.failed.len(),
            secs,
            rate,
            db_mib
        );
        rates.push(rate);
    }
    rates.sort_by(f64::total_cmp);
    let median = rates[rates.len() / 2];
    println!("median: {median:.0} posts/s over {posts} posts");
    match peak_rss_mib() {
        Some(mib) => println!("peak memory (VmHWM): {mib:.1} MiB"),
        None => println!("peak memory: not available on this OS"),
    }
}
