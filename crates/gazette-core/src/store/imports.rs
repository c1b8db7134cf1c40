//! Queries on the `imports` table: one row per import batch.

use rusqlite::params;

use super::{now, Store, Writer};
use crate::error::Result;

/// What an import batch did, as recorded when it finishes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchCounts {
    /// Posts added.
    pub imported: u64,
    /// Posts whose file had changed.
    pub updated: u64,
    /// Files already in the archive with the same bytes.
    pub unchanged: u64,
    /// Files that could not be imported.
    pub failed: u64,
    /// The user stopped the batch before the end.
    pub cancelled: bool,
}

impl Store {
    /// Records the start of an import batch and returns its id.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn start_batch(&mut self) -> Result<i64> {
        self.conn
            .execute("INSERT INTO imports (started_at) VALUES (?1)", [now()])?;
        Ok(self.conn.last_insert_rowid())
    }
}

impl Writer<'_> {
    /// Records a batch's counts so far; `finished` also stamps its end.
    ///
    /// # Errors
    /// [`crate::Error::Database`].
    pub fn record_batch(&self, id: i64, counts: &BatchCounts, finished: bool) -> Result<()> {
        self.tx.execute(
            "UPDATE imports SET imported = ?2, updated = ?3, unchanged = ?4, failed = ?5,
                cancelled = ?6, finished_at = CASE WHEN ?7 THEN ?8 ELSE finished_at END
             WHERE id = ?1",
            params![
                id,
                counts.imported as i64,
                counts.updated as i64,
                counts.unchanged as i64,
                counts.failed as i64,
                counts.cancelled,
                finished,
                now()
            ],
        )?;
        Ok(())
    }
}
