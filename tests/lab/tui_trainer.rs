//! The trainer thread, driven through its channels as the UI drives it.

use nnlab::trainer::{Command, Event, PACES, Param, RunState, Trainer};
use nnlab::{Preset, Session};
use std::time::{Duration, Instant};

fn start(name: &str) -> Trainer {
    let preset = Preset::load(name).expect("preset");
    Trainer::spawn(Session::new(preset).expect("session"))
}

/// Waits (at most a minute, as a safety net, not a timing check) for an event matching `f`.
fn wait_for(t: &Trainer, mut f: impl FnMut(&Event) -> bool) -> Event {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(ev) = t.events.recv_timeout(Duration::from_millis(100))
            && f(&ev)
        {
            return ev;
        }
    }
    panic!("the expected event never came");
}

#[test]
fn loads_then_steps_exactly() {
    let t = start("slowdown");
    let Event::Loaded(loaded) = wait_for(&t, |e| matches!(e, Event::Loaded(_))) else {
        unreachable!()
    };
    assert_eq!(loaded.metrics.len(), 2);
    assert_eq!(loaded.metrics[0].epoch, 0);
    t.send(Command::Step(5));
    let ev = wait_for(&t, |e| matches!(e, Event::Progress { epoch: 5, .. }));
    let Event::Progress { metrics, .. } = ev else {
        unreachable!()
    };
    assert_eq!(metrics[0].last().map(|m| m.epoch), Some(5));
    t.shutdown();
}

#[test]
fn runs_to_the_end_unthrottled_and_reports_finished() {
    let t = start("slowdown");
    t.send(Command::Speed(PACES[PACES.len() - 1]));
    t.send(Command::Start);
    wait_for(&t, |e| *e == Event::State(RunState::Finished));
    t.send(Command::Reset);
    let Event::Loaded(l) = wait_for(&t, |e| matches!(e, Event::Loaded(_))) else {
        unreachable!()
    };
    assert_eq!(l.metrics[0].epoch, 0);
    t.shutdown();
}

#[test]
fn a_huge_eta_diverges_without_a_panic_and_the_trainer_keeps_answering() {
    let t = start("linear-output-quadratic");
    t.send(Command::Set(0, Param::Eta(1e6)));
    t.send(Command::Speed(PACES[PACES.len() - 1]));
    t.send(Command::Start);
    wait_for(&t, |e| matches!(e, Event::Diverged(0, _)));
    // Refused settings come back as errors, the thread lives on.
    t.send(Command::Set(0, Param::Eta(-1.0)));
    wait_for(&t, |e| matches!(e, Event::Error(m) if m.contains("eta")));
    t.send(Command::Set(
        0,
        Param::Neuron {
            w: vec![0.5],
            b: 0.0,
        },
    ));
    t.send(Command::Reset);
    wait_for(&t, |e| matches!(e, Event::Loaded(_)));
    t.shutdown();
}

#[test]
fn changing_w_restarts_every_run_so_they_share_one_epoch_origin() {
    let t = start("slowdown");
    t.send(Command::Step(3));
    wait_for(&t, |e| matches!(e, Event::Progress { epoch: 3, .. }));
    t.send(Command::Set(
        1,
        Param::Neuron {
            w: vec![0.6],
            b: 0.9,
        },
    ));
    let Event::RunRestarted(0, m0) = wait_for(&t, |e| matches!(e, Event::RunRestarted(..))) else {
        panic!("run 0 restarts first")
    };
    let Event::RunRestarted(1, m1) = wait_for(&t, |e| matches!(e, Event::RunRestarted(..))) else {
        panic!("then run 1")
    };
    assert_eq!((m0.epoch, m1.epoch), (0, 0), "one origin");
    let n = m1.neuron.expect("neuron metrics");
    assert_eq!((n.w[0], n.b), (0.6, 0.9), "run 1 from its new start");
    let n = m0.neuron.expect("neuron metrics");
    assert_eq!((n.w[0], n.b), (2.0, 2.0), "run 0 from its own start");
    let Event::Applied(a) = wait_for(&t, |e| matches!(e, Event::Applied(..))) else {
        panic!("the setting is echoed")
    };
    assert_eq!(a.epoch, 0, "taken at the new origin");
    t.shutdown();
}

