//! Generated inputs for the Psych differential test: tricky scalars in
//! several places of a block, hand-written documents for the constructs
//! front matter meets (multi-line flow scalars, block scalars, anchors,
//! tags, tabs, byte order marks, line endings, nesting, alias bombs, fences),
//! and a seeded random mix of both. Deterministic: the same inputs every run.

/// Plain and quoted scalars whose typing differs between YAML 1.1 (Psych),
/// YAML 1.2 and hand-written rules.
const SCALARS: &[&str] = &[
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "Yes",
    "NO",
    "On",
    "oFF",
    "true",
    "False",
    "TRUE",
    "~",
    "null",
    "Null",
    "NULL",
    "nil",
    "",
    "0x1f",
    "0x1F",
    "-0x1f",
    "0o17",
    "012",
    "-012",
    "09",
    "0b101",
    "0b",
    "0x",
    "1_000",
    "1,000",
    "1__0",
    "_1",
    "1_",
    "+1",
    "-0",
    "0",
    "00",
    "1:30",
    "-1:30",
    "190:20:30",
    "1:60",
    "1:2:3",
    "12:30:45.5",
    "1:30.5",
    ".inf",
    "-.inf",
    "+.inf",
    ".Inf",
    "-.INF",
    ".NaN",
    ".nan",
    ".NAN",
    "1.5",
    ".5",
    "1.",
    "-1.",
    "1.e+5",
    "1e5",
    "1.5e3",
    "1.5e+3",
    "1.5E-3",
    "+0.0",
    "-.5",
    "0.",
    ".",
    "1_000.5",
    "1,000.5",
    "3.14159265358979323846",
    "1e",
    "2024-05-01",
    "2024-5-1",
    "2024-02-30",
    "2024-02-29",
    "2023-02-29",
    "2024-13-01",
    "2024-00-10",
    "2024-05-00",
    "2024-05-01 10:00:00 +08:00",
    "2024-05-01 10:00:00 +0800",
    "2024-05-01 10:00:00 +08",
    "2024-05-01 10:00:00 +8",
    "2024-05-01T10:00:00Z",
    "2024-05-01t10:00:00z",
    "2024-05-01 10:00:00.123456 -07:00",
    "2024-05-01 10:00:00.5",
    "2024-05-01 10:00:00",
    "2024-05-01  10:00:00",
    "2024-05-01 10:00",
    "2024-05-01 1:00:00",
    "2024-05-01 25:00:00",
    "2024-02-31 10:00:00",
    "2024-05-01 10:00:00 Z",
    "2024-05-01 10:00:00 UTC",
    "2024-05-01 10:00:00 -0000",
    "2024-05-01T10:00:00+05:30",
    "2024-05-01 10:00:00 +14:00",
    "2024-05-01 10:00:60",
    "99999999999999999999",
    "-9223372036854775808",
    "9223372036854775807",
    "9223372036854775808",
    "0x7fffffffffffffffff",
    ":sym",
    ":\"quoted sym\"",
    ":'q'",
    "::",
    ":1",
    ": x",
    "a:b",
    "a: b",
    "http://example.com/a?b=c#d",
    "foo #bar",
    "foo#bar",
    "'it''s'",
    "\"\\u00e9\\x41\\n\\t\\\\\"",
    "''",
    "\"\"",
    "中文标题",
    "\"中文\"",
    "emoji 😀",
    "-",
    "--",
    "---x",
    "- x",
    "? x",
    "@x",
    "`x",
    "%x",
    "!x",
    "! x",
    "&a x",
    "*a",
    "[a, b]",
    "{a: 1}",
    "[]",
    "{}",
    "\"a\tb\"",
    "a\tb",
    "'a\\nb'",
    "\"a\\\nb\"",
    "<b>html</b>",
    "'single'",
    "\"double\"",
    "x: y: z",
    "\"x: y\"",
    "key: ",
    "a # c",
    "a #c",
    "#c",
    "| x",
    "> x",
    "0xGG",
    "+",
    "+-1",
    "1-1",
    "2024-05-01x",
    "20240501",
    "1.0.0",
    "v1.2",
    "1/2",
    "$100",
    "100%",
    "~x",
    "x~",
    "true false",
    "yes!",
    "'yes'",
    "\"on\"",
    "!!str 12",
    "!!int '12'",
    "!!int 012",
    "!!float 1",
    "!!float '1.5'",
    "!!bool yes",
    "!!bool 'yes'",
    "!!null ''",
    "!!null x",
    "!!str",
    "!!timestamp 2024-05-01",
    "!!timestamp '2024-05-01 10:00:00'",
    "!!binary aGVsbG8=",
    "!!binary /w==",
    "!<tag:yaml.org,2002:str> 12",
    "!ruby/object:Foo {}",
    "!ruby/hash:Foo {}",
    "!ruby/sym x",
    "!ruby/symbol x",
    "!ruby/regexp /x/",
    "!ruby/range 1..2",
    "!ruby/string x",
    "!ruby/array []",
    "!!python/str x",
    "!custom x",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!pairs [a: 1]",
    "!!seq [a]",
    "!!map {a: 1}",
    "!!str [a]",
    "\u{85}",
    "a\u{85}b",
    "a\u{2028}b",
    "\u{a0}x",
    "x\u{a0}",
    "\u{feff}x",
    "\u{200b}",
];

