//! The facade's methods on the archive as a whole: the timeline (posts per
//! month or year) and the tags and categories manager (every name with its
//! count; rename, merge and delete as one undoable bulk operation).

use serde::{Deserialize, Serialize};

use super::{Archive, SearchError};
use crate::editing::{self, BulkAction, BulkReport};
use crate::error::{Error, Result};
use crate::search;
use crate::store::{NameCount, NameKind, Timeline, TimelineBy};

/// A change to tags or categories over every post that has them, for
/// [`Archive::edit_names`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "edit", rename_all = "snake_case")]
pub enum NameEdit {
    /// Rename `from` (one name: a rename; several: a merge) to `to`.
    Merge {
        /// The names as they are.
        from: Vec<String>,
        /// The name they become (may be one of `from`, or one in use).
        to: String,
    },
    /// Remove these names from every post's front matter.
    Delete {
        /// The names.
        names: Vec<String>,
    },
}

impl NameEdit {
    /// The names whose posts the edit touches.
    fn names(&self) -> &[String] {
        match self {
            NameEdit::Merge { from, .. } => from,
            NameEdit::Delete { names } => names,
        }
    }

    /// The bulk action that makes this edit on one post.
    fn action(&self, kind: NameKind) -> BulkAction {
        match (self.clone(), kind) {
            (NameEdit::Merge { from, to }, NameKind::Tag) => BulkAction::MergeTags { from, to },
            (NameEdit::Merge { from, to }, NameKind::Category) => {
                BulkAction::MergeCategories { from, to }
            }
            (NameEdit::Delete { names }, NameKind::Tag) => BulkAction::RemoveTags { tags: names },
            (NameEdit::Delete { names }, NameKind::Category) => {
                BulkAction::RemoveCategories { categories: names }
            }
        }
    }
}

/// Checks a month bound of a list (`YYYY-MM`, or `YYYY`, which means its
/// January as `from` and its December as `to`) and returns it as `YYYY-MM`.
fn month_bound(value: &str, end: bool) -> Result<String> {
    let bad = || Error::BadRequest(format!("`{value}` is not a month: write YYYY-MM or YYYY"));
    let (year, month) = match value.split_once('-') {
        Some((y, m)) => (y, m.parse::<u32>().map_err(|_| bad())?),
        None => (value, if end { 12 } else { 1 }),
    };
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) || !(1..=12).contains(&month) {
        return Err(bad());
    }
    Ok(format!("{year}-{month:02}"))
}

impl Archive {
    /// Posts per month or year (of each post's date in its own offset, the
    /// rule of the year filter) among the posts a search query matches; ""
    /// counts every post (see [`crate::store::Store::timeline`]). A query's
    /// timeline is counted by the derived index when it answers the query
    /// (see [`Archive::search`]), with the same result.
    ///
    /// # Errors
    /// As [`Archive::search`].
    pub fn timeline(&self, query: &str, by: TimelineBy) -> Result<Timeline, SearchError> {
        let parsed = search::parse(query)?;
        let compiled = search::compile(&parsed)?;
        // The whole archive's timeline stays SQL (its index counts it).
        if !parsed.clauses.is_empty() {
            if let Some(timeline) = self.engine_timeline(&parsed, by)? {
                return Ok(timeline);
            }
        }
        Ok(self.store.timeline(&compiled, by)?)
    }

    /// Every tag or category with its post count, most used first.
    ///
    /// # Errors
    /// Database failures.
    pub fn names(&self, kind: NameKind) -> Result<Vec<NameCount>> {
        self.store.name_counts(kind)
    }

    /// Renames, merges or deletes tags or categories in every post that
    /// has them, as one undoable operation through the bulk engine (each
    /// post's other lines are kept byte for byte); `dry_run` only reports
    /// which posts would change. A category a post takes from its folders
    /// (Jekyll's path categories) is not in its front matter and stays.
    ///
    /// # Errors
    /// [`Error::BadRequest`] for no names, an empty name or one spanning
    /// lines; database failures. Posts that cannot be changed are listed
    /// in the report.
    pub fn edit_names(
        &mut self,
        kind: NameKind,
        edit: &NameEdit,
        dry_run: bool,
    ) -> Result<BulkReport> {
        let ids = self.store.posts_with_names(kind, edit.names())?;
        editing::bulk(&mut self.store, &ids, &edit.action(kind), dry_run)
    }

    /// Checks and normalises the month range of a list query (see
    /// [`crate::store::ListQuery::from`]).
    pub(super) fn checked_months(
        query: &crate::store::ListQuery,
    ) -> Result<crate::store::ListQuery> {
        let mut q = query.clone();
        q.from = q
            .from
            .as_deref()
            .map(|m| month_bound(m, false))
            .transpose()?;
        q.to = q.to.as_deref().map(|m| month_bound(m, true)).transpose()?;
        Ok(q)
    }
}

#[cfg(test)]
mod tests {
    use super::month_bound;

    #[test]
    fn month_bounds_take_months_and_years() {
        assert_eq!(month_bound("2022-3", false).unwrap(), "2022-03");
        assert_eq!(month_bound("2022-12", true).unwrap(), "2022-12");
        assert_eq!(month_bound("2022", false).unwrap(), "2022-01");
        assert_eq!(month_bound("2022", true).unwrap(), "2022-12");
        for bad in ["22-01", "2022-13", "2022-00", "x", "2022-ab", ""] {
            assert!(month_bound(bad, false).is_err(), "{bad}");
        }
    }
}
