//! The cost landscape pane: a heatmap of the mean cost C(w, b) of a one-input sigmoid neuron
//! (computed by [`crate::views::landscape`], each value from `Cost::value`) on a log colour
//! scale, with each run's trajectory and its current point. Half-block cells: two values per
//! character. Draws from plain data and changes nothing.

use super::block;
use crate::book::Cost;
use crate::data::Samples;
use crate::format;
use crate::tui::theme::Theme;
use crate::views::LogScale;
use crate::views::landscape::{Landscape, Window};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// The colour ramp, dark (low) to bright (high): the 24 greys of the 256-colour palette.
pub const RAMP: [u8; 24] = [
    232, 233, 234, 235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250,
    251, 252, 253, 254, 255,
];

/// Colour of level `k` of the ramp.
pub fn ramp(k: usize) -> Color {
    Color::Indexed(RAMP[k.min(RAMP.len() - 1)])
}

/// One run's path through (w, b), oldest first; the last point is the current one.
#[derive(Debug, Clone, PartialEq)]
pub struct Trajectory {
    /// The run's label.
    pub label: String,
    /// The run's colour.
    pub color: Color,
    /// (w, b) by epoch.
    pub points: Vec<(f64, f64)>,
}

/// The pane.
#[derive(Debug, Clone)]
pub struct LandscapePane<'a> {
    /// The training data (one input, one target).
    pub samples: &'a Samples,
    /// The surface shown.
    pub cost: Cost,
    /// The runs' paths.
    pub trajectories: &'a [Trajectory],
    /// Highlight the border.
    pub focused: bool,
    /// The theme to draw with.
    pub theme: &'a Theme,
}

impl LandscapePane<'_> {
    /// The window drawn: every run's path with a margin.
    pub fn window(&self) -> Window {
        Window::around(
            self.trajectories
                .iter()
                .flat_map(|t| t.points.iter().copied()),
            1.0,
        )
    }

    /// The landscape for a heat area of `cols` x `rows` characters (two values per character).
    pub fn landscape(&self, cols: u16, rows: u16) -> Option<Landscape> {
        Landscape::compute(
            self.samples,
            self.cost,
            self.window(),
            cols as usize,
            rows as usize * 2,
        )
        .ok()
    }
}

fn other(cost: Cost) -> &'static str {
    match cost {
        Cost::Quadratic => "cross-entropy",
        _ => "quadratic",
    }
}

impl Widget for LandscapePane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let title = super::fit(
            &[
                format!(" Cost landscape: {} C(w, b) ", self.cost),
                format!(" {} C(w, b) ", self.cost),
            ],
            area.width.saturating_sub(2) as usize,
        );
        let b = block(self.theme, title, self.focused);
        let inner = b.inner(area);
        b.render(area, buf);
        if inner.width < 24 || inner.height < 5 {
            return;
        }
        let [heat, legend, axes] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        let Some(land) = self.landscape(heat.width, heat.height) else {
            Paragraph::new("no landscape for this preset").render(heat, buf);
            return;
        };
        let scale = land.scale().unwrap_or(LogScale { min: 1.0, max: 1.0 });
        let level = |v: f64| scale.level(v, RAMP.len());
        for cy in 0..heat.height {
            for cx in 0..heat.width {
                let up = land.value(cx as usize, 2 * cy as usize);
                let down = land.value(cx as usize, 2 * cy as usize + 1);
                if let Some(cell) = buf.cell_mut((heat.x + cx, heat.y + cy)) {
                    cell.set_symbol("▀")
                        .set_fg(ramp(level(up)))
                        .set_bg(ramp(level(down)));
                }
            }
        }
        // paths first, then every current point on top of them
        for current in [false, true] {
            for t in self.trajectories {
                let n = t.points.len();
                for (i, &(w, bias)) in t.points.iter().enumerate() {
                    if current != (i + 1 == n) {
                        continue;
                    }
                    let Some((col, row)) = land.cell_of(w, bias) else {
                        continue;
                    };
                    let pos = (heat.x + col as u16, heat.y + (row / 2) as u16);
                    if let Some(cell) = buf.cell_mut(pos) {
                        let bg = ramp(level(land.value(col, row)));
                        cell.set_symbol(if current { "●" } else { "•" })
                            .set_fg(t.color)
                            .set_bg(bg);
                    }
                }
            }
        }
        // legend: log C, low .. high, and the key; everything whole or left out
        let (lo, hi) = (format::short(scale.min), format::short(scale.max));
        let hint_text = format!("  x: {}", other(self.cost));
        let fixed = 6 + lo.chars().count() + 2 + hi.chars().count();
        let lw = legend.width as usize;
        let hint_text = if fixed + 4 + hint_text.chars().count() <= lw {
            hint_text
        } else {
            String::new()
        };
        let ramp_w = lw
            .saturating_sub(fixed + hint_text.chars().count() + 1)
            .min(RAMP.len());
        let mut spans = vec![
            Span::styled("log C ", self.theme.dim),
            Span::raw(lo),
            Span::raw(" "),
        ];
        for k in 0..ramp_w {
            let lvl = k * (RAMP.len() - 1) / ramp_w.saturating_sub(1).max(1);
            spans.push(Span::styled("█", Style::new().fg(ramp(lvl))));
        }
        spans.push(Span::raw(format!(" {hi}")));
        spans.push(Span::styled(hint_text, self.theme.dim));
        if ramp_w >= 2 && fixed + ramp_w < lw {
            Paragraph::new(Line::from(spans)).render(legend, buf);
        }
        let win = land.window;
        let aw = axes.width as usize;
        let ranges = super::fit(
            &[
                format!(
                    "w {}..{}  b {}..{}  ",
                    format::short(win.w_min),
                    format::short(win.w_max),
                    format::short(win.b_min),
                    format::short(win.b_max)
                ),
                format!(
                    "w {:.2}..{:.2}  b {:.2}..{:.2}  ",
                    win.w_min, win.w_max, win.b_min, win.b_max
                ),
                format!(
                    "w {:.1}..{:.1} b {:.1}..{:.1}",
                    win.w_min, win.w_max, win.b_min, win.b_max
                ),
            ],
            aw,
        );
        let mut axes_spans = vec![Span::styled(ranges, self.theme.dim)];
        for t in self.trajectories {
            axes_spans.push(Span::styled("● ", Style::new().fg(t.color)));
            axes_spans.push(Span::raw(format!("{} ", t.label)));
        }
        let text_w: usize = axes_spans.iter().map(|s| s.content.chars().count()).sum();
        if text_w > aw {
            axes_spans.truncate(1);
        }
        Paragraph::new(Line::from(axes_spans)).render(axes, buf);
    }
}
