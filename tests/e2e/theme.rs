//! Settings and themes (issue 19): the Settings dialog opened with
//! Ctrl+, and applied with Enter, Light then Dark forced through it (the
//! `data-theme` on <html>, a computed background, the settings file), the
//! archive's default site preselected in Publish, screenshots of the main
//! window, a post's code block, the editor and two dialogs in both themes
//! at 1024×700 and 1440×900
//! (`target/tmp/theme-<light|dark>-<view>-<w>x<h>.png`), the language
//! switched to 简体中文 without a restart, and the archive kept among the
//! recent ones. One launch; a second with `LANG=zh_CN.UTF-8`.

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use serde_json::{json, Value};

use crate::support::*;

/// The window sizes every view is shot at.
const SIZES: [(u32, u32); 2] = [(1024, 700), (1440, 900)];

/// The Enter and Control keys as WebDriver spells them.
const ENTER: &str = "\u{E007}";
const CONTROL: &str = "\u{E009}";
/// Releases the modifier keys held by `send_keys`.
const RELEASE: &str = "\u{E000}";

async fn js(client: &Client, script: &str) -> Value {
    client.execute(script, vec![]).await.unwrap()
}

/// Waits until `script` returns `want` (30 s at most).
async fn js_until(client: &Client, script: &str, want: Value) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let got = js(client, script).await;
        if got == want {
            return;
        }
        assert!(Instant::now() < deadline, "{script} gave {got}, not {want}");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Picks the option `value` of the select `css` as a user does (a click
/// on the option).
async fn choose(client: &Client, css: &str, value: &str) {
    let select = client.find(Locator::Css(css)).await.unwrap();
    select
        .find(Locator::Css(&format!("option[value='{value}']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    js_until(
        client,
        &format!("return document.querySelector(\"{css}\").value;"),
        json!(value),
    )
    .await;
}

/// Opens Settings with Ctrl+, from the keyboard.
async fn open_settings(client: &Client) {
    let body = client.find(Locator::Css("body")).await.unwrap();
    body.send_keys(&format!("{CONTROL},{RELEASE}"))
        .await
        .unwrap();
    text(client, "[data-testid=settings-language]").await;
}

/// Chooses `theme` in Settings and applies it with Enter.
async fn set_theme(client: &Client, theme: &str) {
    open_settings(client).await;
    choose(client, "[data-testid=settings-theme]", theme).await;
    let select = client
        .find(Locator::Css("[data-testid=settings-theme]"))
        .await
        .unwrap();
    select.send_keys(ENTER).await.unwrap();
    js_until(
        client,
        "return document.querySelector('[data-testid=settings-dialog]') === null;",
        json!(true),
    )
    .await;
    js_until(
        client,
        "return document.documentElement.dataset.theme;",
        json!(theme),
    )
    .await;
}

/// Shoots the view at both sizes, with the element `show` (if any)
/// scrolled to the middle after each resize.
async fn shoot(client: &Client, theme: &str, view: &str, show: Option<&str>) {
    for (w, h) in SIZES {
        client.set_window_rect(0, 0, w, h).await.unwrap();
        // Let layout and CodeMirror settle at the new size.
        tokio::time::sleep(Duration::from_millis(500)).await;
        if let Some(css) = show {
            client
                .execute(
                    "document.querySelector(arguments[0]).scrollIntoView({ block: 'center' }); return true;",
                    vec![json!(css)],
                )
                .await
                .unwrap();
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        screenshot(client, &format!("theme-{theme}-{view}-{w}x{h}.png")).await;
    }
}

/// The main window (a post open in the reader), the editor, Settings and
/// Publish (with a file's diff) in `theme`.
async fn shoot_views(client: &Client, theme: &str) {
    // A post with code blocks, quotes and Chinese text.
    open_row(client, "React Hooks 是否可以改为").await;
    text_until(client, "[data-testid=reader-title]", |t| {
        t.starts_with("React Hooks 是否可以改为")
    })
    .await;
    text_until(client, "[data-testid=reader-body]", |t| {
        t.contains("useState")
    })
    .await;
    shoot(client, theme, "main", None).await;
    // The sanitised body further down: a code block, links, lists.
    shoot(
        client,
        theme,
        "reader-code",
        Some("[data-testid=reader-body] pre"),
    )
    .await;

    click(client, "[data-testid=edit-post]").await;
    text(client, "[data-testid=editor] .cm-content").await;
    // The body's CodeMirror editor in view (below the fields at 1024×700).
    shoot(
        client,
        theme,
        "editor",
        Some("[data-testid=editor] .cm-editor"),
    )
    .await;
    click(client, "[data-testid=close-editor]").await;

    open_settings(client).await;
    shoot(client, theme, "settings", None).await;
    let language = client
        .find(Locator::Css("[data-testid=settings-language]"))
        .await
        .unwrap();
    language.send_keys("\u{E00C}").await.unwrap(); // Escape closes.
    js_until(
        client,
        "return document.querySelector('[data-testid=settings-dialog]') === null;",
        json!(true),
    )
    .await;

    click(client, "[data-testid=publish]").await;
    text(client, "[data-testid=publish-dialog]").await;
    click(client, "[data-testid=publish-preview]").await;
    text(client, "[data-testid=publish-plan]").await;
    click(client, "[data-testid=publish-files] button.link").await;
    text_until(client, "[data-testid=publish-diff]", |t| t.contains("+")).await;
    shoot(client, theme, "publish", None).await;
    click(client, "[data-testid=publish-close]").await;
    js_until(
        client,
        "return document.querySelector('[data-testid=publish-dialog]') === null;",
        json!(true),
    )
    .await;
}

/// A folder Gazette takes as a Jekyll site (a `_config.yml`, `_posts/`).
fn site(dir: &Path) -> &Path {
    std::fs::create_dir_all(dir.join("_posts")).unwrap();
    std::fs::write(dir.join("_config.yml"), "title: site\n").unwrap();
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_switch_theme_and_language() {
    let started = Instant::now();
    let work = tempfile::tempdir().unwrap();
    let db = work.path().join("archive.db");
    let (alpha, beta) = {
        let mut archive = gazette_core::Archive::open(&db).unwrap();
        let posts = gazette_testkit::corpus().join("huxpro-blog").join("_posts");
        archive
            .import(&[posts], &mut |_| {}, &Default::default())
            .unwrap();
        let a = archive
            .add_site("alpha", site(&work.path().join("alpha")), false)
            .unwrap();
        let b = archive
            .add_site("beta", site(&work.path().join("beta")), false)
            .unwrap();
        (a.id, b.id)
    };

    let _serial = SERIAL.lock().await;
    let Running {
        client,
        _driver,
        _xvfb,
    } = launch(&db).await;
    text_until(&client, "[data-testid=post-count]", |t| {
        t.ends_with(" posts") && t != "0 posts"
    })
    .await;

    // The archive opened at start is the first recent one.
    let settings_file = work
        .path()
        .join("config")
        .join("app.gazette.desktop")
        .join("settings.json");
    let saved: Value =
        serde_json::from_str(&std::fs::read_to_string(&settings_file).unwrap()).unwrap();
    assert_eq!(saved["recent"][0], json!(db.canonicalize().unwrap()));

    // The default site: beta, then preselected by Publish and New post.
    open_settings(&client).await;
    choose(
        &client,
        "[data-testid=settings-default-site]",
        &beta.to_string(),
    )
    .await;
    click(&client, "[data-testid=settings-apply]").await;
    js_until(
        &client,
        "return document.querySelector('[data-testid=settings-dialog]') === null;",
        json!(true),
    )
    .await;
    assert_eq!(
        gazette_core::Archive::open(&db)
            .unwrap()
            .default_site()
            .unwrap(),
        Some(beta)
    );
    click(&client, "[data-testid=publish]").await;
    js_until(
        &client,
        "const s = document.querySelector('[data-testid=publish-site]'); return s ? s.value : null;",
        json!(beta.to_string()),
    )
    .await;
    assert_ne!(alpha, beta);
    click(&client, "[data-testid=publish-close]").await;
    js_until(
        &client,
        "return document.querySelector('[data-testid=publish-dialog]') === null;",
        json!(true),
    )
    .await;
    // New post too (then Escape: nothing typed, it closes at once).
    click(&client, "[data-testid=new-post]").await;
    js_until(
        &client,
        "const s = document.querySelector('[data-testid=new-post-site]'); return s ? s.value : null;",
        json!(beta.to_string()),
    )
    .await;
    let title = client
        .find(Locator::Css("[data-testid=new-post-title]"))
        .await
        .unwrap();
    title.send_keys("\u{E00C}").await.unwrap();
    js_until(
        &client,
        "return document.querySelector('[data-testid=new-post-dialog]') === null;",
        json!(true),
    )
    .await;

    // Light, forced.
    set_theme(&client, "light").await;
    let bg = js(
        &client,
        "return getComputedStyle(document.documentElement).backgroundColor;",
    )
    .await;
    assert_eq!(bg, json!("rgb(251, 250, 247)"));
    shoot_views(&client, "light").await;

    // Dark, forced: the palette, the editor's One Dark, the saved choice.
    set_theme(&client, "dark").await;
    let bg = js(
        &client,
        "return getComputedStyle(document.documentElement).backgroundColor;",
    )
    .await;
    assert_eq!(bg, json!("rgb(27, 26, 24)"));
    let saved: Value =
        serde_json::from_str(&std::fs::read_to_string(&settings_file).unwrap()).unwrap();
    assert_eq!(saved["theme"], json!("dark"));
    // The native window theme follows (Tauri's Window::set_theme).
    let native = client
        .execute_async(
            "const done = arguments[arguments.length - 1]; window.__TAURI_INTERNALS__.invoke('plugin:window|theme', { label: 'main' }).then(done, (e) => done('error: ' + e));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(native, json!("dark"), "the native window theme");
    shoot_views(&client, "dark").await;
    click(&client, "[data-testid=edit-post]").await;
    text(&client, "[data-testid=editor] .cm-content").await;
    let editor_bg = js(
        &client,
        "return getComputedStyle(document.querySelector('[data-testid=editor] .cm-editor')).backgroundColor;",
    )
    .await;
    assert_eq!(editor_bg, json!("rgb(40, 44, 52)"), "One Dark's background");
    click(&client, "[data-testid=close-editor]").await;

    // 简体中文 without a restart: the toolbar's New post button says so.
    assert_eq!(text(&client, "[data-testid=new-post]").await, "New post");
    open_settings(&client).await;
    choose(&client, "[data-testid=settings-language]", "zh-CN").await;
    click(&client, "[data-testid=settings-apply]").await;
    text_until(&client, "[data-testid=new-post]", |t| t == "新建文章").await;
    assert_eq!(
        js(&client, "return document.documentElement.lang;").await,
        json!("zh-CN")
    );
    let saved: Value =
        serde_json::from_str(&std::fs::read_to_string(&settings_file).unwrap()).unwrap();
    assert_eq!(saved["language"], json!("zh-CN"));
    eprintln!("theme e2e: {:.1} s", started.elapsed().as_secs_f64());
}

/// The case: `LANG=zh_CN.UTF-8` on a machine without that C locale
/// (GTK falls back to "C"). The UI takes the language the native menu
/// uses (from the backend), so both are Chinese.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lang_zh_cn_shows_the_ui_in_chinese() {
    let work = tempfile::tempdir().unwrap();
    let db = work.path().join("archive.db");
    let _serial = SERIAL.lock().await;
    let Running {
        client,
        _driver,
        _xvfb,
    } = launch_with(&db, &[("LANG", "zh_CN.UTF-8"), ("LC_ALL", "")]).await;
    text_until(&client, "[data-testid=new-post]", |t| t == "新建文章").await;
    assert_eq!(
        js(&client, "return document.documentElement.lang;").await,
        json!("zh-CN")
    );
    // Settings offers System as what it is here.
    open_settings(&client).await;
    let system = text(
        &client,
        "[data-testid=settings-language] option[value=system]",
    )
    .await;
    assert!(system.contains("简体中文"), "{system}");
}
