//! Rendering tests of the lower pane's views on `slowdown`: the sigma pane, the cost landscape, the
//! Learning-speed map and the softmax sliders, as insta snapshots at 80x24 and 140x45, with
//! Assertions on what they must show.

use nnlab::book::{Cost, sigmoid, sigmoid_prime};
use nnlab::format;
use nnlab::metrics::RunHistory;
use nnlab::preset::Preset;
use nnlab::run::session::Session;
use nnlab::tui::panes::landscape::{LandscapePane, Trajectory};
use nnlab::tui::panes::sigma::{Mark, SigmaPane};
use nnlab::tui::panes::softmax::SoftmaxPane;
use nnlab::tui::panes::speed_map::SpeedMapPane;
use nnlab::tui::theme::{DARK, Theme};

/// The colour of run `i` in the default theme.
fn run_color(i: usize) -> ratatui::style::Color {
    DARK.run_color(i)
}

const THEME: &Theme = &DARK;
use nnlab::views::softmax::Sliders;
use nnlab::views::speed_map::{self, Grid};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use std::sync::atomic::{AtomicBool, AtomicUsize};

const SIZES: [(u16, u16); 2] = [(80, 24), (140, 45)];

fn draw(w: u16, h: u16, widget: impl Widget) -> Buffer {
    let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
    widget.render(buf.area, &mut buf);
    buf
}

fn text(buf: &Buffer) -> String {
    let mut s = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            s.push_str(buf[(x, y)].symbol());
        }
        s.push('\n');
    }
    s
}

/// slowdown trained `epochs` epochs: the session and each run's history.
fn trained(epochs: u64) -> (Session, Vec<RunHistory>) {
    let mut s = Session::new(Preset::load("slowdown").expect("built-in")).expect("session");
    let mut h = vec![RunHistory::default(); s.runs.len()];
    for (h, m) in h.iter_mut().zip(s.metrics()) {
        h.push(&m);
    }
    for _ in 0..epochs {
        for (h, m) in h.iter_mut().zip(s.step()) {
            h.push(&m);
        }
    }
    (s, h)
}

fn marks(s: &Session, h: &[RunHistory], epoch: f64) -> Vec<Mark> {
    s.runs
        .iter()
        .zip(h)
        .enumerate()
        .filter_map(|(i, (r, h))| {
            h.z_at(Some(epoch)).map(|(_, z)| Mark {
                label: r.config.label.clone(),
                color: run_color(i),
                symbol: "●",
                z,
            })
        })
        .collect()
}

#[test]
fn sigma_pane_marks_z_and_slope_of_the_epoch() {
    let (s, h) = trained(150);
    for (epoch, name) in [(0.0, "start"), (150.0, "epoch150")] {
        let m = marks(&s, &h, epoch);
        assert_eq!(m.len(), 2);
        for (w, hgt) in SIZES {
            let buf = draw(
                w,
                hgt,
                SigmaPane {
                    theme: THEME,
                    marks: &m,
                    epoch: Some(epoch),
                    focused: false,
                    ascii: false,
                    note: None,
                },
            );
            let t = text(&buf);
            for mark in &m {
                let want = format!("z {}", format::short(mark.z));
                assert!(t.contains(&want), "{want} missing:\n{t}");
                let slope = format!("σ'(z) {}", format::short(sigmoid_prime(mark.z)));
                assert!(t.contains(&slope), "{slope} missing:\n{t}");
            }
            insta::assert_snapshot!(format!("sigma_{name}_{w}x{hgt}"), t);
        }
    }
    // At the start both runs have z = 4: the mark sits on the flat shoulder, top right.
    let m = marks(&s, &h, 0.0);
    assert_eq!(m[0].z, 4.0);
    assert!((sigmoid(4.0) - 0.982).abs() < 1e-3);
    let buf = draw(
        80,
        24,
        SigmaPane {
            theme: THEME,
            marks: &m,
            epoch: Some(0.0),
            focused: false,
            ascii: false,
            note: None,
        },
    );
    let (mut mx, mut my) = (0, 0);
    for y in 0..24 {
        for x in 0..80 {
            if buf[(x, y)].symbol() == "●" && buf[(x, y)].fg == run_color(1) && y < 20 {
                (mx, my) = (x, y);
            }
        }
    }
    assert!(mx > 40 + 10 && my <= 3, "mark at ({mx}, {my})");
    assert!(text(&buf).contains("σ'(z) 0.0177"));
}

