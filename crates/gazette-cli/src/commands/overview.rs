//! The archive as a whole: `timeline` (posts per month or year) and `tags`
//! / `categories` (every name with its count; merge, rename and delete).

use std::io::Write;
use std::process::ExitCode;

use gazette_core::{Archive, NameEdit, NameKind, TimelineBy};

use super::edit::print_bulk_report;
use super::{index_pending, query_result, shows_progress};

/// Count posts per month (or year) of their date, in each post's own
/// offset (as `year:` does). Exit 2 for a malformed query.
///
/// The query is the search language (see `search`): "" or none counts
/// every post; `tag:x`, `category:x`, `year:2022`, words… count the posts
/// they match; `after:2020-01 before:2021-01` narrows the range.
#[derive(clap::Args)]
pub struct TimelineArgs {
    /// The query (every post when left out).
    #[arg(default_value = "")]
    query: String,
    /// Bucket size.
    #[arg(long, value_enum, default_value_t = ByArg::Month)]
    by: ByArg,
    /// Print JSON: {"by":"month","buckets":[{"period":"2022-03","posts":12}],"undated":N}
    /// (periods oldest first, empty ones left out).
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ByArg {
    Month,
    Year,
}

/// `gazette timeline`: exit 2 for a malformed query.
pub fn timeline(
    args: TimelineArgs,
    archive: &mut Archive,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let TimelineArgs { query, by, json } = args;
    let by = match by {
        ByArg::Month => TimelineBy::Month,
        ByArg::Year => TimelineBy::Year,
    };
    // Words are looked up in the search index: index what an import left
    // first, as `search` does (a busy archive only leaves those out).
    if let Err(e) = index_pending(archive, shows_progress(json)) {
        match e.downcast_ref::<gazette_core::Error>() {
            Some(busy) if busy.is_busy() => {}
            _ => return Err(e),
        }
    }
    let Some(timeline) = query_result(archive.timeline(&query, by))? else {
        return Ok(ExitCode::from(2));
    };
    if json {
        writeln!(out, "{}", serde_json::to_string(&timeline)?)?;
    } else {
        let most = timeline.buckets.iter().map(|b| b.posts).max().unwrap_or(1);
        for b in &timeline.buckets {
            let bar = "#".repeat((b.posts as usize * 40).div_ceil(most as usize));
            writeln!(out, "{:<7}  {:>7}  {bar}", b.period, b.posts)?;
        }
        if timeline.undated > 0 {
            writeln!(out, "undated  {:>7}", timeline.undated)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// List every tag with its post count (most used first), or merge, rename
/// or delete tags in every post that has them, as one undoable operation
/// (`gazette undo`). Only the `tags`/`tag` lines of each post change.
/// Exit 2 for a bad name, 3 if some posts were left alone.
#[derive(clap::Args)]
pub struct TagsArgs {
    #[command(flatten)]
    names: NamesArgs,
}

/// List every category with its post count, or merge, rename or delete
/// categories (front matter only: a category a post takes from its folders
/// above `_posts/`, as Jekyll does, stays), as one undoable operation.
/// Exit 2 for a bad name, 3 if some posts were left alone.
#[derive(clap::Args)]
pub struct CategoriesArgs {
    #[command(flatten)]
    names: NamesArgs,
}

/// What `tags` and `categories` share.
#[derive(clap::Args)]
struct NamesArgs {
    /// Rename these names (one: a rename; several: a merge) to the name
    /// given with --into.
    #[arg(long, num_args = 1.., value_name = "NAME", requires = "into", conflicts_with = "delete")]
    merge: Vec<String>,
    /// The name --merge gives.
    #[arg(long, value_name = "NAME", requires = "merge")]
    into: Option<String>,
    /// Remove these names from every post.
    #[arg(long, num_args = 1.., value_name = "NAME")]
    delete: Vec<String>,
    /// With --merge or --delete: only report what would change.
    #[arg(long)]
    dry_run: bool,
    /// Order of the listing.
    #[arg(long, value_enum, default_value_t = SortNames::Count)]
    sort: SortNames,
    /// Print JSON: the listing as [{"name":"x","posts":N,"fixed":N}] (fixed:
    /// posts that take the name from their path or the site's defaults,
    /// which an edit leaves); an edit as `bulk --json`'s report.
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SortNames {
    Count,
    Name,
}

/// `gazette tags`.
pub fn tags(
    args: TagsArgs,
    archive: &mut Archive,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    names(NameKind::Tag, args.names, archive, out)
}

/// `gazette categories`.
pub fn categories(
    args: CategoriesArgs,
    archive: &mut Archive,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    names(NameKind::Category, args.names, archive, out)
}

fn names(
    kind: NameKind,
    args: NamesArgs,
    archive: &mut Archive,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let NamesArgs {
        merge,
        into,
        delete,
        dry_run,
        sort,
        json,
    } = args;
    let edit = match (into, delete.is_empty()) {
        (Some(to), _) => Some(NameEdit::Merge { from: merge, to }),
        (None, false) => Some(NameEdit::Delete { names: delete }),
        (None, true) => None,
    };
    if let Some(edit) = edit {
        let report = match archive.edit_names(kind, &edit, dry_run) {
            Err(gazette_core::Error::BadRequest(e)) => {
                eprintln!("gazette: {e}");
                return Ok(ExitCode::from(2));
            }
            result => result?,
        };
        return print_bulk_report(&report, dry_run, json, out);
    }
    let mut list = archive.names(kind)?;
    if let SortNames::Name = sort {
        list.sort_by(|a, b| a.name.cmp(&b.name));
    }
    if json {
        writeln!(out, "{}", serde_json::to_string(&list)?)?;
    } else {
        for n in &list {
            let fixed = if n.fixed > 0 {
                format!("  ({} from path or defaults)", n.fixed)
            } else {
                String::new()
            };
            writeln!(out, "{:>6}  {}{fixed}", n.posts, n.name)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
