//! Writing a value as YAML text that Jekyll's YAML 1.1 reader (Ruby Psych)
//! reads back as exactly that value: strings quoted only when a plain
//! scalar would read as something else (`no`, `2023`, `a: b`, a leading
//! `#`…), in the quote style the old value had ([`Style`]), lists in flow
//! or block form. The lossless editor ([`super::edit`]) uses it for the
//! lines it rewrites.

use super::yaml::{plain, Value};

/// How the old value was written, so the new one is written alike.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Style {
    None,
    Plain,
    Double,
    Single,
    Flow,
    /// A block sequence; the prefix of its item lines (`  - `).
    Block(String),
}

/// Writes a value after `key:`; `lead` is the whitespace after the colon
/// for a one-line value. Block lists start on the next line.
pub(super) fn render_value(value: &Value, style: &Style, eol: &str, lead: &str) -> String {
    let lead = if lead.is_empty() { " " } else { lead };
    match value {
        Value::Null => String::new(),
        Value::List(items) => match style {
            Style::Block(prefix) if !items.is_empty() => items
                .iter()
                .map(|item| format!("{eol}{prefix}{}", render_flow(item)))
                .collect(),
            _ => format!("{lead}{}", render_flow(value)),
        },
        Value::Map(_) => format!("{lead}{}", render_flow(value)),
        scalar => format!("{lead}{}", render_scalar(scalar, style, false)),
    }
}

/// A value written in flow style (inside `[...]`/`{...}` or as a list item).
pub(super) fn render_flow(value: &Value) -> String {
    match value {
        Value::List(items) => format!(
            "[{}]",
            items.iter().map(render_flow).collect::<Vec<_>>().join(", ")
        ),
        Value::Map(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|(k, v)| format!(
                    "{}: {}",
                    render_string(k, &Style::None, true),
                    render_flow(v)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        scalar => render_scalar(scalar, &Style::None, true),
    }
}

pub(super) fn render_scalar(value: &Value, style: &Style, flow: bool) -> String {
    match value {
        Value::Null => "~".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) if f.is_nan() => ".nan".to_string(),
        Value::Float(f) if f.is_infinite() => if *f > 0.0 { ".inf" } else { "-.inf" }.to_string(),
        Value::Float(f) => {
            let s = format!("{f:?}");
            if s.contains('.') {
                s
            } else if let Some((m, e)) = s.split_once('e') {
                format!("{m}.0e{}{e}", if e.starts_with('-') { "" } else { "+" })
            } else {
                format!("{s}.0")
            }
        }
        Value::Date(d) if plain(d) == Some(Value::Date(d.clone())) => d.clone(),
        Value::Date(d) | Value::String(d) => render_string(d, style, flow),
        Value::List(_) | Value::Map(_) => render_flow(value),
    }
}

/// A string written plain when Psych would read it back as the same string,
/// else quoted (in the old value's quote style when it had one).
pub(super) fn render_string(s: &str, style: &Style, flow: bool) -> String {
    let needs_quotes = !plain_is_safe(s, flow);
    let all_printable = !s.chars().any(|c| {
        c.is_control()
            || !printable(c)
            || matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{85}')
    });
    match style {
        Style::Single if all_printable => format!("'{}'", s.replace('\'', "''")),
        Style::Double => double_quoted(s),
        _ if !needs_quotes => s.to_string(),
        _ => double_quoted(s),
    }
}

pub(super) fn plain_is_safe(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.trim() != s
        || matches!(
            first,
            '-' | '?'
                | ':'
                | ','
                | '['
                | ']'
                | '{'
                | '}'
                | '#'
                | '&'
                | '*'
                | '!'
                | '|'
                | '>'
                | '\''
                | '"'
                | '%'
                | '@'
                | '`'
        )
        || s.starts_with("...")
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.chars().any(|c| {
            c.is_control()
                || !printable(c)
                || matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{85}')
        })
        || (flow && s.contains([',', '[', ']', '{', '}']))
    {
        return false;
    }
    plain(s) == Some(Value::String(s.to_string()))
}

/// YAML 1.1's printable characters (the spec's `c-printable`, which Psych's
/// libyaml enforces); any other character must be written as an escape.
fn printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

pub(super) fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if !printable(c) || matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{85}') => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
