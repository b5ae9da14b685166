//! Figures over the (w, b) plane of a one-input neuron: the cost landscape (Eq. 54 and 57 as
//! surfaces, one panel per cost the preset's runs use, each run's path drawn on its cost's
//! panel) and the learning-speed map (epochs from each starting point to within the target,
//! one panel per cost). The cells are exactly what [`crate::views`] computes; panels share one
//! colour scale and a colour bar says what it means.
//!
//! About 400 lines: building the two grid figures and drawing them share the panel layout,
//! the colour scale and its bar, which belong together.

use super::View;
use super::draw::PALETTE;
use crate::data::Dataset;
use crate::preset::Preset;
use crate::views::LogScale;
use crate::views::landscape::{Landscape, Window};
use crate::views::speed_map::{self, COSTS, Grid};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Cells across and down a landscape panel.
pub const LANDSCAPE_CELLS: (usize, usize) = (120, 80);

/// A run's path: its index (for the colour), its label, its (w, b) at each epoch in order.
pub type RunPath = (usize, String, Vec<(f64, f64)>);

/// One panel: a title, its cells (row 0 at the top, `None`: no value, drawn grey) and the
/// paths drawn over it.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// The panel's title (the cost).
    pub title: String,
    /// Row-major values, `rows * cols`.
    pub cells: Vec<Option<f64>>,
    /// The runs' paths drawn over the cells.
    pub paths: Vec<RunPath>,
}

/// How values map to colours.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scale {
    /// Logarithmic between two positive values (the landscape's costs).
    Log(LogScale),
    /// Linear from 0 to a maximum (the map's epochs).
    Linear(f64),
}

impl Scale {
    fn fraction(self, v: f64) -> f64 {
        match self {
            Scale::Log(s) => s.fraction(v),
            Scale::Linear(max) if max > 0.0 => (v / max).clamp(0.0, 1.0),
            Scale::Linear(_) => 0.0,
        }
    }

    fn value_at(self, t: f64) -> f64 {
        match self {
            Scale::Log(s) => s.value_at(t),
            Scale::Linear(max) => t * max,
        }
    }
}

/// A figure of panels of cells over the same (w, b) window.
#[derive(Debug, Clone, PartialEq)]
pub struct GridFigure {
    /// The title (the preset's name and what is shown).
    pub title: String,
    /// Landscape or map.
    pub view: View,
    /// The w range the cells cover (edges).
    pub x_range: (f64, f64),
    /// The b range the cells cover (edges).
    pub y_range: (f64, f64),
    /// Cells across.
    pub cols: usize,
    /// Cells down.
    pub rows: usize,
    /// The colour scale, shared by every panel.
    pub scale: Scale,
    /// What a colour means (the colour bar's caption).
    pub scale_label: String,
    /// What grey means (the map: starting points that never reach the target).
    pub none_label: Option<String>,
    /// The panels, left to right.
    pub panels: Vec<Panel>,
}

/// Refuses a preset whose runs are not one-input neurons (before any training).
pub fn check_landscape(preset: &Preset, data: &Dataset) -> Result<(), String> {
    for config in &preset.runs {
        crate::views::check_one_input_neuron(config, &data.train)
            .map_err(|e| format!("--view landscape: {e}"))?;
    }
    Ok(())
}

/// The landscape figure of `preset` after `records` (each run's recorded metrics): one panel
/// per cost the runs use, over the window around every run's path.
pub fn landscape(
    preset: &Preset,
    data: &Dataset,
    records: &[super::Record],
) -> Result<GridFigure, String> {
    check_landscape(preset, data)?;
    let paths: Vec<Vec<(f64, f64)>> = records
        .iter()
        .map(|r| {
            r.metrics
                .iter()
                .filter_map(|m| m.neuron.as_ref().map(|n| (n.w[0], n.b)))
                .collect()
        })
        .collect();
    let window = Window::around(paths.iter().flatten().copied(), 1.0);
    let (cols, rows) = LANDSCAPE_CELLS;
    let mut costs = Vec::new();
    for r in &preset.runs {
        if !costs.contains(&r.cost) {
            costs.push(r.cost);
        }
    }
    let mut panels = Vec::new();
    let mut all = Vec::new();
    for cost in costs {
        let land = Landscape::compute(&data.train, cost, window, cols, rows)
            .map_err(|e| format!("--view landscape: {e}"))?;
        all.extend(land.values.iter().copied());
        panels.push(Panel {
            title: format!("C: {}", cost.name()),
            cells: land.values.iter().map(|&v| Some(v)).collect(),
            paths: preset
                .runs
                .iter()
                .enumerate()
                .filter(|(_, r)| r.cost == cost)
                .map(|(i, r)| {
                    (
                        i,
                        r.shown_label().into_owned(),
                        paths.get(i).cloned().unwrap_or_default(),
                    )
                })
                .collect(),
        });
    }
    let scale = LogScale::spanning(all).ok_or("--view landscape: the cost is 0 everywhere")?;
    Ok(GridFigure {
        title: format!("{}: cost landscape", preset.name),
        view: View::Landscape,
        x_range: (window.w_min, window.w_max),
        y_range: (window.b_min, window.b_max),
        cols,
        rows,
        scale: Scale::Log(scale),
        scale_label: "mean training cost C (log scale)".into(),
        none_label: None,
        panels,
    })
}

