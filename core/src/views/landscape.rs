//! The cost landscape of one sigmoid neuron with one input: the mean cost C(w, b) over the
//! training data on a grid of (w, b), for the quadratic cost (Eq. 54) or the cross-entropy
//! (Eq. 57). The quadratic's landscape has a plateau where the neuron saturates (around
//! w = b = 2 for x = 1, y = 0), which is the learning slowdown seen from above.

use super::{LogScale, ViewError};
use crate::book::{Cost, OutputLayer, sigmoid};
use crate::data::Samples;

/// The most cells a landscape may have.
pub const MAX_CELLS: usize = 1_000_000;

/// A rectangle of the (w, b) plane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    /// Smallest weight shown.
    pub w_min: f64,
    /// Largest weight shown.
    pub w_max: f64,
    /// Smallest bias shown.
    pub b_min: f64,
    /// Largest bias shown.
    pub b_max: f64,
}

impl Window {
    /// The smallest window holding every finite point of `points`, widened by a tenth of its
    /// size on each side and to a span of at least `min_span` in each direction (so a run that
    /// has not moved still gets a neighbourhood). The unit square around the origin if there
    /// are no finite points.
    pub fn around(points: impl IntoIterator<Item = (f64, f64)>, min_span: f64) -> Window {
        let (mut w_min, mut w_max, mut b_min, mut b_max) = (
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
        );
        for (w, b) in points {
            if w.is_finite() && b.is_finite() {
                w_min = w_min.min(w);
                w_max = w_max.max(w);
                b_min = b_min.min(b);
                b_max = b_max.max(b);
            }
        }
        if !w_min.is_finite() {
            return Window {
                w_min: -0.5 * min_span,
                w_max: 0.5 * min_span,
                b_min: -0.5 * min_span,
                b_max: 0.5 * min_span,
            };
        }
        let widen = |lo: f64, hi: f64| {
            let pad = 0.1 * (hi - lo);
            let (lo, hi) = (lo - pad, hi + pad);
            if hi - lo < min_span {
                let mid = 0.5 * (lo + hi);
                (mid - 0.5 * min_span, mid + 0.5 * min_span)
            } else {
                (lo, hi)
            }
        };
        let (w_min, w_max) = widen(w_min, w_max);
        let (b_min, b_max) = widen(b_min, b_max);
        Window {
            w_min,
            w_max,
            b_min,
            b_max,
        }
    }

    /// True when (w, b) lies inside the window (edges included).
    pub fn contains(&self, w: f64, b: f64) -> bool {
        (self.w_min..=self.w_max).contains(&w) && (self.b_min..=self.b_max).contains(&b)
    }
}

/// The mean cost of a one-input sigmoid neuron with weight `w` and bias `b` over `samples`,
/// each example's cost taken from [`Cost::value`].
pub fn mean_cost(samples: &Samples, cost: Cost, w: f64, b: f64) -> f64 {
    let n = samples.len();
    if n == 0 {
        return 0.0;
    }
    let mut x = [0.0];
    let mut total = 0.0;
    for i in 0..n {
        samples.features.write_example(i, &mut x);
        let z = w * x[0] + b;
        let a = sigmoid(z);
        let y = samples.targets[(0, i)];
        total += cost.value(OutputLayer::Sigmoid, &[z], &[a], &[y]);
    }
    total / n as f64
}

/// The mean cost on a grid of cells over a window.
#[derive(Debug, Clone, PartialEq)]
pub struct Landscape {
    /// The window covered.
    pub window: Window,
    /// Cells across (w direction).
    pub cols: usize,
    /// Cells down (b direction; row 0 is the largest b, as drawn).
    pub rows: usize,
    /// The cost drawn.
    pub cost: Cost,
    /// Row-major mean costs, `rows * cols`, each at its cell's centre.
    pub values: Vec<f64>,
}

impl Landscape {
    /// Computes the landscape of `cost` over `window` on `cols` x `rows` cells.
    pub fn compute(
        samples: &Samples,
        cost: Cost,
        window: Window,
        cols: usize,
        rows: usize,
    ) -> Result<Landscape, ViewError> {
        if samples.input_dim() != 1 || samples.output_dim() != 1 || samples.is_empty() {
            return Err(ViewError::NotOneInputNeuron(format!(
                "the data has {} inputs and {} targets",
                samples.input_dim(),
                samples.output_dim()
            )));
        }
        if cost.check_output(OutputLayer::Sigmoid).is_err() {
            return Err(ViewError::Bad(format!(
                "the landscape shows the quadratic or cross-entropy cost of a sigmoid neuron, not {cost}"
            )));
        }
        if cols == 0 || rows == 0 || cols.saturating_mul(rows) > MAX_CELLS {
            return Err(ViewError::Bad(format!(
                "a landscape needs 1 to {MAX_CELLS} cells, got {cols} x {rows}"
            )));
        }
        let mut land = Landscape {
            window,
            cols,
            rows,
            cost,
            values: Vec::with_capacity(cols * rows),
        };
        for row in 0..rows {
            for col in 0..cols {
                let (w, b) = land.centre(col, row);
                land.values.push(mean_cost(samples, cost, w, b));
            }
        }
        Ok(land)
    }

