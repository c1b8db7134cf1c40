//! Text for searching: a body's words without markup, and the form the
//! full-text index stores.
//!
//! The index is SQLite FTS5. Its `unicode61` tokenizer does not segment Han
//! text, and the trigram tokenizer drops terms under three characters (case
//! BR-11), so Gazette writes the tokens itself and FTS5's `ascii` tokenizer
//! only splits them on spaces. CJK text is one character per token: a query for `赣州` becomes the
//! phrase `"赣 州"`, which matches exactly where the two characters stand
//! side by side, i.e. substring search for any length. A run of separators
//! next to a CJK character becomes the token `§`, so `赣，州` is not found by
//! `赣州` (as with grep). Text is NFKC-normalised first, so full-width
//! `ＡＢＣ１２３` is found by `abc123`; then lower-cased, and Latin letters
//! lose their diacritics (`Café` is found by `cafe`, as with unicode61's
//! `remove_diacritics`); other scripts keep theirs (`が` is not `か`).

use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use crate::format::Format;

/// The token standing for separators next to CJK characters; declared a
/// token character of the index's tokenizer.
pub const SEPARATOR_TOKEN: char = '§';

/// Whether `c` is written without spaces between words: Han ideographs,
/// kana, Hangul, Bopomofo. Each such character is its own index token.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3100..=0x312F    // Bopomofo
        | 0x3130..=0x318F    // Hangul compatibility Jamo
        | 0x31A0..=0x31BF    // Bopomofo extended
        | 0x31F0..=0x31FF    // Katakana phonetic extensions
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFF66..=0xFF9F    // half-width Katakana
        | 0x1100..=0x11FF    // Hangul Jamo
        | 0x20000..=0x323AF  // CJK extensions B–H
    )
}

static INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "del", "dfn", "em", "font", "i", "ins",
    "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup",
    "time", "tt", "u", "var",
];

static MARKUP: LazyLock<Regex> = LazyLock::new(|| {
    // No capture groups: finding matches alone runs on the fast (lazy DFA)
    // engines; the tag name is read from each match by `is_inline_tag`.
    // ASCII word boundaries (`(?-u:\b)`, tag names are ASCII): the lazy DFA
    // cannot do Unicode ones on non-ASCII text and hands every Chinese
    // body to the slow PikeVM (8% of indexing the corpus).
    Regex::new(
        r"(?is)<!--.*?-->|<script(?-u:\b).*?</script\s*>|<style(?-u:\b).*?</style\s*>|\{%.*?%\}|\{\{.*?\}\}|</?[a-z][a-z0-9-]*(?-u:\b)[^>]*>",
    )
    .expect("valid regex")
});

/// Whether a piece of markup found by `MARKUP` is an inline tag (`<b>`,
/// `</span>`); comments, Liquid, script and style blocks are not.
fn is_inline_tag(markup: &str) -> bool {
    let Some(rest) = markup.strip_prefix('<') else {
        return false;
    };
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(rest.len());
    let name = &rest[..name_len];
    INLINE_TAGS.iter().any(|t| t.eq_ignore_ascii_case(name))
}

