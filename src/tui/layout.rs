//! The screen's layout and drawing: where every pane goes, computed once per question by
//! `screen_layout` and `lab_layout`, so that drawing ([`draw`], which returns the
//! [`Regions`] it drew) and the mouse's hit tests ([`regions`]) can never disagree.

use super::app::{App, Tab};
use super::{MIN_HEIGHT, MIN_WIDTH, TOUR_WIDE, panes, tour, views};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// Draws the whole screen.
pub fn view(app: &App, frame: &mut Frame) {
    let area = frame.area();
    draw(app, area, frame.buffer_mut());
}

/// Draws the whole screen into a buffer.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    draw(app, area, buf);
}

/// Where the screen's clickable parts are drawn (what a mouse event hits).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Regions {
    /// The columns (start, end exclusive) of each tab label on the header's row.
    pub tabs: Vec<(Tab, u16, u16)>,
    /// The header's row.
    pub header_row: u16,
    /// The lab tab's panes, when the lab is shown that way (see [`lab_areas`]).
    pub lab: Option<LabAreas>,
}

/// The regions [`draw`] draws on a screen of `area`, without drawing it.
/// (The tab labels are where the header puts them even on a screen too small to draw: a
/// click there opens the tab, as it always did.)
pub fn regions(app: &App, area: Rect) -> Regions {
    let header = Rect::new(area.x, area.y, area.width, 1);
    Regions {
        tabs: panes::header::tab_ranges(&app.lab_view(), app.tab, header),
        header_row: header.y,
        lab: lab_areas(app, area),
    }
}

/// The screen's three rows and how the body is shared with the tour's panel.
struct ScreenLayout {
    header: Rect,
    status: Rect,
    /// The whole body (overlays and help are drawn over it).
    body: Rect,
    /// What the body shows beside the tour's panel.
    main: Main,
}

enum Main {
    /// No tour panel: the tab fills the body.
    Tab(Rect),
    /// A wide screen: the tab on the left, the tour's panel on the right.
    TabAndPanel(Rect, Rect),
    /// A narrow screen on the Lab tab: the step's one pane on the left, the panel on the right.
    StepPaneAndPanel(Rect, Rect),
}

fn screen_layout(app: &App, area: Rect) -> ScreenLayout {
    let [header, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(panes::status::height(&app.status_view(), area.width)),
    ])
    .areas(area);
    let main = match app.tour.as_ref() {
        Some(t) if t.visible && app.tab == Tab::Lab && body.width < TOUR_WIDE => {
            let [left, panel] =
                Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)])
                    .areas(body);
            Main::StepPaneAndPanel(left, panel)
        }
        Some(t) if t.visible && body.width >= TOUR_WIDE => {
            let w = (body.width * 32 / 100).clamp(38, 52);
            let [lab, panel] =
                Layout::horizontal([Constraint::Fill(1), Constraint::Length(w)]).areas(body);
            Main::TabAndPanel(lab, panel)
        }
        _ => Main::Tab(body),
    };
    ScreenLayout {
        header,
        status,
        body,
        main,
    }
}

/// Draws the whole screen into a buffer; returns where its clickable parts are.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) -> Regions {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = vec![
            Line::from(format!(
                "nnlab needs a terminal of at least {MIN_WIDTH}x{MIN_HEIGHT}; this one is {}x{}.",
                area.width, area.height
            )),
            Line::from(format!(
                "Please enlarge to {MIN_WIDTH}x{MIN_HEIGHT}. (q quits)"
            )),
        ];
        Paragraph::new(text)
            .style(app.theme().warn)
            .wrap(Wrap { trim: true })
            .render(area, buf);
        return regions(app, area);
    }
    let screen = screen_layout(app, area);
    let view = app.lab_view();
    panes::header::render(&view, app.tab, screen.header, buf);
    let tab_area = match screen.main {
        Main::Tab(r) => Some(r),
        Main::TabAndPanel(r, panel) => {
            panes::tour::render(app.tour.as_deref(), app.theme(), panel, buf);
            Some(r)
        }
        Main::StepPaneAndPanel(left, panel) => {
            // Narrow: the step's pane on the left, the tour on the right (t hides the tour).
            panes::tour::render(app.tour.as_deref(), app.theme(), panel, buf);
            if let Some(t) = app.tour.as_ref() {
                match tour::place(&t.current().view).0 {
                    tour::Place::Params => panes::params::render(&view, left, buf),
                    tour::Place::Neuron => panes::neuron::render(&view, left, buf),
                    tour::Place::Lower(_) => views::render_lower(&view, left, buf),
                    _ => panes::metrics::render(&view, left, buf),
                }
            }
            None
        }
    };
    if let Some(r) = tab_area {
        match app.tab {
            Tab::Lab => render_lab(app, r, buf),
            Tab::Exercises => {
                panes::exercises::render(&app.exercises, &app.overlay.mode, app.theme(), r, buf);
            }
            Tab::About => panes::about::render(&view, &app.about, r, buf),
        }
    }
    panes::status::render(&app.status_view(), screen.status, buf);
    panes::overlay::render(&app.overlay.mode, app.theme(), screen.body, buf);
    if tab_area.is_some() {
        views::render_overlay(&view, screen.body, buf);
    }
    if app.overlay.help {
        panes::help::render(app.theme(), app.overlay.help_scroll, screen.body, buf);
    }
    regions(app, area)
}

