//! Writing new posts, and moving drafts in and out of `_posts/`, the way
//! `jekyll-compose` does (`jekyll post`, `jekyll draft`, `jekyll publish`,
//! `jekyll unpublish`), so a post made in Gazette is the file a Jekyll
//! user would have made:
//! 1. **Text** ([`post_text`]): front matter `title`, then `date`
//!    (`YYYY-MM-DD HH:MM:SS +ZZZZ`, the machine's offset when none is
//!    given; a draft has none unless given, as `jekyll draft` writes none),
//!    then the site's `jekyll_compose: default_front_matter: posts` (or
//!    `drafts`) from its `_config.yml`, in that order, then the extra keys
//!    given; each value written by the lossless editor so that Psych reads
//!    it back as given. Then the body.
//! 2. **Name** (`free_name`): `_posts/YYYY-MM-DD-SLUG.md` (`_drafts/SLUG.md`
//!    for a draft), SLUG from the title by Jekyll's slugify (`slug.rs`); a
//!    name taken (by a post of the archive, the site's manifest or a file
//!    in the site folder) gets `-2`, `-3`…
//! 3. **Store**: the post is stored as if imported from that path of the
//!    site (so publishing writes it there), in one undoable operation of
//!    kind `new` (undoing it removes the post).
//!
//! Promoting a draft ([`promote`]) gives it a date (the one asked for, else
//! the one it has, else now) and moves it to `_posts/DATE-NAME`; demoting a
//! post ([`demote`]) removes its `date` and moves it to `_drafts/NAME` (the
//! file name without its date). Both change the post's path, so the next
//! publish removes the old file and writes the new one.
//!
//! Differences from `jekyll-compose` 0.12 (lib/jekyll/commands/post.rb,
//! file_info.rb): it also writes `layout: post` (give `layout` as an extra
//! key for that), its date has no seconds (`%Y-%m-%d %H:%M %z`), and a
//! `title` or `date` among the defaults replaces the one given (here the
//! one given stays).

mod slug;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{Local, NaiveDateTime, Offset, TimeZone};
use serde::Serialize;

pub use slug::slugify;

use crate::date::PostDate;
use crate::editing::{apply_field_edits, FieldEdit};
use crate::error::{Error, Result};
use crate::front_matter::{self, Edit, Value};
use crate::post::PostFile;
use crate::store::{Origin, Site, Store, Stored};

/// A post to create.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewPost {
    /// The title (required; any language).
    pub title: String,
    /// The date as the user wrote it (read by [`PostDate::parse`]); `None`
    /// for now (a draft: no date).
    pub date: Option<String>,
    /// A draft, in `_drafts/`.
    pub draft: bool,
    /// Extra front matter keys, after the site's defaults.
    pub fields: Vec<FieldEdit>,
    /// The body (empty for none).
    pub body: String,
}

/// A post created: JSON `{"id":N,"path":"_posts/…","site":NAME|null}`
/// (the contract of `gazette new --json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Created {
    /// The new post's id.
    pub id: i64,
    /// Its path in its site, `/`-separated (`_posts/2024-05-01-slug.md`).
    pub path: String,
    /// The site's name, `None` when it was made for no site.
    pub site: Option<String>,
}

/// A post moved by a promote or demote: JSON `{"id":N,"path":"…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Moved {
    /// The post's id.
    pub id: i64,
    /// Its new path in its site, `/`-separated.
    pub path: String,
}

/// `YYYY-MM-DD HH:MM:SS +ZZZZ` for a date given as text, in its own offset,
/// or the machine's offset at that time when it has none; `None` gives now
/// in the machine's offset.
///
/// # Errors
/// [`Error::BadRequest`] when the text is not a date (see [`PostDate::parse`]).
pub fn date_text(given: Option<&str>) -> Result<String> {
    const FORMAT: &str = "%Y-%m-%d %H:%M:%S %z";
    let Some(given) = given else {
        return Ok(Local::now().format(FORMAT).to_string());
    };
    let date = PostDate::parse(given.trim()).map_err(|e| Error::BadRequest(e.to_string()))?;
    let local: NaiveDateTime = date.local.with_nanosecond_zero();
    let offset = match date.offset {
        Some(offset) => offset,
        None => Local
            .from_local_datetime(&local)
            .earliest()
            .map_or_else(|| Local::now().offset().fix(), |d| d.offset().fix()),
    };
    Ok(local
        .and_local_timezone(offset)
        .single()
        .map_or_else(|| given.to_string(), |d| d.format(FORMAT).to_string()))
}

