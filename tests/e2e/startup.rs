//! Issue 18's start-up figures: how long the real app takes from launch to
//! its first page of posts and its sidebar counts, and which backend calls
//! it waited for (the UI's call log, `window.__gazetteCalls`).
//!
//! The functional test runs on a small corpus archive in `make test`; the
//! benchmark (`make bench-startup`, ignored here) opens the archive named
//! by `$GAZETTE_STARTUP_DB` (the 1M-post search-bench archive) and prints
//! the figures.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::Client;
use serde_json::{json, Value};

use crate::support::*;

/// When the first post row and the sidebar's post count appeared, in ms
/// since the page loaded and since the launch, and the calls made.
struct Figures {
    first_row_page_ms: f64,
    first_row_wall: Duration,
    counts_page_ms: f64,
    calls: Vec<Value>,
}

/// Polls the page every 20 ms until the first row and the sidebar count
/// show (two minutes at most).
async fn watch_start(client: &Client, launched: Instant) -> Figures {
    let deadline = Instant::now() + Duration::from_secs(120);
    let (mut row, mut counts) = (None, None);
    loop {
        let seen = client
            .execute(
                "const n = document.querySelector('[data-testid=facet-all]');
                 return [document.querySelector('[data-testid=post-row]') != null,
                         n != null && /[1-9]/.test(n.textContent), performance.now()];",
                vec![],
            )
            .await
            .unwrap();
        let now = seen[2].as_f64().unwrap_or(0.0);
        if row.is_none() && seen[0] == json!(true) {
            row = Some((now, launched.elapsed()));
        }
        if counts.is_none() && seen[1] == json!(true) {
            counts = Some(now);
        }
        if let (Some((row_ms, wall)), Some(counts_ms)) = (row, counts) {
            let calls = client
                .execute("return window.__gazetteCalls || [];", vec![])
                .await
                .unwrap();
            return Figures {
                first_row_page_ms: row_ms,
                first_row_wall: wall,
                counts_page_ms: counts_ms,
                calls: calls.as_array().cloned().unwrap_or_default(),
            };
        }
        assert!(Instant::now() < deadline, "no first page after 2 minutes");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn print(db: &Path, f: &Figures) {
    println!("\n== start-up of {}", db.display());
    println!(
        "first page: {:.0} ms after the page loaded ({:.1} s after launch, tauri-driver and the webview included); sidebar counts: {:.0} ms",
        f.first_row_page_ms,
        f.first_row_wall.as_secs_f64(),
        f.counts_page_ms
    );
    println!("{:<24} {:>10} {:>10}  ok", "call", "start ms", "took ms");
    for c in &f.calls {
        println!(
            "{:<24} {:>10.0} {:>10.1}  {}",
            c["name"].as_str().unwrap_or("?"),
            c["start"].as_f64().unwrap_or(0.0),
            c["ms"].as_f64().unwrap_or(0.0),
            c["ok"]
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_page_shows_and_its_calls_are_logged() {
    let _serial = SERIAL.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("archive.db");
    let folder = gazette_testkit::corpus().join("ruby-lang-news");
    gazette_core::Archive::open(&db)
        .unwrap()
        .import(&[folder], &mut |_| {}, &Default::default())
        .unwrap();
    let launched = Instant::now();
    let app = launch(&db).await;
    let figures = watch_start(&app.client, launched).await;
    print(&db, &figures);
    let names: Vec<&str> = figures
        .calls
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    for wanted in ["stats", "listPosts"] {
        assert!(names.contains(&wanted), "{wanted} not in {names:?}");
    }
    assert!(figures.calls.iter().all(|c| c["ms"].as_f64().is_some()));
    app.client.clone().close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: make bench-startup"]
async fn startup_figures() {
    let _serial = SERIAL.lock().await;
    let db = PathBuf::from(std::env::var_os("GAZETTE_STARTUP_DB").expect("set GAZETTE_STARTUP_DB"));
    assert!(db.is_file(), "{} is no archive", db.display());
    for run in 1..=2 {
        let launched = Instant::now();
        let app = launch(&db).await;
        let figures = watch_start(&app.client, launched).await;
        println!("\n(run {run}; the first after a build also reads the file from disk)");
        print(&db, &figures);
        screenshot(&app.client, &format!("startup-run{run}.png")).await;
        app.client.clone().close().await.unwrap();
    }
}
