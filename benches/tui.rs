//! Frame render time of the lab and the trainer's throughput.
//!
//! `cargo bench --bench tui`

use criterion::{Criterion, criterion_group, criterion_main};
use nnlab::metrics::Series;
use nnlab::trainer::{Event, Loaded};
use nnlab::tui::app::App;
use nnlab::{Preset, Session};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;

fn app_after(name: &str, epochs: u64) -> App {
    let preset = Preset::load(name).expect("built-in preset");
    let mut session = Session::new(preset.clone()).expect("session");
    let mut app = App::new(preset, false);
    app.on_event(Event::Loaded(Box::new(Loaded {
        preset: session.preset.clone(),
        metrics: session.metrics(),
        input_dim: session.data.train.input_dim(),
        data_summary: session.data.summary.clone(),
        digits: None,
    })));
    for _ in 0..epochs {
        let metrics = session.step();
        app.on_event(Event::Progress {
            metrics: metrics.into_iter().map(|m| vec![m]).collect(),
            epoch: session.epoch(),
            rate: 0.0,
        });
    }
    app
}

fn frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame");
    for (name, epochs, w, h) in [
        ("slowdown", 300, 140, 45),
        ("slowdown", 20_000, 140, 45),
        ("multilayer-cross-entropy", 50, 140, 45),
    ] {
        let app = app_after(name, epochs);
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("backend");
        group.bench_function(format!("{name}_{epochs}ep_{w}x{h}"), |b| {
            b.iter(|| {
                terminal
                    .draw(|f| nnlab::tui::view(black_box(&app), f))
                    .map(|_| ())
                    .expect("draw")
            })
        });
    }
    group.finish();
}

fn trainer(c: &mut Criterion) {
    let mut group = c.benchmark_group("trainer_epoch");
    for name in ["slowdown", "multilayer-cross-entropy"] {
        let preset = Preset::load(name).expect("built-in preset");
        let mut session = Session::new(preset).expect("session");
        group.bench_function(name, |b| b.iter(|| black_box(session.step())));
    }
    group.finish();
    c.bench_function("history_push_1000", |b| {
        let mut s = Series::default();
        let mut e = 0u64;
        b.iter(|| {
            for _ in 0..1000 {
                s.push(e, (e as f64).sqrt());
                e += 1;
            }
        })
    });
}

criterion_group!(benches, frame, trainer);
criterion_main!(benches);
