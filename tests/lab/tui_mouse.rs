//! Mouse events drive the same actions as their keys.

use crate::support::tui as common_tui;

use common_tui::trained_app;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use nnlab::tui::app::{App, Focus, Tab};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

const AREA: Rect = Rect::new(0, 0, 120, 40);

fn mouse(app: &mut App, kind: MouseEventKind, column: u16, row: u16) {
    app.on_mouse(
        MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        },
        AREA,
    );
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn screen(app: &App) -> Buffer {
    let mut buf = Buffer::empty(AREA);
    nnlab::tui::render(app, AREA, &mut buf);
    buf
}

/// The cell where `text` is last drawn on the first row holding it.
fn find(buf: &Buffer, text: &str) -> (u16, u16) {
    for y in 0..AREA.height {
        let line: String = (0..AREA.width)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect();
        if let Some(b) = line.rfind(text) {
            return (line[..b].chars().count() as u16, y);
        }
    }
    panic!("{text:?} is not on the screen");
}

#[test]
fn clicking_a_tab_opens_it_as_its_key_does() {
    let mut app = trained_app("slowdown", 5);
    // At 120 columns the current tab is named, the others shown by their key.
    let (x, y) = find(&screen(&app), " 2 ");
    assert_eq!(y, 0);
    mouse(&mut app, MouseEventKind::Down(MouseButton::Left), x + 1, y);
    let mut by_key = trained_app("slowdown", 5);
    key(&mut by_key, KeyCode::Char('2'));
    assert_eq!(app.tab, Tab::Exercises);
    assert_eq!(app.tab, by_key.tab);
    let (x, y) = find(&screen(&app), " 3 ");
    mouse(&mut app, MouseEventKind::Down(MouseButton::Left), x + 1, y);
    assert_eq!(app.tab, Tab::About);
    let (x, y) = find(&screen(&app), " 1 ");
    mouse(&mut app, MouseEventKind::Down(MouseButton::Left), x + 1, y);
    assert_eq!(app.tab, Tab::Lab);
    // A click elsewhere on the header changes nothing.
    mouse(&mut app, MouseEventKind::Down(MouseButton::Left), 1, 0);
    assert_eq!(app.tab, Tab::Lab);
}

#[test]
fn clicking_a_parameter_selects_it_as_the_arrows_do() {
    let mut app = trained_app("slowdown", 5);
    app.lab.focus = Focus::Metrics;
    // The third field, as Down twice from the first selects it.
    let mut by_key = trained_app("slowdown", 5);
    by_key.lab.focus = Focus::Params;
    by_key.lab.field = 0;
    key(&mut by_key, KeyCode::Down);
    key(&mut by_key, KeyCode::Down);
    let mut probe = by_key.clone();
    probe.lab.focus = Focus::Params;
    let areas = nnlab::tui::lab_areas(&probe, AREA).expect("the lab");
    // Find the row whose click selects by_key.lab.field: every row of the pane, top to bottom.
    let hit = (areas.params.y..areas.params.y + areas.params.height).find(|&y| {
        let mut a = app.clone();
        mouse(
            &mut a,
            MouseEventKind::Down(MouseButton::Left),
            areas.params.x + 3,
            y,
        );
        a.lab.field == by_key.lab.field && a.lab.focus == Focus::Params
    });
    let y = hit.expect("a row selects the third field");
    mouse(
        &mut app,
        MouseEventKind::Down(MouseButton::Left),
        areas.params.x + 3,
        y,
    );
    assert_eq!(app.lab.field, by_key.lab.field);
    // Another row of the pane selects another field or none: rows are not all one field.
    let others = (areas.params.y..areas.params.y + areas.params.height)
        .filter(|&r| r != y)
        .filter(|&r| {
            let mut a = app.clone();
            a.lab.field = 0;
            mouse(
                &mut a,
                MouseEventKind::Down(MouseButton::Left),
                areas.params.x + 3,
                r,
            );
            a.lab.field == by_key.lab.field
        })
        .count();
    assert_eq!(others, 0, "one row per field");
}

#[test]
fn the_wheel_steps_as_up_and_down() {
    let mut app = trained_app("slowdown", 5);
    let mut by_key = app.clone();
    let areas = nnlab::tui::lab_areas(&app, AREA).expect("the lab");
    app.lab.focus = Focus::Metrics;
    by_key.lab.focus = Focus::Params;
    mouse(
        &mut app,
        MouseEventKind::ScrollDown,
        areas.params.x + 2,
        areas.params.y + 2,
    );
    key(&mut by_key, KeyCode::Down);
    assert_eq!(app.lab.focus, Focus::Params);
    assert_eq!(app.lab.field, by_key.lab.field);
    mouse(
        &mut app,
        MouseEventKind::ScrollUp,
        areas.params.x + 2,
        areas.params.y + 2,
    );
    key(&mut by_key, KeyCode::Up);
    assert_eq!(app.lab.field, by_key.lab.field);
    // In the help, the wheel scrolls as the arrows do.
    key(&mut app, KeyCode::Char('?'));
    key(&mut by_key, KeyCode::Char('?'));
    for _ in 0..3 {
        mouse(&mut app, MouseEventKind::ScrollDown, 40, 20);
        key(&mut by_key, KeyCode::Down);
    }
    assert!(app.overlay.help_scroll > 0);
    assert_eq!(app.overlay.help_scroll, by_key.overlay.help_scroll);
}

#[test]
fn clicking_and_dragging_on_the_chart_moves_the_cursor_like_home_and_end() {
    let mut app = trained_app("slowdown", 300);
    let areas = nnlab::tui::lab_areas(&app, AREA).expect("the lab");
    let c = areas.chart;
    let mid_y = c.y + c.height / 2;
    // The left edge is epoch 0 (Home), the right edge the last epoch (End).
    mouse(
        &mut app,
        MouseEventKind::Down(MouseButton::Left),
        c.x + 1,
        mid_y,
    );
    let mut by_key = trained_app("slowdown", 300);
    by_key.lab.focus = Focus::Metrics;
    key(&mut by_key, KeyCode::Home);
    assert_eq!(app.lab.focus, Focus::Metrics);
    assert_eq!(app.lab.cursor, by_key.lab.cursor);
    mouse(
        &mut app,
        MouseEventKind::Drag(MouseButton::Left),
        c.x + c.width - 2,
        mid_y,
    );
    key(&mut by_key, KeyCode::End);
    assert_eq!(app.lab.cursor, by_key.lab.cursor);
    // Half way: about epoch 150, and a drag moves it on.
    mouse(
        &mut app,
        MouseEventKind::Drag(MouseButton::Left),
        c.x + c.width / 2,
        mid_y,
    );
    let mid = app.lab.cursor.expect("a cursor");
    assert!(
        (mid - 150.0).abs() < 300.0 / f64::from(c.width) * 2.0,
        "{mid}"
    );
}
