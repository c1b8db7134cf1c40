//! Jekyll's `Utils.slugify` in its `default` mode (jekyll-4.3.1
//! `lib/jekyll/utils.rb`), the rule `jekyll-compose` names new posts by:
//! every run of characters that are not a mark, a letter or a decimal digit
//! (`[^\p{M}\p{L}\p{Nd}]+`) becomes one `-`, a leading and a trailing `-`
//! go, and the rest is lower-cased. Chinese, Japanese and accented letters
//! are kept; punctuation and spaces (ASCII or full-width) become `-`.

use std::sync::LazyLock;

use regex::Regex;

/// Jekyll's `SLUGIFY_DEFAULT_REGEXP`.
static NOT_SLUG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[^\p{M}\p{L}\p{Nd}]+").expect("valid regex"));

/// The slug Jekyll's `slugify(title)` gives (mode `default`, not cased).
/// Empty when the title has no letter, mark or digit (Jekyll then warns
/// "Empty `slug` generated").
pub fn slugify(title: &str) -> String {
    let dashed = NOT_SLUG.replace_all(title, "-");
    // Ruby's `gsub!(/^-|-$/, "")`: runs are already one `-`, so at most
    // one goes from each end.
    let trimmed = dashed.strip_prefix('-').unwrap_or(&dashed);
    let trimmed = trimmed.strip_suffix('-').unwrap_or(trimmed);
    trimmed.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs_follow_jekylls_default_mode() {
        for (title, slug) in [
            ("Hello, World!", "hello-world"),
            ("赣州：新的一天", "赣州-新的一天"),
            ("  The   Café  ", "the-café"),
            ("C++ & Rust 2024", "c-rust-2024"),
            ("日本語のタイトル", "日本語のタイトル"),
            ("¡¿?!", ""),
            ("x²", "x"),
        ] {
            assert_eq!(slugify(title), slug, "{title:?}");
        }
    }
}
