//! Rendering a post's body for reading in the app: Markdown to HTML with
//! pulldown-cmark (CommonMark + GFM tables, strikethrough, task lists,
//! footnotes), then every body sanitised with ammonia.
//!
//! Post HTML is untrusted (bodies are scraped from the web): the output has
//! no script, no event handler, no `javascript:` URL, no style, no form and
//! no frame. Relative URLs are dropped so that nothing in a post can point
//! the app's own window elsewhere.

use std::sync::LazyLock;

use pulldown_cmark::{html, Options, Parser};

use crate::post::Format;

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.url_relative(ammonia::UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer nofollow"))
        .add_generic_attributes(["title"]);
    b
});

/// Renders a body to sanitised HTML. Markdown is converted first (raw HTML
/// inside Markdown passes to the sanitiser, as in Jekyll's kramdown); HTML
/// is sanitised as it is; Textile and text are shown preformatted. A body
/// nested too deeply to parse in bounded time (see
/// [`crate::convert::too_deep`]) is shown as preformatted text.
pub fn body_html(format: Format, body: &str) -> String {
    if crate::convert::too_deep(body) {
        return format!(
            "<p><em>This post's HTML is nested too deeply to display; its text follows.</em></p><pre>{}</pre>",
            ammonia::clean_text(body)
        );
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
    SANITIZER.clean(&html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

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
