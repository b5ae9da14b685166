//! The trainer thread's loop: it owns the session, answers commands, and announces a preset
//! (re)start. The stepping (training slices, pacing, batching the metrics) is in `step`.

use super::protocol::{
    Command, DEFAULT_PACE, DigitImages, Event, Loaded, PACES, Pace, RunState, coalesce,
};
use super::{DIGIT_COUNT, argmax};
use crate::metrics::Series;
use crate::run::EpochMetrics;
use crate::run::session::Session;
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TryRecvError};
use std::time::{Duration, Instant};

mod step;

/// The trainer thread's state.
pub(super) struct Worker {
    session: Session,
    commands: Receiver<Command>,
    events: SyncSender<Event>,
    state: RunState,
    pace: Pace,
    pace_origin: Instant,
    pace_done: u64,
    steps_left: u64,
    pending: Vec<Vec<EpochMetrics>>,
    /// Per run, the epochs the UI's history holds (values unused): which epochs it will keep.
    shadow: Vec<Series>,
    newest: Vec<Option<EpochMetrics>>,
    last_flush: Instant,
    epochs_since_flush: u64,
    rate: f64,
    diverged_sent: Vec<bool>,
    digit_inputs: Vec<Vec<f64>>,
    last_guess: Instant,
    alive: bool,
}

impl Worker {
    pub(super) fn new(
        session: Session,
        commands: Receiver<Command>,
        events: SyncSender<Event>,
    ) -> Worker {
        let mut w = Worker {
            session,
            commands,
            events,
            state: RunState::Paused,
            pace: PACES[DEFAULT_PACE],
            pace_origin: Instant::now(),
            pace_done: 0,
            steps_left: 0,
            pending: Vec::new(),
            shadow: Vec::new(),
            newest: Vec::new(),
            last_flush: Instant::now(),
            epochs_since_flush: 0,
            rate: 0.0,
            diverged_sent: Vec::new(),
            digit_inputs: Vec::new(),
            last_guess: Instant::now(),
            alive: true,
        };
        w.announce();
        w
    }

    fn send(&mut self, event: Event) {
        if self.events.send(event).is_err() {
            self.alive = false;
        }
    }

    /// Sends the whole state after a load or reset.
    fn announce(&mut self) {
        let n = self.session.runs.len();
        self.pending = vec![Vec::new(); n];
        self.newest = vec![None; n];
        self.diverged_sent = vec![false; n];
        let metrics = self.session.metrics();
        self.shadow = metrics
            .iter()
            .map(|m| {
                let mut s = Series::default();
                s.push(m.epoch, 0.0);
                s
            })
            .collect();
        let input_dim = self.session.data.train.input_dim();
        let digits = (input_dim == 784).then(|| {
            let eval = self.session.data.eval_samples();
            let count = DIGIT_COUNT.min(eval.len());
            let labels = match &eval.labels {
                Some(l) => l[..count].to_vec(),
                None => crate::data::Samples::labels_from_targets(&eval.targets)[..count].to_vec(),
            };
            DigitImages {
                pixels: (0..count).map(|i| eval.features.example(i)).collect(),
                labels,
            }
        });
        self.digit_inputs = digits
            .as_ref()
            .map(|d| d.pixels.clone())
            .unwrap_or_default();
        let loaded = Loaded {
            preset: self.session.preset.clone(),
            metrics,
            input_dim,
            data_summary: self.session.data.summary.clone(),
            split: (
                self.session.data.train.len(),
                self.session
                    .data
                    .eval
                    .as_ref()
                    .map(crate::data::Samples::len),
            ),
            digits,
            baselines: crate::metrics::reading::Baselines::of(&self.session.data.train.targets),
            first_example: crate::views::formula::first_example(&self.session.data.train),
        };
        self.send(Event::Loaded(Box::new(loaded)));
        self.send_guesses();
        let state = if self.session.finished() {
            RunState::Finished
        } else if self.state == RunState::Finished {
            RunState::Paused
        } else {
            self.state
        };
        self.set_state(state);
    }

