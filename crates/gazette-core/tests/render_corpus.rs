//! The reader's renderer over the real corpus: marking search terms never
//! changes a body's text and marks every occurrence inside text nodes;
//! image sources leave only as asset, remote-protocol or no URL.

use gazette_core::render::{render_with, ImageBase, RenderOptions};
use gazette_core::Format;

/// The body of a post file: what follows the front matter, if any.
fn body_of(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---") else {
        return text;
    };
    match rest.find("\n---") {
        Some(end) => rest[end + 4..].split_once('\n').map_or("", |(_, b)| b),
        None => text,
    }
}

/// Occurrences of `term` (lower case) in the text nodes of `html`.
fn in_text_nodes(html: &str, term: &str) -> usize {
    let doc = scraper::Html::parse_fragment(html);
    doc.root_element()
        .descendants()
        .filter_map(|n| n.value().as_text().map(|t| t.to_lowercase()))
        .map(|t| t.matches(term).count())
        .sum()
}

fn text_of(html: &str) -> String {
    scraper::Html::parse_fragment(html)
        .root_element()
        .text()
        .collect()
}

#[test]
fn marks_and_images_over_the_corpus() {
    let corpus = gazette_testkit::corpus();
    let mut posts = 0;
    let mut marked = 0;
    for source in ["ruby-lang-news", "terminus2049", "huxpro-blog"] {
        for entry in walkdir::WalkDir::new(corpus.join(source)) {
            let entry = entry.unwrap();
            let path = entry.path();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if !matches!(ext, "md" | "markdown") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let body = body_of(&text);
            let base = ImageBase::for_post(path, &[]);
            let terms = ["ruby".to_string(), "中国".to_string()];
            let plain = render_with(
                Format::Markdown,
                body,
                &RenderOptions {
                    images: base.as_ref(),
                    ..RenderOptions::default()
                },
            );
            let out = render_with(
                Format::Markdown,
                body,
                &RenderOptions {
                    images: base.as_ref(),
                    highlight: &terms,
                    ..RenderOptions::default()
                },
            );
            let name = path.display();
            assert_eq!(text_of(&out.html), text_of(&plain.html), "{name}");
            let want = in_text_nodes(&plain.html, "ruby") + in_text_nodes(&plain.html, "中国");
            // Full-width letters fold to ASCII for search, so marks can
            // only be more than a plain lower-case count finds.
            assert!(out.marks as usize >= want, "{name}: {} < {want}", out.marks);
            assert_eq!(
                out.html.matches("<mark class=\"search-hit\">").count(),
                out.marks as usize,
                "{name}"
            );
            let doc = scraper::Html::parse_fragment(&out.html);
            let img = scraper::Selector::parse("img[src]").unwrap();
            for i in doc.select(&img) {
                let src = i.value().attr("src").unwrap();
                assert!(
                    src.starts_with("asset:") || src.starts_with("http://asset.localhost/"),
                    "{name}: {src}"
                );
            }
            assert!(!out.html.contains("gazette-site:"), "{name}");
            posts += 1;
            marked += out.marks;
        }
    }
    assert!(posts > 1500, "{posts} posts");
    assert!(marked > 100, "{marked} marks");
}
