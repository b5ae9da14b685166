//! Drawing a [`Figure`] with plotters: the same code for the SVG and the PNG backend.

use super::Figure;
use plotters::coord::Shift;
use plotters::element::{Drawable, PointCollection};
use plotters::prelude::*;
use plotters::style::RGBColor;
use plotters_backend::{BackendCoord, DrawingErrorKind};
use std::sync::OnceLock;

/// DejaVu Sans (Bitstream Vera licence, see assets/fonts/LICENSE-DejaVu.txt): shipped so a
/// PNG needs no system font and no fontconfig.
pub(super) static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// The family the font is registered under; SVG viewers resolve it to their own sans-serif.
pub(super) const FAMILY: &str = "sans-serif";

/// One colour per run, in the order and hue of the lab's run colours (red, cyan, green,
/// magenta, yellow, blue), darkened to read on white paper.
pub const PALETTE: [RGBColor; 6] = [
    RGBColor(204, 37, 41),
    RGBColor(0, 134, 155),
    RGBColor(44, 140, 44),
    RGBColor(163, 50, 163),
    RGBColor(176, 128, 0),
    RGBColor(40, 90, 200),
];

/// How many markers a curve carries (spread evenly; they tell curves apart in grey).
const MARKERS: usize = 10;

pub(super) fn register_font() -> Result<(), String> {
    static DONE: OnceLock<Result<(), String>> = OnceLock::new();
    DONE.get_or_init(|| {
        plotters::style::register_font(FAMILY, FontStyle::Normal, FONT)
            .map_err(|_| "the shipped font (DejaVu Sans) cannot be read".to_string())
    })
    .clone()
}

fn fail<E: std::fmt::Display>(e: E) -> String {
    format!("cannot draw the figure: {e}")
}

/// A figure plotters can draw onto any backend: the one drawing code behind its SVG and PNG.
pub(super) trait Drawing {
    /// Draws the figure onto `root`.
    fn draw_on<DB>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String>
    where
        DB: DrawingBackend,
        DB::ErrorType: 'static;
}

impl Drawing for Figure {
    fn draw_on<DB>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String>
    where
        DB: DrawingBackend,
        DB::ErrorType: 'static,
    {
        draw(self, root, root.dim_in_pixel())
    }
}

/// `figure` as an SVG document of `size` pixels (the size checked first).
pub(super) fn svg(figure: &impl Drawing, size: (u32, u32)) -> Result<String, String> {
    super::check_size(size)?;
    register_font()?;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        figure.draw_on(&root)?;
        root.present().map_err(fail)?;
    }
    Ok(out)
}

/// `figure` as a PNG file's bytes, `size` pixels, its text set by [`super::typeset`].
pub(super) fn png(figure: &impl Drawing, size: (u32, u32)) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    super::check_size(size)?;
    register_font()?;
    let (w, h) = size;
    let mut pixels = vec![0u8; w as usize * h as usize * 3];
    {
        let backend = super::typeset::Typeset(BitMapBackend::with_buffer(&mut pixels, size));
        let root = backend.into_drawing_area();
        figure.draw_on(&root)?;
        root.present().map_err(fail)?;
    }
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&pixels, w, h, image::ColorType::Rgb8)
        .map_err(|e| format!("cannot encode the PNG: {e}"))?;
    Ok(png)
}

/// The points of a series as drawn: finite only, log10 on a log axis (positive values only).
fn drawn(figure: &Figure, points: &[(u64, f64)]) -> Vec<(f64, f64)> {
    points
        .iter()
        .filter_map(|&(epoch, v)| {
            let y = if figure.log {
                if v > 0.0 { v.log10() } else { return None }
            } else {
                v
            };
            y.is_finite().then_some((epoch as f64, y))
        })
        .collect()
}

/// The y range: fixed, or the data's with 0 included on a linear axis, whole decades on a log one.
fn y_bounds(figure: &Figure, curves: &[Vec<(f64, f64)>]) -> (f64, f64) {
    if let Some(range) = figure.y_range {
        return range;
    }
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for &(_, y) in curves.iter().flatten() {
        lo = lo.min(y);
        hi = hi.max(y);
    }
    if !lo.is_finite() || !hi.is_finite() {
        return if figure.log { (-1.0, 1.0) } else { (0.0, 1.0) };
    }
    if figure.log {
        let (lo, hi) = (lo.floor(), hi.ceil());
        (lo, if hi > lo { hi } else { lo + 1.0 })
    } else {
        let lo = lo.min(0.0);
        let span = (hi - lo).max(hi.abs() * 1e-9).max(1e-12);
        let pad = 0.05 * span;
        (if lo < 0.0 { lo - pad } else { lo }, hi + pad)
    }
}

/// A tick label: short, no trailing zeros, never cut.
fn tick(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let a = v.abs();
    if !(1e-3..1e5).contains(&a) {
        return format!("{v:.1e}");
    }
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

fn log_tick(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("1e{}", v.round() as i64)
    } else {
        format!("{:.1e}", 10f64.powf(v))
    }
}

/// A marker: one of six shapes (filled circle, triangle, square, cross, hollow circle,
/// hollow square) drawn from backend primitives, so it never adds a polyline to an SVG (the
/// curves are the only polylines).
struct Mark<C> {
    at: C,
    shape: usize,
    color: RGBColor,
    size: i32,
}

impl<'a, C: 'a> PointCollection<'a, C> for &'a Mark<C> {
    type Point = &'a C;
    type IntoIter = std::iter::Once<&'a C>;
    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.at)
    }
}

