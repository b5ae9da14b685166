//! The command line: headless subcommands and the entry point that opens the TUI.

use crate::net::EpochMetrics;
use crate::preset::{BUILTIN, Preset};
use crate::session::Session;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{self, Write};
use std::process::ExitCode;

mod docs;
mod plot;
pub use plot::{CostArg, PlotArgs, ViewArg};
mod map;
pub use map::{MapArgs, MapFormat};
pub mod tour;

/// nnlab: a terminal lab for section 3.1 of Nielsen's "Neural Networks and Deep Learning".
///
/// With no subcommand, opens the interactive lab on PRESET (default: slowdown).
#[derive(Debug, Parser)]
#[command(name = "nnlab", version, about, long_about = None, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; omit to open the interactive lab.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Preset to open in the lab (default: slowdown): a built-in name (see `nnlab presets`) or a .ron file.
    pub preset: Option<String>,
    /// Draw charts with ASCII dots instead of braille (for fonts without braille).
    #[arg(long)]
    pub ascii: bool,
    /// A directory with the four MNIST files, replacing the shipped set in MNIST presets.
    #[arg(long, value_name = "DIR")]
    pub data: Option<std::path::PathBuf>,
    /// Leave the mouse to the terminal (text selection) instead of clicking and scrolling the lab.
    #[arg(long)]
    pub no_mouse: bool,
    /// The lab's colours, remembered for next time (default: dark; NO_COLOR=1 gives mono).
    #[arg(long, value_enum)]
    pub theme: Option<crate::tui::theme::ThemeKind>,
}

/// The headless subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Train a preset without the interface and print its metrics.
    Run(RunArgs),
    /// List the built-in presets with the first sentence of their description (never cut).
    Presets {
        /// Print each preset's whole description.
        #[arg(long)]
        long: bool,
    },
    /// Validate a preset file; exits non-zero with the error (file:line:column) if it is bad.
    Check {
        /// The .ron file (or a built-in name).
        file: String,
    },
    /// List the exercises of section 3.1 with their verdicts, or show one exercise's evidence.
    Exercises(ExercisesArgs),
    /// Download a data set into your data directory (or --dir), checked against its SHA-256.
    Fetch(FetchArgs),
    /// Time MNIST training and evaluation and the toy neuron on this machine, beside plain
    /// reference loops timed in the same run.
    Bench(BenchArgs),
    /// Draw a figure of a headless run (cost, w and b, or accuracy against epoch) as SVG or PNG.
    Plot(PlotArgs),
    /// Print a shell completion script (e.g. `nnlab completions bash > ~/.local/share/bash-completion/completions/nnlab`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff: `nnlab man | man -l -`), or write one page per command into DIR.
    Man {
        /// Write nnlab.1, nnlab-run.1, ... into this directory instead.
        #[arg(long, value_name = "DIR")]
        dir: Option<std::path::PathBuf>,
    },
    /// The learning-speed map of a one-input neuron: epochs until |a - y| < 0.1 from each start (w0, b0), per cost.
    Map(MapArgs),
    /// A guided walk through section 3.1: predict, run, and see the prediction judged.
    Tour(tour::TourArgs),
}

/// Output format of `nnlab exercises`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExerciseFormat {
    /// Aligned text for reading.
    Table,
    /// JSON: an array of results without ID, one object with it.
    Json,
}

/// Arguments of `nnlab exercises`.
#[derive(Debug, Clone, clap::Args)]
pub struct ExercisesArgs {
    /// The exercise to show (see the list); omit to list all with their verdicts.
    pub id: Option<String>,
    /// Set an input, NAME=VALUE (repeatable); needs an ID.
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub set: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExerciseFormat::Table)]
    pub format: ExerciseFormat,
}

/// Output format of `nnlab bench`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BenchFormat {
    /// Aligned text with the targets.
    Table,
    /// One JSON object.
    Json,
}

/// Arguments of `nnlab bench`.
#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = BenchFormat::Table)]
    pub format: BenchFormat,
    /// Rounds to time (each figure is their median; at least 3).
    #[arg(long, default_value_t = 11, value_parser = clap::value_parser!(u64).range(3..=1000))]
    pub rounds: u64,
}

