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
