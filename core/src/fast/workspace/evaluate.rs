//! Equals [`crate::book::backprop::mean_cost`] and a count of argmax hits within 1e-11, tested by
//! `fast::tests`; and the same bits for every thread count, tested by the evaluation tests.
//!
//! Evaluation: the mean cost and the number classified correctly over a whole data set, in
//! fixed chunks spread over the machine's cores, with the same bits for every thread count.

use super::Workspace;
use crate::book::Cost;
use crate::book::network::Network;
use crate::data::Samples;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Mean cost of `net` over `samples` and the number classified correctly (when the samples
/// have labels), computed in chunks of [`EVAL_CHUNK`] examples spread over the machine's cores
/// (see [`evaluate_with_threads`]).
pub fn evaluate(
    net: &Network,
    cost: Cost,
    samples: &Samples,
    ws: &mut Workspace,
) -> (f64, Option<usize>) {
    evaluate_with_threads(net, cost, samples, ws, eval_threads())
}

/// Threads [`evaluate`] uses: the cores this process may run on.
pub fn eval_threads() -> usize {
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get))
}

/// [`evaluate`] on at most `threads` threads. The examples are cut into fixed chunks of
/// [`EVAL_CHUNK`], which the threads take one at a time; each chunk's cost is summed on its own
/// and the chunks' sums are added in chunk order, so the result has the same bits for every
/// thread count and whichever thread measured a chunk.
pub fn evaluate_with_threads(
    net: &Network,
    cost: Cost,
    samples: &Samples,
    ws: &mut Workspace,
    threads: usize,
) -> (f64, Option<usize>) {
    let n = samples.len();
    if n == 0 {
        return (0.0, samples.labels.as_ref().map(|_| 0));
    }
    let chunks = eval_chunks(n);
    let threads = threads.clamp(1, chunks);
    // Each thread takes the next chunk nobody has taken, so a thread slowed by other work on
    // its core leaves more of them to the rest; each chunk is measured once.
    let next = AtomicUsize::new(0);
    let work = |ws: &mut Workspace| {
        let mut indices = Vec::with_capacity(EVAL_CHUNK.min(n));
        let mut measured = Vec::new();
        loop {
            let c = next.fetch_add(1, Ordering::Relaxed);
            if c >= chunks {
                return measured;
            }
            measured.push((c, evaluate_chunk(net, cost, samples, c, ws, &mut indices)));
        }
    };
    let measured = if threads == 1 {
        work(ws)
    } else {
        // The other threads' buffers live in `ws` too, so that they are reused next time.
        let mut helpers = std::mem::take(&mut ws.helpers);
        if helpers.len() < threads - 1 {
            helpers.resize_with(threads - 1, Workspace::default);
        }
        let measured = std::thread::scope(|scope| {
            let others: Vec<_> = helpers
                .iter_mut()
                .take(threads - 1)
                .map(|helper| scope.spawn(|| work(helper)))
                .collect();
            let mut measured = work(ws);
            for other in others {
                match other.join() {
                    Ok(theirs) => measured.extend(theirs),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            measured
        });
        ws.helpers = helpers;
        measured
    };
    let mut results = vec![(0.0, 0usize); chunks];
    for (c, result) in measured {
        results[c] = result;
    }
    chunk_total(&results, samples)
}

/// Chunks of [`EVAL_CHUNK`] examples in `n` examples (the last one may be short).
pub fn eval_chunks(n: usize) -> usize {
    n.div_ceil(EVAL_CHUNK)
}

/// The mean cost and correct count of `samples` from the cost sums and correct counts of all
/// its chunks, in chunk order: the chunks' sums are added one after another from 0, so the
/// result has the same bits whichever threads measured the chunks.
pub fn chunk_total(results: &[(f64, usize)], samples: &Samples) -> (f64, Option<usize>) {
    let n = samples.len();
    if n == 0 {
        return (0.0, samples.labels.as_ref().map(|_| 0));
    }
    let mut total = 0.0;
    let mut correct = 0;
    for &(sum, right) in results {
        total += sum;
        correct += right;
    }
    (total / n as f64, samples.labels.as_ref().map(|_| correct))
}

/// Examples per chunk of [`evaluate`].
pub const EVAL_CHUNK: usize = crate::fast::neuron::EVAL_CHUNK;

/// The cost sum and correct count of chunk `c` of `samples` (examples `c * EVAL_CHUNK` up to
/// the next chunk or the end), the one measurement every evaluation is made of; `indices` is a
/// buffer for the chunk's example numbers.
pub fn evaluate_chunk(
    net: &Network,
    cost: Cost,
    samples: &Samples,
    c: usize,
    ws: &mut Workspace,
    indices: &mut Vec<usize>,
) -> (f64, usize) {
    let n = samples.len();
    let (start, end) = ((c * EVAL_CHUNK).min(n), ((c + 1) * EVAL_CHUNK).min(n));
    indices.clear();
    indices.extend(start..end);
    ws.load(samples, indices);
    ws.forward_loaded(net);
    let sum = ws.cost_sum(cost, net.output);
    let mut correct = 0;
    if let Some(labels) = &samples.labels {
        let out = ws.output();
        for (col, &i) in indices.iter().enumerate() {
            let c = out.column(col);
            let guess = if c.len() == 1 {
                usize::from(c[0] >= 0.5)
            } else {
                c.argmax().0
            };
            correct += usize::from(guess == labels[i]);
        }
    }
    (sum, correct)
}
