//! The header: preset, state, epoch, speed, seed, and the tabs.

use crate::trainer::RunState;
use crate::tui::lab::LabView;
use crate::tui::shared::Tab;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// The state as the header says it.
pub fn state_text(view: &LabView<'_>) -> (String, ratatui::style::Style) {
    let diverged: Vec<String> = view
        .store
        .diverged
        .iter()
        .zip(&view.preset.runs)
        .filter(|(d, _)| d.is_some())
        .map(|(_, r)| r.shown_label().into_owned())
        .collect();
    match view.store.state {
        RunState::Running if diverged.is_empty() => ("▶ running".into(), view.theme.good),
        RunState::Running => (
            format!("▶ running, diverged: {}", diverged.join(", ")),
            view.theme.bad,
        ),
        _ if !diverged.is_empty() => (
            format!("✖ diverged: {}", diverged.join(", ")),
            view.theme.bad,
        ),
        RunState::Paused => ("⏸ paused".into(), view.theme.warn),
        RunState::Finished => ("■ finished".into(), view.theme.info),
    }
}

/// The data split as the header says it.
pub fn split_text(view: &LabView<'_>) -> String {
    let (train, eval) = view.store.split;
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    match eval {
        Some(e) => format!("train {train} · eval {e} held out"),
        None if train > 0 => format!("{train} example{}, no held-out set", plural(train)),
        None => String::new(),
    }
}

/// Draws the header line: the most important items first; what does not fit is dropped
/// whole (speed, seed, then the data), never cut.
pub fn render(view: &LabView<'_>, tab: Tab, area: Rect, buf: &mut Buffer) {
    let (items, tabs) = compose(view, tab, area.width as usize);
    Paragraph::new(items).render(area, buf);
    let tabs: Vec<Span<'static>> = tabs.into_iter().map(|(_, s)| s).collect();
    Paragraph::new(Line::from(tabs))
        .alignment(Alignment::Right)
        .render(area, buf);
}

/// The columns (start, end exclusive) each tab label takes in the header drawn on `area`
/// (what a mouse click on the header hits).
pub fn tab_ranges(view: &LabView<'_>, tab: Tab, area: Rect) -> Vec<(Tab, u16, u16)> {
    let (_, tabs) = compose(view, tab, area.width as usize);
    let total: usize = tabs.iter().map(|(_, s)| s.width()).sum();
    let mut x = area.x + area.width.saturating_sub(total as u16);
    tabs.into_iter()
        .map(|(tab, span)| {
            let start = x;
            x += span.width() as u16;
            (tab, start, x)
        })
        .collect()
}

/// Where the tabs' names rank among the header's items: the data split, the speed and the seed
/// go before the names do (a learner finds the tabs by name), the name, state and epoch after.
const TAB_NAMES: u8 = 6;

/// The header's items and its tab labels (each with its tab) for a width.
fn compose(
    view: &LabView<'_>,
    shown: Tab,
    width: usize,
) -> (Line<'static>, Vec<(Tab, Span<'static>)>) {
    let (state, state_style) = state_text(view);
    let seeds: Vec<u64> = view
        .preset
        .runs
        .iter()
        .map(|r| r.seed.unwrap_or(view.preset.seed))
        .collect();
    let seed = if seeds.iter().all(|s| *s == seeds[0]) {
        seeds
            .first()
            .map(std::string::ToString::to_string)
            .unwrap_or_default()
    } else {
        seeds
            .iter()
            .map(std::string::ToString::to_string)
            .collect::<Vec<_>>()
            .join("/")
    };
    // (priority: lower is dropped first, spans)
    let split = split_text(view);
    let mut items: Vec<(u8, Vec<Span>)> = vec![
        (
            9,
            vec![
                Span::styled(" nnlab ", view.theme.key),
                Span::styled(view.preset.name.clone(), view.theme.header),
            ],
        ),
        (8, vec![Span::styled(state, state_style)]),
        (
            8,
            vec![Span::raw(format!(
                "epoch {}/{}",
                view.store.epoch, view.preset.epochs
            ))],
        ),
    ];
    if !split.is_empty() {
        items.push((5, vec![Span::raw(split)]));
    }
    items.push((
        2,
        vec![
            Span::raw(format!("{:.0} ep/s", view.store.rate)),
            Span::styled(format!(" (pace {})", view.ui.pace_label()), view.theme.dim),
        ],
    ));
    items.push((1, vec![Span::raw(format!("seed {seed}"))]));
    let tabs = [
        (Tab::Lab, "1 Lab", "1"),
        (Tab::Exercises, "2 Exercises", "2"),
        (Tab::About, "3 About", "3"),
    ];
    // Tabs at four levels of room: all named, the others by key, the current one, none.
    let tab_line = |level: u8| {
        let mut spans = Vec::new();
        for (tab, name, key) in tabs {
            let current = shown == tab;
            let style = if current {
                view.theme.selected
            } else {
                view.theme.dim
            };
            let text = match (level, current) {
                (0, _) | (1..=2, true) => name,
                (1, false) => key,
                _ => continue,
            };
            spans.push((tab, Span::styled(format!(" {text} "), style)));
        }
        spans
    };
    let line_of = |items: &[(u8, Vec<Span<'static>>)]| {
        let mut spans = Vec::new();
        for (k, (_, item)) in items.iter().enumerate() {
            if k > 0 {
                spans.push(Span::styled(" │ ", view.theme.dim));
            }
            spans.extend(item.iter().cloned());
        }
        Line::from(spans)
    };
    let fits = |items: &[(u8, Vec<Span<'static>>)], level: u8| {
        let tabs: usize = tab_line(level).iter().map(|(_, s)| s.width()).sum();
        line_of(items).width() + usize::from(tabs > 0) + tabs <= width
    };
    let lowest = |items: &[(u8, Vec<Span<'static>>)], below: u8| {
        items
            .iter()
            .enumerate()
            .filter(|(_, (p, _))| *p < below)
            .min_by_key(|(_, (p, _))| *p)
            .map(|(k, _)| k)
    };
    let mut level = 0;
    while !fits(&items, level) {
        if let Some(k) = lowest(&items, if level == 0 { TAB_NAMES } else { 8 }) {
            items.remove(k);
        } else if level < 3 {
            level += 1;
        } else {
            break;
        }
    }
    (line_of(&items), tab_line(level))
}
