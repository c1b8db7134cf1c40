//! Mixed bodies: Markdown with raw HTML blocks (the usual shape of archive
//! posts: `<p>` paragraphs, then Markdown links). The body is read as
//! CommonMark first; only top-level HTML blocks are converted, every other
//! byte is kept as written. A block that kramdown reads otherwise (see
//! `kramdown.rs`) is kept as written too, and one that kramdown reads on
//! past (an element left open) ends the conversion: the rest of the body
//! is kept as written.

use pulldown_cmark::{Event, Options, Parser, Tag};

use super::kramdown::{reading, Reading};
use super::{html_to_markdown, Converted};

/// The note for a block kept as written because kramdown reads it
/// otherwise.
const KEPT: &str = "HTML that Jekyll's kramdown reads otherwise kept as written";

fn note(warnings: &mut Vec<String>, warning: &str) {
    if !warnings.iter().any(|w| w == warning) {
        warnings.push(warning.to_string());
    }
}

/// Converts the raw HTML blocks of a Markdown body, keeping the rest.
pub fn convert_body(body: &str) -> Converted {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut depth = 0usize;
    let mut ranges = Vec::new();
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 && matches!(tag, Tag::HtmlBlock) {
                    ranges.push(range);
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    let mut out = String::with_capacity(body.len());
    let mut warnings = Vec::new();
    let mut last = 0;
    for range in ranges {
        if range.start < last || range.end > body.len() {
            continue;
        }
        match reading(&body[range.clone()]) {
            Reading::Same => {}
            // kramdown (Jekyll) reads this block otherwise than CommonMark
            // and a browser: kept as written, so both show what they
            // showed before.
            Reading::Differs => {
                note(&mut warnings, KEPT);
                continue;
            }
            // kramdown reads on past the block: nothing after it changes.
            Reading::LeftOpen => {
                note(&mut warnings, KEPT);
                break;
            }
        }
        out.push_str(&body[last..range.start]);
        let converted = html_to_markdown(&body[range.clone()]);
        for w in converted.warnings {
            note(&mut warnings, &w);
        }
        let md = converted.markdown.trim_end_matches('\n');
        let block = &body[range.clone()];
        if md.trim() == block.trim() {
            // Nothing to convert (a comment, raw elements): as written.
            out.push_str(block);
        } else if !md.is_empty() {
            out.push_str(md);
            out.push('\n');
            // A block that ended on its closing tag may be followed
            // directly by Markdown: keep them apart.
            let rest = &body[range.end..];
            if !rest.is_empty() && !rest.starts_with(['\n', '\r']) {
                out.push('\n');
            }
        }
        last = range.end;
    }
    out.push_str(&body[last..]);
    Converted {
        markdown: out,
        warnings,
    }
}
