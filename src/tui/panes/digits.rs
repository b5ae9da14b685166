//! The digits pane (presets whose inputs are 28 x 28 images): a few evaluation digits drawn with
//! half-blocks, each with its label and the selected run's guess (computed by the trainer).

use super::block;
use crate::tui::lab::LabView;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::widgets::Widget;

/// Cells a digit takes: 14 columns by 7 rows (28 x 28 pixels, 2 x 2 per half-block cell).
pub const DIGIT_W: u16 = 14;
/// Rows of one digit.
pub const DIGIT_H: u16 = 7;

fn grey(p: f64) -> Color {
    let p = if p.is_finite() {
        p.clamp(0.0, 1.0)
    } else {
        0.0
    };
    Color::Indexed(232 + (p * 23.0).round() as u8)
}

/// A pixel's ink as a shade character (the mono theme has no greys).
fn shade(p: f64) -> &'static str {
    match p {
        p if p >= 0.75 => "█",
        p if p >= 0.5 => "▓",
        p if p >= 0.25 => "▒",
        p if p >= 0.08 => "░",
        _ => " ",
    }
}

fn pixel(img: &[f64], row: usize, col: usize) -> f64 {
    // Average of a 2 x 2 block of the 28 x 28 image.
    let mut s = 0.0;
    for dr in 0..2 {
        for dc in 0..2 {
            s += img
                .get((row * 2 + dr) * 28 + col * 2 + dc)
                .copied()
                .unwrap_or(0.0);
        }
    }
    s / 4.0
}

/// Draws the pane.
pub fn render(view: &LabView<'_>, area: Rect, buf: &mut Buffer) {
    let Some(d) = &view.store.digits else { return };
    let b = block(
        view.theme,
        " Digits: label → guess of the selected run ",
        false,
    );
    let inner = b.inner(area);
    b.render(area, buf);
    let guesses = d.guesses.get(view.lab.selected_run);
    let mut x = inner.x;
    for (k, img) in d.images.pixels.iter().enumerate() {
        if x + DIGIT_W > inner.right() || inner.height < DIGIT_H + 1 {
            break;
        }
        for row in 0..DIGIT_H as usize {
            for col in 0..DIGIT_W as usize {
                let top = pixel(img, row * 2, col);
                let bottom = pixel(img, row * 2 + 1, col);
                if let Some(cell) = buf.cell_mut((x + col as u16, inner.y + row as u16)) {
                    if view.theme.mono {
                        // no colour: ink density as a shade character
                        cell.set_symbol(shade(f64::midpoint(top, bottom)));
                    } else {
                        cell.set_symbol("▀")
                            .set_style(Style::new().fg(grey(top)).bg(grey(bottom)));
                    }
                }
            }
        }
        let label = d.images.labels.get(k).copied();
        let guess = guesses.and_then(|g| g.get(k)).copied();
        let (text, style) = match (label, guess) {
            (Some(l), Some(g)) if l == g => (format!("{l} → {g} ✓"), view.theme.good),
            (Some(l), Some(g)) => (format!("{l} → {g} ✗"), view.theme.bad),
            (Some(l), None) => (format!("{l} → ?"), view.theme.dim),
            _ => (String::new(), view.theme.dim),
        };
        buf.set_string(x + 2, inner.y + DIGIT_H, text, style);
        x += DIGIT_W + 2;
    }
}
