//! Planning a publish: which posts go where, and for each file whether it
//! is added, changed, removed, left as it is, or in conflict (changed on
//! disk, or not Gazette's), from the site's manifest and the files on disk.
//! A dry run is this plan and nothing more.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::holdable::{clean_path, path_holdable, TargetOs};
use super::names::{generated_name, kept_path, without_suffix, Kept};
use super::{FileAction, PublishFile, State};
use crate::error::Result;
use crate::export::unique;
use crate::site_git::SiteRepo;
use crate::store::{PublishCandidate, Site, SiteFile, Store};

fn state_of(post: &PublishCandidate, now_ms: i64) -> State {
    if post.draft || !post.published || post.date_local.is_none() {
        State::Draft
    } else if post.date_utc_ms.is_some_and(|t| t > now_ms) {
        State::Scheduled
    } else {
        State::Published
    }
}

/// One step of the plan, with what is needed to carry it out.
#[derive(Debug)]
pub(super) struct Step {
    pub(super) file: PublishFile,
    /// The hash the file gets (Add/Change).
    pub(super) new_hash: Option<String>,
    /// Record in the manifest without writing (already identical).
    pub(super) adopt: bool,
}

/// The plan for a site.
#[derive(Debug, Default)]
pub(super) struct Plan {
    pub(super) steps: Vec<Step>,
    pub(super) unchanged: u32,
    pub(super) scheduled: u32,
    pub(super) drafts_left_out: u32,
}

/// Where one post goes, before collisions are settled.
#[derive(Debug)]
enum Place {
    /// Its path from the site, exactly.
    Exact(String),
    /// A name in `folder` (a `-2` is added on a collision), with the note
    /// the report gives when the post is written there.
    Named {
        folder: String,
        name: String,
        note: Option<String>,
    },
    /// Nothing written: the site already holds the post's file under a name
    /// this OS refuses (`path`), which is not written again as `cleaned`.
    LeftAlone { path: String, cleaned: String },
}

/// Where a post with the kept path `kept` goes (see `holdable.rs`):
/// - its exact path, when `os` can hold it and the site already has the
///   post there (imported from this very site, in the manifest, tracked by
///   git, or the same bytes on disk), or when the path is safe everywhere;
/// - nowhere, reported, when the site has it but `os` cannot hold the name
///   (a site checked out on Windows from a repository made on Linux): the
///   post is never written a second time under a cleaned name;
/// - else, for a post new to this site, its path made safe on every OS,
///   with a note in the report saying from what.
///
/// "The site already has it" is [`in_site`].
fn place_kept(
    kept: &Kept,
    post: &PublishCandidate,
    os: TargetOs,
    manifest: &HashMap<String, SiteFile>,
    root: &Path,
    tracked: &mut Option<HashSet<String>>,
) -> Place {
    let holdable = path_holdable(&kept.path, os);
    let cleaned = clean_path(&kept.path);
    if holdable && cleaned == kept.path {
        return Place::Exact(kept.path.clone());
    }
    match (holdable, in_site(kept, post, os, manifest, root, tracked)) {
        (true, true) => Place::Exact(kept.path.clone()),
        (false, true) => Place::LeftAlone {
            path: kept.path.clone(),
            cleaned,
        },
        (_, false) => {
            let (folder, name) = cleaned.rsplit_once('/').unwrap_or(("", &cleaned));
            let why = if holdable {
                "a post new to this site gets a name every OS can hold".to_string()
            } else {
                format!("{} cannot hold that name", os.name())
            };
            Place::Named {
                folder: folder.to_string(),
                name: name.to_string(),
                note: Some(format!("renamed from {}: {why}", kept.path)),
            }
        }
    }
}

/// Whether the site already has the post's file at `kept`: the post was
/// imported from this very site, or the manifest or git knows the path, or
/// (when `os` can hold it) the file there has the post's bytes, as
/// imported or as they are now. `tracked` is read from git once, when
/// first needed.
fn in_site(
    kept: &Kept,
    post: &PublishCandidate,
    os: TargetOs,
    manifest: &HashMap<String, SiteFile>,
    root: &Path,
    tracked: &mut Option<HashSet<String>>,
) -> bool {
    kept.here
        || manifest.contains_key(&kept.path)
        || tracked
            .get_or_insert_with(|| {
                SiteRepo::open(root)
                    .and_then(|repo| repo.tracked_paths())
                    .unwrap_or_default()
            })
            .contains(&kept.path)
        // Never look on disk for a name the OS refuses: on Windows
        // `a:b.md` opens the stream `b.md` of the file `a`.
        || (path_holdable(&kept.path, os)
            && on_disk(root, &kept.path).is_ok_and(|hash| {
                hash.is_some_and(|h| h == post.content_hash || h == post.source_hash)
            }))
}

