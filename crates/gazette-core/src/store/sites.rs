//! Queries on `sites` and `site_files`: the Jekyll sites posts are
//! published to, and each site's manifest of the files Gazette knows there.

use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;

use super::{now, Store};
use crate::error::{Error, Result};

/// A Jekyll site folder posts are published to. JSON shape (`gazette site
/// list --json`): `{"id","name","path","drafts","remote","last_published_at","synced_at"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Site {
    /// Its id in the archive.
    pub id: i64,
    /// The name it was added with (unique, compared without case).
    pub name: String,
    /// The site folder: absolute and canonical.
    pub path: String,
    /// Drafts are also written, to `_drafts/`.
    pub drafts: bool,
    /// The git remote to push to; `None`: the branch's upstream remote, else
    /// `origin`.
    pub remote: Option<String>,
    /// When posts were last published there (RFC 3339, UTC), if ever.
    pub last_published_at: Option<String>,
    /// When the site was last synced (RFC 3339, UTC), if ever; a synced
    /// site is followed: the app syncs it at start-up and when its folder
    /// changes.
    pub synced_at: Option<String>,
}

/// One file of a site's manifest: a file Gazette wrote, or found identical
/// to a post, with the hash of its bytes at that moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteFile {
    /// Relative to the site folder, `/`-separated.
    pub path: String,
    /// The post it holds; `None` once that post was deleted.
    pub post_id: Option<i64>,
    /// BLAKE3 of the file's bytes (hex) when Gazette last wrote or saw it.
    pub content_hash: String,
}

/// What a publish needs to know of a post to plan its file (never its
/// bytes: those are read only for the files actually written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishCandidate {
    /// The post.
    pub id: i64,
    /// The path it was imported from.
    pub source_path: String,
    /// BLAKE3 of its current bytes.
    pub content_hash: String,
    /// BLAKE3 of its source file's bytes as last imported.
    pub source_hash: String,
    /// Its title.
    pub title: String,
    /// Its date in its own offset, `YYYY-MM-DDTHH:MM:SS…`, if any.
    pub date_local: Option<String>,
    /// Its instant, ms since 1970, if dated.
    pub date_utc_ms: Option<i64>,
    /// `published:` is not false.
    pub published: bool,
    /// It came from a `_drafts/` folder.
    pub draft: bool,
    /// `markdown`, `html`, `textile` or `text`.
    pub format: String,
}

const SITE_COLUMNS: &str = "id, name, path, drafts, remote, last_published_at, synced_at";

fn site_row(r: &Row<'_>) -> rusqlite::Result<Site> {
    Ok(Site {
        id: r.get(0)?,
        name: r.get(1)?,
        path: r.get(2)?,
        drafts: r.get(3)?,
        remote: r.get(4)?,
        last_published_at: r.get(5)?,
        synced_at: r.get(6)?,
    })
}

