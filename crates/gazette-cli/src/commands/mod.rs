//! The commands, one module per family, each holding its args (whose doc
//! comments are clap's help texts), the function that runs it and its
//! human and JSON output; and the few pieces several families share.

use std::sync::atomic::AtomicBool;

use gazette_core::Archive;

pub mod import;

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
