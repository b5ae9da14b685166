//! The parameter editor's fields: per run w (one per input), b, eta, cost, mini-batch and
//! seed, then the preset's epochs and the playback speed.

use crate::book::Init;
use crate::preset::Preset;

/// One editable field of the parameter editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Starting weight j of a single-neuron run.
    W(usize, usize),
    /// Starting bias of a single-neuron run.
    B(usize),
    /// Learning rate.
    Eta(usize),
    /// Cost function.
    Cost(usize),
    /// Mini-batch size.
    MiniBatch(usize),
    /// The run's seed.
    Seed(usize),
    /// The preset's epochs.
    Epochs,
    /// Playback speed.
    Speed,
}

impl Field {
    /// The run the field belongs to.
    pub fn run(self) -> Option<usize> {
        match self {
            Field::W(r, _)
            | Field::B(r)
            | Field::Eta(r)
            | Field::Cost(r)
            | Field::MiniBatch(r)
            | Field::Seed(r) => Some(r),
            Field::Epochs | Field::Speed => None,
        }
    }
}

/// Every run's fields, then the preset's.
pub fn fields(preset: &Preset) -> Vec<Field> {
    let mut out = Vec::new();
    for (r, run) in preset.runs.iter().enumerate() {
        if let Init::Neuron { w, .. } = &run.init {
            out.extend((0..w.len()).map(|j| Field::W(r, j)));
            out.push(Field::B(r));
        }
        out.extend([
            Field::Eta(r),
            Field::Cost(r),
            Field::MiniBatch(r),
            Field::Seed(r),
        ]);
    }
    out.extend([Field::Epochs, Field::Speed]);
    out
}
