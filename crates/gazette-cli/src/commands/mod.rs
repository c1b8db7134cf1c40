//! The commands, one module per family, as the app's `src-tauri/commands/`:
//! each holds its commands' args (whose doc comments are clap's help texts),
//! the function that runs each one and its human and JSON output. A
//! command's function takes its args, the open archive and the locked
//! stdout, and gives the exit code (errors are exit 1, printed by `main`).
//!
//! - `import`, `index`: [`import`]
//! - `list`, `show`, `cat`, `duplicates`, `stats`: [`browse`]
//! - `search`: [`search`]
//! - `set`, `history`, `restore`, `bulk`, `undo`, `log`, `delete`: [`edit`]
//! - `new`, `promote`, `demote`: [`compose`]
//! - `export`: [`export`]
//! - `publish`: [`publish`]
//! - `sync`, `conflicts`, `resolve`: [`sync`]
//! - `site add`, `site list`, `site remove`: [`sites`]
//! - `timeline`, `tags`, `categories`: [`overview`]
//!
//! What several families share is here: [`Page`] and [`index_pending`].

use std::sync::atomic::AtomicBool;

use gazette_core::{Archive, SearchError};

pub mod browse;
pub mod compose;
pub mod edit;
pub mod export;
pub mod import;
pub mod overview;
pub mod publish;
pub mod search;
pub mod sites;
pub mod sync;

/// Which page of a listing: `--limit` (default 50, at most 1000) and
/// `--offset`.
#[derive(clap::Args)]
pub struct Page {
    /// How many to show (at most 1000).
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    /// How many to skip.
    #[arg(long, default_value_t = 0)]
    pub offset: u32,
}

/// Whether a command shows progress on stderr: not with `--json` (scripts
/// read stdout and may log stderr), and only when stderr is a terminal.
pub fn shows_progress(json: bool) -> bool {
    !json && std::io::IsTerminal::is_terminal(&std::io::stderr())
}

/// A query's result, or `None` after saying on stderr that the query cannot
/// be read (the caller then exits 2, a usage error); an archive error is
/// passed on.
pub fn query_result<T>(result: Result<T, SearchError>) -> anyhow::Result<Option<T>> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(SearchError::Query(e)) => {
            eprintln!("gazette: cannot read the query: {e}");
            Ok(None)
        }
        Err(SearchError::Archive(e)) => Err(e.into()),
    }
}

/// Indexes the posts waiting for the search index, with progress on stderr
/// when `interactive`; returns how many.
pub fn index_pending(archive: &mut Archive, interactive: bool) -> anyhow::Result<u32> {
    let mut progress = |p: gazette_core::IndexProgress| {
        if interactive {
            eprint!("\rindexing for search: {}/{} posts", p.done, p.total);
        }
    };
    let indexed = archive.index_pending(&mut progress, &AtomicBool::new(false))?;
    if interactive && indexed > 0 {
        eprintln!();
    }
    Ok(indexed)
}