impl Store {
    /// Adds a site. `path` must already be canonical.
    ///
    /// # Errors
    /// [`Error::BadRequest`] when the name or the folder is already a site;
    /// [`Error::Database`].
    pub fn add_site(&mut self, name: &str, path: &str, drafts: bool) -> Result<Site> {
        let taken: Option<String> = self
            .conn
            .query_row(
                "SELECT name FROM sites WHERE name = ?1 OR path = ?2",
                params![name, path],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(existing) = taken {
            return Err(Error::BadRequest(format!(
                "a site named {existing:?} already uses this name or folder"
            )));
        }
        self.conn.execute(
            "INSERT INTO sites (name, path, drafts, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![name, path, drafts, now()],
        )?;
        self.site(self.conn.last_insert_rowid())
    }

    /// One site by id.
    ///
    /// # Errors
    /// [`Error::BadRequest`] when there is none; [`Error::Database`].
    pub fn site(&self, id: i64) -> Result<Site> {
        self.conn
            .query_row(
                &format!("SELECT {SITE_COLUMNS} FROM sites WHERE id = ?1"),
                [id],
                site_row,
            )
            .optional()?
            .ok_or_else(|| Error::BadRequest(format!("no site with id {id}")))
    }

    /// The site with this name (without case) or this canonical folder.
    ///
    /// # Errors
    /// [`Error::Database`].
    pub fn find_site(&self, name_or_path: &str) -> Result<Option<Site>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {SITE_COLUMNS} FROM sites WHERE name = ?1 OR path = ?1"),
                [name_or_path],
                site_row,
            )
            .optional()?)
    }

    /// Every site, by name.
    ///
    /// # Errors
    /// [`Error::Database`].
    pub fn sites(&self) -> Result<Vec<Site>> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {SITE_COLUMNS} FROM sites ORDER BY name"))?;
        let sites = stmt
            .query_map([], site_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(sites)
    }

    /// Changes a site's settings.
    ///
    /// # Errors
    /// [`Error::Database`].
    pub fn update_site(&mut self, id: i64, drafts: bool, remote: Option<&str>) -> Result<Site> {
        self.conn.execute(
            "UPDATE sites SET drafts = ?2, remote = ?3 WHERE id = ?1",
            params![id, drafts, remote],
        )?;
        self.site(id)
    }

    /// Forgets a site and its manifest (its files are left as they are).
    ///
    /// # Errors
    /// [`Error::Database`].
    pub fn remove_site(&mut self, id: i64) -> Result<()> {
        self.conn.execute("DELETE FROM sites WHERE id = ?1", [id])?;
        Ok(())
    }

    /// A site's manifest, by path.
    ///
    /// # Errors
    /// [`Error::Database`].
    pub fn site_files(&self, site_id: i64) -> Result<Vec<SiteFile>> {
        let mut stmt = self.conn.prepare(
            "SELECT path, post_id, content_hash FROM site_files WHERE site_id = ?1 ORDER BY path",
        )?;
        let files = stmt
            .query_map([site_id], |r| {
                Ok(SiteFile {
                    path: r.get(0)?,
                    post_id: r.get(1)?,
                    content_hash: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(files)
    }

    /// Records that the site's file `path` now holds bytes hashing to
    /// `hash` (post `post_id`). Committed at once, so the manifest follows
    /// the files one by one.
    ///
    /// # Errors
    /// [`Error::Database`].
    pub fn record_site_file(
        &self,
        site_id: i64,
        path: &str,
        post_id: Option<i64>,
        hash: &str,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO site_files (site_id, path, post_id, content_hash, published_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (site_id, path) DO UPDATE SET post_id = excluded.post_id,
                content_hash = excluded.content_hash, published_at = excluded.published_at",
            params![site_id, path, post_id, hash, now()],
        )?;
        Ok(())
    }

    /// Drops `path` from the site's manifest.
    ///
    /// # Errors
    /// [`Error::Database`].
    pub fn forget_site_file(&self, site_id: i64, path: &str) -> Result<()> {
        self.conn.execute(
            "DELETE FROM site_files WHERE site_id = ?1 AND path = ?2",
            params![site_id, path],
        )?;
        Ok(())
    }

    /// Stamps the site as published now.
    ///
    /// # Errors
    /// [`Error::Database`].
    pub fn mark_published(&self, site_id: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE sites SET last_published_at = ?2 WHERE id = ?1",
            params![site_id, now()],
        )?;
        Ok(())
    }

    /// Every post, by id, as a publish plans it.
    ///
    /// # Errors
    /// [`Error::Database`].
    pub fn publish_candidates(&self) -> Result<Vec<PublishCandidate>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, source_path, content_hash, COALESCE(source_hash, content_hash), title,
                date_local, date_utc_ms, published, draft, format
             FROM posts ORDER BY id",
        )?;
        let posts = stmt
            .query_map([], |r| {
                Ok(PublishCandidate {
                    id: r.get(0)?,
                    source_path: r.get(1)?,
                    content_hash: r.get(2)?,
                    source_hash: r.get(3)?,
                    title: r.get(4)?,
                    date_local: r.get(5)?,
                    date_utc_ms: r.get(6)?,
                    published: r.get(7)?,
                    draft: r.get(8)?,
                    format: r.get(9)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(posts)
    }
}
