//! Field filters, facets and query timelines on the derived index (issue
//! 18) equal the SQL path's, on the real corpus plus a few posts made for
//! the edge cases (case variants of names, ASCII and not; a tag listed
//! twice; posts without a date, a layout or a collection; drafts; a date
//! whose own-offset day differs from its UTC day).
//!
//! Every answer is first recorded from the SQL path (no derived index yet),
//! then the index is built and the SQL behind the FTS5 path is broken on
//! purpose (its full-text entries, the posts' tags, categories, dates,
//! layouts, collections and draft flags erased, without the outbox hearing
//! of it): the answers given then can only come from the derived index.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use gazette_core::{Archive, Facets, ListQuery, Sort, Timeline, TimelineBy};

/// Everything the app shows for a query: the ids newest first (all pages),
/// the total, the first page by relevance (ids for a query with words,
/// whose BM25 differs between the two indexes; ids and scores for one
/// without, which both order by date with score 0), the facets and the
/// timelines by month and by year.
#[derive(Debug, PartialEq)]
struct Answer {
    by_date: Vec<i64>,
    total: u32,
    relevance: Vec<(i64, Option<u64>)>,
    facets: Facets,
    /// `None` for the empty query, whose timeline is always SQL's.
    months: Option<Timeline>,
    years: Option<Timeline>,
}

fn has_words(query: &str) -> bool {
    gazette_core::search::engine::plan::has_words(&gazette_core::search::parse(query).unwrap())
}

