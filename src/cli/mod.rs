//! The command line: headless subcommands and the entry point that opens the TUI.

use crate::preset::Preset;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{self, Write};
use std::process::ExitCode;

mod bench;
mod check;
mod docs;
mod exercises;
mod fetch;
mod map;
mod plot;
mod presets;
mod run;
pub mod tour;
pub use bench::bench;
pub use exercises::exercises;
pub use fetch::fetch;
pub use map::{MapArgs, MapFormat};
pub use plot::{CostArg, PlotArgs, ViewArg};
pub use run::run;

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
    if let Some(command) = cli.command {
        run_to_stdout(command)
    } else {
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
        crate::tui::set_mouse(!cli.no_mouse);
        let _ = color_eyre::install();
        match crate::tui::main(preset, cli.ascii, theme) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("nnlab: {e}");
                ExitCode::FAILURE
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
        Command::Presets { long } => presets::list_presets(out, long),
        Command::Check { file } => check::check(&file, out),
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

/// The error message of output that could not be written.
#[allow(clippy::needless_pass_by_value)] // the shape `map_err` takes
fn io_err(e: io::Error) -> String {
    format!("cannot write output: {e}")
}
