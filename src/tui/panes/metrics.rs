//! The metrics pane: cost against epoch for every run (Chart), one row per run with its
//! numbers at the cursor (or the newest epoch) and a sparkline of the whole run, and for
//! classification presets the evaluation accuracy in a second chart.
//!
//! One [`Scale`] serves the chart and every sparkline: the same value draws at the same
//! height everywhere, and the range is printed. The epoch axis spans the planned epochs
//! from the start, so the frame does not move under the learner.

use super::{block, flow, item, num};
use crate::tui::app::{App, Focus};
use crate::tui::theme::{THEME, run_color};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph, Sparkline, Widget};

/// The curves as drawn: per run, (epoch, y) with y transformed (C/C0, log10), finite only.
pub fn curves(app: &App) -> Vec<Vec<(f64, f64)>> {
    app.store
        .histories
        .iter()
        .map(|h| {
            h.cost
                .points()
                .into_iter()
                .map(|(e, c)| (e, transform(app, c, h.c0_at(e))))
                .filter(|p| p.1.is_finite())
                .collect()
        })
        .collect()
}

/// The evaluation-cost curves as drawn (C/C0 divides by the evaluation cost at epoch 0).
pub fn eval_curves(app: &App) -> Vec<Vec<(f64, f64)>> {
    app.store
        .histories
        .iter()
        .map(|h| {
            let c0 = h.eval_cost.first().map(|p| p.1).filter(|c| *c > 0.0);
            h.eval_cost
                .points()
                .into_iter()
                .map(|(e, c)| (e, transform(app, c, c0)))
                .filter(|p| p.1.is_finite())
                .collect()
        })
        .collect()
}

/// The value as plotted: C or C/C0, then log10 on a log axis.
pub fn transform(app: &App, cost: f64, c0: Option<f64>) -> f64 {
    let v = match (app.normalized, c0) {
        (true, Some(c0)) => cost / c0,
        _ => cost,
    };
    if app.log_scale {
        v.max(1e-300).log10()
    } else {
        v
    }
}

/// The right end of the epoch axis: the planned epochs, or further if the run went on.
pub fn x_max(app: &App) -> f64 {
    let newest = app
        .store
        .histories
        .iter()
        .filter_map(|h| h.cost.last().map(|p| p.0))
        .fold(0.0, f64::max);
    newest.max(app.preset.epochs as f64).max(1.0)
}

/// The epoch the readouts show: the cursor's, or the newest.
pub fn view_epoch(app: &App) -> f64 {
    let newest = app
        .store
        .histories
        .iter()
        .filter_map(|h| h.cost.last().map(|p| p.0))
        .fold(0.0, f64::max);
    app.cursor.unwrap_or(newest)
}

/// The vertical scale of the cost view, shared by the chart and every sparkline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    /// Bottom, in plotted units (log10 on a log axis).
    pub lo: f64,
    /// Top, in plotted units.
    pub hi: f64,
    /// The axis is log10.
    pub log: bool,
}

/// Sparkline levels per full cell height (ratatui draws eighths).
pub const SPARK_TOP: u64 = 800;

/// The sparkline's glyphs: eighths of a cell, and a baseline for a value at the bottom of the
/// scale, so "measured, near zero" never looks like "not reached yet" (blank).
pub const SPARK_BARS: ratatui::symbols::bar::Set<'static> = ratatui::symbols::bar::Set {
    empty: "_",
    ..ratatui::symbols::bar::NINE_LEVELS
};

impl Scale {
    /// The scale of the cost view: every plotted point of every run (train and evaluation).
    pub fn of(app: &App) -> Scale {
        let all = curves(app).into_iter().chain(eval_curves(app));
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for p in all.flatten() {
            lo = lo.min(p.1);
            hi = hi.max(p.1);
        }
        let log = app.log_scale;
        if !lo.is_finite() || !hi.is_finite() {
            let (lo, hi) = if log { (-1.0, 1.0) } else { (0.0, 1.0) };
            return Scale { lo, hi, log };
        }
        if log {
            // Whole decades, an even number of them, so the middle label is a decade too.
            let (lo, mut hi) = (lo.floor(), hi.ceil().max(lo.floor() + 2.0));
            if (hi - lo) % 2.0 != 0.0 {
                hi += 1.0;
            }
            Scale { lo, hi, log }
        } else {
            let lo = lo.min(0.0);
            let span = (hi - lo).max(1e-12);
            Scale {
                lo,
                hi: hi + 0.05 * span,
                log,
            }
        }
    }