trait NoNanos {
    fn with_nanosecond_zero(self) -> Self;
}

impl NoNanos for NaiveDateTime {
    fn with_nanosecond_zero(self) -> Self {
        chrono::Timelike::with_nanosecond(&self, 0).unwrap_or(self)
    }
}

/// The site's `jekyll_compose: default_front_matter: posts` (or `drafts`)
/// entries from its `_config.yml` (or `_config.yaml`), in order; none when
/// the site has none (a TOML config is not read).
///
/// # Errors
/// [`Error::Site`] when the configuration cannot be read or is not YAML.
pub fn compose_defaults(root: &Path, draft: bool) -> Result<Vec<(String, Value)>> {
    let Some(file) = ["_config.yml", "_config.yaml"]
        .iter()
        .map(|n| root.join(n))
        .find(|p| p.is_file())
    else {
        return Ok(Vec::new());
    };
    let site_error = |reason: String| Error::Site {
        path: file.clone(),
        reason,
    };
    let bytes = std::fs::read(&file).map_err(|e| site_error(e.to_string()))?;
    let text = String::from_utf8_lossy(&bytes);
    let loaded = front_matter::load(text.trim_start_matches('\u{feff}')).map_err(|e| {
        site_error(format!(
            "not valid YAML (line {}, column {}): {}",
            e.line, e.column, e.reason
        ))
    })?;
    let get = |entries: &[(String, Value)], key: &str| -> Option<Vec<(String, Value)>> {
        entries.iter().rev().find_map(|(k, v)| match v {
            Value::Map(m) if k == key => Some(m.clone()),
            _ => None,
        })
    };
    Ok(get(&loaded.entries, "jekyll_compose")
        .and_then(|c| get(&c, "default_front_matter"))
        .and_then(|d| get(&d, if draft { "drafts" } else { "posts" }))
        .unwrap_or_default())
}

/// A new post's whole text (see the module docs): `title`, `date` (when
/// given), the defaults, the extra fields, then the body.
///
/// # Errors
/// [`Error::BadRequest`] for an extra value that is not YAML;
/// [`Error::Edit`] when a key cannot be written.
pub fn post_text(
    title: &str,
    date: Option<&str>,
    defaults: &[(String, Value)],
    fields: &[FieldEdit],
    body: &str,
) -> Result<String> {
    let mut edits = vec![Edit::Set {
        key: "title".into(),
        value: Value::String(title.to_string()),
    }];
    if let Some(date) = date {
        edits.push(Edit::Set {
            key: "date".into(),
            value: Value::Date(date.to_string()),
        });
    }
    edits.extend(
        defaults
            .iter()
            .filter(|(k, _)| k != "title" && k != "date")
            .map(|(key, value)| Edit::Set {
                key: key.clone(),
                value: value.clone(),
            }),
    );
    let head = front_matter::apply_edits("", &edits)?;
    let head = apply_field_edits(&head, fields)?;
    Ok(format!("{head}{body}"))
}

/// The `YYYY-MM-DD` a date text starts with (all of a shorter text).
fn day_of(date: &str) -> &str {
    date.get(..10).unwrap_or(date)
}

/// `name` in `root/folder`, or `stem-2.ext`, `stem-3.ext`… when taken: by a
/// post of the archive stored at that path, by a file of the site's
/// manifest (`manifest`, site-relative paths), or by a file on disk.
fn free_name(
    in_archive: &dyn Fn(&str) -> Result<bool>,
    root: &Path,
    folder: &str,
    name: &str,
    manifest: &HashSet<String>,
) -> Result<String> {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let mut n = 1;
    loop {
        let candidate = match n {
            1 => name.to_string(),
            n => format!("{stem}-{n}.{ext}"),
        };
        let relative = format!("{folder}/{candidate}");
        let taken = manifest.contains(&relative.to_lowercase())
            || in_archive(&source_path(root, &relative))?
            || std::fs::symlink_metadata(root.join(folder).join(&candidate)).is_ok();
        if !taken {
            return Ok(candidate);
        }
        n += 1;
    }
}

/// The stored path of a post at `relative` in the site at `root`.
fn source_path(root: &Path, relative: &str) -> String {
    relative
        .split('/')
        .fold(root.to_path_buf(), |p, part| p.join(part))
        .to_string_lossy()
        .into_owned()
}

/// The site's manifest paths, lower-cased.
fn manifest_paths(store: &Store, site: Option<&Site>) -> Result<HashSet<String>> {
    Ok(match site {
        Some(site) => store
            .site_files(site.id)?
            .into_iter()
            .map(|f| f.path.to_lowercase())
            .collect(),
        None => HashSet::new(),
    })
}

