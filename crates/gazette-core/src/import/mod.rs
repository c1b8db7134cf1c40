//! Importing post files into the archive.
//!
//! The pipeline, in order:
//! 1. **Expand** the given files and folders into post files ([`walk`]):
//!    folders recursively, skipping `_site`, `.git` and `node_modules`.
//! 2. **Read and parse** each file ([`PostFile::parse_with`]): decode, split
//!    the front matter by Jekyll's rule, read its YAML, derive the typed view
//!    with what its site gives it ([`site`]: `_config.yml` defaults, its
//!    collection, a draft's file time). A file that fails is reported with
//!    path, line and reason; the batch goes on.
//! 3. **Compare** with the store by absolute source path and content hash:
//!    new → imported, same bytes → unchanged (its view derived again if its
//!    site's context changed), other bytes → updated; a new path holding a
//!    copy of a post (same file name and bytes) → unchanged, `identical`.
//! 4. **Write** in transactions of [`CHUNK`] files (at most [`CHUNK_BYTES`]),
//!    so a crash or a cancel leaves every post wholly in or wholly out.
//!    Progress is reported after every file; cancelling stops between files
//!    and keeps what was written.
//!    Each post gets its search index entry in the same transaction, unless
//!    [`ImportOptions::defer_search_index`] leaves it to
//!    [`Store::index_pending`] (the app's way: about half the time, with the
//!    index built by a background job right after).
//!
//! Steps 1–2 run on one thread and 3–4 on another. Only the list of paths
//! and at most 64 MiB of read files (see `ahead`) are held in memory, never
//! the whole batch.

mod ahead;
pub mod site;
pub mod walk;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::post::{Context, PostFile};
use crate::store::{BatchCounts, Origin, Store, Stored};
use walk::Found;

/// Files written per transaction. Larger transactions make fewer, larger
/// search index segments, so less merging (1000 took 0.9 of the time of
/// 200 on 20k replicated corpus posts), and rewrite the leaf pages of the
/// indexes on random keys (content hashes) fewer times: 4000 took 0.8 of
/// the time of 1000 for 100k posts stored without their index entries
/// (8000: no better). A write transaction of 4000 posts holds the write
/// lock for about 0.5 s (1.3 s when indexing as it goes). A crash loses at
/// most the transaction being written; importing again completes it.
pub const CHUNK: usize = 4000;

/// A transaction also ends once its files add up to this many bytes (64
/// MiB), so a batch of very large files stays a bounded write (see
/// [`CHUNK`]); a file larger than this is a transaction of its own.
pub const CHUNK_BYTES: usize = 64 << 20;

/// The default largest post file imported: 50 MB.
pub const MAX_FILE_SIZE: u64 = 50 << 20;

/// How to import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportOptions {
    /// Files (and zip entries) larger than this many bytes are refused.
    pub max_file_size: u64,
    /// Store new posts without their search index entry, leaving it to
    /// [`crate::store::Store::index_pending`] (the app runs it as a
    /// background job right after): the import then goes at the speed of
    /// parsing and storing alone. Until indexed, those posts are missing
    /// from word searches. Default `false`: each post is indexed as it is
    /// stored.
    pub defer_search_index: bool,
}

impl Default for ImportOptions {
    fn default() -> ImportOptions {
        ImportOptions {
            max_file_size: MAX_FILE_SIZE,
            defer_search_index: false,
        }
    }
}

type OpenZip = (PathBuf, zip::ZipArchive<std::io::BufReader<std::fs::File>>);

/// A file that could not be imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportFailure {
    /// The file's absolute path.
    pub path: String,
    /// The 1-based line of the problem, when known.
    pub line: Option<u32>,
    /// What was wrong, for a person.
    pub reason: String,
}

/// What an import did. This is the JSON contract of `gazette import --json`:
/// `{"imported":N,"updated":N,"unchanged":N,"failed":[{"path","line","reason"}]}`
/// plus `skipped` (files in folders passed over for not being posts) and
/// `cancelled`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportReport {
    /// Posts added to the archive.
    pub imported: u32,
    /// Posts whose file had changed since it was last imported.
    pub updated: u32,
    /// Files already in the archive with the same bytes, at the same path
    /// or (see `identical`) at another one.
    pub unchanged: u32,
    /// Of the `unchanged` files, copies of a post imported from another
    /// path (same file name, and the bytes that file had or the post has
    /// now: a copy in a second folder, a zip of a folder imported before):
    /// not stored a second time.
    #[serde(default)]
    pub identical: u32,
    /// Files that could not be imported.
    pub failed: Vec<ImportFailure>,
    /// Files inside folders that were not post files (by extension).
    pub skipped: u32,
    /// The import was cancelled before the end.
    pub cancelled: bool,
    /// Posts this import added that may duplicate another post (same title
    /// and day, or the same source URL; see [`crate::store::DuplicateGroup`]).
    pub duplicates: u32,
}