    /// Where a plotted value sits, from 0 (bottom) to 1 (top), clamped.
    pub fn fraction(&self, plotted: f64) -> f64 {
        ((plotted - self.lo) / (self.hi - self.lo)).clamp(0.0, 1.0)
    }

    /// The sparkline level (0..=[`SPARK_TOP`]) of a plotted value.
    pub fn level(&self, plotted: f64) -> u64 {
        (self.fraction(plotted) * SPARK_TOP as f64).round() as u64
    }

    /// An axis label for a plotted value.
    pub fn label(&self, v: f64) -> String {
        if self.log {
            format!("1e{v:.0}")
        } else {
            let s = num(v);
            if s.contains('.') && !s.contains('e') {
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            } else {
                s
            }
        }
    }
}

/// What the vertical axis shows, in words.
pub fn quantity(app: &App) -> &'static str {
    match (app.normalized, app.log_scale) {
        (true, true) => "C/C0 (each run ÷ its epoch-0 cost), log",
        (true, false) => "C/C0 (each run ÷ its epoch-0 cost)",
        (false, true) => "C, log",
        (false, false) => "C",
    }
}

/// A run's sparkline over the planned epochs in `width` columns, on the shared scale: column
/// i shows the stored point nearest to its epoch; columns past the newest epoch are empty.
pub fn spark_levels(app: &App, run: usize, width: usize, scale: &Scale) -> Vec<Option<u64>> {
    let curve = curves(app).into_iter().nth(run).unwrap_or_default();
    let Some(&(last, _)) = curve.last() else {
        return vec![None; width];
    };
    let x_max = x_max(app);
    (0..width)
        .map(|i| {
            let e = if width > 1 {
                x_max * i as f64 / (width - 1) as f64
            } else {
                last
            };
            // A column covers x_max / width epochs; it is drawn once the run reached it.
            if e > last + 0.5 * x_max / width.max(1) as f64 {
                return None;
            }
            let k = curve.partition_point(|p| p.0 < e);
            [k.checked_sub(1), Some(k)]
                .into_iter()
                .flatten()
                .filter_map(|k| curve.get(k))
                .min_by(|a, b| (a.0 - e).abs().total_cmp(&(b.0 - e).abs()))
                .map(|p| scale.level(p.1))
        })
        .collect()
}

/// Classification presets: some run reports an accuracy.
pub fn classifies(app: &App) -> bool {
    app.store.histories.iter().any(|h| !h.accuracy.is_empty())
}

/// Draws the pane.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let title = Line::from(vec![
        Span::raw(" Cost "),
        Span::styled(
            if classifies(app) {
                "and evaluation accuracy "
            } else {
                ""
            },
            THEME.dim,
        ),
    ]);
    let b = block(title, app.focus == Focus::Metrics);
    let inner = b.inner(area);
    b.render(area, buf);
    if inner.height < 4 || inner.width < 20 {
        return;
    }
    let width = inner.width as usize;
    let scale = Scale::of(app);
    let head = flow(readout_items(app, &scale), width);
    let rows = run_rows(app, width, &scale, inner.height >= 16);
    let rows_h: u16 = rows.iter().map(|r| r.height()).sum();
    let acc = classifies(app);
    let head_h = head.len() as u16;
    let [head_area, chart_area, acc_area, rows_area] = Layout::vertical([
        Constraint::Length(head_h),
        Constraint::Fill(1),
        Constraint::Fill(u16::from(acc)),
        Constraint::Length(rows_h),
    ])
    .areas(inner);
    Paragraph::new(head).render(head_area, buf);
    render_chart(app, chart_area, buf, &scale);
    if acc {
        render_accuracy(app, acc_area, buf);
    }
    let mut y = rows_area.y;
    for row in rows {
        let h = row.height().min(rows_area.bottom().saturating_sub(y));
        if h == 0 {
            break;
        }
        row.render(Rect::new(rows_area.x, y, rows_area.width, h), buf);
        y += h;
    }
}

fn readout_items(app: &App, scale: &Scale) -> Vec<Vec<Span<'static>>> {
    let epoch = view_epoch(app);
    let mut items = vec![vec![
        Span::styled(
            if app.cursor.is_some() {
                "cursor "
            } else {
                "now "
            },
            THEME.dim,
        ),
        Span::styled(format!("epoch {epoch:.0}"), THEME.title),
    ]];
    items.push(item("y ", quantity(app)));
    items.push(item(
        "range ",
        format!(
            "{} – {} (chart and bars)",
            scale.label(scale.lo),
            scale.label(scale.hi)
        ),
    ));
    items
}

/// One run's row: its numbers at the readout epoch, then its sparkline if there is room.
struct RunRow {
    text: Vec<Line<'static>>,
    spark: Option<(Vec<Option<u64>>, Style)>,
    spark_x: u16,
}