/// Where a scalar is put, `S` standing for it.
const PLACES: &[&str] = &[
    "key: S\n",
    "key: [S]\n",
    "key: [S, S]\n",
    "key:\n  - S\n",
    "key:\n- S\n",
    "key: {k: S}\n",
    "key:\n  k: S\n",
    "S: v\n",
    "title: t\nkey: S\nother: 1\n",
];

/// Whole front matter blocks (between the fences).
const DOCUMENTS: &[&str] = &[
    // Multi-line flow scalars, continuation lines not indented (issue 15).
    "title: \"abc\ndef\"\n",
    "title: \"abc\n  def\"\n",
    "title: \"abc\n\ndef\"\n",
    "title: \"abc\n\n\ndef\"\n",
    "title: \"abc   \n   def  \"\n",
    "title: \"abc\\\ndef\"\n",
    "title: 'abc\ndef'\n",
    "title: 'abc\n\ndef'\n",
    "title: 'it''s\nhere'\n",
    "title: \"abc\n- x\"\n",
    "title: \"abc\nkey: v\"\nnext: 1\n",
    "title: \"abc\n#not a comment\"\n",
    "title: \"abc\n...\"\n",
    "title: \"abc\n--- x\"\n",
    "title: \"中文\n标题\"\ndate: 2024-05-01\n",
    "a:\n  b: \"x\ny\"\n",
    "a:\n  b: \"x\n  y\"\n",
    "a:\n  b: 'x\ny'\n  c: 1\n",
    "list:\n- \"a\nb\"\n- c\n",
    "list:\n  - \"a\nb\"\n",
    "title: [a,\nb]\n",
    "title: [a,\n  b]\n",
    "title: {a: 1,\nb: 2}\n",
    "title: [\"a\nb\", c]\n",
    "tags: [a, b,\n]\n",
    "a: \"x\ty\"\n",
    "a: \"x\n\ty\"\n",
    "a: 'x\n\ty'\n",
    "a: \"x\r\ny\"\n",
    // Plain multi-line scalars.
    "title: abc\ndef\n",
    "title: abc\n  def\n",
    "title: abc\n\n  def\n",
    "a:\n  b: abc\n  def\n",
    "a:\n  b: abc\n   def\n",
    "title: abc\n  def: x\n",
    "title: abc #c\n  def\n",
    "- abc\n  def\n",
    "key: a\n  - b\n",
    // Block scalars.
    "a: |\n  x\n  y\n",
    "a: |\n  x\n\n  y\n\n\nb: 1\n",
    "a: |+\n  x\n\n\nb: 1\n",
    "a: |-\n  x\n\n",
    "a: >\n  x\n  y\n\n  z\n",
    "a: >-\n  x\n  y\n",
    "a: >+\n  x\n\n",
    "a: |2\n   x\n  y\n",
    "a: |\n    x\n  y\n",
    "a: |\nx\n",
    "a: |\n\n  x\n",
    "a: |\n  \tx\n",
    "a: |\n  x\n# c\nb: 2\n",
    "a: >\n  x\n    indented\n  y\n",
    "a: |\n",
    "a: >\n\nb: 1\n",
    "a: |1\n  x\n",
    "a: |10\n  x\n",
    "a: | # comment\n  x\n",
    // Anchors, aliases, merge keys.
    "a: &x 1\nb: *x\n",
    "a: &x {k: v}\nb: *x\n",
    "a: &x [1, 2]\nb: *x\nc: *x\n",
    "base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\n",
    "base: &b {x: 1}\nmore: &m {z: 2}\nc:\n  <<: [*b, *m]\n",
    "base: &b {x: 1}\n<<: *b\n",
    "<<: {a: 1}\nb: 2\n",
    "a: 0\n<<: {a: 1}\n",
    "<<: {a: 1}\na: 0\n",
    "<<: 1\n",
    "<<: [1]\n",
    "a: *nowhere\n",
    "a: &x [*x]\n",
    "a: &x\n  b: *x\n",
    "&x a: 1\nb: *x\n",
    "a: &x b\n*x : c\n",
    "a: &x b\n*x: c\n",
    "a: &x\nb: *x\n",
    "a: &x 1\na2: &x 2\nb: *x\n",
    // Keys.
    "a: 1\na: 2\n",
    "a: 1\nb: 2\na: 3\n",
    "title: x\nTitle: y\n",
    "? a\n: 1\n",
    "? [a, b]\n: c\n",
    "[a, b]: c\n",
    "{a: 1}: c\n",
    "~: a\n",
    ": a\n",
    "null: a\n",
    "1: a\n2: b\n",
    "1: a\n\"1\": b\n",
    "true: a\nyes: b\n",
    "2024-05-01: a\n",
    "1.5: a\n",
    "0x1f: a\n",
    "'quoted key': 1\n",
    "\"k\\ty\": 1\n",
    "中文: 1\n",
    "a b c: 1\n",
    "a:b: 1\n",
    "a::b: 1\n",
    "-a: 1\n",
    "a : 1\n",
    "a  :  1\n",
    "a:1\n",
    "? |\n  block key\n: v\n",
    // Tabs, spaces, comments.
    "a:\tb\n",
    "a: b\t\n",
    "a: b\t# c\n",
    "\ta: b\n",
    "a:\n\tb: c\n",
    "a:\n  b: c\n\t\n",
    "a: [\tb]\n",
    "a: b # c\n",
    "a: b# c\n",
    "a: \"b\" # c\n",
    "a: \"b\"# c\n",
    "# only a comment\n",
    "\n\n\n",
    "   \n",
    "a: 1\n# trailing comment",
    "a: 1\n   # indented comment\nb: 2\n",
    "a:   \n",
    "a: ''\nb: []\nc: {}\n",
    "a: -\n",
    "a: - b\n",
    "a: [,]\n",
    "a: [a, , b]\n",
    "a: {,}\n",
    "a: {b}\n",
    "a: {b, c: 1}\n",
    "a: [b: 1]\n",
    "a: [b: 1, c]\n",
    "a: {\"b\":1}\n",
    "a: {b:1}\n",
    "a: [b:1]\n",
    "a: {? b : 1}\n",
    // Indentation.
    "a:\n  - b\n  - c\n",
    "a:\n- b\n- c\nd: 1\n",
    "a:\n    b: 1\n  c: 2\n",
    "a:\n  b: 1\n c: 2\n",
    "a:\n  - b\n - c\n",
    "a:\n  -  b\n  -   c\n",
    "a:\n  - - b\n    - c\n",
    "a:\n  - b: 1\n    c: 2\n",
    "a:\n  - b: 1\n   c: 2\n",
    "  a: 1\n  b: 2\n",
    "  a: 1\nb: 2\n",
    // Top level that is not a mapping.
    "hello\n",
    "false\n",
    "true\n",
    "0\n",
    "~\n",
    "- a\n- b\n",
    "[a]\n",
    "\"quoted\"\n",
    "|\n  block\n",
    "!!map {a: 1}\n",
    "!!str\n",
    "--- x\n",
    "--- \na: 1\n",
    "%YAML 1.1\n---\na: 1\n",
    "%YAML 1.2\n---\na: 1\n",
    "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n",
    "a: 1\n--- b\n",
    "a: 1\n--- \n",
    "a: 1\n... x\n",
    "a: 1\n---b\n",
    "a: 1\n----\n",
    "a: \"x\n---\"\n",
    // Unicode line breaks and odd characters.
    "a: x\u{85}b: y\n",
    "a: x\u{2028}y\n",
    "a: x\u{2029}y\n",
    "a: \"x\u{85}y\"\n",
    "a: x\rb: y\n",
    "a: x\r\nb: y\r\n",
    "\u{feff}a: 1\n",
    "a: \u{feff}1\n",
    "a: 1\u{feff}\n",
    "a: \u{0}x\n",
    "a: \"\\0\"\n",
    "a: \u{7}\n",
    "a: \u{1b}[31m\n",
    "a: \"\\e\\a\\b\\v\\f\"\n",
    "a: \"\\N\\_\\L\\P\"\n",
    "a: \"\\x41\\u0041\\U00000041\"\n",
    "a: \"\\ud800\"\n",
    "a: \"\\q\"\n",
    "a: \u{fffe}\n",
    "a: \u{e000}\n",
    "a: 😀\n😀: b\n",
    // Tags on collections and documents.
    "a: !!map\n  b: 1\n",
    "a: !!seq\n  - b\n",
    "a: !!omap\n  - b: 1\n",
    "a: !!set\n  ? b\n",
    "a: !!str\n  b: 1\n",
    "a: !ruby/object:OpenStruct\n  b: 1\n",
    "a: !ruby/hash-with-ivars:Foo\n  b: 1\n",
    "a: !ruby/struct:Foo\n  b: 1\n",
    "a: !ruby/exception x\n",
    "a: !ruby/class String\n",
    "a: !ruby/module Kernel\n",
    "a: !ruby/marshalable:Foo {}\n",
    "a: !!ruby/object:Foo {}\n",
    "a: ! [b]\n",
    "a: !<!> b\n",
    "a: !foo\n  b: 1\n",
    "a: !<tag:yaml.org,2002:int> 12\n",
    "a: !<tag:yaml.org,2002:map> {b: 1}\n",
    "a: !!int 1_000\n",
    "a: !!int 0x10\n",
    "a: !!int 1:30\n",
    "a: !!float .inf\n",
    "a: !!float 1e5\n",
    "a: !!float abc\n",
    "a: !!int abc\n",
    "a: !!bool maybe\n",
    "a: !!timestamp abc\n",
    "a: !!timestamp 2024-05-01 10:00:00 +08:00\n",
    "a: !!str ~\n",
    "a: !!null\n",
    // Symbols in other places.
    "a: [:x]\n",
    "a: {b: :x}\n",
    ":a: 1\n",
    "a: :\n",
    "a: ':x'\n",
    "a: \":x\"\n",
    "a: :x y\n",
    "a: : x\n",
    "a: :1\n",
    "a: :\"\"\n",
    // Dates as Jekyll front matter has them.
    "date: 2024-05-01 10:00:00 +0800\ntitle: x\n",
    "date: 2024-05-01 10:00\n",
    "date: 2024-05-01T10:00:00.000+08:00\n",
    "date: '2024-05-01 10:00:00 +0800'\n",
    "date: 2024-05-01 10:00:00 +0800 CST\n",
    "date: 2024-05-01 10:00:00 Asia/Shanghai\n",
    "date: 2024/05/01\n",
    "date: 2024-5-1 9:5:3\n",
    "date: 2024-05-01 09:05:03.\n",
    "date: 1999-12-31 23:59:59 -12:00\n",
    "date: 0001-01-01\n",
    "date: 9999-12-31 23:59:59 +00:00\n",
    "date: -2024-05-01 10:00:00\n",
    "date: 2024-05-01T10:00:00\n",
    "date: 2024-05-01 10:00:00+08:00\n",
    "date: 2024-05-01 10:00:00 +08:00:00\n",
    "date: 2024-05-01 10:00:00 +0830\n",
    "date: 2024-05-01 10:00:00 +2400\n",
    "date: 2024-05-01 10:00:00 -1:00\n",
];

