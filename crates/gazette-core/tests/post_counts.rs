//! The counts migration 18 keeps (issue 18, "Browse at a million"): after a
//! random mix of real operations on real corpus posts in a real SQLite
//! archive (imports, re-imports, tag and date edits, bulk renames and
//! merges, the tags manager, undo, delete, restore), `stats` and the
//! whole-archive timeline equal what grouping the posts gives. The oracle
//! is the SQL `Store::stats` and `Store::timeline` ran before the counts
//! existed, kept here verbatim.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use gazette_core::{
    Archive, BulkAction, FieldEdit, ListQuery, NameEdit, Stats, Timeline, TimelineBy,
};
use rusqlite::Connection;
use serde_json::{Map, Value};

/// The counts as today's queries group them (the store's SQL before
/// migration 18).
fn oracle(db: &Path) -> (Stats, Timeline, Timeline) {
    let conn = Connection::open(db).unwrap();
    let counts = |sql: &str| -> Map<String, Value> {
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .unwrap();
        rows.map(|r| {
            let (k, n) = r.unwrap();
            (k, Value::from(n))
        })
        .collect()
    };
    let stats = Stats {
        posts: conn
            .query_row("SELECT count(*) FROM posts", [], |r| r.get(0))
            .unwrap(),
        categories: counts(
            "SELECT name, count(DISTINCT post_id) AS n FROM post_categories
             GROUP BY name ORDER BY n DESC, name",
        ),
        tags: counts(
            "SELECT name, count(DISTINCT post_id) AS n FROM post_tags
             GROUP BY name ORDER BY n DESC, name",
        ),
        years: counts(
            "SELECT CAST(year AS TEXT), count(*) FROM posts WHERE year IS NOT NULL
             GROUP BY year ORDER BY year DESC",
        ),
        collections: counts(
            "SELECT collection, count(*) AS n FROM posts WHERE collection IS NOT NULL
             GROUP BY collection ORDER BY n DESC, collection",
        ),
    };
    let timeline = |by: TimelineBy| {
        let mut stmt = conn
            .prepare(
                "SELECT substr(posts.date_local, 1, 7) AS month, count(*) FROM posts
                 GROUP BY month ORDER BY month",
            )
            .unwrap();
        let mut t = Timeline {
            by,
            buckets: Vec::new(),
            undated: 0,
        };
        let rows = stmt
            .query_map([], |r| {
                Ok((r.get::<_, Option<String>>(0)?, r.get::<_, u32>(1)?))
            })
            .unwrap();
        for row in rows {
            let (month, posts) = row.unwrap();
            let Some(month) = month else {
                t.undated += posts;
                continue;
            };
            let period = match by {
                TimelineBy::Month => month,
                TimelineBy::Year => month[..4].to_string(),
            };
            match t.buckets.last_mut() {
                Some(last) if last.period == period => last.posts += posts,
                _ => t
                    .buckets
                    .push(gazette_core::TimelineBucket { period, posts }),
            }
        }
        t
    };
    (
        stats,
        timeline(TimelineBy::Month),
        timeline(TimelineBy::Year),
    )
}

/// Asserts the kept counts equal the oracle's, in order (the maps keep
/// their insertion order).
fn check(archive: &Archive, step: &str) {
    let (stats, month, year) = oracle(archive.path());
    let kept = archive.stats().unwrap();
    assert_eq!(kept.posts, stats.posts, "posts after {step}");
    for (what, a, b) in [
        ("categories", &kept.categories, &stats.categories),
        ("tags", &kept.tags, &stats.tags),
        ("years", &kept.years, &stats.years),
        ("collections", &kept.collections, &stats.collections),
    ] {
        let a: Vec<_> = a.iter().collect();
        let b: Vec<_> = b.iter().collect();
        assert_eq!(a, b, "{what} after {step}");
    }
    // The list's totals: every post, and one exact name, year or
    // collection (the most used, and the least).
    let conn = Connection::open(archive.path()).unwrap();
    let count = |sql: &str, arg: &dyn rusqlite::ToSql| -> u32 {
        conn.query_row(sql, [arg], |r| r.get(0)).unwrap()
    };
    let total = |q: ListQuery| {
        archive
            .list(&ListQuery {
                limit: Some(1),
                ..q
            })
            .unwrap()
            .total
    };
    assert_eq!(
        total(ListQuery::default()),
        stats.posts,
        "list total after {step}"
    );
    for name in [stats.tags.keys().next(), stats.tags.keys().next_back()]
        .into_iter()
        .flatten()
    {
        let want = count("SELECT count(*) FROM posts WHERE id IN (SELECT post_id FROM post_tags WHERE name = ?1)", name);
        assert_eq!(
            total(ListQuery {
                tag: Some(name.clone()),
                ..Default::default()
            }),
            want,
            "tag {name} after {step}"
        );
    }
    for name in [
        stats.categories.keys().next(),
        stats.categories.keys().next_back(),
    ]
    .into_iter()
    .flatten()
    {
        let want = count("SELECT count(*) FROM posts WHERE id IN (SELECT post_id FROM post_categories WHERE name = ?1)", name);
        assert_eq!(
            total(ListQuery {
                category: Some(name.clone()),
                ..Default::default()
            }),
            want,
            "category {name} after {step}"
        );
    }
    for year in stats.years.keys() {
        let y: i32 = year.parse().unwrap();
        let want = count("SELECT count(*) FROM posts WHERE year = ?1", &y);
        assert_eq!(
            total(ListQuery {
                year: Some(y),
                ..Default::default()
            }),
            want,
            "year {year} after {step}"
        );
    }
    for c in stats.collections.keys() {
        let want = count("SELECT count(*) FROM posts WHERE collection = ?1", c);
        assert_eq!(
            total(ListQuery {
                collection: Some(c.clone()),
                ..Default::default()
            }),
            want,
            "collection {c} after {step}"
        );
    }
    assert_eq!(
        total(ListQuery {
            tag: Some("no such tag".into()),
            ..Default::default()
        }),
        0
    );
    assert_eq!(
        archive.timeline("", TimelineBy::Month).unwrap(),
        month,
        "months after {step}"
    );
    assert_eq!(
        archive.timeline("", TimelineBy::Year).unwrap(),
        year,
        "years after {step}"
    );
}