/// What `nnlab fetch` can download.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FetchTarget {
    /// The four MNIST files (train and t10k images and labels, 11 MB).
    Mnist,
}

/// Arguments of `nnlab fetch`.
#[derive(Debug, Clone, clap::Args)]
pub struct FetchArgs {
    /// The data set.
    #[arg(value_enum)]
    pub target: FetchTarget,
    /// Download into DIR instead of the user's data directory.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<std::path::PathBuf>,
    /// Download from this URL prefix (the file names are appended); repeat for mirrors tried in
    /// order. Default: the built-in mirrors.
    #[arg(long, value_name = "URL")]
    pub base_url: Vec<String>,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
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
    #[arg(long, value_parser = crate::rules::parse_seed)]
    pub seed: Option<u64>,
    /// Report every K-th epoch (epoch 0 and the last are always reported).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
    pub every: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// A directory with the four MNIST files, replacing the shipped set in an MNIST preset.
    #[arg(long, value_name = "DIR")]
    pub data: Option<std::path::PathBuf>,
}

/// Parses the process's arguments and runs the command; the binary's `main`.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(command) => run_to_stdout(command),
        None => {
            let preset = cli
                .preset
                .unwrap_or_else(|| crate::preset::DEFAULT_PRESET.to_string());
            if !io::IsTerminal::is_terminal(&io::stdout()) {
                eprintln!("nnlab needs a terminal; use `nnlab run PRESET` for headless output");
                return ExitCode::FAILURE;
            }
            let preset = cli_preset(&preset).and_then(|mut p| {
                if let Some(dir) = &cli.data {
                    p.set_data_dir(dir)?;
                }
                Ok(p)
            });
            let preset = match preset {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("nnlab: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let theme = crate::config::choose_theme(
                cli.theme,
                crate::tui::theme::no_color_env(),
                crate::config::path().as_deref(),
                &mut |warning| eprintln!("nnlab: {warning}"),
            );
            crate::tui::theme::set(theme);
            crate::tui::set_mouse(!cli.no_mouse);
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

/// Runs a headless subcommand on the process's stdout: a reader that goes away (`| head -1`)
/// ends the command quietly with success, as standard tools do; output that cannot be written
/// (a full disk) is an error.
fn run_to_stdout(command: Command) -> ExitCode {
    let mut out = PipeAware {
        inner: io::stdout().lock(),
        broken: false,
    };
    let mut err = Vec::new();
    let code = run_command(command, &mut out, &mut err);
    if out.broken {
        return ExitCode::SUCCESS;
    }
    let _ = io::stderr().write_all(&err);
    code
}

/// A writer that notes when its reader has gone away (EPIPE).
struct PipeAware<W: Write> {
    inner: W,
    broken: bool,
}

impl<W: Write> PipeAware<W> {
    fn note<T>(&mut self, r: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &r
            && e.kind() == io::ErrorKind::BrokenPipe
        {
            self.broken = true;
        }
        r
    }
}

impl<W: Write> Write for PipeAware<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let r = self.inner.write(buf);
        self.note(r)
    }

    fn flush(&mut self) -> io::Result<()> {
        let r = self.inner.flush();
        self.note(r)
    }
}

fn cli_preset(name: &str) -> Result<Preset, String> {
    Preset::load(name).map_err(|e| e.to_string())
}

/// Runs a headless subcommand, writing results to `out` and errors to `err`.
pub fn run_command(command: Command, out: &mut impl Write, err: &mut impl Write) -> ExitCode {
    let result = match command {
        Command::Run(args) => run(&args, out),
        Command::Presets { long } => list_presets(out, long),
        Command::Check { file } => check(&file, out),
        Command::Exercises(args) => exercises(&args, out),
        Command::Fetch(args) => fetch(&args, out),
        Command::Bench(args) => bench(&args, out),
        Command::Plot(args) => plot::plot(&args, out),
        Command::Completions { shell } => docs::completions(shell, out),
        Command::Man { dir } => docs::man(dir.as_deref(), out),
        Command::Map(args) => map::map(&args, out),
        Command::Tour(args) => tour::run(&args, out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            let _ = writeln!(err, "nnlab: {message}");
            ExitCode::FAILURE
        }
    }
}

