//! The exercise explorer: every exercise's verdict and error bound at its defaults and at other
//! Inputs, no panic anywhere in the input ranges, refusal of bad inputs, and the CLI.

use crate::support::cli::output as nnlab;
use nnlab::exercises::{Outcome, Values, find, registry};

/// Evaluates exercise `id` with `sets` applied to its defaults.
fn eval(id: &str, sets: &[(&str, f64)]) -> Outcome {
    let ex = find(id).unwrap_or_else(|| panic!("exercise {id} is not registered"));
    let mut values = ex.defaults();
    for &(name, v) in sets {
        values
            .set(name, v)
            .unwrap_or_else(|e| panic!("{id}: setting {name} = {v}: {e}"));
    }
    ex.evaluate(&values)
}

/// Asserts that the claim holds within `bound`, at the defaults and at each set of `others`.
fn assert_holds(id: &str, bound: f64, others: &[&[(&str, f64)]]) {
    let mut cases: Vec<&[(&str, f64)]> = vec![&[]];
    cases.extend_from_slice(others);
    for sets in cases {
        let o = eval(id, sets);
        assert!(o.holds, "{id} {sets:?}: claim does not hold: {}", o.verdict);
        assert!(
            o.max_error <= bound,
            "{id} {sets:?}: max_error {} above {bound}",
            o.max_error
        );
        assert!(!o.table.rows.is_empty(), "{id} {sets:?}: empty table");
        for row in &o.table.rows {
            assert_eq!(row.len(), o.table.columns.len(), "{id}: ragged table");
        }
    }
}

#[test]
fn sigmoid_prime() {
    assert_holds(
        "sigmoid-prime",
        1e-9,
        &[&[("z_max", 3.0), ("points", 11.0)]],
    );
}

#[test]
fn toy_gradients() {
    assert_holds(
        "toy-gradients",
        1e-6,
        &[
            &[("w", 0.6), ("b", 0.9)],
            &[("w", -3.0), ("b", 1.0), ("x", 0.5), ("y", 1.0)],
        ],
    );
    // The ratio row shows sigma'(z): at w = b = 2 (z = 4) it is about 0.0177.
    let o = eval("toy-gradients", &[]);
    let ratio = o.table.rows.last().expect("ratio row");
    let v: f64 = ratio[3].parse().expect("number");
    assert!((v - 0.017_663).abs() < 1e-5, "ratio {v}");
}

#[test]
fn roles_of_y_and_a() {
    assert_holds("roles-of-y-and-a", 0.0, &[&[("a", 0.001)], &[("a", 0.999)]]);
    let o = eval("roles-of-y-and-a", &[]);
    // The swapped form's cells at y = 0 and y = 1 say so in words, not as a number.
    assert!(o.table.rows[0][3].contains("infinite") || o.table.rows[0][3].contains("undefined"));
    assert!(o.table.rows[1][3].contains("infinite") || o.table.rows[1][3].contains("undefined"));
}

#[test]
fn non_negative() {
    assert_holds("non-negative", 1e-6, &[&[("y", 0.0), ("k_max", 6.0)]]);
}

#[test]
fn entropy_minimum() {
    assert_holds(
        "entropy-minimum",
        1e-5,
        &[&[("y", 0.9), ("points", 501.0)], &[("y", 0.01)]],
    );
}

#[test]
fn many_layers() {
    assert_holds(
        "many-layers",
        1e-6,
        &[&[("seed", 17.0), ("outputs", 5.0), ("hidden", 2.0)]],
    );
}

#[test]
fn linear_output() {
    assert_holds("linear-output", 1e-6, &[&[("seed", 9.0), ("y_scale", 8.0)]]);
}

#[test]
fn derive_cross_entropy() {
    assert_holds(
        "derive-cross-entropy",
        1e-8,
        &[&[("y", 0.3), ("a0", 0.2)], &[("y", 1.0), ("z_max", 15.0)]],
    );
}

#[test]
fn input_factor() {
    assert_holds(
        "input-factor",
        1e-6,
        &[&[("x1", 0.0), ("y", 1.0)], &[("x1", -3.0), ("w2", -2.0)]],
    );
}

#[test]
fn learning_rate() {
    assert_holds(
        "learning-rate",
        1e-9,
        &[&[("intervals", 2.0), ("z_max", 5.0)]],
    );
}

