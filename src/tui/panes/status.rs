//! The status line: the latest message, and the most useful keys.

use super::{hint, wrap_text};
use crate::tui::lab::Focus;
use crate::tui::overlay::Mode;
use crate::tui::shared::{Status, Tab};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// What the status line draws from.
#[derive(Clone, Copy)]
pub struct StatusView<'a> {
    /// The message, if any.
    pub status: Option<&'a Status>,
    /// The modal state (its keys are hinted).
    pub mode: &'a Mode,
    /// The tab shown.
    pub tab: Tab,
    /// The lab's focused pane.
    pub focus: Focus,
    /// The editor's selected field restarts the runs when changed (w, b, a seed).
    pub restarts: bool,
    /// On the Exercises tab, the keys go to the selected exercise's inputs (not the list).
    pub exercise_inputs: bool,
    /// The theme to draw with.
    pub theme: &'static Theme,
}

/// The status lines at `width` columns: the message, wrapped, and as many key hints as fit
/// whole (they go from the end).
pub fn lines(view: &StatusView<'_>, width: usize) -> Vec<Line<'static>> {
    let mut hints: Vec<Span<'static>> = Vec::new();
    match &view.mode {
        Mode::Edit { .. } | Mode::EditInput { .. } => {
            hints.extend(hint(view.theme, "Enter", "apply"));
            hints.extend(hint(view.theme, "Esc", "cancel"));
        }
        Mode::Picker { .. } => {
            hints.extend(hint(view.theme, "↑↓", "choose"));
            hints.extend(hint(view.theme, "Enter", "open"));
            hints.extend(hint(view.theme, "Esc", "close"));
        }
        Mode::Save { confirm: true, .. } => {
            hints.extend(hint(view.theme, "y", "overwrite"));
            hints.extend(hint(view.theme, "n", "keep it"));
        }
        Mode::Save { .. } => {
            hints.extend(hint(view.theme, "Enter", "save"));
            hints.extend(hint(view.theme, "Esc", "cancel"));
        }
        // The Exercises tab's own keys: training keys do nothing to an exercise.
        Mode::Normal if view.tab == Tab::Exercises => {
            if view.exercise_inputs {
                hints.extend(hint(view.theme, "↑↓", "input"));
                hints.extend(hint(view.theme, "←→", "nudge"));
                hints.extend(hint(view.theme, "Enter", "type"));
                hints.extend(hint(view.theme, "Tab", "list"));
            } else {
                hints.extend(hint(view.theme, "↑↓", "exercise"));
                hints.extend(hint(view.theme, "Tab", "inputs"));
            }
            hints.extend(hint(view.theme, "PgUp/PgDn", "scroll"));
            hints.extend(hint(view.theme, "1", "lab"));
            hints.extend(hint(view.theme, "?", "help"));
            hints.extend(hint(view.theme, "q", "quit"));
        }
        Mode::Normal => {
            hints.extend(hint(view.theme, "space", "run/pause"));
            hints.extend(hint(view.theme, "n", "step"));
            hints.extend(hint(view.theme, "r", "reset"));
            match (view.tab, view.focus) {
                (Tab::Lab, Focus::Params) => {
                    hints.extend(hint(view.theme, "↑↓", "field"));
                    hints.extend(hint(
                        view.theme,
                        "←→",
                        if view.restarts {
                            "nudge (restarts every run)"
                        } else {
                            "nudge"
                        },
                    ));
                    hints.extend(hint(view.theme, "Enter", "type"));
                }
                (Tab::Lab, Focus::Metrics) => {
                    hints.extend(hint(view.theme, "←→", "cursor"));
                    hints.extend(hint(view.theme, "l", "log"));
                    hints.extend(hint(view.theme, "c", "C/C0"));
                }
                (Tab::Lab, Focus::Neuron) => hints.extend(hint(view.theme, "↑↓", "run")),
                _ => {}
            }
            hints.extend(hint(view.theme, "Tab", "focus"));
            hints.extend(hint(view.theme, "p", "presets"));
            hints.extend(hint(view.theme, "?", "help"));
            hints.extend(hint(view.theme, "q", "quit"));
        }
    }
    // Each hint is two spans (key, what): drop whole hints from the end until they fit.
    let fit = |hints: &[Span<'static>], room: usize| {
        let mut n = hints.len();
        while n > 0
            && hints[..n]
                .iter()
                .map(ratatui::prelude::Span::width)
                .sum::<usize>()
                > room
        {
            n -= 2;
        }
        Line::from(hints[..n].to_vec())
    };
    // The start hint ("press space to train") is about the Lab tab: elsewhere, the keys.
    let status = view
        .status
        .filter(|s| !(s.until_running && view.tab != Tab::Lab));
    match status {
        Some(status) => {
            let style = if status.error {
                view.theme.error
            } else {
                view.theme.info
            };
            let mut out = wrap_text(&format!(" {}", status.text), width, style);
            let last_w = out.last().map_or(0, ratatui::prelude::Line::width);
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
pub fn height(view: &StatusView<'_>, width: u16) -> u16 {
    (lines(view, width as usize).len() as u16).clamp(1, 4)
}

/// Draws the status line(s).
pub fn render(view: &StatusView<'_>, area: Rect, buf: &mut Buffer) {
    Paragraph::new(lines(view, area.width as usize)).render(area, buf);
}
