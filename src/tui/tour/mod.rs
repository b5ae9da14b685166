//! Tour mode's state: the tour, the learner's progress, the current step, the trace of the run
//! the step's question is judged on, and the answer being typed. The app holds one of these in
//! tour mode and forwards keys and trainer events to it (see `tour_hooks.rs`, the router's
//! side). This module never imports the App.

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
    Lower(super::lab::Lower),
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
        "sigma" => (Place::Lower(super::lab::Lower::Sigma), None),
        "landscape" => (Place::Lower(super::lab::Lower::Landscape), None),
        "map" => (Place::Lower(super::lab::Lower::Map), None),
        "decision" => (Place::Lower(super::lab::Lower::Decision), None),
        "formula" => (Place::Lower(super::lab::Lower::Formula), None),
        // The sliders would cover the run this step asks to watch: the panel says how to open them.
        "softmax" => (
            Place::Chart,
            Some("o opens the softmax sliders (Eq. 78, 83); Esc closes them"),
        ),
        // "chart", "digits" and the rest: the cost chart
        _ => (Place::Chart, None),
    }
}

/// The key that picks option `k` of a question (a, b, c, ...).
pub fn option_key(k: usize) -> char {
    (b'a' + (k.min(25) as u8)) as char
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
        let path = crate::save::tour_progress_path(&tour)?;
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
            .map_or(0, |q| q.options().len());
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
                            option_key(n_options.saturating_sub(1))
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
        let text = if let Some(given) = answer {
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
        } else {
            self.progress.step_mut(&step.id).done = true;
            "judged without a prediction: press a to predict before the next run".into()
        };
        self.judgement = Some(j);
        self.save();
        Ok(text)
    }
}
