//! HTML to Markdown: Gazette's own converter, on html5ever (through
//! `scraper`'s tree), one handler per element, one file per element family.
//!
//! Output is CommonMark + GFM (pipe tables, `~~strikethrough~~`, autolinks)
//! chosen to render the same under a CommonMark renderer and under kramdown
//! in GFM mode (Jekyll's default). Rules, with where they come from and
//! (last, in parentheses) the file that applies them:
//! - **Nothing is dropped.** Elements without a Markdown form (`iframe`,
//!   `video`, `sup`, unknown tags) and tables whose cells hold blocks are
//!   kept as raw HTML, which both renderers pass through (the dispatch here,
//!   `table.rs`; written by `serialize.rs`).
//! - **Whitespace** collapses as a browser collapses it; a line break between
//!   two CJK characters becomes nothing (CSS Text 3 segment-break rule), so no
//!   space is invented in Chinese text. Lines are never wrapped: kramdown's
//!   GFM parser can turn a newline inside a paragraph into `<br>`
//!   (`hard_wrap`, which Jekyll turns off), CommonMark into a space
//!   (`text.rs`).
//! - **Hard breaks** (`<br>`) are two spaces before the newline (both;
//!   `text.rs`).
//! - **Emphasis** uses `*`/`**` (never `_`, which cannot open inside a word:
//!   CommonMark §6.2). When the emphasised text starts or ends with
//!   punctuation, the delimiter run may fail the flanking rules next to CJK
//!   text (`**「这里」**来` prints asterisks; commonmark-spec #650), so the
//!   element is written as inline HTML (`<strong>`, `<em>`) instead
//!   (`inline.rs`).
//! - **Escaping** only where text would become syntax: `\ * ` [ ] ~ |` always
//!   (`|` starts a table row in kramdown),
//!   `_` at a word edge, `<` before a letter of any script, `_`, `/`, `!`
//!   or `?` (kramdown's tag names start with any letter: `<重要>` is a tag
//!   to it), `&` before an entity-like name, and `#`, `>`, `-`, `+`, `=`,
//!   ```` ``` ````, `1.`/`1)` at a line start. Never inside code
//!   (`text.rs`; CommonMark §2.4 backslash escapes, kramdown syntax
//!   "Automatic and Manual Escaping").
//! - **Typography stays as written**: kramdown turns `"` and `'` into smart
//!   quotes, `--`/`---` into dashes, `...` into `…` and `<<`/`>>` into
//!   `«`/`»` (kramdown syntax "Typographic Symbols", Jekyll's
//!   `smart_quotes`); text that was HTML never had them, so `"` and `'` are
//!   always escaped and the second of two `-`, `.`, `<` or `>` in a row is
//!   (`text.rs`).
//! - **Code spans** that start or end with a space, or hold a backtick,
//!   have two backticks at least and one space of padding each side, which
//!   CommonMark (§6.1) and kramdown (`codespan.rb`) both strip; kramdown
//!   reads a lone backtick before a space as literal (`code.rs`).
//! - **Only HTML that kramdown reads alike is converted** in a Markdown
//!   body: a raw HTML block that kramdown reads otherwise than CommonMark
//!   and a browser (a tag its `HTML_TAG_RE` refuses, a stray end tag, a
//!   span-level or `<!DOCTYPE` start, text after the last element) is kept
//!   as written, and one that leaves an element open (kramdown reads on
//!   across blank lines) ends the conversion of that body (`kramdown.rs`,
//!   `markdown.rs`; kramdown `parser/html.rb`, CommonMark §4.6).
//! - **Blocks kramdown cannot take inline**: a paragraph holding an
//!   `iframe`, `form`, `fieldset` or `map` after its start (kramdown prints
//!   block-level tags in span-level text as text) stays a raw `<p>`
//!   (`block.rs`); a list directly inside a list has no Markdown form and
//!   stays HTML (`list.rs`).
//! - **Bounded**: nesting deeper than [`MAX_DEPTH`] is kept as raw HTML,
//!   serialised without recursion (the dispatch here, `serialize.rs`).
//!
//! Where each element is handled (the dispatch over element names is
//! `Converter::block_child` for block context and `Converter::inline_node`
//! for inline context, both here; one-line cases are written there):
//! - `block.rs`: `p` (and `dt`, `dd`, `figcaption`, `address`), `h1`–`h6`,
//!   `blockquote`. Here: containers (`div`, `section`, `figure`, `dl`, …)
//!   unwrapped, `hr`, comments, raw HTML blocks, a link around blocks.
//! - `inline.rs`: `strong`/`b`, `em`/`i`, `del`/`s`/`strike`, a `p` or
//!   `div` inside inline content. Here: `br`, wrappers (`span`, `font`, …)
//!   and inline elements kept as raw HTML (`sup`, `sub`, `u`, `mark`, …).
//! - `list.rs`: `ul`, `ol`, `li`.
//! - `table.rs`: `table` with its sections, rows and cells.
//! - `link.rs`: `a`, `img`.
//! - `code.rs`: `pre`; `code`, `kbd`, `tt`, `samp`.
//! - `text.rs`: text nodes (whitespace, escaping) and the inline Markdown
//!   being built; `serialize.rs`: raw HTML and text content, without
//!   recursion; `markdown.rs`: Markdown bodies, whose raw HTML blocks are
//!   converted; `kramdown.rs`: whether kramdown reads such a block as
//!   CommonMark and a browser do.

