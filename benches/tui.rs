//! Frame render time of the lab and the trainer's throughput.
//!
//! `cargo bench --bench tui`
//!
//! (The items `criterion_group!` generates here carry no docs.)
#![allow(missing_docs)]

#[path = "../tests/support/tui.rs"]
mod common_tui;

use common_tui::trained_app;
use criterion::{Criterion, criterion_group, criterion_main};
use nnlab::metrics::Series;
use nnlab::{Preset, Session};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;

fn frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame");
    for (name, epochs, w, h) in [
        ("slowdown", 300, 140, 45),
        ("slowdown", 20_000, 140, 45),
        ("multilayer-cross-entropy", 50, 140, 45),
    ] {
        let app = trained_app(name, epochs);
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("backend");
        group.bench_function(format!("{name}_{epochs}ep_{w}x{h}"), |b| {
            b.iter(|| {
                terminal
                    .draw(|f| nnlab::tui::view(black_box(&app), f))
                    .map(|_| ())
                    .expect("draw");
            });
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
        });
    });
}

criterion_group!(benches, frame, trainer);
criterion_main!(benches);
