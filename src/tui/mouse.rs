//! The mouse (crossterm mouse capture; `--no-mouse` turns it off): a click on a tab opens it,
//! a click on a parameter selects it, a click or drag on the cost chart moves the cursor, the
//! wheel scrolls what is under it. Each does what its key does: the hit tests use the areas
//! the screen was drawn with (the same layout functions), then call the key's action.

use super::app::{App, Focus, Mode, Tab};
use super::keys::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

impl App {
    /// Applies a mouse event on a screen of `area` (the terminal's size).
    pub fn on_mouse(&mut self, event: MouseEvent, area: Rect) {
        let at = Position::new(event.column, event.row);
        match event.kind {
            MouseEventKind::ScrollUp => self.wheel(at, area, KeyCode::Up),
            MouseEventKind::ScrollDown => self.wheel(at, area, KeyCode::Down),
            MouseEventKind::Down(MouseButton::Left) => self.click(at, area, false),
            MouseEventKind::Drag(MouseButton::Left) => self.click(at, area, true),
            _ => {}
        }
    }

    fn key(&mut self, code: KeyCode) {
        self.on_key(KeyEvent::new(code, KeyModifiers::NONE));
    }

    /// The wheel: over a pane of the lab, focus it and step as Up/Down do; elsewhere (help,
    /// exercises, about) Up/Down scroll.
    fn wheel(&mut self, at: Position, area: Rect, code: KeyCode) {
        if self.mode == Mode::Normal
            && !self.help
            && self.tab == Tab::Lab
            && let Some(lab) = super::lab_areas(self, area)
        {
            if lab.params.contains(at) {
                self.focus = Focus::Params;
            } else if lab.lower.contains(at) {
                self.focus = Focus::Neuron;
            }
        }
        self.key(code);
    }

    fn click(&mut self, at: Position, area: Rect, drag: bool) {
        if self.mode != Mode::Normal || self.help {
            return;
        }
        if !drag && at.y == area.y {
            if let Some(tab) = tab_at(self, area, at.x) {
                self.update(match tab {
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
        let Some(lab) = super::lab_areas(self, area) else {
            return;
        };
        if lab.chart.contains(at) {
            self.focus = Focus::Metrics;
            self.cursor_at(lab.chart, at.x);
        } else if !drag && lab.params.contains(at) {
            self.focus = Focus::Params;
            if let Some(k) = field_at(self, lab.params, at.y) {
                self.field = k;
            }
        } else if !drag && lab.lower.contains(at) {
            self.focus = Focus::Neuron;
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
        self.cursor = Some(epoch.clamp(0.0, last));
    }
}

/// The tab whose label (named or by its key) is drawn at column `x` of the header.
fn tab_at(app: &App, area: Rect, x: u16) -> Option<Tab> {
    let row = Rect::new(area.x, area.y, area.width, 1);
    super::panes::header::tab_ranges(app, row)
        .into_iter()
        .find(|(_, start, end)| (*start..*end).contains(&x))
        .map(|(tab, _, _)| tab)
}

/// The field drawn on row `y` of the parameters pane `pane` (its lines as drawn, scrolled as
/// drawn), if a field is there.
fn field_at(app: &App, pane: Rect, y: u16) -> Option<usize> {
    let inner = Rect::new(
        pane.x + 1,
        pane.y + 1,
        pane.width.saturating_sub(2),
        pane.height.saturating_sub(2),
    );
    if !(inner.y..inner.y + inner.height).contains(&y) {
        return None;
    }
    let width = inner.width as usize;
    let (lines, sel) = super::panes::params::lines(app, width);
    let h = inner.height as usize;
    let offset = (sel + 2)
        .saturating_sub(h)
        .min(lines.len().saturating_sub(h));
    let line = offset + (y - inner.y) as usize;
    // The line each field is drawn on: where the pane puts the selection when it is selected.
    let mut probe = app.clone();
    (0..app.fields().len()).find(|&k| {
        probe.field = k;
        super::panes::params::lines(&probe, width).1 == line
    })
}
