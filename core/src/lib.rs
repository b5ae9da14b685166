//! nnlab's engine: the mathematics, networks, data, presets, trainer and exercises of section 3.1
//! ("The cross-entropy cost function") of Michael Nielsen's *Neural Networks and Deep Learning*.
//!
//! The crate is in layers, read from the bottom:
//!
//! - [`book`]: the book's math and algorithms in the book's shape (sigma, the costs with their
//!   deltas, a single neuron, a network, BP1-BP4, SGD, the finite-difference check), short,
//!   pure and doc-tested with the book's numbers;
//! - a crate-private fast layer: batched backprop, vectorised kernels and exp, threaded
//!   evaluation, the scalar neuron and `nnlab run`'s pipeline, the only `unsafe` code; tests
//!   hold it equal to the book layer;
//! - [`run`]: where the two meet: a run's configuration, [`run::Run`], the settings a user can
//!   change ([`run::settings`]), the [`run::session`] of a preset and its [`run::replay`];
//! - features built on runs: [`data`] and [`preset`] (what is trained), [`rules`] (every limit
//!   and refusal), [`metrics`], [`exercises`], [`tour`], [`views`] and the [`trainer`] thread.
//!
//! This crate has no user interface: it depends on no terminal, drawing or command-line crate
//! (a test in the `nnlab` package checks its dependency tree). The `nnlab` binary package adds the
//! command line and the terminal lab on top of it.
// Lints: the [lints] table of core/Cargo.toml (so tests and benches get them too).

pub mod book;
pub mod data;
pub mod exercises;
mod fast;
pub mod format;
pub mod metrics;
pub mod preset;
pub mod rules;
pub mod run;
pub mod tour;
pub mod trainer;
pub mod views;

pub use preset::Preset;
pub use run::session::Session;
