//! One file per pane; each draws from `&App` into a buffer area and changes nothing.

pub mod about;
pub mod digits;
pub mod exercises;
pub mod header;
pub mod help;
pub mod landscape;
pub mod metrics;
pub mod neuron;
pub mod overlay;
pub mod params;
pub mod sigma;
pub mod softmax;
pub mod speed_map;
pub mod status;
pub mod tour;

use super::theme::THEME;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders};

/// A pane's frame: rounded border, title, highlighted when focused.
pub fn block(title: impl Into<Line<'static>>, focused: bool) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(if focused { THEME.focused } else { THEME.border })
        .title(title.into().style(if focused {
            THEME.focused.patch(THEME.title)
        } else {
            THEME.title
        }))
}

/// A horizontal bar of `width` cells filled to `fraction` (clamped to [0, 1]), with eighths.
pub fn bar(fraction: f64, width: usize) -> String {
    const EIGHTHS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let f = if fraction.is_finite() {
        fraction.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let eighths = (f * width as f64 * 8.0).round() as usize;
    let mut s = "█".repeat(eighths / 8);
    s += EIGHTHS[eighths % 8];
    s
}

/// A short number: fixed for moderate magnitudes, scientific otherwise.
pub fn num(v: f64) -> String {
    if !v.is_finite() {
        return format!("{v}");
    }
    if v == 0.0 || (1e-3..1e4).contains(&v.abs()) {
        format!("{v:.4}")
    } else {
        format!("{v:.2e}")
    }
}

/// A key hint: the key highlighted, then what it does.
pub fn hint(key: &'static str, what: &'static str) -> Vec<Span<'static>> {
    vec![
        Span::styled(key, THEME.key),
        Span::styled(format!(" {what}  "), THEME.dim),
    ]
}

/// True if the area can hold anything.
pub fn usable(area: Rect) -> bool {
    area.width > 2 && area.height > 2
}

/// The first of `forms` that fits in `width` characters, or an empty string: a label is shown
/// whole or not at all.
pub fn fit<S: AsRef<str>>(forms: &[S], width: usize) -> String {
    forms
        .iter()
        .map(|f| f.as_ref())
        .find(|f| f.chars().count() <= width)
        .unwrap_or_default()
        .to_string()
}
