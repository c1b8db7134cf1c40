//! Queries on the `posts`, `post_categories` and `post_tags` tables.

use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;

use super::{now, Store, Writer};
use crate::error::{Error, Result};
use crate::post::PostFile;

/// How a post file compares with what the store holds for its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// No post has this source path.
    New,
    /// A post has this path and the same content hash.
    Same(i64),
    /// A post has this path with other content.
    Changed(i64),
}

/// Who writes a post: an import (which records the source file's hash) or
/// an edit in Gazette (which keeps it, so re-importing an unchanged source
/// does not undo the edit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Import batch `0`.
    Import(i64),
    /// An edit, restore or undo.
    Edit,
}

/// Which posts to list, and which page of them.
#[derive(Debug, Clone, Default, serde::Deserialize, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ListQuery {
    /// Only posts in this category.
    pub category: Option<String>,
    /// Only posts with this tag.
    pub tag: Option<String>,
    /// Only posts whose date (in its own offset) falls in this year.
    pub year: Option<i32>,
    /// Only posts of this Jekyll collection (`posts`, `pages`, a label).
    pub collection: Option<String>,
    /// Only posts dated in this month (`YYYY-MM`, of the date in the post's
    /// own offset, as for `year`) or later. Undated posts are left out.
    #[serde(default)]
    pub from: Option<String>,
    /// Only posts dated in this month (`YYYY-MM`, inclusive) or earlier.
    #[serde(default)]
    pub to: Option<String>,
    /// Page size; at most 1000, default 100.
    pub limit: Option<u32>,
    /// Posts to skip, newest first.
    pub offset: Option<u32>,
}

/// One row of a post list. `date` is ISO 8601 in the post's own offset
/// (`2024-08-08T22:44:26-07:00`; no suffix when none was written), or `None`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PostSummary {
    /// The post's id in this archive.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// Its date (see the type's docs).
    pub date: Option<String>,
    /// Its categories, in order.
    pub categories: Vec<String>,
    /// Its tags, in order.
    pub tags: Vec<String>,
    /// The absolute path it was imported from.
    pub source_path: String,
    /// The file is in a `_drafts` folder.
    pub draft: bool,
}

/// A page of posts, newest first, with the number of posts matching.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PostPage {
    /// Posts matching the query, over all pages.
    pub total: u32,
    /// This page.
    pub items: Vec<PostSummary>,
}

/// Everything about one post: the typed view, the front matter as an object
/// (keys in file order) and the exact front matter text and body.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PostDetail {
    /// The post's id in this archive.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// ISO 8601 in the post's own offset, or `None`.
    pub date: Option<String>,
    /// The date as written (front matter value or file name prefix).
    pub date_text: Option<String>,
    /// `front_matter`, `file_name` or `none`.
    pub date_source: String,
    /// Categories, in order.
    pub categories: Vec<String>,
    /// Tags, in order.
    pub tags: Vec<String>,
    /// `layout`, if set.
    pub layout: Option<String>,
    /// `permalink`, if set.
    pub permalink: Option<String>,
    /// `false` when the front matter says `published: false`.
    pub published: bool,
    /// The file is in a `_drafts` folder.
    pub draft: bool,
    /// From the file name.
    pub slug: String,
    /// `excerpt`, or the body's first paragraph.
    pub excerpt: String,
    /// `markdown`, `html`, `textile` or `text`.
    pub format: String,
    /// `utf-8`, `utf-8-bom`, `utf-16le` or `utf-16be`.
    pub encoding: String,
    /// BLAKE3 of the file's bytes, hex.
    pub content_hash: String,
    /// Front matter as a JSON object, keys in file order.
    pub front_matter: serde_json::Value,
    /// The YAML text between the fences, exactly, or `None`.
    pub front_matter_text: Option<String>,
    /// The body, exactly.
    pub body: String,
    /// The absolute path it was imported from.
    pub source_path: String,
    /// Things noticed while reading it.
    pub warnings: Vec<String>,
    /// The URL Jekyll gives it in its site (`/2024/05/01/hello.html`), or
    /// `None` (not in a site Jekyll builds, or stored by an older Gazette
    /// and not derived again since).
    pub url: Option<String>,
    /// Its Jekyll collection: `posts` (drafts too), a collection label, or
    /// `pages`; `None` as for `url`.
    pub collection: Option<String>,
    /// Its date as Jekyll holds it, in the site's time zone (`timezone:`,
    /// else UTC): `YYYY-MM-DD HH:MM:SS +ZZZZ`; `None` as for `url`, or
    /// when it has no date.
    pub jekyll_date: Option<String>,
}

const MAX_LIMIT: u32 = 1000;