/// A number with `prec` decimals, or in scientific notation with `prec` digits when fixed
/// decimals would print hundreds of digits (|v| >= 1e9) or lose it (|v| < 1e-4).
fn fixed(v: f64, prec: usize) -> String {
    if v == 0.0 || !v.is_finite() || (1e-4..1e9).contains(&v.abs()) {
        format!("{v:.prec$}")
    } else {
        format!("{v:.prec$e}")
    }
}

fn io_err(e: io::Error) -> String {
    format!("cannot write output: {e}")
}

fn list_presets(out: &mut impl Write, long: bool) -> Result<(), String> {
    let width = BUILTIN.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    for (name, _) in BUILTIN {
        let preset = Preset::builtin(name)
            .ok_or_else(|| format!("built-in {name} missing"))?
            .map_err(|e| e.to_string())?;
        let data = match preset.load_data() {
            Ok(d) => d.summary,
            Err(e) => format!("cannot load: {e}"),
        };
        writeln!(
            out,
            "{name:width$}  {}\n{:width$}  data: {data}",
            if long {
                preset.description.as_str()
            } else {
                preset.first_sentence()
            },
            ""
        )
        .map_err(io_err)?;
    }
    Ok(())
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
        preset.epochs = crate::rules::check_epochs(epochs).map_err(|e| format!("--epochs: {e}"))?;
    }
    if let Some(dir) = &args.data {
        preset.set_data_dir(dir)?;
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
    let epochs = session.preset.epochs;
    let initial = session.metrics();
    let printer = Printer::new(args.format, &labels, &initial);
    printer.header(out, &initial).map_err(io_err)?;
    for (i, m) in initial.iter().enumerate() {
        printer.row(out, i, m).map_err(io_err)?;
    }
    let mut reported_divergence = vec![false; labels.len()];
    for epoch in 1..=epochs {
        if session.finished() {
            break;
        }
        // Metrics cost more than training on MNIST: only the printed epochs measure them.
        let report = epoch % args.every == 0 || epoch == epochs;
        let metrics = session.step_reporting(report);
        for (i, m) in metrics.iter().enumerate() {
            let Some(m) = m else { continue };
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
                    "nnlab: run {:?} diverged at epoch {} (a cost or weight stopped being finite or a weight passed {:e}; try a smaller eta)",
                    labels[i],
                    m.epoch,
                    crate::net::network::DIVERGENCE_LIMIT
                );
            }
        }
    }
    out.flush().map_err(io_err)
}

/// `nnlab fetch mnist`: downloads the four files with a progress bar on stderr.
pub fn fetch(args: &FetchArgs, out: &mut impl Write) -> Result<(), String> {
    use crate::fetch::{Outcome, Progress, default_dir, fetch_mnist};
    let FetchTarget::Mnist = args.target;
    let dir = match &args.dir {
        Some(d) => d.clone(),
        None => default_dir()
            .ok_or("this system has no user data directory; give one with --dir DIR")?,
    };
    let bar = indicatif::ProgressBar::hidden();
    if !args.quiet {
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    }
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{msg:28} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    let mut on_progress = |p: Progress<'_>| match p {
        Progress::Start { name, done, total } => {
            bar.reset();
            bar.set_message(name.to_string());
            bar.set_length(total.unwrap_or(0));
            bar.set_position(done);
        }
        Progress::Bytes(n) => bar.set_position(n),
        Progress::Done => bar.finish(),
    };
    let mirrors: Vec<&str> = if args.base_url.is_empty() {
        crate::fetch::DEFAULT_MIRRORS.to_vec()
    } else {
        args.base_url.iter().map(String::as_str).collect()
    };
    let result = fetch_mnist(
        &dir,
        &mirrors,
        crate::fetch::Timeouts::default(),
        &mut on_progress,
    );
    bar.finish_and_clear();
    let mut failed = Vec::new();
    for (name, outcome) in result? {
        let what = match outcome {
            Ok(Outcome::Present) => "already present, SHA-256 ok".to_string(),
            Ok(Outcome::Downloaded { bytes, resumed }) => format!(
                "downloaded {bytes} bytes{}, SHA-256 ok",
                if resumed { " (resumed)" } else { "" }
            ),
            Err(e) => {
                failed.push(name.clone());
                format!("FAILED: {e}")
            }
        };
        writeln!(out, "{name}: {what}").map_err(io_err)?;
    }
    if !failed.is_empty() {
        return Err(format!(
            "{} of {} files failed ({}); run the command again to resume",
            failed.len(),
            crate::fetch::MNIST_FILES.len(),
            failed.join(", ")
        ));
    }
    writeln!(
        out,
        "MNIST is in {}; use it with `nnlab run mnist-cross-entropy-30 --data {}`",
        dir.display(),
        dir.display()
    )
    .map_err(io_err)
}

