//! Equals [`Session::step_reporting`] bit for bit (the runs' SGD, which `fast::tests` holds to
//! [`crate::book::sgd`]); tested by the CLI's run-reporting tests, which compare the pipelined
//! rows with that stepping's.
//!
//! `nnlab run`'s stepping: epoch after epoch, the reported rows handed out in epoch order, with
//! the metrics of epoch e (an evaluation of a snapshot of the weights after it, which only reads
//! the network) measured on a second thread while epoch e + 1 trains. SGD itself stays
//! sequential, and every number is the one [`Session::step_reporting`] gives, to the bit: the
//! same chunks ([`evaluate_chunk`]) added in the same order ([`chunk_total`]).

use crate::data::{Dataset, Samples};
use crate::fast::workspace::Workspace;
use crate::fast::workspace::{chunk_total, eval_chunks, eval_threads, evaluate_chunk};
use crate::run::divergence::Diverged;
use crate::run::session::Session;
use crate::run::train::{EpochMetrics, MetricsSnapshot, Trained};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock, mpsc};

/// How [`Session::train_reporting`] measures the metrics of the epochs it reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pipelining {
    /// Right after each epoch, as [`Session::step_reporting`] does (the evaluation itself
    /// spread over the machine's cores).
    Inline,
    /// On a second thread while the next epoch trains. With `help`, the training thread, once
    /// its epoch is done, measures the chunks the second thread has not started yet.
    Overlapped {
        /// The training thread measures chunks too once it has trained.
        help: bool,
    },
}

impl Pipelining {
    /// Overlapped (with help) where this process may use more than one core, else inline.
    pub fn for_this_machine() -> Pipelining {
        if eval_threads() >= 2 {
            Pipelining::Overlapped { help: true }
        } else {
            Pipelining::Inline
        }
    }
}

/// One trained epoch: what [`Session::step_reporting`] returns for it, and each run's
/// [`Diverged`] right after it trained (later epochs may already have trained when it is
/// handed out).
#[derive(Debug, Clone, PartialEq)]
pub struct EpochReport {
    /// The epoch's number in the call (1 for the first epoch it trains).
    pub epoch: u64,
    /// Each run's metrics where measured: when `report` asked for them, or the run diverged.
    pub metrics: Vec<Option<EpochMetrics>>,
    /// Each run's [`crate::run::Run::diverged`] right after this epoch.
    pub diverged: Vec<Option<Diverged>>,
}

impl Session {
    /// Trains up to `epochs` epochs, stopping early once [`Session::finished`], and hands each
    /// epoch's [`EpochReport`] to `emit` in epoch order; `report(epoch)` says which epochs' metrics
    /// are wanted. Stops at the first error `emit` returns. The reports are the same whatever
    /// `pipelining` is.
    pub fn train_reporting<E>(
        &mut self,
        epochs: u64,
        pipelining: Pipelining,
        mut report: impl FnMut(u64) -> bool,
        mut emit: impl FnMut(EpochReport) -> Result<(), E>,
    ) -> Result<(), E> {
        let Pipelining::Overlapped { help } = pipelining else {
            for epoch in 1..=epochs {
                if self.finished() {
                    break;
                }
                let metrics = self.step_reporting(report(epoch));
                let diverged = self.runs.iter().map(|r| r.diverged.clone()).collect();
                emit(EpochReport {
                    epoch,
                    metrics,
                    diverged,
                })?;
            }
            return Ok(());
        };
        let data = Arc::clone(&self.data);
        let (job_tx, job_rx) = mpsc::sync_channel::<Arc<Job<'_>>>(1);
        let (done_tx, done_rx) = mpsc::channel::<()>();
        std::thread::scope(|scope| {
            let worker = std::thread::Builder::new()
                .name("nnlab-metrics".into())
                .spawn_scoped(scope, move || {
                    let mut ws = Workspace::default();
                    let mut indices = Vec::new();
                    while let Ok(job) = job_rx.recv() {
                        job.work(&mut ws, &mut indices);
                        drop(job);
                        if done_tx.send(()).is_err() {
                            break;
                        }
                    }
                });
            // Without a second thread the training thread measures every chunk itself.
            let job_tx = worker.is_ok().then_some(job_tx);
            let mut stepper = Stepper {
                data: &data,
                job_tx,
                done_rx: &done_rx,
                help: help || worker.is_err(),
                ws: Workspace::default(),
                indices: Vec::new(),
            };
            stepper.run(self, epochs, &mut report, &mut emit)
            // The stepper drops its sender here: the worker ends and the scope joins it.
        })
    }
}

/// The training thread's side of the overlapped loop.
struct Stepper<'d> {
    data: &'d Dataset,
    job_tx: Option<mpsc::SyncSender<Arc<Job<'d>>>>,
    done_rx: &'d mpsc::Receiver<()>,
    help: bool,
    ws: Workspace,
    indices: Vec<usize>,
}

/// An epoch whose rows wait for their deferred metrics.
struct Pending<'d> {
    report: EpochReport,
    job: Arc<Job<'d>>,
    /// Whether the worker got the job (and will say when it is done with it).
    sent: bool,
}

