//! Tour mode's state: the tour, the learner's progress, the current step, the trace of the run
//! the step's question is judged on, and the answer being typed. The app holds one of these in
//! tour mode and forwards keys and trainer events to it.

use crate::preset::Preset;
use crate::tour::{Given, Grade, Judgement, Progress, Tour, Trace};
use crossterm::event::{KeyCode, KeyEvent};
use std::path::PathBuf;

/// What a step's view becomes in this lab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The lab tab with the cost chart focused.
    Chart,
    /// The lab tab with the parameter editor focused.
    Params,
    /// The lab tab with the neuron / gradient pane focused.
    Neuron,
    /// The about tab.
    About,
    /// The exercises tab on this exercise (index into the registry).
    Exercise(usize),
    /// The lab tab with this view in the lower right pane (sigma, landscape, map).
    Lower(super::views::Lower),
}

/// Where the lab shows a view, and a note when the lab has no such pane yet.
pub fn place(view: &str) -> (Place, Option<&'static str>) {
    if let Some(id) = view.strip_prefix("exercise:") {
        let i = crate::exercises::registry()
            .iter()
            .position(|e| e.id() == id)
            .unwrap_or(0);
        return (Place::Exercise(i), None);
    }
    match view {
        "params" => (Place::Params, None),
        "neuron" => (Place::Neuron, None),
        "about" => (Place::About, None),
        "digits" => (Place::Chart, None),
        "sigma" => (Place::Lower(super::views::Lower::Sigma), None),
        "landscape" => (Place::Lower(super::views::Lower::Landscape), None),
        "map" => (Place::Lower(super::views::Lower::Map), None),
        // The sliders would cover the run this step asks to watch: the panel says how to open them.
        "softmax" => (
            Place::Chart,
            Some("o opens the softmax sliders (Eq. 78, 83); Esc closes them"),
        ),
        _ => (Place::Chart, None),
    }
}

/// The answer being typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// Waiting for an option key.
    Choice,
    /// Typing a number.
    Number(String),
}

/// Tour mode.
#[derive(Debug, Clone)]
pub struct TourState {
    /// The tour.
    pub tour: Tour,
    /// Where the tour's relative preset paths start (None: the shipped tour).
    pub dir: Option<PathBuf>,
    /// Steps done and answers.
    pub progress: Progress,
    /// Where progress is saved (None: not saved).
    pub progress_path: Option<PathBuf>,
    /// The step shown (0-based).
    pub step: usize,
    /// The step's preset as the tour ships it (to say when the learner's settings differ).
    pub shipped: Option<Preset>,
    /// The current run, epoch by epoch, as the trainer reported it.
    pub trace: Trace,
    /// An answer being typed.
    pub entry: Option<Entry>,
    /// The last judgement of this step.
    pub judgement: Option<Judgement>,
    /// The last grade of this step.
    pub grade: Option<Grade>,
    /// A message for the panel (errors loading a step, the progress file, ...).
    pub note: Option<String>,
    /// The panel is shown.
    pub visible: bool,
    /// Lines scrolled in the panel.
    pub scroll: u16,
}

impl TourState {
    /// Tour mode at the saved step; `note` carries a warning about the progress file.
    pub fn new(
        tour: Tour,
        dir: Option<PathBuf>,
        progress: Progress,
        progress_path: Option<PathBuf>,
        note: Option<String>,
    ) -> TourState {
        let step = progress.current.min(tour.steps.len().saturating_sub(1));
        TourState {
            tour,
            dir,
            progress,
            progress_path,
            step,
            shipped: None,
            trace: Trace::default(),
            entry: None,
            judgement: None,
            grade: None,
            note,
            visible: true,
            scroll: 0,
        }
    }

    /// The shipped tour with the progress saved in the data directory.
    pub fn builtin_resumed() -> Result<TourState, String> {
        let tour = Tour::builtin().map_err(|e| e.to_string())?;
        let path = crate::cli::tour::progress_path(&tour)?;
        let (progress, note) = Progress::load(&path);
        Ok(TourState::new(tour, None, progress, Some(path), note))
    }

    /// The current step.
    pub fn current(&self) -> &crate::tour::Step {
        &self.tour.steps[self.step.min(self.tour.steps.len() - 1)]
    }

    /// Loads step `i`'s preset, resetting the step's transient state; the preset to open.
    pub fn go_to(&mut self, i: usize) -> Result<Preset, String> {
        let i = i.min(self.tour.steps.len() - 1);
        let preset = self
            .tour
            .step_preset(i, self.dir.as_deref())
            .map_err(|e| e.to_string())?;
        self.step = i;
        self.progress.current = i;
        self.shipped = Some(preset.clone());
        self.trace = Trace::for_preset(&preset);
        self.entry = None;
        self.judgement = None;
        self.grade = None;
        self.scroll = 0;
        self.note = None;
        self.save();
        Ok(preset)
    }

    /// Saves progress; an error becomes the panel's note.
    pub fn save(&mut self) {
        if let Some(path) = &self.progress_path
            && let Err(e) = self.progress.save(path)
        {
            self.note = Some(format!("progress not saved: {e}"));
        }
    }

