//! Post dates as Jekyll accepts them, kept as the author wrote them.
//!
//! Jekyll reads `date:` with Ruby's `Time.parse`, so it takes
//! `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS[.frac]]`, ISO 8601 with `T`, and a UTC
//! offset written `+0800`, `+08:00`, `+08`, `-0700` or `Z` (or none). A post's
//! day is the day in its own offset: `2024-08-08 22:44:26 -0700` is on
//! 8 August on every machine (case BR-08). Nothing here reads the machine's
//! time zone.

use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use regex::Regex;

/// A post's date: the wall-clock time as written, its offset if one was
/// written, and the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostDate {
    /// The text it was read from (a front matter value or a file name prefix).
    pub text: String,
    /// Date and time as written, in the post's own offset (00:00:00 when
    /// only a day was written).
    pub local: NaiveDateTime,
    /// The UTC offset written with it, `None` when none was written.
    pub offset: Option<FixedOffset>,
}

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot read the date {text:?}: expected YYYY-MM-DD, optionally followed by HH:MM[:SS] and a UTC offset such as +0800")]
pub struct DateError {
    /// The text that was not a date.
    pub text: String,
}

static DATE_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^\s*
        ([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})
        (?: (?:[Tt]|\s+) ([0-9]{1,2}):([0-9]{2}) (?: :([0-9]{2}) (?:[.,]([0-9]+))? )? )?
        (?:\s+[0-9]{4}(?:\s|$))?                # a repeated year, as in `18:30:22 2023 -0800`
        \s*
        (Z|z|UTC|GMT|[+-][0-9]{2}(?::?[0-9]{2})?)?
        \s*$",
    )
    .expect("valid regex")
});

impl PostDate {
    /// Reads a date as written in front matter (see the module docs for the
    /// accepted forms). Quotes are the YAML layer's business and must already
    /// be gone.
    ///
    /// # Errors
    /// [`DateError`] when the text is not one of the accepted forms or names
    /// an impossible day or time (`2021-02-30`, `25:00`).
    pub fn parse(text: &str) -> Result<PostDate, DateError> {
        let fail = || DateError {
            text: text.to_string(),
        };
        let caps = DATE_TEXT.captures(text).ok_or_else(fail)?;
        let num = |i: usize| {
            caps.get(i)
                .map(|m| m.as_str().parse::<u32>().unwrap_or(u32::MAX))
        };
        let day = NaiveDate::from_ymd_opt(
            num(1).ok_or_else(fail)? as i32,
            num(2).ok_or_else(fail)?,
            num(3).ok_or_else(fail)?,
        )
        .ok_or_else(fail)?;
        let nanos = caps.get(7).map_or(0, |m| {
            let digits: String = m
                .as_str()
                .chars()
                .chain("000000000".chars())
                .take(9)
                .collect();
            digits.parse().unwrap_or(0)
        });
        let time = match num(4) {
            Some(h) => {
                NaiveTime::from_hms_nano_opt(h, num(5).unwrap_or(0), num(6).unwrap_or(0), nanos)
                    .ok_or_else(fail)?
            }
            None => NaiveTime::MIN,
        };
        let offset = match caps.get(8).map(|m| m.as_str()) {
            None => None,
            Some("Z" | "z" | "UTC" | "GMT") => Some(FixedOffset::east_opt(0).ok_or_else(fail)?),
            Some(zone) => Some(parse_offset(zone).ok_or_else(fail)?),
        };
        Ok(PostDate {
            text: text.to_string(),
            local: day.and_time(time),
            offset,
        })
    }

    /// A day with no time or offset, as taken from a file name.
    pub fn from_day(text: &str, day: NaiveDate) -> PostDate {
        PostDate {
            text: text.to_string(),
            local: day.and_time(NaiveTime::MIN),
            offset: None,
        }
    }

    /// The post's day, in its own offset (never converted).
    pub fn day(&self) -> NaiveDate {
        self.local.date()
    }

    /// The instant, for sorting. A date written without an offset is taken
    /// as UTC (Jekyll would use the site's `timezone`, which the archive does
    /// not know).
    pub fn instant(&self) -> DateTime<Utc> {
        match self.offset {
            Some(offset) => offset
                .from_local_datetime(&self.local)
                .single()
                .map_or_else(|| self.local.and_utc(), |d| d.with_timezone(&Utc)),
            None => self.local.and_utc(),
        }
    }

    /// ISO 8601 in the post's own offset: `2024-08-08T22:44:26-07:00`, or
    /// `2024-08-08T22:44:26` when no offset was written. Fractions of a
    /// second are kept when present.
    pub fn to_iso(&self) -> String {
        let base = self.local.format("%Y-%m-%dT%H:%M:%S%.f").to_string();
        match self.offset {
            Some(offset) => format!("{base}{offset}"),
            None => base,
        }
    }
}

fn parse_offset(zone: &str) -> Option<FixedOffset> {
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let digits: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
    let hours: i32 = digits.get(0..2)?.parse().ok()?;
    let minutes: i32 = digits.get(2..4).map_or(Some(0), |m| m.parse().ok())?;
    if minutes >= 60 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str) -> String {
        PostDate::parse(text).unwrap().to_iso()
    }

    #[test]
    fn the_forms_jekyll_accepts() {
        assert_eq!(
            iso("2024-08-08 22:44:26 -0700"),
            "2024-08-08T22:44:26-07:00"
        );
        assert_eq!(
            iso("2022-01-22 07:50:57 +0800"),
            "2022-01-22T07:50:57+08:00"
        );
        assert_eq!(
            iso("2018-12-18T15:41:53+00:00"),
            "2018-12-18T15:41:53+00:00"
        );
        assert_eq!(iso("2019-10-15T03:10:47.000Z"), "2019-10-15T03:10:47+00:00");
        assert_eq!(
            iso("2019-10-15T03:10:47.25Z"),
            "2019-10-15T03:10:47.250+00:00"
        );
        assert_eq!(iso("2018-06-03"), "2018-06-03T00:00:00");
        assert_eq!(iso("2018-06-03 23:30"), "2018-06-03T23:30:00");
        assert_eq!(iso("2019-05-03 12:00 +0800"), "2019-05-03T12:00:00+08:00");
        assert_eq!(iso("2014-10-1 12:00:00"), "2014-10-01T12:00:00");
        assert_eq!(iso("2018-02-24  +0800"), "2018-02-24T00:00:00+08:00");
        assert_eq!(
            iso("2023-01-29 18:30:22 2023 -0800"),
            "2023-01-29T18:30:22-08:00"
        );
        assert_eq!(
            iso("2010-01-10 13:07:09 +00:00"),
            "2010-01-10T13:07:09+00:00"
        );
        assert_eq!(iso("2019-2-06"), "2019-02-06T00:00:00");
    }

    #[test]
    fn the_day_is_the_written_day_and_the_instant_is_utc() {
        let d = PostDate::parse("2024-08-08 22:44:26 -0700").unwrap();
        assert_eq!(d.day().to_string(), "2024-08-08");
        assert_eq!(d.instant().to_rfc3339(), "2024-08-09T05:44:26+00:00");
    }

    #[test]
    fn unreadable_dates_are_errors() {
        for bad in [
            "",
            " +0800",
            "2021-02-30",
            "2021-01-01 25:00",
            "yesterday",
            "2021-01-01 +2500",
            "２０２０-01-01",
            "2020-０1-01",
        ] {
            assert!(PostDate::parse(bad).is_err(), "{bad:?}");
        }
    }
}