/// `nnlab bench`: the figures of [`crate::bench::run`], as a table with the targets or as JSON.
pub fn bench(args: &BenchArgs, out: &mut impl Write) -> Result<(), String> {
    let r = crate::bench::run(usize::try_from(args.rounds).unwrap_or(usize::MAX))?;
    if args.format == BenchFormat::Json {
        let json = serde_json::to_value(&r).map_err(|e| e.to_string())?;
        writeln!(out, "{json}").map_err(io_err)?;
        return out.flush().map_err(io_err);
    }
    let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
    let lines = [
        format!(
            "{} ({} cores), median of {} rounds; references timed in the same rounds",
            r.cpu, r.cores, r.rounds
        ),
        format!(
            "[784, 30, 10], cross-entropy, mini-batch 10, {} shipped MNIST images:",
            crate::bench::TRAIN
        ),
        format!(
            "  training epoch     {:9.2} ms   reference (dense loops) {:9.2} ms   {:6.1}x faster",
            r.train_epoch_ms, r.ref_train_epoch_ms, r.train_speedup_vs_ref
        ),
        format!(
            "  evaluation, 10,000 {:9.2} ms   reference (dense loops) {:9.2} ms   {:6.1}x faster   accuracy {:.2}%",
            r.eval_ms,
            r.ref_eval_ms,
            r.eval_speedup_vs_ref,
            100.0 * r.accuracy
        ),
        format!(
            "  `nnlab run` epoch  {:9.2} ms   (training + cost over the training images + cost and accuracy over 10,000)",
            r.run_epoch_ms
        ),
        format!(
            "  run epoch / training epoch     {:6.2}   (target <= 1.5: {})",
            r.run_epoch_over_train_epoch,
            verdict(r.run_epoch_over_train_epoch <= 1.5)
        ),
        format!(
            "  training / evaluation per image {:5.2}   (target >= 3: {})",
            r.train_over_eval_per_image,
            verdict(r.train_over_eval_per_image >= 3.0)
        ),
        "single neuron (slowdown, cross-entropy), one epoch plus its cost, output and gradient:"
            .into(),
        format!(
            "  engine (net::neuron) {:12.0} epochs/s   reference (scalar loop) {:12.0} epochs/s   ratio {:.2} (target >= 0.5: {})",
            r.neuron_epochs_per_s,
            r.ref_neuron_epochs_per_s,
            r.neuron_speed_vs_ref,
            verdict(r.neuron_speed_vs_ref >= 0.5)
        ),
        format!(
            "  `nnlab run slowdown` {:12.0} neuron-epochs/s (with its metrics rows)",
            r.run_neuron_epochs_per_s
        ),
    ];
    for line in lines {
        writeln!(out, "{line}").map_err(io_err)?;
    }
    out.flush().map_err(io_err)
}

/// Writes metrics rows in one of the output formats.
struct Printer<'a> {
    format: Format,
    labels: &'a [String],
    label_width: usize,
    /// Widths of the w and dC/dw columns (they hold one number per input).
    w_width: usize,
    dw_width: usize,
}

