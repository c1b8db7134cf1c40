//! Which file names an operating system can hold, so that a post published
//! back into the site it came from keeps its exact name wherever the OS
//! allows it, and is renamed only where the OS refuses the name.
//!
//! The rule for each OS is a plain function of the name and a
//! [`TargetOs`], so the Windows rule is tested on Linux too;
//! [`TargetOs::current`] picks the running one.

use crate::export::{is_safe_file_name, safe_file_name};

/// The operating system whose naming rules a site folder follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TargetOs {
    /// Windows, through the Win32 file API (NTFS, FAT, exFAT, SMB shares).
    Windows,
    /// Linux, macOS and the other Unix systems.
    Unix,
}

impl TargetOs {
    /// The OS this program runs on (`cfg!(windows)`, decided at build time
    /// and read at run time, so both arms are compiled everywhere).
    pub(crate) fn current() -> TargetOs {
        if cfg!(windows) {
            TargetOs::Windows
        } else {
            TargetOs::Unix
        }
    }

    /// Its name in messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            TargetOs::Windows => "Windows",
            TargetOs::Unix => "this system",
        }
    }
}

/// Characters Windows refuses in a name (Microsoft, "Naming Files, Paths,
/// and Namespaces", section *Naming Conventions*); the characters 0–31 are
/// refused too.
const WINDOWS_RESERVED: &[char] = &['<', '>', ':', '"', '/', '\\', '|', '?', '*'];

/// Whether `stem` (a name up to its first dot) is a DOS device name, which
/// Windows reserves in every folder whatever the extension: `CON`, `PRN`,
/// `AUX`, `NUL`, `COM1`–`COM9`, `LPT1`–`LPT9`, and `COM`/`LPT` with the
/// ISO 8859-1 superscript digits `¹ ² ³`, without case (Microsoft, "Naming
/// Files, Paths, and Namespaces": "NUL.txt and NUL.tar.gz are both
/// equivalent to NUL"). Trailing spaces are dropped first, as Win32 path
/// normalization does, so `CON .md` counts too.
fn is_device_name(stem: &str) -> bool {
    let stem = stem.trim_end_matches(' ').to_uppercase();
    if matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL") {
        return true;
    }
    let Some(rest) = stem
        .strip_prefix("COM")
        .or_else(|| stem.strip_prefix("LPT"))
    else {
        return false;
    };
    let mut chars = rest.chars();
    matches!(
        (chars.next(), chars.next()),
        (Some('1'..='9' | '¹' | '²' | '³'), None)
    )
}

/// Whether `os` can hold a file or folder named `name` (one path part, no
/// separators):
/// - **Unix** (POSIX, Linux, macOS): any bytes but `/` and NUL, not `.` or
///   `..`, at most 255 bytes (`NAME_MAX` of ext4, APFS, btrfs…). `?`, `:`,
///   `"`, `\` and the like are ordinary characters there.
/// - **Windows** (Microsoft, "Naming Files, Paths, and Namespaces",
///   learn.microsoft.com/windows/win32/fileio/naming-a-file): none of
///   `< > : " / \ | ? *` nor the characters 0–31; not a device name (see
///   [`is_device_name`]) with or without an extension; not ending in a
///   space or a period ("Do not end a file or directory name with a space
///   or a period"); not `.` or `..`; at most 255 UTF-16 units (the usual
///   `lpMaximumComponentLength`).
pub(crate) fn holdable(name: &str, os: TargetOs) -> bool {
    if name.is_empty() || name == "." || name == ".." {
        return false;
    }
    match os {
        TargetOs::Unix => name.len() <= 255 && !name.contains(['/', '\0']),
        TargetOs::Windows => {
            name.encode_utf16().count() <= 255
                && !name
                    .chars()
                    .any(|c| (c as u32) < 32 || WINDOWS_RESERVED.contains(&c))
                && !name.ends_with([' ', '.'])
                && !is_device_name(name.split('.').next().unwrap_or(name))
        }
    }
}

/// Whether `os` can hold every part of the `/`-separated `relative` path.
pub(crate) fn path_holdable(relative: &str, os: TargetOs) -> bool {
    relative.split('/').all(|part| holdable(part, os))
}

