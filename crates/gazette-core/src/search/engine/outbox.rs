//! Keeping the outbox bounded without losing a row an index needs.
//!
//! Who needs which rows:
//! - the index in place needs the rows after the sequence number of its
//!   last commit (its payload);
//! - a build in progress (in this process or another) needs the rows after
//!   the head it read when it started. It holds the *build lock*, an
//!   advisory lock (`flock`) on `<archive>.search.lock`, from before it
//!   reads that head until its index is in place and caught up; the kernel
//!   drops the lock when the process dies, so a killed build blocks nothing.
//!
//! So a trim first reads the head, then takes the build lock (without
//! waiting: a build is running, nothing is trimmed), then reads what the
//! index in place applied. A build that starts after the lock was taken
//! reads a head at least as new, so it needs none of the rows trimmed. When
//! there is no usable index, or it is more than [`TRIM_BACKLOG`] rows (or
//! one row per post, if more) behind, replaying would cost more than a
//! rebuild: every row up to the head is deleted and the outbox's floor
//! raised ([`Store::trim_outbox`]), which marks that index stale (it is
//! rebuilt; searches use the FTS5 index meanwhile). Otherwise only the rows
//! it applied are deleted.

use std::fs::File;

use fs4::fs_std::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::{committed, index_dir, Engine};
use crate::error::{Error, Result};
use crate::store::Store;

/// The backlog (rows behind the head) up to which the index in place is
/// kept and caught up by replaying; beyond it and beyond one row per post,
/// the index is dropped and rebuilt instead.
pub const TRIM_BACKLOG: i64 = 10_000;

/// The build lock's file: `<archive>.search.lock` beside the archive.
pub fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".search.lock");
    PathBuf::from(name)
}

/// The build lock, held while it lives (see the module docs).
#[derive(Debug)]
pub(super) struct BuildLock {
    _file: File,
}

impl BuildLock {
    /// Takes the lock if no build holds it, else `None`.
    pub(super) fn try_take(db: &Path) -> Result<Option<BuildLock>> {
        let path = lock_path(db);
        let io = |source| Error::Io {
            path: path.clone(),
            source,
        };
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io)?;
        match FileExt::try_lock_exclusive(&file) {
            Ok(true) => Ok(Some(BuildLock { _file: file })),
            Ok(false) => Ok(None),
            Err(e) => Err(io(e)),
        }
    }

    /// Takes the lock, waiting for a build that holds it to end; `None`
    /// when `cancel` is set meanwhile.
    pub(super) fn take(db: &Path, cancel: &AtomicBool) -> Result<Option<BuildLock>> {
        loop {
            if let Some(lock) = BuildLock::try_take(db)? {
                return Ok(Some(lock));
            }
            if cancel.load(Ordering::Relaxed) {
                return Ok(None);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// What [`Engine::trim_outbox`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trim {
    /// The outbox was empty.
    Empty,
    /// A build is running: nothing was deleted.
    BuildRunning,
    /// The rows the index in place applied were deleted (how many).
    Applied(u64),
    /// There is no usable index, or it was too far behind: every row up to
    /// the head was deleted (how many), the index is stale.
    All(u64),
}

impl Engine {
    /// Deletes the outbox rows that neither the index in place nor a build
    /// in progress needs (see the module docs). Cheap when the outbox is
    /// empty (one query); otherwise reads the index's `meta.json`.
    ///
    /// # Errors
    /// [`Error::Io`] when the lock file cannot be opened, database failures.
    pub fn trim_outbox(store: &mut Store) -> Result<Trim> {
        if !store.outbox_has_after(0)? {
            return Ok(Trim::Empty);
        }
        let head = store.outbox_head()?;
        let db = store.path().to_path_buf();
        let Some(_lock) = BuildLock::try_take(&db)? else {
            return Ok(Trim::BuildRunning);
        };
        let applied = committed(&index_dir(&db))
            .map(|p| p.seq)
            .filter(|&a| a >= store.outbox_floor().unwrap_or(0));
        if let Some(a) = applied {
            let behind = head - a;
            if behind <= TRIM_BACKLOG || behind <= i64::from(store.indexed_posts()?) {
                // The count comes from the DELETE itself: another process
                // may add rows meanwhile (the app while `gazette` runs).
                return Ok(Trim::Applied(store.prune_outbox(a)?));
            }
        }
        Ok(Trim::All(store.trim_outbox(head)?))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::Archive;

    /// Adds `n` outbox rows naming post `id`, through another connection.
    fn note(db: &Path, id: i64, n: usize) {
        let mut conn = rusqlite::Connection::open(db).unwrap();
        let tx = conn.transaction().unwrap();
        for _ in 0..n {
            tx.execute("INSERT INTO search_outbox (post_id) VALUES (?1)", [id])
                .unwrap();
        }
        tx.commit().unwrap();
    }

    /// A backlog up to the bound is kept for the index (it is replayed);
    /// past it, everything goes and the index is stale, then rebuilt.
    #[test]
    fn an_index_too_far_behind_is_dropped_not_replayed() {
        let dir = tempfile::tempdir().unwrap();
        let posts = dir.path().join("posts");
        std::fs::create_dir(&posts).unwrap();
        std::fs::write(posts.join("a.md"), "---\ntitle: 周末\n---\n赣州。\n").unwrap();
        let db = dir.path().join("a.db");
        let mut archive = Archive::open(&db).unwrap();
        archive
            .import(&[posts], &mut |_| {}, &AtomicBool::new(false))
            .unwrap();
        assert!(archive
            .build_search_index(&mut |_| {}, &AtomicBool::new(false))
            .unwrap());
        let id = archive.list(&Default::default()).unwrap().items[0].id;
        note(&db, id, TRIM_BACKLOG as usize);
        assert_eq!(
            Engine::trim_outbox(&mut archive.store).unwrap(),
            Trim::Applied(0)
        );
        assert_eq!(archive.store.outbox_len().unwrap(), TRIM_BACKLOG as u64);
        // While a build holds the lock, nothing goes.
        note(&db, id, 1);
        let held = BuildLock::try_take(&db).unwrap().unwrap();
        assert!(BuildLock::try_take(&db).unwrap().is_none());
        assert_eq!(
            Engine::trim_outbox(&mut archive.store).unwrap(),
            Trim::BuildRunning
        );
        drop(held);
        let rows = TRIM_BACKLOG as u64 + 1;
        assert_eq!(
            Engine::trim_outbox(&mut archive.store).unwrap(),
            Trim::All(rows)
        );
        assert_eq!(archive.store.outbox_len().unwrap(), 0);
        assert!(Engine::open(&db)
            .unwrap()
            .unwrap()
            .is_stale(&archive.store)
            .unwrap());
        assert_eq!(archive.search_index_status().unwrap(), None);
        assert!(archive
            .build_search_index(&mut |_| {}, &AtomicBool::new(false))
            .unwrap());
        assert!(archive.check_search_index().unwrap().unwrap().is_exact());
    }
}
