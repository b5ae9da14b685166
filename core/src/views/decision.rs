//! What a network learned, seen in its input plane: for data with two input features, the
//! network's output at every point of a grid over (x_1, x_2), with the data drawn on it. Where
//! the class-1 share crosses 1/2 is the decision boundary; a quadratic-cost run's boundary
//! forming later than the cross-entropy run's is section 3.1's slowdown seen in the data.
//!
//! A cell holds the output at the cell's centre, by the book's forward pass
//! ([`Network::feedforward`], Eq. 23 of chapter 1 applied layer after layer):
//!
//! - one output neuron: its activation a, read as the probability of class 1;
//! - several outputs: the winning class (argmax, as accuracy counts it) and its share
//!   a_k / sum_j a_j (for softmax outputs, Eq. 78, the share is a_k itself); with two
//!   outputs the shade is class 1's share, so 1/2 is the boundary.
//!
//! ```
//! use nnlab_core::book::{Init, Network, OutputLayer};
//! use nnlab_core::views::decision::{DecisionMap, Plane};
//! // one sigmoid neuron with w = (1, -1), b = 0: class 1 where x_1 > x_2
//! let net = Network::new(
//!     &[2, 1],
//!     OutputLayer::Sigmoid,
//!     &Init::Neuron { w: vec![1.0, -1.0], b: 0.0 },
//!     &mut rand::rng(),
//! )
//! .unwrap();
//! let plane = Plane { x: (-1.0, 1.0), y: (-1.0, 1.0) };
//! let map = DecisionMap::of(&net, &plane, 4, 4);
//! // the bottom right cell (x_1 = 0.75, x_2 = -0.75): sigma(1.5) = 0.8176
//! let c = map.cell(3, 3);
//! assert_eq!(c.class, 1);
//! assert!((c.share - 0.8176).abs() < 1e-4);
//! ```

use crate::book::Network;
use crate::data::{Dataset, Samples};

/// The most cells a map may have (a 256 x 256 figure).
pub const MAX_CELLS: usize = 65_536;

/// A rectangle of the input plane: x_1 across, x_2 up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plane {
    /// The range of x_1 (left, right).
    pub x: (f64, f64),
    /// The range of x_2 (bottom, top).
    pub y: (f64, f64),
}

impl Plane {
    /// Where input `x` lies across (0 left, 1 right) and down (0 top, 1 bottom) the plane, if
    /// it lies in it.
    pub fn fraction(&self, x: [f64; 2]) -> Option<(f64, f64)> {
        let fx = (x[0] - self.x.0) / (self.x.1 - self.x.0);
        let fy = (self.y.1 - x[1]) / (self.y.1 - self.y.0);
        ((0.0..=1.0).contains(&fx) && (0.0..=1.0).contains(&fy)).then_some((fx, fy))
    }

    /// The plane around every training and evaluation input of `data`, widened by a tenth of
    /// its span on each side (and to a span of at least 1); `None` unless the inputs have
    /// exactly two features.
    pub fn around(data: &Dataset) -> Option<Plane> {
        if data.train.input_dim() != 2 {
            return None;
        }
        let mut x = (f64::INFINITY, f64::NEG_INFINITY);
        let mut y = x;
        for s in std::iter::once(&data.train).chain(data.eval.as_ref()) {
            for i in 0..s.len() {
                let p = s.features.example(i);
                if p[0].is_finite() && p[1].is_finite() {
                    x = (x.0.min(p[0]), x.1.max(p[0]));
                    y = (y.0.min(p[1]), y.1.max(p[1]));
                }
            }
        }
        if !x.0.is_finite() {
            return Some(Plane {
                x: (-1.0, 1.0),
                y: (-1.0, 1.0),
            });
        }
        let widen = |(lo, hi): (f64, f64)| {
            let pad = 0.1 * (hi - lo).max(1.0);
            (lo - pad, hi + pad)
        };
        Some(Plane {
            x: widen(x),
            y: widen(y),
        })
    }
}

/// The network's answer at one point: the class it picks and that class's share of the output.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Answer {
    /// The class picked: for one output 1 when a >= 1/2, else the largest output.
    pub class: usize,
    /// The picked class's share (one output: a or 1 - a; several: a_k / sum_j a_j).
    pub share: f64,
    /// Class 1's share (the shade of a two-class map; 1/2 on the boundary).
    pub class1: f64,
}

