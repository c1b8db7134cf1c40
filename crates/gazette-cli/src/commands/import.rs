//! `import` (post files, folders and .zip files into the archive) and
//! `index` (the search index for the posts an import left unindexed).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use gazette_core::Archive;

use super::{index_pending, shows_progress};

/// Import post files and folders (recursively). Exit 3 if some files failed.
#[derive(clap::Args)]
pub struct ImportArgs {
    /// Files, folders and .zip files to import.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Refuse post files larger than this many megabytes.
    #[arg(long, value_name = "MB", default_value_t = 50)]
    max_size: u64,
    /// Store the posts without indexing them for search (faster); run
    /// `gazette index` later (`search` also indexes what is waiting).
    #[arg(long)]
    no_index: bool,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// `gazette import`: exit 3 if some files failed.
pub fn import(
    args: ImportArgs,
    archive: &mut Archive,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let ImportArgs {
        paths,
        json,
        max_size,
        no_index,
    } = args;
    let interactive = shows_progress(json);
    let mut progress = |p: &gazette_core::ImportProgress| {
        if interactive && (p.done % 50 == 0 || p.done == p.total) {
            eprint!("\r{}/{} files", p.done, p.total);
        }
    };
    let options = gazette_core::import::ImportOptions {
        max_file_size: max_size.saturating_mul(1 << 20),
        defer_search_index: no_index,
    };
    let report = archive.import_with(&paths, options, &mut progress, &AtomicBool::new(false))?;
    if interactive {
        eprintln!();
    }
    if !no_index {
        // Posts left unindexed before (an older build's index).
        index_pending(archive, interactive)?;
    }
    if json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
    } else {
        writeln!(
            out,
            "imported {}, updated {}, unchanged {}, failed {}, skipped {} (not post files)",
            report.imported,
            report.updated,
            report.unchanged,
            report.failed.len(),
            report.skipped
        )?;
        if report.identical > 0 {
            writeln!(
                out,
                "{} unchanged file(s) are copies (same name and bytes) of a post imported from another path: not added again",
                report.identical
            )?;
        }
        if report.duplicates > 0 {
            writeln!(
                out,
                "{} imported post(s) may duplicate others (same title and day, or source URL): see `gazette duplicates`",
                report.duplicates
            )?;
        }
        if report.imported + report.updated + report.unchanged == 0 && report.failed.is_empty() {
            writeln!(out, "no post files found in the given paths")?;
        }
        for f in &report.failed {
            match f.line {
                Some(line) => writeln!(out, "failed: {}:{}: {}", f.path, line, f.reason)?,
                None => writeln!(out, "failed: {}: {}", f.path, f.reason)?,
            }
        }
    }
    Ok(if report.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    })
}

/// Index for search the posts not yet indexed (after `import
/// --no-index`, an import the app left to its background indexing, or
/// an archive written by an older Gazette); a derived index that is
/// built is then brought up to date.
#[derive(clap::Args)]
pub struct IndexArgs {
    /// Print JSON: {"indexed":N} (with --derived, also
    /// "derived":{"posts":N,"bytes":N,"seconds":F}).
    #[arg(long)]
    json: bool,
    /// Then build (or rebuild) the derived search index beside the archive
    /// (`<archive>.search/`): word searches use it from then on, and it
    /// follows every change; without it they use the index in the archive.
    #[arg(long)]
    derived: bool,
}

/// `gazette index`.
pub fn index(
    args: IndexArgs,
    archive: &mut Archive,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let IndexArgs { json, derived } = args;
    let interactive = shows_progress(json);
    let indexed = index_pending(archive, interactive)?;
    let mut report = serde_json::json!({ "indexed": indexed });
    if !json {
        writeln!(out, "indexed {indexed} post(s) for search")?;
    }
    if !derived {
        // Brings a derived index that is built up to date (applies the
        // changes noted since), as the app's background job does.
        archive.search_index_status()?;
    }
    if derived {
        let start = std::time::Instant::now();
        let mut progress = |p: gazette_core::IndexProgress| {
            if interactive {
                eprint!("\rbuilding the search index: {}/{}", p.done, p.total);
            }
        };
        archive.build_search_index(&mut progress, &std::sync::atomic::AtomicBool::new(false))?;
        if interactive {
            eprintln!();
        }
        let seconds = start.elapsed().as_secs_f64();
        let status = archive.search_index_status()?;
        let (posts, bytes) = status.map_or((0, 0), |s| (s.posts, s.bytes));
        report["derived"] =
            serde_json::json!({ "posts": posts, "bytes": bytes, "seconds": seconds });
        if !json {
            writeln!(
                out,
                "built the search index: {posts} post(s), {:.1} MiB, in {seconds:.1} s",
                bytes as f64 / 1048576.0
            )?;
        }
    }
    if json {
        writeln!(out, "{report}")?;
    }
    Ok(ExitCode::SUCCESS)
}
