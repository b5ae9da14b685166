//! The lab tells the truth at every size: every built-in preset after 0, 150 and
//! All its epochs, and every exercise, drawn at 80x24, 120x40 and 200x60 with TestBackend.
//! Every number the app knows it drew must appear whole (no cut exponent, no cut run value),
//! Every multi-curve chart keeps its legend, and the sparklines share the chart's scale.

use crate::support::tui as common_tui;

use common_tui::trained_app;
use nnlab::exercises::registry;
use nnlab::format;
use nnlab::preset::BUILTIN;
use nnlab::trainer::{Event, RunState};
use nnlab::tui::app::{App, Tab};
use nnlab::tui::panes::metrics::{Scale, spark_levels, transform};
use nnlab::tui::panes::weights;
use nnlab::tui::render;
use nnlab::{Preset, Session};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

/// The screen as rows of text.
fn screen(app: &App, w: u16, h: u16) -> Vec<String> {
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    render(app, area, &mut buf);
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect())
        .collect()
}

/// A number in scientific notation whose exponent was cut: "4.248e-" or "1.2e" at a token end.
fn cut_exponents(rows: &[String]) -> Vec<String> {
    let mut bad = Vec::new();
    for row in rows {
        let c: Vec<char> = row.chars().collect();
        for i in 1..c.len() {
            if c[i] != 'e' || !c[i - 1].is_ascii_digit() {
                continue;
            }
            // A mantissa: digits (and a point) right before the e, not part of a word.
            let mut k = i - 1;
            while k > 0 && (c[k - 1].is_ascii_digit() || c[k - 1] == '.') {
                k -= 1;
            }
            if k > 0 && c[k - 1].is_alphabetic() {
                continue;
            }
            let mut j = i + 1;
            if j < c.len() && (c[j] == '-' || c[j] == '+') {
                j += 1;
            }
            let has_digits = j < c.len() && c[j].is_ascii_digit();
            let next_is_letter = i + 1 < c.len() && c[i + 1].is_alphabetic();
            if !has_digits && !next_is_letter {
                bad.push(row.clone());
            }
        }
    }
    bad
}

fn assert_whole(rows: &[String], what: &str, needle: &str, ctx: &str) {
    assert!(
        rows.iter().any(|r| r.contains(needle)),
        "{ctx}: {what} {needle:?} not drawn whole:\n{}",
        rows[rows.len().saturating_sub(62)..].join("\n")
    );
}

/// The numbers the lab knows it drew in the run rows: every run's cost at the readout epoch,
/// and its evaluation accuracy.
fn check_lab(app: &App, w: u16, h: u16, ctx: &str) {
    let rows = screen(app, w, h);
    let ctx = format!("{ctx} at {w}x{h}");
    assert!(
        cut_exponents(&rows).is_empty(),
        "{ctx}: cut exponent:\n{}",
        rows.join("\n")
    );
    assert_whole(
        &rows,
        "the epoch",
        &format!("epoch {}/{}", app.store.epoch, app.preset.epochs),
        &ctx,
    );
    let epoch = app.store.epoch as f64;
    for (run, hist) in app.preset.runs.iter().zip(&app.store.histories) {
        assert_whole(&rows, "a run label", &run.label, &ctx);
        if let Some((_, c)) = hist.cost.at(epoch) {
            assert_whole(&rows, "a run's cost", &format::short(c), &ctx);
        }
        if let Some((_, a)) = hist.accuracy.at(epoch) {
            assert_whole(
                &rows,
                "a run's accuracy",
                &format!("{:.2}%", 100.0 * a),
                &ctx,
            );
        }
        if let Some((_, c)) = hist.eval_cost.at(epoch) {
            assert_whole(&rows, "a run's eval cost", &format::short(c), &ctx);
        }
    }
}

/// Trains `name` once, checking the screen at epochs 0, 150 and the last one.
fn check_preset(name: &str) {
    let preset = Preset::load(name).expect("built-in preset");
    let mut session = Session::new(preset.clone()).expect("session");
    let mut app = App::new(preset, false);
    app.on_event(common_tui::loaded(&mut session));
    app.status = None;
    let last = session.preset.epochs;
    let checkpoints = [0, 150.min(last), last];
    for epoch in 0..=last {
        if epoch > 0 {
            let metrics = session.step();
            app.on_event(Event::Progress {
                metrics: metrics.into_iter().map(|m| vec![m]).collect(),
                epoch: session.epoch(),
                rate: 60.0,
            });
        }
        if checkpoints.contains(&epoch) {
            if epoch == last {
                app.on_event(Event::State(RunState::Finished));
            }
            for (w, h) in SIZES {
                check_lab(&app, w, h, &format!("{name} after {epoch} epochs"));
            }
        }
    }
}

