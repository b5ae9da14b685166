//! `nnlab plot`: the files it writes (SVG parsed as XML, PNG decoded), the numbers its curves
//! Are drawn from (equal to `nnlab run`'s), and what it refuses.

use crate::support::cli::nnlab;
use nnlab::plot::{self, CostAxis, Figure, PALETTE, View};
use nnlab::preset::Preset;
use nnlab::run::session::Session;
use std::collections::HashMap;
use std::path::Path;

/// `nnlab run PRESET --format csv` (plus `extra`), as rows of column name -> text, per run label.
fn run_csv(preset: &str, extra: &[&str]) -> HashMap<String, Vec<HashMap<String, String>>> {
    let mut args = vec!["run", preset, "--format", "csv"];
    args.extend_from_slice(extra);
    let (ok, out, err) = nnlab(&args);
    assert!(ok, "{err}");
    let mut lines = out.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let mut runs: HashMap<String, Vec<HashMap<String, String>>> = HashMap::new();
    for line in lines {
        let row: HashMap<String, String> = header
            .iter()
            .zip(line.split(','))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        runs.entry(row["run"].clone()).or_default().push(row);
    }
    runs
}

fn figure(preset: &str, epochs: Option<u64>, view: View, axis: CostAxis) -> Figure {
    let mut p = Preset::load(preset).expect("preset");
    if let Some(e) = epochs {
        p.epochs = e;
    }
    let (name, epochs) = (p.name.clone(), p.epochs);
    let mut session = Session::new(p).expect("session");
    let records = plot::record(&mut session, plot::auto_every(epochs));
    Figure::from_records(&name, epochs, &records, view, axis, false).expect("figure")
}

fn palette_hex() -> Vec<String> {
    PALETTE
        .iter()
        .map(|c| format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2))
        .collect()
}

/// The curves of an SVG: polylines stroked in a run colour, as (stroke, points).
fn svg_curves(svg: &str) -> Vec<(String, Vec<(f64, f64)>)> {
    let doc = roxmltree::Document::parse(svg).expect("the SVG parses as XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let palette = palette_hex();
    doc.descendants()
        .filter(|n| n.has_tag_name("polyline"))
        .filter_map(|n| {
            let stroke = n.attribute("stroke")?.to_string();
            if !palette.contains(&stroke) {
                return None; // axes and ticks are black
            }
            let points = n
                .attribute("points")
                .expect("points")
                .split_whitespace()
                .map(|p| {
                    let (x, y) = p.split_once(',').expect("x,y");
                    (x.parse().expect("x"), y.parse().expect("y"))
                })
                .collect();
            Some((stroke, points))
        })
        .collect()
}

#[test]
fn the_svg_parses_and_holds_one_path_per_run_with_a_point_per_reported_epoch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("slowdown.svg");
    let file = path.to_str().expect("utf-8 path");
    let (ok, out, err) = nnlab(&["plot", "slowdown", "-o", file]);
    assert!(ok, "{err}");
    assert!(out.contains("2 curves, 301 points each"), "{out}");
    let svg = std::fs::read_to_string(&path).expect("read svg");
    let curves = svg_curves(&svg);
    let rows = run_csv("slowdown", &[]);
    assert_eq!(curves.len(), rows.len(), "one path per run");
    let palette = palette_hex();
    for (i, (stroke, points)) in curves.iter().enumerate() {
        assert_eq!(stroke, &palette[i], "run {i} in its colour");
        // `nnlab run` printed 301 rows per run: epochs 0 to 300
        let label = ["quadratic", "cross-entropy"][i];
        assert_eq!(points.len(), rows[label].len(), "run {label}");
        assert!(
            points.windows(2).all(|w| w[1].0 >= w[0].0),
            "x grows with the epoch"
        );
    }
    // The title, the axis descriptions and the legend are text, whole.
    let doc = roxmltree::Document::parse(&svg).expect("xml");
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(str::trim))
        .collect();
    for text in [
        "slowdown",
        "epoch",
        "C / C0 (training cost relative to epoch 0)",
        "quadratic",
        "cross-entropy",
    ] {
        assert!(texts.contains(&text), "{text} missing from {texts:?}");
    }
}

