//! The book layer: what a reader of section 3.1 looks for, in the book's shape and small enough
//! to read beside it. Pure functions and plain loops, no `unsafe`, no threads; each function is
//! doc-tested with the book's numbers.
//!
//! - [`activation`]: sigma, sigma' (the factor of Eq. 55-56), softplus, softmax (Eq. 78, 83);
//! - [`cost`]: each cost's value, its output error delta^L and dC/da, with equation numbers;
//! - [`neuron`]: the toy of section 3.1, one sigmoid neuron: z, a, one step, one epoch;
//! - [`network`] and [`init`]: a feedforward network and its starting weights;
//! - [`backprop`]: BP1-BP4 one example at a time (network2.py's `backprop`);
//! - [`sgd`]: stochastic gradient descent in network2.py's shape (epochs, shuffle,
//!   mini-batches, update);
//! - [`gradcheck`]: gradients by central differences, the oracle for all of the above.
//!
//! The lab trains with the crate's fast layer, which tests hold equal to this one (bit for bit
//! where it promises bits); the run layer ([`crate::run`]) is where a run uses it.

pub mod activation;
pub mod backprop;
pub mod cost;
pub mod gradcheck;
pub mod init;
pub mod network;
pub mod neuron;
pub mod sgd;

pub use activation::{log_sum_exp, sigmoid, sigmoid_prime, softmax, softmax_into, softplus};
pub use backprop::{Gradients, OutputError};
pub use cost::{Cost, CostError, OutputLayer};
pub use init::Init;
pub use network::{Network, NetworkError};
