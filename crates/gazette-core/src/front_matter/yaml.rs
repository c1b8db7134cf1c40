//! Reading front matter YAML the way Jekyll does.
//!
//! Jekyll loads front matter with Ruby's Psych, a YAML 1.1 loader: plain
//! (unquoted) `yes`/`no`/`on`/`off` are booleans, `2022` is an integer, `3.0`
//! a float, `2024-05-01` a date; quoted scalars are always strings. The Rust
//! YAML crates type scalars by YAML 1.2, so this module builds values from
//! yaml-rust2's event stream and types plain scalars with Psych's rules
//! (`Psych::ScalarScanner`). Values are a read-only view: the text itself is
//! kept and never re-serialised from them.
//!
//! Bounded on hostile input: aliases are expanded with a node budget (an
//! "alias bomb" is refused), nesting depth is capped, and Ruby-specific tags
//! (`!ruby/object`, `!ruby/hash:…`) are refused.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::TScalarStyle;

/// Most nodes one front matter block may expand to (after aliases).
const MAX_NODES: usize = 100_000;
/// Deepest nesting of lists and maps accepted.
const MAX_DEPTH: usize = 64;

/// A front matter value, typed as Jekyll (Psych, YAML 1.1) types it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null`, or nothing after the colon.
    Null,
    /// Plain `true/false/yes/no/on/off`, any case.
    Bool(bool),
    /// A plain integer (decimal, `0x`, `0b`, leading-zero octal, `_`/`,`
    /// separators, base 60 `1:30`).
    Int(i64),
    /// A plain float with a `.` (`3.0`, `.5`, `1.5e+3`), or `.inf` / `.nan`.
    Float(f64),
    /// Any quoted scalar, and plain scalars that are nothing else.
    String(String),
    /// A plain scalar Psych reads as a `Date` or `Time` (`2024-05-01`,
    /// `2024-05-01 10:00:00 +0800`), kept as written.
    Date(String),
    /// A sequence.
    List(Vec<Value>),
    /// A mapping, keys in the order written (a repeated key keeps its last
    /// value in the first key's place, as Ruby's Hash does).
    Map(Vec<(String, Value)>),
}

