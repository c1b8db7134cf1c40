//! The timeline and the tags and categories manager (issue 19) in the real
//! app: a year bar, a month bar and a keyboard range each narrow the list
//! to the count the core gives for that range on the same archive; the
//! range clears. A tag merge is previewed, applied and undone from the
//! manager, after which every post's stored file is byte-identical.
//! Screenshots at 1024×700: `target/tmp/timeline-*.png`,
//! `tags-manager-*.png`.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use fantoccini::{Client, Locator};
use gazette_core::{Archive, ListQuery, NameKind, TimelineBy};
use serde_json::json;

use crate::support::*;

/// What the core counts for a range of months on the archive at `db`.
fn core_count(db: &Path, from: &str, to: &str) -> u32 {
    Archive::open(db)
        .unwrap()
        .list(&ListQuery {
            from: Some(from.into()),
            to: Some(to.into()),
            limit: Some(1),
            ..ListQuery::default()
        })
        .unwrap()
        .total
}

fn posts_text(n: u32) -> String {
    if n == 1 {
        "1 post".into()
    } else {
        format!("{n} posts")
    }
}

/// Every post's stored file, by id.
fn all_files(db: &Path) -> Vec<(i64, Vec<u8>)> {
    let archive = Archive::open(db).unwrap();
    let page = archive
        .list(&ListQuery {
            limit: Some(1000),
            ..ListQuery::default()
        })
        .unwrap();
    assert!(page.total <= 1000);
    let mut files: Vec<_> = page
        .items
        .iter()
        .map(|p| (p.id, archive.post_file(p.id).unwrap()))
        .collect();
    files.sort();
    files
}

/// Sends a key to the timeline chart as the keyboard would (a keydown on
/// the focused chart; WebKitWebDriver does not type into SVG elements).
async fn chart_key(client: &Client, key: &str, shift: bool) {
    client
        .execute(
            "const c = document.querySelector('[data-testid=timeline-chart]'); c.focus();
             c.dispatchEvent(new KeyboardEvent('keydown', { key: arguments[0], shiftKey: arguments[1], bubbles: true }));
             return true;",
            vec![json!(key), json!(shift)],
        )
        .await
        .unwrap();
}

/// Drags the pointer from the bar of period `a` to that of `b` (pointer
/// down, move, up at each bar's centre) as a mouse does; `a == b` is a
/// click. (WebKitWebDriver cannot click SVG elements.)
async fn drag_bars(client: &Client, a: &str, b: &str) {
    let done = client
        .execute(
            "const chart = document.querySelector('[data-testid=timeline-chart]');
             const at = (p) => { const r = document.querySelector(`[data-testid=timeline-bar-${p}] rect.hit`).getBoundingClientRect();
                                 return { clientX: r.left + r.width / 2, clientY: r.top + r.height / 2 }; };
             const send = (type, p) => chart.dispatchEvent(new PointerEvent(type, { ...at(p), bubbles: true, pointerId: 1, isPrimary: true, button: 0 }));
             send('pointerdown', arguments[0]); send('pointermove', arguments[1]); send('pointerup', arguments[1]);
             return true;",
            vec![json!(a), json!(b)],
        )
        .await
        .unwrap();
    assert_eq!(done, json!(true));
}

/// Replaces the text of the input `css` with `keys` as typing does (one
/// Backspace per character there, then the keys; React sees each input
/// event).
async fn type_into(client: &Client, css: &str, keys: &str) {
    let len = client
        .execute(
            "return document.querySelector(arguments[0]).value.length;",
            vec![json!(css)],
        )
        .await
        .unwrap()
        .as_u64()
        .unwrap() as usize;
    let e = client.find(Locator::Css(css)).await.unwrap();
    e.send_keys(&format!("{}{keys}", "\u{E003}".repeat(len)))
        .await
        .unwrap();
}

