//! The exercise explorer: every derivation of section 3.1 as a numerical experiment.
//!
//! An exercise is a constant [`Exercise`]: an id, a title, the equations it is about,
//! a statement in nnlab's own words, editable inputs with defaults and ranges, and an
//! evaluation function that returns evidence (a table, an optional chart), a verdict and the worst
//! numerical error. Adding one means one new file with its `EXERCISE` plus one line in [`registry`].

mod batch_gradient;
mod binary_vs_categorical;
mod book_demo;
mod convexity;
mod derive_cross_entropy;
mod entropy_minimum;
mod input_factor;
mod kit;
mod learning_rate;
mod linear_output;
mod many_layers;
mod nonnegative;
mod roles_y_a;
mod sigmoid_prime;
mod softmax_gradients;
mod softmax_inverse;
mod softmax_jacobian;
mod softmax_nonlocal;
mod softmax_scale;
mod softmax_sums;
mod surprise;
mod toy_gradients;
mod what_sums_over;

use serde::Serialize;

/// One editable input of an exercise.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Input {
    /// Name used by `--set name=value` and in the TUI.
    pub name: &'static str,
    /// What it is, in a few words.
    pub help: &'static str,
    /// Value used when the user sets nothing.
    pub default: f64,
    /// Smallest accepted value.
    pub min: f64,
    /// Largest accepted value.
    pub max: f64,
    /// Nudge step in the TUI.
    pub step: f64,
    /// Which values are accepted between `min` and `max`.
    pub kind: InputKind,
}

/// What kind of number an input takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum InputKind {
    /// Any finite number in range.
    Real,
    /// A whole number (a count, a class, a seed).
    Whole,
    /// An even whole number (Simpson's rule takes an even number of intervals).
    Even,
}

/// The values of an exercise's inputs, in the order of [`Exercise::inputs`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Values {
    inputs: &'static [Input],
    values: Vec<f64>,
}

impl Values {
    /// The defaults of `inputs`.
    pub fn defaults(inputs: &'static [Input]) -> Values {
        Values {
            inputs,
            values: inputs.iter().map(|i| i.default).collect(),
        }
    }

    /// The value of input `name`, or NaN if `name` is not an input of this exercise.
    pub fn get(&self, name: &str) -> f64 {
        self.inputs
            .iter()
            .position(|i| i.name == name)
            .map_or(f64::NAN, |k| self.values[k])
    }

    /// The values in input order.
    pub fn as_slice(&self) -> &[f64] {
        &self.values
    }

    /// Sets input `name`, refusing unknown names, non-finite values and values out of range.
    pub fn set(&mut self, name: &str, value: f64) -> Result<(), String> {
        let Some(k) = self.inputs.iter().position(|i| i.name == name) else {
            let names: Vec<&str> = self.inputs.iter().map(|i| i.name).collect();
            return Err(format!(
                "no input named {name:?}; this exercise's inputs are: {}",
                if names.is_empty() {
                    "(none)".to_string()
                } else {
                    names.join(", ")
                }
            ));
        };
        let input = &self.inputs[k];
        if !value.is_finite() || value < input.min || value > input.max {
            return Err(format!(
                "{name} = {value} is out of range: it must be between {} and {}",
                input.min, input.max
            ));
        }
        match input.kind {
            InputKind::Whole if value.fract() != 0.0 => {
                return Err(format!("{name} = {value} must be a whole number"));
            }
            InputKind::Even if value.fract() != 0.0 || value % 2.0 != 0.0 => {
                return Err(format!("{name} = {value} must be an even whole number"));
            }
            _ => {}
        }
        self.values[k] = value;
        Ok(())
    }
}

/// A table of evidence: named columns and rows of formatted cells.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Table {
    /// Column headings.
    pub columns: Vec<String>,
    /// Rows, each with one cell per column.
    pub rows: Vec<Vec<String>>,
}

/// One curve of a chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// Legend name.
    pub name: String,
    /// (x, y) points in increasing x.
    pub points: Vec<(f64, f64)>,
}

