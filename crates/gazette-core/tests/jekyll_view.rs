//! Jekyll is the judge of the view Gazette derives (issue 15, part 2): the
//! real Jekyll 4.3 (`tests/jekyll/site.rb`) builds every site of the corpus,
//! Gazette imports the corpus into a real SQLite archive, and for every
//! document Jekyll lists, its URL, date, categories, collection and draft
//! flag must equal Gazette's; every post Gazette places in a site must be
//! one Jekyll lists, and every one it does not place must be one Jekyll
//! does not build.
//!
//! Sites: each folder with a `_config.yml`, and each folder holding a
//! `_posts/` with no `_config.yml` above it (the topmost of nested ones,
//! as Gazette's `import::site` decides). Jekyll runs with `TZ=UTC`: Gazette
//! computes URLs as a UTC build machine does (a site's `timezone:` wins in
//! both).
//!
//! Deliberate differences, counted and printed, never compared:
//! - a file that is a copy (same name and bytes) of a post imported from
//!   another path is stored once (`identical` in the import report), so
//!   Gazette has no post at the copy's path (nodebe4-society has posts in
//!   both `_posts/` and `archived/`);
//! - a file whose extension is not one Gazette imports (`.text`, `.Rmd`:
//!   Jekyll's tests of odd extensions) has no post in the archive.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;

use gazette_core::{Archive, ListQuery, PostDetail};

/// The site roots of the corpus (see the module docs).
fn site_roots(corpus: &Path) -> Vec<PathBuf> {
    let entries: Vec<PathBuf> = walkdir::WalkDir::new(corpus)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .collect();
    let mut roots: Vec<PathBuf> = entries
        .iter()
        .filter(|p| p.file_name().is_some_and(|n| n == "_config.yml"))
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .collect();
    let configured = roots.clone();
    let mut implicit: Vec<PathBuf> = entries
        .iter()
        .filter(|p| p.is_dir() && p.file_name().is_some_and(|n| n == "_posts"))
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .filter(|dir| !configured.iter().any(|root| dir.starts_with(root)))
        .collect();
    implicit.sort();
    let tops: Vec<PathBuf> = implicit
        .iter()
        .filter(|dir| {
            !implicit
                .iter()
                .any(|other| other != *dir && dir.starts_with(other))
        })
        .cloned()
        .collect();
    roots.extend(tops);
    roots.sort();
    roots
}

/// Jekyll's view of the site at `root`: `tests/jekyll/site.rb`'s JSON.
fn jekyll_view(script: &Path, root: &Path) -> std::process::Child {
    Command::new("ruby")
        .arg(script)
        .arg(root)
        .env("TZ", "UTC")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("`ruby` must be installed (with Debian's `jekyll`): scripts/setup.sh installs both")
}

/// What is compared, one value per field, as text.
fn view_of_post(post: &PostDetail) -> BTreeMap<&'static str, String> {
    BTreeMap::from([
        ("url", format!("{:?}", post.url)),
        ("date", format!("{:?}", post.jekyll_date)),
        ("categories", format!("{:?}", post.categories)),
        ("collection", format!("{:?}", post.collection)),
        ("draft", post.draft.to_string()),
    ])
}

/// Gazette's and Jekyll's views, as compared: `site.rb` prints a draft's
/// `date` only once Jekyll has been asked for it (`Document#date` fills it
/// from the file time when a permalink needs it), so a draft Jekyll shows
/// no date for is compared without it.
fn views(
    post: &PostDetail,
    doc: &serde_json::Value,
) -> (
    BTreeMap<&'static str, String>,
    BTreeMap<&'static str, String>,
) {
    let (mut ours, mut theirs) = (view_of_post(post), view_of_doc(doc));
    if doc["draft"] == true && doc["date"].is_null() {
        ours.remove("date");
        theirs.remove("date");
    }
    (ours, theirs)
}

