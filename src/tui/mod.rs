//! The interactive lab: terminal set-up, the event loop, and the view that lays out the panes.
//!
//! Three sources feed the loop: keys (crossterm), trainer events (a channel), and a frame tick.
//! Keys and events change [`App`] through its update functions; [`view`] only reads it.

pub mod app;
pub mod editor;
pub mod exercise_tab;
pub mod fields;
pub mod files;
pub mod keys;
pub mod modal;
pub mod panes;
pub mod store;
pub mod theme;
pub mod update;

use crate::preset::Preset;
use crate::session::Session;
use crate::trainer::Trainer;
use app::{App, Tab};
use crossterm::event::{self, Event as TermEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};
use ratatui::{DefaultTerminal, Frame};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The smallest terminal the layout needs.
pub const MIN_WIDTH: u16 = 80;
/// The smallest terminal height the layout needs.
pub const MIN_HEIGHT: u16 = 24;
/// Time between frames while something changes (30 fps).
const FRAME: Duration = Duration::from_millis(33);

/// Opens the lab on `preset`: loads it (errors are returned before the terminal is touched),
/// starts the trainer, runs the loop, and restores the terminal on every way out.
pub fn main(preset: Preset, ascii: bool) -> color_eyre::Result<()> {
    let session = Session::new(preset.clone())?;
    let mut app = App::new(preset, ascii);
    app.test_panic = std::env::var_os("NNLAB_TEST_PANIC").is_some_and(|v| v == "1");
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    // crossterm's reader can spin forever on a hung-up terminal, so the loop may never see the
    // flag: after a signal, give the loop a second to exit cleanly, then restore and exit.
    let watched = Arc::clone(&stop);
    std::thread::Builder::new()
        .name("nnlab-signals".into())
        .spawn(move || {
            while !watched.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
            }
            std::thread::sleep(Duration::from_secs(1));
            ratatui::restore();
            std::process::exit(143);
        })?;
    let trainer = Trainer::spawn(session);
    let mut terminal = ratatui::init();
    let result = event_loop(&mut terminal, &mut app, &trainer, &stop);
    ratatui::restore();
    trainer.shutdown();
    result
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    trainer: &Trainer,
    stop: &AtomicBool,
) -> color_eyre::Result<()> {
    let mut dirty = true;
    let mut last_draw = Instant::now();
    while !app.quit && !stop.load(Ordering::Relaxed) {
        // Merge what the trainer sent (bounded, so a flood cannot starve the keys).
        for _ in 0..4096 {
            match trainer.events.try_recv() {
                Ok(ev) => {
                    app.on_event(ev);
                    dirty = true;
                }
                Err(_) => break,
            }
        }
        if app.tick(Instant::now()) {
            dirty = true;
        }
        if dirty || last_draw.elapsed() > Duration::from_millis(500) {
            terminal.draw(|f| view(app, f))?;
            last_draw = Instant::now();
            dirty = false;
        }
        let deadline = Instant::now() + FRAME;
        loop {
            let timeout = deadline.saturating_duration_since(Instant::now());
            if timeout.is_zero() || !event::poll(timeout)? {
                break;
            }
            match event::read()? {
                TermEvent::Key(key) => {
                    app.on_key(key);
                    for c in app.outbox.drain(..) {
                        trainer.send(c);
                    }
                    dirty = true;
                    break;
                }
                TermEvent::Resize(..) => {
                    dirty = true;
                    break;
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// Draws the whole screen.
pub fn view(app: &App, frame: &mut Frame) {
    let area = frame.area();
    render(app, area, frame.buffer_mut());
}

/// Draws the whole screen into a buffer.
pub fn render(app: &App, area: Rect, buf: &mut ratatui::buffer::Buffer) {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = vec![
            Line::from(format!(
                "nnlab needs a terminal of at least {MIN_WIDTH}x{MIN_HEIGHT}; this one is {}x{}.",
                area.width, area.height
            )),
            Line::from(format!(
                "Please enlarge to {MIN_WIDTH}x{MIN_HEIGHT}. (q quits)"
            )),
        ];
        Paragraph::new(text)
            .style(theme::THEME.warn)
            .wrap(Wrap { trim: true })
            .render(area, buf);
        return;
    }
    let [header, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(panes::status::height(app, area.width)),
    ])
    .areas(area);
    panes::header::render(app, header, buf);
    match app.tab {
        Tab::Lab => render_lab(app, body, buf),
        Tab::Exercises => panes::exercises::render(app, body, buf),
        Tab::About => panes::about::render(app, body, buf),
    }
    panes::status::render(app, status, buf);
    panes::overlay::render(app, body, buf);
    if app.help {
        panes::help::render(app.help_scroll, body, buf);
    }
}

fn render_lab(app: &App, area: Rect, buf: &mut ratatui::buffer::Buffer) {
    let strip_h = panes::lesson::height(app, area);
    let [strip, area] =
        Layout::vertical([Constraint::Length(strip_h), Constraint::Fill(1)]).areas(area);
    panes::lesson::render(app, strip, area.height + strip_h, buf);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(area);
    // The digits are a bonus: on a short screen the charts keep the room.
    let left = if app.store.digits.is_some() && left.height >= 34 {
        let [chart, digits] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(panes::digits::DIGIT_H + 3),
        ])
        .areas(left);
        panes::digits::render(app, digits, buf);
        chart
    } else {
        left
    };
    let single = app.preset.runs.iter().all(|r| r.is_single_neuron());
    if app.params_view && single {
        // On a short screen the parameters get the larger share: with the view on, they are
        // the lesson (the cost pane keeps its numbers in the run rows).
        let cost_share = if left.height < 30 { 40 } else { 50 };
        let [cost, weights] = Layout::vertical([
            Constraint::Percentage(cost_share),
            Constraint::Percentage(100 - cost_share),
        ])
        .areas(left);
        panes::metrics::render(app, cost, buf);
        panes::weights::render(app, weights, buf);
    } else {
        panes::metrics::render(app, left, buf);
    }
    let (param_lines, _) = panes::params::lines(app, right.width.saturating_sub(2) as usize);
    let want = param_lines.len() as u16 + 2;
    let cap = (right.height * 55 / 100).max(6);
    let [params, neuron] =
        Layout::vertical([Constraint::Length(want.min(cap)), Constraint::Fill(1)]).areas(right);
    panes::params::render(app, params, buf);
    panes::neuron::render(app, neuron, buf);
}
