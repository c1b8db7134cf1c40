//! Code: `<pre>` becomes a fenced code block, `<code>`, `<kbd>`, `<tt>` and
//! `<samp>` inline code spans.
//!
//! Rules: a fence or a span is one backtick longer than the longest run of
//! backticks it holds (CommonMark §4.5 fenced code blocks, §6.1 code spans);
//! a span whose text holds a backtick, or starts or ends with a space, is
//! padded with one space each side and has two backticks at least: both
//! CommonMark and kramdown (`parser/kramdown/codespan.rb`) then strip
//! exactly the padding, and kramdown does not read a lone backtick before
//! a space as literal.
//! Nothing inside code is escaped.

use super::{attr, element_name, serialize, NodeR};

/// A fenced code block for a `<pre>`: the fence one backtick longer than
/// the longest run inside (at least three, CommonMark §4.5), the language
/// from a `language-`/`lang-` class on the `<pre>` or its `<code>`.
pub(super) fn code_block(pre: NodeR<'_>) -> String {
    let text = serialize::pre_text(pre);
    let language = std::iter::once(pre)
        .chain(pre.children().filter(|c| element_name(c) == Some("code")))
        .filter_map(|n| attr(&n, "class"))
        .flat_map(|c| c.split_whitespace())
        .find_map(|c| {
            c.strip_prefix("language-")
                .or_else(|| c.strip_prefix("lang-"))
        })
        .unwrap_or("")
        .to_string();
    let longest = longest_run(&text, '`');
    let fence = "`".repeat(longest.max(2) + 1);
    let mut body = text;
    if !body.ends_with('\n') {
        body.push('\n');
    }
    format!("{fence}{language}\n{body}{fence}")
}

/// The longest run of `c` in `s`.
fn longest_run(s: &str, c: char) -> usize {
    let mut best = 0;
    let mut run = 0;
    for ch in s.chars() {
        if ch == c {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// An inline code span that holds `text` exactly (CommonMark §6.1).
pub(super) fn code_span(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ");
    if text.is_empty() {
        return String::new();
    }
    // Padded with one space each side, which CommonMark strips when both
    // are there (§6.1) and kramdown strips from a span of two or more
    // backticks (a single backtick followed by a space after a space or at
    // the start is a literal backtick for kramdown): so a span that holds a
    // backtick or starts or ends with a space gets two backticks at least.
    let pad = text.contains('`')
        || ((text.starts_with(' ') || text.ends_with(' ')) && !text.trim().is_empty());
    let ticks = "`".repeat((longest_run(&text, '`') + 1).max(if pad { 2 } else { 1 }));
    if pad {
        format!("{ticks} {text} {ticks}")
    } else {
        format!("{ticks}{text}{ticks}")
    }
}