fn view_of_doc(doc: &serde_json::Value) -> BTreeMap<&'static str, String> {
    let text = |key: &str| doc[key].as_str().map(str::to_string);
    let categories: Vec<String> = doc["categories"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|c| c.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    BTreeMap::from([
        ("url", format!("{:?}", text("url"))),
        ("date", format!("{:?}", text("date"))),
        ("categories", format!("{categories:?}")),
        ("collection", format!("{:?}", text("collection"))),
        ("draft", doc["draft"].as_bool().unwrap_or(false).to_string()),
    ])
}

#[test]
fn every_corpus_post_has_jekylls_url_date_categories_and_collection() {
    let started = std::time::Instant::now();
    let corpus = dunce::canonicalize(gazette_testkit::corpus()).unwrap();
    let script = gazette_testkit::repo_root().join("tests/jekyll/site.rb");
    let roots = site_roots(&corpus);
    assert!(roots.len() >= 8, "corpus sites missing: {roots:?}");
    // Jekyll builds the sites while Gazette imports.
    let builds: Vec<(PathBuf, std::process::Child)> = roots
        .iter()
        .map(|root| (root.clone(), jekyll_view(&script, root)))
        .collect();

    let dir = tempfile::tempdir().unwrap();
    let mut archive = Archive::open(&dir.path().join("archive.db")).unwrap();
    archive
        .import(
            std::slice::from_ref(&corpus),
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    let mut posts: HashMap<PathBuf, PostDetail> = HashMap::new();
    loop {
        let page = archive
            .list(&ListQuery {
                limit: Some(1000),
                offset: Some(posts.len() as u32),
                ..ListQuery::default()
            })
            .unwrap();
        if page.items.is_empty() {
            break;
        }
        for item in page.items {
            posts.insert(
                PathBuf::from(&item.source_path),
                archive.post(item.id).unwrap(),
            );
        }
    }
    // File name and bytes of every stored post, to tell a copy.
    let stored: std::collections::HashSet<(String, Vec<u8>)> = posts
        .keys()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(p).unwrap())
        })
        .collect();

    let mut all_differences = 0;
    let mut compared_all = 0;
    for (root, child) in builds {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "Jekyll could not build {}: {}",
            root.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let docs = json["documents"].as_array().unwrap();
        let (mut equal, mut copies, mut not_imported) = (0, 0, 0);
        let mut differences: Vec<String> = Vec::new();
        let mut listed = std::collections::HashSet::new();
        for doc in docs {
            let path = root.join(doc["path"].as_str().unwrap());
            listed.insert(path.clone());
            let Some(post) = posts.get(&path) else {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                if !gazette_core::import::walk::is_post_file(&path) {
                    not_imported += 1;
                } else if stored.contains(&(name, std::fs::read(&path).unwrap())) {
                    copies += 1;
                } else {
                    differences.push(format!("{}: not in the archive", path.display()));
                }
                continue;
            };
            // Jekyll fell back to its defaults exactly where Gazette warns
            // that Jekyll cannot load the site's configuration.
            let warned = post
                .warnings
                .iter()
                .any(|w| w.contains("Jekyll cannot load"));
            if warned != (json["config_fallback"] == true) {
                differences.push(format!(
                    "{}: Gazette {} that Jekyll cannot load the _config.yml",
                    path.display(),
                    if warned { "warns" } else { "does not warn" }
                ));
            }
            let (ours, theirs) = views(post, doc);
            if ours == theirs {
                equal += 1;
            } else {
                let fields: Vec<String> = ours
                    .iter()
                    .filter(|(k, v)| theirs[*k] != **v)
                    .map(|(k, v)| format!("{k}: Gazette {v}, Jekyll {}", theirs[*k]))
                    .collect();
                differences.push(format!("{}: {}", path.display(), fields.join("; ")));
            }
        }
        // Gazette's posts of this site (not of a site inside it).
        let inner: Vec<&PathBuf> = roots
            .iter()
            .filter(|r| *r != &root && r.starts_with(&root))
            .collect();
        let mut unbuilt = 0;
        for (path, post) in &posts {
            if !path.starts_with(&root) || inner.iter().any(|r| path.starts_with(r)) {
                continue;
            }
            match (&post.collection, listed.contains(path)) {
                (Some(c), false) => differences.push(format!(
                    "{}: Gazette places it in {c}, Jekyll does not build it",
                    path.display()
                )),
                (None, false) => unbuilt += 1,
                _ => {}
            }
        }
        let compared = docs.len() - copies - not_imported;
        compared_all += compared;
        println!(
            "{}: {} documents, {compared} compared, {equal} equal, {} differences; not compared: \
             {copies} copies of posts stored once, {not_imported} with extensions Gazette does \
             not import; {unbuilt} posts Jekyll does not build (Gazette agrees){}",
            root.strip_prefix(&corpus).unwrap().display(),
            docs.len(),
            differences.len(),
            if json["config_fallback"] == true {
                " [config not loadable: Jekyll's defaults]"
            } else {
                ""
            }
        );
        for d in differences.iter().take(5) {
            println!("    {d}");
        }
        all_differences += differences.len();
    }
    println!(
        "{compared_all} documents compared in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(all_differences, 0, "Gazette's view differs from Jekyll's");
}

