//! Search while the background index has not reached every post.

use fantoccini::Locator;
use serde_json::json;

use crate::support::*;

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
