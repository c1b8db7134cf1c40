//! How kramdown reads a raw HTML block of a Markdown post, beside how
//! CommonMark and a browser (html5ever) read it: a Markdown body's HTML
//! block is converted only where they agree, since what Jekyll shows of
//! the original is kramdown's reading.
//!
//! Rules, from kramdown 2.4's HTML parser (`parser/kramdown/html.rb`,
//! `parser/html.rb`; Jekyll's `parse_block_html: false`):
//! - a block starts at a line that begins with a start tag of an element
//!   that is not span-level (`a`, `b`, `img`, `span`, … begin a paragraph of
//!   Markdown instead) or with a comment; `<!DOCTYPE`, `<?…?>` and `<![CDATA[`
//!   begin a paragraph, where CommonMark (§4.6 HTML blocks, conditions 2–5)
//!   sees HTML;
//! - a tag is read only when it matches kramdown's `HTML_TAG_RE` (names
//!   start with a letter or `_`; attributes are separated by whitespace;
//!   unquoted values are word characters only); a `<` that starts no such
//!   tag is text, which html5ever may read as a tag (`<img src=x ;>`,
//!   `<a href=http://x>`);
//! - inside the block everything is raw HTML up to the end tag of the
//!   element that opened it, across blank lines (where CommonMark ends the
//!   block); an end tag that does not close the innermost open element is
//!   printed as text (`</img>`, a stray `</div>`), where html5ever drops it
//!   or closes the elements in between;
//! - text after the last element on the block's lines is a Markdown
//!   paragraph (smart quotes, emphasis).
//!
//! A tag name that does not start with an ASCII letter (`<中文>`) is a tag
//! for kramdown and text for html5ever (HTML's tag open state), so it
//! differs too. A self-closed non-void element (`<div/>`) is closed for
//! kramdown and open for html5ever.

use std::sync::LazyLock;

use regex::Regex;

/// How kramdown reads an HTML block compared with CommonMark and html5ever.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reading {
    /// The same elements and text: the block can be converted.
    Same,
    /// Something is read otherwise (text for one, a tag for the other):
    /// the block is kept as written.
    Differs,
    /// An element is still open at the end of the block: kramdown reads on
    /// past it, so neither it nor anything after it may change.
    LeftOpen,
}

/// kramdown's `UNAME_STR` (REXML's name: a letter or `_`, then letters,
/// digits, marks, `-`, `.`, `_`; optionally `prefix:`).
const NAME: &str =
    r"(?:[\p{L}\p{Nl}_][-\p{L}\p{N}\p{M}._·]*:)?[\p{L}\p{Nl}_][-\p{L}\p{N}\p{M}._·]*";

/// kramdown's `HTML_TAG_RE`, anchored: name, attributes, `/`.
static START_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"^<({NAME})\s*(?:\s+{NAME}(?:\s*=\s*(?:\w+|"[^"]*"|'[^']*'))?)*\s*(/)?>"#
    ))
    .expect("valid regex")
});

/// kramdown's `HTML_TAG_CLOSE_RE`, anchored.
static END_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^</({NAME})\s*>")).expect("valid regex"));

/// kramdown's `HTML_RAW_START`: where a tag, comment or instruction may
/// start inside raw HTML.
static RAW_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"<(?:{NAME}|/|!--|\?)")).expect("valid regex"));

/// kramdown's `HTML_SPAN_ELEMENTS`: a line starting with one of these is a
/// paragraph, not an HTML block.
fn is_span_element(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "acronym"
            | "b"
            | "big"
            | "bdo"
            | "br"
            | "button"
            | "cite"
            | "code"
            | "del"
            | "dfn"
            | "em"
            | "i"
            | "img"
            | "input"
            | "ins"
            | "kbd"
            | "label"
            | "mark"
            | "option"
            | "q"
            | "rb"
            | "rbc"
            | "rp"
            | "rt"
            | "rtc"
            | "ruby"
            | "samp"
            | "select"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "tt"
            | "u"
            | "var"
    )
}

/// kramdown's `HTML_ELEMENTS_WITHOUT_BODY`.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "command"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// A start tag at the beginning of `s`: (lower-case name, length, closed
/// by `/>` or void). `Err` when html5ever would read the name otherwise.
fn start_tag(s: &str) -> Option<Result<(String, usize, bool), Reading>> {
    let caps = START_TAG.captures(s)?;
    let name = caps.get(1).map_or("", |m| m.as_str());
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Some(Err(Reading::Differs));
    }
    let name = name.to_ascii_lowercase();
    let self_closed = caps.get(2).is_some();
    let void = is_void(&name);
    if self_closed && !void {
        return Some(Err(Reading::Differs));
    }
    let len = caps.get(0).map_or(0, |m| m.end());
    Some(Ok((name, len, self_closed || void)))
}

