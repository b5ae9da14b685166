//! Loading a tour: parsing its RON, checking every step's preset, view and question (errors
//! with `file:line:column`), and describing where a step's run differs from its preset.

use super::{Answer, BUILTIN_TOUR, Condition, Measure, Quantity, Question, Tolerance, Tour, VIEWS};
use crate::exercises;
use crate::preset::{MAX_PRESET_BYTES, Preset, PresetError};
use std::path::{Path, PathBuf};

impl Tour {
    /// The shipped tour.
    pub fn builtin() -> Result<Tour, PresetError> {
        Tour::parse(BUILTIN_TOUR, "builtin:tour", None)
    }

    /// Parses and validates a tour; `file` names it in errors, `dir` is where relative preset
    /// paths are looked up (None: built-in presets only).
    pub fn parse(source: &str, file: &str, dir: Option<&Path>) -> Result<Tour, PresetError> {
        let options = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        let tour: Tour = options.from_str(source).map_err(|e| {
            err(
                file,
                Some((e.span.start.line, e.span.start.col)),
                e.code.to_string(),
            )
        })?;
        tour.validate(source, file, dir)?;
        Ok(tour)
    }

    /// Reads a tour file (at most [`MAX_PRESET_BYTES`], UTF-8).
    pub fn read_file(path: &Path) -> Result<Tour, PresetError> {
        let file = path.display().to_string();
        let meta =
            std::fs::metadata(path).map_err(|e| err(&file, None, format!("cannot read: {e}")))?;
        if !meta.is_file() {
            return Err(err(&file, None, "not a regular file"));
        }
        if meta.len() > MAX_PRESET_BYTES {
            return Err(err(
                &file,
                None,
                format!(
                    "the file is {} bytes; a tour may be at most {MAX_PRESET_BYTES} bytes",
                    meta.len()
                ),
            ));
        }
        let bytes =
            std::fs::read(path).map_err(|e| err(&file, None, format!("cannot read: {e}")))?;
        let source = String::from_utf8(bytes).map_err(|e| {
            let before = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            err(
                &file,
                Some(position_of(before)),
                "the file is not valid UTF-8 text",
            )
        })?;
        Tour::parse(
            &source,
            &file,
            Some(path.parent().unwrap_or(Path::new("."))),
        )
    }

    /// Loads step `i`'s preset (a built-in name or a path relative to `dir`).
    pub fn step_preset(&self, i: usize, dir: Option<&Path>) -> Result<Preset, PresetError> {
        let step = self
            .steps
            .get(i)
            .ok_or_else(|| err("tour", None, format!("no step {}", i + 1)))?;
        load_step_preset(&step.preset, dir)
    }

    fn validate(&self, source: &str, file: &str, dir: Option<&Path>) -> Result<(), PresetError> {
        if self.steps.is_empty() {
            return Err(err(
                file,
                find_after(source, 0, "steps"),
                "steps is empty: a tour needs at least one step",
            ));
        }
        let mut from = 0;
        for (i, step) in self.steps.iter().enumerate() {
            // Positions inside a step are searched from the step's id on.
            let id_needle = format!("\"{}\"", step.id);
            let start = find_offset(source, from, &id_needle).unwrap_or(from);
            from = start + 1;
            let at = |needle: &str| find_after(source, start, needle);
            let fail =
                |needle: &str, m: String| err(file, at(needle), format!("step {:?}: {m}", step.id));
            if step.id.trim().is_empty() {
                return Err(err(file, at("id"), format!("step {}: id is empty", i + 1)));
            }
            if self.steps[..i].iter().any(|s| s.id == step.id) {
                return Err(fail(
                    &id_needle,
                    "two steps have this id; ids must differ".into(),
                ));
            }
            let preset = load_step_preset(&step.preset, dir).map_err(|e| {
                fail(
                    &format!("\"{}\"", step.preset),
                    format!("preset {:?}: {}", step.preset, e),
                )
            })?;
            check_view(&step.view, &preset).map_err(|m| fail(&format!("\"{}\"", step.view), m))?;
            for id in &step.exercises {
                if exercises::find(id).is_none() {
                    return Err(fail(
                        &format!("\"{id}\""),
                        format!(
                            "no exercise {id:?}; the ids are: {}",
                            exercise_ids().join(", ")
                        ),
                    ));
                }
            }
            if step.check_epochs == Some(0) {
                return Err(fail(
                    "check_epochs",
                    "check_epochs must be at least 1".into(),
                ));
            }
            if let Some(q) = &step.question {
                check_question(q, &preset).map_err(|(needle, m)| fail(&needle, m))?;
            }
        }
        Ok(())
    }
}

