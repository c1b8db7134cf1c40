//! The facade both shells use: an archive file and what can be done with it.

mod compose;
mod location;
mod overview;
mod reading;
mod search_check;
mod search_engine;
mod settings;
mod sync;

pub use location::{default_archive_path, ARCHIVE_ENV};
pub use overview::NameEdit;
pub use search_check::SearchIndexCheck;
pub use search_engine::SearchIndexStatus;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use crate::editing::{self, BulkAction, BulkReport, FieldEdit, Saved, UndoReport};
use crate::error::Result;
use crate::export::{self, ExportOptions, ExportReport, Target};
use crate::import::{self, ImportOptions, ImportProgress, ImportReport};
use crate::post::Format;
use crate::publish::{self, PublishOptions, PublishReport};
use crate::search::{self, Facets, QueryError, SearchResults, Sort};
use crate::store::{
    IndexProgress, ListQuery, Operation, PostDetail, PostPage, Revision, Site, Stats, Store,
};

/// The setting that allows remote images (`allow` | `block`).
const REMOTE_IMAGES: &str = "remote_images";

/// An open archive of posts.
#[derive(Debug)]
pub struct Archive {
    pub(crate) store: Store,
    /// The derived search index, once opened (see `search_engine.rs`).
    engine: std::sync::Mutex<Option<crate::search::engine::Engine>>,
    /// Opened by [`Archive::open_reader`]: never writes, never opens the
    /// derived search index.
    read_only: bool,
}

impl Archive {
    /// Opens the archive at `path`, creating it (and its folder) if needed.
    ///
    /// # Errors
    /// See [`Store::open`]: a foreign or corrupt file, a newer schema.
    pub fn open(path: &Path) -> Result<Archive> {
        let mut archive = Archive {
            store: Store::open(path)?,
            engine: std::sync::Mutex::new(None),
            read_only: false,
        };
        // Keeps the derived index's outbox bounded for a user who never
        // builds that index; a failure (no lock file in a read-only folder)
        // leaves the rows for the next open, nothing is lost.
        let _ = archive.trim_search_outbox();
        Ok(archive)
    }

    /// Opens an archive [`Archive::open`] has opened (and so updated) for
    /// reading beside it: listing, reading, counts, facets, the timeline
    /// (see [`Store::open_reader`]). It does not open the derived search
    /// index (a second copy of it in memory): its word searches use the
    /// index inside the archive (FTS5). Anything that writes fails with
    /// [`crate::Error::Database`].
    ///
    /// # Errors
    /// As [`Store::open_reader`].
    pub fn open_reader(path: &Path) -> Result<Archive> {
        Ok(Archive {
            store: Store::open_reader(path)?,
            engine: std::sync::Mutex::new(None),
            read_only: true,
        })
    }

    /// The archive's database file.
    pub fn path(&self) -> &Path {
        self.store.path()
    }

    /// Imports files and folders (see [`crate::import`]).
    ///
    /// # Errors
    /// Database failures only; per-file problems are in the report.
    pub fn import(
        &mut self,
        paths: &[PathBuf],
        progress: &mut dyn FnMut(&ImportProgress),
        cancel: &AtomicBool,
    ) -> Result<ImportReport> {
        import::import(&mut self.store, paths, progress, cancel)
    }

    /// Imports with options (the per-file size limit).
    ///
    /// # Errors
    /// As [`Archive::import`].
    pub fn import_with(
        &mut self,
        paths: &[PathBuf],
        options: ImportOptions,
        progress: &mut dyn FnMut(&ImportProgress),
        cancel: &AtomicBool,
    ) -> Result<ImportReport> {
        import::import_with(&mut self.store, paths, options, progress, cancel)
    }

    /// How many posts are not yet in the search index (see
    /// [`Archive::index_pending`]); word searches do not find them yet.
    ///
    /// # Errors
    /// Database failures.
    pub fn unindexed(&self) -> Result<u32> {
        self.store.unindexed()
    }