impl Value {
    /// A value from JSON (as [`Value::to_json`] writes it; whole numbers
    /// become integers).
    pub fn from_json(json: &serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => n
                .as_i64()
                .map_or_else(|| Value::Float(n.as_f64().unwrap_or(0.0)), Value::Int),
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(items) => {
                Value::List(items.iter().map(Value::from_json).collect())
            }
            serde_json::Value::Object(map) => Value::Map(
                map.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// The value as text, for fields that are strings in Jekyll's eyes
    /// (title, layout, permalink): scalars give their text, `Null`, lists and
    /// maps give `None`.
    pub fn as_text(&self) -> Option<String> {
        match self {
            Value::Null | Value::List(_) | Value::Map(_) => None,
            Value::Bool(b) => Some(b.to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::String(s) | Value::Date(s) => Some(s.clone()),
        }
    }

    /// The value as JSON: maps become objects (keys in order), dates and
    /// non-finite floats become strings.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => {
                serde_json::Number::from_f64(*f).map_or_else(|| J::String(f.to_string()), J::Number)
            }
            Value::String(s) | Value::Date(s) => J::String(s.clone()),
            Value::List(items) => J::Array(items.iter().map(Value::to_json).collect()),
            Value::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

/// Why a front matter block could not be read. `line` and `column` are
/// 1-based and count from the start of the YAML text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct YamlError {
    /// Line in the YAML text (1-based).
    pub line: usize,
    /// Column in the YAML text (1-based).
    pub column: usize,
    /// What went wrong, for a person.
    pub reason: String,
}

enum Frame {
    List(Vec<Value>, usize),
    Map(Vec<(String, Value)>, Option<String>, usize),
}

/// A loaded front matter block.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Loaded {
    /// The top-level entries, keys in file order.
    pub entries: Vec<(String, Value)>,
    /// Top-level keys written more than once (Jekyll keeps the last value).
    pub repeated_keys: Vec<String>,
}

/// Loads one front matter block.
///
/// Returns the top-level entries in order: an empty block (or one holding
/// only comments or `~`) gives no entries. A block whose top level is not a
/// mapping, YAML syntax errors, unknown tags, alias bombs and nesting deeper
/// than 64 levels are errors.
pub fn load(yaml: &str) -> Result<Loaded, YamlError> {
    let mut repeated_keys = Vec::new();
    let mut parser = Parser::new_from_str(yaml);
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Value> = HashMap::new();
    let mut root: Option<Value> = None;
    let mut nodes = 0usize;
    loop {
        let (event, mark) = parser.next_token().map_err(|e| YamlError {
            line: e.marker().line(),
            column: e.marker().col() + 1,
            reason: e.info().to_string(),
        })?;
        let err = |reason: String| YamlError {
            line: mark.line(),
            column: mark.col() + 1,
            reason,
        };
        let value = match event {
            Event::StreamEnd => break,
            Event::DocumentEnd if root.is_some() => break,
            Event::Nothing | Event::StreamStart | Event::DocumentStart | Event::DocumentEnd => {
                continue
            }
            Event::SequenceStart(ref anchor, ref tag)
            | Event::MappingStart(ref anchor, ref tag) => {
                let anchor = *anchor;
                check_collection_tag(tag.as_ref()).map_err(&err)?;
                if stack.len() >= MAX_DEPTH {
                    return Err(err(format!("nesting deeper than {MAX_DEPTH} levels")));
                }
                let frame = if matches!(event, Event::SequenceStart(..)) {
                    Frame::List(Vec::new(), anchor)
                } else {
                    Frame::Map(Vec::new(), None, anchor)
                };
                stack.push(frame);
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, anchor) = match stack.pop() {
                    Some(Frame::List(items, anchor)) => (Value::List(items), anchor),
                    Some(Frame::Map(entries, _, anchor)) => (Value::Map(entries), anchor),
                    None => return Err(err("unbalanced collection".into())),
                };
                if anchor != 0 {
                    anchors.insert(anchor, value.clone());
                }
                value
            }
            Event::Scalar(text, style, anchor, tag) => {
                let value = scalar(text, style, tag.as_ref()).map_err(|reason| {
                    // The parser's mark is past a scalar's end; a tag's own
                    // place in the text is where a person should look.
                    match tag.as_ref().map(|t| format!("{}{}", t.handle, t.suffix)) {
                        Some(written) => at_text(yaml, &written, reason),
                        None => err(reason),
                    }
                })?;
                if anchor != 0 {
                    anchors.insert(anchor, value.clone());
                }
                value
            }
            Event::Alias(id) => {
                let value = anchors
                    .get(&id)
                    .cloned()
                    .ok_or_else(|| err("alias to an unknown anchor".into()))?;
                nodes += count_nodes(&value);
                value
            }
        };
        nodes += 1;
        if nodes > MAX_NODES {
            return Err(err(format!(
                "front matter expands to more than {MAX_NODES} values (alias bomb?)"
            )));
        }
        let top_level = stack.len() == 1;
        match stack.last_mut() {
            None => root = Some(value),
            Some(Frame::List(items, _)) => items.push(value),
            Some(Frame::Map(entries, pending, _)) => match pending.take() {
                None => *pending = Some(key_text(&value)),
                Some(key) => match entries.iter_mut().find(|(k, _)| *k == key) {
                    Some(slot) => {
                        if top_level {
                            repeated_keys.push(key);
                        }
                        slot.1 = value;
                    }
                    None => entries.push((key, value)),
                },
            },
        }
    }
    match root {
        None | Some(Value::Null) => Ok(Loaded::default()),
        Some(Value::Map(entries)) => Ok(Loaded {
            entries,
            repeated_keys,
        }),
        Some(_) => Err(YamlError {
            line: 1,
            column: 1,
            reason: "front matter is not a mapping of keys to values".into(),
        }),
    }
}

