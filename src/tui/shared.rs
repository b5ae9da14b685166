//! What every area of the lab shares with the router: the tabs and the status line's message.

use std::time::{Duration, Instant};

/// The tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Charts, parameters, neuron.
    Lab,
    /// The exercise explorer.
    Exercises,
    /// The preset's description and the chapter's equations.
    About,
}

/// The status line's message.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    /// The text.
    pub text: String,
    /// Shown as an error.
    pub error: bool,
    /// When it was posted (it expires on [`Msg::Tick`](super::msg::Msg::Tick)).
    pub posted: Instant,
    /// What ends it early: the trainer starting (a hint to press space).
    pub until_running: bool,
}

/// How long an information message stays.
pub const INFO_FOR: Duration = Duration::from_secs(6);
/// How long an error stays (Esc clears it sooner).
pub const ERROR_FOR: Duration = Duration::from_secs(20);
