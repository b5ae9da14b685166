//! The mouse (crossterm mouse capture; `--no-mouse` turns it off): a click on a tab opens it,
//! a click on a parameter selects it, a click or drag on the cost chart moves the cursor, the
//! wheel scrolls what is under it. Each does what its key does: the hit tests use the
//! [`Regions`] the layout draws (the same layout functions), then call the key's action.

use super::app::{App, Focus, Mode, Tab};
use super::keys::Action;
use super::layout::{Regions, regions};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

impl App {
    /// Applies a mouse event on a screen of `area` (the terminal's size).
    pub fn on_mouse(&mut self, event: MouseEvent, area: Rect) {
        let at = Position::new(event.column, event.row);
        let drawn = regions(self, area);
        match event.kind {
            MouseEventKind::ScrollUp => self.wheel(at, &drawn, KeyCode::Up),
            MouseEventKind::ScrollDown => self.wheel(at, &drawn, KeyCode::Down),
            MouseEventKind::Down(MouseButton::Left) => self.click(at, &drawn, false),
            MouseEventKind::Drag(MouseButton::Left) => self.click(at, &drawn, true),
            _ => {}
        }
    }

    fn key(&mut self, code: KeyCode) {
        self.on_key(KeyEvent::new(code, KeyModifiers::NONE));
    }

    /// The wheel: over a pane of the lab, focus it and step as Up/Down do; elsewhere (help,
    /// exercises, about) Up/Down scroll.
    fn wheel(&mut self, at: Position, drawn: &Regions, code: KeyCode) {
        if self.overlay.mode == Mode::Normal
            && !self.overlay.help
            && self.tab == Tab::Lab
            && let Some(lab) = &drawn.lab
        {
            if lab.params.contains(at) {
                self.lab.focus = Focus::Params;
            } else if lab.lower.contains(at) {
                self.lab.focus = Focus::Neuron;
            }
        }
        self.key(code);
    }

    fn click(&mut self, at: Position, drawn: &Regions, drag: bool) {
        if self.overlay.mode != Mode::Normal || self.overlay.help {
            return;
        }
        if !drag && at.y == drawn.header_row {
            // The tab whose label (named or by its key) is drawn at this column.
            if let Some(tab) = drawn
                .tabs
                .iter()
                .find(|(_, start, end)| (*start..*end).contains(&at.x))
                .map(|(tab, _, _)| *tab)
            {
                self.act(match tab {
                    Tab::Lab => Action::TabLab,
                    Tab::Exercises => Action::TabExercises,
                    Tab::About => Action::TabAbout,
                });
            }
            return;
        }
        if self.tab != Tab::Lab {
            return;
        }
        let Some(lab) = &drawn.lab else {
            return;
        };
        if lab.chart.contains(at) {
            self.lab.focus = Focus::Metrics;
            self.cursor_at(lab.chart, at.x);
        } else if !drag && lab.params.contains(at) {
            self.lab.focus = Focus::Params;
            if let Some(k) = lab.field_rows.iter().position(|row| *row == Some(at.y)) {
                self.lab.field = k;
            }
        } else if !drag && lab.lower.contains(at) {
            self.lab.focus = Focus::Neuron;
        }
    }

    /// Moves the chart cursor to the epoch under column `x` of the chart pane (its inside,
    /// left edge epoch 0, right edge the planned epochs), within the epochs trained.
    fn cursor_at(&mut self, chart: Rect, x: u16) {
        let last = self
            .store
            .histories
            .iter()
            .filter_map(|h| h.cost.last().map(|p| p.0))
            .fold(0.0, f64::max);
        let inner_w = chart.width.saturating_sub(2).max(1);
        let col = x.saturating_sub(chart.x + 1).min(inner_w - 1);
        let span = (self.preset.epochs as f64).max(last).max(1.0);
        let epoch = (f64::from(col) / f64::from(inner_w.saturating_sub(1).max(1)) * span).round();
        self.lab.set_cursor(epoch, last);
    }
}
