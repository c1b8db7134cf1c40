//! The tags and categories manager (issue 19) on real corpus posts in a
//! real SQLite archive: counts, rename, merge and delete through the bulk
//! engine, each one operation whose undo leaves every file byte-identical;
//! a scalar `tags:` string keeps its form; path categories stay.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use gazette_core::{Archive, ListQuery, NameEdit, NameKind};

fn corpus_archive(dir: &Path, sources: &[&str]) -> Archive {
    let corpus = dunce::canonicalize(gazette_testkit::corpus()).unwrap();
    let mut archive = Archive::open(&dir.join("archive.db")).unwrap();
    let roots: Vec<_> = sources.iter().map(|s| corpus.join(s)).collect();
    let report = archive
        .import(&roots, &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    assert!(report.imported > 0);
    archive
}

/// Every post's exported original bytes, in id order.
fn files(archive: &mut Archive, out: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let report = archive
        .export_original("", out, false, &mut |_, _| {}, &AtomicBool::new(false))
        .unwrap();
    assert!(!report.cancelled && report.written > 0);
    let mut all: Vec<_> = walk(out)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p.strip_prefix(out).unwrap().to_path_buf(), bytes)
        })
        .collect();
    all.sort();
    all
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn count(archive: &Archive, kind: NameKind, name: &str) -> u32 {
    archive
        .names(kind)
        .unwrap()
        .into_iter()
        .find(|n| n.name == name)
        .map_or(0, |n| n.posts)
}

fn tagged(archive: &Archive, tag: &str) -> u32 {
    archive
        .list(&ListQuery {
            tag: Some(tag.into()),
            limit: Some(1),
            ..ListQuery::default()
        })
        .unwrap()
        .total
}

#[test]
fn rename_merge_delete_then_undo_leaves_every_file_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let mut archive = corpus_archive(dir.path(), &["terminus2049", "huxpro-blog"]);
    let before = files(&mut archive, &dir.path().join("before"));

    let tags = archive.names(NameKind::Tag).unwrap();
    assert!(tags.windows(2).all(|w| w[0].posts >= w[1].posts));
    let covid = count(&archive, NameKind::Tag, "新冠肺炎");
    assert_eq!(covid, tagged(&archive, "新冠肺炎"));
    assert!(covid >= 60, "{covid}");

    // Rename a scalar tag (`tags: MeToo`): only that line changes, and it
    // stays a plain string.
    let metoo = count(&archive, NameKind::Tag, "MeToo");
    let rename = NameEdit::Merge {
        from: vec!["MeToo".into()],
        to: "米兔".into(),
    };
    let dry = archive.edit_names(NameKind::Tag, &rename, true).unwrap();
    assert_eq!((dry.matched, dry.changed), (metoo, metoo));
    assert_eq!(
        count(&archive, NameKind::Tag, "MeToo"),
        metoo,
        "a dry run wrote"
    );
    for change in &dry.preview {
        let removed: Vec<_> = change.lines.iter().filter(|l| l.sign == "-").collect();
        let added: Vec<_> = change.lines.iter().filter(|l| l.sign == "+").collect();
        assert_eq!(removed.len(), 1, "{change:?}");
        assert_eq!(removed[0].text.trim_end(), "tags: MeToo");
        assert_eq!(added[0].text.trim_end(), "tags: 米兔");
    }
    let renamed = archive.edit_names(NameKind::Tag, &rename, false).unwrap();
    assert_eq!(renamed.changed, metoo);
    assert_eq!(count(&archive, NameKind::Tag, "米兔"), metoo);
    assert_eq!(count(&archive, NameKind::Tag, "MeToo"), 0);

    // Merge a scalar tag and a block-list tag (huxpro) into one name.
    let zhihu = count(&archive, NameKind::Tag, "知乎");
    let merge = NameEdit::Merge {
        from: vec!["新冠肺炎".into(), "知乎".into()],
        to: "合并 标签".into(),
    };
    let merged = archive.edit_names(NameKind::Tag, &merge, false).unwrap();
    assert_eq!(merged.changed, covid + zhihu);
    assert!(merged.failed.is_empty(), "{:?}", merged.failed);
    assert_eq!(count(&archive, NameKind::Tag, "合并 标签"), covid + zhihu);
    assert_eq!(tagged(&archive, "合并 标签"), covid + zhihu);

    // Delete it again.
    let delete = NameEdit::Delete {
        names: vec!["合并 标签".into()],
    };
    let deleted = archive.edit_names(NameKind::Tag, &delete, false).unwrap();
    assert_eq!(deleted.changed, covid + zhihu);
    assert_eq!(count(&archive, NameKind::Tag, "合并 标签"), 0);

    // Three operations; their undos, newest first, bring every byte back.
    for op in [deleted, merged, renamed] {
        let undo = archive.undo(op.operation_id).unwrap();
        assert_eq!(Some(undo.undone), op.operation_id);
        assert!(undo.conflicts.is_empty());
    }
    let after = files(&mut archive, &dir.path().join("after"));
    assert_eq!(before.len(), after.len());
    for (a, b) in before.iter().zip(&after) {
        assert!(a == b, "{} differs after undo", b.0.display());
    }
    assert_eq!(count(&archive, NameKind::Tag, "MeToo"), metoo);
    assert_eq!(count(&archive, NameKind::Tag, "新冠肺炎"), covid);
}

/// `en/news/_posts/x.md` has the categories `en` and `news` from its path
/// (Jekyll's `categories_from_path`): they are counted as fixed, and a
/// delete, which edits front matter only, leaves them.
#[test]
fn path_categories_are_counted_as_fixed_and_stay_after_a_delete() {
    let dir = tempfile::tempdir().unwrap();
    let mut archive = corpus_archive(dir.path(), &["ruby-lang-news"]);
    let cats = archive.names(NameKind::Category).unwrap();
    let news = cats.iter().find(|c| c.name == "news").unwrap().clone();
    assert!(news.posts > 1000, "{news:?}");
    assert_eq!(news.fixed, news.posts, "{news:?}");
    let report = archive
        .edit_names(
            NameKind::Category,
            &NameEdit::Delete {
                names: vec!["news".into()],
            },
            false,
        )
        .unwrap();
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    assert_eq!(count(&archive, NameKind::Category, "news"), news.posts);
    // Bad requests are refused before anything is written.
    for bad in [
        NameEdit::Merge {
            from: vec![],
            to: "x".into(),
        },
        NameEdit::Merge {
            from: vec!["news".into()],
            to: " ".into(),
        },
        NameEdit::Delete { names: vec![] },
    ] {
        assert!(
            archive.edit_names(NameKind::Category, &bad, true).is_err(),
            "{bad:?}"
        );
    }
}