/// Where an import is, reported after each file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportProgress {
    /// Files handled so far.
    pub done: u32,
    /// Files to handle in all.
    pub total: u32,
    /// The file just handled.
    pub current: String,
    /// Files handled per second since the import started.
    pub per_second: f64,
}

fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn failure(path: &Path, line: Option<usize>, reason: impl Into<String>) -> ImportFailure {
    ImportFailure {
        path: display(path),
        line: line.map(|l| l as u32),
        reason: reason.into(),
    }
}

/// Imports `paths` (files, folders and `.zip` files) into `store` with the
/// default [`ImportOptions`], calling `progress` after each file and
/// checking `cancel` between files.
///
/// # Errors
/// Only errors that stop the whole batch: the database failing. Problems
/// with single files are in the report's `failed` list.
pub fn import(
    store: &mut Store,
    paths: &[PathBuf],
    progress: &mut dyn FnMut(&ImportProgress),
    cancel: &AtomicBool,
) -> Result<ImportReport> {
    import_with(store, paths, ImportOptions::default(), progress, cancel)
}

/// [`import`] with options (the size limit).
///
/// # Errors
/// As [`import`].
pub fn import_with(
    store: &mut Store,
    paths: &[PathBuf],
    options: ImportOptions,
    progress: &mut dyn FnMut(&ImportProgress),
    cancel: &AtomicBool,
) -> Result<ImportReport> {
    let (found, skipped) = walk::expand(paths);
    let mut report = ImportReport {
        skipped: skipped as u32,
        ..ImportReport::default()
    };
    let batch = store.start_batch()?;
    let total = found.len() as u32;
    let started = std::time::Instant::now();
    // The batch is one operation, so it can be undone as a whole.
    let mut operation = None;
    // Two threads: one reads, decodes and parses files (and builds their
    // search text) ahead, in order; this one compares and writes. The queue
    // between them is bounded by bytes (see `ahead`).
    let (sender, receiver) = ahead::queue::<Prepared>();
    std::thread::scope(|scope| -> Result<()> {
        let found = &found;
        scope.spawn(move || prepare_all(found, options, &sender, cancel));
        let mut done = 0u32;
        let mut items = receiver;
        'chunks: loop {
            if cancel.load(Ordering::Relaxed) {
                report.cancelled = true;
                break;
            }
            let writer = store.writer()?;
            if options.defer_search_index {
                writer.defer_new_entries();
            }
            let mut chunk_bytes = 0;
            for _ in 0..CHUNK {
                if cancel.load(Ordering::Relaxed) {
                    report.cancelled = true;
                    break;
                }
                if chunk_bytes >= CHUNK_BYTES {
                    break;
                }
                let Some(item) = items.next() else {
                    writer.record_batch(batch, &counts(&report), false)?;
                    writer.commit()?;
                    break 'chunks;
                };
                chunk_bytes += item.bytes();
                report.failed.extend(item.problems);
                match item.outcome {
                    Ok((hash, parsed)) => import_prepared(
                        &writer,
                        &item.shown,
                        &hash,
                        parsed,
                        batch,
                        &mut operation,
                        &mut report,
                    )?,
                    Err(reason) => {
                        report
                            .failed
                            .push(failure(Path::new(&item.shown), None, reason))
                    }
                }
                done += 1;
                progress(&ImportProgress {
                    done,
                    total,
                    current: item.shown,
                    per_second: f64::from(done) / started.elapsed().as_secs_f64().max(1e-3),
                });
            }
            writer.record_batch(batch, &counts(&report), false)?;
            writer.commit()?;
            if report.cancelled {
                break;
            }
        }
        // Stops the reader if it is still going (a cancel): its next send
        // fails.
        drop(items);
        Ok(())
    })?;
    let writer = store.writer()?;
    writer.record_batch(batch, &counts(&report), true)?;
    let added: std::collections::HashSet<i64> = match operation {
        Some(op) => writer.added(op)?.into_iter().map(|(id, _)| id).collect(),
        None => Default::default(),
    };
    writer.commit()?;
    if !added.is_empty() {
        let mut flagged: std::collections::HashSet<i64> = Default::default();
        for group in store.duplicate_groups()? {
            flagged.extend(group.ids.iter().filter(|id| added.contains(id)));
        }
        report.duplicates = flagged.len() as u32;
    }
    Ok(report)
}