/// A small deterministic generator (xorshift64*), so a failing seed can
/// be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn ids(db: &Path) -> Vec<i64> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn.prepare("SELECT id FROM posts ORDER BY id").unwrap();
    let rows = stmt.query_map([], |r| r.get(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

/// Names in use of a kind (`post_tags` or `post_categories`).
fn names(db: &Path, table: &str) -> Vec<String> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(&format!("SELECT DISTINCT name FROM {table} ORDER BY name"))
        .unwrap();
    let rows = stmt.query_map([], |r| r.get(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

fn corpus(sources: &[&str]) -> Vec<PathBuf> {
    let corpus = dunce::canonicalize(gazette_testkit::corpus()).unwrap();
    sources.iter().map(|s| corpus.join(s)).collect()
}

fn import(archive: &mut Archive, roots: &[PathBuf]) {
    archive
        .import(roots, &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
}

/// One random operation of the app's writers; returns what it did.
fn step(archive: &mut Archive, rng: &mut Rng, copy: &Path) -> String {
    let db = archive.path().to_path_buf();
    let all = ids(&db);
    let tags = names(&db, "post_tags");
    let categories = names(&db, "post_categories");
    let some_tag = |rng: &mut Rng| {
        if tags.is_empty() || rng.below(4) == 0 {
            format!("new-{}", rng.below(5))
        } else {
            rng.pick(&tags).clone()
        }
    };
    let choice = rng.below(11);
    if all.is_empty() && choice < 9 {
        import(archive, &[copy.to_path_buf()]);
        return "import (empty archive)".into();
    }
    let id = *rng.pick(&all);
    match choice {
        0 | 1 => {
            // A tag list that names one tag twice and differs in case.
            let t = some_tag(rng);
            let items = vec![t.clone(), some_tag(rng), t.to_uppercase(), t];
            archive
                .edit_post(
                    id,
                    None,
                    &[FieldEdit::SetList {
                        key: "tags".into(),
                        items: items.clone(),
                    }],
                )
                .unwrap();
            format!("post {id} tags = {items:?}")
        }
        2 => {
            let year = 1999 + rng.below(30);
            let date = format!("{year}-{:02}-15 10:00:00 +0800", 1 + rng.below(12));
            archive
                .edit_post(
                    id,
                    None,
                    &[FieldEdit::SetText {
                        key: "date".into(),
                        value: date.clone(),
                    }],
                )
                .unwrap();
            format!("post {id} date = {date}")
        }
        3 => {
            let items = vec![format!("cat-{}", rng.below(3)), "cat-0".into()];
            archive
                .edit_post(
                    id,
                    None,
                    &[FieldEdit::SetList {
                        key: "categories".into(),
                        items,
                    }],
                )
                .unwrap();
            format!("post {id} categories")
        }
        4 => {
            let from = vec![some_tag(rng), some_tag(rng)];
            let to = some_tag(rng);
            let action = BulkAction::MergeTags {
                from: from.clone(),
                to: to.clone(),
            };
            archive.bulk("", &action, false).unwrap();
            format!("bulk merge tags {from:?} -> {to}")
        }
        5 if !categories.is_empty() => {
            let from = rng.pick(&categories).clone();
            let to = if rng.below(2) == 0 {
                categories[0].clone()
            } else {
                "Renamed".into()
            };
            archive
                .edit_names(
                    gazette_core::NameKind::Category,
                    &NameEdit::Merge {
                        from: vec![from.clone()],
                        to: to.clone(),
                    },
                    false,
                )
                .unwrap();
            format!("manager: category {from} -> {to}")
        }
        6 if !tags.is_empty() => {
            let names = vec![rng.pick(&tags).clone()];
            archive
                .edit_names(
                    gazette_core::NameKind::Tag,
                    &NameEdit::Delete {
                        names: names.clone(),
                    },
                    false,
                )
                .unwrap();
            format!("manager: delete tags {names:?}")
        }
        7 => match archive.undo(None) {
            Ok(_) => "undo".into(),
            Err(gazette_core::Error::NothingToUndo(_)) => "nothing to undo".into(),
            Err(e) => panic!("undo: {e}"),
        },
        8 => {
            let mut picked: Vec<i64> = (0..1 + rng.below(20)).map(|_| *rng.pick(&all)).collect();
            picked.sort_unstable();
            picked.dedup();
            archive.delete_posts(&picked).unwrap();
            format!("delete {} posts", picked.len())
        }
        9 => {
            import(archive, &[copy.to_path_buf()]);
            "re-import".into()
        }
        _ => {
            let history = archive.history(id).unwrap();
            match history.last() {
                Some(oldest) => {
                    archive.restore(id, oldest.id).unwrap();
                    format!("post {id} restored to revision {}", oldest.id)
                }
                None => "no revision".into(),
            }
        }
    }
}

#[test]
fn the_kept_counts_equal_grouping_the_posts_after_random_operations() {
    for seed in [0x9E37_79B9_7F4A_7C15_u64, 42, 2026] {
        let dir = tempfile::tempdir().unwrap();
        let mut archive = Archive::open(&dir.path().join("archive.db")).unwrap();
        check(&archive, "opening an empty archive");
        // A Jekyll site (collections, path categories) and a Chinese blog.
        import(&mut archive, &corpus(&["jekyll", "huxpro-blog", "finews"]));
        check(&archive, "import");
        let copy = corpus(&["terminus2049"]).remove(0);
        let mut rng = Rng(seed);
        for n in 0..40 {
            let did = step(&mut archive, &mut rng, &copy);
            check(&archive, &format!("seed {seed} step {n}: {did}"));
        }
    }
}

#[test]
fn migration_18_backfills_the_counts_of_an_older_archive() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("archive.db");
    {
        let mut archive = Archive::open(&db).unwrap();
        import(&mut archive, &corpus(&["jekyll", "ruby-lang-news"]));
        let id = ids(&db)[3];
        let items = vec!["twice".into(), "twice".into()];
        archive
            .edit_post(
                id,
                None,
                &[FieldEdit::SetList {
                    key: "tags".into(),
                    items,
                }],
            )
            .unwrap();
    }
    // Back to the schema of version 17: no counts, no triggers.
    {
        let conn = Connection::open(&db).unwrap();
        let triggers: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'post_counts_%'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(triggers.len() >= 10, "{triggers:?}");
        for t in triggers {
            conn.execute_batch(&format!("DROP TRIGGER {t}")).unwrap();
        }
        conn.execute_batch("DROP TABLE post_counts; PRAGMA user_version = 17;")
            .unwrap();
    }
    let archive = Archive::open(&db).unwrap();
    check(&archive, "migration 18");
    assert!(archive.stats().unwrap().posts > 1000);
}

/// A post lists each name once today (the typed view drops repeats), but
/// the counts must not rely on it: a row naming a name the post has already
/// is not counted, nor uncounted while another is left.
#[test]
fn a_name_twice_in_one_post_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut archive = Archive::open(&dir.path().join("archive.db")).unwrap();
    import(&mut archive, &corpus(&["jekyll"]));
    let conn = Connection::open(archive.path()).unwrap();
    let (post, name): (i64, String) = conn
        .query_row("SELECT post_id, name FROM post_tags LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    for table in ["post_tags", "post_categories"] {
        conn.execute(
            &format!("INSERT INTO {table} (post_id, position, name) VALUES (?1, 1000, ?2), (?1, 1001, ?2)"),
            rusqlite::params![post, name],
        )
        .unwrap();
        check(&archive, &format!("{name} twice more in {table}"));
        conn.execute(
            &format!("UPDATE {table} SET name = 'moved' WHERE post_id = ?1 AND position = 1000"),
            [post],
        )
        .unwrap();
        check(&archive, &format!("one {name} renamed in {table}"));
        conn.execute(
            &format!("DELETE FROM {table} WHERE post_id = ?1 AND position >= 1000"),
            [post],
        )
        .unwrap();
        check(&archive, &format!("the extra rows deleted from {table}"));
    }
}
