//! The status line: the latest message, and the most useful keys.

use super::{hint, wrap_text};
use crate::tui::app::{App, Focus, Mode, Tab};
use crate::tui::theme::THEME;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// The status lines at `width` columns: the message, wrapped, and as many key hints as fit
/// whole (they go from the end).
pub fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let mut hints: Vec<Span<'static>> = Vec::new();
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
    // Each hint is two spans (key, what): drop whole hints from the end until they fit.
    let fit = |hints: &[Span<'static>], room: usize| {
        let mut n = hints.len();
        while n > 0 && hints[..n].iter().map(|s| s.width()).sum::<usize>() > room {
            n -= 2;
        }
        Line::from(hints[..n].to_vec())
    };
    match &app.status {
        Some(status) => {
            let style = if status.error {
                THEME.error
            } else {
                THEME.info
            };
            let mut out = wrap_text(&format!(" {}", status.text), width, style);
            let last_w = out.last().map_or(0, |l| l.width());
            let rest = fit(&hints, width.saturating_sub(last_w + 2));
            if rest.width() > 0
                && let Some(last) = out.last_mut()
            {
                let pad = width.saturating_sub(last_w + rest.width());
                last.push_span(Span::raw(" ".repeat(pad)));
                last.spans.extend(rest.spans);
            }
            out
        }
        None => vec![fit(&hints, width)],
    }
}

/// Rows the status needs at `width` (at most 4; the message is short by design).
pub fn height(app: &App, width: u16) -> u16 {
    (lines(app, width as usize).len() as u16).clamp(1, 4)
}

/// Draws the status line(s).
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    Paragraph::new(lines(app, area.width as usize)).render(area, buf);
}