impl Writer<'_> {
    /// How `source_path` with content `hash` compares with the store.
    ///
    /// # Errors
    /// [`Error::Database`].
    pub fn compare(&self, source_path: &str, hash: &str) -> Result<Stored> {
        let row: Option<(i64, String)> = self
            .tx
            .prepare_cached("SELECT id, source_hash FROM posts WHERE source_path = ?1")?
            .query_row([source_path], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(match row {
            None => Stored::New,
            Some((id, h)) if h == hash => Stored::Same(id),
            Some((id, _)) => Stored::Changed(id),
        })
    }

    /// Records what post `id`'s view takes from outside its file (see
    /// [`crate::post::Context`]) when that changed without changing the view.
    ///
    /// # Errors
    /// [`Error::Database`].
    pub fn set_context(&self, id: i64, context: &crate::post::Context) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE posts SET context_json = ?2 WHERE id = ?1")?
            .execute(params![id, context.to_json().to_string()])?;
        Ok(())
    }

    /// Gives post `id` a new source path (a promote or demote moves it in
    /// its site); its bytes are written apart, with [`Writer::put_post`].
    ///
    /// # Errors
    /// [`Error::Database`], also when another post has that path.
    pub fn move_post(&self, id: i64, source_path: &str) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE posts SET source_path = ?2 WHERE id = ?1")?
            .execute(params![id, source_path])?;
        Ok(())
    }

    /// The posts (id, source path) whose source file as imported, or whose
    /// bytes now, have the BLAKE3 `hash`.
    ///
    /// # Errors
    /// [`Error::Database`].
    pub fn posts_with_bytes(&self, hash: &str) -> Result<Vec<(i64, String)>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT id, source_path FROM posts WHERE source_hash = ?1 OR content_hash = ?1",
        )?;
        let rows = stmt.query_map([hash], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Inserts a post, or replaces the post that has the same source path,
    /// with its categories, tags and search index entry. `stored` is what
    /// [`Writer::compare`] said of this path in the same transaction (or
    /// `Changed(id)` for an edit). Returns its id.
    ///
    /// # Errors
    /// [`Error::Database`].
    pub fn put_post(
        &self,
        source_path: &str,
        post: &PostFile,
        stored: Stored,
        origin: Origin,
    ) -> Result<i64> {
        let (import_id, source_hash) = match origin {
            Origin::Import(batch) => (Some(batch), Some(post.content_hash())),
            Origin::Edit => (None, None),
        };
        let is_new = stored == Stored::New;
        // A new post's index entry may be left to `Store::index_pending`.
        let index_now = !(is_new && self.defer_new_entries.get());
        let f = &post.fields;
        let yaml = post.split.yaml.clone();
        let date = f.date.as_ref();
        let time = now();
        // The search index entry is written before the commit (see
        // `Writer::index_post`), so the row says it is current; -1 when it
        // is left for later.
        let id: i64 = self.tx.prepare_cached(
            "INSERT INTO posts (source_path, raw, encoding, front_matter_start, front_matter_end,
                body_start, content_hash, format, title, date_text, date_local, date_offset,
                date_utc_ms, date_source, year, layout, permalink, published, draft, slug, excerpt,
                front_matter_json, warnings_json, import_id, imported_at, updated_at, source_hash,
                context_json, search_version, url, collection, jekyll_date)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?25, coalesce(?26, ?7), ?27, ?28, ?29, ?30, ?31)
             ON CONFLICT (source_path) DO UPDATE SET
                raw = excluded.raw, encoding = excluded.encoding,
                front_matter_start = excluded.front_matter_start,
                front_matter_end = excluded.front_matter_end, body_start = excluded.body_start,
                content_hash = excluded.content_hash, format = excluded.format,
                title = excluded.title, date_text = excluded.date_text,
                date_local = excluded.date_local, date_offset = excluded.date_offset,
                date_utc_ms = excluded.date_utc_ms, date_source = excluded.date_source,
                year = excluded.year, layout = excluded.layout, permalink = excluded.permalink,
                published = excluded.published, draft = excluded.draft, slug = excluded.slug,
                excerpt = excluded.excerpt, front_matter_json = excluded.front_matter_json,
                warnings_json = excluded.warnings_json,
                context_json = excluded.context_json,
                search_version = excluded.search_version,
                url = excluded.url, collection = excluded.collection,
                jekyll_date = excluded.jekyll_date,
                import_id = coalesce(?24, posts.import_id),
                source_hash = coalesce(?26, posts.source_hash),
                updated_at = excluded.updated_at
             RETURNING id")?.query_row(
            params![
                source_path,
                post.raw,
                post.encoding.as_str(),
                yaml.as_ref().map(|r| r.start as i64),
                yaml.as_ref().map(|r| r.end as i64),
                post.split.body.start as i64,
                post.content_hash(),
                post.format.as_str(),
                f.title,
                date.map(|d| d.text.clone()),
                date.map(|d| d.local.format("%Y-%m-%dT%H:%M:%S%.f").to_string()),
                date.and_then(|d| d.offset).map(|o| o.to_string()),
                date.map(|d| d.instant().timestamp_millis()),
                f.date_source.as_str(),
                date.map(|d| chrono::Datelike::year(&d.day())),
                f.layout,
                f.permalink,
                f.published,
                f.draft,
                f.slug,
                f.excerpt,
                post.front_matter_json().to_string(),
                serde_json::to_string(&f.warnings).unwrap_or_else(|_| "[]".into()),
                import_id,
                time,
                source_hash,
                post.context.to_json().to_string(),
                if index_now {
                    super::search::SEARCH_VERSION
                } else {
                    super::search::UNINDEXED
                },
                f.url,
                f.collection,
                f.jekyll_date,
            ],
            |r| r.get(0),
        )?;
        for (table, names) in [("post_categories", &f.categories), ("post_tags", &f.tags)] {
            if !is_new {
                self.tx
                    .prepare_cached(&format!("DELETE FROM {table} WHERE post_id = ?1"))?
                    .execute([id])?;
            }
            let mut insert = self.tx.prepare_cached(&format!(
                "INSERT INTO {table} (post_id, position, name) VALUES (?1, ?2, ?3)"
            ))?;
            for (position, name) in names.iter().enumerate() {
                insert.execute(params![id, position as i64, name])?;
            }
        }
        if index_now {
            self.index_post(id, post, is_new);
        }
        Ok(id)
    }
}