/// How kramdown reads `block`, one CommonMark HTML block of a Markdown
/// body (see the module docs).
pub(super) fn reading(block: &str) -> Reading {
    let mut rest = block;
    // The elements open, innermost last; empty between top-level blocks.
    let mut open: Vec<String> = Vec::new();
    loop {
        if open.is_empty() {
            rest = rest.trim_start();
            if rest.is_empty() {
                return Reading::Same;
            }
            if let Some(after) = rest.strip_prefix("<!--") {
                match after.find("-->") {
                    Some(end) => rest = &after[end + 3..],
                    None => return Reading::LeftOpen,
                }
                continue;
            }
            match start_tag(rest) {
                Some(Ok((name, len, closed))) if !is_span_element(&name) => {
                    rest = &rest[len..];
                    if !closed {
                        match raw_text_end(&name, rest) {
                            Some(Some(end)) => rest = &rest[end..],
                            Some(None) => return Reading::LeftOpen,
                            None => open.push(name),
                        }
                    }
                }
                Some(Err(reading)) => return reading,
                _ => return Reading::Differs,
            }
            continue;
        }
        // Raw HTML inside an element, up to its end tag.
        let Some(at) = RAW_START.find(rest) else {
            return Reading::LeftOpen;
        };
        rest = &rest[at.start()..];
        if let Some(after) = rest.strip_prefix("<!--") {
            match after.find("-->") {
                Some(end) => rest = &after[end + 3..],
                // kramdown prints an unclosed comment as text; html5ever
                // hides the rest of the document.
                None => return Reading::Differs,
            }
        } else if let Some(after) = rest.strip_prefix("<?") {
            match after.find("?>") {
                Some(end) => rest = &after[end + 2..],
                None => return Reading::Differs,
            }
        } else if let Some(caps) = END_TAG.captures(rest) {
            let name = caps.get(1).map_or("", |m| m.as_str()).to_ascii_lowercase();
            if open.last() != Some(&name) {
                return Reading::Differs;
            }
            open.pop();
            rest = &rest[caps.get(0).map_or(0, |m| m.end())..];
        } else {
            match start_tag(rest) {
                Some(Ok((name, len, closed))) => {
                    rest = &rest[len..];
                    if !closed {
                        match raw_text_end(&name, rest) {
                            Some(Some(end)) => rest = &rest[end..],
                            Some(None) => return Reading::LeftOpen,
                            None => open.push(name),
                        }
                    }
                }
                Some(Err(reading)) => return reading,
                // `<` and a letter or `/` that kramdown does not read as a
                // tag: text for it, most likely a tag for html5ever.
                None => return Reading::Differs,
            }
        }
    }
}

/// For `script` and `style`, whose content is raw text to the end tag:
/// `Some(Some(offset after the end tag))`, or `Some(None)` when there is
/// none; `None` for other elements.
fn raw_text_end(name: &str, rest: &str) -> Option<Option<usize>> {
    if name != "script" && name != "style" {
        return None;
    }
    let lower = rest.to_ascii_lowercase();
    let close = format!("</{name}");
    Some(lower.find(&close).map(|at| {
        let after = &rest[at + close.len()..];
        at + close.len() + after.find('>').map_or(after.len(), |p| p + 1)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings() {
        assert_eq!(reading("<p>a <b>b</b></p>\n<div>x</div>"), Reading::Same);
        assert_eq!(reading("<!-- c -->\n<p>x</p>"), Reading::Same);
        assert_eq!(reading("<figure><img src=\"a\"></figure>"), Reading::Same);
        assert_eq!(reading("<p>a <b>b</p>"), Reading::Differs);
        assert_eq!(reading("<p>x</img></p>"), Reading::Differs);
        assert_eq!(reading("<p><img src=\"a\" ;></p>"), Reading::Differs);
        assert_eq!(
            reading("<p><a href=http://x.org>x</a></p>"),
            Reading::Differs
        );
        assert_eq!(reading("<p>《<书名>》</p>"), Reading::Differs);
        assert_eq!(reading("<span>x</span>"), Reading::Differs);
        assert_eq!(reading("<!DOCTYPE html>"), Reading::Differs);
        assert_eq!(reading("<div>x</div> tail"), Reading::Differs);
        assert_eq!(reading("<p>open\n<br>"), Reading::LeftOpen);
        assert_eq!(reading("<script>a</b></script><p>x</p>"), Reading::Same);
        assert_eq!(reading("<p>1 < 2 &amp; <<</p>"), Reading::Same);
    }
}