#[test]
fn every_single_neuron_preset_at_every_size() {
    for (name, _) in BUILTIN {
        let p = Preset::load(name).expect("built-in");
        if p.runs.iter().all(nnlab::run::RunConfig::is_single_neuron) {
            check_preset(name);
        }
    }
}

#[test]
fn every_network_preset_at_every_size() {
    for (name, _) in BUILTIN {
        let p = Preset::load(name).expect("built-in");
        if !p.runs.iter().all(nnlab::run::RunConfig::is_single_neuron) {
            check_preset(name);
        }
    }
}

#[test]
fn every_exercise_at_every_size_scrolls_to_every_number_and_keeps_its_legend() {
    let mut app = trained_app("slowdown", 0);
    app.tab = Tab::Exercises;
    for (k, exercise) in registry().iter().enumerate() {
        app.exercises.selected = k;
        let outcome = app.exercises.outcomes[k].clone();
        for (w, h) in SIZES {
            let ctx = format!("exercise {} at {w}x{h}", exercise.id());
            // Every page of the statement and table.
            let mut all = Vec::new();
            for scroll in (0..=120).step_by(3) {
                app.exercises.scroll = scroll;
                let rows = screen(&app, w, h);
                assert!(
                    cut_exponents(&rows).is_empty(),
                    "{ctx}: cut exponent:\n{}",
                    rows.join("\n")
                );
                all.extend(rows);
            }
            app.exercises.scroll = 0;
            assert_whole(&all, "the exercise in the list", exercise.id(), &ctx);
            // Each number of each cell (a cell may be a sentence that wraps between words).
            for cell in outcome.table.rows.iter().flatten() {
                for token in cell.split_whitespace() {
                    let token = token.trim_matches(|c: char| "(),;=".contains(c));
                    if token.chars().any(|c| c.is_ascii_digit()) {
                        assert_whole(&all, "a number in a table cell", token, &ctx);
                    }
                }
            }
            assert_whole(
                &all,
                "the max error",
                &format!("{:.3e}", outcome.max_error),
                &ctx,
            );
            if let Some(chart) = &outcome.chart
                && chart.series.len() > 1
            {
                for s in &chart.series {
                    assert_whole(&all, "a legend entry", &s.name, &ctx);
                }
            }
        }
    }
}

#[test]
fn help_and_about_scroll_to_every_line_at_80x24() {
    let mut app = trained_app("slowdown", 0);
    let mut all = Vec::new();
    app.overlay.help = true;
    for scroll in 0..40 {
        app.overlay.help_scroll = scroll;
        all.extend(screen(&app, 80, 24));
    }
    for b in nnlab::tui::keys::BINDINGS
        .iter()
        .filter(|b| !b.help.is_empty())
    {
        assert_whole(&all, "a key", b.keys, "help at 80x24");
    }
    app.overlay.help = false;
    app.tab = Tab::About;
    let mut all = Vec::new();
    for scroll in 0..60 {
        app.about.scroll = scroll;
        all.extend(screen(&app, 80, 24));
    }
    assert_whole(&all, "the last equation", "Eq. (78)-(82)", "about at 80x24");
}

#[test]
fn slowdown_quadratic_sparkline_stays_above_the_height_of_80_percent() {
    // At epoch 150 the quadratic run is still at about 90% of its starting cost: its
    // sparkline, on the chart's scale, must never drop below the height of C/C0 = 0.8.
    let app = trained_app("slowdown", 150);
    assert!(
        app.lab.normalized,
        "slowdown compares two costs: C/C0 by default"
    );
    let scale = Scale::of(&app.lab_view());
    let floor = scale.level(transform(&app.lab_view(), 0.8, Some(1.0)));
    let quadratic = app
        .preset
        .runs
        .iter()
        .position(|r| r.label.contains("quadratic"))
        .expect("a quadratic run");
    for width in [20, 37, 80] {
        let levels = spark_levels(&app.lab_view(), quadratic, width, &scale);
        let drawn: Vec<u64> = levels.iter().flatten().copied().collect();
        assert!(
            drawn.len() >= width / 2 - 1,
            "half the planned epochs are drawn: {levels:?}"
        );
        assert!(
            drawn.iter().all(|&l| l >= floor),
            "width {width}: a column below C/C0 = 0.8 (level {floor}): {levels:?}"
        );
        // The second half of the planned epochs is not drawn yet: the frame is fixed.
        assert!(levels[width - 1].is_none(), "{levels:?}");
    }
    // And the cross-entropy run, at a few % of its start, draws near the floor on the same scale.
    let ce = 1 - quadratic;
    let levels = spark_levels(&app.lab_view(), ce, 40, &scale);
    let newest = levels.iter().flatten().last().copied().expect("drawn");
    assert!(
        newest < floor / 4,
        "cross-entropy at epoch 150: {newest} vs {floor}"
    );
}

