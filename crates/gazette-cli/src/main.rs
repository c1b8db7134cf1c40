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
use gazette_core::{
    default_archive_path, Archive, BulkAction, FieldEdit, ReplaceScope, SearchError,
};

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
    /// Set front matter keys of a post in place: only those keys' lines
    /// change. VALUE is YAML, typed as Jekyll reads it (`2023` is a number,
    /// `'"2023"'` a string). The previous text is kept as a revision.
    Set {
        /// The post's id.
        id: i64,
        /// KEY=VALUE pairs.
        #[arg(value_name = "KEY=VALUE")]
        pairs: Vec<String>,
        /// Remove this key (repeatable).
        #[arg(long, value_name = "KEY")]
        unset: Vec<String>,
        /// Print JSON: {"id":N,"content_hash":"…","operation_id":N|null}.
        #[arg(long)]
        json: bool,
    },
    /// List a post's revisions (its earlier texts), newest first.
    History {
        /// The post's id.
        id: i64,
        /// Print JSON: [{id,created_at,kind,description,content_hash,size}].
        #[arg(long)]
        json: bool,
        /// Print a unified diff from this revision to the current text.
        #[arg(long, value_name = "REVISION")]
        diff: Option<i64>,
    },
    /// Make a revision a post's current text again (itself undoable).
    Restore {
        /// The post's id.
        id: i64,
        /// The revision's id (from `history`).
        revision: i64,
        /// Print JSON like `set`.
        #[arg(long)]
        json: bool,
    },
    /// Change every post a search matches, as one undoable operation.
    Bulk {
        /// The search (see `search`); "" matches every post.
        #[arg(long)]
        query: String,
        #[command(flatten)]
        action: BulkArgs,
        /// With --replace: read OLD as a regular expression (NEW may use $1).
        #[arg(long, requires = "replace")]
        regex: bool,
        /// With --replace: where to replace.
        #[arg(long = "in", value_enum, default_value_t = ScopeArg::Body, requires = "replace")]
        scope: ScopeArg,
        /// Only report what would change.
        #[arg(long)]
        dry_run: bool,
        /// Print JSON: {matched,changed,unchanged,failed,preview,operation_id,dry_run}.
        #[arg(long)]
        json: bool,
    },
    /// Undo an operation (a save, restore, bulk edit or undo; the newest one
    /// not yet undone by default), or an import batch by its id from `log`
    /// (posts it added are removed, posts it updated get their earlier bytes
    /// back). Exit 3 if some posts had changed since.
    Undo {
        /// The operation's id (from `log`).
        operation: Option<i64>,
        /// Print JSON: {undone,operation_id,restored,removed,conflicts}.
        #[arg(long)]
        json: bool,
    },
    /// List the newest operations (saves, bulk edits, imports, undos).
    Log {
        /// Print JSON: [{id,kind,description,created_at,posts,undone_by}].
        #[arg(long)]
        json: bool,
        /// How many.
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Write posts out as files, into a folder or a .zip: Markdown
    /// (`_posts/YYYY-MM-DD-slug.md`, front matter kept, HTML converted) or the
    /// original bytes. Existing files are skipped unless --on-conflict overwrite.
    Export {
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
    },
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
    /// Delete posts, as one step `undo` reverts (the files they came from
    /// are not touched; the next publish removes their site files).
    Delete {
        /// The posts' ids.
        #[arg(required = true)]
        ids: Vec<i64>,
        /// Print JSON: {"operation_id":N,"deleted":N}.
        #[arg(long)]
        json: bool,
    },
    Duplicates(commands::browse::DuplicatesArgs),
    /// Manage the Jekyll sites posts are published to.
    Site {
        #[command(subcommand)]
        command: SiteCommand,
    },
    Stats(commands::browse::StatsArgs),
}