#[test]
fn landscape_trajectories_equal_the_runs_recorded_w_b() {
    let (mut s, h) = trained(150);
    // the history's path is exactly the (w, b) the run reported each epoch
    let (mut s2, _) = trained(0);
    let mut want: Vec<Vec<(f64, f64, f64)>> = s2
        .metrics()
        .iter()
        .map(|m| {
            let n = m.neuron.as_ref().expect("neuron");
            vec![(0.0, n.w[0], n.b)]
        })
        .collect();
    for _ in 0..150 {
        for (w, m) in want.iter_mut().zip(s2.step()) {
            let n = m.neuron.as_ref().expect("neuron");
            w.push((m.epoch as f64, n.w[0], n.b));
        }
    }
    for (h, w) in h.iter().zip(&want) {
        assert_eq!(&h.path(), w);
    }
    let trajectories: Vec<Trajectory> = h
        .iter()
        .enumerate()
        .map(|(i, h)| Trajectory {
            label: s.runs[i].config.label.clone(),
            color: run_color(i),
            symbol: "●",
            points: h.path(),
        })
        .collect();
    let now: Vec<(f64, f64)> = s
        .metrics()
        .iter()
        .map(|m| {
            let n = m.neuron.as_ref().expect("neuron");
            (n.w[0], n.b)
        })
        .collect();
    for cost in [Cost::Quadratic, Cost::CrossEntropy] {
        let pane = LandscapePane {
            theme: THEME,
            samples: &s.data.train,
            cost,
            trajectories: &trajectories,
            mark_every: 50,
            focused: false,
        };
        for (w, hgt) in SIZES {
            let buf = draw(w, hgt, pane.clone());
            let t = text(&buf);
            assert!(
                t.contains("log C") && t.contains("quadratic") && t.contains("cross-entropy"),
                "{t}"
            );
            // the current point of each run is drawn in its colour at its cell
            let heat = pane.heat_area(ratatui::layout::Rect::new(1, 1, w - 2, hgt - 2));
            let land = pane.landscape(heat.width, heat.height).expect("landscape");
            for (i, &(cw, cb)) in now.iter().enumerate() {
                let (col, row) = land.cell_of(cw, cb).expect("inside the window");
                let cell = &buf[(heat.x + col as u16, heat.y + (row / 2) as u16)];
                assert_eq!(
                    (cell.symbol(), cell.fg),
                    ("●", run_color(i)),
                    "run {i} at ({cw}, {cb})"
                );
            }
            // the legend's ends are the landscape's extreme values, written whole
            let scale = land.scale().expect("scale");
            assert!(
                t.contains(&format::short(scale.min)) && t.contains(&format::short(scale.max)),
                "{t}"
            );
            insta::assert_snapshot!(format!("landscape_{cost}_{w}x{hgt}"), t);
        }
    }
}

