//! Links and images: `<a href>` becomes `[text](dest "title")` or an
//! autolink, `<img>` becomes `![alt](src "title")`.
//!
//! Rules: a link whose text is its `http(s):`/`mailto:` URL is written as an
//! autolink `<…>` (CommonMark §6.5, and GFM autolinks); a destination with
//! spaces or angle brackets goes in `<…>`, unbalanced parentheses are
//! escaped (CommonMark §6.3 link destinations); titles escape `\` and `"`.
//! Links do not nest (CommonMark §6.3: a link may not contain another), so
//! an inner one keeps only its text. An image's source falls back to a
//! lazy-load attribute (`data-src`, …) when `src` is a placeholder. A link
//! around blocks (a card) is kept as raw HTML by the dispatch in `mod.rs`.

use super::inline::split_space;
use super::text::Inline;
use super::{attr, serialize, Converter, NodeR};

impl Converter {
    /// `[text](dest "title")`, or an autolink `<href>` when the text is the
    /// URL itself; a link inside a link, or without `href`, keeps only its
    /// text.
    pub(super) fn link(&mut self, node: NodeR<'_>, out: &mut Inline, depth: usize) {
        let href = attr(&node, "href").map(str::trim).filter(|h| !h.is_empty());
        if self.in_link || href.is_none() {
            for c in node.children() {
                self.inline_node(c, out, depth);
            }
            return;
        }
        let href = href.unwrap_or_default();
        self.in_link = true;
        let inner = self.sub_inline(node, out, depth);
        self.in_link = false;
        let (lead, core, trail) = split_space(&inner);
        out.space_if(lead);
        let plain = serialize::text_content(node);
        let autolink = plain.trim() == href
            && (href.starts_with("http://")
                || href.starts_with("https://")
                || href.starts_with("mailto:"))
            && !href.contains([' ', '<', '>', '\n']);
        if autolink {
            out.raw(&format!("<{href}>"));
        } else {
            let title = attr(&node, "title")
                .filter(|t| !t.is_empty())
                .map(|t| format!(" \"{}\"", t.replace('\\', "\\\\").replace('"', "\\\"")))
                .unwrap_or_default();
            out.raw(&format!(
                "[{}]({}{title})",
                core.replace("  \n", " "),
                url_dest(href)
            ));
        }
        out.space_if(trail);
    }
}

/// A link destination: `<…>` when it has spaces, else with unbalanced
/// parentheses escaped.
fn url_dest(href: &str) -> String {
    if href.contains([' ', '\t', '\n', '<', '>']) || href.is_empty() {
        return format!(
            "<{}>",
            href.replace('<', "%3C")
                .replace('>', "%3E")
                .replace('\n', "%0A")
        );
    }
    let mut depth = 0i32;
    let balanced = href.chars().all(|c| {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        depth >= 0
    }) && depth == 0;
    if balanced {
        href.to_string()
    } else {
        href.replace('(', "\\(").replace(')', "\\)")
    }
}

/// `![alt](src "title")`, the source taken from `src`, or from a lazy-load
/// attribute when `src` is missing or a placeholder.
pub(super) fn image(node: NodeR<'_>) -> Option<String> {
    let src = attr(&node, "src").map(str::trim).filter(|s| {
        !s.is_empty()
            && !s.starts_with("data:image/gif")
            && !s.contains("blank.gif")
            && !s.contains("placeholder")
    });
    let lazy = [
        "data-src",
        "data-original",
        "data-lazy-src",
        "data-actualsrc",
    ]
    .iter()
    .find_map(|a| attr(&node, a).map(str::trim).filter(|s| !s.is_empty()));
    let src = src
        .or(lazy)
        .or_else(|| attr(&node, "src").filter(|s| !s.trim().is_empty()))?;
    let alt = attr(&node, "alt")
        .unwrap_or("")
        .replace('\\', "\\\\")
        .replace('[', "\\[")
        .replace(']', "\\]")
        .replace('\n', " ");
    let title = attr(&node, "title")
        .filter(|t| !t.is_empty())
        .map(|t| format!(" \"{}\"", t.replace('\\', "\\\\").replace('"', "\\\"")))
        .unwrap_or_default();
    Some(format!("![{alt}]({}{title})", url_dest(src)))
}
