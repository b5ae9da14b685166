//! Guided tours: section 3.1 walked step by step, each step a preset, a view and a prediction
//! whose answer is judged from the metrics of the run that actually happened.
//!
//! A tour is data (RON, validated like presets with `file:line:column` errors); the shipped one
//! is `presets/tours/section-3.1.ron`, embedded in the binary. The learner's progress (steps done, answers)
//! is a small RON file the caller places in the data directory ([`Progress`]).

use crate::exercises;
use crate::net::EpochMetrics;
use crate::preset::{MAX_PRESET_BYTES, Preset, PresetError};
use crate::session::Session;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The shipped tour's RON source.
pub const BUILTIN_TOUR: &str = include_str!("../../presets/tours/section-3.1.ron");

/// The views a step may name; `exercise:ID` names one exercise of the Exercises tab.
///
/// `cost` is the cost chart, `params` the parameter editor, `neuron` the neuron / gradient pane,
/// `digits` the MNIST digits, `about` the preset's description; `sigma`, `landscape`, `map` and
/// `softmax` are the sigma pane, the cost landscape, the learning-speed map and the softmax
/// sliders (a lab without them shows the closest pane it has).
pub const VIEWS: &[&str] = &[
    "cost",
    "params",
    "neuron",
    "digits",
    "about",
    "sigma",
    "landscape",
    "map",
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

/// The recorded history of a preset's runs, epoch by epoch, that questions are judged on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trace {
    /// One per run, in the preset's order.
    pub runs: Vec<RunTrace>,
}

/// One run's recorded epochs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunTrace {
    /// The run's label.
    pub label: String,
    /// Recorded epochs, increasing.
    pub points: Vec<Point>,
    /// More epochs happened than [`MAX_TRACE_POINTS`]; later ones were not recorded.
    pub truncated: bool,
}

/// What a trace keeps of one epoch.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// The epoch.
    pub epoch: u64,
    /// Training cost.
    pub cost: f64,
    /// Evaluation cost.
    pub eval_cost: Option<f64>,
    /// Accuracy in [0, 1].
    pub accuracy: Option<f64>,
    /// Output a (single neurons).
    pub a: Option<f64>,
    /// Weights (single neurons).
    pub w: Vec<f64>,
    /// Bias (single neurons).
    pub b: Option<f64>,
}

impl Trace {
    /// An empty trace for the preset's runs.
    pub fn for_preset(preset: &Preset) -> Trace {
        Trace {
            runs: preset
                .runs
                .iter()
                .map(|r| RunTrace {
                    label: r.label.clone(),
                    ..RunTrace::default()
                })
                .collect(),
        }
    }

    /// Records run `run`'s metrics; an epoch not after the last recorded one replaces the
    /// points from it on (a restart).
    pub fn record(&mut self, run: usize, m: &EpochMetrics) {
        let Some(t) = self.runs.get_mut(run) else {
            return;
        };
        while t.points.last().is_some_and(|p| p.epoch >= m.epoch) {
            t.points.pop();
            t.truncated = false;
        }
        if t.points.len() >= MAX_TRACE_POINTS {
            t.truncated = true;
            return;
        }
        let n = m.neuron.as_ref();
        t.points.push(Point {
            epoch: m.epoch,
            cost: m.cost,
            eval_cost: m.eval_cost,
            accuracy: m.accuracy,
            a: n.map(|n| n.a),
            w: n.map(|n| n.w.clone()).unwrap_or_default(),
            b: n.map(|n| n.b),
        });
    }

    /// Forgets run `run`'s points (it restarted).
    pub fn clear(&mut self, run: usize) {
        if let Some(t) = self.runs.get_mut(run) {
            t.points.clear();
            t.truncated = false;
        }
    }

    /// The last epoch recorded by any run.
    pub fn epochs(&self) -> u64 {
        self.runs
            .iter()
            .filter_map(|r| r.points.last().map(|p| p.epoch))
            .max()
            .unwrap_or(0)
    }
}

/// Trains `preset` headless for `epochs` epochs (or until every run finished or diverged) and
/// records every epoch.
pub fn run_trace(preset: &Preset, epochs: u64) -> Result<Trace, String> {
    let mut preset = preset.clone();
    preset.epochs = epochs;
    let mut session = Session::new(preset.clone()).map_err(|e| e.to_string())?;
    let mut trace = Trace::for_preset(&preset);
    for (i, m) in session.metrics().iter().enumerate() {
        trace.record(i, m);
    }
    while !session.finished() {
        for (i, m) in session.step().iter().enumerate() {
            if session.runs[i].diverged_at.is_none_or(|d| d == m.epoch) {
                trace.record(i, m);
            }
        }
    }
    Ok(trace)
}