#[test]
fn multi_input_neuron_w3_is_flat_and_w1_moves_most() {
    let app = trained_app("multi-input-neuron", 300);
    assert!(
        app.lab.params_view,
        "its lesson is the weights: the view is on by default"
    );
    for run in 0..app.preset.runs.len() {
        let curves = weights::param_curves(&app.lab_view(), run);
        let names: Vec<&str> = curves.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["a", "w1", "w2", "w3", "b"]);
        let travel = |k: usize| {
            let c = &curves[k].1;
            let first = c[0].1;
            c.iter().map(|p| (p.1 - first).abs()).fold(0.0, f64::max)
        };
        let w3 = &curves[3].1;
        assert_eq!(w3.last().map(|p| p.0), Some(300.0));
        assert!(
            w3.iter().all(|p| p.1 == w3[0].1),
            "x3 = 0: w3 never moves (Eq. 61): {w3:?}"
        );
        assert!(
            travel(1) > travel(2) && travel(2) > travel(3),
            "w1 moves most, then w2: {} {} {}",
            travel(1),
            travel(2),
            travel(3)
        );
    }
    // And the screen shows the three weights of both runs.
    let rows = screen(&app, 80, 24);
    for name in ["w1 ", "w2 ", "w3 1.0000"] {
        assert_whole(&rows, "a weight", name, "multi-input-neuron at 80x24");
    }
}

#[test]
fn the_cursor_drives_the_neuron_pane_and_the_parameters_view() {
    let mut app = trained_app("multi-input-neuron", 300);
    app.lab.cursor = Some(50.0);
    let rows = screen(&app, 140, 45);
    let (_, n) = app.store.histories[0].neuron.at(50.0).expect("stored");
    assert_whole(&rows, "the cursor epoch", "cursor epoch 50", "cursor");
    assert_whole(
        &rows,
        "w1 at the cursor",
        &format!("w1 {}", format::short(n.w[0])),
        "cursor",
    );
    assert_whole(&rows, "z at the cursor", &format::short(n.z), "cursor");
    let (_, now) = app.store.histories[0].neuron.at(300.0).expect("stored");
    assert!(
        !rows
            .iter()
            .any(|r| r.contains(&format!("w1 {}", format::short(now.w[0])))),
        "the newest w1 must not show while the cursor is at 50"
    );
}

#[test]
fn book_demo_runs_show_the_step_they_take_beside_the_gradient() {
    let app = trained_app("book-demo-rule", 0);
    let rows = screen(&app, 140, 45);
    // At w = b = 2, a = sigma(4) = 0.98201: the step is dC/da = 1/(1 - a) = 55.598, the
    // gradient dC/db = a = 0.98201 (Eq. 61-62 and 75 with x = 1, y = 0).
    let a = 1.0 / (1.0 + (-4.0f64).exp());
    assert_whole(
        &rows,
        "the step",
        &format::short(1.0 / (1.0 - a)),
        "book-demo",
    );
    assert_whole(&rows, "its label", "taken: dC/da", "book-demo");
    assert_whole(&rows, "the gradient", &format::short(a), "book-demo");
    assert_whole(&rows, "its label", "gradient", "book-demo");
}

