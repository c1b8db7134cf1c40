//! Tests of the export pipeline.

use super::*;

#[test]
fn names_are_safe_everywhere() {
    assert_eq!(
        safe_file_name("2024-05-01-赣州游记.md"),
        "2024-05-01-赣州游记.md"
    );
    assert_eq!(safe_file_name("a<b>:c|d?.md"), "a-b--c-d-.md");
    assert_eq!(safe_file_name("../x.md"), "-x.md");
    assert_eq!(safe_file_name("CON.md"), "_CON.md");
    assert_eq!(safe_file_name("name. "), "name");
    assert_eq!(safe_file_name(""), "post");
    assert!(is_safe_file_name("2024-05-01-赣州游记.md"));
    assert!(is_safe_file_name(&format!("{}.md", "长".repeat(80))));
    for unsafe_name in ["", "..", "a:b.md", "CON.md", "x.md ", ".hidden", "a\u{7}b"] {
        assert!(!is_safe_file_name(unsafe_name), "{unsafe_name:?}");
    }
    let mut used = HashSet::new();
    assert_eq!(unique(&mut used, "_posts", "a.md"), "a.md");
    assert_eq!(unique(&mut used, "_posts", "A.md"), "A-2.md");
    assert_eq!(unique(&mut used, "_posts", "a.md"), "a-3.md");
    let long = format!("{}.md", "长".repeat(84));
    assert_eq!(unique(&mut used, "_posts", &long), long);
    let second = unique(&mut used, "_posts", &long);
    assert!(second.len() <= 255 && second.ends_with("-2.md"), "{second}");
}

#[test]
fn long_names_are_capped_on_a_character_boundary() {
    let name = format!("2024-01-01-{}.md", "长".repeat(200));
    let safe = safe_file_name(&name);
    assert!(
        safe.len() <= MAX_NAME_BYTES && safe.ends_with(".md"),
        "{safe}"
    );
    assert!(safe.starts_with("2024-01-01-长"));
}

#[test]
fn slugify_keeps_letters_of_every_script() {
    assert_eq!(slugify("纯中文").as_deref(), Some("纯中文"));
    assert_eq!(
        slugify("RAG 检索增强生成").as_deref(),
        Some("rag-检索增强生成")
    );
    assert_eq!(
        slugify("C++ 与 Rust：对比").as_deref(),
        Some("c-与-rust-对比")
    );
    assert_eq!(slugify("！！！"), None);
}
