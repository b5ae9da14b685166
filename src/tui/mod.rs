//! The interactive lab: terminal set-up, signals and the event loop; the layout and drawing
//! are in [`layout`].
//!
//! Every input becomes one [`Msg`]: keys, the mouse and pastes (crossterm), trainer
//! events (a channel), the map's and the file job's threads, and a frame tick. Only
//! [`App::update`] changes the state; [`view`] only reads it.

pub mod about;
pub mod app;
pub mod editor;
pub mod exercises;
pub mod fields;
pub mod files;
pub mod jobs;
pub mod keys;
pub mod lab;
pub mod layout;
pub mod modal;
pub mod mouse;
pub mod msg;
pub mod overlay;
pub mod panes;
pub mod pending;
pub mod shared;
pub mod store;
pub mod theme;
pub mod tour;
mod tour_hooks;
pub mod ui;
pub mod update;
pub mod views;

pub use layout::{LabAreas, Regions, draw, lab_areas, regions, render, view};

use crate::preset::Preset;
use crate::run::session::Session;
use crate::trainer::Trainer;
use app::App;
use crossterm::event::{
    self, DisableBracketedPaste, EnableBracketedPaste, Event as TermEvent, KeyCode, KeyEvent,
    KeyEventKind, KeyModifiers,
};
use msg::Msg;
use ratatui::DefaultTerminal;
use ratatui::layout::Rect;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::time::{Duration, Instant};
use theme::ThemeKind;

/// The smallest terminal the layout needs.
pub const MIN_WIDTH: u16 = 80;
/// The smallest terminal height the layout needs.
pub const MIN_HEIGHT: u16 = 24;
/// From this width on the tour panel sits beside the whole lab; below it, beside the step's pane.
pub const TOUR_WIDE: u16 = 120;
/// Time between frames while something changes (30 fps).
const FRAME: Duration = Duration::from_millis(33);

/// Signals that end the process by default: each restores the terminal and exits with 128 + n.
const TERMINATING: &[i32] = &[
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGQUIT,
    signal_hook::consts::SIGUSR1,
    signal_hook::consts::SIGUSR2,
    signal_hook::consts::SIGALRM,
];

/// Most events handled between two frames: a paste of a million keys is read in slices, and the
/// screen (and a `q` typed after it) still get their turn.
const BURST_TIME: Duration = Duration::from_millis(50);

/// How long to wait for the next event of a burst before drawing.
const BURST_POLL: Duration = Duration::from_millis(1);

static MOUSE: AtomicBool = AtomicBool::new(true);

/// Turns the lab's mouse capture on (the default) or off (`--no-mouse`), before it opens.
pub fn set_mouse(on: bool) {
    MOUSE.store(on, Ordering::SeqCst);
}

/// Whether the lab captures the mouse.
pub fn mouse_enabled() -> bool {
    MOUSE.load(Ordering::SeqCst)
}

/// What the signal thread tells the loop.
#[derive(Debug, Default)]
struct SignalFlags {
    /// The number of a terminating signal received (0: none).
    terminate: AtomicI32,
    /// SIGTSTP arrived: leave the terminal, stop, and come back on SIGCONT.
    suspend: AtomicBool,
    /// SIGCONT arrived: re-enter raw mode and redraw everything.
    resumed: AtomicBool,
}

/// Opens the lab on `preset`: loads it (errors are returned before the terminal is touched),
/// starts the trainer, runs the loop, and restores the terminal on every way out. After a
/// terminating signal the process exits here with 128 + the signal's number.
pub fn main(preset: Preset, ascii: bool, theme: ThemeKind) -> color_eyre::Result<()> {
    let mut app = App::new(preset.clone(), ascii);
    app.ui.theme = theme;
    run_app(preset, app)
}

/// Opens the lab in tour mode on `tour`, resuming the progress saved at `progress_path`.
pub fn tour_main(
    tour: crate::tour::Tour,
    dir: Option<std::path::PathBuf>,
    progress_path: std::path::PathBuf,
    ascii: bool,
    theme: ThemeKind,
) -> color_eyre::Result<()> {
    let (progress, note) = crate::tour::Progress::load(&progress_path);
    let state = tour::TourState::new(tour, dir, progress, Some(progress_path), note.clone());
    let step = state.step;
    let preset = state
        .tour
        .step_preset(step, state.dir.as_deref())
        .map_err(|e| color_eyre::eyre::eyre!("{e}"))?;
    let mut app = App::new(preset.clone(), ascii);
    app.ui.theme = theme;
    app.start_tour(state);
    // start_tour asked the trainer to load the step's preset: the trainer starts on it already.
    app.outbox.clear();
    if let (Some(t), Some(n)) = (app.tour.as_mut(), note) {
        t.note = Some(n);
    }
    run_app(preset, app)
}

