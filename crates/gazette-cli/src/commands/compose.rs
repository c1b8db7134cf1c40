//! Writing new posts and moving drafts, as `jekyll-compose` does: `new`,
//! `promote`, `demote`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use gazette_core::{Archive, FieldEdit, NewPost};

/// Write a new post, as `jekyll post` / `jekyll draft` would: front matter
/// `title`, `date` (now in this machine's offset unless --date), the
/// site's `jekyll_compose: default_front_matter` from its _config.yml,
/// then the --set keys; named `_posts/YYYY-MM-DD-SLUG.md` (`_drafts/SLUG.md`
/// for a draft), `-2`, `-3` when taken. The next publish writes it; `gazette
/// undo` removes it. A --site folder not added yet is added.
#[derive(clap::Args)]
pub struct NewArgs {
    /// The title (any language).
    #[arg(long)]
    title: String,
    /// The date: YYYY-MM-DD, optionally with HH:MM:SS and an offset such as +0800 (default: now).
    #[arg(long)]
    date: Option<String>,
    /// The site: its name (from `site list`) or its folder.
    #[arg(long)]
    site: Option<String>,
    /// A draft, in _drafts/ (no date unless --date).
    #[arg(long)]
    draft: bool,
    /// A front matter key (repeatable); VALUE is YAML, as in `gazette set`.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pairs: Vec<String>,
    /// The body, from this file (UTF-8).
    #[arg(long, value_name = "FILE")]
    body_file: Option<PathBuf>,
    /// Print JSON: {"id":N,"path":"_posts/…","site":NAME|null}.
    #[arg(long)]
    json: bool,
}

/// `gazette new`: exit 2 for a blank title, an unknown site, a date that
/// cannot be read or a malformed KEY=VALUE (nothing is created then).
pub fn new(args: NewArgs, archive: &mut Archive, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let NewArgs {
        title,
        date,
        site,
        draft,
        pairs,
        body_file,
        json,
    } = args;
    let usage = |message: String| {
        eprintln!("gazette: {message}");
        Ok(ExitCode::from(2))
    };
    if title.trim().is_empty() {
        return usage("a new post needs a title (--title)".into());
    }
    let mut fields = Vec::new();
    for pair in &pairs {
        match super::edit::key_value(pair) {
            Ok((key, yaml)) => fields.push(FieldEdit::SetYaml { key, yaml }),
            Err(e) => return usage(e),
        }
    }
    let body = match &body_file {
        Some(file) => match std::fs::read_to_string(file) {
            Ok(body) => body,
            Err(e) => return usage(format!("cannot read {}: {e}", file.display())),
        },
        None => String::new(),
    };
    let site = match site {
        None => None,
        Some(site) => match archive.find_site(&site)? {
            Some(found) => Some(found),
            None => {
                let dir = PathBuf::from(&site);
                if !dir.is_dir() {
                    return usage(format!(
                        "no site named {site:?} and no such folder (see `gazette site list`)"
                    ));
                }
                let name = super::publish::site_name_for(archive, &dir)?;
                match archive.add_site(&name, &dir, false) {
                    Ok(added) => {
                        if !json {
                            eprintln!("added site {:?} ({})", added.name, added.path);
                        }
                        Some(added)
                    }
                    Err(e @ gazette_core::Error::Site { .. }) => return usage(e.to_string()),
                    Err(e) => return Err(e.into()),
                }
            }
        },
    };
    let post = NewPost {
        title,
        date,
        draft,
        fields,
        body,
    };
    let created = match archive.new_post(site.map(|s| s.id), &post) {
        Ok(created) => created,
        Err(gazette_core::Error::BadRequest(e)) => return usage(e),
        Err(e) => return Err(e.into()),
    };
    if json {
        writeln!(out, "{}", serde_json::to_string(&created)?)?;
    } else {
        writeln!(
            out,
            "created post {} at {} (publish to write it; `gazette undo` removes it)",
            created.id, created.path
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Promote a draft to a post (jekyll-compose `publish`): it gets a date
/// (--date, else the one it has, else now) and moves to
/// `_posts/YYYY-MM-DD-NAME`; the next publish moves its file.
#[derive(clap::Args)]
pub struct PromoteArgs {
    /// The draft's id.
    id: i64,
    /// The date: YYYY-MM-DD, optionally with HH:MM:SS and an offset such as +0800.
    #[arg(long)]
    date: Option<String>,
    /// Print JSON: {"id":N,"path":"_posts/…"}.
    #[arg(long)]
    json: bool,
}

/// Demote a post to a draft (jekyll-compose `unpublish`): its `date` goes
/// and it moves to `_drafts/NAME`; the next publish moves its file.
#[derive(clap::Args)]
pub struct DemoteArgs {
    /// The post's id.
    id: i64,
    /// Print JSON: {"id":N,"path":"_drafts/…"}.
    #[arg(long)]
    json: bool,
}

/// `gazette promote`: exit 2 for a post that is not a draft or a date that
/// cannot be read.
pub fn promote(
    args: PromoteArgs,
    archive: &mut Archive,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let moved = archive.promote(args.id, args.date.as_deref());
    print_moved(moved, args.json, out)
}

/// `gazette demote`: exit 2 for a post that is not in `_posts/`.
pub fn demote(
    args: DemoteArgs,
    archive: &mut Archive,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let moved = archive.demote(args.id);
    print_moved(moved, args.json, out)
}

fn print_moved(
    moved: gazette_core::Result<gazette_core::Moved>,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let moved = match moved {
        Ok(moved) => moved,
        Err(gazette_core::Error::BadRequest(e)) => {
            eprintln!("gazette: {e}");
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(e.into()),
    };
    if json {
        writeln!(out, "{}", serde_json::to_string(&moved)?)?;
    } else {
        writeln!(
            out,
            "post {} moves to {} (publish to move its file)",
            moved.id, moved.path
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