    /// Indexes for search every post not yet indexed: those stored by an
    /// import with [`ImportOptions::defer_search_index`], or indexed by an
    /// older build (see [`Store::index_pending`]). Returns how many.
    ///
    /// # Errors
    /// Database failures.
    pub fn index_pending(
        &mut self,
        progress: &mut dyn FnMut(IndexProgress),
        cancel: &AtomicBool,
    ) -> Result<u32> {
        self.store.index_pending(progress, cancel)
    }

    /// The ids of every post `query` matches, in id order. A query with
    /// words first completes the search index, so that an operation on
    /// "every post matching" never misses one still waiting to be indexed.
    fn matching(&mut self, query: &str) -> Result<Vec<i64>, SearchError> {
        let compiled = search::prepare(query)?;
        if compiled.uses_index() {
            self.store
                .index_pending(&mut |_| {}, &AtomicBool::new(false))?;
        }
        Ok(self.store.matching_ids(&compiled)?)
    }

    /// A page of posts, newest first (see [`Store::list_posts`]).
    ///
    /// # Errors
    /// [`crate::Error::BadRequest`] for a `from` or `to` that is not
    /// `YYYY-MM` or `YYYY`; database failures.
    pub fn list(&self, query: &ListQuery) -> Result<PostPage> {
        if query.from.is_some() || query.to.is_some() {
            return self.store.list_posts(&Archive::checked_months(query)?);
        }
        self.store.list_posts(query)
    }

    /// One post, whole.
    ///
    /// # Errors
    /// [`crate::Error::PostNotFound`]; database failures.
    pub fn post(&self, id: i64) -> Result<PostDetail> {
        self.store.post(id)
    }

    /// A post's file, byte for byte as it was imported.
    ///
    /// # Errors
    /// [`crate::Error::PostNotFound`]; database failures.
    pub fn post_file(&self, id: i64) -> Result<Vec<u8>> {
        self.store.post_raw(id)
    }

    /// A post's body as sanitised HTML for reading (see [`crate::render`]).
    ///
    /// # Errors
    /// [`crate::Error::PostNotFound`]; database failures.
    pub fn post_html(&self, id: i64) -> Result<String> {
        Ok(self.post_rendered(id)?.html)
    }

    /// A post's body rendered for reading, with remote images shown only if
    /// the archive allows them (see [`Archive::remote_images_allowed`]).
    ///
    /// # Errors
    /// [`crate::Error::PostNotFound`]; database failures.
    pub fn post_rendered(&self, id: i64) -> Result<crate::render::Rendered> {
        let post = self.store.post(id)?;
        let format = Format::from_name(&post.format).unwrap_or(Format::Text);
        Ok(crate::render::render(
            format,
            &post.body,
            self.remote_images_allowed()?,
        ))
    }

    /// Whether this archive shows remote images (`http:`/`https:`, which
    /// can track the reader) in rendered posts; off until allowed.
    ///
    /// # Errors
    /// Database failures.
    pub fn remote_images_allowed(&self) -> Result<bool> {
        Ok(self.store.setting(REMOTE_IMAGES)?.as_deref() == Some("allow"))
    }

    /// Allows or blocks remote images in this archive.
    ///
    /// # Errors
    /// Database failures.
    pub fn set_remote_images_allowed(&mut self, allow: bool) -> Result<()> {
        self.store
            .set_setting(REMOTE_IMAGES, if allow { "allow" } else { "block" })
    }

    /// Searches the archive (see [`crate::search`] for the query language).
    /// `limit` is capped at 1000. Words are looked up in the derived index
    /// ([`crate::search::engine`]) when it is built and, after applying the
    /// outbox, current; else (or for `key:value` filters) in the FTS5 index.
    ///
    /// # Errors
    /// [`SearchError::Query`] for a malformed query (with the column);
    /// [`SearchError::Archive`] for database failures.
    pub fn search(
        &self,
        query: &str,
        sort: Sort,
        limit: u32,
        offset: u32,
    ) -> Result<SearchResults, SearchError> {
        let parsed = search::parse(query)?;
        let compiled = search::compile(&parsed)?;
        if let Some(page) = self.engine_search(&parsed, &compiled, sort, limit, offset)? {
            return Ok(page);
        }
        Ok(search::run(&self.store, &compiled, sort, limit, offset)?)
    }

