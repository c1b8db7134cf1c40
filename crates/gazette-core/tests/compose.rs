//! Writing new posts (issue 17) into a real site: the file `gazette new`
//! makes in a site with `jekyll_compose` defaults, published into a real git
//! repository, checked against what jekyll-compose would write (file name
//! from the real Jekyll's `Utils.slugify`, keys and values read back by the
//! real Psych) and built by the real Jekyll (`tests/jekyll/site.rb`); the
//! same title, date and defaults given to the real `jekyll-compose`
//! (Debian's `ruby-jekyll-compose`, installed by `scripts/setup.sh`) and to
//! Gazette give the same files; a promote/demote round trip that git sees
//! as renames, and undone; undo of a creation.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;

use gazette_core::{Archive, Error, FieldEdit, NewPost, PublishOptions};
use gazette_testkit::repo_root;

const CONFIG: &str = "title: compose test\n\
jekyll_compose:\n  default_front_matter:\n    drafts:\n      description:\n      image:\n    posts:\n      description:\n      image: /img/a.png\n      category: 'no'\n      tags: [旅行, 2023]\n      sitemap: false\n";

fn run(dir: &Path, program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap_or_else(|e| panic!("{program} must be installed: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn git(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["-c", "core.quotepath=false"];
    all.extend_from_slice(args);
    run(dir, "git", &all)
}

/// A Jekyll site with `CONFIG` in a fresh git repository.
fn site(parent: &Path) -> PathBuf {
    let site = parent.join("site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join("_config.yml"), CONFIG).unwrap();
    git(&site, &["init", "-q", "-b", "main"]);
    git(&site, &["config", "user.name", "Gazette Test"]);
    git(&site, &["config", "user.email", "test@gazette.invalid"]);
    git(&site, &["add", "-A"]);
    git(&site, &["commit", "-q", "-m", "start"]);
    site
}

/// Ruby with the real Jekyll, printing JSON.
fn ruby_json(dir: &Path, script: &str, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["-rjekyll", "-rjson", "-e", script, "--"];
    all.extend_from_slice(args);
    serde_json::from_str(&run(dir, "ruby", &all)).unwrap()
}

fn publish(archive: &mut Archive, site: i64, commit: bool) -> gazette_core::PublishReport {
    let options = PublishOptions {
        commit,
        drafts: true,
        ..PublishOptions::default()
    };
    archive
        .publish(site, options, &mut |_, _| {}, &AtomicBool::new(false))
        .unwrap()
}

#[test]
fn a_new_post_is_the_file_jekyll_compose_makes_and_jekyll_builds_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let mut archive = Archive::open(&dir.path().join("archive.db")).unwrap();
    let site = archive.add_site("blog", &root, false).unwrap();
    let title = "赣州：新的一天 — C++ & Rust!";
    let new = NewPost {
        title: title.into(),
        date: Some("2024-05-01 10:00:00 +0800".into()),
        fields: vec![FieldEdit::SetYaml {
            key: "layout".into(),
            yaml: "post".into(),
        }],
        body: "第一段。\n".into(),
        ..NewPost::default()
    };
    let created = archive.new_post(Some(site.id), &new).unwrap();
    assert_eq!(created.site.as_deref(), Some("blog"));

    // The name jekyll-compose gives (`_posts/#{date}-#{Utils.slugify title}.md`),
    // from the real Jekyll's slugify.
    let slug = ruby_json(
        &root,
        "puts JSON.generate([Jekyll::Utils.slugify(ARGV[0])])",
        &[title],
    );
    let expected = format!("_posts/2024-05-01-{}.md", slug[0].as_str().unwrap());
    assert_eq!(created.path, expected);

    // Listed and found by search at once.
    let hits = archive
        .search("赣州", gazette_core::Sort::Relevance, 10, 0)
        .unwrap();
    assert!(hits.results.iter().any(|h| h.id == created.id), "{hits:?}");

    let report = publish(&mut archive, site.id, true);
    assert!(report.commit.is_some(), "{report:?}");
    assert_eq!(git(&root, &["ls-files", "_posts"]).trim(), expected);

    // Keys and values as Psych reads them, against jekyll-compose's rule:
    // title, date, then `default_front_matter.posts` as the config holds
    // them (read by Psych too), then the extra key.
    let read = ruby_json(
        &root,
        r#"text = File.read(ARGV[0]); fm = text[/\A---\n(.*?)^---\n/m, 1]
           data = Psych.safe_load(fm, permitted_classes: [Time, Date])
           config = Psych.safe_load(File.read("_config.yml"))
           puts JSON.generate({"keys" => data.keys,
             "data" => data.transform_values { |v| v.is_a?(Time) ? v.strftime("%F %T %z") : v },
             "defaults" => config["jekyll_compose"]["default_front_matter"]["posts"],
             "body" => $'})"#,
        &[&expected],
    );
    let defaults = read["defaults"].as_object().unwrap();
    let mut keys = vec!["title".to_string(), "date".to_string()];
    keys.extend(defaults.keys().cloned());
    keys.push("layout".into());
    let got: Vec<String> = read["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap().to_string())
        .collect();
    assert_eq!(got, keys);
    assert_eq!(read["data"]["title"], title);
    assert_eq!(read["data"]["date"], "2024-05-01 10:00:00 +0800");
    for (key, value) in defaults {
        assert_eq!(&read["data"][key], value, "{key}");
    }
    assert_eq!(read["data"]["layout"], "post");
    assert_eq!(read["body"], "第一段。\n");

    // The real Jekyll builds it, at the date and title given.
    let built = ruby_json(
        &repo_root(),
        "puts `ruby tests/jekyll/site.rb #{ARGV[0]}`",
        &[&root.to_string_lossy()],
    );
    let doc = built["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == expected.as_str())
        .unwrap_or_else(|| panic!("Jekyll did not read {expected}: {built}"));
    assert_eq!(doc["title"], title);
    assert_eq!(doc["draft"], false);
    assert_eq!(doc["date"], "2024-05-01 02:00:00 +0000");
    assert!(
        doc["url"].as_str().unwrap().starts_with("/no/2024/05/01/"),
        "{doc}"
    );

    // A taken name gets -2: by the archive, then by a file on disk.
    let again = archive.new_post(Some(site.id), &new).unwrap();
    assert_eq!(again.path, expected.replace(".md", "-2.md"));
    std::fs::write(root.join(expected.replace(".md", "-3.md")), "x").unwrap();
    let third = archive.new_post(Some(site.id), &new).unwrap();
    assert_eq!(third.path, expected.replace(".md", "-4.md"));
}

#[test]
fn promote_and_demote_move_the_file_and_git_sees_renames() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let mut archive = Archive::open(&dir.path().join("archive.db")).unwrap();
    let site = archive.add_site("blog", &root, true).unwrap();
    let draft = archive
        .new_post(
            Some(site.id),
            &NewPost {
                title: "草稿 Draft".into(),
                draft: true,
                body: "正文\n".into(),
                ..NewPost::default()
            },
        )
        .unwrap();
    assert_eq!(draft.path, "_drafts/草稿-draft.md");
    let text = String::from_utf8(archive.post_file(draft.id).unwrap()).unwrap();
    assert!(!text.contains("date:"), "a draft has no date: {text}");
    assert!(text.contains("description:\nimage:\n"), "{text}");
    publish(&mut archive, site.id, true);
    assert!(root.join(&draft.path).is_file());

    let moved = archive.promote(draft.id, Some("2024-06-02 08:30")).unwrap();
    assert_eq!(moved.path, "_posts/2024-06-02-草稿-draft.md");
    assert!(!archive.post(draft.id).unwrap().draft);
    publish(&mut archive, site.id, false);
    assert!(!root.join(&draft.path).exists());
    git(&root, &["add", "-A"]);
    let status = git(&root, &["status", "--porcelain"]);
    assert_eq!(
        status.trim(),
        format!("R  {} -> {}", draft.path, moved.path),
        "{status}"
    );
    git(&root, &["commit", "-q", "-m", "promote"]);

    let back = archive.demote(draft.id).unwrap();
    let log = archive.operations(1).unwrap();
    assert_eq!((log[0].kind.as_str(), log[0].posts), ("demote", 1));
    assert_eq!(back.path, draft.path);
    assert!(archive.post(draft.id).unwrap().draft);
    let text = String::from_utf8(archive.post_file(draft.id).unwrap()).unwrap();
    assert!(!text.contains("date:"), "{text}");
    publish(&mut archive, site.id, false);
    git(&root, &["add", "-A"]);
    let status = git(&root, &["status", "--porcelain"]);
    assert_eq!(
        status.trim(),
        format!("R  {} -> {}", moved.path, back.path),
        "{status}"
    );

    // A draft is not demoted again.
    assert!(matches!(
        archive.demote(draft.id),
        Err(Error::BadRequest(_))
    ));
}

#[test]
fn undo_of_a_creation_removes_the_post_and_bad_input_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut archive = Archive::open(&dir.path().join("archive.db")).unwrap();
    let made = archive
        .new_post(
            None,
            &NewPost {
                title: "No site".into(),
                ..NewPost::default()
            },
        )
        .unwrap();
    assert_eq!(made.site, None);
    assert!(made.path.starts_with("_posts/") && made.path.ends_with("-no-site.md"));
    let report = archive.undo(None).unwrap();
    assert_eq!(report.removed, 1);
    assert!(matches!(archive.post(made.id), Err(Error::PostNotFound(_))));
    for bad in [
        NewPost {
            title: "  ".into(),
            ..NewPost::default()
        },
        NewPost {
            title: "t".into(),
            date: Some("2024-13-40".into()),
            ..NewPost::default()
        },
        NewPost {
            title: "t".into(),
            fields: vec![FieldEdit::SetYaml {
                key: "k".into(),
                yaml: "[unclosed".into(),
            }],
            ..NewPost::default()
        },
    ] {
        assert!(matches!(
            archive.new_post(None, &bad),
            Err(Error::BadRequest(_))
        ));
    }
    assert_eq!(archive.stats().unwrap().posts, 0);
}

/// Runs the real `jekyll-compose` (Debian's `ruby-jekyll-compose` 0.12) in
/// `site`: `jekyll post TITLE --date DATE`, then `jekyll draft DRAFT`, with
/// no editor opened.
fn jekyll_compose(site: &Path, title: &str, date: &str, draft: &str) {
    let out = Command::new("ruby")
        .args([
            "-rjekyll",
            "-rjekyll-compose",
            "-e",
            r#"Jekyll::Commands::Post.process([ARGV[0]], {"date" => ARGV[1], "source" => Dir.pwd})
               Jekyll::Commands::Draft.process([ARGV[2]], {"source" => Dir.pwd})"#,
            "--",
            title,
            date,
            draft,
        ])
        .current_dir(site)
        .env_remove("JEKYLL_EDITOR")
        .env_remove("VISUAL")
        .env_remove("EDITOR")
        .output()
        .expect("ruby must be installed");
    assert!(
        out.status.success(),
        "jekyll-compose (apt install ruby-jekyll-compose) failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every file under `site/_posts` and `site/_drafts`, relative, sorted.
fn post_files(site: &Path) -> Vec<String> {
    let mut files = Vec::new();
    for folder in ["_posts", "_drafts"] {
        if let Ok(entries) = std::fs::read_dir(site.join(folder)) {
            for entry in entries {
                let name = entry.unwrap().file_name().to_string_lossy().into_owned();
                files.push(format!("{folder}/{name}"));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn the_real_jekyll_compose_makes_the_same_files() {
    let dir = tempfile::tempdir().unwrap();
    let title = "赣州：新的一天 (Part 2) — C++ & Rust!";
    let draft_title = "草稿：Draft one";
    let theirs = dir.path().join("theirs");
    std::fs::create_dir_all(&theirs).unwrap();
    std::fs::write(theirs.join("_config.yml"), CONFIG).unwrap();
    jekyll_compose(&theirs, title, "2024-05-01", draft_title);

    let ours = dir.path().join("ours");
    std::fs::create_dir_all(&ours).unwrap();
    std::fs::write(ours.join("_config.yml"), CONFIG).unwrap();
    let mut archive = Archive::open(&dir.path().join("archive.db")).unwrap();
    let site = archive.add_site("ours", &ours, true).unwrap();
    // jekyll-compose writes `layout: post` and a date without seconds, from
    // `Date.parse`, so at midnight UTC.
    let layout = vec![FieldEdit::SetYaml {
        key: "layout".into(),
        yaml: "post".into(),
    }];
    let mut ids = Vec::new();
    for (title, date, draft) in [
        (title, Some("2024-05-01 00:00 +0000"), false),
        (draft_title, None, true),
    ] {
        let new = NewPost {
            title: title.into(),
            date: date.map(str::to_string),
            draft,
            fields: layout.clone(),
            ..NewPost::default()
        };
        ids.push(archive.new_post(Some(site.id), &new).unwrap().id);
    }
    publish(&mut archive, site.id, false);

    assert_same_sites(&theirs, &ours);

    // Promote the draft and demote the post: `jekyll publish DRAFT --date`
    // and `jekyll unpublish POST`, against `gazette promote` and `demote`.
    let post = post_files(&theirs)[1].clone();
    let out = Command::new("ruby")
        .args([
            "-rjekyll",
            "-rjekyll-compose",
            "-e",
            r#"Jekyll::Commands::Publish.process([ARGV[0]], {"date" => "2024-06-02", "source" => Dir.pwd})
               Jekyll::Commands::Unpublish.process([ARGV[1]], {"source" => Dir.pwd})"#,
            "--",
            &post_files(&theirs)[0],
            &post,
        ])
        .current_dir(&theirs)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    archive
        .promote(ids[1], Some("2024-06-02 00:00 +0000"))
        .unwrap();
    archive.demote(ids[0]).unwrap();
    publish(&mut archive, site.id, false);
    assert_same_sites(&theirs, &ours);
}

/// Asserts that two sites hold the same post files with the same front
/// matter as Psych reads it (key order and the `date` text aside) and
/// bodies, and that the real Jekyll sees the same posts in both.
fn assert_same_sites(theirs: &Path, ours: &Path) {
    // The same file names.
    let files = post_files(theirs);
    assert_eq!(files.len(), 2, "{files:?}");
    assert_eq!(post_files(ours), files);

    // The same keys and values as Psych reads them (key order aside:
    // jekyll-compose writes `layout` first), and the same body.
    let psych = r#"out = ARGV.drop(1).map do |f|
         text = File.read(File.join(ARGV[0], f))
         fm = text[/\A---\n(.*?)^---\n/m, 1]
         [f, Psych.safe_load(fm, permitted_classes: [Time, Date]).transform_values(&:to_s).sort.to_h, $']
       end
       puts JSON.generate(out)"#;
    let read = |site: &Path| {
        let mut args = vec![site.to_str().unwrap()];
        args.extend(files.iter().map(String::as_str));
        ruby_json(site, psych, &args)
    };
    let (theirs_read, ours_read) = (read(theirs), read(ours));
    for (t, o) in theirs_read
        .as_array()
        .unwrap()
        .iter()
        .zip(ours_read.as_array().unwrap())
    {
        let (mut t, mut o) = (t.clone(), o.clone());
        // Their date is the string `2024-05-01 00:00 +0000` (Psych reads
        // a time without seconds as a string), ours a time: Jekyll's view
        // below compares them.
        t[1].as_object_mut().unwrap().remove("date");
        o[1].as_object_mut().unwrap().remove("date");
        assert_eq!(o, t);
    }

    // The real Jekyll's view of both sites is the same: paths, dates, URLs,
    // titles, slugs, categories and tags.
    let view = |site: &Path| {
        let mut built = ruby_json(
            &repo_root(),
            "puts `ruby tests/jekyll/site.rb #{ARGV[0]}`",
            &[&site.to_string_lossy()],
        );
        let mut docs = built["documents"].take();
        for doc in docs.as_array_mut().unwrap() {
            // A draft's date is its file's time.
            if doc["draft"] == true {
                doc.as_object_mut().unwrap().remove("date");
            }
        }
        docs
    };
    let theirs_view = view(theirs);
    assert_eq!(theirs_view.as_array().unwrap().len(), 2, "{theirs_view}");
    assert_eq!(view(ours), theirs_view);
}

/// The live preview of a file name gives the path `new` then makes, `-2`
/// rule included, and the same errors; it writes nothing.
#[test]
fn the_planned_path_is_the_path_a_new_post_gets() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let mut archive = Archive::open(&dir.path().join("archive.db")).unwrap();
    let site = archive.add_site("blog", &root, false).unwrap();
    let title = "赣州 新的一天";
    let date = Some("2024-05-01 08:00:00 +0800");
    let planned = archive
        .planned_post_path(Some(site.id), title, date, false)
        .unwrap();
    assert_eq!(planned, "_posts/2024-05-01-赣州-新的一天.md");
    assert_eq!(
        archive.stats().unwrap().posts,
        0,
        "a preview writes nothing"
    );
    let new = NewPost {
        title: title.into(),
        date: date.map(str::to_string),
        ..NewPost::default()
    };
    let created = archive.new_post(Some(site.id), &new).unwrap();
    assert_eq!(created.path, planned);
    let again = archive
        .planned_post_path(Some(site.id), title, date, false)
        .unwrap();
    assert_eq!(again, "_posts/2024-05-01-赣州-新的一天-2.md");
    assert_eq!(archive.new_post(Some(site.id), &new).unwrap().path, again);
    assert_eq!(
        archive.planned_post_path(None, title, None, true).unwrap(),
        "_drafts/赣州-新的一天.md"
    );
    for (title, date) in [("  ", None), ("t", Some("not a date"))] {
        let planned = archive.planned_post_path(Some(site.id), title, date, false);
        let made = archive.new_post(
            Some(site.id),
            &NewPost {
                title: title.into(),
                date: date.map(str::to_string),
                ..NewPost::default()
            },
        );
        match (planned, made) {
            (Err(Error::BadRequest(a)), Err(Error::BadRequest(b))) => assert_eq!(a, b),
            other => panic!("expected the same bad request twice, got {other:?}"),
        }
    }
}
