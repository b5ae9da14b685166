//! The parameter editor: per run w, b (single neuron), eta, cost, mini-batch, seed; then the
//! preset's epochs and the playback speed.

use super::{block, flow, wrap_line};
use crate::tui::app::{App, Field, Focus, Mode};
use crate::tui::theme::{THEME, run_color, run_symbol};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

fn name(app: &App, field: Field) -> String {
    match field {
        Field::W(r, j) => {
            let inputs = app.preset.runs.get(r).map_or(1, |run| run.layers[0]);
            if inputs == 1 {
                "w".into()
            } else {
                format!("w{}", j + 1)
            }
        }
        Field::B(_) => "b".into(),
        Field::Eta(_) => "eta".into(),
        Field::Cost(_) => "cost".into(),
        Field::MiniBatch(_) => "mini-batch".into(),
        Field::Seed(_) => "seed".into(),
        Field::Epochs => "epochs".into(),
        Field::Speed => "speed".into(),
    }
}

/// When a change to the field takes effect: in full, then short for a narrow pane.
fn notes(field: Field) -> [&'static str; 2] {
    match field {
        Field::W(..) | Field::B(_) => [" start (restarts run)", " start"],
        Field::Eta(_) | Field::Cost(_) => [" live", " live"],
        Field::MiniBatch(_) => [" next epoch", " next ep."],
        Field::Seed(_) => [" restarts run", " restarts"],
        Field::Epochs | Field::Speed => ["", ""],
    }
}

/// The lines of the editor at `width` columns and the index of the selected line. A note
/// that does not fit is dropped; a header or value that does not fit wraps.
pub fn lines(app: &App, width: usize) -> (Vec<Line<'static>>, usize) {
    lines_selecting(app, width, app.field)
}

/// The line each field is drawn on when it is the selected one (where the pane puts the
/// selection), at `width` columns: what a click on the editor hits.
pub fn field_lines(app: &App, width: usize) -> Vec<usize> {
    (0..app.fields().len())
        .map(|k| lines_selecting(app, width, k).1)
        .collect()
}

/// The first line shown when `total` lines are drawn `height` high with line `sel` selected.
pub fn scroll_offset(sel: usize, height: usize, total: usize) -> usize {
    (sel + 2)
        .saturating_sub(height)
        .min(total.saturating_sub(height))
}

/// [`lines`] with field `selected` as the selected one.
fn lines_selecting(app: &App, width: usize, selected: usize) -> (Vec<Line<'static>>, usize) {
    let fields = app.fields();
    let focused = app.focus == Focus::Params;
    let mut out = Vec::new();
    let mut selected_line = 0;
    let mut last_run = None;
    for (k, &field) in fields.iter().enumerate() {
        let run = field.run();
        if run != last_run {
            last_run = run;
            match run {
                Some(r) => {
                    let cfg = &app.preset.runs[r];
                    out.extend(flow(
                        vec![
                            vec![
                                Span::styled(
                                    format!("{} ", run_symbol(r)),
                                    Style::new().fg(run_color(r)),
                                ),
                                Span::styled(cfg.label.clone(), THEME.title.fg(run_color(r))),
                            ],
                            vec![Span::styled(format!("{:?}", cfg.layers), THEME.dim)],
                            vec![Span::styled(
                                format!("{} out", cfg.output.name()),
                                THEME.dim,
                            )],
                            vec![Span::styled(cfg.update.name().to_string(), THEME.dim)],
                        ],
                        width,
                    ));
                }
                None => out.push(Line::from(Span::styled("preset", THEME.title))),
            }
        }
        let is_sel = k == selected.min(fields.len() - 1);
        let value = match &app.mode {
            Mode::Edit { field: f, buffer } if *f == field => buffer.with_cursor(),
            _ => app.field_text(field),
        };
        let value = if field == Field::Speed && value != "max" {
            format!("{value} epochs/s")
        } else {
            value
        };
        let arrows = matches!(field, Field::Cost(_)) && is_sel;
        let val = if arrows {
            format!("◂ {value} ▸")
        } else {
            value
        };
        let style = if is_sel && focused {
            THEME.selected
        } else if is_sel {
            THEME.title
        } else {
            THEME.text
        };
        if is_sel {
            selected_line = out.len();
        }
        let mut line = Line::from(vec![
            Span::styled(if is_sel { " ▶ " } else { "   " }, THEME.key),
            Span::styled(format!("{:<11}", name(app, field)), THEME.dim),
            Span::styled(format!(" {val} "), style),
        ]);
        // The note in full, else its short form ("start" must stay: w and b here are where
        // the run started, not where it is now).
        let notes = if app.is_pending(field) {
            [" sent, awaiting the trainer", " sent…"]
        } else {
            notes(field)
        };
        if let Some(n) = notes
            .into_iter()
            .find(|n| line.width() + n.chars().count() <= width)
        {
            line.push_span(Span::styled(n, THEME.dim));
        }
        out.extend(wrap_line(line, width));
    }
    (out, selected_line)
}

/// Draws the pane.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let b = block(" Parameters ", app.focus == Focus::Params);
    let inner = b.inner(area);
    b.render(area, buf);
    let (lines, sel) = lines(app, inner.width as usize);
    let h = inner.height as usize;
    let offset = scroll_offset(sel, h, lines.len());
    let total = lines.len();
    Paragraph::new(lines)
        .scroll((offset as u16, 0))
        .render(inner, buf);
    super::more_marker(area, buf, offset, h, total, "↑↓ field");
}
