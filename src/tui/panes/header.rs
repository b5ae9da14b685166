//! The header: preset, state, epoch, speed, seed, and the tabs.

use crate::trainer::RunState;
use crate::tui::app::{App, Tab};
use crate::tui::theme::THEME;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// The state as the header says it.
pub fn state_text(app: &App) -> (String, ratatui::style::Style) {
    let diverged: Vec<&str> = app
        .diverged
        .iter()
        .zip(&app.preset.runs)
        .filter(|(d, _)| d.is_some())
        .map(|(_, r)| r.label.as_str())
        .collect();
    match app.state {
        RunState::Running if diverged.is_empty() => ("▶ running".into(), THEME.good),
        RunState::Running => (
            format!("▶ running, diverged: {}", diverged.join(", ")),
            THEME.bad,
        ),
        _ if !diverged.is_empty() => (format!("✖ diverged: {}", diverged.join(", ")), THEME.bad),
        RunState::Paused => ("⏸ paused".into(), THEME.warn),
        RunState::Finished => ("■ finished".into(), THEME.info),
    }
}

/// Draws the header line.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let (state, state_style) = state_text(app);
    let seeds: Vec<u64> = app
        .preset
        .runs
        .iter()
        .map(|r| r.seed.unwrap_or(app.preset.seed))
        .collect();
    let seed = if seeds.iter().all(|s| *s == seeds[0]) {
        seeds.first().map(|s| s.to_string()).unwrap_or_default()
    } else {
        seeds
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join("/")
    };
    let sep = || Span::styled(" │ ", THEME.dim);
    let left = Line::from(vec![
        Span::styled(" nnlab ", THEME.key),
        Span::styled(app.preset.name.clone(), THEME.header),
        sep(),
        Span::styled(state, state_style),
        sep(),
        Span::raw(format!("epoch {}/{}", app.epoch, app.preset.epochs)),
        sep(),
        Span::raw(format!("{:.0} ep/s", app.rate)),
        Span::styled(format!(" (pace {})", app.pace().label()), THEME.dim),
        sep(),
        Span::raw(format!("seed {seed}")),
    ]);
    let left_width = left.width() as u16;
    Paragraph::new(left).render(area, buf);
    let tabs = [
        (Tab::Lab, "1 Lab"),
        (Tab::Exercises, "2 Exercises"),
        (Tab::About, "3 About"),
    ];
    let mut spans = Vec::new();
    for (tab, name) in tabs {
        let style = if app.tab == tab {
            THEME.selected
        } else {
            THEME.dim
        };
        spans.push(Span::styled(format!(" {name} "), style));
        spans.push(Span::raw(" "));
    }
    let tabs = Line::from(spans);
    let tabs_width = tabs.width() as u16;
    if area.width > tabs_width + left_width {
        Paragraph::new(tabs)
            .alignment(Alignment::Right)
            .render(area, buf);
    }
}