/// A measure's value: a number, or an event that did not happen within the epochs run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// A number.
    Number(f64),
    /// The event did not happen in the recorded epochs.
    Never,
}

impl Value {
    fn key(self) -> f64 {
        match self {
            Value::Number(v) => v,
            Value::Never => f64::INFINITY,
        }
    }
}

impl Quantity {
    /// The quantity's name as the judgement prints it.
    pub fn name(self) -> String {
        match self {
            Quantity::Cost => "C".into(),
            Quantity::CostRatio => "C/C0".into(),
            Quantity::EvalCost => "eval C".into(),
            Quantity::Accuracy => "accuracy %".into(),
            Quantity::Output => "a".into(),
            Quantity::Weight(j) => format!("w{j}"),
            Quantity::WeightMoved(j) => format!("|w{j} - w{j}(0)|"),
            Quantity::Bias => "b".into(),
        }
    }

    fn needs_neuron(self) -> bool {
        matches!(
            self,
            Quantity::Output | Quantity::Weight(_) | Quantity::WeightMoved(_) | Quantity::Bias
        )
    }

    fn read(self, t: &RunTrace, p: &Point) -> Result<f64, String> {
        let missing = |what: &str| format!("run {:?} has no {what}", t.label);
        let first = t.points.first().ok_or_else(|| missing("epochs"))?;
        let weight = |p: &Point, j: usize| -> Result<f64, String> {
            j.checked_sub(1)
                .and_then(|k| p.w.get(k).copied())
                .ok_or_else(|| missing(&format!("weight w{j}")))
        };
        let v = match self {
            Quantity::Cost => p.cost,
            Quantity::CostRatio => {
                if first.cost > 0.0 {
                    p.cost / first.cost
                } else {
                    return Err(format!(
                        "run {:?} starts at cost 0, so C/C0 is undefined",
                        t.label
                    ));
                }
            }
            Quantity::EvalCost => p.eval_cost.ok_or_else(|| missing("evaluation cost"))?,
            Quantity::Accuracy => 100.0 * p.accuracy.ok_or_else(|| missing("accuracy"))?,
            Quantity::Output => p.a.ok_or_else(|| missing("single output a"))?,
            Quantity::Weight(j) => weight(p, j)?,
            Quantity::WeightMoved(j) => (weight(p, j)? - weight(first, j)?).abs(),
            Quantity::Bias => p.b.ok_or_else(|| missing("bias b"))?,
        };
        if v.is_finite() {
            Ok(v)
        } else {
            Err(format!(
                "run {:?}: {} is not finite at epoch {} (the run diverged)",
                t.label,
                self.name(),
                p.epoch
            ))
        }
    }
}

impl Measure {
    fn run(&self) -> &str {
        match self {
            Measure::FirstBelow { run, .. }
            | Measure::FirstAbove { run, .. }
            | Measure::Final { run, .. }
            | Measure::At { run, .. } => run,
        }
    }

    fn quantity(&self) -> Quantity {
        match self {
            Measure::FirstBelow { of, .. }
            | Measure::FirstAbove { of, .. }
            | Measure::Final { of, .. }
            | Measure::At { of, .. } => *of,
        }
    }

    /// What the measure is, in words.
    pub fn describe(&self) -> String {
        match self {
            Measure::FirstBelow { run, of, value } => {
                format!("first epoch {run}'s {} < {value}", of.name())
            }
            Measure::FirstAbove { run, of, value } => {
                format!("first epoch {run}'s {} > {value}", of.name())
            }
            Measure::Final { run, of } => format!("{run}'s final {}", of.name()),
            Measure::At { run, of, epoch } => format!("{run}'s {} at epoch {epoch}", of.name()),
        }
    }

