//! Building the derived index from the store, and keeping it up to date
//! from the outbox (see the module docs of [`super`]).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tantivy::indexer::IndexWriterOptions;
use tantivy::tokenizer::{TextAnalyzer, Tokenizer};
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

use super::outbox::BuildLock;
use super::tokens::{self, FormTokenizer, FormTokens};
use super::{err, index_dir, schema, Engine, Payload, VERSION};
use crate::error::{Error, Result};
use crate::store::{EngineDoc, IndexProgress, Store};

/// Posts read from the store per batch of a build.
const BUILD_BATCH: u32 = 500;

/// The build's indexing memory (one thread): tantivy writes a segment each
/// time it is full, so larger means fewer merges; bounded for a desktop
/// (128 MiB made the 100k bench's build peak at 1 GiB RSS with merges).
const BUILD_MEMORY: usize = 64 << 20;

/// The build's documents handed to tantivy and not yet indexed, at most.
/// tantivy's queue holds up to 10,000, each with its text twice (the
/// positional and the unigram fields): with it full, and the reading
/// connection's 64 MiB cache, the 1M bench's build peaked at 535 MiB of
/// heap; 249 MiB with this and [`READ_CACHE_KIB`].
const IN_FLIGHT: u64 = 500;

/// The SQLite page cache of the build's reading connection, in KiB: it
/// reads the posts once, in id order, so a cache gains nothing (the
/// default of 64 MiB filled up with pages never read again).
const READ_CACHE_KIB: i64 = 2048;

/// The unigram tokenizer, counting the texts it is handed: every document
/// has one unigram value per column, so the indexing thread has indexed
/// `calls / COLUMNS` documents (how the build paces itself, see
/// [`IN_FLIGHT`]).
#[derive(Clone)]
struct Counted {
    inner: FormTokenizer,
    calls: Arc<AtomicU64>,
}

impl Tokenizer for Counted {
    type TokenStream<'a> = FormTokens<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> FormTokens<'a> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        self.inner.token_stream(text)
    }
}