    /// The learner's answer to the current step, if given.
    pub fn answer(&self) -> Option<Given> {
        self.progress
            .steps
            .get(&self.current().id)
            .and_then(|p| p.answer)
    }

    /// Starts answering (`a`): a choice key or a typed number.
    pub fn start_answer(&mut self) -> Result<(), String> {
        let Some(q) = &self.current().question else {
            return Err("this step asks no question; > goes on".into());
        };
        self.entry = Some(if q.options().is_empty() {
            Entry::Number(String::new())
        } else {
            Entry::Choice
        });
        Ok(())
    }

    /// A key while answering; returns a status message when the entry ends.
    pub fn entry_key(&mut self, key: KeyEvent) -> Option<Result<String, String>> {
        let entry = self.entry.take()?;
        let n_options = self
            .current()
            .question
            .as_ref()
            .map(|q| q.options().len())
            .unwrap_or(0);
        match (entry, key.code) {
            (_, KeyCode::Esc) => Some(Ok("answer cancelled".into())),
            (Entry::Choice, KeyCode::Char(c)) => {
                let k = match c {
                    'a'..='i' => Some(c as usize - 'a' as usize),
                    '1'..='9' => Some(c as usize - '1' as usize),
                    _ => None,
                };
                match k {
                    Some(k) if k < n_options => Some(Ok(self.set_answer(Given::Choice(k)))),
                    _ => {
                        self.entry = Some(Entry::Choice);
                        Some(Err(format!(
                            "press a to {} for an option (Esc cancels)",
                            crate::cli::tour::option_key(n_options.saturating_sub(1))
                        )))
                    }
                }
            }
            (Entry::Number(buf), KeyCode::Enter) => match buf.trim().parse::<f64>() {
                Ok(v) if v.is_finite() => Some(Ok(self.set_answer(Given::Number(v)))),
                _ => {
                    self.entry = Some(Entry::Number(buf.clone()));
                    Some(Err(format!(
                        "{:?} is not a number; type one, Enter",
                        buf.trim()
                    )))
                }
            },
            (Entry::Number(mut buf), KeyCode::Backspace) => {
                buf.pop();
                self.entry = Some(Entry::Number(buf));
                None
            }
            (Entry::Number(mut buf), KeyCode::Char(c)) => {
                if buf.len() < 32 {
                    buf.push(c);
                }
                self.entry = Some(Entry::Number(buf));
                None
            }
            (entry, _) => {
                self.entry = Some(entry);
                None
            }
        }
    }

    fn set_answer(&mut self, given: Given) -> String {
        let id = self.current().id.clone();
        let p = self.progress.step_mut(&id);
        p.answer = Some(given);
        p.right = None;
        self.grade = None;
        self.judgement = None;
        self.save();
        "prediction saved; now run (space) and the run will judge it".into()
    }

    /// Judges the current step's question on the run so far (`ran`: the settings in force);
    /// marks the step done. Returns the status line.
    pub fn judge(&mut self, ran: &Preset, finished: bool) -> Result<String, String> {
        let step = self.current().clone();
        let shipped = self.shipped.clone().unwrap_or_else(|| ran.clone());
        let Some(q) = &step.question else {
            self.progress.step_mut(&step.id).done = true;
            self.save();
            return Ok("this step asks no question; marked done".into());
        };
        let mut j = q.judge(&self.trace, ran, &shipped)?;
        if !finished {
            j.happened.push(format!(
                "judged on the {} epochs run so far, of {}",
                j.epochs, ran.epochs
            ));
        }
        if self.trace.runs.iter().any(|r| r.truncated) {
            j.happened
                .push("the run outgrew the trace; later epochs were not judged".into());
        }
        if self
            .trace
            .runs
            .iter()
            .any(|r| r.points.windows(2).any(|w| w[1].epoch > w[0].epoch + 1))
        {
            j.happened.push(
                "training ran faster than the lab reports; epochs are the first reported ones"
                    .into(),
            );
        }
        let answer = self.answer();
        let text = match answer {
            Some(given) => {
                let g = q.grade(&j, given);
                let text = format!(
                    "{} (the tour panel says what happened)",
                    if g.right {
                        "Prediction right"
                    } else {
                        "Prediction not right this time"
                    }
                );
                let p = self.progress.step_mut(&step.id);
                p.right = Some(g.right);
                p.done = true;
                self.grade = Some(g);
                text
            }
            None => {
                self.progress.step_mut(&step.id).done = true;
                "judged without a prediction: press a to predict before the next run".into()
            }
        };
        self.judgement = Some(j);
        self.save();
        Ok(text)
    }
}

use super::app::{App, Focus, Tab};
use super::keys::Action;
use crate::trainer::{Command, Event, RunState};

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
                match place {
                    Place::Chart => {
                        self.tab = Tab::Lab;
                        self.focus = Focus::Metrics;
                    }
                    Place::Params => {
                        self.tab = Tab::Lab;
                        self.focus = Focus::Params;
                    }
                    Place::Neuron => {
                        self.tab = Tab::Lab;
                        self.focus = Focus::Neuron;
                    }
                    Place::Lower(lower) => {
                        self.tab = Tab::Lab;
                        self.focus = Focus::Neuron;
                        self.views.lower = lower;
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
