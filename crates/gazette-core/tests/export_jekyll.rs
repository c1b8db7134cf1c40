//! Issue 15, part 4: the Markdown export judged by the real Jekyll.
//!
//! For every site of the corpus (a folder with a `_config.yml`, or the
//! folder above a `_posts/` that has none: the topmost such folder, so
//! `test/source/foo/_posts/` belongs to `test/source/`):
//! 1. the original site is built by Jekyll 4.3 (`tests/jekyll/site.rb
//!    ROOT --content`: kramdown with the site's options, HTML posts as they
//!    are);
//! 2. the site is imported into a fresh archive and exported as Markdown
//!    (the `export` pipeline, flat `_posts/`/`_drafts/`) into a temporary
//!    folder that gets the site's `_config.yml`, and that is built the same
//!    way;
//! 3. each exported post is paired with its original by the archive: the
//!    export report's `id` gives the post's source path, whose path in the
//!    site is the original document's `path` in Jekyll's output;
//! 4. the rendered contents are compared as a reader sees them
//!    ([`gazette_testkit::seen`]): the visible text, whitespace removed, and
//!    the block structure (h1–h6, ul, ol, li, blockquote, pre, table, tr,
//!    hr, img). No typographic normalisation: where the export turns raw
//!    HTML into Markdown text, kramdown's smart quotes and dashes would
//!    change what the reader sees, and that counts as a difference.
//!
//! Both figures are printed, over all paired posts and over the posts
//! whose body the export changed; each must be at least 99.5% on the
//! corpus. Needs `ruby` with Debian's `jekyll` (scripts/setup.sh installs
//! them); fails with a message when they are missing.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use gazette_core::import::ImportOptions;
use gazette_core::{Archive, ExportOptions, Target};
use gazette_testkit::seen::{Seen, Tally};

/// The least share of posts (percent) that must render identically.
const THRESHOLD: f64 = 99.5;

/// The corpus's sites: folders with a `_config.yml`, then for every
/// `_posts/` outside them the topmost folder above it that holds a
/// `_posts/` of its own (or its parent).
fn site_roots(corpus: &Path) -> Vec<PathBuf> {
    let dirs: Vec<PathBuf> = walkdir::WalkDir::new(corpus)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.into_path())
        .collect();
    let mut roots: Vec<PathBuf> = dirs
        .iter()
        .filter(|d| d.join("_config.yml").is_file())
        .cloned()
        .collect();
    let configured = roots.clone();
    for posts in dirs.iter().filter(|d| d.ends_with("_posts")) {
        if configured.iter().any(|r| posts.starts_with(r)) {
            continue;
        }
        let parent = posts.parent().unwrap_or(corpus).to_path_buf();
        let top = parent
            .ancestors()
            .take_while(|a| a.starts_with(corpus) && *a != corpus)
            .filter(|a| a.join("_posts").is_dir())
            .last()
            .map(Path::to_path_buf)
            .unwrap_or(parent);
        if !roots.contains(&top) {
            roots.push(top);
        }
    }
    roots.sort();
    roots
}

/// Jekyll's rendered content of every document of the site at `root`, by
/// its path relative to `root`; the build's message when Jekyll stops.
fn jekyll(root: &Path) -> Result<HashMap<String, String>, String> {
    let script = gazette_testkit::repo_root().join("tests/jekyll/site.rb");
    let out = Command::new("ruby")
        .arg(&script)
        .arg(root)
        .arg("--content")
        .output()
        .unwrap_or_else(|e| {
            panic!("`ruby` is needed, with Debian's jekyll (scripts/setup.sh installs them): {e}")
        });
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("site.rb printed no JSON for {}: {e}", root.display()));
    Ok(json["documents"]
        .as_array()
        .expect("a documents array")
        .iter()
        .filter_map(|d| {
            Some((
                d["path"].as_str()?.to_string(),
                d["content"].as_str()?.to_string(),
            ))
        })
        .collect())
}

/// Builds the exported site; a file Jekyll refuses to read (it stops the
/// whole build: `could not read file PATH: …`) is taken out, listed in
/// `refused`, and the build is tried again.
fn jekyll_export(site: &Path, refused: &mut Vec<String>) -> HashMap<String, String> {
    loop {
        match jekyll(site) {
            Ok(documents) => return documents,
            Err(message) => {
                let prefix = format!("could not read file {}/", site.display());
                let file = message.split_once(&prefix).and_then(|(_, rest)| {
                    rest.split_once(": ").map(|(file, why)| {
                        (
                            file.to_string(),
                            why.lines().next().unwrap_or("").to_string(),
                        )
                    })
                });
                let Some((file, why)) = file.filter(|(f, _)| site.join(f).is_file()) else {
                    panic!(
                        "Jekyll could not build the export {}: {message}",
                        site.display()
                    );
                };
                std::fs::remove_file(site.join(&file)).unwrap();
                refused.push(format!("{file}: {why}"));
            }
        }
    }
}

