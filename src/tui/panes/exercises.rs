//! The exercise explorer: the list with verdicts, and the selected exercise's statement,
//! inputs (editable), verdict, table and chart. Rendered from the registry, whatever it holds.

use super::{block, flow, wrap_line, wrap_text};
use crate::exercises::registry;
use crate::format;
use crate::tui::exercises::ExerciseState;
use crate::tui::overlay::Mode;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph, Widget};

/// Draws the tab.
pub fn render(ex: &ExerciseState, mode: &Mode, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let reg = registry();
    let list_w =
        (reg.iter().map(|e| e.id().len()).max().unwrap_or(10) as u16 + 4).min(area.width / 3);
    let [list_area, detail] =
        Layout::horizontal([Constraint::Length(list_w), Constraint::Fill(1)]).areas(area);
    let b = block(theme, " Exercises ", !ex.on_inputs);
    let inner = b.inner(list_area);
    b.render(list_area, buf);
    let lines: Vec<Line> = reg
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let holds = ex.outcomes.get(i).is_some_and(|o| o.holds);
            let (mark, ms) = if holds {
                ("✓ ", theme.good)
            } else {
                ("✗ ", theme.bad)
            };
            let style = if i == ex.selected && !ex.on_inputs {
                theme.selected
            } else if i == ex.selected {
                theme.title
            } else {
                theme.text
            };
            Line::from(vec![Span::styled(mark, ms), Span::styled(e.id(), style)])
        })
        .collect();
    // The list follows the selection.
    let visible = inner.height as usize;
    let offset = (ex.selected + 1).saturating_sub(visible);
    Paragraph::new(lines)
        .scroll((offset as u16, 0))
        .render(inner, buf);

    let Some(exercise) = reg.get(ex.selected) else {
        return;
    };
    let Some(outcome) = ex.outcomes.get(ex.selected) else {
        return;
    };
    // The title with its equations, else the title alone; dropped only if even that is too long.
    let room = detail.width.saturating_sub(2) as usize;
    let title = [
        format!(" {} · {} ", exercise.title(), exercise.equations()),
        format!(" {} ", exercise.title()),
    ]
    .into_iter()
    .find(|t| t.chars().count() <= room)
    .unwrap_or_default();
    let b = block(theme, title, ex.on_inputs);
    let inner = b.inner(detail);
    b.render(detail, buf);
    if inner.width < 10 || inner.height < 3 {
        return;
    }
    let lines = detail_lines(ex, mode, theme, inner.width as usize);
    let has_chart = outcome.chart.is_some() && inner.height >= 20;
    let text_h = if has_chart {
        (lines.len() as u16).min(inner.height - 10)
    } else {
        inner.height
    };
    let [text_area, chart_area] =
        Layout::vertical([Constraint::Length(text_h), Constraint::Fill(1)]).areas(inner);
    let max_scroll = lines.len().saturating_sub(text_h as usize);
    let scroll = (ex.scroll as usize).min(max_scroll);
    Paragraph::new(lines.clone())
        .scroll((scroll as u16, 0))
        .render(text_area, buf);
    // Say there is more, on the border, rather than cut it silently.
    super::more_marker(
        theme,
        detail,
        buf,
        scroll,
        text_h as usize,
        lines.len(),
        "PgUp/PgDn",
    );
    if has_chart && let Some(chart) = &outcome.chart {
        render_chart(theme, chart, chart_area, buf);
    }
}

/// The statement, inputs, verdict and table of the selected exercise at `width` columns,
/// wrapped (never cut): a table too wide for the pane lists each row as "column value" pairs.
pub fn detail_lines(
    ex: &ExerciseState,
    mode: &Mode,
    theme: &Theme,
    width: usize,
) -> Vec<Line<'static>> {
    let reg = registry();
    let (Some(exercise), Some(outcome)) = (reg.get(ex.selected), ex.outcomes.get(ex.selected))
    else {
        return Vec::new();
    };
    let defaults = exercise.defaults();
    let current = ex.values.get(ex.selected).unwrap_or(&defaults);
    let mut out = wrap_text(&exercise.statement(current), width, theme.text);
    out.push(Line::raw(""));
    let inputs = exercise.inputs();
    let values = current.as_slice();
    if !inputs.is_empty() {
        out.extend(wrap_text(
            "inputs (Tab here, ↑↓ pick, ←→ nudge, Enter type)",
            width,
            theme.dim,
        ));
    }
    for (k, input) in inputs.iter().enumerate() {
        let sel = ex.on_inputs && k == ex.input;
        let value = match mode {
            Mode::EditInput { input: i, buffer } if *i == k => buffer.with_cursor(),
            // Whole-number inputs (counts, seeds: step >= 1) read as whole numbers.
            _ => values
                .get(k)
                .map(|&v| {
                    if input.step >= 1.0 && v.fract() == 0.0 && v.abs() < 1e15 {
                        format!("{v:.0}")
                    } else {
                        format::short(v)
                    }
                })
                .unwrap_or_default(),
        };
        out.extend(flow(
            vec![
                vec![
                    Span::styled(if sel { " ▶ " } else { "   " }, theme.key),
                    Span::styled(format!("{:<10}", input.name), theme.dim),
                    Span::styled(
                        format!(" {value} "),
                        if sel { theme.selected } else { theme.text },
                    ),
                ],
                vec![Span::styled(input.help.to_string(), theme.dim)],
                vec![Span::styled(
                    format!("[{} .. {}]", input.min, input.max),
                    theme.dim,
                )],
            ],
            width,
        ));
    }
    out.push(Line::raw(""));
    let (word, style) = if outcome.holds {
        ("HOLDS", theme.good)
    } else {
        ("FAILS", theme.bad)
    };
    out.extend(wrap_line(
        Line::from(vec![
            Span::styled(format!("{word} "), style.patch(theme.title)),
            Span::styled(format!("max error {:.3e}  ", outcome.max_error), theme.dim),
            Span::raw(outcome.verdict.clone()),
        ]),
        width,
    ));
    let t = &outcome.table;
    if !t.columns.is_empty() {
        out.push(Line::raw(""));
        out.extend(table_lines(theme, t, width));
    }
    out
}

