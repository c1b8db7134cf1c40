//! Inline Markdown being built: whitespace collapsed as a browser does,
//! text escaped only where it would become syntax.

/// HTML's ASCII whitespace (the characters a browser collapses).
fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c')
}

/// Chinese, Japanese and Korean characters and their punctuation, between
/// which a line break renders as nothing (CSS Text 3, segment breaks).
pub(super) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FFF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x31FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF
        | 0xFF00..=0xFFEF | 0x20000..=0x3134F)
}

/// Inline Markdown under construction.
#[derive(Debug, Default)]
pub(super) struct Inline {
    s: String,
    /// Whitespace seen since the last content: `Some(had a line break)`.
    pending: Option<bool>,
    /// Whitespace came before any content.
    leading: bool,
    last: Option<char>,
    /// A hard break came before any content (it has nowhere to go in
    /// this text; the element's caller writes it before the element).
    leading_break: bool,
}

impl Inline {
    fn emit_pending(&mut self, next: char) {
        if let Some(newline) = self.pending.take() {
            if self.s.is_empty() {
                self.leading = true;
            } else if !self.s.ends_with('\n') {
                let cjk = self.last.is_some_and(is_cjk) && is_cjk(next);
                if !(newline && cjk) {
                    self.s.push(' ');
                    self.last = Some(' ');
                }
            }
        }
    }

    /// Appends text from the document, collapsing whitespace and escaping.
    pub(super) fn text(&mut self, t: &str) {
        let chars: Vec<char> = t.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if is_html_space(c) {
                let newline = matches!(c, '\n' | '\r');
                self.pending = Some(self.pending.unwrap_or(false) || newline);
                continue;
            }
            self.emit_pending(c);
            let prev = self.last;
            let next = chars.get(i + 1).copied();
            match c {
                // `|` makes a table row in kramdown wherever it is.
                '\\' | '*' | '`' | '[' | ']' | '~' | '|' => {
                    self.s.push('\\');
                    self.s.push(c);
                }
                '_' => {
                    let inside_word = prev.is_some_and(char::is_alphanumeric)
                        && next.is_some_and(char::is_alphanumeric);
                    if !inside_word {
                        self.s.push('\\');
                    }
                    self.s.push('_');
                }
                '<' => {
                    // kramdown reads a tag wherever a letter of any script
                    // or `_` follows (`<重要>`), CommonMark after an ASCII
                    // letter; `<<` is kramdown's `«`.
                    if prev == Some('<')
                        || next
                            .is_none_or(|n| n.is_alphabetic() || matches!(n, '/' | '!' | '?' | '_'))
                    {
                        self.s.push('\\');
                    }
                    self.s.push('<');
                }
                '&' if next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#') => {
                    self.s.push_str("&amp;")
                }
                '$' if prev == Some('$') || next == Some('$') => self.s.push_str("\\$"),
                // kramdown's typographic conversions (smart quotes, `--`,
                // `...`, `<<`, `>>`) would change text that was HTML: an
                // escaped character is printed as it is (kramdown syntax,
                // "Automatic and manual escaping"; CommonMark §2.4).
                '"' | '\'' => {
                    self.s.push('\\');
                    self.s.push(c);
                }
                '-' | '.' | '>' if prev == Some(c) => {
                    self.s.push('\\');
                    self.s.push(c);
                }
                _ => self.s.push(c),
            }
            self.last = Some(c);
        }
    }

    /// Appends Markdown as it is (already escaped or syntax).
    pub(super) fn raw(&mut self, md: &str) {
        let Some(first) = md.chars().next() else {
            return;
        };
        self.emit_pending(first);
        self.s.push_str(md);
        self.last = md.chars().last();
    }

    /// The Markdown ends with `c` (no space pending).
    pub(super) fn ends_with(&self, c: char) -> bool {
        self.pending.is_none() && self.s.ends_with(c)
    }

    /// Registers a collapsible space (from the edge of an element).
    pub(super) fn space_if(&mut self, space: bool) {
        if space {
            self.pending = Some(self.pending.unwrap_or(false));
        }
    }

    /// A line break (`<br>`): two spaces and a newline.
    pub(super) fn hard_break(&mut self) {
        self.pending = None;
        if self.s.is_empty() {
            self.leading_break = true;
        }
        if !self.s.is_empty() && !self.s.ends_with('\n') {
            self.s.push_str("  \n");
            self.last = Some('\n');
        }
    }

    /// A hard break came before any content.
    pub(super) fn leading_break(&self) -> bool {
        self.leading_break
    }

    /// The text, without leading or trailing whitespace and breaks.
    pub(super) fn finish(self) -> String {
        let mut s = self.s;
        loop {
            let trimmed = s.trim_end_matches([' ', '\n']).len();
            if trimmed == s.len() {
                break;
            }
            s.truncate(trimmed);
        }
        s
    }

    /// The text with one space marking whitespace at either edge (for
    /// emphasis and links, whose edge spaces move outside the markers).
    pub(super) fn finish_keep_edges(self) -> String {
        let leading = self.leading;
        let trailing = self.pending.is_some();
        let core = self.finish();
        format!(
            "{}{core}{}",
            if leading { " " } else { "" },
            if trailing && !core.is_empty() {
                " "
            } else {
                ""
            }
        )
    }
}

/// Escapes what would start a block at the beginning of each line of a
/// paragraph: ATX headings, block quotes, list markers, setext underlines.
pub(super) fn escape_line_starts(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            let bytes = line.as_bytes();
            match bytes.first() {
                Some(b'#' | b'>') => format!("\\{line}"),
                Some(b'-' | b'+') if bytes.len() == 1 || matches!(bytes[1], b' ' | b'\t') => {
                    format!("\\{line}")
                }
                Some(b'=' | b'-') if line.trim_end().bytes().all(|b| b == bytes[0]) => {
                    format!("\\{line}")
                }
                Some(b'0'..=b'9') => {
                    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
                    match bytes.get(digits) {
                        Some(b'.' | b')') if digits <= 9 => {
                            format!("{}\\{}", &line[..digits], &line[digits..])
                        }
                        _ => line.to_string(),
                    }
                }
                _ => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