    /// Reads the measure from the trace.
    pub fn eval(&self, trace: &Trace) -> Result<Value, String> {
        let label = self.run();
        let t = trace
            .runs
            .iter()
            .find(|r| r.label == label)
            .ok_or_else(|| {
                let labels: Vec<&str> = trace.runs.iter().map(|r| r.label.as_str()).collect();
                format!("no run labelled {label:?} (runs: {})", labels.join(", "))
            })?;
        if t.points.is_empty() {
            return Err(format!("run {label:?} has not reported any epoch yet"));
        }
        let q = self.quantity();
        match self {
            Measure::FirstBelow { value, .. } | Measure::FirstAbove { value, .. } => {
                let below = matches!(self, Measure::FirstBelow { .. });
                for p in &t.points {
                    let v = q.read(t, p)?;
                    if (below && v < *value) || (!below && v > *value) {
                        return Ok(Value::Number(p.epoch as f64));
                    }
                }
                Ok(Value::Never)
            }
            Measure::Final { .. } => {
                let p = t.points.last().ok_or("no epochs")?;
                q.read(t, p).map(Value::Number)
            }
            Measure::At { epoch, .. } => match t.points.iter().find(|p| p.epoch == *epoch) {
                Some(p) => q.read(t, p).map(Value::Number),
                None => Err(format!("run {label:?} did not report epoch {epoch}")),
            },
        }
    }

    /// The measure and its value, in words ("quadratic: a first below 0.1 at epoch 71").
    fn report(&self, trace: &Trace) -> Result<String, String> {
        let v = self.eval(trace)?;
        let n = trace.epochs();
        Ok(match (self, v) {
            (
                Measure::FirstBelow { run, of, value } | Measure::FirstAbove { run, of, value },
                v,
            ) => {
                let dir = if matches!(self, Measure::FirstBelow { .. }) {
                    "below"
                } else {
                    "above"
                };
                match v {
                    Value::Number(e) => {
                        format!("{run}: {} first {dir} {value} at epoch {e}", of.name())
                    }
                    Value::Never => {
                        format!("{run}: {} never {dir} {value} in {n} epochs", of.name())
                    }
                }
            }
            (Measure::Final { run, of }, Value::Number(x)) => {
                format!("{run}: {} = {} after {n} epochs", of.name(), fmt_num(x))
            }
            (Measure::At { run, of, epoch }, Value::Number(x)) => {
                format!("{run}: {} = {} at epoch {epoch}", of.name(), fmt_num(x))
            }
            (_, Value::Never) => format!("{}: never", self.describe()),
        })
    }
}

/// A number with four significant digits, never in a form that loses its exponent.
pub fn fmt_num(v: f64) -> String {
    if v == 0.0 || (1e-3..1e5).contains(&v.abs()) {
        let s = format!("{v:.4}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        s.to_string()
    } else {
        format!("{v:.3e}")
    }
}

impl Condition {
    fn measures(&self) -> Vec<&Measure> {
        match self {
            Condition::Less(a, b) => vec![a, b],
            Condition::Below(a, _) | Condition::Above(a, _) => vec![a],
            Condition::All(cs) => cs.iter().flat_map(|c| c.measures()).collect(),
            Condition::Otherwise => vec![],
        }
    }

    fn thresholds(&self) -> Vec<f64> {
        match self {
            Condition::Below(_, x) | Condition::Above(_, x) => vec![*x],
            Condition::All(cs) => cs.iter().flat_map(Condition::thresholds).collect(),
            _ => vec![],
        }
    }

    fn holds(&self, trace: &Trace) -> Result<bool, String> {
        Ok(match self {
            Condition::Less(a, b) => a.eval(trace)?.key() < b.eval(trace)?.key(),
            Condition::Below(a, x) => a.eval(trace)?.key() < *x,
            Condition::Above(a, x) => a.eval(trace)?.key() > *x,
            Condition::All(cs) => {
                for c in cs {
                    if !c.holds(trace)? {
                        return Ok(false);
                    }
                }
                true
            }
            Condition::Otherwise => true,
        })
    }
}

/// What happened on the run, and which answer that makes right.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    /// What the run did, measure by measure.
    pub happened: Vec<String>,
    /// The right answer.
    pub right: Truth,
    /// Where the settings of the run differ from the step's preset ("quadratic: eta 0.15 -> 0.3").
    pub differs: Vec<String>,
    /// Epochs the judgement saw.
    pub epochs: u64,
}

/// The right answer found on the run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Truth {
    /// The option's index.
    Choice(usize),
    /// The measured number (or the event never happened).
    Number(Value),
}

/// A learner's answer marked against a judgement.
#[derive(Debug, Clone, PartialEq)]
pub struct Grade {
    /// The answer was right.
    pub right: bool,
    /// One line saying so, with the measured answer.
    pub text: String,
}

