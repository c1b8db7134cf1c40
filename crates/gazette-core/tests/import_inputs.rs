//! Issue 6's inputs, written for this project at test time: encodings
//! (GBK, Big5, UTF-16 LE/BE, BOM), CRLF, zips (with a zip-slip entry, a
//! link, a bomb), drafts, broken YAML, a binary file, an empty file and a
//! file over the size limit: each imported or refused as stated.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use gazette_core::import::ImportOptions;
use gazette_core::{Archive, ListQuery};

fn post(title: &str) -> String {
    format!("---\ntitle: {title}\ndate: 2024-05-01 10:00:00 +0800\ntags: [测试]\n---\n<p>{title}的正文。</p>\n")
}

fn write_zip(path: &Path, entries: &[(&str, &[u8])]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn every_kind_of_input_is_imported_or_refused_as_stated() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("inputs");
    let site = root.join("site");
    std::fs::create_dir_all(site.join("_posts/nested")).unwrap();
    std::fs::create_dir_all(site.join("_drafts")).unwrap();
    let w = |rel: &str, bytes: &[u8]| std::fs::write(root.join(rel), bytes).unwrap();

    // Encodings.
    w(
        "2024-05-01-gbk.md",
        &encoding_rs::GBK
            .encode(&post("国标编码的文章，赣州古城墙"))
            .0,
    );
    w(
        "2024-05-01-big5.md",
        &encoding_rs::BIG5
            .encode(&post("繁體中文的文章，臺灣與香港的讀者"))
            .0,
    );
    let utf16 = |be: bool| -> Vec<u8> {
        let text = post("UTF-16 文章");
        let bom: [u8; 2] = if be { [0xFE, 0xFF] } else { [0xFF, 0xFE] };
        bom.into_iter()
            .chain(
                text.encode_utf16()
                    .flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() }),
            )
            .collect()
    };
    w("2024-05-01-utf16le.md", &utf16(false));
    w("2024-05-01-utf16be.md", &utf16(true));
    w(
        "2024-05-01-bom.md",
        &[&[0xEF, 0xBB, 0xBF][..], post("带 BOM 的文章").as_bytes()].concat(),
    );
    w(
        "2024-05-01-crlf.md",
        post("CRLF 文章").replace('\n', "\r\n").as_bytes(),
    );
    // A nested site: posts in nested folders and a draft.
    w(
        "site/_posts/nested/2023-01-01-deep.md",
        post("嵌套文件夹里的文章").as_bytes(),
    );
    w(
        "site/_drafts/a-draft.md",
        b"---\ntitle: Draft\n---\nnot yet\n",
    );
    // A draft with no date is dated by its file's modification time.
    std::fs::File::options()
        .write(true)
        .open(site.join("_drafts/a-draft.md"))
        .unwrap()
        .set_modified(
            std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_623_758_400), // 2021-06-15 12:00 UTC
        )
        .unwrap();
    // The site's _config.yml: defaults by scope, and a collection.
    w(
        "site/_config.yml",
        b"title: site\ncollections:\n  recipes:\n    output: true\ndefaults:\n  - scope: {path: \"\"}\n    values: {layout: page, author: Site}\n  - scope: {path: \"\", type: posts}\n    values: {layout: post}\n  - scope: {path: \"_posts/nested\"}\n    values: {author: Nested, tags: [from-defaults]}\n  - scope: {type: recipes}\n    values: {layout: recipe}\n",
    );
    std::fs::create_dir_all(site.join("_recipes")).unwrap();
    w(
        "site/_recipes/dumplings.md",
        b"---\ntitle: Dumplings\n---\nflour, water\n",
    );
    // Refused.
    w(
        "2024-05-01-broken.md",
        b"---\ntitle: [unclosed\n---\nbody\n",
    );
    w(
        "2024-05-01-binary.md",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    );
    w("2024-05-01-too-big.md", post(&"大".repeat(400)).as_bytes());
    // Empty: a post with no front matter and no body (Jekyll would skip it,
    // Gazette keeps the file, titled by its name).
    w("2024-05-01-empty.md", b"");
    // Zips: two posts, a zip-slip entry and a non-post; and a bomb.
    write_zip(
        &root.join("backup.zip"),
        &[
            (
                "blog/_posts/2022-02-02-from-zip.md",
                post("来自压缩包").as_bytes(),
            ),
            ("blog/_drafts/zip-draft.md", b"---\ntitle: Zip draft\n---\n"),
            ("../../evil.md", post("evil").as_bytes()),
            ("blog/notes.txt.bak", b"not a post"),
        ],
    );
    write_zip(
        &root.join("bomb.zip"),
        &[("2020-01-01-bomb.md", &vec![b'a'; 8 << 20])],
    );

    let mut archive = Archive::open(&dir.path().join("a.db")).unwrap();
    let report = archive
        .import_with(
            std::slice::from_ref(&root),
            ImportOptions {
                max_file_size: 1000,
                ..ImportOptions::default()
            },
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    let failed: Vec<(String, String)> = report
        .failed
        .iter()
        .map(|f| {
            (
                Path::new(&f.path)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                f.reason.clone(),
            )
        })
        .collect();
    let reason_of = |name: &str| -> &str {
        failed
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, r)| r.as_str())
            .unwrap_or_else(|| panic!("{name} not refused: {failed:#?}"))
    };
    assert!(reason_of("2024-05-01-broken.md").contains("invalid front matter"));
    assert!(reason_of("2024-05-01-binary.md").contains("binary"));
    assert!(reason_of("2024-05-01-too-big.md").contains("limit"));
    assert!(reason_of("evil.md").contains("leaves"));
    assert!(reason_of("bomb.zip").contains("zip bomb"));
    assert_eq!(failed.len(), 5, "{failed:#?}");
    assert!(!root.parent().unwrap().join("evil.md").exists());

    let posts = archive
        .list(&ListQuery {
            limit: Some(100),
            ..ListQuery::default()
        })
        .unwrap();
    let titles: Vec<&str> = posts.items.iter().map(|p| p.title.as_str()).collect();
    for want in [
        "国标编码的文章，赣州古城墙",
        "繁體中文的文章，臺灣與香港的讀者",
        "UTF-16 文章",
        "带 BOM 的文章",
        "CRLF 文章",
        "嵌套文件夹里的文章",
        "Draft",
        "Dumplings",
        "来自压缩包",
        "Zip draft",
    ] {
        assert!(titles.contains(&want), "{want} missing from {titles:?}");
    }
    assert_eq!(report.imported as usize, posts.total as usize);
    assert_eq!(posts.total, 12, "{titles:?}");
    // Encodings are recorded, bytes kept exactly.
    for p in &posts.items {
        let detail = archive.post(p.id).unwrap();
        match p.title.as_str() {
            "国标编码的文章，赣州古城墙" => assert_eq!(detail.encoding, "GBK"),
            "繁體中文的文章，臺灣與香港的讀者" => {
                assert_eq!(detail.encoding, "Big5")
            }
            "带 BOM 的文章" => assert_eq!(detail.encoding, "utf-8-bom"),
            "Draft" => {
                assert!(detail.draft);
                assert_eq!(detail.date_source, "file_time");
                assert!(detail
                    .date
                    .as_deref()
                    .unwrap()
                    .starts_with("2021-06-15T12:00:00"));
                assert_eq!(detail.layout.as_deref(), Some("post"), "drafts are posts");
            }
            "Zip draft" => assert!(detail.draft),
            "Dumplings" => assert_eq!(detail.layout.as_deref(), Some("recipe")),
            "嵌套文件夹里的文章" => {
                // Defaults fill the view; the file's own keys win; the file
                // is not rewritten.
                assert_eq!(detail.layout.as_deref(), Some("post"));
                assert_eq!(detail.tags, vec!["测试"]);
                assert!(detail.front_matter.get("layout").is_none());
                let edited = archive
                    .edit_post(
                        p.id,
                        None,
                        &[gazette_core::FieldEdit::SetText {
                            key: "title".into(),
                            value: "嵌套文件夹里的文章（改）".into(),
                        }],
                    )
                    .unwrap();
                let _ = edited;
                let after = archive.post(p.id).unwrap();
                assert_eq!(
                    after.layout.as_deref(),
                    Some("post"),
                    "an edit keeps the defaults"
                );
                archive.undo(None).unwrap();
            }
            "来自压缩包" => assert!(detail
                .source_path
                .ends_with("backup.zip!/blog/_posts/2022-02-02-from-zip.md")),
            _ => {}
        }
        if !detail.source_path.contains(".zip!/") {
            assert_eq!(
                archive.post_file(p.id).unwrap(),
                std::fs::read(&detail.source_path).unwrap()
            );
        }
    }
    // Importing again changes nothing, zips included.
    let again = archive
        .import_with(
            &[root],
            ImportOptions {
                max_file_size: 1000,
                ..ImportOptions::default()
            },
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!((again.imported, again.updated, again.unchanged), (0, 0, 12));
}

