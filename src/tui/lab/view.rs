//! What the Lab tab's panes draw from: the settings in force, the trainer's data, the tab's
//! state, the UI configuration, the mode (a value being typed is drawn in its field), the
//! map's job and the theme, all borrowed; a pane given a [`LabView`] can read the lab and
//! cannot change it.

use super::LabState;
use super::fields::{Field, fields};
use crate::book::{Cost, Init};
use crate::format;
use crate::preset::Preset;
use crate::run::{EpochMetrics, RunConfig};
use crate::trainer::{Pace, Param};
use crate::tui::jobs::MapJob;
use crate::tui::overlay::Mode;
use crate::tui::store::Store;
use crate::tui::theme::Theme;
use crate::tui::ui::UiConfig;

/// The Lab tab as its panes see it.
#[derive(Clone, Copy)]
pub struct LabView<'a> {
    /// The preset with the settings the trainer accepted.
    pub preset: &'a Preset,
    /// What the trainer sent.
    pub store: &'a Store,
    /// The tab's own state.
    pub lab: &'a LabState,
    /// The UI configuration (markers, pace).
    pub ui: &'a UiConfig,
    /// The modal state (a value being typed).
    pub mode: &'a Mode,
    /// The learning-speed map's job, if any.
    pub map: Option<&'a MapJob>,
    /// The decision view's maps (the newest computed).
    pub decision: &'a crate::tui::jobs::decision::DecisionJob,
    /// The theme to draw with.
    pub theme: &'static Theme,
    /// The tour's step on this preset asks a question not yet answered: the panes keep the
    /// book's figures that would give the answer away.
    pub predicting: bool,
}

impl LabView<'_> {
    /// Run `r`'s place in the theme's run palette: one per cost (its colour and, without
    /// colour, its symbol, the same in every preset and view), and a second shade of the
    /// cost's colour (and a symbol of its own) for a later run with the same cost.
    pub fn slot(&self, r: usize) -> usize {
        cost_slot(self.preset, r)
    }

    /// The fields of the parameter editor.
    pub fn fields(&self) -> Vec<Field> {
        fields(self.preset)
    }

    /// The newest metrics of a run.
    pub fn latest(&self, run: usize) -> Option<&EpochMetrics> {
        self.store.latest(run)
    }

    /// Run `r`'s settings as the editor shows them: what the trainer accepted, with the
    /// settings sent since and not yet echoed laid over it.
    pub fn shown_run(&self, r: usize) -> Option<RunConfig> {
        let mut run = self.preset.runs.get(r)?.clone();
        for (_, p) in self.lab.pending.iter().filter(|(pr, _)| *pr == r) {
            p.apply_to(&mut run);
        }
        Some(run)
    }

    /// The epoch count as the editor shows it (sent, or else accepted).
    pub fn shown_epochs(&self) -> u64 {
        self.lab.pending_epochs.unwrap_or(self.preset.epochs)
    }

    /// True while a value of `field` was sent and the trainer has not answered yet.
    pub fn is_pending(&self, field: Field) -> bool {
        let kind = |p: &Param| {
            matches!(
                (field, p),
                (Field::W(..) | Field::B(_), Param::Neuron { .. })
                    | (Field::Eta(_), Param::Eta(_))
                    | (Field::Cost(_), Param::Cost(_))
                    | (Field::MiniBatch(_), Param::MiniBatch(_))
                    | (Field::Seed(_), Param::Seed(_))
            )
        };
        match field {
            Field::Epochs => self.lab.pending_epochs.is_some(),
            _ => self
                .lab
                .pending
                .iter()
                .any(|(r, p)| Some(*r) == field.run() && kind(p)),
        }
    }

    /// The text of a field's value (what Enter starts editing with).
    pub fn field_text(&self, field: Field) -> String {
        let shown = field.run().and_then(|r| self.shown_run(r));
        let run = shown.as_ref();
        match (field, run) {
            (Field::W(_, j), Some(run)) => match &run.init {
                Init::Neuron { w, .. } => format::editor(w.get(j).copied().unwrap_or(0.0)),
                _ => String::new(),
            },
            (Field::B(_), Some(run)) => match &run.init {
                Init::Neuron { b, .. } => format::editor(*b),
                _ => String::new(),
            },
            (Field::Eta(_), Some(run)) => format::editor(run.eta),
            (Field::Cost(_), Some(run)) => run.cost.name().to_string(),
            (Field::MiniBatch(_), Some(run)) => run.mini_batch.to_string(),
            (Field::Seed(_), Some(run)) => run.seed.unwrap_or(self.preset.seed).to_string(),
            (Field::Epochs, _) => self.shown_epochs().to_string(),
            (Field::Speed, _) => match self.ui.pace() {
                Pace::PerSecond(r) => format!("{r}"),
                Pace::Unthrottled => "max".into(),
            },
            _ => String::new(),
        }
    }
}

/// Run `r`'s palette slot in `preset` (see [`LabView::slot`]): 0, 1, 2 for the first run of the
/// quadratic, cross-entropy and log-likelihood costs, 3, 4, 5 for a later one.
pub fn cost_slot(preset: &Preset, r: usize) -> usize {
    let cost_of = |i: usize| preset.runs.get(i).map(|run| run.cost);
    let Some(cost) = cost_of(r) else {
        return r;
    };
    let base = match cost {
        Cost::Quadratic => 0,
        Cost::CrossEntropy => 1,
        Cost::LogLikelihood => 2,
    };
    let earlier = (0..r).filter(|&i| cost_of(i) == Some(cost)).count();
    (base + 3 * earlier) % 6
}