/// Waits until the indexing thread is at most [`IN_FLIGHT`] documents
/// behind `sent` (for at most a second: pacing, never a deadlock).
fn pace(sent: u64, calls: &AtomicU64) {
    let start = Instant::now();
    while sent.saturating_sub(calls.load(Ordering::Relaxed) / schema::COLUMNS as u64) > IN_FLIGHT
        && start.elapsed() < Duration::from_secs(1)
    {
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// A replay's indexing memory: tantivy's minimum for one thread.
const REPLAY_MEMORY: usize = 15 << 20;

/// Outbox rows applied per commit of a replay.
const REPLAY_BATCH: u32 = 5000;

/// Where a build writes before its index is complete.
fn building_dir(db: &Path) -> PathBuf {
    let mut name = index_dir(db).into_os_string();
    name.push(".new");
    PathBuf::from(name)
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn commit(writer: &mut IndexWriter, dir: &Path, seq: i64, build: u128) -> Result<()> {
    let payload = serde_json::to_string(&Payload {
        version: VERSION,
        seq,
        build,
    })
    .unwrap_or_default();
    let mut prepared = writer.prepare_commit().map_err(err(dir))?;
    prepared.set_payload(&payload);
    prepared.commit().map_err(err(dir))?;
    Ok(())
}

/// Replaces post `id`'s document by `doc` (or removes it for `None`).
fn put(writer: &IndexWriter, f: &schema::Fields, id: i64, doc: Option<&EngineDoc>) -> Result<()> {
    writer.delete_term(Term::from_field_u64(f.id, id as u64));
    if let Some(doc) = doc {
        let d: TantivyDocument = schema::document(f, doc);
        writer
            .add_document(d)
            .map_err(|source| Error::SearchIndex {
                path: PathBuf::new(),
                source,
            })?;
    }
    Ok(())
}

impl Engine {
    /// Builds the index of the store's archive from its posts (those with a
    /// current search entry: the set the FTS5 index holds), replacing the
    /// one there was, then applies the changes made meanwhile. Calls
    /// `progress` after each batch of posts; checks `cancel` between
    /// batches. Returns `None` when cancelled (the index there was, if any,
    /// is kept).
    ///
    /// Two threads: one reads and tokenises posts through its own
    /// connection, a batch ahead of this one, which indexes them.
    ///
    /// Holds the build lock (see [`super::outbox`]) from before it reads
    /// the outbox's head until the new index is in place and caught up; a
    /// build running in another process is waited for first.
    ///
    /// # Errors
    /// [`Error::SearchIndex`], [`Error::Io`], database failures.
    pub fn build(
        store: &Store,
        progress: &mut dyn FnMut(IndexProgress),
        cancel: &AtomicBool,
    ) -> Result<Option<Engine>> {
        let db = store.path().to_path_buf();
        let Some(lock) = BuildLock::take(&db, cancel)? else {
            return Ok(None);
        };
        let tmp = building_dir(&db);
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).map_err(io(&tmp))?;
        }
        std::fs::create_dir_all(&tmp).map_err(io(&tmp))?;
        // Read with the lock held: a replay or a trim that took the lock
        // before deleted only rows up to a head this one is past.
        let seq = store.outbox_head()?;
        let total = store.indexed_posts()?;
        let (schema, fields) = schema::schema();
        let index = Index::create_in_dir(&tmp, schema).map_err(err(&tmp))?;
        schema::register_tokenizers(&index);
        let calls = Arc::new(AtomicU64::new(0));
        index.tokenizers().register(
            tokens::UNIGRAMS,
            TextAnalyzer::from(Counted {
                inner: FormTokenizer(tokens::Rule::Unigrams),
                calls: calls.clone(),
            }),
        );
        // One merge thread (tantivy's default is 4): merges of large
        // segments at once each hold their own buffers.
        let options = IndexWriterOptions::builder()
            .memory_budget_per_thread(BUILD_MEMORY)
            .num_worker_threads(1)
            .num_merge_threads(1)
            .build();
        let mut writer: IndexWriter = index.writer_with_options(options).map_err(err(&tmp))?;
        let reader = Store::open(&db)?;
        reader.set_page_cache_kib(READ_CACHE_KIB)?;
        let (sender, batches) = std::sync::mpsc::sync_channel::<Result<Vec<EngineDoc>>>(2);
        let finished = std::thread::scope(|scope| -> Result<bool> {
            scope.spawn(move || {
                let mut after = i64::MIN;
                loop {
                    match reader.engine_docs(after, BUILD_BATCH) {
                        Ok((docs, Some(last))) => {
                            after = last;
                            if sender.send(Ok(docs)).is_err() {
                                return;
                            }
                        }
                        Ok((_, None)) => return,
                        Err(e) => {
                            let _ = sender.send(Err(e));
                            return;
                        }
                    }
                }
            });
            let mut done = 0u32;
            for batch in batches {
                if cancel.load(Ordering::Relaxed) {
                    return Ok(false);
                }
                for doc in batch? {
                    pace(u64::from(done), &calls);
                    writer
                        .add_document(schema::document(&fields, &doc))
                        .map_err(err(&tmp))?;
                    done += 1;
                }
                progress(IndexProgress {
                    done,
                    total: total.max(done),
                });
            }
            Ok(true)
        })?;
        if !finished {
            drop(writer);
            let _ = std::fs::remove_dir_all(&tmp);
            return Ok(None);
        }
        let build = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        commit(&mut writer, &tmp, seq, build)?;
        writer.wait_merging_threads().map_err(err(&tmp))?;
        drop(index);
        let dir = index_dir(&db);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(io(&dir))?;
        }
        std::fs::rename(&tmp, &dir).map_err(io(&dir))?;
        let Some(mut engine) = Engine::open_dir(&dir)? else {
            return Ok(None);
        };
        engine.catch_up(store, Some(&lock))?;
        drop(lock);
        Ok(Some(engine))
    }

    /// Applies the outbox rows after [`Engine::applied`]: each named post's
    /// document is replaced by the post as the store has it now (or
    /// removed), a commit per 5000 rows records the last sequence number
    /// applied. Returns how many rows it applied; 0 also when another
    /// process holds the index's writer lock (the caller then sees the
    /// index as behind and searches the FTS5 index instead). Stops when the
    /// outbox was trimmed past what it applied ([`Engine::is_stale`]).
    /// Then deletes the rows applied, unless a build is running (it may
    /// still need them).
    ///
    /// # Errors
    /// [`Error::SearchIndex`], database failures.
    pub fn replay(&mut self, store: &Store) -> Result<u32> {
        self.catch_up(store, None)
    }

    /// [`Engine::replay`]; `held`: this build's own lock (else the lock is
    /// tried before pruning).
    fn catch_up(&mut self, store: &Store, held: Option<&BuildLock>) -> Result<u32> {
        let Some(mut rows) = store.outbox_since(self.applied, REPLAY_BATCH)? else {
            return Ok(0);
        };
        if rows.is_empty() {
            if held.is_some() {
                // A build: the rows up to the head it read are in it.
                store.prune_outbox(self.applied)?;
            }
            return Ok(0);
        }
        let mut writer: IndexWriter = match self.index.writer_with_num_threads(1, REPLAY_MEMORY) {
            Ok(w) => w,
            Err(tantivy::TantivyError::LockFailure(..)) => return Ok(0),
            Err(e) => return Err(err(&self.dir)(e)),
        };
        let mut applied = 0;
        while let Some(&(last, _)) = rows.last() {
            apply(&writer, &self.fields, store, &rows)?;
            commit(&mut writer, &self.dir, last, self.build)?;
            applied += rows.len() as u32;
            self.applied = last;
            rows = store
                .outbox_since(self.applied, REPLAY_BATCH)?
                .unwrap_or_default();
        }
        drop(writer);
        self.reader.reload().map_err(err(&self.dir))?;
        let lock = match held {
            Some(_) => None,
            None => BuildLock::try_take(store.path())?,
        };
        if held.is_some() || lock.is_some() {
            store.prune_outbox(self.applied)?;
        }
        Ok(applied)
    }
}

