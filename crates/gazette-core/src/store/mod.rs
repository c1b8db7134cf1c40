//! The SQLite store: every SQL statement of Gazette lives under this module.
//!
//! One file on disk (rusqlite, bundled SQLite), WAL journal, foreign keys on,
//! schema from the numbered migrations in `migrations/` (embedded at build
//! time, applied by `rusqlite_migration`, version in `PRAGMA user_version`).

mod duplicates;
mod engine_feed;
mod imports;
mod names;
mod posts;
pub mod query;
mod revisions;
mod search;
mod settings;
mod sites;
mod stats;
mod sync;
mod timeline;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use crate::error::{Error, Result};

pub use duplicates::{DeletedPost, DuplicateGroup, SOURCE_URL_KEYS};
pub use engine_feed::EngineDoc;
pub use imports::BatchCounts;
pub use names::{NameCount, NameKind};
pub use posts::{ListQuery, Origin, PostDetail, PostPage, PostSummary, Stored};
pub use revisions::{Change, Operation, Revision};
pub use search::IndexProgress;
pub use sites::{PublishCandidate, Site, SiteFile};
pub use stats::Stats;
pub use sync::{Conflict, SeenFile, SitePost};
pub use timeline::{Timeline, TimelineBucket, TimelineBy};

/// The migrations, in order; migration N brings the schema to version N.
const MIGRATION_SQL: &[&str] = &[
    include_str!("migrations/0001_posts.sql"),
    include_str!("migrations/0002_search.sql"),
    include_str!("migrations/0003_nocase_names.sql"),
    include_str!("migrations/0004_revisions.sql"),
    include_str!("migrations/0005_import_undo.sql"),
    include_str!("migrations/0006_sites.sql"),
    include_str!("migrations/0007_settings.sql"),
    include_str!("migrations/0008_post_context.sql"),
    include_str!("migrations/0009_duplicates.sql"),
    include_str!("migrations/0010_source_hash_index.sql"),
    include_str!("migrations/0011_ascii_tokens.sql"),
    include_str!("migrations/0012_post_url.sql"),
    include_str!("migrations/0013_post_moves.sql"),
    include_str!("migrations/0014_sync.sql"),
    include_str!("migrations/0015_sync_marks.sql"),
    include_str!("migrations/0016_post_month.sql"),
    include_str!("migrations/0017_search_outbox.sql"),
    include_str!("migrations/0018_post_counts.sql"),
];

static MIGRATIONS: LazyLock<Migrations<'static>> =
    LazyLock::new(|| Migrations::new(MIGRATION_SQL.iter().map(|sql| M::up(sql)).collect()));

/// The number of the newest schema this build knows.
const SCHEMA_VERSION: i64 = MIGRATION_SQL.len() as i64;

/// The page size of new archives, in bytes (SQLite's default is 4096).
const PAGE_SIZE: i64 = 16384;

/// The page cache of each connection: 64 MiB (SQLite's `cache_size` in
/// KiB is negative).
const CACHE_KIB: i64 = -65536;

