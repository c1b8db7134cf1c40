//! The pass after sanitising: the sanitised HTML is parsed again (scraper)
//! and written back with site images pointed at the asset protocol (or
//! replaced by a placeholder naming the path) and search terms wrapped in
//! `<mark class="search-hit">` inside text nodes only. Nothing from the
//! post is written unescaped, so no markup can be made from its text.

use std::path::PathBuf;

use ego_tree::NodeRef;
use scraper::{Html, Node};

use super::site_images::{self, ImageBase, SiteImage};
use crate::text;

/// The marker an image's relative `src` carries through the sanitiser to
/// this pass (the sanitiser drops relative URLs; a post's own URLs with
/// this scheme are dropped by it before, as an unknown scheme).
pub(super) const SITE_MARK: &str = "gazette-site:";

/// What the pass did.
#[derive(Debug, Default)]
pub(super) struct Counts {
    pub site_images: u32,
    /// The site image files pointed at, in order (repeats kept).
    pub files: Vec<PathBuf>,
    pub missing_images: u32,
    pub marks: u32,
}

enum Step<'a> {
    Open(NodeRef<'a, Node>),
    Close(&'a str),
}

/// Rewrites `html` (sanitised) as the module docs say; `needles` are
/// folded search terms (see [`text::fold_needles`]).
pub(super) fn rewrite(
    html: &str,
    images: Option<&ImageBase>,
    needles: &[String],
) -> (String, Counts) {
    let doc = Html::parse_fragment(html);
    let mut counts = Counts::default();
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut stack: Vec<Step<'_>> = doc
        .root_element()
        .children()
        .rev()
        .map(Step::Open)
        .collect();
    while let Some(step) = stack.pop() {
        match step {
            Step::Close(name) => {
                out.push_str("</");
                out.push_str(name);
                out.push('>');
            }
            Step::Open(node) => match node.value() {
                Node::Text(t) => mark_text(&mut out, t, needles, &mut counts),
                Node::Comment(_) => {}
                Node::Element(e) => {
                    let name = e.name();
                    if name == "img" {
                        image(&mut out, e, images, &mut counts);
                        continue;
                    }
                    out.push('<');
                    out.push_str(name);
                    for (k, v) in e.attrs() {
                        attribute(&mut out, k, v);
                    }
                    out.push('>');
                    // html5ever drops one newline right after `<pre>`.
                    if matches!(name, "pre" | "textarea" | "listing") {
                        if let Some(Node::Text(t)) = node.first_child().map(|c| c.value()) {
                            if t.starts_with('\n') {
                                out.push('\n');
                            }
                        }
                    }
                    if is_void(name) {
                        continue;
                    }
                    stack.push(Step::Close(name));
                    stack.extend(node.children().rev().map(Step::Open));
                }
                _ => {}
            },
        }
    }
    (out, counts)
}

fn attribute(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    out.push_str(&html_escape::encode_double_quoted_attribute(value));
    out.push('"');
}

/// An image: a site image gets its asset URL or becomes a placeholder;
/// others are written as they came.
fn image(
    out: &mut String,
    e: &scraper::node::Element,
    images: Option<&ImageBase>,
    counts: &mut Counts,
) {
    let site_src = e.attr("src").and_then(|s| s.strip_prefix(SITE_MARK));
    let Some(src) = site_src else {
        out.push_str("<img");
        for (k, v) in e.attrs() {
            attribute(out, k, v);
        }
        out.push('>');
        return;
    };
    let found = match images {
        Some(base) => site_images::resolve(base, src),
        None => SiteImage::Refused,
    };
    match found {
        SiteImage::Found(path) => {
            counts.site_images += 1;
            out.push_str("<img");
            for (k, v) in e.attrs() {
                if k == "src" {
                    attribute(out, k, &site_images::asset_url(&path));
                    counts.files.push(path.clone());
                } else {
                    attribute(out, k, v);
                }
            }
            out.push('>');
        }
        SiteImage::Missing | SiteImage::Refused => {
            counts.missing_images += 1;
            let reason = if found == SiteImage::Missing {
                "missing"
            } else {
                "outside"
            };
            out.push_str("<span class=\"missing-image\" data-reason=\"");
            out.push_str(reason);
            out.push_str("\" data-src=\"");
            out.push_str(&html_escape::encode_double_quoted_attribute(src));
            out.push_str("\">");
            out.push_str(&html_escape::encode_text(src));
            out.push_str("</span>");
        }
    }
}

/// A text node, escaped, with every match of a needle in a mark.
fn mark_text(out: &mut String, t: &str, needles: &[String], counts: &mut Counts) {
    let ranges = text::match_ranges(t, needles);
    if ranges.is_empty() {
        out.push_str(&html_escape::encode_text(t));
        return;
    }
    let chars: Vec<char> = t.chars().collect();
    let mut i = 0;
    for (s, e) in ranges {
        out.push_str(&html_escape::encode_text(
            &chars[i..s].iter().collect::<String>(),
        ));
        out.push_str("<mark class=\"search-hit\">");
        out.push_str(&html_escape::encode_text(
            &chars[s..e].iter().collect::<String>(),
        ));
        out.push_str("</mark>");
        counts.marks += 1;
        i = e;
    }
    out.push_str(&html_escape::encode_text(
        &chars[i..].iter().collect::<String>(),
    ));
}

/// Elements without an end tag.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}
