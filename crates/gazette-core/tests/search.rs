//! Search on real posts, checked against a brute-force scan of the same
//! text: BR-11's exact result sets, and the corpus terms the issue names.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use gazette_core::import::ImportOptions;
use gazette_core::text::{body_text, fold_with_map, is_cjk};
use gazette_core::{Archive, Format, ListQuery, Sort};

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
