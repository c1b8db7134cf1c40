//! Writing a new post in the app (issue 17): Ctrl+N, a Chinese title, a
//! site that is a real git repository; saved, found by search, published;
//! then Demote and Promote from the reader, each published, which git sees
//! as renames after `git add -A`.

use std::path::Path;
use std::process::Command;

use fantoccini::{Client, Locator};

use crate::support::*;

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "core.quotepath=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Types `keys` into the element `css`.
async fn type_into(client: &Client, css: &str, keys: &str) {
    let e = client.find(Locator::Css(css)).await.unwrap();
    e.send_keys(keys).await.unwrap();
}

/// Publishes to the first site through the Publish dialog, without a git
/// commit (so `git status` shows what it wrote), and closes it.
async fn publish_without_commit(client: &Client) {
    click(client, "[data-testid=publish]").await;
    text(client, "[data-testid=publish-dialog]").await;
    let committing = client
        .execute(
            "return document.querySelector('[data-testid=publish-commit]').checked;",
            vec![],
        )
        .await
        .unwrap();
    if committing == serde_json::json!(true) {
        click(client, "[data-testid=publish-commit]").await;
    }
    click(client, "[data-testid=publish-preview]").await;
    text(client, "[data-testid=publish-plan]").await;
    click(client, "[data-testid=publish-start]").await;
    text(
        client,
        "[data-testid=publish-report] [data-testid=publish-counts]",
    )
    .await;
    close_dialog(
        client,
        "[data-testid=publish-close]",
        "[data-testid=publish-dialog]",
    )
    .await;
}