/// The names the manager's table shows.
async fn shown_names(client: &Client) -> Vec<String> {
    let v = client
        .execute(
            "return [...document.querySelectorAll('[data-testid=names-row]')].map((r) => r.dataset.name);",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(v).unwrap()
}

/// Ticks the manager's row for `name` (filtering the table to it first).
async fn pick(client: &Client, name: &str) {
    type_into(client, "[data-testid=names-filter]", name).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let shown = shown_names(client).await;
        if !shown.is_empty()
            && shown
                .iter()
                .all(|n| n.to_lowercase().contains(&name.to_lowercase()))
        {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the filter {name} shows {shown:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let css = format!("[data-testid=names-row][data-name=\"{name}\"] [data-testid=names-pick]");
    click(client, &css).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timeline_narrows_the_list_and_a_tag_merge_undoes_byte_for_byte() {
    let work = tempfile::tempdir().unwrap();
    let db = work.path().join("archive.db");
    {
        let corpus = gazette_testkit::corpus();
        let mut archive = Archive::open(&db).unwrap();
        let report = archive
            .import(
                &[corpus.join("terminus2049")],
                &mut |_| {},
                &AtomicBool::new(false),
            )
            .unwrap();
        assert!(report.failed.is_empty());
    }
    let total = Archive::open(&db).unwrap().stats().unwrap().posts;
    let years = Archive::open(&db)
        .unwrap()
        .timeline("", TimelineBy::Year)
        .unwrap();
    let busiest = years
        .buckets
        .iter()
        .max_by_key(|b| b.posts)
        .unwrap()
        .clone();

    let _serial = SERIAL.lock().await;
    let Running {
        client,
        _driver,
        _xvfb,
    } = launch(&db).await;
    client.set_window_size(1024, 700).await.unwrap();
    text_until(&client, "[data-testid=post-count]", |t| {
        t == posts_text(total)
    })
    .await;

    // Years: a year bar narrows to its twelve months.
    text(&client, "[data-testid=timeline-chart]").await;
    click(&client, "[data-testid=timeline-by-year]").await;
    text(
        &client,
        &format!("[data-testid=timeline-bar-{}]", busiest.period),
    )
    .await;
    drag_bars(&client, &busiest.period, &busiest.period).await;
    let want = core_count(
        &db,
        &format!("{}-01", busiest.period),
        &format!("{}-12", busiest.period),
    );
    assert_eq!(want, busiest.posts);
    text_until(&client, "[data-testid=post-count]", |t| {
        t == posts_text(want)
    })
    .await;
    text_until(&client, "[data-testid=timeline-clear]", |t| {
        t.starts_with(&busiest.period)
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    screenshot(&client, "timeline-year.png").await;

    // Months: a month bar narrows to that month.
    click(&client, "[data-testid=timeline-by-month]").await;
    text(&client, "[data-testid=timeline-bar-2018-01]").await;
    let months = Archive::open(&db)
        .unwrap()
        .timeline("", TimelineBy::Month)
        .unwrap();
    let month = months
        .buckets
        .iter()
        .max_by_key(|b| b.posts)
        .unwrap()
        .clone();
    drag_bars(&client, &month.period, &month.period).await;
    let want = core_count(&db, &month.period, &month.period);
    text_until(&client, "[data-testid=post-count]", |t| {
        t == posts_text(want)
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    screenshot(&client, "timeline-month.png").await;

    // The keyboard: Home, Shift+→ twice, Enter narrows to the first three
    // months (empty months included); Escape clears.
    chart_key(&client, "Home", false).await;
    chart_key(&client, "ArrowRight", true).await;
    chart_key(&client, "ArrowRight", true).await;
    chart_key(&client, "Enter", false).await;
    let first = &months.buckets[0].period;
    let (y, m) = first.split_once('-').unwrap();
    let (y, m): (i32, u32) = (y.parse().unwrap(), m.parse().unwrap());
    let third = if m + 2 > 12 {
        format!("{}-{:02}", y + 1, m + 2 - 12)
    } else {
        format!("{y}-{:02}", m + 2)
    };
    let want = core_count(&db, first, &third);
    text_until(&client, "[data-testid=post-count]", |t| {
        t == posts_text(want)
    })
    .await;
    let status = text(&client, "[data-testid=timeline-status]").await;
    assert!(status.contains(&third), "{status}");
    chart_key(&client, "Escape", false).await;
    text_until(&client, "[data-testid=post-count]", |t| {
        t == posts_text(total)
    })
    .await;

    // A drag over several months, in either direction.
    let (a, z) = (&months.buckets[2].period, &months.buckets[8].period);
    drag_bars(&client, z, a).await;
    let want = core_count(&db, a, z);
    text_until(&client, "[data-testid=post-count]", |t| {
        t == posts_text(want)
    })
    .await;
    text_until(&client, "[data-testid=timeline-clear]", |t| {
        t.starts_with(a.as_str())
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    screenshot(&client, "timeline-drag.png").await;
    click(&client, "[data-testid=timeline-clear]").await;
    text_until(&client, "[data-testid=post-count]", |t| {
        t == posts_text(total)
    })
    .await;

    // The manager: merge two tags into one, preview, apply, undo.
    let before = all_files(&db);
    let names = Archive::open(&db).unwrap().names(NameKind::Tag).unwrap();
    let count = |n: &str| names.iter().find(|c| c.name == n).map_or(0, |c| c.posts);
    let expected = count("MeToo") + count("审查");
    assert!(expected > 10);
    click(&client, "[data-testid=more-menu]").await;
    click(&client, "[data-testid=names-menu]").await;
    text(&client, "[data-testid=names-table]").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    screenshot(&client, "tags-manager-list.png").await;
    pick(&client, "MeToo").await;
    pick(&client, "审查").await;
    type_into(&client, "[data-testid=names-filter]", "").await;
    text_until(&client, "[data-testid=names-picked]", |t| {
        t.starts_with('2')
    })
    .await;
    let target = client
        .find(Locator::Css("[data-testid=names-target]"))
        .await
        .unwrap();
    target.send_keys("合并标签").await.unwrap();
    text_until(&client, "[data-testid=names-merge]", |t| {
        t == "Preview merge"
    })
    .await;
    click(&client, "[data-testid=names-merge]").await;
    let preview = text(&client, "[data-testid=names-report]").await;
    assert!(preview.contains(&expected.to_string()), "{preview}");
    assert_eq!(all_files(&db), before, "a preview wrote");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    screenshot(&client, "tags-manager-preview.png").await;
    click(&client, "[data-testid=names-apply]").await;
    text(&client, "[data-testid=names-undo]").await;
    let merged = Archive::open(&db).unwrap().names(NameKind::Tag).unwrap();
    assert_eq!(
        merged
            .iter()
            .find(|c| c.name == "合并标签")
            .map(|c| c.posts),
        Some(expected)
    );
    assert!(merged.iter().all(|c| c.name != "MeToo" && c.name != "审查"));
    assert_ne!(all_files(&db), before);
    // The table shows the new name with its count.
    type_into(&client, "[data-testid=names-filter]", "合并").await;
    text_until(
        &client,
        "[data-testid=names-row][data-name=\"合并标签\"]",
        |t| t.contains(&expected.to_string()),
    )
    .await;
    // Let WebKit paint before the screenshot.
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    screenshot(&client, "tags-manager-merged.png").await;
    click(&client, "[data-testid=names-undo]").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while all_files(&db) != before {
        assert!(
            std::time::Instant::now() < deadline,
            "undo did not restore every file"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    close_dialog(
        &client,
        "[data-testid=names-close]",
        "[data-testid=names-dialog]",
    )
    .await;
    client.close().await.unwrap();
}
