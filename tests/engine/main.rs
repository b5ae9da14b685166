//! The engine through the binary's re-exports: accuracy, the book's figures, the engine's dependency boundary, evaluation, gradients against finite differences, numerics and the single neuron's fast path.

#[path = "../support/mod.rs"]
mod support;

mod accuracy;
mod book_figures;
mod engine_boundary;
mod evaluate;
mod gradients;
mod neuron_fast_path;
mod numerics;