/// The learning-speed map figure of `preset`'s first run over `grid`: one panel per cost.
pub fn map(preset: &Preset, data: &Dataset, grid: Grid) -> Result<GridFigure, String> {
    let config = speed_map::pick_run(preset, data, None)
        .map_err(|e| format!("--view map: preset {:?}: {e}", preset.name))?;
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let progress = std::sync::atomic::AtomicUsize::new(0);
    let map = speed_map::compute(preset, config, data, grid, threads, &cancel, &progress)
        .map_err(|e| format!("--view map: {e}"))?
        .ok_or("--view map: cancelled")?;
    let edges = |(lo, hi): (f64, f64), n: usize| {
        let d = if n > 1 {
            (hi - lo) / (n - 1) as f64
        } else {
            hi - lo
        };
        (lo - d / 2.0, hi + d / 2.0)
    };
    let panels = COSTS
        .iter()
        .enumerate()
        .map(|(k, cost)| Panel {
            title: format!("C: {}", cost.name()),
            cells: map.epochs[k].iter().map(|e| e.map(|e| e as f64)).collect(),
            paths: Vec::new(),
        })
        .collect();
    Ok(GridFigure {
        title: format!(
            "{}: epochs to |a - y| < {} (run {:?}, eta {})",
            preset.name,
            speed_map::TOLERANCE,
            map.run,
            map.eta
        ),
        view: View::Map,
        x_range: edges(grid.w0, grid.cols),
        y_range: edges(grid.b0, grid.rows),
        cols: grid.cols,
        rows: grid.rows,
        scale: Scale::Linear(map.max_epochs as f64),
        scale_label: format!(
            "epochs from (w0, b0) to the target (grey: not in {})",
            map.max_epochs
        ),
        none_label: Some(format!("grey: not within {} epochs", map.max_epochs)),
        panels,
    })
}

