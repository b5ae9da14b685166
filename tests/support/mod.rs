//! What the integration test crates share: the pseudo-terminal harness ([`pty`]) and the
//! In-process lab helpers ([`tui`]). Each crate uses part of it.
#![allow(dead_code)]

pub mod pty;
pub mod tui;
