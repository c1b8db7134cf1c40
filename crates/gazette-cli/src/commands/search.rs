//! `search`: the query language's results, with snippets for the
//! terminal. What an import left unindexed is indexed first.

use std::io::Write;
use std::process::ExitCode;

use gazette_core::{Archive, Sort};

use super::{index_pending, query_result, shows_progress, Page};

/// Search titles, bodies and front matter. Exit 2 for a malformed query.
///
/// Words must all match (Chinese, Japanese, Korean: as substrings of any
/// length; Latin: as words or word prefixes). "exact phrase", -exclude,
/// a OR b, title:, tag:, category:, layout:, after:YYYY-MM-DD, before:,
/// year:, draft:true, key:value for any front matter key.
#[derive(clap::Args)]
pub struct SearchArgs {
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
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SortArg {
    Relevance,
    Date,
}

/// `gazette search`: exit 2 for a malformed query.
pub fn search(
    args: SearchArgs,
    archive: &mut Archive,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let SearchArgs {
        query,
        json,
        page: Page { limit, offset },
        sort,
    } = args;
    // A search sees every post: what an import left unindexed is
    // indexed first. If another process holds the archive's write
    // lock for longer than the busy timeout, the search goes on
    // over the posts indexed, says so, and `unindexed` counts the
    // rest.
    let interactive = shows_progress(json);
    if let Err(e) = index_pending(archive, interactive) {
        match e.downcast_ref::<gazette_core::Error>() {
            Some(busy) if busy.is_busy() => eprintln!(
                "gazette: another process is writing to the archive, so {} post(s) \
                 not indexed yet are left out of this search",
                archive.unindexed()?
            ),
            _ => return Err(e),
        }
    }
    let sort = match sort {
        SortArg::Relevance => Sort::Relevance,
        SortArg::Date => Sort::Date,
    };
    let Some(found) = query_result(archive.search(&query, sort, limit, offset))? else {
        return Ok(ExitCode::from(2));
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

/// Undoes the snippet's HTML escaping for the terminal.
fn html_unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}
