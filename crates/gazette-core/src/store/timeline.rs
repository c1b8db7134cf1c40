//! Posts per month or per year, for the timeline chart and `gazette
//! timeline`.
//!
//! A post's month is the first seven characters (`YYYY-MM`) of its date in
//! its own offset (`posts.date_local`), the same rule as the year filter and
//! the year counts (`posts.year` is the year of `date_local`): a post dated
//! `2022-01-01T01:00:00+08:00` is in January 2022 although that instant is
//! still December 2021 in UTC. The counts over the whole archive are the
//! ones migration 18 keeps as posts change (`post_counts`, kind `month`);
//! those of a query group its matching rows, by the expression migration
//! 16 indexes.

use rusqlite::params_from_iter;
use serde::{Deserialize, Serialize};

use super::query::Compiled;
use super::search::from_where;
use super::Store;
use crate::error::Result;

/// The size of a timeline bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum TimelineBy {
    /// Calendar months (`2022-03`).
    #[default]
    Month,
    /// Calendar years (`2022`).
    Year,
}

/// How many posts fall in one month or year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TimelineBucket {
    /// `YYYY-MM` for months, `YYYY` for years, in the post's own offset.
    pub period: String,
    /// Posts in it (never 0: empty periods are left out).
    pub posts: u32,
}

/// Posts per period among the posts a query matches. JSON contract of
/// `gazette timeline --json`: `{"by":"month","buckets":[{"period":"2022-03",
/// "posts":12}],"undated":3}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Timeline {
    /// The bucket size.
    pub by: TimelineBy,
    /// Periods with at least one post, oldest first.
    pub buckets: Vec<TimelineBucket>,
    /// Matching posts without a date (in no bucket).
    pub undated: u32,
}

impl Store {
    /// Counts the posts a compiled search matches (every post for an empty
    /// one) per month or year of their date in its own offset (see the
    /// module docs).
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn timeline(&self, q: &Compiled, by: TimelineBy) -> Result<Timeline> {
        let months = if q.matches_every_post() {
            self.months_of_archive()?
        } else {
            self.months_matching(q)?
        };
        let mut timeline = Timeline {
            by,
            buckets: Vec::new(),
            undated: 0,
        };
        for (month, posts) in months {
            let Some(month) = month else {
                timeline.undated += posts;
                continue;
            };
            let period = match by {
                TimelineBy::Month => month,
                TimelineBy::Year => month.chars().take(4).collect(),
            };
            match timeline.buckets.last_mut() {
                Some(last) if last.period == period => last.posts += posts,
                _ => timeline.buckets.push(TimelineBucket { period, posts }),
            }
        }
        Ok(timeline)
    }

    /// `(month, posts)` for the posts `q` matches, oldest first, with the
    /// undated posts as a `None` month first.
    fn months_matching(&self, q: &Compiled) -> Result<Vec<(Option<String>, u32)>> {
        let (from, args) = from_where(q);
        // The same expression as the index of migration 16, so that SQLite
        // counts from the index.
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT substr(posts.date_local, 1, 7) AS month, count(*) {from}
             GROUP BY month ORDER BY month"
        ))?;
        let rows = stmt.query_map(params_from_iter(&args), |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// As [`Store::months_matching`] for every post, from the counts
    /// migration 18 keeps: the undated are the posts in no month.
    fn months_of_archive(&self) -> Result<Vec<(Option<String>, u32)>> {
        // One statement (one snapshot) for the months and the total.
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, key, posts FROM post_counts WHERE kind IN ('month', 'posts')
             ORDER BY kind, key",
        )?;
        let mut rows = stmt.query([])?;
        let (mut months, mut total) = (Vec::new(), 0);
        while let Some(row) = rows.next()? {
            let (kind, key, n): (String, String, u32) = (row.get(0)?, row.get(1)?, row.get(2)?);
            if kind == "month" {
                months.push((Some(key), n));
            } else {
                total = n;
            }
        }
        let dated: u32 = months.iter().map(|(_, n)| n).sum();
        if total > dated {
            months.insert(0, (None, total - dated));
        }
        Ok(months)
    }
}