    fn send_guesses(&mut self) {
        if self.digit_inputs.is_empty() {
            return;
        }
        let guesses = self
            .session
            .runs
            .iter()
            .map(|r| {
                self.digit_inputs
                    .iter()
                    .map(|x| argmax(r.network.feedforward(x).as_slice()))
                    .collect()
            })
            .collect();
        self.last_guess = Instant::now();
        self.send(Event::Guesses(guesses));
    }

    fn set_state(&mut self, state: RunState) {
        self.state = state;
        self.pace_origin = Instant::now();
        self.pace_done = 0;
        self.send(Event::State(state));
    }

    pub(super) fn run(mut self) {
        while self.alive {
            let busy = self.state == RunState::Running || self.steps_left > 0;
            let command = if busy {
                match self.commands.try_recv() {
                    Ok(c) => Some(c),
                    Err(TryRecvError::Empty) => None,
                    Err(TryRecvError::Disconnected) => return,
                }
            } else {
                match self.commands.recv_timeout(Duration::from_millis(200)) {
                    Ok(c) => Some(c),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            };
            if let Some(c) = command {
                // Everything already queued, with repeated settings merged (latest wins), so a
                // held key restarts a run once, not once per repeat.
                let mut batch = vec![c];
                while let Ok(c) = self.commands.try_recv() {
                    batch.push(c);
                }
                for c in coalesce(batch) {
                    if c == Command::Quit {
                        return;
                    }
                    self.handle(c);
                }
                continue;
            }
            if busy {
                self.train_slice();
            }
            self.flush(false);
        }
    }

    fn handle(&mut self, command: Command) {
        match command {
            Command::Start => {
                if self.session.finished() {
                    self.send(Event::Error(format!(
                        "finished: every run did its {} epochs or diverged; press r to reset or raise the epochs",
                        self.session.preset.epochs
                    )));
                } else {
                    self.set_state(RunState::Running);
                }
            }
            Command::Pause => {
                self.steps_left = 0;
                self.flush(true);
                if self.state == RunState::Running {
                    self.set_state(RunState::Paused);
                }
            }
            Command::Step(n) => {
                if self.session.finished() {
                    self.send(Event::Error(
                        "finished: press r to reset or raise the epochs".into(),
                    ));
                } else {
                    if self.state == RunState::Running {
                        self.set_state(RunState::Paused);
                        self.steps_left = 0;
                    }
                    // Each press steps: a burst of n presses (key repeat) adds up rather
                    // than restarting the count.
                    self.steps_left = self.steps_left.saturating_add(n);
                }
            }
            Command::Reset => match Session::with_data(
                self.session.preset.clone(),
                std::sync::Arc::clone(&self.session.data),
            ) {
                Ok(s) => {
                    self.session = s;
                    self.steps_left = 0;
                    self.announce();
                }
                Err(e) => self.send(Event::Error(e.to_string())),
            },
            Command::Set(run, param) => {
                if let Err(e) = self.set(run, param) {
                    self.send(Event::Error(e));
                }
            }
            Command::SetEpochs(epochs) => {
                if let Err(e) = crate::rules::check_epochs(epochs) {
                    self.send(Event::Error(e.to_string()));
                    return;
                }
                // The counter never passes the plan: the plan cannot end before the epochs
                // already trained.
                let done = self.session.epoch();
                if epochs < done {
                    self.send(Event::Error(format!(
                        "epochs = {epochs} is fewer than the {done} already trained; \
                         press r to start again first, or keep at least {done}"
                    )));
                    return;
                }
                self.session.preset.epochs = epochs;
                self.send(Event::Epochs(epochs));
                let finished = self.session.finished();
                if finished && self.state != RunState::Finished {
                    self.flush(true);
                    self.set_state(RunState::Finished);
                } else if !finished && self.state == RunState::Finished {
                    self.set_state(RunState::Paused);
                }
            }
            Command::Load(preset) => match Session::new(*preset) {
                Ok(s) => {
                    self.session = s;
                    self.steps_left = 0;
                    self.state = RunState::Paused;
                    self.announce();
                }
                Err(e) => self.send(Event::Error(format!(
                    "{e}; keeping preset {:?}",
                    self.session.preset.name
                ))),
            },
            Command::Speed(pace) => {
                self.pace = pace;
                self.pace_origin = Instant::now();
                self.pace_done = 0;
            }
            Command::Quit => self.alive = false,
        }
    }
}
