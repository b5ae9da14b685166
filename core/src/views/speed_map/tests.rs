//! The learning-speed map's unit tests.

use super::*;
use crate::run::session::Session;

fn slowdown() -> (Preset, Dataset) {
    let preset = Preset::load("slowdown").expect("built-in");
    let data = preset.load_data().expect("inline data");
    (preset, data)
}

/// The epoch count equals what training the whole preset from that start reports
/// (the Session that `nnlab run` drives, its `a` on the training input).
#[test]
fn epochs_match_a_session_from_that_start() {
    let (preset, data) = slowdown();
    let none = AtomicBool::new(false);
    for &(w0, b0) in &[
        (2.0, 2.0),
        (4.0, 4.0),
        (-3.0, 1.0),
        (0.5, -0.5),
        (-4.0, -4.0),
    ] {
        let mut p = preset.clone();
        for r in &mut p.runs {
            r.init = Init::Neuron { w: vec![w0], b: b0 };
        }
        let mut session = Session::new(p.clone()).expect("session");
        let mut first: Vec<Option<u64>> = vec![None; p.runs.len()];
        let mut record = |ms: &[crate::run::EpochMetrics]| {
            for (i, m) in ms.iter().enumerate() {
                let a = m.neuron.as_ref().expect("neuron").a;
                if first[i].is_none() && (a - 0.0).abs() < TOLERANCE {
                    first[i] = Some(m.epoch);
                }
            }
        };
        record(&session.metrics());
        for _ in 0..p.epochs {
            record(&session.step());
        }
        for (i, run) in p.runs.iter().enumerate() {
            let got =
                epochs_to_target(run.clone(), p.seed, &data, p.epochs, &none).expect("trains");
            assert_eq!(got, first[i], "start ({w0}, {b0}), run {}", run.label);
        }
    }
}

#[test]
fn slowdown_map_shows_the_quadratic_slow_corner_only() {
    let (preset, data) = slowdown();
    let grid = Grid {
        cols: 9,
        rows: 9,
        ..Grid::default()
    };
    let (cancel, progress) = (AtomicBool::new(false), AtomicUsize::new(0));
    let map = compute(&preset, &preset.runs[0], &data, grid, 2, &cancel, &progress)
        .expect("computes")
        .expect("not cancelled");
    assert_eq!(progress.load(Ordering::Relaxed), 2 * 81);
    // (4, 4) is the top-right corner; (-4, -4) the bottom-left, already within 0.1.
    let corner = (8, 0);
    let quad = map.get(0, corner.0, corner.1);
    let cross = map.get(1, corner.0, corner.1);
    assert!(
        quad.is_none_or(|e| e > 250),
        "quadratic at (4, 4): {quad:?}"
    );
    let cross = cross.expect("cross-entropy gets there");
    assert!(cross < 100, "cross-entropy at (4, 4): {cross}");
    assert_eq!(map.get(0, 0, 8), Some(0));
    // Across the whole grid the cross-entropy is never slower than 100 epochs; the
    // quadratic is slowest where it starts saturated and wrong.
    let cross_max = map.epochs[1].iter().map(|e| e.unwrap_or(u64::MAX)).max();
    assert!(cross_max.is_some_and(|m| m < 100), "{cross_max:?}");
    // With x = 1, w and b take the same steps, so only z0 = w0 + b0 matters. The quadratic
    // never gets there in 300 epochs from z0 >= 4 (saturated and badly wrong) and only
    // there; the cross-entropy gets there everywhere, never slower than the quadratic.
    let mut never = 0;
    for r in 0..9 {
        for c in 0..9 {
            let (w0, b0) = map.grid.point(c, r);
            let (q, x) = (map.get(0, c, r), map.get(1, c, r));
            let x = x.unwrap_or_else(|| panic!("cross-entropy never from ({w0}, {b0})"));
            assert!(x < 100, "cross-entropy from ({w0}, {b0}): {x}");
            match q {
                None => {
                    never += 1;
                    assert!(w0 + b0 >= 3.0, "quadratic never from ({w0}, {b0})");
                }
                Some(q) => {
                    assert!(w0 + b0 < 4.0, "quadratic from ({w0}, {b0}): {q}");
                    assert!(q >= x, "({w0}, {b0}): quadratic {q} < cross-entropy {x}");
                }
            }
        }
    }
    assert!(never >= 15, "{never} quadratic starts never get there");
}

#[test]
fn thread_count_does_not_change_the_map() {
    let (preset, data) = slowdown();
    let grid = Grid {
        cols: 5,
        rows: 7,
        ..Grid::default()
    };
    let go = |t| {
        let (c, p) = (AtomicBool::new(false), AtomicUsize::new(0));
        compute(&preset, &preset.runs[1], &data, grid, t, &c, &p)
            .expect("ok")
            .expect("done")
    };
    assert_eq!(go(1), go(3));
}

#[test]
fn cancel_and_bad_grids() {
    let (preset, data) = slowdown();
    let cancel = AtomicBool::new(true);
    let p = AtomicUsize::new(0);
    let r = compute(
        &preset,
        &preset.runs[0],
        &data,
        Grid::default(),
        1,
        &cancel,
        &p,
    );
    assert_eq!(r, Ok(None));
    let none = AtomicBool::new(false);
    for bad in [
        Grid {
            cols: 0,
            ..Grid::default()
        },
        Grid {
            cols: 2000,
            ..Grid::default()
        },
        Grid {
            cols: 1000,
            rows: 1000,
            ..Grid::default()
        },
        Grid {
            w0: (1.0, 1.0),
            ..Grid::default()
        },
        Grid {
            b0: (f64::NAN, 1.0),
            ..Grid::default()
        },
    ] {
        let e = compute(&preset, &preset.runs[0], &data, bad, 1, &none, &p);
        assert!(matches!(e, Err(ViewError::Bad(_))), "{bad:?}: {e:?}");
    }
}

#[test]
fn grid_points_include_the_ends() {
    let g = Grid::default();
    assert_eq!(g.point(0, 0), (-4.0, 4.0));
    assert_eq!(g.point(59, 29), (4.0, -4.0));
}
