//! Front matter: finding the block ([`mod@split`]), reading its YAML
//! ([`mod@yaml`]) and editing it in place, one key's lines at a time
//! ([`mod@edit`]), writing each new value so Psych reads it back as given
//! (`emit.rs`).

pub mod edit;
mod emit;
mod quoted;
mod scalar;
pub mod split;
pub mod yaml;

pub use edit::{apply as apply_edits, Edit, EditError};
pub use split::{split, Split};
pub use yaml::{load, Loaded, Value, YamlError};
