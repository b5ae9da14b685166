//! MNIST handwritten digits: the shipped test set, or a directory with the four standard files.
//!
//! The canonical t10k set (10,000 images) is embedded in the binary, so the MNIST presets work
//! on a fresh clone from any directory with no download. MNIST is by Yann LeCun, Corinna Cortes
//! and Christopher J.C. Burges (CC BY-SA 3.0); see `presets/data/mnist/README.md`.

use super::idx::{self, IdxError, Images};
use super::{Dataset, Features, MAX_EXAMPLES, Samples, check_values};
use std::path::{Path, PathBuf};

/// The shipped t10k images (gzip IDX), as distributed.
pub const SHIPPED_IMAGES: &[u8] =
    include_bytes!("../../../presets/data/mnist/t10k-images-idx3-ubyte.gz");
/// The shipped t10k labels (gzip IDX), as distributed.
pub const SHIPPED_LABELS: &[u8] =
    include_bytes!("../../../presets/data/mnist/t10k-labels-idx1-ubyte.gz");
/// Images of the shipped set trained on by default; the rest are evaluated on.
pub const SHIPPED_TRAIN: usize = 8_000;
/// The four standard files, without the optional `.gz`.
pub const FILES: [&str; 4] = [
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
];
/// When the training file holds this many images, the last 10,000 are held out for validation,
/// as the book does, and training uses the first 50,000.
pub const FULL_TRAIN: usize = 60_000;
/// Training images kept when the full set is given.
pub const BOOK_TRAIN: usize = 50_000;
/// Pixels per MNIST image (28 x 28).
pub const PIXELS: usize = 784;
/// Digit classes.
pub const CLASSES: usize = 10;

/// Images and their labels, checked to agree in count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digits {
    /// The images.
    pub images: Images,
    /// One label (0-9) per image.
    pub labels: Vec<usize>,
}

impl Digits {
    /// Decodes an image file and a label file (raw or gzip bytes) named `image_file`/`label_file`.
    pub fn decode(
        images: &[u8],
        image_file: &str,
        labels: &[u8],
        label_file: &str,
    ) -> Result<Digits, IdxError> {
        let images = idx::decode(images, image_file)?.into_images(image_file)?;
        let labels = idx::decode(labels, label_file)?.into_labels(label_file, CLASSES)?;
        Digits::pair(images, labels, label_file)
    }

    /// Reads an image file and a label file from disk.
    pub fn read(image_path: &Path, label_path: &Path) -> Result<Digits, IdxError> {
        let image_file = image_path.display().to_string();
        let label_file = label_path.display().to_string();
        // Counts and sizes from the headers first: nothing large is read for a pair that
        // disagrees or would not fit.
        let image_dims = idx::read_dims(image_path)?;
        let label_dims = idx::read_dims(label_path)?;
        let count = image_dims.first().copied().unwrap_or(0);
        if let Some(&labels) = label_dims.first()
            && labels != count
        {
            return Err(IdxError {
                file: label_file,
                message: format!(
                    "holds {labels} labels but its image file holds {count} images; they must match"
                ),
            });
        }
        if count > MAX_EXAMPLES {
            return Err(IdxError {
                file: image_file,
                message: format!(
                    "holds {count} images; nnlab accepts at most {MAX_EXAMPLES} examples"
                ),
            });
        }
        check_values(count, CLASSES, "targets").map_err(|message| IdxError {
            file: image_file.clone(),
            message,
        })?;
        let images = idx::read(image_path)?.into_images(&image_file)?;
        let labels = idx::read(label_path)?.into_labels(&label_file, CLASSES)?;
        Digits::pair(images, labels, &label_file)
    }

    fn pair(images: Images, labels: Vec<usize>, label_file: &str) -> Result<Digits, IdxError> {
        if labels.len() != images.count {
            return Err(IdxError {
                file: label_file.to_string(),
                message: format!(
                    "holds {} labels but its image file holds {} images; they must match",
                    labels.len(),
                    images.count
                ),
            });
        }
        Ok(Digits { images, labels })
    }