impl<'a> Printer<'a> {
    fn new(format: Format, labels: &'a [String], first: &[EpochMetrics]) -> Self {
        let label_width = labels.iter().map(|l| l.len()).max().unwrap_or(3).max(3);
        let inputs = first
            .iter()
            .filter_map(|m| m.neuron.as_ref().map(|n| n.w.len()))
            .max()
            .unwrap_or(1);
        Printer {
            format,
            labels,
            label_width,
            w_width: (8 * inputs).max(9),
            dw_width: (10 * inputs).max(10),
        }
    }

    fn header(&self, out: &mut impl Write, first: &[EpochMetrics]) -> io::Result<()> {
        let any = |f: fn(&EpochMetrics) -> bool| first.iter().any(f);
        match self.format {
            Format::Json => Ok(()),
            Format::Csv => writeln!(out, "{}", crate::export::CSV_HEADER),
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
                        "  {:>ww$}  {:>9}  {:>9}  {:>dw$}  {:>10}",
                        "w",
                        "b",
                        "a",
                        "dC/dw",
                        "dC/db",
                        ww = self.w_width,
                        dw = self.dw_width
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
            Format::Csv => writeln!(out, "{}", crate::export::csv_row(label, m)),
            Format::Table => {
                let mut line = format!(
                    "{label:w$}  {:>7}  {:>12}",
                    m.epoch,
                    fixed(m.cost, 6),
                    w = self.label_width
                );
                if let Some(c) = m.eval_cost {
                    line += &format!("  {:>12}", fixed(c, 6));
                }
                if let Some(a) = m.accuracy {
                    line += &format!("  {:>7.2}%", 100.0 * a);
                }
                if let Some(n) = &m.neuron {
                    let list =
                        |v: &[f64]| v.iter().map(|&x| fixed(x, 4)).collect::<Vec<_>>().join(",");
                    line += &format!(
                        "  {:>ww$}  {:>9}  {:>9}  {:>dw$}  {:>10.3e}",
                        list(&n.w),
                        fixed(n.b, 4),
                        fixed(n.a, 6),
                        n.dc_dw
                            .iter()
                            .map(|x| format!("{x:.2e}"))
                            .collect::<Vec<_>>()
                            .join(","),
                        n.dc_db,
                        ww = self.w_width,
                        dw = self.dw_width
                    );
                }
                writeln!(out, "{line}")
            }
        }
    }
}

