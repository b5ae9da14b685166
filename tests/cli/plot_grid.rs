//! `nnlab plot --view landscape|map` draws the engine's own cells (views::landscape,
//! Views::speed_map), one panel per cost on one colour scale.

use nnlab::plot::{self, grid};
use nnlab::views::landscape::{Landscape, Window};
use nnlab::views::speed_map::{self, Grid};
use nnlab::{Preset, Session};
use std::process::Command;

fn rects(svg: &str) -> usize {
    let doc = roxmltree::Document::parse(svg).expect("the SVG parses as XML");
    doc.descendants().filter(|n| n.has_tag_name("rect")).count()
}

#[test]
fn the_landscape_cells_are_the_engines_and_each_run_s_path_has_a_point_per_epoch() {
    let preset = Preset::load("slowdown").expect("built-in");
    let mut session = Session::new(preset).expect("session");
    let records = plot::record(&mut session, 1);
    let figure = grid::landscape(&session.preset, &session.data, &records).expect("figure");
    assert_eq!(figure.panels.len(), 2, "quadratic and cross-entropy");
    let paths: Vec<(f64, f64)> = records
        .iter()
        .flat_map(|r| r.metrics.iter())
        .filter_map(|m| m.neuron.as_ref().map(|n| (n.w[0], n.b)))
        .collect();
    let window = Window::around(paths, 1.0);
    assert_eq!(figure.x_range, (window.w_min, window.w_max));
    for (panel, config) in figure.panels.iter().zip(&session.preset.runs) {
        let land = Landscape::compute(
            &session.data.train,
            config.cost,
            window,
            figure.cols,
            figure.rows,
        )
        .expect("landscape");
        let cells: Vec<f64> = panel.cells.iter().map(|c| c.expect("a value")).collect();
        assert_eq!(cells, land.values, "{}", panel.title);
        assert_eq!(panel.paths.len(), 1);
        assert_eq!(panel.paths[0].2.len(), 301, "epochs 0 to 300");
    }
    let svg = figure.svg((900, 500)).expect("svg");
    assert!(rects(&svg) >= 2 * figure.cols * figure.rows);
    let png = figure.png((640, 400)).expect("png");
    let img = image::load_from_memory(&png).expect("decodes");
    assert_eq!((img.width(), img.height()), (640, 400));
}

#[test]
fn the_map_cells_are_speed_map_compute_s() {
    let preset = Preset::load("slowdown").expect("built-in");
    let data = preset.load_data().expect("data");
    let g = Grid {
        cols: 9,
        rows: 5,
        w0: (-3.0, 3.0),
        b0: (-2.0, 2.0),
    };
    let figure = grid::map(&preset, &data, g).expect("figure");
    let config = speed_map::pick_run(&preset, &data, None).expect("run");
    let (cancel, progress) = Default::default();
    let map = speed_map::compute(&preset, config, &data, g, 1, &cancel, &progress)
        .expect("map")
        .expect("not cancelled");
    for k in 0..2 {
        let want: Vec<Option<f64>> = map.epochs[k].iter().map(|e| e.map(|e| e as f64)).collect();
        assert_eq!(figure.panels[k].cells, want);
    }
    // Cells are centred on the grid's points: the edges lie half a step outside.
    assert_eq!(figure.x_range, (-3.375, 3.375));
    assert_eq!(figure.y_range, (-2.5, 2.5));
    assert!(rects(&figure.svg((800, 500)).expect("svg")) >= 2 * 9 * 5);
}

#[test]
fn nnlab_plot_writes_both_views_as_svg_and_png() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (view, file) in [("landscape", "l.svg"), ("map", "m.png")] {
        let path = dir.path().join(file);
        let out = Command::new(env!("CARGO_BIN_EXE_nnlab"))
            .args([
                "plot", "slowdown", "--view", view, "--size", "800x500", "-o",
            ])
            .arg(&path)
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let bytes = std::fs::read(&path).expect("written");
        if std::path::Path::new(file)
            .extension()
            .is_some_and(|e| e == "svg")
        {
            let svg = String::from_utf8(bytes).expect("utf-8");
            assert!(rects(&svg) >= 2 * 120 * 80);
        } else {
            let img = image::load_from_memory(&bytes).expect("decodes");
            assert_eq!((img.width(), img.height()), (800, 500));
        }
    }
}
