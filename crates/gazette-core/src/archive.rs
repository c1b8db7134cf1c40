//! The facade both shells use: an archive file and what can be done with it.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use crate::error::Result;
use crate::import::{self, ImportProgress, ImportReport};
use crate::post::Format;
use crate::search::{self, Facets, QueryError, SearchResults, Sort};
use crate::store::{ListQuery, PostDetail, PostPage, Stats, Store};

/// The environment variable that overrides the default archive path.
pub const ARCHIVE_ENV: &str = "GAZETTE_DB";

/// The archive used when none is named: `$GAZETTE_DB` if set, else
/// `archive.db` in the OS data folder (`~/.local/share/Gazette` on Linux,
/// `~/Library/Application Support/Gazette` on macOS, `%APPDATA%\Gazette` on
/// Windows), else `./gazette.db`. The desktop app and the CLI share it.
pub fn default_archive_path() -> PathBuf {
    if let Some(path) = std::env::var_os(ARCHIVE_ENV).filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    dirs::data_dir().map_or_else(
        || PathBuf::from("gazette.db"),
        |d| d.join("Gazette").join("archive.db"),
    )
}

/// An open archive of posts.
#[derive(Debug)]
pub struct Archive {
    store: Store,
}

impl Archive {
    /// Opens the archive at `path`, creating it (and its folder) if needed.
    ///
    /// # Errors
    /// See [`Store::open`]: a foreign or corrupt file, a newer schema.
    pub fn open(path: &Path) -> Result<Archive> {
        Ok(Archive {
            store: Store::open(path)?,
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

    /// A page of posts, newest first (see [`Store::list_posts`]).
    ///
    /// # Errors
    /// Database failures.
    pub fn list(&self, query: &ListQuery) -> Result<PostPage> {
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
        let post = self.store.post(id)?;
        let format = Format::from_name(&post.format).unwrap_or(Format::Text);
        Ok(crate::render::body_html(format, &post.body))
    }

    /// Searches the archive (see [`crate::search`] for the query language).
    /// `limit` is capped at 1000.
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
        let compiled = search::prepare(query)?;
        Ok(search::run(&self.store, &compiled, sort, limit, offset)?)
    }

    /// Category, tag and year counts among the posts a query matches.
    ///
    /// # Errors
    /// As [`Archive::search`].
    pub fn search_facets(&self, query: &str) -> Result<Facets, SearchError> {
        let compiled = search::prepare(query)?;
        Ok(self.store.search_facets(&compiled)?)
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
