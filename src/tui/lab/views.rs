//! The state of the lab's lower right pane and overlays of issue 13's views: which view the
//! pane shows, the landscape's surface, the softmax sliders, and the preset's data they use.

use crate::book::Cost;
use crate::data::Dataset;
use crate::views::softmax::Sliders;
use std::sync::Arc;

/// What the lower right pane of the lab shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lower {
    /// The neuron (or gradient norms) pane.
    #[default]
    Neuron,
    /// sigma(z) with each run's z and slope.
    Sigma,
    /// The cost landscape C(w, b).
    Landscape,
    /// The learning-speed map.
    Map,
    /// Each run's answer over the input plane, with the data (two-input presets).
    Decision,
    /// A single neuron's gradient with its numbers substituted.
    Formula,
}

impl Lower {
    /// Every view, in the order `v` cycles through them.
    pub const ALL: [Lower; 6] = [
        Lower::Neuron,
        Lower::Sigma,
        Lower::Landscape,
        Lower::Map,
        Lower::Decision,
        Lower::Formula,
    ];

    /// The view after this one: neuron, sigma, landscape, map, decision, formula, neuron.
    #[must_use]
    pub fn next(self) -> Lower {
        match self {
            Lower::Neuron => Lower::Sigma,
            Lower::Sigma => Lower::Landscape,
            Lower::Landscape => Lower::Map,
            Lower::Map => Lower::Decision,
            Lower::Decision => Lower::Formula,
            Lower::Formula => Lower::Neuron,
        }
    }
}

/// The views' state, part of the lab's.
#[derive(Debug, Clone, Default)]
pub struct ViewState {
    /// The lower right pane's view.
    pub lower: Lower,
    /// The landscape's surface (quadratic unless switched).
    pub surface: Option<Cost>,
    /// The softmax sliders, when open.
    pub softmax: Option<Sliders>,
    /// The preset's data for the landscape and map, with the preset name it belongs to, or why
    /// the views do not apply.
    pub data: Option<(String, Result<Arc<Dataset>, String>)>,
    /// The decision view's plane and examples, with the preset name they belong to, or why the
    /// view does not apply.
    pub planar: Option<(String, Result<Planar, String>)>,
}

/// What the decision view draws the maps over: the plane and the examples on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Planar {
    /// The rectangle of the input plane shown.
    pub plane: crate::views::decision::Plane,
    /// The examples, training first.
    pub points: Arc<Vec<crate::views::decision::Point>>,
}
