//! The trainer thread: it owns the session (every network of the preset) and trains it; the UI
//! sends it [`Command`]s and receives [`Event`]s. The lab's training never computes a gradient
//! on the UI thread (the exercises tab does evaluate its small exercises there).
//!
//! Metrics are sent in batches at most ~60 times a second. Unthrottled, a batch may cover
//! thousands of epochs; it carries exactly the epochs the UI's decimating history
//! ([`RunHistory`](crate::metrics::RunHistory), [`Series`] of the default capacity) will keep,
//! plus the newest: the trainer runs a shadow of that series' stride for each run.
//!
//! The events channel is bounded ([`EVENT_CAPACITY`]): when the UI stops reading (a stalled
//! terminal), the trainer waits at its next send instead of queueing without end, so memory stays
//! flat and no batch is dropped; it goes on when the UI reads again.

use crate::math::Cost;
use crate::metrics::Series;
use crate::net::{EpochMetrics, Init, Run};
use crate::preset::Preset;
use crate::session::Session;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender, TryRecvError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Index of a run in its preset.
pub type RunId = usize;

/// Epochs per second of the playback, or as fast as the machine goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pace {
    /// A fixed number of epochs per second (> 0).
    PerSecond(f64),
    /// No throttle.
    Unthrottled,
}

/// The speeds the `[` and `]` keys step through.
pub const PACES: &[Pace] = &[
    Pace::PerSecond(1.0),
    Pace::PerSecond(2.0),
    Pace::PerSecond(5.0),
    Pace::PerSecond(10.0),
    Pace::PerSecond(20.0),
    Pace::PerSecond(30.0),
    Pace::PerSecond(60.0),
    Pace::PerSecond(120.0),
    Pace::PerSecond(300.0),
    Pace::PerSecond(1000.0),
    Pace::PerSecond(3000.0),
    Pace::PerSecond(10000.0),
    Pace::Unthrottled,
];

/// The default pace: a toy preset's 300 epochs in five seconds, like the book's animation.
pub const DEFAULT_PACE: usize = 6;

impl Pace {
    /// Words for the status line: "60 epochs/s" or "unthrottled".
    pub fn describe(self) -> String {
        match self {
            Pace::PerSecond(r) => format!("{r} epochs/s"),
            Pace::Unthrottled => "unthrottled".to_string(),
        }
    }

    /// Short text for the header.
    pub fn label(self) -> String {
        match self {
            Pace::PerSecond(r) => format!("{r}"),
            Pace::Unthrottled => "max".to_string(),
        }
    }
}

/// A parameter of one run that the user can change.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    /// The learning rate (applies from the next mini-batch).
    Eta(f64),
    /// The cost (applies from the next mini-batch).
    Cost(Cost),
    /// The mini-batch size (applies from the next epoch).
    MiniBatch(usize),
    /// The run's seed (restarts the run).
    Seed(u64),
    /// The single neuron's starting weights and bias (restarts the run from them).
    Neuron {
        /// One weight per input.
        w: Vec<f64>,
        /// The bias.
        b: f64,
    },
}

/// What the UI asks the trainer to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Train continuously at the current pace.
    Start,
    /// Stop training.
    Pause,
    /// Train this many epochs, then pause.
    Step(u64),
    /// Restart every run of the preset (with the current settings).
    Reset,
    /// Change one run's parameter.
    Set(RunId, Param),
    /// Change the preset's epoch count.
    SetEpochs(u64),
    /// Replace the preset.
    Load(Box<Preset>),
    /// Change the playback speed.
    Speed(Pace),
    /// Stop the thread.
    Quit,
}

/// Whether the trainer is training.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunState {
    /// Training continuously.
    Running,
    /// Waiting for a command.
    Paused,
    /// Every run did the preset's epochs or diverged.
    Finished,
}

/// Evaluation images shown by the digits pane (presets with 784 = 28 x 28 inputs).
#[derive(Debug, Clone, PartialEq)]
pub struct DigitImages {
    /// Pixels in [0, 1], 784 per image, row by row.
    pub pixels: Vec<Vec<f64>>,
    /// The true digit of each image.
    pub labels: Vec<usize>,
}

