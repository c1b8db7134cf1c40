//! `sync`, `conflicts`, `resolve`: follow a site's git repository (pull,
//! apply what changed, keep every edit) and settle what could not be merged.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use gazette_core::sync::resolve::Resolution;
use gazette_core::sync::{SyncOptions, SyncReport};
use gazette_core::{Archive, Error};

use super::publish::site_name_for;
use super::shows_progress;

/// Sync a site: pull its git repository, then apply what changed in its
/// folder since the last sync to the archive, keeping every edit made in
/// Gazette.
///
/// New files become posts; a changed file updates its post, or is merged
/// three ways with the post's edits (overlapping changes are a conflict:
/// the post keeps its text, see `conflicts`); a deleted file removes its
/// post unless edited; a moved file moves its post. The pull fast-forwards,
/// or merges when git can without a conflict; a work tree with uncommitted
/// changes to files Gazette did not write is not touched. Exit 3 when there
/// are conflicts or files that could not be read, 2 for an unknown site.
#[derive(clap::Args)]
pub struct SyncArgs {
    /// The site: its name (from `site list`) or its folder (added if new).
    #[arg(long, value_name = "NAME|DIR")]
    site: String,
    /// Do not pull: apply only what is on disk.
    #[arg(long)]
    no_pull: bool,
    /// Print JSON: {"pulled":{"from","to"}|null,"added","updated","merged","removed","moved","unchanged","conflicts":[{"id","path","kind"}],"failed":[{"path","line","reason"}],"git_error","operation_id","cancelled","files_read"}.
    #[arg(long)]
    json: bool,
}

/// `gazette sync`.
pub fn sync(
    args: SyncArgs,
    archive: &mut Archive,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let site = match archive.find_site(&args.site)? {
        Some(found) => found,
        None => {
            let dir = PathBuf::from(&args.site);
            if !dir.is_dir() {
                eprintln!(
                    "gazette: no site named {:?} and no such folder (see `gazette site list`)",
                    args.site
                );
                return Ok(ExitCode::from(2));
            }
            let name = site_name_for(archive, &dir)?;
            let added = match archive.add_site(&name, &dir, false) {
                Ok(site) => site,
                Err(e @ (Error::Site { .. } | Error::BadRequest(_))) => {
                    eprintln!("gazette: {e}");
                    return Ok(ExitCode::from(2));
                }
                Err(e) => return Err(e.into()),
            };
            if !args.json {
                eprintln!("added site {:?} ({})", added.name, added.path);
            }
            added
        }
    };
    let interactive = shows_progress(args.json);
    let mut progress = |p: &gazette_core::ImportProgress| {
        if interactive && (p.done % 50 == 0 || p.done == p.total) {
            eprint!("\r{}/{} files", p.done, p.total);
        }
    };
    let options = SyncOptions {
        pull: !args.no_pull,
    };
    let report = archive.sync_site(site.id, options, &mut progress, &AtomicBool::new(false))?;
    if interactive && report.added + report.updated + report.merged + report.removed > 0 {
        eprintln!();
    }
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
    } else {
        print_sync(out, &site.name, &report)?;
    }
    if let Some(e) = &report.git_error {
        eprintln!("gazette: not pulled: {e}");
    }
    Ok(if report.conflicts.is_empty() && report.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    })
}

fn print_sync(out: &mut impl Write, site: &str, r: &SyncReport) -> std::io::Result<()> {
    if let Some(p) = &r.pulled {
        writeln!(
            out,
            "pulled {}..{}",
            &p.from[..p.from.len().min(12)],
            &p.to[..p.to.len().min(12)]
        )?;
    }
    for c in &r.conflicts {
        writeln!(out, "CONFLICT {} post {} {}", c.kind, c.id, c.path)?;
    }
    for f in &r.failed {
        match f.line {
            Some(line) => writeln!(out, "failed   {}:{line}: {}", f.path, f.reason)?,
            None => writeln!(out, "failed   {}: {}", f.path, f.reason)?,
        }
    }
    writeln!(
        out,
        "synced {site}: {} added, {} updated, {} merged, {} removed, {} moved, {} unchanged, {} conflicts, {} failed{}",
        r.added,
        r.updated,
        r.merged,
        r.removed,
        r.moved,
        r.unchanged,
        r.conflicts.len(),
        r.failed.len(),
        if r.cancelled { " (cancelled)" } else { "" }
    )?;
    if let Some(op) = r.operation_id {
        writeln!(out, "undo it with: gazette undo {op}")?;
    }
    Ok(())
}

/// List the conflicts syncs left: posts edited in Gazette whose file
/// changed upstream in overlapping lines (edit/edit), or was deleted
/// (edit/delete). Settle each with `resolve`.
#[derive(clap::Args)]
pub struct ConflictsArgs {
    /// Print JSON: [{"id","path","kind","site"}].
    #[arg(long)]
    json: bool,
}

/// `gazette conflicts`.
pub fn conflicts(
    args: ConflictsArgs,
    archive: &Archive,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let list = archive.conflicts()?;
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&list)?)?;
    } else if list.is_empty() {
        writeln!(out, "no conflicts")?;
    } else {
        for c in &list {
            writeln!(out, "{:>6}  {:<11}  {}  ({})", c.id, c.kind, c.path, c.site)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Resolve a post's sync conflict: keep Gazette's text (--ours), take the
/// upstream file (--theirs; for an edit/delete conflict this deletes the
/// post), or make the post a file's bytes (--file, an edited merge). Each
/// is one operation `undo` reverts; the next publish writes the result.
#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("side").required(true).multiple(false)))]
pub struct ResolveArgs {
    /// The post's id (from `conflicts`).
    id: i64,
    /// Keep the post as it is in Gazette.
    #[arg(long, group = "side")]
    ours: bool,
    /// Take the upstream file's text.
    #[arg(long, group = "side")]
    theirs: bool,
    /// Make the post this file's bytes.
    #[arg(long, group = "side", value_name = "PATH")]
    file: Option<PathBuf>,
    /// Print JSON: {"id","operation_id"}.
    #[arg(long)]
    json: bool,
}

/// `gazette resolve`: exit 2 for a post with no conflict or a file that
/// cannot be read or is not a post.
pub fn resolve(
    args: ResolveArgs,
    archive: &mut Archive,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let resolution = match (&args.file, args.theirs) {
        (Some(path), _) => match std::fs::read(path) {
            Ok(bytes) => Resolution::Merged(bytes),
            Err(e) => {
                eprintln!("gazette: cannot read {}: {e}", path.display());
                return Ok(ExitCode::from(2));
            }
        },
        (None, true) => Resolution::Theirs,
        (None, false) => Resolution::Ours,
    };
    let operation = match archive.resolve_conflict(args.id, resolution) {
        Ok(op) => op,
        Err(e @ (Error::BadRequest(_) | Error::InvalidPost { .. } | Error::PostNotFound(_))) => {
            eprintln!("gazette: {e}");
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(e.into()),
    };
    if args.json {
        writeln!(
            out,
            "{}",
            serde_json::json!({"id": args.id, "operation_id": operation})
        )?;
    } else {
        writeln!(out, "resolved post {}", args.id)?;
    }
    Ok(ExitCode::SUCCESS)
}
