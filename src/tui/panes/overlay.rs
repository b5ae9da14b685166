//! Modal overlays: the preset picker, the save prompt, and the value being typed.

use super::block;
use crate::tui::app::{App, Mode};
use crate::tui::theme::THEME;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

/// Draws the overlay of the current mode, if any.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    match &app.mode {
        Mode::Picker { entries, selected } => {
            let h = (entries.len() as u16 + 4)
                .min(area.height.saturating_sub(2))
                .max(5);
            let w = 76.min(area.width);
            let rect = area.centered(Constraint::Length(w), Constraint::Length(h));
            Clear.render(rect, buf);
            let b = block(" Open a preset (Enter) ", true);
            let inner = b.inner(rect);
            b.render(rect, buf);
            let visible = inner.height as usize;
            let offset = (selected + 1).saturating_sub(visible);
            let lines: Vec<Line> = entries
                .iter()
                .enumerate()
                .skip(offset)
                .take(visible)
                .map(|(i, e)| {
                    let style = if i == *selected {
                        THEME.selected
                    } else {
                        THEME.text
                    };
                    Line::from(vec![
                        Span::styled(format!(" {:<36}", e.name), style),
                        Span::styled(format!(" {}", e.origin), THEME.dim),
                    ])
                })
                .collect();
            Paragraph::new(lines).render(inner, buf);
        }
        Mode::Save { buffer, confirm } => {
            let w = 80.min(area.width);
            let rect = area.centered(Constraint::Length(w), Constraint::Length(5));
            Clear.render(rect, buf);
            let b = block(" Save the current settings as a preset ", true);
            let inner = b.inner(rect);
            b.render(rect, buf);
            let second = if *confirm {
                Line::from(Span::styled(
                    "This file exists. Overwrite it? y / n",
                    THEME.error,
                ))
            } else {
                Line::from(Span::styled(
                    "Enter saves (a new file; an existing one asks first), Esc cancels",
                    THEME.dim,
                ))
            };
            Paragraph::new(vec![Line::from(buffer.with_cursor()), second])
                .wrap(Wrap { trim: false })
                .render(inner, buf);
        }
        _ => {}
    }
}
