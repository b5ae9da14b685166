//! The command line: headless subcommands and the entry point that opens the TUI.

use crate::net::EpochMetrics;
use crate::preset::{BUILTIN, Preset};
use crate::session::Session;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{self, Write};
use std::process::ExitCode;

/// nnlab: a terminal lab for section 3.1 of Nielsen's "Neural Networks and Deep Learning".
///
/// With no subcommand, opens the interactive lab on PRESET (default: slowdown).
#[derive(Debug, Parser)]
#[command(name = "nnlab", version, about, long_about = None, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; omit to open the interactive lab.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Preset to open in the lab: a built-in name (see `nnlab presets`) or a .ron file.
    pub preset: Option<String>,
    /// Draw charts with ASCII dots instead of braille (for fonts without braille).
    #[arg(long)]
    pub ascii: bool,
}

/// The headless subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Train a preset without the interface and print its metrics.
    Run(RunArgs),
    /// List the built-in presets with a one-line description.
    Presets,
    /// Validate a preset file; exits non-zero with the error (file:line:column) if it is bad.
    Check {
        /// The .ron file (or a built-in name).
        file: String,
    },
}

/// Output format of `nnlab run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for reading.
    Table,
    /// Comma-separated values with a header row.
    Csv,
    /// JSON Lines: one object per run per reported epoch.
    Json,
}