/// Deep nesting, alias bombs and long inputs.
fn bombs() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for depth in [10, 63, 64, 65, 100, 500, 3000] {
        out.push((
            format!("flow nesting {depth}"),
            format!("a: {}{}\n", "[".repeat(depth), "]".repeat(depth)),
        ));
        if depth <= 500 {
            let mut block = String::new();
            for level in 0..depth {
                block.push_str(&"  ".repeat(level));
                block.push_str(&format!("k{level}:\n"));
            }
            out.push((format!("block nesting {depth}"), block));
            out.push((
                format!("flow map nesting {depth}"),
                format!("a: {}1{}\n", "{b: ".repeat(depth), "}".repeat(depth)),
            ));
        }
    }
    for (width, levels) in [(10, 9), (10, 4), (2, 20), (3, 10)] {
        let items = vec!["x"; width].join(", ");
        let mut yaml = format!("a0: &a0 [{items}]\n");
        for i in 1..levels {
            let prev = format!("*a{}", i - 1);
            yaml.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; width].join(", ")));
        }
        out.push((format!("alias bomb {width}^{levels}"), yaml));
    }
    out.push((
        "many keys".into(),
        (0..5000).map(|i| format!("k{i}: {i}\n")).collect(),
    ));
    out.push((
        "long scalar".into(),
        format!("a: {}\n", "x".repeat(200_000)),
    ));
    out.push((
        "long quoted".into(),
        format!("a: \"{}\"\n", "word ".repeat(20_000)),
    ));
    out
}