// Step presets are named as the shipped files are (a lower-case `.ron`); any other name goes
// to `Preset::load`, which says what it could not find.
#[allow(clippy::case_sensitive_file_extension_comparisons)]
fn load_step_preset(name: &str, dir: Option<&Path>) -> Result<Preset, PresetError> {
    if let Some(p) = Preset::builtin(name) {
        return p;
    }
    match dir {
        Some(dir) if name.ends_with(".ron") => {
            let path: PathBuf = dir.join(name);
            Preset::read_file(&path)
        }
        _ => Preset::load(name),
    }
}

fn exercise_ids() -> Vec<&'static str> {
    exercises::registry().iter().map(|e| e.id()).collect()
}

/// Checks a view name against [`VIEWS`] (or `exercise:ID`) and the preset.
pub fn check_view(view: &str, preset: &Preset) -> Result<(), String> {
    if let Some(id) = view.strip_prefix("exercise:") {
        return if exercises::find(id).is_some() {
            Ok(())
        } else {
            Err(format!(
                "view {view:?}: no exercise {id:?}; the ids are: {}",
                exercise_ids().join(", ")
            ))
        };
    }
    if !VIEWS.contains(&view) {
        return Err(format!(
            "no view {view:?}; the views are: {}, or exercise:ID",
            VIEWS.join(", ")
        ));
    }
    if view == "digits" && !matches!(preset.data, crate::data::DataSpec::Mnist { .. }) {
        return Err(format!(
            "view \"digits\" needs an MNIST preset; {:?} is not one",
            preset.name
        ));
    }
    Ok(())
}

fn check_question(q: &Question, preset: &Preset) -> Result<(), (String, String)> {
    let labels: Vec<&str> = preset.runs.iter().map(|r| r.label.as_str()).collect();
    match &q.answer {
        Answer::Choice(options) => {
            if options.len() < 2 {
                return Err((
                    "Choice".into(),
                    "a Choice needs at least two options".into(),
                ));
            }
            if options.len() > 9 {
                return Err(("Choice".into(), "a Choice has at most nine options".into()));
            }
            if let Some(i) = options.iter().position(|o| o.when == Condition::Otherwise)
                && i + 1 != options.len()
            {
                return Err((
                    "Otherwise".into(),
                    "Otherwise is always true, so it must be the last option".into(),
                ));
            }
            for o in options {
                if o.when.thresholds().iter().any(|x| !x.is_finite()) {
                    return Err(("when".into(), "a condition's number must be finite".into()));
                }
            }
        }
        Answer::Number { tolerance, .. } => {
            let t = match tolerance {
                Tolerance::Absolute(t) | Tolerance::Relative(t) => *t,
            };
            if !(t.is_finite() && t > 0.0) {
                return Err((
                    "tolerance".into(),
                    format!("the tolerance must be a finite number greater than 0, got {t}"),
                ));
            }
        }
    }
    for m in q.measures() {
        let Some(run) = preset.runs.iter().find(|r| r.label == m.run()) else {
            return Err((
                format!("run: \"{}\"", m.run()),
                format!(
                    "no run labelled {:?} in preset {:?} (runs: {})",
                    m.run(),
                    preset.name,
                    labels.join(", ")
                ),
            ));
        };
        let q = m.quantity();
        if q.needs_neuron() && !run.is_single_neuron() {
            return Err((
                "of:".into(),
                format!(
                    "{} is read from a single neuron, and run {:?} is a network",
                    q.name(),
                    run.label
                ),
            ));
        }
        if let Quantity::Weight(j) | Quantity::WeightMoved(j) = q
            && (j == 0 || j > run.layers[0])
        {
            return Err((
                "of:".into(),
                format!(
                    "weights are numbered 1 to {} (the run's inputs), got {j}",
                    run.layers[0]
                ),
            ));
        }
        if let Measure::FirstBelow { value, .. } | Measure::FirstAbove { value, .. } = m
            && !value.is_finite()
        {
            return Err(("value".into(), "a threshold must be a finite number".into()));
        }
    }
    Ok(())
}

fn err(file: &str, position: Option<(usize, usize)>, message: impl Into<String>) -> PresetError {
    PresetError {
        file: file.to_string(),
        position,
        message: message.into(),
    }
}

/// 1-based (line, column) of the end of `text`.
fn position_of(text: &[u8]) -> (usize, usize) {
    let line = text.split(|&b| b == b'\n').count();
    let col = text.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, col)
}

fn find_offset(source: &str, from: usize, needle: &str) -> Option<usize> {
    source.get(from..)?.find(needle).map(|i| i + from)
}

/// 1-based (line, column) of the first `needle` at or after byte `from` (else anywhere).
fn find_after(source: &str, from: usize, needle: &str) -> Option<(usize, usize)> {
    find_offset(source, from, needle)
        .or_else(|| source.find(needle))
        .map(|i| position_of(&source.as_bytes()[..i]))
}
