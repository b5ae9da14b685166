//! The parameter editor: its fields (per run w, b, eta, cost, mini-batch, seed; the preset's
//! epochs and speed), the text of each, nudges, and the one validation of a typed value.

use super::app::{App, Mode};
use super::editor::TextInput;
use super::keys::Action;
pub use super::lab::fields::{Field, fields};
use crate::book::{Cost, Init};
use crate::format;
use crate::trainer::{Command, PACES, Pace, Param};

impl App {
    pub(super) fn params_nav(&mut self, action: Action) {
        let n = self.fields().len();
        match action {
            Action::Up => self.lab.field = self.lab.field.saturating_sub(1),
            Action::Down => self.lab.field = (self.lab.field + 1).min(n - 1),
            Action::Left => self.nudge(-1, false),
            Action::Right => self.nudge(1, false),
            Action::CoarseLeft => self.nudge(-1, true),
            Action::CoarseRight => self.nudge(1, true),
            Action::Enter => {
                let field = self.current_field();
                self.overlay.mode = Mode::Edit {
                    field,
                    buffer: TextInput::new(&self.field_text(field)),
                };
            }
            _ => {}
        }
        if let Some(r) = self.current_field().run() {
            self.lab.selected_run = r;
        }
    }

    pub(super) fn nudge(&mut self, dir: i32, coarse: bool) {
        let field = self.current_field();
        let up = dir > 0;
        let text = match field {
            Field::W(..) | Field::B(_) => {
                let v: f64 = self.field_text(field).parse().unwrap_or(0.0);
                let step = if coarse { 1.0 } else { 0.1 };
                format::editor(((v + f64::from(dir) * step) * 1e6).round() / 1e6)
            }
            Field::Eta(_) => {
                let v: f64 = self.field_text(field).parse().unwrap_or(0.1);
                let factor: f64 = if coarse { 2.0 } else { 1.1 };
                let next = if up { v * factor } else { v / factor };
                format::editor(format::round_sig(next, 4))
            }
            Field::Cost(r) => {
                let Some(run) = self.shown_run(r) else {
                    return;
                };
                let valid: Vec<Cost> = self.preset.costs_offered(r);
                let i = valid.iter().position(|c| *c == run.cost).unwrap_or(0);
                let k = valid.len();
                if k <= 1 {
                    self.info(format!(
                        "run {:?} has one valid cost: {}",
                        run.label,
                        run.cost.name()
                    ));
                    return;
                }
                let next = if up { (i + 1) % k } else { (i + k - 1) % k };
                valid[next].name().to_string()
            }
            Field::MiniBatch(r) => {
                let Some(m) = self.shown_run(r).map(|run| run.mini_batch) else {
                    return;
                };
                let next = match (up, coarse) {
                    (true, false) => m.saturating_add(1),
                    (false, false) => m.saturating_sub(1),
                    (true, true) => m.saturating_mul(2),
                    (false, true) => m / 2,
                };
                next.to_string()
            }
            Field::Seed(_) => {
                let s: u64 = self.field_text(field).parse().unwrap_or(0);
                let step = if coarse { 10 } else { 1 };
                (if up {
                    s.saturating_add(step)
                } else {
                    s.saturating_sub(step)
                })
                .to_string()
            }
            Field::Epochs => {
                let e = self.lab_view().shown_epochs();
                let next = match (up, coarse) {
                    (true, false) => e.saturating_add((e / 10).max(1)),
                    (false, false) => e.saturating_sub((e / 10).max(1)),
                    (true, true) => e.saturating_mul(2),
                    (false, true) => e / 2,
                };
                next.to_string()
            }
            Field::Speed => {
                let step = if coarse { 3 } else { 1 };
                let p = if up {
                    (self.ui.pace + step).min(PACES.len() - 1)
                } else {
                    self.ui.pace.saturating_sub(step)
                };
                self.set_pace(p);
                return;
            }
        };
        self.commit_text(field, &text);
    }

    /// Validates and applies a typed or nudged value; refuses it with a message otherwise.
    pub fn commit_text(&mut self, field: Field, text: &str) {
        match self.apply_text(field, text) {
            Ok(Some(msg)) => self.info(msg),
            Ok(None) => {}
            Err(e) => self.error(format!("{e}; value kept")),
        }
    }

    /// Parses a typed or nudged value by the engine's rules ([`crate::rules`]) and sends it to
    /// the trainer, which answers with what it accepted; the editor's preset changes only then.
    /// Returns the message to show now, if any.
    pub(super) fn apply_text(
        &mut self,
        field: Field,
        text: &str,
    ) -> Result<Option<String>, String> {
        let r = field.run().unwrap_or(0);
        let rule = |e: crate::rules::RuleError| e.to_string();
        match field {
            Field::W(_, _) | Field::B(_) => {
                let Some(Init::Neuron { mut w, mut b }) = self.shown_run(r).map(|run| run.init)
                else {
                    return Err("this run does not start from explicit w and b".into());
                };
                let name = match field {
                    Field::W(_, j) if w.len() > 1 => format!("w{}", j + 1),
                    Field::W(..) => "w".to_string(),
                    _ => "b".to_string(),
                };
                let v = crate::rules::parse_start(&name, text).map_err(rule)?;
                match field {
                    Field::W(_, j) if j < w.len() => w[j] = v,
                    _ => b = v,
                }
                self.request(r, Param::Neuron { w, b });
            }
            Field::Eta(_) => {
                let v = crate::rules::parse_eta(text).map_err(rule)?;
                self.request(r, Param::Eta(v));
            }
            Field::Cost(_) => {
                let wanted = text.to_ascii_lowercase().replace(['_', ' '], "-");
                let cost = Cost::ALL
                    .into_iter()
                    .find(|c| c.name() == wanted || c.name().replace('-', "") == wanted)
                    .ok_or_else(|| {
                        format!(
                            "unknown cost {text:?}; accepted: quadratic, cross-entropy, log-likelihood"
                        )
                    })?;
                self.preset.check_cost(r, cost).map_err(|e| e.to_string())?;
                self.request(r, Param::Cost(cost));
            }
            Field::MiniBatch(_) => {
                let m = crate::rules::parse_mini_batch(text).map_err(rule)?;
                self.request(r, Param::MiniBatch(m));
            }
            Field::Seed(_) => {
                let s = crate::rules::parse_seed(text).map_err(rule)?;
                self.request(r, Param::Seed(s));
            }
            Field::Epochs => {
                let e = crate::rules::parse_epochs(text).map_err(rule)?;
                self.lab.pending_epochs = Some(e);
                self.outbox.push(Command::SetEpochs(e));
            }
            Field::Speed => {
                let number = |name: &str| -> Result<f64, String> {
                    text.parse::<f64>()
                        .ok()
                        .filter(|v| v.is_finite())
                        .ok_or_else(|| format!("{name} must be a finite number, got {text:?}"))
                };
                let wanted = text.to_ascii_lowercase();
                let i = if wanted == "max" || wanted == "unthrottled" {
                    PACES.len() - 1
                } else {
                    let v: f64 = number("speed")?;
                    if v <= 0.0 {
                        return Err(format!(
                            "speed must be greater than 0 epochs/s or \"max\", got {v}"
                        ));
                    }
                    PACES
                        .iter()
                        .position(|p| matches!(p, Pace::PerSecond(r) if *r >= v))
                        .unwrap_or(PACES.len() - 1)
                };
                self.set_pace(i);
                return Ok(Some(format!("speed: {}", self.ui.pace_words())));
            }
        }
        Ok(None)
    }
}