/// `relative` with every part made a name that Windows, macOS and Linux
/// all hold: parts already safe (see [`is_safe_file_name`]) are kept, the
/// others cleaned by [`safe_file_name`] (reserved characters become `-`,
/// trailing dots and spaces go, device names get a `_`), and a part that
/// still fails [`holdable`] somewhere (`COM¹.md`) gets a `_` in front.
pub(crate) fn clean_path(relative: &str) -> String {
    relative
        .split('/')
        .map(|part| {
            let cleaned = if is_safe_file_name(part) {
                part.to_string()
            } else {
                safe_file_name(part)
            };
            if holdable(&cleaned, TargetOs::Windows) && holdable(&cleaned, TargetOs::Unix) {
                cleaned
            } else {
                format!("_{cleaned}")
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use TargetOs::{Unix, Windows};

    /// Names valid on Linux and macOS that Windows refuses, one per rule of
    /// Microsoft's page.
    const WINDOWS_REFUSES: &[&str] = &[
        "2020-01-01-why?.md",
        "2020-01-01-a:b.md",
        "2020-01-01-say \"hi\".md",
        "2020-01-01-a|b.md",
        "2020-01-01-a*b.md",
        "2020-01-01-<tag>.md",
        "2020-01-01-back\\slash.md",
        "tab\there.md",
        "ends with a dot.",
        "ends with a space ",
        "CON.md",
        "con",
        "Nul.tar.gz",
        "aux",
        "PRN.markdown",
        "COM1.md",
        "lpt9.html",
        "COM¹.md",
        "LPT³",
        "CON .md",
    ];

    #[test]
    fn unix_holds_what_windows_refuses() {
        for name in WINDOWS_REFUSES {
            assert!(holdable(name, Unix), "{name:?}");
            assert!(!holdable(name, Windows), "{name:?}");
        }
    }

    #[test]
    fn both_hold_ordinary_and_near_miss_names() {
        for name in [
            "2014-12-03-翻墙=犯法？从许东翻墙第一案说起.md",
            "2020-01-01-full-width：colon.md",
            ".hidden",
            "CONSOLE.md",
            "COM10.md",
            "COM0.md",
            "LPT.md",
            "my.con.md",
            "archived",
            "a b.md",
        ] {
            assert!(holdable(name, Unix), "{name:?}");
            assert!(holdable(name, Windows), "{name:?}");
        }
    }

    #[test]
    fn neither_holds_separators_dots_or_overlong_names() {
        for name in ["", ".", "..", "a/b", "a\0b"] {
            assert!(!holdable(name, Unix), "{name:?}");
            assert!(!holdable(name, Windows), "{name:?}");
        }
        // 255 bytes is Unix's limit; Windows counts UTF-16 units, so 100
        // CJK characters (300 bytes) fit there and not on Unix.
        let cjk = "长".repeat(100);
        assert!(!holdable(&cjk, Unix));
        assert!(holdable(&cjk, Windows));
        assert!(holdable(&"a".repeat(255), Unix));
        assert!(!holdable(&"a".repeat(256), Windows));
    }

    #[test]
    fn paths_are_held_part_by_part() {
        assert!(path_holdable("_posts/a:b/2020-01-01-x.md", Unix));
        assert!(!path_holdable("_posts/a:b/2020-01-01-x.md", Windows));
        assert!(!path_holdable("_posts/dots./x.md", Windows));
        assert!(!path_holdable("_posts//x.md", Unix));
    }

    #[test]
    fn cleaned_paths_are_held_everywhere() {
        assert_eq!(
            clean_path("_posts/2020-01-01-a:b.md"),
            "_posts/2020-01-01-a-b.md"
        );
        assert_eq!(clean_path("_posts/CON/x.md"), "_posts/_CON/x.md");
        assert_eq!(clean_path("_posts/dots./x.md"), "_posts/dots/x.md");
        assert_eq!(clean_path("_posts/COM¹.md"), "_posts/_COM¹.md");
        assert_eq!(clean_path("_posts/fine.md"), "_posts/fine.md");
        for name in WINDOWS_REFUSES {
            let cleaned = clean_path(&format!("_posts/{name}"));
            assert!(path_holdable(&cleaned, Windows), "{name:?} → {cleaned:?}");
            assert!(path_holdable(&cleaned, Unix), "{name:?} → {cleaned:?}");
        }
    }
}
