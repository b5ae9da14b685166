//! `nnlab plot --view boundary|hidden`: figures over the input plane of a two-feature preset,
//! drawn from the engine's own answers (views::decision), refused before training elsewhere.

use crate::support::cli::nnlab;
use nnlab::plot::plane;
use nnlab::views::decision::{DecisionMap, Plane, answer, hidden_unit};
use nnlab::{Preset, Session};

fn trained(name: &str, epochs: u64) -> Session {
    let mut p = Preset::load(name).expect("built-in");
    p.epochs = epochs;
    let mut s = Session::new(p).expect("session");
    for _ in 0..epochs {
        s.step();
    }
    s
}

#[test]
fn the_boundary_panels_are_each_run_s_answers_with_its_mistakes() {
    let s = trained("multilayer-cross-entropy", 20);
    let fig = plane::boundary(&s).expect("figure");
    assert_eq!(fig.panels.len(), 2);
    let plane = Plane::around(&s.data).expect("plane");
    assert_eq!(fig.plane, plane);
    for (panel, run) in fig.panels.iter().zip(&s.runs) {
        assert!(
            panel.title.contains(&*run.config.shown_label()) && panel.title.contains("epoch 20")
        );
        let map = DecisionMap::of(&run.network, &plane, plane::CELLS.0, plane::CELLS.1);
        let want: Vec<f64> = map.cells.iter().map(|a| a.class1).collect();
        assert_eq!(panel.cells, want);
        for (p, wrong) in fig.points.iter().zip(&panel.wrong) {
            assert_eq!(*wrong, answer(&run.network, p.x).class != p.class);
        }
    }
    // the quadratic run at epoch 20 still calls everything class 1: it is wrong exactly on class 0
    let class0 = fig.points.iter().filter(|p| p.class == 0).count();
    assert_eq!(fig.panels[1].wrong.iter().filter(|w| **w).count(), class0);
}

#[test]
fn the_hidden_panels_are_the_first_layer_s_activations() {
    let s = trained("multilayer-cross-entropy", 5);
    let fig = plane::hidden(&s).expect("figure");
    let net = &s.runs[0].network;
    assert_eq!(fig.panels.len(), net.sizes[1]);
    for (j, panel) in fig.panels.iter().enumerate() {
        let want = hidden_unit(net, &fig.plane, plane::CELLS.0, plane::CELLS.1, j).expect("unit");
        assert_eq!(panel.cells, want, "unit {}", j + 1);
        let w = net.weights[0].row(j);
        let sign = |v: f64| if v >= 0.0 { '+' } else { '-' };
        assert!(
            panel
                .title
                .contains(&format!("w ({}, {})", sign(w[0]), sign(w[1]))),
            "{}",
            panel.title
        );
    }
}

#[test]
fn boundary_and_hidden_write_valid_files_and_are_refused_before_training_elsewhere() {
    let dir = tempfile::tempdir().expect("tempdir");
    for view in ["boundary", "hidden"] {
        for ext in ["svg", "png"] {
            let out = dir.path().join(format!("{view}.{ext}"));
            let out = out.to_str().expect("utf-8");
            let (ok, said, err) = nnlab(&[
                "plot",
                "softmax-log-likelihood",
                "--view",
                view,
                "--epochs",
                "10",
                "--size",
                "800x500",
                "-o",
                out,
            ]);
            assert!(ok, "{view} {ext}: {err}");
            assert!(said.contains("panel"), "{said}");
            let bytes = std::fs::read(out).expect("written");
            if ext == "svg" {
                let text = String::from_utf8(bytes).expect("utf-8");
                let doc = roxmltree::Document::parse(&text).expect("the SVG parses");
                let rects = doc.descendants().filter(|n| n.has_tag_name("rect")).count();
                assert!(
                    rects >= plane::CELLS.0 * plane::CELLS.1,
                    "{view}: {rects} cells"
                );
            } else {
                let img = image::load_from_memory(&bytes).expect("the PNG decodes");
                assert_eq!((img.width(), img.height()), (800, 500));
            }
        }
    }
    // a one-input preset: refused with the reason, nothing written
    let out = dir.path().join("no.svg");
    let out = out.to_str().expect("utf-8");
    let (ok, _, err) = nnlab(&["plot", "slowdown", "--view", "boundary", "-o", out]);
    assert!(
        !ok && err.contains("two input features") && err.contains("have 1"),
        "{err}"
    );
    assert!(!std::path::Path::new(out).exists());
    // a size out of range: refused before training (by the argument parser)
    let (ok, _, err) = nnlab(&[
        "plot",
        "multilayer-cross-entropy",
        "--view",
        "hidden",
        "--size",
        "10x10",
        "-o",
        out,
    ]);
    assert!(!ok && err.contains("10x10"), "{err}");
    assert!(!std::path::Path::new(out).exists());
}
