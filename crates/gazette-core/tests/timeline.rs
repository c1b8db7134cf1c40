//! The timeline (issue 19): posts per month and year from SQL, on real
//! corpus posts in a real SQLite archive, checked against the list's month
//! range, the search's `after:`/`before:` and the year counts; and the
//! rule for a post's month (its date in its own offset, as the year filter).

use std::path::Path;
use std::sync::atomic::AtomicBool;

use gazette_core::{Archive, ListQuery, Sort, TimelineBy};

fn corpus_archive(dir: &Path, sources: &[&str]) -> Archive {
    let corpus = dunce::canonicalize(gazette_testkit::corpus()).unwrap();
    let mut archive = Archive::open(&dir.join("archive.db")).unwrap();
    let roots: Vec<_> = sources.iter().map(|s| corpus.join(s)).collect();
    archive
        .import(&roots, &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    archive
}

fn list_total(archive: &Archive, from: &str, to: &str) -> u32 {
    archive
        .list(&ListQuery {
            from: Some(from.into()),
            to: Some(to.into()),
            limit: Some(1),
            ..ListQuery::default()
        })
        .unwrap()
        .total
}

/// The first day of the month after `YYYY-MM`, for `before:`.
fn next_month(month: &str) -> String {
    let (y, m) = month.split_once('-').unwrap();
    let (y, m): (i32, u32) = (y.parse().unwrap(), m.parse().unwrap());
    if m == 12 {
        format!("{}-01-01", y + 1)
    } else {
        format!("{y}-{:02}-01", m + 1)
    }
}

#[test]
fn months_and_years_agree_with_the_list_the_search_and_the_year_counts() {
    let dir = tempfile::tempdir().unwrap();
    let archive = corpus_archive(dir.path(), &["terminus2049", "ruby-lang-news"]);
    let stats = archive.stats().unwrap();
    let months = archive.timeline("", TimelineBy::Month).unwrap();
    let counted: u32 = months.buckets.iter().map(|b| b.posts).sum();
    assert_eq!(counted + months.undated, stats.posts);
    assert!(months.buckets.windows(2).all(|w| w[0].period < w[1].period));

    let years = archive.timeline("", TimelineBy::Year).unwrap();
    assert_eq!(years.undated, months.undated);
    for b in &years.buckets {
        assert_eq!(
            stats.years.get(&b.period).and_then(|v| v.as_u64()),
            Some(u64::from(b.posts)),
            "year {}",
            b.period
        );
    }
    assert_eq!(years.buckets.len(), stats.years.len());

    // Every tenth month: the list's range and the search's days agree.
    for b in months.buckets.iter().step_by(10) {
        assert_eq!(
            list_total(&archive, &b.period, &b.period),
            b.posts,
            "{}",
            b.period
        );
        let q = format!("after:{} before:{}", b.period, next_month(&b.period));
        assert_eq!(
            archive.search(&q, Sort::Date, 1, 0).unwrap().total,
            b.posts,
            "{q}"
        );
    }
    // A range of months is the sum of its months; a year as a bound.
    let (a, z) = (&months.buckets[3].period, &months.buckets[12].period);
    let sum: u32 = months.buckets[3..=12].iter().map(|b| b.posts).sum();
    assert_eq!(list_total(&archive, a, z), sum);
    let y2018 = years.buckets.iter().find(|b| b.period == "2018").unwrap();
    assert_eq!(list_total(&archive, "2018", "2018"), y2018.posts);

    // Counts follow the query: a tag's months add up to its posts.
    let tagged = archive.timeline("tag:新冠肺炎", TimelineBy::Month).unwrap();
    let n: u32 = tagged.buckets.iter().map(|b| b.posts).sum();
    assert_eq!(
        n,
        archive
            .search("tag:新冠肺炎", Sort::Date, 1, 0)
            .unwrap()
            .total
    );
    assert!(n >= 60, "{n}");
    assert!(tagged.buckets.iter().all(|b| b.period.starts_with("20")));

    // A bad bound is a request error, not an empty list.
    assert!(archive
        .list(&ListQuery {
            from: Some("2018-13".into()),
            ..ListQuery::default()
        })
        .is_err());
}

/// A post's month is that of its date in its own offset, as its year is:
/// 01:00 on 1 January at +08:00 is still December in UTC, and the post is
/// in January.
#[test]
fn a_posts_month_is_its_date_in_its_own_offset() {
    let dir = tempfile::tempdir().unwrap();
    let posts = dir.path().join("posts");
    std::fs::create_dir_all(&posts).unwrap();
    std::fs::write(
        posts.join("a.md"),
        "---\ntitle: New year\ndate: 2022-01-01 01:00:00 +0800\n---\nbody\n",
    )
    .unwrap();
    std::fs::write(
        posts.join("b.md"),
        "---\ntitle: Eve\ndate: 2021-12-31 23:00:00 -0500\n---\nbody\n",
    )
    .unwrap();
    std::fs::write(posts.join("c.md"), "---\ntitle: Undated\n---\nbody\n").unwrap();
    let mut archive = Archive::open(&dir.path().join("archive.db")).unwrap();
    archive
        .import(&[posts], &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    let t = archive.timeline("", TimelineBy::Month).unwrap();
    let got: Vec<(&str, u32)> = t
        .buckets
        .iter()
        .map(|b| (b.period.as_str(), b.posts))
        .collect();
    assert_eq!(got, [("2021-12", 1), ("2022-01", 1)]);
    assert_eq!(t.undated, 1);
    assert_eq!(archive.stats().unwrap().years.get("2022").unwrap(), 1);
    assert_eq!(list_total(&archive, "2022-01", "2022-01"), 1);
    assert_eq!(
        archive
            .timeline("year:2022", TimelineBy::Year)
            .unwrap()
            .buckets[0]
            .posts,
        1
    );
}
