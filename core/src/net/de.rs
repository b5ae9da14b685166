//! Deserializers of [`super::RunConfig`]'s fields that refuse bad values while parsing, so the
//! error carries the preset's line and column.

use serde::de::Error;
use serde::{Deserialize, Deserializer};

/// A learning rate: finite and greater than 0.
pub fn eta<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let v = f64::deserialize(d)?;
    if v.is_finite() && v > 0.0 {
        Ok(v)
    } else {
        Err(D::Error::custom(format!(
            "eta must be a finite number greater than 0, got {v}"
        )))
    }
}

/// A count of at least 1.
pub fn positive<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    let v = usize::deserialize(d)?;
    if v >= 1 {
        Ok(v)
    } else {
        Err(D::Error::custom(
            "expected a whole number of at least 1, got 0",
        ))
    }
}

/// Layer sizes: at least two layers, none of zero neurons.
pub fn layers<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<usize>, D::Error> {
    let v = Vec::<usize>::deserialize(d)?;
    if v.len() < 2 {
        return Err(D::Error::custom(format!(
            "layers must list at least an input and an output layer, e.g. [1, 1]; got {v:?}"
        )));
    }
    if v.contains(&0) {
        return Err(D::Error::custom(format!(
            "every layer needs at least one neuron; got {v:?}"
        )));
    }
    crate::net::network::check_sizes(&v).map_err(D::Error::custom)?;
    Ok(v)
}
