//! The scales every chart of the lab shares: the cost curves as plotted (C or C/C0, linear or
//! log), one vertical [`Scale`] for the chart and every sparkline, and the epoch axis that
//! spans the planned epochs from the start.

use super::frame::{Frame, Grid};
use crate::format;
use crate::tui::lab::LabView;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::symbols::Marker;
use ratatui::text::Span;
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Widget};

/// The curves as drawn: per run, (epoch, y) with y transformed (C/C0, log10), finite only.
pub fn curves(view: &LabView<'_>) -> Vec<Vec<(f64, f64)>> {
    view.store
        .histories
        .iter()
        .map(|h| {
            h.cost
                .points()
                .into_iter()
                .map(|(e, c)| (e, transform(view, c, h.c0_at(e))))
                .filter(|p| p.1.is_finite())
                .collect()
        })
        .collect()
}

/// The evaluation-cost curves as drawn (C/C0 divides by the evaluation cost at epoch 0).
pub fn eval_curves(view: &LabView<'_>) -> Vec<Vec<(f64, f64)>> {
    view.store
        .histories
        .iter()
        .map(|h| {
            let c0 = h.eval_cost.first().map(|p| p.1).filter(|c| *c > 0.0);
            h.eval_cost
                .points()
                .into_iter()
                .map(|(e, c)| (e, transform(view, c, c0)))
                .filter(|p| p.1.is_finite())
                .collect()
        })
        .collect()
}

/// The value as plotted: C or C/C0, then log10 on a log axis.
pub fn transform(view: &LabView<'_>, cost: f64, c0: Option<f64>) -> f64 {
    let v = match (view.lab.normalized, c0) {
        (true, Some(c0)) => cost / c0,
        _ => cost,
    };
    if view.lab.log_scale {
        v.max(1e-300).log10()
    } else {
        v
    }
}

/// The right end of the epoch axis: the planned epochs, or further if the run went on.
pub fn x_max(view: &LabView<'_>) -> f64 {
    let newest = view
        .store
        .histories
        .iter()
        .filter_map(|h| h.cost.last().map(|p| p.0))
        .fold(0.0, f64::max);
    newest.max(view.preset.epochs as f64).max(1.0)
}

/// "now epoch 300" or "cursor epoch 50": which epoch the readouts show, as their first item.
pub fn readout_epoch(view: &LabView<'_>) -> Vec<Span<'static>> {
    vec![
        Span::styled(
            if view.lab.cursor.is_some() {
                "cursor "
            } else {
                "now "
            },
            view.theme.dim,
        ),
        Span::styled(format!("epoch {:.0}", view_epoch(view)), view.theme.title),
    ]
}

/// The epoch the readouts show: the cursor's, or the newest.
pub fn view_epoch(view: &LabView<'_>) -> f64 {
    let newest = view
        .store
        .histories
        .iter()
        .filter_map(|h| h.cost.last().map(|p| p.0))
        .fold(0.0, f64::max);
    view.lab.cursor.unwrap_or(newest)
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
    /// The frame it is (whether it grew, and when).
    pub frame: Frame,
}

/// (lowest, highest) of finite `values`, or None.
pub fn span(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((f64::min(lo, v), f64::max(hi, v))),
        })
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
    /// The scale of the cost view: a fixed frame (see [`Frame`]) over every run's training and
    /// evaluation cost, set by their values at epoch 0 and grown only if a value left it.
    pub fn of(view: &LabView<'_>) -> Scale {
        let log = view.lab.log_scale;
        let plotted = |v: f64| if log { v.max(1e-300).log10() } else { v };
        let all: Vec<Vec<(f64, f64)>> = curves(view).into_iter().chain(eval_curves(view)).collect();
        let start = span(all.iter().filter_map(|c| c.first()).map(|p| p.1));
        let seen = span(view.store.histories.iter().flat_map(|h| {
            let x = &h.extents;
            let (train, eval) = if view.lab.normalized {
                (x.cost_ratio, x.eval_ratio)
            } else {
                (x.cost, x.eval_cost)
            };
            [train.range(), eval.range()]
                .into_iter()
                .flatten()
                .flat_map(|(lo, hi)| [plotted(lo), plotted(hi)])
        }));
        let grid = if log { Grid::Decades } else { Grid::Linear };
        let frame = Frame::of(grid, start, seen, all.iter().flatten());
        Scale {
            lo: frame.lo,
            hi: frame.hi,
            log,
            frame,
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
            // A whole power of ten as 1eN; a point between (a middle label) as its value, so
            // 10^-0.5 reads 0.3162, not a rounded exponent.
            let n = v.round();
            if (v - n).abs() < 1e-9 {
                format!("1e{}", n as i64)
            } else {
                format::short(10f64.powf(v))
            }
        } else {
            linear_label(v)
        }
    }
}

