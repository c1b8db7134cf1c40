//! Rendering a post's body for reading in the app: Markdown to HTML with
//! pulldown-cmark (CommonMark + GFM tables, strikethrough, task lists,
//! footnotes), then every body sanitised with ammonia, then a last pass
//! (`rewrite`) over the sanitised HTML for site images and search marks.
//!
//! Post HTML is untrusted (bodies are scraped from the web): the output has
//! no script, no event handler, no `javascript:` URL, no style, no form and
//! no frame. Relative URLs are dropped so that nothing in a post can point
//! the app's own window elsewhere, except an image's relative `src`, which
//! is looked up in the post's site ([`site_images`]) and served through the
//! app's asset protocol, or replaced by a placeholder naming the path when
//! the file is missing or outside the site. Remote images (`http:`/
//! `https:`; they can track the reader) lose their `src` unless the archive
//! allows them; when allowed, their `src` points at the app's remote-image
//! protocol ([`REMOTE_SCHEME`]), since the webview's own policy admits no
//! remote image.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use pulldown_cmark::{html, Options, Parser};

use crate::format::Format;

mod rewrite;
pub mod site_images;

pub use site_images::ImageBase;

/// The custom protocol the desktop app fetches allowed remote images
/// through (`gazette-remote://localhost/?url=<encoded URL>`; on Windows
/// `http://gazette-remote.localhost/?url=…`).
pub const REMOTE_SCHEME: &str = "gazette-remote";

/// The URL of the remote image `url` through [`REMOTE_SCHEME`] (`url`
/// encoded as JavaScript's `encodeURIComponent` does, so its host stays
/// readable).
pub fn remote_image_url(url: &str) -> String {
    format!(
        "{}?url={}",
        site_images::protocol_base(REMOTE_SCHEME),
        percent_encoding::utf8_percent_encode(url, site_images::URI_COMPONENT)
    )
}

/// The sanitiser's settings (built per render: its image filter counts
/// remote images for that body).
fn sanitizer() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    // Relative URLs reach the attribute filter (which keeps only an
    // image's, marked) and are dropped after it: as `UrlRelative::Deny`,
    // which would drop them before the filter sees them.
    b.url_relative(ammonia::UrlRelative::Custom(Box::new(drop_relative)))
        .link_rel(Some("noopener noreferrer nofollow"))
        .add_generic_attributes(["title"]);
    b
}

fn drop_relative(_: &str) -> Option<std::borrow::Cow<'_, str>> {
    None
}

fn is_relative(url: &str) -> bool {
    matches!(
        ammonia::Url::parse(url),
        Err(ammonia::url::ParseError::RelativeUrlWithoutBase)
    )
}

/// How to render a body.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions<'a> {
    /// Remote images keep their source (through [`REMOTE_SCHEME`]).
    pub allow_remote_images: bool,
    /// Where site images are looked for; `None`: every relative image
    /// source becomes a placeholder.
    pub images: Option<&'a ImageBase>,
    /// Search terms to mark (as the search's highlight terms: case- and
    /// width-insensitive substrings; see [`crate::text::match_ranges`]).
    pub highlight: &'a [String],
}

/// A body rendered for reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Sanitised HTML.
    pub html: String,
    /// Remote images (`http:`/`https:` sources) in the body; when they are
    /// not allowed, their `src` was removed (the `alt` text stays).
    pub remote_images: u32,
    /// Images found in the post's site (served by the asset protocol).
    pub site_images: u32,
    /// The files those images are (canonical paths, sorted, each once):
    /// what an asset protocol must serve for this body.
    pub image_files: Vec<std::path::PathBuf>,
    /// Relative image sources shown as a placeholder
    /// (`<span class="missing-image" data-reason="missing|outside">`).
    pub missing_images: u32,
    /// Search matches marked (`<mark class="search-hit">`, in order).
    pub marks: u32,
}

