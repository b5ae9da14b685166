//! The trainer's channel to the UI is bounded. A UI that stops reading (a
//! Stalled terminal) must not make memory grow, and no metric the history keeps may be lost.
//! One test per file section, run one after the other: the memory check reads this process's
//! Resident size, which another test running in parallel would disturb.

use nnlab::metrics::RunHistory;
use nnlab::trainer::{Command, EVENT_CAPACITY, Event, PACES, Pace, RunState, Trainer};
use nnlab::{Preset, Session};
use std::time::{Duration, Instant};

/// Resident memory of this process in bytes (Linux).
fn rss() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").expect("statm");
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .expect("resident pages");
    pages * 4096
}

fn stalled_ui_keeps_memory_flat() {
    let mut preset = Preset::load("slowdown").expect("preset");
    preset.epochs = 1_000_000_000;
    let t = Trainer::spawn(Session::new(preset).expect("session"));
    t.send(Command::Speed(Pace::Unthrottled));
    t.send(Command::Start);
    // Let it fill the channel, then measure while the UI reads nothing.
    std::thread::sleep(Duration::from_millis(500));
    let before = rss();
    std::thread::sleep(Duration::from_secs(3));
    let after = rss();
    // Unbounded, this grew ~10 MB a second (31 MB here); bounded, it cannot grow past the
    // channel's few batches.
    let grown = after.saturating_sub(before);
    eprintln!("resident memory over a 3 s stall: {before} -> {after} bytes");
    assert!(
        grown < 4 << 20,
        "memory grew {grown} bytes in 3 s while the UI did not read"
    );
    // What is waiting is at most the channel's capacity (plus what the trainer sends while we
    // drain: it was blocked, so it adds at most a few).
    let mut waiting = 0;
    while t.events.try_recv().is_ok() {
        waiting += 1;
        if waiting > 10 * EVENT_CAPACITY {
            break;
        }
    }
    eprintln!("events waiting after the stall: {waiting}");
    assert!(
        waiting <= 2 * EVENT_CAPACITY,
        "{waiting} events were queued for a capacity of {EVENT_CAPACITY}"
    );
    // The trainer was waiting, not dead: it answers once the UI reads again.
    t.send(Command::Pause);
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut paused = false;
    while Instant::now() < deadline && !paused {
        if let Ok(ev) = t.events.recv_timeout(Duration::from_millis(100)) {
            paused = ev == Event::State(RunState::Paused);
        }
    }
    assert!(paused, "the trainer did not answer after the stall");
    t.shutdown();
}

fn stalled_ui_loses_no_metric_the_history_keeps() {
    let epochs = 1_500;
    let mut preset = Preset::load("slowdown").expect("preset");
    preset.epochs = epochs;
    // The reference: the same session stepped directly, every epoch into the history.
    let mut reference = Session::new(preset.clone()).expect("session");
    let mut want: Vec<RunHistory> = reference
        .metrics()
        .iter()
        .map(|m| {
            let mut h = RunHistory::default();
            h.push(m);
            h
        })
        .collect();
    for _ in 0..epochs {
        for (h, m) in want.iter_mut().zip(reference.step()) {
            h.push(&m);
        }
    }

    let t = Trainer::spawn(Session::new(preset).expect("session"));
    // 1000 epochs/s: batches of ~16 epochs, so the trainer thins nothing by itself.
    t.send(Command::Speed(PACES[9]));
    assert_eq!(PACES[9], Pace::PerSecond(1000.0));
    t.send(Command::Start);
    // The UI stalls for longer than the channel holds.
    std::thread::sleep(Duration::from_secs(2));
    let mut got: Vec<RunHistory> = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        assert!(Instant::now() < deadline, "the run never finished");
        let Ok(ev) = t.events.recv_timeout(Duration::from_millis(100)) else {
            continue;
        };
        match ev {
            Event::Loaded(l) => {
                got = l
                    .metrics
                    .iter()
                    .map(|m| {
                        let mut h = RunHistory::default();
                        h.push(m);
                        h
                    })
                    .collect();
            }
            Event::Progress { metrics, .. } => {
                for (h, ms) in got.iter_mut().zip(&metrics) {
                    for m in ms {
                        h.push(m);
                    }
                }
            }
            Event::State(RunState::Finished) => break,
            _ => {}
        }
    }
    t.shutdown();
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g.cost.points().len(), epochs as usize + 1);
        assert_eq!(g.cost.points(), w.cost.points());
        assert_eq!(g.latest, w.latest);
    }
}

#[test]
fn bounded_trainer_channel() {
    stalled_ui_keeps_memory_flat();
    stalled_ui_loses_no_metric_the_history_keeps();
}
