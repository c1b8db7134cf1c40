//! `export`: posts written out as files, into a folder or a .zip, as
//! Markdown or their original bytes.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use gazette_core::{Archive, ExportOptions, Grouping, OnConflict, Target};

use super::{query_result, shows_progress};

/// Write posts out as files, into a folder or a .zip: Markdown
/// (`_posts/YYYY-MM-DD-slug.md`, front matter kept, HTML converted) or the
/// original bytes. Existing files are skipped unless --on-conflict overwrite.
#[derive(clap::Args)]
pub struct ExportArgs {
    /// `markdown` (default) or `original` (each post's exact bytes, under
    /// the name it was imported with).
    #[arg(long, value_enum, default_value_t = ExportFormat::Markdown)]
    format: ExportFormat,
    /// The target folder (created if needed).
    #[arg(
        long,
        value_name = "DIR",
        required_unless_present = "zip",
        conflicts_with = "zip"
    )]
    out: Option<PathBuf>,
    /// Write a .zip file instead of a folder.
    #[arg(long, value_name = "FILE")]
    zip: Option<PathBuf>,
    /// Only the posts this search matches (default: all).
    #[arg(long, default_value = "")]
    query: String,
    /// Folders under _posts/: flat, by first category, or by year.
    #[arg(long, value_enum, default_value_t = LayoutArg::Flat)]
    layout: LayoutArg,
    /// Existing files: skip them (default) or overwrite them.
    #[arg(long, value_enum, default_value_t = ConflictArg::Skip)]
    on_conflict: ConflictArg,
    /// Same as --on-conflict overwrite.
    #[arg(long)]
    overwrite: bool,
    /// Print JSON: {"written":N,"skipped":N,"files":[{"id","path"}],"cancelled":false,"converted":N,"warnings":[{"id","path","warning"}]}.
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    Markdown,
    Original,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LayoutArg {
    Flat,
    Category,
    Year,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ConflictArg {
    Skip,
    Overwrite,
}

/// `gazette export`: exit 2 for a malformed query.
pub fn export(
    args: ExportArgs,
    archive: &mut Archive,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let ExportArgs {
        format,
        out: folder,
        zip,
        query,
        layout,
        on_conflict,
        overwrite,
        json,
    } = args;
    let target = match (folder, zip) {
        (_, Some(zip)) => Target::Zip(zip),
        (Some(dir), None) => Target::Folder(dir),
        (None, None) => unreachable!("clap requires --out or --zip"),
    };
    let options = ExportOptions {
        format: match format {
            ExportFormat::Markdown => gazette_core::ExportFormat::Markdown,
            ExportFormat::Original => gazette_core::ExportFormat::Original,
        },
        grouping: match layout {
            LayoutArg::Flat => Grouping::Flat,
            LayoutArg::Category => Grouping::Category,
            LayoutArg::Year => Grouping::Year,
        },
        on_conflict: match (on_conflict, overwrite) {
            (ConflictArg::Overwrite, _) | (_, true) => OnConflict::Overwrite,
            _ => OnConflict::Skip,
        },
    };
    let interactive = shows_progress(json);
    let mut progress = |done: u32, total: u32| {
        if interactive && (done % 100 == 0 || done == total) {
            eprint!("\r{done}/{total} posts");
        }
    };
    let exported = archive.export(
        &query,
        None,
        &target,
        options,
        &mut progress,
        &AtomicBool::new(false),
    );
    let Some(report) = query_result(exported)? else {
        return Ok(ExitCode::from(2));
    };
    if interactive {
        eprintln!();
    }
    if json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
    } else {
        let place = match &target {
            Target::Folder(p) | Target::Zip(p) => p.display().to_string(),
        };
        writeln!(
            out,
            "wrote {} files to {place} ({} converted from HTML), skipped {} that exist (--on-conflict overwrite replaces them)",
            report.written, report.converted, report.skipped
        )?;
        for w in &report.warnings {
            writeln!(out, "note: post {} ({}): {}", w.id, w.path, w.warning)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