impl<DB: DrawingBackend, C> Drawable<DB> for Mark<C> {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut points: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        let Some((x, y)) = points.next() else {
            return Ok(());
        };
        let s = self.size;
        let filled = self.color.filled();
        let hollow = self.color.stroke_width(2);
        match self.shape % 6 {
            0 => backend.draw_circle((x, y), s as u32, &filled, true),
            1 => backend.fill_polygon(
                [(x, y - s - 2), (x - s - 2, y + s), (x + s + 2, y + s)],
                &filled,
            ),
            2 => backend.draw_rect((x - s, y - s), (x + s, y + s), &filled, true),
            3 => {
                backend.draw_line((x - s, y - s), (x + s, y + s), &hollow)?;
                backend.draw_line((x - s, y + s), (x + s, y - s), &hollow)
            }
            4 => backend.draw_circle((x, y), s as u32, &hollow, false),
            _ => backend.draw_rect((x - s, y - s), (x + s, y + s), &hollow, false),
        }
    }
}

/// Indices of the points that carry a marker: [`MARKERS`] spread evenly, shifted per shape so
/// curves that lie on each other still show both markers.
fn marker_indices(n: usize, shape: usize) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    let count = MARKERS.min(n);
    let step = n / count;
    let start = (shape * step / 3) % step.max(1);
    (0..count)
        .map(|k| start + k * step)
        .filter(|&i| i < n)
        .collect()
}

fn draw<DB>(
    figure: &Figure,
    root: &DrawingArea<DB, Shift>,
    (w, h): (u32, u32),
) -> Result<(), String>
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    root.fill(&WHITE).map_err(fail)?;
    // Text and strokes scale with the figure; 960x600 is the reference.
    let unit = (f64::from(w.min(h)) / 600.0).clamp(0.55, 8.0);
    let px = |v: f64| (v * unit).round().max(1.0);
    let curves: Vec<Vec<(f64, f64)>> = figure
        .series
        .iter()
        .map(|s| drawn(figure, &s.points))
        .collect();
    let (y_lo, y_hi) = y_bounds(figure, &curves);
    let x_max = figure.x_max.max(1) as f64;
    let y_desc = if figure.log {
        format!("{} (log scale)", figure.y_label)
    } else {
        figure.y_label.clone()
    };
    // The caption first, so the plotting area's size is known before the chart is built: the
    // legend's place depends on where the curves fall in it.
    let m = px(18.0) as i32;
    let area = root
        .margin(m, m, m, m)
        .titled(&figure.title, (FAMILY, px(26.0)))
        .map_err(fail)?;
    let frame = |y_lo: f64, y_hi: f64| {
        ChartBuilder::on(&area)
            .x_label_area_size(px(56.0) as u32)
            .y_label_area_size(px(84.0) as u32)
            .build_cartesian_2d(0f64..x_max, y_lo..y_hi)
    };
    let plot = frame(y_lo, y_hi)
        .map_err(fail)?
        .plotting_area()
        .dim_in_pixel();
    let legend = super::legend::Legend {
        margin: px(10.0) as i32,
        swatch_area: px(40.0) as i32,
        font: px(15.0),
    };
    let (place, y_hi) = legend.place(figure, &curves, (y_lo, y_hi), plot, px(6.0) as i32)?;
    let mut chart = frame(y_lo, y_hi).map_err(fail)?;
    let log = figure.log;
    let y_format = move |v: &f64| if log { log_tick(*v) } else { tick(*v) };
    // epochs are whole: no ticks between them on a short run
    let x_format = |v: &f64| {
        if v.fract() == 0.0 {
            tick(*v)
        } else {
            String::new()
        }
    };
    let x_labels = (figure.x_max.max(1) as usize + 1).min(8);
    let y_labels = if log {
        ((y_hi - y_lo).round() as usize + 1).clamp(2, 12)
    } else {
        8
    };
    chart
        .configure_mesh()
        .x_desc(&figure.x_label)
        .y_desc(y_desc)
        .x_labels(x_labels)
        .y_labels(y_labels)
        .x_label_formatter(&x_format)
        .y_label_formatter(&y_format)
        .label_style((FAMILY, px(15.0)))
        .axis_desc_style((FAMILY, px(17.0)))
        .bold_line_style(RGBColor(220, 220, 220))
        .light_line_style(RGBColor(242, 242, 242))
        .axis_style(BLACK.stroke_width(px(1.0) as u32))
        .draw()
        .map_err(fail)?;
    let stroke = px(2.0) as u32;
    let size = px(4.0) as i32;
    for (series, points) in figure.series.iter().zip(&curves) {
        let color = PALETTE[series.run % PALETTE.len()];
        let shape = series.shape;
        let swatch = px(14.0) as i32;
        let thick = (stroke as i32 / 2).max(1);
        chart
            .draw_series(LineSeries::new(
                points.iter().copied(),
                color.stroke_width(stroke),
            ))
            .map_err(fail)?
            .label(series.label.clone())
            .legend(move |(x, y)| {
                EmptyElement::at((x, y))
                    + Rectangle::new([(0, -thick), (2 * swatch, thick)], color.filled())
                    + Mark {
                        at: (swatch, 0),
                        shape,
                        color,
                        size,
                    }
            });
        let marks: Vec<(f64, f64)> = marker_indices(points.len(), shape)
            .into_iter()
            .map(|i| points[i])
            .collect();
        chart
            .draw_series(marks.into_iter().map(|at| Mark {
                at,
                shape,
                color,
                size,
            }))
            .map_err(fail)?;
    }
    chart
        .configure_series_labels()
        .position(place)
        .margin(legend.margin as u32)
        .legend_area_size(legend.swatch_area as u32)
        .label_font((FAMILY, legend.font))
        .background_style(WHITE.mix(0.9))
        .border_style(RGBColor(160, 160, 160))
        .draw()
        .map_err(fail)?;
    Ok(())
}
