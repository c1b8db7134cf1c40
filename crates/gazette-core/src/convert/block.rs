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
//! (see `text.rs`); lines are never wrapped.

use super::text::Inline;
use super::{flush, Converter, NodeR};

impl Converter {
    /// A paragraph of the node's inline content, if it has any.
    pub(super) fn paragraph(&mut self, node: NodeR<'_>, depth: usize, out: &mut Vec<String>) {
        let mut para = Inline::default();
        for c in node.children() {
            self.inline_node(c, &mut para, depth);
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