impl RunRow {
    fn height(&self) -> u16 {
        self.text.len().max(1) as u16
            + u16::from(self.spark.is_some() && self.spark_x == 0 && !self.text.is_empty())
    }

    fn render(self, area: Rect, buf: &mut Buffer) {
        let text_h = self.text.len() as u16;
        Paragraph::new(self.text).render(area, buf);
        if let Some((levels, style)) = self.spark {
            let r = if self.spark_x == 0 {
                Rect::new(area.x, area.y + text_h, area.width, 1)
            } else {
                Rect::new(
                    area.x + self.spark_x,
                    area.y,
                    area.width.saturating_sub(self.spark_x),
                    1,
                )
            };
            if r.bottom() <= area.bottom() {
                Sparkline::default()
                    .data(levels)
                    .max(SPARK_TOP)
                    .bar_set(SPARK_BARS)
                    .absent_value_symbol(" ")
                    .style(style)
                    .render(r, buf);
            }
        }
    }
}

/// The numbers of run `i` at the readout epoch, as items for [`flow`].
pub fn run_items(app: &App, i: usize) -> Vec<Vec<Span<'static>>> {
    let (Some(run), Some(h)) = (app.preset.runs.get(i), app.store.histories.get(i)) else {
        return Vec::new();
    };
    let color = Style::new().fg(run_color(i));
    let epoch = view_epoch(app);
    let mut items = vec![vec![
        Span::styled("● ", color),
        Span::styled(run.label.clone(), color),
    ]];
    let eval = !h.eval_cost.is_empty();
    if let Some((e, c)) = h.cost.at(epoch) {
        let mut it = item(if eval { "train C " } else { "C " }, num(c));
        if let Some(c0) = h.c0_at(e)
            && app.normalized
        {
            it.push(Span::styled(
                format!(" ({}% of C0)", pct(c / c0)),
                THEME.dim,
            ));
        }
        items.push(it);
        if let Some((_, c)) = h.eval_cost.at(e) {
            items.push(item("eval C ", num(c)));
        }
        if let Some((_, a)) = h.accuracy.at(e) {
            items.push(item("eval acc ", format!("{:.2}%", 100.0 * a)));
        }
        if e != epoch {
            items.push(item("at epoch ", format!("{e:.0}")));
        }
    }
    if let Some(Some(at)) = app.store.diverged.get(i) {
        items.push(vec![Span::styled(
            format!("diverged at epoch {at}"),
            THEME.bad,
        )]);
    }
    items
}

fn run_rows(app: &App, width: usize, scale: &Scale, sparks: bool) -> Vec<RunRow> {
    (0..app.preset.runs.len())
        .map(|i| {
            let color = Style::new().fg(run_color(i));
            let text = flow(run_items(app, i), width);
            let one_line = text.len() == 1;
            let used = text.first().map_or(0, |l| l.width()) + 2;
            if !sparks {
                return RunRow {
                    text,
                    spark: None,
                    spark_x: 0,
                };
            }
            // Beside the numbers if a useful width is left, else on a line of its own.
            let (spark_x, spark_w) = if one_line && width >= used + 16 {
                (used as u16, width - used)
            } else {
                (0, width)
            };
            RunRow {
                spark: Some((spark_levels(app, i, spark_w, scale), color)),
                text,
                spark_x,
            }
        })
        .collect()
}

/// A ratio as a short percentage.
fn pct(ratio: f64) -> String {
    let p = 100.0 * ratio;
    if p.abs() >= 10.0 {
        format!("{p:.0}")
    } else {
        format!("{p:.1}")
    }
}

/// The epoch axis shared by every chart of the lab: 0 to the planned epochs.
pub fn epoch_axis(app: &App) -> Axis<'static> {
    let x_max = x_max(app);
    Axis::default()
        .title(Span::styled("epoch", THEME.dim))
        .style(THEME.dim)
        .bounds([0.0, x_max])
        .labels([
            "0".to_string(),
            format!("{:.0}", x_max / 2.0),
            format!("{x_max:.0}"),
        ])
}

/// The marker of the charts (braille, or ASCII dots).
pub fn marker(app: &App) -> Marker {
    if app.ascii {
        Marker::Dot
    } else {
        Marker::Braille
    }
}

/// A vertical line at the cursor's epoch, if any.
pub fn cursor_dataset<'a>(
    app: &App,
    y: [f64; 2],
    line: &'a mut Vec<(f64, f64)>,
) -> Option<Dataset<'a>> {
    let c = app.cursor?;
    *line = vec![(c, y[0]), (c, y[1])];
    Some(
        Dataset::default()
            .marker(marker(app))
            .graph_type(GraphType::Line)
            .style(THEME.cursor)
            .data(line),
    )
}

