//! The trainer thread: it owns the session (every network of the preset) and trains it; the UI
//! sends it [`Command`]s and receives [`Event`]s. The lab's training never computes a gradient
//! on the UI thread (the exercises tab does evaluate its small exercises there).
//!
//! Metrics are sent in batches at most ~60 times a second. Unthrottled, a batch may cover
//! thousands of epochs; it carries exactly the epochs the UI's decimating history
//! ([`RunHistory`](crate::metrics::RunHistory), [`Series`](crate::metrics::Series) of the default capacity) will keep,
//! plus the newest: the trainer runs a shadow of that series' stride for each run.
//!
//! The events channel is bounded ([`EVENT_CAPACITY`]): when the UI stops reading (a stalled
//! terminal), the trainer waits at its next send instead of queueing without end, so memory stays
//! flat and no batch is dropped; it goes on when the UI reads again.

mod protocol;
mod worker;

pub use protocol::{
    Command, DEFAULT_PACE, DigitImages, Event, Loaded, PACES, Pace, Param, RunId, RunState,
    coalesce,
};

use crate::run::session::Session;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use worker::Worker;

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

/// Index of the largest value (0 for an empty slice; NaN never wins).
pub fn argmax(v: &[f64]) -> usize {
    v.iter()
        .enumerate()
        .fold((0, f64::NEG_INFINITY), |(bi, bv), (i, &x)| {
            if x > bv { (i, x) } else { (bi, bv) }
        })
        .0
}
