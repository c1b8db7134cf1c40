//! The queue between the import's reader thread and its writer: the reader
//! may run ahead by a number of bytes, not of files, so that it keeps
//! working while the writer commits (which writes a whole transaction's
//! search index at once) without holding a batch of large files in memory.

use std::sync::mpsc::{Receiver, SyncSender};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

/// How many bytes of read files the reader may hold ahead of the writer.
pub const MAX_BYTES_AHEAD: usize = 64 << 20;

/// How many files the reader may hold ahead of the writer.
pub const MAX_FILES_AHEAD: usize = 1024;

/// Bytes held in the queue, and whether the writer has gone.
#[derive(Default)]
struct Held {
    bytes: usize,
    closed: bool,
}

#[derive(Default)]
struct Budget {
    held: Mutex<Held>,
    freed: Condvar,
}

/// The reader's end.
pub struct Sender<T> {
    items: SyncSender<(T, usize)>,
    budget: Arc<Budget>,
}

/// The writer's end. Dropping it lets a waiting reader stop.
pub struct ReceiverEnd<T> {
    items: Receiver<(T, usize)>,
    budget: Arc<Budget>,
}

/// A queue holding at most [`MAX_FILES_AHEAD`] items and, beyond its
/// first item, at most [`MAX_BYTES_AHEAD`] bytes (a single larger item
/// still passes alone).
pub fn queue<T>() -> (Sender<T>, ReceiverEnd<T>) {
    let (items, receiver) = std::sync::mpsc::sync_channel(MAX_FILES_AHEAD);
    let budget = Arc::new(Budget::default());
    (
        Sender {
            items,
            budget: Arc::clone(&budget),
        },
        ReceiverEnd {
            items: receiver,
            budget,
        },
    )
}

impl<T> Sender<T> {
    /// Queues `item`, which holds `bytes` bytes, waiting while the queue is
    /// full. Returns false (and drops the item) when the writer has gone.
    pub fn send(&self, item: T, bytes: usize) -> bool {
        let mut held = self
            .budget
            .held
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        while !held.closed && held.bytes > 0 && held.bytes + bytes > MAX_BYTES_AHEAD {
            held = self
                .budget
                .freed
                .wait(held)
                .unwrap_or_else(PoisonError::into_inner);
        }
        if held.closed {
            return false;
        }
        held.bytes += bytes;
        drop(held);
        self.items.send((item, bytes)).is_ok()
    }
}

impl<T> Iterator for ReceiverEnd<T> {
    type Item = T;

    /// The next item, waiting for the reader; `None` once it has finished.
    fn next(&mut self) -> Option<T> {
        let (item, bytes) = self.items.recv().ok()?;
        let mut held = self
            .budget
            .held
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        held.bytes -= bytes;
        self.budget.freed.notify_one();
        Some(item)
    }
}

impl<T> Drop for ReceiverEnd<T> {
    fn drop(&mut self) {
        let mut held = self
            .budget
            .held
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        held.closed = true;
        self.budget.freed.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_arrive_in_order_and_a_large_one_passes_alone() {
        let (sender, receiver) = queue::<usize>();
        let got = std::thread::scope(|s| {
            s.spawn(move || {
                for i in 0..3000 {
                    let bytes = if i == 10 {
                        MAX_BYTES_AHEAD * 2
                    } else {
                        1 << 16
                    };
                    assert!(sender.send(i, bytes));
                }
            });
            receiver.collect::<Vec<_>>()
        });
        assert_eq!(got, (0..3000).collect::<Vec<_>>());
    }

    #[test]
    fn a_waiting_reader_stops_when_the_writer_goes() {
        let (sender, mut receiver) = queue::<u32>();
        assert!(sender.send(1, MAX_BYTES_AHEAD));
        let reader = std::thread::spawn(move || sender.send(2, 1));
        assert_eq!(receiver.next(), Some(1));
        drop(receiver);
        // Either the item got in before the writer went, or the reader saw
        // it go; in neither case does it wait forever.
        reader.join().unwrap();
    }

    #[test]
    fn the_reader_waits_while_the_queue_is_full() {
        let (sender, mut receiver) = queue::<u32>();
        assert!(sender.send(1, MAX_BYTES_AHEAD));
        let sent = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = Arc::clone(&sent);
        let reader = std::thread::spawn(move || {
            let ok = sender.send(2, 1);
            flag.store(true, std::sync::atomic::Ordering::SeqCst);
            ok
        });
        std::thread::sleep(std::time::Duration::from_millis(100));
        assert!(!sent.load(std::sync::atomic::Ordering::SeqCst));
        assert_eq!(receiver.next(), Some(1));
        assert!(reader.join().unwrap());
        assert_eq!(receiver.next(), Some(2));
    }
}
