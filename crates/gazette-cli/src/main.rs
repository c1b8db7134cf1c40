//! `gazette`: the command line on Gazette's core, for scripts, servers and
//! tests. Its commands, flags, exit codes and JSON shapes are a public
//! contract (see README.md): extend them, never break them.
//!
//! Exit codes: 0 success; 1 fatal error (message on stderr); 2 usage error
//! (also a malformed query or `KEY=VALUE`); 3 `import` finished but some
//! files failed, `bulk`/`undo` finished but some posts were left alone, or
//! `sync` left conflicts or unreadable files.

mod commands;

use std::path::PathBuf;
use std::process::ExitCode;

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
    Publish(commands::publish::PublishArgs),
    Sync(commands::sync::SyncArgs),
    Conflicts(commands::sync::ConflictsArgs),
    Resolve(commands::sync::ResolveArgs),
    Delete(commands::edit::DeleteArgs),
    New(commands::compose::NewArgs),
    Promote(commands::compose::PromoteArgs),
    Demote(commands::compose::DemoteArgs),
    Duplicates(commands::browse::DuplicatesArgs),
    Site(commands::sites::SiteArgs),
    Stats(commands::browse::StatsArgs),
    Timeline(commands::overview::TimelineArgs),
    Tags(commands::overview::TagsArgs),
    Categories(commands::overview::CategoriesArgs),
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

/// Opens the archive (only `import` may create one) and runs the command
/// on it; gives the command's exit code.
fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let db = cli.db.unwrap_or_else(default_archive_path);
    // Only `import`, `new` and `sync` create an archive: a mistyped --db for a
    // reading command is an error, not a new empty archive.
    if !matches!(
        cli.command,
        Command::Import(_) | Command::New(_) | Command::Sync(_)
    ) && !db.exists()
    {
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
        Command::Publish(args) => commands::publish::publish(args, &mut archive, &mut out),
        Command::Sync(args) => commands::sync::sync(args, &mut archive, &mut out),
        Command::Conflicts(args) => commands::sync::conflicts(args, &archive, &mut out),
        Command::Resolve(args) => commands::sync::resolve(args, &mut archive, &mut out),
        Command::Delete(args) => commands::edit::delete(args, &mut archive, &mut out),
        Command::New(args) => commands::compose::new(args, &mut archive, &mut out),
        Command::Promote(args) => commands::compose::promote(args, &mut archive, &mut out),
        Command::Demote(args) => commands::compose::demote(args, &mut archive, &mut out),
        Command::Duplicates(args) => commands::browse::duplicates(args, &mut archive, &mut out),
        Command::Site(args) => commands::sites::site(args, &mut archive, &mut out),
        Command::Stats(args) => commands::browse::stats(args, &archive, &mut out),
        Command::Timeline(args) => commands::overview::timeline(args, &mut archive, &mut out),
        Command::Tags(args) => commands::overview::tags(args, &mut archive, &mut out),
        Command::Categories(args) => commands::overview::categories(args, &mut archive, &mut out),
    }
}
