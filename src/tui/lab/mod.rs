//! The Lab tab's state: which pane has the focus, the editor's selected field and the settings
//! sent but not yet echoed, the run shown, the chart's cursor and scales, and the lower pane's
//! views. The keys that change only this state are handled here; the router (`App`) passes the
//! rest of what they need (the preset, the trainer's store).

pub mod fields;
pub mod view;
pub mod views;

pub use view::LabView;
pub use views::{Lower, ViewState};

use super::keys::Action;
use crate::preset::Preset;
use crate::trainer::Param;

/// The focusable panes of the lab tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The cost chart (cursor).
    Metrics,
    /// The parameter editor.
    Params,
    /// The neuron / gradient pane (selects the run).
    Neuron,
}

/// The Lab tab's state.
#[derive(Debug, Clone)]
pub struct LabState {
    /// The focused pane.
    pub focus: Focus,
    /// The selected field of the parameter editor.
    pub field: usize,
    /// The run shown in the neuron pane.
    pub selected_run: usize,
    /// The parameters-over-epochs view is shown (single-neuron presets).
    pub params_view: bool,
    /// The chart cursor's epoch.
    pub cursor: Option<f64>,
    /// Log-scale cost axis.
    pub log_scale: bool,
    /// Cost shown as C/C0.
    pub normalized: bool,
    /// Settings sent to the trainer and not yet echoed back
    /// ([`Event::Applied`](crate::trainer::Event::Applied)), oldest first: the editor shows
    /// them (and nudges from them) until the trainer answers, then shows what it accepted. A
    /// refusal drops them all.
    pub pending: Vec<(usize, Param)>,
    /// An epoch count sent to the trainer and not yet echoed back.
    pub pending_epochs: Option<u64>,
    /// The lower right pane's views.
    pub views: ViewState,
}

/// Presets whose lesson is about the parameters (one neuron with several inputs: which
/// weight moves, Eq. 61) open with the parameters view; others show it on `w`.
pub fn params_view_by_default(preset: &Preset) -> bool {
    preset
        .runs
        .iter()
        .all(|r| r.is_single_neuron() && r.layers.first().is_some_and(|n| *n > 1))
}

impl LabState {
    /// The lab on `preset` as it opens.
    pub fn new(preset: &Preset) -> LabState {
        let mut lab = LabState {
            // The chart: the arrows move its cursor, which changes nothing; the editor, whose
            // arrows change settings, is a Tab away.
            focus: Focus::Metrics,
            field: 0,
            selected_run: 0,
            params_view: false,
            cursor: None,
            log_scale: false,
            normalized: false,
            pending: Vec::new(),
            pending_epochs: None,
            views: ViewState::default(),
        };
        lab.open(preset);
        lab
    }

    /// A new preset (another name or number of runs): the first field and run, and the scales
    /// and view the preset opens with.
    pub fn open(&mut self, preset: &Preset) {
        self.field = 0;
        self.selected_run = 0;
        self.normalized = preset.runs.iter().any(|r| r.cost != preset.runs[0].cost);
        // Networks: the epoch-0 cost dwarfs the rest; a log axis shows the learning.
        self.log_scale = !preset
            .runs
            .iter()
            .all(nnlab_core::run::RunConfig::is_single_neuron);
        self.params_view = params_view_by_default(preset);
    }

    /// The trainer's settings arrived: nothing sent is pending, the cursor follows the runs.
    pub fn settled(&mut self) {
        self.pending.clear();
        self.pending_epochs = None;
        self.cursor = None;
    }

    /// Tab and Shift-Tab: the next or previous pane.
    pub fn move_focus(&mut self, forward: bool) {
        let order = [Focus::Metrics, Focus::Params, Focus::Neuron];
        let i = order.iter().position(|f| *f == self.focus).unwrap_or(0);
        let i = if forward { (i + 1) % 3 } else { (i + 2) % 3 };
        self.focus = order[i];
    }

    /// The arrows on the neuron pane: the previous or next of `runs` runs.
    pub fn select_run(&mut self, action: Action, runs: usize) {
        match action {
            Action::Up | Action::Left => self.selected_run = self.selected_run.saturating_sub(1),
            Action::Down | Action::Right => {
                self.selected_run = (self.selected_run + 1).min(runs.saturating_sub(1));
            }
            _ => {}
        }
    }

    /// The arrows on the chart: the cursor moves by a hundredth (a tenth with the coarse keys)
    /// of the epochs trained, `last`; Home and End jump to the ends.
    pub fn move_cursor(&mut self, action: Action, last: f64) {
        let fine = (last / 100.0).floor().max(1.0);
        let coarse = (last / 10.0).floor().max(1.0);
        let cur = self.cursor.unwrap_or(last);
        let next = match action {
            Action::Left => cur - fine,
            Action::Right => cur + fine,
            Action::CoarseLeft => cur - coarse,
            Action::CoarseRight => cur + coarse,
            Action::Home => 0.0,
            Action::End => last,
            _ => return,
        };
        self.set_cursor(next, last);
    }

    /// Puts the chart's cursor at `epoch` of the `last` trained. At the newest epoch, or before
    /// anything is trained, there is no cursor: the readouts follow the run (a cursor set at
    /// epoch 0 before training would hold them there while the run goes on).
    pub fn set_cursor(&mut self, epoch: f64, last: f64) {
        let epoch = epoch.clamp(0.0, last);
        self.cursor = (epoch < last).then_some(epoch);
    }
}
