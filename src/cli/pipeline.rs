//! Many files on all cores, results in input order. A producer thread reads the inputs
//! and hands out jobs, worker threads analyse them, and the calling thread emits the
//! results strictly in order. The producer may run at most a window of jobs ahead of
//! what has been emitted, so memory stays flat however many files or records there
//! are, and a slow stream (NDJSON on standard input) has each result written as soon as
//! it and everything before it are ready. The output never depends on thread timing.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};

use anyhow::{anyhow, Result};

/// Jobs in flight per worker: enough to keep every core busy when files vary in size.
pub const WINDOW_PER_THREAD: usize = 4;

/// The number of workers for `--threads` (0 or none: one per core).
pub fn threads(requested: Option<usize>) -> usize {
    match requested {
        Some(n) if n > 0 => n,
        _ => std::thread::available_parallelism().map_or(1, |n| n.get()),
    }
}

/// Runs `work` on every item of the iterator `make` builds (on the producer thread)
/// with `threads` workers, and passes each result to `emit` in the items' order. Stops
/// early (after the jobs in flight) when `emit` fails.
pub fn ordered<I, T, R>(
    make: impl FnOnce() -> I + Send,
    threads: usize,
    work: impl Fn(T) -> R + Sync,
    mut emit: impl FnMut(R) -> Result<()>,
) -> Result<()>
where
    I: Iterator<Item = T>,
    T: Send,
    R: Send,
{
    if threads <= 1 {
        // One file (the pre-send case) or one thread: no threads to start.
        return make().try_for_each(|item| emit(work(item)));
    }
    let window = threads * WINDOW_PER_THREAD;
    let stop = AtomicBool::new(false);
    let (job_tx, job_rx) = mpsc::sync_channel::<(usize, T)>(window);
    let job_rx = Mutex::new(job_rx);
    let (done_tx, done_rx) = mpsc::channel::<(usize, Option<R>)>();
    let (token_tx, token_rx) = mpsc::channel::<()>();
    std::thread::scope(|scope| {
        let stop = &stop;
        scope.spawn(move || produce(make(), window, job_tx, token_rx, stop));
        for _ in 0..threads {
            let (job_rx, done_tx, work) = (&job_rx, done_tx.clone(), &work);
            scope.spawn(move || loop {
                let job = job_rx.lock().map_err(|_| ()).and_then(|rx| rx.recv().map_err(|_| ()));
                let Ok((i, item)) = job else { break };
                // A panic in one file must not hang the run: it becomes a missing result.
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
        let outcome = collect(done_rx, token_tx, &mut emit);
        if outcome.is_err() {
            stop.store(true, Ordering::Relaxed);
        }
        outcome
    })
}

/// The producer: numbers the items and sends them. Beyond the window it waits for a
/// token from the emitter before it even reads the next item.
fn produce<T>(
    mut items: impl Iterator<Item = T>,
    window: usize,
    jobs: mpsc::SyncSender<(usize, T)>,
    tokens: mpsc::Receiver<()>,
    stop: &AtomicBool,
) {
    for i in 0.. {
        if (i >= window && tokens.recv().is_err()) || stop.load(Ordering::Relaxed) {
            return;
        }
        let Some(item) = items.next() else { return };
        if jobs.send((i, item)).is_err() {
            return;
        }
    }
}

/// The emitter: results in order, a token back to the producer for each.
fn collect<R>(
    done: mpsc::Receiver<(usize, Option<R>)>,
    tokens: mpsc::Sender<()>,
    emit: &mut impl FnMut(R) -> Result<()>,
) -> Result<()> {
    let mut next = 0usize;
    let mut pending: BTreeMap<usize, Option<R>> = BTreeMap::new();
    for (i, r) in done.iter() {
        pending.insert(i, r);
        while let Some(r) = pending.remove(&next) {
            next += 1;
            emit(r.ok_or_else(|| anyhow!("internal error: the analysis of one input panicked"))?)?;
            let _ = tokens.send(());
        }
    }
    Ok(())
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
            || items.iter().copied(),
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
        let max = std::sync::atomic::AtomicUsize::new(0);
        let produced = std::sync::atomic::AtomicUsize::new(0);
        let emitted = std::sync::atomic::AtomicUsize::new(0);
        let items = || {
            (0..500).inspect(|_| {
                let now = produced.fetch_add(1, Ordering::SeqCst) + 1 - emitted.load(Ordering::SeqCst);
                max.fetch_max(now, Ordering::SeqCst);
            })
        };
        ordered(
            items,
            3,
            |i: usize| i,
            |_| {
                emitted.fetch_add(1, Ordering::SeqCst);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(emitted.load(Ordering::SeqCst), 500);
        assert!(max.load(Ordering::Relaxed) <= 3 * WINDOW_PER_THREAD, "{}", max.load(Ordering::Relaxed));
    }

    #[test]
    fn an_emit_error_stops_the_run() {
        let mut n = 0;
        let r = ordered(
            || 0..10_000,
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
        let r = ordered(|| 0..50, 2, |i| if i == 7 { panic!("boom") } else { i }, |_| Ok(()));
        assert!(r.unwrap_err().to_string().contains("panicked"));
    }
}
