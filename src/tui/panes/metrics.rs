//! The metrics pane: cost against epoch for every run (Chart), a readout at the cursor or the
//! newest epoch, and live sparklines of cost and accuracy per run.

use super::{block, num};
use crate::tui::app::{App, Focus};
use crate::tui::theme::{THEME, run_color, run_legend, run_marker, run_symbol};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Axis, Chart, Dataset, GraphType, LegendPosition, Paragraph, Sparkline, Widget,
};

/// The curves as drawn: per run, (epoch, y) with y transformed (C/C0, log10), finite only.
pub fn curves(app: &App) -> Vec<Vec<(f64, f64)>> {
    app.histories
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

fn y_bounds(app: &App, curves: &[Vec<(f64, f64)>]) -> [f64; 2] {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for p in curves.iter().flatten() {
        lo = lo.min(p.1);
        hi = hi.max(p.1);
    }
    if !lo.is_finite() || !hi.is_finite() {
        return if app.log_scale {
            [-1.0, 1.0]
        } else {
            [0.0, 1.0]
        };
    }
    if app.log_scale {
        // Whole decades, an even number of them, so the middle label is a decade too.
        let (lo, mut hi) = (lo.floor(), hi.ceil().max(lo.floor() + 2.0));
        if (hi - lo) % 2.0 != 0.0 {
            hi += 1.0;
        }
        [lo, hi]
    } else {
        let lo = lo.min(0.0);
        let span = (hi - lo).max(1e-12);
        [lo, hi + 0.05 * span]
    }
}

fn y_label(app: &App, v: f64) -> String {
    if app.log_scale {
        format!("1e{v:.0}")
    } else {
        let s = num(v);
        if s.contains('.') && !s.contains('e') {
            let t = s.trim_end_matches('0');
            t.trim_end_matches('.').to_string()
        } else {
            s
        }
    }
}

/// Draws the pane.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let mut title = vec![Span::raw(" Cost ")];
    let mode = match (app.normalized, app.log_scale) {
        (true, true) => "C/C0, log ",
        (true, false) => "C/C0 ",
        (false, true) => "log ",
        (false, false) => "",
    };
    title.push(Span::styled(mode, THEME.dim));
    let focused = app.focus == Focus::Metrics;
    let b = block(Line::from(title), focused);
    let inner = b.inner(area);
    b.render(area, buf);
    if inner.height < 4 || inner.width < 20 {
        return;
    }
    let runs = app.preset.runs.len();
    let spark_rows = if inner.height >= 14 { runs as u16 } else { 0 };
    let [readout, chart_area, sparks] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(spark_rows),
    ])
    .areas(inner);
    render_readout(app, readout, buf);
    render_chart(app, chart_area, buf);
    if spark_rows > 0 {
        render_sparklines(app, sparks, buf);
    }
}