/// A small chart where a curve says more than a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    /// Label of the x axis.
    pub x_label: String,
    /// Label of the y axis.
    pub y_label: String,
    /// The curves.
    pub series: Vec<Series>,
}

/// The result of evaluating an exercise at some inputs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// Whether the claim holds numerically (for a "watch it fail" exercise: whether the failure
    /// the book describes shows up).
    pub holds: bool,
    /// One or two sentences saying what the numbers show.
    pub verdict: String,
    /// The worst numerical error between the two sides of the claim (0 when not applicable).
    pub max_error: f64,
    /// The evidence.
    pub table: Table,
    /// An optional chart.
    pub chart: Option<Chart>,
}

/// One exercise or derivation of section 3.1: a constant description and one evaluation.
#[derive(Debug, Clone, Copy)]
pub struct Exercise {
    /// Short stable id used on the command line (`sigmoid-prime`).
    pub id: &'static str,
    /// Title.
    pub title: &'static str,
    /// The book's equations it is about, e.g. "Eq. (55)-(56)".
    pub equations: &'static str,
    /// The claim and how it is checked, in nnlab's words: what holds whatever the inputs.
    pub statement: &'static str,
    /// The statement's numbers at the inputs (a sentence appended to it), for a statement that
    /// quotes any: computed from the values, so a `--set` never leaves a default's number.
    pub at_inputs: Option<fn(&Values) -> String>,
    /// Editable inputs with defaults and ranges.
    pub inputs: &'static [Input],
    /// Evaluates the claim at some values of the inputs.
    pub evaluate: fn(&Values) -> Outcome,
}

impl Exercise {
    /// Short stable id used on the command line (`sigmoid-prime`).
    pub fn id(&self) -> &'static str {
        self.id
    }
    /// Title.
    pub fn title(&self) -> &'static str {
        self.title
    }
    /// The book's equations it is about.
    pub fn equations(&self) -> &'static str {
        self.equations
    }
    /// The claim and how it is checked, with its numbers at `values`.
    pub fn statement(&self, values: &Values) -> String {
        match self.at_inputs {
            Some(at) => format!("{} {}", self.statement, at(values)),
            None => self.statement.to_string(),
        }
    }
    /// Editable inputs with defaults and ranges.
    pub fn inputs(&self) -> &'static [Input] {
        self.inputs
    }
    /// Evaluates the claim at `values`.
    pub fn evaluate(&self, values: &Values) -> Outcome {
        (self.evaluate)(values)
    }
    /// The default values.
    pub fn defaults(&self) -> Values {
        Values::defaults(self.inputs)
    }
}

/// Every exercise, in the order of the section.
pub fn registry() -> &'static [&'static Exercise] {
    &[
        &sigmoid_prime::EXERCISE,
        &toy_gradients::EXERCISE,
        &roles_y_a::EXERCISE,
        &nonnegative::EXERCISE,
        &entropy_minimum::EXERCISE,
        &many_layers::EXERCISE,
        &linear_output::EXERCISE,
        &derive_cross_entropy::EXERCISE,
        &input_factor::EXERCISE,
        &learning_rate::EXERCISE,
        &softmax_sums::EXERCISE,
        &softmax_jacobian::EXERCISE,
        &softmax_nonlocal::EXERCISE,
        &softmax_inverse::EXERCISE,
        &softmax_scale::EXERCISE,
        &softmax_gradients::EXERCISE,
        &what_sums_over::EXERCISE,
        &binary_vs_categorical::EXERCISE,
        &batch_gradient::EXERCISE,
        &surprise::EXERCISE,
        &convexity::EXERCISE,
        &book_demo::EXERCISE,
    ]
}

/// The exercise with id `id`.
pub fn find(id: &str) -> Option<&'static Exercise> {
    registry().iter().copied().find(|e| e.id() == id)
}

/// Central finite difference (f(x + h) - f(x - h)) / 2h.
pub fn central_difference(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x - h)) / (2.0 * h)
}
