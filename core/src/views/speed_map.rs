//! The learning-speed map: for a grid of starting points (w0, b0) of one sigmoid neuron, the
//! number of epochs until its output is within [`TOLERANCE`] of the target, under the quadratic
//! cost and under the cross-entropy, with the rest of a run's settings unchanged. The
//! quadratic's slow region is where the neuron starts saturated and badly wrong (sigma'(z)
//! small in Eq. 55-56); the cross-entropy has none (Eq. 61-62).
//!
//! Epochs count as in `nnlab run`: epoch e is the state after e epochs of updates, epoch 0 the
//! start. Each cell is trained by the same [`Run`] that `nnlab run` uses.
//!
//! Its unit tests are in `speed_map/tests.rs`.

use super::{ViewError, check_one_input_neuron};
use crate::book::{Cost, Init};
use crate::data::Dataset;
use crate::preset::Preset;
use crate::run::{Run, RunConfig};
use serde::Serialize;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// How close the output must come to its target: |a - y| < 0.1.
pub const TOLERANCE: f64 = 0.1;
/// The most cells along one side of the grid.
pub const MAX_SIDE: usize = 1000;
/// The most cells in a grid.
pub const MAX_CELLS: usize = 100_000;
/// The two costs compared, in the order they are drawn.
pub const COSTS: [Cost; 2] = [Cost::Quadratic, Cost::CrossEntropy];

/// The grid of starting points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Grid {
    /// Points across (w0).
    pub cols: usize,
    /// Points down (b0).
    pub rows: usize,
    /// Smallest and largest w0 (the first and last column).
    pub w0: (f64, f64),
    /// Smallest and largest b0 (the last and first row: row 0 is the largest b0, as drawn).
    pub b0: (f64, f64),
}

impl Default for Grid {
    /// 60 x 30 points over w0, b0 in [-4, 4].
    fn default() -> Self {
        Grid {
            cols: 60,
            rows: 30,
            w0: (-4.0, 4.0),
            b0: (-4.0, 4.0),
        }
    }
}

impl Grid {
    /// Checks the grid's size and ranges, before anything is allocated.
    pub fn check(&self) -> Result<(), ViewError> {
        if self.cols == 0 || self.rows == 0 || self.cols > MAX_SIDE || self.rows > MAX_SIDE {
            return Err(ViewError::Bad(format!(
                "the grid must be 1 to {MAX_SIDE} points on each side, got {}x{}",
                self.cols, self.rows
            )));
        }
        if self.cols * self.rows > MAX_CELLS {
            return Err(ViewError::Bad(format!(
                "the grid may have at most {MAX_CELLS} points, {}x{} has {}",
                self.cols,
                self.rows,
                self.cols * self.rows
            )));
        }
        for (name, (lo, hi)) in [("w0", self.w0), ("b0", self.b0)] {
            if !(lo.is_finite() && hi.is_finite() && lo < hi) {
                return Err(ViewError::Bad(format!(
                    "the {name} range must be two finite numbers MIN:MAX with MIN < MAX, got {lo}:{hi}"
                )));
            }
            if lo.abs() > crate::rules::MAX_START || hi.abs() > crate::rules::MAX_START {
                return Err(ViewError::Bad(format!(
                    "the {name} range must lie within [-10000, 10000] (beyond it a run counts as diverged), got {lo}:{hi}"
                )));
            }
        }
        Ok(())
    }

    /// The starting point of column `col` and row `row`: evenly spaced, ends included (one
    /// point sits in the middle of its range).
    pub fn point(&self, col: usize, row: usize) -> (f64, f64) {
        let at = |(lo, hi): (f64, f64), i: usize, n: usize| {
            if n <= 1 {
                0.5 * (lo + hi)
            } else {
                lo + (hi - lo) * i as f64 / (n - 1) as f64
            }
        };
        (
            at(self.w0, col, self.cols),
            at(self.b0, self.rows - 1 - row.min(self.rows - 1), self.rows),
        )
    }
}

/// One cell of the map for one cost, as `nnlab map` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    /// Starting weight.
    pub w0: f64,
    /// Starting bias.
    pub b0: f64,
    /// "quadratic" or "cross-entropy".
    pub cost: &'static str,
    /// The first epoch e >= 0 after whose e updates |a - y| < 0.1; `None` when none within the
    /// preset's epochs.
    pub epochs: Option<u64>,
}

/// The whole map.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeedMap {
    /// The starting points.
    pub grid: Grid,
    /// The epochs each start was allowed (the preset's).
    pub max_epochs: u64,
    /// The run whose settings were used.
    pub run: String,
    /// Its learning rate.
    pub eta: f64,
    /// Per cost of [`COSTS`], row-major epochs to reach the target (`None`: not within
    /// `max_epochs`).
    pub epochs: [Vec<Option<u64>>; 2],
}

impl SpeedMap {
    /// Epochs for cost `k` (index into [`COSTS`]) at (`col`, `row`).
    pub fn get(&self, k: usize, col: usize, row: usize) -> Option<u64> {
        self.epochs[k][row * self.grid.cols + col]
    }

    /// One record per cell and cost, row by row, the quadratic first in each cell.
    pub fn records(&self) -> Vec<Record> {
        let mut out = Vec::with_capacity(2 * self.grid.cols * self.grid.rows);
        for row in 0..self.grid.rows {
            for col in 0..self.grid.cols {
                let (w0, b0) = self.grid.point(col, row);
                for (k, cost) in COSTS.iter().enumerate() {
                    out.push(Record {
                        w0,
                        b0,
                        cost: cost.name(),
                        epochs: self.get(k, col, row),
                    });
                }
            }
        }
        out
    }
}

