//! Gazette's core: an archive of Jekyll posts kept losslessly in SQLite.
//!
//! Layers, each importing only those below it:
//! - facade: [`Archive`] (what the desktop app and the `gazette` CLI call);
//! - pipelines: [`import`], [`search`], [`editing`], [`compose`],
//!   [`export`], [`publish`], [`sync`];
//! - store: [`store`] (all SQL, migrations);
//! - model: [`post`] (a file's exact bytes plus the typed view);
//! - leaves: [`front_matter`], [`date`], [`file_name`], [`mod@format`], [`text`],
//!   [`render`], [`error`].
//!
//! No Tauri and no async runtime here: long work takes a progress callback
//! and a cancel flag, and the shells run it where they like.

pub mod archive;
pub mod compose;
pub mod convert;
pub mod date;
pub mod editing;
pub mod error;
pub mod export;
pub mod file_name;
pub mod format;
pub mod front_matter;
pub mod import;
pub mod post;
pub mod publish;
pub mod render;
pub mod search;
pub mod site_git;
pub mod store;
pub mod sync;
pub mod text;

pub use archive::{
    default_archive_path, Archive, NameEdit, SearchError, SearchIndexStatus, ARCHIVE_ENV,
};
pub use compose::{Created, Moved, NewPost};
pub use editing::{
    BulkAction, BulkReport, FieldEdit, ReplaceScope, Saved, TextParts, TextProblem, UndoReport,
};
pub use error::{Error, Result};
pub use export::{ExportFormat, ExportOptions, ExportReport, Grouping, OnConflict, Target};
pub use import::{ImportFailure, ImportProgress, ImportReport};
pub use post::{Format, PostFile};
pub use publish::{FileAction, PublishFile, PublishOptions, PublishReport};
pub use search::{Facets, SearchHit, SearchResults, Sort};
pub use store::{
    Conflict, IndexProgress, ListQuery, NameCount, NameKind, Operation, PostDetail, PostPage,
    PostSummary, Revision, Site, Stats, Timeline, TimelineBucket, TimelineBy,
};
pub use sync::resolve::{ConflictSides, Resolution};
pub use sync::{PulledRange, SyncConflict, SyncOptions, SyncReport};