fn run_app(preset: Preset, mut app: App) -> color_eyre::Result<()> {
    let session = Session::new(preset)?;
    app.ui.test_panic = std::env::var_os("NNLAB_TEST_PANIC").is_some_and(|v| v == "1");
    let flags = Arc::new(SignalFlags::default());
    let mut watched: Vec<i32> = TERMINATING.to_vec();
    watched.extend([signal_hook::consts::SIGTSTP, signal_hook::consts::SIGCONT]);
    let mut signals = signal_hook::iterator::Signals::new(&watched)?;
    let seen = Arc::clone(&flags);
    std::thread::Builder::new()
        .name("nnlab-signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                match signal {
                    signal_hook::consts::SIGTSTP => seen.suspend.store(true, Ordering::SeqCst),
                    signal_hook::consts::SIGCONT => seen.resumed.store(true, Ordering::SeqCst),
                    n => {
                        seen.terminate.store(n, Ordering::SeqCst);
                        // crossterm's reader can block on a hung-up terminal, so the loop may
                        // never see the flag: give it a second, then restore and exit from here.
                        std::thread::sleep(Duration::from_secs(1));
                        restore();
                        std::process::exit(128 + n);
                    }
                }
            }
        })?;
    let trainer = Trainer::spawn(session);
    let mut terminal = ratatui::init();
    // ratatui's panic hook restores raw mode and the screen but not the mouse: ours first.
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        ratatui_hook(info);
    }));
    // A paste arrives as one event (not thousands of keys that could trigger bindings).
    let _ = crossterm::execute!(std::io::stdout(), EnableBracketedPaste);
    if mouse_enabled() {
        let _ = crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture);
    }
    let result = event_loop(&mut terminal, &mut app, &trainer, &flags);
    restore();
    trainer.shutdown();
    // An export or figure still being written is cancelled; its temporary file goes.
    app.cancel_file_job(Duration::from_millis(500));
    match flags.terminate.load(Ordering::SeqCst) {
        0 => result,
        n => std::process::exit(128 + n),
    }
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    trainer: &Trainer,
    flags: &SignalFlags,
) -> color_eyre::Result<()> {
    let mut dirty = true;
    let mut last_draw = Instant::now();
    while !app.quit && flags.terminate.load(Ordering::SeqCst) == 0 {
        if flags.suspend.swap(false, Ordering::SeqCst) {
            suspend(terminal)?;
            dirty = true;
        }
        if flags.resumed.swap(false, Ordering::SeqCst) {
            // Resumed by someone else's SIGSTOP/SIGCONT, or the shell reset the modes.
            resume(terminal)?;
            dirty = true;
        }
        // Merge what the trainer sent (bounded, so a flood cannot starve the keys).
        for _ in 0..4096 {
            match trainer.events.try_recv() {
                Ok(ev) => dirty |= app.update(Msg::Trainer(ev)),
                Err(_) => break,
            }
        }
        for done in app.finished_jobs() {
            dirty |= app.update(done);
        }
        dirty |= app.update(Msg::Tick(Instant::now()));
        if dirty || last_draw.elapsed() > Duration::from_millis(500) {
            terminal.draw(|f| view(app, f))?;
            last_draw = Instant::now();
            dirty = false;
        }
        // Wait up to a frame for the first event, then take every event already waiting (up to
        // a time budget) before drawing again: a burst is read whole, not one event per frame.
        let deadline = Instant::now() + FRAME;
        let mut burst_end: Option<Instant> = None;
        loop {
            let timeout = match burst_end {
                // Not zero: crossterm's /dev/tty reader returns at once on a zero timeout without
                // looking at the input, which would end every burst after one event.
                Some(_) => BURST_POLL,
                None => deadline.saturating_duration_since(Instant::now()),
            };
            if !event::poll(timeout)? {
                break;
            }
            let msg = match event::read()? {
                TermEvent::Key(key) if is_suspend_key(&key) => {
                    flags.suspend.store(true, Ordering::SeqCst);
                    break;
                }
                TermEvent::Key(key) => Some(Msg::Key(key)),
                TermEvent::Paste(text) => Some(Msg::Paste(text)),
                TermEvent::Mouse(event) => {
                    let size = terminal.size()?;
                    Some(Msg::Mouse {
                        event,
                        screen: Rect::new(0, 0, size.width, size.height),
                    })
                }
                TermEvent::Resize(..) => Some(Msg::Resize),
                _ => None,
            };
            if let Some(msg) = msg {
                dirty |= app.update(msg);
            }
            for c in app.outbox.drain(..) {
                trainer.send(c);
            }
            if app.quit || flags.terminate.load(Ordering::SeqCst) != 0 {
                break;
            }
            let end = *burst_end.get_or_insert_with(|| Instant::now() + BURST_TIME);
            if Instant::now() >= end {
                break;
            }
        }
    }
    Ok(())
}

/// Ctrl-Z: raw mode delivers it as a key, not as SIGTSTP.
fn is_suspend_key(key: &KeyEvent) -> bool {
    key.kind == KeyEventKind::Press
        && key.code == KeyCode::Char('z')
        && key.modifiers.contains(KeyModifiers::CONTROL)
}

/// Leaves the terminal as the shell expects, stops the process, and comes back on SIGCONT.
fn suspend(terminal: &mut DefaultTerminal) -> color_eyre::Result<()> {
    restore();
    // SIGSTOP cannot be caught: the process stops here until `fg` (SIGCONT) continues it.
    signal_hook::low_level::raise(signal_hook::consts::SIGSTOP)?;
    resume(terminal)
}

/// Re-enters raw mode and the alternate screen, and forces a full redraw.
fn resume(terminal: &mut DefaultTerminal) -> color_eyre::Result<()> {
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(
        std::io::stdout(),
        crossterm::terminal::EnterAlternateScreen,
        EnableBracketedPaste,
        crossterm::cursor::Hide,
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
    )?;
    if mouse_enabled() {
        crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture)?;
    }
    // A fresh terminal has an empty previous frame, so the next draw repaints every cell (its
    // `clear` would ask the terminal for the cursor position, which a resumed shell may not answer).
    *terminal = ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(std::io::stdout()))?;
    Ok(())
}

/// Gives the terminal back as the shell expects it: no mouse capture, no bracketed paste, the main screen, the
/// cursor shown, cooked mode. Safe to call twice and from any thread.
fn restore() {
    let _ = crossterm::execute!(
        std::io::stdout(),
        crossterm::event::DisableMouseCapture,
        DisableBracketedPaste,
        crossterm::terminal::LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = crossterm::terminal::disable_raw_mode();
}