/// What `network` answers at input `x` (two features).
pub fn answer(network: &Network, x: [f64; 2]) -> Answer {
    let a = network.feedforward(&x);
    if a.len() == 1 {
        let p = a[0].clamp(0.0, 1.0);
        let class = usize::from(p >= 0.5);
        let share = if class == 1 { p } else { 1.0 - p };
        return Answer {
            class,
            share,
            class1: p,
        };
    }
    let sum: f64 = a.iter().map(|v| v.max(0.0)).sum();
    let part = |k: usize| {
        if sum > 0.0 {
            a[k].max(0.0) / sum
        } else {
            1.0 / a.len() as f64
        }
    };
    let class = a.argmax().0;
    Answer {
        class,
        share: part(class),
        class1: part(1.min(a.len() - 1)),
    }
}

/// A network's answers on a grid of the plane: `cols` x `rows` cells, row 0 at the top.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionMap {
    /// The rectangle the grid covers.
    pub plane: Plane,
    /// Cells across.
    pub cols: usize,
    /// Cells down.
    pub rows: usize,
    /// Row after row, top row (largest x_2) first.
    pub cells: Vec<Answer>,
}

impl DecisionMap {
    /// The input at the centre of cell (`col`, `row`).
    pub fn centre(plane: &Plane, cols: usize, rows: usize, col: usize, row: usize) -> [f64; 2] {
        let fx = (col as f64 + 0.5) / cols.max(1) as f64;
        let fy = (row as f64 + 0.5) / rows.max(1) as f64;
        [
            plane.x.0 + fx * (plane.x.1 - plane.x.0),
            plane.y.1 - fy * (plane.y.1 - plane.y.0),
        ]
    }

    /// The map of `network` over `plane` (at most [`MAX_CELLS`] cells: larger grids are
    /// scaled down, keeping their shape).
    pub fn of(network: &Network, plane: &Plane, cols: usize, rows: usize) -> DecisionMap {
        let (mut cols, mut rows) = (cols.max(1), rows.max(1));
        while cols * rows > MAX_CELLS {
            cols = cols.div_ceil(2);
            rows = rows.div_ceil(2);
        }
        let mut cells = Vec::with_capacity(cols * rows);
        for row in 0..rows {
            for col in 0..cols {
                cells.push(answer(
                    network,
                    DecisionMap::centre(plane, cols, rows, col, row),
                ));
            }
        }
        DecisionMap {
            plane: *plane,
            cols,
            rows,
            cells,
        }
    }

    /// The answer of cell (`col`, `row`).
    pub fn cell(&self, col: usize, row: usize) -> Answer {
        self.cells[row.min(self.rows - 1) * self.cols + col.min(self.cols - 1)]
    }

    /// The cell (col, row) holding input `x`, if it lies in the plane.
    pub fn locate(&self, x: [f64; 2]) -> Option<(usize, usize)> {
        let (fx, fy) = self.plane.fraction(x)?;
        // fx, fy are in [0, 1]: the casts cannot wrap
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let at = |f: f64, n: usize| ((f * n as f64) as usize).min(n - 1);
        Some((at(fx, self.cols), at(fy, self.rows)))
    }
}

/// The activation a^2_j = sigma(w^2_j . x + b^2_j) of first-layer hidden unit `unit` of
/// `network` at each cell centre of a `cols` x `rows` grid over `plane` (row 0 at the top);
/// `None` when the network has no hidden layer or no such unit.
pub fn hidden_unit(
    network: &Network,
    plane: &Plane,
    cols: usize,
    rows: usize,
    unit: usize,
) -> Option<Vec<f64>> {
    if network.depth() < 2 || unit >= network.sizes[1] {
        return None;
    }
    let (w, b) = (network.weights[0].row(unit), network.biases[0][unit]);
    let mut out = Vec::with_capacity(cols * rows);
    for row in 0..rows {
        for col in 0..cols {
            let x = DecisionMap::centre(plane, cols, rows, col, row);
            out.push(crate::book::sigmoid(w[0] * x[0] + w[1] * x[1] + b));
        }
    }
    Some(out)
}

/// One example drawn on the map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Its two features.
    pub x: [f64; 2],
    /// Its correct class.
    pub class: usize,
    /// True for a held-out (evaluation) example.
    pub eval: bool,
}

