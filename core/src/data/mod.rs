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
use std::sync::Arc;

/// The most numbers one matrix of a dataset may hold (features or targets, examples x columns):
/// 2^25 f64 values, 256 MiB (loading copies a matrix about twice more). Checked from counts
/// before the matrix is allocated. MNIST's byte pixels are not f64 and not counted here; its
/// one-hot targets are (10 per image).
pub const MAX_VALUES: usize = 1 << 25;

/// Refuses `rows` x `cols` values beyond [`MAX_VALUES`]; `what` names the matrix in the error.
pub fn check_values(rows: usize, cols: usize, what: &str) -> Result<(), String> {
    match rows.checked_mul(cols) {
        Some(n) if n <= MAX_VALUES => Ok(()),
        _ => Err(format!(
            "{what}: {rows} examples x {cols} values is more than the {MAX_VALUES} numbers nnlab holds in one matrix"
        )),
    }
}

/// Reads a regular file of at most `cap` bytes. Devices (`/dev/zero`), FIFOs, sockets and
/// directories are refused before they are opened (opening a FIFO waits for a writer), and the
/// read stops at `cap` + 1 bytes whatever the file's metadata says.
pub fn read_capped(path: &std::path::Path, cap: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {}", io_reason(&e)))?;
    if !meta.file_type().is_file() {
        return Err(format!(
            "not a regular file ({}); nnlab reads data and presets from regular files only",
            file_kind(meta.file_type())
        ));
    }
    if meta.len() > cap {
        return Err(format!(
            "the file is {} bytes; nnlab reads files of at most {cap} bytes here",
            meta.len()
        ));
    }
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {}", io_reason(&e)))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {}", io_reason(&e)))?;
    if bytes.len() as u64 > cap {
        return Err(format!(
            "the file holds more than {cap} bytes; nnlab reads files of at most {cap} bytes here"
        ));
    }
    Ok(bytes)
}

/// An I/O error in words a user recognises ("permission denied", "no such file").
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        _ => e.to_string(),
    }
}

fn file_kind(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

/// The input features of a set of examples.
#[derive(Debug, Clone, PartialEq)]
pub enum Features {
    /// Real-valued features, one example per column (`dim` x `count`).
    Dense(DMatrix<f64>),
    /// Greyscale pixels, one example per `dim` consecutive bytes; feature = byte / 255.
    /// Build with [`Features::bytes`], which also lists the non-zero pixels.
    Bytes {
        /// Example after example, `dim` bytes each.
        pixels: Vec<u8>,
        /// Features per example (784 for MNIST).
        dim: usize,
        /// The same pixels without the zeros (about 80% of MNIST), listed once so that every
        /// mini-batch and evaluation reads them instead of scanning all `dim` bytes again.
        nonzero: Arc<NonZeroPixels>,
    },
}

/// The non-zero bytes of images stored example after example: example j's are
/// `pixel[starts[j]..starts[j + 1]]`, at feature rows `index[..]` in increasing order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NonZeroPixels {
    /// Where each example's entries start; one more than there are examples.
    pub starts: Vec<usize>,
    /// Feature row of each entry.
    pub index: Vec<u32>,
    /// Value of each entry (never 0).
    pub pixel: Vec<u8>,
}

impl NonZeroPixels {
    /// Lists the non-zero bytes of `pixels`, `dim` per example.
    pub fn of(pixels: &[u8], dim: usize) -> NonZeroPixels {
        let count = pixels.len().checked_div(dim).unwrap_or(0);
        let nonzero = pixels.iter().filter(|&&p| p != 0).count();
        let mut out = NonZeroPixels {
            starts: Vec::with_capacity(count + 1),
            index: Vec::with_capacity(nonzero),
            pixel: Vec::with_capacity(nonzero),
        };
        out.starts.push(0);
        if dim == 0 {
            return out;
        }
        for image in pixels.chunks_exact(dim) {
            for (k, &p) in (0u32..).zip(image) {
                if p != 0 {
                    out.index.push(k);
                    out.pixel.push(p);
                }
            }
            out.starts.push(out.index.len());
        }
        out
    }

    /// Feature rows and bytes of example `j`'s non-zero pixels.
    #[inline]
    pub fn example(&self, j: usize) -> (&[u32], &[u8]) {
        let range = self.starts[j]..self.starts[j + 1];
        (&self.index[range.clone()], &self.pixel[range])
    }
}

impl Features {
    /// Byte features, `dim` per example, with their non-zero pixels listed.
    pub fn bytes(pixels: Vec<u8>, dim: usize) -> Features {
        let nonzero = Arc::new(NonZeroPixels::of(&pixels, dim));
        Features::Bytes {
            pixels,
            dim,
            nonzero,
        }
    }

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
            Features::Bytes { pixels, dim, .. } => pixels.len().checked_div(*dim).unwrap_or(0),
        }
    }

    /// Writes example `index`'s features into `out` (length [`Features::dim`]).
    pub fn write_example(&self, index: usize, out: &mut [f64]) {
        match self {
            Features::Dense(m) => out.copy_from_slice(m.column(index).as_slice()),
            Features::Bytes { pixels, dim, .. } => {
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
