//! The update rule: how a run turns the output error into a step (the true gradient, or the
//! book's in-browser animation step).

use serde::{Deserialize, Serialize};

/// How a run turns the output error into a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Update {
    /// w -> w - eta dC/dw, b -> b - eta dC/db with the true gradient (Eq. 55-56, 61-62).
    #[default]
    Gradient,
    /// The step of the book's in-browser animations: the output error is dC/da instead of
    /// dC/dz, i.e. the sigma'(z) factor is left out (sigmoid output layer only). For the
    /// cross-entropy with y = 0 that is a step of 1/(1 - a) where Eq. (61) gives a.
    BookDemo,
}

impl Update {
    /// Short name for tables.
    pub fn name(self) -> &'static str {
        match self {
            Update::Gradient => "gradient",
            Update::BookDemo => "book-demo",
        }
    }
}
