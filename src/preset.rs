//! Presets: plain serde types read from RON, validated, with the built-ins embedded in the
//! binary so they work from any directory.

use crate::data::toy::ToySet;
use crate::data::{Dataset, Features, Samples};
use crate::net::{Init, Network, RunConfig};
use nalgebra::DMatrix;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The largest preset file nnlab reads; larger files are refused before parsing.
pub const MAX_PRESET_BYTES: u64 = 1 << 20;
/// The most epochs a preset may ask for.
pub const MAX_EPOCHS: u64 = 1_000_000_000;
/// The most examples a generated or inline data set may hold.
pub const MAX_EXAMPLES: usize = 10_000_000;

/// A preset: one experiment of the chapter, with one or more runs trained side by side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    /// Short name (`quadratic-saturated`).
    pub name: String,
    /// What the preset shows, citing the book's section and equations.
    pub description: String,
    /// Epochs to train.
    pub epochs: u64,
    /// Seed for random initial weights and shuffling (runs may override it).
    #[serde(default)]
    pub seed: u64,
    /// The training (and evaluation) data.
    pub data: DataSpec,
    /// The runs, trained side by side on the same data.
    pub runs: Vec<RunConfig>,
}

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
    /// A CSV file with a header row and numeric feature columns (see [`crate::data::csv`]).
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

/// A preset that could not be read or does not make sense.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.render())]
pub struct PresetError {
    /// The file (or `builtin:NAME`).
    pub file: String,
    /// 1-based line and column, where known.
    pub position: Option<(usize, usize)>,
    /// What is wrong and what is accepted.
    pub message: String,
}

impl PresetError {
    fn render(&self) -> String {
        match self.position {
            Some((line, col)) => format!("{}:{line}:{col}: {}", self.file, self.message),
            None => format!("{}: {}", self.file, self.message),
        }
    }

    fn new(file: &str, position: Option<(usize, usize)>, message: impl Into<String>) -> Self {
        PresetError {
            file: file.to_string(),
            position,
            message: message.into(),
        }
    }
}

/// The built-in presets: (name, RON source).
pub const BUILTIN: &[(&str, &str)] = &[
    ("slowdown", include_str!("../presets/slowdown.ron")),
    (
        "quadratic-mild",
        include_str!("../presets/quadratic-mild.ron"),
    ),
    (
        "quadratic-saturated",
        include_str!("../presets/quadratic-saturated.ron"),
    ),
    (
        "cross-entropy-mild",
        include_str!("../presets/cross-entropy-mild.ron"),
    ),
    (
        "cross-entropy-saturated",
        include_str!("../presets/cross-entropy-saturated.ron"),
    ),
    (
        "cross-entropy-mild-book-demo",
        include_str!("../presets/cross-entropy-mild-book-demo.ron"),
    ),
    (
        "cross-entropy-saturated-book-demo",
        include_str!("../presets/cross-entropy-saturated-book-demo.ron"),
    ),
    (
        "book-demo-rule",
        include_str!("../presets/book-demo-rule.ron"),
    ),
    (
        "multi-input-neuron",
        include_str!("../presets/multi-input-neuron.ron"),
    ),
    (
        "multilayer-cross-entropy",
        include_str!("../presets/multilayer-cross-entropy.ron"),
    ),
    (
        "linear-output-quadratic",
        include_str!("../presets/linear-output-quadratic.ron"),
    ),
    (
        "softmax-log-likelihood",
        include_str!("../presets/softmax-log-likelihood.ron"),
    ),
    (
        "mnist-cross-entropy-30",
        include_str!("../presets/mnist-cross-entropy-30.ron"),
    ),
    (
        "mnist-quadratic-30",
        include_str!("../presets/mnist-quadratic-30.ron"),
    ),
    (
        "mnist-cross-entropy-100",
        include_str!("../presets/mnist-cross-entropy-100.ron"),
    ),
    (
        "mnist-quadratic-100",
        include_str!("../presets/mnist-quadratic-100.ron"),
    ),
    (
        "mnist-side-by-side",
        include_str!("../presets/mnist-side-by-side.ron"),
    ),
];

/// The preset the TUI opens with.
pub const DEFAULT_PRESET: &str = "slowdown";

impl Preset {
    /// Parses and validates RON `source`; `file` names it in errors.
    pub fn parse(source: &str, file: &str) -> Result<Preset, PresetError> {
        // implicit_some: optional fields can be written `dir: "digits"` as well as `Some("digits")`.
        let options = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        let preset: Preset = options.from_str(source).map_err(|e| {
            PresetError::new(
                file,
                Some((e.span.start.line, e.span.start.col)),
                e.code.to_string(),
            )
        })?;
        preset.validate(source, file)?;
        Ok(preset)
    }

