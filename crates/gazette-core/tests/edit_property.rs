//! Property: over generated front matter (keys written in many styles, with
//! comments, blank lines, CRLF), parse → edit one key → parse gives the
//! edited value and every other key unchanged, and no line outside the
//! edited key changes.

use gazette_core::front_matter::{apply_edits, load, split, Edit, Value};
use proptest::prelude::*;

/// A value and one way of writing it.
fn written_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z\u{4e00}-\u{4e20}]{1,8}".prop_map(|s| s),
        "[a-z ]{0,6}".prop_map(|s| format!("\"{s}\"")),
        "[a-z']{0,6}".prop_map(|s| format!("'{}'", s.replace('\'', "''"))),
        (0i64..3000).prop_map(|n| n.to_string()),
        prop_oneof![Just("yes"), Just("no"), Just("true"), Just("~"), Just("")]
            .prop_map(str::to_string),
        Just("2024-05-01 10:00:00 +0800".to_string()),
        prop::collection::vec("[a-z\u{4e00}-\u{4e10}]{1,4}", 0..4)
            .prop_map(|v| format!("[{}]", v.join(", "))),
        prop::collection::vec("[a-z0-9]{1,4}", 1..4)
            .prop_map(|v| v.iter().map(|i| format!("\n  - {i}")).collect::<String>()),
        "[a-z]{1,5}".prop_map(|s| format!("|\n  {s}\n  more")),
        "[a-z]{1,5}".prop_map(|s| format!("{s} # note")),
    ]
}

/// New values an edit may set, including ones YAML 1.1 would misread.
fn new_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<String>().prop_map(Value::String),
        prop_oneof![
            Just("no"),
            Just("2023"),
            Just("a: b"),
            Just("#x"),
            Just("- y"),
            Just(" lead"),
            Just("[z]"),
            Just("'q'")
        ]
        .prop_map(|s| Value::String(s.to_string())),
        any::<i64>().prop_map(Value::Int),
        any::<bool>().prop_map(Value::Bool),
        prop::collection::vec("[^\u{0}-\u{1f}]{0,6}", 0..4)
            .prop_map(|v| Value::List(v.into_iter().map(Value::String).collect())),
    ]
}

fn front_matter() -> impl Strategy<Value = (String, Vec<String>)> {
    (
        prop::collection::vec((written_value(), any::<bool>(), any::<bool>()), 1..8),
        any::<bool>(),
    )
        .prop_map(|(values, crlf)| {
            let eol = if crlf { "\r\n" } else { "\n" };
            let mut yaml = String::new();
            let mut keys = Vec::new();
            for (i, (value, comment, blank)) in values.into_iter().enumerate() {
                let key = format!("key{i}");
                if comment {
                    yaml.push_str(&format!("# about {key}{eol}"));
                }
                let sep = if value.starts_with('\n') || value.is_empty() {
                    ""
                } else {
                    " "
                };
                yaml.push_str(&format!("{key}:{sep}{}{eol}", value.replace('\n', eol)));
                if blank {
                    yaml.push_str(eol);
                }
                keys.push(key);
            }
            (format!("---{eol}{yaml}---{eol}body{eol}"), keys)
        })
}