/// A (re)started preset: what the UI needs to draw it from scratch.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// The preset with the settings in force.
    pub preset: Preset,
    /// Each run's metrics at epoch 0.
    pub metrics: Vec<EpochMetrics>,
    /// Features per example.
    pub input_dim: usize,
    /// One-line summary of the data.
    pub data_summary: String,
    /// Training examples, and held-out evaluation examples (None: evaluated on the training set).
    pub split: (usize, Option<usize>),
    /// Images for the digits pane, when the inputs are 28 x 28 images.
    pub digits: Option<DigitImages>,
}

/// What the trainer tells the UI.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A preset was loaded or reset.
    Loaded(Box<Loaded>),
    /// New epochs: for each run, metrics in increasing epoch (thinned when many).
    Progress {
        /// Per run.
        metrics: Vec<Vec<EpochMetrics>>,
        /// Epochs done (the most of any run).
        epoch: u64,
        /// Measured training speed in epochs per second.
        rate: f64,
    },
    /// One run restarted (new w, b or seed); its history starts again from these metrics.
    RunRestarted(RunId, Box<EpochMetrics>),
    /// The trainer's state changed.
    State(RunState),
    /// A run's cost function changed: epochs after `epoch` are measured with it, and `c0` is the
    /// run's starting state's cost under it (for C/C0).
    CostChanged {
        /// The run.
        run: RunId,
        /// The last epoch measured with the old cost.
        epoch: u64,
        /// The starting cost under the new cost.
        c0: f64,
    },
    /// A run's cost or parameters stopped being finite at this epoch; it stopped training.
    Diverged(RunId, u64),
    /// The network's guesses (argmax) for each digit image, per run.
    Guesses(Vec<Vec<usize>>),
    /// A command was refused or failed; the previous state is kept.
    Error(String),
}

/// Merges queued commands: of several `Set` commands for the same run and parameter only the
/// last is kept (in its place), since each would otherwise restart or reconfigure the run in
/// turn. Other commands keep their order.
pub fn coalesce(commands: Vec<Command>) -> Vec<Command> {
    let same = |a: &Command, b: &Command| match (a, b) {
        (Command::Set(r1, p1), Command::Set(r2, p2)) => {
            r1 == r2 && std::mem::discriminant(p1) == std::mem::discriminant(p2)
        }
        _ => false,
    };
    // A later Set of the same kind with no other command between them replaces this one.
    let superseded: Vec<bool> = commands
        .iter()
        .enumerate()
        .map(|(k, c)| {
            commands[k + 1..]
                .iter()
                .take_while(|n| matches!(n, Command::Set(..)))
                .any(|n| same(c, n))
        })
        .collect();
    commands
        .into_iter()
        .zip(superseded)
        .filter_map(|(c, gone)| (!gone).then_some(c))
        .collect()
}

/// Handle to the trainer thread.
#[derive(Debug)]
pub struct Trainer {
    /// Commands to the thread.
    pub commands: Sender<Command>,
    /// Events from the thread.
    pub events: Receiver<Event>,
    handle: Option<JoinHandle<()>>,
}

impl Trainer {
    /// Starts the thread on `session`, paused; it first sends [`Event::Loaded`].
    pub fn spawn(session: Session) -> Trainer {
        let (commands, command_rx) = mpsc::channel();
        let (event_tx, events) = mpsc::sync_channel(EVENT_CAPACITY);
        let handle = std::thread::Builder::new()
            .name("nnlab-trainer".into())
            .spawn(move || Worker::new(session, command_rx, event_tx).run())
            .ok();
        Trainer {
            commands,
            events,
            handle,
        }
    }

    /// Sends a command (ignored if the thread is gone).
    pub fn send(&self, command: Command) {
        let _ = self.commands.send(command);
    }

