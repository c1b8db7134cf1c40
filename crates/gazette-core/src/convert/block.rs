//! Blocks: paragraphs (`<p>`, and `<dt>`, `<dd>`, `<figcaption>`,
//! `<address>` read as paragraphs), ATX headings (`<h1>`…`<h6>`) and block
//! quotes. Containers (`div`, `section`, `article`, `figure`, `dl`, …) are
//! unwrapped to their blocks, `<hr>` is written `* * *`, comments and the
//! elements without a Markdown form (`iframe`, `video`, `details`, unknown
//! tags) are kept as raw HTML blocks: those are one-liners in the dispatch
//! in `mod.rs`.
//!
//! Rules: a heading is one line, `#` times its level then the text
//! (CommonMark §4.2 ATX headings, kramdown alike); its hard breaks and
//! newlines become spaces, and a final `#` is escaped so it is not read as
//! the closing sequence. A block quote prefixes every line with `> ` and a
//! blank line with `>` (CommonMark §5.1), so the quote stays one block.
//! Paragraph text is escaped at line starts where it would become syntax
//! (see `text.rs`); lines are never wrapped. A paragraph holding, after its
//! start, an element kramdown reads only as a block (`iframe`, `form`,
//! `fieldset`, `map`: kramdown's `HTML_BLOCK_ELEMENTS`, printed as text in
//! span-level content) is kept as a raw HTML `<p>` block.

use super::text::Inline;
use super::{element_name, flush, serialize, Converter, NodeR};

/// The first element in `node` that kramdown reads only at the start of a
/// block (its `HTML_BLOCK_ELEMENTS` that the converter keeps as raw HTML;
/// in span-level text kramdown prints them as text, `parser/kramdown/html.rb`
/// `parse_span_html`).
fn block_only_inside<'a>(node: NodeR<'a>) -> Option<&'a str> {
    node.descendants()
        .skip(1)
        .filter_map(|d| element_name(&d))
        .find(|n| matches!(*n, "iframe" | "form" | "fieldset" | "map" | "applet"))
}

impl Converter {
    /// A paragraph of the node's inline content, if it has any.
    pub(super) fn paragraph(&mut self, node: NodeR<'_>, depth: usize, out: &mut Vec<String>) {
        let mut para = Inline::default();
        for c in node.children() {
            self.inline_node(c, &mut para, depth);
        }
        // An element kramdown reads only as a block (`<iframe>`, `<form>`)
        // inside the paragraph's text, or inside a link, is printed by it
        // as text: the paragraph stays HTML, which both renderers pass on.
        if let Some(name) = block_only_inside(node) {
            let text = std::mem::take(&mut para).finish();
            if !text.starts_with(&format!("<{name}")) {
                out.push(serialize::raw_block(node));
                return;
            }
            para.raw(&text);
        }
        // A <p> holding blocks (invalid HTML that parsers keep):
        // fall back to block conversion of its children.
        flush(&mut para, out);
    }

    /// An ATX heading (`name` is `h1`…`h6`), if the heading has text.
    pub(super) fn heading(
        &mut self,
        node: NodeR<'_>,
        name: &str,
        depth: usize,
        out: &mut Vec<String>,
    ) {
        let level = name[1..].parse::<usize>().unwrap_or(1);
        let mut h = Inline::default();
        for c in node.children() {
            self.inline_node(c, &mut h, depth);
        }
        let text = h.finish().replace("  \n", " ").replace('\n', " ");
        let text = text.trim();
        if !text.is_empty() {
            let text = match text.strip_suffix('#') {
                Some(rest) => format!("{rest}\\#"),
                None => text.to_string(),
            };
            out.push(format!("{} {}", "#".repeat(level), text));
        }
    }

    /// A block quote of the node's blocks, if they are not empty.
    pub(super) fn blockquote(&mut self, node: NodeR<'_>, depth: usize, out: &mut Vec<String>) {
        let inner = self.blocks(node, depth).join("\n\n");
        if !inner.trim().is_empty() {
            out.push(
                inner
                    .lines()
                    .map(|l| {
                        if l.is_empty() {
                            ">".to_string()
                        } else {
                            format!("> {l}")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
        }
    }
}