    /// Year, category, tag and collection counts among the posts a query
    /// matches: from the derived index's fast fields when it answers the
    /// query (see [`Archive::search`]), else by SQL; the same counts either
    /// way.
    ///
    /// # Errors
    /// As [`Archive::search`].
    pub fn search_facets(&self, query: &str) -> Result<Facets, SearchError> {
        let parsed = search::parse(query)?;
        let compiled = search::compile(&parsed)?;
        if let Some(facets) = self.engine_facets(&parsed)? {
            return Ok(facets);
        }
        Ok(self.store.search_facets(&compiled)?)
    }

    /// A post's whole text as the editor edits it, and the content hash to
    /// pass back when saving.
    ///
    /// # Errors
    /// [`crate::Error::PostNotFound`]; database failures.
    pub fn post_text(&self, id: i64) -> Result<(editing::TextParts, String)> {
        let raw = self.store.post_raw(id)?;
        let text = crate::post::decode(&raw)
            .map_or_else(|_| String::from_utf8_lossy(&raw).into_owned(), |(t, _)| t);
        Ok((
            editing::text_parts(&text),
            blake3::hash(&raw).to_hex().to_string(),
        ))
    }

    /// The layouts posts use, most used first.
    ///
    /// # Errors
    /// Database failures.
    pub fn layouts(&self) -> Result<Vec<String>> {
        self.store.layouts()
    }

    /// Saves a post's whole new text (see [`editing::save_text`]).
    /// `base_hash` is the content hash the editor started from.
    ///
    /// # Errors
    /// [`crate::Error::Conflict`] when the post changed since;
    /// [`crate::Error::InvalidPost`] when the text is not a valid post;
    /// [`crate::Error::Encode`]; database failures.
    pub fn save_text(&mut self, id: i64, base_hash: Option<&str>, text: &str) -> Result<Saved> {
        editing::save_text(&mut self.store, id, base_hash, text, "Edit")
    }

    /// Edits front matter keys of a stored post in place and saves (see
    /// [`editing::edit_post`]).
    ///
    /// # Errors
    /// As [`Archive::save_text`], plus [`crate::Error::Edit`].
    pub fn edit_post(
        &mut self,
        id: i64,
        base_hash: Option<&str>,
        edits: &[FieldEdit],
    ) -> Result<Saved> {
        editing::edit_post(&mut self.store, id, base_hash, edits)
    }

    /// A post's revisions, newest first.
    ///
    /// # Errors
    /// [`crate::Error::PostNotFound`]; database failures.
    pub fn history(&self, id: i64) -> Result<Vec<Revision>> {
        self.store.revisions(id)
    }

    /// The text of one revision of a post (decoded as the post is).
    ///
    /// # Errors
    /// [`crate::Error::RevisionNotFound`]; database failures.
    pub fn revision_text(&self, id: i64, revision: i64) -> Result<String> {
        let raw = self.store.revision_raw(id, revision)?;
        Ok(crate::post::decode(&raw)
            .map_or_else(|_| String::from_utf8_lossy(&raw).into_owned(), |(t, _)| t))
    }

    /// A unified diff from revision `revision` to the post's current text.
    ///
    /// # Errors
    /// As [`Archive::revision_text`].
    pub fn revision_diff(&self, id: i64, revision: i64) -> Result<String> {
        let old = self.revision_text(id, revision)?;
        let raw = self.store.post_raw(id)?;
        let new = crate::post::decode(&raw)
            .map_or_else(|_| String::from_utf8_lossy(&raw).into_owned(), |(t, _)| t);
        Ok(editing::unified_diff(
            &old,
            &new,
            &format!("revision {revision}"),
            "current",
        ))
    }

    /// Makes a revision the post's current text again (a new revision keeps
    /// the text it replaces).
    ///
    /// # Errors
    /// [`crate::Error::RevisionNotFound`]; database failures.
    pub fn restore(&mut self, id: i64, revision: i64) -> Result<Saved> {
        editing::restore(&mut self.store, id, revision)
    }

