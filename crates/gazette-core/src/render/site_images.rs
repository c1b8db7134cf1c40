//! Images a post finds in its own site: `/assets/x.png` (from the site
//! root, as Jekyll serves it) or `../images/x.png` (from the post's
//! folder), resolved to a file inside the site folder and given the URL the
//! app's asset protocol serves it at.
//!
//! A source that leaves the site folder (`../../../etc/passwd.png`, a
//! symbolic link pointing out), names a `.git` folder, or is
//! protocol-relative (`//host/x.png`, which is remote) is never resolved.

use std::path::{Component, Path, PathBuf};

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Where a post's site-relative images are looked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageBase {
    /// The site folder (absolute, canonical): the root `/assets/x.png` is
    /// read from and the folder no image may leave.
    pub site_root: PathBuf,
    /// The post file's folder (absolute, canonical), for relative sources.
    pub post_dir: PathBuf,
    /// `site_root` is a site folder (an archive's site, or one with a
    /// `_config.yml`); `false` when it is only the post's own folder, whose
    /// other files a caller should not expose wholesale.
    pub is_site: bool,
}

impl ImageBase {
    /// The image base of a post file at `source_path`: the site folder is
    /// the longest of `sites` (canonical folders) holding the file, else
    /// the nearest folder above it with a `_config.yml` (a Jekyll site),
    /// else the post's own folder. `None` when the post's folder is gone.
    /// The filesystem root is never a site folder.
    pub fn for_post(source_path: &Path, sites: &[PathBuf]) -> Option<ImageBase> {
        let post_dir = dunce::canonicalize(source_path.parent()?).ok()?;
        let registered = sites
            .iter()
            .filter(|s| post_dir.starts_with(s) && s.parent().is_some())
            .max_by_key(|s| s.components().count())
            .cloned();
        let site = registered.or_else(|| {
            post_dir
                .ancestors()
                .filter(|d| d.parent().is_some())
                .find(|d| d.join("_config.yml").is_file())
                .map(Path::to_path_buf)
        });
        let is_site = site.is_some();
        let site_root = site.unwrap_or_else(|| post_dir.clone());
        (site_root.parent().is_some()).then_some(ImageBase {
            site_root,
            post_dir,
            is_site,
        })
    }
}

/// What an image source in a post turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiteImage {
    /// A file inside the site folder (canonical path).
    Found(PathBuf),
    /// Inside the site folder, but no such file.
    Missing,
    /// Outside the site folder, in `.git`, or not a path at all.
    Refused,
}

/// Resolves a relative image source (`/assets/x.png`, `img/x.png`,
/// `../images/x%20y.png?v=2`): query and fragment dropped, percent-escapes
/// decoded, `..` taken lexically and then links followed; the result must
/// stay inside `base.site_root`.
pub fn resolve(base: &ImageBase, src: &str) -> SiteImage {
    let src = src.trim();
    if src.starts_with("//") || src.starts_with("\\\\") {
        return SiteImage::Refused;
    }
    let path_part = src.split(['?', '#']).next().unwrap_or("");
    let Ok(decoded) = percent_decode_str(path_part).decode_utf8() else {
        return SiteImage::Refused;
    };
    let decoded = without_liquid(&decoded);
    if decoded.is_empty() || decoded.contains('\0') {
        return SiteImage::Refused;
    }
    let (start, rest) = match decoded.strip_prefix('/') {
        Some(rest) => (base.site_root.clone(), rest),
        None => (base.post_dir.clone(), decoded.as_ref()),
    };
    let mut path = start;
    for part in rest.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                if !path.pop() {
                    return SiteImage::Refused;
                }
            }
            ".git" => return SiteImage::Refused,
            part => {
                // A part that is a drive or root on this OS (`C:`) would
                // replace the path when joined.
                if Path::new(part)
                    .components()
                    .any(|c| !matches!(c, Component::Normal(_)))
                {
                    return SiteImage::Refused;
                }
                path.push(part);
            }
        }
    }
    if !path.starts_with(&base.site_root) {
        return SiteImage::Refused;
    }
    match dunce::canonicalize(&path) {
        Ok(real) if real.starts_with(&base.site_root) && real.is_file() => SiteImage::Found(real),
        Ok(_) => SiteImage::Refused,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => SiteImage::Missing,
        Err(_) => SiteImage::Refused,
    }
}

/// A source as Jekyll would give it to the browser, for the Liquid
/// spellings site images use in posts: `{{ site.url }}` and
/// `{{ site.baseurl }}` prefixes dropped (the source is then from the
/// site root), `{{ "/assets/x.png" | relative_url }}` (or `absolute_url`)
/// read as the quoted path. Other text is left as it is.
fn without_liquid(src: &str) -> std::borrow::Cow<'_, str> {
    let tag = |s: &str| -> Option<(String, usize)> {
        let rest = s.strip_prefix("{{")?;
        let end = rest.find("}}")?;
        Some((
            rest[..end].split_whitespace().collect::<Vec<_>>().join(" "),
            end + 4,
        ))
    };
    let mut rest = src;
    let mut stripped = false;
    while let Some((inner, len)) = tag(rest) {
        if matches!(inner.as_str(), "site.url" | "site.baseurl") {
            rest = &rest[len..];
            stripped = true;
            continue;
        }
        if let Some(path) = inner
            .strip_suffix("| relative_url")
            .or_else(|| inner.strip_suffix("| absolute_url"))
        {
            let path = path.trim();
            let quoted = (path.starts_with('"') && path.ends_with('"'))
                || (path.starts_with('\'') && path.ends_with('\''));
            if quoted && path.len() >= 2 && rest.len() == len {
                let inner = &path[1..path.len() - 1];
                return if inner.starts_with('/') {
                    inner.to_string().into()
                } else {
                    format!("/{inner}").into()
                };
            }
        }
        break;
    }
    if !stripped {
        return src.into();
    }
    if rest.starts_with('/') {
        rest.into()
    } else {
        format!("/{rest}").into()
    }
}

