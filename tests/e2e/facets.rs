//! The sidebar counts of a search come from the derived index (issue 18).

use fantoccini::Locator;

use crate::support::*;

/// A filter-only query (a case variant of a tag, a negated year) typed in
/// the app: the result count and the sidebar's year, category and tag
/// counts are the SQL path's, recorded before the derived index was built;
/// the SQL behind them was then erased (tags, categories, years, without
/// telling the index), so the app's numbers can only come from the index.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_facets_in_the_app_come_from_the_derived_index() {
    let work = tempfile::tempdir().unwrap();
    let db = work.path().join("archive.db");
    let query = "tag:metoo -year:2019";
    let (total, facets) = {
        let mut archive = gazette_core::Archive::open(&db).unwrap();
        archive
            .import(
                &[gazette_testkit::corpus().join("terminus2049")],
                &mut |_| {},
                &std::sync::atomic::AtomicBool::new(false),
            )
            .unwrap();
        let total = archive
            .search(query, gazette_core::Sort::Date, 1, 0)
            .unwrap()
            .total;
        let facets = archive.search_facets(query).unwrap();
        assert!(total > 1 && !facets.tags.is_empty(), "{total} {facets:?}");
        assert!(archive
            .build_search_index(&mut |_| {}, &std::sync::atomic::AtomicBool::new(false))
            .unwrap());
        (total, facets)
    };
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(
            "DELETE FROM post_tags; DELETE FROM post_categories; UPDATE posts SET year = NULL;",
        )
        .unwrap();

    let _serial = SERIAL.lock().await;
    let Running {
        client,
        _driver,
        _xvfb,
    } = launch(&db).await;
    text_until(&client, "[data-testid=post-count]", |t| {
        t.ends_with(" posts")
    })
    .await;
    let input = client
        .find(Locator::Css("[data-testid=search-input]"))
        .await
        .unwrap();
    input.send_keys(query).await.unwrap();
    text_until(&client, "[data-testid=search-count]", |t| {
        t == format!("{total} matches")
    })
    .await;
    let shown = |kind: &'static str| {
        let client = client.clone();
        async move {
            let js = format!(
                "return [...document.querySelectorAll('[data-testid=facets-{kind}] button.facet')]
                   .map((b) => b.title + '=' + b.querySelector('.count').textContent);"
            );
            let mut rows = Vec::new();
            for _ in 0..50 {
                let v = client.execute(&js, vec![]).await.unwrap();
                rows = v
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_str().unwrap().to_string())
                    .collect::<Vec<_>>();
                if !rows.is_empty() {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            rows
        }
    };
    let want = |list: &[(String, u32)]| -> Vec<String> {
        list.iter()
            .take(12)
            .map(|(n, c)| format!("{n}={c}"))
            .collect()
    };
    assert_eq!(shown("year").await, want(&facets.years));
    assert_eq!(shown("category").await, want(&facets.categories));
    assert_eq!(shown("tag").await, want(&facets.tags));
    screenshot(&client, "facets-derived-index.png").await;
}
