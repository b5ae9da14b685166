//! What the integration test crates share: the pseudo-terminal harness ([`pty`]), the binary run as a process ([`cli`]), another value for each exercise input ([`exercises`]) and the
//! In-process lab helpers ([`tui`]). Each crate uses part of it.
#![allow(dead_code)]

pub mod cli;
pub mod exercises;
pub mod pty;
pub mod tui;
