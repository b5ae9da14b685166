//! The editor follows the trainer: a value sent is shown as pending until the trainer echoes
//! what it accepted ([`crate::trainer::Event::Applied`]); the lab's preset (what is shown and
//! saved afterwards) changes only then, and a refusal drops what was pending.

use super::app::App;
use super::fields::Field;
use crate::format;
use crate::run::{Applied, RunConfig};
use crate::trainer::{Command, Param};

impl App {
    /// Run `r`'s settings as the editor shows them (see [`LabView::shown_run`](super::lab::LabView::shown_run)).
    pub fn shown_run(&self, r: usize) -> Option<RunConfig> {
        self.lab_view().shown_run(r)
    }

    /// True while a value of `field` was sent and the trainer has not answered yet.
    pub fn is_pending(&self, field: Field) -> bool {
        self.lab_view().is_pending(field)
    }

    /// Sends one run's setting to the trainer; the editor shows it as pending until the echo.
    pub(super) fn request(&mut self, r: usize, param: Param) {
        self.lab.pending.push((r, param.clone()));
        self.outbox.push(Command::Set(r, param));
    }

    /// The trainer accepted a setting: the editor's copy of the preset follows it, and what
    /// was pending for that setting up to this value is answered (requests merged by the
    /// trainer's coalescing are answered by the last one).
    pub(super) fn follow_applied(&mut self, applied: &Applied) {
        let r = applied.run;
        let Some(run) = self.preset.runs.get_mut(r) else {
            return;
        };
        applied.param.apply_to(run);
        let label = run.shown_label().into_owned();
        let same = |(pr, p): &(usize, Param)| *pr == r && p.same_kind(&applied.param);
        let upto = self
            .lab
            .pending
            .iter()
            .rposition(|e| same(e) && e.1 == applied.param)
            .or_else(|| self.lab.pending.iter().position(same));
        if let Some(k) = upto {
            let mut i = 0;
            self.lab.pending.retain(|e| {
                let keep = i > k || !same(e);
                i += 1;
                keep
            });
        }
        let msg = match &applied.param {
            Param::Neuron { w, b } => {
                let w: Vec<String> = w.iter().map(|v| format::editor(*v)).collect();
                format!(
                    "{label}: w = {}, b = {}; every run restarted from epoch 0 (side by side, one origin)",
                    w.join(", "),
                    format::editor(*b)
                )
            }
            Param::Eta(v) => format!("{label}: eta = {v} from the next mini-batch"),
            Param::Cost(c) => format!("{label}: cost = {} from the next mini-batch", c.name()),
            Param::MiniBatch(m) => format!("{label}: mini_batch = {m} from the next epoch"),
            Param::Seed(s) => {
                format!("{label}: seed = {s}; every run restarted from epoch 0 (one origin)")
            }
        };
        self.info(msg);
    }
}
