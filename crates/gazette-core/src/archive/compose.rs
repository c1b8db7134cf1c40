//! The facade's methods for writing new posts and moving drafts in and out
//! of `_posts/` (see [`crate::compose`]).

use std::path::PathBuf;

use super::Archive;
use crate::compose::{self, Created, Moved, NewPost};
use crate::error::Result;
use crate::store::Site;

impl Archive {
    /// Site `site` (when given) and the folder a new post for it is kept
    /// under: the site's folder, or for no site a folder `new` beside the
    /// archive file (never written there).
    fn compose_root(&self, site: Option<i64>) -> Result<(Option<Site>, PathBuf)> {
        let site = match site {
            Some(id) => Some(self.store.site(id)?),
            None => None,
        };
        let root = match &site {
            Some(site) => PathBuf::from(&site.path),
            None => self
                .store
                .path()
                .parent()
                .map_or_else(|| PathBuf::from("new"), |p| p.join("new")),
        };
        Ok((site, root))
    }

    /// Creates a post in site `site` (or for no site), as one undoable
    /// operation (see [`crate::compose`]): undoing it removes the post.
    /// Posts made for no site are kept as if in a site folder `new` beside
    /// the archive file (never written there).
    ///
    /// # Errors
    /// [`crate::Error::BadRequest`] for a blank title, an unreadable date,
    /// an extra value that is not YAML or an unknown site (nothing is
    /// created); [`crate::Error::Site`] for a site configuration that
    /// cannot be read; database failures.
    pub fn new_post(&mut self, site: Option<i64>, post: &NewPost) -> Result<Created> {
        let (site, root) = self.compose_root(site)?;
        compose::create(&mut self.store, site.as_ref(), &root, post)
    }

    /// The path in its site that [`Archive::new_post`] would give a post
    /// with this title, date and draft flag now (see
    /// [`compose::planned_path`]); nothing is written.
    ///
    /// # Errors
    /// [`crate::Error::BadRequest`] for a blank title, an unreadable date
    /// or an unknown site; database failures.
    pub fn planned_post_path(
        &self,
        site: Option<i64>,
        title: &str,
        date: Option<&str>,
        draft: bool,
    ) -> Result<String> {
        let (site, root) = self.compose_root(site)?;
        compose::planned_path(&self.store, site.as_ref(), &root, title, date, draft)
    }

    /// Promotes draft `id` to `_posts/` with a date (see
    /// [`compose::promote`]); the next publish moves its file.
    ///
    /// # Errors
    /// As [`compose::promote`].
    pub fn promote(&mut self, id: i64, date: Option<&str>) -> Result<Moved> {
        compose::promote(&mut self.store, id, date)
    }

    /// Demotes post `id` to `_drafts/` without a date (see
    /// [`compose::demote`]); the next publish moves its file.
    ///
    /// # Errors
    /// As [`compose::demote`].
    pub fn demote(&mut self, id: i64) -> Result<Moved> {
        compose::demote(&mut self.store, id)
    }
}