/// Puts each post named in `rows` as the store has it now (each once).
fn apply(
    writer: &IndexWriter,
    f: &schema::Fields,
    store: &Store,
    rows: &[(i64, i64)],
) -> Result<()> {
    let ids: std::collections::BTreeSet<i64> = rows.iter().map(|(_, id)| *id).collect();
    for id in ids {
        put(writer, f, id, store.engine_doc(id)?.as_ref())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::search::{parse, Sort};
    use crate::Archive;

    fn found(engine: &Engine, query: &str) -> u32 {
        let q = engine.plan(&parse(query).unwrap()).unwrap();
        engine
            .search(q.as_ref(), Sort::Relevance, false, 10, 0)
            .unwrap()
            .0
    }

    /// A crash while applying the outbox (the writer dropped before its
    /// commit) loses nothing: the rows are still there and newer than the
    /// index's payload, so the next open applies them. A crash during a
    /// build leaves only `<archive>.search.new`, which is not used.
    #[test]
    fn a_crash_before_the_commit_loses_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let posts = dir.path().join("posts");
        std::fs::create_dir(&posts).unwrap();
        let file = "---\ntitle: 周末\n---\n周末去了赣州。\n";
        std::fs::write(posts.join("a.md"), file).unwrap();
        let db = dir.path().join("a.db");
        let mut archive = Archive::open(&db).unwrap();
        archive
            .import(&[posts], &mut |_| {}, &AtomicBool::new(false))
            .unwrap();
        // A build killed half-way: its folder is ignored, then replaced.
        std::fs::create_dir_all(building_dir(&db)).unwrap();
        std::fs::write(building_dir(&db).join("meta.json"), "{half").unwrap();
        assert!(Engine::open(&db).unwrap().is_none());
        let engine = Engine::build(&archive.store, &mut |_| {}, &AtomicBool::new(false))
            .unwrap()
            .unwrap();
        assert!(!building_dir(&db).exists());
        let before = engine.applied();
        drop(engine);
        let id = archive.list(&Default::default()).unwrap().items[0].id;
        archive
            .save_text(id, None, &file.replace("赣州", "南昌"))
            .unwrap();
        {
            let engine = Engine::open(&db).unwrap().unwrap();
            let rows = archive.store.outbox_after(engine.applied(), 100).unwrap();
            assert!(!rows.is_empty());
            let writer: IndexWriter = engine
                .index
                .writer_with_num_threads(1, REPLAY_MEMORY)
                .unwrap();
            apply(&writer, &engine.fields, &archive.store, &rows).unwrap();
            drop(writer); // killed here: no commit
        }
        let mut engine = Engine::open(&db).unwrap().unwrap();
        assert_eq!(engine.applied(), before);
        assert_eq!(found(&engine, "南昌"), 0, "not applied yet");
        assert!(archive.store.outbox_has_after(engine.applied()).unwrap());
        assert!(engine.replay(&archive.store).unwrap() > 0);
        assert_eq!(found(&engine, "南昌"), 1);
        assert_eq!(found(&engine, "赣州"), 0);
        assert!(!archive.store.outbox_has_after(engine.applied()).unwrap());
        // Applied rows are pruned.
        assert!(archive.store.outbox_after(0, 10).unwrap().is_empty());
    }

    /// An outbox trimmed past what the index applied (another process found
    /// it too far behind) makes the index stale: searches then use the FTS5
    /// index (still right), the status says "not built", and a rebuild
    /// makes it current and exact again.
    #[test]
    fn a_trim_past_the_index_makes_it_stale_until_rebuilt() {
        let dir = tempfile::tempdir().unwrap();
        let posts = dir.path().join("posts");
        std::fs::create_dir(&posts).unwrap();
        let file = "---\ntitle: 周末\n---\n周末去了赣州。\n";
        std::fs::write(posts.join("a.md"), file).unwrap();
        let db = dir.path().join("a.db");
        let mut archive = Archive::open(&db).unwrap();
        archive
            .import(&[posts], &mut |_| {}, &AtomicBool::new(false))
            .unwrap();
        assert!(archive
            .build_search_index(&mut |_| {}, &AtomicBool::new(false))
            .unwrap());
        let id = archive.list(&Default::default()).unwrap().items[0].id;
        archive
            .save_text(id, None, &file.replace("赣州", "南昌"))
            .unwrap();
        let head = archive.store.outbox_head().unwrap();
        assert!(archive.store.trim_outbox(head).unwrap() > 0);
        assert_eq!(archive.store.outbox_floor().unwrap(), head);
        let mut engine = Engine::open(&db).unwrap().unwrap();
        assert!(engine.is_stale(&archive.store).unwrap());
        assert_eq!(engine.replay(&archive.store).unwrap(), 0);
        assert_eq!(found(&engine, "南昌"), 0, "the trimmed change is not in it");
        drop(engine);
        assert_eq!(archive.search_index_status().unwrap(), None);
        let page = archive.search("南昌", Sort::Relevance, 10, 0).unwrap();
        assert_eq!(page.total, 1, "the FTS5 index answers meanwhile");
        assert!(archive
            .build_search_index(&mut |_| {}, &AtomicBool::new(false))
            .unwrap());
        let check = archive.check_search_index().unwrap().expect("current");
        assert!(check.is_exact(), "{check:?}");
        assert_eq!(check.documents, 1);
    }
}
