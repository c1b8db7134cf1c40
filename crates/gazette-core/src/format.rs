//! A post body's format (Markdown, HTML, Textile, plain text), from its file
//! extension as Jekyll's converters pick it (`markdown_ext` defaults:
//! `markdown,mkdown,mkdn,mkd,md`). A leaf: the post model and the search
//! text both use it.

use serde::Serialize;

/// How a post's body is written, from its file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// `.md`, `.markdown`, `.mkd`, `.mkdn`, `.mkdown`.
    Markdown,
    /// `.html`, `.htm`.
    Html,
    /// `.textile` (shown as plain text: Gazette has no Textile renderer).
    Textile,
    /// `.txt`.
    Text,
}

impl Format {
    /// The format for a file extension (lower case, no dot), or `None` when
    /// the extension is not one of a post's.
    pub fn from_extension(extension: &str) -> Option<Format> {
        match extension {
            "md" | "markdown" | "mkd" | "mkdn" | "mkdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "textile" => Some(Format::Textile),
            "txt" => Some(Format::Text),
            _ => None,
        }
    }

    /// The name stored and shown (`markdown`, `html`, `textile`, `text`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Textile => "textile",
            Format::Text => "text",
        }
    }

    /// The inverse of [`Format::as_str`].
    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "markdown" => Some(Format::Markdown),
            "html" => Some(Format::Html),
            "textile" => Some(Format::Textile),
            "text" => Some(Format::Text),
            _ => None,
        }
    }
}
