//! The help overlay: every key, from the binding table itself.

use super::block;
use crate::tui::keys::BINDINGS;
use crate::tui::theme::THEME;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

/// Draws the overlay centred in `area`.
pub fn render(area: Rect, buf: &mut Buffer) {
    let mut lines: Vec<Line> = BINDINGS
        .iter()
        .filter(|b| !b.help.is_empty())
        .map(|b| {
            Line::from(vec![
                Span::styled(format!(" {:<17}", b.keys), THEME.key),
                Span::raw(b.help),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        " In the editor: Enter types a value, Esc cancels. Any key closes this help.",
        THEME.dim,
    )));
    let h = (lines.len() as u16 + 2).min(area.height);
    let w = 66.min(area.width);
    let rect = area.centered(Constraint::Length(w), Constraint::Length(h));
    Clear.render(rect, buf);
    let b = block(" Keys ", true);
    let inner = b.inner(rect);
    b.render(rect, buf);
    Paragraph::new(lines).render(inner, buf);
}
