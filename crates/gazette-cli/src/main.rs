//! `gazette`: the command line on Gazette's core, for scripts, servers and
//! tests. Its commands, flags, exit codes and JSON shapes are a public
//! contract (see README.md): extend them, never break them.
//!
//! Exit codes: 0 success; 1 fatal error (message on stderr); 2 usage error;
//! 3 `import` finished but some files failed.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use clap::{Parser, Subcommand};
use gazette_core::{default_archive_path, Archive, ListQuery, SearchError, Sort};

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

#[derive(Subcommand)]
enum Command {
    /// Import post files and folders (recursively). Exit 3 if some files failed.
    Import {
        /// Files and folders to import.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List posts, newest first.
    List {
        /// Print JSON: an array of {id,title,date,categories,tags,source_path}.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        page: Page,
        /// Only posts in this category.
        #[arg(long)]
        category: Option<String>,
        /// Only posts with this tag.
        #[arg(long)]
        tag: Option<String>,
        /// Only posts of this year.
        #[arg(long)]
        year: Option<i32>,
    },
    /// Show one post: fields, front matter and body.
    Show {
        /// The post's id (from `list`).
        id: i64,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write a post's file to stdout, byte for byte as it was imported.
    Cat {
        /// The post's id.
        id: i64,
    },
    /// Search titles, bodies and front matter. Exit 2 for a malformed query.
    ///
    /// Words must all match (Chinese, Japanese, Korean: as substrings of any
    /// length; Latin: as words or word prefixes). "exact phrase", -exclude,
    /// a OR b, title:, tag:, category:, layout:, after:YYYY-MM-DD, before:,
    /// year:, draft:true, key:value for any front matter key.
    Search {
        /// The query.
        query: String,
        /// Print JSON: {"total":N,"results":[{id,title,date,snippet,score,source_path}]}.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        page: Page,
        /// Order: relevance (BM25, title weighted) or date (newest first).
        #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
        sort: SortArg,
    },
    /// Count posts, categories, tags and years.
    Stats {
        /// Print JSON: {"posts":N,"categories":{..},"tags":{..},"years":{..}}.
        #[arg(long)]
        json: bool,
    },
}

/// Which page of a listing: `--limit` (default 50, at most 1000) and
/// `--offset`.
#[derive(clap::Args)]
struct Page {
    /// How many to show (at most 1000).
    #[arg(long, default_value_t = 50)]
    limit: u32,
    /// How many to skip.
    #[arg(long, default_value_t = 0)]
    offset: u32,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SortArg {
    Relevance,
    Date,
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
    if !matches!(cli.command, Command::Import { .. }) && !db.exists() {
        anyhow::bail!(
            "no archive at {} (import posts into it first, or check --db)",
            db.display()
        );
    }
    let mut archive = Archive::open(&db)?;
    let mut out = std::io::stdout().lock();
    match cli.command {
        Command::Import { paths, json } => {
            let interactive = !json && std::io::IsTerminal::is_terminal(&std::io::stderr());
            let mut progress = |p: &gazette_core::ImportProgress| {
                if interactive && (p.done % 50 == 0 || p.done == p.total) {
                    eprint!("\r{}/{} files", p.done, p.total);
                }
            };
            let report = archive.import(&paths, &mut progress, &AtomicBool::new(false))?;
            if interactive {
                eprintln!();
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
                if report.imported + report.updated + report.unchanged == 0
                    && report.failed.is_empty()
                {
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
        Command::List {
            json,
            page: Page { limit, offset },
            category,
            tag,
            year,
        } => {
            let query = ListQuery {
                category,
                tag,
                year,
                limit: Some(limit),
                offset: Some(offset),
            };
            let page = archive.list(&query)?;
            if json {
                writeln!(out, "{}", serde_json::to_string(&page.items)?)?;
            } else {
                for p in &page.items {
                    let day = p
                        .date
                        .as_deref()
                        .map_or("----------", |d| &d[..10.min(d.len())]);
                    let cats = if p.categories.is_empty() {
                        String::new()
                    } else {
                        format!("  [{}]", p.categories.join(", "))
                    };
                    writeln!(out, "{:>6}  {}  {}{}", p.id, day, p.title, cats)?;
                }
                writeln!(out, "({} of {} posts)", page.items.len(), page.total)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { id, json } => {
            let post = archive.post(id)?;
            if json {
                writeln!(out, "{}", serde_json::to_string(&post)?)?;
            } else {
                writeln!(out, "{}", post.title)?;
                writeln!(
                    out,
                    "date:       {}",
                    post.date.as_deref().unwrap_or("(none)")
                )?;
                writeln!(out, "categories: {}", post.categories.join(", "))?;
                writeln!(out, "tags:       {}", post.tags.join(", "))?;
                writeln!(out, "format:     {}", post.format)?;
                writeln!(out, "source:     {}", post.source_path)?;
                for w in &post.warnings {
                    writeln!(out, "warning:    {w}")?;
                }
                match &post.front_matter_text {
                    Some(fm) => write!(out, "---\n{fm}---\n")?,
                    None => writeln!(out, "(no front matter)")?,
                }
                write!(out, "{}", post.body)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Search {
            query,
            json,
            page: Page { limit, offset },
            sort,
        } => {
            let sort = match sort {
                SortArg::Relevance => Sort::Relevance,
                SortArg::Date => Sort::Date,
            };
            let found = match archive.search(&query, sort, limit, offset) {
                Ok(found) => found,
                Err(SearchError::Query(e)) => {
                    eprintln!("gazette: cannot read the query: {e}");
                    return Ok(ExitCode::from(2));
                }
                Err(SearchError::Archive(e)) => return Err(e.into()),
            };
            if json {
                writeln!(out, "{}", serde_json::to_string(&found)?)?;
            } else {
                for hit in &found.results {
                    let day = hit
                        .date
                        .as_deref()
                        .map_or("----------", |d| &d[..10.min(d.len())]);
                    writeln!(out, "{:>6}  {}  {}", hit.id, day, hit.title)?;
                    let plain = hit.snippet.replace("<mark>", "[").replace("</mark>", "]");
                    writeln!(out, "        {}", html_unescape(&plain))?;
                }
                writeln!(out, "({} of {} posts)", found.results.len(), found.total)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Cat { id } => {
            out.write_all(&archive.post_file(id)?)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Stats { json } => {
            let stats = archive.stats()?;
            if json {
                writeln!(out, "{}", serde_json::to_string(&stats)?)?;
            } else {
                writeln!(out, "posts:      {}", stats.posts)?;
                writeln!(out, "categories: {}", stats.categories.len())?;
                writeln!(out, "tags:       {}", stats.tags.len())?;
                let years: Vec<String> = stats
                    .years
                    .iter()
                    .map(|(y, n)| format!("{y} ({n})"))
                    .collect();
                writeln!(out, "years:      {}", years.join(", "))?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Undoes the snippet's HTML escaping for the terminal.
fn html_unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}