    /// A built-in preset by name.
    pub fn builtin(name: &str) -> Option<Result<Preset, PresetError>> {
        BUILTIN
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(n, src)| Preset::parse(src, &format!("builtin:{n}")))
    }

    /// Reads a preset file (refusing files over [`MAX_PRESET_BYTES`] or not UTF-8).
    pub fn read_file(path: &Path) -> Result<Preset, PresetError> {
        let file = path.display().to_string();
        let meta = std::fs::metadata(path)
            .map_err(|e| PresetError::new(&file, None, format!("cannot read: {e}")))?;
        if meta.len() > MAX_PRESET_BYTES {
            return Err(PresetError::new(
                &file,
                None,
                format!(
                    "the file is {} bytes; a preset may be at most {MAX_PRESET_BYTES} bytes",
                    meta.len()
                ),
            ));
        }
        let bytes = std::fs::read(path)
            .map_err(|e| PresetError::new(&file, None, format!("cannot read: {e}")))?;
        let source = String::from_utf8(bytes).map_err(|e| {
            let before = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            PresetError::new(
                &file,
                Some(position_of(before)),
                "the file is not valid UTF-8 text",
            )
        })?;
        let mut preset = Preset::parse(&source, &file)?;
        preset.resolve_paths(path.parent().unwrap_or(Path::new(".")));
        Ok(preset)
    }

    /// A preset by built-in name or file path (a path that exists wins over a name).
    pub fn load(name_or_path: &str) -> Result<Preset, PresetError> {
        let path = PathBuf::from(name_or_path);
        if path.is_file() {
            return Preset::read_file(&path);
        }
        if let Some(p) = Preset::builtin(name_or_path) {
            return p;
        }
        let names: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
        Err(PresetError::new(
            name_or_path,
            None,
            format!(
                "no such file and no built-in preset of that name; built-ins: {}",
                names.join(", ")
            ),
        ))
    }

    /// Makes relative data paths in the preset relative to `dir` (the preset file's folder).
    pub fn resolve_paths(&mut self, dir: &Path) {
        match &mut self.data {
            DataSpec::Mnist { dir: Some(d), .. } if d.is_relative() => *d = dir.join(&*d),
            DataSpec::Csv { path, .. } if path.is_relative() => *path = dir.join(&*path),
            _ => {}
        }
    }

    /// Points an MNIST preset at the directory `dir` with the four standard files
    /// (`--data DIR`); an error for presets whose data is not MNIST.
    pub fn set_data_dir(&mut self, data_dir: &Path) -> Result<(), String> {
        match &mut self.data {
            DataSpec::Mnist { dir, .. } => {
                *dir = Some(data_dir.to_path_buf());
                Ok(())
            }
            _ => Err(format!(
                "preset {:?} does not train on MNIST, so --data has nothing to replace",
                self.name
            )),
        }
    }

    /// Checks what serde cannot: runs present and distinctly labelled, each run valid, sizes that
    /// fit the data. Cross-field errors point at the run's `label` line.
    pub fn validate(&self, source: &str, file: &str) -> Result<(), PresetError> {
        let at = |needle: &str| find_position(source, needle);
        if self.runs.is_empty() {
            return Err(PresetError::new(
                file,
                at("runs"),
                "runs is empty: a preset needs at least one run",
            ));
        }
        if self.epochs > MAX_EPOCHS {
            return Err(PresetError::new(
                file,
                at("epochs"),
                format!("epochs must be at most {MAX_EPOCHS}, got {}", self.epochs),
            ));
        }
        let (n_in, n_out) = self
            .data
            .dims()
            .map_err(|m| PresetError::new(file, at("data"), m))?;
        for (i, run) in self.runs.iter().enumerate() {
            let pos = at(&format!("\"{}\"", run.label));
            if self.runs[..i].iter().any(|r| r.label == run.label) {
                return Err(PresetError::new(
                    file,
                    pos,
                    format!("two runs are labelled {:?}; labels must differ", run.label),
                ));
            }
            let err = |m: String| PresetError::new(file, pos, format!("run {:?}: {m}", run.label));
            run.check().map_err(|e| err(e.to_string()))?;
            if matches!(run.init, Init::Neuron { .. } | Init::Explicit { .. }) {
                // Explicit weights need no randomness: building the network checks their shape.
                let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(0);
                Network::new(&run.layers, run.output, &run.init, &mut rng)
                    .map_err(|e| err(e.to_string()))?;
            }
            if let Some((n_in, n_out)) = n_in.zip(n_out) {
                if run.layers[0] != n_in {
                    return Err(err(format!(
                        "layers start with {} inputs but the data has {n_in} features per example",
                        run.layers[0]
                    )));
                }
                let last = run.layers[run.layers.len() - 1];
                if last != n_out {
                    return Err(err(format!(
                        "layers end with {last} outputs but the data's targets have {n_out} values"
                    )));
                }
            }
        }
        Ok(())
    }

    /// Loads the data the preset names.
    pub fn load_data(&self) -> Result<Dataset, String> {
        self.data.load()
    }

    /// The preset written back as RON.
    pub fn to_ron(&self) -> Result<String, String> {
        ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default().struct_names(true))
            .map_err(|e| e.to_string())
    }
}