/// True when every training output of `run`'s network is within [`TOLERANCE`] of its target
/// (one example for the section's toy neuron: the `a` that `nnlab run` reports).
pub fn within_tolerance(run: &Run, data: &Dataset) -> bool {
    let train = &data.train;
    (0..train.len()).all(|i| {
        let a = run.network.feedforward(&train.features.example(i));
        a.iter()
            .zip(train.targets.column(i).iter())
            .all(|(a, y)| (a - y).abs() < TOLERANCE)
    })
}

/// Trains `run` one epoch: the one place the map trains, so a faster path can replace it.
fn train_one_epoch(run: &mut Run, data: &Dataset) {
    run.sgd_epoch(data);
}

/// The first epoch e in 0..=`max_epochs` after which `config`, started as configured, has
/// every output within [`TOLERANCE`]; `None` if it never does (or diverges first), or when
/// `cancel` is set (checked each epoch).
pub fn epochs_to_target(
    config: RunConfig,
    seed: u64,
    data: &Dataset,
    max_epochs: u64,
    cancel: &AtomicBool,
) -> Result<Option<u64>, ViewError> {
    let mut run = Run::new(config, seed, data).map_err(|e| ViewError::Bad(e.to_string()))?;
    for e in 0..=max_epochs {
        if e > 0 {
            train_one_epoch(&mut run, data);
        }
        if within_tolerance(&run, data) {
            return Ok(Some(e));
        }
        if run.network.has_diverged() || cancel.load(Ordering::Relaxed) {
            return Ok(None);
        }
    }
    Ok(None)
}

/// The run of `preset` named `label` (the first run when `None`), checked to be a one-input
/// neuron on `data`.
pub fn pick_run<'a>(
    preset: &'a Preset,
    data: &Dataset,
    label: Option<&str>,
) -> Result<&'a RunConfig, ViewError> {
    let run = match label {
        Some(l) => preset.runs.iter().find(|r| r.label == l).ok_or_else(|| {
            let labels: Vec<&str> = preset.runs.iter().map(|r| r.label.as_str()).collect();
            ViewError::Bad(format!("no run {l:?}; its runs are {labels:?}"))
        })?,
        None => preset
            .runs
            .first()
            .ok_or_else(|| ViewError::Bad(format!("preset {:?} has no runs", preset.name)))?,
    };
    check_one_input_neuron(run, &data.train)?;
    Ok(run)
}

/// The rows one thread computed: each row's index and its cells per cost.
type Rows = Vec<(usize, [Vec<Option<u64>>; 2])>;

/// Computes the map for run `config` of `preset` over `grid`, using up to `threads` threads
/// (rows are shared out; the result does not depend on the count). `progress` counts finished
/// (cell, cost) pairs out of `2 * cols * rows`. Returns `Ok(None)` when `cancel` was set.
pub fn compute(
    preset: &Preset,
    config: &RunConfig,
    data: &Dataset,
    grid: Grid,
    threads: usize,
    cancel: &AtomicBool,
    progress: &AtomicUsize,
) -> Result<Option<SpeedMap>, ViewError> {
    grid.check()?;
    check_one_input_neuron(config, &data.train)?;
    let threads = threads.clamp(1, grid.rows);
    let cell = |col: usize, row: usize, cost: Cost| {
        let (w0, b0) = grid.point(col, row);
        let mut c = config.clone();
        c.cost = cost;
        c.init = Init::Neuron { w: vec![w0], b: b0 };
        let r = epochs_to_target(c, preset.seed, data, preset.epochs, cancel);
        progress.fetch_add(1, Ordering::Relaxed);
        r
    };
    // Each thread takes every `threads`-th row.
    let work = |first: usize| -> Result<Rows, ViewError> {
        let mut out = Vec::new();
        for row in (first..grid.rows).step_by(threads) {
            let mut per_cost = [Vec::with_capacity(grid.cols), Vec::with_capacity(grid.cols)];
            for col in 0..grid.cols {
                for (k, &cost) in COSTS.iter().enumerate() {
                    per_cost[k].push(cell(col, row, cost)?);
                }
                if cancel.load(Ordering::Relaxed) {
                    return Ok(out);
                }
            }
            out.push((row, per_cost));
        }
        Ok(out)
    };
    let parts: Vec<Result<Rows, ViewError>> = std::thread::scope(|s| {
        let handles: Vec<_> = (1..threads).map(|t| s.spawn(move || work(t))).collect();
        let mut parts = vec![work(0)];
        for h in handles {
            parts.push(
                h.join()
                    .unwrap_or_else(|_| Err(ViewError::Bad("a map thread panicked".into()))),
            );
        }
        parts
    });
    if cancel.load(Ordering::Relaxed) {
        return Ok(None);
    }
    let n = grid.cols * grid.rows;
    let mut epochs = [vec![None; n], vec![None; n]];
    for part in parts {
        for (row, per_cost) in part? {
            for (k, v) in per_cost.into_iter().enumerate() {
                epochs[k][row * grid.cols..(row + 1) * grid.cols].copy_from_slice(&v);
            }
        }
    }
    Ok(Some(SpeedMap {
        grid,
        max_epochs: preset.epochs,
        run: config.shown_label().into_owned(),
        eta: config.eta,
        epochs,
    }))
}

#[cfg(test)]
mod tests;