mod block;
mod code;
mod inline;
mod kramdown;
mod link;
mod list;
mod markdown;
mod serialize;
mod table;
mod text;

use ego_tree::NodeRef;
use scraper::{Html, Node};

use crate::format::Format;
use code::{code_block, code_span};
use link::image;
use text::{escape_line_starts, Inline};

pub use markdown::convert_body;

/// Elements nested deeper than this are kept as raw HTML.
pub const MAX_DEPTH: usize = 100;

/// A converted body and what the conversion noticed (kept as HTML, …).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Converted {
    /// The Markdown.
    pub markdown: String,
    /// Notes for the export report ("table kept as HTML").
    pub warnings: Vec<String>,
}

/// Nesting beyond which a body is not parsed at all: the HTML parser's
/// scope checks walk the stack of open elements, so 100k nested tags cost
/// quadratic time. Such a body is kept as it is (raw HTML).
const MAX_PARSE_DEPTH: usize = 2_000;

/// A cheap upper bound of the element nesting of `html`: start tags that
/// are not void or self-closed count up, end tags count down.
fn nesting_estimate(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'<' {
            if bytes[i + 1] == b'/' {
                depth = depth.saturating_sub(1);
            } else if bytes[i + 1].is_ascii_alphabetic() {
                let end = bytes[i..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(bytes.len(), |p| i + p);
                let name_end = bytes[i + 1..end]
                    .iter()
                    .position(|b| !b.is_ascii_alphanumeric())
                    .map_or(end, |p| i + 1 + p);
                let name = html[i + 1..name_end].to_ascii_lowercase();
                // Void elements, and elements whose end tag is optional
                // (an unclosed `<p>` or `<li>` closes at its next sibling),
                // do not nest.
                let void = serialize::is_void(&name)
                    || matches!(
                        name.as_str(),
                        "p" | "li"
                            | "dt"
                            | "dd"
                            | "tr"
                            | "td"
                            | "th"
                            | "option"
                            | "optgroup"
                            | "thead"
                            | "tbody"
                            | "tfoot"
                            | "colgroup"
                            | "rb"
                            | "rt"
                            | "rp"
                    );
                let self_closed = end > 0 && bytes.get(end - 1) == Some(&b'/');
                if !void && !self_closed {
                    depth += 1;
                    max = max.max(depth);
                }
                i = end;
                continue;
            }
        }
        i += 1;
    }
    max
}

