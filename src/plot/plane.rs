//! Figures over the input plane of a two-feature preset: `--view boundary`, each run's answer
//! (class 1's share of its output, [`crate::views::decision`]) with the examples on it, one
//! panel per run at the last epoch; and `--view hidden`, each first-layer hidden unit's
//! activation a^2_j = sigma(w_j . x + b_j) of the first run, one small panel per unit titled
//! with its weights' signs. Examples: circles for class 0, triangles for class 1, filled for
//! training and hollow for held-out ones; one the run's network gets wrong has a black ring.

use super::draw::FAMILY;
use crate::data::Dataset;
use crate::run::session::Session;
use crate::views::decision::{DecisionMap, Plane, Point, answer, hidden_unit, points};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Cells across and down a panel.
pub const CELLS: (usize, usize) = (120, 90);

/// One panel: a title and its cells (row 0 at the top), values in [0, 1].
#[derive(Debug, Clone, PartialEq)]
pub struct PlanePanel {
    /// What the panel shows.
    pub title: String,
    /// Row-major values, `CELLS.0 * CELLS.1`.
    pub cells: Vec<f64>,
    /// For each example, whether this panel's network gets it wrong (empty: not marked).
    pub wrong: Vec<bool>,
}

/// A figure of panels over the input plane.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaneFigure {
    /// The figure's title.
    pub title: String,
    /// What the colour means (class 1's share, or a unit's activation).
    pub scale_label: String,
    /// The plane every panel covers.
    pub plane: Plane,
    /// The examples drawn on every panel.
    pub points: Vec<Point>,
    /// The panels, left to right, then in rows.
    pub panels: Vec<PlanePanel>,
}

/// Why a preset has no plane figure.
fn check(data: &Dataset) -> Result<Plane, String> {
    Plane::around(data).ok_or_else(|| {
        format!(
            "--view boundary and --view hidden draw the plane of two input features (x1, x2); this preset's inputs have {}",
            data.train.input_dim()
        )
    })
}

/// Refuses a preset whose inputs do not have two features, before any training.
pub fn check_plane(data: &Dataset) -> Result<(), String> {
    check(data).map(|_| ())
}

/// `--view boundary`: each run's answer at the session's current epoch.
pub fn boundary(session: &Session) -> Result<PlaneFigure, String> {
    let plane = check(&session.data)?;
    let pts = points(&session.data);
    let panels = session
        .runs
        .iter()
        .map(|run| {
            let map = DecisionMap::of(&run.network, &plane, CELLS.0, CELLS.1);
            PlanePanel {
                title: format!("{}, epoch {}", run.config.shown_label(), run.epoch),
                cells: map.cells.iter().map(|a| a.class1).collect(),
                wrong: pts
                    .iter()
                    .map(|p| answer(&run.network, p.x).class != p.class)
                    .collect(),
            }
        })
        .collect();
    Ok(PlaneFigure {
        title: format!(
            "{}: each run's answer over the input plane",
            session.preset.name
        ),
        scale_label: "class 1's share of the output".into(),
        plane,
        points: pts,
        panels,
    })
}

/// `--view hidden`: each first-layer hidden unit of the first run, at its current epoch.
pub fn hidden(session: &Session) -> Result<PlaneFigure, String> {
    let plane = check(&session.data)?;
    let run = session.runs.first().ok_or("the preset has no runs")?;
    let net = &run.network;
    if net.depth() < 2 {
        return Err(format!(
            "run {:?} has layers {:?}: no hidden layer to draw",
            run.config.label, run.config.layers
        ));
    }
    let sign = |v: f64| if v >= 0.0 { '+' } else { '-' };
    let panels = (0..net.sizes[1])
        .filter_map(|j| {
            let cells = hidden_unit(net, &plane, CELLS.0, CELLS.1, j)?;
            let w = net.weights[0].row(j);
            Some(PlanePanel {
                title: format!(
                    "unit {}: w ({}, {}) b {}",
                    j + 1,
                    sign(w[0]),
                    sign(w[1]),
                    sign(net.biases[0][j])
                ),
                cells,
                wrong: Vec::new(),
            })
        })
        .collect();
    Ok(PlaneFigure {
        title: format!(
            "{}: hidden units of {}, epoch {}",
            session.preset.name,
            run.config.shown_label(),
            run.epoch
        ),
        scale_label: "activation a = σ(w·x + b)".into(),
        plane,
        points: points(&session.data),
        panels,
    })
}

/// The colour of a value in [0, 1]: blue (class 0, or off) through white to orange.
fn colour(t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.5
    };
    let (lo, mid, hi) = (
        (49.0, 104.0, 196.0),
        (247.0, 247.0, 247.0),
        (222.0, 110.0, 20.0),
    );
    let lerp = |a: (f64, f64, f64), b: (f64, f64, f64), u: f64| {
        RGBColor(
            (a.0 + u * (b.0 - a.0)).round() as u8,
            (a.1 + u * (b.1 - a.1)).round() as u8,
            (a.2 + u * (b.2 - a.2)).round() as u8,
        )
    };
    if t < 0.5 {
        lerp(lo, mid, t * 2.0)
    } else {
        lerp(mid, hi, t * 2.0 - 1.0)
    }
}

