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
#![forbid(missing_docs)]
#![deny(unsafe_code)]
#![deny(clippy::unwrap_used)]
#![warn(clippy::pedantic)]
// The pedantic lints nnlab allows, and why:
// - doc_markdown: the docs write the book's notation (sigma'(z), a^L, C/C0, dC/dw) as text, as
//   the book's readers know it; backticks around every symbol would hide it.
// - must_use_candidate: nearly every function here is a pure computation whose result every
//   caller uses; the attribute on each would be noise.
// - missing_errors_doc: every fallible function returns a typed error whose variants say, in
//   their own docs, when each occurs.
// - cast_precision_loss: counts (examples, epochs, grid points) are far below 2^52 when they are
//   turned into f64 for means and axes.
// - many_single_char_names, similar_names: the book's symbols are w, b, z, a, x, y, C, and the
//   code keeps them so that it reads like the equations.
// - inline_always: the hot loops (net::kernels, net::neuron, net::backprop) force their small
//   per-element helpers inline so that each call site is specialised; benches/mnist.rs and
//   `nnlab bench` guard the speed this buys.
// - float_cmp: exact comparisons are deliberate (a target of exactly 0 or 1 drops a term whose
//   factor is exactly zero).
#![allow(
    clippy::doc_markdown,
    clippy::must_use_candidate,
    clippy::missing_errors_doc,
    clippy::cast_precision_loss,
    clippy::many_single_char_names,
    clippy::similar_names,
    clippy::float_cmp,
    clippy::inline_always
)]

pub mod book;
pub mod data;
pub mod exercises;
mod fast;
pub mod metrics;
pub mod preset;
pub mod rules;
pub mod run;
pub mod tour;
pub mod trainer;
pub mod views;

pub use preset::Preset;
pub use run::session::Session;