/// Writes `files` (path, text) under `root`.
fn write_site(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// The posts every generated site holds: odd names, categories from the
/// path and the front matter, offsets, a post's own permalink and slug,
/// extensions Jekyll converts and ones it keeps, a draft, pages.
const POSTS: &[(&str, &str)] = &[
    (
        "_posts/2024-01-05-Hello World!.md",
        "---\ntitle: Hi\ncategories: Foo Bar\ncategory: Café Noir\n---\nbody\n",
    ),
    (
        "en/news/_posts/2023-12-31-a#b?c[1] 100%.markdown",
        "---\ndate: 2024-01-01 23:30:00 -0800\n---\n",
    ),
    (
        "_posts/sub/2024-02-29-leap.html",
        "---\ntags: x\n---\n<p>x</p>\n",
    ),
    ("_posts/2024-03-01-mk.mkdn", "no front matter\n"),
    (
        "_posts/2024-03-02-own.md",
        "---\npermalink: /:categories/:title/\ncategories: [A B, c]\n---\n",
    ),
    (
        "_posts/2024-03-03-slugged.md",
        "---\nslug: Über Ärger\ndate: 2024-03-03 01:02:03\n---\n",
    ),
    (
        "_posts/2024-03-04-plain-ext.md",
        "---\npermalink: /x/y.json\n---\n",
    ),
    ("_drafts/draft one.md", "---\ntitle: d\n---\n"),
    ("about.md", "---\ntitle: About\n---\n"),
    ("docs/index.html", "---\n---\n"),
    ("notes/plain.txt", "---\n---\n"),
    ("_hidden/skip.md", "---\n---\n"),
    ("static.md", "no front matter\n"),
];

/// Sites made here, one per permalink style or template and one with
/// collections in a `collections_dir`, each judged by the real Jekyll.
#[test]
fn generated_sites_have_jekylls_urls_for_every_permalink_style_and_collection() {
    let script = gazette_testkit::repo_root().join("tests/jekyll/site.rb");
    let dir = tempfile::tempdir().unwrap();
    let styles = [
        "date",
        "pretty",
        "ordinal",
        "weekdate",
        "none",
        "simple",
        "/:categories/:year/:i_month/:i_day/:short_year/:hour-:minute-:second/:title:output_ext",
        "/:slug/:name/:path/:month_:day:output_ext",
        "/:slugified_categories/:w_year-:week-:w_day/:y_day/:short_month-:long_month/:short_day-:long_day/:title/",
        "/:collection/:title",
    ];
    let mut roots = Vec::new();
    for (i, style) in styles.iter().enumerate() {
        let root = dir.path().join(format!("style{i}"));
        let config = format!("permalink: \"{style}\"\n");
        write_site(&root, &[("_config.yml", config.as_str())]);
        write_site(&root, POSTS);
        roots.push(root);
    }
    let zoned = dir.path().join("zoned");
    write_site(
        &zoned,
        &[(
            "_config.yml",
            "timezone: Asia/Shanghai\nexcerpt_separator: <!--more-->\nexclude: [notes]\n",
        )],
    );
    write_site(&zoned, POSTS);
    roots.push(zoned);
    let collections = dir.path().join("collections");
    write_site(
        &collections,
        &[
            (
                "_config.yml",
                "collections_dir: stuff\npermalink: pretty\ncollections:\n  recipes:\n    output: true\n    permalink: /r/:path/\n  notes:\n    output: false\n  posts:\n    permalink: /p/:categories/:title:output_ext\n",
            ),
            ("stuff/_posts/2024-01-01-p.md", "---\n---\n"),
            ("stuff/en/_posts/2024-01-02-q.md", "---\ncategories: x\n---\n"),
            ("_posts/2024-01-03-outside.md", "---\n---\n"),
            ("stuff/_recipes/soup.md", "---\ntitle: Soup\n---\n"),
            ("stuff/_recipes/sub/Stew Pot.markdown", "---\n---\n"),
            ("stuff/_recipes/static.md", "no front matter\n"),
            ("stuff/_notes/n.md", "---\n---\n"),
            ("stuff/page.md", "---\n---\n"),
        ],
    );
    roots.push(collections);
    let builds: Vec<_> = roots
        .iter()
        .map(|root| (root.clone(), jekyll_view(&script, root)))
        .collect();
    let mut all = 0;
    for (root, child) in builds {
        let root = dunce::canonicalize(root).unwrap();
        // One archive per site: the sites hold copies of one another's
        // files, which one archive would store once.
        let mut archive = Archive::open(&root.with_extension("db")).unwrap();
        let report = archive
            .import(
                std::slice::from_ref(&root),
                &mut |_| {},
                &AtomicBool::new(false),
            )
            .unwrap();
        assert!(report.failed.is_empty(), "{:?}", report.failed);
        let mut posts: HashMap<PathBuf, PostDetail> = HashMap::new();
        let page = archive
            .list(&ListQuery {
                limit: Some(1000),
                ..ListQuery::default()
            })
            .unwrap();
        for item in page.items {
            posts.insert(
                PathBuf::from(&item.source_path),
                archive.post(item.id).unwrap(),
            );
        }
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let docs = json["documents"].as_array().unwrap();
        let mut differences = Vec::new();
        let mut listed = std::collections::HashSet::new();
        let mut equal = 0;
        // `site.rb` gives a document's path in the `collections_dir`.
        let cd = if root.ends_with("collections") {
            "stuff"
        } else {
            ""
        };
        for doc in docs {
            let inside = if doc["collection"] == "pages" { "" } else { cd };
            let path = root.join(inside).join(doc["path"].as_str().unwrap());
            listed.insert(path.clone());
            match posts.get(&path) {
                None if !gazette_core::import::walk::is_post_file(&path) => {}
                None => differences.push(format!("{}: not in the archive", path.display())),
                Some(post) if views(post, doc).0 == views(post, doc).1 => equal += 1,
                Some(post) => differences.push(format!(
                    "{}: Gazette {:?}, Jekyll {:?}",
                    path.display(),
                    views(post, doc).0,
                    views(post, doc).1
                )),
            }
        }
        for (path, post) in &posts {
            if path.starts_with(&root) && post.collection.is_some() && !listed.contains(path) {
                differences.push(format!(
                    "{}: Gazette places it, Jekyll does not",
                    path.display()
                ));
            }
        }
        println!(
            "{}: {} documents, {equal} equal, {} differences",
            root.file_name().unwrap().to_string_lossy(),
            docs.len(),
            differences.len()
        );
        for d in differences.iter().take(8) {
            println!("    {d}");
        }
        all += differences.len();
    }
    assert_eq!(all, 0, "Gazette's view differs from Jekyll's");
}
