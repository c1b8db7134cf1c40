//! Import at scale (issue 6): writes 10k and 100k posts (the corpus's posts
//! replicated, each copy with its own name and a changed body, so every
//! file is a new post) and imports each set with the release `gazette`
//! binary twice: `import` (each post indexed for search as it is stored, the
//! CLI's default) and `import --no-index` followed by `index` (the app's
//! way: posts stored, then indexed by a background job). For each run it
//! prints posts/s, MB/s, the process's peak RSS and the database size,
//! beside a plain SQLite bulk insert of the same files' bytes without
//! parsing (read each file, insert path, bytes and hash in one transaction:
//! the physical limit on this machine).
//!
//! Run with `cargo bench -p gazette-cli --bench scale` (README:
//! "Benchmarks"); `GAZETTE_SCALE` sets the sizes (default `10000,100000`).
//! Needs about 3.5 GB of temporary disk for 100k posts.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The corpus's post files (Markdown and HTML under `_posts/`), as bytes.
fn corpus_posts() -> Vec<(String, Vec<u8>)> {
    let mut posts = Vec::new();
    for entry in walk(&gazette_testkit::corpus()) {
        let name = entry.file_name().unwrap().to_string_lossy().into_owned();
        let in_posts = entry
            .components()
            .any(|c| c.as_os_str() == "_posts" || c.as_os_str() == "archived");
        let post_ext = [".md", ".markdown", ".html"]
            .iter()
            .any(|e| name.ends_with(e));
        if in_posts && post_ext && !entry.to_string_lossy().contains("_broken") {
            posts.push((name, std::fs::read(&entry).unwrap()));
        }
    }
    posts.sort();
    posts
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if e.file_type().unwrap().is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Writes `n` posts under `dir` (1000 per folder); returns their total size.
fn write_posts(dir: &Path, posts: &[(String, Vec<u8>)], n: usize) -> u64 {
    let mut total = 0;
    for i in 0..n {
        let (name, bytes) = &posts[i % posts.len()];
        let copy = i / posts.len();
        let folder = dir.join(format!("{:03}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&folder).unwrap();
        }
        let (stem, ext) = name.rsplit_once('.').unwrap();
        let mut bytes = bytes.clone();
        bytes.extend_from_slice(format!("\n<!-- copy {copy} of {i} -->\n").as_bytes());
        total += bytes.len() as u64;
        // The corpus repeats some names across sites: `-i` keeps each file.
        std::fs::write(folder.join(format!("{stem}-{i}.{ext}")), bytes).unwrap();
    }
    total
}

/// Runs `gazette --db DB ARGS…`; returns the time, the process's peak RSS
/// in MiB (VmHWM, polled) and its stdout.
fn gazette(db: &Path, args: &[&std::ffi::OsStr]) -> (Duration, f64, String) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("--db")
        .arg(db)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0f64;
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_file) {
            if let Some(kib) = status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
            {
                peak_kib = peak_kib.max(kib);
            }
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let elapsed = start.elapsed();
    let mut out = String::new();
    std::io::Read::read_to_string(child.stdout.as_mut().unwrap(), &mut out).unwrap();
    (elapsed, peak_kib / 1024.0, out)
}

/// The baseline: read every file and insert path, bytes and BLAKE3 into a
/// plain table, one transaction, same SQLite settings as the archive.
fn bulk_insert(db: &Path, dir: &Path) -> Duration {
    let start = Instant::now();
    let mut conn = rusqlite::Connection::open(db).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "NORMAL").unwrap();
    conn.execute_batch(
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, source_path TEXT NOT NULL UNIQUE,
            raw BLOB NOT NULL, content_hash TEXT NOT NULL) STRICT;",
    )
    .unwrap();
    let tx = conn.transaction().unwrap();
    {
        let mut insert = tx
            .prepare("INSERT INTO posts (source_path, raw, content_hash) VALUES (?1, ?2, ?3)")
            .unwrap();
        for path in walk(dir) {
            let raw = std::fs::read(&path).unwrap();
            let hash = blake3::hash(&raw).to_hex().to_string();
            insert
                .execute(rusqlite::params![path.to_string_lossy(), raw, hash])
                .unwrap();
        }
    }
    tx.commit().unwrap();
    start.elapsed()
}

fn size_mib(db: &Path) -> f64 {
    let mut total = 0;
    for suffix in ["", "-wal", "-shm"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        total += std::fs::metadata(PathBuf::from(p)).map_or(0, |m| m.len());
    }
    total as f64 / 1024.0 / 1024.0
}

fn main() {
    let sizes: Vec<usize> = std::env::var("GAZETTE_SCALE")
        .unwrap_or_else(|_| "10000,100000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let posts = corpus_posts();
    println!(
        "scale benchmark: {} corpus posts replicated; release gazette binary",
        posts.len()
    );
    println!(
        "{:>7} {:<18} {:>7} {:>8} {:>6} {:>10} {:>7} {:>9} {:>7}",
        "posts", "run", "seconds", "posts/s", "MB/s", "peak RSS", "db MiB", "bulk p/s", "vs bulk"
    );
    for n in sizes {
        let dir = tempfile::tempdir().unwrap();
        let files = dir.path().join("posts");
        let bytes = write_posts(&files, &posts, n);
        let bulk = bulk_insert(&dir.path().join("bulk.db"), &files);
        let bulk_rate = n as f64 / bulk.as_secs_f64();
        let row = |what: &str, done: u64, elapsed: Duration, rss: f64, db: &Path| {
            let rate = done as f64 / elapsed.as_secs_f64();
            println!(
                "{:>7} {:<18} {:>7.1} {:>8.0} {:>6.1} {:>6.0} MiB {:>7.0} {:>9.0} {:>6.0}%",
                done,
                what,
                elapsed.as_secs_f64(),
                rate,
                bytes as f64 / 1e6 / elapsed.as_secs_f64(),
                rss,
                size_mib(db),
                bulk_rate,
                100.0 * rate / bulk_rate
            );
        };
        let json = |out: &str| serde_json::from_str::<serde_json::Value>(out).unwrap_or_default();
        // Indexed for search as each post is stored (the CLI's default).
        let db = dir.path().join("indexed.db");
        let (elapsed, rss, out) =
            gazette(&db, &["import".as_ref(), "--json".as_ref(), files.as_ref()]);
        let report = json(&out);
        let imported = report["imported"].as_u64().unwrap_or(0);
        row("import", imported, elapsed, rss, &db);
        if imported as usize != n {
            println!(
                "  note: {n} files written, {imported} imported: {}",
                report["failed"]
            );
        }
        // Stored only (the app's import), then indexed by `gazette index`
        // (the app's background indexing job).
        let db = dir.path().join("deferred.db");
        let (elapsed, rss, out) = gazette(
            &db,
            &[
                "import".as_ref(),
                "--no-index".as_ref(),
                "--json".as_ref(),
                files.as_ref(),
            ],
        );
        let imported = json(&out)["imported"].as_u64().unwrap_or(0);
        row("import --no-index", imported, elapsed, rss, &db);
        let (index_elapsed, rss, out) = gazette(&db, &["index".as_ref(), "--json".as_ref()]);
        let indexed = json(&out)["indexed"].as_u64().unwrap_or(0);
        row("then index", indexed, index_elapsed, rss, &db);
        row("  both", imported, elapsed + index_elapsed, rss, &db);
    }
}
