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

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::TScalarStyle;

use super::quoted;
use super::scalar::{
    check_mapping_tag, scalar, sequence_kind, tag_text, tokenize, Refused, SequenceKind,
};

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

/// What kind of node a value came from: Psych's merge key (`<<`) treats
/// them differently.
#[derive(Clone, Copy, PartialEq)]
enum Node {
    Scalar,
    Alias,
    Sequence,
    Mapping,
}

enum Frame {
    List(Vec<Value>, usize, SequenceKind),
    /// Entries, the pending key (with whether it is a merge key `<<`), the
    /// anchor.
    Map(Vec<(String, Value)>, Option<(String, bool)>, usize),
}

/// A loaded front matter block.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Loaded {
    /// The top-level entries, keys in file order.
    pub entries: Vec<(String, Value)>,
    /// Top-level keys written more than once (Jekyll keeps the last value).
    pub repeated_keys: Vec<String>,
    /// Plain scalars Psych reads as Ruby symbols (`:sym`), which Jekyll's
    /// `safe_load` refuses, dropping the whole block (Jekyll logs the error
    /// and builds the post without its front matter; a `_config.yml`
    /// holding one does not load). They are read here as strings, so that a
    /// site's `_config.yml` stays readable; a post holding one is refused
    /// ([`crate::post::PostFile::parse`]).
    pub symbols: Vec<YamlError>,
}

/// Most quoted scalars one block may have re-indented (see [`load`]).
const MAX_REPAIRS: usize = 256;

/// Loads one front matter block as Jekyll does (Psych 4 `safe_load`, Date
/// and Time permitted, aliases allowed).
///
/// Returns the top-level entries in order: an empty block (or one holding
/// only comments, `~` or `false`) gives no entries. Values are typed as
/// Psych types them (see `scalar.rs`); merge keys (`<<: *base`) merge as
/// Psych merges them.
///
/// Psych's libyaml accepts quoted scalars whose continuation lines are not
/// indented (`title: "abc` then `def"` at column 0); yaml-rust2 refuses them
/// ("invalid indentation in quoted scalar"). Such a scalar is re-read with
/// its continuation lines indented, which leaves its value unchanged: YAML
/// drops a quoted scalar's leading white space on continuation lines (YAML
/// 1.1 §9.1.1 and §9.2.1, "line folding"), and libyaml checks no
/// indentation there. Flow collections continued at column 0 and a tab
/// after a mapping's `:` are re-read the same way (`quoted.rs`).
///
/// # Errors
/// [`YamlError`] for what Psych refuses: YAML syntax errors, control
/// characters, a top level that is a list or a string, Ruby symbols
/// (`:sym`), tags naming Ruby classes (`!ruby/object:…`). Also, where
/// Gazette refuses on purpose: alias bombs (more than 100000 values after
/// aliases), an alias inside its own anchor and nesting deeper than 64
/// levels.
pub fn load(yaml: &str) -> Result<Loaded, YamlError> {
    check_characters(yaml)?;
    // libyaml reads NEL (U+0085) as a line break, as YAML 1.1 says;
    // yaml-rust2 (YAML 1.2) does not.
    let mut text = std::borrow::Cow::Borrowed(yaml);
    if yaml.contains('\u{85}') {
        text = std::borrow::Cow::Owned(yaml.replace('\u{85}', "\n"));
    }
    for _ in 0..MAX_REPAIRS {
        match load_once(&text) {
            Err(e) => {
                let repaired = match e.reason.as_str() {
                    "invalid indentation in quoted scalar" => {
                        quoted::indent_continuations(&text, e.line, e.column)
                    }
                    "invalid indentation in flow construct" => {
                        quoted::indent_flow_line(&text, e.line)
                    }
                    "':' must be followed by a valid YAML whitespace" => {
                        quoted::space_after_colon(&text, e.line, e.column)
                    }
                    _ => None,
                };
                match repaired {
                    Some(repaired) => text = std::borrow::Cow::Owned(repaired),
                    None => return Err(e),
                }
            }
            ok => return ok,
        }
    }
    load_once(&text)
}

/// libyaml's reader refuses every character outside YAML 1.1's printable
/// set (tab, line breaks, U+0020–U+007E, U+0085, U+00A0–U+D7FF,
/// U+E000–U+FFFD, U+10000 and up).
fn check_characters(yaml: &str) -> Result<(), YamlError> {
    let printable = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
            || c >= '\u{10000}'
    };
    match yaml.char_indices().find(|(_, c)| !printable(*c)) {
        None => Ok(()),
        Some((at, c)) => {
            let line = yaml[..at].matches('\n').count() + 1;
            let column = yaml[..at]
                .rsplit('\n')
                .next()
                .map_or(0, |l| l.chars().count())
                + 1;
            Err(YamlError {
                line,
                column,
                reason: format!(
                    "control character U+{:04X} (YAML does not allow it)",
                    c as u32
                ),
            })
        }
    }
}