    /// Applies a change to every post a search matches, as one undoable
    /// operation; `dry_run` only reports (see [`editing::bulk`]).
    ///
    /// # Errors
    /// [`SearchError::Query`] for a malformed query; [`SearchError::Archive`]
    /// for a bad pattern or value ([`crate::Error::BadRequest`]) or database
    /// failures.
    pub fn bulk(
        &mut self,
        query: &str,
        action: &BulkAction,
        dry_run: bool,
    ) -> Result<BulkReport, SearchError> {
        let ids = self.matching(query)?;
        Ok(editing::bulk(&mut self.store, &ids, action, dry_run)?)
    }

    /// Applies a change to the posts `ids` (a selection), as one undoable
    /// operation; `dry_run` only reports.
    ///
    /// # Errors
    /// [`crate::Error::BadRequest`] for a bad pattern or value; database
    /// failures. Unknown ids are listed as failed.
    pub fn bulk_ids(
        &mut self,
        ids: &[i64],
        action: &BulkAction,
        dry_run: bool,
    ) -> Result<BulkReport> {
        editing::bulk(&mut self.store, ids, action, dry_run)
    }

    /// Undoes an operation, or the newest one not undone (see
    /// [`editing::undo`]).
    ///
    /// # Errors
    /// [`crate::Error::NothingToUndo`]; database failures.
    pub fn undo(&mut self, operation: Option<i64>) -> Result<UndoReport> {
        editing::undo(&mut self.store, operation)
    }

    /// The newest operations (saves, bulk edits, imports, undos), newest
    /// first.
    ///
    /// # Errors
    /// Database failures.
    pub fn operations(&self, limit: u32) -> Result<Vec<Operation>> {
        self.store.operations(limit)
    }

    /// Writes the exact bytes of every post a search matches (all posts for
    /// an empty query) under `out` (see [`export::export_original`]).
    ///
    /// # Errors
    /// [`SearchError::Query`]; [`SearchError::Archive`] for files that
    /// cannot be written and database failures.
    pub fn export_original(
        &mut self,
        query: &str,
        out: &Path,
        overwrite: bool,
        progress: &mut dyn FnMut(u32, u32),
        cancel: &AtomicBool,
    ) -> Result<ExportReport, SearchError> {
        let ids = self.matching(query)?;
        Ok(export::export_original(
            &self.store,
            &ids,
            out,
            overwrite,
            progress,
            cancel,
        )?)
    }

    /// Exports the posts a search matches (all for an empty query), or the
    /// posts `ids` when given, to a folder or zip (see [`export::export`]).
    ///
    /// # Errors
    /// [`SearchError::Query`]; [`SearchError::Archive`] for a target that
    /// cannot be written and database failures.
    pub fn export(
        &mut self,
        query: &str,
        ids: Option<&[i64]>,
        target: &Target,
        options: ExportOptions,
        progress: &mut dyn FnMut(u32, u32),
        cancel: &AtomicBool,
    ) -> Result<ExportReport, SearchError> {
        let ids = match ids {
            Some(ids) => ids.to_vec(),
            None => self.matching(query)?,
        };
        Ok(export::export(
            &self.store,
            &ids,
            target,
            options,
            progress,
            cancel,
        )?)
    }

    /// The files an export would find already in its target (see
    /// [`export::existing_files`]), to ask before overwriting.
    ///
    /// # Errors
    /// As [`Archive::export`].
    pub fn export_conflicts(
        &mut self,
        query: &str,
        ids: Option<&[i64]>,
        target: &Target,
        options: ExportOptions,
    ) -> Result<Vec<String>, SearchError> {
        let ids = match ids {
            Some(ids) => ids.to_vec(),
            None => self.matching(query)?,
        };
        Ok(export::existing_files(&self.store, &ids, target, options)?)
    }

    /// Deletes posts `ids` as one undoable operation (see
    /// [`editing::delete_posts`]); returns the operation's id.
    ///
    /// # Errors
    /// [`crate::Error::PostNotFound`] (nothing deleted); database failures.
    pub fn delete_posts(&mut self, ids: &[i64]) -> Result<Option<i64>> {
        editing::delete_posts(&mut self.store, ids)
    }