fn filters(q: &ListQuery) -> (String, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value as V;
    let mut clauses = Vec::new();
    let mut args = Vec::new();
    if let Some(c) = &q.category {
        clauses.push("id IN (SELECT post_id FROM post_categories WHERE name = ?)");
        args.push(V::Text(c.clone()));
    }
    if let Some(t) = &q.tag {
        clauses.push("id IN (SELECT post_id FROM post_tags WHERE name = ?)");
        args.push(V::Text(t.clone()));
    }
    if let Some(y) = q.year {
        clauses.push("year = ?");
        args.push(V::Integer(y.into()));
    }
    if let Some(c) = &q.collection {
        clauses.push("collection = ?");
        args.push(V::Text(c.clone()));
    }
    // The expression of the index `posts_by_month` (migration 16).
    if let Some(m) = &q.from {
        clauses.push("substr(date_local, 1, 7) >= ?");
        args.push(V::Text(m.clone()));
    }
    if let Some(m) = &q.to {
        clauses.push("substr(date_local, 1, 7) <= ?");
        args.push(V::Text(m.clone()));
    }
    let sql = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    (sql, args)
}

/// The kept count (`post_counts` kind and key) that is the number of posts
/// `q` matches, when there is one: no filter, or only an exact category,
/// tag, year or collection.
fn kept_total(q: &ListQuery) -> Option<(&'static str, String)> {
    if q.from.is_some() || q.to.is_some() {
        return None;
    }
    let set = [
        q.category.as_ref().map(|c| ("category", c.clone())),
        q.tag.as_ref().map(|t| ("tag", t.clone())),
        q.year.map(|y| ("year", y.to_string())),
        q.collection.as_ref().map(|c| ("collection", c.clone())),
    ];
    let mut set = set.into_iter().flatten();
    match (set.next(), set.next()) {
        (None, _) => Some(("posts", String::new())),
        (Some(one), None) => Some(one),
        _ => None,
    }
}

fn iso_date(local: Option<String>, offset: Option<String>) -> Option<String> {
    local.map(|l| format!("{l}{}", offset.unwrap_or_default()))
}

