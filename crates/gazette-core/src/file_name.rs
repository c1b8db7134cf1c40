//! What a post's file name says: Jekyll's `YYYY-MM-DD-slug.ext`.
//!
//! Jekyll's pattern (`Jekyll::Document::DATE_FILENAME_MATCHER`) is
//! `(\d{2,4}-\d{1,2}-\d{1,2})-(.*)(\.[^.]+)$`; unpadded months and days
//! (`2017-2-5-…`) are accepted.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::date::PostDate;

static DATED_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})-(.*)$").expect("valid regex")
});

/// The parts of a post's file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileName {
    /// The date prefix, when the name has a valid one.
    pub date: Option<PostDate>,
    /// The slug: the name without date prefix and extension.
    pub slug: String,
    /// The extension, lower-cased, without the dot (`md`), empty if none.
    pub extension: String,
}

impl FileName {
    /// Splits a file name (no folders) into date, slug and extension.
    pub fn parse(name: &str) -> FileName {
        let (stem, extension) = match name.rfind('.') {
            Some(dot) if dot > 0 => (&name[..dot], name[dot + 1..].to_ascii_lowercase()),
            _ => (name, String::new()),
        };
        if let Some(caps) = DATED_NAME.captures(stem) {
            let n = |i: usize| caps[i].parse::<u32>().ok();
            let day = n(1)
                .zip(n(2))
                .zip(n(3))
                .and_then(|((y, m), d)| NaiveDate::from_ymd_opt(y as i32, m, d));
            if let Some(day) = day {
                let text = format!("{}-{}-{}", &caps[1], &caps[2], &caps[3]);
                return FileName {
                    date: Some(PostDate::from_day(&text, day)),
                    slug: caps[4].to_string(),
                    extension,
                };
            }
        }
        FileName {
            date: None,
            slug: stem.to_string(),
            extension,
        }
    }

    /// A title made from the slug as Jekyll does when a post has none
    /// (`Jekyll::Utils.titleize_slug`): words split on `-`, each capitalised.
    pub fn title(&self) -> String {
        self.slug
            .split('-')
            .filter(|w| !w.is_empty())
            .map(|w| {
                let mut chars = w.chars();
                chars
                    .next()
                    .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dated_names() {
        let f = FileName::parse("2017-2-5-i-dont-like-zeroes.md");
        assert_eq!(f.date.unwrap().to_iso(), "2017-02-05T00:00:00");
        assert_eq!(f.slug, "i-dont-like-zeroes");
        assert_eq!(f.extension, "md");
        let f = FileName::parse("2014-12-03-翻墙=犯法？从许东翻墙第一案说起.md");
        assert_eq!(f.slug, "翻墙=犯法？从许东翻墙第一案说起");
    }

    #[test]
    fn undated_and_impossible_dates() {
        let f = FileName::parse("-202205262391921712.md");
        assert!(f.date.is_none());
        assert_eq!(f.slug, "-202205262391921712");
        assert!(FileName::parse("2021-13-40-x.md").date.is_none());
        assert_eq!(FileName::parse("no-yaml.markdown").title(), "No Yaml");
    }
}
