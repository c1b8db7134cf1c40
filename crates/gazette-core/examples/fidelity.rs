//! Export fidelity on the shared corpus, Gazette's converter beside pandoc.
//!
//! For every post of the corpus whose body has HTML (an `.html` post, or a
//! Markdown post with raw HTML blocks as CommonMark reads it, converted or
//! kept), the original body is rendered to
//! HTML (CommonMark with raw HTML, as a Markdown post; as it is, for an HTML
//! post) and compared with the HTML rendered from each converter's Markdown:
//! - **text**: the visible text, whitespace removed, is identical;
//! - **structure**: the sequence of block elements (h1–h6, ul, ol, li,
//!   blockquote, pre, table, tr, hr) and images is identical. Paragraphs are
//!   left out: text an HTML post leaves bare (between `<br>`s, in a `<div>`)
//!   becomes a Markdown paragraph, a `<p>` that looks the same.
//!
//! (Both are read by `gazette_testkit::seen`, which `tests/export_jekyll.rs`
//! shares: that test judges the same export by the real Jekyll.)
//! `FIDELITY_DEBUG=1` also lists the first posts whose structure differs.
//!
//! Gazette's Markdown is checked twice: rendered by a CommonMark renderer
//! (pulldown-cmark) and by kramdown in GFM mode with Jekyll's defaults
//! (`hard_wrap: false`), when `ruby` with kramdown is installed (Debian:
//! `apt install ruby-kramdown ruby-kramdown-parser-gfm`).
//!
//! Also prints conversion throughput: Gazette over every body, pandoc over
//! the same bodies joined into one document (one process, so its start-up
//! does not count).
//!
//! `cargo run --release -p gazette-core --example fidelity [-- CORPUS]`
//! (needs `pandoc` on PATH for the comparison; Debian: `apt install pandoc`).

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Instant;

use gazette_core::post::{Format, PostFile};
use gazette_testkit::seen::{Seen, Tally};

fn seen(html: &str) -> Seen {
    Seen::of(html)
}

fn print(tally: &Tally, who: &str) {
    println!("{who:8}\n    {}", tally.summary());
}

/// Whether CommonMark reads a raw HTML block in `markdown`.
fn has_html_block(markdown: &str) -> bool {
    pulldown_cmark::Parser::new(markdown).any(|e| {
        matches!(
            e,
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::HtmlBlock)
        )
    })
}

fn render(markdown: &str) -> String {
    let mut options = pulldown_cmark::Options::empty();
    options.insert(pulldown_cmark::Options::ENABLE_TABLES);
    options.insert(pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(markdown, options),
    );
    html
}

