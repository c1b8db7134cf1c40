//! The commands the UI may call, one module per domain.

pub mod archive;
pub mod compose;
pub mod duplicates;
pub mod editing;
pub mod export;
pub mod import;
pub mod indexing;
pub mod overview;
pub mod posts;
pub mod publish;
pub mod search;
pub mod settings;
pub mod sync;