fn load_once(yaml: &str) -> Result<Loaded, YamlError> {
    let mut repeated_keys = Vec::new();
    let mut symbols = Vec::new();
    let mut written_keys: Vec<String> = Vec::new();
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
        let mut merge_key = false;
        let (value, node) = match event {
            Event::StreamEnd => break,
            Event::DocumentEnd if root.is_some() => break,
            Event::Nothing | Event::StreamStart | Event::DocumentStart | Event::DocumentEnd => {
                continue
            }
            Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                let tag = tag.as_ref().map(|t| tag_text(&t.handle, &t.suffix));
                if stack.len() >= MAX_DEPTH {
                    return Err(err(format!("nesting deeper than {MAX_DEPTH} levels")));
                }
                let frame = if matches!(event, Event::SequenceStart(..)) {
                    Frame::List(
                        Vec::new(),
                        anchor,
                        sequence_kind(tag.as_deref()).map_err(&err)?,
                    )
                } else {
                    check_mapping_tag(tag.as_deref()).map_err(&err)?;
                    Frame::Map(Vec::new(), None, anchor)
                };
                stack.push(frame);
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, anchor, node) = match stack.pop() {
                    Some(Frame::List(items, anchor, SequenceKind::List)) => {
                        (Value::List(items), anchor, Node::Sequence)
                    }
                    Some(Frame::List(items, anchor, SequenceKind::OrderedMap)) => {
                        (ordered_map(items).map_err(err)?, anchor, Node::Sequence)
                    }
                    Some(Frame::Map(entries, _, anchor)) => {
                        (Value::Map(entries), anchor, Node::Mapping)
                    }
                    None => return Err(err("unbalanced collection".into())),
                };
                if anchor != 0 {
                    anchors.insert(anchor, value.clone());
                }
                (value, node)
            }
            Event::Scalar(mut text, style, anchor, tag) => {
                let tag = tag.as_ref().map(|t| tag_text(&t.handle, &t.suffix));
                let block = matches!(style, TScalarStyle::Literal | TScalarStyle::Folded);
                if block && !text.is_empty() && text.chars().all(|c| c == '\n') {
                    // A block scalar with no content: clip and strip
                    // chomping give "" (YAML 1.1 §9.3.2; libyaml), only `+`
                    // keeps the line breaks. yaml-rust2 gives "\n".
                    let indicator: String = yaml
                        .chars()
                        .skip(mark.index())
                        .take_while(|c| !c.is_whitespace())
                        .collect();
                    if !indicator.contains('+') {
                        text.clear();
                    }
                }
                let quoted = style != TScalarStyle::Plain;
                let value = match scalar(&text, quoted, tag.as_deref()) {
                    Ok(value) => value,
                    Err(Refused::Symbol(reason)) => {
                        symbols.push(err(reason));
                        Value::String(text.clone())
                    }
                    // The parser's mark is past a scalar's end; a tag's own
                    // place in the text is where a person should look.
                    Err(Refused::Other(reason)) => match &tag {
                        Some(t) if yaml.contains(t.as_str()) => {
                            return Err(at_text(yaml, t, reason))
                        }
                        _ => return Err(err(reason)),
                    },
                };
                merge_key = text == "<<" && value == Value::String("<<".into());
                if anchor != 0 {
                    anchors.insert(anchor, value.clone());
                }
                (value, Node::Scalar)
            }
            Event::Alias(id) => {
                let value = anchors.get(&id).cloned().ok_or_else(|| {
                    err("alias to an unknown anchor, or inside its own anchor (a cycle)".into())
                })?;
                nodes += count_nodes(&value);
                (value, Node::Alias)
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
            Some(Frame::List(items, _, _)) => items.push(value),
            Some(Frame::Map(entries, pending, _)) => match pending.take() {
                None => *pending = Some((key_text(&value), merge_key)),
                Some((_, true)) if merge(entries, &value, node) => {}
                Some((key, _)) => {
                    if top_level {
                        if written_keys.contains(&key) {
                            repeated_keys.push(key.clone());
                        } else {
                            written_keys.push(key.clone());
                        }
                    }
                    set(entries, key, value);
                }
            },
        }
    }
    match root {
        None | Some(Value::Null) | Some(Value::Bool(false)) => Ok(Loaded::default()),
        Some(Value::Map(entries)) => Ok(Loaded {
            entries,
            repeated_keys,
            symbols,
        }),
        Some(_) => Err(YamlError {
            line: 1,
            column: 1,
            reason: "front matter is not a mapping of keys to values".into(),
        }),
    }
}

/// Sets `key` as Ruby's `Hash#[]=` does: a key already there keeps its
/// place and takes the new value.
fn set(entries: &mut Vec<(String, Value)>, key: String, value: Value) {
    match entries.iter_mut().find(|(k, _)| *k == key) {
        Some(slot) => slot.1 = value,
        None => entries.push((key, value)),
    }
}

/// Psych's merge key (`revive_hash`): a map (written, or an alias) is merged
/// in, later keys winning; a written list of maps is merged first one
/// winning. Returns false when Psych keeps `<<` as an ordinary key instead
/// (a scalar, an alias to a list, a list holding something else).
fn merge(entries: &mut Vec<(String, Value)>, value: &Value, node: Node) -> bool {
    match (value, node) {
        (Value::Map(source), Node::Mapping | Node::Alias) => {
            for (k, v) in source {
                set(entries, k.clone(), v.clone());
            }
            true
        }
        (Value::List(items), Node::Sequence) => {
            let mut merged = Vec::new();
            for item in items.iter().rev() {
                let Value::Map(source) = item else {
                    return false;
                };
                for (k, v) in source {
                    set(&mut merged, k.clone(), v.clone());
                }
            }
            for (k, v) in merged {
                set(entries, k, v);
            }
            true
        }
        _ => false,
    }
}

/// `!!omap` on a sequence: each item's single key and value, in order.
fn ordered_map(items: Vec<Value>) -> Result<Value, String> {
    let mut entries = Vec::new();
    for item in items {
        match item {
            Value::Map(mut pair) if !pair.is_empty() => {
                let (k, v) = pair.swap_remove(0);
                set(&mut entries, k, v);
            }
            _ => return Err("an !!omap item is not a key and a value".into()),
        }
    }
    Ok(Value::Map(entries))
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

/// Types a plain scalar as Psych's `ScalarScanner#tokenize` does; `None`
/// for what Psych refuses (a `:symbol`).
pub(crate) fn plain(text: &str) -> Option<Value> {
    tokenize(text).ok()
}

#[cfg(test)]
mod tests;
