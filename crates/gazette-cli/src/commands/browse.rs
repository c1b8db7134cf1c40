//! Reading the archive: `list`, `show`, `cat`, `stats` and `duplicates`
//! (which may also dismiss a group).

use std::io::Write;
use std::process::ExitCode;

use gazette_core::{Archive, ListQuery};

use super::Page;

/// List posts, newest first.
#[derive(clap::Args)]
pub struct ListArgs {
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
    /// Only posts dated in this month (YYYY-MM, or YYYY for its January)
    /// or later, in each post's own offset.
    #[arg(long, value_name = "MONTH")]
    from: Option<String>,
    /// Only posts dated in this month (YYYY-MM, or YYYY for its December)
    /// or earlier.
    #[arg(long, value_name = "MONTH")]
    to: Option<String>,
}

/// `gazette list`.
pub fn list(args: ListArgs, archive: &Archive, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let ListArgs {
        json,
        page: Page { limit, offset },
        category,
        tag,
        year,
        from,
        to,
    } = args;
    let query = ListQuery {
        category,
        tag,
        year,
        from,
        to,
        limit: Some(limit),
        offset: Some(offset),
        ..ListQuery::default()
    };
    let page = match archive.list(&query) {
        Err(gazette_core::Error::BadRequest(e)) => {
            eprintln!("gazette: {e}");
            return Ok(ExitCode::from(2));
        }
        result => result?,
    };
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

/// Show one post: fields, front matter and body.
#[derive(clap::Args)]
pub struct ShowArgs {
    /// The post's id (from `list`).
    id: i64,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// `gazette show`.
pub fn show(args: ShowArgs, archive: &Archive, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let ShowArgs { id, json } = args;
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
        if let Some(url) = &post.url {
            writeln!(out, "url:        {url}")?;
        }
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

/// Write a post's file to stdout, byte for byte as it was imported.
#[derive(clap::Args)]
pub struct CatArgs {
    /// The post's id.
    id: i64,
}

/// `gazette cat`.
pub fn cat(args: CatArgs, archive: &Archive, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let CatArgs { id } = args;
    out.write_all(&archive.post_file(id)?)?;
    Ok(ExitCode::SUCCESS)
}

/// List groups of possible duplicates: posts with the same title and
/// day, or the same source URL (from:, source:, source_url:,
/// original_url:, canonical_url:).
#[derive(clap::Args)]
pub struct DuplicatesArgs {
    /// Keep this group as it is (its key from --json): it is not listed
    /// again until another post joins it.
    #[arg(long, value_name = "KEY")]
    dismiss: Option<String>,
    /// Print JSON: [{"key","reason":"title_date"|"source_url","value","ids":[..]}].
    #[arg(long)]
    json: bool,
}

/// `gazette duplicates`, or `--dismiss KEY`.
pub fn duplicates(
    args: DuplicatesArgs,
    archive: &mut Archive,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let DuplicatesArgs { dismiss, json } = args;
    if let Some(key) = dismiss {
        archive.dismiss_duplicates(&key)?;
        if !json {
            writeln!(out, "kept as they are; not listed again")?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let groups = archive.duplicates()?;
    if json {
        writeln!(out, "{}", serde_json::to_string(&groups)?)?;
    } else {
        for g in &groups {
            let why = if g.reason == "title_date" {
                "same title and day"
            } else {
                "same source URL"
            };
            writeln!(out, "{why}: {}", g.value)?;
            for id in &g.ids {
                let post = archive.post(*id)?;
                writeln!(
                    out,
                    "  {id}\t{}\t{}",
                    post.content_hash.get(..12).unwrap_or(""),
                    post.source_path
                )?;
            }
        }
        writeln!(out, "{} group(s)", groups.len())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Count posts, categories, tags, years and Jekyll collections.
#[derive(clap::Args)]
pub struct StatsArgs {
    /// Print JSON: {"posts":N,"categories":{..},"tags":{..},"years":{..},"collections":{..}}.
    #[arg(long)]
    json: bool,
}

/// `gazette stats`.
pub fn stats(args: StatsArgs, archive: &Archive, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let StatsArgs { json } = args;
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
        let collections: Vec<String> = stats
            .collections
            .iter()
            .map(|(c, n)| format!("{c} ({n})"))
            .collect();
        writeln!(out, "collections: {}", collections.join(", "))?;
    }
    Ok(ExitCode::SUCCESS)
}
