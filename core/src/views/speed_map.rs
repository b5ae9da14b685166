//! The learning-speed map: for a grid of starting points (w0, b0) of one sigmoid neuron, the
//! number of epochs until its output is within [`TOLERANCE`] of the target, under the quadratic
//! cost and under the cross-entropy, with the rest of a run's settings unchanged. The
//! quadratic's slow region is where the neuron starts saturated and badly wrong (sigma'(z)
//! small in Eq. 55-56); the cross-entropy has none (Eq. 61-62).
//!
//! Epochs count as in `nnlab run`: epoch e is the state after e epochs of updates, epoch 0 the
//! start. Each cell is trained by the same [`Run`] that `nnlab run` uses.
//!
//! (The code is under 300 lines; the rest of the file is its unit tests.)

use super::{ViewError, check_one_input_neuron};
use crate::data::Dataset;
use crate::math::Cost;
use crate::net::{Init, Run, RunConfig};
use crate::preset::Preset;
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
        run: config.label.clone(),
        eta: config.eta,
        epochs,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Session;

    fn slowdown() -> (Preset, Dataset) {
        let preset = Preset::load("slowdown").expect("built-in");
        let data = preset.load_data().expect("inline data");
        (preset, data)
    }

    /// The epoch count equals what training the whole preset from that start reports
    /// (the Session that `nnlab run` drives, its `a` on the training input).
    #[test]
    fn epochs_match_a_session_from_that_start() {
        let (preset, data) = slowdown();
        let none = AtomicBool::new(false);
        for &(w0, b0) in &[
            (2.0, 2.0),
            (4.0, 4.0),
            (-3.0, 1.0),
            (0.5, -0.5),
            (-4.0, -4.0),
        ] {
            let mut p = preset.clone();
            for r in &mut p.runs {
                r.init = Init::Neuron { w: vec![w0], b: b0 };
            }
            let mut session = Session::new(p.clone()).expect("session");
            let mut first: Vec<Option<u64>> = vec![None; p.runs.len()];
            let mut record = |ms: &[crate::net::EpochMetrics]| {
                for (i, m) in ms.iter().enumerate() {
                    let a = m.neuron.as_ref().expect("neuron").a;
                    if first[i].is_none() && (a - 0.0).abs() < TOLERANCE {
                        first[i] = Some(m.epoch);
                    }
                }
            };
            record(&session.metrics());
            for _ in 0..p.epochs {
                record(&session.step());
            }
            for (i, run) in p.runs.iter().enumerate() {
                let got =
                    epochs_to_target(run.clone(), p.seed, &data, p.epochs, &none).expect("trains");
                assert_eq!(got, first[i], "start ({w0}, {b0}), run {}", run.label);
            }
        }
    }

    #[test]
    fn slowdown_map_shows_the_quadratic_slow_corner_only() {
        let (preset, data) = slowdown();
        let grid = Grid {
            cols: 9,
            rows: 9,
            ..Grid::default()
        };
        let (cancel, progress) = (AtomicBool::new(false), AtomicUsize::new(0));
        let map = compute(&preset, &preset.runs[0], &data, grid, 2, &cancel, &progress)
            .expect("computes")
            .expect("not cancelled");
        assert_eq!(progress.load(Ordering::Relaxed), 2 * 81);
        // (4, 4) is the top-right corner; (-4, -4) the bottom-left, already within 0.1.
        let corner = (8, 0);
        let quad = map.get(0, corner.0, corner.1);
        let cross = map.get(1, corner.0, corner.1);
        assert!(
            quad.is_none_or(|e| e > 250),
            "quadratic at (4, 4): {quad:?}"
        );
        let cross = cross.expect("cross-entropy gets there");
        assert!(cross < 100, "cross-entropy at (4, 4): {cross}");
        assert_eq!(map.get(0, 0, 8), Some(0));
        // Across the whole grid the cross-entropy is never slower than 100 epochs; the
        // quadratic is slowest where it starts saturated and wrong.
        let cross_max = map.epochs[1].iter().map(|e| e.unwrap_or(u64::MAX)).max();
        assert!(cross_max.is_some_and(|m| m < 100), "{cross_max:?}");
        // With x = 1, w and b take the same steps, so only z0 = w0 + b0 matters. The quadratic
        // never gets there in 300 epochs from z0 >= 4 (saturated and badly wrong) and only
        // there; the cross-entropy gets there everywhere, never slower than the quadratic.
        let mut never = 0;
        for r in 0..9 {
            for c in 0..9 {
                let (w0, b0) = map.grid.point(c, r);
                let (q, x) = (map.get(0, c, r), map.get(1, c, r));
                let x = x.unwrap_or_else(|| panic!("cross-entropy never from ({w0}, {b0})"));
                assert!(x < 100, "cross-entropy from ({w0}, {b0}): {x}");
                match q {
                    None => {
                        never += 1;
                        assert!(w0 + b0 >= 3.0, "quadratic never from ({w0}, {b0})");
                    }
                    Some(q) => {
                        assert!(w0 + b0 < 4.0, "quadratic from ({w0}, {b0}): {q}");
                        assert!(q >= x, "({w0}, {b0}): quadratic {q} < cross-entropy {x}");
                    }
                }
            }
        }
        assert!(never >= 15, "{never} quadratic starts never get there");
    }

    #[test]
    fn thread_count_does_not_change_the_map() {
        let (preset, data) = slowdown();
        let grid = Grid {
            cols: 5,
            rows: 7,
            ..Grid::default()
        };
        let go = |t| {
            let (c, p) = (AtomicBool::new(false), AtomicUsize::new(0));
            compute(&preset, &preset.runs[1], &data, grid, t, &c, &p)
                .expect("ok")
                .expect("done")
        };
        assert_eq!(go(1), go(3));
    }

    #[test]
    fn cancel_and_bad_grids() {
        let (preset, data) = slowdown();
        let cancel = AtomicBool::new(true);
        let p = AtomicUsize::new(0);
        let r = compute(
            &preset,
            &preset.runs[0],
            &data,
            Grid::default(),
            1,
            &cancel,
            &p,
        );
        assert_eq!(r, Ok(None));
        let none = AtomicBool::new(false);
        for bad in [
            Grid {
                cols: 0,
                ..Grid::default()
            },
            Grid {
                cols: 2000,
                ..Grid::default()
            },
            Grid {
                cols: 1000,
                rows: 1000,
                ..Grid::default()
            },
            Grid {
                w0: (1.0, 1.0),
                ..Grid::default()
            },
            Grid {
                b0: (f64::NAN, 1.0),
                ..Grid::default()
            },
        ] {
            let e = compute(&preset, &preset.runs[0], &data, bad, 1, &none, &p);
            assert!(matches!(e, Err(ViewError::Bad(_))), "{bad:?}: {e:?}");
        }
    }

    #[test]
    fn grid_points_include_the_ends() {
        let g = Grid::default();
        assert_eq!(g.point(0, 0), (-4.0, 4.0));
        assert_eq!(g.point(59, 29), (4.0, -4.0));
    }
}