/// `nnlab exercises`: lists every exercise with its verdict, or prints one exercise's evidence.
pub fn exercises(args: &ExercisesArgs, out: &mut impl Write) -> Result<(), String> {
    use crate::exercises::{Exercise, find, registry};
    let Some(id) = &args.id else {
        if !args.set.is_empty() {
            return Err("--set needs an exercise ID: nnlab exercises ID --set name=value".into());
        }
        let results: Vec<(&Exercise, crate::exercises::Outcome)> = registry()
            .iter()
            .map(|e| (*e, e.evaluate(&e.defaults())))
            .collect();
        match args.format {
            ExerciseFormat::Json => {
                let array: Vec<serde_json::Value> = results
                    .iter()
                    .map(|(e, o)| {
                        serde_json::json!({
                            "id": e.id(),
                            "title": e.title(),
                            "equations": e.equations(),
                            "holds": o.holds,
                            "max_error": json_number(o.max_error),
                            "verdict": o.verdict,
                        })
                    })
                    .collect();
                writeln!(out, "{}", serde_json::Value::Array(array)).map_err(io_err)?;
            }
            ExerciseFormat::Table => {
                let width = results.iter().map(|(e, _)| e.id().len()).max().unwrap_or(2);
                for (e, o) in &results {
                    writeln!(
                        out,
                        "{:width$}  {:5}  {:9}  {}",
                        e.id(),
                        if o.holds { "holds" } else { "FAILS" },
                        crate::exercises::fmt_num(o.max_error),
                        e.title()
                    )
                    .map_err(io_err)?;
                }
            }
        }
        return out.flush().map_err(io_err);
    };
    let Some(exercise) = find(id) else {
        let ids: Vec<&str> = registry().iter().map(|e| e.id()).collect();
        return Err(format!(
            "no exercise {id:?}; the exercises are: {}",
            ids.join(", ")
        ));
    };
    let mut values = exercise.defaults();
    for item in &args.set {
        let Some((name, value)) = item.split_once('=') else {
            return Err(format!(
                "--set {item:?}: expected NAME=VALUE, e.g. --set {}=1",
                exercise.inputs().first().map_or("x", |i| i.name)
            ));
        };
        let value: f64 = value
            .trim()
            .parse()
            .map_err(|_| format!("--set {item:?}: {value:?} is not a number"))?;
        values
            .set(name.trim(), value)
            .map_err(|e| format!("--set {item:?} for exercise {id}: {e}"))?;
    }
    let outcome = exercise.evaluate(&values);
    match args.format {
        ExerciseFormat::Json => {
            let inputs: Vec<serde_json::Value> = exercise
                .inputs()
                .iter()
                .zip(values.as_slice())
                .map(|(i, &v)| {
                    serde_json::json!({
                        "name": i.name, "help": i.help, "value": json_number(v),
                        "default": json_number(i.default), "min": json_number(i.min), "max": json_number(i.max),
                    })
                })
                .collect();
            let chart = outcome.chart.as_ref().map(|c| {
                serde_json::json!({
                    "x_label": c.x_label,
                    "y_label": c.y_label,
                    "series": c.series.iter().map(|s| serde_json::json!({
                        "name": s.name,
                        "points": s.points.iter().map(|&(x, y)| vec![json_number(x), json_number(y)]).collect::<Vec<_>>(),
                    })).collect::<Vec<_>>(),
                })
            });
            let obj = serde_json::json!({
                "id": exercise.id(),
                "title": exercise.title(),
                "equations": exercise.equations(),
                "statement": exercise.statement(),
                "inputs": inputs,
                "holds": outcome.holds,
                "max_error": json_number(outcome.max_error),
                "verdict": outcome.verdict,
                "table": { "columns": outcome.table.columns, "rows": outcome.table.rows },
                "chart": chart,
            });
            writeln!(out, "{obj}").map_err(io_err)?;
        }
        ExerciseFormat::Table => {
            writeln!(out, "{} ({})", exercise.title(), exercise.equations()).map_err(io_err)?;
            writeln!(out).map_err(io_err)?;
            writeln!(out, "{}", exercise.statement()).map_err(io_err)?;
            writeln!(out).map_err(io_err)?;
            for (i, v) in exercise.inputs().iter().zip(values.as_slice()) {
                writeln!(
                    out,
                    "  {} = {v}  ({}; {} to {})",
                    i.name, i.help, i.min, i.max
                )
                .map_err(io_err)?;
            }
            writeln!(out).map_err(io_err)?;
            let table = &outcome.table;
            let mut widths: Vec<usize> = table.columns.iter().map(|c| c.chars().count()).collect();
            for row in &table.rows {
                for (k, cell) in row.iter().enumerate() {
                    if k < widths.len() {
                        widths[k] = widths[k].max(cell.chars().count());
                    }
                }
            }
            let line = |cells: &[String]| {
                cells
                    .iter()
                    .zip(&widths)
                    .map(|(c, &w)| format!("{c:w$}"))
                    .collect::<Vec<_>>()
                    .join("  ")
                    .trim_end()
                    .to_string()
            };
            writeln!(out, "{}", line(&table.columns)).map_err(io_err)?;
            for row in &table.rows {
                writeln!(out, "{}", line(row)).map_err(io_err)?;
            }
            writeln!(out).map_err(io_err)?;
            writeln!(
                out,
                "{}: {} (max error {})",
                if outcome.holds { "holds" } else { "FAILS" },
                outcome.verdict,
                crate::exercises::fmt_num(outcome.max_error)
            )
            .map_err(io_err)?;
            if let Some(c) = &outcome.chart {
                writeln!(
                    out,
                    "chart: {} against {} ({} curves; drawn in the lab, points in --format json)",
                    c.y_label,
                    c.x_label,
                    c.series.len()
                )
                .map_err(io_err)?;
            }
        }
    }
    out.flush().map_err(io_err)
}

/// A JSON number, or null for NaN and infinities (which JSON cannot hold).
fn json_number(v: f64) -> serde_json::Value {
    serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, serde_json::Value::Number)
}