#[test]
fn classification_views_show_eval_accuracy_eval_cost_and_the_split() {
    let app = trained_app("multilayer-cross-entropy", 20);
    let rows = screen(&app, 120, 40);
    let text = rows.join("\n");
    assert!(text.contains("eval acc"), "{text}");
    assert!(text.contains("train acc"), "{text}");
    assert!(
        text.contains("accuracy %, line: train  dots: eval"),
        "an accuracy chart with its key: {text}"
    );
    assert!(
        text.contains("line: train  dots: eval"),
        "the accuracy chart's key: {text}"
    );
    let h = &app.store.histories[0];
    let train_acc = h.train_accuracy.last().expect("train accuracy").1;
    assert_whole(
        &rows,
        "train accuracy",
        &format!("train acc {:.2}%", 100.0 * train_acc),
        "readout",
    );
    assert!(app.lab.log_scale, "networks open on a log cost axis");
    let (train, eval) = app.store.split;
    let split = match eval {
        Some(e) => format!("train {train} · eval {e} held out"),
        None => format!("{train} examples, no held-out set"),
    };
    assert_whole(&rows, "the split", &split, "header");
}

#[test]
fn status_messages_expire_or_are_superseded_and_divergence_says_why() {
    use nnlab::tui::app::{ERROR_FOR, INFO_FOR};
    use std::time::Duration;
    let mut app = trained_app("slowdown", 0);
    app.hint_start_for_tests();
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("press space"))
    );
    // Superseded: training starts.
    app.on_event(Event::State(RunState::Running));
    assert!(
        app.status.is_none(),
        "the hint to press space goes when training starts"
    );
    // Expires: information after INFO_FOR, errors after ERROR_FOR.
    app.on_event(Event::Error("refused".into()));
    let posted = app.status.as_ref().map(|s| s.posted).expect("an error");
    assert!(!app.tick(posted + INFO_FOR + Duration::from_secs(1)));
    assert!(app.tick(posted + ERROR_FOR + Duration::from_secs(1)));
    assert!(app.status.is_none());
    // A run whose weights passed 1e4 (finite) says so, with the engine's value, in the status
    // line and in its run readout.
    let text = nnlab::preset::BUILTIN
        .iter()
        .find(|(n, _)| *n == "slowdown")
        .map(|(_, s)| s.replacen("eta: 0.15", "eta: 1000000.0", 1))
        .expect("slowdown");
    let preset = nnlab::Preset::parse(&text, "huge.ron").expect("preset");
    let mut session = nnlab::Session::new(preset.clone()).expect("session");
    let mut app = App::new(preset, false);
    app.on_event(crate::support::tui::loaded(&mut session));
    let metrics = session.step();
    app.on_event(Event::Progress {
        metrics: metrics.into_iter().map(|m| vec![m]).collect(),
        epoch: 1,
        rate: 0.0,
    });
    let d = session.runs[0]
        .diverged
        .clone()
        .expect("eta = 1e6 diverges");
    let why = d.why.to_string();
    assert!(
        why.starts_with("w = ") && why.ends_with("|w| > 1e4"),
        "{why}"
    );
    app.on_event(Event::Diverged(0, d));
    let text = app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(
        text.contains(&format!("diverged at epoch 1: {why}")),
        "{text}"
    );
    assert!(!text.contains("not finite"), "{text}");
    let area = ratatui::layout::Rect::new(0, 0, 120, 40);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    nnlab::tui::render(&app, area, &mut buf);
    let screen: String = (0..40)
        .map(|y| (0..120).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
        .collect();
    assert!(screen.contains(&why), "the run readout says why:\n{screen}");
}

#[test]
fn saved_presets_are_named_after_the_file_and_say_where_they_came_from() {
    let app = trained_app("slowdown", 0);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("my-slowdown.ron");
    let mut app = app;
    app.save(&path, false);
    let saved = Preset::load(path.to_str().expect("utf-8 path")).expect("reopens");
    assert_eq!(saved.name, "my-slowdown");
    assert!(
        saved.description.contains("\"slowdown\""),
        "{}",
        saved.description
    );
    assert_eq!(saved.runs.len(), 2);
}

#[test]
fn mnist_lesson_strip_says_what_its_accuracy_was_measured_on() {
    let app = trained_app("mnist-side-by-side", 2);
    let (train, eval) = app.store.split;
    assert_eq!((train, eval), (8000, Some(2000)), "the shipped split");
    for (w, h) in [(80, 24), (140, 45)] {
        let rows = screen(&app, w, h);
        for (run, book) in [(0, "95.49%"), (1, "95.42%")] {
            let label = &app.preset.runs[run].label;
            let (_, a) = app.store.histories[run].accuracy.last().expect("measured");
            assert_whole(
                &rows,
                "the run's accuracy beside the book's",
                &format!("{label} eval {:.2}% (book {book})", 100.0 * a),
                &format!("{w}x{h}"),
            );
        }
        assert_whole(
            &rows,
            "the split behind the numbers",
            "eval on 2,000 images after training on 8,000; book: 10,000 after 50,000",
            &format!("{w}x{h}"),
        );
    }
}