/// Fences and line endings around a block, as whole files.
fn files() -> Vec<(String, String)> {
    let raw = [
        "---\na: 1\n---\nbody\n",
        "---\na: 1\n---",
        "---\na: 1\n---\n",
        "---\na: 1\n",
        "---\n---\n",
        "---\n---",
        "---\n",
        "---",
        "",
        "---\n\n---\nbody",
        "--- \na: 1\n---  \nbody",
        "---\t\na: 1\n---\t\nbody",
        "---\r\na: 1\r\n---\r\nbody\r\n",
        "---\r\na: 1\r\n...\r\nbody",
        "---\na: 1\r\n---\nbody",
        "---\ra: 1\r---\rbody",
        "---\na: 1\n...\nbody",
        "---\na: 1\n... \nbody",
        "---\na: 1\n---\n\n\nbody",
        "---\na: 1\n--- \n \n\t\nbody",
        "---\na: 1\n---\n\n",
        "---\na: 1\n---\x0c\nbody",
        "---\x0b\na: 1\n---\nbody",
        "---\n\na: 1\n\n---\nbody",
        "---\n\n\n---\nbody",
        " ---\na: 1\n---\nbody",
        "\n---\na: 1\n---\nbody",
        "----\na: 1\n---\nbody",
        "---a\na: 1\n---\nbody",
        "--- a\nb: 1\n---\nbody",
        "---\na: 1\n----\nb: 2\n---\nbody",
        "---\na: 1\n--- x\nb: 2\n---\nbody",
        "---\na: 1\n ---\nb: 2\n---\nbody",
        "---\ntitle: x\n---\nbody\n---\nmore: 1\n---\n",
        "\u{feff}---\na: 1\n---\nbody",
        "\u{feff}\u{feff}---\na: 1\n---\nbody",
        "---\n\u{feff}a: 1\n---\nbody",
        "\u{feff}---\r\ntitle: BOM and CRLF\r\n---\r\nbody\r\n",
        "---\na: \"x\n---\ny\"\n---\nbody",
        "---\na: |\n  x\n---\nbody",
        "---\na: 1\n---\u{a0}\nbody",
        "---\u{a0}\na: 1\n---\nbody",
        "---\na: 1\n---\u{85}body",
        "---\na: 1\n---\u{2028}\nbody",
    ];
    let mut out: Vec<(String, String)> = raw
        .iter()
        .enumerate()
        .map(|(i, t)| (format!("fence {i}"), t.to_string()))
        .collect();
    // Every document also as a CRLF file.
    for (i, doc) in DOCUMENTS.iter().enumerate().step_by(3) {
        out.push((
            format!("crlf document {i}"),
            format!("---\r\n{}---\r\nbody\r\n", doc.replace('\n', "\r\n")),
        ));
    }
    out
}

