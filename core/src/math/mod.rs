//! Pure mathematics of section 3.1: activations and costs. No UI, no threads, no allocation
//! beyond what a result needs.

pub mod activation;
pub mod cost;
pub mod exp_vector;

pub use activation::{
    ln_one_minus_sigmoid, ln_sigmoid, log_sum_exp, sigmoid, sigmoid_prime, softmax, softmax_into,
    softplus,
};
pub use cost::{Cost, CostError, OutputLayer};
