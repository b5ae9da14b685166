//! Presets: plain serde types read from RON, validated, with the built-ins embedded in the
//! binary so they work from any directory.

use crate::book::{Cost, Init, Network};
use crate::data::Dataset;
pub use crate::data::{DataSpec, MAX_EXAMPLES};
use crate::run::config::{RunConfig, RunError};
use rand::SeedableRng;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The largest preset file nnlab reads; larger files are refused before parsing.
pub const MAX_PRESET_BYTES: u64 = 1 << 20;
pub use crate::rules::MAX_EPOCHS;

mod diff;
pub use diff::differences;

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
    ("slowdown", include_str!("../../presets/slowdown.ron")),
    (
        "quadratic-mild",
        include_str!("../../presets/quadratic-mild.ron"),
    ),
    (
        "quadratic-saturated",
        include_str!("../../presets/quadratic-saturated.ron"),
    ),
    (
        "cross-entropy-mild",
        include_str!("../../presets/cross-entropy-mild.ron"),
    ),
    (
        "cross-entropy-saturated",
        include_str!("../../presets/cross-entropy-saturated.ron"),
    ),
    (
        "cross-entropy-mild-book-demo",
        include_str!("../../presets/cross-entropy-mild-book-demo.ron"),
    ),
    (
        "cross-entropy-saturated-book-demo",
        include_str!("../../presets/cross-entropy-saturated-book-demo.ron"),
    ),
    (
        "book-demo-rule",
        include_str!("../../presets/book-demo-rule.ron"),
    ),
    (
        "multi-input-neuron",
        include_str!("../../presets/multi-input-neuron.ron"),
    ),
    (
        "multilayer-cross-entropy",
        include_str!("../../presets/multilayer-cross-entropy.ron"),
    ),
    (
        "linear-output-quadratic",
        include_str!("../../presets/linear-output-quadratic.ron"),
    ),
    (
        "softmax-log-likelihood",
        include_str!("../../presets/softmax-log-likelihood.ron"),
    ),
    (
        "mnist-cross-entropy-30",
        include_str!("../../presets/mnist-cross-entropy-30.ron"),
    ),
    (
        "mnist-quadratic-30",
        include_str!("../../presets/mnist-quadratic-30.ron"),
    ),
    (
        "mnist-cross-entropy-100",
        include_str!("../../presets/mnist-cross-entropy-100.ron"),
    ),
    (
        "mnist-quadratic-100",
        include_str!("../../presets/mnist-quadratic-100.ron"),
    ),
    (
        "mnist-side-by-side",
        include_str!("../../presets/mnist-side-by-side.ron"),
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
        let bytes = crate::data::read_capped(path, MAX_PRESET_BYTES)
            .map_err(|e| PresetError::new(&file, None, e))?;
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
        crate::rules::check_epochs(self.epochs)
            .map_err(|e| PresetError::new(file, at("epochs"), e.to_string()))?;
        let (n_in, n_out) = self
            .data
            .dims()
            .map_err(|e| PresetError::new(file, at("data"), e.to_string()))?;
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
            self.check_inline_targets(run)
                .map_err(|e| err(e.to_string()))?;
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

    /// The targets written in the preset (inline data only) checked against `run`'s cost.
    fn check_inline_targets(&self, run: &RunConfig) -> Result<(), RunError> {
        match &self.data {
            DataSpec::Inline { targets, .. } => {
                crate::rules::check_targets(run.cost, targets.iter().map(Vec::as_slice))?;
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Whether run `r` may switch to `cost`: the pair with its output layer, its update rule and
    /// (for data written in the preset) its targets. The editor asks this before sending the
    /// change; the trainer checks again against the loaded data.
    pub fn check_cost(&self, r: usize, cost: Cost) -> Result<(), RunError> {
        let Some(run) = self.runs.get(r) else {
            return Err(RunError::Invalid(format!("there is no run number {r}")));
        };
        let mut run = run.clone();
        run.cost = cost;
        run.check()?;
        self.check_inline_targets(&run)
    }

    /// The costs the editor offers run `r`, in [`Cost::ALL`]'s order: those
    /// [`Preset::check_cost`] accepts.
    pub fn costs_offered(&self, r: usize) -> Vec<Cost> {
        Cost::ALL
            .into_iter()
            .filter(|&c| self.check_cost(r, c).is_ok())
            .collect()
    }

    /// The description's first sentence, whole: up to the first ". " that does not follow an
    /// abbreviation such as "Eq." or "e.g." (the whole description if there is none).
    pub fn first_sentence(&self) -> &str {
        let text = self.description.as_str();
        let mut from = 0;
        while let Some(i) = text[from..].find(". ") {
            let at = from + i;
            let before = &text[..at];
            if !(before.ends_with("Eq") || before.ends_with("e.g") || before.ends_with("i.e")) {
                return &text[..=at];
            }
            from = at + 2;
        }
        text
    }

    /// Loads the data the preset names.
    pub fn load_data(&self) -> Result<Dataset, String> {
        self.data.load().map_err(|e| e.to_string())
    }

    /// The preset written back as RON.
    pub fn to_ron(&self) -> Result<String, String> {
        ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default().struct_names(true))
            .map_err(|e| e.to_string())
    }
}

/// 1-based (line, column) of the end of `text` (a preset of at most 1 MiB: no need for a
/// byte-counting crate).
#[allow(clippy::naive_bytecount)]
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