/// What JavaScript's `encodeURIComponent` leaves as it is.
pub(super) const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// The URL a custom protocol `scheme` is reached at from the app's webview,
/// by Tauri's `convertFileSrc` rule: `http://<scheme>.localhost/` on
/// Windows (and Android), `<scheme>://localhost/` elsewhere.
pub fn protocol_base(scheme: &str) -> String {
    if cfg!(any(windows, target_os = "android")) {
        format!("http://{scheme}.localhost/")
    } else {
        format!("{scheme}://localhost/")
    }
}

/// The URL the asset protocol serves the file at `path` at: Tauri's
/// `convertFileSrc(path)` (the whole path encoded as one URI component).
pub fn asset_url(path: &Path) -> String {
    format!(
        "{}{}",
        protocol_base("asset"),
        utf8_percent_encode(&path.to_string_lossy(), URI_COMPONENT)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, ImageBase) {
        let dir = tempfile::tempdir().unwrap();
        let root = dunce::canonicalize(dir.path()).unwrap().join("site");
        std::fs::create_dir_all(root.join("assets")).unwrap();
        std::fs::create_dir_all(root.join("_posts/2024")).unwrap();
        std::fs::create_dir_all(root.join("images")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join("_config.yml"), "title: t\n").unwrap();
        std::fs::write(root.join("assets/x y.png"), b"png").unwrap();
        std::fs::write(root.join("_posts/images.png"), b"png").unwrap();
        std::fs::write(root.join(".git/x.png"), b"png").unwrap();
        std::fs::write(dir.path().join("outside.png"), b"png").unwrap();
        let post = root.join("_posts/2024/2024-01-01-a.md");
        std::fs::write(&post, "x").unwrap();
        let base = ImageBase::for_post(&post, &[]).unwrap();
        (dir, base)
    }

    #[test]
    fn the_site_root_is_the_folder_with_config() {
        let (_dir, base) = site();
        assert!(base.site_root.ends_with("site") && base.is_site);
        assert!(base.post_dir.ends_with("site/_posts/2024"));
        // A registered site deeper than the `_config.yml` folder wins.
        let posts = base.site_root.join("_posts");
        let b =
            ImageBase::for_post(&base.post_dir.join("a.md"), std::slice::from_ref(&posts)).unwrap();
        assert_eq!(b.site_root, posts);
        // Outside any site: the post's own folder, not called a site.
        let loose = base.site_root.parent().unwrap().join("loose.md");
        let b = ImageBase::for_post(&loose, &[]).unwrap();
        assert_eq!(b.site_root, base.site_root.parent().unwrap());
        assert!(!b.is_site);
    }

    #[test]
    fn site_relative_and_post_relative_sources_resolve() {
        let (_dir, base) = site();
        let want = base.site_root.join("assets/x y.png");
        assert_eq!(
            resolve(&base, "/assets/x%20y.png?v=2#top"),
            SiteImage::Found(want.clone())
        );
        assert_eq!(
            resolve(&base, "../../assets/x y.png"),
            SiteImage::Found(want)
        );
        assert_eq!(
            resolve(&base, "../images.png"),
            SiteImage::Found(base.site_root.join("_posts/images.png"))
        );
        assert_eq!(resolve(&base, "/assets/none.png"), SiteImage::Missing);
    }

    #[test]
    fn liquid_site_urls_are_read_from_the_site_root() {
        let (_dir, base) = site();
        let want = SiteImage::Found(base.site_root.join("assets/x y.png"));
        for src in [
            "{{ site.baseurl }}/assets/x y.png",
            "{{site.url}}{{ site.baseurl }}/assets/x%20y.png",
            "{{ \"/assets/x y.png\" | relative_url }}",
            "{{ 'assets/x y.png' | absolute_url }}",
        ] {
            assert_eq!(resolve(&base, src), want, "{src}");
        }
        // Other Liquid is not guessed at.
        assert_eq!(
            resolve(&base, "{{ page.image }}"),
            SiteImage::Missing,
            "a relative path named after the tag"
        );
        assert_eq!(
            resolve(&base, "{{ site.baseurl }}/../../outside.png"),
            SiteImage::Refused
        );
    }

    #[test]
    fn sources_leaving_the_site_are_refused() {
        let (_dir, base) = site();
        for src in [
            "../../../outside.png",
            "/../outside.png",
            "../../../../../../../../etc/passwd.png",
            "/.git/x.png",
            "/assets/../.git/x.png",
            "//evil.example/x.png",
            "/assets/%2e%2e/%2e%2e/outside.png",
        ] {
            assert_eq!(resolve(&base, src), SiteImage::Refused, "{src}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_pointing_out_of_the_site_is_refused() {
        let (dir, base) = site();
        std::os::unix::fs::symlink(
            dir.path().join("outside.png"),
            base.site_root.join("assets/link.png"),
        )
        .unwrap();
        assert_eq!(resolve(&base, "/assets/link.png"), SiteImage::Refused);
    }

    #[test]
    fn asset_urls_follow_convert_file_src() {
        let url = asset_url(Path::new("/home/a b/site/x(1).png"));
        if cfg!(windows) {
            assert!(url.starts_with("http://asset.localhost/"), "{url}");
        } else {
            assert_eq!(url, "asset://localhost/%2Fhome%2Fa%20b%2Fsite%2Fx(1).png");
        }
    }
}
