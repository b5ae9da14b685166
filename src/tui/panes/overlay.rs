//! Modal overlays: the preset picker, the save prompt, and the value being typed.

use super::{block, wrap_line, wrap_text};
use crate::tui::overlay::Mode;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

/// Draws the overlay of the current mode, if any.
pub fn render(mode: &Mode, theme: &Theme, area: Rect, buf: &mut Buffer) {
    match mode {
        Mode::Picker { entries, selected } => {
            let w = 76.min(area.width);
            let inner_w = w.saturating_sub(2) as usize;
            let about = entries
                .get(*selected)
                .map(|e| wrap_text(&e.description, inner_w, theme.dim))
                .unwrap_or_default();
            // The list takes what the description leaves, at least 5 rows.
            let room = area.height.saturating_sub(2);
            let about_h = (about.len() as u16).min(room.saturating_sub(8));
            let list_h = (entries.len() as u16)
                .min(room.saturating_sub(about_h + 3))
                .max(3);
            let h = (list_h + about_h + 3).min(area.height);
            let rect = area.centered(Constraint::Length(w), Constraint::Length(h));
            Clear.render(rect, buf);
            let b = block(theme, " Open a preset (Enter) ", true);
            let inner = b.inner(rect);
            b.render(rect, buf);
            let [list, rule, desc] = Layout::vertical([
                Constraint::Length(list_h),
                Constraint::Length(1),
                Constraint::Fill(1),
            ])
            .areas(inner);
            let visible = list.height as usize;
            let offset = (selected + 1).saturating_sub(visible);
            let lines: Vec<Line> = entries
                .iter()
                .enumerate()
                .skip(offset)
                .take(visible)
                .map(|(i, e)| {
                    let style = if i == *selected {
                        theme.selected
                    } else {
                        theme.text
                    };
                    let name_w = inner_w.saturating_sub(e.origin.chars().count() + 2).max(1);
                    Line::from(vec![
                        Span::styled(format!(" {:<name_w$}", e.name), style),
                        Span::styled(format!(" {}", e.origin), theme.dim),
                    ])
                })
                .flat_map(|l| wrap_line(l, inner_w))
                .collect();
            Paragraph::new(lines).render(list, buf);
            let more = if about.len() > desc.height as usize {
                format!(
                    " {} more lines: open it, then the About tab ",
                    about.len() - desc.height as usize
                )
            } else {
                String::new()
            };
            Paragraph::new(Line::from(vec![
                Span::styled("─".repeat(2), theme.border),
                Span::styled(
                    format!(" {} of {} ", selected + 1, entries.len()),
                    theme.dim,
                ),
                Span::styled(more, theme.dim),
            ]))
            .render(rule, buf);
            Paragraph::new(about).render(desc, buf);
        }
        Mode::Save { buffer, confirm } => {
            let w = 80.min(area.width);
            let rect = area.centered(Constraint::Length(w), Constraint::Length(5));
            Clear.render(rect, buf);
            let b = block(theme, " Save the current settings as a preset ", true);
            let inner = b.inner(rect);
            b.render(rect, buf);
            let second = if *confirm {
                Line::from(Span::styled(
                    "This file exists. Overwrite it? y / n",
                    theme.error,
                ))
            } else {
                Line::from(Span::styled(
                    "Enter saves (a new file; an existing one asks first), Esc cancels",
                    theme.dim,
                ))
            };
            Paragraph::new(vec![Line::from(buffer.with_cursor()), second])
                .wrap(Wrap { trim: false })
                .render(inner, buf);
        }
        _ => {}
    }
}
