//! The Exercises tab: its text follows the inputs, its charts' axes are labelled for what they
//! are, and its status line names the tab's own keys.

use crate::support::exercises::other_value;
use crate::support::tui::trained_app;
use nnlab::exercises::registry;
use nnlab::tui::app::{App, Tab};
use nnlab::tui::panes::exercises::detail_lines;

/// The statement, verdict and table the pane shows for the selected exercise (wide enough that
/// nothing wraps inside a number), without the inputs' own lines (they show the values set).
fn pane_text(app: &App) -> String {
    detail_lines(&app.exercises, &app.overlay.mode, app.theme(), 400)
        .iter()
        .map(ToString::to_string)
        .filter(|l| !l.starts_with("   ") && !l.starts_with(" ▶ "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every input of every exercise reaches the pane's text, and the numbers the statements
/// quoted from the defaults follow the inputs (issue 21's cases).
#[test]
fn every_input_reaches_the_pane_and_no_default_number_is_left() {
    let mut app = trained_app("slowdown", 0);
    app.tab = Tab::Exercises;
    let mut failures = Vec::new();
    for (k, ex) in registry().iter().enumerate() {
        app.exercises = nnlab::tui::exercises::ExerciseState::new();
        app.exercises.selected = k;
        let default = pane_text(&app);
        for (i, input) in ex.inputs().iter().enumerate() {
            app.exercises = nnlab::tui::exercises::ExerciseState::new();
            app.exercises.selected = k;
            let v = other_value(input);
            app.exercises.set_input(i, v);
            assert_eq!(app.exercises.values[k].get(input.name), v, "{}", ex.id());
            if pane_text(&app) == default {
                failures.push(format!(
                    "{}: {} = {v} changes nothing shown",
                    ex.id(),
                    input.name
                ));
            }
        }
    }
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
        let k = registry()
            .iter()
            .position(|e| e.id() == id)
            .expect("registered");
        app.exercises = nnlab::tui::exercises::ExerciseState::new();
        app.exercises.selected = k;
        for (name, v) in sets {
            let i = registry()[k]
                .inputs()
                .iter()
                .position(|input| input.name == *name)
                .expect("an input");
            app.exercises.set_input(i, *v);
        }
        let text = pane_text(&app);
        for q in quoted {
            if text.contains(q) {
                failures.push(format!("{id} {sets:?}: the pane still quotes {q:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The pane drawn at `w`x`h`, as rows of cells.
fn pane_cells(app: &App, w: u16, h: u16) -> Vec<Vec<String>> {
    let area = ratatui::layout::Rect::new(0, 0, w, h);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    nnlab::tui::panes::exercises::render(
        &app.exercises,
        &app.overlay.mode,
        app.theme(),
        area,
        &mut buf,
    );
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect())
        .collect()
}

/// The chart's axis labels as drawn: (y labels bottom to top, x labels left to right), read
/// off the screen around the axes' corner (a `└` above the pane's bottom border).
fn drawn_axis_labels(cells: &[Vec<String>]) -> Option<(Vec<String>, Vec<String>)> {
    let last = cells.len().checked_sub(1)?;
    let (cy, cx) = (1..last).find_map(|y| {
        let row = &cells[y];
        (1..row.len() - 1)
            .find(|&x| row[x] == "└" && row[x + 1] == "─")
            .map(|x| (y, x))
    })?;
    // Left of the y axis up to the detail block's border; right of it, the plot.
    let left = (0..cx).rev().find(|&x| cells[cy][x] == "│")? + 1;
    let right = (cx..cells[cy].len()).find(|&x| cells[cy + 1][x] == "│")?;
    let text = |y: usize, a: usize, b: usize| cells[y][a..b].concat();
    // Up the y axis from the corner: the bottom label first.
    let mut y_labels = Vec::new();
    let mut y = cy;
    while y > 0 && cells[y - 1][cx] == "│" {
        y -= 1;
        let t = text(y, left, cx).trim().to_string();
        if !t.is_empty() {
            y_labels.push(t);
        }
    }
    let x_labels = text(cy + 1, left, right)
        .split_whitespace()
        .map(str::to_string)
        .collect();
    Some((y_labels, x_labels))
}

/// The place of the last digit a label writes (10^place): -2 for "0.25", 1 for "150" (its
/// trailing zeros are not digits of precision), -47 for "2.51e-46"; None for "0".
fn last_place(label: &str) -> Option<i32> {
    let (mantissa, exponent) = match label.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().ok()?),
        None => (label, 0),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if digits.chars().all(|c| c == '0') {
        return None;
    }
    let decimals = mantissa.split_once('.').map_or(0, |(_, d)| d.len()) as i32;
    let trailing = if mantissa.contains('.') {
        0
    } else {
        (digits.len() - digits.trim_end_matches('0').len()) as i32
    };
    Some(exponent - decimals + trailing)
}

/// What is wrong with one axis's labels, as messages: a label that is no number, digits finer
/// than a tenth of the spacing needs (with one place of slack for rounding), trailing zeros
/// after a point, decimals on an epoch axis, or a near-zero foot not written as 0.
fn axis_faults(labels: &[String], epochs: bool, ctx: &str) -> Vec<String> {
    let mut bad = Vec::new();
    let values: Vec<f64> = labels.iter().filter_map(|l| l.parse().ok()).collect();
    if labels.len() < 2 || values.len() != labels.len() {
        return vec![format!("{ctx}: axis labels {labels:?} are not all numbers")];
    }
    let spacing = (values[values.len() - 1] - values[0]).abs() / (values.len() - 1) as f64;
    let needed = (spacing / 10.0).log10().floor() as i32 - 1;
    for l in labels {
        if let Some(place) = last_place(l)
            && place < needed
        {
            bad.push(format!(
                "{ctx}: {l:?} has digits to 10^{place}, spacing {spacing} needs 10^{needed}"
            ));
        }
        let mantissa = l.split('e').next().unwrap_or_default();
        if mantissa.contains('.') && mantissa.ends_with('0') {
            bad.push(format!("{ctx}: {l:?} ends in zeros after the point"));
        }
        if epochs && (l.contains('.') || l.contains('e')) {
            bad.push(format!("{ctx}: epoch label {l:?} is not a whole number"));
        }
    }
    if values[0].abs() < spacing / 100.0 && labels[0] != "0" {
        bad.push(format!(
            "{ctx}: the foot {:?} of a range from ~0",
            labels[0]
        ));
    }
    bad
}

/// Every exercise's chart, at its defaults and with each input moved, at 80x24, 120x40 and
/// 200x60: its axes are labelled to the precision their spacing needs.
#[test]
fn every_exercise_chart_labels_its_axes_for_what_they_are() {
    let mut app = trained_app("slowdown", 0);
    app.tab = Tab::Exercises;
    let mut failures = Vec::new();
    let mut charts = 0;
    for (k, ex) in registry().iter().enumerate() {
        let mut cases = vec![None];
        cases.extend((0..ex.inputs().len()).map(Some));
        for case in cases {
            app.exercises = nnlab::tui::exercises::ExerciseState::new();
            app.exercises.selected = k;
            if let Some(i) = case {
                app.exercises.set_input(i, other_value(&ex.inputs()[i]));
            }
            let Some(chart) = app.exercises.outcomes[k].chart.clone() else {
                continue;
            };
            let epochs = chart.x_label.contains("epoch");
            for (w, h) in [(80, 24), (120, 40), (200, 60)] {
                let ctx = format!(
                    "{} ({}) at {w}x{h}",
                    ex.id(),
                    case.map_or("defaults", |i| ex.inputs()[i].name)
                );
                let cells = pane_cells(&app, w, h);
                let Some((y, x)) = drawn_axis_labels(&cells) else {
                    failures.push(format!("{ctx}: no chart drawn"));
                    continue;
                };
                charts += 1;
                failures.extend(axis_faults(&x, epochs, &format!("{ctx}, x axis")));
                failures.extend(axis_faults(&y, false, &format!("{ctx}, y axis")));
            }
        }
    }
    assert!(charts >= 8 * 3, "only {charts} charts drawn");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The whole screen's bottom row: the status line.
fn status_row(app: &App, w: u16, h: u16) -> String {
    let area = ratatui::layout::Rect::new(0, 0, w, h);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    nnlab::tui::render(app, area, &mut buf);
    (0..w)
        .map(|x| buf[(x, h - 1)].symbol().to_string())
        .collect()
}

fn press(app: &mut App, code: crossterm::event::KeyCode) {
    app.on_key(crossterm::event::KeyEvent::new(
        code,
        crossterm::event::KeyModifiers::NONE,
    ));
}

/// On the Exercises tab the status line names the tab's own keys, each doing what it says
/// there, and none of the training keys (space trains the Lab's runs, not an exercise).
#[test]
fn the_exercises_status_line_names_the_keys_of_the_tab() {
    use crossterm::event::KeyCode;
    use nnlab::tui::app::Mode;
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        for on_inputs in [false, true] {
            let mut app = trained_app("slowdown", 0);
            app.hint_start_for_tests();
            press(&mut app, KeyCode::Char('2'));
            if on_inputs {
                press(&mut app, KeyCode::Tab);
            }
            assert_eq!(app.exercises.on_inputs, on_inputs);
            let ctx = format!("{w}x{h}, on the inputs: {on_inputs}");
            let status = status_row(&app, w, h);
            for training in [
                "space",
                "run/pause",
                "train",
                "n step",
                "r reset",
                "presets",
            ] {
                assert!(
                    !status.contains(training),
                    "{ctx}: {training:?} in {status:?}"
                );
            }
            let want: &[&str] = if on_inputs {
                &["↑↓ input", "←→ nudge", "Enter type", "Tab list"]
            } else {
                &["↑↓ exercise", "Tab inputs"]
            };
            for hint in want {
                assert!(status.contains(hint), "{ctx}: no {hint:?} in {status:?}");
            }
            // Each hint does what it says on this tab.
            let (selected, input) = (app.exercises.selected, app.exercises.input);
            press(&mut app, KeyCode::Down);
            if on_inputs {
                assert_eq!(app.exercises.input, input + 1, "{ctx}: ↑↓ picks an input");
                let before = app.exercises.values[selected].as_slice()[1];
                press(&mut app, KeyCode::Right);
                assert_ne!(
                    app.exercises.values[selected].as_slice()[1],
                    before,
                    "{ctx}: ←→ nudges"
                );
                press(&mut app, KeyCode::Enter);
                assert!(
                    matches!(app.overlay.mode, Mode::EditInput { .. }),
                    "{ctx}: Enter types"
                );
                press(&mut app, KeyCode::Esc);
            } else {
                assert_eq!(app.exercises.selected, selected + 1, "{ctx}: ↑↓ selects");
            }
            press(&mut app, KeyCode::Tab);
            assert_eq!(app.exercises.on_inputs, !on_inputs, "{ctx}: Tab");
            if w >= 120 {
                assert!(status.contains("PgUp/PgDn scroll"), "{ctx}: {status:?}");
                assert!(status.contains("1 lab"), "{ctx}: {status:?}");
            }
            press(&mut app, KeyCode::PageDown);
            assert!(app.exercises.scroll > 0, "{ctx}: PgDn scrolls");
            press(&mut app, KeyCode::Char('1'));
            assert_eq!(app.tab, Tab::Lab, "{ctx}: 1 goes to the lab");
        }
    }
}
