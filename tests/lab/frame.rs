//! The charts' frame, read off the screen as a learner sees it: every chart drawn has at least
//! five plot rows, and its axes (the labels at both ends of both axes) do not move during the
//! planned run, unless a value left the frame, which the screen then says ("frame grew").
//!
//! Over every built-in preset, every lower-pane view, with and without the parameters view,
//! at 80x24, 120x40 and 200x60.

use crate::support::tui as common_tui;

use nnlab::preset::BUILTIN;
use nnlab::trainer::{Event, RunState};
use nnlab::tui::app::App;
use nnlab::tui::lab::Lower;
use nnlab::tui::render;
use nnlab::{Preset, Session};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

/// The screen as a grid of cells (one symbol each).
fn cells(app: &App, w: u16, h: u16) -> Vec<Vec<String>> {
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    render(app, area, &mut buf);
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect())
        .collect()
}

/// A chart as drawn: where its axes cross, how many rows it plots, and its four end labels.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnChart {
    /// The column and row of the axes' corner.
    pub corner: (usize, usize),
    /// Rows between the top of the y axis and the x axis.
    pub plot_rows: usize,
    /// The y axis's label at the top and at the bottom.
    pub y_labels: (String, String),
    /// The x axis's labels (the text under the axis).
    pub x_labels: String,
}

/// Text of `row` from just after the pane border (or the screen edge) left of `end` to `end`.
fn left_of(row: &[String], end: usize) -> String {
    let start = (0..end).rev().find(|&x| row[x] == "│").map_or(0, |x| x + 1);
    row[start..end].concat().trim().to_string()
}

/// Every chart on the screen: an axis corner `└` with the x axis running right and the y axis
/// up from it (the panes' borders are rounded, so a `└` is a chart's).
pub fn charts(grid: &[Vec<String>]) -> Vec<DrawnChart> {
    let mut out = Vec::new();
    for (cy, row) in grid.iter().enumerate() {
        for (cx, cell) in row.iter().enumerate() {
            if cell != "└" || row.get(cx + 1).is_none_or(|c| c != "─") {
                continue;
            }
            let mut top = cy;
            while top > 0 && grid[top - 1][cx] == "│" {
                top -= 1;
            }
            if top == cy {
                continue;
            }
            // The x labels: the row below the axis, under the plot.
            let x_labels = grid.get(cy + 1).map_or(String::new(), |r| {
                let end = (cx + 1..r.len()).find(|&x| r[x] == "│").unwrap_or(r.len());
                r[cx..end].concat().trim().to_string()
            });
            out.push(DrawnChart {
                corner: (cx, cy),
                plot_rows: cy - top,
                y_labels: (left_of(&grid[top], cx), left_of(&grid[cy - 1], cx)),
                x_labels,
            });
        }
    }
    out
}

/// The lab views a preset can show: each lower-pane view, and for single neurons each with
/// the parameters view off and on.
fn views(preset: &Preset) -> Vec<(Lower, bool)> {
    let single = preset
        .runs
        .iter()
        .all(nnlab::run::RunConfig::is_single_neuron);
    let lowers = Lower::ALL;
    let params: &[bool] = if single { &[false, true] } else { &[false] };
    lowers
        .into_iter()
        .flat_map(|l| params.iter().map(move |&p| (l, p)))
        .collect()
}

/// Every screen of `name` (each view at each size) after epoch 1 and at the end of its plan.
#[allow(clippy::type_complexity)]
fn screens(name: &str) -> Vec<((Lower, bool, u16, u16), [Vec<Vec<String>>; 2])> {
    let preset = Preset::load(name).expect("built-in preset");
    let mut session = Session::new(preset.clone()).expect("session");
    let mut app = App::new(preset.clone(), false);
    app.on_event(common_tui::loaded(&mut session));
    app.status = None;
    let mut first: Vec<((Lower, bool, u16, u16), Vec<Vec<String>>)> = Vec::new();
    let shoot = |app: &mut App| {
        let mut shots = Vec::new();
        let start = (app.lab.views.lower, app.lab.params_view);
        for (lower, params) in views(&preset) {
            app.lab.views.lower = lower;
            app.lab.params_view = params;
            for (w, h) in SIZES {
                shots.push(((lower, params, w, h), cells(app, w, h)));
            }
        }
        (app.lab.views.lower, app.lab.params_view) = start;
        shots
    };
    for epoch in 1..=preset.epochs {
        let metrics = session.step();
        app.on_event(Event::Progress {
            metrics: metrics.into_iter().map(|m| vec![m]).collect(),
            epoch: session.epoch(),
            rate: 60.0,
        });
        if epoch == 1 {
            first = shoot(&mut app);
        }
    }
    app.on_event(Event::State(RunState::Finished));
    app.status = None;
    let last = shoot(&mut app);
    first
        .into_iter()
        .zip(last)
        .map(|((k, a), (_, b))| (k, [a, b]))
        .collect()
}

