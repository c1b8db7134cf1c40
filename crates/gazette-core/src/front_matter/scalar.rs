//! Typing one YAML scalar as Psych 4.0.3 does under `safe_load` with Date
//! and Time permitted (Jekyll's `Utils.safe_load_yaml`).
//!
//! Two Psych sources are followed line by line: `Psych::ScalarScanner#tokenize`
//! (plain scalars: YAML 1.1 booleans, nulls, integers, floats, base 60, dates,
//! times, `:symbols`) and `Psych::Visitors::ToRuby#deserialize` (what a tag
//! does: a quoted scalar without a tag is always a string; with a tag, the
//! tag decides: `!!str` a string, `!!float` a float, `!!binary` base64, Ruby
//! classes refused, and every other tag, `!!int`, `!!null`, `!custom` or `!`,
//! is ignored and the text tokenized as if plain, quotes or not).
//!
//! What Psych refuses under `safe_load` (a Symbol, a Regexp, a Range, any
//! `!ruby/…` class) is an error here: Jekyll then logs the error and builds
//! the post without its front matter. Gazette also refuses the `!ruby/…`
//! scalar tags Psych ignores (`!ruby/object:Foo x` reads as "x" there).

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::yaml::Value;

/// Why Psych does not give a plain value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Refused {
    /// A `:symbol`: `safe_load` refuses the Symbol, so Jekyll drops the
    /// front matter. Kept apart so that `_config.yml` stays readable.
    Symbol(String),
    /// Anything else Psych refuses.
    Other(String),
}

static FIRST: LazyLock<Regex> = LazyLock::new(|| {
    // Ruby's `[[:alpha:]]` is Unicode's Alphabetic; its `\s` and `\d` are ASCII.
    Regex::new(r"^[^0-9.:-]?[\p{Alphabetic}_ \t\r\n\x0c\x0b!@#$%\^&*(){}<>|/\\~;=]+")
        .expect("valid regex")
});
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?(?:\s*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?$",
    )
    .expect("valid regex")
});
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{4}-(?:1[012]|0\d|\d)-(?:[12]\d|3[01]|0\d|\d)$").expect("valid regex")
});
static BASE60_INT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9]){1,2}$").expect("valid regex"));
static BASE60_FLOAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9]){1,2}\.[0-9_]*$").expect("valid regex")
});
static FLOAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[-+]?(?:[0-9][0-9_,]*)?\.[0-9]*(?:[eE][-+][0-9]+)?$").expect("valid regex")
});
static INT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-+]?0b[01_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+)$")
        .expect("valid regex")
});

/// Types a plain scalar's text as `ScalarScanner#tokenize`.
///
/// # Errors
/// A `:symbol` (Psych makes a Symbol, which `safe_load` refuses), and an
/// integer Ruby's `Integer()` cannot read (`0x`, `0b_`).
pub(crate) fn tokenize(text: &str) -> Result<Value, Refused> {
    if text.is_empty() {
        return Ok(Value::Null);
    }
    let lower = text.to_lowercase();
    if FIRST.is_match(text) || text.contains('\n') {
        // Psych's first test: text that starts like a word is a string,
        // unless it is one of the short YAML 1.1 words.
        return Ok(match lower.as_str() {
            _ if text.chars().count() > 5 => Value::String(text.to_string()),
            "~" | "null" => Value::Null,
            "yes" | "true" | "on" => Value::Bool(true),
            "no" | "false" | "off" => Value::Bool(false),
            _ => Value::String(text.to_string()),
        });
    }
    if TIME.is_match(text) {
        return Ok(if ruby_time_is_valid(text) {
            Value::Date(text.to_string())
        } else {
            Value::String(text.to_string())
        });
    }
    if DATE.is_match(text) {
        let mut parts = text.split('-').map(|p| p.parse::<u32>().unwrap_or(0));
        let (y, m, d) = (parts.next(), parts.next(), parts.next());
        let valid = NaiveDate::from_ymd_opt(y.unwrap_or(0) as i32, m.unwrap_or(0), d.unwrap_or(0));
        return Ok(match valid {
            Some(_) => Value::Date(text.to_string()),
            None => Value::String(text.to_string()),
        });
    }
    match lower.as_str() {
        ".inf" | "+.inf" => return Ok(Value::Float(f64::INFINITY)),
        "-.inf" => return Ok(Value::Float(f64::NEG_INFINITY)),
        ".nan" => return Ok(Value::Float(f64::NAN)),
        _ => {}
    }
    if text.starts_with(':') && text.chars().count() > 1 {
        return Err(Refused::Symbol(format!(
            "`{text}` is a Ruby symbol to Psych, which Jekyll refuses (safe_load), dropping the whole front matter: quote it"
        )));
    }
    if BASE60_INT.is_match(text) {
        // Psych 4's sum (`n * 60 ** (e - 2).abs`), which is not YAML 1.1's
        // base 60 for two parts (`1:30` is 5400 to Psych, not 90).
        let mut total: i128 = 0;
        for (e, part) in text.split(':').enumerate() {
            let n: i128 = part.replace('_', "").parse().unwrap_or(0);
            total += n * 60i128.pow((e as i32 - 2).unsigned_abs());
        }
        return Ok(
            i64::try_from(total).map_or_else(|_| Value::String(text.to_string()), Value::Int)
        );
    }
    if BASE60_FLOAT.is_match(text) {
        let mut total = 0.0;
        for (e, part) in text.split(':').enumerate() {
            let n: f64 = ruby_to_f(part);
            total += n * 60f64.powi((e as i32 - 2).abs());
        }
        return Ok(Value::Float(total));
    }
    if FLOAT.is_match(text) {
        if matches!(text, "." | "+." | "-.") {
            return Ok(Value::String(text.to_string()));
        }
        let cleaned = text
            .replace([',', '_'], "")
            .replace(".e", "e")
            .replace(".E", "E");
        let cleaned = cleaned.strip_suffix('.').unwrap_or(&cleaned);
        return cleaned
            .parse::<f64>()
            .map(Value::Float)
            .map_err(|_| Refused::Other(format!("Psych cannot read the number `{text}`")));
    }
    if INT.is_match(text) {
        return parse_int(text)
            .ok_or_else(|| Refused::Other(format!("Psych cannot read the number `{text}`")));
    }
    Ok(Value::String(text.to_string()))
}

