//! The metrics pane: cost against epoch for every run (Chart), one row per run with its
//! numbers at the cursor (or the newest epoch) and a sparkline of the whole run, and for
//! classification presets the accuracy (training and evaluation sets) in a second chart.
//!
//! One [`Scale`] serves the chart and every sparkline: the same value draws at the same
//! height everywhere, and the range is printed. The epoch axis spans the planned epochs
//! from the start, so the frame does not move under the learner.

use super::{block, flow, item};

use super::frame::{Frame, Grid};
pub use super::scale::{
    CHART_ROWS, SPARK_BARS, SPARK_TOP, Scale, classifies, cursor_dataset, curves, draw_chart,
    epoch_axis, eval_curves, hidden_note, linear_label, marker, quantity, readout_epoch, span,
    spark_levels, transform, view_epoch, x_max,
};
use crate::tui::lab::{Focus, LabView};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Dataset, GraphType, Paragraph, Sparkline, Widget};

/// Rows the accuracy chart needs: its key and a chart's rows.
const ACCURACY_MIN_ROWS: u16 = CHART_ROWS + 1;

/// Draws the pane.
pub fn render(view: &LabView<'_>, area: Rect, buf: &mut Buffer) {
    let title = Line::from(vec![
        Span::raw(" Cost "),
        Span::styled(
            if classifies(view) {
                "and accuracy "
            } else {
                ""
            },
            view.theme.dim,
        ),
    ]);
    let b = block(view.theme, title, view.lab.focus == Focus::Metrics);
    let inner = b.inner(area);
    b.render(area, buf);
    if inner.height < 4 || inner.width < 20 {
        return;
    }
    let width = inner.width as usize;
    let scale = Scale::of(view);
    let mut items = readout_items(view, &scale, width);
    let rows = run_rows(view, width, &scale, inner.height >= 16);
    let rows_h: u16 = rows.iter().map(RunRow::height).sum();
    let full_h = flow(items.clone(), width).len() as u16;
    // The accuracy chart only when both charts get their rows: else the cost chart takes the
    // room and the accuracies stay in the run rows below, which the head says.
    let acc = classifies(view) && inner.height >= full_h + rows_h + CHART_ROWS + ACCURACY_MIN_ROWS;
    let acc_note = classifies(view) && !acc;
    if acc_note {
        items.push(vec![Span::styled(
            "accuracy: in the rows below (its chart needs room)",
            view.theme.dim,
        )]);
    }
    let mut head = flow(items.clone(), width);
    let short_of_room = |head: &[Line<'_>]| inner.height < head.len() as u16 + rows_h + CHART_ROWS;
    if short_of_room(&head) {
        // The range goes first (the chart's own labels give it), then, if the chart cannot
        // be drawn anyway, all but the readout line and where the accuracy chart went: the
        // key and the frame note would describe nothing on screen.
        items.remove(2);
        head = flow(items.clone(), width);
        if short_of_room(&head) {
            let note = acc_note.then(|| items.pop()).flatten();
            items.truncate(2);
            items.extend(note);
            head = flow(items, width);
        }
    }
    let head_h = head.len() as u16;
    let [head_area, chart_area, acc_area, rows_area] = Layout::vertical([
        Constraint::Length(head_h),
        Constraint::Fill(1),
        Constraint::Fill(u16::from(acc)),
        Constraint::Length(rows_h),
    ])
    .areas(inner);
    Paragraph::new(head).render(head_area, buf);
    render_chart(view, chart_area, buf, &scale);
    if acc {
        render_accuracy(view, acc_area, buf);
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

/// The pane's height with no chart: its borders, the readout line, the run rows and a line
/// saying where the chart went (what a short screen gives it when another chart needs room).
pub fn compact_height(view: &LabView<'_>, width: u16) -> u16 {
    let width = usize::from(width.saturating_sub(2));
    let mut items = readout_items(view, &Scale::of(view), width);
    items.truncate(2);
    let rows: u16 = (0..view.preset.runs.len())
        .map(|i| run_lines(view, i, width).len().max(1) as u16)
        .sum();
    flow(items, width).len() as u16 + rows + 3
}

fn readout_items(view: &LabView<'_>, scale: &Scale, width: usize) -> Vec<Vec<Span<'static>>> {
    let mut items = vec![readout_epoch(view)];
    let q = quantity(view);
    // The explanation in brackets goes first when the line is short of room.
    let short = q.replace(" (each run ÷ its epoch-0 cost)", "");
    items.push(item(
        view.theme,
        "y axis ",
        if width >= 100 { q.to_string() } else { short },
    ));
    items.push(item(
        view.theme,
        "range ",
        format!(
            "{} – {} (chart and bars)",
            scale.label(scale.lo),
            scale.label(scale.hi)
        ),
    ));
    if let Some(note) = scale.frame.note() {
        items.push(vec![Span::styled(note, view.theme.warn)]);
    }
    if view.store.histories.iter().any(|h| !h.eval_cost.is_empty()) {
        items.push(vec![Span::styled(
            "line: train  dots: eval",
            view.theme.dim,
        )]);
    }
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

pub use super::readout::{run_items, run_lines};

fn run_rows(view: &LabView<'_>, width: usize, scale: &Scale, sparks: bool) -> Vec<RunRow> {
    (0..view.preset.runs.len())
        .map(|i| {
            let color = Style::new().fg(view.theme.run_color(view.slot(i)));
            let text = run_lines(view, i, width);
            let one_line = text.len() == 1;
            let used = text.first().map_or(0, ratatui::prelude::Line::width) + 2;
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
                spark: Some((spark_levels(view, i, spark_w, scale), color)),
                text,
                spark_x,
            }
        })
        .collect()
}

fn render_chart(view: &LabView<'_>, area: Rect, buf: &mut Buffer, scale: &Scale) {
    if area.height < CHART_ROWS {
        let how = if view.lab.params_view {
            "p hides the parameters view"
        } else {
            "a taller terminal shows it"
        };
        let forms = [
            format!("cost chart hidden: it needs {CHART_ROWS} rows ({how})"),
            format!("cost chart hidden ({how})"),
            format!(
                "cost chart hidden ({})",
                if view.lab.params_view {
                    "p: parameters off"
                } else {
                    "needs a taller pane"
                }
            ),
            "cost chart hidden".to_string(),
        ];
        hidden_note(view, &forms, area, buf);
        return;
    }
    let curves = curves(view);
    let evals = eval_curves(view);
    let y = [scale.lo, scale.hi];
    let mut datasets: Vec<Dataset> = Vec::new();
    // Evaluation cost first, in dots, so the training curve draws over it.
    for (i, pts) in evals.iter().enumerate() {
        datasets.push(
            Dataset::default()
                .marker(Marker::Dot)
                .graph_type(GraphType::Scatter)
                .style(Style::new().fg(view.theme.run_color(view.slot(i))))
                .data(pts),
        );
    }
    for (i, pts) in curves.iter().enumerate() {
        // A lone point (epoch 0, before training) is drawn as a point: a line needs two.
        let kind = if pts.len() == 1 {
            GraphType::Scatter
        } else {
            GraphType::Line
        };
        datasets.push(
            Dataset::default()
                .marker(view.theme.run_marker(view.slot(i), marker(view)))
                .graph_type(kind)
                .style(Style::new().fg(view.theme.run_color(view.slot(i))))
                .data(pts),
        );
    }
    let mut line = Vec::new();
    if let Some(d) = cursor_dataset(view, y, &mut line) {
        datasets.push(d);
    }
    let mid = f64::midpoint(y[0], y[1]);
    // No axis titles inside the plot (ratatui draws them over the curves): the line above
    // says what the axis shows, and the key to the line styles is one of its items.
    let y_labels = [scale.label(y[0]), scale.label(mid), scale.label(y[1])];
    draw_chart(view, datasets, y, y_labels, area, buf);
}

/// The accuracy chart, in percent, on the shared epoch axis: the evaluation set's in dots and
/// the training set's as a line, the cost chart's convention; one line when there is no
/// evaluation set.
fn render_accuracy(view: &LabView<'_>, area: Rect, buf: &mut Buffer) {
    if area.height < ACCURACY_MIN_ROWS {
        return;
    }
    let percent = |s: &crate::metrics::Series| -> Vec<(f64, f64)> {
        s.points()
            .into_iter()
            .map(|(e, a)| (e, 100.0 * a))
            .filter(|p| p.1.is_finite())
            .collect()
    };
    let hs = &view.store.histories;
    let split = hs.iter().any(|h| !h.train_accuracy.is_empty());
    let evals: Vec<Vec<(f64, f64)>> = hs.iter().map(|h| percent(&h.accuracy)).collect();
    let trains: Vec<Vec<(f64, f64)>> = hs.iter().map(|h| percent(&h.train_accuracy)).collect();
    // A fixed frame from the accuracies at epoch 1 on: the untrained network's 10% would
    // squash the learning into a line.
    let later: Vec<(f64, f64)> = evals
        .iter()
        .chain(&trains)
        .flatten()
        .copied()
        .filter(|p| p.0 >= 1.0)
        .collect();
    let first = later.iter().map(|p| p.0).reduce(f64::min);
    let start = span(later.iter().filter(|p| Some(p.0) == first).map(|p| p.1));
    let seen = span(
        hs.iter()
            .filter_map(|h| h.extents.accuracy.range())
            .flat_map(|(lo, hi)| [100.0 * lo, 100.0 * hi]),
    );
    let frame = Frame::of(Grid::Tens, start, seen, later.iter());
    let lo = frame.lo;
    let y = [lo, 100.0];
    let mut datasets: Vec<Dataset> = Vec::new();
    // With an evaluation set: its accuracy in dots under the training line.
    for (i, pts) in evals.iter().enumerate() {
        let d = Dataset::default()
            .style(Style::new().fg(view.theme.run_color(view.slot(i))))
            .data(pts);
        datasets.push(if split {
            d.marker(Marker::Dot).graph_type(GraphType::Scatter)
        } else {
            d.marker(view.theme.run_marker(view.slot(i), marker(view)))
                .graph_type(GraphType::Line)
        });
    }
    for (i, pts) in trains.iter().enumerate() {
        datasets.push(
            Dataset::default()
                .marker(view.theme.run_marker(view.slot(i), marker(view)))
                .graph_type(GraphType::Line)
                .style(Style::new().fg(view.theme.run_color(view.slot(i))))
                .data(pts),
        );
    }
    let mut line = Vec::new();
    if let Some(d) = cursor_dataset(view, y, &mut line) {
        datasets.push(d);
    }
    // The key on a row of its own above the plot, never over the curves (which run along the
    // top near 100%): the longest that fits, never a cut one.
    let [key_area, area] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    if let Some(note) = accuracy_keys(lo, split, frame.note())
        .into_iter()
        .find(|n| n.chars().count() <= key_area.width as usize)
    {
        Paragraph::new(Span::styled(note, view.theme.dim)).render(key_area, buf);
    }
    let y_labels = [
        format!("{lo:.0}"),
        format!("{:.0}", f64::midpoint(lo, 100.0)),
        "100".to_string(),
    ];
    draw_chart(view, datasets, y, y_labels, area, buf);
}

/// The accuracy chart's key, longest first: which set each style shows, and the range when
/// the scale starts above 0 (the untrained epoch 0 then lies below it).
fn accuracy_keys(lo: f64, split: bool, grew: Option<String>) -> Vec<String> {
    let sets = if split {
        [
            "accuracy %, line: train  dots: eval",
            "acc %, line train, dots eval",
        ]
    } else {
        ["accuracy % on the training set", "train acc %"]
    };
    let mut keys = Vec::new();
    if lo > 0.0 {
        keys.push(format!("{} · {lo:.0}–100%, lower off scale", sets[0]));
        keys.push(format!("{} · {lo:.0}–100%", sets[1]));
    }
    keys.extend(sets.map(String::from));
    // A frame that grew says so in every form of the key.
    if let Some(g) = grew {
        for k in &mut keys {
            *k = format!("{k} · {g}");
        }
        keys.push(g);
    }
    keys
}