fn answer(archive: &Archive, query: &str) -> Answer {
    let mut by_date = Vec::new();
    let total = loop {
        let page = archive
            .search(query, Sort::Date, 1000, by_date.len() as u32)
            .unwrap();
        if page.results.is_empty() {
            break page.total;
        }
        by_date.extend(page.results.iter().map(|h| h.id));
    };
    assert_eq!(total as usize, by_date.len(), "total for {query}");
    let words = has_words(query);
    let page = archive.search(query, Sort::Relevance, 50, 0).unwrap();
    assert_eq!(page.total, total, "relevance total for {query}");
    let relevance = page
        .results
        .iter()
        .map(|h| (h.id, (!words).then_some(h.score.to_bits())))
        .collect::<Vec<_>>();
    let relevance = match (words, total <= 50) {
        (false, _) => relevance,
        // The two BM25s may order a page differently: the page's set is
        // compared when it is the whole set (which `by_date` compares).
        (true, true) => {
            let mut r = relevance;
            r.sort();
            r
        }
        (true, false) => Vec::new(),
    };
    Answer {
        by_date,
        total,
        relevance,
        facets: archive.search_facets(query).unwrap(),
        months: (!query.is_empty()).then(|| archive.timeline(query, TimelineBy::Month).unwrap()),
        years: (!query.is_empty()).then(|| archive.timeline(query, TimelineBy::Year).unwrap()),
    }
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

/// The edge cases the corpus may lack.
fn edge_posts(dir: &Path) {
    write(
        dir,
        "2021-03-04-metoo.md",
        "---\nlayout: Post\ntitle: MeToo 新闻\ndate: 2021-03-04 10:00:00 +0800\ntags: [MeToo, metoo, MeToo, Émile]\ncategories: [Archive, 新闻]\n---\nruby 新闻 body\n",
    );
    write(
        dir,
        "2021-03-05-emile.md",
        "---\ntitle: émile ruby\ndate: 2021-03-05\ntags: [émile, METOO]\n---\n新闻 words\n",
    );
    // No date in the front matter nor in the file name, no layout.
    write(
        dir,
        "undated.md",
        "---\ntitle: Undated 新闻\ntags: [MeToo]\n---\nruby undated\n",
    );
    // Its own-offset day is 2022-01-01, its UTC day 2021-12-31.
    write(
        dir,
        "2022-01-01-new-year.md",
        "---\nlayout: post\ntitle: New year\ndate: 2022-01-01 01:00:00 +0800\npublished: false\ntags: [metoo]\n---\n新年 ruby\n",
    );
}

/// The queries: every filter kind, negations, OR groups, case variants,
/// words with filters; then names taken from the archive's own facets.
fn queries(all: &Facets) -> Vec<String> {
    let mut q: Vec<String> = [
        "",
        "tag:MeToo",
        "tag:metoo",
        "tag:METOO",
        "-tag:metoo",
        "tag:émile",
        "tag:Émile",
        "tag:ÉMILE",
        "category:Archive",
        "category:archive",
        "-category:ARCHIVE",
        "category:新闻",
        "year:2020",
        "year:2022",
        "-year:2020",
        "year:2020 category:Archive",
        "year:2018 category:Archive",
        "year:2019 OR year:2021",
        "after:2020-01-01",
        "after:2022-01-01",
        "before:2022-01-01",
        "before:2010",
        "-after:2019-06",
        "-before:2019-06-15",
        "after:2018-01 before:2018-07",
        "draft:true",
        "draft:false",
        "-draft:true",
        "-draft:false",
        "layout:post",
        "layout:POST",
        "layout:news_post",
        "-layout:news_post",
        "layout:none-such",
        "collection:posts",
        "collection:Posts",
        "-collection:posts",
        "-collection:none-such",
        "tag:MeToo OR category:Archive",
        "after:2021 OR draft:true",
        "新闻",
        "ruby",
        "ruby 新闻",
        "新闻 category:Archive",
        "新闻 -year:2020",
        "release year:2019 OR year:2020",
        "ruby -release",
        "title:ruby after:2015",
        "\"security fix\" -draft:true",
        "ruby tag:metoo",
        "-赣",
        "-ruby -新闻",
        "-ruby year:2021",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for (name, _) in all.tags.iter().take(6).chain(all.categories.iter().take(6)) {
        let field = if all.tags.iter().any(|(n, _)| n == name) {
            "tag"
        } else {
            "category"
        };
        let name = name.replace('"', "");
        q.push(format!("{field}:\"{name}\""));
        q.push(format!("{field}:\"{}\"", name.to_ascii_lowercase()));
        q.push(format!("-{field}:\"{}\"", name.to_ascii_uppercase()));
        q.push(format!("新闻 {field}:\"{name}\""));
    }
    for (year, _) in all.years.iter().take(4) {
        q.push(format!("year:{year}"));
        q.push(format!("-year:{year} draft:false"));
    }
    for (collection, _) in &all.collections {
        q.push(format!("collection:{}", collection.to_ascii_uppercase()));
    }
    q
}

/// Erases, behind the outbox's back, all that the SQL path reads for
/// filters, facets, timelines and words.
fn break_the_sql_path(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch(
        "INSERT INTO post_text (post_text) VALUES ('delete-all');
         DELETE FROM post_tags;
         DELETE FROM post_categories;
         UPDATE posts SET year = NULL, date_local = NULL, layout = NULL, collection = NULL,
             draft = 0, published = 1;",
    )
    .unwrap();
}

#[test]
fn filters_facets_and_timelines_on_the_derived_index_equal_sql() {
    let dir = tempfile::tempdir().unwrap();
    let edges = dir.path().join("edges");
    std::fs::create_dir(&edges).unwrap();
    edge_posts(&edges);
    let db = dir.path().join("a.db");
    let mut archive = Archive::open(&db).unwrap();
    archive
        .import(
            &[gazette_testkit::corpus(), edges],
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!(archive.search_index_status().unwrap(), None);
    let all = archive.search_facets("").unwrap();
    let queries = queries(&all);
    let sql: Vec<Answer> = queries.iter().map(|q| answer(&archive, q)).collect();
    // The queries are not vacuous: most match something, some not all.
    let posts = archive.stats().unwrap().posts;
    let some = sql
        .iter()
        .filter(|a| a.total > 0 && a.total < posts)
        .count();
    assert!(
        some * 10 >= queries.len() * 8,
        "{some} of {}",
        queries.len()
    );
    let at = |q: &str| &sql[queries.iter().position(|x| x == q).unwrap()];
    assert!(
        at("tag:metoo").total >= 4,
        "MeToo, METOO, metoo, the undated"
    );
    assert_eq!(at("tag:metoo"), at("tag:METOO"));
    let (upper, lower) = (&at("tag:Émile").by_date, &at("tag:émile").by_date);
    assert!(!upper.is_empty() && !lower.is_empty());
    assert!(
        upper.iter().all(|id| !lower.contains(id)),
        "NOCASE folds ASCII only"
    );

    assert!(archive
        .build_search_index(&mut |_| {}, &AtomicBool::new(false))
        .unwrap());
    break_the_sql_path(&db);
    // Broken indeed: SQL now finds no tag and no word.
    let listed = archive
        .list(&ListQuery {
            tag: Some("MeToo".into()),
            ..ListQuery::default()
        })
        .unwrap();
    assert_eq!(listed.total, 0);
    for (query, want) in queries.iter().zip(&sql) {
        let got = answer(&archive, query);
        assert_eq!(got.total, want.total, "total of {query:?}");
        assert!(got.by_date == want.by_date, "ids by date of {query:?}");
        assert_eq!(got.relevance, want.relevance, "relevance page of {query:?}");
        assert_eq!(got.facets, want.facets, "facets of {query:?}");
        assert_eq!(got.months, want.months, "months of {query:?}");
        assert_eq!(got.years, want.years, "years of {query:?}");
    }
    // The whole archive's timeline stays SQL (broken: every post undated).
    let whole = archive.timeline("", TimelineBy::Month).unwrap();
    assert_eq!(whole.undated, posts);
}

/// After edits that change a post's tags and date, and a delete, the
/// facets and timelines the derived index gives are the new ones (the
/// outbox was replayed, the facets counted before are not served again),
/// and its own (SQL broken as above after the
/// replay); the test above shows they are SQL's.
#[test]
fn facets_follow_edits_after_replay() {
    let dir = tempfile::tempdir().unwrap();
    let edges = dir.path().join("edges");
    std::fs::create_dir(&edges).unwrap();
    edge_posts(&edges);
    let db = dir.path().join("a.db");
    let mut archive = Archive::open(&db).unwrap();
    archive
        .import(&[edges], &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    assert!(archive
        .build_search_index(&mut |_| {}, &AtomicBool::new(false))
        .unwrap());
    let ids: Vec<(i64, String)> = archive
        .list(&ListQuery::default())
        .unwrap()
        .items
        .into_iter()
        .map(|p| (p.id, p.source_path))
        .collect();
    let id = |file: &str| ids.iter().find(|(_, p)| p.ends_with(file)).unwrap().0;
    // Counted (and cached) before the edits.
    let before = archive.search_facets("ruby").unwrap();
    assert!(
        before.tags.contains(&("MeToo".to_string(), 2)),
        "{before:?}"
    );
    let metoo = id("2021-03-04-metoo.md");
    let text = String::from_utf8(archive.post_file(metoo).unwrap()).unwrap();
    let edited = text
        .replace("tags: [MeToo, metoo, MeToo, Émile]", "tags: [Moved, moved]")
        .replace(
            "date: 2021-03-04 10:00:00 +0800",
            "date: 2019-07-08 23:30:00 -0500",
        );
    archive.save_text(metoo, None, &edited).unwrap();
    archive.delete_posts(&[id("undated.md")]).unwrap();
    // Applies the outbox, then the SQL path is broken.
    assert!(archive.search_index_status().unwrap().is_some());
    break_the_sql_path(&db);
    let facets = archive.search_facets("ruby").unwrap();
    let tags: BTreeSet<(String, u32)> = facets.tags.iter().cloned().collect();
    assert_eq!(
        tags,
        BTreeSet::from([
            ("Moved".to_string(), 1),
            ("moved".to_string(), 1),
            ("METOO".to_string(), 1),
            ("metoo".to_string(), 1),
            ("émile".to_string(), 1),
        ])
    );
    assert_eq!(
        facets.years,
        vec![
            ("2022".to_string(), 1),
            ("2021".to_string(), 1),
            ("2019".to_string(), 1)
        ]
    );
    let months = archive.timeline("ruby", TimelineBy::Month).unwrap();
    assert_eq!(months.undated, 0);
    assert_eq!(
        months
            .buckets
            .iter()
            .map(|b| b.period.as_str())
            .collect::<Vec<_>>(),
        vec!["2019-07", "2021-03", "2022-01"]
    );
    assert_eq!(
        archive
            .search("tag:moved", Sort::Date, 10, 0)
            .unwrap()
            .total,
        1
    );
    assert_eq!(
        archive
            .search("year:2019", Sort::Date, 10, 0)
            .unwrap()
            .total,
        1
    );
}
