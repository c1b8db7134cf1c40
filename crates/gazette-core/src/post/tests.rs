//! Tests of the typed view of a post.

use super::*;

#[test]
fn scalar_categories_split_on_spaces_and_merge_singular_keys() {
    let p = PostFile::parse(
        "_posts/2020-01-01-a.md",
        b"---\ncategories: foo bar\ncategory: baz\ntags: 996\n---\nbody".to_vec(),
    )
    .unwrap();
    assert_eq!(p.fields.categories, ["foo", "bar", "baz"]);
    assert_eq!(p.fields.tags, ["996"]);
}

#[test]
fn no_front_matter_takes_the_title_from_a_heading_or_the_name() {
    let p = PostFile::parse(
        "x/2020-01-01-hello-world.md",
        b"# Big News\n\ntext".to_vec(),
    )
    .unwrap();
    assert_eq!(p.fields.title, "Big News");
    let p = PostFile::parse("x/2020-01-01-hello-world.md", b"just text".to_vec()).unwrap();
    assert_eq!(p.fields.title, "Hello World");
    assert_eq!(p.fields.date.unwrap().to_iso(), "2020-01-01T00:00:00");
}

#[test]
fn bad_date_is_a_warning_and_falls_back_to_the_file_name() {
    let p = PostFile::parse(
        "2022-05-26-x.md",
        b"---\ntitle: \"\"\ndate:  +0800\n---\n".to_vec(),
    )
    .unwrap();
    assert_eq!(p.fields.date_source, DateSource::FileName);
    assert!(
        p.fields.warnings.iter().any(|w| w.contains("+0800")),
        "{:?}",
        p.fields.warnings
    );
}

#[test]
fn yaml_errors_name_the_file_line() {
    let e = PostFile::parse("a.md", b"---\ntitle: ok\nbad yaml: [\n---\n".to_vec()).unwrap_err();
    assert!(e.line.unwrap() >= 3, "{e:?}");
    let e = PostFile::parse("a.md", b"ok\n\xff\xfe\xfd".to_vec()).unwrap_err();
    assert!(e.reason.contains("not valid UTF-8"), "{e:?}");
}

#[test]
fn the_excerpt_follows_the_sites_separator_unless_the_post_sets_one() {
    let context = Context {
        placement: Some(Placement {
            excerpt_separator: "<!--more-->".into(),
            ..Placement::default()
        }),
        ..Context::default()
    };
    let body = b"---\ntitle: a\n---\nfirst\n\nsecond<!--more-->third\n".to_vec();
    let p = PostFile::parse_with("_posts/2020-01-01-a.md", body.clone(), context.clone());
    assert_eq!(p.unwrap().fields.excerpt, "first\n\nsecond");
    let own = b"---\nexcerpt_separator: sec\n---\nfirst\n\nsecond\n".to_vec();
    let p = PostFile::parse_with("_posts/2020-01-01-a.md", own, context.clone());
    assert_eq!(p.unwrap().fields.excerpt, "first");
    let none = Context {
        placement: Some(Placement::default()),
        ..Context::default()
    };
    let p = PostFile::parse_with("_posts/2020-01-01-a.md", body, none);
    assert_eq!(
        p.unwrap().fields.excerpt,
        "",
        "an empty separator: no excerpt"
    );
}

#[test]
fn published_false_and_drafts() {
    let p = PostFile::parse(
        "site/_drafts/a.md",
        b"---\npublished: false\n---\n".to_vec(),
    )
    .unwrap();
    assert!(!p.fields.published);
    assert!(p.fields.draft);
}
