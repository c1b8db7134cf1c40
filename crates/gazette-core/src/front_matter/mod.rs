//! Front matter: finding the block ([`split`]) and reading its YAML
//! ([`yaml`]). The text itself is never rewritten here.

pub mod split;
pub mod yaml;

pub use split::{split, Split};
pub use yaml::{load, Loaded, Value, YamlError};