/// An error placed at the first occurrence of `needle` in `yaml`.
fn at_text(yaml: &str, needle: &str, reason: String) -> YamlError {
    let at = yaml.find(needle).unwrap_or(0);
    let line = yaml[..at].matches('\n').count() + 1;
    let column = yaml[..at]
        .rsplit('\n')
        .next()
        .map_or(0, |l| l.chars().count())
        + 1;
    YamlError {
        line,
        column,
        reason,
    }
}

fn count_nodes(value: &Value) -> usize {
    let mut count = 0;
    let mut todo = vec![value];
    while let Some(v) = todo.pop() {
        count += 1;
        match v {
            Value::List(items) => todo.extend(items),
            Value::Map(entries) => todo.extend(entries.iter().map(|(_, v)| v)),
            _ => {}
        }
    }
    count
}

fn key_text(value: &Value) -> String {
    value.as_text().unwrap_or_else(|| match value {
        Value::Null => String::new(),
        other => other.to_json().to_string(),
    })
}

const CORE_TAG: &str = "tag:yaml.org,2002:";

fn core_suffix(tag: &Tag) -> Option<&str> {
    match tag.handle.as_str() {
        CORE_TAG | "!!" => Some(tag.suffix.as_str()),
        _ => None,
    }
}

fn unsupported(tag: &Tag) -> String {
    format!(
        "unsupported YAML tag {}{} (Gazette reads plain YAML only)",
        tag.handle, tag.suffix
    )
}

fn check_collection_tag(tag: Option<&Tag>) -> Result<(), String> {
    match tag {
        None => Ok(()),
        Some(t) if matches!(core_suffix(t), Some("map" | "seq" | "omap")) => Ok(()),
        Some(t) if t.handle == "!" && t.suffix.is_empty() => Ok(()),
        Some(t) => Err(unsupported(t)),
    }
}

fn scalar(text: String, style: TScalarStyle, tag: Option<&Tag>) -> Result<Value, String> {
    if let Some(tag) = tag {
        return match core_suffix(tag) {
            Some("str") => Ok(Value::String(text)),
            Some("null") => Ok(Value::Null),
            Some("bool" | "int" | "float" | "timestamp") => Ok(plain(text)),
            _ if tag.handle == "!" && tag.suffix.is_empty() => Ok(Value::String(text)),
            _ => Err(unsupported(tag)),
        };
    }
    Ok(match style {
        TScalarStyle::Plain => plain(text),
        _ => Value::String(text),
    })
}

static INT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-+]?0b[01_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+)$")
        .expect("valid regex")
});
static BASE60: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$").expect("valid regex"));
static FLOAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[-+]?(?:[0-9][0-9_,]*)?\.[0-9]*(?:[eE][-+][0-9]+)?$").expect("valid regex")
});
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{4}-(?:1[012]|0\d|\d)-(?:[12]\d|3[01]|0\d|\d)$").expect("valid regex")
});
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?(?:\s*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?$",
    )
    .expect("valid regex")
});

/// Types a plain scalar as Psych's `ScalarScanner#tokenize` does.
pub(crate) fn plain(text: String) -> Value {
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    let lower = text.to_ascii_lowercase();
    if matches!(lower.as_str(), "yes" | "true" | "on") {
        return Value::Bool(true);
    }
    if matches!(lower.as_str(), "no" | "false" | "off") {
        return Value::Bool(false);
    }
    if DATE.is_match(&text) || TIME.is_match(&text) {
        return Value::Date(text);
    }
    if INT.is_match(&text) {
        if let Some(i) = parse_int(&text) {
            return Value::Int(i);
        }
        return Value::String(text);
    }
    if BASE60.is_match(&text) {
        if let Some(i) = parse_base60(&text) {
            return Value::Int(i);
        }
    }
    if FLOAT.is_match(&text) && text != "." {
        if let Ok(f) = text.replace(['_', ','], "").parse::<f64>() {
            return Value::Float(f);
        }
    }
    Value::String(text)
}

