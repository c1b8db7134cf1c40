//! `gazette`: the command line on Gazette's core, for scripts, servers and
//! tests. Its commands, flags, exit codes and JSON shapes are a public
//! contract (see README.md): extend them, never break them.
//!
//! Exit codes: 0 success; 1 fatal error (message on stderr); 2 usage error
//! (also a malformed query or `KEY=VALUE`); 3 `import` finished but some
//! files failed, or `bulk`/`undo` finished but some posts were left alone.

mod commands;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use clap::{Parser, Subcommand};
use gazette_core::{default_archive_path, Archive};

/// Gazette: an archive of Jekyll posts.
#[derive(Parser)]
#[command(name = "gazette", version, about)]
struct Cli {
    /// The archive database. Defaults to $GAZETTE_DB, else the desktop app's
    /// archive in the OS data folder.
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

// A command's help text is the doc comment of its args struct, in its
// family's module under `commands/`.
#[derive(Subcommand)]
enum Command {
    Import(commands::import::ImportArgs),
    Index(commands::import::IndexArgs),
    List(commands::browse::ListArgs),
    Show(commands::browse::ShowArgs),
    Cat(commands::browse::CatArgs),
    Search(commands::search::SearchArgs),
    Set(commands::edit::SetArgs),
    History(commands::edit::HistoryArgs),
    Restore(commands::edit::RestoreArgs),
    Bulk(commands::edit::BulkArgs),
    Undo(commands::edit::UndoArgs),
    Log(commands::edit::LogArgs),
    Export(commands::export::ExportArgs),
    /// Publish the archive into a Jekyll site folder: only what changed.
    ///
    /// Published posts go to _posts/ (a post imported from a site keeps its
    /// name), drafts to _drafts/ with --drafts. Only files Gazette wrote (or
    /// found identical) are ever changed or removed; a file changed on disk
    /// since is a conflict and left alone (exit 3). A site not added yet is
    /// added under its folder's name.
    Publish {
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
    },
    Delete(commands::edit::DeleteArgs),
    Duplicates(commands::browse::DuplicatesArgs),
    /// Manage the Jekyll sites posts are published to.
    Site {
        #[command(subcommand)]
        command: SiteCommand,
    },
    Stats(commands::browse::StatsArgs),
}

#[derive(Subcommand)]
enum SiteCommand {
    /// Add a Jekyll site folder (it must have a _config.yml).
    Add {
        /// A name for it.
        name: String,
        /// The site folder.
        dir: PathBuf,
        /// Publish drafts to _drafts/ too.
        #[arg(long)]
        drafts: bool,
        /// Print the site as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the sites.
    List {
        /// Print JSON: [{"id","name","path","drafts","remote","last_published_at"}].
        #[arg(long)]
        json: bool,
    },
    /// Forget a site (its folder is left as it is).
    Remove {
        /// Its name or folder.
        site: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // A reader that stops early (`gazette list | head`) is not an error.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gazette: {e}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let db = cli.db.unwrap_or_else(default_archive_path);
    // Only `import` creates an archive: a mistyped --db for a reading
    // command is an error, not a new empty archive.
    if !matches!(cli.command, Command::Import(_)) && !db.exists() {
        anyhow::bail!(
            "no archive at {} (import posts into it first, or check --db)",
            db.display()
        );
    }
    let mut archive = Archive::open(&db)?;
    let mut out = std::io::stdout().lock();
    match cli.command {
        Command::Import(args) => commands::import::import(args, &mut archive, &mut out),
        Command::Index(args) => commands::import::index(args, &mut archive, &mut out),
        Command::List(args) => commands::browse::list(args, &archive, &mut out),
        Command::Show(args) => commands::browse::show(args, &archive, &mut out),
        Command::Search(args) => commands::search::search(args, &mut archive, &mut out),
        Command::Cat(args) => commands::browse::cat(args, &archive, &mut out),
        Command::Set(args) => commands::edit::set(args, &mut archive, &mut out),
        Command::History(args) => commands::edit::history(args, &archive, &mut out),
        Command::Restore(args) => commands::edit::restore(args, &mut archive, &mut out),
        Command::Bulk(args) => commands::edit::bulk(args, &mut archive, &mut out),
        Command::Undo(args) => commands::edit::undo(args, &mut archive, &mut out),
        Command::Log(args) => commands::edit::log(args, &archive, &mut out),
        Command::Export(args) => commands::export::export(args, &mut archive, &mut out),
        Command::Publish {
            site,
            dry_run,
            commit,
            push,
            drafts,
            json,
        } => {
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
                    let name = site_name_for(&archive, &dir)?;
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
            let interactive = !json && std::io::IsTerminal::is_terminal(&std::io::stderr());
            let mut progress = |done: u32, total: u32| {
                if interactive && (done % 50 == 0 || done == total) {
                    eprint!("\r{done}/{total} files");
                }
            };
            let report =
                archive.publish(site.id, options, &mut progress, &AtomicBool::new(false))?;
            if interactive && !dry_run {
                eprintln!();
            }
            if json {
                writeln!(out, "{}", serde_json::to_string(&report)?)?;
            } else {
                print_publish(&mut out, &report)?;
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
        Command::Delete(args) => commands::edit::delete(args, &mut archive, &mut out),
        Command::Duplicates(args) => commands::browse::duplicates(args, &mut archive, &mut out),
        Command::Site { command } => match command {
            SiteCommand::Add {
                name,
                dir,
                drafts,
                json,
            } => {
                let site = match archive.add_site(&name, &dir, drafts) {
                    Ok(site) => site,
                    Err(gazette_core::Error::BadRequest(why)) => {
                        eprintln!("gazette: {why}");
                        return Ok(ExitCode::from(2));
                    }
                    Err(e) => return Err(e.into()),
                };
                if json {
                    writeln!(out, "{}", serde_json::to_string(&site)?)?;
                } else {
                    writeln!(out, "added site {:?} ({})", site.name, site.path)?;
                }
                Ok(ExitCode::SUCCESS)
            }
            SiteCommand::List { json } => {
                let sites = archive.sites()?;
                if json {
                    writeln!(out, "{}", serde_json::to_string(&sites)?)?;
                } else {
                    for s in &sites {
                        writeln!(
                            out,
                            "{}\t{}\tdrafts: {}\tlast published: {}",
                            s.name,
                            s.path,
                            if s.drafts { "yes" } else { "no" },
                            s.last_published_at.as_deref().unwrap_or("never")
                        )?;
                    }
                }
                Ok(ExitCode::SUCCESS)
            }
            SiteCommand::Remove { site } => match archive.find_site(&site)? {
                Some(found) => {
                    archive.remove_site(found.id)?;
                    writeln!(
                        out,
                        "removed site {:?}; its folder is untouched",
                        found.name
                    )?;
                    Ok(ExitCode::SUCCESS)
                }
                None => {
                    eprintln!("gazette: no site named {site:?} (see `gazette site list`)");
                    Ok(ExitCode::from(2))
                }
            },
        },
        Command::Stats(args) => commands::browse::stats(args, &archive, &mut out),
    }
}

/// A name for a site added by `publish --site DIR`: the folder's name, with
/// `-2`, `-3`… when taken.
fn site_name_for(archive: &Archive, dir: &std::path::Path) -> anyhow::Result<String> {
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
