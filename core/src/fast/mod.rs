//! The fast layer: crate-private substitutes for the book layer ([`crate::book`]) that give
//! the same numbers sooner. It is the only place in the crate allowed `unsafe` code and
//! `std::arch` (a test scans the sources for both). Each file says at its top which book
//! function it equals and which test holds it there: bit for bit, or within a stated tolerance;
//! `fast::tests` holds the layer as a whole to the book.
//!
//! - `workspace` (and `workspace/evaluate`): backprop over a whole mini-batch as matrix
//!   products, and threaded evaluation; equal to [`crate::book::backprop`];
//! - `kernels`: the two inner loops of the batched path, vectorised;
//! - `exp_vector` (with its table `exp_table`): e^{-|z|} and sigma four at a time, with the C
//!   library's bits;
//! - `neuron` (and `neuron/state`): one sigmoid neuron in scalar loops, equal to
//!   [`crate::book::neuron`];
//! - `pipeline`: `nnlab run`'s stepping, which measures epoch e while epoch e + 1 trains.
#![allow(unsafe_code)]

pub(crate) mod exp_vector;
pub(crate) mod kernels;
pub(crate) mod neuron;
pub(crate) mod pipeline;
pub(crate) mod workspace;

#[cfg(test)]
mod tests;
