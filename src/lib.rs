//! nnlab: a terminal lab for section 3.1 of Michael Nielsen's *Neural Networks and Deep
//! Learning*, "The cross-entropy cost function".
//!
//! The engine (`math`, `net`, `data`, `preset`, `session`) is pure and UI-free; the binary adds
//! the headless command line and the terminal user interface.
#![deny(missing_docs)]
#![warn(clippy::unwrap_used)]

pub mod bench;
pub mod cli;
pub mod data;
pub mod exercises;
pub mod math;
pub mod metrics;
pub mod net;
pub mod preset;
pub mod session;
pub mod trainer;
pub mod tui;

pub use preset::Preset;
pub use session::Session;
