//! Tour mode on the app state, without a terminal: the keys (predict, next, previous, judge),
//! The trace kept from the trainer's events, the judgement when the run finishes, and the
//! Progress file written on the way.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use nnlab::preset::Preset;
use nnlab::run::session::Session;
use nnlab::tour::{Given, Progress, Tour};
use nnlab::trainer::{Command, Event, Loaded, RunState};
use nnlab::tui::app::{App, Focus, Tab};
use nnlab::tui::lab::Lower;
use nnlab::tui::tour::{Place, TourState, place};

fn press(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typ(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// A lab in tour mode at step `step` with its progress in `dir`.
fn tour_app(dir: &std::path::Path, step: usize) -> App {
    let tour = Tour::builtin().expect("tour");
    let path = Progress::path(dir, &tour.name);
    let progress = Progress {
        current: step,
        ..Progress::default()
    };
    let state = TourState::new(tour, None, progress, Some(path), None);
    let preset = state.tour.step_preset(step, None).expect("preset");
    let mut app = App::new(preset, false);
    app.start_tour(state);
    app
}

/// Plays what the trainer would send for `preset` trained to the end, `every`-th epoch only.
fn play(app: &mut App, preset: &Preset, every: u64) {
    let mut session = Session::new(preset.clone()).expect("session");
    let metrics = session.metrics();
    app.on_event(Event::Loaded(Box::new(Loaded {
        preset: preset.clone(),
        metrics,
        input_dim: 1,
        data_summary: String::new(),
        split: (1, None),
        digits: None,
        baselines: nnlab::metrics::reading::Baselines::default(),
        first_example: None,
    })));
    app.on_event(Event::State(RunState::Running));
    while !session.finished() {
        let m = session.step();
        if session.epoch().is_multiple_of(every) || session.finished() {
            app.on_event(Event::Progress {
                metrics: m.into_iter().map(|m| vec![m]).collect(),
                epoch: session.epoch(),
                rate: 0.0,
            });
        }
    }
    app.on_event(Event::State(RunState::Finished));
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

#[test]
fn a_choice_is_predicted_with_a_letter_and_judged_when_the_run_finishes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = tour_app(dir.path(), 4); // both-costs: slowdown
    assert_eq!(app.outbox.len(), 1, "the step's preset goes to the trainer");
    assert!(matches!(&app.outbox[0], Command::Load(p) if p.name == "slowdown"));
    assert_eq!((app.tab, app.lab.focus), (Tab::Lab, Focus::Metrics));

    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Char('z')); // not an option
    assert!(
        app.status.as_ref().is_some_and(|s| s.error),
        "{}",
        status(&app)
    );
    assert!(app.tour_takes_keys(), "still waiting for an option");
    press(&mut app, KeyCode::Char('b'));
    assert!(!app.tour_takes_keys());
    assert!(status(&app).contains("prediction saved"));

    let preset = app.preset.clone();
    play(&mut app, &preset, 1);
    let t = app.tour.as_ref().expect("tour");
    let g = t.grade.as_ref().expect("judged when the run finished");
    assert!(g.right, "{}", g.text);
    assert!(
        status(&app).contains("Prediction right"),
        "{}",
        status(&app)
    );

    // The progress file on disk says so.
    let (p, note) = Progress::load(t.progress_path.as_ref().expect("path"));
    assert!(note.is_none());
    let s = &p.steps["both-costs"];
    assert_eq!(
        (s.done, s.answer, s.right),
        (true, Some(Given::Choice(1)), Some(true))
    );
}

#[test]
fn the_judgement_uses_the_labs_run_with_the_learners_settings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = tour_app(dir.path(), 4);
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Char('b'));
    // The learner speeds the quadratic run up and slows the cross-entropy down.
    let mut changed = app.preset.clone();
    changed.runs[0].eta = 4.0;
    changed.runs[1].eta = 0.001;
    app.preset = changed.clone();
    play(&mut app, &changed, 1);
    let t = app.tour.as_ref().expect("tour");
    let g = t.grade.as_ref().expect("judged");
    assert!(!g.right, "{}", g.text);
    assert!(
        g.text.contains("the run says the quadratic run"),
        "{}",
        g.text
    );
    assert!(g.text.contains("eta 0.15 -> 4"), "{}", g.text);
}