fn text(grid: &[Vec<String>]) -> String {
    grid.iter()
        .map(|r| r.concat())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_chart_has_five_plot_rows_and_a_fixed_frame() {
    let mut bad = Vec::new();
    for (name, _) in BUILTIN {
        let classifies = common_tui::trained_app(name, 1)
            .store
            .histories
            .iter()
            .any(|h| !h.accuracy.is_empty());
        for ((lower, params, w, h), [first, last]) in screens(name) {
            let ctx = format!("{name} {lower:?} params={params} {w}x{h}");
            let (a, b) = (charts(&first), charts(&last));
            for c in a.iter().chain(&b) {
                if c.plot_rows < 5 {
                    bad.push(format!("{ctx}: a chart of {} plot rows", c.plot_rows));
                }
            }
            // Room is given where there is room: every screen draws a chart, and from 120x40
            // on the cost chart and (when on) the parameters' too.
            let want = if w >= 120 { 1 + usize::from(params) } else { 1 };
            if b.len() < want {
                bad.push(format!("{ctx}: {} charts drawn, {want} expected", b.len()));
            }
            let hidden =
                text(&last).contains("hidden") || text(&last).contains("in the rows below");
            if b.len() < want + usize::from(classifies) && !hidden {
                bad.push(format!(
                    "{ctx}: a chart is missing and the screen does not say where it went"
                ));
            }
            let said = text(&last).contains("frame grew");
            if a.len() != b.len() {
                bad.push(format!(
                    "{ctx}: {} charts after epoch 1, {} at the end",
                    a.len(),
                    b.len()
                ));
            } else if !said {
                for (x, y) in a.iter().zip(&b) {
                    if (x.corner, &x.y_labels, &x.x_labels) != (y.corner, &y.y_labels, &y.x_labels)
                    {
                        bad.push(format!(
                            "{ctx}: the frame moved and the screen does not say so: {x:?} -> {y:?}"
                        ));
                    }
                }
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} problems:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn a_chart_is_found_with_its_labels() {
    // The harness itself: a known chart on the default preset's screen.
    let app = common_tui::trained_app("slowdown", 10);
    let grid = cells(&app, 120, 40);
    let found = charts(&grid);
    assert!(!found.is_empty(), "no chart found:\n{}", text(&grid));
    let cost = &found[0];
    assert!(cost.plot_rows >= 5, "{cost:?}");
    assert!(cost.x_labels.ends_with("300 epochs"), "{cost:?}");
    assert!(
        !cost.y_labels.0.is_empty() && !cost.y_labels.1.is_empty(),
        "{cost:?}"
    );
}

#[test]
#[ignore = "prints screens for a look"]
fn dump() {
    let name = std::env::var("DUMP_PRESET").unwrap_or("slowdown".into());
    let params = std::env::var("DUMP_PARAMS").is_ok();
    for ((lower, p, w, h), [_, last]) in screens(&name) {
        if lower == Lower::Neuron && p == params && w < 200 {
            println!("{name} {w}x{h}\n{}", text(&last));
        }
    }
}

#[test]
fn every_exercise_chart_has_five_plot_rows() {
    let mut app = common_tui::trained_app("slowdown", 0);
    app.tab = nnlab::tui::app::Tab::Exercises;
    let (mut bad, mut found) = (Vec::new(), 0);
    for k in 0..nnlab::exercises::registry().len() {
        app.exercises.selected = k;
        for (w, h) in SIZES {
            for scroll in (0..=120).step_by(3) {
                app.exercises.scroll = scroll;
                for c in charts(&cells(&app, w, h)) {
                    found += 1;
                    if c.plot_rows < 5 {
                        bad.push(format!(
                            "exercise {k} at {w}x{h} scroll {scroll}: {} plot rows",
                            c.plot_rows
                        ));
                    }
                }
            }
        }
    }
    assert!(found > 100, "only {found} exercise charts seen");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
