//! Following a living site in the app (issue 16): a bare remote, a bot's
//! clone that pushes, the user's site clone; the app syncs the followed site
//! at start-up (a clean merge, an edit/edit conflict, a new post), then
//! again by itself when `git pull` changes the folder (the watcher); the
//! Conflicts view shows the three sides and Keep mine resolves the
//! conflict; the list's badge marks posts the sync changed until opened.

use gazette_testkit::git;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use gazette_core::{Archive, SyncOptions};
use serde_json::json;

use crate::support::*;

/// A post whose body lines are its own (git would see two files holding the
/// same lines as one renamed).
fn post(title: &str, name: &str) -> String {
    let body: String = (1..=6)
        .map(|i| format!("line {i} of {name}: {}\n", name.repeat(10)))
        .collect();
    format!("---\nlayout: post\ntitle: {title}\n---\n{body}")
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join("_posts").join(name), text).unwrap();
}

fn push(bot: &Path, message: &str) {
    git(bot, &["add", "-A"]);
    git(bot, &["commit", "-q", "-m", message]);
    git(bot, &["push", "-q", "origin", "main"]);
}

/// The id of the post whose source path ends with `name`.
fn id(archive: &Archive, name: &str) -> i64 {
    let page = archive
        .list(&gazette_core::ListQuery {
            limit: Some(1000),
            ..Default::default()
        })
        .unwrap();
    page.items
        .iter()
        .find(|p| p.source_path.ends_with(name))
        .unwrap_or_else(|| panic!("no post {name}"))
        .id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_followed_site_syncs_at_start_up_and_when_its_folder_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (bot, site) = (dir.path().join("bot"), dir.path().join("site"));
    git(
        dir.path(),
        &["init", "-q", "--bare", "-b", "main", "remote.git"],
    );
    git(dir.path(), &["clone", "-q", "remote.git", "bot"]);
    git(&bot, &["checkout", "-q", "-b", "main"]);
    std::fs::write(bot.join("_config.yml"), "title: Daily\n").unwrap();
    std::fs::create_dir(bot.join("_posts")).unwrap();
    write(&bot, "2024-01-01-a.md", &post("Post a", "a"));
    write(&bot, "2024-01-01-b.md", &post("Post b", "b"));
    push(&bot, "first posts");
    git(dir.path(), &["clone", "-q", "remote.git", "site"]);

    // The user synced the site once (it is followed from then on) and
    // edited two posts in Gazette.
    let db = dir.path().join("archive.db");
    let (a, b) = {
        let mut archive = Archive::open(&db).unwrap();
        let s = archive.add_site("daily", &site, false).unwrap();
        let first = archive
            .sync_site(
                s.id,
                SyncOptions::default(),
                &mut |_| {},
                &AtomicBool::new(false),
            )
            .unwrap();
        assert_eq!(first.added, 2, "{first:?}");
        let (a, b) = (id(&archive, "-a.md"), id(&archive, "-b.md"));
        let mine_a = post("Post a", "a").replace("title: Post a", "title: 我的标题");
        archive.save_text(a, None, &mine_a).unwrap();
        let mine_b = post("Post b", "b").replace("line 1 of b", "LINE ONE (mine) of b");
        archive.save_text(b, None, &mine_b).unwrap();
        (a, b)
    };
    // Upstream meanwhile: a's title (overlaps the user's edit), b's last
    // line (merges cleanly), and a new post.
    write(
        &bot,
        "2024-01-01-a.md",
        &post("Post a", "a").replace("title: Post a", "title: Their title"),
    );
    write(
        &bot,
        "2024-01-01-b.md",
        &post("Post b", "b").replace("line 6 of b", "LINE SIX (theirs) of b"),
    );
    write(&bot, "2024-01-02-c.md", &post("Post c", "c"));
    push(&bot, "the bot's day");

    let _serial = SERIAL.lock().await;
    let Running {
        client,
        _driver,
        _xvfb,
    } = launch(&db).await;

    // At start-up the app pulls and syncs the followed site by itself.
    text_until(&client, "[data-testid=sync-merged]", |t| t == "1").await;
    assert_eq!(text(&client, "[data-testid=sync-added]").await, "1");
    assert_eq!(text(&client, "[data-testid=sync-conflicts]").await, "1");
    assert!(text(&client, "[data-testid=sync-pulled]")
        .await
        .starts_with("pulled "));
    text_until(&client, "[data-testid=post-count]", |t| t == "3 posts").await;
    screenshot(&client, "e2e-sync-report.png").await;
    {
        let archive = Archive::open(&db).unwrap();
        let merged = String::from_utf8(archive.post_file(b).unwrap()).unwrap();
        assert!(
            merged.contains("LINE ONE (mine)") && merged.contains("LINE SIX (theirs)"),
            "{merged}"
        );
        let conflicts = archive.conflicts().unwrap();
        assert_eq!(conflicts.len(), 1);
        assert_eq!(
            (conflicts[0].id, conflicts[0].kind.as_str()),
            (a, "edit/edit")
        );
    }
    // The posts the sync changed carry a badge until opened.
    let badges = |client: &fantoccini::Client| {
        let client = client.clone();
        async move {
            client
                .execute(
                    "return document.querySelectorAll('[data-testid=synced-badge]').length",
                    vec![],
                )
                .await
                .unwrap()
        }
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while badges(&client).await != json!(3) {
        assert!(
            std::time::Instant::now() < deadline,
            "badges: {:?}",
            badges(&client).await
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    open_row(&client, "Post c").await;
    text_until(&client, "[data-testid=reader-title]", |t| t == "Post c").await;
    while badges(&client).await != json!(2) {
        assert!(
            std::time::Instant::now() < deadline,
            "badges: {:?}",
            badges(&client).await
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }

    // The Conflicts view: the three sides, then Keep mine.
    click(&client, "[data-testid=conflicts]").await;
    let theirs = text(&client, "[data-testid=conflict-theirs]").await;
    assert!(theirs.contains("+title: Their title"), "{theirs}");
    let ours = text(&client, "[data-testid=conflict-ours]").await;
    assert!(ours.contains("+title: 我的标题"), "{ours}");
    assert!(text(&client, "[data-testid=conflict-base]")
        .await
        .contains("title: Post a"));
    screenshot(&client, "e2e-conflicts.png").await;
    click(&client, "[data-testid=conflict-edit-merge]").await;
    let merge = text(&client, "[data-testid=conflict-merge-editor]").await;
    assert!(
        merge.contains("<<<<<<<") && merge.contains("Their title"),
        "{merge}"
    );
    screenshot(&client, "e2e-conflict-merge.png").await;
    click(&client, ".conflict-view .dialog-buttons button:first-child").await;
    click(&client, "[data-testid=conflict-keep-mine]").await;
    text(&client, "[data-testid=no-conflicts]").await;
    close_dialog(
        &client,
        "[data-testid=conflicts-close]",
        "[data-testid=conflicts-dialog]",
    )
    .await;
    {
        let archive = Archive::open(&db).unwrap();
        assert!(archive.conflicts().unwrap().is_empty());
        let kept = String::from_utf8(archive.post_file(a).unwrap()).unwrap();
        assert!(kept.contains("title: 我的标题"), "{kept}");
    }

    // The bot pushes again; the user pulls in a terminal: the watcher sees
    // the folder change and the app syncs it by itself.
    write(&bot, "2024-01-03-d.md", &post("Post d", "d"));
    push(&bot, "another day");
    click(&client, "[data-testid=sync-dismiss]").await;
    git(&site, &["pull", "-q", "--no-rebase", "origin", "main"]);
    text_until(&client, "[data-testid=post-count]", |t| t == "4 posts").await;
    text_until(&client, "[data-testid=sync-added]", |t| t == "1").await;
    let archive = Archive::open(&db).unwrap();
    assert_eq!(archive.stats().unwrap().posts, 4);

    // At 1024×700 the toolbar (with the conflicts button gone) is one line
    // and no button's label wraps.
    client.set_window_size(1024, 700).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let wrapped = client
        .execute(
            "const bar = document.querySelector('.toolbar'); \
             const high = Math.max(...[...bar.children].map((e) => e.getBoundingClientRect().height)); \
             const tall = [...bar.querySelectorAll('button')].filter((b) => b.getBoundingClientRect().height > 40).map((b) => b.textContent); \
             return [window.innerWidth, bar.clientHeight < 2 * high, tall];",
            vec![],
        )
        .await
        .unwrap();
    screenshot(&client, "e2e-toolbar-1024.png").await;
    assert_eq!(
        wrapped[1],
        json!(true),
        "toolbar on two rows at {}px: {wrapped}",
        wrapped[0]
    );
    assert_eq!(wrapped[2], json!([]), "wrapped buttons: {wrapped}");
    assert!(archive
        .sync_marks()
        .unwrap()
        .contains(&id(&archive, "-d.md")));
}
