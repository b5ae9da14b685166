//! Figures of a preset's runs as SVG or PNG files, drawn with plotters: one curve per run in
//! the lab's hues (each with its own marker shape, so a grey print still tells them apart),
//! labelled axes, a legend and the preset's name as title.
//!
//! [`record`] trains a session headless and keeps exactly the epochs `nnlab run --every K`
//! prints; [`Figure::from_records`] turns them into the series of one view; [`Figure::svg`] and
//! [`Figure::png`] draw them; [`save`] and [`write_svg`] write files atomically, never through
//! a symbolic link. The lab can build a [`Figure`] from its own history and call [`write_svg`].

mod draw;
mod file;
pub mod grid;
mod legend;
pub mod plane;
mod typeset;

pub use file::{Format, format_of, save, write_svg};

use crate::run::session::Session;
use crate::run::{Diverged, EpochMetrics};
use std::fmt::Write as _;

pub use draw::PALETTE;

/// The default figure size in pixels (SVG user units).
pub const DEFAULT_SIZE: (u32, u32) = (960, 600);
/// The smallest side of a figure: below this the labels no longer fit.
pub const MIN_SIDE: u32 = 320;
/// The largest side of a figure.
pub const MAX_SIDE: u32 = 8192;
/// The most pixels of a figure (a PNG's buffer is 3 bytes per pixel: 48 MiB at most).
pub const MAX_PIXELS: u64 = 16 * 1024 * 1024;
/// The most points a figure holds over all its curves (checked before training).
pub const MAX_POINTS: u64 = 2_000_000;
/// Without `--every`, a curve gets at most about this many points (more cannot be seen).
pub const AUTO_POINTS: u64 = 2_000;

/// What a figure shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Training cost against epoch (C or C/C0, linear or log).
    Cost,
    /// A single neuron's w and b against epoch.
    Params,
    /// Classification accuracy against epoch.
    Accuracy,
    /// The cost over (w, b) (a [`grid::GridFigure`]).
    Landscape,
    /// The learning-speed map (a [`grid::GridFigure`]).
    Map,
    /// Each run's answer over the input plane (a [`plane::PlaneFigure`]).
    Boundary,
    /// The first run's hidden units over the input plane (a [`plane::PlaneFigure`]).
    Hidden,
}

impl View {
    /// The view's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            View::Cost => "cost",
            View::Params => "params",
            View::Accuracy => "accuracy",
            View::Landscape => "landscape",
            View::Map => "map",
            View::Boundary => "boundary",
            View::Hidden => "hidden",
        }
    }
}

/// How the cost view scales the cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CostAxis {
    /// C/C0 when the runs use different costs (as the lab does), C otherwise.
    #[default]
    Auto,
    /// The cost C itself.
    Cost,
    /// C/C0: each run's cost divided by its cost at epoch 0.
    Ratio,
}

/// One curve: a run's (or one of its parameters') value at each reported epoch.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The legend's text.
    pub label: String,
    /// The run it belongs to (picks the colour).
    pub run: usize,
    /// The marker shape (an index into the figure's shapes).
    pub shape: usize,
    /// (epoch, value as plotted before any log axis); non-finite values are kept here and
    /// left out of the drawing.
    pub points: Vec<(u64, f64)>,
}

/// Everything a figure draws.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The title (the preset's name).
    pub title: String,
    /// The view, for file names.
    pub view: View,
    /// The x axis' description.
    pub x_label: String,
    /// The y axis' description, with its unit or scale.
    pub y_label: String,
    /// The x axis spans 0 to this many epochs (the planned epochs, as in the lab).
    pub x_max: u64,
    /// A log10 y axis.
    pub log: bool,
    /// A fixed y range (accuracy: 0 to 100), or `None` to fit the data.
    pub y_range: Option<(f64, f64)>,
    /// The curves.
    pub series: Vec<Series>,
}

/// The epochs `nnlab run --every K` would print for one run, with their metrics.
#[derive(Debug, Clone)]
pub struct Record {
    /// The run's label.
    pub label: String,
    /// The run's cost function's name.
    pub cost: String,
    /// When and why it stopped, if it diverged.
    pub diverged: Option<Diverged>,
    /// The reported epochs' metrics, epoch 0 first.
    pub metrics: Vec<EpochMetrics>,
}