fn import(archive: &mut Archive, path: &Path) -> gazette_core::ImportReport {
    archive
        .import(&[path.to_path_buf()], &mut |_| {}, &AtomicBool::new(false))
        .unwrap()
}

fn titled_at(archive: &Archive, file_name: &str) -> i64 {
    let page = archive.list(&ListQuery::default()).unwrap();
    page.items
        .iter()
        .find(|p| p.source_path.ends_with(file_name))
        .unwrap_or_else(|| panic!("no post at {file_name}"))
        .id
}

fn titled(archive: &Archive, title: &str) -> gazette_core::PostDetail {
    let page = archive.list(&ListQuery::default()).unwrap();
    let id = page
        .items
        .iter()
        .find(|p| p.title == title)
        .unwrap_or_else(|| panic!("no post {title}"))
        .id;
    archive.post(id).unwrap()
}

/// Issue 6's duplicate rules: a copy of an imported file at another path
/// (another folder, a zip of the same site) is unchanged, not a second
/// post; a changed `_config.yml` derives the views of unchanged files again
/// from their stored bytes, so an edit made in Gazette is kept.
#[test]
fn copies_are_unchanged_and_a_changed_config_is_applied() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    std::fs::create_dir_all(blog.join("_posts")).unwrap();
    let config = |layout: &str| {
        format!("title: blog\ndefaults:\n  - scope: {{path: \"\", type: posts}}\n    values: {{layout: {layout}}}\n")
    };
    std::fs::write(blog.join("_config.yml"), config("post")).unwrap();
    let a = post("第一篇");
    let b = post("第二篇");
    std::fs::write(blog.join("_posts/2024-05-01-a.md"), &a).unwrap();
    std::fs::write(blog.join("_posts/2024-05-02-b.md"), &b).unwrap();
    let mut archive = Archive::open(&dir.path().join("archive.db")).unwrap();

    let first = import(&mut archive, &blog);
    assert_eq!((first.imported, first.unchanged), (2, 0));
    assert_eq!(titled(&archive, "第一篇").layout.as_deref(), Some("post"));

    // A copy in another folder.
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("2024-05-01-a.md"), &a).unwrap();
    let copy = import(&mut archive, &elsewhere);
    assert_eq!(
        (copy.imported, copy.unchanged, copy.identical),
        (0, 1, 1),
        "{copy:?}"
    );
    // The same bytes under another name are another post (the name gives
    // the date and slug); a copy of the post as it is now, after an edit,
    // is a copy too (below).
    let renamed = dir.path().join("renamed");
    std::fs::create_dir_all(&renamed).unwrap();
    std::fs::write(renamed.join("2024-05-08-a.md"), &a).unwrap();
    let other = import(&mut archive, &renamed);
    assert_eq!((other.imported, other.identical), (1, 0), "{other:?}");
    archive
        .delete_posts(&[titled_at(&archive, "2024-05-08-a.md")])
        .unwrap();
    // A zip of the whole site.
    let zip = dir.path().join("blog.zip");
    write_zip(
        &zip,
        &[
            ("blog/_config.yml", config("post").as_bytes()),
            ("blog/_posts/2024-05-01-a.md", a.as_bytes()),
            ("blog/_posts/2024-05-02-b.md", b.as_bytes()),
        ],
    );
    let zipped = import(&mut archive, &zip);
    assert_eq!(
        (zipped.imported, zipped.unchanged, zipped.identical),
        (0, 2, 2),
        "{zipped:?}"
    );
    assert_eq!(archive.stats().unwrap().posts, 2);

    // An edit in Gazette, then the site's defaults change.
    let edited_id = titled(&archive, "第一篇").id;
    archive
        .edit_post(
            edited_id,
            None,
            &[gazette_core::FieldEdit::SetText {
                key: "title".into(),
                value: "第一篇（改）".into(),
            }],
        )
        .unwrap();
    let edited_bytes = archive.post_file(edited_id).unwrap();
    let exported = dir.path().join("exported");
    std::fs::create_dir_all(&exported).unwrap();
    std::fs::write(exported.join("2024-05-01-a.md"), &edited_bytes).unwrap();
    let copy_of_edit = import(&mut archive, &exported);
    assert_eq!(
        (copy_of_edit.imported, copy_of_edit.identical),
        (0, 1),
        "{copy_of_edit:?}"
    );
    std::fs::write(blog.join("_config.yml"), config("article")).unwrap();
    let rederived = import(&mut archive, &blog);
    assert_eq!(
        (rederived.imported, rederived.updated, rederived.unchanged),
        (0, 2, 0),
        "{rederived:?}"
    );
    let after = titled(&archive, "第一篇（改）");
    assert_eq!(after.layout.as_deref(), Some("article"));
    assert_eq!(
        archive.post_file(edited_id).unwrap(),
        edited_bytes,
        "the edit is kept"
    );
    assert_eq!(
        titled(&archive, "第二篇").layout.as_deref(),
        Some("article")
    );
    // Importing again changes nothing.
    let again = import(&mut archive, &blog);
    assert_eq!((again.updated, again.unchanged), (0, 2), "{again:?}");
    // A default for a key every post sets changes no view: not counted.
    std::fs::write(
        blog.join("_config.yml"),
        config("article") + "  - scope: {path: \"\"}\n    values: {title: Default}\n",
    )
    .unwrap();
    let same_views = import(&mut archive, &blog);
    assert_eq!(
        (same_views.updated, same_views.unchanged),
        (0, 2),
        "{same_views:?}"
    );
    assert_eq!(
        titled(&archive, "第二篇").layout.as_deref(),
        Some("article")
    );
    // A broken `_config.yml` is reported (path, line, reason) and the views
    // derived before are kept.
    std::fs::write(blog.join("_config.yml"), "title: blog\ndefaults: [\n").unwrap();
    let broken = import(&mut archive, &blog);
    assert_eq!((broken.updated, broken.unchanged), (0, 2), "{broken:?}");
    assert_eq!(broken.failed.len(), 1, "{broken:?}");
    assert!(broken.failed[0].path.ends_with("_config.yml"), "{broken:?}");
    assert!(broken.failed[0].line.is_some(), "{broken:?}");
    assert!(
        broken.failed[0]
            .reason
            .contains("configuration cannot be read"),
        "{broken:?}"
    );
    assert_eq!(
        titled(&archive, "第二篇").layout.as_deref(),
        Some("article")
    );
    // A byte order mark is fine, as in Jekyll.
    std::fs::write(
        blog.join("_config.yml"),
        format!("\u{feff}{}", config("post")),
    )
    .unwrap();
    let bom = import(&mut archive, &blog);
    assert_eq!((bom.updated, bom.failed.len()), (2, 0), "{bom:?}");
    assert_eq!(titled(&archive, "第二篇").layout.as_deref(), Some("post"));
}