/// Where the lab tab's panes are on a screen of `area` (what [`render`] draws; mouse hit
/// tests): `None` when the lab is not shown that way (too small, the narrow tour layout).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabAreas {
    /// The cost chart pane.
    pub chart: Rect,
    /// The parameter editor.
    pub params: Rect,
    /// The lower right pane (neuron, sigma, landscape, map).
    pub lower: Rect,
    /// The screen row each field of the editor is drawn on when it is selected (None: scrolled
    /// out of the pane as the editor is drawn now).
    pub field_rows: Vec<Option<u16>>,
}

/// The lab's pane areas on a screen of `area`, as [`render`] lays them out.
pub fn lab_areas(app: &App, area: Rect) -> Option<LabAreas> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT || app.tab != Tab::Lab {
        return None;
    }
    let lab = match screen_layout(app, area).main {
        Main::Tab(r) | Main::TabAndPanel(r, _) => r,
        Main::StepPaneAndPanel(..) => return None,
    };
    let l = lab_layout(app, lab);
    Some(LabAreas {
        chart: l.chart,
        params: l.params,
        lower: l.lower,
        field_rows: field_rows(app, l.params),
    })
}

/// The row of each field of the editor drawn in `pane`, scrolled as it is drawn.
fn field_rows(app: &App, pane: Rect) -> Vec<Option<u16>> {
    let inner = Rect::new(
        pane.x + 1,
        pane.y + 1,
        pane.width.saturating_sub(2),
        pane.height.saturating_sub(2),
    );
    let width = inner.width as usize;
    let h = inner.height as usize;
    let view = app.lab_view();
    let (lines, sel) = panes::params::lines(&view, width);
    let offset = panes::params::scroll_offset(sel, h, lines.len());
    panes::params::field_lines(&view, width)
        .into_iter()
        .map(|line| {
            (offset..offset + h)
                .contains(&line)
                .then(|| inner.y + (line - offset) as u16)
        })
        .collect()
}

/// The lab tab's panes.
struct LabLayout {
    /// The preset's lesson in a line or two.
    strip: Rect,
    /// The cost (and accuracy) chart.
    chart: Rect,
    /// The MNIST digits, when shown.
    digits: Option<Rect>,
    /// The parameters view, when shown.
    weights: Option<Rect>,
    /// The parameter editor.
    params: Rect,
    /// The lower right pane.
    lower: Rect,
}

fn lab_layout(app: &App, area: Rect) -> LabLayout {
    let strip_h = panes::lesson::height(&app.lab_view(), area);
    let [strip, area] =
        Layout::vertical([Constraint::Length(strip_h), Constraint::Fill(1)]).areas(area);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(area);
    // The digits are a bonus: on a short screen the charts keep the room.
    let (left, digits) = if app.store.digits.is_some() && left.height >= 34 {
        let [chart, digits] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(panes::digits::DIGIT_H + 3),
        ])
        .areas(left);
        (chart, Some(digits))
    } else {
        (left, None)
    };
    let single = app
        .preset
        .runs
        .iter()
        .all(nnlab_core::run::RunConfig::is_single_neuron);
    let (chart, weights) = if app.lab.params_view && single {
        // On a short screen the parameters get the room their charts need: with the view on,
        // they are the lesson (the cost pane keeps its numbers in the run rows, and says where
        // its chart went).
        let cost = if left.height < 30 {
            Constraint::Length(panes::metrics::compact_height(&app.lab_view(), left.width))
        } else {
            Constraint::Percentage(50)
        };
        let [cost, weights] = Layout::vertical([cost, Constraint::Fill(1)]).areas(left);
        (cost, Some(weights))
    } else {
        (left, None)
    };
    let (param_lines, _) =
        panes::params::lines(&app.lab_view(), right.width.saturating_sub(2) as usize);
    let want = u16::try_from(param_lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let cap = (right.height * 55 / 100).max(6);
    let [params, lower] =
        Layout::vertical([Constraint::Length(want.min(cap)), Constraint::Fill(1)]).areas(right);
    LabLayout {
        strip,
        chart,
        digits,
        weights,
        params,
        lower,
    }
}

fn render_lab(app: &App, area: Rect, buf: &mut Buffer) {
    let l = lab_layout(app, area);
    let view = app.lab_view();
    panes::lesson::render(&view, l.strip, area.height, buf);
    if let Some(digits) = l.digits {
        panes::digits::render(&view, digits, buf);
    }
    panes::metrics::render(&view, l.chart, buf);
    if let Some(weights) = l.weights {
        panes::weights::render(&view, weights, buf);
    }
    panes::params::render(&view, l.params, buf);
    views::render_lower(&view, l.lower, buf);
}
