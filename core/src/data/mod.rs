//! Datasets: the samples a run trains and is evaluated on, and where they come from.
//!
//! Samples are stored one example per column (nalgebra is column-major, so an example's
//! features are contiguous). Images are kept as bytes and scaled to [0, 1] when a mini-batch is
//! gathered, so the 60,000 MNIST training images take 47 MB, not 376 MB.

pub mod csv;
mod error;
pub mod idx;
pub mod mnist;
mod spec;
pub mod toy;

pub use error::DataError;
pub use spec::DataSpec;

/// The most examples a data set of any source may hold.
pub const MAX_EXAMPLES: usize = 10_000_000;

use nalgebra::DMatrix;

/// The input features of a set of examples.
#[derive(Debug, Clone, PartialEq)]
pub enum Features {
    /// Real-valued features, one example per column (`dim` x `count`).
    Dense(DMatrix<f64>),
    /// Greyscale pixels, one example per `dim` consecutive bytes; feature = byte / 255.
    Bytes {
        /// Example after example, `dim` bytes each.
        pixels: Vec<u8>,
        /// Features per example (784 for MNIST).
        dim: usize,
    },
}

impl Features {
    /// Number of features per example.
    pub fn dim(&self) -> usize {
        match self {
            Features::Dense(m) => m.nrows(),
            Features::Bytes { dim, .. } => *dim,
        }
    }

    /// Number of examples.
    pub fn count(&self) -> usize {
        match self {
            Features::Dense(m) => m.ncols(),
            Features::Bytes { pixels, dim } => pixels.len().checked_div(*dim).unwrap_or(0),
        }
    }

    /// Writes example `index`'s features into `out` (length [`Features::dim`]).
    pub fn write_example(&self, index: usize, out: &mut [f64]) {
        match self {
            Features::Dense(m) => out.copy_from_slice(m.column(index).as_slice()),
            Features::Bytes { pixels, dim } => {
                let start = index * dim;
                for (o, &p) in out.iter_mut().zip(&pixels[start..start + dim]) {
                    *o = f64::from(p) * (1.0 / 255.0);
                }
            }
        }
    }

    /// Example `index`'s features as a new vector.
    pub fn example(&self, index: usize) -> Vec<f64> {
        let mut v = vec![0.0; self.dim()];
        self.write_example(index, &mut v);
        v
    }
}

/// A set of examples: features, targets and (for classification) class labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Samples {
    /// Inputs x, one example per column.
    pub features: Features,
    /// Desired outputs y, one example per column (`n_out` x `count`).
    pub targets: DMatrix<f64>,
    /// For classification: the correct class of each example (argmax of its target, or for a
    /// single output neuron 1 when y >= 0.5). `None` for regression.
    pub labels: Option<Vec<usize>>,
}

impl Samples {
    /// Number of examples.
    pub fn len(&self) -> usize {
        self.targets.ncols()
    }

    /// True when there are no examples.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of input features.
    pub fn input_dim(&self) -> usize {
        self.features.dim()
    }

    /// Number of outputs per target.
    pub fn output_dim(&self) -> usize {
        self.targets.nrows()
    }

    /// Copies the examples `indices` into the columns of `x` and `y` (resized if needed).
    pub fn gather(&self, indices: &[usize], x: &mut DMatrix<f64>, y: &mut DMatrix<f64>) {
        let m = indices.len();
        if x.shape() != (self.input_dim(), m) {
            *x = DMatrix::zeros(self.input_dim(), m);
        }
        if y.shape() != (self.output_dim(), m) {
            *y = DMatrix::zeros(self.output_dim(), m);
        }
        for (col, &i) in indices.iter().enumerate() {
            self.features
                .write_example(i, x.column_mut(col).as_mut_slice());
            y.column_mut(col).copy_from(&self.targets.column(i));
        }
    }

    /// Labels derived from targets: argmax for several outputs, y >= 0.5 for one.
    pub fn labels_from_targets(targets: &DMatrix<f64>) -> Vec<usize> {
        targets
            .column_iter()
            .map(|c| {
                if c.len() == 1 {
                    usize::from(c[0] >= 0.5)
                } else {
                    c.argmax().0
                }
            })
            .collect()
    }

    /// One-hot targets for `labels` over `classes` classes.
    pub fn one_hot(labels: &[usize], classes: usize) -> DMatrix<f64> {
        let mut t = DMatrix::zeros(classes, labels.len());
        for (col, &l) in labels.iter().enumerate() {
            if l < classes {
                t[(l, col)] = 1.0;
            }
        }
        t
    }
}

/// What a preset trains on: training samples and, optionally, held-out evaluation samples.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// The examples SGD learns from.
    pub train: Samples,
    /// Examples for the evaluation cost and accuracy; `None` means evaluate on `train`.
    pub eval: Option<Samples>,
    /// One line saying what the data is (shown in the header and `nnlab presets`).
    pub summary: String,
}

impl Dataset {
    /// The samples accuracy and evaluation cost are measured on.
    pub fn eval_samples(&self) -> &Samples {
        self.eval.as_ref().unwrap_or(&self.train)
    }
}
