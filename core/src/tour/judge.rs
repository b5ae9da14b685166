//! Judging: the measures a question names, read off a trace, and the learner's answer graded
//! against them.

use super::trace::{Point, RunTrace, Trace, Value};
use super::{Answer, Condition, Given, Measure, Quantity, Question, Tolerance};
use crate::format;
use crate::preset::Preset;
use crate::preset::differences;

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

    /// The name for a neuron of `weights` weights: a lone weight is w, as the book writes it
    /// for one input, not w1.
    pub fn name_for(self, weights: usize) -> String {
        match (self, weights) {
            (Quantity::Weight(1), 1) => "w".into(),
            (Quantity::WeightMoved(1), 1) => "|w - w(0)|".into(),
            _ => self.name(),
        }
    }

    pub(super) fn needs_neuron(self) -> bool {
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
    pub(super) fn run(&self) -> &str {
        match self {
            Measure::FirstBelow { run, .. }
            | Measure::FirstAbove { run, .. }
            | Measure::Final { run, .. }
            | Measure::At { run, .. } => run,
        }
    }

    pub(super) fn quantity(&self) -> Quantity {
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
        let weights = trace
            .runs
            .iter()
            .find(|r| r.label == self.run())
            .and_then(|r| r.points.first())
            .map_or(0, |p| p.w.len());
        let name = self.quantity().name_for(weights);
        Ok(match (self, v) {
            (
                Measure::FirstBelow { run, value, .. } | Measure::FirstAbove { run, value, .. },
                v,
            ) => {
                let dir = if matches!(self, Measure::FirstBelow { .. }) {
                    "below"
                } else {
                    "above"
                };
                match v {
                    Value::Number(e) => {
                        format!("{run}: {name} first {dir} {value} at epoch {e}")
                    }
                    Value::Never => {
                        format!("{run}: {name} never {dir} {value} in {n} epochs")
                    }
                }
            }
            (Measure::Final { run, .. }, Value::Number(x)) => {
                format!("{run}: {} = {} after {n} epochs", name, format::brief(x))
            }
            (Measure::At { run, epoch, .. }, Value::Number(x)) => {
                format!("{run}: {} = {} at epoch {epoch}", name, format::brief(x))
            }
            (_, Value::Never) => format!("{}: never", self.describe()),
        })
    }
}

impl Condition {
    pub(super) fn measures(&self) -> Vec<&Measure> {
        match self {
            Condition::Less(a, b) => vec![a, b],
            Condition::Below(a, _) | Condition::Above(a, _) => vec![a],
            Condition::All(cs) => cs.iter().flat_map(|c| c.measures()).collect(),
            Condition::Otherwise => vec![],
        }
    }

    pub(super) fn thresholds(&self) -> Vec<f64> {
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
        // A run that stopped says which limit it passed: its numbers end there.
        for t in &trace.runs {
            if let Some(d) = &t.diverged {
                happened.push(format!("run {:?} {d}", t.label));
            }
        }
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
                        (
                            (g - x).abs() <= slack,
                            format!("{}{unit}", format::brief(x)),
                        )
                    }
                    Value::Never => (
                        g >= judgement.epochs as f64,
                        format!("not within the {} epochs run", judgement.epochs),
                    ),
                };
                let close = match tolerance {
                    Tolerance::Absolute(d) => format!("within {}{unit}", format::brief(*d)),
                    Tolerance::Relative(r) => format!("within {}%", format::brief(100.0 * r)),
                };
                Grade {
                    right,
                    text: format!(
                        "{}: you said {}{unit}, the run gives {measured} ({close} counts){note}",
                        if right { "Right" } else { "Not this time" },
                        format::brief(g),
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

    pub(super) fn measures(&self) -> Vec<&Measure> {
        match &self.answer {
            Answer::Choice(o) => o.iter().flat_map(|c| c.when.measures()).collect(),
            Answer::Number { measure, .. } => vec![measure],
        }
    }
}
