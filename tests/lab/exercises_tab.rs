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