/// Whether HTML is nested deeper than an HTML parser handles in bounded
/// time (2,000 elements, by a cheap estimate that counts start tags up and
/// end tags down); the renderer and the converter leave such a body alone.
pub fn too_deep(html: &str) -> bool {
    nesting_estimate(html) > MAX_PARSE_DEPTH
}

/// Converts an HTML fragment (a post body) to Markdown. A fragment nested
/// deeper than 2,000 elements is returned unchanged (raw HTML is valid
/// Markdown), with a warning.
pub fn html_to_markdown(html: &str) -> Converted {
    if too_deep(html) {
        return Converted {
            markdown: html.to_string(),
            warnings: vec!["nesting too deep to convert; kept as HTML".to_string()],
        };
    }
    let doc = Html::parse_fragment(html);
    let mut conv = Converter::default();
    let root = doc.root_element();
    let blocks = conv.blocks(*root, 0);
    let mut markdown = blocks.join("\n\n");
    if !markdown.is_empty() {
        markdown.push('\n');
    }
    Converted {
        markdown,
        warnings: conv.warnings,
    }
}

/// Converts a post body of the given format: HTML wholly, Markdown only in
/// its raw HTML blocks (see [`convert_body`]); Textile and text unchanged.
pub fn body(format: Format, body: &str) -> Converted {
    match format {
        Format::Html => html_to_markdown(body),
        Format::Markdown => convert_body(body),
        Format::Textile | Format::Text => Converted {
            markdown: body.to_string(),
            warnings: Vec::new(),
        },
    }
}

#[derive(Default)]
struct Converter {
    warnings: Vec<String>,
    in_strong: bool,
    in_em: bool,
    in_link: bool,
}

type NodeR<'a> = NodeRef<'a, Node>;

fn element_name<'a>(node: &NodeR<'a>) -> Option<&'a str> {
    match node.value() {
        Node::Element(e) => Some(e.name()),
        _ => None,
    }
}

fn attr<'a>(node: &NodeR<'a>, name: &str) -> Option<&'a str> {
    match node.value() {
        Node::Element(e) => e.attr(name),
        _ => None,
    }
}

/// Block-level elements (HTML's flow content that starts a new block).
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "main"
            | "aside"
            | "nav"
            | "center"
            | "figure"
            | "figcaption"
            | "blockquote"
            | "pre"
            | "ul"
            | "ol"
            | "li"
            | "table"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "hr"
            | "dl"
            | "dt"
            | "dd"
            | "address"
            | "hgroup"
            | "body"
            | "html"
            | "details"
            | "form"
            | "fieldset"
            | "video"
            | "audio"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "svg"
            | "math"
            | "noscript"
            | "script"
            | "style"
            | "template"
    )
}

/// Elements kept as raw HTML wherever they are.
fn is_raw(name: &str) -> bool {
    matches!(
        name,
        "iframe"
            | "video"
            | "audio"
            | "object"
            | "embed"
            | "canvas"
            | "svg"
            | "math"
            | "script"
            | "style"
            | "details"
            | "form"
            | "fieldset"
            | "noscript"
            | "template"
            | "sup"
            | "sub"
            | "u"
            | "ins"
            | "mark"
            | "abbr"
            | "small"
            | "big"
            | "q"
            | "cite"
            | "dfn"
            | "ruby"
            | "input"
            | "button"
            | "select"
            | "textarea"
            | "map"
            | "area"
            | "picture"
            | "source"
            | "track"
            | "wbr"
            | "var"
            | "bdi"
            | "bdo"
            | "time"
            | "data"
            | "meter"
            | "progress"
            | "output"
            | "dialog"
            | "slot"
    )
}

