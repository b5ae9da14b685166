//! The help overlay: every key, from the binding table itself.

use super::{block, wrap_text};
use crate::tui::keys::BINDINGS;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

/// The help's lines at `width` columns: each key with what it does, wrapped under itself.
pub fn lines(theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let key_w = BINDINGS
        .iter()
        .filter(|b| !b.help.is_empty())
        .map(|b| b.keys.chars().count() + 1)
        .max()
        .unwrap_or(12);
    let text_w = width.saturating_sub(key_w + 1).max(10);
    let mut lines: Vec<Line> = Vec::new();
    for b in BINDINGS.iter().filter(|b| !b.help.is_empty()) {
        let wrapped = wrap_text(b.help, text_w, theme.text);
        for (k, l) in wrapped.into_iter().enumerate() {
            let key = if k == 0 { b.keys } else { "" };
            let mut spans = vec![Span::styled(format!(" {key:<key_w$}"), theme.key)];
            spans.extend(l.spans);
            lines.push(Line::from(spans));
        }
    }
    lines.push(Line::raw(""));
    lines.extend(wrap_text(
        " Typing a value: ←→ Home End move, Backspace Delete erase, Ctrl-U to the start, \
         Ctrl-W a word, Enter applies, Esc cancels. Here: ↑↓ PgUp PgDn scroll; any other key \
         closes this help.",
        width,
        theme.dim,
    ));
    lines.extend(wrap_text(
        " Mouse (off with --no-mouse): click a tab, a parameter or the chart (click or drag \
         moves the cursor); the wheel steps the pane under it as ↑↓ do.",
        width,
        theme.dim,
    ));
    lines
}

/// Draws the overlay centred in `area`, scrolled by `scroll` lines (clamped).
pub fn render(theme: &Theme, scroll: u16, area: Rect, buf: &mut Buffer) {
    let w = 72.min(area.width);
    let lines = lines(theme, w.saturating_sub(2) as usize);
    let h = (lines.len() as u16 + 2).min(area.height);
    let rect = area.centered(Constraint::Length(w), Constraint::Length(h));
    Clear.render(rect, buf);
    let inner_h = h.saturating_sub(2) as usize;
    let max_scroll = lines.len().saturating_sub(inner_h);
    let scroll = (scroll as usize).min(max_scroll);
    let title = if max_scroll > 0 {
        format!(
            " Keys {}-{} of {} (↑↓ PgUp PgDn) ",
            scroll + 1,
            scroll + inner_h,
            lines.len()
        )
    } else {
        " Keys ".to_string()
    };
    let b = block(theme, title, true);
    let inner = b.inner(rect);
    b.render(rect, buf);
    Paragraph::new(lines)
        .scroll((scroll as u16, 0))
        .render(inner, buf);
}
