//! What a reader sees of rendered HTML, for the export fidelity checks
//! (`examples/fidelity.rs`, `tests/export_jekyll.rs`): the visible text and
//! the sequence of blocks, compared between an original post and its
//! Markdown export, each rendered.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use scraper::{ElementRef, Html, Selector};

static IMG: LazyLock<Selector> = LazyLock::new(|| Selector::parse("img").expect("valid selector"));

/// The elements counted as structure: headings, lists and their items,
/// block quotes, code blocks, tables and their rows, rules, and images.
/// Paragraphs are left out: text an HTML post leaves bare (between `<br>`s,
/// in a `<div>`) becomes a Markdown paragraph, a `<p>` that looks the same.
pub const BLOCKS: &[&str] = &[
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "table",
    "tr",
    "hr",
    "img",
];

/// The visible text and the block structure of an HTML fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// Every text node, in order, with all whitespace removed.
    pub text: String,
    /// The names of the [`BLOCKS`] elements, in document order; an empty
    /// block (an `<h2></h2>`, which shows nothing) is not counted.
    pub blocks: Vec<String>,
}

impl Seen {
    /// Parses `html` as a fragment (html5ever, through scraper) and reads
    /// what it shows.
    pub fn of(html: &str) -> Seen {
        let doc = Html::parse_fragment(html);
        let root = doc.root_element();
        let text = root
            .text()
            .flat_map(str::chars)
            .filter(|c| !c.is_whitespace())
            .collect();
        let blocks = root
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|e| BLOCKS.contains(&e.value().name()))
            .filter(|e| {
                matches!(e.value().name(), "hr" | "img")
                    || e.text().any(|t| !t.trim().is_empty())
                    || e.select(&IMG).next().is_some()
            })
            .map(|e| e.value().name().to_string())
            .collect();
        Seen { text, blocks }
    }
}

/// Counts of posts whose text and structure came through identical, with
/// the first text differences (in context) and the structure differences
/// by kind (`"h2 lost"`, `"img added"`: posts).
#[derive(Debug, Default)]
pub struct Tally {
    /// Posts compared.
    pub posts: usize,
    /// Posts with identical [`Seen::text`].
    pub text_same: usize,
    /// Posts with identical [`Seen::blocks`].
    pub structure_same: usize,
    /// The first 15 text differences: `name: …original… became …converted…`,
    /// 40 characters around the first differing one.
    pub text_diffs: Vec<String>,
    /// The first 15 posts whose structure differs, with the kinds.
    pub structure_posts: Vec<String>,
    /// Posts per structure difference kind.
    pub structure_diffs: BTreeMap<String, usize>,
}

impl Tally {
    /// Compares one post (`name` is how reports name it).
    pub fn add(&mut self, name: &str, original: &Seen, converted: &Seen) {
        self.posts += 1;
        if original.text == converted.text {
            self.text_same += 1;
        } else if self.text_diffs.len() < 15 {
            let at = original
                .text
                .chars()
                .zip(converted.text.chars())
                .take_while(|(a, b)| a == b)
                .count();
            let around = |s: &str| {
                s.chars()
                    .skip(at.saturating_sub(15))
                    .take(40)
                    .collect::<String>()
            };
            self.text_diffs.push(format!(
                "{name}: …{}… became …{}…",
                around(&original.text),
                around(&converted.text)
            ));
        }
        if original.blocks == converted.blocks {
            self.structure_same += 1;
            return;
        }
        let count = |v: &[String], t: &str| v.iter().filter(|x| *x == t).count();
        let mut kinds = Vec::new();
        for tag in BLOCKS {
            let (a, b) = (count(&original.blocks, tag), count(&converted.blocks, tag));
            if a != b {
                let kind = format!("{tag} {}", if b > a { "added" } else { "lost" });
                *self.structure_diffs.entry(kind.clone()).or_default() += 1;
                kinds.push(format!("{kind} ({a} → {b})"));
            }
        }
        if kinds.is_empty() {
            kinds.push("same blocks, another order".to_string());
        }
        if self.structure_posts.len() < 15 {
            self.structure_posts
                .push(format!("{name}: {}", kinds.join(", ")));
        }
    }

    /// Adds another tally's counts and examples to this one.
    pub fn merge(&mut self, other: Tally) {
        self.posts += other.posts;
        self.text_same += other.text_same;
        self.structure_same += other.structure_same;
        let room = 15usize.saturating_sub(self.text_diffs.len());
        self.text_diffs
            .extend(other.text_diffs.into_iter().take(room));
        let room = 15usize.saturating_sub(self.structure_posts.len());
        self.structure_posts
            .extend(other.structure_posts.into_iter().take(room));
        for (k, v) in other.structure_diffs {
            *self.structure_diffs.entry(k).or_default() += v;
        }
    }

    /// Percent of posts with identical text (100 when none were compared).
    pub fn text_percent(&self) -> f64 {
        percent(self.text_same, self.posts)
    }

    /// Percent of posts with identical structure (100 when none were
    /// compared).
    pub fn structure_percent(&self) -> f64 {
        percent(self.structure_same, self.posts)
    }

    /// One line: `text identical N/M (P%)   structure identical N/M (P%)`.
    pub fn summary(&self) -> String {
        format!(
            "text identical {:>5}/{} ({:.2}%)   structure identical {:>5}/{} ({:.2}%)",
            self.text_same,
            self.posts,
            self.text_percent(),
            self.structure_same,
            self.posts,
            self.structure_percent()
        )
    }
}

fn percent(n: usize, of: usize) -> f64 {
    if of == 0 {
        100.0
    } else {
        100.0 * n as f64 / of as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_blocks() {
        let s = Seen::of("<h2>A b</h2><h3></h3><p>c<img src=x></p><ul><li>d</li></ul>");
        assert_eq!(s.text, "Abcd");
        assert_eq!(s.blocks, ["h2", "img", "ul", "li"]);
        let mut t = Tally::default();
        t.add("x", &s, &Seen::of("<h2>A b</h2><p>c</p>"));
        assert_eq!((t.posts, t.text_same, t.structure_same), (1, 0, 0));
        assert_eq!(t.structure_diffs.len(), 3);
    }
}
