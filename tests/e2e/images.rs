//! Images in the reader and the editor's preview (site images through the
//! asset protocol, remote images refused by the window's own policy until
//! allowed), and search terms marked in the reader with next/previous.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use serde_json::{json, Value};

use crate::support::*;

/// A 48×48 checkered PNG (IHDR, IDAT, IEND with their CRCs).
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x30, 0x00, 0x00, 0x00, 0x30, 0x08, 0x02, 0x00, 0x00, 0x00, 0xd8, 0x60, 0x6e,
    0xd0, 0x00, 0x00, 0x00, 0x51, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0xed, 0xd7, 0xb1, 0x0d, 0x00,
    0x20, 0x08, 0x04, 0x40, 0x47, 0x62, 0x04, 0x47, 0x72, 0x44, 0x47, 0x70, 0x24, 0x47, 0x40, 0x12,
    0xa3, 0xcd, 0x25, 0x5f, 0x3f, 0xd7, 0x01, 0x6d, 0xf5, 0x48, 0x13, 0x63, 0xa6, 0xb9, 0xd5, 0xd3,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x8a, 0xa0, 0x97, 0xc3, 0x4e, 0x7a, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0xaa, 0x20, 0xdb, 0x1e, 0x08, 0x08, 0x08, 0x08, 0xc8, 0x5f, 0xe6, 0xfc, 0x00, 0x02,
    0x02, 0x02, 0x02, 0xfa, 0x0a, 0xda, 0x4c, 0x63, 0xd0, 0xa6, 0xdd, 0x3b, 0x37, 0x51, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// A tiny HTTP server answering every GET with [`PNG`]; returns its port
/// and the paths requested so far.
fn image_server() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
            // The rest of the request head.
            let mut header = String::new();
            while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                header.clear();
            }
            log.lock().unwrap().push(path);
            let mut stream = reader.into_inner();
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                PNG.len()
            );
            let _ = stream.write_all(PNG);
        }
    });
    (port, seen)
}

fn hits(seen: &Mutex<Vec<String>>, path: &str) -> usize {
    seen.lock().unwrap().iter().filter(|p| *p == path).count()
}

