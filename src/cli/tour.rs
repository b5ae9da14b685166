//! `nnlab tour`: the guided walk through section 3.1 (the lab in tour mode), and its headless
//! `--list`, `--check` and `--reset`.

use crate::format;
use crate::save::tour_progress_path as progress_path;
use crate::tour::{Given, Progress, Tour, Truth, Value, run_trace};
use crate::tui::tour::option_key;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `nnlab tour`.
#[derive(Debug, Clone, clap::Args)]
#[allow(clippy::struct_excessive_bools)] // each is a command-line flag
pub struct TourArgs {
    /// A tour file (.ron); omit for the shipped walk through section 3.1.
    pub file: Option<PathBuf>,
    /// Print the steps and their questions, without the interface.
    #[arg(long, conflicts_with_all = ["check", "reset"])]
    pub list: bool,
    /// Run every step's preset headless and judge every question on the real run; exits
    /// non-zero if a step cannot be evaluated.
    #[arg(long, conflicts_with = "reset")]
    pub check: bool,
    /// Forget the saved progress (steps done and answers) of this tour.
    #[arg(long)]
    pub reset: bool,
    /// Draw charts with ASCII dots instead of braille.
    #[arg(long)]
    pub ascii: bool,
}

/// A loaded tour and where its relative preset paths start.
pub struct Loaded {
    /// The tour.
    pub tour: Tour,
    /// The tour file's folder (None for the shipped tour).
    pub dir: Option<PathBuf>,
}

/// Loads the shipped tour or `file`.
pub fn load(file: Option<&Path>) -> Result<Loaded, String> {
    match file {
        None => Ok(Loaded {
            tour: Tour::builtin().map_err(|e| e.to_string())?,
            dir: None,
        }),
        Some(path) => Ok(Loaded {
            tour: Tour::read_file(path).map_err(|e| e.to_string())?,
            dir: Some(path.parent().unwrap_or(Path::new(".")).to_path_buf()),
        }),
    }
}

/// Runs `nnlab tour` with a flag (`--list`, `--check`, `--reset`); false when none was given
/// (the caller opens the lab).
pub fn headless(args: &TourArgs, out: &mut impl Write) -> Result<bool, String> {
    if !(args.list || args.check || args.reset) {
        return Ok(false);
    }
    let loaded = load(args.file.as_deref())?;
    let io = |e: std::io::Error| format!("cannot write output: {e}");
    if args.reset {
        let path = progress_path(&loaded.tour)?;
        match std::fs::remove_file(&path) {
            Ok(()) => writeln!(out, "progress reset: removed {}", path.display()).map_err(io)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                writeln!(out, "no progress saved yet ({})", path.display()).map_err(io)?;
            }
            Err(e) => return Err(format!("cannot remove {}: {e}", path.display())),
        }
    }
    if args.list {
        list(&loaded, out).map_err(io)?;
    }
    if args.check {
        check(&loaded, out)?;
    }
    Ok(true)
}

fn list(loaded: &Loaded, out: &mut impl Write) -> std::io::Result<()> {
    let tour = &loaded.tour;
    let (progress, _) = match progress_path(tour) {
        Ok(p) => Progress::load(&p),
        Err(_) => (Progress::default(), None),
    };
    writeln!(
        out,
        "{} ({} steps, {} done)",
        tour.title,
        tour.steps.len(),
        progress.done_count(tour)
    )?;
    for (i, s) in tour.steps.iter().enumerate() {
        let done = progress.steps.get(&s.id).is_some_and(|p| p.done);
        writeln!(
            out,
            "{} {:>2}. {:<20} {}  [preset {}, view {}]",
            if done { "x" } else { " " },
            i + 1,
            s.id,
            s.title,
            s.preset,
            s.view
        )?;
        if let Some(q) = &s.question {
            writeln!(out, "       Q: {}", q.prompt)?;
            for (k, o) in q.options().iter().enumerate() {
                writeln!(out, "          {}) {o}", option_key(k))?;
            }
        }
        if !s.exercises.is_empty() {
            writeln!(out, "       exercises: {}", s.exercises.join(", "))?;
        }
    }
    Ok(())
}

fn check(loaded: &Loaded, out: &mut impl Write) -> Result<(), String> {
    let io = |e: std::io::Error| format!("cannot write output: {e}");
    let mut failed = 0;
    for (i, step) in loaded.tour.steps.iter().enumerate() {
        let line = check_step(loaded, i);
        match line {
            Ok(text) => writeln!(out, "ok   {:>2} {:<20} {text}", i + 1, step.id).map_err(io)?,
            Err(e) => {
                failed += 1;
                writeln!(out, "FAIL {:>2} {:<20} {e}", i + 1, step.id).map_err(io)?;
            }
        }
    }
    if failed > 0 {
        return Err(format!("{failed} step(s) could not be evaluated"));
    }
    Ok(())
}

/// One step of `--check`: its preset run headless, its question judged on that run.
fn check_step(loaded: &Loaded, i: usize) -> Result<String, String> {
    let step = &loaded.tour.steps[i];
    let preset = loaded
        .tour
        .step_preset(i, loaded.dir.as_deref())
        .map_err(|e| e.to_string())?;
    crate::tour::check_view(&step.view, &preset)?;
    let epochs = step
        .check_epochs
        .unwrap_or(preset.epochs)
        .min(preset.epochs);
    let note = if epochs < preset.epochs {
        format!(" [check mode: {epochs} of {} epochs]", preset.epochs)
    } else {
        String::new()
    };
    let trace = run_trace(&preset, epochs)?;
    let Some(q) = &step.question else {
        return Ok(format!(
            "{}: no question; ran {epochs} epochs{note}",
            preset.name
        ));
    };
    let mut ran = preset.clone();
    ran.epochs = epochs;
    let j = q.judge(&trace, &ran, &preset)?;
    let answer = match j.right {
        Truth::Choice(k) => format!("{}) {}", option_key(k), q.options()[k]),
        Truth::Number(Value::Number(x)) => format::brief(x),
        Truth::Number(Value::Never) => format!("never within {} epochs", j.epochs),
    };
    // The judgement must also mark an answer: the right one must grade as right.
    let given = match j.right {
        Truth::Choice(k) => Given::Choice(k),
        Truth::Number(Value::Number(x)) => Given::Number(x),
        Truth::Number(Value::Never) => Given::Number(j.epochs as f64),
    };
    if !q.grade(&j, given).right {
        return Err("the measured answer does not grade as right".into());
    }
    Ok(format!(
        "answer: {answer}  ({}){note}",
        j.happened.join("; ")
    ))
}

/// `nnlab tour`: a flag runs headless; without one the lab opens in tour mode.
pub fn run(args: &TourArgs, out: &mut impl Write) -> Result<(), String> {
    if headless(args, out)? {
        return Ok(());
    }
    if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return Err(
            "the tour needs a terminal; `nnlab tour --list` and `nnlab tour --check` run without one"
                .into(),
        );
    }
    let loaded = load(args.file.as_deref())?;
    let path = progress_path(&loaded.tour)?;
    // The tour has no --theme of its own: NO_COLOR, then the lab's remembered choice.
    let theme = crate::config::choose_theme(
        None,
        crate::tui::theme::no_color_env(),
        crate::config::path().as_deref(),
        &mut |warning| eprintln!("nnlab: {warning}"),
    );
    let _ = color_eyre::install();
    crate::tui::tour_main(loaded.tour, loaded.dir, path, args.ascii, theme)
        .map_err(|e| e.to_string())
}
