//! Inline formatting: `<strong>`/`<b>` and `<em>`/`<i>` as emphasis,
//! `<del>`/`<s>`/`<strike>` as strikethrough, and a block met inside inline
//! content. Text itself, with its whitespace and escaping, is built by
//! [`Inline`] in `text.rs`; `<br>`, wrappers (`span`, `font`, …) and the
//! inline elements kept as raw HTML (`sup`, `sub`, `u`, `mark`, …) are
//! one-liners in the dispatch in `mod.rs`.
//!
//! Rules: emphasis uses `*`/`**`, never `_`, which cannot open inside a
//! word (CommonMark §6.2). When the emphasised text starts or ends with
//! punctuation, the delimiter run may fail the flanking rules next to CJK
//! text (`**「这里」**来` prints asterisks; commonmark-spec #650), and next
//! to another delimiter run (`**a****b**`) the runs would merge: the element
//! is then written as inline HTML (`<strong>`, `<em>`) instead. Spaces at
//! the edges of the emphasised text go outside the delimiters (a run
//! followed by a space does not open). Strikethrough is `~~` (GFM §6.5).

use super::text::Inline;
use super::{Converter, NodeR};

impl Converter {
    /// The inline Markdown of a node's children, on its own; a `<br>`
    /// before any of its content is written to `out` first (inside the
    /// delimiters it would be lost: a break needs text before it).
    pub(super) fn sub_inline(&mut self, node: NodeR<'_>, out: &mut Inline, depth: usize) -> String {
        let mut sub = Inline::default();
        for c in node.children() {
            self.inline_node(c, &mut sub, depth);
        }
        if sub.leading_break() {
            out.hard_break();
        }
        sub.finish_keep_edges()
    }

    /// `*text*` or `**text**`, or `<em>`/`<strong>` where a delimiter run
    /// might not flank; emphasis inside the same emphasis is dropped.
    pub(super) fn emphasis(
        &mut self,
        node: NodeR<'_>,
        out: &mut Inline,
        depth: usize,
        strong: bool,
    ) {
        let nested = if strong { self.in_strong } else { self.in_em };
        if nested {
            for c in node.children() {
                self.inline_node(c, out, depth);
            }
            return;
        }
        if strong {
            self.in_strong = true;
        } else {
            self.in_em = true;
        }
        let inner = self.sub_inline(node, out, depth);
        if strong {
            self.in_strong = false;
        } else {
            self.in_em = false;
        }
        let (lead, core, trail) = split_space(&inner);
        out.space_if(lead);
        if !core.is_empty() {
            let first = core.chars().next().unwrap_or(' ');
            let last = core.chars().last().unwrap_or(' ');
            // Next to another delimiter run (`**a****b**`) the runs would
            // merge; at punctuation they may not flank: inline HTML then.
            // A no-break space (Unicode whitespace) at an edge fails the
            // flanking rules as a space does (CommonMark §6.2).
            let risky = is_punct(first)
                || is_punct(last)
                || first.is_whitespace()
                || last.is_whitespace()
                || core.contains('\n')
                || out.ends_with('*')
                || core.starts_with('*')
                || core.ends_with('*');
            let (tag, marker) = if strong {
                ("strong", "**")
            } else {
                ("em", "*")
            };
            if risky {
                out.raw(&format!("<{tag}>{core}</{tag}>"));
            } else {
                out.raw(&format!("{marker}{core}{marker}"));
            }
        }
        out.space_if(trail);
    }

    /// `~~text~~` (GFM strikethrough, kramdown's GFM parser too).
    pub(super) fn strikethrough(&mut self, node: NodeR<'_>, out: &mut Inline, depth: usize) {
        let inner = self.sub_inline(node, out, depth);
        let (lead, core, trail) = split_space(&inner);
        out.space_if(lead);
        if !core.is_empty() {
            // `~~` flanks as `*` does (GFM §6.5): at an edge space, inline
            // HTML.
            let edge_space = core.starts_with(char::is_whitespace)
                || core.ends_with(char::is_whitespace)
                || core.contains('\n');
            if edge_space {
                out.raw(&format!("<del>{core}</del>"));
            } else {
                out.raw(&format!("~~{core}~~"));
            }
        }
        out.space_if(trail);
    }

    /// A `<p>` or `<div>` inside inline content (invalid nesting).
    pub(super) fn block_in_inline(&mut self, node: NodeR<'_>, out: &mut Inline, depth: usize) {
        // A block inside inline content (invalid nesting): keep the
        // words, separated as the browser would show them.
        out.hard_break();
        for c in node.children() {
            self.inline_node(c, out, depth);
        }
        out.hard_break();
    }
}

/// Leading space, core, trailing space of inline Markdown.
pub(super) fn split_space(s: &str) -> (bool, &str, bool) {
    let core = s.trim_matches([' ', '\n']);
    (
        core.len() < s.len() && s.starts_with([' ', '\n']),
        core,
        s.ends_with([' ', '\n']) && !core.is_empty() || (core.is_empty() && !s.is_empty()),
    )
}

/// Unicode punctuation and symbols, for the flanking rules (CommonMark
/// counts both P and S categories as punctuation).
fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation()
        || (!c.is_alphanumeric() && !c.is_whitespace() && !c.is_control() && c as u32 > 0x7f)
}