/// A new post's checked title and its `date` text (see [`date_text`]):
/// `None` for a draft given no date.
///
/// # Errors
/// [`Error::BadRequest`] for a blank title or an unreadable date.
fn new_date(title: &str, date: Option<&str>, draft: bool) -> Result<Option<String>> {
    if title.trim().is_empty() {
        return Err(Error::BadRequest("a new post needs a title".into()));
    }
    match (date, draft) {
        (None, true) => Ok(None),
        (given, _) => Ok(Some(date_text(given)?)),
    }
}

/// The folder and file name a post with this title and date text gets
/// before the `-2` rule: `("_posts", "YYYY-MM-DD-SLUG.md")`, or
/// `("_drafts", "SLUG.md")` for a draft (SLUG `untitled` when the title
/// slugifies to nothing).
fn name_for(title: &str, date: Option<&str>, draft: bool) -> (&'static str, String) {
    let slug = match slugify(title.trim()) {
        s if s.is_empty() => "untitled".to_string(),
        s => s,
    };
    match date {
        Some(d) if !draft => ("_posts", format!("{}-{slug}.md", day_of(d))),
        _ => ("_drafts", format!("{slug}.md")),
    }
}

/// The path, `/`-separated in its site, that [`create`] would give a post
/// with this title, date (as the user wrote it; `None` for now) and draft
/// flag, `-2` rule included: `_posts/2024-05-01-赣州-新的一天.md`. For the
/// live preview of a file name; nothing is written.
///
/// # Errors
/// [`Error::BadRequest`] for a blank title or an unreadable date (the same
/// messages [`create`] gives); database errors.
pub fn planned_path(
    store: &Store,
    site: Option<&Site>,
    root: &Path,
    title: &str,
    date: Option<&str>,
    draft: bool,
) -> Result<String> {
    let date = new_date(title, date, draft)?;
    let (folder, name) = name_for(title, date.as_deref(), draft);
    let manifest = manifest_paths(store, site)?;
    let name = free_name(
        &|p| store.has_source_path(p),
        root,
        folder,
        &name,
        &manifest,
    )?;
    Ok(format!("{folder}/{name}"))
}

/// Creates a post in `site` (or, for `None`, under `root` as a site of its
/// own: the folder the archive keeps posts made for no site in), as one
/// undoable operation (see the module docs).
///
/// # Errors
/// [`Error::BadRequest`] for a blank title, an unreadable date or an extra
/// value that is not YAML (nothing is created); [`Error::Site`] for a site
/// configuration that cannot be read; database errors.
pub fn create(
    store: &mut Store,
    site: Option<&Site>,
    root: &Path,
    new: &NewPost,
) -> Result<Created> {
    let title = new.title.trim();
    let date = new_date(title, new.date.as_deref(), new.draft)?;
    let defaults = match site {
        Some(_) => compose_defaults(root, new.draft)?,
        None => Vec::new(),
    };
    let text = post_text(title, date.as_deref(), &defaults, &new.fields, &new.body)?;
    let (folder, name) = name_for(title, date.as_deref(), new.draft);
    let manifest = manifest_paths(store, site)?;
    let context = crate::import::site::Sites::default().context(&root.join(folder).join(&name));
    let writer = store.writer()?;
    let name = free_name(
        &|p| writer.has_source_path(p),
        root,
        folder,
        &name,
        &manifest,
    )?;
    let path = format!("{folder}/{name}");
    let stored_path = source_path(root, &path);
    let post = PostFile::parse_with(&stored_path, text.into_bytes(), context).map_err(|e| {
        Error::InvalidPost {
            line: e.line,
            reason: e.reason,
        }
    })?;
    let op = writer.start_operation("new", &format!("New post {title:?}"))?;
    let id = writer.put_post(&stored_path, &post, Stored::New, Origin::Edit)?;
    writer.record_added(op, id, post.content_hash())?;
    writer.commit()?;
    Ok(Created {
        id,
        path,
        site: site.map(|s| s.name.clone()),
    })
}

/// Where a stored path's `folder` (`_drafts` or `_posts`) is: the folder
/// holding it and the file name; `None` when the path has no such folder.
fn split_at(source: &str, folder: &str) -> Option<(PathBuf, String)> {
    let path = Path::new(source);
    let name = path.file_name()?.to_string_lossy().into_owned();
    let parent = path.parent()?;
    let at = parent
        .ancestors()
        .find(|a| a.file_name().is_some_and(|n| n == folder))?;
    Some((at.parent()?.to_path_buf(), name))
}

