//! nnlab: a terminal lab for section 3.1 of Michael Nielsen's *Neural Networks and Deep
//! Learning*, "The cross-entropy cost function".
//!
//! The engine lives in the `nnlab-core` crate (re-exported here under the same module names);
//! this package adds the command line ([`cli`]), the MNIST download ([`fetch`]) and the terminal
//! lab ([`tui`]).
// Lints: the [lints] table of Cargo.toml (so tests and benches get them too).

pub mod bench;
pub mod cli;
pub mod config;
pub mod export;
pub mod fetch;
pub mod plot;
pub mod save;
pub mod tui;

pub use nnlab_core::{
    Preset, Session, book, data, exercises, format, metrics, preset, rules, run, tour, trainer,
    views,
};
