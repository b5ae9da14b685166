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
use ratatui::layout::Rect;
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

/// Without colour, the levels of a heatmap as glyphs, low to high: five that stay apart on any
/// terminal (one value per character, where colour draws two; a path's `·` is none of them).
pub const SHADES: [&str; 5] = [" ", "░", "▒", "▓", "█"];

/// Draws one heatmap character: in colour the upper half's and lower half's levels (fractions
/// from 0, low, to 1, high) as a half block in greys; without colour their mean as a shade.
pub fn heat_cell(cell: &mut ratatui::buffer::Cell, theme: &Theme, up: f64, down: f64) {
    let grey = |f: f64| ramp((f.clamp(0.0, 1.0) * (RAMP.len() - 1) as f64).round() as usize);
    if theme.mono {
        let f = f64::midpoint(up, down).clamp(0.0, 1.0);
        cell.set_symbol(SHADES[(f * (SHADES.len() - 1) as f64).round() as usize]);
    } else {
        cell.set_symbol("▀").set_fg(grey(up)).set_bg(grey(down));
    }
}

/// A heatmap's key from low to high in `width` characters: greys, or the shades without colour.
pub fn heat_key(theme: &Theme, width: usize) -> Vec<Span<'static>> {
    if theme.mono {
        return SHADES[1..]
            .iter()
            .take(width)
            .map(|g| Span::raw((*g).to_string()))
            .collect();
    }
    (0..width)
        .map(|k| {
            let lvl = k * (RAMP.len() - 1) / width.saturating_sub(1).max(1);
            Span::styled("█", Style::new().fg(ramp(lvl)))
        })
        .collect()
}

/// The path marks' interval for a run of `epochs`: a round number (1, 2 or 5 times a power of
/// ten) giving about six marks.
pub fn mark_every(epochs: u64) -> u64 {
    let target = (epochs / 6).max(1);
    let mut p = 1u64;
    loop {
        for m in [1, 2, 5] {
            if m * p >= target {
                return m * p;
            }
        }
        p = p.saturating_mul(10);
    }
}

/// One run's path through (w, b), oldest first; the last point is the current one.
#[derive(Debug, Clone, PartialEq)]
pub struct Trajectory {
    /// The run's label.
    pub label: String,
    /// The run's colour.
    pub color: Color,
    /// The run's symbol (its mark without colour).
    pub symbol: &'static str,
    /// (epoch, w, b) by epoch.
    pub points: Vec<(f64, f64, f64)>,
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
    /// A path is marked every this many epochs.
    pub mark_every: u64,
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
                .flat_map(|t| t.points.iter().map(|p| (p.1, p.2))),
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

    /// Where the heatmap goes in the pane's `inner` area: right of the b axis's labels, above
    /// the w axis's row, the legend and (with room) the key.
    pub fn heat_area(&self, inner: Rect) -> Rect {
        let win = self.window();
        let gutter = b_labels(&win)
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0) as u16
            + 1;
        let below = 3;
        Rect::new(
            inner.x + gutter,
            inner.y,
            inner.width.saturating_sub(gutter),
            inner.height.saturating_sub(below),
        )
    }
}