fn render_readout(app: &App, area: Rect, buf: &mut Buffer) {
    let mut spans = Vec::new();
    let newest = app
        .histories
        .iter()
        .filter_map(|h| h.cost.last().map(|p| p.0))
        .fold(0.0, f64::max);
    let epoch = app.cursor.unwrap_or(newest);
    spans.push(Span::styled(
        if app.cursor.is_some() {
            "cursor "
        } else {
            "now "
        },
        THEME.dim,
    ));
    spans.push(Span::styled(format!("epoch {epoch:.0}"), THEME.title));
    for (i, (run, h)) in app.preset.runs.iter().zip(&app.histories).enumerate() {
        let Some((e, c)) = h.cost.at(epoch) else {
            continue;
        };
        spans.push(Span::styled(
            format!(" {} ", run_symbol(i)),
            Style::new().fg(run_color(i)),
        ));
        spans.push(Span::raw(format!("{} {}", run.label, num(c))));
        if let Some(c0) = h.c0_at(e)
            && app.normalized
        {
            spans.push(Span::styled(format!(" ({}%)", pct(c / c0)), THEME.dim));
        }
        if let Some((_, a)) = h.accuracy.at(e) {
            spans.push(Span::raw(format!(" acc {:.1}%", 100.0 * a)));
        }
        if e != epoch {
            spans.push(Span::styled(format!(" @{e:.0}"), THEME.dim));
        }
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
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

fn render_chart(app: &App, area: Rect, buf: &mut Buffer) {
    let curves = curves(app);
    let x_max = curves
        .iter()
        .filter_map(|c| c.last().map(|p| p.0))
        .fold(10.0, f64::max);
    let y = y_bounds(app, &curves);
    let marker = if app.ascii {
        Marker::Dot
    } else {
        Marker::Braille
    };
    let cursor_line;
    let mut datasets: Vec<Dataset> = Vec::new();
    for (i, (run, pts)) in app.preset.runs.iter().zip(&curves).enumerate() {
        let mut name = run.label.clone();
        if let Some(Some(at)) = app.diverged.get(i) {
            name += &format!(" (diverged @{at})");
        }
        datasets.push(
            Dataset::default()
                .name(run_legend(i, name))
                .marker(run_marker(i, marker))
                .graph_type(GraphType::Line)
                .style(Style::new().fg(run_color(i)))
                .data(pts),
        );
    }
    if let Some(c) = app.cursor {
        cursor_line = [(c, y[0]), (c, y[1])];
        datasets.push(
            Dataset::default()
                .marker(marker)
                .graph_type(GraphType::Line)
                .style(THEME.cursor)
                .data(&cursor_line),
        );
    }
    let x_labels = [
        "0".to_string(),
        format!("{:.0}", x_max / 2.0),
        format!("{x_max:.0}"),
    ];
    let mid = (y[0] + y[1]) / 2.0;
    let y_labels = [y_label(app, y[0]), y_label(app, mid), y_label(app, y[1])];
    let y_title = match (app.normalized, app.log_scale) {
        (true, _) => "C/C0",
        (false, _) => "C",
    };
    let chart = Chart::new(datasets)
        .x_axis(
            Axis::default()
                .title(Span::styled("epoch", THEME.dim))
                .style(THEME.dim)
                .bounds([0.0, x_max])
                .labels(x_labels),
        )
        .y_axis(
            Axis::default()
                .title(Span::styled(y_title, THEME.dim))
                .style(THEME.dim)
                .bounds(y)
                .labels(y_labels),
        )
        .legend_position(Some(LegendPosition::TopRight))
        .hidden_legend_constraints((Constraint::Percentage(60), Constraint::Percentage(60)));
    chart.render(area, buf);
}

fn render_sparklines(app: &App, area: Rect, buf: &mut Buffer) {
    let rows = Layout::vertical(vec![Constraint::Length(1); app.preset.runs.len()]).split(area);
    let label_w = app
        .preset
        .runs
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(4)
        .min(18) as u16
        + 2;
    let has_acc = app.histories.iter().any(|h| !h.accuracy.is_empty());
    // The cost sparklines show the curves as the chart draws them (C/C0, log).
    let curves = curves(app);
    for (i, (run, h)) in app.preset.runs.iter().zip(&app.histories).enumerate() {
        let Some(&row) = rows.get(i) else { break };
        let curve = curves.get(i).map_or(&[][..], |c| c.as_slice());
        let cols = if has_acc {
            Layout::horizontal([
                Constraint::Length(label_w),
                Constraint::Fill(1),
                Constraint::Length(11),
                Constraint::Fill(1),
            ])
            .split(row)
        } else {
            Layout::horizontal([Constraint::Length(label_w), Constraint::Fill(1)]).split(row)
        };
        let color = Style::new().fg(run_color(i));
        Paragraph::new(Line::from(Span::styled(format!("{} ", run.label), color)))
            .render(cols[0], buf);
        let width = cols[1].width as usize;
        Sparkline::default()
            .data(scaled_run(curve, width))
            .max(100)
            .style(color)
            .render(cols[1], buf);
        if has_acc {
            let acc = h.accuracy.last().map(|p| p.1).unwrap_or(f64::NAN);
            Paragraph::new(format!(" acc {:>5.1}%", 100.0 * acc)).render(cols[2], buf);
            Sparkline::default()
                .data(scaled_run(&h.accuracy.points(), cols[3].width as usize))
                .max(100)
                .style(color)
                .render(cols[3], buf);
        }
    }
}

/// The whole run in `width` columns (each column the value at an evenly spaced epoch of the
/// stored history), scaled to 13..=100 between their min and max so the lowest still shows
/// (finite values only; a non-finite value is drawn as an empty column).
pub fn scaled_run(points: &[(f64, f64)], width: usize) -> Vec<u64> {
    let n = points.len();
    let sampled: Vec<f64> = if n <= width {
        points.iter().map(|p| p.1).collect()
    } else {
        (0..width)
            .map(|i| points[i * (n - 1) / (width - 1).max(1)].1)
            .collect()
    };
    let (lo, hi) = sampled
        .iter()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
            (l.min(v), h.max(v))
        });
    sampled
        .iter()
        .map(|&v| {
            if !v.is_finite() {
                0
            } else if hi > lo {
                13 + ((v - lo) / (hi - lo) * 87.0).round() as u64
            } else {
                50
            }
        })
        .collect()
}
