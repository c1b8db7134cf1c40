//! The core's error type: one enum whose variants a caller can act on.

use std::path::PathBuf;

/// Everything the core can fail with. Shells report these with context
/// (the CLI on stderr, the app as a coded message to the UI).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The archive database could not be opened or read: not an SQLite
    /// file, corrupt, or locked by another process.
    #[error("cannot open the archive {path}: {}", sqlite_message(.source))]
    OpenArchive {
        /// The database file that was being opened.
        path: PathBuf,
        /// What SQLite reported.
        source: rusqlite::Error,
    },
    /// The archive was written by a newer Gazette (its schema version is
    /// higher than this build knows). The file is left untouched.
    #[error("the archive {path} has schema version {found}, newer than this Gazette knows ({known}); open it with a newer Gazette")]
    NewerSchema {
        /// The database file.
        path: PathBuf,
        /// The schema version found in the file (`PRAGMA user_version`).
        found: i64,
        /// The highest schema version this build knows.
        known: i64,
    },
    /// Bringing the schema up to date failed.
    #[error("cannot update the archive's schema: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// A database statement failed.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// No post has this id.
    #[error("no post with id {0}")]
    PostNotFound(i64),
}

/// SQLite's own message, once (rusqlite's display repeats it for some
/// errors: "file is not a database: Error code 26: file is not a database").
fn sqlite_message(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(message)) if !message.is_empty() => message.clone(),
        rusqlite::Error::SqliteFailure(code, None) => code.to_string(),
        other => other.to_string(),
    }
}

/// `Result` with the core's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