fn fail<E: std::fmt::Display>(e: E) -> String {
    format!("cannot draw the figure: {e}")
}

impl PlaneFigure {
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
        let root = root.titled(&self.title, (FAMILY, title_px)).map_err(fail)?;
        let (_, h) = root.dim_in_pixel();
        let key_h = (h / 9).clamp(40, 120);
        let (grid_area, key_area) = root.split_vertically(h.saturating_sub(key_h));
        let n = self.panels.len().max(1);
        // up to three panels side by side; more in as square a grid as they make
        let cols = if n <= 3 {
            n
        } else {
            (1..=n).find(|&c| c * c >= n).unwrap_or(n)
        };
        let rows = n.div_ceil(cols);
        let font = (h / (28 * rows as u32).max(1)).clamp(9, 16);
        let areas = grid_area.split_evenly((rows, cols));
        let p = &self.plane;
        let (dx, dy) = (
            (p.x.1 - p.x.0) / CELLS.0 as f64,
            (p.y.1 - p.y.0) / CELLS.1 as f64,
        );
        for (panel, area) in self.panels.iter().zip(&areas) {
            let mut chart = ChartBuilder::on(area)
                .caption(&panel.title, (FAMILY, font + 2))
                .margin(6)
                .x_label_area_size(font * 2 + 4)
                .y_label_area_size(font * 4)
                .build_cartesian_2d(p.x.0..p.x.1, p.y.0..p.y.1)
                .map_err(fail)?;
            chart
                .configure_mesh()
                .disable_mesh()
                .x_desc("x1")
                .y_desc("x2")
                .x_labels(5)
                .y_labels(5)
                .label_style((FAMILY, font))
                .draw()
                .map_err(fail)?;
            chart
                .draw_series(panel.cells.iter().enumerate().map(|(i, v)| {
                    let (col, row) = (i % CELLS.0, i / CELLS.0);
                    let left = p.x.0 + col as f64 * dx;
                    let top = p.y.1 - row as f64 * dy;
                    Rectangle::new([(left, top), (left + dx, top - dy)], colour(*v).filled())
                }))
                .map_err(fail)?;
            let r = (font / 4).max(2) as i32;
            for (k, pt) in self.points.iter().enumerate() {
                let ink = if pt.class == 0 {
                    RGBColor(20, 50, 120)
                } else {
                    RGBColor(140, 60, 0)
                };
                let style = if pt.eval {
                    ink.stroke_width(1)
                } else {
                    ink.filled()
                };
                let at = (pt.x[0], pt.x[1]);
                if pt.class == 0 {
                    chart
                        .draw_series(std::iter::once(Circle::new(at, r, style)))
                        .map_err(fail)?;
                } else {
                    chart
                        .draw_series(std::iter::once(TriangleMarker::new(at, r + 1, style)))
                        .map_err(fail)?;
                }
                if panel.wrong.get(k).copied().unwrap_or(false) {
                    chart
                        .draw_series(std::iter::once(Circle::new(
                            at,
                            r + 3,
                            BLACK.stroke_width(1),
                        )))
                        .map_err(fail)?;
                }
            }
        }
        // the key: the colour ramp from 0 to 1 with what it means, and the markers
        let (kw, kh) = key_area.dim_in_pixel();
        let bar_w = (kw / 5) as i32;
        let y0 = (kh / 4) as i32;
        let y1 = y0 + (kh / 3).max(6) as i32;
        for s in 0..64 {
            let x = 20 + bar_w * s / 64;
            key_area
                .draw(&Rectangle::new(
                    [(x, y0), (20 + bar_w * (s + 1) / 64, y1)],
                    colour(f64::from(s) / 63.0).filled(),
                ))
                .map_err(fail)?;
        }
        let lines = [
            format!("colour, 0 to 1: {}", self.scale_label),
            format!(
                "● class 0  ▲ class 1  (filled: training, hollow: held out){}",
                if self.panels.iter().any(|p| !p.wrong.is_empty()) {
                    "  ringed: the run gets it wrong"
                } else {
                    ""
                }
            ),
        ];
        let step = (kh / 2).max(12) as i32;
        // the key's text is never cut: the size that fits beside the ramp
        let room = kw.saturating_sub(40 + bar_w as u32);
        let mut size = font.max(11);
        let fits = |size: u32| {
            lines.iter().all(|l| {
                key_area
                    .estimate_text_size(l, &TextStyle::from((FAMILY, size).into_font()))
                    .is_ok_and(|(w, _)| w <= room)
            })
        };
        while size > 7 && !fits(size) {
            size -= 1;
        }
        let text = (FAMILY, size).into_font();
        for (k, line) in lines.iter().enumerate() {
            key_area
                .draw(&Text::new(
                    line.clone(),
                    (30 + bar_w, 4 + k as i32 * step),
                    text.clone(),
                ))
                .map_err(fail)?;
        }
        Ok(())
    }
}

impl super::draw::Drawing for PlaneFigure {
    fn draw_on<DB>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String>
    where
        DB: DrawingBackend,
        DB::ErrorType: 'static,
    {
        self.draw(root)
    }
}