#[test]
fn a_number_is_typed_checked_and_a_thinned_report_is_said() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = tour_app(dir.path(), 1); // saturated-quadratic: epochs above C/C0 = 0.9
    press(&mut app, KeyCode::Char('a'));
    typ(&mut app, "lots");
    press(&mut app, KeyCode::Enter);
    assert!(
        app.status.as_ref().is_some_and(|s| s.error),
        "{}",
        status(&app)
    );
    for _ in 0..4 {
        press(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "150");
    press(&mut app, KeyCode::Enter);
    assert!(!app.tour_takes_keys());
    // Keys typed into the answer did not reach the lab ('l' would toggle the log axis).
    assert!(!app.lab.log_scale);

    let preset = app.preset.clone();
    play(&mut app, &preset, 4);
    let t = app.tour.as_ref().expect("tour");
    let j = t.judgement.as_ref().expect("judged");
    assert!(
        j.happened
            .iter()
            .any(|h| h.contains("faster than the lab reports")),
        "{:?}",
        j.happened
    );
    // Reported every 4th epoch, the first reported epoch below 0.9 is a multiple of 4.
    assert!(j.happened[0].contains("at epoch 152"), "{:?}", j.happened);
    assert!(t.grade.as_ref().expect("grade").right);
}

#[test]
fn next_previous_verdict_and_hide() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = tour_app(dir.path(), 0);
    app.outbox.clear();
    press(&mut app, KeyCode::Char('<'));
    assert!(status(&app).contains("first step"));
    assert!(app.outbox.is_empty());
    press(&mut app, KeyCode::Char('>'));
    assert_eq!(app.tour.as_ref().expect("tour").step, 1);
    assert!(matches!(&app.outbox[0], Command::Load(p) if p.name == "quadratic-saturated"));
    press(&mut app, KeyCode::Char('.'));
    press(&mut app, KeyCode::Char(','));
    assert_eq!(app.tour.as_ref().expect("tour").step, 1);
    // The step moved is saved at once.
    let path = app
        .tour
        .as_ref()
        .and_then(|t| t.progress_path.clone())
        .expect("path");
    assert_eq!(Progress::load(&path).0.current, 1);

    // v before any epoch: the question cannot be judged yet, and says why.
    let preset = app.preset.clone();
    app.on_event(Event::Loaded(Box::new(Loaded {
        preset: preset.clone(),
        metrics: Session::new(preset).expect("s").metrics(),
        input_dim: 1,
        data_summary: String::new(),
        split: (1, None),
        digits: None,
        baselines: nnlab::metrics::reading::Baselines::default(),
        first_example: None,
    })));
    press(&mut app, KeyCode::Char('f'));
    let t = app.tour.as_ref().expect("tour");
    let j = t.judgement.as_ref().expect("judged on epoch 0");
    assert!(
        j.happened.iter().any(|h| h.contains("so far")),
        "{:?}",
        j.happened
    );

    press(&mut app, KeyCode::Char('t'));
    assert!(!app.tour.as_ref().expect("tour").visible);
    press(&mut app, KeyCode::Char('t'));
    assert!(app.tour.as_ref().expect("tour").visible);

    // The last step has no next.
    let mut app = tour_app(dir.path(), 10);
    press(&mut app, KeyCode::Char('>'));
    assert!(status(&app).contains("last step"));
}

#[test]
fn tour_keys_outside_tour_mode_say_how_to_start_it() {
    let preset = Preset::builtin("slowdown").expect("b").expect("p");
    let mut app = App::new(preset, false);
    press(&mut app, KeyCode::Char('a'));
    assert!(
        status(&app).contains("t starts the tour"),
        "{}",
        status(&app)
    );
    assert!(app.tour.is_none());
}

#[test]
fn a_step_longer_than_the_panel_says_so_and_scrolls_to_its_end() {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = tour_app(dir.path(), 0);
    let rows = |app: &App| {
        let area = Rect::new(0, 0, 80, 24);
        let mut buf = Buffer::empty(area);
        nnlab::tui::render(app, area, &mut buf);
        (0..24)
            .map(|y| (0..80).map(|x| buf[(x, y)].symbol().to_string()).collect())
            .collect::<Vec<String>>()
            .join("\n")
    };
    let first = rows(&app);
    assert!(first.contains("lines 1-"), "no sign of more:\n{first}");
    // The last line of the step (its key list) is reachable by scrolling.
    for _ in 0..40 {
        press(&mut app, KeyCode::PageDown);
    }
    let last = rows(&app);
    assert!(
        last.contains("PgUp/PgDn scroll"),
        "the end is unreachable:\n{last}"
    );
}

