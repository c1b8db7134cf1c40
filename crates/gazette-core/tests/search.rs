//! Search on real posts, checked against a brute-force scan of the same
//! text: BR-11's exact result sets, and the corpus terms the issue names.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use gazette_core::import::ImportOptions;
use gazette_core::text::{body_text, fold_with_map, is_cjk};
use gazette_core::{Archive, Format, ListQuery, Sort};

/// Which index answers the searches of a test: the FTS5 one the store
/// keeps, or the derived tantivy index built after the import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Engine {
    Fts5,
    Tantivy,
}

/// Builds the derived index for [`Engine::Tantivy`] (and checks that the
/// archive then has one, so the searches below are answered by it).
fn use_engine(archive: &mut Archive, engine: Engine) {
    if engine == Engine::Tantivy {
        assert!(archive
            .build_search_index(&mut |_| {}, &AtomicBool::new(false))
            .unwrap());
    }
    let status = archive.search_index_status().unwrap();
    assert_eq!(status.is_some(), engine == Engine::Tantivy, "{status:?}");
}

fn all_hits(archive: &Archive, query: &str) -> (u32, BTreeSet<i64>) {
    let mut ids = BTreeSet::new();
    loop {
        let page = archive
            .search(query, Sort::Date, 1000, ids.len() as u32)
            .unwrap();
        let total = page.total;
        if page.results.is_empty() {
            return (total, ids);
        }
        ids.extend(page.results.iter().map(|h| h.id));
        assert!(ids.len() <= total as usize);
    }
}

/// BR-11: every query returns exactly the expected set of posts.
#[test]
fn br11_short_chinese_terms_and_and_queries() {
    br11(Engine::Fts5);
}

/// BR-11 on the derived index.
#[test]
fn br11_on_the_derived_index() {
    br11(Engine::Tantivy);
}

fn br11(engine: Engine) {
    let case = gazette_testkit::case("BR-11");
    let input: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(case.join("input.json")).unwrap()).unwrap();
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(case.join("expected.json")).unwrap())
            .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let posts = dir.path().join("posts");
    std::fs::create_dir(&posts).unwrap();
    for (name, text) in input["files"].as_object().unwrap() {
        std::fs::write(posts.join(name), text.as_str().unwrap()).unwrap();
    }
    let mut archive = Archive::open(&dir.path().join("a.db")).unwrap();
    archive
        .import(&[posts], &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    use_engine(&mut archive, engine);
    let names: std::collections::HashMap<i64, String> = archive
        .list(&ListQuery::default())
        .unwrap()
        .items
        .into_iter()
        .map(|p| {
            (
                p.id,
                Path::new(&p.source_path)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            )
        })
        .collect();
    let mut queries: Vec<String> = input["queries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q.as_str().unwrap().to_string())
        .collect();
    queries.push("gen-itgc后".into());
    for query in queries {
        let (total, ids) = all_hits(&archive, &query);
        let got: BTreeSet<String> = ids.iter().map(|id| names[id].clone()).collect();
        let want: BTreeSet<String> = match expected["results"].get(&query) {
            Some(w) => w
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_str().unwrap().to_string())
                .collect(),
            None => BTreeSet::from(["2024-05-05-deploy.md".to_string()]),
        };
        assert_eq!(got, want, "query {query:?}");
        assert_eq!(total as usize, want.len(), "total for {query:?}");
    }
}

/// Whether `term` occurs in `text` as the search defines it: CJK terms as
/// substrings; Latin terms at a word start (after a non-letter/digit or a
/// CJK character); case- and width-folded.
fn brute_force_match(text: &str, term: &str) -> bool {
    let (folded, _) = fold_with_map(text);
    let (needle, _) = fold_with_map(term);
    let starts_cjk = needle.chars().next().is_some_and(is_cjk);
    folded.match_indices(&needle).any(|(at, _)| {
        starts_cjk
            || folded[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric() || is_cjk(c))
    })
}

fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        serde_json::Value::Object(m) => m.values().for_each(|x| strings(x, out)),
        serde_json::Value::Number(n) => out.push(n.to_string()),
        serde_json::Value::Bool(b) => out.push(b.to_string()),
        serde_json::Value::Null => {}
    }
}

/// The terms the issue names: the index's totals equal a brute-force scan
/// of every post's title, body text and front matter values.
///
/// The corpus is imported as the app imports: posts stored without their
/// index entries, then indexed by `index_pending` (the background job).
#[test]
fn corpus_totals_equal_a_brute_force_scan() {
    corpus_totals(Engine::Fts5);
}

/// The same scan, answered by the derived index.
#[test]
fn corpus_totals_on_the_derived_index() {
    corpus_totals(Engine::Tantivy);
}

fn corpus_totals(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let mut archive = Archive::open(&dir.path().join("a.db")).unwrap();
    let report = archive
        .import_with(
            &[gazette_testkit::corpus()],
            ImportOptions {
                defer_search_index: true,
                ..ImportOptions::default()
            },
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    // Stored, browsable, not yet searchable by words.
    assert_eq!(archive.unindexed().unwrap(), report.imported);
    let before = archive.search("赣州", Sort::Date, 10, 0).unwrap();
    assert_eq!((before.total, before.unindexed), (0, report.imported));
    let mut batches = Vec::new();
    let indexed = archive
        .index_pending(&mut |p| batches.push(p), &AtomicBool::new(false))
        .unwrap();
    assert_eq!(indexed, report.imported);
    assert_eq!(
        batches.last().map(|p| (p.done, p.total)),
        Some((indexed, indexed))
    );
    assert!(batches.windows(2).all(|w| w[0].done < w[1].done));
    assert_eq!(archive.unindexed().unwrap(), 0);
    use_engine(&mut archive, engine);
    let mut texts = Vec::new();
    let mut offset = 0;
    loop {
        let page = archive
            .list(&ListQuery {
                limit: Some(1000),
                offset: Some(offset),
                ..ListQuery::default()
            })
            .unwrap();
        if page.items.is_empty() {
            break;
        }
        offset += page.items.len() as u32;
        for summary in page.items {
            let post = archive.post(summary.id).unwrap();
            let format = Format::from_name(&post.format).unwrap();
            let mut values = Vec::new();
            strings(&post.front_matter, &mut values);
            let text = [
                post.title.clone(),
                body_text(format, &post.body),
                values.join(" \n "),
            ]
            .join(" \n ");
            texts.push((post.id, text));
        }
    }
    for term in [
        "赣州",
        "赣",
        "新闻",
        "习近平",
        "Ruby",
        "release",
        "ＲＵＢＹ",
        "ok",
    ] {
        let want: BTreeSet<i64> = texts
            .iter()
            .filter(|(_, t)| brute_force_match(t, term))
            .map(|(id, _)| *id)
            .collect();
        let (total, got) = all_hits(&archive, term);
        assert_eq!(total as usize, want.len(), "total for {term}");
        assert_eq!(got, want, "set for {term}");
        assert!(!want.is_empty(), "{term} should occur in the corpus");
    }
    // AND, exclusion, phrase and filters agree with the scan too.
    let both: BTreeSet<i64> = texts
        .iter()
        .filter(|(_, t)| brute_force_match(t, "新闻") && !brute_force_match(t, "习近平"))
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(all_hits(&archive, "新闻 -习近平").1, both);
    let (n, _) = all_hits(&archive, "category:Archive year:2018");
    let scan = archive
        .list(&ListQuery {
            category: Some("Archive".into()),
            year: Some(2018),
            ..ListQuery::default()
        })
        .unwrap()
        .total;
    assert_eq!(n, scan);
}

/// Malformed queries are errors with a message, never a panic or SQL error.
#[test]
fn malformed_queries_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let archive = Archive::open(&dir.path().join("a.db")).unwrap();
    for bad in [
        "\"unclosed",
        "OR",
        "a OR",
        "year:x",
        "--",
        "a OR tag:b",
        "NOT\"",
        "*",
        "\"\"",
        "AND OR",
    ] {
        match archive.search(bad, Sort::Relevance, 10, 0) {
            Err(gazette_core::SearchError::Query(e)) => assert!(!e.message.is_empty()),
            Ok(r) => assert_eq!(r.total, 0, "{bad}"),
            Err(e) => panic!("{bad}: {e}"),
        }
    }
    for odd in [
        "NOT",
        "AND",
        "NEAR(a b)",
        "a*b",
        "title:",
        "\"a\"*",
        "col:val:x",
        "^x",
        "(a",
        "a)",
    ] {
        assert!(
            !matches!(
                archive.search(odd, Sort::Relevance, 10, 0),
                Err(gazette_core::SearchError::Archive(_))
            ),
            "{odd}"
        );
    }
}