#[test]
fn softmax_sums() {
    assert_holds(
        "softmax-sums",
        1e-12,
        &[&[("z1", 30.0), ("z2", -30.0), ("z3", 29.0), ("z4", 0.0)]],
    );
    let o = eval("softmax-sums", &[]);
    assert!(o.verdict.contains("not 1"), "{}", o.verdict);
}

#[test]
fn softmax_jacobian() {
    assert_holds(
        "softmax-jacobian",
        1e-8,
        &[&[("z1", 10.0), ("z2", -10.0), ("z3", 0.0), ("z4", 0.0)]],
    );
}

#[test]
fn softmax_nonlocal() {
    assert_holds("softmax-nonlocal", 1e-12, &[&[("k", 4.0), ("dz", 5.0)]]);
}

#[test]
fn softmax_inverse() {
    assert_holds(
        "softmax-inverse",
        1e-10,
        &[&[("z1", -30.0), ("z2", 30.0), ("z3", 0.0), ("z4", 12.5)]],
    );
}

#[test]
fn softmax_scale() {
    assert_holds(
        "softmax-scale",
        1e-12,
        &[
            &[("z1", 2.0), ("z2", 2.0), ("c_max", 60.0)],
            &[("c_min", 0.1), ("c_max", 5.0)],
        ],
    );
}

#[test]
fn softmax_gradients() {
    assert_holds(
        "softmax-gradients",
        1e-6,
        &[&[("seed", 11.0), ("outputs", 7.0), ("label", 7.0)]],
    );
}

#[test]
fn what_sums_over() {
    assert_holds("what-sums-over", 1e-12, &[&[("n", 37.0), ("outputs", 6.0)]]);
}

#[test]
fn binary_vs_categorical() {
    assert_holds(
        "binary-vs-categorical",
        1e-9,
        &[&[("t", 0.0), ("k", 3.0), ("z3", 5.0)]],
    );
}

#[test]
fn batch_gradient() {
    assert_holds(
        "batch-gradient",
        1e-6,
        &[&[("n", 20.0), ("k", 6.0), ("seed", 3.0)]],
    );
}

#[test]
fn surprise() {
    assert_holds(
        "surprise",
        1e-12,
        &[&[("y", 1.0), ("a", 0.01)], &[("y", 0.6), ("a", 0.6)]],
    );
}

#[test]
fn convexity() {
    assert_holds(
        "convexity",
        1e-6,
        &[
            &[("x", 0.0), ("y", 0.5), ("range", 2.0)],
            &[("x", -2.0), ("y", 1.0)],
        ],
    );
}

#[test]
fn book_demo() {
    assert_holds(
        "book-demo",
        1e-9,
        &[
            &[("w0", 0.6), ("b0", 0.9), ("eta", 0.15)],
            &[("eta", 0.5), ("epochs", 2000.0)],
        ],
    );
}

#[test]
fn registry_has_all_22_with_unique_ids_and_the_charts() {
    let all = registry();
    assert_eq!(all.len(), 22);
    let mut ids: Vec<&str> = all.iter().map(|e| e.id()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 22, "duplicate ids");
    for id in [
        "sigmoid-prime",
        "entropy-minimum",
        "derive-cross-entropy",
        "learning-rate",
        "softmax-scale",
        "convexity",
        "book-demo",
    ] {
        let o = eval(id, &[]);
        let chart = o.chart.unwrap_or_else(|| panic!("{id} has no chart"));
        assert!(!chart.series.is_empty());
        for s in &chart.series {
            assert!(s.points.len() >= 2, "{id}: series {} too short", s.name);
            assert!(
                s.points.iter().all(|(x, y)| x.is_finite() && y.is_finite()),
                "{id}: non-finite chart point"
            );
        }
    }
    for e in all {
        assert!(
            e.equations().contains("Eq."),
            "{}: no equation cited",
            e.id()
        );
        assert!(
            e.statement(&e.defaults()).len() > 100,
            "{}: statement too short",
            e.id()
        );
    }
}

/// Every exercise evaluates, without panic, with each input at its min, default and max, and
/// with all inputs at their min and all at their max.
#[test]
fn every_input_at_min_default_and_max() {
    for ex in registry() {
        let inputs = ex.inputs();
        let mut cases: Vec<Values> = Vec::new();
        for input in inputs {
            for v in [input.min, input.default, input.max] {
                let mut values = ex.defaults();
                values.set(input.name, v).expect("in range");
                cases.push(values);
            }
        }
        for pick in [
            |i: &nnlab::exercises::Input| i.min,
            |i: &nnlab::exercises::Input| i.max,
        ] {
            let mut values = ex.defaults();
            for input in inputs {
                values.set(input.name, pick(input)).expect("in range");
            }
            cases.push(values);
        }
        for values in cases {
            let o = ex.evaluate(&values);
            assert!(!o.verdict.is_empty(), "{}: empty verdict", ex.id());
            assert!(!o.table.columns.is_empty(), "{}: no table", ex.id());
        }
    }
}