#[test]
fn the_svg_curve_is_drawn_to_scale_from_the_run_numbers() {
    // Linear axis, C: the pixel height is an affine function of the cost. Fit it on the
    // extreme values and check every point within a pixel (plotters rounds to whole pixels).
    let fig = figure("quadratic-saturated", None, View::Cost, CostAxis::Cost);
    let svg = fig.svg(plot::DEFAULT_SIZE).expect("svg");
    let curves = svg_curves(&svg);
    assert_eq!(curves.len(), 1);
    let px = &curves[0].1;
    let values = &fig.series[0].points;
    assert_eq!(px.len(), values.len());
    let (lo, hi) = values.iter().enumerate().fold((0, 0), |(lo, hi), (i, p)| {
        (
            if p.1 < values[lo].1 { i } else { lo },
            if p.1 > values[hi].1 { i } else { hi },
        )
    });
    let slope = (px[hi].1 - px[lo].1) / (values[hi].1 - values[lo].1);
    assert!(slope < 0.0, "a larger cost is higher up");
    for (p, v) in px.iter().zip(values) {
        let expect = px[lo].1 + slope * (v.1 - values[lo].1);
        assert!(
            (p.1 - expect).abs() <= 1.5,
            "epoch {}: y {} vs {expect}",
            v.0,
            p.1
        );
    }
}

#[test]
fn the_png_decodes_with_the_requested_size() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("slowdown.png");
    let (ok, out, err) = nnlab(&[
        "plot",
        "slowdown",
        "-o",
        path.to_str().expect("utf-8"),
        "--size",
        "800x500",
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("PNG, 800x500"), "{out}");
    let decoder = png::Decoder::new(std::fs::File::open(&path).expect("open"));
    let mut reader = decoder.read_info().expect("a PNG");
    assert_eq!((reader.info().width, reader.info().height), (800, 500));
    let mut buf = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut buf).expect("decode");
    let pixels = &buf[..frame.buffer_size()];
    // Both runs are drawn: pixels in each run's colour.
    for (i, c) in PALETTE.iter().take(2).enumerate() {
        let n = pixels
            .chunks(3)
            .filter(|p| p[0] == c.0 && p[1] == c.1 && p[2] == c.2)
            .count();
        assert!(n > 200, "run {i}: {n} pixels in its colour");
    }
}

/// The book's toy figures: the cost of the mild and the saturated start under each cost.
#[test]
fn the_book_toy_figures_are_drawn_from_exactly_the_numbers_nnlab_run_prints() {
    for preset in [
        "quadratic-mild",
        "quadratic-saturated",
        "cross-entropy-mild",
        "cross-entropy-saturated",
        "slowdown",
    ] {
        let rows = run_csv(preset, &[]);
        for axis in [CostAxis::Cost, CostAxis::Ratio] {
            let fig = figure(preset, None, View::Cost, axis);
            assert_eq!(fig.series.len(), rows.len(), "{preset}");
            for s in &fig.series {
                let run = rows
                    .iter()
                    .find(|(label, _)| s.label.starts_with(label.as_str()))
                    .map_or_else(|| panic!("{preset}: no run for {}", s.label), |(_, r)| r);
                assert_eq!(s.points.len(), run.len(), "{preset}");
                let c0: f64 = run[0]["cost"].parse().expect("cost");
                for (p, row) in s.points.iter().zip(run) {
                    let epoch: u64 = row["epoch"].parse().expect("epoch");
                    let cost: f64 = row["cost"].parse().expect("cost");
                    let expect = match axis {
                        CostAxis::Ratio => cost / c0,
                        _ => cost,
                    };
                    assert_eq!(*p, (epoch, expect), "{preset} {}", s.label);
                }
            }
        }
    }
}

#[test]
fn the_params_view_draws_run_s_w_and_b() {
    let rows = run_csv("slowdown", &[]);
    let fig = figure("slowdown", None, View::Params, CostAxis::Auto);
    assert_eq!(fig.series.len(), 4, "w and b of two runs");
    for s in &fig.series {
        let (label, param) = s.label.split_once(": ").expect("run: param");
        let column = if param == "b" { "b" } else { "w" };
        for (p, row) in s.points.iter().zip(&rows[label]) {
            assert_eq!(p.1, row[column].parse::<f64>().expect("number"), "{label}");
        }
    }
}