/// Renders every document with kramdown (GFM input, Jekyll's options) in
/// one Ruby process; `None` when Ruby or kramdown is missing.
fn kramdown_all(docs: &[String]) -> Option<Vec<String>> {
    const SCRIPT: &str = "require 'json'; require 'kramdown'; require 'kramdown-parser-gfm'; \
        docs = JSON.parse(STDIN.read); \
        puts JSON.generate(docs.map { |d| Kramdown::Document.new(d, input: 'GFM', hard_wrap: false).to_html })";
    let mut child = Command::new("ruby")
        .args(["-e", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let input = serde_json::to_string(docs).ok()?;
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().ok()?;
    let _ = writer.join();
    if !out.status.success() {
        return None;
    }
    serde_json::from_slice(&out.stdout).ok()
}

/// Undoes kramdown's typographic symbols in seen text.
fn typographic(mut s: Seen) -> Seen {
    s.text = s
        .text
        .replace(['‘', '’'], "'")
        .replace(['“', '”'], "\"")
        .replace('…', "...")
        .replace('—', "---")
        .replace('–', "--")
        .replace('«', "<<")
        .replace('»', ">>");
    s
}

fn pandoc(html: &str) -> Option<String> {
    let mut child = Command::new("pandoc")
        .args(["-f", "html", "-t", "gfm", "--wrap=none"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let input = html.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().ok()?;
    let _ = writer.join();
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn main() {
    let corpus = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(gazette_testkit::corpus);
    let (found, _) = gazette_core::import::walk::expand(&[corpus]);
    let mut posts = Vec::new();
    for item in found {
        let gazette_core::import::walk::Found::Post(path) = item else {
            continue;
        };
        let Ok(raw) = std::fs::read(&path) else {
            continue;
        };
        let Ok(post) = PostFile::parse(&path.to_string_lossy(), raw) else {
            continue;
        };
        let body = post.body().to_string();
        let has_html = match post.format {
            Format::Html => true,
            // A Markdown body with a raw HTML block (as CommonMark reads
            // it), whether or not the converter changes it: the same set
            // for every version of the converter.
            Format::Markdown => has_html_block(&body),
            _ => false,
        };
        if has_html {
            posts.push((path.to_string_lossy().into_owned(), post.format, body));
        }
    }
    let with_pandoc = Command::new("pandoc").arg("--version").output().is_ok();
    println!(
        "{} posts with HTML in their body (of the corpus){}",
        posts.len(),
        if with_pandoc {
            ""
        } else {
            "; pandoc not found, comparing Gazette only"
        }
    );

    let mut gazette = Tally::default();
    let mut pandoc_score = Tally::default();
    let mut bytes = 0usize;
    let mut gazette_time = std::time::Duration::ZERO;
    let mut originals = Vec::new();
    let mut markdowns = Vec::new();
    for (name, format, body) in &posts {
        let original_html = if *format == Format::Html {
            body.clone()
        } else {
            render(body)
        };
        bytes += body.len();
        let start = Instant::now();
        let md = gazette_core::convert::body(*format, body).markdown;
        gazette_time += start.elapsed();
        let original = seen(&original_html);
        gazette.add(name, &original, &seen(&render(&md)));
        originals.push((name, original_html, original));
        markdowns.push(md);
    }
    // Under kramdown the baseline is what Jekyll shows today: a Markdown
    // post rendered by kramdown, an HTML post as it is. kramdown's
    // typographic substitutions (smart quotes, dashes, ellipses) are
    // normalised away: they change an HTML post that becomes Markdown, and
    // are Jekyll's to apply.
    let mut kramdown = Tally::default();
    let kramdown_html = kramdown_all(&markdowns);
    let sources: Vec<String> = posts
        .iter()
        .map(|(_, format, body)| {
            if *format == Format::Markdown {
                body.clone()
            } else {
                String::new()
            }
        })
        .collect();
    let kramdown_originals = kramdown_html.as_ref().and_then(|_| kramdown_all(&sources));
    if let (Some(rendered), Some(base)) = (&kramdown_html, &kramdown_originals) {
        for (((name, original_html, _), html), (base_html, (_, format, _))) in
            originals.iter().zip(rendered).zip(base.iter().zip(&posts))
        {
            let baseline = if *format == Format::Markdown {
                base_html
            } else {
                original_html
            };
            kramdown.add(name, &typographic(seen(baseline)), &typographic(seen(html)));
        }
    }
    if with_pandoc {
        let chunks: Vec<_> = originals
            .chunks(originals.len().div_ceil(2).max(1))
            .collect();
        let results: Vec<Tally> = std::thread::scope(|s| {
            let handles: Vec<_> = chunks
                .iter()
                .map(|chunk| {
                    s.spawn(move || {
                        let mut score = Tally::default();
                        for (name, html, original) in chunk.iter() {
                            let md = pandoc(html).unwrap_or_default();
                            score.add(name, original, &seen(&render(&md)));
                        }
                        score
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for r in results {
            pandoc_score.merge(r);
        }
    }
    println!();
    print(&gazette, "gazette");
    if kramdown_html.is_some() {
        print(&kramdown, "gazette, rendered by kramdown-GFM");
    } else {
        println!("(kramdown not found: ruby-kramdown and ruby-kramdown-parser-gfm)");
    }
    if with_pandoc {
        print(&pandoc_score, "pandoc");
    }
    println!("\nstructure differences by kind (posts):");
    println!("  gazette: {:?}", gazette.structure_diffs);
    if kramdown_html.is_some() {
        println!("  gazette, kramdown: {:?}", kramdown.structure_diffs);
    }
    if with_pandoc {
        println!("  pandoc:  {:?}", pandoc_score.structure_diffs);
    }
    if std::env::var_os("FIDELITY_DEBUG").is_some() {
        println!("\nfirst structure differences (gazette, then kramdown):");
        for d in gazette
            .structure_posts
            .iter()
            .chain(&kramdown.structure_posts)
        {
            println!("  {d}");
        }
    }
    println!("\nfirst text differences (gazette):");
    for d in &gazette.text_diffs {
        println!("  {d}");
    }
    if kramdown_html.is_some() {
        println!("\nfirst text differences (gazette, rendered by kramdown):");
        for d in &kramdown.text_diffs {
            println!("  {d}");
        }
    }

    let mb = bytes as f64 / 1e6;
    let g = mb / gazette_time.as_secs_f64();
    println!("\nthroughput: gazette {g:.1} MB/s over {mb:.1} MB");
    if with_pandoc {
        let joined: String = originals
            .iter()
            .map(|(_, html, _)| html.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let start = Instant::now();
        let _ = pandoc(&joined);
        let p = joined.len() as f64 / 1e6 / start.elapsed().as_secs_f64();
        println!(
            "            pandoc  {p:.2} MB/s (one process, same bodies joined); ratio {:.0}×",
            g / p
        );
    }
}