#[test]
fn no_text_is_drawn_over_the_curves() {
    // slowdown's runs start at C/C0 = 1, the top of the chart, and the cross-entropy ends at
    // the bottom right: axis titles drawn inside the plot ("C/C0", "epoch") hid both ends.
    let app = trained_app("slowdown", 300);
    for (w, h) in SIZES {
        let rows = screen(&app, w, h);
        // The plot rows: the y axis's line at column 6 ("│1.05 │", "│     │", "│0    │").
        let plot: Vec<String> = rows
            .iter()
            .filter(|r| r.chars().nth(6) == Some('│') && r.starts_with('│'))
            .map(|r| r.chars().skip(7).take_while(|c| *c != '│').collect())
            .collect();
        assert!(
            plot.len() >= 8,
            "{w}x{h}: no chart found:\n{}",
            rows.join("\n")
        );
        for row in &plot {
            assert!(
                !row.chars().any(char::is_alphabetic),
                "{w}x{h}: text over the curves: {row:?}"
            );
        }
        let braille = |c: char| ('\u{2800}'..='\u{28ff}').contains(&c);
        assert!(
            plot.iter().any(|r| r.chars().next().is_some_and(braille)),
            "{w}x{h}: the curves' first epochs are not drawn"
        );
        assert!(
            rows.iter().any(|r| r.contains("300 epochs")),
            "{w}x{h}: the epoch axis names its unit"
        );
    }
}

/// Where the book's figure is its animation's curve (the book-demo step) and the preset runs
/// the true gradient, the Lab screen itself says so at 80x24: what the book shows, what this
/// run is (at the preset's own eta) and how to see the book's curve.
#[test]
fn the_lab_says_where_a_preset_differs_from_the_books_animation() {
    for name in ["cross-entropy-saturated", "cross-entropy-mild"] {
        let app = trained_app(name, 300);
        let eta = nnlab::format::brief(app.preset.runs[0].eta);
        for (w, h) in [(80, 24), (120, 40)] {
            // The rows as flowing text (a phrase may wrap between two rows).
            let rows = screen(&app, w, h);
            let shown: Vec<&str> = rows.iter().map(|r| r.trim()).collect();
            let shown = shown.join(" ");
            for want in [
                "book: learns fast".to_string(),
                format!("the true gradient, eta {eta}"),
                format!("{name}-book-demo"),
            ] {
                assert!(
                    shown.contains(&want),
                    "{name} at {w}x{h}: no {want:?}\n{shown}"
                );
            }
        }
    }
    // The book-demo presets are the book's curve: no such note.
    let app = trained_app("cross-entropy-saturated-book-demo", 300);
    assert!(
        !screen(&app, 120, 40)
            .join("\n")
            .contains("the book's curve: p")
    );
}

/// Every chart's epoch axis ends with the plan's epochs, whole ("300 epochs", never "00
/// epochs"), on every built-in preset and size, the parameters view's charts included.
#[test]
fn every_epoch_axis_label_is_whole() {
    for (name, _) in nnlab::preset::BUILTIN {
        let mut app = trained_app(name, 0);
        let plan = app.preset.epochs.to_string();
        for params_view in [false, true] {
            app.lab.params_view = params_view;
            for (w, h) in [(80, 24), (120, 40), (200, 60)] {
                let rows = screen(&app, w, h);
                for row in &rows {
                    for (i, _) in row.match_indices(" epochs") {
                        // An axis's last label ends its pane's row (a border or the edge).
                        let after = row[i + " epochs".len()..].trim_start();
                        if !(after.is_empty() || after.starts_with('│')) {
                            continue;
                        }
                        let before: String = row[..i]
                            .chars()
                            .rev()
                            .take_while(char::is_ascii_digit)
                            .collect::<Vec<_>>()
                            .into_iter()
                            .rev()
                            .collect();
                        if before.is_empty() {
                            continue; // words, not an axis ("after 300 epochs" has its digits)
                        }
                        assert_eq!(
                            before,
                            plan,
                            "{name} at {w}x{h} (parameters view {params_view}): a cut axis label in {row:?}\n{}",
                            rows.join("\n")
                        );
                    }
                }
            }
        }
    }
}