/// What step `i`'s view asks the lab to show: the tab, and the lower right pane (which a step
/// not about one of its views leaves on the neuron pane, never on a view an earlier step chose).
fn expected_screen(tour: &Tour, i: usize) -> (Tab, Option<Lower>) {
    match place(&tour.steps[i].view).0 {
        Place::About => (Tab::About, None),
        Place::Exercise(_) => (Tab::Exercises, None),
        Place::Lower(lower) => (Tab::Lab, Some(lower)),
        Place::Chart | Place::Params | Place::Neuron => (Tab::Lab, Some(Lower::Neuron)),
    }
}

/// The preset the step's Load command carries (the last one sent).
fn loaded_name(app: &App) -> Option<String> {
    app.outbox.iter().rev().find_map(|c| match c {
        Command::Load(p) => Some(p.name.clone()),
        _ => None,
    })
}

fn assert_shows_step(app: &App, tour: &Tour, i: usize, how: &str) {
    let (tab, lower) = expected_screen(tour, i);
    let view = &tour.steps[i].view;
    assert_eq!(app.tab, tab, "step {} ({view}) {how}: the tab", i + 1);
    if let Some(lower) = lower {
        assert_eq!(
            app.lab.views.lower,
            lower,
            "step {} ({view}) {how}: the lower right pane",
            i + 1
        );
    }
    let want = tour.step_preset(i, None).expect("the step's preset").name;
    assert_eq!(
        loaded_name(app).as_deref(),
        Some(want.as_str()),
        "step {} ({view}) {how}: the preset",
        i + 1
    );
}

#[test]
fn every_step_shows_the_view_and_preset_it_names_forward_back_and_on_resume() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tour = Tour::builtin().expect("tour");
    let n = tour.steps.len();
    assert!(
        tour.steps.iter().any(|s| s.view == "sigma")
            && tour.steps.iter().any(|s| s.view == "neuron"),
        "the walk passes a lower-pane view and then the neuron pane"
    );
    let mut app = tour_app(dir.path(), 0);
    assert_shows_step(&app, &tour, 0, "opened");
    for i in 1..n {
        app.outbox.clear();
        press(&mut app, KeyCode::Char('>'));
        assert_shows_step(&app, &tour, i, "walking forward");
    }
    for i in (0..n - 1).rev() {
        app.outbox.clear();
        press(&mut app, KeyCode::Char('<'));
        assert_shows_step(&app, &tour, i, "walking back");
    }
    for i in 0..n {
        let app = tour_app(dir.path(), i);
        assert_shows_step(&app, &tour, i, "resumed");
    }
}

/// The screen as text at `w`x`h`.
fn screen_text(app: &App, w: u16, h: u16) -> String {
    let area = ratatui::layout::Rect::new(0, 0, w, h);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    nnlab::tui::render(app, area, &mut buf);
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Step 1 asks where a ends after 300 epochs; the book's figure (about 0.09) is that answer, so
/// the lesson strip keeps it back until the learner has answered, then shows it.
#[test]
fn the_lesson_strip_does_not_give_away_the_steps_answer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = tour_app(dir.path(), 0);
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let s = screen_text(&app, w, h);
        assert!(
            !s.contains("0.09"),
            "{w}x{h}: the answer is on screen:\n{s}"
        );
        assert!(
            !s.contains("book:") || s.contains("once you answer"),
            "{w}x{h}:\n{s}"
        );
    }
    press(&mut app, KeyCode::Char('a'));
    typ(&mut app, "0.2");
    press(&mut app, KeyCode::Enter);
    let s = screen_text(&app, 200, 60);
    assert!(s.contains("output about 0.09"), "{s}");
}

/// Step 3 judges how far w moved on a one-input neuron: the verdict calls it w, as the step
/// and the book do, not w1.
#[test]
fn a_one_input_neurons_weight_is_w_in_the_verdict() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = tour_app(dir.path(), 2);
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Char('a'));
    let preset = app.preset.clone();
    play(&mut app, &preset, 1);
    let j = app
        .tour
        .as_ref()
        .and_then(|t| t.judgement.clone())
        .expect("judged");
    let said = j.happened.join("\n");
    assert!(said.contains("|w - w(0)|"), "{said}");
    assert!(!said.contains("w1"), "{said}");
    // The panel's marks beside the options have their key.
    let s = screen_text(&app, 200, 60);
    assert!(s.contains("* your answer  + what the run did"), "{s}");
    assert!(s.contains(" +") || s.contains("*+"), "{s}");
}