/// Viridis at `t` in [0, 1] (five stops, linear between them): dark blue (low) to yellow.
fn colour(t: f64) -> RGBColor {
    const STOPS: [(f64, f64, f64); 5] = [
        (68.0, 1.0, 84.0),
        (59.0, 82.0, 139.0),
        (33.0, 145.0, 140.0),
        (94.0, 201.0, 98.0),
        (253.0, 231.0, 37.0),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let x = t * 4.0;
    let i = (x.floor() as usize).min(3);
    let f = x - i as f64;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    let mix = |p: f64, q: f64| (p + f * (q - p)).round().clamp(0.0, 255.0) as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// The steps of the colour bar under a grid of maps.
const STEPS: usize = 64;

const GREY: RGBColor = RGBColor(190, 190, 190);

fn fail<E: std::fmt::Display>(e: E) -> String {
    format!("cannot draw the figure: {e}")
}

fn label(v: f64) -> String {
    let a = v.abs();
    if v == 0.0 {
        "0".into()
    } else if (1e-2..1e5).contains(&a) {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        format!("{v:.2e}")
    }
}

impl GridFigure {
    /// The figure as an SVG document of `size` pixels.
    pub fn svg(&self, size: (u32, u32)) -> Result<String, String> {
        super::draw::svg(self, size)
    }

    /// The figure as a PNG file's bytes, `size` pixels.
    pub fn png(&self, size: (u32, u32)) -> Result<Vec<u8>, String> {
        super::draw::png(self, size)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        root.fill(&WHITE).map_err(fail)?;
        let (w, _) = root.dim_in_pixel();
        let title_px = (w / 48).clamp(14, 28);
        let root = root
            .titled(&self.title, ("sans-serif", title_px))
            .map_err(fail)?;
        let (w, h) = root.dim_in_pixel();
        let bar_w = (w / 9).clamp(70, 160);
        let (panels_area, bar_area) = root.split_horizontally(w.saturating_sub(bar_w));
        let n = self.panels.len().max(1) as u32;
        let pw = panels_area.dim_in_pixel().0 / n;
        let font = (h / 40).clamp(10, 18);
        let (x0, x1) = self.x_range;
        let (y0, y1) = self.y_range;
        let dx = (x1 - x0) / self.cols as f64;
        let dy = (y1 - y0) / self.rows as f64;
        let mut rest = panels_area;
        for (k, panel) in self.panels.iter().enumerate() {
            let (area, r) = if k + 1 < self.panels.len() {
                rest.split_horizontally(pw)
            } else {
                (rest.clone(), rest.clone())
            };
            rest = r;
            let mut chart = ChartBuilder::on(&area)
                .caption(&panel.title, ("sans-serif", font + 2))
                .margin(8)
                .x_label_area_size(font * 3)
                .y_label_area_size(font * 4)
                .build_cartesian_2d(x0..x1, y0..y1)
                .map_err(fail)?;
            chart
                .configure_mesh()
                .disable_mesh()
                .x_desc("w")
                .y_desc("b")
                .x_label_formatter(&|v| label(*v))
                .y_label_formatter(&|v| label(*v))
                .label_style(("sans-serif", font))
                .draw()
                .map_err(fail)?;
            chart
                .draw_series(panel.cells.iter().enumerate().map(|(i, v)| {
                    let (col, row) = (i % self.cols, i / self.cols);
                    let left = x0 + col as f64 * dx;
                    let top = y1 - row as f64 * dy;
                    let fill = match v {
                        Some(v) if v.is_finite() => colour(self.scale.fraction(*v)),
                        _ => GREY,
                    };
                    Rectangle::new([(left, top), (left + dx, top - dy)], fill.filled())
                }))
                .map_err(fail)?;
            for (run, name, points) in &panel.paths {
                let c = PALETTE[run % PALETTE.len()];
                let pts: Vec<(f64, f64)> = points
                    .iter()
                    .copied()
                    .filter(|(w, b)| w.is_finite() && b.is_finite())
                    .collect();
                chart
                    .draw_series(LineSeries::new(pts.clone(), c.stroke_width(3)))
                    .map_err(fail)?
                    .label(name.as_str())
                    .legend(move |(x, y)| {
                        PathElement::new([(x, y), (x + 16, y)], c.stroke_width(3))
                    });
                if let Some(&start) = pts.first() {
                    chart
                        .draw_series(std::iter::once(Circle::new(start, 5, WHITE.filled())))
                        .map_err(fail)?;
                }
            }
            if !panel.paths.is_empty() {
                chart
                    .configure_series_labels()
                    .background_style(WHITE.mix(0.85))
                    .border_style(BLACK)
                    .label_font(("sans-serif", font))
                    .position(SeriesLabelPosition::UpperRight)
                    .draw()
                    .map_err(fail)?;
            }
        }
        // The colour bar: one scale for every panel.
        let mut bar = ChartBuilder::on(&bar_area)
            .margin(8)
            .margin_top(font * 3)
            .y_label_area_size(0)
            .build_cartesian_2d(0.0..1.0, 0.0..1.0)
            .map_err(fail)?;
        bar.draw_series((0..STEPS).map(|s| {
            let t0 = s as f64 / STEPS as f64;
            let t1 = (s + 1) as f64 / STEPS as f64;
            Rectangle::new([(0.0, t0), (0.3, t1)], colour(t0).filled())
        }))
        .map_err(fail)?;
        let style = ("sans-serif", font).into_font();
        for t in [0.0, 0.25, 0.5, 0.75, 1.0] {
            bar.draw_series(std::iter::once(Text::new(
                label(self.scale.value_at(t)),
                (0.35, t),
                style.clone(),
            )))
            .map_err(fail)?;
        }
        let (bw, bh) = bar_area.dim_in_pixel();
        let caption = style.clone().transform(FontTransform::Rotate270);
        bar_area
            .draw(&Text::new(
                self.scale_label.clone(),
                (bw as i32 - font as i32 - 4, bh as i32 * 3 / 4),
                caption,
            ))
            .map_err(fail)?;
        Ok(())
    }
}

impl super::draw::Drawing for GridFigure {
    fn draw_on<DB>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String>
    where
        DB: DrawingBackend,
        DB::ErrorType: 'static,
    {
        self.draw(root)
    }
}