#[test]
fn the_accuracy_view_draws_run_s_accuracy_in_percent() {
    let rows = run_csv("multilayer-cross-entropy", &["--epochs", "12"]);
    let fig = figure(
        "multilayer-cross-entropy",
        Some(12),
        View::Accuracy,
        CostAxis::Auto,
    );
    assert_eq!(
        fig.y_label,
        "accuracy (%) on the evaluation set, and on the training set where marked"
    );
    // Each run's evaluation accuracy, as `nnlab run` prints it.
    let (eval, train): (Vec<_>, Vec<_>) = fig
        .series
        .iter()
        .partition(|s| !s.label.ends_with(", training set"));
    assert_eq!((eval.len(), train.len()), (2, 2));
    for s in &eval {
        let run = &rows[&s.label];
        assert_eq!(s.points.len(), 13);
        for (p, row) in s.points.iter().zip(run) {
            let a: f64 = row["accuracy"].parse().expect("accuracy");
            assert_eq!(p.1, 100.0 * a);
        }
    }
    // And its training accuracy: the engine's, epoch by epoch, in the run's colour.
    let preset = nnlab::Preset::load("multilayer-cross-entropy").expect("preset");
    let mut session = nnlab::Session::new(preset).expect("session");
    let mut expected: Vec<Vec<f64>> = vec![Vec::new(); 2];
    for (i, m) in session.metrics().iter().enumerate() {
        expected[i].push(100.0 * m.train_accuracy.expect("classifies"));
    }
    for _ in 0..12 {
        for (i, m) in session.step().iter().enumerate() {
            expected[i].push(100.0 * m.train_accuracy.expect("classifies"));
        }
    }
    for s in &train {
        let got: Vec<f64> = s.points.iter().map(|p| p.1).collect();
        assert_eq!(got, expected[s.run], "{}", s.label);
        assert_eq!(s.label, format!("{}, training set", eval[s.run].label));
    }
    // and as a file
    let svg = fig.svg((640, 400)).expect("svg");
    assert_eq!(svg_curves(&svg).len(), 4);
}

#[test]
fn every_k_gives_the_epochs_run_every_k_prints() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("e.svg");
    let (ok, _, err) = nnlab(&[
        "plot",
        "quadratic-mild",
        "--every",
        "7",
        "-o",
        path.to_str().expect("utf-8"),
    ]);
    assert!(ok, "{err}");
    let rows = run_csv("quadratic-mild", &["--every", "7"]);
    let curves = svg_curves(&std::fs::read_to_string(&path).expect("read"));
    assert_eq!(curves.len(), 1);
    assert_eq!(curves[0].1.len(), rows["quadratic"].len());
    assert_eq!(
        rows["quadratic"].len(),
        300 / 7 + 2,
        "0, 7, ..., 294 and 300"
    );
}

#[test]
fn a_long_run_gets_about_two_thousand_points_per_curve_by_default() {
    assert_eq!(plot::auto_every(300), 1);
    assert_eq!(plot::auto_every(2_000), 1);
    assert_eq!(plot::auto_every(2_001), 2);
    assert_eq!(plot::auto_every(100_000), 50);
    let fig = figure("quadratic-mild", Some(10_000), View::Cost, CostAxis::Auto);
    // every 5: epochs 0, 5, ..., 10000
    assert_eq!(fig.series[0].points.len(), 2_001);
    assert_eq!(fig.x_max, 10_000);
}

#[test]
fn the_output_is_replaced_atomically_and_never_written_through_a_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("elsewhere.svg");
    std::fs::write(&target, "keep me").expect("write");
    let link = dir.path().join("link.svg");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    let (ok, _, err) = nnlab(&[
        "plot",
        "quadratic-mild",
        "-o",
        link.to_str().expect("utf-8"),
    ]);
    assert!(!ok);
    assert!(err.contains("symbolic link"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&target).expect("read"),
        "keep me",
        "the link's target is untouched"
    );
    // A directory is not replaced either.
    let sub = dir.path().join("sub.svg");
    std::fs::create_dir(&sub).expect("mkdir");
    let (ok, _, err) = nnlab(&["plot", "quadratic-mild", "-o", sub.to_str().expect("utf-8")]);
    assert!(!ok && err.contains("not a regular file"), "{err}");
    // A regular file is replaced, and no temporary file is left behind.
    let (ok, _, err) = nnlab(&[
        "plot",
        "quadratic-mild",
        "-o",
        target.to_str().expect("utf-8"),
    ]);
    assert!(ok, "{err}");
    assert!(
        std::fs::read_to_string(&target)
            .expect("read")
            .starts_with("<svg")
    );
    // the figure gets the mode any new file gets here (not a temporary file's 0600)
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let plain = dir.path().join("plain");
        std::fs::File::create(&plain).expect("create");
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&target), mode(&plain));
        std::fs::remove_file(&plain).expect("rm");
    }
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| std::path::Path::new(n)
            .extension()
            .is_none_or(|e| e != "tmp")),
        "{names:?}"
    );
}