/// The `--every` used when none is given: at most about [`AUTO_POINTS`] points per curve.
pub fn auto_every(epochs: u64) -> u64 {
    epochs.div_ceil(AUTO_POINTS).max(1)
}

/// How many points a curve of `epochs` epochs reported every `every` holds at most.
pub fn points_per_curve(epochs: u64, every: u64) -> u64 {
    // epoch 0, the multiples of every, the last epoch and a divergence row
    epochs / every.max(1) + 3
}

/// Checks a figure's size against [`MIN_SIDE`], [`MAX_SIDE`] and [`MAX_PIXELS`].
pub fn check_size((w, h): (u32, u32)) -> Result<(), String> {
    if !(MIN_SIDE..=MAX_SIDE).contains(&w) || !(MIN_SIDE..=MAX_SIDE).contains(&h) {
        return Err(format!(
            "size {w}x{h}: each side must be {MIN_SIDE} to {MAX_SIDE} pixels"
        ));
    }
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!(
            "size {w}x{h}: at most {MAX_PIXELS} pixels (e.g. 4096x4096)"
        ));
    }
    Ok(())
}

/// Parses `WxH` (e.g. `960x600`).
pub fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let bad = || format!("size {text:?}: expected WIDTHxHEIGHT in pixels, e.g. 960x600");
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(bad)?;
    let w: u32 = w.trim().parse().map_err(|_| bad())?;
    let h: u32 = h.trim().parse().map_err(|_| bad())?;
    check_size((w, h))?;
    Ok((w, h))
}

/// Trains `session` for its preset's epochs and keeps, per run, the metrics of the epochs
/// `nnlab run --every every` prints: epoch 0, every `every`-th epoch, the last epoch, and the
/// epoch a run diverged at (after which it stops).
pub fn record(session: &mut Session, every: u64) -> Vec<Record> {
    let every = every.max(1);
    let epochs = session.preset.epochs;
    let mut records: Vec<Record> = session
        .metrics()
        .into_iter()
        .zip(&session.runs)
        .map(|(m, run)| Record {
            label: run.config.shown_label().into_owned(),
            cost: run.config.cost.name().to_string(),
            diverged: None,
            metrics: vec![m],
        })
        .collect();
    let mut reported_divergence = vec![false; records.len()];
    for epoch in 1..=epochs {
        if session.finished() {
            break;
        }
        let metrics = session.step();
        for (i, m) in metrics.into_iter().enumerate() {
            let run = &session.runs[i];
            let diverged_now = run.diverged_at() == Some(m.epoch) && !reported_divergence[i];
            if run.diverged.is_some() && !diverged_now {
                continue;
            }
            if diverged_now {
                reported_divergence[i] = true;
                records[i].diverged.clone_from(&run.diverged);
            }
            if epoch % every == 0 || epoch == epochs || diverged_now {
                records[i].metrics.push(m);
            }
        }
    }
    records
}

