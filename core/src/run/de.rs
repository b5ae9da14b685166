//! Deserializers of [`super::RunConfig`]'s fields that refuse bad values while parsing, so the
//! error carries the preset's line and column. The rules themselves live in [`crate::rules`]
//! (and [`crate::book::network::check_sizes`] for layer sizes): these only call them.

use serde::de::Error;
use serde::{Deserialize, Deserializer};

/// A learning rate ([`crate::rules::check_eta`]).
pub fn eta<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    crate::rules::check_eta(f64::deserialize(d)?).map_err(D::Error::custom)
}

/// A mini-batch size ([`crate::rules::check_mini_batch`]).
pub fn mini_batch<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    crate::rules::check_mini_batch(usize::deserialize(d)?).map_err(D::Error::custom)
}

/// Layer sizes ([`crate::book::network::check_sizes`]: at least two layers, none of zero neurons, a
/// bounded number of weights).
pub fn layers<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<usize>, D::Error> {
    let v = Vec::<usize>::deserialize(d)?;
    crate::book::network::check_sizes(&v).map_err(D::Error::custom)?;
    Ok(v)
}