/// One file read and parsed ahead of the writer: its path as shown, and
/// its bytes' hash with the parse result, or why it could not be read.
struct Prepared {
    shown: String,
    /// Site configurations found unreadable while preparing it.
    problems: Vec<ImportFailure>,
    outcome: std::result::Result<
        (
            String,
            std::result::Result<PostFile, crate::post::ParseError>,
        ),
        String,
    >,
}

impl Prepared {
    /// The memory it holds, about: the file's bytes and its search text.
    fn bytes(&self) -> usize {
        match &self.outcome {
            Ok((_, Ok(post))) => {
                let search = post.search_columns_built();
                post.raw.len() + search.map_or(0, |c| c.iter().map(String::len).sum::<usize>())
            }
            _ => 0,
        }
    }
}

/// Reads, hashes and parses every found file in order, sending each to the
/// writer; stops when the writer hangs up or the import is cancelled.
fn prepare_all(
    found: &[Found],
    options: ImportOptions,
    sender: &ahead::Sender<Prepared>,
    cancel: &AtomicBool,
) {
    let mut open_zip: Option<OpenZip> = None;
    let mut sites = site::Sites::default();
    let parse = |source_path: &str, raw: Vec<u8>, context: Context| {
        let hash = blake3::hash(&raw).to_hex().to_string();
        let parsed = PostFile::parse_with(source_path, raw, context);
        if let Ok(post) = &parsed {
            if !options.defer_search_index {
                // Built here, on this thread, so the writer only writes them.
                post.search_columns();
            }
            post.know_content_hash(&hash);
        }
        (hash, parsed)
    };
    for item in found {
        if cancel.load(Ordering::Relaxed) {
            return;
        }
        let (shown, outcome) = match item {
            Found::Post(path) => {
                let shown = display(path);
                let outcome = read_limited(path, options.max_file_size)
                    .map(|raw| parse(&shown, raw, sites.context(path)));
                (shown, outcome)
            }
            Found::ZipEntry(zip_path, index, name) => {
                let shown = format!("{}!/{name}", display(zip_path));
                let outcome =
                    read_zip_entry(&mut open_zip, zip_path, *index, options.max_file_size).map(
                        |raw| {
                            let context = match open_zip.as_mut() {
                                Some((_, zip)) => sites.zip_context(zip, zip_path, *index, name),
                                None => Context::default(),
                            };
                            parse(&shown, raw, context)
                        },
                    );
                (shown, outcome)
            }
            Found::Refused(path, reason) => (display(path), Err(reason.clone())),
        };
        let prepared = Prepared {
            shown,
            outcome,
            problems: sites
                .take_problems()
                .into_iter()
                .map(|p| failure(&p.path, p.line, p.reason))
                .collect(),
        };
        let bytes = prepared.bytes();
        if !sender.send(prepared, bytes) {
            return;
        }
    }
}

fn counts(report: &ImportReport) -> BatchCounts {
    BatchCounts {
        imported: report.imported.into(),
        updated: report.updated.into(),
        unchanged: report.unchanged.into(),
        failed: report.failed.len() as u64,
        cancelled: report.cancelled,
    }
}

fn too_big(size: u64, limit: u64) -> String {
    format!(
        "the file is {:.1} MB, over the {:.0} MB limit for one post (raise it with --max-size)",
        size as f64 / 1048576.0,
        limit as f64 / 1048576.0
    )
}

