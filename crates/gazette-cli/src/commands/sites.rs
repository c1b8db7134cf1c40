//! `site add`, `site list` and `site remove`: the Jekyll sites posts are
//! published to.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use gazette_core::Archive;

/// Manage the Jekyll sites posts are published to.
#[derive(clap::Args)]
pub struct SiteArgs {
    #[command(subcommand)]
    command: SiteCommand,
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
        /// Print JSON: [{"id","name","path","drafts","remote","last_published_at","synced_at"}].
        #[arg(long)]
        json: bool,
    },
    /// Forget a site (its folder is left as it is).
    Remove {
        /// Its name or folder.
        site: String,
    },
}

/// `gazette site …`: exit 2 for a site `add` refuses or `remove` cannot
/// find.
pub fn site(
    args: SiteArgs,
    archive: &mut Archive,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    match args.command {
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
    }
}
