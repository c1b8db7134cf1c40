//! Applying a site's changes to the archive, keeping every edit (the rules
//! are in the module docs of [`super`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use super::detect::{stat, Changes};
use super::{Seen, SyncConflict, SyncReport, CHUNK};
use crate::error::Result;
use crate::import::site::Sites;
use crate::import::{ImportFailure, ImportProgress, MAX_FILE_SIZE};
use crate::post::PostFile;
use crate::store::{BatchCounts, Origin, SeenFile, Site, SitePost, Store, Stored, Writer};

/// One thing to apply.
enum Item {
    /// A file that is new or may have changed.
    Present(String),
    /// A path whose file is gone.
    Gone(String),
    /// A post's file moved: from, to.
    Moved(String, String),
}

/// Applies one sync's changes (see [`Applier::apply`]).
pub(super) struct Applier<'a> {
    store: &'a mut Store,
    site: &'a Site,
    root: PathBuf,
    /// The site's posts by relative path, kept up to date as items apply.
    posts: HashMap<String, SitePost>,
    sites: Sites,
    progress: &'a mut dyn FnMut(&ImportProgress),
    cancel: &'a AtomicBool,
    operation: Option<i64>,
    batch: Option<i64>,
    /// What the walk saw, when it walked.
    seen: Option<Seen>,
}

fn failure(path: &Path, line: Option<usize>, reason: impl Into<String>) -> ImportFailure {
    ImportFailure {
        path: path.to_string_lossy().into_owned(),
        line: line.map(|l| l as u32),
        reason: reason.into(),
    }
}

fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// A file's bytes, `None` when it is gone, or why it cannot be read.
fn read(path: &Path) -> std::result::Result<Option<Vec<u8>>, String> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.to_string()),
        Ok(m) if m.len() > MAX_FILE_SIZE => Err(format!(
            "the file is {:.1} MB, over the {} MB limit for one post",
            m.len() as f64 / 1048576.0,
            MAX_FILE_SIZE >> 20
        )),
        Ok(_) => std::fs::read(path).map(Some).map_err(|e| e.to_string()),
    }
}

impl<'a> Applier<'a> {
    pub(super) fn new(
        store: &'a mut Store,
        site: &'a Site,
        root: &Path,
        posts: HashMap<String, SitePost>,
        progress: &'a mut dyn FnMut(&ImportProgress),
        cancel: &'a AtomicBool,
    ) -> Result<Applier<'a>> {
        Ok(Applier {
            store,
            site,
            root: root.to_path_buf(),
            posts,
            sites: Sites::default(),
            progress,
            cancel,
            operation: None,
            batch: None,
            seen: None,
        })
    }

    /// What the walk saw of the site's files, for the next size+mtime
    /// check; `None` when git told the changes.
    pub(super) fn seen_now(&mut self) -> Option<Seen> {
        self.seen.take()
    }

    fn absolute(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    /// Pairs gone paths with new files holding a gone post's source bytes
    /// (a move git did not see, or a folder without git), then applies
    /// every change in transactions of [`CHUNK`] items.
    pub(super) fn apply(&mut self, changes: Changes, report: &mut SyncReport) -> Result<()> {
        if changes.walked {
            self.seen = Some(changes.same.clone());
        }
        let mut items: Vec<Item> = Vec::new();
        let mut present = Vec::new();
        for (from, to) in changes.renames {
            match (self.posts.contains_key(&from), self.posts.contains_key(&to)) {
                (true, false) => items.push(Item::Moved(from, to)),
                _ => {
                    present.push(to);
                    items.push(Item::Gone(from));
                }
            }
        }
        present.extend(changes.present);
        let mut gone = changes.gone;
        // Moves by bytes: a gone post whose source bytes are a new file's.
        let mut gone_by_hash: HashMap<String, String> = HashMap::new();
        for path in &gone {
            if let Some(post) = self.posts.get(path) {
                gone_by_hash.insert(post.source_hash.clone(), path.clone());
            }
        }
        if !gone_by_hash.is_empty() {
            for path in present.iter_mut() {
                if self.posts.contains_key(path.as_str()) {
                    continue;
                }
                report.files_read += 1;
                let Ok(Some(bytes)) = read(&self.absolute(path)) else {
                    continue;
                };
                if let Some(from) = gone_by_hash.remove(&hash(&bytes)) {
                    gone.retain(|g| g != &from);
                    items.push(Item::Moved(from, std::mem::take(path)));
                }
            }
            present.retain(|p| !p.is_empty());
        }
        items.extend(present.into_iter().map(Item::Present));
        items.extend(gone.into_iter().map(Item::Gone));
        if items.is_empty() {
            return Ok(());
        }
        self.batch = Some(self.store.start_batch()?);
        let total = items.len() as u32;
        let started = std::time::Instant::now();
        let mut done = 0u32;
        let mut items = items.into_iter().peekable();
        while items.peek().is_some() {
            if self.cancel.load(Ordering::Relaxed) {
                report.cancelled = true;
                break;
            }
            let chunk: Vec<Item> = items.by_ref().take(CHUNK).collect();
            let store = &mut *self.store;
            let writer = store.writer()?;
            let mut state = State {
                site: self.site,
                root: &self.root,
                posts: &mut self.posts,
                sites: &mut self.sites,
                operation: &mut self.operation,
                batch: self.batch.unwrap_or_default(),
                seen: self.seen.as_mut(),
            };
            for item in chunk {
                let current = match &item {
                    Item::Present(p) | Item::Gone(p) | Item::Moved(_, p) => p.clone(),
                };
                state.apply(&writer, item, report)?;
                done += 1;
                (self.progress)(&ImportProgress {
                    done,
                    total,
                    current,
                    per_second: f64::from(done) / started.elapsed().as_secs_f64().max(1e-3),
                });
                if self.cancel.load(Ordering::Relaxed) {
                    report.cancelled = true;
                    break;
                }
            }
            if let Some(op) = *state.operation {
                writer.describe_operation(op, &describe(&self.site.name, report))?;
            }
            if let Some(batch) = self.batch {
                let counts = BatchCounts {
                    imported: report.added.into(),
                    updated: (report.updated + report.merged).into(),
                    unchanged: 0,
                    failed: report.failed.len() as u64,
                    cancelled: report.cancelled,
                };
                writer.record_batch(batch, &counts, items.peek().is_none() || report.cancelled)?;
            }
            writer.commit()?;
        }
        report.operation_id = self.operation;
        Ok(())
    }
}