/// A file's bytes, or why it cannot be read (missing, unreadable, too big).
fn read_limited(path: &Path, limit: u64) -> std::result::Result<Vec<u8>, String> {
    let io = |e: std::io::Error| {
        Error::Io {
            path: path.to_path_buf(),
            source: e,
        }
        .to_string()
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > limit {
        return Err(too_big(size, limit));
    }
    std::fs::read(path).map_err(io)
}

/// One entry of a zip, decompressed (at most `limit` bytes: declared sizes
/// are not trusted). The open zip is kept for the next entry.
fn read_zip_entry(
    open: &mut Option<OpenZip>,
    zip_path: &Path,
    index: usize,
    limit: u64,
) -> std::result::Result<Vec<u8>, String> {
    use std::io::Read;
    if open.as_ref().is_none_or(|(p, _)| p != zip_path) {
        let file = std::fs::File::open(zip_path).map_err(|e| e.to_string())?;
        let zip = zip::ZipArchive::new(std::io::BufReader::new(file))
            .map_err(|e| format!("not a readable zip file: {e}"))?;
        *open = Some((zip_path.to_path_buf(), zip));
    }
    let (_, zip) = open.as_mut().ok_or("zip not open")?;
    let entry = zip
        .by_index(index)
        .map_err(|e| format!("cannot read this zip entry: {e}"))?;
    let mut raw = Vec::new();
    entry
        .take(limit + 1)
        .read_to_end(&mut raw)
        .map_err(|e| format!("cannot decompress this zip entry: {e}"))?;
    if raw.len() as u64 > limit {
        return Err(too_big(raw.len() as u64, limit));
    }
    Ok(raw)
}

/// Whether the file at `source_path` with BLAKE3 `hash` is a copy of a
/// post in the archive: a post with the same file name whose file had these
/// bytes when imported, or has them now. The file name counts because it
/// gives a post its date and slug: `2024-05-01-a.md` and `2024-05-08-a.md`
/// with the same bytes are two posts.
fn is_copy(writer: &crate::store::Writer<'_>, source_path: &str, hash: &str) -> Result<bool> {
    let name = |path: &str| path.rsplit(['/', '\\']).next().unwrap_or("").to_string();
    let own = name(source_path);
    Ok(writer
        .posts_with_bytes(hash)?
        .iter()
        .any(|(_, path)| name(path) == own))
}

/// Derives post `id`'s view again from its stored bytes (which may hold
/// edits made in Gazette) when the context found now differs from the one
/// it was derived with. The bytes are unchanged, so no revision is kept.
/// Returns whether the view changed (a context change that leaves the view
/// as it was, such as a default for a key the file sets, is only recorded).
fn rederive(
    writer: &crate::store::Writer<'_>,
    id: i64,
    source_path: &str,
    context: &Context,
) -> Result<bool> {
    let before = writer.context(id)?;
    if before.to_json() == context.to_json() {
        return Ok(false);
    }
    let (_, raw, _) = writer.current(id)?;
    let (Ok(old), Ok(new)) = (
        PostFile::parse_with(source_path, raw.clone(), before),
        PostFile::parse_with(source_path, raw, context.clone()),
    ) else {
        // It parsed when it was stored; if it no longer does, it keeps its
        // view.
        return Ok(false);
    };
    if old.fields == new.fields && old.front_matter_json() == new.front_matter_json() {
        writer.set_context(id, context)?;
        return Ok(false);
    }
    writer.put_post(source_path, &new, Stored::Changed(id), Origin::Edit)?;
    Ok(true)
}

fn import_prepared(
    writer: &crate::store::Writer<'_>,
    source_path: &str,
    hash: &str,
    parsed: std::result::Result<PostFile, crate::post::ParseError>,
    batch: i64,
    operation: &mut Option<i64>,
    report: &mut ImportReport,
) -> Result<()> {
    let path = Path::new(source_path);
    let stored = writer.compare(source_path, hash)?;
    if let Stored::Same(id) = stored {
        // The same file, but what its site gives it (its `_config.yml`
        // defaults, a draft's file time) may have changed.
        // (Not when its site's `_config.yml` cannot be read now: the view
        // derived before is kept.)
        if let Some(post) = parsed.as_ref().ok().filter(|p| !p.context.site_unreadable) {
            if rederive(writer, id, source_path, &post.context)? {
                report.updated += 1;
                return Ok(());
            }
        }
        report.unchanged += 1;
        return Ok(());
    }
    if stored == Stored::New && is_copy(writer, source_path, hash)? {
        report.unchanged += 1;
        report.identical += 1;
        return Ok(());
    }
    match parsed {
        Ok(post) => {
            let op = match *operation {
                Some(op) => op,
                None => {
                    let op = writer.start_operation("import", &format!("Import #{batch}"))?;
                    *operation = Some(op);
                    op
                }
            };
            if let Stored::Changed(id) = stored {
                // The file changed on disk: keep what the archive had (maybe
                // an edit made in Gazette) as a revision before replacing it.
                let (_, old, old_hash) = writer.current(id)?;
                if old_hash != hash {
                    writer.keep_revision(id, op, &old, hash)?;
                }
            }
            let id = writer.put_post(source_path, &post, stored, Origin::Import(batch))?;
            if stored == Stored::New {
                writer.record_added(op, id, hash)?;
            }
            match stored {
                Stored::New => report.imported += 1,
                _ => report.updated += 1,
            }
        }
        Err(e) => report.failed.push(failure(path, e.line, e.reason)),
    }
    Ok(())
}
