//! `nnlab map`: the learning-speed map of a one-input neuron preset, one record per starting
//! point and cost (see [`crate::views::speed_map`]).

use crate::preset::Preset;
use crate::views::speed_map::{self, Grid};
use clap::ValueEnum;
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicUsize};

/// Output format of `nnlab map`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MapFormat {
    /// JSON Lines: one object per cell and cost.
    Json,
    /// Comma-separated values with a header row; an empty `epochs` means never.
    Csv,
}

/// Arguments of `nnlab map`.
#[derive(Debug, Clone, clap::Args)]
pub struct MapArgs {
    /// A built-in preset name or a path to a .ron preset (a one-input neuron, layers [1, 1]).
    pub preset: String,
    /// The run whose eta, mini-batch, update rule and seed are used (default: the first).
    #[arg(long, value_name = "LABEL")]
    pub run: Option<String>,
    /// Starting points across w0 and down b0.
    #[arg(long, value_name = "WxH", default_value = "60x30")]
    pub grid: String,
    /// The ranges of w0 and b0.
    #[arg(
        long,
        value_name = "W0MIN:W0MAX,B0MIN:B0MAX",
        default_value = "-4:4,-4:4",
        allow_hyphen_values = true
    )]
    pub range: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = MapFormat::Json)]
    pub format: MapFormat,
}

fn parse_grid(s: &str) -> Result<(usize, usize), String> {
    let bad = || format!("--grid takes WxH with two whole numbers, like 60x30; got {s:?}");
    let (w, h) = s.split_once(['x', 'X']).ok_or_else(bad)?;
    let w = w.trim().parse().map_err(|_| bad())?;
    let h = h.trim().parse().map_err(|_| bad())?;
    Ok((w, h))
}

/// A range MIN:MAX.
type Range = (f64, f64);

fn parse_range(s: &str) -> Result<(Range, Range), String> {
    let bad = || {
        format!(
            "--range takes W0MIN:W0MAX,B0MIN:B0MAX with finite numbers, like -4:4,-4:4; got {s:?}"
        )
    };
    let pair = |p: &str| -> Result<Range, String> {
        let (lo, hi) = p.split_once(':').ok_or_else(bad)?;
        let lo: f64 = lo.trim().parse().map_err(|_| bad())?;
        let hi: f64 = hi.trim().parse().map_err(|_| bad())?;
        Ok((lo, hi))
    };
    let (w, b) = s.split_once(',').ok_or_else(bad)?;
    Ok((pair(w)?, pair(b)?))
}

/// Runs `nnlab map`.
pub fn map(args: &MapArgs, out: &mut impl Write) -> Result<(), String> {
    let (cols, rows) = parse_grid(&args.grid)?;
    let (w0, b0) = parse_range(&args.range)?;
    let grid = Grid { cols, rows, w0, b0 };
    grid.check().map_err(|e| e.to_string())?;
    let preset = Preset::load(&args.preset).map_err(|e| e.to_string())?;
    let data = preset.load_data()?;
    let config = speed_map::pick_run(&preset, &data, args.run.as_deref())
        .map_err(|e| format!("preset {:?}: {e}", preset.name))?;
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let (cancel, progress) = (AtomicBool::new(false), AtomicUsize::new(0));
    let map = speed_map::compute(&preset, config, &data, grid, threads, &cancel, &progress)
        .map_err(|e| e.to_string())?
        .ok_or("the map was cancelled")?;
    let io = |e: std::io::Error| format!("cannot write output: {e}");
    if args.format == MapFormat::Csv {
        writeln!(out, "w0,b0,cost,epochs").map_err(io)?;
    }
    for r in map.records() {
        match args.format {
            MapFormat::Json => {
                let line = serde_json::to_string(&r).map_err(|e| e.to_string())?;
                writeln!(out, "{line}").map_err(io)?;
            }
            MapFormat::Csv => {
                let e = r.epochs.map(|e| e.to_string()).unwrap_or_default();
                writeln!(out, "{},{},{},{e}", r.w0, r.b0, r.cost).map_err(io)?;
            }
        }
    }
    out.flush().map_err(io)
}
