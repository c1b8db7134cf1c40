//! Tests of the line-based front matter editor.

use super::*;

fn set(text: &str, key: &str, value: Value) -> String {
    apply(
        text,
        &[Edit::Set {
            key: key.into(),
            value,
        }],
    )
    .unwrap()
}

fn s(v: &str) -> Value {
    Value::String(v.into())
}

#[test]
fn only_the_edited_line_changes() {
    let text =
        "---\nlayout: post\ntitle: \"2022\" # old\nlang: \"no\"\n# c\ntags:\n  - 2022\n---\nbody\n";
    assert_eq!(
        set(text, "title", s("2023")),
        "---\nlayout: post\ntitle: \"2023\" # old\nlang: \"no\"\n# c\ntags:\n  - 2022\n---\nbody\n"
    );
    assert_eq!(
        set(text, "layout", s("no")),
        text.replace("layout: post", "layout: \"no\"")
    );
    assert_eq!(
        set(text, "layout", s("a: b")),
        text.replace("layout: post", "layout: \"a: b\"")
    );
}

#[test]
fn lists_keep_their_style() {
    let text = "---\ntags:\n  - a\n  - b\ncats: [x, y]\nz: 1\n---\n";
    let out = set(text, "tags", Value::List(vec![s("a"), s("b"), s("c, d")]));
    assert_eq!(
        out,
        "---\ntags:\n  - a\n  - b\n  - \"c, d\"\ncats: [x, y]\nz: 1\n---\n"
    );
    let out = set(text, "cats", Value::List(vec![s("x")]));
    assert_eq!(out, "---\ntags:\n  - a\n  - b\ncats: [x]\nz: 1\n---\n");
}

#[test]
fn crlf_new_keys_unset_rename() {
    let text = "---\r\ntitle: a\r\nx: 1\r\n---\r\nb";
    assert_eq!(
        set(text, "new", Value::Bool(true)),
        "---\r\ntitle: a\r\nx: 1\r\nnew: true\r\n---\r\nb"
    );
    let out = apply(text, &[Edit::Unset { key: "x".into() }]).unwrap();
    assert_eq!(out, "---\r\ntitle: a\r\n---\r\nb");
    let out = apply(
        text,
        &[Edit::Rename {
            from: "x".into(),
            to: "y z".into(),
        }],
    )
    .unwrap();
    assert_eq!(out, "---\r\ntitle: a\r\ny z: 1\r\n---\r\nb");
    assert_eq!(
        set("body only\n", "title", s("T")),
        "---\ntitle: T\n---\nbody only\n"
    );
}

#[test]
fn an_indented_top_level_mapping() {
    let text = "---\n layout: post\n title:  a\n tags: x\n---\n";
    assert_eq!(
        set(text, "title", s("b: c")),
        "---\n layout: post\n title:  \"b: c\"\n tags: x\n---\n"
    );
    assert_eq!(
        set(text, "new", Value::Int(1)),
        "---\n layout: post\n title:  a\n tags: x\n new: 1\n---\n"
    );
}

#[test]
fn unusual_layouts_are_refused_not_guessed() {
    let text = "---\na: 1\na: 2\n---\n";
    assert!(matches!(
        apply(
            text,
            &[Edit::Set {
                key: "a".into(),
                value: Value::Int(3)
            }]
        ),
        Err(EditError::Repeated(_))
    ));
    let text = "---\n? complex\n: value\nb: 1\n---\n";
    assert!(matches!(
        apply(
            text,
            &[Edit::Set {
                key: "b".into(),
                value: Value::Int(3)
            }]
        ),
        Err(EditError::Unsupported { .. })
    ));
}

#[test]
fn values_typed_as_psych_reads_them() {
    assert_eq!(parse_value("2023").unwrap(), Value::Int(2023));
    assert_eq!(parse_value("\"2023\"").unwrap(), s("2023"));
    assert_eq!(
        parse_value("[a, b]").unwrap(),
        Value::List(vec![s("a"), s("b")])
    );
    for tricky in [
        "no",
        "2023",
        "a: b",
        "#x",
        "- x",
        "1.5",
        "~",
        "",
        " pad",
        "x #y",
        "it's",
        "say \"hi\"",
        "line\nbreak",
        "2024-05-01",
        "[x]",
        "@home",
        "%",
    ] {
        let out = set("---\ntitle: t\n---\n", "title", s(tricky));
        let loaded = load(&out[4..out.len() - 4]).unwrap();
        assert_eq!(loaded.entries[0].1, s(tricky), "{out}");
    }
}