#[test]
fn write_svg_never_overwrites_and_returns_the_new_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fig = figure("quadratic-mild", Some(20), View::Cost, CostAxis::Auto);
    let first = plot::write_svg(&fig, dir.path()).expect("first");
    let second = plot::write_svg(&fig, dir.path()).expect("second");
    assert_eq!(first, dir.path().join("nnlab-quadratic-mild-cost.svg"));
    assert_eq!(second, dir.path().join("nnlab-quadratic-mild-cost-2.svg"));
    for p in [&first, &second] {
        assert_eq!(
            svg_curves(&std::fs::read_to_string(p).expect("read")).len(),
            1
        );
    }
    // a link squatting on the next name is skipped, not followed
    let target = dir.path().join("t");
    std::fs::write(&target, "keep").expect("write");
    std::os::unix::fs::symlink(&target, dir.path().join("nnlab-quadratic-mild-cost-3.svg"))
        .expect("symlink");
    let third = plot::write_svg(&fig, dir.path()).expect("third");
    assert_eq!(third, dir.path().join("nnlab-quadratic-mild-cost-4.svg"));
    assert_eq!(std::fs::read_to_string(&target).expect("read"), "keep");
}

#[test]
fn bad_requests_are_refused_before_any_training() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let cases: &[(&[&str], &str)] = &[
        (
            &["plot", "slowdown", "-o", &out("a.jpg")],
            "must end in .svg or .png",
        ),
        (
            &["plot", "slowdown", "-o", &out("a.svg"), "--size", "10x10"],
            "each side must be",
        ),
        (
            &[
                "plot",
                "slowdown",
                "-o",
                &out("a.svg"),
                "--size",
                "8000x8000",
            ],
            "at most",
        ),
        (
            &["plot", "slowdown", "-o", &out("a.svg"), "--size", "big"],
            "WIDTHxHEIGHT",
        ),
        (
            &[
                "plot",
                "multilayer-cross-entropy",
                "-o",
                &out("a.svg"),
                "--view",
                "map",
            ],
            "single sigmoid neuron with one input",
        ),
        (
            &[
                "plot",
                "multilayer-cross-entropy",
                "-o",
                &out("a.svg"),
                "--view",
                "landscape",
            ],
            "single sigmoid neuron with one input",
        ),
        (
            &[
                "plot",
                "multilayer-cross-entropy",
                "-o",
                &out("a.svg"),
                "--view",
                "params",
            ],
            "single neuron",
        ),
        (
            &[
                "plot",
                "slowdown",
                "-o",
                &out("a.svg"),
                "--view",
                "accuracy",
            ],
            "no accuracy",
        ),
        (
            &[
                "plot",
                "slowdown",
                "-o",
                &out("a.svg"),
                "--view",
                "params",
                "--log",
            ],
            "cost view only",
        ),
        // a billion points would take hours to train: refused at once
        (
            &[
                "plot",
                "slowdown",
                "-o",
                &out("a.svg"),
                "--epochs",
                "900000000",
                "--every",
                "1",
            ],
            "raise --every",
        ),
        (&["plot", "no-such-preset", "-o", &out("a.svg")], "slowdown"),
    ];
    for (args, expect) in cases {
        let (ok, _, err) = nnlab(args);
        assert!(!ok, "{args:?} succeeded");
        assert!(err.contains(expect), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    assert!(
        std::fs::read_dir(dir.path()).expect("ls").next().is_none(),
        "nothing written"
    );
    assert!(!Path::new(&out("a.svg")).exists());
}

#[test]
fn a_diverged_run_is_labelled_and_ends_where_run_reports_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let preset = std::fs::read_to_string("presets/slowdown.ron")
        .expect("slowdown.ron")
        .replace("eta: 0.15", "eta: 1e6");
    let ron = dir.path().join("diverges.ron");
    std::fs::write(&ron, preset).expect("write");
    let ron = ron.to_str().expect("utf-8");
    let rows = run_csv(ron, &[]);
    let mut p = Preset::load(ron).expect("preset");
    p.epochs = 300;
    let mut session = Session::new(p).expect("session");
    let records = plot::record(&mut session, 1);
    let fig = Figure::from_records("slowdown", 300, &records, View::Cost, CostAxis::Cost, true)
        .expect("figure");
    for s in &fig.series {
        // the legend says which limit tripped, with the value that tripped it
        assert!(s.label.contains("(diverged at epoch 1: "), "{}", s.label);
        assert!(s.label.contains("> 1e4)"), "{}", s.label);
        let label = s.label.split(" (").next().expect("label");
        assert_eq!(s.points.len(), rows[label].len(), "{label}");
    }
    // drawn on a log axis without a NaN or an infinity reaching the file
    let svg = fig.svg((640, 400)).expect("svg");
    assert!(!svg.contains("NaN") && !svg.contains("inf"));
    assert_eq!(svg_curves(&svg).len(), 2);
}

