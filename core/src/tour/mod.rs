//! Guided tours: section 3.1 walked step by step, each step a preset, a view and a prediction
//! whose answer is judged from the metrics of the run that actually happened.
//!
//! A tour is data (RON, validated like presets with `file:line:column` errors); the shipped one
//! is `presets/tours/section-3.1.ron`, embedded in the binary. The learner's progress (steps done, answers)
//! is a small RON file the caller places in the data directory ([`Progress`]).

mod judge;
mod load;
mod progress;
mod trace;

pub use judge::{Grade, Judgement, Truth};
pub use load::check_view;
pub use progress::{Progress, StepProgress};
pub use trace::{Point, RunTrace, Trace, Value, run_trace};

use serde::{Deserialize, Serialize};

/// The shipped tour's RON source.
pub const BUILTIN_TOUR: &str = include_str!("../../../presets/tours/section-3.1.ron");

/// The views a step may name; `exercise:ID` names one exercise of the Exercises tab.
///
/// `cost` is the cost chart, `params` the parameter editor, `neuron` the neuron / gradient pane,
/// `digits` the MNIST digits, `about` the preset's description; `sigma`, `landscape`, `map`,
/// `decision`, `formula` and `softmax` are the sigma pane, the cost landscape, the learning-speed
/// map, each run's answer over its two input features, a neuron's gradient with its numbers and
/// the softmax sliders (a step naming `softmax` keeps the cost chart in view, and its panel says how to open
/// the sliders over it).
pub const VIEWS: &[&str] = &[
    "cost",
    "params",
    "neuron",
    "digits",
    "about",
    "sigma",
    "landscape",
    "map",
    "decision",
    "formula",
    "softmax",
];

/// Points a run's trace keeps at most; a longer run stops being traced (and says so).
pub const MAX_TRACE_POINTS: usize = 200_000;

/// A guided tour: ordered steps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tour {
    /// Short name; names the progress file.
    pub name: String,
    /// One line on what the tour walks through.
    pub title: String,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// One step: what the book says, what to do and look at, and a prediction to make first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Unique within the tour (progress is kept by id).
    pub id: String,
    /// Heading.
    pub title: String,
    /// A built-in preset name, or a .ron path relative to the tour file.
    pub preset: String,
    /// A view name from [`VIEWS`] or `exercise:ID`.
    pub view: String,
    /// What the book says here, in the tour's own words, with equation numbers.
    pub book: String,
    /// What to do.
    pub todo: String,
    /// What to look at.
    pub look: String,
    /// Exercises that belong to this step (ids as `nnlab exercises` lists them).
    #[serde(default)]
    pub exercises: Vec<String>,
    /// The prediction asked before the run.
    #[serde(default)]
    pub question: Option<Question>,
    /// Epochs `nnlab tour --check` trains instead of the preset's (slow MNIST steps); it says
    /// so on the step's line.
    #[serde(default)]
    pub check_epochs: Option<u64>,
}

/// A prediction: multiple choice or a number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// The question as asked.
    pub prompt: String,
    /// How the answer is judged.
    pub answer: Answer,
}

/// How a question's answer is found from the run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    /// The right option is the first whose condition holds on the run.
    Choice(Vec<Choice>),
    /// A number measured on the run; a guess within the tolerance is right.
    Number {
        /// What is measured.
        measure: Measure,
        /// How close counts.
        tolerance: Tolerance,
        /// Unit shown after numbers ("epochs", "%").
        #[serde(default)]
        unit: String,
    },
}

/// One option of a multiple-choice question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The option as shown.
    pub text: String,
    /// When it is the right one.
    pub when: Condition,
}

/// A condition on the run's measures. An event that never happened counts as later than any
/// that did (+infinity).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    /// The first measure is smaller than the second.
    Less(Measure, Measure),
    /// The measure is below the number.
    Below(Measure, f64),
    /// The measure is above the number.
    Above(Measure, f64),
    /// Every condition holds.
    All(Vec<Condition>),
    /// Always true (the last option: "neither", "they tie").
    Otherwise,
}

/// A number read from one run's trace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Measure {
    /// The first epoch at which the quantity is below the value (never: +infinity).
    FirstBelow {
        /// The run's label.
        run: String,
        /// What is read.
        of: Quantity,
        /// The threshold.
        value: f64,
    },
    /// The first epoch at which the quantity is above the value (never: +infinity).
    FirstAbove {
        /// The run's label.
        run: String,
        /// What is read.
        of: Quantity,
        /// The threshold.
        value: f64,
    },
    /// The quantity after the last epoch trained.
    Final {
        /// The run's label.
        run: String,
        /// What is read.
        of: Quantity,
    },
    /// The quantity at an epoch.
    At {
        /// The run's label.
        run: String,
        /// What is read.
        of: Quantity,
        /// The epoch.
        epoch: u64,
    },
}

/// What a measure reads at an epoch.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Quantity {
    /// The training cost C.
    Cost,
    /// C/C0: the training cost over its value at epoch 0.
    CostRatio,
    /// The evaluation cost.
    EvalCost,
    /// Accuracy in percent (classification presets).
    Accuracy,
    /// The output a on the first training input (single neurons).
    Output,
    /// Weight w_j, 1-based as the book writes it (single neurons).
    Weight(usize),
    /// |w_j - w_j at epoch 0|, 1-based (single neurons).
    WeightMoved(usize),
    /// The bias b (single neurons).
    Bias,
}

/// How close a numeric guess must be.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Tolerance {
    /// |guess - actual| <= this.
    Absolute(f64),
    /// |guess - actual| <= this * |actual|.
    Relative(f64),
}

/// The learner's answer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Given {
    /// The option's index (0-based).
    Choice(usize),
    /// A number.
    Number(f64),
}