/// An axis label on a linear axis: the value's short form without trailing zeros (2.1, not
/// 2.1000).
pub fn linear_label(v: f64) -> String {
    let s = format::short(v);
    if s.contains('.') && !s.contains('e') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// What the vertical axis shows, in words.
pub fn quantity(view: &LabView<'_>) -> &'static str {
    match (view.lab.normalized, view.lab.log_scale) {
        (true, true) => "C/C0 (each run ÷ its epoch-0 cost), log",
        (true, false) => "C/C0 (each run ÷ its epoch-0 cost)",
        (false, true) => "C, log",
        (false, false) => "C",
    }
}

/// A run's sparkline over the planned epochs in `width` columns, on the shared scale: column
/// i shows the stored point nearest to its epoch; columns past the newest epoch are empty.
pub fn spark_levels(
    view: &LabView<'_>,
    run: usize,
    width: usize,
    scale: &Scale,
) -> Vec<Option<u64>> {
    let curve = curves(view).into_iter().nth(run).unwrap_or_default();
    let Some(&(last, _)) = curve.last() else {
        return vec![None; width];
    };
    let x_max = x_max(view);
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
pub fn classifies(view: &LabView<'_>) -> bool {
    view.store.histories.iter().any(|h| !h.accuracy.is_empty())
}

/// The epoch axis shared by every chart of the lab: 0 to the planned epochs, for a chart of
/// `width` columns whose y axis has `y_labels`. Each label gets an equal share of the plot's
/// width (ratatui cuts one that does not fit, "300 epochs" showing as "00 epochs"): the
/// labels are the most of `0, middle, "N epochs"` that fit whole.
pub fn epoch_axis(view: &LabView<'_>, width: u16, y_labels: &[String]) -> Axis<'static> {
    let x_max = x_max(view);
    let y_w = y_labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    // The plot starts after the y labels and the axis line.
    let plot = usize::from(width).saturating_sub(y_w + 1);
    let (mid, last) = (format!("{:.0}", x_max / 2.0), format!("{x_max:.0}"));
    let unit = format!("{last} epochs");
    let fits = |labels: &[&str]| {
        let share = plot / labels.len();
        labels.iter().all(|l| l.chars().count() < share)
    };
    let labels: Vec<String> = [
        vec!["0", mid.as_str(), unit.as_str()],
        vec!["0", unit.as_str()],
        vec!["0", mid.as_str(), last.as_str()],
        vec!["0", last.as_str()],
    ]
    .into_iter()
    .find(|l| fits(l))
    .unwrap_or_default()
    .into_iter()
    .map(str::to_string)
    .collect();
    // No axis title: ratatui draws it inside the plot, over the curves' last epochs; the
    // unit goes with the last label instead.
    Axis::default()
        .style(view.theme.dim)
        .bounds([0.0, x_max])
        .labels(labels)
}

/// Rows a lab chart needs: five plot rows, the x axis and its labels. A chart given fewer is
/// not drawn: its pane says where it went instead ([`hidden_note`]).
pub const CHART_ROWS: u16 = 7;

/// In place of a chart that did not get [`CHART_ROWS`] rows: what is hidden and how to see it,
/// the longest form that fits `area`'s first row.
pub fn hidden_note(view: &LabView<'_>, forms: &[String], area: Rect, buf: &mut Buffer) {
    if area.height == 0 {
        return;
    }
    if let Some(note) = forms
        .iter()
        .find(|n| n.chars().count() <= usize::from(area.width))
    {
        ratatui::widgets::Paragraph::new(Span::styled(note.clone(), view.theme.warn))
            .render(Rect::new(area.x, area.y, area.width, 1), buf);
    }
}

/// Draws `datasets` on a lab chart in `area`: the shared epoch axis, a y axis over `y` with
/// `y_labels` (bottom, middle, top), no legend (the run rows are the key).
pub fn draw_chart(
    view: &LabView<'_>,
    datasets: Vec<Dataset<'_>>,
    y: [f64; 2],
    y_labels: [String; 3],
    area: Rect,
    buf: &mut Buffer,
) {
    Chart::new(datasets)
        .x_axis(epoch_axis(view, area.width, &y_labels))
        .y_axis(
            Axis::default()
                .style(view.theme.dim)
                .bounds(y)
                .labels(y_labels),
        )
        .legend_position(None)
        .render(area, buf);
}

/// The marker of the charts (braille, or ASCII dots).
pub fn marker(view: &LabView<'_>) -> Marker {
    if view.ui.ascii {
        Marker::Dot
    } else {
        Marker::Braille
    }
}

/// A vertical line at the cursor's epoch, if any.
pub fn cursor_dataset<'a>(
    view: &LabView<'_>,
    y: [f64; 2],
    line: &'a mut Vec<(f64, f64)>,
) -> Option<Dataset<'a>> {
    let c = view.lab.cursor?;
    *line = vec![(c, y[0]), (c, y[1])];
    Some(
        Dataset::default()
            .marker(marker(view))
            .graph_type(GraphType::Line)
            .style(view.theme.cursor)
            .data(line),
    )
}

#[cfg(test)]
mod tests {
    use super::Scale;

    #[test]
    fn log_labels_never_round_an_exponent() {
        let s = Scale {
            lo: -2.0,
            hi: 1.0,
            log: true,
            frame: super::Frame {
                lo: -2.0,
                hi: 1.0,
                grew: None,
            },
        };
        assert_eq!(s.label(-2.0), "1e-2");
        assert_eq!(s.label(-0.0), "1e0");
        assert_eq!(s.label(1.0), "1e1");
        // The middle of [-2, 1] is 10^-0.5, not "1e-0" (it was printed so).
        assert_eq!(s.label(-0.5), "0.3162");
    }
}