/// Ruby's `String#to_f` on the digits base 60 takes (`[0-9_]*`, a `.`).
fn ruby_to_f(part: &str) -> f64 {
    let cleaned = part.replace('_', "");
    let cleaned = cleaned.strip_suffix('.').unwrap_or(&cleaned);
    cleaned.parse().unwrap_or(0.0)
}

/// Ruby's `Integer()` after Psych removes `,` and `_`: `0x` hex, `0b`
/// binary, a leading `0` octal. Beyond 64 bits the text is kept as a string.
fn parse_int(text: &str) -> Option<Value> {
    let cleaned: String = text.chars().filter(|c| !matches!(c, '_' | ',')).collect();
    let (negative, digits) = match cleaned.as_bytes().first() {
        Some(b'-') => (true, &cleaned[1..]),
        Some(b'+') => (false, &cleaned[1..]),
        _ => (false, cleaned.as_str()),
    };
    let (radix, digits) = if let Some(hex) = digits.strip_prefix("0x") {
        (16, hex)
    } else if let Some(bin) = digits.strip_prefix("0b") {
        (2, bin)
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, &digits[1..])
    } else {
        (10, digits)
    };
    if digits.is_empty() {
        return None;
    }
    let magnitude = i128::from_str_radix(digits, radix);
    let value = magnitude
        .ok()
        .map(|m| if negative { -m } else { m })
        .and_then(|v| i64::try_from(v).ok());
    Some(value.map_or_else(|| Value::String(text.to_string()), Value::Int))
}