    /// Groups of possible duplicates not dismissed: posts with the same
    /// title and day, or the same source URL (`from:`, `source:`…).
    ///
    /// # Errors
    /// Database failures.
    pub fn duplicates(&self) -> Result<Vec<crate::store::DuplicateGroup>> {
        self.store.duplicate_groups()
    }

    /// Keeps a group of possible duplicates as it is (it is not listed
    /// again until another post joins it).
    ///
    /// # Errors
    /// Database failures.
    pub fn dismiss_duplicates(&mut self, key: &str) -> Result<()> {
        self.store.dismiss_duplicates(key)
    }

    /// Adds a Jekyll site folder to publish to, named `name`.
    ///
    /// # Errors
    /// [`crate::Error::Site`] when `dir` is not a Jekyll site folder;
    /// [`crate::Error::BadRequest`] when the name or folder is taken.
    pub fn add_site(&mut self, name: &str, dir: &Path, drafts: bool) -> Result<Site> {
        let name = name.trim();
        if name.is_empty() || name.chars().any(char::is_control) || name.len() > 200 {
            return Err(crate::Error::BadRequest(
                "a site needs a name of at most 200 bytes without control characters".into(),
            ));
        }
        let root = publish::site_folder(dir)?;
        self.store.add_site(name, &root.to_string_lossy(), drafts)
    }

    /// Every site, by name.
    ///
    /// # Errors
    /// Database failures.
    pub fn sites(&self) -> Result<Vec<Site>> {
        self.store.sites()
    }

    /// The site named `name_or_dir` (ASCII letters compared without case),
    /// or whose folder is
    /// `name_or_dir`; `None` when there is none.
    ///
    /// # Errors
    /// Database failures.
    pub fn find_site(&self, name_or_dir: &str) -> Result<Option<Site>> {
        if let Some(site) = self.store.find_site(name_or_dir)? {
            return Ok(Some(site));
        }
        match dunce::canonicalize(name_or_dir) {
            Ok(path) => self.store.find_site(&path.to_string_lossy()),
            Err(_) => Ok(None),
        }
    }

    /// Changes a site's settings: drafts written, git remote pushed to.
    ///
    /// # Errors
    /// [`crate::Error::BadRequest`] for an unknown site; database failures.
    pub fn update_site(&mut self, id: i64, drafts: bool, remote: Option<&str>) -> Result<Site> {
        self.store.site(id)?;
        self.store.update_site(id, drafts, remote)
    }

    /// Forgets a site and its manifest; its folder is left as it is.
    ///
    /// # Errors
    /// Database failures.
    pub fn remove_site(&mut self, id: i64) -> Result<()> {
        self.store.remove_site(id)
    }

    /// Publishes the archive to site `id` (see [`publish::publish`]).
    ///
    /// # Errors
    /// As [`publish::publish`].
    pub fn publish(
        &mut self,
        id: i64,
        options: PublishOptions,
        progress: &mut dyn FnMut(u32, u32),
        cancel: &AtomicBool,
    ) -> Result<PublishReport> {
        let site = self.store.site(id)?;
        publish::publish(&mut self.store, &site, options, progress, cancel)
    }

    /// What publishing to site `id` would do to its file `path`, as a
    /// unified diff (see [`publish::file_diff`]).
    ///
    /// # Errors
    /// As [`publish::file_diff`].
    pub fn publish_diff(&self, id: i64, path: &str, drafts: bool) -> Result<String> {
        let site = self.store.site(id)?;
        publish::file_diff(&self.store, &site, path, drafts)
    }

    /// Counts over the archive.
    ///
    /// # Errors
    /// Database failures.
    pub fn stats(&self) -> Result<Stats> {
        self.store.stats()
    }
}

/// Why a search failed: the query, or the archive.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query could not be read; the message says where and why.
    #[error("{0}")]
    Query(#[from] QueryError),
    /// The archive failed.
    #[error(transparent)]
    Archive(#[from] crate::Error),
}