fn parse_int(text: &str) -> Option<i64> {
    let cleaned: String = text.chars().filter(|c| !matches!(c, '_' | ',')).collect();
    let (negative, digits) = match cleaned.as_bytes().first() {
        Some(b'-') => (true, &cleaned[1..]),
        Some(b'+') => (false, &cleaned[1..]),
        _ => (false, cleaned.as_str()),
    };
    let magnitude = if let Some(hex) = digits.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()?
    } else if let Some(bin) = digits.strip_prefix("0b") {
        i64::from_str_radix(bin, 2).ok()?
    } else if digits.len() > 1 && digits.starts_with('0') {
        i64::from_str_radix(&digits[1..], 8).ok()?
    } else {
        digits.parse::<i64>().ok()?
    };
    Some(if negative { -magnitude } else { magnitude })
}

fn parse_base60(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let mut total: i64 = 0;
    for part in digits.split(':') {
        let n: i64 = part.replace('_', "").parse().ok()?;
        total = total.checked_mul(60)?.checked_add(n)?;
    }
    Some(if negative { -total } else { total })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(yaml: &str) -> Value {
        load(yaml).unwrap().entries.remove(0).1
    }

    #[test]
    fn yaml_1_1_typing_of_plain_scalars() {
        assert_eq!(one("a: yes"), Value::Bool(true));
        assert_eq!(one("a: Off"), Value::Bool(false));
        assert_eq!(one("a: \"no\""), Value::String("no".into()));
        assert_eq!(one("a: 2022"), Value::Int(2022));
        assert_eq!(one("a: 012"), Value::Int(10));
        assert_eq!(one("a: 1:30"), Value::Int(90));
        assert_eq!(one("a: 3.0"), Value::Float(3.0));
        assert_eq!(one("a: '2022'"), Value::String("2022".into()));
        assert_eq!(one("a: 2024-05-01"), Value::Date("2024-05-01".into()));
        assert_eq!(
            one("a: 2022-01-22 07:50:57 +0800"),
            Value::Date("2022-01-22 07:50:57 +0800".into())
        );
        assert_eq!(one("a: nil"), Value::String("nil".into()));
        assert_eq!(one("a:"), Value::Null);
        assert_eq!(one("a: 1e5"), Value::String("1e5".into()));
    }

    #[test]
    fn keys_keep_their_order_and_lists_their_items() {
        let entries = load("z: 1\na: [x, y]\nm:\n  - p\nz: 2\n").unwrap();
        assert_eq!(entries.repeated_keys, ["z"]);
        let entries = entries.entries;
        let keys: Vec<_> = entries.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["z", "a", "m"]);
        assert_eq!(
            entries[1].1,
            Value::List(vec![Value::String("x".into()), Value::String("y".into())])
        );
    }

    #[test]
    fn ruby_tags_are_refused_with_a_position() {
        let e = load("title: x\ntest: !ruby/hash:DoesNotExist {}\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.reason.contains("!ruby/hash:DoesNotExist"), "{}", e.reason);
    }

    #[test]
    fn a_scalar_tag_error_points_at_the_tag() {
        let e = load("title: x\nfoo: !ruby/object:Foo\nbar: 1\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 6), "{e:?}");
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = i - 1;
            yaml.push_str(&format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        let e = load(&yaml).unwrap_err();
        assert!(e.reason.contains("alias bomb"), "{}", e.reason);
    }

    #[test]
    fn syntax_errors_and_non_mappings() {
        let e = load("title: x\nbad yaml: [\n").unwrap_err();
        assert!(e.line >= 2, "{e:?}");
        assert!(load("- a\n- b\n").is_err());
        assert_eq!(load("").unwrap(), Loaded::default());
        assert_eq!(load("# only a comment\n").unwrap(), Loaded::default());
    }

    #[test]
    fn deep_nesting_is_refused() {
        let yaml = format!("a: {}{}", "[".repeat(200), "]".repeat(200));
        assert!(load(&yaml).unwrap_err().reason.contains("nesting"));
    }
}
