//! This process's memory per phase of a benchmark (Linux `/proc/self/status`),
//! split the way the kernel counts it: `RssAnon` (heap, stacks: memory the
//! process owns) and `RssFile` (pages of mapped files: the SQLite database
//! and the tantivy index files tantivy maps, which the kernel can drop and
//! read again), plus `VmHWM`, the peak of their sum. The kernel keeps no
//! peak per kind, so a thread samples both every 10 ms.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Peaks of one phase, in MiB (0 off Linux).
#[derive(Debug, Clone, Copy, Default)]
pub struct Peaks {
    /// Peak of `RssAnon` (sampled).
    pub anon: f64,
    /// Peak of `RssFile` (sampled).
    pub file: f64,
    /// The kernel's peak resident set (`VmHWM`, exact).
    pub hwm: f64,
}

impl std::fmt::Display for Peaks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:.0} MiB (anonymous {:.0}, file-backed {:.0})",
            self.hwm, self.anon, self.file
        )
    }
}

/// `(RssAnon, RssFile, VmHWM)` now, in KiB.
pub fn now_kib() -> (u64, u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let get = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (get("RssAnon:"), get("RssFile:"), get("VmHWM:"))
}

/// Samples the peaks from [`Phase::start`] to [`Phase::stop`].
pub struct Phase {
    stop: Arc<AtomicBool>,
    anon: Arc<AtomicU64>,
    file: Arc<AtomicU64>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Phase {
    /// Resets the kernel's peak (`clear_refs` 5) and starts sampling.
    pub fn start() -> Phase {
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        let stop = Arc::new(AtomicBool::new(false));
        let anon = Arc::new(AtomicU64::new(0));
        let file = Arc::new(AtomicU64::new(0));
        let thread = {
            let (stop, anon, file) = (stop.clone(), anon.clone(), file.clone());
            std::thread::spawn(move || loop {
                let (a, f, _) = now_kib();
                anon.fetch_max(a, Ordering::Relaxed);
                file.fetch_max(f, Ordering::Relaxed);
                if stop.load(Ordering::Relaxed) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(10));
            })
        };
        Phase {
            stop,
            anon,
            file,
            thread: Some(thread),
        }
    }

    /// Stops sampling; the phase's peaks.
    pub fn stop(mut self) -> Peaks {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        let (_, _, hwm) = now_kib();
        let mib = |kib: u64| kib as f64 / 1024.0;
        Peaks {
            anon: mib(self.anon.load(Ordering::Relaxed)),
            file: mib(self.file.load(Ordering::Relaxed)),
            hwm: mib(hwm),
        }
    }
}
