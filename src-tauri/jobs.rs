//! Background jobs (export, publish): one of each kind at a time, run on a
//! blocking thread with a cancel flag, ending with a callback that emits the
//! job's final event.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LockResult, Mutex, MutexGuard};

use tauri::AppHandle;

use crate::error::{AppError, CmdResult};

/// Where a kind of job keeps the cancel flag of its running job; `None`
/// when none runs. The app state holds one per kind, shared (`Arc`) with
/// the job's thread, which frees it when the job ends.
#[derive(Default)]
pub struct JobSlot(Mutex<Option<Arc<AtomicBool>>>);

impl JobSlot {
    /// The slot's cancel flag, locked (for a job that runs its own loop,
    /// as search indexing does).
    pub fn lock(&self) -> LockResult<MutexGuard<'_, Option<Arc<AtomicBool>>>> {
        self.0.lock()
    }
}

/// Claims `slot` (refused with `busy` while a job of that kind runs), runs
/// `work` on a blocking thread with the cancel flag, frees the slot, then
/// hands the result to `finish`.
pub fn spawn<R: Send + 'static>(
    app: AppHandle,
    slot: Arc<JobSlot>,
    kind: &'static str,
    work: impl FnOnce(&AtomicBool) -> Result<R, AppError> + Send + 'static,
    finish: impl FnOnce(&AppHandle, Result<R, AppError>) + Send + 'static,
) -> CmdResult<()> {
    let cancel = Arc::new(AtomicBool::new(false));
    {
        let mut running = slot
            .lock()
            .map_err(|_| AppError::new("busy", format!("{kind} lock poisoned")))?;
        if running.is_some() {
            return Err(AppError::new("busy", format!("{kind} is already running")));
        }
        *running = Some(cancel.clone());
    }
    tauri::async_runtime::spawn_blocking(move || {
        let result = work(&cancel);
        {
            let freed = slot.lock().map(|mut running| *running = None);
            drop(freed);
        }
        finish(&app, result);
    });
    Ok(())
}

/// Asks the running job in `slot`, if any, to stop at its next check.
pub fn cancel(slot: &JobSlot) -> CmdResult<()> {
    if let Some(flag) = slot
        .lock()
        .map_err(|_| AppError::new("busy", "job lock poisoned"))?
        .as_ref()
    {
        flag.store(true, Ordering::Relaxed);
    }
    Ok(())
}