/// Renders a body to sanitised HTML with remote images blocked (see
/// [`render`]).
pub fn body_html(format: Format, body: &str) -> String {
    render(format, body, false).html
}

/// Renders a body to sanitised HTML with no site images and no marks (see
/// [`render_with`]).
pub fn render(format: Format, body: &str, allow_remote_images: bool) -> Rendered {
    render_with(
        format,
        body,
        &RenderOptions {
            allow_remote_images,
            ..RenderOptions::default()
        },
    )
}

/// Renders a body to sanitised HTML. Markdown is converted first (raw HTML
/// inside Markdown passes to the sanitiser, as in Jekyll's kramdown); HTML
/// is sanitised as it is; Textile and text are shown preformatted. A body
/// nested too deeply to parse in bounded time (see
/// [`crate::convert::too_deep`]) is shown as preformatted text. Remote
/// images keep their source only when allowed; site images and marks as
/// [`RenderOptions`] says.
pub fn render_with(format: Format, body: &str, options: &RenderOptions<'_>) -> Rendered {
    if crate::convert::too_deep(body) {
        return Rendered {
            html: format!(
                "<p><em>This post's HTML is nested too deeply to display; its text follows.</em></p><pre>{}</pre>",
                ammonia::clean_text(body)
            ),
            remote_images: 0,
            site_images: 0,
            image_files: Vec::new(),
            missing_images: 0,
            marks: 0,
        };
    }
    let html = match format {
        Format::Markdown => {
            let options = Options::ENABLE_TABLES
                | Options::ENABLE_STRIKETHROUGH
                | Options::ENABLE_TASKLISTS
                | Options::ENABLE_FOOTNOTES;
            let mut out = String::with_capacity(body.len() * 3 / 2);
            html::push_html(&mut out, Parser::new_ext(body, options));
            out
        }
        Format::Html => body.to_string(),
        Format::Textile | Format::Text => {
            format!("<pre>{}</pre>", ammonia::clean_text(body))
        }
    };
    let remote = Arc::new(AtomicU32::new(0));
    let site = Arc::new(AtomicU32::new(0));
    let (remote_count, site_count) = (remote.clone(), site.clone());
    let allow_remote = options.allow_remote_images;
    let mut sanitizer = sanitizer();
    sanitizer.attribute_filter(move |element, attribute, value| {
        let is_url = matches!(attribute, "src" | "href" | "cite" | "longdesc");
        let is_img_src = element == "img" && attribute == "src";
        // A protocol-relative image (`//host/x.png`) is a remote one, read
        // as `https:`.
        if is_img_src && value.starts_with("//") {
            remote_count.fetch_add(1, Ordering::Relaxed);
            return allow_remote.then(|| remote_image_url(&format!("https:{value}")).into());
        }
        if is_url && is_relative(value) {
            // Only an image's relative source stays (marked for the
            // rewrite pass); other relative URLs go, as before.
            if is_img_src && !value.trim().is_empty() {
                site_count.fetch_add(1, Ordering::Relaxed);
                return Some(format!("{}{value}", rewrite::SITE_MARK).into());
            }
            return None;
        }
        let is_remote = is_img_src
            && (value
                .get(..5)
                .is_some_and(|s| s.eq_ignore_ascii_case("http:"))
                || value
                    .get(..6)
                    .is_some_and(|s| s.eq_ignore_ascii_case("https:")));
        if !is_remote {
            return Some(value.into());
        }
        remote_count.fetch_add(1, Ordering::Relaxed);
        allow_remote.then(|| remote_image_url(value).into())
    });
    let html = sanitizer.clean(&html).to_string();
    let needles = crate::text::fold_needles(options.highlight);
    let (html, mut counts) = if site.load(Ordering::Relaxed) > 0 || !needles.is_empty() {
        rewrite::rewrite(&html, options.images, &needles)
    } else {
        (html, Default::default())
    };
    counts.files.sort();
    counts.files.dedup();
    Rendered {
        html,
        remote_images: remote.load(Ordering::Relaxed),
        site_images: counts.site_images,
        image_files: counts.files,
        missing_images: counts.missing_images,
        marks: counts.marks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_images_are_blocked_unless_allowed() {
        let body = "<p><img src=\"https://tracker.example/p.gif\" alt=\"pixel\">\
            <img src=\"HTTP://x.example/a.png\"><img src=\"data:image/png;base64,AAAA\"></p>";
        let blocked = render(Format::Html, body, false);
        assert_eq!(blocked.remote_images, 2);
        assert!(
            !blocked.html.contains("tracker.example"),
            "{}",
            blocked.html
        );
        assert!(!blocked.html.to_lowercase().contains("x.example"));
        assert!(blocked.html.contains("alt=\"pixel\""));
        // ammonia keeps only http(s), mailto… URL schemes: no data: either.
        assert!(!blocked.html.contains("data:"));
        let allowed = render(
            Format::Markdown,
            "![p](https://tracker.example/p.gif)",
            true,
        );
        assert_eq!(allowed.remote_images, 1);
        let relative = render(Format::Html, "<img src=\"//cdn.example/a.png\">", true);
        assert_eq!(relative.remote_images, 1);
        assert!(relative
            .html
            .contains(&remote_image_url("https://cdn.example/a.png")));
        let blocked = render(Format::Html, "<img src=\"//cdn.example/a.png\">", false);
        assert_eq!((blocked.remote_images, blocked.missing_images), (1, 0));
        assert!(!blocked.html.contains("cdn.example"));
        assert!(
            allowed.html.contains(&format!(
                "src=\"{}\"",
                remote_image_url("https://tracker.example/p.gif")
            )),
            "{}",
            allowed.html
        );
        assert!(allowed.html.contains("gazette-remote"));
    }

    fn site_post() -> (tempfile::TempDir, ImageBase) {
        let dir = tempfile::tempdir().unwrap();
        let root = dunce::canonicalize(dir.path()).unwrap().join("site");
        std::fs::create_dir_all(root.join("assets")).unwrap();
        std::fs::create_dir_all(root.join("_posts")).unwrap();
        std::fs::write(root.join("_config.yml"), "title: t\n").unwrap();
        std::fs::write(root.join("assets/x.png"), b"png").unwrap();
        std::fs::write(dir.path().join("secret.png"), b"png").unwrap();
        let post = root.join("_posts/2024-01-01-a.md");
        std::fs::write(&post, "x").unwrap();
        let base = ImageBase::for_post(&post, &[]).unwrap();
        (dir, base)
    }

    #[test]
    fn site_images_get_asset_urls_and_missing_ones_a_placeholder() {
        let (_dir, base) = site_post();
        let body = "![x](/assets/x.png) ![m](../assets/none.png) ![o](../../secret.png)\n\n\
            <img src=\"/assets/x.png\" alt=\"again\"> [rel](../other.html)";
        let out = render_with(
            Format::Markdown,
            body,
            &RenderOptions {
                images: Some(&base),
                ..RenderOptions::default()
            },
        );
        let url = site_images::asset_url(&base.site_root.join("assets/x.png"));
        assert_eq!(
            out.html.matches(&format!("src=\"{url}\"")).count(),
            2,
            "{}",
            out.html
        );
        assert_eq!((out.site_images, out.missing_images), (2, 2));
        assert_eq!(out.image_files, vec![base.site_root.join("assets/x.png")]);
        assert!(out.html.contains(
            "<span class=\"missing-image\" data-reason=\"missing\" data-src=\"../assets/none.png\">../assets/none.png</span>"
        ), "{}", out.html);
        assert!(out.html.contains("data-reason=\"outside\""));
        assert!(!out.html.contains("%2Fsecret.png"), "{}", out.html);
        // Relative links are still dropped; nothing says gazette-site.
        assert!(!out.html.contains("other.html") && !out.html.contains("gazette-site"));
        // Without a base every relative image is a placeholder.
        let none = render_with(
            Format::Markdown,
            "![x](/assets/x.png)",
            &RenderOptions::default(),
        );
        assert_eq!(none.missing_images, 1);
        assert!(!none.html.contains("<img"));
    }

    #[test]
    fn a_post_cannot_write_the_internal_marker_or_asset_urls() {
        let (_dir, base) = site_post();
        let body = "<img src=\"gazette-site:/assets/x.png\"><img src=\"asset://localhost/%2Fetc%2Fpasswd\">\
            <img src=\"gazette-remote://localhost/?url=http%3A%2F%2Fx\">";
        let out = render_with(
            Format::Html,
            body,
            &RenderOptions {
                images: Some(&base),
                allow_remote_images: true,
                ..RenderOptions::default()
            },
        );
        assert_eq!(out.site_images, 0);
        assert!(!out.html.contains("src="), "{}", out.html);
    }

    #[test]
    fn search_terms_are_marked_in_text_only() {
        let body = "<p title=\"ruby\">Ruby and <b>ruby</b>, 赣州 in 周末去了赣州。<a href=\"https://ruby.example/\">link</a></p>\
            <pre>\n\nruby &lt;script&gt;</pre>";
        let out = render_with(
            Format::Html,
            body,
            &RenderOptions {
                highlight: &["RUBY".to_string(), "赣州".to_string()],
                ..RenderOptions::default()
            },
        );
        assert_eq!(out.marks, 5, "{}", out.html);
        assert_eq!(out.html.matches("<mark class=\"search-hit\">").count(), 5);
        assert!(
            out.html.contains("title=\"ruby\""),
            "attributes untouched: {}",
            out.html
        );
        assert!(out.html.contains("href=\"https://ruby.example/\""));
        assert!(out.html.contains("<mark class=\"search-hit\">Ruby</mark> and <b><mark class=\"search-hit\">ruby</mark></b>"));
        // Escaped text stays escaped; a <pre>'s leading newline survives (below).
        assert!(
            out.html
                .contains("<mark class=\"search-hit\">ruby</mark> &lt;script&gt;</pre>"),
            "{}",
            out.html
        );
        // Parsing it again gives the same text as without marks.
        let plain = render(Format::Html, body, false).html;
        let text = |h: &str| {
            scraper::Html::parse_fragment(h)
                .root_element()
                .text()
                .collect::<String>()
        };
        assert_eq!(text(&out.html), text(&plain));
    }

    #[test]
    fn deep_nesting_renders_in_bounded_time() {
        let body = "<div>".repeat(100_000) + "x" + &"</div>".repeat(100_000);
        let start = std::time::Instant::now();
        let out = body_html(Format::Html, &body);
        assert!(out.starts_with("<p><em>"));
        assert!(start.elapsed().as_secs() < 10);
    }

    #[test]
    fn scripts_handlers_and_javascript_urls_are_removed() {
        let body = "<p onclick=\"x()\">hi<script>alert(1)</script>\
            <a href=\"javascript:alert(1)\">a</a><img src=x onerror=alert(1)>\
            <iframe src=\"https://e.com\"></iframe></p>\n\n[m](javascript:alert(2))";
        for format in [Format::Html, Format::Markdown] {
            let out = body_html(format, body);
            for bad in [
                "<script",
                "onclick",
                "onerror",
                "href=\"javascript:",
                "<iframe",
                "alert(1)",
            ] {
                assert!(!out.contains(bad), "{format:?}: {bad} in {out}");
            }
            assert!(out.contains("hi"));
        }
    }

    #[test]
    fn markdown_renders() {
        let out = body_html(
            Format::Markdown,
            "# T\n\n**b** and <b>c</b>\n\n|a|b|\n|-|-|\n|1|2|\n",
        );
        assert!(
            out.contains("<h1>T</h1>")
                && out.contains("<strong>b</strong>")
                && out.contains("<table>"),
            "{out}"
        );
    }
}