/// Waits until no element matches `css` (30 s at most).
async fn gone(client: &Client, css: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while client.find(Locator::Css(css)).await.is_ok() {
        assert!(std::time::Instant::now() < deadline, "{css} stays");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

/// The `git status --porcelain` lines after `git add -A`.
fn staged(site: &Path) -> Vec<String> {
    git(site, &["add", "-A"]);
    git(site, &["status", "--porcelain"])
        .lines()
        .map(str::to_string)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_a_new_post_publish_it_and_move_it_in_and_out_of_drafts() {
    let work = tempfile::tempdir().unwrap();
    let db = work.path().join("archive.db");
    let site = work.path().join("blog");
    std::fs::create_dir(&site).unwrap();
    std::fs::write(site.join("_config.yml"), "title: e2e compose\n").unwrap();
    git(&site, &["init", "-q", "-b", "main"]);
    git(&site, &["config", "user.name", "Gazette Test"]);
    git(&site, &["config", "user.email", "test@gazette.invalid"]);
    git(&site, &["add", "-A"]);
    git(&site, &["commit", "-q", "-m", "start"]);
    // Drafts are written too, so a demote moves the file to _drafts/.
    let site_id = gazette_core::Archive::open(&db)
        .unwrap()
        .add_site("blog", &site, true)
        .unwrap()
        .id;

    let _serial = SERIAL.lock().await;
    let Running {
        client,
        _driver,
        _xvfb,
    } = launch(&db).await;
    text_until(&client, "[data-testid=post-count]", |t| t == "0 posts").await;

    // Ctrl+N opens the dialog; Escape with nothing typed closes it and
    // creates nothing.
    type_into(&client, "body", "\u{E009}n\u{E000}").await;
    text(&client, "[data-testid=new-post-dialog]").await;
    type_into(&client, "[data-testid=new-post-title]", "\u{E00C}").await;
    gone(&client, "[data-testid=new-post-dialog]").await;
    type_into(&client, "body", "\u{E009}n\u{E000}").await;
    text(&client, "[data-testid=new-post-dialog]").await;
    text_until(&client, "[data-testid=new-post-site]", |t| {
        t.contains("blog")
    })
    .await;

    // A blank title: said before saving; a save makes nothing (the
    // browser's `required` check or the core's refusal).
    text_until(&client, "[data-testid=new-post-path]", |t| {
        t.contains("needs a title")
    })
    .await;
    click(&client, "[data-testid=new-post-save]").await;
    let archive = gazette_core::Archive::open(&db).unwrap();
    assert_eq!(archive.stats().unwrap().posts, 0);

    let title = "赣州 新的一天";
    type_into(&client, "[data-testid=new-post-title]", title).await;
    let date = "[data-testid=new-post-date]";
    type_into(&client, date, "\u{E009}a\u{E000}").await;
    type_into(&client, date, "not a date").await;
    let bad = text_until(&client, "[data-testid=new-post-path]", |t| {
        !t.contains("File:") && t != "…"
    })
    .await;
    assert!(bad.to_lowercase().contains("date"), "{bad}");
    type_into(&client, date, "\u{E009}a\u{E000}").await;
    type_into(&client, date, "2024-05-01 08:00:00 +0800").await;
    type_into(&client, "[data-testid=new-post-layout]", "post").await;
    type_into(&client, "[data-testid=new-post-categories] input", "游记,").await;
    type_into(&client, "[data-testid=new-post-tags] input", "赣州,旅行,").await;
    let name = "2024-05-01-赣州-新的一天.md";
    text_until(&client, "[data-testid=new-post-path]", |t| {
        t == format!("File: blog: _posts/{name}")
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    screenshot(&client, "e2e-new-post.png").await;

    // Escape with text typed asks first; keeping it goes back to the form.
    type_into(&client, "[data-testid=new-post-title]", "\u{E00C}").await;
    text(&client, "[data-testid=new-post-discard]").await;
    assert!(client
        .find(Locator::Css("[data-testid=new-post-dialog]"))
        .await
        .is_ok());
    click(&client, "[data-testid=new-post-save]").await;
    // It opens in the editor.
    text(&client, "[data-testid=editor-status]").await;
    let posts = archive.list(&Default::default()).unwrap().items;
    assert_eq!(posts.len(), 1);
    let id = posts[0].id;
    assert_eq!(posts[0].title, title);
    click(&client, "[data-testid=close-editor]").await;

    // Found by search.
    type_into(&client, "[data-testid=search-input]", "赣州").await;
    text_until(&client, "[data-testid=search-count]", |t| t == "1 match").await;
    click(&client, "[data-testid=post-row]").await;
    text_until(&client, "[data-testid=reader-title]", |t| t == title).await;

    // Published: the file is in the site, named and written as `new` would.
    publish_without_commit(&client).await;
    let file = site.join("_posts").join(name);
    let written = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        written,
        "---\ntitle: 赣州 新的一天\ndate: 2024-05-01 08:00:00 +0800\nlayout: post\ncategories: [游记]\ntags: [赣州, 旅行]\n---\n"
    );
    assert_eq!(staged(&site), [format!("A  _posts/{name}")]);
    git(&site, &["commit", "-q", "-m", "new post"]);

    // Demote: a draft in _drafts/, badged in the list; git sees a rename.
    click(&client, "[data-testid=demote-post]").await;
    text_until(&client, ".reader .source-path", |t| {
        t.ends_with("_drafts/赣州-新的一天.md")
    })
    .await;
    // The post list (the search cleared) badges it.
    type_into(&client, "[data-testid=search-input]", "\u{E00C}").await;
    text_until(&client, "[data-testid=post-badge]", |t| t == "draft").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    screenshot(&client, "e2e-demoted.png").await;
    publish_without_commit(&client).await;
    assert!(!file.exists());
    assert_eq!(
        staged(&site),
        [format!("R  _posts/{name} -> _drafts/赣州-新的一天.md")]
    );
    git(&site, &["commit", "-q", "-m", "demote"]);

    // Promote: back in _posts/ with a date (now: the demote removed it).
    click(&client, "[data-testid=promote-post]").await;
    let path = text_until(&client, ".reader .source-path", |t| {
        t.contains("/_posts/") && t.ends_with("-赣州-新的一天.md")
    })
    .await;
    let promoted = path.rsplit('/').next().unwrap().to_string();
    publish_without_commit(&client).await;
    assert_eq!(
        staged(&site),
        [format!("R  _drafts/赣州-新的一天.md -> _posts/{promoted}")]
    );
    let body = std::fs::read_to_string(site.join("_posts").join(&promoted)).unwrap();
    assert!(body.contains("\ndate: "), "{body}");

    // Undo (toolbar) of the promote: back in _drafts/.
    click(&client, "[data-testid=undo]").await;
    text_until(&client, ".reader .source-path", |t| {
        t.ends_with("_drafts/赣州-新的一天.md")
    })
    .await;
    let _ = site_id;

    // Undo of a creation removes the post.
    click(&client, "[data-testid=search-input]").await;
    type_into(&client, "body", "\u{E009}n\u{E000}").await;
    text(&client, "[data-testid=new-post-dialog]").await;
    type_into(&client, "[data-testid=new-post-title]", "撤销 测试\u{E007}").await;
    text(&client, "[data-testid=editor-status]").await;
    assert_eq!(archive.stats().unwrap().posts, 2);
    click(&client, "[data-testid=close-editor]").await;
    click(&client, "[data-testid=undo]").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while archive.stats().unwrap().posts != 1 {
        assert!(std::time::Instant::now() < deadline, "undo left the post");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert!(archive.post(id).is_ok(), "the other post stays");
}
