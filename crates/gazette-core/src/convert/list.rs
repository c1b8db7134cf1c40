//! Lists: `<ul>`, `<ol>` and their `<li>` items (a stray `<li>` outside a
//! list becomes a one-item list).
//!
//! Rules: bullets are `-`, ordered items `1.` counting up from the list's
//! `start`; an item's later lines are indented to the column of its first
//! content, which is where CommonMark (§5.2 list items) and kramdown look
//! for a continuation. A list is loose (items separated by blank lines,
//! CommonMark §5.3) when an item holds a `<p>` or more than one block other
//! than a nested list. An empty item is written `- <!-- -->`: a bare `-`
//! under a line of text would be a setext heading underline in kramdown.
//! A list with a list directly inside it (no `<li>` around the inner one)
//! has no Markdown form (`- - x` is an item holding a list, CommonMark
//! §5.2, kramdown too) and is kept as raw HTML.

use scraper::Node;

use super::text::Inline;
use super::{attr, element_name, flush, serialize, Converter, NodeR};

impl Converter {
    /// A `<ul>` or `<ol>` as a Markdown list (`start` kept for `<ol>`).
    pub(super) fn list(&mut self, node: NodeR<'_>, ordered: bool, depth: usize) -> String {
        let items: Vec<NodeR<'_>> = node
            .children()
            .filter(|c| match c.value() {
                Node::Text(t) => !t.trim().is_empty(),
                Node::Element(_) => true,
                _ => false,
            })
            .collect();
        // A list directly inside a list (`<ul><ul><li>`, no item around
        // it) has no Markdown form: `- - x` is an item holding a list.
        if items
            .iter()
            .any(|i| matches!(element_name(i), Some("ul" | "ol")))
        {
            self.warn("list kept as HTML");
            return serialize::raw_block(node);
        }
        let start = attr(&node, "start")
            .and_then(|s| s.trim().parse::<u64>().ok())
            .unwrap_or(1);
        self.list_items(&items, ordered, start, depth)
    }

    /// Items as a list: `-` or `n.` markers, continuation lines indented to
    /// the item's content; loose (blank lines between items) when an item
    /// holds paragraphs or more than one block.
    pub(super) fn list_items(
        &mut self,
        items: &[NodeR<'_>],
        ordered: bool,
        start: u64,
        depth: usize,
    ) -> String {
        let mut rendered = Vec::new();
        let mut loose = false;
        for item in items {
            let blocks = if element_name(item) == Some("li") {
                self.blocks(*item, depth)
            } else {
                let mut inline = Inline::default();
                let mut out = Vec::new();
                self.block_child(*item, depth, &mut out, &mut inline);
                flush(&mut inline, &mut out);
                out
            };
            let has_p = item.children().any(|c| element_name(&c) == Some("p"));
            let simple = blocks.len() <= 1
                || (blocks.len() == 2
                    && blocks[1].starts_with(['-', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
                    && !has_p);
            if has_p || !simple {
                loose = true;
            }
            rendered.push(blocks);
        }
        let sep = if loose { "\n\n" } else { "\n" };
        let mut out = Vec::new();
        for (i, blocks) in rendered.into_iter().enumerate() {
            let marker = if ordered {
                format!("{}.", start + i as u64)
            } else {
                "-".to_string()
            };
            let indent = " ".repeat(marker.len() + 1);
            let body = blocks.join(sep);
            let mut text = String::new();
            for (n, line) in body.split('\n').enumerate() {
                if n == 0 {
                    text.push_str(&marker);
                    text.push(' ');
                    // An empty item: a bare `-` under a line of text would
                    // be a setext heading underline in kramdown.
                    text.push_str(if line.is_empty() { "<!-- -->" } else { line });
                } else {
                    text.push('\n');
                    if !line.is_empty() {
                        text.push_str(&indent);
                        text.push_str(line);
                    }
                }
            }
            out.push(text);
        }
        out.join(sep)
    }
}