impl Question {
    /// Finds the right answer on `trace`, the run of `ran`; `shipped` is the step's preset as
    /// the tour ships it, so the judgement can say where the learner's settings differ.
    pub fn judge(
        &self,
        trace: &Trace,
        ran: &Preset,
        shipped: &Preset,
    ) -> Result<Judgement, String> {
        let mut happened = Vec::new();
        let right =
            match &self.answer {
                Answer::Choice(options) => {
                    let mut seen = Vec::new();
                    for o in options {
                        for m in o.when.measures() {
                            if !seen.contains(&m) {
                                seen.push(m);
                                happened.push(m.report(trace)?);
                            }
                        }
                    }
                    let mut right = None;
                    for (i, o) in options.iter().enumerate() {
                        if o.when.holds(trace)? {
                            right = Some(i);
                            break;
                        }
                    }
                    Truth::Choice(right.ok_or(
                        "no option's condition holds on this run (add an Otherwise option)",
                    )?)
                }
                Answer::Number { measure, .. } => {
                    happened.push(measure.report(trace)?);
                    Truth::Number(measure.eval(trace)?)
                }
            };
        Ok(Judgement {
            happened,
            right,
            differs: differences(shipped, ran),
            epochs: trace.epochs(),
        })
    }

    /// Marks `given` against the judgement.
    pub fn grade(&self, judgement: &Judgement, given: Given) -> Grade {
        let note = if judgement.differs.is_empty() {
            String::new()
        } else {
            format!(
                " (judged on your settings, not the step's: {})",
                judgement.differs.join("; ")
            )
        };
        match (&self.answer, judgement.right, given) {
            (Answer::Choice(options), Truth::Choice(r), Given::Choice(g)) => {
                let text = |i: usize| options.get(i).map_or("?", |o| o.text.as_str());
                let right = r == g;
                Grade {
                    right,
                    text: if right {
                        format!("Right: {}{note}", text(r))
                    } else {
                        format!(
                            "Not this time: you said {}, the run says {}{note}",
                            text(g),
                            text(r)
                        )
                    },
                }
            }
            (
                Answer::Number {
                    tolerance, unit, ..
                },
                Truth::Number(actual),
                Given::Number(g),
            ) => {
                let unit = if unit.is_empty() {
                    String::new()
                } else {
                    format!(" {unit}")
                };
                let (right, measured) = match actual {
                    Value::Number(x) => {
                        let slack = match *tolerance {
                            Tolerance::Absolute(d) => d,
                            Tolerance::Relative(r) => r * x.abs(),
                        };
                        ((g - x).abs() <= slack, format!("{}{unit}", fmt_num(x)))
                    }
                    Value::Never => (
                        g >= judgement.epochs as f64,
                        format!("not within the {} epochs run", judgement.epochs),
                    ),
                };
                let close = match tolerance {
                    Tolerance::Absolute(d) => format!("within {}{unit}", fmt_num(*d)),
                    Tolerance::Relative(r) => format!("within {}%", fmt_num(100.0 * r)),
                };
                Grade {
                    right,
                    text: format!(
                        "{}: you said {}{unit}, the run gives {measured} ({close} counts){note}",
                        if right { "Right" } else { "Not this time" },
                        fmt_num(g),
                    ),
                }
            }
            _ => Grade {
                right: false,
                text: "that kind of answer does not fit this question".into(),
            },
        }
    }

    /// The options' texts (empty for numeric questions).
    pub fn options(&self) -> Vec<&str> {
        match &self.answer {
            Answer::Choice(o) => o.iter().map(|c| c.text.as_str()).collect(),
            Answer::Number { .. } => Vec::new(),
        }
    }

    fn measures(&self) -> Vec<&Measure> {
        match &self.answer {
            Answer::Choice(o) => o.iter().flat_map(|c| c.when.measures()).collect(),
            Answer::Number { measure, .. } => vec![measure],
        }
    }
}