impl DataSpec {
    /// Input and output dimensions, where known without loading (`None` when loading tells).
    pub fn dims(&self) -> Result<(Option<usize>, Option<usize>), String> {
        match self {
            DataSpec::Inline {
                inputs, targets, ..
            } => {
                if inputs.is_empty() {
                    return Err("Inline data needs at least one example".into());
                }
                if inputs.len() != targets.len() {
                    return Err(format!(
                        "Inline data has {} inputs but {} targets",
                        inputs.len(),
                        targets.len()
                    ));
                }
                if inputs.len() > MAX_EXAMPLES {
                    return Err(format!(
                        "Inline data may hold at most {MAX_EXAMPLES} examples"
                    ));
                }
                let (n_in, n_out) = (inputs[0].len(), targets[0].len());
                if n_in == 0 || n_out == 0 {
                    return Err(
                        "Inline examples need at least one input and one target value".into(),
                    );
                }
                if let Some(i) = inputs.iter().position(|x| x.len() != n_in) {
                    return Err(format!(
                        "Inline input {i} has {} values, input 0 has {n_in}",
                        inputs[i].len()
                    ));
                }
                if let Some(i) = targets.iter().position(|y| y.len() != n_out) {
                    return Err(format!(
                        "Inline target {i} has {} values, target 0 has {n_out}",
                        targets[i].len()
                    ));
                }
                if inputs
                    .iter()
                    .chain(targets)
                    .flatten()
                    .any(|v| !v.is_finite())
                {
                    return Err("Inline data must be finite numbers".into());
                }
                Ok((Some(n_in), Some(n_out)))
            }
            DataSpec::Toy { train, eval, .. } => {
                if *train == 0 {
                    return Err("Toy data needs at least one training example".into());
                }
                if train.saturating_add(*eval) > MAX_EXAMPLES {
                    return Err(format!("Toy data may hold at most {MAX_EXAMPLES} examples"));
                }
                Ok((Some(2), Some(2)))
            }
            DataSpec::Mnist { train, .. } => {
                if *train == Some(0) {
                    return Err("Mnist train must be at least 1 image".into());
                }
                Ok((
                    Some(crate::data::mnist::PIXELS),
                    Some(crate::data::mnist::CLASSES),
                ))
            }
            DataSpec::Csv {
                label,
                targets,
                features,
                ..
            } => {
                if label.is_some() != targets.is_empty() {
                    return Err(
                        "Csv data needs either `label` (a column of classes) or `targets` (columns of real values), not both".into(),
                    );
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
    pub fn load(&self) -> Result<Dataset, String> {
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
            DataSpec::Mnist { dir, train, eval } => crate::data::mnist::load(
                dir.as_deref(),
                crate::data::mnist::Limits {
                    train: *train,
                    eval: *eval,
                },
            ),
            DataSpec::Csv {
                path,
                label,
                targets,
                features,
                eval,
            } => crate::data::csv::load(&crate::data::csv::CsvSpec {
                path,
                label: label.as_deref(),
                targets,
                features,
                eval: *eval,
            }),
        }
    }
}

/// 1-based (line, column) of the end of `text`.
fn position_of(text: &[u8]) -> (usize, usize) {
    let line = text.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = text.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, col)
}

/// 1-based (line, column) of the first occurrence of `needle` in `source`.
fn find_position(source: &str, needle: &str) -> Option<(usize, usize)> {
    source
        .find(needle)
        .map(|i| position_of(&source.as_bytes()[..i]))
}

/// Deserializers that refuse bad values while parsing, so the error carries line and column.
pub mod de {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer};

    /// A learning rate: finite and greater than 0.
    pub fn eta<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        let v = f64::deserialize(d)?;
        if v.is_finite() && v > 0.0 {
            Ok(v)
        } else {
            Err(D::Error::custom(format!(
                "eta must be a finite number greater than 0, got {v}"
            )))
        }
    }

    /// A count of at least 1.
    pub fn positive<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
        let v = usize::deserialize(d)?;
        if v >= 1 {
            Ok(v)
        } else {
            Err(D::Error::custom(
                "expected a whole number of at least 1, got 0",
            ))
        }
    }

    /// Layer sizes: at least two layers, none of zero neurons.
    pub fn layers<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<usize>, D::Error> {
        let v = Vec::<usize>::deserialize(d)?;
        if v.len() < 2 {
            return Err(D::Error::custom(format!(
                "layers must list at least an input and an output layer, e.g. [1, 1]; got {v:?}"
            )));
        }
        if v.contains(&0) {
            return Err(D::Error::custom(format!(
                "every layer needs at least one neuron; got {v:?}"
            )));
        }
        crate::net::network::check_sizes(&v).map_err(D::Error::custom)?;
        Ok(v)
    }
}