/// A body's words: HTML comments, tags (script and style with their
/// content) and Liquid tags removed, entities decoded. Inline tags (`<b>`,
/// `<span>`, …) vanish without a trace, so `赣<b>州</b>` reads `赣州`; other
/// tags become a space. Markdown punctuation stays (it only separates
/// words). Textile and text bodies are taken as they are.
pub fn body_text(format: Format, body: &str) -> String {
    if matches!(format, Format::Textile | Format::Text) && !body.contains('<') {
        return body.to_string();
    }
    let mut stripped = String::with_capacity(body.len());
    let mut last = 0;
    for m in MARKUP.find_iter(body) {
        stripped.push_str(&body[last..m.start()]);
        if !is_inline_tag(m.as_str()) {
            stripped.push(' ');
        }
        last = m.end();
    }
    stripped.push_str(&body[last..]);
    match html_escape::decode_html_entities(&stripped) {
        std::borrow::Cow::Borrowed(_) => stripped,
        std::borrow::Cow::Owned(decoded) => decoded,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Cjk,
    Separator,
}

fn kind(c: char) -> Kind {
    if is_cjk(c) {
        Kind::Cjk
    } else if c.is_alphanumeric() {
        Kind::Word
    } else {
        Kind::Separator
    }
}

/// Whether NFKC leaves `c` alone, decided cheaply for the common cases
/// (ASCII, and CJK outside the compatibility ideographs and half-width
/// forms); `false` means "ask the normaliser".
fn nfkc_stable(c: char) -> bool {
    c.is_ascii() || (is_cjk(c) && !matches!(c as u32, 0xF900..=0xFAFF | 0xFF66..=0xFF9F))
}

/// Calls `push` with the case- and width-folded form of `c`: NFKC, then
/// lower case, then without a Latin diacritic.
fn fold_char(c: char, push: impl FnMut(char)) {
    if nfkc_stable(c) {
        c.to_lowercase().for_each(push);
    } else {
        std::iter::once(c)
            .nfkc()
            .flat_map(char::to_lowercase)
            .map(without_latin_diacritic)
            .for_each(push);
    }
}

/// A Latin letter with diacritics (Latin-1 Supplement, Latin Extended-A
/// and -B, Latin Extended Additional) as its base letter when its
/// canonical decomposition is that letter and combining marks only: `é` →
/// `e`, `ṩ` → `s`; `ø` and `ł` (no decomposition) stay. Other characters
/// are returned as they are.
fn without_latin_diacritic(c: char) -> char {
    if !matches!(c as u32, 0xC0..=0x24F | 0x1E00..=0x1EFF) {
        return c;
    }
    let mut base = None;
    let mut marks_only = true;
    unicode_normalization::char::decompose_canonical(c, |d| {
        if base.is_none() {
            base = Some(d);
        } else if !unicode_normalization::char::is_combining_mark(d) {
            marks_only = false;
        }
    });
    match base {
        Some(b) if marks_only => b,
        _ => c,
    }
}

/// Search terms as needles for [`match_ranges`]: trimmed, folded as
/// [`fold_with_map`] folds, empty ones dropped.
pub fn fold_needles(terms: &[String]) -> Vec<String> {
    terms
        .iter()
        .map(|t| fold_with_map(t.trim()).0)
        .filter(|n| !n.is_empty())
        .collect()
}

/// Where the needles (folded, see [`fold_needles`]) occur in `text`, as
/// character ranges `(start, end)` of the original text, in order and not
/// overlapping (of two overlapping matches the one starting first wins).
/// Matching is substring matching on the folded text, so a CJK term
/// matches anywhere in a run of text, as search finds it.
pub fn match_ranges(text: &str, needles: &[String]) -> Vec<(usize, usize)> {
    if needles.is_empty() {
        return Vec::new();
    }
    let (folded, map) = fold_with_map(text);
    let mut found: Vec<(usize, usize)> = Vec::new();
    for needle in needles {
        for (at, _) in folded.match_indices(needle.as_str()) {
            found.push((map[at], map[at + needle.len() - 1] + 1));
        }
    }
    found.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(found.len());
    for (s, e) in found {
        if out.last().is_some_and(|&(_, end)| s < end) {
            continue;
        }
        out.push((s, e));
    }
    out
}

/// Case- and width-folds text: NFKC, then lower case, character by
/// character, with a map from each folded byte back to the original
/// character index (for marking matches in the original text).
pub fn fold_with_map(text: &str) -> (String, Vec<usize>) {
    let mut folded = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        fold_char(c, |l| {
            let before = folded.len();
            folded.push(l);
            map.extend(std::iter::repeat_n(i, folded.len() - before));
        });
    }
    (folded, map)
}

/// The index form of some text: tokens separated by single spaces (see the
/// module docs). `index_form("ＧＥＮ-itgc后50，赣州")` is
/// `"gen itgc 后 50 § 赣 州"`.
pub fn index_form(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut last_token: Option<Kind> = None; // kind of the last token char written
    let mut gap = false; // separators seen since it (leading ones are dropped)
    let mut emit = |c: char, k: Kind| match k {
        Kind::Separator => gap = true,
        k => {
            if let Some(prev) = last_token {
                let touches_cjk = prev == Kind::Cjk || k == Kind::Cjk;
                if gap && touches_cjk {
                    out.push(' ');
                    out.push(SEPARATOR_TOKEN);
                    out.push(' ');
                } else if gap || touches_cjk {
                    out.push(' ');
                }
            }
            out.push(c);
            last_token = Some(k);
            gap = false;
        }
    };
    for c in text.chars() {
        // The common cases first: ASCII, and CJK that folding leaves alone.
        if c.is_ascii() {
            let kind = if c.is_ascii_alphanumeric() {
                Kind::Word
            } else {
                Kind::Separator
            };
            emit(c.to_ascii_lowercase(), kind);
        } else if nfkc_stable(c) && is_cjk(c) {
            emit(c, Kind::Cjk);
        } else {
            fold_char(c, |l| emit(l, kind(l)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_is_one_token_per_character_with_separator_tokens() {
        assert_eq!(
            index_form("周末去了赣州，看了古城墙。"),
            "周 末 去 了 赣 州 § 看 了 古 城 墙"
        );
        assert_eq!(
            index_form("步2 重跑gen-itgc后50条"),
            "步 2 § 重 跑 gen itgc 后 50 条"
        );
        assert_eq!(index_form("Hello, World!"), "hello world");
        assert_eq!(index_form("ＡＢＣ１２３ Ruby"), "abc123 ruby");
        assert_eq!(index_form("  ，赣"), "赣");
        assert_eq!(
            index_form("Café CRÈME brûlée, Łódź"),
            "cafe creme brulee łodz"
        );
        assert_eq!(index_form("がぎ"), "が ぎ", "kana keep their marks");
        assert_eq!(index_form("Ǆemal"), "dzemal", "NFKC, then the caron goes");
    }

    #[test]
    fn body_text_drops_markup_and_decodes_entities() {
        let html = "<p>赣<b>州</b>&amp;<a href=\"x\">南昌</a></p><p>下</p><!-- c --><script>var x</script>{% raw %}{{ site.x }}";
        assert_eq!(body_text(Format::Html, html).trim(), "赣州&南昌  下");
        assert_eq!(
            body_text(Format::Markdown, "**粗** [链接](http://a.b)"),
            "**粗** [链接](http://a.b)"
        );
    }

    #[test]
    fn fold_maps_back_to_characters() {
        let (folded, map) = fold_with_map("ＡＢ赣");
        assert_eq!(folded, "ab赣");
        assert_eq!(map[0], 0);
        assert_eq!(map[1], 1);
        assert_eq!(map[2], 2);
    }
}
