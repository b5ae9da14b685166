//! Exercise 18: binary vs categorical cross-entropy.

use super::kit::{input, int, rel_err, table, whole};
use super::{Exercise, Input, Outcome, Values};
use crate::book::cost::cross_entropy_from_z;
use crate::book::{Cost, OutputLayer, softmax};
use crate::format;

const INPUTS: &[Input] = &[
    input("z1", "weighted input of class 1", 1.2, -10.0, 10.0, 0.1),
    input("z2", "weighted input of class 2", -0.4, -10.0, 10.0, 0.1),
    input(
        "z3",
        "weighted input of class 3 (third class only)",
        0.3,
        -10.0,
        10.0,
        0.1,
    ),
    input(
        "t",
        "two classes: target probability of class 1",
        0.8,
        0.0,
        1.0,
        0.05,
    ),
    whole(
        "k",
        "three classes: the correct class (one-hot)",
        1.0,
        1.0,
        3.0,
        1.0,
    ),
];

/// When the two forms agree (two classes, one-hot) and when they do not (more classes).
pub const EXERCISE: Exercise = Exercise {
    id: "binary-vs-categorical",
    title: "Binary vs categorical cross-entropy",
    equations: "Eq. (57), (63), (78), (80)",
    statement: "Two formulas go by the name cross-entropy: the binary one, -[y ln a + (1 - y) ln(1 - a)] for one \
         sigmoid neuron (Eq. 57) and summed over independent sigmoid outputs (Eq. 63); and the categorical \
         one, -sum_j y_j ln a_j, for softmax outputs that form one distribution. (1) With two classes, one \
         sigmoid neuron a = sigma(z1 - z2) with target t under Eq. (57) gives the same number as the \
         two-class softmax with targets (t, 1 - t) under the categorical form. Eq. (63) summed over the two \
         outputs, each read as its own yes/no probability, is a different quantity: here it counts the \
         same event twice and gives exactly twice that number. (2) With a one-hot target for class k the \
         categorical form is just -ln a_k, the log-likelihood of Eq. (80). (3) With three or more softmax \
         outputs, the Eq. (63) form adds -ln(1 - a_j) for each wrong class: again a different cost.",
    at_inputs: None,
    inputs: INPUTS,
    evaluate,
};

fn evaluate(values: &Values) -> Outcome {
    let (z1, z2, z3) = (values.get("z1"), values.get("z2"), values.get("z3"));
    let t_target = values.get("t");
    let k = int(values, "k", 1, 3) - 1;
    let mut tab = table(&[
        "case",
        "Eq. (57), one sigmoid neuron",
        "Eq. (63), sum over outputs",
        "categorical -sum y ln a",
    ]);
    let mut max_error: f64 = 0.0;
    // (1) Two classes: softmax over (z1, z2) is sigma(z1 - z2) for class 1 and
    // sigma(z2 - z1) for class 2.
    let z2c = [z1, z2];
    let a2 = softmax(&z2c, 1.0);
    let y2 = [t_target, 1.0 - t_target];
    let one_neuron = cross_entropy_from_z(z1 - z2, t_target);
    let summed = cross_entropy_from_z(z1 - z2, t_target) + cross_entropy_from_z(z2 - z1, y2[1]);
    let categorical = Cost::LogLikelihood.value(OutputLayer::Softmax { c: 1.0 }, &z2c, &a2, &y2);
    let e1 = rel_err(one_neuron, categorical);
    let e1b = rel_err(summed, 2.0 * categorical);
    max_error = max_error.max(e1).max(e1b);
    tab.rows.push(vec![
        format!(
            "2 classes, a = ({}, {}), y = ({}, {})",
            format::table(a2[0]),
            format::table(a2[1]),
            format::table(y2[0]),
            format::table(y2[1])
        ),
        format::table(one_neuron),
        format::table(summed),
        format::table(categorical),
    ]);
    // (2) and (3): three softmax classes, one-hot target k.
    let z3c = [z1, z2, z3];
    let a3 = softmax(&z3c, 1.0);
    let mut y3 = [0.0; 3];
    y3[k] = 1.0;
    let categorical3 = Cost::LogLikelihood.value(OutputLayer::Softmax { c: 1.0 }, &z3c, &a3, &y3);
    let minus_ln_ak = -a3[k].ln();
    let e2 = rel_err(categorical3, minus_ln_ak);
    max_error = max_error.max(e2);
    tab.rows.push(vec![
        format!(
            "3 classes, one-hot class {}: -ln a_k = {}",
            k + 1,
            format::table(minus_ln_ak)
        ),
        String::new(),
        String::new(),
        format::table(categorical3),
    ]);
    let binary3: f64 = (0..3)
        .map(|j| -(y3[j] * a3[j].ln() + (1.0 - y3[j]) * (1.0 - a3[j]).ln()))
        .sum();
    let extra: f64 = (0..3)
        .filter(|&j| j != k)
        .map(|j| -(1.0 - a3[j]).ln())
        .sum();
    let e3 = rel_err(binary3 - categorical3, extra);
    max_error = max_error.max(e3);
    tab.rows.push(vec![
        format!(
            "3 classes, a = ({}, {}, {})",
            format::table(a3[0]),
            format::table(a3[1]),
            format::table(a3[2])
        ),
        String::new(),
        format::table(binary3),
        format::table(categorical3),
    ]);
    let differ = binary3 - categorical3 > 0.0;
    let holds = max_error < 1e-9 && differ;
    Outcome {
        holds,
        verdict: format!(
            "Two classes: one sigmoid neuron under Eq. (57) and the two-class softmax under the \
             categorical form both give {} (to {e1:.1e}); Eq. (63) summed over the two outputs gives \
             {}, twice as much (to {e1b:.1e}). One-hot: the categorical form is -ln a_k = {}. Three \
             classes: the Eq. (63) form is {} larger, the sum of -ln(1 - a_j) over the wrong classes.",
            format::table(one_neuron),
            format::table(summed),
            format::table(minus_ln_ak),
            format::table(binary3 - categorical3)
        ),
        max_error,
        table: tab,
        chart: None,
    }
}
