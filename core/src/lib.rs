//! nnlab's engine: the mathematics, networks, data, presets, trainer and exercises of section 3.1
//! ("The cross-entropy cost function") of Michael Nielsen's *Neural Networks and Deep Learning*.
//!
//! This crate has no user interface: it depends on no terminal, drawing or command-line crate
//! (a test in the `nnlab` package checks its dependency tree). The `nnlab` binary package adds the
//! command line and the terminal lab on top of it.
#![deny(missing_docs)]
#![warn(clippy::unwrap_used)]

pub mod data;
pub mod exercises;
pub mod math;
pub mod metrics;
pub mod net;
pub mod preset;
pub mod session;
pub mod tour;
pub mod trainer;

pub use preset::Preset;
pub use session::Session;
