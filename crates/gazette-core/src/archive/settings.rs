//! The facade's archive-level preferences kept in the archive itself (the
//! `settings` table): the default site, which the desktop app's Publish,
//! Sync and New post dialogs preselect.

use super::Archive;
use crate::error::Result;

/// The setting holding the default site's id (decimal text).
const DEFAULT_SITE: &str = "default_site";

impl Archive {
    /// The id of the archive's default site, if one is set and the site
    /// still exists (a removed site is no longer the default).
    ///
    /// # Errors
    /// Database failures.
    pub fn default_site(&self) -> Result<Option<i64>> {
        let Some(id) = self
            .store
            .setting(DEFAULT_SITE)?
            .and_then(|v| v.parse::<i64>().ok())
        else {
            return Ok(None);
        };
        Ok(self.store.sites()?.iter().any(|s| s.id == id).then_some(id))
    }

    /// Makes site `id` the default one, or clears the default (`None`).
    ///
    /// # Errors
    /// [`crate::Error::BadRequest`] when no site has this id; database
    /// failures.
    pub fn set_default_site(&mut self, id: Option<i64>) -> Result<()> {
        match id {
            Some(id) => {
                self.store.site(id)?;
                self.store.set_setting(DEFAULT_SITE, &id.to_string())
            }
            None => self.store.remove_setting(DEFAULT_SITE),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_site_is_kept_cleared_and_forgotten_with_its_site() {
        let dir = tempfile::tempdir().unwrap();
        let site_dir = dir.path().join("blog");
        std::fs::create_dir_all(site_dir.join("_posts")).unwrap();
        std::fs::write(site_dir.join("_config.yml"), "title: blog\n").unwrap();
        let db = dir.path().join("a.db");
        let mut a = Archive::open(&db).unwrap();
        assert_eq!(a.default_site().unwrap(), None);
        let site = a.add_site("blog", &site_dir, false).unwrap();
        a.set_default_site(Some(site.id)).unwrap();
        drop(a);
        let mut a = Archive::open(&db).unwrap();
        assert_eq!(a.default_site().unwrap(), Some(site.id));
        assert!(a.set_default_site(Some(site.id + 100)).is_err());
        assert_eq!(a.default_site().unwrap(), Some(site.id));
        a.set_default_site(None).unwrap();
        assert_eq!(a.default_site().unwrap(), None);
        a.set_default_site(Some(site.id)).unwrap();
        a.remove_site(site.id).unwrap();
        assert_eq!(a.default_site().unwrap(), None);
    }
}
