//! `publish`: the archive into a Jekyll site folder, only what changed,
//! optionally committed and pushed with git; a site not added yet is
//! added under its folder's name.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use gazette_core::Archive;

use super::shows_progress;

/// Publish the archive into a Jekyll site folder: only what changed.
///
/// Published posts go to _posts/ (a post imported from a site keeps its
/// name), drafts to _drafts/ with --drafts. Only files Gazette wrote (or
/// found identical) are ever changed or removed; a file changed on disk
/// since is a conflict and left alone (exit 3). A site not added yet is
/// added under its folder's name.
#[derive(clap::Args)]
pub struct PublishArgs {
    /// The site: its name (from `site list`) or its folder.
    #[arg(long, value_name = "DIR")]
    site: String,
    /// Only show what would be done.
    #[arg(long)]
    dry_run: bool,
    /// Commit the files with git (the site must be in a git work tree
    /// with nothing staged).
    #[arg(long)]
    commit: bool,
    /// Commit, then push the branch to the site's remote (default: its
    /// upstream, else origin).
    #[arg(long)]
    push: bool,
    /// Also write drafts to _drafts/.
    #[arg(long)]
    drafts: bool,
    /// Print JSON: {"site":{..},"dry_run","files":[{"path","action","id","title","reason"}],"added","changed","removed","conflicts","unchanged","scheduled","drafts_left_out","cancelled","commit","pushed_to","git_error"}.
    #[arg(long)]
    json: bool,
}

/// `gazette publish`: exit 2 for an unknown site that is no folder, 3 if
/// some files were conflicts, 1 if git failed.
pub fn publish(
    args: PublishArgs,
    archive: &mut Archive,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let PublishArgs {
        site,
        dry_run,
        commit,
        push,
        drafts,
        json,
    } = args;
    let site = match archive.find_site(&site)? {
        Some(found) => found,
        None => {
            let dir = PathBuf::from(&site);
            if !dir.is_dir() {
                eprintln!(
                    "gazette: no site named {site:?} and no such folder (see `gazette site list`)"
                );
                return Ok(ExitCode::from(2));
            }
            let name = site_name_for(archive, &dir)?;
            let added = archive.add_site(&name, &dir, false)?;
            if !json {
                eprintln!("added site {:?} ({})", added.name, added.path);
            }
            added
        }
    };
    let options = gazette_core::PublishOptions {
        dry_run,
        drafts,
        commit: commit || push,
        push,
    };
    let interactive = shows_progress(json);
    let mut progress = |done: u32, total: u32| {
        if interactive && (done % 50 == 0 || done == total) {
            eprint!("\r{done}/{total} files");
        }
    };
    let report = archive.publish(site.id, options, &mut progress, &AtomicBool::new(false))?;
    if interactive && !dry_run {
        eprintln!();
    }
    if json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
    } else {
        print_publish(out, &report)?;
        let wrote = report.added + report.changed + report.removed > 0;
        if options.commit
            && !dry_run
            && wrote
            && report.commit.is_none()
            && report.git_error.is_none()
        {
            writeln!(out, "note: nothing was committed: git sees no change in these files (are they in .gitignore?)")?;
        }
    }
    Ok(if report.git_error.is_some() {
        ExitCode::from(1)
    } else if report.conflicts > 0 {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    })
}

/// A name for a site added by `publish --site DIR`: the folder's name, with
/// `-2`, `-3`… when taken.
pub(super) fn site_name_for(archive: &Archive, dir: &std::path::Path) -> anyhow::Result<String> {
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let base = canonical
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".to_string());
    let taken: Vec<String> = archive
        .sites()?
        .into_iter()
        .map(|s| s.name.to_lowercase())
        .collect();
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name.to_lowercase()) {
        name = format!("{base}-{n}");
        n += 1;
    }
    Ok(name)
}

/// The human form of a publish report.
fn print_publish(
    out: &mut impl Write,
    report: &gazette_core::PublishReport,
) -> std::io::Result<()> {
    use gazette_core::FileAction;
    for f in &report.files {
        let sign = match f.action {
            FileAction::Add => "add    ",
            FileAction::Change => "change ",
            FileAction::Remove => "remove ",
            FileAction::Conflict => "CONFLICT",
        };
        match &f.reason {
            Some(reason) => writeln!(out, "{sign} {}  ({reason})", f.path)?,
            None => writeln!(out, "{sign} {}", f.path)?,
        }
    }
    let verb = if report.dry_run {
        "would publish"
    } else {
        "published"
    };
    writeln!(
        out,
        "{verb} to {} ({}): {} added, {} changed, {} removed, {} unchanged, {} conflicts; {} scheduled; {} drafts left out{}",
        report.site.name,
        report.site.path,
        report.added,
        report.changed,
        report.removed,
        report.unchanged,
        report.conflicts,
        report.scheduled,
        report.drafts_left_out,
        if report.cancelled { " (cancelled)" } else { "" }
    )?;
    if let Some(commit) = &report.commit {
        writeln!(out, "committed {commit}")?;
    }
    if let Some(remote) = &report.pushed_to {
        writeln!(out, "pushed to {remote}")?;
    }
    if let Some(e) = &report.git_error {
        writeln!(out, "{e}")?;
    }
    Ok(())
}
