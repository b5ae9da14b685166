//! The toy neuron's figures from section 3.1, reproduced by the shipped presets.
//!
//! Tolerances are stated per figure. The book quotes outputs to two decimals; nnlab's runs are
//! Exact computations of the stated rules, so the tolerance is the book's rounding (0.005)
//! Unless said otherwise.

use nnlab::{Preset, Session};

/// Output a of the single neuron of run `run` after every epoch 0..=epochs.
fn outputs(preset: &str, run: usize) -> Vec<(f64, f64)> {
    let preset = Preset::builtin(preset).expect("built-in").expect("valid");
    let epochs = preset.epochs;
    let mut session = Session::new(preset).expect("session");
    let mut out = Vec::new();
    let m = &session.metrics()[run];
    out.push((m.neuron.as_ref().expect("neuron").a, m.cost));
    for _ in 0..epochs {
        let m = &session.step()[run];
        out.push((m.neuron.as_ref().expect("neuron").a, m.cost));
    }
    out
}

#[test]
fn initial_outputs_are_0_82_and_0_98() {
    // Book: "The initial output from the neuron is 0.82" and, from w = b = 2, 0.98.
    let mild = outputs("quadratic-mild", 0);
    let saturated = outputs("quadratic-saturated", 0);
    assert!((mild[0].0 - 0.82).abs() < 0.005, "{}", mild[0].0);
    assert!((saturated[0].0 - 0.98).abs() < 0.005, "{}", saturated[0].0);
}

#[test]
fn quadratic_mild_ends_near_0_09() {
    // Book: about 0.09 after 300 epochs. nnlab: 0.0940. Tolerance 0.01 ("about").
    let a = outputs("quadratic-mild", 0);
    assert_eq!(a.len(), 301);
    assert!((a[300].0 - 0.09).abs() < 0.01, "{}", a[300].0);
}

#[test]
fn quadratic_saturated_learns_slowly_first() {
    // Book: barely moves for about the first 150 epochs. The cost falls far less over
    // epochs 0-150 than over 150-300: here by a factor of more than 5.
    let c: Vec<f64> = outputs("quadratic-saturated", 0)
        .iter()
        .map(|p| p.1)
        .collect();
    let early = c[0] - c[150];
    let late = c[150] - c[300];
    assert!(
        early > 0.0 && late > 5.0 * early,
        "early {early}, late {late}"
    );
}

#[test]
fn cross_entropy_saturated_learns_fastest_first() {
    // The cross-entropy has no sigma'(z) factor (Eq. 61): the early drop is the larger one.
    let c: Vec<f64> = outputs("cross-entropy-saturated", 0)
        .iter()
        .map(|p| p.1)
        .collect();
    let early = c[0] - c[150];
    let late = c[150] - c[300];
    assert!(early > late && late > 0.0, "early {early}, late {late}");
    // And at the book's eta = 0.005 with the true gradient it is still far from 0:
    // a = 0.78 after 300 epochs (tolerance 0.01).
    let a = outputs("cross-entropy-saturated", 0);
    assert!((a[300].0 - 0.78).abs() < 0.01, "{}", a[300].0);
}

#[test]
fn slowdown_preset_shows_both_shapes() {
    let q: Vec<f64> = outputs("slowdown", 0).iter().map(|p| p.1).collect();
    let x: Vec<f64> = outputs("slowdown", 1).iter().map(|p| p.1).collect();
    // Relative drop over the first 50 epochs: quadratic barely moves, cross-entropy a lot.
    let q50 = 1.0 - q[50] / q[0];
    let x50 = 1.0 - x[50] / x[0];
    assert!(q50 < 0.05, "quadratic dropped {q50}");
    assert!(x50 > 0.5, "cross-entropy dropped {x50}");
}

#[test]
fn book_demo_presets_match_the_books_animation() {
    // The book's saturated cross-entropy animation ends near 0.05; nnlab's BookDemo rule gives
    // 0.0479. Required by the spec: below 0.06.
    let sat = outputs("cross-entropy-saturated-book-demo", 0);
    assert!(sat[300].0 < 0.06 && sat[300].0 > 0.03, "{}", sat[300].0);
    // The mild start under the same rule also ends close to 0 (0.040).
    let mild = outputs("cross-entropy-mild-book-demo", 0);
    assert!(mild[300].0 < 0.06, "{}", mild[300].0);
    // book-demo-rule: the BookDemo run is far ahead of the gradient run at every report.
    let grad = outputs("book-demo-rule", 0);
    let demo = outputs("book-demo-rule", 1);
    assert!((demo[300].0 - sat[300].0).abs() < 1e-12);
    assert!(grad[300].0 > 0.7);
}

#[test]
fn multi_input_neuron_weight_with_zero_input_never_moves() {
    let preset = Preset::builtin("multi-input-neuron")
        .expect("built-in")
        .expect("valid");
    let mut session = Session::new(preset).expect("session");
    let start = session.metrics()[0].neuron.clone().expect("neuron");
    let mut end = start.clone();
    for _ in 0..300 {
        end = session.step()[0].neuron.clone().expect("neuron");
    }
    let moved: Vec<f64> = start.w.iter().zip(&end.w).map(|(a, b)| a - b).collect();
    assert_eq!(moved[2], 0.0, "x_3 = 0 so w_3 must not move");
    // Eq. (61): each step moves w_j by eta x_j (a - y), so w_2 moves 0.3 times as far as w_1.
    assert!((moved[1] / moved[0] - 0.3).abs() < 1e-12, "{moved:?}");
}

#[test]
fn linear_output_quadratic_compares_the_sigma_prime_factor_alone() {
    // Eq. (68)-(70): every target is one a sigmoid output can reach, so the gap between the runs
    // is the sigma'(z^L) factor, not range. The linear run starts further off and ends closer.
    let preset = Preset::builtin("linear-output-quadratic")
        .expect("built-in")
        .expect("valid");
    let nnlab::data::DataSpec::Inline { targets, .. } = &preset.data else {
        panic!("inline data");
    };
    assert!(
        targets.iter().flatten().all(|&y| 0.0 < y && y < 1.0),
        "{targets:?}"
    );
    let labels: Vec<String> = preset.runs.iter().map(|r| r.label.clone()).collect();
    assert_eq!(labels, ["linear output", "sigmoid output"]);
    let epochs = preset.epochs;
    let mut session = Session::new(preset).expect("session");
    let start = session.metrics();
    let mut end = start.clone();
    for _ in 0..epochs {
        end = session.step();
    }
    assert!(start[0].cost > start[1].cost, "linear starts further off");
    assert!(
        end[0].cost < 0.7 * end[1].cost,
        "linear {} vs sigmoid {}",
        end[0].cost,
        end[1].cost
    );
}
