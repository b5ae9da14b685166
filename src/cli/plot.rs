//! `nnlab plot`: a figure of a headless run as SVG or PNG.

use crate::plot::{self, CostAxis, Figure, View};
use crate::preset::Preset;
use crate::run::session::Session;
use clap::ValueEnum;
use std::io::Write;
use std::path::PathBuf;

/// What `nnlab plot` draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ViewArg {
    /// Training cost against epoch, one curve per run.
    Cost,
    /// A single neuron's w and b against epoch.
    Params,
    /// Classification accuracy against epoch (evaluation set when the preset has one).
    Accuracy,
    /// The cost over (w, b) of a one-input neuron, one panel per cost, each run's path on it.
    Landscape,
    /// The learning-speed map of a one-input neuron (epochs to the target from each start).
    Map,
    /// Two input features: each run's answer over the plane (x1, x2) with the examples, one panel per run.
    Boundary,
    /// Two input features: each first-layer hidden unit's activation over the plane (the first run).
    Hidden,
}

/// The cost view's y axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CostArg {
    /// C/C0 when the runs use different costs, C otherwise (as the lab does).
    Auto,
    /// The cost C.
    C,
    /// C/C0: each run's cost relative to its cost at epoch 0.
    Ratio,
}

/// Arguments of `nnlab plot`.
#[derive(Debug, Clone, clap::Args)]
pub struct PlotArgs {
    /// A built-in preset name or a path to a .ron preset.
    pub preset: String,
    /// The file to write: FILE.svg or FILE.png (an existing regular file is replaced).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
    /// What to draw.
    #[arg(long, value_enum, default_value_t = ViewArg::Cost)]
    pub view: ViewArg,
    /// Train this many epochs instead of the preset's.
    #[arg(long)]
    pub epochs: Option<u64>,
    /// Use this seed for every run instead of the preset's.
    #[arg(long)]
    pub seed: Option<u64>,
    /// A directory with the four MNIST files, replacing the shipped set in an MNIST preset.
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Width and height in pixels (SVG: user units).
    #[arg(long, value_name = "WxH", default_value = "960x600", value_parser = plot::parse_size)]
    pub size: (u32, u32),
    /// Plot every K-th epoch (epoch 0 and the last always), as `nnlab run --every K` prints
    /// them; default: every epoch up to 2,000 epochs, then about 2,000 points per curve.
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u64).range(1..))]
    pub every: Option<u64>,
    /// The cost view's y axis.
    #[arg(long = "y", value_enum, default_value_t = CostArg::Auto)]
    pub cost_axis: CostArg,
    /// A logarithmic y axis (cost view).
    #[arg(long)]
    pub log: bool,
}

