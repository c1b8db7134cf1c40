//! Tables: `<table>` becomes a GFM pipe table when every cell holds only
//! inline content, else it is kept as raw HTML with a warning.
//!
//! Rules: a pipe table (GFM spec §4.10, read the same by kramdown) has one
//! header row (the `<thead>` row, else the first) and one line per row, so
//! a table with a caption or column groups, spanned cells
//! (`rowspan`/`colspan`), several paragraphs in a cell or block content in
//! a cell (lists, code blocks, headings, raw HTML other than `sup`, `sub`,
//! `u`, `mark`, `small`) stays HTML. A hard break in a cell is written
//! `<br>`; every `|` in a cell is escaped, including in code spans and raw
//! HTML, since GFM splits the cells before it reads inlines.

use super::text::Inline;
use super::{attr, element_name, is_raw, serialize, Converter, NodeR};

impl Converter {
    /// A GFM pipe table, or the table as raw HTML (with a warning) when
    /// it has no such form.
    pub(super) fn table(&mut self, node: NodeR<'_>, depth: usize) -> String {
        let mut rows: Vec<(bool, Vec<NodeR<'_>>)> = Vec::new();
        let mut todo: Vec<(NodeR<'_>, bool)> = node.children().rev().map(|c| (c, false)).collect();
        let mut simple = true;
        while let Some((n, in_head)) = todo.pop() {
            match element_name(&n) {
                Some("thead") => todo.extend(n.children().rev().map(|c| (c, true))),
                Some("tbody" | "tfoot") => todo.extend(n.children().rev().map(|c| (c, false))),
                Some("tr") => {
                    let cells: Vec<_> = n
                        .children()
                        .filter(|c| matches!(element_name(c), Some("td" | "th")))
                        .collect();
                    rows.push((in_head, cells));
                }
                Some("caption" | "colgroup" | "col") => simple = false,
                Some(_) => simple = false,
                None => {}
            }
        }
        let block_inside = |cell: &NodeR<'_>| {
            cell.descendants().skip(1).any(|d| {
                element_name(&d).is_some_and(|n| {
                    matches!(
                        n,
                        "ul" | "ol"
                            | "table"
                            | "pre"
                            | "blockquote"
                            | "h1"
                            | "h2"
                            | "h3"
                            | "h4"
                            | "h5"
                            | "h6"
                            | "hr"
                    ) || is_raw(n) && !matches!(n, "sup" | "sub" | "u" | "mark" | "small")
                })
            }) || cell
                .children()
                .filter(|c| matches!(element_name(c), Some("p" | "div")))
                .count()
                > 1
                || attr(cell, "rowspan").is_some_and(|v| v.trim() != "1")
                || attr(cell, "colspan").is_some_and(|v| v.trim() != "1")
        };
        if rows.is_empty()
            || !simple
            || rows.iter().any(|(_, cells)| cells.iter().any(block_inside))
        {
            self.warn("table kept as HTML");
            return serialize::raw_block(node);
        }
        let width = rows.iter().map(|(_, c)| c.len()).max().unwrap_or(0).max(1);
        let header_at = rows.iter().position(|(h, _)| *h).unwrap_or(0);
        let header = rows.remove(header_at);
        let mut lines = Vec::new();
        let render_row = |conv: &mut Converter, cells: &[NodeR<'_>]| {
            let mut texts: Vec<String> = cells
                .iter()
                .map(|c| {
                    let mut inline = Inline::default();
                    for ch in c.children() {
                        conv.inline_node(ch, &mut inline, depth + 1);
                    }
                    let cell = inline.finish().replace("  \n", "<br>").replace('\n', " ");
                    // Text escapes its pipes already; code spans and raw
                    // HTML in a cell need it too (GFM splits cells first).
                    pipes_escaped(&cell)
                })
                .collect();
            texts.resize(width, String::new());
            format!("| {} |", texts.join(" | "))
        };
        lines.push(render_row(self, &header.1));
        lines.push(format!("|{}", " --- |".repeat(width)));
        for (_, cells) in &rows {
            lines.push(render_row(self, cells));
        }
        lines.join("\n")
    }
}

/// `|` not already escaped gets a backslash.
fn pipes_escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev = ' ';
    for c in s.chars() {
        if c == '|' && prev != '\\' {
            out.push('\\');
        }
        out.push(c);
        prev = c;
    }
    out
}