fn entries(text: &str) -> Vec<(String, Value)> {
    let range = split(text).yaml.expect("front matter");
    load(&text[range]).expect("valid YAML").entries
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => x == y || (x.is_nan() && y.is_nan()),
        _ => a == b,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn setting_one_key_changes_only_that_key((text, keys) in front_matter(), which in any::<prop::sample::Index>(), value in new_value()) {
        let key = which.get(&keys).clone();
        let before = entries(&text);
        let out = apply_edits(&text, &[Edit::Set { key: key.clone(), value: value.clone() }]).expect("edit applies");
        let after = entries(&out);
        prop_assert_eq!(before.len(), after.len());
        for ((k0, v0), (k1, v1)) in before.iter().zip(&after) {
            prop_assert_eq!(k0, k1);
            if *k0 == key {
                prop_assert!(same(v1, &value), "{:?} != {:?} in\n{}", v1, value, out);
            } else {
                prop_assert!(same(v0, v1), "{} changed in\n{}", k0, out);
            }
        }
        // Lines of other keys, comments and the body are all still there, in order.
        let key_prefix = format!("{key}:");
        let kept: Vec<&str> = text.split_inclusive('\n').collect();
        let mut out_lines = out.split_inclusive('\n');
        let mut in_key = false;
        for line in kept {
            if line.starts_with(&key_prefix) { in_key = true; continue; }
            if in_key && (line.starts_with(' ') || line.starts_with('-')) { continue; }
            in_key = false;
            prop_assert!(out_lines.any(|l| l == line), "lost line {:?} in\n{}", line, out);
        }
    }

    #[test]
    fn unset_and_rename_keep_the_rest((text, keys) in front_matter(), which in any::<prop::sample::Index>()) {
        let key = which.get(&keys).clone();
        let before = entries(&text);
        let out = apply_edits(&text, &[Edit::Rename { from: key.clone(), to: "renamed".into() }]).expect("rename");
        let renamed: Vec<_> = before.iter().map(|(k, v)| (if *k == key { "renamed".to_string() } else { k.clone() }, v.clone())).collect();
        prop_assert_eq!(entries(&out).len(), renamed.len());
        let out = apply_edits(&text, &[Edit::Unset { key: key.clone() }]).expect("unset");
        let left: Vec<_> = before.into_iter().filter(|(k, _)| *k != key).collect();
        let after = entries(&out);
        prop_assert_eq!(after.len(), left.len());
        for ((k0, v0), (k1, v1)) in left.iter().zip(&after) {
            prop_assert_eq!(k0, k1);
            prop_assert!(same(v0, v1));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// Any text at all: an edit either applies (and then reads back as asked,
    /// which `apply_edits` checks itself) or is refused; it never panics.
    #[test]
    fn edits_of_arbitrary_front_matter_never_panic(
        yaml in prop::collection::vec(prop_oneof![
            Just("title: a\n".to_string()), Just(" k: v\n".to_string()), Just("- x\n".to_string()),
            Just("? q\n".to_string()), Just("t: |\n  b\n".to_string()), Just("# c\n".to_string()),
            Just("\"q k\": 1 # n\n".to_string()), Just("title: [a, 'b\n".to_string()), Just("\r\n".to_string()),
            "[\\PC]{0,12}".prop_map(|s| s + "\n"),
        ], 0..8),
        value in new_value(),
    ) {
        let text = format!("---\n{}---\nbody\n", yaml.concat());
        for edit in [
            Edit::Set { key: "title".into(), value: value.clone() },
            Edit::Unset { key: "k".into() },
            Edit::Rename { from: "title".into(), to: "t2".into() },
        ] {
            let _ = apply_edits(&text, &[edit]);
        }
    }
}

/// Characters outside YAML's printable set (U+FFFE, U+FFFF, C1 controls)
/// are written as escapes, so the edit applies and reads back exactly (a
/// case `any::<String>()` found).
#[test]
fn non_printable_characters_are_escaped() {
    for s in [
        "\u{ffff}",
        "a\u{fffe}b",
        "\u{9c}",
        "\u{85}",
        "x\u{ffff}",
        "'q\u{ffff}'",
    ] {
        for text in ["---\nkey0: a\n---\nbody\n", "---\nkey0: 'a'\n---\nbody\n"] {
            let value = Value::String(s.to_string());
            let out = apply_edits(
                text,
                &[Edit::Set {
                    key: "key0".into(),
                    value: value.clone(),
                }],
            )
            .unwrap_or_else(|e| panic!("{s:?} in {text:?}: {e:?}"));
            let after = entries(&out);
            assert!(same(&after[0].1, &value), "{s:?}: {out}");
        }
    }
}
