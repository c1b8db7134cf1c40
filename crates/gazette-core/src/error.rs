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
    /// The post has no revision with this id.
    #[error("post {post_id} has no revision {revision}")]
    RevisionNotFound {
        /// The post.
        post_id: i64,
        /// The revision asked for.
        revision: i64,
    },
    /// No operation has this id, or none is left to undo.
    #[error("{0}")]
    NothingToUndo(String),
    /// The post changed in the archive since the editor read it (another
    /// window, the CLI); saving would overwrite that change.
    #[error("post {id} was changed elsewhere since it was opened; reload it to see the change (your text is not saved)")]
    Conflict {
        /// The post.
        id: i64,
    },
    /// A front matter edit was refused (see [`crate::front_matter::EditError`]).
    #[error(transparent)]
    Edit(#[from] crate::front_matter::EditError),
    /// The new text is not a valid post (for example invalid YAML); it was
    /// not saved. `line` is 1-based in the post's text.
    #[error("not saved: line {}: {reason}", line.map_or_else(|| "?".to_string(), |l| l.to_string()))]
    InvalidPost {
        /// The line of the problem, when known.
        line: Option<usize>,
        /// What is wrong.
        reason: String,
    },
    /// The text has characters the post's encoding cannot hold.
    #[error("not saved: {0}")]
    Encode(String),
    /// A bulk edit's pattern or value is not valid.
    #[error("{0}")]
    BadRequest(String),
    /// A site folder cannot be published to: missing, not a Jekyll site
    /// (no `_config.yml`), or a path in it leads outside it.
    #[error("{path}: {reason}")]
    Site {
        /// The folder or file.
        path: PathBuf,
        /// What is wrong, for a person.
        reason: String,
    },
    /// A git step of publishing failed; the message says what to do.
    #[error("git: {0}")]
    Git(String),
    /// The derived search index under `<archive>.search/` failed (it can
    /// be deleted and rebuilt from the archive: nothing is lost).
    #[error("search index {path}: {source}")]
    SearchIndex {
        /// The index folder.
        path: PathBuf,
        /// What tantivy reported.
        source: tantivy::TantivyError,
    },
}

impl Error {
    /// Whether SQLite gave up waiting for a lock that another connection
    /// (another process) held for longer than the store's 10 s busy
    /// timeout: trying again later may succeed.
    pub fn is_busy(&self) -> bool {
        let sqlite = match self {
            Error::Database(e) | Error::OpenArchive { source: e, .. } => e,
            _ => return false,
        };
        matches!(
            sqlite.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        )
    }
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
