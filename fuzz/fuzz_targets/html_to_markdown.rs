//! The HTML to Markdown converter and the reader's renderer on any markup:
//! never a panic; the rendered HTML never keeps a script.
#![no_main]

use gazette_core::post::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|html: &str| {
    let converted = gazette_core::convert::html_to_markdown(html);
    let _ = gazette_core::convert::body(Format::Markdown, &converted.markdown);
    for format in [Format::Html, Format::Markdown] {
        let out = gazette_core::render::body_html(format, html);
        assert!(!out.to_ascii_lowercase().contains("<script"), "{out}");
    }
});