#[test]
fn inputs_out_of_range_or_unknown_are_refused_with_a_message() {
    for ex in registry() {
        for input in ex.inputs() {
            assert!(
                input.min <= input.default && input.default <= input.max,
                "{}",
                ex.id()
            );
            let mut values = ex.defaults();
            let err = values
                .set(input.name, input.max + 1.0)
                .expect_err("above max must be refused");
            assert!(err.contains(input.name) && err.contains("range"), "{err}");
            assert!(values.set(input.name, input.min - 1.0).is_err());
            assert!(values.set(input.name, f64::NAN).is_err());
            assert_eq!(
                values.as_slice(),
                ex.defaults().as_slice(),
                "refused edit changed a value"
            );
        }
        let mut values = ex.defaults();
        let err = values.set("no_such_input", 0.0).expect_err("unknown name");
        assert!(err.contains("no input named"), "{err}");
    }
}

#[test]
fn cli_json_lists_22_results_that_hold() {
    let out = nnlab(&["exercises", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let array = v.as_array().expect("a JSON array");
    assert_eq!(array.len(), 22);
    for obj in array {
        assert!(obj["id"].is_string() && obj["title"].is_string(), "{obj}");
        assert_eq!(obj["holds"], serde_json::Value::Bool(true), "{obj}");
        let err = obj["max_error"].as_f64().expect("max_error is a number");
        assert!(err < 1e-5, "{obj}");
    }
}

#[test]
fn cli_shows_one_exercise_and_applies_set() {
    let out = nnlab(&[
        "exercises",
        "toy-gradients",
        "--set",
        "w=0.6",
        "--set",
        "b=0.9",
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["id"], "toy-gradients");
    assert_eq!(v["inputs"][0]["value"].as_f64(), Some(0.6));
    assert_eq!(v["holds"], serde_json::Value::Bool(true));
    let text = nnlab(&["exercises", "roles-of-y-and-a"]);
    assert!(text.status.success());
    let s = String::from_utf8_lossy(&text.stdout);
    assert!(s.contains("infinite") && s.contains("holds"), "{s}");
}

#[test]
fn cli_refuses_bad_set_with_a_message() {
    for args in [
        &["exercises", "toy-gradients", "--set", "w=1000"][..],
        &["exercises", "toy-gradients", "--set", "nope=1"][..],
        &["exercises", "toy-gradients", "--set", "w"][..],
        &["exercises", "toy-gradients", "--set", "w=abc"][..],
        &["exercises", "no-such-exercise"][..],
        &["exercises", "--set", "w=1"][..],
    ] {
        let out = nnlab(args);
        assert!(!out.status.success(), "{args:?} should fail");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with("nnlab: ") && err.len() > 20,
            "{args:?}: {err}"
        );
    }
    let out = nnlab(&["exercises", "toy-gradients", "--set", "w=1000"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("out of range") && err.contains("-10"), "{err}");
}

#[test]
fn whole_number_inputs_refuse_fractions_and_simpson_refuses_odd_intervals() {
    let mut lr = find("learning-rate").expect("registered").defaults();
    let err = lr.set("intervals", 7.0).expect_err("odd intervals");
    assert!(err.contains("even"), "{err}");
    assert!(lr.set("intervals", 2.5).is_err());
    assert!(lr.set("intervals", 8.0).is_ok());
    let mut bc = find("binary-vs-categorical")
        .expect("registered")
        .defaults();
    let err = bc.set("k", 1.5).expect_err("a fractional class");
    assert!(err.contains("whole"), "{err}");
    assert!(bc.set("k", 2.0).is_ok());
    // Every input read as a count is marked whole: its default, min and max are whole numbers.
    for ex in registry() {
        for input in ex.inputs() {
            if input.kind != nnlab::exercises::InputKind::Real {
                for v in [input.default, input.min, input.max] {
                    assert_eq!(v.fract(), 0.0, "{} {}: {v}", ex.id(), input.name);
                }
            }
        }
    }
}

#[test]
fn binary_vs_categorical_shows_both_relations_with_the_right_values() {
    let o = eval("binary-vs-categorical", &[]);
    let col = |name: &str| {
        o.table
            .columns
            .iter()
            .position(|c| c.contains(name))
            .unwrap_or_else(|| panic!("no column {name}: {:?}", o.table.columns))
    };
    let two = &o.table.rows[0];
    let cell = |name: &str| -> f64 { two[col(name)].parse().expect("a number") };
    // Straight from the definitions at the defaults z1 = 1.2, z2 = -0.4, t = 0.8.
    let a = 1.0 / (1.0 + (-(1.2_f64 - -0.4)).exp());
    let eq57 = -(0.8 * a.ln() + 0.2 * (1.0 - a).ln());
    let eq63 = eq57 + -(0.2 * (1.0 - a).ln() + 0.8 * a.ln());
    let categorical = -(0.8 * a.ln() + 0.2 * (1.0 - a).ln());
    assert!((cell("Eq. (57)") - eq57).abs() < 1e-6, "{two:?}");
    assert!((cell("categorical") - categorical).abs() < 1e-6, "{two:?}");
    assert!((cell("Eq. (63)") - eq63).abs() < 1e-6, "{two:?}");
    // Eq. (63) over two outputs is twice the categorical value, not equal to it.
    assert!((cell("Eq. (63)") - 2.0 * cell("categorical")).abs() < 1e-5);
    assert!((cell("Eq. (63)") - cell("categorical")).abs() > 0.4);
    assert!(o.verdict.contains("twice"), "{}", o.verdict);
}

/// What `nnlab exercises ID --set ...` prints of the statement, the table and the verdict: the
/// inputs' own lines (indented, they always show the values set) left out.
fn printed(id: &str, sets: &[(&str, f64)]) -> String {
    let mut args = vec!["exercises".to_string(), id.to_string()];
    for (name, v) in sets {
        args.push("--set".into());
        args.push(format!("{name}={v}"));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = nnlab(&args);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    text.lines()
        .filter(|l| !l.starts_with("  "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The rows of an exercise's table that lie outside what the exercise scanned at `v`, as
/// messages; `None` for an exercise whose rows are fixed cases or named quantities (no scan).
#[allow(clippy::too_many_lines)] // one arm per exercise, in the registry's order
fn outside_the_scan(id: &str, v: &Values, t: &nnlab::exercises::Table) -> Option<Vec<String>> {
    let column = |name: &str| -> Vec<f64> {
        let k = t
            .columns
            .iter()
            .position(|c| c == name)
            .unwrap_or_else(|| panic!("{id}: no column {name:?} in {:?}", t.columns));
        t.rows
            .iter()
            .filter_map(|r| r[k].parse::<f64>().ok())
            .collect()
    };
    // Cells are written with 6 decimals (or 4 significant digits): a tolerance of that size.
    let within = |name: &str, lo: f64, hi: f64| -> Vec<String> {
        column(name)
            .into_iter()
            .filter(|&x| x < lo - 1e-6 - 1e-3 * lo.abs() || x > hi + 1e-6 + 1e-3 * hi.abs())
            .map(|x| format!("{id}: {name} = {x} outside the scanned [{lo}, {hi}]"))
            .collect()
    };
    let count = |rows: usize, want: usize, what: &str| -> Vec<String> {
        if rows == want {
            Vec::new()
        } else {
            vec![format!("{id}: {rows} rows of {what}, want {want}")]
        }
    };
    let numbered = |name: &str| column(name).len();
    Some(match id {
        "sigmoid-prime" => {
            let (z_max, points) = (v.get("z_max"), v.get("points"));
            let step = 2.0 * z_max / (points - 1.0);
            let mut bad = within("z", -z_max, z_max);
            // Each row is one of the scanned points -z_max + i step.
            for z in column("z") {
                let i = (z + z_max) / step;
                if (i - i.round()).abs() * step > 2e-6 {
                    bad.push(format!(
                        "{id}: z = {z} is not a scanned point (step {step})"
                    ));
                }
            }
            bad
        }
        "non-negative" => {
            let k_max = v.get("k_max");
            within("|a - y|", 0.5 * 10f64.powf(-k_max), 0.5)
        }
        "entropy-minimum" => {
            let n = v.get("points");
            let a = t
                .rows
                .iter()
                .find(|r| r[0] == "a at the smallest scanned cost")
                .and_then(|r| r[1].parse::<f64>().ok())
                .expect("the scanned minimum's row");
            let (lo, hi) = (1.0 / (n + 1.0), n / (n + 1.0));
            if (lo - 1e-6..=hi + 1e-6).contains(&a) {
                Vec::new()
            } else {
                vec![format!(
                    "{id}: a_min = {a} outside the scanned [{lo}, {hi}]"
                )]
            }
        }
        "many-layers" | "linear-output" | "softmax-gradients" => {
            count(numbered("j"), v.get("outputs") as usize, "output neurons")
        }
        "derive-cross-entropy" => {
            let z_max = v.get("z_max");
            let s = |z: f64| 1.0 / (1.0 + (-z).exp());
            within("a", s(-z_max), s(z_max))
        }
        "learning-rate" => {
            let label = &t.rows[1][0];
            let z_max = v.get("z_max");
            if label.contains(&format!("[-{z_max}, {z_max}]")) {
                Vec::new()
            } else {
                vec![format!("{id}: {label:?} is not over [-{z_max}, {z_max}]")]
            }
        }
        "softmax-sums" | "softmax-inverse" | "softmax-nonlocal" => count(numbered("j"), 4, "z_j"),
        "softmax-jacobian" => count(t.rows.len(), 4, "z_j"),
        "softmax-scale" => within("c", v.get("c_min"), v.get("c_max")),
        "what-sums-over" => {
            let n = v.get("n");
            let mut bad = within("example x", 1.0, n);
            bad.extend(count(
                numbered("example x"),
                (n as usize).min(10),
                "examples",
            ));
            bad
        }
        "batch-gradient" => {
            let rows = t
                .rows
                .iter()
                .filter(|r| r[0].starts_with('x') && r[0][1..].parse::<usize>().is_ok())
                .count();
            count(rows, v.get("n") as usize, "examples")
        }
        "convexity" => {
            let r = v.get("range");
            let mut bad = within("at w", -r, r);
            bad.extend(within("at b", -r, r));
            bad
        }
        "toy-gradients"
        | "roles-of-y-and-a"
        | "input-factor"
        | "binary-vs-categorical"
        | "surprise"
        | "book-demo" => return None,
        other => panic!("{other}: say whether its table rows come from a scan"),
    })
}

/// Every input of every exercise reaches what is printed, and the table follows it: set to
/// another value in its range, the statement, table and verdict change, the table's rows stay
/// inside what was scanned, and no number quoted from the defaults survives.
#[test]
fn every_input_reaches_the_text_and_the_table_stays_in_the_scan() {
    let mut failures = Vec::new();
    for ex in registry() {
        let id = ex.id();
        let default = printed(id, &[]);
        if let Some(bad) = outside_the_scan(id, &ex.defaults(), &ex.evaluate(&ex.defaults()).table)
        {
            failures.extend(bad);
        }
        for input in ex.inputs() {
            let v = crate::support::exercises::other_value(input);
            let mut values = ex.defaults();
            values.set(input.name, v).expect("in range");
            if printed(id, &[(input.name, v)]) == default {
                failures.push(format!(
                    "{id}: {} = {v} changes nothing printed",
                    input.name
                ));
            }
            if let Some(bad) = outside_the_scan(id, &values, &ex.evaluate(&values).table) {
                failures.extend(bad);
            }
        }
    }
    // The numbers the statements quoted from the defaults (issue 21's cases).
    for (id, sets, quoted) in [
        (
            "sigmoid-prime",
            &[("z_max", 4.0)][..],
            &["|z| = 5", "|z| = 10", "0.0066", "0.000045", "10.000000"][..],
        ),
        (
            "toy-gradients",
            &[("w", 0.6), ("b", 0.9)],
            &["56.6", "0.0177", "z = 4", "sigma'(4)", "55.6"],
        ),
        (
            "book-demo",
            &[("w0", 0.6), ("b0", 0.9)],
            &["56.6", "55.6", "0.982", "z = 4", "sigma'(4)", "e^4"],
        ),
        ("softmax-sums", &[("z3", 0.0)], &["default inputs are such"]),
    ] {
        let text = printed(id, sets);
        for q in quoted {
            if text.contains(q) {
                failures.push(format!("{id} {sets:?}: still quotes {q:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The computed numbers take their place.
    let text = printed("toy-gradients", &[("w", 0.6), ("b", 0.9)]);
    assert!(text.contains("sigma'(1.5) = 0.1491"), "{text}");
    assert!(text.contains("6.7048 times smaller"), "{text}");
}
