//! Tests of reading front matter YAML as Psych does.

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
    // Psych 4's base 60 (`n * 60 ** (e - 2).abs`), not YAML 1.1's 90:
    // the real Psych is the judge (tests/psych.rs).
    assert_eq!(one("a: 1:30"), Value::Int(5400));
    assert_eq!(one("a: 1:30:00"), Value::Int(5400));
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

/// Issue 15: `title: "abc` then `def"` at column 0 was refused
/// ("invalid indentation in quoted scalar"); Psych reads "abc def".
#[test]
fn regression_quoted_title_continued_at_column_0() {
    assert_eq!(
        one("title: \"abc\ndef\"\n"),
        Value::String("abc def".into())
    );
    assert_eq!(one("title: 'a\n\nb'\n"), Value::String("a\nb".into()));
    assert_eq!(
        one("t: [a,\nb]\n"),
        Value::List(vec![Value::String("a".into()), Value::String("b".into())])
    );
    assert_eq!(one("t:\tb\n"), Value::String("b".into()));
}

#[test]
fn merge_keys_symbols_and_tags_as_psych() {
    let loaded = load("b: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\n").unwrap();
    assert_eq!(
        loaded.entries[1].1,
        Value::Map(vec![
            ("x".into(), Value::Int(1)),
            ("y".into(), Value::Int(3))
        ])
    );
    let loaded = load("a: :sym\n").unwrap();
    assert_eq!(loaded.symbols.len(), 1);
    assert_eq!(one("a: !!int '12'"), Value::Int(12));
    assert_eq!(one("a: !!float 1"), Value::Float(1.0));
    assert_eq!(one("a: 2024-02-30"), Value::String("2024-02-30".into()));
    assert!(load("a: !ruby/regexp /x/\n").is_err());
    assert!(load("a: \u{7}\n").is_err());
}

#[test]
fn deep_nesting_is_refused() {
    let yaml = format!("a: {}{}", "[".repeat(200), "]".repeat(200));
    assert!(load(&yaml).unwrap_err().reason.contains("nesting"));
}