/// The gradient pane's footnote cites the output error of the (output layer, cost) pairs the
/// preset runs: Eq. 68 for linear outputs, Eq. 84 for softmax with the log-likelihood, not the
/// sigmoid's Eq. 65-66 everywhere.
#[test]
fn the_output_error_footnote_cites_the_presets_own_equations() {
    for (name, want, not) in [
        (
            "linear-output-quadratic",
            vec!["(Eq. 68)", "(Eq. 65)"],
            "(Eq. 66)",
        ),
        (
            "softmax-log-likelihood",
            vec!["(Eq. 84)", "(Eq. 66)"],
            "(Eq. 65)",
        ),
        (
            "multilayer-cross-entropy",
            vec!["(Eq. 65)", "(Eq. 66)"],
            "(Eq. 84)",
        ),
    ] {
        let app = trained_app(name, 1);
        let rows = screen(&app, 200, 60);
        let shown: Vec<&str> = rows.iter().map(|r| r.trim()).collect();
        let shown = shown.join(" ").replace('\u{a0}', " ");
        for w in want {
            assert!(shown.contains(w), "{name}: no {w}\n{}", rows.join("\n"));
        }
        assert!(
            !shown.contains(not),
            "{name}: cites {not}\n{}",
            rows.join("\n")
        );
    }
}

/// The start hint belongs to the Lab tab: the Exercises and About tabs show their keys instead.
#[test]
fn the_start_hint_shows_on_the_lab_tab_only() {
    use nnlab::tui::app::Tab;
    let mut app = trained_app("slowdown", 0);
    app.hint_start_for_tests();
    assert!(
        screen(&app, 80, 24)
            .join("\n")
            .contains("press space to train")
    );
    for tab in [Tab::Exercises, Tab::About] {
        app.tab = tab;
        let shown = screen(&app, 80, 24).join("\n");
        assert!(!shown.contains("press space to train"), "{tab:?}:\n{shown}");
    }
}

/// About says what Eq. 57 averages over: the training examples, not a neuron's inputs (the
/// confusion one of the section's reader threads asks about).
#[test]
fn about_says_the_cross_entropy_averages_over_training_examples() {
    use nnlab::tui::app::Tab;
    let mut app = trained_app("slowdown", 0);
    app.tab = Tab::About;
    let rows = screen(&app, 200, 60);
    let shown: Vec<&str> = rows.iter().map(|r| r.trim()).collect();
    let shown = shown.join(" ");
    assert!(
        shown.contains("averaged over the n training examples"),
        "{shown}"
    );
    assert!(!shown.contains("over the inputs"), "{shown}");
}

/// The eighths a bar of `█▏▎▍▌▋▊▉` cells draws.
fn bar_eighths(bar: &str) -> usize {
    bar.chars()
        .map(|c| match c {
            '█' => 8,
            '▏' => 1,
            '▎' => 2,
            '▍' => 3,
            '▌' => 4,
            '▋' => 5,
            '▊' => 6,
            '▉' => 7,
            _ => 0,
        })
        .sum()
}

/// The neuron pane's bar rows on a screen: (name, value, eighths drawn).
fn bar_rows(rows: &[String]) -> Vec<(String, f64, usize)> {
    const NAMES: [&str; 8] = [
        "a=σ(z)", "σ'(z)", "|dC/dw|", "dC/dw", "dC/db", "|step w|", "step w", "step b",
    ];
    let mut out = Vec::new();
    for row in rows {
        for name in NAMES {
            let Some(i) = row.find(&format!("│  {name} ")) else {
                continue;
            };
            let rest = &row[i + "│  ".len() + name.len()..];
            let mut words = rest.split_whitespace();
            let Some(value) = words.next().and_then(|v| v.parse::<f64>().ok()) else {
                continue;
            };
            let bar: String = rest
                .trim_start()
                .trim_start_matches(|c: char| !c.is_whitespace())
                .trim_start()
                .chars()
                .take_while(|c| "█▏▎▍▌▋▊▉".contains(*c))
                .collect();
            out.push((name.to_string(), value, bar_eighths(&bar)));
            break;
        }
    }
    out
}