/// A site inside a zip gets its `_config.yml` defaults and collections
/// from the zip, and a draft its entry's time, as a site folder does.
#[test]
fn a_site_in_a_zip_gets_its_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("site.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let when = zip::DateTime::from_date_and_time(2021, 6, 15, 12, 0, 0).unwrap();
    let options = zip::write::SimpleFileOptions::default().last_modified_time(when);
    for (name, bytes) in [
        (
            "site/_config.yml",
            "collections: [recipes]\ndefaults:\n  - scope: {path: \"\"}\n    values: {layout: zipped, author: Zip}\n  - scope: {type: recipes}\n    values: {layout: recipe}\n".to_string(),
        ),
        ("site/_posts/2024-05-01-a.md", post("压缩包里的文章")),
        ("site/_recipes/noodles.md", "---\ntitle: Noodles\n---\nboil\n".to_string()),
        ("site/_drafts/idea.md", "---\ntitle: Zipped draft\n---\nsoon\n".to_string()),
        ("loose/2024-05-02-b.md", post("站点外的文章")),
        // Names written other ways (Windows separators, `./`, `//`) are
        // the same paths.
        (
            "./odd/_config.yml",
            "defaults:\n  - scope: {path: \"\"}\n    values: {layout: odd}\n".to_string(),
        ),
        ("odd\\_posts\\2024-05-03-c.md", post("反斜杠路径")),
        ("./site//_drafts/other.md", "---\ntitle: Odd draft\n---\nlater\n".to_string()),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(bytes.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    let mut archive = Archive::open(&dir.path().join("archive.db")).unwrap();
    let report = import(&mut archive, &zip_path);
    assert_eq!(report.imported, 6, "{report:?}");
    assert_eq!(
        titled(&archive, "反斜杠路径").layout.as_deref(),
        Some("odd")
    );
    let odd_draft = titled(&archive, "Odd draft");
    assert_eq!(odd_draft.layout.as_deref(), Some("zipped"));
    assert!(odd_draft
        .date
        .as_deref()
        .unwrap()
        .starts_with("2021-06-15T12:00:00"));
    let in_site = titled(&archive, "压缩包里的文章");
    assert_eq!(in_site.layout.as_deref(), Some("zipped"));
    assert!(
        in_site.front_matter.get("layout").is_none(),
        "not rewritten"
    );
    assert_eq!(
        titled(&archive, "Noodles").layout.as_deref(),
        Some("recipe")
    );
    let draft = titled(&archive, "Zipped draft");
    assert!(draft.draft);
    assert_eq!(draft.date_source, "file_time");
    assert!(
        draft
            .date
            .as_deref()
            .unwrap()
            .starts_with("2021-06-15T12:00:00"),
        "{:?}",
        draft.date
    );
    assert_eq!(
        titled(&archive, "站点外的文章").layout,
        None,
        "outside the site"
    );
}

/// A broken `_config.yml` inside a zip is reported under the name zip
/// entries have in reports (`ZIP!/folder/_config.yml`), with its line; the
/// zip's posts are imported without its defaults.
#[test]
fn a_broken_config_in_a_zip_is_reported_as_a_zip_entry() {
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("site.zip");
    write_zip(
        &zip_path,
        &[
            ("blog/_config.yml", b"title: blog\ndefaults: [\n"),
            ("blog/_posts/2024-05-01-a.md", post("压缩包").as_bytes()),
        ],
    );
    let mut archive = Archive::open(&dir.path().join("a.db")).unwrap();
    let report = import(&mut archive, &zip_path);
    assert_eq!(report.imported, 1, "{report:?}");
    assert_eq!(report.failed.len(), 1, "{report:?}");
    assert_eq!(
        report.failed[0].path,
        format!("{}!/blog/_config.yml", zip_path.display())
    );
    assert!(report.failed[0].line.is_some(), "{report:?}");
    assert!(titled(&archive, "压缩包").layout.is_none());
}
