//! Converts an HTML file (or stdin) to Markdown with Gazette's converter:
//! `cargo run -p gazette-core --example convert -- FILE`.

use std::io::Read;

fn main() {
    let mut html = String::new();
    match std::env::args().nth(1) {
        Some(path) => html = std::fs::read_to_string(path).expect("readable UTF-8 file"),
        None => {
            std::io::stdin()
                .read_to_string(&mut html)
                .expect("UTF-8 on stdin");
        }
    }
    let out = gazette_core::convert::html_to_markdown(&html);
    print!("{}", out.markdown);
    for w in out.warnings {
        eprintln!("warning: {w}");
    }
}
