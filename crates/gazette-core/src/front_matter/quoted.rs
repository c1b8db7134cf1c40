//! Re-indenting the continuation lines of one quoted scalar, so that
//! yaml-rust2 reads what libyaml (Psych) reads.
//!
//! libyaml does not check the indentation of a single- or double-quoted
//! scalar's continuation lines; yaml-rust2 refuses one that is not indented
//! past its block ("invalid indentation in quoted scalar"). Front matter
//! written by hand or by bots has such titles (`title: "first line` and
//! `second line"` at column 0). Indenting those lines changes nothing in
//! the value: line folding drops a continuation line's leading white space
//! (YAML 1.1 §9.1.1 double-quoted, §9.2.1 single-quoted). Lines that are
//! blank, or that start with a document marker (`---`, `...` and a blank,
//! which end the scalar in libyaml too), are left alone.

/// The text with the continuation lines of the quoted scalar whose opening
/// quote is at `line`, `column` (1-based, in characters) indented past the
/// quote's column; `None` when there is no quoted scalar there, it is not
/// closed, or nothing needed indenting.
pub(super) fn indent_continuations(text: &str, line: usize, column: usize) -> Option<String> {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let quote_at = line_start
        + text[line_start..]
            .char_indices()
            .nth(column.checked_sub(1)?)?
            .0;
    let quote = text[quote_at..].chars().next()?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let indent = " ".repeat(column);
    let mut out = String::with_capacity(text.len() + 64);
    out.push_str(&text[..=quote_at]);
    let mut changed = false;
    let mut chars = text[quote_at + 1..].char_indices().peekable();
    let body = &text[quote_at + 1..];
    while let Some((i, c)) = chars.next() {
        out.push(c);
        match c {
            '\\' if quote == '"' => {
                if let Some(&(_, next)) = chars.peek() {
                    if next != '\n' && next != '\r' {
                        out.push(next);
                        chars.next();
                    }
                }
            }
            '\'' if quote == '\'' => {
                if chars.peek().is_some_and(|&(_, n)| n == '\'') {
                    out.push('\'');
                    chars.next();
                } else {
                    break;
                }
            }
            '"' if quote == '"' => break,
            '\n' => {
                let rest = &body[i + 1..];
                let next_line = rest.split('\n').next().unwrap_or("");
                let blank = next_line.trim_matches([' ', '\t', '\r']).is_empty();
                let marker = (next_line.starts_with("---") || next_line.starts_with("..."))
                    && next_line[3..]
                        .chars()
                        .next()
                        .is_none_or(|c| matches!(c, ' ' | '\t' | '\r'));
                if !blank && !marker {
                    out.push_str(&indent);
                    changed = true;
                }
            }
            _ => {}
        }
        // Never closed: libyaml refuses it too.
        chars.peek()?;
    }
    if !changed {
        return None;
    }
    let end = quote_at + 1 + chars.peek().map_or(body.len(), |&(i, _)| i);
    out.push_str(&text[end..]);
    Some(out)
}

/// The text with line `line` (1-based) of a flow collection (`[a,` then
/// `b]` at column 0) indented one past the line before it; libyaml checks no
/// indentation inside flow collections, yaml-rust2 does ("invalid
/// indentation in flow construct"). White space between flow tokens is not
/// content. `None` when the line is already indented past the line before.
pub(super) fn indent_flow_line(text: &str, line: usize) -> Option<String> {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let start = *starts.get(line.checked_sub(1)?)?;
    let indent_of = |at: usize| text[at..].len() - text[at..].trim_start_matches(' ').len();
    let before = starts[..line - 1].iter().rev().find(|&&at| {
        !text[at..]
            .split('\n')
            .next()
            .unwrap_or("")
            .trim()
            .is_empty()
    })?;
    let need = indent_of(*before) + 1;
    if indent_of(start) >= need {
        return None;
    }
    Some(format!(
        "{}{}{}",
        &text[..start],
        " ".repeat(need),
        &text[start..]
    ))
}

/// The text with the tabs between a `:` and the value at line `line`,
/// `column` (1-based, the value's first character) made spaces: libyaml
/// takes a tab as the separator after a mapping's `:`, yaml-rust2 does not
/// ("':' must be followed by a valid YAML whitespace"). A separator is not
/// content.
pub(super) fn space_after_colon(text: &str, line: usize, column: usize) -> Option<String> {
    let start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let line_text = text[start..].split('\n').next().unwrap_or("");
    let chars: Vec<(usize, char)> = line_text.char_indices().collect();
    let mut i = column.checked_sub(1)?.min(chars.len());
    let mut tabs = Vec::new();
    while i > 0 && matches!(chars[i - 1].1, '\t' | ' ') {
        if chars[i - 1].1 == '\t' {
            tabs.push(chars[i - 1].0);
        }
        i -= 1;
    }
    if i == 0 || chars[i - 1].1 != ':' || tabs.is_empty() {
        return None;
    }
    let mut out = text.to_string();
    for at in tabs {
        out.replace_range(start + at..start + at + 1, " ");
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_lines_are_indented_and_the_rest_kept() {
        let text = "title: \"abc\ndef\"\nnext: 1\n";
        assert_eq!(
            indent_continuations(text, 1, 8).as_deref(),
            Some("title: \"abc\n        def\"\nnext: 1\n")
        );
        let text = "a: 'it''s\n\nhere'\nb: 2\n";
        assert_eq!(
            indent_continuations(text, 1, 4).as_deref(),
            Some("a: 'it''s\n\n    here'\nb: 2\n")
        );
        assert_eq!(indent_continuations("a: \"open\nnever", 1, 4), None);
        assert_eq!(indent_continuations("a: b\n", 1, 4), None);
    }

    #[test]
    fn flow_lines_and_tabs_after_colons() {
        assert_eq!(
            indent_flow_line("x:\n  t: [a,\nb]\n", 3).as_deref(),
            Some("x:\n  t: [a,\n   b]\n")
        );
        assert_eq!(indent_flow_line("t: [a,\n  b]\n", 2), None);
        assert_eq!(
            space_after_colon("a:\tb\n", 1, 4).as_deref(),
            Some("a: b\n")
        );
        assert_eq!(space_after_colon("a: b\n", 1, 4), None);
    }
}