/// Where `ran` differs from `shipped`, one phrase per setting.
pub fn differences(shipped: &Preset, ran: &Preset) -> Vec<String> {
    let mut out = Vec::new();
    if shipped.epochs != ran.epochs {
        out.push(format!("epochs {} -> {}", shipped.epochs, ran.epochs));
    }
    if shipped.seed != ran.seed {
        out.push(format!("seed {} -> {}", shipped.seed, ran.seed));
    }
    if shipped.data != ran.data {
        out.push("other data".into());
    }
    if shipped.runs.len() != ran.runs.len() {
        out.push(format!("{} runs -> {}", shipped.runs.len(), ran.runs.len()));
    }
    for (s, r) in shipped.runs.iter().zip(&ran.runs) {
        let mut d = Vec::new();
        if s.eta != r.eta {
            d.push(format!("eta {} -> {}", s.eta, r.eta));
        }
        if s.cost != r.cost {
            d.push(format!("cost {:?} -> {:?}", s.cost, r.cost));
        }
        if s.mini_batch != r.mini_batch {
            d.push(format!("mini-batch {} -> {}", s.mini_batch, r.mini_batch));
        }
        if s.init != r.init {
            d.push(format!(
                "start {} -> {}",
                describe_init(&s.init),
                describe_init(&r.init)
            ));
        }
        if s.seed != r.seed {
            d.push("seed changed".into());
        }
        if s.update != r.update || s.output != r.output || s.layers != r.layers {
            d.push("network or update rule changed".into());
        }
        if !d.is_empty() {
            out.push(format!("{}: {}", r.label, d.join(", ")));
        }
    }
    out
}

fn describe_init(init: &crate::net::Init) -> String {
    match init {
        crate::net::Init::Neuron { w, b } => {
            let w: Vec<String> = w.iter().map(|x| fmt_num(*x)).collect();
            format!("w = {}, b = {}", w.join(", "), fmt_num(*b))
        }
        other => format!("{other:?}"),
    }
}

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

/// The learner's progress through one tour.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Progress {
    /// The step shown last (0-based).
    pub current: usize,
    /// Per step id.
    pub steps: BTreeMap<String, StepProgress>,
}

/// What the learner did at one step.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StepProgress {
    /// The step was completed (its judgement seen, or moved past without a question).
    pub done: bool,
    /// The prediction given.
    pub answer: Option<Given>,
    /// Whether the prediction was right, once judged.
    pub right: Option<bool>,
}

/// The largest progress file read; a larger one is treated as corrupt.
const MAX_PROGRESS_BYTES: u64 = 1 << 20;

impl Progress {
    /// The progress file of tour `name` inside `data_dir`.
    pub fn path(data_dir: &Path, name: &str) -> PathBuf {
        let safe: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        data_dir.join(format!("tour-{safe}.progress.ron"))
    }

    /// Reads progress; a missing file is a fresh start, a corrupt one is reported (the second
    /// value) and ignored.
    pub fn load(path: &Path) -> (Progress, Option<String>) {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return (Progress::default(), None);
            }
            Err(e) => {
                return (
                    Progress::default(),
                    Some(format!(
                        "{}: cannot read progress ({e}); starting afresh",
                        path.display()
                    )),
                );
            }
        };
        let bad = |why: String| {
            (
                Progress::default(),
                Some(format!(
                    "{}: progress file ignored ({why}); starting afresh",
                    path.display()
                )),
            )
        };
        if !meta.is_file() || meta.len() > MAX_PROGRESS_BYTES {
            return bad("not a regular file of at most 1 MiB".into());
        }
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => return bad(e.to_string()),
        };
        match ron::from_str::<Progress>(&text) {
            Ok(p) => (p, None),
            Err(e) => bad(format!(
                "{}:{}: {}",
                e.span.start.line, e.span.start.col, e.code
            )),
        }
    }

    /// Writes progress atomically: a temporary file in the same directory, then a rename.
    pub fn save(&self, path: &Path) -> Result<(), String> {
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .map_err(|e| e.to_string())?;
        let tmp = dir.join(format!(
            ".{}.{}.tmp",
            path.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("progress"),
            std::process::id()
        ));
        // A fresh file (never through a leftover file or symlink of that name).
        let _ = std::fs::remove_file(&tmp);
        let write = || -> std::io::Result<()> {
            use std::io::Write;
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp)?;
            f.write_all(text.as_bytes())?;
            f.sync_all()
        };
        write().map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
        std::fs::rename(&tmp, path).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            format!("cannot write {}: {e}", path.display())
        })
    }

    /// The step's record (created if missing).
    pub fn step_mut(&mut self, id: &str) -> &mut StepProgress {
        self.steps.entry(id.to_string()).or_default()
    }

    /// Steps of `tour` marked done.
    pub fn done_count(&self, tour: &Tour) -> usize {
        tour.steps
            .iter()
            .filter(|s| self.steps.get(&s.id).is_some_and(|p| p.done))
            .count()
    }
}