#[test]
fn speed_map_pane_shows_both_costs_and_never() {
    let preset = Preset::load("slowdown").expect("built-in");
    let data = preset.load_data().expect("data");
    let (c, p) = (AtomicBool::new(false), AtomicUsize::new(0));
    let map = speed_map::compute(&preset, &preset.runs[0], &data, Grid::default(), 2, &c, &p)
        .expect("ok")
        .expect("done");
    let starts = [(run_color(0), "●", 2.0, 2.0)];
    for (w, hgt) in SIZES {
        let pane = SpeedMapPane {
            theme: THEME,
            map: Some(&map),
            progress: None,
            note: None,
            starts: &starts,
            focused: false,
        };
        let t = text(&draw(w, hgt, pane));
        assert!(
            t.contains("quadratic") && t.contains("cross-entropy") && t.contains("never"),
            "{t}"
        );
        assert!(t.contains("epochs 0") && t.contains(" 300 "), "{t}");
        insta::assert_snapshot!(format!("speed_map_{w}x{hgt}"), t);
    }
    let computing = SpeedMapPane {
        theme: THEME,
        map: None,
        progress: Some(0.42),
        note: None,
        starts: &starts,
        focused: false,
    };
    assert!(text(&draw(80, 24, computing)).contains("computing the map... 42%"));
}

#[test]
fn softmax_sliders_at_c_1_and_5() {
    for c in [1.0, 5.0] {
        let mut sl = Sliders::new(4);
        sl.set_c(c);
        let a = sl.outputs();
        for (w, hgt) in SIZES {
            let pane = SoftmaxPane {
                theme: THEME,
                sliders: &sl,
            };
            let area_h = pane.height().min(hgt);
            let t = text(&draw(w, area_h, pane));
            assert!(t.contains("sum of a_j 1.000000000000"), "{t}");
            assert!(t.contains(&format!("c = {c:.2}")), "{t}");
            for aj in &a {
                assert!(t.contains(&format!("{aj:.6}")), "{aj} missing:\n{t}");
            }
            insta::assert_snapshot!(format!("softmax_c{c}_{w}x{hgt}"), t);
        }
    }
}

/// The landscape names its axes (which is w, which b, which way is up) and marks each path
/// every N epochs, N printed: the quadratic's slow stretch shows as marks close together.
#[test]
fn landscape_names_its_axes_and_marks_paths_every_n_epochs() {
    let (_, h) = trained(300);
    let trajectories: Vec<Trajectory> = h
        .iter()
        .enumerate()
        .map(|(i, h)| Trajectory {
            label: format!("run {i}"),
            color: run_color(i),
            symbol: "●",
            points: h.path(),
        })
        .collect();
    let pane = LandscapePane {
        theme: THEME,
        samples: &trained(0).0.data.train,
        cost: Cost::Quadratic,
        trajectories: &trajectories,
        mark_every: 50,
        focused: false,
    };
    let (w, hgt) = (140, 45);
    let buf = draw(w, hgt, pane.clone());
    let t = text(&buf);
    assert!(t.contains("b ↑") && t.contains("w →"), "{t}");
    assert!(t.contains("o every 50 epochs"), "{t}");
    let heat = pane.heat_area(Rect::new(1, 1, w - 2, hgt - 2));
    let land = pane.landscape(heat.width, heat.height).expect("landscape");
    let cell_at = |wv: f64, bv: f64| {
        let (col, row) = land.cell_of(wv, bv).expect("inside");
        buf[(heat.x + col as u16, heat.y + (row / 2) as u16)]
            .symbol()
            .to_string()
    };
    // Every run's point at epochs 0, 50, ..., 250 is marked (or is the current point).
    for t in &trajectories {
        for &(epoch, wv, bv) in &t.points {
            let s = cell_at(wv, bv);
            if epoch % 50.0 == 0.0 && epoch < 300.0 {
                assert!(s == "o" || s == "●", "epoch {epoch} drawn {s:?}");
            }
        }
    }
    // The quadratic's first 150 epochs (slow) span fewer cells than its last 150 (fast).
    let cells = |from: f64, to: f64| {
        let mut c: Vec<(usize, usize)> = trajectories[0]
            .points
            .iter()
            .filter(|p| p.0 >= from && p.0 <= to)
            .filter_map(|p| land.cell_of(p.1, p.2))
            .collect();
        c.dedup();
        c.len()
    };
    assert!(cells(0.0, 150.0) < cells(150.0, 300.0));
}