/// The legend's box in an SVG: the rectangle with the legend's grey border, as (x0, y0, x1, y1).
fn svg_legend(svg: &str) -> (f64, f64, f64, f64) {
    let doc = roxmltree::Document::parse(svg).expect("the SVG parses as XML");
    let boxes: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("stroke") == Some("#A0A0A0"))
        .map(|n| {
            let f = |k: &str| -> f64 { n.attribute(k).expect(k).parse().expect(k) };
            let (x, y) = (f("x"), f("y"));
            (x, y, x + f("width"), y + f("height"))
        })
        .collect();
    assert_eq!(boxes.len(), 1, "one legend box");
    boxes[0]
}

/// The first point of a curve (its segments walked a pixel at a time) inside `b`.
fn point_inside(points: &[(f64, f64)], b: (f64, f64, f64, f64)) -> Option<(f64, f64)> {
    let inside = |(x, y): (f64, f64)| x >= b.0 && x <= b.2 && y >= b.1 && y <= b.3;
    if let [only] = points {
        return inside(*only).then_some(*only);
    }
    for pair in points.windows(2) {
        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
        let steps = ((x1 - x0).abs().max((y1 - y0).abs()).ceil() as usize).max(1);
        for k in 0..=steps {
            let t = k as f64 / steps as f64;
            let p = (x0 + t * (x1 - x0), y0 + t * (y1 - y0));
            if inside(p) {
                return Some(p);
            }
        }
    }
    None
}

#[test]
fn the_legend_never_covers_a_curve() {
    // multi-input-neuron's parameters fill the top right (w3 stays at 1, w2 and w1 level off):
    // the legend plotters puts there by default lies over three curves.
    let cases: &[(&str, &str)] = &[
        ("multi-input-neuron", "params"),
        ("multi-input-neuron", "cost"),
        ("slowdown", "params"),
        ("slowdown", "cost"),
        ("cross-entropy-saturated", "params"),
        ("book-demo-rule", "params"),
        ("softmax-log-likelihood", "accuracy"),
        ("multilayer-cross-entropy", "cost"),
    ];
    let dir = tempfile::tempdir().expect("tempdir");
    for (preset, view) in cases {
        for size in ["960x600", "640x400", "1600x900"] {
            let out = dir.path().join(format!("{preset}-{view}-{size}.svg"));
            let out = out.to_str().expect("utf-8");
            let (ok, _, err) = nnlab(&["plot", preset, "--view", view, "--size", size, "-o", out]);
            assert!(ok, "{preset} {view}: {err}");
            let svg = std::fs::read_to_string(out).expect("svg");
            let legend = svg_legend(&svg);
            let curves = svg_curves(&svg);
            assert!(!curves.is_empty(), "{preset} {view}: curves");
            for (stroke, points) in &curves {
                assert_eq!(
                    point_inside(points, legend),
                    None,
                    "{preset} --view {view} at {size}: the {stroke} curve passes under the legend {legend:?}"
                );
            }
        }
    }
}