/// The b axis's labels: its top, its name with the way up, its bottom.
fn b_labels(win: &Window) -> [String; 3] {
    [
        format::short(win.b_max),
        "b ↑".to_string(),
        format::short(win.b_min),
    ]
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
        if inner.width < 30 || inner.height < 6 {
            return;
        }
        let heat = self.heat_area(inner);
        let Some(land) = self.landscape(heat.width, heat.height) else {
            Paragraph::new("no landscape for this preset").render(heat, buf);
            return;
        };
        let scale = land.scale().unwrap_or(LogScale { min: 1.0, max: 1.0 });
        for cy in 0..heat.height {
            for cx in 0..heat.width {
                let up = scale.fraction(land.value(cx as usize, 2 * cy as usize));
                let down = scale.fraction(land.value(cx as usize, 2 * cy as usize + 1));
                if let Some(cell) = buf.cell_mut((heat.x + cx, heat.y + cy)) {
                    heat_cell(cell, self.theme, up, down);
                }
            }
        }
        // The b axis: its range and name, left of the map.
        let [b_top, b_name, b_bottom] = b_labels(&land.window);
        let gutter_w = heat.x - inner.x;
        let right = |s: &str| format!("{s:>w$}", w = usize::from(gutter_w.saturating_sub(1)));
        buf.set_string(inner.x, heat.y, right(&b_top), self.theme.dim);
        if heat.height >= 3 {
            buf.set_string(
                inner.x,
                heat.y + heat.height / 2,
                right(&b_name),
                self.theme.dim,
            );
        }
        buf.set_string(
            inner.x,
            heat.bottom().saturating_sub(1),
            right(&b_bottom),
            self.theme.dim,
        );
        // The paths: a dot per stored epoch, a mark every `mark_every` epochs, then each
        // current point on top, in the run's colour (its symbol without colour).
        let every = self.mark_every.max(1) as f64;
        for pass in 0..3 {
            for t in self.trajectories {
                let n = t.points.len();
                for (i, &(epoch, w, bias)) in t.points.iter().enumerate() {
                    let current = i + 1 == n;
                    // The first stored point at or past each multiple (a long run's history
                    // keeps every k-th epoch).
                    let before = i.checked_sub(1).map(|k| t.points[k].0);
                    let marked =
                        before.is_none_or(|e| (e / every).floor() < (epoch / every).floor());
                    let symbol = match (pass, current, marked) {
                        (2, true, _) => t.symbol,
                        (1, false, true) => "o",
                        (0, false, false) => "·",
                        _ => continue,
                    };
                    let Some((col, row)) = land.cell_of(w, bias) else {
                        continue;
                    };
                    let pos = (heat.x + col as u16, heat.y + (row / 2) as u16);
                    if let Some(cell) = buf.cell_mut(pos) {
                        cell.set_symbol(symbol);
                        if !self.theme.mono {
                            let bg = scale.fraction(land.value(col, row));
                            let grey = ramp((bg * (RAMP.len() - 1) as f64).round() as usize);
                            cell.set_fg(t.color).set_bg(grey);
                        }
                    }
                }
            }
        }
        let rows = Rect::new(
            inner.x,
            heat.bottom(),
            inner.width,
            inner.bottom().saturating_sub(heat.bottom()),
        );
        // The w axis under the map: its ends and its name with the way it grows.
        let win = land.window;
        let (w_lo, w_hi) = (format::short(win.w_min), format::short(win.w_max));
        // (a column short of the border, so the last label does not read as cut)
        let gap =
            usize::from(heat.width).saturating_sub(1 + w_lo.chars().count() + w_hi.chars().count());
        let name = "w →";
        let axis = if gap >= name.chars().count() + 2 {
            let left = (gap - name.chars().count()) / 2;
            format!(
                "{w_lo}{}{name}{}{w_hi}",
                " ".repeat(left),
                " ".repeat(gap - name.chars().count() - left)
            )
        } else {
            format!("{w_lo} {w_hi}")
        };
        buf.set_string(heat.x, rows.y, axis, self.theme.dim);
        // The legend: log C from low to high, whole or left out.
        let (lo, hi) = (format::short(scale.min), format::short(scale.max));
        let hint_text = format!("  x: {}", other(self.cost));
        let fixed = 6 + lo.chars().count() + 2 + hi.chars().count();
        let lw = rows.width as usize;
        let hint_text = if fixed + 4 + hint_text.chars().count() <= lw {
            hint_text
        } else {
            String::new()
        };
        let key_w = if self.theme.mono {
            SHADES.len() - 1
        } else {
            lw.saturating_sub(fixed + hint_text.chars().count() + 1)
                .min(RAMP.len())
        };
        let mut spans = vec![
            Span::styled("log C ", self.theme.dim),
            Span::raw(lo),
            Span::raw(" "),
        ];
        spans.extend(heat_key(self.theme, key_w));
        spans.push(Span::raw(format!(" {hi}")));
        spans.push(Span::styled(hint_text, self.theme.dim));
        if key_w >= 2 && fixed + key_w < lw {
            Paragraph::new(Line::from(spans))
                .render(Rect::new(rows.x, rows.y + 1, rows.width, 1), buf);
        }
        // The key to the paths, and the runs.
        {
            let mut key = vec![Span::styled(
                format!("o every {} epochs  ", self.mark_every),
                self.theme.dim,
            )];
            for t in self.trajectories {
                let style = if self.theme.mono {
                    Style::new()
                } else {
                    Style::new().fg(t.color)
                };
                key.push(Span::styled(format!("{} ", t.symbol), style));
                key.push(Span::raw(format!("{} ", t.label)));
            }
            let text_w: usize = key.iter().map(|s| s.content.chars().count()).sum();
            if text_w > lw {
                key.truncate(1);
            }
            Paragraph::new(Line::from(key))
                .render(Rect::new(rows.x, rows.y + 2, rows.width, 1), buf);
        }
    }
}