impl Converter {
    /// Converts the children of `node` to a list of Markdown blocks.
    fn blocks(&mut self, node: NodeR<'_>, depth: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut inline = Inline::default();
        for child in node.children() {
            self.block_child(child, depth, &mut out, &mut inline);
        }
        flush(&mut inline, &mut out);
        out
    }

    /// Converts one child in block context, appending finished blocks to
    /// `out` and inline content to the paragraph `inline` being collected:
    /// the dispatch over element names for blocks.
    fn block_child(
        &mut self,
        child: NodeR<'_>,
        depth: usize,
        out: &mut Vec<String>,
        inline: &mut Inline,
    ) {
        if let Node::Comment(c) = child.value() {
            // Comments are kept (they can carry meaning for the site's
            // tools, and a dropped one changes how kramdown reads what
            // follows).
            flush(inline, out);
            out.push(format!("<!--{}-->", &**c));
            return;
        }
        let Some(name) = element_name(&child) else {
            self.inline_node(child, inline, depth);
            return;
        };
        if depth >= MAX_DEPTH {
            flush(inline, out);
            out.push(serialize::raw_block(child));
            self.warn("deep nesting kept as HTML");
            return;
        }
        // A link around blocks (a card: image, heading, summary) has no
        // Markdown form: kept as HTML, with its structure.
        let link_around_blocks = name == "a" && has_block_inside(child);
        if link_around_blocks {
            flush(inline, out);
            out.push(serialize::raw_block(child));
            return;
        }
        // Formatting reopened around blocks (an unclosed `<b>` before
        // `</p>`: the HTML parser wraps the following paragraphs and
        // headings in it): the blocks are kept, the formatting is not.
        if !is_block(name) && name != "br" && name != "a" && has_block_inside(child) {
            flush(inline, out);
            out.extend(self.blocks(child, depth + 1));
            return;
        }
        if !is_block(name) && name != "br" {
            self.inline_node(child, inline, depth);
            return;
        }
        if name == "br" {
            inline.hard_break();
            return;
        }
        flush(inline, out);
        let d = depth + 1;
        match name {
            "p" | "dt" | "dd" | "figcaption" | "address" => self.paragraph(child, d, out),
            "div" | "section" | "article" | "header" | "footer" | "main" | "aside" | "nav"
            | "center" | "figure" | "hgroup" | "body" | "html" | "dl" => {
                out.extend(self.blocks(child, d));
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.heading(child, name, d, out),
            "hr" => out.push("* * *".to_string()),
            "blockquote" => self.blockquote(child, d, out),
            "pre" => out.push(code_block(child)),
            "ul" | "ol" => {
                let list = self.list(child, name == "ol", d);
                if !list.is_empty() {
                    out.push(list);
                }
            }
            "li" => {
                // A stray <li> outside a list: a one-item list.
                let list = self.list_items(&[child], false, 1, d);
                out.push(list);
            }
            "table" => out.push(self.table(child, d)),
            _ => {
                // Raw elements (iframe, video, details…) and anything else.
                out.push(serialize::raw_block(child));
            }
        }
    }

    fn warn(&mut self, warning: &str) {
        if !self.warnings.iter().any(|w| w == warning) {
            self.warnings.push(warning.to_string());
        }
    }

    /// Converts one node into inline Markdown appended to `out`: the
    /// dispatch over element names for inline content.
    fn inline_node(&mut self, node: NodeR<'_>, out: &mut Inline, depth: usize) {
        let name = match node.value() {
            Node::Text(t) => {
                out.text(t);
                return;
            }
            Node::Element(e) => e.name(),
            _ => return,
        };
        if depth >= MAX_DEPTH {
            out.raw(&serialize::outer_html(node));
            self.warn("deep nesting kept as HTML");
            return;
        }
        let d = depth + 1;
        match name {
            "br" => out.hard_break(),
            "strong" | "b" => self.emphasis(node, out, d, true),
            "em" | "i" => self.emphasis(node, out, d, false),
            "del" | "s" | "strike" => self.strikethrough(node, out, d),
            "code" | "kbd" | "tt" | "samp" => out.raw(&code_span(&serialize::text_content(node))),
            "a" => self.link(node, out, d),
            "img" => match image(node) {
                Some(md) => out.raw(&md),
                None => out.raw(&serialize::outer_html(node)),
            },
            n if is_raw(n) => out.raw(&serialize::outer_html(node).replace("\n\n", "\n")),
            "p" | "div" => self.block_in_inline(node, out, d),
            _ => {
                // Wrappers (span, font, …) and any other element: the content.
                for c in node.children() {
                    self.inline_node(c, out, d);
                }
            }
        }
    }
}

/// Whether an element holds block elements (paragraphs, headings, lists…).
fn has_block_inside(node: NodeR<'_>) -> bool {
    node.descendants().skip(1).any(|d| {
        element_name(&d).is_some_and(|n| {
            matches!(
                n,
                "p" | "div"
                    | "h1"
                    | "h2"
                    | "h3"
                    | "h4"
                    | "h5"
                    | "h6"
                    | "ul"
                    | "ol"
                    | "table"
                    | "blockquote"
                    | "pre"
                    | "section"
                    | "figure"
                    | "hr"
            )
        })
    })
}

/// Ends the paragraph being collected, if it has text.
fn flush(inline: &mut Inline, out: &mut Vec<String>) {
    let text = std::mem::take(inline).finish();
    if !text.is_empty() {
        out.push(escape_line_starts(&text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(html: &str) -> String {
        html_to_markdown(html).markdown
    }

    #[test]
    fn paragraphs_emphasis_links() {
        assert_eq!(
            md("<p>a <b>bold</b> and <i>it</i></p><p>x</p>"),
            "a **bold** and *it*\n\nx\n"
        );
        assert_eq!(md("<p><b> 空格 </b>外</p>"), "**空格** 外\n");
        assert_eq!(
            md("<p><b>「这里」</b>来</p>"),
            "<strong>「这里」</strong>来\n"
        );
        assert_eq!(
            md("<p><a href=\"https://x.org/a b\">t</a></p>"),
            "[t](<https://x.org/a b>)\n"
        );
        assert_eq!(
            md("<p><a href=\"https://x.org\">https://x.org</a></p>"),
            "<https://x.org>\n"
        );
        assert_eq!(md("<p>中\n文</p>"), "中文\n");
        assert_eq!(md("<p>a\nb</p>"), "a b\n");
    }

    #[test]
    fn unclosed_formatting_keeps_the_blocks_after_it() {
        let out = md("<p>u <b>bold</p>\n<p>next</p>\n<h2>Head</h2>");
        assert!(out.contains("\n\nnext\n\n## Head"), "{out}");
    }

    #[test]
    fn code_and_escapes() {
        assert_eq!(md("<p>1) x</p>"), "1\\) x\n");
        assert_eq!(
            md("<pre><code class=\"language-rust\">a ``` b\n</code></pre>"),
            "````rust\na ``` b\n````\n"
        );
        assert_eq!(md("<p><code>a`b</code></p>"), "`` a`b ``\n");
        assert_eq!(md("<p>a<br>b</p>"), "a  \nb\n");
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let html = "<div>".repeat(100_000) + "x" + &"</div>".repeat(100_000);
        let out = html_to_markdown(&html);
        assert_eq!(out.markdown, html);
        assert_eq!(out.warnings.len(), 1);
        // Thousands of unclosed paragraphs are not deep.
        assert!(!too_deep(&"<p>para".repeat(5_000)));
        // Below the parse limit, past the converter's: the deep part is raw HTML.
        let html = "<blockquote>".repeat(500) + "x" + &"</blockquote>".repeat(500);
        let out = html_to_markdown(&html);
        assert!(
            out.markdown.contains("<blockquote>x</blockquote>"),
            "{}",
            &out.markdown[..200]
        );
    }
}