fn render_chart(app: &App, area: Rect, buf: &mut Buffer, scale: &Scale) {
    if area.height < 3 {
        return;
    }
    let curves = curves(app);
    let evals = eval_curves(app);
    let y = [scale.lo, scale.hi];
    let mut datasets: Vec<Dataset> = Vec::new();
    // Evaluation cost first, in dots, so the training curve draws over it.
    for (i, pts) in evals.iter().enumerate() {
        datasets.push(
            Dataset::default()
                .marker(Marker::Dot)
                .graph_type(GraphType::Scatter)
                .style(Style::new().fg(run_color(i)))
                .data(pts),
        );
    }
    for (i, pts) in curves.iter().enumerate() {
        datasets.push(
            Dataset::default()
                .marker(marker(app))
                .graph_type(GraphType::Line)
                .style(Style::new().fg(run_color(i)))
                .data(pts),
        );
    }
    let mut line = Vec::new();
    if let Some(d) = cursor_dataset(app, y, &mut line) {
        datasets.push(d);
    }
    let mid = (y[0] + y[1]) / 2.0;
    let y_title = if app.normalized { "C/C0" } else { "C" };
    Chart::new(datasets)
        .x_axis(epoch_axis(app))
        .y_axis(
            Axis::default()
                .title(Span::styled(y_title, THEME.dim))
                .style(THEME.dim)
                .bounds(y)
                .labels([scale.label(y[0]), scale.label(mid), scale.label(y[1])]),
        )
        .legend_position(None)
        .render(area, buf);
    if evals.iter().any(|c| !c.is_empty()) && area.width > 30 {
        // The key to the two line styles, under the chart's top-right corner.
        let key = "line: train  dots: eval";
        let w = key.chars().count() as u16;
        let r = Rect::new(area.right().saturating_sub(w + 1), area.y, w, 1);
        Paragraph::new(Span::styled(key, THEME.dim)).render(r, buf);
    }
}

/// The evaluation accuracy chart, in percent, on the shared epoch axis.
fn render_accuracy(app: &App, area: Rect, buf: &mut Buffer) {
    if area.height < 4 {
        return;
    }
    let curves: Vec<Vec<(f64, f64)>> = app
        .store
        .histories
        .iter()
        .map(|h| {
            h.accuracy
                .points()
                .into_iter()
                .map(|(e, a)| (e, 100.0 * a))
                .filter(|p| p.1.is_finite())
                .collect()
        })
        .collect();
    // From epoch 1 on: the untrained network's 10% would squash the learning into a line.
    let lo = curves
        .iter()
        .flatten()
        .filter(|p| p.0 >= 1.0)
        .map(|p| p.1)
        .fold(f64::INFINITY, f64::min);
    let lo = if lo.is_finite() {
        ((lo - 1.0) / 10.0).floor().max(0.0) * 10.0
    } else {
        0.0
    };
    let y = [lo, 100.0];
    let mut datasets: Vec<Dataset> = curves
        .iter()
        .enumerate()
        .map(|(i, pts)| {
            Dataset::default()
                .marker(marker(app))
                .graph_type(GraphType::Line)
                .style(Style::new().fg(run_color(i)))
                .data(pts)
        })
        .collect();
    let mut line = Vec::new();
    if let Some(d) = cursor_dataset(app, y, &mut line) {
        datasets.push(d);
    }
    let note = if lo > 0.0 {
        format!("eval acc %, {lo:.0}–100 (below: off scale)")
    } else {
        "eval acc %".to_string()
    };
    Chart::new(datasets)
        .x_axis(epoch_axis(app))
        .y_axis(
            Axis::default()
                .title(Span::styled("acc %", THEME.dim))
                .style(THEME.dim)
                .bounds(y)
                .labels([
                    format!("{lo:.0}"),
                    format!("{:.0}", (lo + 100.0) / 2.0),
                    "100".to_string(),
                ]),
        )
        .legend_position(None)
        .render(area, buf);
    // The longest note that fits right of the axis labels; never a cut one.
    let room = area.width.saturating_sub(12) as usize;
    if let Some(note) = [note, "eval acc %".to_string()]
        .into_iter()
        .find(|n| n.chars().count() <= room)
    {
        let w = note.chars().count() as u16;
        let r = Rect::new(area.right().saturating_sub(w + 1), area.y, w, 1);
        Paragraph::new(Span::styled(note, THEME.dim)).render(r, buf);
    }
}