/// The neuron pane's bars share one scale, printed, for the whole run: equal values draw equal
/// bars, a bar is as long as its value says, and the cursor's epoch does not change the scale.
#[test]
fn the_neuron_panes_bars_share_one_scale_for_the_whole_run() {
    for name in [
        "slowdown",
        "book-demo-rule",
        "cross-entropy-saturated",
        "quadratic-mild",
        "multi-input-neuron",
    ] {
        let mut app = trained_app(name, 300);
        let mut per_eighth: Option<f64> = None;
        let mut scales = Vec::new();
        for cursor in [Some(0.0), Some(150.0), None] {
            app.lab.cursor = cursor;
            let rows = screen(&app, 200, 60);
            let scale = rows
                .iter()
                .find_map(|r| r.split("bars: one scale, 0 – ").nth(1))
                .and_then(|r| r.split_whitespace().next())
                .unwrap_or_else(|| panic!("{name}: the scale is printed\n{}", rows.join("\n")))
                .to_string();
            scales.push(scale);
            let bars = bar_rows(&rows);
            assert!(
                bars.len() >= 4,
                "{name}: bars {bars:?}\n{}",
                rows.join("\n")
            );
            for (row, value, eighths) in &bars {
                // Value per eighth of a cell, the same for every row and epoch (within the
                // rounding of one eighth and of the four printed decimals).
                if *eighths >= 8 {
                    let here = value.abs() / *eighths as f64;
                    let unit = *per_eighth.get_or_insert(here);
                    assert!(
                        (here / unit - 1.0).abs() < 0.15,
                        "{name} at {cursor:?}: {row} {value} draws {eighths} eighths, {here} a unit against {unit}"
                    );
                }
            }
            for (r1, v1, e1) in &bars {
                for (r2, v2, e2) in &bars {
                    if v1 == v2 {
                        assert_eq!(e1, e2, "{name} at {cursor:?}: {r1} and {r2} are both {v1}");
                    }
                }
            }
        }
        assert!(
            scales.windows(2).all(|w| w[0] == w[1]),
            "{name}: scales {scales:?}"
        );
    }
}

/// The tabs are named wherever the header has room for them once the data split, the speed and
/// the seed have gone: at 80 columns on `slowdown`, and on every preset at 120.
#[test]
fn the_tabs_are_named_at_ordinary_widths() {
    let app = trained_app("slowdown", 0);
    let header = screen(&app, 80, 24)[0].clone();
    assert!(
        header.contains("2 Exercises") && header.contains("3 About"),
        "{header}"
    );
    for (name, _) in nnlab::preset::BUILTIN {
        let app = trained_app(name, 0);
        let header = screen(&app, 120, 40)[0].clone();
        assert!(
            header.contains("1 Lab")
                && header.contains("2 Exercises")
                && header.contains("3 About"),
            "{name}: {header}"
        );
        assert!(
            header.contains(&format!("epoch 0/{}", app.preset.epochs)),
            "{name}: {header}"
        );
    }
}

/// The lesson strip's "now" reads in the chart's own terms: on quadratic-saturated's C chart
/// it gives C and its share of C0; after `c` (C/C0) it gives C/C0.
#[test]
fn the_book_line_reads_in_the_charts_terms() {
    let mut app = trained_app("quadratic-saturated", 100);
    assert!(!app.lab.normalized, "quadratic-saturated opens on C");
    let rows = screen(&app, 120, 40);
    let strip = rows
        .iter()
        .find(|r| r.contains("book:"))
        .expect("book line");
    assert!(
        strip.contains("% of C0") && !strip.contains("C/C0"),
        "{strip}"
    );
    assert!(
        rows.iter().any(|r| r.contains("y axis C ")
            || r.contains("y axis C\u{a0}")
            || r.contains("y axis C  ")),
        "{}",
        rows.join("\n")
    );
    app.lab.normalized = true;
    let rows = screen(&app, 120, 40);
    let strip = rows
        .iter()
        .find(|r| r.contains("book:"))
        .expect("book line");
    assert!(strip.contains("quadratic C/C0"), "{strip}");
}

/// `v` on a network: the sigma view says why it has no marks (a z per neuron), at every size
/// where it is drawn, instead of a bare curve.
#[test]
fn the_sigma_view_on_a_network_says_why_it_has_no_marks() {
    for name in ["multilayer-cross-entropy", "softmax-log-likelihood"] {
        let mut app = trained_app(name, 5);
        app.lab.views.lower = nnlab::tui::lab::Lower::Sigma;
        for (w, h) in SIZES {
            let rows = screen(&app, w, h).join("\n");
            assert!(rows.contains("σ"), "{name} {w}x{h}:\n{rows}");
            assert!(
                rows.contains("no marks: each of this"),
                "{name} {w}x{h}:\n{rows}"
            );
        }
    }
}