/// The one change `bulk` makes.
#[derive(clap::Args)]
#[group(required = true, multiple = false)]
struct BulkArgs {
    /// Add a tag.
    #[arg(long, value_name = "TAG")]
    add_tag: Option<String>,
    /// Remove a tag.
    #[arg(long, value_name = "TAG")]
    remove_tag: Option<String>,
    /// Rename a tag.
    #[arg(long, num_args = 2, value_names = ["FROM", "TO"])]
    rename_tag: Option<Vec<String>>,
    /// Add a category.
    #[arg(long, value_name = "CATEGORY")]
    add_category: Option<String>,
    /// Make this the only category.
    #[arg(long, value_name = "CATEGORY")]
    set_category: Option<String>,
    /// Rename a category.
    #[arg(long, num_args = 2, value_names = ["FROM", "TO"])]
    rename_category: Option<Vec<String>>,
    /// Set a key (VALUE is YAML).
    #[arg(long, value_name = "KEY=VALUE")]
    set: Option<String>,
    /// Remove a key.
    #[arg(long, value_name = "KEY")]
    unset: Option<String>,
    /// Replace text in bodies (or titles with --in title); --regex for a
    /// regular expression.
    #[arg(long, num_args = 2, value_names = ["OLD", "NEW"])]
    replace: Option<Vec<String>>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ScopeArg {
    Title,
    Body,
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

impl BulkArgs {
    fn action(self, regex: bool, scope: ScopeArg) -> Result<BulkAction, String> {
        let pair = |v: Vec<String>| (v[0].clone(), v[1].clone());
        Ok(if let Some(tag) = self.add_tag {
            BulkAction::AddTag { tag }
        } else if let Some(tag) = self.remove_tag {
            BulkAction::RemoveTag { tag }
        } else if let Some(v) = self.rename_tag {
            let (from, to) = pair(v);
            BulkAction::RenameTag { from, to }
        } else if let Some(category) = self.add_category {
            BulkAction::AddCategory { category }
        } else if let Some(category) = self.set_category {
            BulkAction::SetCategory { category }
        } else if let Some(v) = self.rename_category {
            let (from, to) = pair(v);
            BulkAction::RenameCategory { from, to }
        } else if let Some(kv) = self.set {
            let (key, yaml) = key_value(&kv)?;
            BulkAction::Set { key, yaml }
        } else if let Some(key) = self.unset {
            BulkAction::Unset { key }
        } else if let Some(v) = self.replace {
            let (find, replace) = pair(v);
            BulkAction::Replace {
                find,
                replace,
                regex,
                scope: match scope {
                    ScopeArg::Title => ReplaceScope::Title,
                    ScopeArg::Body => ReplaceScope::Body,
                },
            }
        } else {
            return Err("choose one change".into());
        })
    }
}

/// Splits `KEY=VALUE` at the first `=`.
fn key_value(pair: &str) -> Result<(String, String), String> {
    match pair.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!("expected KEY=VALUE, got {pair:?}")),
    }
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
        Command::Set {
            id,
            pairs,
            unset,
            json,
        } => {
            let mut edits = Vec::new();
            for pair in &pairs {
                match key_value(pair) {
                    Ok((key, yaml)) => edits.push(FieldEdit::SetYaml { key, yaml }),
                    Err(e) => {
                        eprintln!("gazette: {e}");
                        return Ok(ExitCode::from(2));
                    }
                }
            }
            edits.extend(unset.into_iter().map(|key| FieldEdit::Unset { key }));
            if edits.is_empty() {
                eprintln!("gazette: nothing to set: give KEY=VALUE pairs or --unset KEY");
                return Ok(ExitCode::from(2));
            }
            let saved = match archive.edit_post(id, None, &edits) {
                Ok(saved) => saved,
                Err(gazette_core::Error::BadRequest(e)) => {
                    eprintln!("gazette: {e}");
                    return Ok(ExitCode::from(2));
                }
                Err(e) => return Err(e.into()),
            };
            if json {
                writeln!(out, "{}", serde_json::to_string(&saved)?)?;
            } else if saved.operation_id.is_some() {
                writeln!(
                    out,
                    "saved post {id} (the previous text is kept: `gazette history {id}`)"
                )?;
            } else {
                writeln!(out, "post {id} already has these values; nothing changed")?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::History { id, json, diff } => {
            if let Some(revision) = diff {
                write!(out, "{}", archive.revision_diff(id, revision)?)?;
                return Ok(ExitCode::SUCCESS);
            }
            let revisions = archive.history(id)?;
            if json {
                writeln!(out, "{}", serde_json::to_string(&revisions)?)?;
            } else {
                for r in &revisions {
                    writeln!(
                        out,
                        "{:>6}  {}  {:>8} B  {}",
                        r.id,
                        &r.created_at[..19.min(r.created_at.len())],
                        r.size,
                        r.description
                    )?;
                }
                writeln!(out, "({} revisions)", revisions.len())?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Restore { id, revision, json } => {
            let saved = archive.restore(id, revision)?;
            if json {
                writeln!(out, "{}", serde_json::to_string(&saved)?)?;
            } else {
                writeln!(out, "post {id} is back to revision {revision}")?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Bulk {
            query,
            action,
            regex,
            scope,
            dry_run,
            json,
        } => {
            let action = match action.action(regex, scope) {
                Ok(a) => a,
                Err(e) => {
                    eprintln!("gazette: {e}");
                    return Ok(ExitCode::from(2));
                }
            };
            let report = match archive.bulk(&query, &action, dry_run) {
                Ok(r) => r,
                Err(SearchError::Query(e)) => {
                    eprintln!("gazette: cannot read the query: {e}");
                    return Ok(ExitCode::from(2));
                }
                Err(SearchError::Archive(gazette_core::Error::BadRequest(e))) => {
                    eprintln!("gazette: {e}");
                    return Ok(ExitCode::from(2));
                }
                Err(SearchError::Archive(e)) => return Err(e.into()),
            };
            if json {
                writeln!(out, "{}", serde_json::to_string(&report)?)?;
            } else {
                for change in &report.preview {
                    writeln!(out, "{:>6}  {}", change.id, change.title)?;
                    for line in &change.lines {
                        writeln!(out, "        {} {}", line.sign, line.text)?;
                    }
                }
                for f in &report.failed {
                    writeln!(out, "failed: post {}: {}", f.id, f.reason)?;
                }
                let verb = if dry_run { "would change" } else { "changed" };
                writeln!(
                    out,
                    "matched {}, {verb} {}, unchanged {}, failed {}",
                    report.matched,
                    report.changed,
                    report.unchanged,
                    report.failed.len()
                )?;
                if let Some(op) = report.operation_id {
                    writeln!(out, "undo with: gazette undo {op}")?;
                }
            }
            Ok(if report.failed.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(3)
            })
        }
        Command::Undo { operation, json } => {
            let report = archive.undo(operation)?;
            if json {
                writeln!(out, "{}", serde_json::to_string(&report)?)?;
            } else {
                writeln!(
                    out,
                    "undid operation {}: {} posts restored, {} removed, {} changed since and left alone",
                    report.undone,
                    report.restored,
                    report.removed,
                    report.conflicts.len()
                )?;
            }
            Ok(if report.conflicts.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(3)
            })
        }
        Command::Log { json, limit } => {
            let ops = archive.operations(limit)?;
            if json {
                writeln!(out, "{}", serde_json::to_string(&ops)?)?;
            } else {
                for o in &ops {
                    let undone = o
                        .undone_by
                        .map(|u| format!("  (undone by {u})"))
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "{:>6}  {}  {:<7}  {:>5} posts  {}{undone}",
                        o.id,
                        &o.created_at[..19.min(o.created_at.len())],
                        o.kind,
                        o.posts,
                        o.description
                    )?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            format,
            out: folder,
            zip,
            query,
            layout,
            on_conflict,
            overwrite,
            json,
        } => {
            use gazette_core::{ExportOptions, Grouping, OnConflict, Target};
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
            let interactive = !json && std::io::IsTerminal::is_terminal(&std::io::stderr());
            let mut progress = |done: u32, total: u32| {
                if interactive && (done % 100 == 0 || done == total) {
                    eprint!("\r{done}/{total} posts");
                }
            };
            let report = match archive.export(
                &query,
                None,
                &target,
                options,
                &mut progress,
                &AtomicBool::new(false),
            ) {
                Ok(r) => r,
                Err(SearchError::Query(e)) => {
                    eprintln!("gazette: cannot read the query: {e}");
                    return Ok(ExitCode::from(2));
                }
                Err(SearchError::Archive(e)) => return Err(e.into()),
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
        Command::Delete { ids, json } => {
            let operation = match archive.delete_posts(&ids) {
                Ok(op) => op,
                Err(gazette_core::Error::PostNotFound(id)) => {
                    eprintln!("gazette: no post with id {id}; nothing deleted");
                    return Ok(ExitCode::from(2));
                }
                Err(e) => return Err(e.into()),
            };
            if json {
                writeln!(
                    out,
                    "{}",
                    serde_json::json!({"operation_id": operation, "deleted": ids.len()})
                )?;
            } else {
                writeln!(
                    out,
                    "deleted {} post(s) (undo: `gazette undo {}`)",
                    ids.len(),
                    operation.unwrap_or_default()
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
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