impl<'d> Stepper<'d> {
    fn run<E>(
        &mut self,
        session: &mut Session,
        epochs: u64,
        report: &mut impl FnMut(u64) -> bool,
        emit: &mut impl FnMut(EpochReport) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut pending: Option<Pending<'d>> = None;
        for epoch in 1..=epochs {
            if session.finished() {
                break;
            }
            let wanted = report(epoch);
            let (mut metrics, mut snapshots) = (Vec::new(), Vec::new());
            for (i, run) in session.runs.iter_mut().enumerate() {
                match run.train_epoch_deferring(self.data, wanted) {
                    Trained::Measured(m) => metrics.push(m),
                    Trained::Deferred(snapshot) => {
                        metrics.push(None);
                        snapshots.push((i, snapshot));
                    }
                }
            }
            let diverged = session.runs.iter().map(|r| r.diverged.clone()).collect();
            if let Some(p) = pending.take() {
                emit(self.finish(p))?;
            }
            let report = EpochReport {
                epoch,
                metrics,
                diverged,
            };
            if snapshots.is_empty() {
                emit(report)?;
                continue;
            }
            let job = Arc::new(Job::new(self.data, snapshots));
            let sent = self
                .job_tx
                .as_ref()
                .is_some_and(|tx| tx.send(Arc::clone(&job)).is_ok());
            pending = Some(Pending { report, job, sent });
        }
        match pending {
            Some(p) => emit(self.finish(p)),
            None => Ok(()),
        }
    }

    /// Waits for (and helps with) a pending epoch's metrics and fills its rows.
    fn finish(&mut self, p: Pending<'d>) -> EpochReport {
        let Pending {
            mut report,
            job,
            sent,
        } = p;
        if self.help || !sent {
            job.work(&mut self.ws, &mut self.indices);
        }
        // The worker's one message per job it got: it has finished its chunks. If it is gone
        // (it panicked), the chunks it left are measured below.
        if sent && self.done_rx.recv().is_err() {
            self.job_tx = None;
        }
        for (run, metrics) in job.metrics(&mut self.ws, &mut self.indices) {
            report.metrics[run] = Some(metrics);
        }
        report
    }
}

/// One chunk of one evaluation.
struct Task<'d> {
    snapshot: usize,
    samples: &'d Samples,
    chunk: usize,
}

/// One run's deferred metrics.
struct Deferred {
    /// The run's index in the session.
    run: usize,
    snapshot: MetricsSnapshot,
    /// Its tasks over the training set and over the evaluation set.
    train: Range<usize>,
    eval: Option<Range<usize>>,
}

/// One epoch's deferred metrics: the runs' snapshots, cut into chunks of evaluation that
/// either thread may take (each exactly once), with their results in task order.
struct Job<'d> {
    data: &'d Dataset,
    snapshots: Vec<Deferred>,
    tasks: Vec<Task<'d>>,
    next: AtomicUsize,
    results: Vec<OnceLock<(f64, usize)>>,
}

impl<'d> Job<'d> {
    fn new(data: &'d Dataset, snapshots: Vec<(usize, MetricsSnapshot)>) -> Job<'d> {
        let mut tasks = Vec::new();
        let mut add = |snapshot: usize, samples: &'d Samples| {
            let start = tasks.len();
            tasks.extend((0..eval_chunks(samples.len())).map(|chunk| Task {
                snapshot,
                samples,
                chunk,
            }));
            start..tasks.len()
        };
        let snapshots: Vec<_> = snapshots
            .into_iter()
            .enumerate()
            .map(|(s, (run, snapshot))| {
                let train = add(s, &data.train);
                let eval = data.eval.as_ref().map(|e| add(s, e));
                Deferred {
                    run,
                    snapshot,
                    train,
                    eval,
                }
            })
            .collect();
        let results = tasks.iter().map(|_| OnceLock::new()).collect();
        Job {
            data,
            snapshots,
            tasks,
            next: AtomicUsize::new(0),
            results,
        }
    }

    /// Measures the chunks no thread has taken yet, one at a time, until none is left.
    fn work(&self, ws: &mut Workspace, indices: &mut Vec<usize>) {
        loop {
            let i = self.next.fetch_add(1, Ordering::Relaxed);
            let Some(task) = self.tasks.get(i) else {
                return;
            };
            let result = self.measure(task, ws, indices);
            // Each task index is taken once, so the cell is empty.
            let _ = self.results[i].set(result);
        }
    }

    fn measure(
        &self,
        task: &Task<'d>,
        ws: &mut Workspace,
        indices: &mut Vec<usize>,
    ) -> (f64, usize) {
        let snapshot = &self.snapshots[task.snapshot].snapshot;
        evaluate_chunk(
            &snapshot.network,
            snapshot.cost,
            task.samples,
            task.chunk,
            ws,
            indices,
        )
    }

    /// Each deferred run's metrics, once every chunk is measured (any chunk still missing is
    /// measured here).
    fn metrics(&self, ws: &mut Workspace, indices: &mut Vec<usize>) -> Vec<(usize, EpochMetrics)> {
        let results: Vec<(f64, usize)> = self
            .results
            .iter()
            .zip(&self.tasks)
            .map(|(cell, task)| match cell.get() {
                Some(&r) => r,
                None => self.measure(task, ws, indices),
            })
            .collect();
        self.snapshots
            .iter()
            .map(|d| {
                let train = chunk_total(&results[d.train.clone()], &self.data.train);
                let eval = match (&self.data.eval, &d.eval) {
                    (Some(samples), Some(range)) => {
                        Some(chunk_total(&results[range.clone()], samples))
                    }
                    _ => None,
                };
                (d.run, d.snapshot.metrics(self.data, train, eval))
            })
            .collect()
    }
}