/// A small deterministic generator (xorshift), so the random mix is the
/// same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

/// Random blocks: a few entries, each a place holding a scalar, a document,
/// or a scalar wrapped in quotes or split over lines.
fn mixes(count: usize) -> Vec<(String, String)> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut out = Vec::new();
    for n in 0..count {
        let mut yaml = String::new();
        for k in 0..1 + rng.next() % 5 {
            let scalar = *rng.pick(SCALARS);
            let entry = match rng.next() % 6 {
                0 => rng.pick(DOCUMENTS).to_string(),
                1 => format!("k{k}: \"{}\"\n", scalar.replace(['"', '\\'], "")),
                2 => format!("k{k}: '{}'\n", scalar.replace('\'', "''")),
                3 => {
                    let words: Vec<&str> = scalar.split(' ').collect();
                    let quote = if rng.next() % 2 == 0 { "\"" } else { "'" };
                    let sep = if rng.next() % 2 == 0 { "\n" } else { "\n  " };
                    format!(
                        "k{k}: {quote}{}{quote}\n",
                        words.join(sep).replace(quote, "")
                    )
                }
                _ => rng
                    .pick(PLACES)
                    .replace('S', scalar)
                    .replace("key", &format!("k{k}")),
            };
            yaml.push_str(&entry);
        }
        out.push((format!("mix {n}"), yaml));
    }
    out
}

/// Every generated input: (name, text, is a whole file). Blocks are wrapped
/// in fences as a post file; a few are also loaded as whole YAML, as
/// `_config.yml` is.
pub fn inputs() -> Vec<(String, String, bool)> {
    let mut blocks: Vec<(String, String)> = Vec::new();
    for (i, scalar) in SCALARS.iter().enumerate() {
        for (p, place) in PLACES.iter().enumerate() {
            blocks.push((
                format!("scalar {i} {scalar:?} place {p}"),
                place.replace('S', scalar),
            ));
        }
    }
    for (i, doc) in DOCUMENTS.iter().enumerate() {
        blocks.push((format!("document {i} {doc:?}"), doc.to_string()));
    }
    blocks.extend(bombs());
    blocks.extend(mixes(3000));
    let mut out: Vec<(String, String, bool)> = Vec::new();
    for (i, (name, yaml)) in blocks.iter().enumerate() {
        out.push((name.clone(), format!("---\n{yaml}---\nbody\n"), true));
        if i % 5 == 0 {
            out.push((format!("{name} as YAML"), yaml.clone(), false));
        }
    }
    out.extend(files().into_iter().map(|(n, t)| (n, t, true)));
    out
}