/// Promotes draft `id` (jekyll-compose `publish`): its `date` becomes
/// `date` when given, else stays what it is, else now; it moves to
/// `_posts/YYYY-MM-DD-NAME` beside its `_drafts/` folder.
///
/// # Errors
/// [`Error::BadRequest`] when the post is not in a `_drafts/` folder or the
/// date cannot be read; [`Error::PostNotFound`]; database errors.
pub fn promote(store: &mut Store, id: i64, date: Option<&str>) -> Result<Moved> {
    let post = store.post(id)?;
    let (root, name) = split_at(&post.source_path, "_drafts").ok_or_else(|| {
        Error::BadRequest(format!("post {id} is not a draft in a _drafts folder"))
    })?;
    let date = match (date, post.date_source.as_str()) {
        (Some(given), _) => Some(date_text(Some(given))?),
        (None, "front_matter") => None,
        (None, _) => Some(date_text(None)?),
    };
    let day = match (&date, &post.date) {
        (Some(d), _) | (None, Some(d)) => day_of(d).to_string(),
        (None, None) => day_of(&date_text(None)?).to_string(),
    };
    let edits: Vec<FieldEdit> = date
        .map(|d| FieldEdit::SetYaml {
            key: "date".into(),
            yaml: d,
        })
        .into_iter()
        .collect();
    let name = format!("{day}-{name}");
    move_post(store, id, &root, "_posts", &name, &edits, "promote")
}

/// Demotes post `id` (jekyll-compose `unpublish`): its `date` key goes and
/// it moves to `_drafts/NAME` beside its `_posts/` folder, NAME its file
/// name without the `YYYY-MM-DD-` before it.
///
/// # Errors
/// [`Error::BadRequest`] when the post is not in a `_posts/` folder;
/// [`Error::PostNotFound`]; database errors.
pub fn demote(store: &mut Store, id: i64) -> Result<Moved> {
    let post = store.post(id)?;
    let (root, name) = split_at(&post.source_path, "_posts")
        .ok_or_else(|| Error::BadRequest(format!("post {id} is not in a _posts folder")))?;
    // jekyll-compose's `sub(/\d{4}-\d{2}-\d{2}-/, "")`, at the start of
    // the name, where Jekyll reads a post's date.
    let dated = name.len() > 11
        && name.bytes().take(11).enumerate().all(|(i, b)| match i {
            4 | 7 | 10 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    let name = if dated { name[11..].to_string() } else { name };
    let edits = [FieldEdit::Unset { key: "date".into() }];
    move_post(store, id, &root, "_drafts", &name, &edits, "demote")
}

/// Moves post `id` to `root/folder/name` (a free name), applying `edits`
/// to its text, as one operation of `kind`; the bytes it had are kept as a
/// revision when they change.
fn move_post(
    store: &mut Store,
    id: i64,
    root: &Path,
    folder: &str,
    name: &str,
    edits: &[FieldEdit],
    kind: &str,
) -> Result<Moved> {
    let site = store
        .sites()?
        .into_iter()
        .find(|s| Path::new(&s.path) == root);
    let manifest = manifest_paths(store, site.as_ref())?;
    let writer = store.writer()?;
    let (old_path, old, old_hash) = writer.current(id)?;
    let (text, encoding) = crate::post::decode(&old).map_err(|e| Error::InvalidPost {
        line: e.line,
        reason: e.reason,
    })?;
    let text = apply_field_edits(&text, edits)?;
    let bytes = crate::post::encode(&text, encoding).map_err(Error::Encode)?;
    let name = free_name(
        &|p| writer.has_source_path(p),
        root,
        folder,
        name,
        &manifest,
    )?;
    let path = format!("{folder}/{name}");
    let new_path = source_path(root, &path);
    let context = writer.context(id)?;
    let post = PostFile::parse_with(&new_path, bytes, context).map_err(|e| Error::InvalidPost {
        line: e.line,
        reason: e.reason,
    })?;
    let op = writer.start_operation(kind, &format!("{kind} post {id} to {path}"))?;
    if post.content_hash() != old_hash {
        writer.keep_revision(id, op, &old, post.content_hash())?;
    }
    writer.move_post(id, &new_path)?;
    writer.record_move(op, id, &old_path, &new_path)?;
    writer.put_post(&new_path, &post, Stored::Changed(id), Origin::Edit)?;
    writer.commit()?;
    Ok(Moved { id, path })
}
