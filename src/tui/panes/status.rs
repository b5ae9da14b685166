//! The status line: the latest message, and the most useful keys.

use super::hint;
use crate::tui::app::{App, Focus, Mode, Tab};
use crate::tui::theme::THEME;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// Draws the status line.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let mut hints: Vec<Span> = Vec::new();
    match &app.mode {
        Mode::Edit { .. } | Mode::EditInput { .. } => {
            hints.extend(hint("Enter", "apply"));
            hints.extend(hint("Esc", "cancel"));
        }
        Mode::Picker { .. } => {
            hints.extend(hint("↑↓", "choose"));
            hints.extend(hint("Enter", "open"));
            hints.extend(hint("Esc", "close"));
        }
        Mode::Save { confirm: true, .. } => {
            hints.extend(hint("y", "overwrite"));
            hints.extend(hint("n", "keep it"));
        }
        Mode::Save { .. } => {
            hints.extend(hint("Enter", "save"));
            hints.extend(hint("Esc", "cancel"));
        }
        Mode::Normal => {
            hints.extend(hint("space", "run/pause"));
            hints.extend(hint("n", "step"));
            hints.extend(hint("r", "reset"));
            match (app.tab, app.focus) {
                (Tab::Lab, Focus::Params) => {
                    hints.extend(hint("↑↓", "field"));
                    hints.extend(hint("←→", "nudge"));
                    hints.extend(hint("Enter", "type"));
                }
                (Tab::Lab, Focus::Metrics) => {
                    hints.extend(hint("←→", "cursor"));
                    hints.extend(hint("l", "log"));
                    hints.extend(hint("c", "C/C0"));
                }
                (Tab::Lab, Focus::Neuron) => hints.extend(hint("↑↓", "run")),
                (Tab::Exercises, _) => {
                    hints.extend(hint("↑↓", "select"));
                    hints.extend(hint("Tab", "list/inputs"));
                }
                _ => {}
            }
            hints.extend(hint("Tab", "focus"));
            hints.extend(hint("p", "presets"));
            hints.extend(hint("?", "help"));
            hints.extend(hint("q", "quit"));
        }
    }
    let hints = Line::from(hints);
    match &app.status {
        Some(status) => {
            let style = if status.error {
                THEME.error
            } else {
                THEME.info
            };
            let msg = Line::from(Span::styled(format!(" {}", status.text), style));
            let room = area.width as usize;
            Paragraph::new(msg.clone()).render(area, buf);
            if msg.width() + hints.width() + 2 <= room {
                Paragraph::new(hints)
                    .alignment(Alignment::Right)
                    .render(area, buf);
            }
        }
        None => Paragraph::new(hints).render(area, buf),
    }
}