/// Arguments of `nnlab run`.
#[derive(Debug, Clone, clap::Args)]
pub struct RunArgs {
    /// A built-in preset name or a path to a .ron preset.
    pub preset: String,
    /// Train this many epochs instead of the preset's.
    #[arg(long)]
    pub epochs: Option<u64>,
    /// Use this seed for every run instead of the preset's.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Report every K-th epoch (epoch 0 and the last are always reported).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
    pub every: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Parses the process's arguments and runs the command; the binary's `main`.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(command) => run_command(command, &mut io::stdout().lock(), &mut io::stderr()),
        None => {
            let preset = cli
                .preset
                .unwrap_or_else(|| crate::preset::DEFAULT_PRESET.to_string());
            if !io::IsTerminal::is_terminal(&io::stdout()) {
                eprintln!("nnlab needs a terminal; use `nnlab run PRESET` for headless output");
                return ExitCode::FAILURE;
            }
            let preset = match cli_preset(&preset) {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("nnlab: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let _ = color_eyre::install();
            match crate::tui::main(preset, cli.ascii) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("nnlab: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

fn cli_preset(name: &str) -> Result<Preset, String> {
    Preset::load(name).map_err(|e| e.to_string())
}

/// Runs a headless subcommand, writing results to `out` and errors to `err`.
pub fn run_command(command: Command, out: &mut impl Write, err: &mut impl Write) -> ExitCode {
    let result = match command {
        Command::Run(args) => run(&args, out),
        Command::Presets => list_presets(out),
        Command::Check { file } => check(&file, out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            let _ = writeln!(err, "nnlab: {message}");
            ExitCode::FAILURE
        }
    }
}

fn io_err(e: io::Error) -> String {
    format!("cannot write output: {e}")
}

fn list_presets(out: &mut impl Write) -> Result<(), String> {
    let width = BUILTIN.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    for (name, _) in BUILTIN {
        let preset = Preset::builtin(name)
            .ok_or_else(|| format!("built-in {name} missing"))?
            .map_err(|e| e.to_string())?;
        writeln!(
            out,
            "{name:width$}  {}",
            first_sentence(&preset.description)
        )
        .map_err(io_err)?;
    }
    Ok(())
}

fn first_sentence(text: &str) -> &str {
    match text.find(". ") {
        Some(i) => &text[..=i],
        None => text,
    }
}

fn check(file: &str, out: &mut impl Write) -> Result<(), String> {
    let preset = Preset::load(file).map_err(|e| e.to_string())?;
    let session = Session::new(preset).map_err(|e| format!("{file}: {e}"))?;
    writeln!(
        out,
        "{file}: ok: preset {:?}, {} run{}, {} epochs, data: {}",
        session.preset.name,
        session.runs.len(),
        if session.runs.len() == 1 { "" } else { "s" },
        session.preset.epochs,
        session.data.summary
    )
    .map_err(io_err)
}

/// `nnlab run`: trains the preset and prints the reported epochs.
pub fn run(args: &RunArgs, out: &mut impl Write) -> Result<(), String> {
    let mut preset = Preset::load(&args.preset).map_err(|e| e.to_string())?;
    if let Some(epochs) = args.epochs {
        preset.epochs = epochs;
    }
    if let Some(seed) = args.seed {
        preset.seed = seed;
        for run in &mut preset.runs {
            run.seed = None;
        }
    }
    let mut session = Session::new(preset).map_err(|e| e.to_string())?;
    let labels: Vec<String> = session
        .runs
        .iter()
        .map(|r| r.config.label.clone())
        .collect();
    let printer = Printer::new(args.format, &labels);
    printer.header(out, &session.metrics()).map_err(io_err)?;
    let epochs = session.preset.epochs;
    let initial = session.metrics();
    for (i, m) in initial.iter().enumerate() {
        printer.row(out, i, m).map_err(io_err)?;
    }
    let mut reported_divergence = vec![false; labels.len()];
    for epoch in 1..=epochs {
        if session.finished() {
            break;
        }
        let metrics = session.step();
        for (i, m) in metrics.iter().enumerate() {
            let run = &session.runs[i];
            let diverged_now = run.diverged_at == Some(m.epoch) && !reported_divergence[i];
            if run.diverged_at.is_some() && !diverged_now {
                continue;
            }
            if epoch % args.every == 0 || epoch == epochs || diverged_now {
                printer.row(out, i, m).map_err(io_err)?;
            }
            if diverged_now {
                reported_divergence[i] = true;
                eprintln!(
                    "nnlab: run {:?} diverged at epoch {} (a cost or weight stopped being finite; try a smaller eta)",
                    labels[i], m.epoch
                );
            }
        }
    }
    out.flush().map_err(io_err)
}

/// Writes metrics rows in one of the output formats.
struct Printer<'a> {
    format: Format,
    labels: &'a [String],
    label_width: usize,
}

impl<'a> Printer<'a> {
    fn new(format: Format, labels: &'a [String]) -> Self {
        let label_width = labels.iter().map(|l| l.len()).max().unwrap_or(3).max(3);
        Printer {
            format,
            labels,
            label_width,
        }
    }

    fn header(&self, out: &mut impl Write, first: &[EpochMetrics]) -> io::Result<()> {
        let any = |f: fn(&EpochMetrics) -> bool| first.iter().any(f);
        match self.format {
            Format::Json => Ok(()),
            Format::Csv => writeln!(out, "run,epoch,cost,eval_cost,accuracy,w,b,z,a,dc_dw,dc_db"),
            Format::Table => {
                let mut line = format!(
                    "{:w$}  {:>7}  {:>12}",
                    "run",
                    "epoch",
                    "cost",
                    w = self.label_width
                );
                if any(|m| m.eval_cost.is_some()) {
                    line += &format!("  {:>12}", "eval cost");
                }
                if any(|m| m.accuracy.is_some()) {
                    line += &format!("  {:>8}", "accuracy");
                }
                if any(|m| m.neuron.is_some()) {
                    line += &format!(
                        "  {:>18}  {:>9}  {:>9}  {:>18}  {:>10}",
                        "w", "b", "a", "dC/dw", "dC/db"
                    );
                }
                writeln!(out, "{}", line.trim_end())
            }
        }
    }

    fn row(&self, out: &mut impl Write, run: usize, m: &EpochMetrics) -> io::Result<()> {
        let label = &self.labels[run];
        match self.format {
            Format::Json => {
                let mut obj = serde_json::Map::new();
                obj.insert("run".into(), label.as_str().into());
                obj.insert("epoch".into(), m.epoch.into());
                obj.insert("cost".into(), json_number(m.cost));
                if let Some(c) = m.eval_cost {
                    obj.insert("eval_cost".into(), json_number(c));
                }
                if let Some(a) = m.accuracy {
                    obj.insert("accuracy".into(), json_number(a));
                }
                if let Some(n) = &m.neuron {
                    obj.insert("w".into(), n.w.iter().map(|&v| json_number(v)).collect());
                    obj.insert("b".into(), json_number(n.b));
                    obj.insert("z".into(), json_number(n.z));
                    obj.insert("a".into(), json_number(n.a));
                    obj.insert(
                        "dc_dw".into(),
                        n.dc_dw.iter().map(|&v| json_number(v)).collect(),
                    );
                    obj.insert("dc_db".into(), json_number(n.dc_db));
                }
                writeln!(out, "{}", serde_json::Value::Object(obj))
            }
            Format::Csv => {
                let opt = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
                let join = |v: &[f64]| {
                    v.iter()
                        .map(|x| x.to_string())
                        .collect::<Vec<_>>()
                        .join(";")
                };
                let (w, b, z, a, dw, db) = match &m.neuron {
                    Some(n) => (
                        join(&n.w),
                        n.b.to_string(),
                        n.z.to_string(),
                        n.a.to_string(),
                        join(&n.dc_dw),
                        n.dc_db.to_string(),
                    ),
                    None => Default::default(),
                };
                writeln!(
                    out,
                    "{},{},{},{},{},{w},{b},{z},{a},{dw},{db}",
                    csv_field(label),
                    m.epoch,
                    m.cost,
                    opt(m.eval_cost),
                    opt(m.accuracy)
                )
            }
            Format::Table => {
                let mut line = format!(
                    "{label:w$}  {:>7}  {:>12.6}",
                    m.epoch,
                    m.cost,
                    w = self.label_width
                );
                if let Some(c) = m.eval_cost {
                    line += &format!("  {c:>12.6}");
                }
                if let Some(a) = m.accuracy {
                    line += &format!("  {:>7.2}%", 100.0 * a);
                }
                if let Some(n) = &m.neuron {
                    let list = |v: &[f64]| {
                        v.iter()
                            .map(|x| format!("{x:.4}"))
                            .collect::<Vec<_>>()
                            .join(",")
                    };
                    line += &format!(
                        "  {:>18}  {:>9.4}  {:>9.6}  {:>18}  {:>10.3e}",
                        list(&n.w),
                        n.b,
                        n.a,
                        n.dc_dw
                            .iter()
                            .map(|x| format!("{x:.3e}"))
                            .collect::<Vec<_>>()
                            .join(","),
                        n.dc_db
                    );
                }
                writeln!(out, "{line}")
            }
        }
    }
}

/// A JSON number, or null for NaN and infinities (which JSON cannot hold).
fn json_number(v: f64) -> serde_json::Value {
    serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, serde_json::Value::Number)
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
