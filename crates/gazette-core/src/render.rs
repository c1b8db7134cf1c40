//! Rendering a post's body for reading in the app: Markdown to HTML with
//! pulldown-cmark (CommonMark + GFM tables, strikethrough, task lists,
//! footnotes), then every body sanitised with ammonia.
//!
//! Post HTML is untrusted (bodies are scraped from the web): the output has
//! no script, no event handler, no `javascript:` URL, no style, no form and
//! no frame. Relative URLs are dropped so that nothing in a post can point
//! the app's own window elsewhere. Remote images (`http:`/`https:`; they can
//! track the reader) lose their `src` unless the archive allows them.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use pulldown_cmark::{html, Options, Parser};

use crate::format::Format;

/// The sanitiser's settings (built per render: its image filter counts
/// remote images for that body).
fn sanitizer() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.url_relative(ammonia::UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer nofollow"))
        .add_generic_attributes(["title"]);
    b
}

/// A body rendered for reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Sanitised HTML.
    pub html: String,
    /// Remote images (`http:`/`https:` sources) in the body; when they are
    /// not allowed, their `src` was removed (the `alt` text stays).
    pub remote_images: u32,
}

/// Renders a body to sanitised HTML with remote images blocked (see
/// [`render`]).
pub fn body_html(format: Format, body: &str) -> String {
    render(format, body, false).html
}

/// Renders a body to sanitised HTML. Markdown is converted first (raw HTML
/// inside Markdown passes to the sanitiser, as in Jekyll's kramdown); HTML
/// is sanitised as it is; Textile and text are shown preformatted. A body
/// nested too deeply to parse in bounded time (see
/// [`crate::convert::too_deep`]) is shown as preformatted text. Remote
/// images keep their source only when `allow_remote_images`.
pub fn render(format: Format, body: &str, allow_remote_images: bool) -> Rendered {
    if crate::convert::too_deep(body) {
        return Rendered {
            html: format!(
                "<p><em>This post's HTML is nested too deeply to display; its text follows.</em></p><pre>{}</pre>",
                ammonia::clean_text(body)
            ),
            remote_images: 0,
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
    let counter = remote.clone();
    let mut sanitizer = sanitizer();
    sanitizer.attribute_filter(move |element, attribute, value| {
        let is_remote = element == "img"
            && attribute == "src"
            && (value
                .get(..5)
                .is_some_and(|s| s.eq_ignore_ascii_case("http:"))
                || value
                    .get(..6)
                    .is_some_and(|s| s.eq_ignore_ascii_case("https:")));
        if !is_remote {
            return Some(value.into());
        }
        counter.fetch_add(1, Ordering::Relaxed);
        allow_remote_images.then(|| value.into())
    });
    let html = sanitizer.clean(&html).to_string();
    Rendered {
        html,
        remote_images: remote.load(Ordering::Relaxed),
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
        assert!(allowed
            .html
            .contains("src=\"https://tracker.example/p.gif\""));
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
