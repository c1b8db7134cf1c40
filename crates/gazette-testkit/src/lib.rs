//! Where Gazette's tests and benchmarks find their real inputs.

use std::path::{Path, PathBuf};

pub mod hostile;
pub mod seen;

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The shared corpus of real posts: `$GAZETTE_CORPUS` if set, else
/// `../shared/corpus` beside the repository, else `/work/shared/corpus`
/// (where this project's workplace keeps it).
///
/// # Panics
/// When none of them holds the corpus (its `terminus2049/` folder): the
/// tests that need it cannot run, and say so.
pub fn corpus() -> PathBuf {
    [
        std::env::var_os("GAZETTE_CORPUS").map(PathBuf::from),
        Some(repo_root().join("../shared/corpus")),
        Some(PathBuf::from("/work/shared/corpus")),
    ]
    .into_iter()
    .flatten()
    .find(|p| p.join("terminus2049").is_dir())
    .expect("the shared corpus is needed: set GAZETTE_CORPUS to the folder holding terminus2049/")
}

/// The folder of one shared case (`tests/cases/BR-01`, …), copied into the
/// repository from `../shared/cases/`.
pub fn case(name: &str) -> PathBuf {
    repo_root().join("tests/cases").join(name)
}

/// Runs `git -C dir ARGS` as the bot of the sync tests (author and committer
/// "Bot <bot@example.com>", whatever the machine's git config says) and
/// returns its standard output, trimmed.
///
/// # Panics
/// When git cannot run or exits with an error (its stderr in the message).
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Bot")
        .env("GIT_AUTHOR_EMAIL", "bot@example.com")
        .env("GIT_COMMITTER_NAME", "Bot")
        .env("GIT_COMMITTER_EMAIL", "bot@example.com")
        .output()
        .expect("git is needed");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}
