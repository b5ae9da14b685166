//! A trace: what a preset's runs did, epoch by epoch, recorded for judging predictions.

use super::MAX_TRACE_POINTS;
use crate::preset::Preset;
use crate::run::session::Session;
use crate::run::{Diverged, EpochMetrics};

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
    /// When and why the run stopped, if it diverged (the verdict says so).
    pub diverged: Option<Diverged>,
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
            t.diverged = None;
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
            t.diverged = None;
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
            let run = &session.runs[i];
            if run.diverged_at().is_none_or(|d| d == m.epoch) {
                trace.record(i, m);
            }
            if let Some(t) = trace.runs.get_mut(i) {
                t.diverged.clone_from(&run.diverged);
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
    pub(super) fn key(self) -> f64 {
        match self {
            Value::Number(v) => v,
            Value::Never => f64::INFINITY,
        }
    }
}
