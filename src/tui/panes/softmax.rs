//! The softmax sliders overlay (the book's widget for Eq. 78, with the scale c of Eq. 83): the
//! weighted inputs z_j as sliders, the outputs a_j = softmax_c(z)_j as bars with their values and
//! their sum. Moving one z_j moves every a_k (Eq. 79). Draws from plain data.

use super::{bar, block, hint};
use crate::format;
use crate::tui::theme::Theme;
use crate::views::softmax::Sliders;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

/// The overlay.
#[derive(Debug, Clone)]
pub struct SoftmaxPane<'a> {
    /// The sliders.
    pub sliders: &'a Sliders,
    /// The theme to draw with.
    pub theme: &'a Theme,
}

impl SoftmaxPane<'_> {
    /// Rows the overlay needs (border included).
    pub fn height(&self) -> u16 {
        self.sliders.z.len() as u16 * 2 + 7
    }
}

/// A slider track of `width` cells over [-range, range] with a knob at `z`.
fn track(z: f64, range: f64, width: usize) -> String {
    let width = width.max(3);
    let f = ((z + range) / (2.0 * range)).clamp(0.0, 1.0);
    let at = (f * (width - 1) as f64).round() as usize;
    (0..width)
        .map(|i| {
            if i == at {
                '●'
            } else if i == (0.5 * (width - 1) as f64).round() as usize {
                '┼'
            } else {
                '─'
            }
        })
        .collect()
}

impl Widget for SoftmaxPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        Clear.render(area, buf);
        let s = self.sliders;
        let b = block(
            self.theme,
            format!(" Softmax sliders, c = {:.2} (Eq. 78, 83) ", s.c),
            true,
        );
        let inner = b.inner(area);
        b.render(area, buf);
        if inner.width < 30 {
            return;
        }
        let a = s.outputs();
        let range = s.z.iter().map(|z| z.abs()).fold(5.0_f64, f64::max).ceil();
        // "▶ z1 " + track + " " + value(10)
        let w = inner.width as usize;
        let track_w = w.saturating_sub(18).max(3);
        let mut lines = Vec::new();
        for (j, (&z, &aj)) in s.z.iter().zip(&a).enumerate() {
            let sel = j == s.selected;
            let color = Style::new().fg(self.theme.run_color(j));
            lines.push(Line::from(vec![
                Span::styled(if sel { "▶ " } else { "  " }, self.theme.key),
                Span::styled(format!("z{:<2} ", j + 1), color),
                Span::styled(
                    track(z, range, track_w),
                    if sel { self.theme.key } else { self.theme.dim },
                ),
                Span::raw(format!(" {:>10}", format::short(z))),
            ]));
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(format!("a{:<2} ", j + 1), color),
                Span::raw(format!("{:<width$}", bar(aj, track_w), width = track_w)),
                Span::raw(format!(" {:>10}", format!("{aj:.6}"))),
            ]));
        }
        let sum: f64 = a.iter().sum();
        lines.push(Line::from(vec![
            Span::styled("  sum of a_j ", self.theme.dim),
            Span::raw(format!("{sum:.12}")),
        ]));
        lines.push(Line::from(Span::styled(
            format!("  z range shown: ±{range}; a_j = e^(c z_j) / Σ_k e^(c z_k)"),
            self.theme.dim,
        )));
        let mut keys = Vec::new();
        for (k, what) in [
            ("↑↓", "choose"),
            ("←→", "z ∓0.1"),
            ("Shift", "×10"),
            ("[ ]", "c"),
            ("Esc", "close"),
        ] {
            keys.extend(hint(self.theme, k, what));
        }
        lines.push(Line::from(""));
        lines.push(Line::from(keys));
        Paragraph::new(lines).render(inner, buf);
    }
}
