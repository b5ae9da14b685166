//! One file per pane; each draws from `&App` into a buffer area and changes nothing.

pub mod about;
pub mod decision;
pub mod digits;
pub mod exercises;
pub mod formula;
pub mod frame;
pub mod header;
pub mod help;
pub mod landscape;
pub mod lesson;
pub mod metrics;
pub mod neuron;
pub mod overlay;
pub mod params;
pub mod readout;
pub mod scale;
pub mod sigma;
pub mod softmax;
pub mod speed_map;
pub mod status;
pub mod tour;
pub mod weights;

use super::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Widget};

/// A pane's frame: rounded border, title, highlighted when focused.
pub fn block(theme: &Theme, title: impl Into<Line<'static>>, focused: bool) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(if focused { theme.focused } else { theme.border })
        .title(title.into().style(if focused {
            theme.focused.patch(theme.title)
        } else {
            theme.title
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

/// A key hint: the key highlighted, then what it does.
pub fn hint(theme: &Theme, key: &'static str, what: &'static str) -> Vec<Span<'static>> {
    vec![
        Span::styled(key, theme.key),
        Span::styled(format!(" {what}  "), theme.dim),
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
        .map(std::convert::AsRef::as_ref)
        .find(|f| f.chars().count() <= width)
        .unwrap_or_default()
        .to_string()
}

/// Lays out `items` (groups of spans that belong together, such as a label and its number)
/// on lines of at most `width` columns, two spaces apart. An item is never split between
/// lines; one wider than a whole line gets a line of its own and [`wrap_line`] breaks it at
/// spaces. Nothing is cut.
pub fn flow(items: Vec<Vec<Span<'static>>>, width: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut current: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for item in items {
        let w: usize = item.iter().map(ratatui::prelude::Span::width).sum();
        if used > 0 && used + 2 + w > width {
            lines.push(Line::from(std::mem::take(&mut current)));
            used = 0;
        }
        if used > 0 {
            current.push(Span::raw("  "));
            used += 2;
        }
        current.extend(item);
        used += w;
    }
    if !current.is_empty() {
        lines.push(Line::from(current));
    }
    lines
        .into_iter()
        .flat_map(|l| wrap_line(l, width))
        .collect()
}

/// Breaks a line wider than `width` at spaces (a word longer than the line is broken inside
/// as a last resort, but stays whole across the two lines). Styles are kept.
pub fn wrap_line(line: Line<'static>, width: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    if line.width() <= width {
        return vec![line];
    }
    // Words with their styles: (text, style), spaces kept at the end of each word.
    let mut words: Vec<(String, ratatui::style::Style)> = Vec::new();
    for span in &line.spans {
        let style = span.style;
        let mut word = String::new();
        for ch in span.content.chars() {
            word.push(ch);
            if ch == ' ' {
                words.push((std::mem::take(&mut word), style));
            }
        }
        if !word.is_empty() {
            words.push((word, style));
        }
    }
    let mut out = Vec::new();
    let mut current: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for (word, style) in words {
        let w = Line::raw(word.trim_end()).width();
        if used > 0 && used + w > width {
            out.push(Line::from(std::mem::take(&mut current)));
            used = 0;
            if word.trim().is_empty() {
                continue;
            }
        }
        if w > width {
            // A single word longer than a line: break it by columns.
            let mut chunk = String::new();
            for ch in word.chars() {
                if Line::raw(chunk.as_str()).width() + 1 > width {
                    out.push(Line::from(Span::styled(std::mem::take(&mut chunk), style)));
                }
                chunk.push(ch);
            }
            used = Line::raw(chunk.as_str()).width();
            current.push(Span::styled(chunk, style));
            continue;
        }
        used += Line::raw(word.as_str()).width();
        current.push(Span::styled(word, style));
    }
    if !current.is_empty() {
        out.push(Line::from(current));
    }
    out
}

/// Plain text as lines of at most `width` columns, broken at spaces.
pub fn wrap_text(text: &str, width: usize, style: ratatui::style::Style) -> Vec<Line<'static>> {
    text.split('\n')
        .flat_map(|para| wrap_line(Line::from(Span::styled(para.to_string(), style)), width))
        .collect()
}

/// A labelled number kept together by [`flow`].
pub fn item(
    theme: &Theme,
    label: impl Into<String>,
    value: impl Into<String>,
) -> Vec<Span<'static>> {
    vec![
        Span::styled(label.into(), theme.dim),
        Span::raw(value.into()),
    ]
}

/// When `total` lines do not fit the `shown` rows of a bordered pane at `area`, says which
/// lines show and how to scroll ("lines 1-20 of 56, PgUp/PgDn") on its bottom border, rather
/// than cut the text silently; the shorter form when the border is narrow, none if even that
/// does not fit.
pub fn more_marker(
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
    scroll: usize,
    shown: usize,
    total: usize,
    keys: &str,
) {
    if total <= shown || shown == 0 {
        return;
    }
    let (first, last) = (scroll + 1, (scroll + shown).min(total));
    let Some(more) = [
        format!(" lines {first}-{last} of {total}, {keys} "),
        format!(" {first}-{last} of {total} "),
    ]
    .into_iter()
    .find(|m| m.chars().count() + 2 <= area.width as usize) else {
        return;
    };
    let w = more.chars().count() as u16;
    let r = Rect::new(area.right() - w - 1, area.bottom() - 1, w, 1);
    Paragraph::new(Span::styled(more, theme.key)).render(r, buf);
}