/// One site's comparison: all paired posts, and those whose body the
/// export changed.
#[derive(Default)]
struct Figures {
    all: Tally,
    converted: Tally,
    exported: usize,
    unpaired: Vec<String>,
    refused: Vec<String>,
}

fn judge_site(root: &Path, corpus: &Path) -> Figures {
    let name = root
        .strip_prefix(corpus)
        .unwrap_or(root)
        .to_string_lossy()
        .into_owned();
    let original_root = root.to_path_buf();
    let original = std::thread::spawn(move || jekyll(&original_root));

    let dir = tempfile::tempdir().unwrap();
    let mut archive = Archive::open(&dir.path().join("a.db")).unwrap();
    let options = ImportOptions {
        defer_search_index: true,
        ..ImportOptions::default()
    };
    archive
        .import_with(
            &[root.to_path_buf()],
            options,
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    let site = dir.path().join("site");
    let report = archive
        .export(
            "",
            None,
            &Target::Folder(site.clone()),
            ExportOptions::default(),
            &mut |_, _| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    if root.join("_config.yml").is_file() {
        std::fs::copy(root.join("_config.yml"), site.join("_config.yml")).unwrap();
    }
    let mut figures = Figures {
        exported: report.files.len(),
        ..Figures::default()
    };
    let exported = jekyll_export(&site, &mut figures.refused);
    let original = original
        .join()
        .expect("the Jekyll build of the original")
        .unwrap_or_else(|m| panic!("Jekyll could not build {}: {m}", root.display()));

    for file in &report.files {
        let post = archive.post(file.id).unwrap();
        let source = Path::new(&post.source_path);
        let relative = source
            .strip_prefix(root)
            .unwrap_or(source)
            .to_string_lossy()
            .replace('\\', "/");
        let (Some(before), Some(after)) = (original.get(&relative), exported.get(&file.path))
        else {
            figures.unpaired.push(format!("{name}/{relative}"));
            continue;
        };
        let label = format!("{name}/{relative}");
        let (before_html, after_html) = (before, after);
        let (before, after) = (Seen::of(before), Seen::of(after));
        if let Some(dump) = std::env::var_os("EXPORT_JEKYLL_DUMP").filter(|_| before != after) {
            // For a person looking into a difference: both renderings and
            // the exported file, side by side.
            let out = Path::new(&dump).join(&label);
            std::fs::create_dir_all(&out).unwrap();
            std::fs::write(out.join("original.html"), before_html).unwrap();
            std::fs::write(out.join("exported.html"), after_html).unwrap();
            std::fs::copy(site.join(&file.path), out.join("exported.md")).unwrap();
            std::fs::copy(source, out.join("source")).unwrap();
        }
        figures.all.add(&label, &before, &after);
        let body = post.body.as_str();
        let format =
            gazette_core::Format::from_name(&post.format).unwrap_or(gazette_core::Format::Text);
        if gazette_core::convert::body(format, body).markdown != body {
            figures.converted.add(&label, &before, &after);
        }
    }
    figures
}

/// Issue 15's must-show: at least 99.5% of the corpus's posts, exported as
/// Markdown, render under Jekyll to the same visible text and the same
/// blocks as the originals do.
#[test]
fn jekyll_renders_the_markdown_export_as_the_original() {
    let start = Instant::now();
    let corpus = dunce::canonicalize(gazette_testkit::corpus()).unwrap();
    let mut all = Tally::default();
    let mut converted = Tally::default();
    let mut unpaired = Vec::new();
    let mut refused = Vec::new();
    // `EXPORT_JEKYLL_SITES=a,b` judges only those sites (by their folder
    // under the corpus), `EXPORT_JEKYLL_DUMP=DIR` writes what differs there:
    // for looking into a failure; the test then fails on its counts.
    let only = std::env::var("EXPORT_JEKYLL_SITES").ok();
    let roots: Vec<PathBuf> = site_roots(&corpus)
        .into_iter()
        .filter(|r| {
            only.as_deref().is_none_or(|only| {
                only.split(',')
                    .any(|o| r.strip_prefix(&corpus).is_ok_and(|n| n == Path::new(o)))
            })
        })
        .collect();
    for root in roots {
        let site_start = Instant::now();
        let figures = judge_site(&root, &corpus);
        println!(
            "{}: {} exported, {} paired, {} unpaired ({:.1} s)\n  all posts:       {}\n  converted posts: {}",
            root.strip_prefix(&corpus).unwrap_or(&root).display(),
            figures.exported,
            figures.all.posts,
            figures.unpaired.len(),
            site_start.elapsed().as_secs_f64(),
            figures.all.summary(),
            figures.converted.summary(),
        );
        all.merge(figures.all);
        converted.merge(figures.converted);
        unpaired.extend(figures.unpaired);
        refused.extend(figures.refused);
    }
    println!("\ncorpus, all paired posts:        {}", all.summary());
    println!("corpus, posts the export changed: {}", converted.summary());
    println!(
        "unpaired (no Jekyll document on one side): {}",
        unpaired.len()
    );
    for u in unpaired.iter().take(20) {
        println!("  {u}");
    }
    println!("exported files Jekyll refused to read: {}", refused.len());
    for r in &refused {
        println!("  {r}");
    }
    println!("\nfirst text differences:");
    for d in &all.text_diffs {
        println!("  {d}");
    }
    println!("\nfirst structure differences:");
    for d in &all.structure_posts {
        println!("  {d}");
    }
    println!("by kind (posts): {:?}", all.structure_diffs);
    println!("\n({:.1} s)", start.elapsed().as_secs_f64());
    // An exported file Jekyll refuses stops the whole build of the site:
    // the export must never write one.
    assert!(
        refused.is_empty(),
        "Jekyll refused exported files: {refused:?}"
    );
    assert!(all.posts > 3000, "only {} posts paired", all.posts);
    assert!(
        converted.posts > 1500,
        "only {} converted posts",
        converted.posts
    );
    for (what, tally) in [("all posts", &all), ("converted posts", &converted)] {
        assert!(
            tally.text_percent() >= THRESHOLD && tally.structure_percent() >= THRESHOLD,
            "{what}: {} (want ≥ {THRESHOLD}% each)",
            tally.summary()
        );
    }
}

/// Renders Markdown documents with kramdown as Jekyll 4.3 configures it
/// (GFM input, `hard_wrap: false`, Jekyll's smart quotes), in one Ruby
/// process.
fn kramdown(documents: &[String]) -> Vec<String> {
    const SCRIPT: &str = "require 'json'; require 'kramdown'; require 'kramdown-parser-gfm'; \
        docs = JSON.parse(STDIN.read); \
        puts JSON.generate(docs.map { |d| Kramdown::Document.new(d, input: 'GFM', hard_wrap: false, \
        auto_ids: true, entity_output: 'as_char', smart_quotes: 'lsquo,rsquo,ldquo,rdquo').to_html })";
    let mut child = Command::new("ruby")
        .args(["-e", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("`ruby` with kramdown is needed (scripts/setup.sh): {e}"));
    let mut stdin = child.stdin.take().unwrap();
    let input = serde_json::to_string(documents).unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(out.status.success(), "kramdown failed");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The converter's fixtures written for kramdown's readings
/// (`tests/convert_fixtures/kramdown-*`): typographic characters, `<` before
/// a CJK letter, padded code spans, an iframe in a link, a list in a list
/// (HTML), and HTML blocks kramdown reads otherwise than CommonMark (a
/// Markdown body): each exported file renders under kramdown as the
/// original does (an HTML post as it is, a Markdown post by kramdown).
#[test]
fn kramdown_reads_the_fixtures_as_the_originals() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/convert_fixtures");
    let mut originals = Vec::new();
    let mut sources = Vec::new();
    let mut exported = Vec::new();
    for name in ["kramdown-text.html", "kramdown-blocks.md"] {
        let input = std::fs::read_to_string(dir.join(name)).unwrap();
        let markdown = name.ends_with(".md");
        let format = if markdown {
            gazette_core::Format::Markdown
        } else {
            gazette_core::Format::Html
        };
        exported.push(gazette_core::convert::body(format, &input).markdown);
        sources.push(if markdown {
            input.clone()
        } else {
            String::new()
        });
        originals.push((name, markdown, input));
    }
    let rendered = kramdown(&[sources, exported].concat());
    let (base, after) = rendered.split_at(originals.len());
    for (((name, markdown, input), base), after) in originals.iter().zip(base).zip(after) {
        let before = if *markdown { base } else { input };
        assert_eq!(
            Seen::of(after),
            Seen::of(before),
            "{name}:\n{after}\n---\n{before}"
        );
    }
}
