//! Where a preset's data comes from ([`DataSpec`]) and how it is loaded.

use super::toy::ToySet;
use super::{DataError, Dataset, Features, MAX_EXAMPLES, Samples};
use nalgebra::DMatrix;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Where a preset's data comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum DataSpec {
    /// Examples written in the preset: `inputs[i]` and `targets[i]` are example i.
    Inline {
        /// One list of features per example.
        inputs: Vec<Vec<f64>>,
        /// One list of desired outputs per example.
        targets: Vec<Vec<f64>>,
        /// Report accuracy: the class is the argmax of the target (y >= 0.5 for one output).
        #[serde(default)]
        classify: bool,
    },
    /// A generated 2-D classification set (see [`ToySet`]): `train` and `eval` examples.
    Toy {
        /// Which set.
        set: ToySet,
        /// Training examples.
        train: usize,
        /// Held-out evaluation examples.
        eval: usize,
        /// Seed of the generator (independent of the training seed).
        #[serde(default)]
        seed: u64,
    },
    /// MNIST digits (784 pixel features, 10 classes). Without `dir`: the shipped t10k set,
    /// images 0-7999 for training and 8000-9999 for evaluation. With `dir` (or `--data DIR`):
    /// the four standard files there; training on the first 50,000 of a 60,000-image training
    /// file (the book holds the rest out for validation), or on all of any other count, and
    /// evaluation on t10k.
    Mnist {
        /// A directory with the four standard files (relative to the preset file's folder).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        dir: Option<PathBuf>,
        /// Train on at most this many images.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        train: Option<usize>,
        /// Evaluate on at most this many images.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        eval: Option<usize>,
    },
    /// A CSV file with a header row and numeric feature columns (see [`super::csv`]).
    Csv {
        /// The file (relative to the preset file's folder).
        path: PathBuf,
        /// A column of class labels: classification with one-hot targets, one output per class.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
        /// Columns of real-valued targets (regression); give `label` or `targets`, not both.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        targets: Vec<String>,
        /// The feature columns; empty means every column that is not a label or target.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        features: Vec<String>,
        /// The last `eval` rows are held out for evaluation (0: evaluate on the training rows).
        #[serde(default)]
        eval: usize,
    },
}

impl DataSpec {
    /// Input and output dimensions, where known without loading (`None` when loading tells).
    pub fn dims(&self) -> Result<(Option<usize>, Option<usize>), DataError> {
        match self {
            DataSpec::Inline {
                inputs, targets, ..
            } => {
                if inputs.is_empty() {
                    return Err(DataError::NoExamples);
                }
                if inputs.len() != targets.len() {
                    return Err(DataError::CountMismatch {
                        inputs: inputs.len(),
                        targets: targets.len(),
                    });
                }
                if inputs.len() > MAX_EXAMPLES {
                    return Err(DataError::TooManyExamples {
                        source_name: "Inline",
                    });
                }
                let (n_in, n_out) = (inputs[0].len(), targets[0].len());
                if n_in == 0 || n_out == 0 {
                    return Err(DataError::EmptyExample);
                }
                if let Some(i) = inputs.iter().position(|x| x.len() != n_in) {
                    return Err(DataError::Ragged {
                        what: "input",
                        index: i,
                        len: inputs[i].len(),
                        first: n_in,
                    });
                }
                if let Some(i) = targets.iter().position(|y| y.len() != n_out) {
                    return Err(DataError::Ragged {
                        what: "target",
                        index: i,
                        len: targets[i].len(),
                        first: n_out,
                    });
                }
                if inputs
                    .iter()
                    .chain(targets)
                    .flatten()
                    .any(|v| !v.is_finite())
                {
                    return Err(DataError::NotFinite);
                }
                Ok((Some(n_in), Some(n_out)))
            }
            DataSpec::Toy { train, eval, .. } => {
                if *train == 0 {
                    return Err(DataError::NoToyExamples);
                }
                if train.saturating_add(*eval) > MAX_EXAMPLES {
                    return Err(DataError::TooManyExamples { source_name: "Toy" });
                }
                Ok((Some(2), Some(2)))
            }
            DataSpec::Mnist { train, .. } => {
                if *train == Some(0) {
                    return Err(DataError::NoMnistImages);
                }
                Ok((Some(super::mnist::PIXELS), Some(super::mnist::CLASSES)))
            }
            DataSpec::Csv {
                label,
                targets,
                features,
                ..
            } => {
                if label.is_some() != targets.is_empty() {
                    return Err(DataError::CsvLabelOrTargets);
                }
                let n_out = if label.is_some() {
                    None
                } else {
                    Some(targets.len())
                };
                let n_in = (!features.is_empty()).then_some(features.len());
                Ok((n_in, n_out))
            }
        }
    }

    /// Loads (or generates) the samples.
    pub fn load(&self) -> Result<Dataset, DataError> {
        self.dims()?;
        match self {
            DataSpec::Inline {
                inputs,
                targets,
                classify,
            } => {
                let n = inputs.len();
                let x = DMatrix::from_fn(inputs[0].len(), n, |r, c| inputs[c][r]);
                let y = DMatrix::from_fn(targets[0].len(), n, |r, c| targets[c][r]);
                let labels = classify.then(|| Samples::labels_from_targets(&y));
                Ok(Dataset {
                    train: Samples {
                        features: Features::Dense(x),
                        targets: y,
                        labels,
                    },
                    eval: None,
                    summary: format!("{n} inline example{}", if n == 1 { "" } else { "s" }),
                })
            }
            DataSpec::Toy {
                set,
                train,
                eval,
                seed,
            } => {
                let all = set.generate(train + eval, *seed);
                let split = |range: std::ops::Range<usize>| {
                    let idx: Vec<usize> = range.collect();
                    let mut x = DMatrix::zeros(0, 0);
                    let mut y = DMatrix::zeros(0, 0);
                    all.gather(&idx, &mut x, &mut y);
                    let labels = all
                        .labels
                        .as_ref()
                        .map(|l| l[idx[0]..idx[0] + idx.len()].to_vec());
                    Samples {
                        features: Features::Dense(x),
                        targets: y,
                        labels,
                    }
                };
                let train_s = split(0..*train);
                let eval_s = (*eval > 0).then(|| split(*train..train + eval));
                Ok(Dataset {
                    train: train_s,
                    eval: eval_s,
                    summary: format!(
                        "{}: {train} training, {eval} evaluation examples",
                        set.describe()
                    ),
                })
            }
            DataSpec::Mnist { dir, train, eval } => super::mnist::load(
                dir.as_deref(),
                super::mnist::Limits {
                    train: *train,
                    eval: *eval,
                },
            )
            .map_err(DataError::Load),
            DataSpec::Csv {
                path,
                label,
                targets,
                features,
                eval,
            } => super::csv::load(&super::csv::CsvSpec {
                path,
                label: label.as_deref(),
                targets,
                features,
                eval: *eval,
            })
            .map_err(DataError::Load),
        }
    }
}