/// The image `css` once it has loaded or failed: `[complete, naturalWidth]`.
async fn image_state(client: &Client, css: &str) -> (bool, u64) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let v = client
            .execute(
                "const i = document.querySelector(arguments[0]); \
                 return i ? [i.complete, i.naturalWidth] : null;",
                vec![json!(css)],
            )
            .await
            .unwrap();
        if let Some([Value::Bool(done), Value::Number(w)]) = v.as_array().map(Vec::as_slice) {
            let w = w.as_u64().unwrap_or(0);
            if *done || Instant::now() > deadline {
                return (*done, w);
            }
        }
        assert!(Instant::now() < deadline, "no image {css}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Adds `<img id=ID src=SRC>` to the reader's body (past the sanitiser) and
/// gives its state once loaded or refused.
async fn inject(client: &Client, id: &str, src: &str) -> (bool, u64) {
    client
        .execute(
            "const i = document.createElement('img'); i.id = arguments[0]; i.src = arguments[1]; \
             document.querySelector('[data-testid=reader-body]').appendChild(i); return true;",
            vec![json!(id), json!(src)],
        )
        .await
        .unwrap();
    // Give a refused or failed load time to settle (complete turns true).
    tokio::time::sleep(Duration::from_millis(700)).await;
    image_state(client, &format!("#{id}")).await
}

fn asset_url(path: &Path) -> String {
    gazette_core::render::site_images::asset_url(path)
}

/// Issue 19: a post's site image shows (asset protocol, scoped to its site
/// folder), an image outside the site or in `.git` never loads, a remote
/// image injected past the sanitiser is refused by the window's policy and
/// reaches no server, and once remote images are allowed the post's remote
/// image loads through the backend (the request reaches the server). Then
/// a search's word is marked in the reader as often as the body has it,
/// with next/previous moving the current mark.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn site_images_remote_images_and_search_marks() {
    let (port, seen) = image_server();
    let work = tempfile::tempdir().unwrap();
    let top = std::fs::canonicalize(work.path()).unwrap();
    let db = top.join("archive.db");
    let site = top.join("site");
    std::fs::create_dir_all(site.join("assets")).unwrap();
    std::fs::create_dir_all(site.join("_posts")).unwrap();
    std::fs::create_dir_all(site.join(".git")).unwrap();
    std::fs::write(site.join("_config.yml"), "title: Pictures site\n").unwrap();
    std::fs::write(site.join("assets/x.png"), PNG).unwrap();
    std::fs::write(site.join(".git/secret.png"), PNG).unwrap();
    std::fs::write(top.join("outside.png"), PNG).unwrap();
    let body = format!(
        "Zebra crossing. ![site](/assets/x.png) ![up](../assets/x.png)\n\n\
         ![outside](../../outside.png) ![missing](/assets/none.png)\n\n\
         ![remote](http://127.0.0.1:{port}/allowed.png)\n\n\
         A zebra, then ZEBRA twice: zebra zebras. Not a match: zeb ra.\n"
    );
    std::fs::write(
        site.join("_posts/2024-05-01-pictures.md"),
        format!("---\ntitle: Pictures\n---\n{body}"),
    )
    .unwrap();
    let want_marks = body.to_lowercase().matches("zebra").count();
    // A post in no site: only the image it shows is served, not its folder.
    let loose = top.join("loose");
    std::fs::create_dir_all(loose.join("img")).unwrap();
    std::fs::write(loose.join("img/l.png"), PNG).unwrap();
    std::fs::write(loose.join("other.png"), PNG).unwrap();
    std::fs::write(
        loose.join("2024-05-02-loose.md"),
        "---\ntitle: Loose\n---\nA loose post. ![l](img/l.png)\n",
    )
    .unwrap();

    let _serial = SERIAL.lock().await;
    let Running {
        client,
        _driver,
        _xvfb,
    } = launch(&db).await;
    text_until(&client, "[data-testid=post-count]", |t| t == "0 posts").await;
    client
        .execute(
            "window.__TAURI_INTERNALS__.invoke('start_import', { paths: [arguments[0], arguments[1]] }); return true;",
            vec![json!(site), json!(loose)],
        )
        .await
        .unwrap();
    assert_eq!(text(&client, "[data-testid=report-imported]").await, "2");
    click(&client, "[data-testid=import-report] > button").await;
    text_until(&client, "[data-testid=post-count]", |t| t == "2 posts").await;
    open_row(&client, "Loose").await;
    text_until(&client, "[data-testid=reader-title]", |t| t == "Loose").await;
    let css = format!(
        "[data-testid=reader-body] img[src=\"{}\"]",
        asset_url(&loose.join("img/l.png"))
    );
    assert_eq!(image_state(&client, &css).await, (true, 48), "{css}");
    assert_eq!(
        inject(&client, "inj-loose", &asset_url(&loose.join("other.png")))
            .await
            .1,
        0
    );
    open_row(&client, "Pictures").await;
    text_until(&client, "[data-testid=reader-title]", |t| t == "Pictures").await;

    // The site image, twice (from the site root and from the post).
    let url = asset_url(&site.join("assets/x.png"));
    let css = format!("[data-testid=reader-body] img[src=\"{url}\"]");
    assert_eq!(image_state(&client, &css).await, (true, 48), "{css}");
    let shown = client
        .execute(
            "return document.querySelectorAll(arguments[0]).length;",
            vec![json!(css)],
        )
        .await
        .unwrap();
    assert_eq!(shown, json!(2));
    // Outside the site and missing: placeholders naming the path, no image.
    text_until(&client, ".missing-image[data-reason=outside]", |t| {
        t.contains("../../outside.png")
    })
    .await;
    text_until(&client, ".missing-image[data-reason=missing]", |t| {
        t.contains("/assets/none.png")
    })
    .await;
    let tip = client
        .execute(
            "return document.querySelector('.missing-image[data-reason=missing]').title;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        tip,
        json!("Image not found in the post's site: /assets/none.png")
    );
    // Past the sanitiser: the asset protocol refuses a file outside the
    // site folder and one in its .git folder.
    assert_eq!(
        inject(&client, "inj-outside", &asset_url(&top.join("outside.png")))
            .await
            .1,
        0
    );
    assert_eq!(
        inject(
            &client,
            "inj-git",
            &asset_url(&site.join(".git/secret.png"))
        )
        .await
        .1,
        0
    );
    // A remote image injected past the sanitiser: the CSP refuses it.
    client
        .execute(
            "window.__csp = []; document.addEventListener('securitypolicyviolation', \
             (e) => window.__csp.push(e.blockedURI)); return true;",
            vec![],
        )
        .await
        .unwrap();
    let injected = format!("http://127.0.0.1:{port}/injected.png");
    assert_eq!(inject(&client, "inj-remote", &injected).await.1, 0);
    let violations = client
        .execute("return window.__csp;", vec![])
        .await
        .unwrap();
    eprintln!("e2e images: CSP violations reported: {violations}");
    text_until(&client, "[data-testid=remote-images-blocked]", |t| {
        t.contains('1')
    })
    .await;
    assert_eq!(hits(&seen, "/injected.png"), 0);
    assert_eq!(hits(&seen, "/allowed.png"), 0);
    screenshot(&client, "images-reader-blocked.png").await;

    // Allowed: the post's remote image loads through the backend.
    click(&client, "[data-testid=allow-remote-images]").await;
    let remote = "[data-testid=reader-body] img[src^=\"gazette-remote:\"]";
    let deadline = Instant::now() + Duration::from_secs(20);
    while client.find(Locator::Css(remote)).await.is_err() {
        assert!(Instant::now() < deadline, "no remote image after allowing");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(image_state(&client, remote).await, (true, 48));
    assert!(hits(&seen, "/allowed.png") >= 1);
    // A raw remote URL is still refused by the window's policy.
    let injected = format!("http://127.0.0.1:{port}/injected-after.png");
    assert_eq!(inject(&client, "inj-remote-2", &injected).await.1, 0);
    assert_eq!(hits(&seen, "/injected-after.png"), 0);
    screenshot(&client, "images-reader-allowed.png").await;

    // The editor's preview shows the site image too.
    click(&client, "[data-testid=edit-post]").await;
    click(&client, "[data-testid=preview-tab]").await;
    let css = format!("[data-testid=preview] img[src=\"{url}\"]");
    assert_eq!(image_state(&client, &css).await, (true, 48), "{css}");
    screenshot(&client, "images-preview.png").await;
    click(&client, "[data-testid=close-editor]").await;

    // Search marks: as many as the body has the word, next/previous.
    wait_indexed(&client, &db).await;
    let input = client
        .find(Locator::Css("[data-testid=search-input]"))
        .await
        .unwrap();
    input.send_keys("zebra").await.unwrap();
    text_until(&client, "[data-testid=search-count]", |t| t == "1 match").await;
    click(&client, "[data-testid=post-row]").await;
    let count = format!("1 / {want_marks}");
    text_until(&client, "[data-testid=match-count]", |t| t == count).await;
    let marks = client
        .execute(
            "const m = [...document.querySelectorAll('[data-testid=reader-body] mark.search-hit')]; \
             return [m.length, m.findIndex((x) => x.classList.contains('current'))];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(marks, json!([want_marks, 0]));
    let current = || async {
        client
            .execute(
                "return [...document.querySelectorAll('[data-testid=reader-body] mark.search-hit')] \
                 .findIndex((x) => x.classList.contains('current'));",
                vec![],
            )
            .await
            .unwrap()
    };
    click(&client, "[data-testid=match-next]").await;
    text_until(&client, "[data-testid=match-count]", |t| {
        t == format!("2 / {want_marks}")
    })
    .await;
    assert_eq!(current().await, json!(1));
    // F3 forward, Shift+F3 back (WebDriver keys: F3 U+E033, Shift U+E008).
    type_keys(&client, "\u{E033}").await;
    text_until(&client, "[data-testid=match-count]", |t| {
        t == format!("3 / {want_marks}")
    })
    .await;
    assert_eq!(current().await, json!(2));
    type_keys(&client, "\u{E008}\u{E033}\u{E000}").await;
    text_until(&client, "[data-testid=match-count]", |t| {
        t == format!("2 / {want_marks}")
    })
    .await;
    click(&client, "[data-testid=match-previous]").await;
    click(&client, "[data-testid=match-previous]").await;
    text_until(&client, "[data-testid=match-count]", |t| {
        t == count.replace("1 /", &format!("{want_marks} /"))
    })
    .await;
    assert_eq!(current().await, json!(want_marks - 1));
    screenshot(&client, "highlight-reader.png").await;
}

/// Keys sent to the page (not to a field).
async fn type_keys(client: &Client, keys: &str) {
    let body = client.find(Locator::Css("body")).await.unwrap();
    body.send_keys(keys).await.unwrap();
}