    /// The shipped t10k set, decoded once per process (every MNIST preset, `nnlab presets`
    /// and the lab's picker share it).
    pub fn shipped() -> Result<&'static Digits, IdxError> {
        static SHIPPED: std::sync::OnceLock<Result<Digits, IdxError>> = std::sync::OnceLock::new();
        SHIPPED
            .get_or_init(|| {
                Digits::decode(
                    SHIPPED_IMAGES,
                    "shipped t10k-images-idx3-ubyte.gz",
                    SHIPPED_LABELS,
                    "shipped t10k-labels-idx1-ubyte.gz",
                )
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Pixels per image.
    pub fn dim(&self) -> usize {
        self.images.rows * self.images.cols
    }

    /// Images `range` as samples with byte features, one-hot targets and labels.
    pub fn samples(&self, range: std::ops::Range<usize>) -> Samples {
        let dim = self.dim();
        let labels = self.labels[range.clone()].to_vec();
        Samples {
            features: Features::bytes(
                self.images.pixels[range.start * dim..range.end * dim].to_vec(),
                dim,
            ),
            targets: Samples::one_hot(&labels, CLASSES),
            labels: Some(labels),
        }
    }

    /// All images as samples, without copying the pixels.
    pub fn into_samples(self) -> Samples {
        let dim = self.dim();
        Samples {
            targets: Samples::one_hot(&self.labels, CLASSES),
            labels: Some(self.labels),
            features: Features::bytes(self.images.pixels, dim),
        }
    }

    /// Keeps the first `count` images (and labels), releasing the rest's memory.
    pub fn truncate(&mut self, count: usize) {
        if count < self.images.count {
            self.images.count = count;
            self.images.pixels.truncate(count * self.dim());
            self.images.pixels.shrink_to_fit();
            self.labels.truncate(count);
            self.labels.shrink_to_fit();
        }
    }
}

/// The path of standard file `stem` in `dir`: `stem` itself, or `stem.gz`.
pub fn find_file(dir: &Path, stem: &str) -> Result<PathBuf, String> {
    // Anything but "not there" is reported as it is (permission denied, not a regular file),
    // not as a missing file.
    let present = |p: &Path| match std::fs::metadata(p) {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(format!(
            "{}: cannot read: {}",
            p.display(),
            super::io_reason(&e)
        )),
    };
    if let Err(e) = std::fs::read_dir(dir) {
        return Err(format!(
            "{}: cannot read the directory: {}",
            dir.display(),
            super::io_reason(&e)
        ));
    }
    let raw = dir.join(stem);
    if present(&raw)? {
        return Ok(raw);
    }
    let gz = dir.join(format!("{stem}.gz"));
    if present(&gz)? {
        return Ok(gz);
    }
    Err(format!(
        "{}: no {stem} or {stem}.gz; an MNIST directory holds {} (each optionally .gz); `nnlab fetch mnist` downloads them",
        dir.display(),
        FILES.join(", ")
    ))
}

/// Caps on how many images a preset uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Limits {
    /// At most this many training images.
    pub train: Option<usize>,
    /// At most this many evaluation images.
    pub eval: Option<usize>,
}

/// Loads MNIST: from `dir` (the four standard files) or, with `None`, the shipped t10k set
/// split into its first 8,000 images for training and its last 2,000 for evaluation.
pub fn load(dir: Option<&Path>, limits: Limits) -> Result<Dataset, String> {
    match dir {
        None => {
            let digits = Digits::shipped().map_err(|e| e.to_string())?;
            let n = digits.images.count;
            let split = SHIPPED_TRAIN.min(n);
            let train_end = limits.train.map_or(split, |t| t.min(split));
            let eval_end = limits.eval.map_or(n, |e| split.saturating_add(e).min(n));
            let train = digits.samples(0..train_end);
            let eval = (eval_end > split).then(|| digits.samples(split..eval_end));
            let summary = match &eval {
                Some(_) => format!(
                    "MNIST t10k shipped: train on images 0-{}, evaluate on {split}-{}",
                    train_end.saturating_sub(1),
                    eval_end - 1
                ),
                None => format!(
                    "MNIST t10k shipped: train on images 0-{}, no evaluation images",
                    train_end.saturating_sub(1)
                ),
            };
            Ok(Dataset {
                train,
                eval,
                summary,
            })
        }
        Some(dir) => {
            let path = |stem| find_file(dir, stem);
            let mut train =
                Digits::read(&path(FILES[0])?, &path(FILES[1])?).map_err(|e| e.to_string())?;
            let mut eval =
                Digits::read(&path(FILES[2])?, &path(FILES[3])?).map_err(|e| e.to_string())?;
            if train.dim() != eval.dim() {
                return Err(format!(
                    "{}: the training images are {}x{} but the t10k images are {}x{}; they must match",
                    dir.display(),
                    train.images.rows,
                    train.images.cols,
                    eval.images.rows,
                    eval.images.cols
                ));
            }
            if train.images.count == 0 {
                return Err(format!(
                    "{}: the training files hold no images",
                    dir.display()
                ));
            }
            let total = train.images.count;
            let mut keep = if total == FULL_TRAIN {
                BOOK_TRAIN
            } else {
                total
            };
            if let Some(t) = limits.train {
                keep = keep.min(t.max(1));
            }
            train.truncate(keep);
            if let Some(e) = limits.eval {
                eval.truncate(e);
            }
            let held_out = if total == FULL_TRAIN {
                format!(
                    " (images {BOOK_TRAIN}-{} held out for validation)",
                    FULL_TRAIN - 1
                )
            } else {
                String::new()
            };
            let summary = format!(
                "MNIST from {}: train on {keep} of {total} training images{held_out}, evaluate on {} t10k images",
                dir.display(),
                eval.images.count
            );
            let eval = (eval.images.count > 0).then(|| eval.into_samples());
            Ok(Dataset {
                train: train.into_samples(),
                eval,
                summary,
            })
        }
    }
}
