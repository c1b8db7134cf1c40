//! Finding the front matter block in a post file's text, by Jekyll's rule.
//!
//! Jekyll (`Jekyll::Document::YAML_FRONT_MATTER_REGEXP`,
//! `\A(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?)`) takes front matter only when
//! the file's first line is `---` (trailing whitespace allowed), and ends it at
//! the first later line that is `---` or `...`. Every later `---` line is body
//! (a Markdown thematic break or setext underline).

use std::ops::Range;

/// Where the front matter and the body lie in a post's decoded text, as byte
/// ranges. `text[..body.start]` is the opening fence, the YAML and the closing
/// fence; `text[body]` is the body, byte for byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The YAML between the fences (without them), or `None` when the file has
    /// no front matter block.
    pub yaml: Option<Range<usize>>,
    /// The body: everything after the closing fence's line ending.
    pub body: Range<usize>,
}

impl Split {
    /// The 1-based line of the file on which the YAML text starts (the line
    /// after the opening fence), for error messages.
    pub const FIRST_YAML_LINE: usize = 2;

    /// The body as Jekyll's `Document#content` holds it: the closing fence's
    /// `\s*$\n?` (in `YAML_FRONT_MATTER_REGEXP`) also takes the
    /// whitespace-only lines right after the fence, so `content` starts at
    /// the first line with something else on it (or at the end). [`Split::body`]
    /// keeps those lines, so the file's bytes are body or fence, never lost;
    /// renderers see no difference (blank lines before the first block).
    pub fn jekyll_content(&self, text: &str) -> Range<usize> {
        if self.yaml.is_none() {
            return self.body.clone();
        }
        let rest = &text[self.body.start..];
        let run = rest.len() - rest.trim_start_matches(is_ruby_space).len();
        let start = if run == rest.len() {
            text.len()
        } else {
            self.body.start + rest[..run].rfind('\n').map_or(0, |i| i + 1)
        };
        start..text.len()
    }
}

/// Ruby's `\s`: space, tab, CR, LF, form feed, vertical tab.
fn is_ruby_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n' | '\x0c' | '\x0b')
}

fn is_fence(line: &str, markers: &[&str]) -> bool {
    markers.iter().any(|m| {
        line.strip_prefix(m)
            .is_some_and(|rest| rest.chars().all(is_ruby_space))
    })
}

/// Splits `text` (already decoded, without a byte order mark) into front
/// matter and body following Jekyll's rule (see the module docs).
///
/// Never fails: a file whose first line is not `---`, or whose block is never
/// closed, has no front matter and its whole text is the body.
pub fn split(text: &str) -> Split {
    let whole = Split {
        yaml: None,
        body: 0..text.len(),
    };
    let Some(first_end) = text.find('\n') else {
        return whole;
    };
    if !is_fence(&text[..first_end], &["---"]) {
        return whole;
    }
    let yaml_start = first_end + 1;
    let mut pos = yaml_start;
    loop {
        let line_end = text[pos..].find('\n').map(|i| pos + i);
        let line = &text[pos..line_end.unwrap_or(text.len())];
        if is_fence(line, &["---", "..."]) {
            let body_start = line_end.map_or(text.len(), |e| e + 1);
            return Split {
                yaml: Some(yaml_start..pos),
                body: body_start..text.len(),
            };
        }
        match line_end {
            Some(e) if e + 1 < text.len() => pos = e + 1,
            _ => return whole,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thematic_breaks_in_the_body_stay_body() {
        let text = "---\ntitle: a\n---\n\nx\n\n---\n\nk: v\n---\n";
        let s = split(text);
        assert_eq!(&text[s.yaml.unwrap()], "title: a\n");
        assert_eq!(&text[s.body], "\nx\n\n---\n\nk: v\n---\n");
    }

    #[test]
    fn crlf_and_dots_close_the_block() {
        let text = "---\r\na: 1\r\n...\r\nbody";
        let s = split(text);
        assert_eq!(&text[s.yaml.unwrap()], "a: 1\r\n");
        assert_eq!(&text[s.body], "body");
    }

    #[test]
    fn empty_block_and_unclosed_block() {
        let s = split("---\n---\nbody");
        assert_eq!(s.yaml, Some(4..4));
        assert_eq!(s.body, 8..12);
        assert_eq!(split("---\na: 1\n").yaml, None);
        assert_eq!(split("----\na: 1\n---\n").yaml, None);
        assert_eq!(split("\n---\na: 1\n---\n").yaml, None);
    }

    #[test]
    fn jekyll_content_skips_blank_lines_after_the_fence() {
        let text = "---\na: 1\n---\n\n \t\n  body\n\nmore";
        let s = split(text);
        assert_eq!(&text[s.body.clone()], "\n \t\n  body\n\nmore");
        assert_eq!(&text[s.jekyll_content(text)], "  body\n\nmore");
        let text = "---\na: 1\n---\n\n\n";
        assert_eq!(split(text).jekyll_content(text), text.len()..text.len());
        let text = "no front matter\n";
        assert_eq!(split(text).jekyll_content(text), 0..text.len());
    }

    #[test]
    fn closing_fence_at_end_of_file_without_newline() {
        let text = "--- \na: 1\n---";
        let s = split(text);
        assert_eq!(&text[s.yaml.unwrap()], "a: 1\n");
        assert_eq!(s.body, text.len()..text.len());
    }
}
