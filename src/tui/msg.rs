//! The lab's one message type: every input the event loop receives (a key, the mouse, a
//! paste, the trainer, the map's and the file job's threads, the clock, a resize) becomes a
//! [`Msg`], and [`App::update`](super::app::App::update) routes it to what it changes.

use crate::trainer::Event;
use crate::views::speed_map::SpeedMap;
use crossterm::event::{KeyEvent, MouseEvent};
use ratatui::layout::Rect;
use std::time::Instant;

/// One input to the lab.
#[derive(Debug)]
pub enum Msg {
    /// A key (presses only are used).
    Key(KeyEvent),
    /// A mouse event on a screen of `screen` (the terminal's size).
    Mouse {
        /// The event.
        event: MouseEvent,
        /// The screen it happened on.
        screen: Rect,
    },
    /// A bracketed paste.
    Paste(String),
    /// What the trainer sent.
    Trainer(Event),
    /// The learning-speed map's thread finished: the map, or why there is none.
    Map(Result<SpeedMap, String>),
    /// The file job (CSV export, figure) finished: the status line's text, or the error.
    File(Result<String, String>),
    /// The clock: messages expire, the map follows the settings.
    Tick(Instant),
    /// The terminal was resized (the screen is drawn again).
    Resize,
}