/// An open archive database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (creating if needed) the archive at `path` and brings its
    /// schema up to date. Parent folders are created. Opening does not
    /// index: posts without a current search index entry (stored by an
    /// import that deferred it, or indexed by an older build) wait for
    /// [`Store::index_pending`].
    ///
    /// # Errors
    /// [`Error::OpenArchive`] for a file that is not an SQLite database or
    /// cannot be opened; [`Error::NewerSchema`] (file untouched) when it was
    /// written by a newer Gazette; [`Error::Migration`] if updating fails.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        let (mut conn, found) = Store::connect(path, rusqlite::OpenFlags::default())?;
        if found == 0 {
            // A new archive (or one with no schema yet): posts are a few to
            // tens of KB, so 16 KiB pages keep most posts in one page instead
            // of a chain of overflow pages that every read of a column after
            // `raw` walks. Takes effect only while the file is empty.
            conn.pragma_update(None, "page_size", PAGE_SIZE)
                .map_err(|source| Store::open_error(path, source))?;
        }
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|source| Store::open_error(path, source))?;
        MIGRATIONS.to_latest(&mut conn)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Opens an existing, up-to-date archive for reading only, beside the
    /// store [`Store::open`] gave (SQLite's WAL lets readers run while one
    /// connection writes, each seeing the last commit). Nothing is created,
    /// migrated or written: every statement that would write fails
    /// (`PRAGMA query_only`). Costs a connection, no work proportional to
    /// the archive.
    ///
    /// # Errors
    /// [`Error::OpenArchive`] for a missing, foreign or corrupt file;
    /// [`Error::NewerSchema`]; [`Error::BadRequest`] for an archive whose
    /// schema is older than this build's (open it with [`Store::open`]
    /// first, which updates it).
    pub fn open_reader(path: &Path) -> Result<Store> {
        use rusqlite::OpenFlags as F;
        let flags = F::SQLITE_OPEN_READ_WRITE | F::SQLITE_OPEN_URI | F::SQLITE_OPEN_NO_MUTEX;
        let (conn, found) = Store::connect(path, flags)?;
        if found < SCHEMA_VERSION {
            return Err(Error::BadRequest(format!(
                "the archive {} has schema version {found}; it must be opened for writing once to update it to {SCHEMA_VERSION}",
                path.display()
            )));
        }
        conn.pragma_update(None, "query_only", true)
            .map_err(|source| Store::open_error(path, source))?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Opens a connection with the settings every connection uses, after
    /// checking the file is an SQLite database no newer than this build
    /// knows. Returns it and the schema version found.
    fn connect(path: &Path, flags: rusqlite::OpenFlags) -> Result<(Connection, i64)> {
        let open_err = |source| Store::open_error(path, source);
        let conn = Connection::open_with_flags(path, flags).map_err(open_err)?;
        // Reading the version is the first statement that touches the file, so
        // a foreign or corrupt file fails here, before anything is written.
        let found: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(open_err)?;
        if found > SCHEMA_VERSION {
            return Err(Error::NewerSchema {
                path: path.to_path_buf(),
                found,
                known: SCHEMA_VERSION,
            });
        }
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(open_err)?;
        // SQLite's default page cache is 2 MB: an import's inserts into the
        // indexes on random keys (hashes, paths) then read their pages back
        // from the WAL over and over. 64 MiB (used only as needed) took 100k
        // posts from 18.3 s to 15.9 s.
        conn.pragma_update(None, "cache_size", CACHE_KIB)
            .map_err(open_err)?;
        Ok((conn, found))
    }

    fn open_error(path: &Path, source: rusqlite::Error) -> Error {
        Error::OpenArchive {
            path: path.to_path_buf(),
            source,
        }
    }

    /// The database file this store is open on.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Starts a write transaction. Everything written through the returned
    /// [`Writer`] lands together on [`Writer::commit`], or not at all.
    ///
    /// # Errors
    /// [`Error::Database`] if SQLite cannot begin the transaction (for
    /// example the database is locked for longer than 10 s).
    pub fn writer(&mut self) -> Result<Writer<'_>> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        Ok(Writer {
            tx,
            pending_index: Default::default(),
            defer_new_entries: std::cell::Cell::new(false),
        })
    }
}

/// A write transaction on the store (see [`Store::writer`]).
pub struct Writer<'a> {
    tx: rusqlite::Transaction<'a>,
    /// Search index entries to write before the commit (see
    /// [`Writer::flush_index`]).
    pending_index: std::cell::RefCell<Vec<search::PendingEntry>>,
    /// New posts are stored without a search index entry (see
    /// [`Writer::defer_new_entries`]).
    defer_new_entries: std::cell::Cell<bool>,
}

impl Writer<'_> {
    /// Makes everything written through this writer durable.
    ///
    /// # Errors
    /// [`Error::Database`] if the commit fails; nothing is written then.
    pub fn commit(self) -> Result<()> {
        self.flush_index()?;
        self.tx.commit()?;
        Ok(())
    }
}

/// The current time as RFC 3339 UTC, for timestamps in the store.
fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        MIGRATIONS.validate().unwrap();
    }

    #[test]
    fn a_foreign_file_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("not.db");
        std::fs::write(
            &path,
            b"this is not an sqlite database, just text, long enough to be read",
        )
        .unwrap();
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(matches!(err, Error::OpenArchive { .. }), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn a_newer_schema_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        {
            let c = Connection::open(&path).unwrap();
            c.pragma_update(None, "user_version", 99).unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        assert!(matches!(
            Store::open(&path).unwrap_err(),
            Error::NewerSchema { found: 99, .. }
        ));
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }
}