fn describe(site: &str, r: &SyncReport) -> String {
    let mut parts = Vec::new();
    for (n, what) in [
        (r.added, "added"),
        (r.updated, "updated"),
        (r.merged, "merged"),
        (r.removed, "removed"),
        (r.moved, "moved"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    }
    format!("Sync {site}: {}", parts.join(", "))
}

/// What applying one chunk needs, borrowed apart from the store.
struct State<'s> {
    site: &'s Site,
    root: &'s Path,
    posts: &'s mut HashMap<String, SitePost>,
    sites: &'s mut Sites,
    operation: &'s mut Option<i64>,
    batch: i64,
    seen: Option<&'s mut Seen>,
}

impl State<'_> {
    fn operation(&mut self, writer: &Writer<'_>) -> Result<i64> {
        match *self.operation {
            Some(op) => Ok(op),
            None => {
                let op = writer.start_operation("sync", &format!("Sync {}", self.site.name))?;
                *self.operation = Some(op);
                Ok(op)
            }
        }
    }

    fn source_path(&self, relative: &str) -> String {
        self.root.join(relative).to_string_lossy().into_owned()
    }

    fn conflict(&self, report: &mut SyncReport, id: i64, path: &str, kind: &str) {
        report.conflicts.push(SyncConflict {
            id,
            path: path.to_string(),
            kind: kind.to_string(),
        });
    }

    fn apply(&mut self, writer: &Writer<'_>, item: Item, report: &mut SyncReport) -> Result<()> {
        match item {
            Item::Present(path) => self.present(writer, &path, report),
            Item::Gone(path) => self.gone(writer, &path, report),
            Item::Moved(from, to) => {
                self.moved(writer, &from, &to, report)?;
                self.present(writer, &to, report)
            }
        }
    }

    /// A new or maybe changed file.
    fn present(&mut self, writer: &Writer<'_>, path: &str, report: &mut SyncReport) -> Result<()> {
        let source_path = self.source_path(path);
        let absolute = PathBuf::from(&source_path);
        report.files_read += 1;
        let raw = match read(&absolute) {
            Ok(Some(raw)) => raw,
            Ok(None) => return Ok(()),
            Err(reason) => {
                report.failed.push(failure(&absolute, None, reason));
                return Ok(());
            }
        };
        let theirs = hash(&raw);
        if let (Some(seen), Some((size, mtime_ns))) = (self.seen.as_deref_mut(), stat(&absolute)) {
            seen.push((
                path.to_string(),
                SeenFile {
                    size,
                    mtime_ns,
                    hash: theirs.clone(),
                },
            ));
        }
        let Some(post) = self.posts.get(path).cloned() else {
            return self.add(writer, path, &source_path, raw, report);
        };
        let id = post.id;
        if theirs == post.source_hash {
            // Not changed since it was last taken in (a time stamp moved,
            // or a change already applied by a sync that was killed).
            return Ok(());
        }
        if theirs == post.content_hash {
            // The file caught up with the post (Gazette published it).
            writer.set_base(id, &raw)?;
            writer.clear_conflict(id)?;
            writer.adopt_site_file(self.site.id, path, &theirs)?;
            self.refresh(writer, path, id)?;
            return Ok(());
        }
        let context = self.sites.context(&absolute);
        let edited = post.content_hash != post.source_hash;
        if !edited {
            let parsed = match PostFile::parse_with(&source_path, raw, context) {
                Ok(p) => p,
                Err(e) => {
                    report.failed.push(failure(&absolute, e.line, e.reason));
                    return Ok(());
                }
            };
            let op = self.operation(writer)?;
            let (_, old, _) = writer.current(id)?;
            writer.keep_revision(id, op, &old, &theirs)?;
            writer.put_post(
                &source_path,
                &parsed,
                Stored::Changed(id),
                Origin::Import(self.batch),
            )?;
            writer.clear_conflict(id)?;
            writer.adopt_site_file(self.site.id, path, &theirs)?;
            self.refresh(writer, path, id)?;
            report.updated += 1;
            return Ok(());
        }
        // Edited in Gazette and changed upstream: merge three ways.
        let (_, ours, _) = writer.current(id)?;
        let merged = writer
            .base_bytes(id, &post.source_hash)?
            .and_then(|base| diffy::merge_bytes(&base, &ours, &raw).ok())
            .and_then(|bytes| {
                PostFile::parse_with(&source_path, bytes, writer.context(id).ok()?).ok()
            });
        match merged {
            Some(parsed) => {
                let op = self.operation(writer)?;
                writer.keep_revision(id, op, &ours, parsed.content_hash())?;
                writer.put_post(&source_path, &parsed, Stored::Changed(id), Origin::Edit)?;
                writer.set_base(id, &raw)?;
                writer.clear_conflict(id)?;
                writer.adopt_site_file(self.site.id, path, &theirs)?;
                self.refresh(writer, path, id)?;
                report.merged += 1;
            }
            None => {
                writer.put_conflict(id, self.site.id, path, "edit/edit", Some(&raw))?;
                self.conflict(report, id, path, "edit/edit");
            }
        }
        Ok(())
    }

    /// A file with no post: a new post, as import makes it.
    fn add(
        &mut self,
        writer: &Writer<'_>,
        path: &str,
        source_path: &str,
        raw: Vec<u8>,
        report: &mut SyncReport,
    ) -> Result<()> {
        let absolute = Path::new(source_path);
        let context = self.sites.context(absolute);
        for problem in self.sites.take_problems() {
            report
                .failed
                .push(failure(&problem.path, problem.line, problem.reason));
        }
        let parsed = match PostFile::parse_with(source_path, raw, context) {
            Ok(p) => p,
            Err(e) => {
                report.failed.push(failure(absolute, e.line, e.reason));
                return Ok(());
            }
        };
        let op = self.operation(writer)?;
        let id = writer.put_post(
            source_path,
            &parsed,
            Stored::New,
            Origin::Import(self.batch),
        )?;
        writer.record_added(op, id, parsed.content_hash())?;
        self.refresh(writer, path, id)?;
        report.added += 1;
        Ok(())
    }

    /// A path whose file is gone: its post goes, unless edited in Gazette.
    fn gone(&mut self, writer: &Writer<'_>, path: &str, report: &mut SyncReport) -> Result<()> {
        let Some(post) = self.posts.get(path).cloned() else {
            return Ok(());
        };
        if post.content_hash != post.source_hash {
            writer.put_conflict(post.id, self.site.id, path, "edit/delete", None)?;
            self.conflict(report, post.id, path, "edit/delete");
            return Ok(());
        }
        let op = self.operation(writer)?;
        writer.delete_post_undoably(op, post.id)?;
        self.posts.remove(path);
        report.removed += 1;
        Ok(())
    }

    /// A post's file moved: the post's source path follows (its view
    /// derived again at the new path: a draft promoted upstream is a post).
    fn moved(
        &mut self,
        writer: &Writer<'_>,
        from: &str,
        to: &str,
        report: &mut SyncReport,
    ) -> Result<()> {
        let Some(post) = self.posts.remove(from) else {
            return Ok(());
        };
        let op = self.operation(writer)?;
        let (old_path, raw, _) = writer.current(post.id)?;
        let new_path = self.source_path(to);
        writer.move_post(post.id, &new_path)?;
        writer.record_move(op, post.id, &old_path, &new_path)?;
        let context = self.sites.context(Path::new(&new_path));
        if let Ok(parsed) = PostFile::parse_with(&new_path, raw, context) {
            writer.put_post(&new_path, &parsed, Stored::Changed(post.id), Origin::Edit)?;
        }
        writer.move_site_file(self.site.id, from, to)?;
        self.refresh(writer, to, post.id)?;
        report.moved += 1;
        Ok(())
    }

    /// Reads post `id`'s hashes again after a change, under `path`.
    fn refresh(&mut self, writer: &Writer<'_>, path: &str, id: i64) -> Result<()> {
        let (source_path, _, content_hash) = writer.current(id)?;
        let source_hash = writer.source_hash(id)?;
        self.posts.insert(
            path.to_string(),
            SitePost {
                id,
                source_path,
                content_hash,
                source_hash,
                imported: true,
            },
        );
        Ok(())
    }
}