#[test]
fn the_plan_cannot_end_before_the_epochs_already_trained() {
    let t = start("slowdown");
    t.send(Command::Step(5));
    wait_for(&t, |e| matches!(e, Event::Progress { epoch: 5, .. }));
    t.send(Command::SetEpochs(3));
    let Event::Error(e) = wait_for(&t, |e| matches!(e, Event::Error(_) | Event::Epochs(_))) else {
        panic!("refused")
    };
    assert!(e.contains("fewer than the 5 already trained"), "{e}");
    t.send(Command::SetEpochs(5));
    assert!(matches!(
        wait_for(&t, |e| matches!(e, Event::Error(_) | Event::Epochs(_))),
        Event::Epochs(5)
    ));
    t.shutdown();
}

/// A preset whose inputs are 28 x 28 images gets the digits pane's images and guesses.
#[test]
fn image_inputs_get_digits_and_guesses() {
    let mut inputs = Vec::new();
    let mut targets = Vec::new();
    for k in 0..3usize {
        let img: Vec<String> = (0..784)
            .map(|i| {
                if (i / 28 + k) % 3 == 0 {
                    "1.0".into()
                } else {
                    "0.0".into()
                }
            })
            .collect();
        inputs.push(format!("[{}]", img.join(",")));
        let t: Vec<&str> = (0..10)
            .map(|j| if j == k { "1.0" } else { "0.0" })
            .collect();
        targets.push(format!("[{}]", t.join(",")));
    }
    let source = format!(
        "Preset(name: \"tiny-images\", description: \"test\", epochs: 5, data: Inline(inputs: [{}], targets: [{}], classify: true), runs: [(label: \"net\", layers: [784, 10], cost: CrossEntropy, eta: 0.5, mini_batch: 3, init: Scaled)])",
        inputs.join(","),
        targets.join(",")
    );
    let preset = Preset::parse(&source, "test").expect("preset parses");
    let t = Trainer::spawn(Session::new(preset).expect("session"));
    let Event::Loaded(l) = wait_for(&t, |e| matches!(e, Event::Loaded(_))) else {
        unreachable!()
    };
    let digits = l.digits.expect("784 inputs give digits");
    assert_eq!(digits.labels, vec![0, 1, 2]);
    assert_eq!(digits.pixels[0].len(), 784);
    let Event::Guesses(g) = wait_for(&t, |e| matches!(e, Event::Guesses(_))) else {
        unreachable!()
    };
    assert_eq!(g.len(), 1);
    assert_eq!(g[0].len(), 3);
    assert!(g[0].iter().all(|&d| d < 10));
    t.shutdown();
}

#[test]
fn a_cost_change_reports_the_starting_cost_under_the_new_cost() {
    let t = start("slowdown");
    wait_for(&t, |e| matches!(e, Event::Loaded(_)));
    t.send(Command::Step(3));
    wait_for(&t, |e| matches!(e, Event::Progress { epoch: 3, .. }));
    t.send(Command::Set(
        0,
        Param::Cost(nnlab::book::Cost::CrossEntropy),
    ));
    let ev = wait_for(&t, |e| matches!(e, Event::CostChanged { .. }));
    let Event::CostChanged { run, epoch, c0 } = ev else {
        unreachable!()
    };
    assert_eq!((run, epoch), (0, 3));
    // The start w = b = 2 (a = 0.982) costs -ln(1 - a) = softplus(4) = 4.018 under the
    // cross-entropy: the C0 of the curve's new segment.
    let expected = nnlab::book::softplus(4.0);
    assert!((c0 - expected).abs() < 1e-12, "{c0} vs {expected}");
    t.shutdown();
}

#[test]
fn repeated_settings_coalesce_latest_wins() {
    use nnlab::trainer::{Command, Param, coalesce};
    let neuron = |w: f64| Command::Set(0, Param::Neuron { w: vec![w], b: 2.0 });
    // Ten nudges of w queued while the trainer was busy: one restart, from the last value.
    let mut queued: Vec<Command> = (1..=10).map(|k| neuron(f64::from(k) / 10.0)).collect();
    queued.push(Command::Set(1, Param::Eta(0.5)));
    queued.push(Command::Set(0, Param::Eta(0.2)));
    assert_eq!(
        coalesce(queued),
        vec![
            neuron(1.0),
            Command::Set(1, Param::Eta(0.5)),
            Command::Set(0, Param::Eta(0.2))
        ]
    );
    // A command between two settings keeps both: each applies to a different state.
    let queued = vec![neuron(0.1), Command::Reset, neuron(0.2)];
    assert_eq!(coalesce(queued.clone()), queued);
}