impl Figure {
    /// The series of `view` from recorded runs. `title` is the preset's name, `epochs` its
    /// planned epochs (the x axis' end).
    pub fn from_records(
        title: &str,
        epochs: u64,
        records: &[Record],
        view: View,
        cost_axis: CostAxis,
        log: bool,
    ) -> Result<Figure, String> {
        let diverged = |r: &Record| match &r.diverged {
            Some(d) => format!("{} ({d})", r.label),
            None => r.label.clone(),
        };
        let mut figure = Figure {
            title: title.to_string(),
            view,
            x_label: "epoch".into(),
            y_label: String::new(),
            x_max: epochs.max(1),
            log,
            y_range: None,
            series: Vec::new(),
        };
        match view {
            View::Cost => {
                let ratio = match cost_axis {
                    CostAxis::Cost => false,
                    CostAxis::Ratio => true,
                    CostAxis::Auto => records.iter().any(|r| r.cost != records[0].cost),
                };
                figure.y_label = if ratio {
                    "C / C0 (training cost relative to epoch 0)".into()
                } else if records.iter().all(|r| r.cost == records[0].cost) && !records.is_empty() {
                    format!("C (training cost, {})", records[0].cost)
                } else {
                    "C (training cost)".into()
                };
                for (i, r) in records.iter().enumerate() {
                    let c0 = r.metrics.first().map_or(f64::NAN, |m| m.cost);
                    let points = r
                        .metrics
                        .iter()
                        .map(|m| (m.epoch, if ratio { m.cost / c0 } else { m.cost }))
                        .collect();
                    let mut label = diverged(r);
                    if (ratio || records.iter().any(|o| o.cost != r.cost))
                        && !r.label.contains(&r.cost)
                    {
                        let _ = write!(label, " ({})", r.cost);
                    }
                    figure.series.push(Series {
                        label,
                        run: i,
                        shape: i,
                        points,
                    });
                }
            }
            View::Accuracy => {
                if records
                    .iter()
                    .any(|r| r.metrics.iter().all(|m| m.accuracy.is_none()))
                {
                    return Err(format!(
                        "preset {title:?} reports no accuracy (its data is not a classification set); use --view cost"
                    ));
                }
                let on_eval = records
                    .iter()
                    .all(|r| r.metrics.iter().any(|m| m.eval_cost.is_some()));
                figure.y_label = if on_eval {
                    "accuracy (%) on the evaluation set, and on the training set where marked"
                        .to_string()
                } else {
                    "accuracy on the training set (%)".to_string()
                };
                // a little headroom so a curve at 100% is not hidden by the frame
                figure.y_range = Some((0.0, 102.0));
                if log {
                    return Err("--log applies to the cost view only".into());
                }
                for (i, r) in records.iter().enumerate() {
                    let points = r
                        .metrics
                        .iter()
                        .map(|m| (m.epoch, m.accuracy.map_or(f64::NAN, |a| 100.0 * a)))
                        .collect();
                    figure.series.push(Series {
                        label: diverged(r),
                        run: i,
                        shape: i,
                        points,
                    });
                }
                if on_eval {
                    // Beside each run's evaluation accuracy, its training accuracy (as the
                    // lab's accuracy chart shows both), in the run's colour, its own marker.
                    for (i, r) in records.iter().enumerate() {
                        let points = r
                            .metrics
                            .iter()
                            .map(|m| {
                                let a = m.train_accuracy.map_or(f64::NAN, |a| 100.0 * a);
                                (m.epoch, a)
                            })
                            .collect();
                        figure.series.push(Series {
                            label: format!("{}, training set", diverged(r)),
                            run: i,
                            shape: records.len() + i,
                            points,
                        });
                    }
                }
            }
            View::Params => {
                if log {
                    return Err("--log applies to the cost view only".into());
                }
                figure.y_label = "parameter value (w: weight, b: bias)".into();
                let mut shape = 0;
                for (i, r) in records.iter().enumerate() {
                    let Some(first) = r.metrics.first().and_then(|m| m.neuron.as_ref()) else {
                        return Err(format!(
                            "the params view draws a single neuron's w and b; run {:?} of {title:?} is a network: use --view cost or accuracy",
                            r.label
                        ));
                    };
                    let inputs = first.w.len();
                    for j in 0..=inputs {
                        let name = match (j, inputs) {
                            (j, _) if j == inputs => "b".to_string(),
                            (_, 1) => "w".to_string(),
                            (j, _) => format!("w{}", j + 1),
                        };
                        let points = r
                            .metrics
                            .iter()
                            .map(|m| {
                                let v = m.neuron.as_ref().map_or(f64::NAN, |n| {
                                    if j == inputs {
                                        n.b
                                    } else {
                                        n.w.get(j).copied().unwrap_or(f64::NAN)
                                    }
                                });
                                (m.epoch, v)
                            })
                            .collect();
                        figure.series.push(Series {
                            label: format!("{}: {name}", diverged(r)),
                            run: i,
                            shape,
                            points,
                        });
                        shape += 1;
                    }
                }
            }
            View::Boundary | View::Hidden => {
                return Err(format!(
                    "the {} view is a figure over the input plane: see plot::plane",
                    view.name()
                ));
            }
            View::Landscape | View::Map => {
                return Err(format!(
                    "the {} is a grid figure: see plot::grid",
                    view.name()
                ));
            }
        }
        Ok(figure)
    }

    /// The figure as an SVG document of `size` pixels.
    pub fn svg(&self, size: (u32, u32)) -> Result<String, String> {
        draw::svg(self, size)
    }

    /// The figure as a PNG file's bytes, `size` pixels.
    pub fn png(&self, size: (u32, u32)) -> Result<Vec<u8>, String> {
        draw::png(self, size)
    }
}