    /// Asks the thread to stop and waits for it, but never longer than [`SHUTDOWN_WAIT`]: a
    /// thread busy loading (a slow disk, a FIFO nobody writes) is left behind, and ends with the
    /// process.
    pub fn shutdown(mut self) {
        let _ = self.commands.send(Command::Quit);
        if let Some(h) = self.handle.take() {
            let deadline = Instant::now() + SHUTDOWN_WAIT;
            while !h.is_finished() && Instant::now() < deadline {
                // A trainer waiting on a full channel must get to read the Quit.
                while self.events.try_recv().is_ok() {}
                std::thread::sleep(Duration::from_millis(5));
            }
            if h.is_finished() {
                let _ = h.join();
            }
        }
    }
}

/// Events the channel to the UI holds before the trainer waits for the UI to read (about half a
/// second of batches at the flush rate).
pub const EVENT_CAPACITY: usize = 32;

/// Longest [`Trainer::shutdown`] waits for the thread.
pub const SHUTDOWN_WAIT: Duration = Duration::from_millis(500);

/// Digits shown by the digits pane.
pub const DIGIT_COUNT: usize = 6;
const FLUSH_EVERY: Duration = Duration::from_millis(16);
const SLICE: Duration = Duration::from_millis(8);
const MAX_PENDING: usize = 512;

struct Worker {
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
    fn new(session: Session, commands: Receiver<Command>, events: SyncSender<Event>) -> Worker {
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
                    .map(super::data::Samples::len),
            ),
            digits,
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

    fn run(mut self) {
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
                    }
                    self.steps_left = n;
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
                self.session.preset.epochs = epochs;
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

    fn set(&mut self, id: RunId, param: Param) -> Result<(), String> {
        let data = std::sync::Arc::clone(&self.session.data);
        let seed = self.session.preset.seed;
        let Some(run) = self.session.runs.get_mut(id) else {
            return Err(format!("there is no run number {id}"));
        };
        let label = run.config.label.clone();
        let err = |e: crate::net::RunError| format!("run {label:?}: {e}");
        let mut cost_changed = None;
        let restart = match param {
            Param::Eta(eta) => {
                run.set_eta(eta).map_err(err)?;
                false
            }
            Param::Cost(cost) => {
                let mut wanted = run.config.clone();
                wanted.cost = cost;
                wanted.check_with(&data).map_err(err)?;
                run.set_cost(cost).map_err(err)?;
                // The starting state rebuilt from the same config and seed, measured anew.
                let c0 = Run::new(run.config.clone(), seed, &data)
                    .map_or(f64::NAN, |mut start| start.metrics(&data).cost);
                cost_changed = Some(Event::CostChanged {
                    run: id,
                    epoch: run.epoch,
                    c0,
                });
                false
            }
            Param::MiniBatch(m) => {
                run.set_mini_batch(m).map_err(err)?;
                false
            }
            Param::Seed(s) => {
                let mut config = run.config.clone();
                config.seed = Some(s);
                *run = Run::new(config, seed, &data).map_err(err)?;
                true
            }
            Param::Neuron { w, b } => {
                run.reset(Some(Init::Neuron { w, b }), &data).map_err(err)?;
                true
            }
        };
        self.session.preset.runs[id] = run.config.clone();
        if restart {
            let m = run.metrics(&data);
            self.shadow[id] = Series::default();
            self.shadow[id].push(m.epoch, 0.0);
            self.pending[id].clear();
            self.newest[id] = None;
            self.diverged_sent[id] = false;
            self.send(Event::RunRestarted(id, Box::new(m)));
            self.send_guesses();
            if self.state == RunState::Finished && !self.session.finished() {
                self.set_state(RunState::Paused);
            }
        }
        if let Some(event) = cost_changed {
            self.send(event);
        }
        Ok(())
    }