/// Plans the publish of every post to the site at `root`, under the naming
/// rules of `os`.
pub(super) fn plan(
    store: &Store,
    site: &Site,
    root: &Path,
    drafts: bool,
    os: TargetOs,
) -> Result<Plan> {
    let now_ms = chrono::Utc::now().timestamp_millis();
    let posts = store.publish_candidates()?;
    let manifest: HashMap<String, SiteFile> = store
        .site_files(site.id)?
        .into_iter()
        .map(|f| (f.path.clone(), f))
        .collect();
    let titles: HashMap<i64, &str> = posts.iter().map(|p| (p.id, p.title.as_str())).collect();

    let mut places: Vec<(&PublishCandidate, State, Place)> = Vec::new();
    let mut sites: HashMap<String, bool> = HashMap::new();
    let mut tracked: Option<HashSet<String>> = None;
    let mut plan = Plan::default();
    for post in &posts {
        let state = state_of(post, now_ms);
        if state == State::Draft && !drafts {
            plan.drafts_left_out += 1;
            continue;
        }
        let folder = if state == State::Draft {
            "_drafts"
        } else {
            "_posts"
        };
        let mut kept = kept_path(&post.source_path, root, folder, &mut sites);
        // A draft written with drafts on stays where it came from when it
        // is unpublished (`published: false`: Jekyll leaves it out there
        // too) or when the site already has its file there (a `_posts/`
        // file without a date, which Jekyll does not read as a post):
        // written to `_drafts/` it would be there twice.
        if kept.is_none() && state == State::Draft {
            let there = kept_path(&post.source_path, root, "_posts", &mut sites);
            if there.as_ref().is_some_and(|k| {
                !post.published || in_site(k, post, os, &manifest, root, &mut tracked)
            }) {
                kept = there;
            }
        }
        let place = match &kept {
            Some(kept) => place_kept(kept, post, os, &manifest, root, &mut tracked),
            None => Place::Named {
                folder: folder.to_string(),
                name: generated_name(post, state),
                note: None,
            },
        };
        places.push((post, state, place));
    }
    // Paths: posts keeping their site path first, so a generated or
    // cleaned name never takes one of theirs. `used` holds every path
    // taken, lower-cased: a new name never differs from another only by
    // case (Windows and macOS would merge them). Paths kept from a site
    // are taken as they are: two files whose names differ only by case
    // were two files there.
    let mut used: HashSet<String> = HashSet::new();
    let mut exact: HashSet<String> = HashSet::new();
    let mut targets: Vec<(&PublishCandidate, State, String, Option<String>)> = Vec::new();
    let mut claimed: HashSet<&str> = HashSet::new();
    for (post, state, place) in &places {
        match place {
            Place::Exact(path) => {
                let path = if exact.insert(path.clone()) {
                    used.insert(path.to_lowercase());
                    path.clone()
                } else {
                    let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
                    format!(
                        "{folder}/{}",
                        unique(&mut used, &folder.to_lowercase(), name)
                    )
                };
                targets.push((post, *state, path, None));
            }
            Place::LeftAlone { path, cleaned } => {
                used.insert(path.to_lowercase());
                claimed.insert(path.as_str());
                plan.steps.push(Step {
                    file: PublishFile {
                        path: path.clone(),
                        action: FileAction::Conflict,
                        id: Some(post.id),
                        title: Some(post.title.clone()),
                        reason: Some(format!(
                            "{} cannot hold this name; the site's file is left as it is \
                             and not written a second time as {cleaned}",
                            os.name()
                        )),
                    },
                    new_hash: None,
                    adopt: false,
                });
            }
            Place::Named { .. } => {}
        }
    }
    // A post keeps the new name it already has on the site (its `-2`
    // included), so another post's arrival or departure never moves it;
    // then the rest get theirs.
    let mut on_site: HashMap<i64, Vec<&str>> = HashMap::new();
    for f in manifest.values() {
        if let Some(id) = f.post_id {
            on_site.entry(id).or_default().push(f.path.as_str());
        }
    }
    let mut fresh = Vec::new();
    for (post, state, place) in &places {
        let Place::Named { folder, name, note } = place else {
            continue;
        };
        let had = on_site.get(&post.id).and_then(|paths| {
            paths.iter().find(|p| {
                p.rsplit_once('/')
                    .is_some_and(|(f, n)| f == folder && without_suffix(n) == without_suffix(name))
                    && !used.contains(&p.to_lowercase())
            })
        });
        match had {
            Some(path) => {
                used.insert(path.to_lowercase());
                targets.push((post, *state, path.to_string(), note.clone()));
            }
            None => fresh.push((*post, *state, folder, name, note)),
        }
    }
    for (post, state, folder, name, note) in fresh {
        let name = unique(&mut used, &folder.to_lowercase(), name);
        targets.push((post, state, format!("{folder}/{name}"), note.clone()));
    }

    for (post, state, path, note) in &targets {
        claimed.insert(path.as_str());
        // A renamed post's file says from what name whenever it is written.
        let file = |action, reason: Option<&str>| PublishFile {
            path: path.clone(),
            action,
            id: Some(post.id),
            title: Some(post.title.clone()),
            reason: match (action, note, reason) {
                (FileAction::Add | FileAction::Change, Some(note), Some(reason)) => {
                    Some(format!("{note}; {reason}"))
                }
                (FileAction::Add | FileAction::Change, Some(note), None) => Some(note.clone()),
                (_, _, reason) => reason.map(str::to_string),
            },
        };
        let step = |action, reason| Step {
            file: file(action, reason),
            new_hash: Some(post.content_hash.clone()),
            adopt: false,
        };
        let known = manifest.get(path.as_str()).map(|f| f.content_hash.as_str());
        let new = post.content_hash.as_str();
        // Neither the post nor (as far as Gazette knows) the file changed
        // since the last publish: the file is not read again, only checked
        // to be there. An incremental publish of a large archive then reads
        // only the files it may write.
        if known == Some(new) && present(root, path) {
            plan.unchanged += 1;
            if *state == State::Scheduled {
                plan.scheduled += 1;
            }
            continue;
        }
        let disk = match on_disk(root, path) {
            Ok(disk) => disk,
            Err(reason) => {
                plan.steps
                    .push(step(FileAction::Conflict, Some(reason.as_str())));
                continue;
            }
        };
        let outcome = match (known, disk.as_deref()) {
            (_, None) => Some(step(
                FileAction::Add,
                known.map(|_| "missing on disk: written again"),
            )),
            (_, Some(d)) if d == new => {
                plan.unchanged += 1;
                (known != Some(new)).then(|| Step {
                    adopt: true,
                    ..step(FileAction::Change, None)
                })
            }
            (Some(k), Some(d)) if d == k => Some(step(FileAction::Change, None)),
            (Some(_), Some(_)) => Some(step(
                FileAction::Conflict,
                Some("changed on disk since Gazette last published it; left as it is"),
            )),
            (None, Some(d)) if d == post.source_hash => Some(step(FileAction::Change, None)),
            (None, Some(_)) => Some(step(
                FileAction::Conflict,
                Some("a file Gazette did not write is there; left as it is"),
            )),
        };
        if *state == State::Scheduled
            && outcome
                .as_ref()
                .is_none_or(|s| s.file.action != FileAction::Conflict)
        {
            plan.scheduled += 1;
        }
        plan.steps.extend(outcome);
    }

    for (path, known) in &manifest {
        if claimed.contains(path.as_str()) {
            continue;
        }
        let post_id = known.post_id.filter(|id| titles.contains_key(id));
        // A name this OS refuses is never looked up on disk (see
        // `place_kept`), so never removed either.
        if !path_holdable(path, os) {
            plan.steps.push(Step {
                file: PublishFile {
                    path: path.clone(),
                    action: FileAction::Conflict,
                    id: post_id,
                    title: post_id
                        .and_then(|id| titles.get(&id))
                        .map(|t| t.to_string()),
                    reason: Some(format!("{} cannot hold this name; not removed", os.name())),
                },
                new_hash: None,
                adopt: false,
            });
            continue;
        }
        let file = |action, reason: Option<&str>| PublishFile {
            path: path.clone(),
            action,
            id: post_id,
            title: post_id
                .and_then(|id| titles.get(&id))
                .map(|t| t.to_string()),
            reason: reason.map(str::to_string),
        };
        let step = match on_disk(root, path) {
            Err(reason) => file(FileAction::Conflict, Some(&reason)),
            Ok(None) => file(FileAction::Remove, Some("already gone from disk")),
            Ok(Some(d)) if d == known.content_hash => file(FileAction::Remove, None),
            Ok(Some(_)) => file(
                FileAction::Conflict,
                Some("changed on disk since Gazette last published it; not removed"),
            ),
        };
        plan.steps.push(Step {
            file: step,
            new_hash: None,
            adopt: false,
        });
    }
    plan.steps.sort_by(|a, b| a.file.path.cmp(&b.file.path));
    Ok(plan)
}

