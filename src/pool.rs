//! An ordered parallel map (the scan's blocks, a large transcript's lines): jobs made one
//! at a time on the calling thread, worked on by a few threads, their results handed back
//! on the calling thread in job order. The caller keeps making jobs and taking results while the threads work, so no
//! thread waits for a round of jobs to end (rounds left a core idle while the caller
//! joined them and prepared the next), and at most `window` jobs are out at once, so
//! memory stays bounded however many jobs there are.

use std::collections::VecDeque;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;
use std::sync::{Mutex, PoisonError};

/// Below this many bytes a text's work stays on one thread (the scan, reading a
/// transcript's lines): starting threads costs more than it saves.
pub const PARALLEL_MIN_BYTES: usize = 1 << 20;

/// Runs `work` over `jobs` on `threads` threads, each with its own `state`, and passes
/// the results to `sink` in the order of `jobs`. A panic in `work` is raised again on
/// the calling thread once the other threads have stopped; it never leaves one waiting.
pub fn ordered<J, R, S>(
    threads: usize,
    window: usize,
    jobs: impl Iterator<Item = J>,
    state: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, J) -> R + Sync,
    mut sink: impl FnMut(R),
) where
    J: Send,
    R: Send,
{
    let window = window.max(1);
    let (job_tx, job_rx) = mpsc::sync_channel::<(usize, J)>(threads);
    let (done_tx, done_rx) = mpsc::channel::<(usize, std::thread::Result<R>)>();
    let job_rx = Mutex::new(job_rx);
    let outcome = std::thread::scope(|s| {
        // Moved in, so a panic in `sink` drops the sender and the threads stop before
        // the scope waits for them.
        let job_tx = job_tx;
        for _ in 0..threads.max(1) {
            let (job_rx, done_tx, state, work) = (&job_rx, done_tx.clone(), &state, &work);
            s.spawn(move || {
                let mut mine = state();
                loop {
                    let job = job_rx.lock().unwrap_or_else(PoisonError::into_inner).recv();
                    let Ok((i, job)) = job else { break };
                    let result = panic::catch_unwind(AssertUnwindSafe(|| work(&mut mine, job)));
                    if done_tx.send((i, result)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        let mut jobs = jobs.fuse();
        // Results that came back before an earlier job's, by job number from `next`.
        let mut waiting: VecDeque<Option<R>> = VecDeque::new();
        let (mut sent, mut next) = (0, 0);
        loop {
            while sent - next < window {
                let Some(job) = jobs.next() else { break };
                if job_tx.send((sent, job)).is_err() {
                    break;
                }
                sent += 1;
            }
            if next == sent {
                return Ok(());
            }
            let Ok((i, result)) = done_rx.recv() else { return Ok(()) };
            let result = result?;
            let slot = i - next;
            if waiting.len() <= slot {
                waiting.resize_with(slot + 1, || None);
            }
            waiting[slot] = Some(result);
            while let Some(Some(_)) = waiting.front() {
                if let Some(Some(r)) = waiting.pop_front() {
                    sink(r);
                }
                next += 1;
            }
        }
    });
    if let Err(payload) = outcome {
        panic::resume_unwind(payload);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_job_order_whatever_order_the_threads_finish_in() {
        let mut got = vec![];
        let jobs = (0..200u64).map(|i| (i, (i * 7919) % 13));
        let work = |_: &mut (), (i, delay): (u64, u64)| {
            std::thread::sleep(std::time::Duration::from_micros(delay * 50));
            i * 2
        };
        ordered(3, 5, jobs, || (), work, |r| got.push(r));
        assert_eq!(got, (0..200).map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn no_more_than_the_window_is_out_at_once() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let made = AtomicUsize::new(0);
        let mut most_ahead = 0;
        let mut taken = 0;
        let jobs = (0..100).inspect(|_| {
            made.fetch_add(1, Ordering::SeqCst);
        });
        let sink = |_: usize| {
            taken += 1;
            most_ahead = most_ahead.max(made.load(Ordering::SeqCst) - taken);
        };
        ordered(2, 4, jobs, || (), |_: &mut (), i: usize| i, sink);
        assert_eq!(taken, 100);
        assert!(most_ahead < 4, "{most_ahead} jobs were out beyond the one just taken");
    }

    #[test]
    fn a_panicking_job_panics_the_caller_and_leaves_no_thread_waiting() {
        let result = panic::catch_unwind(|| {
            let work = |_: &mut (), i: u32| {
                assert_ne!(i, 17, "job 17 fails");
                i
            };
            ordered(2, 4, 0..1000u32, || (), work, |_| {});
        });
        assert!(result.is_err());
    }

    #[test]
    fn each_thread_keeps_its_state_from_job_to_job() {
        let mut total = 0;
        let work = |seen: &mut Vec<u32>, i: u32| {
            seen.push(i);
            seen.len()
        };
        ordered(1, 3, 0..10u32, Vec::new, work, |n| total = n);
        assert_eq!(total, 10);
    }
}