/// Every "mine" in `rows` goes on as "mine (book-demo)" (on its row or, wrapped, the next).
fn untagged(rows: &[String], name: &str) -> Vec<String> {
    let mut bad = Vec::new();
    for (y, row) in rows.iter().enumerate() {
        for (at, _) in row.match_indices(name) {
            let rest = row[at + name.len()..].trim_end();
            let next = rows.get(y + 1).map_or("", |r| r.trim_start());
            let tagged = rest.starts_with(" (book-demo)")
                || (rest.is_empty() && next.starts_with("(book-demo)"));
            if !tagged {
                bad.push(row.trim_end().to_string());
            }
        }
    }
    bad
}

#[test]
fn a_book_demo_run_says_so_wherever_it_shows_whatever_its_label() {
    use nnlab::tui::lab::views::Lower;
    // A user's copy of book-demo-rule with neutral labels: nothing in "mine" says book-demo.
    let src = std::fs::read_to_string("presets/book-demo-rule.ron")
        .expect("preset")
        .replace("\"cross-entropy (gradient)\"", "\"true\"")
        .replace("\"cross-entropy (book-demo)\"", "\"mine\"");
    let preset = Preset::parse(&src, "mine.ron").expect("parses");
    let mut session = Session::new(preset.clone()).expect("session");
    let mut app = App::new(preset, false);
    app.on_event(common_tui::loaded(&mut session));
    for _ in 0..40 {
        let metrics = session.step();
        app.on_event(Event::Progress {
            metrics: metrics.into_iter().map(|m| vec![m]).collect(),
            epoch: session.epoch(),
            rate: 60.0,
        });
    }
    app.status = None;
    let mut shown = 0;
    for lower in Lower::ALL {
        for params in [false, true] {
            app.lab.views.lower = lower;
            app.lab.params_view = params;
            for (w, h) in [(80, 24), (120, 40), (200, 60)] {
                let rows = screen(&app, w, h);
                let ctx = format!("{lower:?}, params {params}, {w}x{h}");
                assert_eq!(untagged(&rows, "mine"), Vec::<String>::new(), "{ctx}");
                shown += rows
                    .iter()
                    .filter(|r| r.contains("mine (book-demo)"))
                    .count();
            }
        }
    }
    assert!(
        shown >= 24,
        "the run shows on every screen, tagged: {shown} rows"
    );
}

#[test]
fn the_neuron_pane_s_more_hint_names_the_keys_that_work_from_where_the_focus_is() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use nnlab::tui::lab::Focus;
    // book-demo-rule at 80x24: one run's readout fits, the book-demo run is below it.
    let mut app = trained_app("book-demo-rule", 0);
    let neuron_rows = |app: &App| -> Vec<String> {
        screen(app, 80, 24)
            .iter()
            .map(|r| r.chars().skip(46).collect::<String>())
            .collect()
    };
    let hint = |app: &App| {
        neuron_rows(app)
            .into_iter()
            .find(|r| r.contains("↓ more"))
            .expect("the pane says more is below")
    };
    assert_ne!(app.lab.focus, Focus::Neuron);
    assert!(hint(&app).contains("Tab here"), "{}", hint(&app));
    // Do what it says: Tab until the pane has the focus, then ↓.
    let key = |app: &mut App, code| app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
    for _ in 0..3 {
        if app.lab.focus == Focus::Neuron {
            break;
        }
        key(&mut app, KeyCode::Tab);
    }
    assert_eq!(app.lab.focus, Focus::Neuron);
    assert!(!hint(&app).contains("Tab"), "{}", hint(&app));
    key(&mut app, KeyCode::Down);
    assert!(
        neuron_rows(&app)
            .iter()
            .any(|r| r.contains("▶ cross-entropy (book-demo)")),
        "↓ picked the book-demo run: {:#?}",
        neuron_rows(&app)
    );
    // and the step it takes (dC/da = 1/(1 - a) = 55.598 at a = sigma(4)) is in view, not the
    // part "more" hides
    let rows = neuron_rows(&app);
    let step = rows
        .iter()
        .position(|r| r.contains("step w"))
        .expect("step w shown");
    let more = rows
        .iter()
        .position(|r| r.contains("↓ more"))
        .expect("more");
    assert!(step < more && rows[step].contains("55.5982"), "{rows:#?}");
}
