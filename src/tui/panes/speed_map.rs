//! The learning-speed map pane: for each starting point (w0, b0), the epochs until the output is
//! within 0.1 of its target, side by side for the quadratic cost and the cross-entropy (see
//! [`crate::views::speed_map`]). Fast starts are bright, slow ones dark, starts that never get
//! there within the preset's epochs red. Draws from plain data and changes nothing.

use super::block;
use super::landscape::{RAMP, heat_cell, heat_key, ramp};
use crate::tui::theme::Theme;
use crate::views::speed_map::{COSTS, SpeedMap};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// The colour of starts that never get within 0.1.
pub const NEVER: Color = Color::Indexed(124);

/// The pane.
#[derive(Debug, Clone)]
pub struct SpeedMapPane<'a> {
    /// The finished map, if any.
    pub map: Option<&'a SpeedMap>,
    /// Progress of the map being computed, 0 to 1 (when `map` is `None`).
    pub progress: Option<f64>,
    /// Why there is no map (a preset the map does not apply to).
    pub note: Option<&'a str>,
    /// The runs' starting points, drawn on the map: (colour, symbol, w0, b0).
    pub starts: &'a [(Color, &'static str, f64, f64)],
    /// Highlight the border.
    pub focused: bool,
    /// The theme to draw with.
    pub theme: &'a Theme,
}

/// The colour of `epochs` on a map whose starts were allowed `max` epochs: bright is fast.
pub fn color_of(epochs: Option<u64>, max: u64) -> Color {
    match epochs {
        None => NEVER,
        Some(e) => {
            let f = e as f64 / max.max(1) as f64;
            ramp(((1.0 - f) * (RAMP.len() - 1) as f64).round() as usize)
        }
    }
}

/// How fast a start got there, from 0 (never, or in all `max` epochs) to 1 (at once).
fn speed(epochs: Option<u64>, max: u64) -> f64 {
    epochs.map_or(0.0, |e| 1.0 - e as f64 / max.max(1) as f64)
}

/// Without colour, the glyph of starts that never get there.
pub const NEVER_GLYPH: &str = "×";

