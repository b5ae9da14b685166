//! The parameter editor: per run w, b (single neuron), eta, cost, mini-batch, seed; then the
//! preset's epochs and the playback speed.

use super::{block, flow, wrap_line};
use crate::tui::fields::Field;
use crate::tui::lab::{Focus, LabView};
use crate::tui::overlay::Mode;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

fn name(view: &LabView<'_>, field: Field) -> String {
    match field {
        Field::W(r, j) => {
            let inputs = view.preset.runs.get(r).map_or(1, |run| run.layers[0]);
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
        Field::W(..) | Field::B(_) => [" start (restarts all)", " start"],
        Field::Eta(_) | Field::Cost(_) => [" live", " live"],
        Field::MiniBatch(_) => [" next epoch", " next ep."],
        Field::Seed(_) => [" restarts all runs", " restarts"],
        Field::Epochs | Field::Speed => ["", ""],
    }
}

/// The lines of the editor at `width` columns and the index of the selected line. A note
/// that does not fit is dropped; a header or value that does not fit wraps.
pub fn lines(view: &LabView<'_>, width: usize) -> (Vec<Line<'static>>, usize) {
    lines_selecting(view, width, view.lab.field)
}

/// The line each field is drawn on when it is the selected one (where the pane puts the
/// selection), at `width` columns: what a click on the editor hits.
pub fn field_lines(view: &LabView<'_>, width: usize) -> Vec<usize> {
    (0..view.fields().len())
        .map(|k| lines_selecting(view, width, k).1)
        .collect()
}

/// The first line shown when `total` lines are drawn `height` high with line `sel` selected.
pub fn scroll_offset(sel: usize, height: usize, total: usize) -> usize {
    (sel + 2)
        .saturating_sub(height)
        .min(total.saturating_sub(height))
}

/// [`lines`] with field `selected` as the selected one.
fn lines_selecting(
    view: &LabView<'_>,
    width: usize,
    selected: usize,
) -> (Vec<Line<'static>>, usize) {
    let fields = view.fields();
    let focused = view.lab.focus == Focus::Params;
    let mut out = Vec::new();
    let mut selected_line = 0;
    let mut last_run = None;
    for (k, &field) in fields.iter().enumerate() {
        let run = field.run();
        if run != last_run {
            last_run = run;
            match run {
                Some(r) => {
                    let cfg = &view.preset.runs[r];
                    out.extend(flow(
                        vec![
                            vec![
                                Span::styled(
                                    format!("{} ", view.theme.run_symbol(view.slot(r))),
                                    Style::new().fg(view.theme.run_color(view.slot(r))),
                                ),
                                Span::styled(
                                    cfg.shown_label().into_owned(),
                                    view.theme.title.fg(view.theme.run_color(view.slot(r))),
                                ),
                            ],
                            vec![Span::styled(format!("{:?}", cfg.layers), view.theme.dim)],
                            vec![Span::styled(
                                format!("{} out", cfg.output.name()),
                                view.theme.dim,
                            )],
                            vec![Span::styled(cfg.update.name().to_string(), view.theme.dim)],
                        ],
                        width,
                    ));
                }
                None => out.push(Line::from(Span::styled("preset", view.theme.title))),
            }
        }
        let is_sel = k == selected.min(fields.len() - 1);
        let value = match &view.mode {
            Mode::Edit { field: f, buffer } if *f == field => buffer.with_cursor(),
            _ => view.field_text(field),
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
            view.theme.selected
        } else if is_sel {
            view.theme.title
        } else {
            view.theme.text
        };
        if is_sel {
            selected_line = out.len();
        }
        let mut line = Line::from(vec![
            Span::styled(if is_sel { " ▶ " } else { "   " }, view.theme.key),
            Span::styled(format!("{:<11}", name(view, field)), view.theme.dim),
            Span::styled(format!(" {val} "), style),
        ]);
        // The note in full, else its short form ("start" must stay: w and b here are where
        // the run started, not where it is now).
        let notes = if view.is_pending(field) {
            [" sent, awaiting the trainer", " sent…"]
        } else {
            notes(field)
        };
        if let Some(n) = notes
            .into_iter()
            .find(|n| line.width() + n.chars().count() <= width)
        {
            line.push_span(Span::styled(n, view.theme.dim));
        }
        out.extend(wrap_line(line, width));
    }
    (out, selected_line)
}

/// Draws the pane.
pub fn render(view: &LabView<'_>, area: Rect, buf: &mut Buffer) {
    let b = block(view.theme, " Parameters ", view.lab.focus == Focus::Params);
    let inner = b.inner(area);
    b.render(area, buf);
    let (lines, sel) = lines(view, inner.width as usize);
    let h = inner.height as usize;
    let offset = scroll_offset(sel, h, lines.len());
    let total = lines.len();
    Paragraph::new(lines)
        .scroll((offset as u16, 0))
        .render(inner, buf);
    super::more_marker(view.theme, area, buf, offset, h, total, "↑↓ field");
}