impl Store {
    /// A page of posts matching `q`, newest first (posts without a date
    /// last), and how many match in all.
    ///
    /// # Errors
    /// [`Error::Database`].
    pub fn list_posts(&self, q: &ListQuery) -> Result<PostPage> {
        let (filter, args) = filters(q);
        // No filter, or one the kept counts answer (migration 18): no
        // count over the posts.
        let total: u32 = match kept_total(q) {
            Some((kind, key)) => self.kept_count(kind, &key)?,
            None => self.conn.query_row(
                &format!("SELECT count(*) FROM posts {filter}"),
                rusqlite::params_from_iter(&args),
                |r| r.get(0),
            )?,
        };
        let limit = q.limit.unwrap_or(100).min(MAX_LIMIT);
        let offset = q.offset.unwrap_or(0);
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, title, date_local, date_offset, source_path,
                (SELECT json_group_array(name) FROM (SELECT name FROM post_categories
                    WHERE post_id = posts.id ORDER BY position)),
                (SELECT json_group_array(name) FROM (SELECT name FROM post_tags
                    WHERE post_id = posts.id ORDER BY position)),
                draft
             FROM posts {filter}
             ORDER BY date_utc_ms DESC, id DESC LIMIT {limit} OFFSET {offset}"
        ))?;
        let items = stmt
            .query_map(rusqlite::params_from_iter(&args), |r| {
                Ok(PostSummary {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    date: iso_date(r.get(2)?, r.get(3)?),
                    source_path: r.get(4)?,
                    categories: json_list(r, 5)?,
                    tags: json_list(r, 6)?,
                    draft: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(PostPage { total, items })
    }

    /// Whether a post has this source path (read only; see
    /// `Writer::has_source_path` inside a write).
    ///
    /// # Errors
    /// [`Error::Database`].
    pub fn has_source_path(&self, source_path: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM posts WHERE source_path = ?1")?
            .query_row([source_path], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// One post, whole.
    ///
    /// # Errors
    /// [`Error::PostNotFound`] when no post has this id; [`Error::Database`].
    pub fn post(&self, id: i64) -> Result<PostDetail> {
        let row = self
            .conn
            .query_row(
                "SELECT id, title, date_local, date_offset, date_text, date_source, layout,
                    permalink, published, draft, slug, excerpt, format, encoding, content_hash,
                    front_matter_json, raw, front_matter_start, front_matter_end, body_start,
                    source_path, warnings_json,
                    (SELECT json_group_array(name) FROM (SELECT name FROM post_categories
                        WHERE post_id = posts.id ORDER BY position)),
                    (SELECT json_group_array(name) FROM (SELECT name FROM post_tags
                        WHERE post_id = posts.id ORDER BY position)),
                    url, collection, jekyll_date
                 FROM posts WHERE id = ?1",
                [id],
                |r| {
                    let raw: Vec<u8> = r.get(16)?;
                    let encoding: String = r.get(13)?;
                    let text = decode_stored(&raw);
                    let fm: Option<(i64, i64)> = r
                        .get::<_, Option<i64>>(17)?
                        .zip(r.get::<_, Option<i64>>(18)?);
                    let body_start = r.get::<_, i64>(19)? as usize;
                    let fm_json: String = r.get(15)?;
                    let warnings: String = r.get(21)?;
                    Ok(PostDetail {
                        id: r.get(0)?,
                        title: r.get(1)?,
                        date: iso_date(r.get(2)?, r.get(3)?),
                        date_text: r.get(4)?,
                        date_source: r.get(5)?,
                        layout: r.get(6)?,
                        permalink: r.get(7)?,
                        published: r.get(8)?,
                        draft: r.get(9)?,
                        slug: r.get(10)?,
                        excerpt: r.get(11)?,
                        format: r.get(12)?,
                        encoding,
                        content_hash: r.get(14)?,
                        front_matter: serde_json::from_str(&fm_json).unwrap_or_default(),
                        front_matter_text: fm
                            .and_then(|(s, e)| text.get(s as usize..e as usize))
                            .map(str::to_string),
                        body: text.get(body_start..).unwrap_or_default().to_string(),
                        source_path: r.get(20)?,
                        warnings: serde_json::from_str(&warnings).unwrap_or_default(),
                        categories: json_list(r, 22)?,
                        tags: json_list(r, 23)?,
                        url: r.get(24)?,
                        collection: r.get(25)?,
                        jekyll_date: r.get(26)?,
                    })
                },
            )
            .optional()?;
        row.ok_or(Error::PostNotFound(id))
    }

    /// The exact bytes of a post's file.
    ///
    /// # Errors
    /// [`Error::PostNotFound`]; [`Error::Database`].
    pub fn post_raw(&self, id: i64) -> Result<Vec<u8>> {
        self.conn
            .query_row("SELECT raw FROM posts WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or(Error::PostNotFound(id))
    }
}

/// Decodes stored bytes with the encoding recorded at import. The bytes were
/// decoded once already, so this cannot fail in practice; a damaged row
/// decodes lossily rather than failing the read.
fn decode_stored(raw: &[u8]) -> String {
    crate::post::decode(raw)
        .map(|(t, _)| t)
        .unwrap_or_else(|_| String::from_utf8_lossy(raw).into_owned())
}

fn json_list(r: &Row<'_>, i: usize) -> rusqlite::Result<Vec<String>> {
    let text: String = r.get(i)?;
    Ok(serde_json::from_str(&text).unwrap_or_default())
}