fn draw_map(
    map: &SpeedMap,
    k: usize,
    area: Rect,
    starts: &[(Color, &'static str, f64, f64)],
    theme: &Theme,
    buf: &mut Buffer,
) {
    let g = map.grid;
    let (w, h) = (area.width as usize, area.height as usize * 2);
    let at = |x: usize, y: usize| {
        let col = (x * g.cols / w).min(g.cols - 1);
        let row = (y * g.rows / h).min(g.rows - 1);
        map.get(k, col, row)
    };
    for cy in 0..area.height {
        for cx in 0..area.width {
            let (x, y) = (cx as usize, 2 * cy as usize);
            let (up, down) = (at(x, y), at(x, y + 1));
            if let Some(cell) = buf.cell_mut((area.x + cx, area.y + cy)) {
                if theme.mono {
                    if up.is_none() || down.is_none() {
                        cell.set_symbol(NEVER_GLYPH);
                    } else {
                        let max = map.max_epochs;
                        heat_cell(cell, theme, speed(up, max), speed(down, max));
                    }
                } else {
                    cell.set_symbol("▀")
                        .set_fg(color_of(up, map.max_epochs))
                        .set_bg(color_of(down, map.max_epochs));
                }
            }
        }
    }
    for &(color, symbol, w0, b0) in starts {
        let fx = (w0 - g.w0.0) / (g.w0.1 - g.w0.0);
        let fy = (g.b0.1 - b0) / (g.b0.1 - g.b0.0);
        if !((0.0..=1.0).contains(&fx) && (0.0..=1.0).contains(&fy)) {
            continue;
        }
        let cx = ((fx * w as f64) as usize).min(w - 1) as u16;
        let cy = ((fy * f64::from(area.height)) as usize).min(area.height as usize - 1) as u16;
        if let Some(cell) = buf.cell_mut((area.x + cx, area.y + cy)) {
            cell.set_symbol(symbol);
            if !theme.mono {
                cell.set_fg(color).set_bg(Color::Black);
            }
        }
    }
}

impl Widget for SpeedMapPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let title = super::fit(
            &[
                " Learning speed: epochs until |a - y| < 0.1 ",
                " Epochs until |a - y| < 0.1 ",
                " Epochs to |a-y|<0.1 ",
            ],
            area.width.saturating_sub(2) as usize,
        );
        let b = block(self.theme, title, self.focused);
        let inner = b.inner(area);
        b.render(area, buf);
        if inner.width < 30 || inner.height < 5 {
            return;
        }
        let Some(map) = self.map else {
            let text = match (self.note, self.progress) {
                (Some(n), _) => n.to_string(),
                (None, Some(p)) => {
                    format!("computing the map... {:.0}%", 100.0 * p.clamp(0.0, 1.0))
                }
                (None, None) => "no map".to_string(),
            };
            Paragraph::new(Line::styled(text, self.theme.dim)).render(inner, buf);
            return;
        };
        let [titles, maps, legend, axes] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        let halves = |r: Rect| {
            Layout::horizontal([
                Constraint::Fill(1),
                Constraint::Length(1),
                Constraint::Fill(1),
            ])
            .areas::<3>(r)
        };
        let [t0, _, t1] = halves(titles);
        let [m0, _, m1] = halves(maps);
        for (k, (t, m)) in [(t0, m0), (t1, m1)].into_iter().enumerate() {
            let never = map.epochs[k].iter().filter(|e| e.is_none()).count();
            let label = format!("{} ({never} never)", COSTS[k]);
            let label = if label.chars().count() <= t.width as usize {
                label
            } else {
                COSTS[k].name().to_string()
            };
            buf.set_string(t.x, t.y, label, self.theme.title);
            draw_map(map, k, m, self.starts, self.theme, buf);
        }
        let mut spans = vec![Span::styled("epochs 0 ", self.theme.dim)];
        if self.theme.mono {
            // Fast is dense: the shades from all epochs (sparse) to none (dense), read backwards.
            spans.extend(heat_key(self.theme, RAMP.len()).into_iter().rev());
            spans.push(Span::raw(format!(" {}  ", map.max_epochs)));
            spans.push(Span::raw(format!("{NEVER_GLYPH} never")));
        } else {
            let ramp_w = (legend.width as usize)
                .saturating_sub(40)
                .clamp(4, RAMP.len());
            for i in 0..ramp_w {
                let e = (i as u64 * map.max_epochs) / (ramp_w as u64 - 1).max(1);
                spans.push(Span::styled(
                    "█",
                    Style::new().fg(color_of(Some(e), map.max_epochs)),
                ));
            }
            spans.push(Span::raw(format!(" {}  ", map.max_epochs)));
            spans.push(Span::styled("█", Style::new().fg(NEVER)));
            spans.push(Span::raw(" never"));
        }
        Paragraph::new(Line::from(spans)).render(legend, buf);
        let g = map.grid;
        let forms = [
            format!(
                "w0 {}..{} → across, b0 {}..{} ↑ up; run {}, eta {}",
                g.w0.0, g.w0.1, g.b0.0, g.b0.1, map.run, map.eta
            ),
            format!(
                "w0 {}..{} →  b0 {}..{} ↑  eta {}",
                g.w0.0, g.w0.1, g.b0.0, g.b0.1, map.eta
            ),
            format!("w0 {}..{} →  b0 {}..{} ↑", g.w0.0, g.w0.1, g.b0.0, g.b0.1),
        ];
        let text = forms
            .iter()
            .find(|f| f.chars().count() < axes.width as usize)
            .cloned()
            .unwrap_or_default();
        Paragraph::new(Line::styled(text, self.theme.dim)).render(axes, buf);
    }
}
