//! Import a corpus folder, browse, read, edit, bulk-edit, publish, undo.

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use serde_json::json;

use crate::support::*;

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
    keyboard_only(&client).await;
    edit_a_post_then_bulk_edit_and_undo(&client, &db).await;
    client.close().await.unwrap();
}

/// Issue 19's keyboard: `?` (outside text fields) shows the shortcut sheet
/// and Escape closes it; in a dialog Tab keeps focus inside it (the list
/// behind cannot take it) and Escape closes the dialog.
async fn keyboard_only(client: &Client) {
    let inside = |dialog: &'static str| {
        format!("return document.activeElement != null && document.activeElement.closest('{dialog}') != null;")
    };
    let list = client.find(Locator::Css(".post-list")).await.unwrap();
    list.send_keys("?").await.unwrap();
    let rows = text(client, "[data-testid=shortcut-sheet]").await;
    assert!(rows.contains("F5") && rows.contains("Ctrl+N"), "{rows}");
    screenshot(client, "e2e-shortcuts.png").await;
    let focused = client.active_element().await.unwrap();
    focused.send_keys("\u{E00C}").await.unwrap();
    wait_gone(client, "[data-testid=shortcut-sheet]").await;

    click(client, "[data-testid=bulk-edit]").await;
    text(client, "[data-testid=bulk-dialog]").await;
    for _ in 0..12 {
        let focused = client.active_element().await.unwrap();
        focused.send_keys("\u{E004}").await.unwrap();
        let within = client
            .execute(&inside(".dialog-backdrop"), vec![])
            .await
            .unwrap();
        assert_eq!(within, json!(true), "Tab left the bulk dialog");
    }
    let focused = client.active_element().await.unwrap();
    focused.send_keys("\u{E00C}").await.unwrap();
    wait_gone(client, "[data-testid=bulk-dialog]").await;
}

/// Waits (10 s at most) until no element matches `css`.
async fn wait_gone(client: &Client, css: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while client
        .execute(
            "return document.querySelector(arguments[0]) != null;",
            vec![json!(css)],
        )
        .await
        .unwrap()
        == json!(true)
    {
        assert!(Instant::now() < deadline, "{css} is still shown");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
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
    // Export is in the toolbar's More menu.
    click(client, "[data-testid=more-menu]").await;
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