/// `nnlab plot`: trains the preset headless and writes the figure.
pub fn plot(args: &PlotArgs, out: &mut impl Write) -> Result<(), String> {
    let format = plot::format_of(&args.output)?;
    let view = match args.view {
        ViewArg::Cost => View::Cost,
        ViewArg::Params => View::Params,
        ViewArg::Accuracy => View::Accuracy,
        ViewArg::Landscape => View::Landscape,
        ViewArg::Map => View::Map,
        ViewArg::Boundary => View::Boundary,
        ViewArg::Hidden => View::Hidden,
    };
    let cost_axis = match args.cost_axis {
        CostArg::Auto => CostAxis::Auto,
        CostArg::C => CostAxis::Cost,
        CostArg::Ratio => CostAxis::Ratio,
    };
    if view != View::Cost && (args.log || cost_axis != CostAxis::Auto) {
        return Err("--log and --y apply to the cost view only".into());
    }
    let mut preset = Preset::load(&args.preset).map_err(|e| e.to_string())?;
    if let Some(epochs) = args.epochs {
        preset.epochs = epochs;
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
    let every = args
        .every
        .unwrap_or_else(|| plot::auto_every(preset.epochs));
    // Every limit before any training: curves (params: one per weight and the bias) times points.
    let curves: u64 = preset
        .runs
        .iter()
        .map(|r| match view {
            View::Params => r.layers.first().map_or(1, |&n| n as u64 + 1),
            _ => 1,
        })
        .sum();
    let points = curves.saturating_mul(plot::points_per_curve(preset.epochs, every));
    if points > plot::MAX_POINTS {
        return Err(format!(
            "{} epochs every {every} for {curves} curves is {points} points; a figure holds at most {}: raise --every",
            preset.epochs,
            plot::MAX_POINTS
        ));
    }
    if let Ok(meta) = std::fs::symlink_metadata(&args.output)
        && (meta.file_type().is_symlink() || !meta.is_file())
    {
        return Err(format!(
            "{}: is a symbolic link or not a regular file; nnlab replaces only regular files",
            args.output.display()
        ));
    }
    if view == View::Map {
        let data = preset.load_data()?;
        let figure = plot::grid::map(&preset, &data, crate::views::speed_map::Grid::default())?;
        return write_grid(&figure, args, format, out);
    }
    let name = preset.name.clone();
    let epochs = preset.epochs;
    let mut session = Session::new(preset).map_err(|e| e.to_string())?;
    if matches!(view, View::Boundary | View::Hidden) {
        plot::plane::check_plane(&session.data)?;
        let _ = plot::record(&mut session, every);
        let figure = if view == View::Boundary {
            plot::plane::boundary(&session)?
        } else {
            plot::plane::hidden(&session)?
        };
        let bytes = match format {
            plot::Format::Svg => figure.svg(args.size)?.into_bytes(),
            plot::Format::Png => figure.png(args.size)?,
        };
        let n = figure.panels.len();
        let (x, y) = (figure.plane.x, figure.plane.y);
        let what = format!(
            "{n} panel{} over x1 {:.2}…{:.2}, x2 {:.2}…{:.2}, epoch {epochs}",
            if n == 1 { "" } else { "s" },
            x.0,
            x.1,
            y.0,
            y.1
        );
        return write_said(&bytes, &what, args, format, out);
    }
    if view == View::Landscape {
        plot::grid::check_landscape(&session.preset, &session.data)?;
        let records = plot::record(&mut session, every);
        let figure = plot::grid::landscape(&session.preset, &session.data, &records)?;
        return write_grid(&figure, args, format, out);
    }
    let records = plot::record(&mut session, every);
    let figure = Figure::from_records(&name, epochs, &records, view, cost_axis, args.log)?;
    plot::save(&figure, &args.output, args.size)?;
    let bytes = std::fs::metadata(&args.output).map_or(0, |m| m.len());
    writeln!(
        out,
        "wrote {} ({}, {}x{}, {bytes} bytes): {} curve{}, {} points each, epochs 0 to {epochs}",
        args.output.display(),
        match format {
            plot::Format::Svg => "SVG",
            plot::Format::Png => "PNG",
        },
        args.size.0,
        args.size.1,
        figure.series.len(),
        if figure.series.len() == 1 { "" } else { "s" },
        figure
            .series
            .iter()
            .map(|s| s.points.len())
            .max()
            .unwrap_or(0),
    )
    .map_err(|e| format!("cannot write output: {e}"))
}

/// Writes a landscape or map figure and says what was written.
fn write_grid(
    figure: &plot::grid::GridFigure,
    args: &PlotArgs,
    format: plot::Format,
    out: &mut impl Write,
) -> Result<(), String> {
    let bytes = match format {
        plot::Format::Svg => figure.svg(args.size)?.into_bytes(),
        plot::Format::Png => figure.png(args.size)?,
    };
    let n = figure.panels.len();
    let what = format!(
        "{n} panel{} of {}x{} cells",
        if n == 1 { "" } else { "s" },
        figure.cols,
        figure.rows
    );
    write_said(&bytes, &what, args, format, out)
}

/// Writes a figure's bytes to the output and says what was written.
fn write_said(
    bytes: &[u8],
    what: &str,
    args: &PlotArgs,
    format: plot::Format,
    out: &mut impl Write,
) -> Result<(), String> {
    crate::save::write_atomic(&args.output, bytes, true)
        .map_err(|e| format!("cannot write {}: {e}", args.output.display()))?;
    writeln!(
        out,
        "wrote {} ({}, {}x{}, {} bytes): {what}",
        args.output.display(),
        match format {
            plot::Format::Svg => "SVG",
            plot::Format::Png => "PNG",
        },
        args.size.0,
        args.size.1,
        bytes.len(),
    )
    .map_err(|e| format!("cannot write output: {e}"))
}
