//! The real binary in a pseudo-terminal: start, keys, the tour, hostile input and a clean quit.

#[path = "../support/mod.rs"]
mod support;

mod tour_pty;
mod tui_hardening;
mod tui_pty;
