//! End-to-end test of the real desktop app under X (Xvfb when no display),
//! driven through tauri-driver + WebKitWebDriver: import a real corpus folder
//! and the BR-15 folder (spaces, parentheses, Chinese), see the posts in the
//! list, filter by a sidebar facet, read a post, and check that a hostile
//! post's script and handlers never run; search while the background search
//! indexing has not reached every post.
//!
//! Needs `tauri-driver` (cargo install tauri-driver, or $TAURI_DRIVER),
//! `WebKitWebDriver` (Debian: webkit2gtk-driver) and `Xvfb`; README's test
//! command installs them. The corpus is `$GAZETTE_CORPUS`, else
//! `../shared/corpus` beside the repository.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// Kills a child process gracefully (SIGTERM, so tauri-driver stops its
/// WebKitWebDriver too) when dropped.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.0.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn tauri_driver() -> PathBuf {
    if let Some(p) = std::env::var_os("TAURI_DRIVER") {
        return p.into();
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    let in_cargo = home.join(".cargo/bin/tauri-driver");
    if in_cargo.exists() {
        in_cargo
    } else {
        "tauri-driver".into()
    }
}

/// Starts Xvfb on a free display unless one is set; returns the display.
fn display() -> (String, Option<Guard>) {
    if let Some(d) = std::env::var_os("DISPLAY").filter(|d| !d.is_empty()) {
        return (d.to_string_lossy().into_owned(), None);
    }
    for n in 90..140 {
        if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
            || Path::new(&format!("/tmp/.X{n}-lock")).exists()
        {
            continue;
        }
        let child = Command::new("Xvfb")
            .arg(format!(":{n}"))
            .args(["-screen", "0", "1400x900x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb is needed (apt-get install xvfb)");
        let guard = Guard(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
                return (format!(":{n}"), Some(guard));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    panic!("could not start Xvfb");
}

/// The text content of the first element matching `css`, if any.
/// (textContent rather than WebDriver's rendered text, which WebKitWebDriver
/// reports empty for the virtualised rows' transformed boxes.)
async fn content(client: &Client, css: &str) -> Option<String> {
    let v = client
        .execute(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;",
            vec![json!(css)],
        )
        .await
        .map_err(|e| eprintln!("script failed: {e}"))
        .ok()?;
    v.as_str().map(str::to_string)
}

/// Waits until the element's text satisfies `ok`; returns that text.
async fn text_until(client: &Client, css: &str, ok: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut last = None;
    loop {
        last = content(client, css).await.or(last);
        if let Some(t) = last.as_deref().filter(|t| ok(t)) {
            return t.to_string();
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {css}; last text: {last:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Clicks the first element matching `css`, waiting up to 30 s for it to
/// exist and take the click.
async fn click(client: &Client, css: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let native_until = Instant::now() + Duration::from_secs(10);
    loop {
        // A dialog closing or a banner appearing can cover the element for a
        // moment (ElementClickIntercepted): try again. WebKitWebDriver
        // sometimes keeps refusing a visible, uncovered button with an empty
        // error under load; after 10 s the element gets a DOM click instead
        // (callers check that dialogs they close are gone first).
        let result = match client.find(Locator::Css(css)).await {
            Ok(e) if Instant::now() < native_until => e.click().await,
            Ok(_) => {
                eprintln!("e2e: WebDriver kept refusing to click {css}; clicking it in the DOM");
                let clicked = client
                    .execute(
                        "const e = document.querySelector(arguments[0]); if (!e || e.disabled) return false; e.click(); return true;",
                        vec![json!(css)],
                    )
                    .await;
                match clicked {
                    Ok(serde_json::Value::Bool(true)) => Ok(()),
                    Ok(_) => Err(fantoccini::error::CmdError::InvalidArgument(
                        css.to_string(),
                        "missing or disabled".to_string(),
                    )),
                    Err(e) => Err(e),
                }
            }
            Err(e) => Err(e),
        };
        match result {
            Ok(()) => return,
            Err(e) if Instant::now() > deadline => panic!("cannot click {css}: {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
}

/// Saves a screenshot of the app as `target/tmp/NAME` (best effort).
async fn screenshot(client: &Client, name: &str) {
    if let Ok(png) = client.screenshot().await {
        let _ = std::fs::write(Path::new(env!("CARGO_TARGET_TMPDIR")).join(name), png);
    }
}

/// Waits until the app's search indexing job (it runs after each import)
/// has indexed every post of the archive at `db` and its progress bar is
/// gone; returns whether the bar was seen on the way.
async fn wait_indexed(client: &Client, db: &Path) -> bool {
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut seen = false;
    loop {
        let bar = client
            .execute(
                "return document.querySelector('[data-testid=index-progress]') !== null",
                vec![],
            )
            .await
            .unwrap()
            .as_bool()
            .unwrap_or(false);
        seen |= bar;
        let left = gazette_core::Archive::open(db)
            .unwrap()
            .unindexed()
            .unwrap();
        if left == 0 && !bar {
            return seen;
        }
        assert!(
            Instant::now() < deadline,
            "indexing did not finish: {left} posts left"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Clicks the list row whose text holds `title`.
async fn open_row(client: &Client, title: &str) {
    client
        .execute(
            "const row = [...document.querySelectorAll('[data-testid=post-row]')].find((r) => r.textContent.includes(arguments[0])); row.click(); return true;",
            vec![json!(title)],
        )
        .await
        .unwrap();
}

/// Clicks `close` until the dialog `dialog` is gone (30 s at most).
async fn close_dialog(client: &Client, close: &str, dialog: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let open = client
            .execute(
                "return document.querySelector(arguments[0]) != null;",
                vec![json!(dialog)],
            )
            .await
            .unwrap();
        if open == json!(false) {
            return;
        }
        assert!(Instant::now() < deadline, "{dialog} does not close");
        click(client, close).await;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Waits for an element to exist and returns its text.
async fn text(client: &Client, css: &str) -> String {
    text_until(client, css, |_| true).await
}

/// E2E tests run one at a time: each starts its own app (and Xvfb).
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The app running under tauri-driver on archive `db`, and its WebDriver
/// client; the processes stop when it is dropped.
struct Running {
    client: Client,
    _driver: Guard,
    _xvfb: Option<Guard>,
}

/// Starts the real app on archive `db` and connects to it.
async fn launch(db: &Path) -> Running {
    let app = PathBuf::from(env!("CARGO_BIN_EXE_gazette-app"));
    let (display, xvfb) = display();
    let port = free_port();
    let native_port = free_port();
    let driver = Guard(
        Command::new(tauri_driver())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("DISPLAY", &display)
            .env("GAZETTE_DB", db)
            .env("LANG", "en_US.UTF-8")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tauri-driver is needed (cargo install tauri-driver)"),
    );
    let caps = json!({ "tauri:options": { "application": app } });
    let caps = caps.as_object().unwrap().clone();
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    let client = loop {
        match ClientBuilder::native()
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(c) => break c,
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
            Err(e) => panic!("cannot reach tauri-driver: {e}"),
        }
    };
    Running {
        client,
        _driver: driver,
        _xvfb: xvfb,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_a_corpus_folder_and_browse_it() {
    let work = tempfile::tempdir().unwrap();
    let db = work.path().join("archive.db");

    // BR-15: a post under a folder whose name has spaces, parentheses and Chinese.
    let br15_dir = work.path().join("博客 备份 (2024)");
    std::fs::create_dir(&br15_dir).unwrap();
    let br15_case = gazette_testkit::case("BR-15").join("input.md");
    std::fs::copy(&br15_case, br15_dir.join("2024-05-01 赣州游记.md")).unwrap();
    // A hostile post: every payload tries to set a marker or call a command.
    let hostile_dir = work.path().join("hostile");
    std::fs::create_dir(&hostile_dir).unwrap();
    std::fs::write(
        hostile_dir.join("2030-01-01-hostile.md"),
        "---\ntitle: Hostile post\n---\n<p>text</p><script>window.__pwned = 'script'</script>\
         <img src=\"x\" onerror=\"window.__pwned = 'onerror'\">\
         <a id=\"js\" href=\"javascript:window.__pwned='link'\">click me</a>\
         <svg onload=\"window.__pwned = 'svg'\"></svg>\
         <iframe srcdoc=\"<script>parent.__pwned='iframe'</script>\"></iframe>\n",
    )
    .unwrap();

    let _serial = SERIAL.lock().await;
    let Running {
        client,
        _driver,
        _xvfb,
    } = launch(&db).await;

    // A new archive is empty.
    text_until(&client, "[data-testid=post-count]", |t| t == "0 posts").await;

    // Import the way a drop does: the real start_import command, its events
    // and the report dialog.
    let terminus = gazette_testkit::corpus().join("terminus2049");
    let expected_posts = std::fs::read_dir(terminus.join("_posts")).unwrap().count() + 2;
    let paths = json!([terminus, br15_dir, hostile_dir]);
    client
        .execute("window.__TAURI_INTERNALS__.invoke('start_import', { paths: arguments[0] }); return true;", vec![paths])
        .await
        .unwrap();
    let imported = text(&client, "[data-testid=report-imported]").await;
    assert_eq!(imported, expected_posts.to_string());
    assert_eq!(text(&client, "[data-testid=report-failed]").await, "0");
    click(&client, "[data-testid=import-report] > button").await;
    // The import stored the posts; the indexing job indexes them for search.
    wait_indexed(&client, &db).await;

    // The list shows them, newest first.
    let count = text_until(&client, "[data-testid=post-count]", |t| {
        t != "0 posts" && t != "…"
    })
    .await;
    assert_eq!(count, format!("{expected_posts} posts"));
    text_until(&client, "[data-testid=post-row] .post-title", |t| {
        t == "Hostile post"
    })
    .await;

    // Read the hostile post: its text shows, none of its payloads ran.
    click(&client, "[data-testid=post-row]").await;
    assert_eq!(
        text(&client, "[data-testid=reader-title]").await,
        "Hostile post"
    );
    text_until(&client, "[data-testid=reader-body]", |t| t.contains("text")).await;
    if let Ok(link) = client
        .find(Locator::Css("[data-testid=reader-body] a"))
        .await
    {
        let _ = link.click().await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let state = client
        .execute(
            "return { pwned: window.__pwned ?? null, scripts: document.querySelectorAll('[data-testid=reader-body] script, [data-testid=reader-body] iframe, [data-testid=reader-body] [onerror]').length, href: location.href };",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(state["pwned"], serde_json::Value::Null, "{state}");
    assert_eq!(state["scripts"], 0, "{state}");
    assert!(
        !state["href"].as_str().unwrap_or("").contains("javascript"),
        "{state}"
    );

    // Narrow by a sidebar facet: the year 2024 holds only the BR-15 post.
    let facets = client.find_all(Locator::Css(".facet")).await.unwrap();
    let mut clicked = false;
    for f in facets {
        if f.attr("title").await.unwrap().as_deref() == Some("2024") {
            f.click().await.unwrap();
            clicked = true;
            break;
        }
    }
    assert!(clicked, "no 2024 facet");
    text_until(&client, "[data-testid=post-count]", |t| t == "1 post").await;
    text_until(&client, "[data-testid=post-row] .post-title", |t| {
        t == "赣州游记"
    })
    .await;
    click(&client, "[data-testid=post-row]").await;
    text_until(&client, "[data-testid=reader-title]", |t| t == "赣州游记").await;
    let source = text(&client, ".source-path").await;
    assert!(
        source.ends_with("博客 备份 (2024)/2024-05-01 赣州游记.md"),
        "{source}"
    );
    assert!(
        !source.contains("%20") && !source.starts_with("file:"),
        "{source}"
    );

    // Search: type a two-character Chinese word; the count equals the
    // core's answer on the same archive, and snippets mark the word.
    let want = gazette_core::Archive::open(&db)
        .unwrap()
        .search("赣州", gazette_core::Sort::Relevance, 1, 0)
        .unwrap()
        .total;
    assert!(want >= 2, "{want}");
    let input = client
        .find(Locator::Css("[data-testid=search-input]"))
        .await
        .unwrap();
    input.send_keys("赣州").await.unwrap();
    let label = if want == 1 {
        "match".to_string()
    } else {
        "matches".to_string()
    };
    text_until(&client, "[data-testid=search-count]", |t| {
        t == format!("{want} {label}")
    })
    .await;
    let snippet = client
        .execute(
            "return document.querySelector('[data-testid=snippet]').innerHTML",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        snippet.as_str().unwrap_or("").contains("<mark>赣州</mark>"),
        "{snippet}"
    );
    let rows = client
        .find_all(Locator::Css("[data-testid=post-row]"))
        .await
        .unwrap();
    rows[0].click().await.unwrap();
    tokio::time::sleep(Duration::from_millis(800)).await;
    screenshot(&client, "e2e-search.png").await;
    // A malformed query is a message in the list header, not a crash.
    input.send_keys(" \"open").await.unwrap();
    text_until(&client, "[data-testid=search-count]", |t| {
        t.contains("quote")
    })
    .await;
    // Escape clears the box (the WebDriver `clear` does not fire React's input event).
    input.send_keys("\u{E00C}").await.unwrap();
    // Back to the list, still narrowed to 2024 by the facet chosen above.
    text_until(&client, "[data-testid=post-count]", |t| t == "1 post").await;

    // The screenshot a person can look at (target/e2e-screenshot.png).
    click(&client, "[data-testid=facet-all]").await;
    text_until(&client, "[data-testid=post-count]", |t| {
        t == format!("{expected_posts} posts")
    })
    .await;
    let rows = client
        .find_all(Locator::Css("[data-testid=post-row]"))
        .await
        .unwrap();
    rows[3].click().await.unwrap();
    tokio::time::sleep(Duration::from_millis(800)).await;
    screenshot(&client, "e2e-screenshot.png").await;
    edit_a_post_then_bulk_edit_and_undo(&client, &db).await;
    client.close().await.unwrap();
}

/// Issue 4 in the real app: edit one post's title in the form and save with
/// Ctrl+S (only the title line changes on disk), see the revision in
/// History, refuse invalid YAML, confirm before discarding, then a bulk edit
/// previewed, applied and undone (every post byte-identical again).
async fn edit_a_post_then_bulk_edit_and_undo(client: &Client, db: &Path) {
    let archive = gazette_core::Archive::open(db).unwrap();
    let id = archive
        .list(&gazette_core::ListQuery {
            limit: Some(4),
            ..Default::default()
        })
        .unwrap()
        .items[3]
        .id;
    let before = archive.post_file(id).unwrap();
    click(client, "[data-testid=edit-post]").await;
    text(client, "[data-testid=editor-status]").await;
    let title = client
        .find(Locator::Css("[data-testid=field-title]"))
        .await
        .unwrap();
    title.click().await.unwrap();
    // Ctrl+A, then the new title, then Enter commits the field.
    title.send_keys("\u{E009}a\u{E000}").await.unwrap();
    title.send_keys("2023: 编辑后的标题\u{E007}").await.unwrap();
    text_until(client, "[data-testid=editor-status]", |t| {
        t == "Unsaved changes"
    })
    .await;
    title.send_keys("\u{E009}s\u{E000}").await.unwrap();
    text_until(client, "[data-testid=editor-status]", |t| {
        t == "All changes saved"
    })
    .await;
    let after = archive.post_file(id).unwrap();
    let old_text = gazette_core::post::decode(&before).unwrap().0;
    let expected = gazette_core::front_matter::apply_edits(
        &old_text,
        &[gazette_core::front_matter::Edit::Set {
            key: "title".into(),
            value: gazette_core::front_matter::Value::String("2023: 编辑后的标题".into()),
        }],
    )
    .unwrap();
    assert_eq!(gazette_core::post::decode(&after).unwrap().0, expected);
    assert_eq!(archive.post(id).unwrap().title, "2023: 编辑后的标题");

    // History lists the text the save replaced, with its diff.
    click(client, "[data-testid=history-toggle]").await;
    click(client, "[data-testid=history] li button").await;
    let diff = text_until(client, "[data-testid=revision-diff]", |t| t.contains("+")).await;
    assert!(diff.contains("2023: 编辑后的标题"), "{diff}");
    screenshot(client, "e2e-editor.png").await;

    // Invalid YAML is flagged with its line and cannot be saved; leaving asks first.
    click(client, "[data-testid=yaml-tab]").await;
    let yaml = client
        .find(Locator::Css("[data-testid=yaml-editor] .cm-content"))
        .await
        .unwrap();
    yaml.click().await.unwrap();
    // WebDriver keys do not reach CodeMirror's contenteditable in WebKitGTK;
    // typing goes through the browser's own text insertion instead.
    client
        .execute(
            "const c = document.querySelector('[data-testid=yaml-editor] .cm-content'); c.focus(); \
             document.getSelection().selectAllChildren(c); document.getSelection().collapseToEnd(); \
             document.execCommand('insertText', false, 'broken: [unclosed'); return true;",
            vec![],
        )
        .await
        .unwrap();
    let problem = text(client, "[data-testid=yaml-problem]").await;
    assert!(problem.contains("YAML line"), "{problem}");
    screenshot(client, "e2e-yaml.png").await;
    let disabled = client
        .execute(
            "return document.querySelector('[data-testid=save]').disabled",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(disabled, json!(true));
    click(client, "[data-testid=close-editor]").await;
    click(client, "[data-testid=discard]").await;
    text(client, "[data-testid=reader-title]").await;
    assert_eq!(
        archive.post_file(id).unwrap(),
        after,
        "discarded text was saved"
    );

    // Bulk: add a tag to every post, previewed, applied, then undone.
    let ids: Vec<i64> = archive
        .list(&gazette_core::ListQuery {
            limit: Some(1000),
            ..Default::default()
        })
        .unwrap()
        .items
        .iter()
        .map(|p| p.id)
        .collect();
    let snapshot: Vec<Vec<u8>> = ids.iter().map(|i| archive.post_file(*i).unwrap()).collect();
    // Ctrl-click marks two rows; a bulk edit then changes only those.
    client
        .execute(
            "const rows = document.querySelectorAll('[data-testid=post-row]'); \
             for (const r of [rows[0], rows[1]]) r.dispatchEvent(new MouseEvent('click', { bubbles: true, ctrlKey: true })); return true;",
            vec![],
        )
        .await
        .unwrap();
    text_until(client, "[data-testid=bulk-edit]", |t| {
        t.contains("2 marked")
    })
    .await;
    click(client, "[data-testid=bulk-edit]").await;
    let field = client
        .find(Locator::Css("[data-testid=bulk-a]"))
        .await
        .unwrap();
    field.send_keys("marked").await.unwrap();
    click(client, "[data-testid=bulk-preview]").await;
    text_until(client, "[data-testid=bulk-report]", |t| {
        t.contains("Would change 2 of 2 posts")
    })
    .await;
    close_dialog(
        client,
        "[data-testid=bulk-close]",
        "[data-testid=bulk-dialog]",
    )
    .await;
    click(client, "[data-testid=clear-marks]").await;

    click(client, "[data-testid=bulk-edit]").await;
    let field = client
        .find(Locator::Css("[data-testid=bulk-a]"))
        .await
        .unwrap();
    field.send_keys("e2e标签").await.unwrap();
    click(client, "[data-testid=bulk-preview]").await;
    let preview = text_until(client, "[data-testid=bulk-report]", |t| {
        t.contains("Would change")
    })
    .await;
    assert!(
        preview.contains(&format!("of {} posts", ids.len())),
        "{preview}"
    );
    click(client, "[data-testid=bulk-apply]").await;
    text_until(client, "[data-testid=bulk-report]", |t| {
        t.contains("Changed")
    })
    .await;
    let tagged = archive
        .list(&gazette_core::ListQuery {
            tag: Some("e2e标签".into()),
            ..Default::default()
        })
        .unwrap()
        .total;
    assert_eq!(tagged as usize, ids.len());
    click(client, "[data-testid=bulk-undo]").await;
    let deadline = Instant::now() + Duration::from_secs(60);
    while archive.post_file(ids[0]).unwrap() != snapshot[0] {
        assert!(Instant::now() < deadline, "undo did not land");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    for (i, bytes) in ids.iter().zip(&snapshot) {
        assert_eq!(
            &archive.post_file(*i).unwrap(),
            bytes,
            "post {i} differs after undo"
        );
    }

    // Export (issue 5): the dialog, then the job the dialog starts (the
    // native folder picker cannot be driven by WebDriver), its progress
    // events and its report; one Markdown file per post on disk.
    close_dialog(
        client,
        "[data-testid=bulk-close]",
        "[data-testid=bulk-dialog]",
    )
    .await;
    click(client, "[data-testid=export]").await;
    text(client, "[data-testid=export-dialog]").await;
    let out = db.parent().unwrap().join("exported site");
    client
        .execute(
            "window.__TAURI_INTERNALS__.invoke('start_export', { query: '', ids: null, target: { kind: 'folder', path: arguments[0] }, options: { format: 'markdown', grouping: 'flat', on_conflict: 'skip' } }); return true;",
            vec![json!(out)],
        )
        .await
        .unwrap();
    let written = text_until(client, "[data-testid=export-written]", |t| !t.is_empty()).await;
    assert_eq!(written, ids.len().to_string());
    let files = std::fs::read_dir(out.join("_posts")).unwrap().count();
    assert_eq!(files, ids.len());
    screenshot(client, "e2e-export.png").await;
    // Exporting again would find every file there: the dialog asks first.
    let existing = client
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             window.__TAURI_INTERNALS__.invoke('export_conflicts', { query: '', ids: null, target: { kind: 'folder', path: arguments[0] }, options: { format: 'markdown', grouping: 'flat', on_conflict: 'skip' } }).then((r) => done(r.length), (e) => done(String(e)));",
            vec![json!(out)],
        )
        .await
        .unwrap();
    assert_eq!(existing, json!(ids.len()));
    close_dialog(
        client,
        "[data-testid=export-close]",
        "[data-testid=export-dialog]",
    )
    .await;

    // Publish (issue 7): a Jekyll site in a real git repository, added as
    // the folder picker would add it; the dialog's preview lists every post
    // to add with its diff, then Publish writes and commits them.
    let site = db.parent().unwrap().join("site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join("_config.yml"), "title: e2e\n").unwrap();
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["config", "user.name", "E2E"],
        &["config", "user.email", "e2e@gazette.invalid"],
        &["add", "-A"],
        &["commit", "-q", "-m", "start"],
    ] {
        let ok = std::process::Command::new("git")
            .args(args)
            .current_dir(&site)
            .status()
            .unwrap()
            .success();
        assert!(ok, "git {args:?}");
    }
    let added = client
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             window.__TAURI_INTERNALS__.invoke('add_site', { name: 'e2e site', path: arguments[0], drafts: false }).then((s) => done(s.name), (e) => done(String(e)));",
            vec![json!(site)],
        )
        .await
        .unwrap();
    assert_eq!(added, json!("e2e site"));
    click(client, "[data-testid=publish]").await;
    text(client, "[data-testid=publish-dialog]").await;
    click(client, "[data-testid=publish-preview]").await;
    let to_add = text_until(client, "[data-testid=publish-added]", |t| !t.is_empty()).await;
    let published_posts = archive.stats().unwrap().posts as usize;
    assert!(
        to_add.parse::<usize>().unwrap() > 0 && to_add.parse::<usize>().unwrap() <= published_posts
    );
    assert!(!site.join("_posts").exists(), "a preview writes nothing");
    click(client, "[data-testid=publish-files] li button.link").await;
    let diff = text_until(client, "[data-testid=publish-diff]", |t| t.contains("+++")).await;
    assert!(diff.contains("+title:") || diff.contains("+---"), "{diff}");
    // Let WebKit paint the diff before the screenshot.
    tokio::time::sleep(Duration::from_millis(300)).await;
    screenshot(client, "e2e-publish-plan.png").await;
    click(client, "[data-testid=publish-start]").await;
    let commit = text_until(client, "[data-testid=publish-commit-id]", |t| !t.is_empty()).await;
    let files = std::fs::read_dir(site.join("_posts")).unwrap().count();
    assert_eq!(files.to_string(), to_add);
    let log = std::process::Command::new("git")
        .args([
            "-c",
            "core.quotepath=false",
            "show",
            "--name-only",
            "--format=%s",
            "HEAD",
        ])
        .current_dir(&site)
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&log.stdout);
    assert!(log.starts_with("Publish from Gazette"), "{log}");
    assert_eq!(
        log.lines().filter(|l| l.starts_with("_posts/")).count(),
        files
    );
    assert!(
        commit.contains(
            &String::from_utf8_lossy(
                &std::process::Command::new("git")
                    .args(["rev-parse", "--short=10", "HEAD"])
                    .current_dir(&site)
                    .output()
                    .unwrap()
                    .stdout
            )
            .trim()
            .to_string()
        ),
        "{commit}"
    );
    screenshot(client, "e2e-publish.png").await;
    close_dialog(
        client,
        "[data-testid=publish-close]",
        "[data-testid=publish-dialog]",
    )
    .await;

    // Duplicates (issue 6): the same post imported twice from two folders
    // is listed; keeping one deletes the other; the toolbar Undo brings it
    // back byte for byte.
    // A third folder holds a byte-for-byte copy of `a`'s file: not added
    // again, and the report says so.
    let dups = db.parent().unwrap().join("dups");
    for (folder, from) in [("a", "a"), ("b", "b"), ("c", "a")] {
        std::fs::create_dir_all(dups.join(folder)).unwrap();
        std::fs::write(
            dups.join(folder).join("2019-09-09-same.md"),
            format!("---\ntitle: 重复的文章\ndate: 2019-09-09\n---\n来自 {from}\n"),
        )
        .unwrap();
    }
    client
        .execute(
            "window.__TAURI_INTERNALS__.invoke('start_import', { paths: [arguments[0]] }); return true;",
            vec![json!(dups)],
        )
        .await
        .unwrap();
    text_until(client, "[data-testid=report-imported]", |t| t == "2").await;
    wait_indexed(client, db).await;
    assert_eq!(text(client, "[data-testid=report-unchanged]").await, "1");
    let identical = text(client, "[data-testid=report-identical]").await;
    assert!(
        identical.starts_with("1 unchanged file is a copy"),
        "{identical}"
    );
    let flagged = text(client, "[data-testid=report-duplicates]").await;
    assert!(flagged.starts_with("2 imported posts"), "{flagged}");
    screenshot(client, "e2e-import-duplicates.png").await;
    // The report's link opens the Duplicates view.
    click(client, "[data-testid=report-show-duplicates]").await;
    let groups = text_until(client, "[data-testid=duplicate-groups]", |t| {
        t.contains("重复的文章")
    })
    .await;
    assert!(groups.contains("Same title and day"), "{groups}");
    let diff = text_until(client, "[data-testid=duplicate-diff]", |t| {
        t.contains("+来自 b")
    })
    .await;
    assert!(diff.contains("-来自 a"), "{diff}");
    let before = archive.stats().unwrap().posts;
    click(client, "[data-testid=keep-this]").await;
    let deadline = Instant::now() + Duration::from_secs(30);
    while archive.stats().unwrap().posts != before - 1 {
        assert!(
            Instant::now() < deadline,
            "keeping one did not delete the other"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    screenshot(client, "e2e-duplicates.png").await;
    close_dialog(
        client,
        "[data-testid=duplicates-close]",
        "[data-testid=duplicates-dialog]",
    )
    .await;
    click(client, "[data-testid=undo]").await;
    let deadline = Instant::now() + Duration::from_secs(30);
    while archive.stats().unwrap().posts != before {
        assert!(
            Instant::now() < deadline,
            "undo did not bring the post back"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let hits = archive
        .search("重复的文章", gazette_core::Sort::Date, 10, 0)
        .unwrap()
        .results;
    assert_eq!(hits.len(), 2);
    for hit in hits {
        assert_eq!(
            archive.post_file(hit.id).unwrap(),
            std::fs::read(&hit.source_path).unwrap(),
            "{} is back byte for byte",
            hit.source_path
        );
    }
}

/// Issue 6: the app's import stores posts first and indexes them for search
/// in a background job. While that job cannot write (here another process
/// holds the archive's write lock), the bar says indexing is under way and a
/// word search says how many posts it cannot see yet; once the lock goes,
/// the job (or its Retry, if it gave up waiting) indexes every post and the
/// same search finds what the core finds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_says_what_the_background_index_has_not_reached() {
    let work = tempfile::tempdir().unwrap();
    let db = work.path().join("archive.db");
    // Stored the way the app's import stores them: not yet indexed.
    let stored = {
        let mut archive = gazette_core::Archive::open(&db).unwrap();
        let options = gazette_core::import::ImportOptions {
            defer_search_index: true,
            ..Default::default()
        };
        let report = archive
            .import_with(
                &[gazette_testkit::corpus().join("nodebe4-oped2")],
                options,
                &mut |_| {},
                &std::sync::atomic::AtomicBool::new(false),
            )
            .unwrap();
        assert!(report.imported > 100, "{report:?}");
        assert_eq!(archive.unindexed().unwrap(), report.imported);
        report.imported
    };
    // Another process's write transaction: the job waits behind it.
    let lock = rusqlite::Connection::open(&db).unwrap();
    lock.execute_batch("BEGIN IMMEDIATE").unwrap();

    let _serial = SERIAL.lock().await;
    let Running {
        client,
        _driver,
        _xvfb,
    } = launch(&db).await;
    // Browsing works at once.
    text_until(&client, "[data-testid=post-count]", |t| {
        t == format!("{stored} posts")
    })
    .await;
    let bar = text_until(&client, "[data-testid=index-progress]", |t| !t.is_empty()).await;
    assert!(
        bar.contains("Indexing for search") || bar.contains("stopped"),
        "{bar}"
    );
    let input = client
        .find(Locator::Css("[data-testid=search-input]"))
        .await
        .unwrap();
    input.send_keys("中国").await.unwrap();
    let note = text_until(&client, "[data-testid=search-unindexed]", |t| !t.is_empty()).await;
    assert_eq!(
        note,
        format!("{stored} posts are still being indexed and are not searched yet")
    );
    screenshot(&client, "e2e-indexing.png").await;

    // The lock goes; if the job gave up meanwhile, Retry starts it again.
    lock.execute_batch("ROLLBACK").unwrap();
    drop(lock);
    if client
        .find(Locator::Css("[data-testid=index-retry]"))
        .await
        .is_ok()
    {
        click(&client, "[data-testid=index-retry]").await;
    }
    wait_indexed(&client, &db).await;
    let want = gazette_core::Archive::open(&db)
        .unwrap()
        .search("中国", gazette_core::Sort::Relevance, 1, 0)
        .unwrap()
        .total;
    assert!(want > 10, "{want}");
    text_until(&client, "[data-testid=search-count]", |t| {
        t == format!("{want} matches")
    })
    .await;
    let gone = client
        .execute(
            "return document.querySelector('[data-testid=search-unindexed]') === null",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(gone, json!(true));
}

/// Issue 8: the hostile corpus imported and shown in the real app. Every
/// imported post is opened in the reader (its non-web links clicked), the
/// script post in the editor's preview, and a search shows snippets of the
/// payloads; no payload sets its marker or reaches the export command it
/// calls, and the window never leaves the app.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_posts_run_nothing_in_the_app() {
    use gazette_testkit::hostile::{self, Expect};
    let work = tempfile::tempdir().unwrap();
    let db = work.path().join("archive.db");
    let marker = work.path().join("marker");
    let files = hostile::write(&work.path().join("hostile"), &marker, false);
    let imported = files
        .iter()
        .filter(|f| f.expect == Expect::Imported)
        .count();
    let refused = files.len() - imported;

    let _serial = SERIAL.lock().await;
    let Running {
        client,
        _driver,
        _xvfb,
    } = launch(&db).await;
    text_until(&client, "[data-testid=post-count]", |t| t == "0 posts").await;
    let start_url = client.current_url().await.unwrap();
    client
        .execute(
            "window.__TAURI_INTERNALS__.invoke('start_import', { paths: [arguments[0]] }); return true;",
            vec![json!(work.path().join("hostile"))],
        )
        .await
        .unwrap();
    assert_eq!(
        text(&client, "[data-testid=report-imported]").await,
        imported.to_string()
    );
    assert_eq!(
        text(&client, "[data-testid=report-failed]").await,
        refused.to_string()
    );
    click(&client, "[data-testid=import-report] > button").await;
    wait_indexed(&client, &db).await;
    text_until(&client, "[data-testid=post-count]", |t| {
        t == format!("{imported} posts")
    })
    .await;

    // Open every post; click the links that are not web links (a web link
    // would open the system browser).
    for i in 0..imported {
        let title = client
            .execute(
                "const rows = document.querySelectorAll('[data-testid=post-row]'); \
                 const row = rows[arguments[0]]; if (!row) return null; \
                 row.scrollIntoView(); row.click(); \
                 return row.querySelector('.post-title').textContent;",
                vec![json!(i)],
            )
            .await
            .unwrap();
        let Some(title) = title.as_str().map(str::to_string) else {
            continue;
        };
        text_until(&client, "[data-testid=reader-title]", |t| t == title).await;
        text_until(&client, "[data-testid=reader-body]", |_| true).await;
        client
            .execute(
                "document.querySelectorAll('[data-testid=reader-body] a').forEach((a) => { \
                   const h = a.getAttribute('href') || ''; \
                   if (!/^(https?|mailto):/i.test(h)) a.click(); }); \
                 document.querySelectorAll('[data-testid=reader-body] *').forEach((e) => \
                   e.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }))); \
                 return true;",
                vec![],
            )
            .await
            .unwrap();
    }

    // The tracking pixel stays blocked until the archive allows remote
    // images; then it is shown, and blocked again on request.
    open_row(&client, "Hostile: Markdown").await;
    text_until(&client, "[data-testid=reader-title]", |t| {
        t == "Hostile: Markdown"
    })
    .await;
    text_until(&client, "[data-testid=remote-images-blocked]", |t| {
        t.contains("1 remote image")
    })
    .await;
    let pixel = "return document.querySelectorAll('[data-testid=reader-body] img[src*=\"tracker.example\"]').length;";
    assert_eq!(client.execute(pixel, vec![]).await.unwrap(), json!(0));
    click(&client, "[data-testid=allow-remote-images]").await;
    let deadline = Instant::now() + Duration::from_secs(30);
    while client.execute(pixel, vec![]).await.unwrap() != json!(1) {
        assert!(Instant::now() < deadline, "the allowed image never showed");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    client
        .execute("window.__TAURI_INTERNALS__.invoke('set_remote_images', { allow: false }); return true;", vec![])
        .await
        .unwrap();

    // The script post in the editor's preview.
    open_row(&client, "Hostile: script").await;
    text_until(&client, "[data-testid=reader-title]", |t| {
        t == "Hostile: script"
    })
    .await;
    click(&client, "[data-testid=edit-post]").await;
    click(&client, "[data-testid=preview-tab]").await;
    text_until(&client, "[data-testid=preview]", |t| t.contains("after")).await;
    click(&client, "[data-testid=close-editor]").await;

    // Snippets of the payloads in search results.
    let input = client
        .find(Locator::Css("[data-testid=search-input]"))
        .await
        .unwrap();
    input.send_keys("script").await.unwrap();
    text_until(&client, "[data-testid=search-count]", |t| {
        t.ends_with("matches") || t.ends_with("match")
    })
    .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    screenshot(&client, "e2e-hostile.png").await;

    let state = client
        .execute(
            "return { pwned: window.__pwned ?? null, \
               inBody: document.querySelectorAll('[data-testid=reader-body] script, [data-testid=reader-body] iframe, [data-testid=reader-body] object, [data-testid=reader-body] embed, [data-testid=reader-body] form, [data-testid=reader-body] base, [data-testid=reader-body] meta, [data-testid=reader-body] style, [data-testid=snippet] script, [data-testid=snippet] img').length, \
               bases: document.querySelectorAll('base').length };",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(state["pwned"], serde_json::Value::Null, "{state}");
    assert_eq!(state["inBody"], 0, "{state}");
    assert_eq!(state["bases"], 0, "{state}");
    assert_eq!(client.current_url().await.unwrap(), start_url);
    assert!(
        !marker.exists(),
        "a payload reached the export command: {} exists",
        marker.display()
    );
    client.close().await.unwrap();
}
