//! Front matter: finding the block ([`mod@split`]) and reading its YAML
//! ([`mod@yaml`]). The text itself is never rewritten here.

pub mod split;
pub mod yaml;

pub use split::{split, Split};
pub use yaml::{load, Loaded, Value, YamlError};
