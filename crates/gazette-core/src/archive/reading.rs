//! The facade's methods for reading a post: its body rendered with the
//! post's site images and, when opened from a search, the search's terms
//! marked (see [`crate::render`]).

use std::path::{Path, PathBuf};

use super::Archive;
use crate::error::Result;
use crate::post::Format;
use crate::render::{self, ImageBase, RenderOptions, Rendered};

impl Archive {
    /// The folder a post file's site images are read from (see
    /// [`ImageBase::for_post`]; the archive's sites count as site
    /// folders). `None` when the file's folder is gone.
    ///
    /// # Errors
    /// Database failures.
    pub fn image_base(&self, source_path: &Path) -> Result<Option<ImageBase>> {
        let sites: Vec<PathBuf> = self
            .store
            .sites()?
            .into_iter()
            .filter_map(|s| dunce::canonicalize(&s.path).ok())
            .collect();
        Ok(ImageBase::for_post(source_path, &sites))
    }

    /// Post `id`'s body rendered for reading: remote images as the archive
    /// allows, images from its site, and every match of `highlight` (search
    /// terms, e.g. [`crate::search::highlight_terms`]) marked. Also gives
    /// the site folder its images were looked up in.
    ///
    /// # Errors
    /// [`crate::Error::PostNotFound`]; database failures.
    pub fn post_rendered_for(
        &self,
        id: i64,
        highlight: &[String],
    ) -> Result<(Rendered, Option<ImageBase>)> {
        let post = self.store.post(id)?;
        let format = Format::from_name(&post.format).unwrap_or(Format::Text);
        let base = self.image_base(Path::new(&post.source_path))?;
        Ok((
            self.render_body(format, &post.body, base.as_ref(), highlight)?,
            base,
        ))
    }

    /// A body (the editor's text, say) rendered as the reader shows it,
    /// with site images looked up in `images`.
    ///
    /// # Errors
    /// Database failures.
    pub fn render_body(
        &self,
        format: Format,
        body: &str,
        images: Option<&ImageBase>,
        highlight: &[String],
    ) -> Result<Rendered> {
        Ok(render::render_with(
            format,
            body,
            &RenderOptions {
                allow_remote_images: self.remote_images_allowed()?,
                images,
                highlight,
            },
        ))
    }
}
