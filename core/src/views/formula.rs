//! A sigmoid neuron's gradient with its numbers substituted, as the book writes it: for one
//! example (x, y), z = sum_j w_j x_j + b, a = sigma(z), and
//!
//! - quadratic cost (Eq. 55-56): dC/dw_j = (a - y) sigma'(z) x_j, dC/db = (a - y) sigma'(z);
//! - cross-entropy (Eq. 61-62): dC/dw_j = x_j (a - y), dC/db = a - y.
//!
//! Over n training examples the gradient is the mean of these over the examples (the sum in
//! Eq. 61 runs over the training inputs x, divided by n).
//!
//! ```
//! use nnlab_core::book::Cost;
//! use nnlab_core::views::formula::terms;
//! // the book's toy: x = 1, y = 0, w = b = 2, so z = 4 and a = 0.9820
//! let q = terms(Cost::Quadratic, &[1.0], 0.0, 4.0);
//! assert_eq!(q[0].name, "dC/dw");
//! assert_eq!(q[0].substituted, "(0.9820 - 0) × 0.0177 × 1");
//! assert!((q[0].value - 0.017_345).abs() < 1e-6);
//! let ce = terms(Cost::CrossEntropy, &[1.0], 0.0, 4.0);
//! assert_eq!(ce[0].substituted, "1 × (0.9820 - 0)");
//! assert!((ce[0].value - 0.982_01).abs() < 1e-5);
//! ```

use crate::book::{Cost, sigmoid, sigmoid_prime};
use crate::data::Samples;
use crate::format;

/// The most inputs whose first example travels to the formula view.
pub const MAX_INPUTS: usize = 16;

/// The first training example (x, y), for inputs of at most [`MAX_INPUTS`] features.
pub fn first_example(samples: &Samples) -> Option<(Vec<f64>, Vec<f64>)> {
    (samples.input_dim() <= MAX_INPUTS && !samples.is_empty()).then(|| {
        (
            samples.features.example(0),
            samples.targets.column(0).iter().copied().collect(),
        )
    })
}

/// One partial derivative, in symbols and with the numbers in.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// `dC/dw`, `dC/dw_2` or `dC/db`.
    pub name: String,
    /// The book's formula in symbols, with its equation.
    pub formula: String,
    /// The formula with this example's numbers in.
    pub substituted: String,
    /// Its value.
    pub value: f64,
}

/// The gradient of a sigmoid neuron's cost for one example with inputs `x`, target `y` and
/// weighted input `z`: a term per weight, then the bias's. `None`-like empty for the
/// log-likelihood (not a single sigmoid neuron's cost).
pub fn terms(cost: Cost, x: &[f64], y: f64, z: f64) -> Vec<Term> {
    let a = sigmoid(z);
    let sp = sigmoid_prime(z);
    // whole inputs and targets (x = 1, y = 0) as the book writes them, others to 4 decimals
    let n = |v: f64| {
        if v == v.round() && v.abs() < 1e6 {
            format!("{v:.0}")
        } else {
            format::short(v)
        }
    };
    let err = format!("({} - {})", n(a), n(y));
    let name = |j: usize| {
        if x.len() == 1 {
            "dC/dw".to_string()
        } else {
            format!("dC/dw_{}", j + 1)
        }
    };
    let xs = |j: usize| {
        if x.len() == 1 {
            "x".to_string()
        } else {
            format!("x_{}", j + 1)
        }
    };
    let mut out = Vec::new();
    match cost {
        Cost::Quadratic => {
            for (j, &xj) in x.iter().enumerate() {
                out.push(Term {
                    name: name(j),
                    formula: format!("(a - y) σ'(z) {} (Eq. 55)", xs(j)),
                    substituted: format!("{err} × {} × {}", n(sp), n(xj)),
                    value: (a - y) * sp * xj,
                });
            }
            out.push(Term {
                name: "dC/db".into(),
                formula: "(a - y) σ'(z) (Eq. 56)".into(),
                substituted: format!("{err} × {}", n(sp)),
                value: (a - y) * sp,
            });
        }
        Cost::CrossEntropy => {
            for (j, &xj) in x.iter().enumerate() {
                out.push(Term {
                    name: name(j),
                    formula: format!("{} (a - y) (Eq. 61)", xs(j)),
                    substituted: format!("{} × {err}", n(xj)),
                    value: xj * (a - y),
                });
            }
            out.push(Term {
                name: "dC/db".into(),
                formula: "a - y (Eq. 62)".into(),
                substituted: err,
                value: a - y,
            });
        }
        Cost::LogLikelihood => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preset::{BUILTIN, Preset};
    use crate::run::session::Session;

    #[test]
    fn the_substituted_terms_are_the_gradient_the_runs_report() {
        let mut checked = 0;
        for (name, _) in BUILTIN {
            let preset = Preset::builtin(name).unwrap().unwrap();
            if !preset
                .runs
                .iter()
                .all(crate::run::RunConfig::is_sigmoid_neuron)
            {
                continue;
            }
            let mut s = Session::new(preset).unwrap();
            if s.data.train.len() != 1 {
                continue; // over several examples the pane shows the mean, not one example's terms
            }
            let (x, y) = first_example(&s.data.train).unwrap();
            for epoch in 0..40 {
                let metrics = if epoch == 0 { s.metrics() } else { s.step() };
                for (m, run) in metrics.iter().zip(&s.runs) {
                    let n = m.neuron.as_ref().unwrap();
                    let t = terms(run.config.cost, &x, y[0], n.z);
                    for (j, g) in n.dc_dw.iter().enumerate() {
                        assert!(
                            (t[j].value - g).abs() <= 1e-12 * g.abs().max(1e-300),
                            "{name} {epoch}"
                        );
                    }
                    assert!(
                        (t[x.len()].value - n.dc_db).abs() <= 1e-12 * n.dc_db.abs().max(1e-300)
                    );
                }
            }
            checked += 1;
        }
        assert!(checked >= 6, "{checked} single-example neuron presets");
    }

    #[test]
    fn an_input_of_zero_gives_its_weight_no_gradient() {
        let t = terms(Cost::CrossEntropy, &[1.0, 0.3, 0.0], 0.0, 4.0);
        assert_eq!(t.len(), 4);
        assert_eq!(t[2].name, "dC/dw_3");
        assert_eq!(t[2].value, 0.0);
        assert!(t[2].substituted.starts_with("0 × "));
    }
}