/// Whether Ruby's `Time.utc` (through Psych's `parse_time`) takes the
/// numbers of a text matching `TIME`: month 1–12, day 1–31 (a day past the
/// month's end rolls over, as Ruby does), hour 0–24, minute 0–59, second
/// 0–60. Psych keeps the text as a string when `Time.utc` refuses.
fn ruby_time_is_valid(text: &str) -> bool {
    let numbers: Vec<u32> = text
        .trim_start_matches('-')
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .take(6)
        .map(|s| s.parse().unwrap_or(u32::MAX))
        .collect();
    let [_, month, day, hour, minute, second] = numbers[..] else {
        return false;
    };
    // `Time.new` refuses an offset of a day or more (`+2400`).
    let offset_ok = text
        .rfind(['+', '-'])
        .filter(|&at| at > 10)
        .map(|at| &text[at + 1..])
        .is_none_or(|zone| {
            let digits: Vec<u32> = zone.split(':').map(|p| p.parse().unwrap_or(0)).collect();
            let (h, m) = match (zone.contains(':'), zone.len()) {
                (true, _) => (digits[0], digits.get(1).copied().unwrap_or(0)),
                (false, n) if n > 2 => (digits[0] / 100, digits[0] % 100),
                _ => (digits[0], 0),
            };
            h * 60 + m < 24 * 60
        });
    offset_ok
        && (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && (hour < 24 || (hour == 24 && minute == 0 && second == 0))
        && minute <= 59
        && second <= 60
}

/// The tag as libyaml reports it (`tag:yaml.org,2002:str` for `!!str`,
/// `!x`, `!`).
pub(crate) fn tag_text(handle: &str, suffix: &str) -> String {
    format!("{handle}{suffix}")
}

const CORE: &str = "tag:yaml.org,2002:";

fn refused(tag: &str) -> String {
    format!("the YAML tag {tag} names a Ruby class, which Jekyll refuses (Psych safe_load)")
}

/// A scalar as `ToRuby#deserialize` makes it: `quoted` is a single- or
/// double-quoted or block scalar, `tag` the tag as [`tag_text`] writes it.
///
/// # Errors
/// What Psych refuses (see the module docs), with a reason for a person.
pub(crate) fn scalar(text: &str, quoted: bool, tag: Option<&str>) -> Result<Value, Refused> {
    let Some(tag) = tag else {
        return if quoted {
            Ok(Value::String(text.to_string()))
        } else {
            tokenize(text)
        };
    };
    let str_tag = tag == format!("{CORE}str") || tag == "!str" || tag.starts_with("!str:");
    if str_tag {
        return match tag.split_once(':') {
            Some((_, class)) if !tag.starts_with(CORE) && !class.is_empty() => {
                Err(Refused::Other(refused(tag)))
            }
            _ => Ok(Value::String(text.to_string())),
        };
    }
    if tag == "!binary" || tag == format!("{CORE}binary") {
        let bytes = base64(text);
        return String::from_utf8(bytes)
            .map(Value::String)
            .map_err(|_| Refused::Other("binary data (!!binary) that is not UTF-8 text".into()));
    }
    if tag == "!float" || tag == format!("{CORE}float") {
        return match tokenize(text)? {
            Value::Int(i) => Ok(Value::Float(i as f64)),
            Value::Float(f) => Ok(Value::Float(f)),
            Value::String(s) => ruby_float(&s)
                .map(Value::Float)
                .ok_or_else(|| Refused::Other(format!("!!float `{s}` is not a number Ruby reads"))),
            _ => Err(Refused::Other(format!(
                "!!float `{text}` is not a number Ruby reads"
            ))),
        };
    }
    // Psych ignores most `!ruby/…` tags on a scalar (`!ruby/object:Foo x`
    // is "x") and refuses the others; Gazette refuses them all, so that a
    // block naming Ruby classes is flagged, never half read.
    let ruby_class = tag.starts_with("!ruby/")
        || matches!(
            tag,
            "!ruby/object:BigDecimal"
                | "!ruby/object:DateTime"
                | "!ruby/encoding"
                | "!ruby/object:Complex"
                | "!ruby/object:Rational"
                | "!ruby/class"
                | "!ruby/module"
                | "!ruby/regexp"
                | "!ruby/range"
        );
    if ruby_class {
        return Err(Refused::Other(refused(tag)));
    }
    tokenize(text)
}

/// Ruby's `Float()` on a string: decimal with an exponent, `0x` hex,
/// `_` between digits, spaces around.
fn ruby_float(text: &str) -> Option<f64> {
    let t = text.trim();
    if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return i64::from_str_radix(hex, 16).ok().map(|i| i as f64);
    }
    if t.starts_with('_') || t.ends_with('_') || t.contains("__") {
        return None;
    }
    let cleaned = t.replace('_', "");
    if cleaned.ends_with('.') || cleaned.starts_with('.') || cleaned.contains(".e") {
        return None;
    }
    cleaned
        .parse()
        .ok()
        .filter(|_| !cleaned.contains(['i', 'I', 'n', 'N']))
}

/// Ruby's `unpack('m')`: base64, other characters skipped, stopping at `=`.
fn base64(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// What a sequence's tag makes of it (`visit_Psych_Nodes_Sequence`).
pub(crate) enum SequenceKind {
    /// A plain list: no tag, `!!seq`, or any tag Psych ignores.
    List,
    /// `!!omap`: a map from each item's (single) key and value.
    OrderedMap,
}

/// # Errors
/// `!seq:Class` and `!ruby/array:Class`, which name a Ruby class (and, as
/// for scalars, every other `!ruby/…` tag).
pub(crate) fn sequence_kind(tag: Option<&str>) -> Result<SequenceKind, String> {
    match tag {
        Some(t) if t == "!omap" || t == format!("{CORE}omap") => Ok(SequenceKind::OrderedMap),
        Some(t) if t.starts_with("!seq:") || t.starts_with("!ruby/") => Err(refused(t)),
        _ => Ok(SequenceKind::List),
    }
}

/// # Errors
/// The mapping tags Psych turns into Ruby objects (`!ruby/object:Class`,
/// structs, exceptions, ranges, `!!set`, `!!omap` on a mapping, a string
/// built from a mapping): `safe_load` refuses them; Gazette also refuses
/// `!ruby/object:Hash`, which Psych reads as a map. No tag, `!!map` and
/// every other tag give a plain map.
pub(crate) fn check_mapping_tag(tag: Option<&str>) -> Result<(), String> {
    let Some(t) = tag else { return Ok(()) };
    let refused_tag = t.starts_with("!ruby/")
        || t.starts_with("!ruby/exception")
        || t.starts_with("!ruby/array:")
        || t.starts_with("!ruby/hash-with-ivars")
        || t.starts_with("!ruby/hash:")
        || t.starts_with("!str")
        || t.starts_with("!ruby/string")
        || t == format!("{CORE}str")
        || matches!(t, "!ruby/range" | "!set" | "!omap")
        || t == format!("{CORE}set")
        || t == format!("{CORE}omap");
    if refused_tag {
        Err(refused(t))
    } else {
        Ok(())
    }
}