    /// Trains for up to one time slice at the current pace.
    fn train_slice(&mut self) {
        let start = Instant::now();
        loop {
            if self.steps_left == 0 {
                let due = match self.pace {
                    Pace::Unthrottled => true,
                    Pace::PerSecond(r) => {
                        // Elapsed seconds times a positive rate: not negative, and `as` saturates.
                        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                        let target = (self.pace_origin.elapsed().as_secs_f64() * r) as u64 + 1;
                        self.pace_done < target
                    }
                };
                if !due {
                    // Sleep until the next epoch is due, but wake for commands and flushes.
                    if let Pace::PerSecond(r) = self.pace {
                        let next = (self.pace_done as f64) / r;
                        let wait = next - self.pace_origin.elapsed().as_secs_f64();
                        let wait = wait.clamp(0.0, FLUSH_EVERY.as_secs_f64());
                        self.flush(false);
                        match self.commands.recv_timeout(Duration::from_secs_f64(wait)) {
                            Ok(c) => {
                                if c == Command::Quit {
                                    self.alive = false;
                                } else {
                                    self.handle(c);
                                }
                            }
                            Err(RecvTimeoutError::Timeout) => {}
                            Err(RecvTimeoutError::Disconnected) => self.alive = false,
                        }
                    }
                    return;
                }
            }
            self.epoch();
            if self.steps_left > 0 {
                self.steps_left -= 1;
                if self.steps_left == 0 {
                    self.flush(true);
                    return;
                }
            } else {
                self.pace_done += 1;
            }
            if self.session.finished() {
                self.flush(true);
                self.steps_left = 0;
                self.set_state(RunState::Finished);
                return;
            }
            if start.elapsed() >= SLICE {
                return;
            }
        }
    }

    fn epoch(&mut self) {
        let metrics = self.session.step();
        self.epochs_since_flush += 1;
        for (i, m) in metrics.into_iter().enumerate() {
            let run = &self.session.runs[i];
            if run.diverged_at.is_some() && self.diverged_sent[i] {
                continue;
            }
            if let Some(at) = run.diverged_at {
                self.diverged_sent[i] = true;
                self.pending[i].push(m);
                self.flush(true);
                self.send(Event::Diverged(i, at));
                continue;
            }
            // The history stores an epoch when it is on its stride at the time of the push.
            if m.epoch.is_multiple_of(self.shadow[i].stride()) {
                self.pending[i].push(m.clone());
            }
            self.shadow[i].push(m.epoch, 0.0);
            self.newest[i] = Some(m);
        }
        // Points the history has since decimated away need not travel.
        for (p, s) in self.pending.iter_mut().zip(&self.shadow) {
            if p.len() >= MAX_PENDING {
                let stride = s.stride();
                p.retain(|m| m.epoch.is_multiple_of(stride));
            }
        }
    }

    /// Sends the pending metrics if a frame's worth of time passed (or `now`).
    fn flush(&mut self, now: bool) {
        let elapsed = self.last_flush.elapsed();
        if !now && elapsed < FLUSH_EVERY {
            return;
        }
        let secs = elapsed.as_secs_f64();
        if secs > 0.0 && (self.state == RunState::Running || self.epochs_since_flush > 0) {
            let instant = self.epochs_since_flush as f64 / secs;
            self.rate = if self.rate == 0.0 {
                instant
            } else {
                0.7 * self.rate + 0.3 * instant
            };
        }
        if self.state != RunState::Running && self.steps_left == 0 && self.epochs_since_flush == 0 {
            self.rate = 0.0;
        }
        self.last_flush = Instant::now();
        self.epochs_since_flush = 0;
        let mut metrics = Vec::with_capacity(self.pending.len());
        let mut any = false;
        for i in 0..self.pending.len() {
            let mut p = std::mem::take(&mut self.pending[i]);
            if let Some(n) = self.newest[i].take()
                && p.last().is_none_or(|m| m.epoch < n.epoch)
            {
                p.push(n);
            }
            any |= !p.is_empty();
            metrics.push(p);
        }
        if any {
            let epoch = self.session.epoch();
            let rate = self.rate;
            self.send(Event::Progress {
                metrics,
                epoch,
                rate,
            });
            if self.last_guess.elapsed() > Duration::from_millis(500) || now {
                self.send_guesses();
            }
        }
    }
}

/// Index of the largest value (0 for an empty slice; NaN never wins).
pub fn argmax(v: &[f64]) -> usize {
    v.iter()
        .enumerate()
        .fold((0, f64::NEG_INFINITY), |(bi, bv), (i, &x)| {
            if x > bv { (i, x) } else { (bi, bv) }
        })
        .0
}
