//! Converts an HTML file (or stdin) to Markdown with Gazette's converter:
//! `cargo run -p gazette-core --example convert -- FILE`; with `--markdown`
//! first, the input is a Markdown body whose HTML blocks are converted.

use std::io::Read;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let markdown = args.first().is_some_and(|a| a == "--markdown");
    if markdown {
        args.remove(0);
    }
    let mut html = String::new();
    match args.first() {
        Some(path) => html = std::fs::read_to_string(path).expect("readable UTF-8 file"),
        None => {
            std::io::stdin()
                .read_to_string(&mut html)
                .expect("UTF-8 on stdin");
        }
    }
    let out = if markdown {
        gazette_core::convert::convert_body(&html)
    } else {
        gazette_core::convert::html_to_markdown(&html)
    };
    print!("{}", out.markdown);
    for w in out.warnings {
        eprintln!("warning: {w}");
    }
}