/// Every post's Jekyll collection read one by one (`archive.post`), by name.
fn collections_of(archive: &Archive) -> std::collections::BTreeMap<String, BTreeSet<i64>> {
    let mut by_name: std::collections::BTreeMap<String, BTreeSet<i64>> = Default::default();
    let page = archive
        .list(&ListQuery {
            limit: Some(1000),
            ..ListQuery::default()
        })
        .unwrap();
    let mut ids: Vec<i64> = page.items.iter().map(|p| p.id).collect();
    let mut offset = ids.len() as u32;
    while (ids.len() as u32) < page.total {
        let more = archive
            .list(&ListQuery {
                limit: Some(1000),
                offset: Some(offset),
                ..ListQuery::default()
            })
            .unwrap();
        offset += more.items.len() as u32;
        ids.extend(more.items.iter().map(|p| p.id));
    }
    for id in ids {
        if let Some(c) = archive.post(id).unwrap().collection {
            by_name.entry(c).or_default().insert(id);
        }
    }
    by_name
}

/// `collection:NAME` (and `-collection:NAME`, any case), the list's
/// collection filter, the search facets and the archive's counts by
/// collection all give the posts whose stored collection is NAME, on the
/// whole corpus (posts, and pages such as nodebe4-society's `archived/`).
#[test]
fn collection_filter_and_counts_agree_with_each_posts_collection() {
    let dir = tempfile::tempdir().unwrap();
    let mut archive = Archive::open(&dir.path().join("a.db")).unwrap();
    archive
        .import_with(
            &[gazette_testkit::corpus()],
            ImportOptions {
                defer_search_index: true,
                ..ImportOptions::default()
            },
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    let want = collections_of(&archive);
    assert!(
        want.contains_key("posts") && want.contains_key("pages"),
        "the corpus has posts and pages: {:?}",
        want.keys()
    );
    let stats = archive.stats().unwrap();
    let counts: Vec<(String, u64)> = stats
        .collections
        .iter()
        .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
        .collect();
    let mut expected: Vec<(String, u64)> = want
        .iter()
        .map(|(k, ids)| (k.clone(), ids.len() as u64))
        .collect();
    expected.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    assert_eq!(counts, expected, "stats.collections, most first");
    let facets = archive.search_facets("").unwrap();
    let facet_counts: Vec<(String, u64)> = facets
        .collections
        .iter()
        .map(|(k, n)| (k.clone(), u64::from(*n)))
        .collect();
    assert_eq!(facet_counts, expected, "facets of every post");
    let all: BTreeSet<i64> = want.values().flatten().copied().collect();
    let unplaced = u64::from(stats.posts) - all.len() as u64;
    // `-layout:x`, like `-collection:x`, is every other post, those with no
    // layout at all among them (the corpus has some: posts without front
    // matter).
    let (with_layout, _) = all_hits(&archive, "layout:post");
    let (other_layouts, _) = all_hits(&archive, "-layout:post");
    assert!(with_layout > 0);
    assert_eq!(
        u64::from(with_layout) + u64::from(other_layouts),
        u64::from(stats.posts),
        "layout:post and -layout:post split the archive"
    );
    for (name, ids) in &want {
        let (total, got) = all_hits(&archive, &format!("collection:{name}"));
        assert_eq!(
            (total as usize, &got),
            (ids.len(), ids),
            "collection:{name}"
        );
        let upper = name.to_uppercase();
        assert_eq!(all_hits(&archive, &format!("collection:{upper}")).1, *ids);
        let (others, _) = all_hits(&archive, &format!("-collection:{name}"));
        assert_eq!(
            u64::from(others),
            (all.len() - ids.len()) as u64 + unplaced,
            "-collection:{name}: every other post, placed or not"
        );
        let listed = archive
            .list(&ListQuery {
                collection: Some(name.clone()),
                ..ListQuery::default()
            })
            .unwrap()
            .total;
        assert_eq!(listed as usize, ids.len(), "list collection {name}");
        let facets = archive
            .search_facets(&format!("collection:{name}"))
            .unwrap();
        assert_eq!(facets.collections, vec![(name.clone(), ids.len() as u32)]);
    }
    // Filters combine with the others as any filter does.
    let year = all_hits(&archive, "collection:posts year:2018").1;
    let scan: BTreeSet<i64> = all_hits(&archive, "year:2018")
        .1
        .intersection(&want["posts"])
        .copied()
        .collect();
    assert_eq!(year, scan);
    assert!(!scan.is_empty());
    assert_eq!(all_hits(&archive, "collection:nosuchcollection").0, 0);
}

/// A site with a collection of its own (`collections: recipes`): the
/// archive's counts by collection are those of the documents the real
/// Jekyll builds from it (`tests/jekyll/site.rb`).
#[test]
fn collection_counts_of_a_site_equal_jekylls() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    for (path, text) in [
        (
            "_config.yml",
            "collections:\n  recipes:\n    output: true\n  notes:\n    output: false\n",
        ),
        ("_posts/2024-01-01-a.md", "---\ntitle: A\n---\nA\n"),
        ("_posts/2024-01-02-b.md", "---\ntitle: B\n---\nB\n"),
        ("_drafts/c.md", "---\ntitle: C\n---\nC\n"),
        ("_recipes/soup.md", "---\ntitle: Soup\n---\nSoup\n"),
        ("_recipes/sub/stew.md", "---\ntitle: Stew\n---\nStew\n"),
        ("_notes/n.md", "---\ntitle: N\n---\nN\n"),
        ("about.md", "---\ntitle: About\n---\nAbout\n"),
    ] {
        let file = site.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    let out = std::process::Command::new("ruby")
        .arg(gazette_testkit::repo_root().join("tests/jekyll/site.rb"))
        .arg(&site)
        .env("TZ", "UTC")
        .output()
        .expect(
            "`ruby` must be installed (with Debian's `jekyll`): scripts/setup.sh installs both",
        );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let view: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut jekyll: std::collections::BTreeMap<String, u64> = Default::default();
    for doc in view["documents"].as_array().unwrap() {
        *jekyll
            .entry(doc["collection"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    assert!(
        jekyll.len() >= 4,
        "posts, recipes, notes, pages: {jekyll:?}"
    );
    let mut archive = Archive::open(&dir.path().join("a.db")).unwrap();
    let report = archive
        .import(&[site], &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    let ours: std::collections::BTreeMap<String, u64> = archive
        .stats()
        .unwrap()
        .collections
        .into_iter()
        .map(|(k, v)| (k, v.as_u64().unwrap()))
        .collect();
    assert_eq!(ours, jekyll);
    assert_eq!(all_hits(&archive, "collection:recipes").0, 2);
}