/// A table as aligned columns when it fits, else one block per row of "column value" pairs.
pub fn table_lines(theme: &Theme, t: &crate::exercises::Table, width: usize) -> Vec<Line<'static>> {
    let widths: Vec<usize> = t
        .columns
        .iter()
        .enumerate()
        .map(|(c, h)| {
            t.rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .chain([h.chars().count()])
                .max()
                .unwrap_or(4)
        })
        .collect();
    let total: usize = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
    if total <= width {
        let row = |cells: &[String], style| {
            let mut spans = Vec::new();
            for (c, w) in widths.iter().enumerate() {
                let cell = cells.get(c).map_or("", |s| s.as_str());
                spans.push(Span::styled(format!("{cell:<w$}  "), style));
            }
            Line::from(spans)
        };
        let mut out = vec![row(&t.columns, theme.title)];
        out.extend(t.rows.iter().map(|r| row(r, theme.text)));
        return out;
    }
    let mut out = Vec::new();
    for (k, r) in t.rows.iter().enumerate() {
        let items = t
            .columns
            .iter()
            .zip(r)
            // A cell left empty does not apply to this row: no label without a value.
            .filter(|(_, v)| !v.is_empty())
            .map(|(h, v)| {
                vec![
                    Span::styled(format!("{h}: "), theme.dim),
                    Span::raw(v.clone()),
                ]
            })
            .collect();
        out.push(Line::from(Span::styled(
            format!("row {}", k + 1),
            theme.title,
        )));
        out.extend(flow(items, width));
    }
    out
}

fn render_chart(theme: &Theme, chart: &crate::exercises::Chart, area: Rect, buf: &mut Buffer) {
    let finite = |v: &f64| v.is_finite();
    let pts: Vec<Vec<(f64, f64)>> = chart
        .series
        .iter()
        .map(|s| {
            s.points
                .iter()
                .copied()
                .filter(|p| finite(&p.0) && finite(&p.1))
                .collect()
        })
        .collect();
    let all = pts.iter().flatten();
    let (mut x0, mut x1, mut y0, mut y1) = (
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    );
    for p in all {
        x0 = x0.min(p.0);
        x1 = x1.max(p.0);
        y0 = y0.min(p.1);
        y1 = y1.max(p.1);
    }
    if x0 >= x1 {
        x1 = x0 + 1.0;
    }
    if y0 >= y1 {
        y1 = y0 + 1.0;
    }
    if !x0.is_finite() || !y0.is_finite() {
        return;
    }
    let datasets: Vec<Dataset> = chart
        .series
        .iter()
        .zip(&pts)
        .enumerate()
        .map(|(i, (s, p))| {
            Dataset::default()
                .name(theme.run_legend(i + 1, s.name.clone()))
                .marker(theme.run_marker(i + 1, Marker::Braille))
                .graph_type(GraphType::Line)
                .style(Style::new().fg(theme.run_color(i + 1)))
                .data(p)
        })
        .collect();
    // The legend on its own lines above the plot, wrapped: never hidden for lack of room.
    let legend: Vec<Vec<Span<'static>>> = chart
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            // In colour a line of the curve's colour; without, the curve's own symbol.
            let name = theme.run_legend(i + 1, s.name.clone());
            let swatch = if name == s.name { "━ " } else { "" };
            vec![
                Span::styled(swatch, Style::new().fg(theme.run_color(i + 1))),
                Span::raw(name),
            ]
        })
        .chain([vec![Span::styled(
            format!("x: {}  y: {}", chart.x_label, chart.y_label),
            theme.dim,
        )]])
        .collect();
    let legend = flow(legend, area.width as usize);
    let legend_h = (legend.len() as u16).min(area.height.saturating_sub(4));
    let [legend_area, area] =
        Layout::vertical([Constraint::Length(legend_h), Constraint::Fill(1)]).areas(area);
    Paragraph::new(legend).render(legend_area, buf);
    // Counts (epochs) have whole-number data, and whole-number labels.
    let whole_x = pts.iter().flatten().all(|p| p.0.fract() == 0.0);
    let whole_y = pts.iter().flatten().all(|p| p.1.fract() == 0.0);
    Chart::new(datasets)
        .x_axis(
            // The axes' names are in the legend above (a title would be drawn over the curves).
            Axis::default()
                .style(theme.dim)
                .bounds([x0, x1])
                .labels(axis_labels(x0, x1, whole_x)),
        )
        .y_axis(
            Axis::default()
                .style(theme.dim)
                .bounds([y0, y1])
                .labels(axis_labels(y0, y1, whole_y)),
        )
        .legend_position(None)
        .render(area, buf);
}

/// The bottom, middle and top labels of an axis over [lo, hi], each to the precision their
/// spacing needs ([`format::axis`]): 0, 0.5, 1 on a probability axis, 0, 150, 300 epochs.
fn axis_labels(lo: f64, hi: f64, whole: bool) -> [String; 3] {
    let spacing = (hi - lo) / 2.0;
    [lo, f64::midpoint(lo, hi), hi].map(|v| format::axis(v, spacing, whole))
}
