//! Errors as the UI receives them: a stable code and a message for a person.

use serde::{Deserialize, Serialize};

/// An error returned by a command. `code` is stable (the UI may branch on
/// it); `message` is for a person and says what happened and to what.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    /// One of `archive_open`, `archive_newer`, `not_found`, `database`,
    /// `io`, `busy`, `query` (a malformed search query), `conflict` (the
    /// post changed since the editor read it), `invalid` (the text is not a
    /// valid post; nothing saved), `edit_refused`, `encoding`,
    /// `bad_request`, `nothing_to_undo`, `site` (not a usable Jekyll site
    /// folder), `git` (a git step of publishing failed).
    pub code: String,
    /// What went wrong, for a person.
    pub message: String,
}

impl AppError {
    /// An error with a code and a message.
    pub fn new(code: &str, message: impl Into<String>) -> AppError {
        AppError {
            code: code.to_string(),
            message: message.into(),
        }
    }
}

impl From<gazette_core::Error> for AppError {
    fn from(e: gazette_core::Error) -> AppError {
        use gazette_core::Error as E;
        let code = match &e {
            E::OpenArchive { .. } => "archive_open",
            E::NewerSchema { .. } => "archive_newer",
            E::PostNotFound(_) | E::RevisionNotFound { .. } => "not_found",
            E::NothingToUndo(_) => "nothing_to_undo",
            E::Conflict { .. } => "conflict",
            E::Edit(_) => "edit_refused",
            E::InvalidPost { .. } => "invalid",
            E::Encode(_) => "encoding",
            E::BadRequest(_) => "bad_request",
            E::Site { .. } => "site",
            E::Git(_) => "git",
            E::SearchIndex { .. } => "search_index",
            E::Io { .. } => "io",
            E::Database(_) | E::Migration(_) => "database",
        };
        AppError::new(code, e.to_string())
    }
}

/// The result type of every command.
pub type CmdResult<T> = Result<T, AppError>;
