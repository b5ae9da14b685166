//! The tour's hooks into the lab: starting it, opening a step, its keys, and judging when the
//! trainer reports a finished run. The App's side of the tour: the tour's state in
//! [`super::tour`] never imports the App.

use super::lab::Lower;
use super::tour::{Entry, Place, TourState, place};
use crate::tour::Trace;
use crate::trainer::{Command, Event, RunState};
use crate::tui::app::{App, Focus, Tab};
use crate::tui::keys::Action;
use crossterm::event::KeyEvent;

impl App {
    /// Puts the lab in tour mode at the tour's saved step.
    pub fn start_tour(&mut self, tour: TourState) {
        let step = tour.step;
        self.tour = Some(Box::new(tour));
        self.open_step(step);
    }

    fn tour_status(&mut self, r: Result<String, String>) {
        match r {
            Ok(text) => self.info(text),
            Err(text) => self.error(text),
        }
    }

    /// Opens step `i`: its preset goes to the trainer, the view to the screen.
    pub fn open_step(&mut self, i: usize) {
        let Some(t) = self.tour.as_mut() else {
            return;
        };
        match t.go_to(i) {
            Ok(preset) => {
                let (place, _) = place(&t.current().view);
                let n = t.tour.steps.len();
                // The step's first exercise is the one the Exercises tab (2) opens on.
                if let Some(k) = t.current().exercises.first().and_then(|id| {
                    crate::exercises::registry()
                        .iter()
                        .position(|e| e.id() == id)
                }) {
                    self.exercises.selected = k;
                }
                self.outbox.push(Command::Load(Box::new(preset)));
                // A step about the chart, the editor or the neuron shows the neuron pane below
                // the editor, never a view an earlier step chose.
                match place {
                    Place::Chart => {
                        self.tab = Tab::Lab;
                        self.lab.focus = Focus::Metrics;
                        self.lab.views.lower = Lower::Neuron;
                    }
                    Place::Params => {
                        self.tab = Tab::Lab;
                        self.lab.focus = Focus::Params;
                        self.lab.views.lower = Lower::Neuron;
                    }
                    Place::Neuron => {
                        self.tab = Tab::Lab;
                        self.lab.focus = Focus::Neuron;
                        self.lab.views.lower = Lower::Neuron;
                    }
                    Place::Lower(lower) => {
                        self.tab = Tab::Lab;
                        self.lab.focus = Focus::Neuron;
                        self.lab.views.lower = lower;
                    }
                    Place::About => self.tab = Tab::About,
                    Place::Exercise(k) => {
                        self.tab = Tab::Exercises;
                        self.exercises.selected = k;
                    }
                }
                self.tour_status(Ok(format!(
                    "step {}/{n}: a predicts, space runs, > next",
                    i.min(n - 1) + 1
                )));
            }
            Err(e) => {
                t.note = Some(e.clone());
                self.tour_status(Err(e));
            }
        }
    }

    /// A tour key (`>`, `<`, `a`, `f`, `t`, PgUp/PgDn).
    pub fn tour_action(&mut self, action: Action) {
        if self.tour.is_none() {
            if action == Action::TourToggle {
                match TourState::builtin_resumed() {
                    Ok(t) => self.start_tour(t),
                    Err(e) => self.tour_status(Err(e)),
                }
            } else {
                self.tour_status(Err("not in tour mode: t starts the tour".into()));
            }
            return;
        }
        let Some(t) = self.tour.as_mut() else {
            return;
        };
        match action {
            Action::TourNext | Action::TourPrev => {
                let i = t.step;
                if action == Action::TourNext && t.current().question.is_none() {
                    let id = t.current().id.clone();
                    t.progress.step_mut(&id).done = true;
                }
                let last = t.tour.steps.len() - 1;
                let to = if action == Action::TourNext {
                    (i + 1).min(last)
                } else {
                    i.saturating_sub(1)
                };
                if to == i {
                    let edge = if action == Action::TourNext {
                        "this is the last step"
                    } else {
                        "this is the first step"
                    };
                    self.tour_status(Ok(edge.into()));
                } else {
                    self.open_step(to);
                }
            }
            Action::TourAnswer => {
                t.visible = true;
                let r = t.start_answer().map(|()| match t.entry {
                    Some(Entry::Choice) => "press the option's letter (Esc cancels)".to_string(),
                    _ => "type a number, then Enter (Esc cancels)".to_string(),
                });
                self.tour_status(r);
            }
            Action::TourVerdict => {
                let finished = self.store.state == RunState::Finished;
                let r = t.judge(&self.preset, finished);
                t.visible = true;
                self.tour_status(r);
            }
            Action::TourToggle => {
                t.visible = !t.visible;
            }
            Action::TourScrollDown => t.scroll = t.scroll.saturating_add(3).min(200),
            Action::TourScrollUp => t.scroll = t.scroll.saturating_sub(3),
            _ => {}
        }
    }

    /// True when the tour is taking the keys (an answer being typed).
    pub fn tour_takes_keys(&self) -> bool {
        self.tour.as_ref().is_some_and(|t| t.entry.is_some())
    }

    /// A key while an answer is being typed.
    pub fn tour_entry_key(&mut self, key: KeyEvent) {
        if let Some(t) = self.tour.as_mut()
            && let Some(r) = t.entry_key(key)
        {
            self.tour_status(r);
        }
    }

    /// Keeps the tour's trace of the run, and judges the step when the run finishes.
    pub fn tour_event(&mut self, event: &Event) {
        let Some(t) = self.tour.as_mut() else {
            return;
        };
        match event {
            Event::Loaded(loaded) => {
                t.trace = Trace::for_preset(&loaded.preset);
                for (i, m) in loaded.metrics.iter().enumerate() {
                    t.trace.record(i, m);
                }
            }
            Event::Progress { metrics, .. } => {
                for (i, ms) in metrics.iter().enumerate() {
                    for m in ms {
                        t.trace.record(i, m);
                    }
                }
            }
            Event::RunRestarted(run, m) => {
                t.trace.clear(*run);
                t.trace.record(*run, m);
            }
            Event::Diverged(run, d) => {
                if let Some(r) = t.trace.runs.get_mut(*run) {
                    r.diverged = Some(d.clone());
                }
            }
            Event::State(RunState::Finished)
                if self.store.state != RunState::Finished && t.current().question.is_some() =>
            {
                let r = t.judge(&self.preset, true);
                t.visible = true;
                // The lab's own "finished" message would hide the verdict.
                self.tour_status(r);
                self.store.state = RunState::Finished;
            }
            _ => {}
        }
    }
}
