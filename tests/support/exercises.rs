//! What the exercise tests share: for each input, another valid value to set it to.
#![allow(dead_code)]

use nnlab::exercises::{Input, InputKind};

/// A value of `input` inside its range, different from its default and of its kind: the
/// first of its quarter points (then its ends) that is not the default.
pub fn other_value(input: &Input) -> f64 {
    let (lo, hi) = (input.min, input.max);
    [lo + 0.25 * (hi - lo), lo + 0.75 * (hi - lo), lo, hi]
        .into_iter()
        .map(|v| match input.kind {
            InputKind::Real => v,
            InputKind::Whole => v.round(),
            InputKind::Even => (v / 2.0).round() * 2.0,
        })
        .map(|v| v.clamp(lo, hi))
        .find(|&v| v != input.default)
        .unwrap_or_else(|| panic!("{}: no value besides the default", input.name))
}