    /// The (w, b) at the centre of cell (`col`, `row`).
    pub fn centre(&self, col: usize, row: usize) -> (f64, f64) {
        let win = &self.window;
        let w = win.w_min + (col as f64 + 0.5) * (win.w_max - win.w_min) / self.cols as f64;
        let b = win.b_max - (row as f64 + 0.5) * (win.b_max - win.b_min) / self.rows as f64;
        (w, b)
    }

    /// The cell holding (w, b), if it is inside the window.
    pub fn cell_of(&self, w: f64, b: f64) -> Option<(usize, usize)> {
        let win = &self.window;
        if !win.contains(w, b) {
            return None;
        }
        let fc = (w - win.w_min) / (win.w_max - win.w_min) * self.cols as f64;
        let fr = (win.b_max - b) / (win.b_max - win.b_min) * self.rows as f64;
        // Both are in [0, cols] and [0, rows] after the check above, and `as` saturates.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let (col, row) = (fc as usize, fr as usize);
        Some((col.min(self.cols - 1), row.min(self.rows - 1)))
    }

    /// The value of cell (`col`, `row`).
    pub fn value(&self, col: usize, row: usize) -> f64 {
        self.values[row * self.cols + col]
    }

    /// The log colour scale spanning the landscape's values.
    pub fn scale(&self) -> Option<LogScale> {
        LogScale::spanning(self.values.iter().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::DMatrix;

    fn one_example(x: f64, y: f64) -> Samples {
        Samples {
            features: crate::data::Features::Dense(DMatrix::from_element(1, 1, x)),
            targets: DMatrix::from_element(1, 1, y),
            labels: None,
        }
    }

    #[test]
    fn window_holds_every_point_with_a_margin() {
        let win = Window::around([(2.0, 2.0), (-1.0, 0.5), (f64::NAN, 9.0)], 1.0);
        assert!(win.contains(2.0, 2.0) && win.contains(-1.0, 0.5));
        assert!(win.w_min < -1.0 && win.w_max > 2.0 && win.b_min < 0.5 && win.b_max > 2.0);
        let still = Window::around([(2.0, 2.0)], 1.0);
        assert!((still.w_max - still.w_min - 1.0).abs() < 1e-12);
    }

    #[test]
    fn quadratic_plateau_is_flatter_than_cross_entropy_at_two_two() {
        let s = one_example(1.0, 0.0);
        let h = 0.1;
        let slope = |cost| {
            (mean_cost(&s, cost, 2.0 + h, 2.0 + h) - mean_cost(&s, cost, 2.0 - h, 2.0 - h)) / h
        };
        assert!(slope(Cost::Quadratic) < 0.1 * slope(Cost::CrossEntropy));
    }

    #[test]
    fn log_likelihood_is_refused() {
        let s = one_example(1.0, 0.0);
        let win = Window::around([(0.0, 0.0)], 1.0);
        assert!(Landscape::compute(&s, Cost::LogLikelihood, win, 4, 4).is_err());
        assert!(Landscape::compute(&s, Cost::Quadratic, win, 0, 4).is_err());
    }
}

#[cfg(test)]
mod against_runs {
    use super::*;
    use crate::book::Init;
    use crate::preset::Preset;
    use crate::run::session::Session;

    /// Every cell equals the mean cost the training path itself reports at that (w, b).
    #[test]
    fn cells_equal_the_runs_cost_at_their_centre() {
        let preset = Preset::load("slowdown").expect("built-in");
        let data = preset.load_data().expect("data");
        let win = Window::around([(2.0, 2.0), (-1.5, -0.7)], 1.0);
        for (k, cost) in [Cost::Quadratic, Cost::CrossEntropy]
            .into_iter()
            .enumerate()
        {
            let land = Landscape::compute(&data.train, cost, win, 7, 5).expect("computes");
            for (col, row) in [(0, 0), (3, 2), (6, 4), (2, 1)] {
                let (w, b) = land.centre(col, row);
                let mut p = preset.clone();
                p.runs[k].init = Init::Neuron { w: vec![w], b };
                let mut s = Session::new(p).expect("session");
                let reported = s.metrics()[k].cost;
                let v = land.value(col, row);
                assert!(
                    (v - reported).abs() <= 1e-12,
                    "{cost} at ({w}, {b}): {v} vs {reported}"
                );
                assert_eq!(land.cell_of(w, b), Some((col, row)));
            }
        }
    }
}
