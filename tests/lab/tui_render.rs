//! Rendering tests: each pane and the whole screen at two sizes, as insta text snapshots.

use crate::support::tui as common_tui;

use common_tui::trained_app;
use nnlab::tui::app::{App, Focus, Tab};
use nnlab::tui::{panes, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

const SIZES: [(u16, u16); 2] = [(80, 24), (140, 45)];

fn draw(w: u16, h: u16, f: impl Fn(Rect, &mut Buffer)) -> TestBackend {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    terminal
        .draw(|frame| {
            let area = frame.area();
            f(area, frame.buffer_mut());
        })
        .expect("draw");
    terminal.backend().clone()
}

fn snap_pane(name: &str, app: &App, pane: impl Fn(&App, Rect, &mut Buffer)) {
    for (w, h) in [(60, 18), (100, 30)] {
        let backend = draw(w, h, |area, buf| pane(app, area, buf));
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), backend);
    }
}

#[test]
fn screen_after_300_epochs_of_slowdown() {
    let app = trained_app("slowdown", 300);
    for (w, h) in SIZES {
        let backend = draw(w, h, |area, buf| render(&app, area, buf));
        insta::assert_snapshot!(format!("screen_slowdown_{w}x{h}"), backend);
    }
}

#[test]
fn panes_of_slowdown() {
    let mut app = trained_app("slowdown", 150);
    snap_pane("metrics", &app, |a, r, b| {
        panes::metrics::render(&a.lab_view(), r, b);
    });
    snap_pane("params", &app, |a, r, b| {
        panes::params::render(&a.lab_view(), r, b);
    });
    snap_pane("neuron", &app, |a, r, b| {
        panes::neuron::render(&a.lab_view(), r, b);
    });
    snap_pane("header", &app, |a, r, b| {
        panes::header::render(&a.lab_view(), a.tab, r, b);
    });
    snap_pane("status", &app, |a, r, b| {
        panes::status::render(&a.status_view(), r, b);
    });
    app.lab.log_scale = true;
    app.lab.cursor = Some(75.0);
    app.lab.focus = Focus::Metrics;
    snap_pane("metrics_log_cursor", &app, |a, r, b| {
        panes::metrics::render(&a.lab_view(), r, b);
    });
}

#[test]
fn network_gradients_and_accuracy() {
    let app = trained_app("multilayer-cross-entropy", 20);
    snap_pane("metrics_network", &app, |a, r, b| {
        panes::metrics::render(&a.lab_view(), r, b);
    });
    snap_pane("gradients_network", &app, |a, r, b| {
        panes::neuron::render(&a.lab_view(), r, b);
    });
}

#[test]
fn exercises_about_and_help() {
    let mut app = trained_app("slowdown", 0);
    app.tab = Tab::Exercises;
    snap_pane("exercises", &app, |a, r, b| {
        panes::exercises::render(&a.exercises, &a.overlay.mode, a.theme(), r, b);
    });
    snap_pane("about", &app, |a, r, b| {
        panes::about::render(&a.lab_view(), &a.about, r, b);
    });
    for (w, h) in SIZES {
        let backend = draw(w, h, |area, buf| {
            panes::help::render(app.theme(), 0, area, buf);
        });
        insta::assert_snapshot!(format!("help_{w}x{h}"), backend);
    }
}

#[test]
fn too_small_a_terminal_says_how_big_it_must_be() {
    let app = trained_app("slowdown", 0);
    let backend = draw(60, 15, |area, buf| render(&app, area, buf));
    let text = format!("{backend}");
    assert!(text.contains("enlarge to 80x24"), "{text}");
    insta::assert_snapshot!("too_small", backend);
}

#[test]
fn the_chart_draws_both_curves_in_ascii_too() {
    let mut app = trained_app("slowdown", 300);
    app.ui.ascii = true;
    let backend = draw(100, 30, |area, buf| {
        panes::metrics::render(&app.lab_view(), area, buf);
    });
    let text = format!("{backend}");
    assert!(text.contains('•'), "ASCII markers expected:\n{text}");
    assert!(!text.contains('⣀'), "no braille expected:\n{text}");
}

#[test]
fn digits_pane_draws_images_with_label_and_guess() {
    use nnlab::trainer::DigitImages;
    use nnlab::tui::app::Digits;
    let mut app = trained_app("slowdown", 0);
    let ring: Vec<f64> = (0..784)
        .map(|i| {
            let (r, c) = (f64::from(i / 28) - 13.5, f64::from(i % 28) - 13.5);
            let d = (r * r + c * c).sqrt();
            if (6.0..10.0).contains(&d) { 1.0 } else { 0.0 }
        })
        .collect();
    app.store.digits = Some(Digits {
        images: DigitImages {
            pixels: vec![ring.clone(), ring],
            labels: vec![0, 0],
        },
        guesses: vec![vec![0, 6]],
    });
    let backend = draw(60, 12, |area, buf| {
        panes::digits::render(&app.lab_view(), area, buf);
    });
    let text = format!("{backend}");
    assert!(
        text.contains("0 → 0 ✓") && text.contains("0 → 6 ✗"),
        "{text}"
    );
    insta::assert_snapshot!("digits", backend);
}
