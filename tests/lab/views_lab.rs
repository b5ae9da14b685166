//! The lab's hooks for the views: v cycles the lower pane, x switches the landscape's surface,
//! O opens the softmax sliders, and the map is computed off the UI thread, restarted when a
//! Setting changes.

use crate::support::tui as common_tui;

use common_tui::trained_app;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use nnlab::tui::app::App;
use nnlab::tui::lab::Lower;
use nnlab::tui::render;
use nnlab::tui::views;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::time::{Duration, Instant};

fn press(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn screen(app: &App, w: u16, h: u16) -> String {
    let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
    render(app, buf.area, &mut buf);
    let mut s = String::new();
    for y in 0..h {
        for x in 0..w {
            s.push_str(buf[(x, y)].symbol());
        }
        s.push('\n');
    }
    s
}

#[test]
fn v_cycles_the_lower_pane_and_x_switches_the_surface() {
    let mut app = trained_app("slowdown", 100);
    assert_eq!(app.lab.views.lower, Lower::Neuron);
    press(&mut app, KeyCode::Char('v'));
    assert_eq!(app.lab.views.lower, Lower::Sigma);
    let s = screen(&app, 140, 45);
    assert!(s.contains("σ(z) and its slope"), "{s}");
    press(&mut app, KeyCode::Char('v'));
    assert_eq!(app.lab.views.lower, Lower::Landscape);
    assert!(screen(&app, 140, 45).contains("Cost landscape: quadratic"));
    press(&mut app, KeyCode::Char('x'));
    assert!(screen(&app, 140, 45).contains("Cost landscape: cross-entropy"));
    // the sigma pane follows the chart cursor (map, decision, formula, neuron, sigma)
    for _ in 0..5 {
        press(&mut app, KeyCode::Char('v'));
    }
    assert_eq!(app.lab.views.lower, Lower::Sigma);
    app.lab.cursor = Some(0.0);
    assert!(screen(&app, 140, 45).contains("epoch 0 "));
    assert!(screen(&app, 140, 45).contains("z 4.0000"));
}

#[test]
fn map_is_computed_off_the_ui_thread_and_restarted_on_a_change() {
    let mut app = trained_app("slowdown", 10);
    for _ in 0..3 {
        press(&mut app, KeyCode::Char('v'));
    }
    assert_eq!(app.lab.views.lower, Lower::Map);
    // started, not finished: the key returned at once
    assert!(app.jobs.map_running() || app.jobs.map_progress().is_some());
    // a setting changes: the running map is dropped and a new one starts
    app.preset.runs[0].eta = 0.3;
    views::tick(&mut app);
    let start = Instant::now();
    while app.jobs.map_running() && start.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(20));
        views::tick(&mut app);
    }
    let s = screen(&app, 140, 45);
    assert!(s.contains("Learning speed") && s.contains("never"), "{s}");
    assert!(s.contains("eta 0.3"), "{s}");
}

#[test]
fn o_opens_the_softmax_sliders_and_keys_move_them() {
    let mut app = trained_app("slowdown", 0);
    press(&mut app, KeyCode::Char('o'));
    assert!(app.lab.views.softmax.is_some());
    let before = app
        .lab
        .views
        .softmax
        .as_ref()
        .map(nnlab::views::softmax::Sliders::outputs)
        .expect("open");
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Char(']'));
    let s = app.lab.views.softmax.as_ref().expect("open");
    assert!((s.z[0] - 1.1).abs() < 1e-12 && (s.c - 1.5).abs() < 1e-12);
    let after = s.outputs();
    assert!(before.iter().zip(&after).all(|(b, a)| (b - a).abs() > 1e-4));
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("Softmax sliders, c = 1.50") && text.contains("sum of a_j 1.000000000000"),
        "{text}"
    );
    // the lab did not see those keys: no field changed, still paused
    press(&mut app, KeyCode::Esc);
    assert!(app.lab.views.softmax.is_none());
}

/// At 80x24 the views get a small pane: every title, legend and number in it is whole (no
/// line of text runs into the pane's right border).
#[test]
fn at_80x24_nothing_in_the_views_is_cut() {
    let mut app = trained_app("slowdown", 300);
    for view in 0..4 {
        if view == 3 {
            let start = Instant::now();
            while (app.jobs.map_running() || app.jobs.map_progress().is_some())
                && start.elapsed() < Duration::from_secs(120)
            {
                std::thread::sleep(Duration::from_millis(20));
                views::tick(&mut app);
            }
        }
        let s = screen(&app, 80, 24);
        let lines: Vec<Vec<char>> = s.lines().map(|l| l.chars().collect()).collect();
        if view == 0 {
            // the neuron pane is not one of these views
            press(&mut app, KeyCode::Char('v'));
            continue;
        }
        // the lower right pane: from its ╭ (below the parameters) to the bottom border
        // the first row with a pane's top border (the lesson strip may come before it)
        let (first, left) = lines
            .iter()
            .enumerate()
            .find_map(|(y, l)| l.iter().rposition(|&c| c == '╭').map(|x| (y, x)))
            .expect("right pane");
        let top = (first + 1..23)
            .find(|&y| lines[y].get(left) == Some(&'╭'))
            .expect("lower pane");
        for (y, l) in lines.iter().enumerate().take(23).skip(top) {
            let inner: String = l[left + 1..l.len() - 1].iter().collect();
            let last = inner.chars().last().unwrap_or(' ');
            // (the sigma pane's z axis puts its right end label flush right, by design)
            let texty = (last.is_ascii_alphanumeric() || ".,:()-=".contains(last))
                && !inner.contains("z = 0");
            assert!(!texty, "view {view}, line {y} runs into the border:\n{s}");
        }
        press(&mut app, KeyCode::Char('v'));
    }
}
