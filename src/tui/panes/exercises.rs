//! The exercise explorer: the list with verdicts, and the selected exercise's statement,
//! inputs (editable), verdict, table and chart. Rendered from the registry, whatever it holds.

use super::{block, num};
use crate::exercises::registry;
use crate::tui::app::{App, Mode};
use crate::tui::theme::{THEME, run_color};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Axis, Chart, Dataset, GraphType, LegendPosition, Paragraph, Row, Table, Widget, Wrap,
};

/// Draws the tab.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let reg = registry();
    let ex = &app.exercises;
    let list_w =
        (reg.iter().map(|e| e.id().len()).max().unwrap_or(10) as u16 + 8).min(area.width / 3);
    let [list_area, detail] =
        Layout::horizontal([Constraint::Length(list_w), Constraint::Fill(1)]).areas(area);
    let b = block(" Exercises ", !ex.on_inputs);
    let inner = b.inner(list_area);
    b.render(list_area, buf);
    let lines: Vec<Line> = reg
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let holds = ex.outcomes.get(i).is_some_and(|o| o.holds);
            let (mark, ms) = if holds {
                ("✓ ", THEME.good)
            } else {
                ("✗ ", THEME.bad)
            };
            let style = if i == ex.selected && !ex.on_inputs {
                THEME.selected
            } else if i == ex.selected {
                THEME.title
            } else {
                THEME.text
            };
            Line::from(vec![Span::styled(mark, ms), Span::styled(e.id(), style)])
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);

    let Some(exercise) = reg.get(ex.selected) else {
        return;
    };
    let Some(outcome) = ex.outcomes.get(ex.selected) else {
        return;
    };
    let b = block(
        format!(" {} · {} ", exercise.title(), exercise.equations()),
        ex.on_inputs,
    );
    let inner = b.inner(detail);
    b.render(detail, buf);
    let inputs = exercise.inputs();
    let table_rows = outcome.table.rows.len() as u16 + 1;
    let has_chart = outcome.chart.is_some() && inner.height >= 24;
    let [statement, inputs_area, verdict, table_area, chart_area] = Layout::vertical([
        Constraint::Max(6),
        Constraint::Length(inputs.len() as u16 + 1),
        Constraint::Length(3),
        Constraint::Max(table_rows.max(2)),
        Constraint::Fill(if has_chart { 1 } else { 0 }),
    ])
    .areas(inner);
    Paragraph::new(exercise.statement())
        .wrap(Wrap { trim: true })
        .render(statement, buf);
    let values = ex
        .values
        .get(ex.selected)
        .map(|v| v.as_slice())
        .unwrap_or(&[]);
    let mut lines = vec![Line::from(Span::styled(
        "inputs (Tab here, ←→ nudge, Enter type)",
        THEME.dim,
    ))];
    for (k, input) in inputs.iter().enumerate() {
        let sel = ex.on_inputs && k == ex.input;
        let value = match &app.mode {
            Mode::EditInput { input: i, buffer } if *i == k => buffer.with_cursor(),
            // Whole-number inputs (counts, seeds: step >= 1) read as whole numbers.
            _ => values
                .get(k)
                .map(|&v| {
                    if input.step >= 1.0 && v.fract() == 0.0 && v.abs() < 1e15 {
                        format!("{v:.0}")
                    } else {
                        num(v)
                    }
                })
                .unwrap_or_default(),
        };
        lines.push(Line::from(vec![
            Span::styled(if sel { " ▶ " } else { "   " }, THEME.key),
            Span::styled(format!("{:<10}", input.name), THEME.dim),
            Span::styled(
                format!(" {value} "),
                if sel { THEME.selected } else { THEME.text },
            ),
            Span::styled(
                format!("  {} [{} .. {}]", input.help, input.min, input.max),
                THEME.dim,
            ),
        ]));
    }
    Paragraph::new(lines).render(inputs_area, buf);
    let (word, style) = if outcome.holds {
        ("HOLDS", THEME.good)
    } else {
        ("FAILS", THEME.bad)
    };
    Paragraph::new(vec![Line::from(vec![
        Span::styled(format!("{word} "), style.patch(THEME.title)),
        Span::styled(format!("max error {:.3e}  ", outcome.max_error), THEME.dim),
        Span::raw(outcome.verdict.clone()),
    ])])
    .wrap(Wrap { trim: true })
    .render(verdict, buf);
    let t = &outcome.table;
    if !t.columns.is_empty() {
        let widths: Vec<Constraint> = t
            .columns
            .iter()
            .enumerate()
            .map(|(c, h)| {
                let w = t
                    .rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .map(|s| s.chars().count())
                    .chain([h.chars().count()])
                    .max()
                    .unwrap_or(4);
                Constraint::Length(w as u16)
            })
            .collect();
        Table::new(
            t.rows
                .iter()
                .map(|r| Row::new(r.iter().map(|c| c.as_str()))),
            widths,
        )
        .header(Row::new(t.columns.iter().map(|c| c.as_str())).style(THEME.title))
        .column_spacing(2)
        .render(table_area, buf);
    }
    if has_chart && let Some(chart) = &outcome.chart {
        render_chart(chart, chart_area, buf);
    }
}

fn render_chart(chart: &crate::exercises::Chart, area: Rect, buf: &mut Buffer) {
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
                .name(s.name.clone())
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(Style::new().fg(run_color(i + 1)))
                .data(p)
        })
        .collect();
    Chart::new(datasets)
        .x_axis(
            Axis::default()
                .title(Span::styled(chart.x_label.clone(), THEME.dim))
                .style(THEME.dim)
                .bounds([x0, x1])
                .labels([num(x0), num((x0 + x1) / 2.0), num(x1)]),
        )
        .y_axis(
            Axis::default()
                .title(Span::styled(chart.y_label.clone(), THEME.dim))
                .style(THEME.dim)
                .bounds([y0, y1])
                .labels([num(y0), num((y0 + y1) / 2.0), num(y1)]),
        )
        .legend_position(Some(LegendPosition::TopRight))
        .render(area, buf);
}