/// Whether the site's file `relative` is there, a plain file reached
/// without links.
fn present(root: &Path, relative: &str) -> bool {
    let mut path = root.to_path_buf();
    for part in relative.split('/') {
        path.push(part);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if !meta.file_type().is_symlink() => {}
            _ => return false,
        }
    }
    path.is_file()
}

/// The BLAKE3 of the site's file `relative` (`None` when there is none), or
/// why it must not be touched: a link, or a folder, on the way.
fn on_disk(root: &Path, relative: &str) -> std::result::Result<Option<String>, String> {
    let mut path = root.to_path_buf();
    let parts: Vec<&str> = relative.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        path.push(part);
        match std::fs::symlink_metadata(&path) {
            Err(_) => return Ok(None),
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err("a symbolic link is on the way; left as it is".into())
            }
            Ok(meta) if i + 1 < parts.len() && !meta.is_dir() => {
                return Err(format!(
                    "a file named {} is in the way of this folder; left as it is",
                    parts[..=i].join("/")
                ))
            }
            Ok(_) => {}
        }
    }
    if path.is_dir() {
        return Err("a folder has this name; left as it is".into());
    }
    std::fs::read(&path)
        .map(|bytes| Some(blake3::hash(&bytes).to_hex().to_string()))
        .map_err(|e| format!("cannot read it: {e}"))
}
