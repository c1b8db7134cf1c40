//! Hostile posts run nothing in the app.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::json;

use crate::support::*;

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
