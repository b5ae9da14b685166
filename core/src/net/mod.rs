//! Networks of sigmoid neurons: layers, initial weights, feedforward, backprop and SGD.

pub mod backprop;
pub mod config;
pub mod de;
pub mod init;
mod kernels;
pub mod network;
pub mod neuron;
pub mod reference;
pub mod sgd;

pub use backprop::{Gradients, Workspace};
pub use init::Init;
pub use network::{Network, NetworkError};
pub use sgd::{
    EpochMetrics, Evaluation, LayerGradient, MetricsSnapshot, NeuronMetrics, Run, RunConfig,
    RunError, Trained, Update,
};