#[test]
fn a_burst_of_single_steps_trains_one_epoch_per_press() {
    let t = start("slowdown");
    wait_for(&t, |e| matches!(e, Event::Loaded(_)));
    // Key repeat on `n`: 40 presses queued before the trainer reads any of them.
    for _ in 0..40 {
        t.send(Command::Step(1));
    }
    wait_for(&t, |e| matches!(e, Event::Progress { epoch: 40, .. }));
    // And no further: the trainer is paused at 40.
    let deadline = Instant::now() + Duration::from_millis(300);
    while Instant::now() < deadline {
        if let Ok(Event::Progress { epoch, .. }) = t.events.recv_timeout(Duration::from_millis(50))
        {
            assert!(epoch <= 40, "stepped past the presses: {epoch}");
        }
    }
    t.shutdown();
}

/// The lab and its trainer, keys in and events out, as the event loop drives them.
struct Driven {
    app: nnlab::tui::app::App,
    trainer: Trainer,
}

impl Driven {
    fn new(name: &str) -> Driven {
        let preset = Preset::load(name).expect("preset");
        let trainer = Trainer::spawn(Session::new(preset.clone()).expect("session"));
        let mut d = Driven {
            app: nnlab::tui::app::App::new(preset, false),
            trainer,
        };
        // As fast as the trainer goes (the pace is not what is tested).
        d.app.ui.pace = PACES.len() - 1;
        d.trainer.send(Command::Speed(PACES[PACES.len() - 1]));
        d.settle();
        d
    }

    /// Sends what the app asked for and takes the trainer's events until it is quiet and not
    /// running (a safety net of a minute, not a timing check).
    fn settle(&mut self) {
        for c in self.app.outbox.drain(..) {
            self.trainer.send(c);
        }
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            assert!(Instant::now() < deadline, "the trainer never settled");
            match self.trainer.events.recv_timeout(Duration::from_millis(150)) {
                Ok(e) => self.app.on_event(e),
                Err(_) if self.app.store.state != RunState::Running => return,
                Err(_) => {}
            }
        }
    }

    fn key(&mut self, code: crossterm::event::KeyCode) {
        use crossterm::event::{KeyEvent, KeyModifiers};
        self.app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
        self.settle();
    }

    /// The runs share one epoch origin (each history starts at epoch 0 and all reach the same
    /// epoch) and the counter is within the plan.
    fn check(&self, after: &str) {
        let store = &self.app.store;
        let plan = self.app.preset.epochs;
        assert!(
            store.epoch <= plan,
            "after {after}: epoch {} of {plan}",
            store.epoch
        );
        let ends: Vec<(f64, f64)> = store
            .histories
            .iter()
            .map(|h| {
                let first = h.cost.first().map_or(f64::NAN, |p| p.0);
                let last = h.cost.last().map_or(f64::NAN, |p| p.0);
                (first, last)
            })
            .collect();
        assert!(
            ends.iter()
                .all(|&(first, last)| first == 0.0 && last == ends[0].1),
            "after {after}: the runs' (first, last) epochs {ends:?}"
        );
    }
}

#[test]
fn after_any_editor_keys_the_runs_share_one_epoch_origin_within_the_plan() {
    use crossterm::event::KeyCode::{Char, Down, Left, Right, Tab};
    let mut d = Driven::new("slowdown");
    d.key(Char(' '));
    d.check("training to the end");
    // The first arrow moves the chart's cursor: nothing restarts.
    d.key(Right);
    d.check("a first Right");
    assert_eq!(d.app.store.epoch, 300, "nothing restarted");
    for (keys, what) in [
        (vec![Tab, Right], "nudging w in the editor"),
        (vec![Char(' ')], "running again"),
        (vec![Char('n'), Char('n')], "two steps"),
        (vec![Down, Left], "nudging b"),
        (vec![Char(' ')], "running to the end"),
        (vec![Down, Right, Char('n')], "a new eta, then a step"),
    ] {
        for k in keys {
            d.key(k);
        }
        d.check(what);
    }
    assert_eq!(d.app.store.epoch, d.app.preset.epochs, "ran to the plan");
    d.trainer.shutdown();
}
