//! The sigma pane: the curve sigma(z) with each run's current z marked in its colour, the slope
//! sigma'(z) drawn as a short tangent and written as a number. A saturated start (z = 4) sits
//! on the flat shoulder, where sigma'(z) is about 0.018 and the quadratic cost learns slowly
//! (Eq. 55-56). Draws from plain data and changes nothing.

use super::block;
use crate::book::{sigmoid, sigmoid_prime};
use crate::format;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Line as Segment, Points};
use ratatui::widgets::{Paragraph, Widget};

/// One run's mark on the curve.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// The run's label.
    pub label: String,
    /// The run's colour (`Color::Reset` in the mono theme).
    pub color: Color,
    /// The run's symbol (what tells runs apart without colour).
    pub symbol: &'static str,
    /// Its weighted input z on the first training input.
    pub z: f64,
}

/// The pane.
#[derive(Debug, Clone)]
pub struct SigmaPane<'a> {
    /// One mark per run (runs without data are left out).
    pub marks: &'a [Mark],
    /// The epoch shown (the cursor's or the newest).
    pub epoch: Option<f64>,
    /// Highlight the border.
    pub focused: bool,
    /// ASCII dots instead of braille.
    pub ascii: bool,
    /// Why there are no marks (a network), written in their place.
    pub note: Option<String>,
    /// The theme to draw with.
    pub theme: &'a Theme,
}

/// The half-width of the z axis: at least 6, wide enough for every finite mark.
pub fn z_extent(marks: &[Mark]) -> f64 {
    let far = marks
        .iter()
        .map(|m| m.z.abs())
        .filter(|z| z.is_finite())
        .fold(0.0, f64::max);
    (far * 1.15).max(6.0)
}

/// The text line of one mark, the longest form that fits `width`.
pub fn mark_line(m: &Mark, width: usize) -> Line<'static> {
    let (z, a, sp) = (
        format::short(m.z),
        format::short(sigmoid(m.z)),
        format::short(sigmoid_prime(m.z)),
    );
    let forms = [
        format!("{}  z {z}  σ(z) {a}  σ'(z) {sp}", m.label),
        format!("{}  z {z}  σ'(z) {sp}", m.label),
        format!("z {z}  σ'(z) {sp}"),
        format!("z {z} σ' {sp}"),
    ];
    let text = forms
        .iter()
        .find(|f| f.chars().count() + 2 <= width)
        .cloned()
        .unwrap_or_default();
    Line::from(vec![
        Span::styled(format!("{} ", m.symbol), Style::new().fg(m.color)),
        Span::raw(text),
    ])
}

impl Widget for SigmaPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let e = self
            .epoch
            .map(|e| format!(", epoch {e}"))
            .unwrap_or_default();
        let title = super::fit(
            &[
                format!(" σ(z) and its slope σ'(z){e} "),
                format!(" σ(z), σ'(z){e} "),
                format!(" σ{e} "),
            ],
            area.width.saturating_sub(2) as usize,
        );
        let b = block(self.theme, title, self.focused);
        let inner = b.inner(area);
        b.render(area, buf);
        let note = self
            .note
            .as_deref()
            .filter(|_| self.marks.is_empty())
            .map(|n| super::wrap_text(n, inner.width as usize, self.theme.dim))
            .unwrap_or_default();
        let n = (self.marks.len() + note.len()) as u16;
        if !note.is_empty() && inner.height < n + 4 {
            // Too small for the curve and the note: the note, which says why a curve would
            // have nothing on it.
            Paragraph::new(note).render(inner, buf);
            return;
        }
        if inner.width < 16 || inner.height < n + 4 {
            return;
        }
        let [plot, axis, legend] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(n),
        ])
        .areas(inner);
        let ext = z_extent(self.marks);
        let curve: Vec<(f64, f64)> = (0..=400)
            .map(|i| {
                let z = -ext + 2.0 * ext * f64::from(i) / 400.0;
                (z, sigmoid(z))
            })
            .collect();
        let marks = self.marks;
        Canvas::default()
            .marker(if self.ascii {
                Marker::Dot
            } else {
                Marker::Braille
            })
            .x_bounds([-ext, ext])
            .y_bounds([-0.05, 1.05])
            .paint(|ctx| {
                // Greys for the guides and the curve; none without colour.
                let (guide, line) = if self.theme.mono {
                    (Color::Reset, Color::Reset)
                } else {
                    (Color::DarkGray, Color::Gray)
                };
                ctx.draw(&Segment::new(-ext, 0.0, ext, 0.0, guide));
                ctx.draw(&Segment::new(-ext, 1.0, ext, 1.0, guide));
                ctx.draw(&Points {
                    coords: &curve,
                    color: line,
                });
                ctx.layer();
                for m in marks.iter().filter(|m| m.z.is_finite()) {
                    let (s, sp) = (sigmoid(m.z), sigmoid_prime(m.z));
                    let d = 0.12 * ext;
                    ctx.draw(&Segment::new(
                        m.z - d,
                        s - sp * d,
                        m.z + d,
                        s + sp * d,
                        m.color,
                    ));
                }
                ctx.layer();
                for m in marks.iter().filter(|m| m.z.is_finite()) {
                    ctx.print(
                        m.z,
                        sigmoid(m.z),
                        Span::styled(m.symbol, Style::new().fg(m.color)),
                    );
                }
            })
            .render(plot, buf);
        // y labels on the plot's left edge
        buf.set_string(plot.x, plot.y, "1", self.theme.dim);
        buf.set_string(plot.x, plot.bottom() - 1, "0", self.theme.dim);
        let (lo, hi) = (format!("{:.0}", -ext), format!("{ext:.0}"));
        let w = axis.width as usize;
        let mid = "z = 0";
        let mut text = format!("{lo:<w$}");
        let put = |text: &mut String, at: usize, s: &str| {
            let mut chars: Vec<char> = text.chars().collect();
            for (i, c) in s.chars().enumerate() {
                if at + i < chars.len() {
                    chars[at + i] = c;
                }
            }
            *text = chars.into_iter().collect();
        };
        put(&mut text, (w / 2).saturating_sub(1), mid);
        put(&mut text, w.saturating_sub(hi.len()), &hi);
        buf.set_string(axis.x, axis.y, text, self.theme.dim);
        let mut lines: Vec<Line> = self
            .marks
            .iter()
            .map(|m| mark_line(m, legend.width as usize))
            .collect();
        lines.extend(note);
        Paragraph::new(lines).render(legend, buf);
    }
}