/// The examples of `data` with their classes (training first, then held-out ones); empty when
/// the inputs do not have two features or the data has no classes.
pub fn points(data: &Dataset) -> Vec<Point> {
    let mut out = Vec::new();
    if data.train.input_dim() != 2 {
        return out;
    }
    let mut add = |s: &Samples, eval: bool| {
        let labels = s
            .labels
            .clone()
            .unwrap_or_else(|| Samples::labels_from_targets(&s.targets));
        for (i, class) in labels.into_iter().enumerate() {
            let p = s.features.example(i);
            out.push(Point {
                x: [p[0], p[1]],
                class,
                eval,
            });
        }
    };
    add(&data.train, false);
    if let Some(e) = &data.eval {
        add(e, true);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::{Init, OutputLayer};
    use crate::preset::Preset;
    use crate::run::session::Session;

    #[test]
    fn every_cell_is_the_forward_pass_at_its_centre() {
        for name in ["multilayer-cross-entropy", "softmax-log-likelihood"] {
            let mut s = Session::new(Preset::builtin(name).unwrap().unwrap()).unwrap();
            for _ in 0..5 {
                s.step();
            }
            let plane = Plane::around(&s.data).expect("two features");
            for run in &s.runs {
                let map = DecisionMap::of(&run.network, &plane, 7, 5);
                for row in 0..5 {
                    for col in 0..7 {
                        let x = DecisionMap::centre(&plane, 7, 5, col, row);
                        let a = run.network.feedforward(&x);
                        let c = map.cell(col, row);
                        assert_eq!(c.class, a.argmax().0, "{name} ({col}, {row})");
                        let sum: f64 = a.iter().sum();
                        assert!((c.share - a[c.class] / sum).abs() < 1e-12);
                        assert!((c.class1 - a[1] / sum).abs() < 1e-12);
                    }
                }
            }
        }
    }

    #[test]
    fn the_plane_holds_every_example_and_points_carry_their_classes() {
        let s = Session::new(
            Preset::builtin("multilayer-cross-entropy")
                .unwrap()
                .unwrap(),
        )
        .unwrap();
        let plane = Plane::around(&s.data).unwrap();
        let pts = points(&s.data);
        assert_eq!(pts.len(), 400 + 200);
        assert_eq!(pts.iter().filter(|p| p.eval).count(), 200);
        let map = DecisionMap::of(&s.runs[0].network, &plane, 40, 20);
        assert!(pts.iter().all(|p| map.locate(p.x).is_some()));
        assert!(pts.iter().any(|p| p.class == 0) && pts.iter().any(|p| p.class == 1));
        // a one-input preset has no plane
        let s = Session::new(Preset::builtin("slowdown").unwrap().unwrap()).unwrap();
        assert!(Plane::around(&s.data).is_none());
        assert!(points(&s.data).is_empty());
    }

    #[test]
    fn a_hidden_unit_s_map_is_its_activation_in_the_forward_pass() {
        let mut s = Session::new(
            Preset::builtin("multilayer-cross-entropy")
                .unwrap()
                .unwrap(),
        )
        .unwrap();
        for _ in 0..3 {
            s.step();
        }
        let plane = Plane::around(&s.data).unwrap();
        let net = &s.runs[0].network;
        for unit in 0..net.sizes[1] {
            let cells = hidden_unit(net, &plane, 6, 4, unit).expect("a hidden unit");
            for row in 0..4 {
                for col in 0..6 {
                    let x = DecisionMap::centre(&plane, 6, 4, col, row);
                    let (_, activations) = net.forward(&x);
                    let want = activations[1][unit];
                    assert!((cells[row * 6 + col] - want).abs() < 1e-12);
                }
            }
        }
        assert!(hidden_unit(net, &plane, 6, 4, net.sizes[1]).is_none());
    }

    #[test]
    fn one_output_reads_as_the_class_1_probability() {
        let net = Network::new(
            &[2, 1],
            OutputLayer::Sigmoid,
            &Init::Neuron {
                w: vec![2.0, 0.0],
                b: 0.0,
            },
            &mut rand::rng(),
        )
        .unwrap();
        let left = answer(&net, [-1.0, 0.0]);
        assert_eq!(left.class, 0);
        assert!((left.class1 - 1.0 / (1.0 + 2f64.exp())).abs() < 1e-12);
        assert!((left.share - (1.0 - left.class1)).abs() < 1e-12);
        let map = DecisionMap::of(
            &net,
            &Plane {
                x: (-1.0, 1.0),
                y: (0.0, 1.0),
            },
            1000,
            1000,
        );
        assert!(map.cells.len() <= MAX_CELLS, "the grid is bounded");
    }
}
