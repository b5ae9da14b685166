//! `nnlab map`: its records agree with `nnlab run` from the same starts, the slowdown preset's
//! Map shows the quadratic's slow corner and none for the cross-entropy, bad grids are refused.

use crate::support::cli::nnlab;

#[derive(Debug, PartialEq)]
struct Rec {
    w0: f64,
    b0: f64,
    cost: String,
    epochs: Option<u64>,
}

fn map(args: &[&str]) -> Vec<Rec> {
    let mut all = vec!["map", "slowdown", "--format", "json"];
    all.extend_from_slice(args);
    let (ok, out, err) = nnlab(&all);
    assert!(ok, "{err}");
    out.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
            let keys: Vec<&String> = v.as_object().expect("object").keys().collect();
            assert_eq!(keys.len(), 4, "{l}");
            Rec {
                w0: v["w0"].as_f64().expect("w0"),
                b0: v["b0"].as_f64().expect("b0"),
                cost: v["cost"].as_str().expect("cost").to_string(),
                epochs: if v["epochs"].is_null() {
                    None
                } else {
                    Some(v["epochs"].as_u64().expect("whole epochs"))
                },
            }
        })
        .collect()
}

/// The first epoch `nnlab run` reports |a - y| < 0.1 for run `label` of slowdown started at
/// (w0, b0) (y = 0 in slowdown).
fn run_from(w0: f64, b0: f64, label: &str) -> Option<u64> {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = nnlab_core::preset::BUILTIN
        .iter()
        .find(|(n, _)| *n == "slowdown")
        .expect("slowdown")
        .1
        .replace(
            "init: Neuron(w: [2.0], b: 2.0)",
            &format!("init: Neuron(w: [{w0:?}], b: {b0:?})"),
        );
    let path = dir.path().join("start.ron");
    std::fs::write(&path, src).expect("write");
    let (ok, out, err) = nnlab(&["run", path.to_str().expect("utf-8"), "--format", "json"]);
    assert!(ok, "{err}");
    out.lines().find_map(|l| {
        let v: serde_json::Value = serde_json::from_str(l).expect("JSON");
        (v["run"] == label && v["a"].as_f64().expect("a").abs() < 0.1)
            .then(|| v["epoch"].as_u64().expect("epoch"))
    })
}

#[test]
fn cells_match_nnlab_run_from_that_start() {
    let recs = map(&["--grid", "5x5", "--range", "-2:4,-1:4"]);
    assert_eq!(recs.len(), 50);
    // a few cells of each kind: at once, slow, never (quadratic), both costs
    for i in [0, 1, 12, 13, 24, 25, 38, 39, 48, 49] {
        let r = &recs[i];
        let want = run_from(r.w0, r.b0, &r.cost);
        assert_eq!(r.epochs, want, "{r:?}");
    }
    assert!(recs.iter().any(|r| r.epochs.is_none()));
    assert!(recs.iter().any(|r| r.epochs.is_some_and(|e| e > 100)));
}

#[test]
fn slowdown_default_map_shows_the_quadratic_slow_corner_only() {
    let recs = map(&[]);
    assert_eq!(recs.len(), 2 * 60 * 30);
    let (quad, cross): (Vec<&Rec>, Vec<&Rec>) = recs.iter().partition(|r| r.cost == "quadratic");
    assert!(cross.iter().all(|r| r.cost == "cross-entropy"));
    // the corner of large w0 and b0: quadratic never within the preset's 300 epochs
    let corner = |r: &&&Rec| r.w0 > 2.5 && r.b0 > 2.5;
    assert!(quad.iter().filter(corner).all(|r| r.epochs.is_none()));
    assert!(quad.iter().filter(corner).count() > 50);
    // the cross-entropy gets there from every start, within 100 epochs
    assert!(cross.iter().all(|r| r.epochs.is_some_and(|e| e < 100)));
    // and the opposite corner is already there for both
    assert!(
        recs.iter()
            .filter(|r| r.w0 + r.b0 < -3.0)
            .all(|r| r.epochs == Some(0))
    );
}

#[test]
fn csv_has_a_header_and_empty_never() {
    let (ok, out, err) = nnlab(&[
        "map", "slowdown", "--grid", "2x1", "--range", "3:4,3:4", "--format", "csv",
    ]);
    assert!(ok, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "w0,b0,cost,epochs");
    assert_eq!(lines.len(), 5);
    assert!(lines[1].starts_with("3,3.5,quadratic,") && lines[1].ends_with(','));
    assert!(lines[2].starts_with("3,3.5,cross-entropy,") && !lines[2].ends_with(','));
}

#[test]
fn bad_arguments_are_refused_with_a_message() {
    for (args, says) in [
        (vec!["--grid", "0x5"], "1 to 1000"),
        (vec!["--grid", "abc"], "WxH"),
        (vec!["--grid", "1000x1000"], "at most"),
        (vec!["--range", "4:-4,0:1"], "MIN < MAX"),
        (vec!["--range", "nan:1,0:1"], "MIN < MAX"),
        (vec!["--range", "1:2"], "W0MIN:W0MAX,B0MIN:B0MAX"),
        (vec!["--run", "nope"], "no run \"nope\""),
    ] {
        let mut all = vec!["map", "slowdown"];
        all.extend_from_slice(&args);
        let (ok, out, err) = nnlab(&all);
        assert!(!ok && out.is_empty(), "{args:?}");
        assert!(
            err.contains(says) && !err.contains("panicked"),
            "{args:?}: {err}"
        );
    }
    let (ok, _, err) = nnlab(&["map", "mnist-quadratic-30", "--grid", "2x2"]);
    assert!(!ok && err.contains("layers [1, 1]"), "{err}");
}
