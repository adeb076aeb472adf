//! Many files on all cores, results in input order. The main thread feeds a bounded
//! window of jobs to worker threads and emits results strictly in order, holding at
//! most the window's worth of finished results while an earlier one is still being
//! analysed: memory stays flat however many files there are, and the output never
//! depends on thread timing.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};

use anyhow::{anyhow, Result};

/// Jobs in flight per worker: enough to keep every core busy when files vary in size.
const WINDOW_PER_THREAD: usize = 4;

/// The number of workers for `--threads` (0 or none: one per core).
pub fn threads(requested: Option<usize>) -> usize {
    match requested {
        Some(n) if n > 0 => n,
        _ => std::thread::available_parallelism().map_or(1, |n| n.get()),
    }
}

/// Runs `work` on every item with `threads` workers and passes each result to `emit`
/// in the items' order. Stops early (after the jobs in flight) when `emit` fails.
pub fn ordered<T, R>(
    items: impl Iterator<Item = T>,
    threads: usize,
    work: impl Fn(T) -> R + Sync,
    mut emit: impl FnMut(R) -> Result<()>,
) -> Result<()>
where
    T: Send,
    R: Send,
{
    let mut items = items.peekable();
    let Some(first) = items.next() else { return Ok(()) };
    if threads <= 1 || items.peek().is_none() {
        // One file (the pre-send case) or one thread: no threads to start.
        for item in std::iter::once(first).chain(items) {
            emit(work(item))?;
        }
        return Ok(());
    }
    let window = threads * WINDOW_PER_THREAD;
    let stop = AtomicBool::new(false);
    let (job_tx, job_rx) = mpsc::sync_channel::<(usize, T)>(window);
    let job_rx = Mutex::new(job_rx);
    let (done_tx, done_rx) = mpsc::channel::<(usize, Option<R>)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let (job_rx, done_tx, work, stop) = (&job_rx, done_tx.clone(), &work, &stop);
            scope.spawn(move || loop {
                let job = job_rx.lock().map_err(|_| ()).and_then(|rx| rx.recv().map_err(|_| ()));
                let Ok((i, item)) = job else { break };
                // A panic in one file must not hang the run: report it as a missing result.
                let result = if stop.load(Ordering::Relaxed) {
                    None
                } else {
                    catch_unwind(AssertUnwindSafe(|| work(item))).ok()
                };
                if done_tx.send((i, result)).is_err() {
                    break;
                }
            });
        }
        drop(done_tx);
        let outcome = feed(std::iter::once(first).chain(items), window, &job_tx, &done_rx, &mut emit);
        if outcome.is_err() {
            stop.store(true, Ordering::Relaxed);
        }
        drop(job_tx);
        outcome
    })
}

/// The main thread's loop: keep the window full, emit results in order.
fn feed<T, R>(
    mut items: impl Iterator<Item = T>,
    window: usize,
    jobs: &mpsc::SyncSender<(usize, T)>,
    done: &mpsc::Receiver<(usize, Option<R>)>,
    emit: &mut impl FnMut(R) -> Result<()>,
) -> Result<()> {
    let (mut sent, mut emitted) = (0usize, 0usize);
    let mut pending: BTreeMap<usize, Option<R>> = BTreeMap::new();
    loop {
        while sent - emitted < window {
            let Some(item) = items.next() else { break };
            jobs.send((sent, item)).map_err(|_| anyhow!("the analysis threads stopped"))?;
            sent += 1;
        }
        if emitted == sent {
            return Ok(());
        }
        let (i, r) = done.recv().map_err(|_| anyhow!("the analysis threads stopped"))?;
        pending.insert(i, r);
        while let Some(r) = pending.remove(&emitted) {
            emitted += 1;
            emit(r.ok_or_else(|| anyhow!("internal error: the analysis of one file panicked"))?)?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn results_come_out_in_input_order_whatever_the_timing() {
        let items: Vec<u64> = (0..200).collect();
        let mut got = vec![];
        ordered(
            items.iter().copied(),
            4,
            |i| {
                // Early items take longest, so they finish last.
                std::thread::sleep(Duration::from_micros((200 - i) * 20));
                i * 2
            },
            |r| {
                got.push(r);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(got, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn never_holds_more_than_the_window() {
        let in_flight = std::sync::atomic::AtomicUsize::new(0);
        let max = std::sync::atomic::AtomicUsize::new(0);
        let produced = std::cell::Cell::new(0usize);
        let emitted = std::cell::Cell::new(0usize);
        let items = (0..500).inspect(|_| {
            produced.set(produced.get() + 1);
            let now = produced.get() - emitted.get();
            max.fetch_max(now, Ordering::Relaxed);
        });
        ordered(
            items,
            3,
            |i: usize| {
                in_flight.fetch_add(1, Ordering::Relaxed);
                in_flight.fetch_sub(1, Ordering::Relaxed);
                i
            },
            |_| {
                emitted.set(emitted.get() + 1);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(emitted.get(), 500);
        assert!(max.load(Ordering::Relaxed) <= 3 * WINDOW_PER_THREAD, "{}", max.load(Ordering::Relaxed));
    }

    #[test]
    fn an_emit_error_stops_the_run() {
        let mut n = 0;
        let r = ordered(
            0..10_000,
            2,
            |i| i,
            |_| {
                n += 1;
                if n == 3 {
                    Err(anyhow!("broken pipe"))
                } else {
                    Ok(())
                }
            },
        );
        assert!(r.is_err());
        assert_eq!(n, 3);
    }

    #[test]
    fn a_panicking_job_is_an_error_not_a_hang() {
        let r = ordered(0..50, 2, |i| if i == 7 { panic!("boom") } else { i }, |_| Ok(()));
        assert!(r.unwrap_err().to_string().contains("panicked"));
    }
}
