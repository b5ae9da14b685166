//! The lab's hooks for issue 13's views: which view the lower right pane shows (neuron, sigma,
//! landscape, learning-speed map), the landscape's surface, the softmax sliders overlay, and the
//! learning-speed map computed on its own thread (cancelled when a setting changes). The panes
//! themselves live in `panes::{sigma, landscape, speed_map, softmax}` and draw plain data.

use super::app::App;
use super::panes;
use super::theme::run_color;
use crate::book::{Cost, Init};
use crate::data::Dataset;
use crate::views::softmax::Sliders;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use map_job::MapJob;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use std::sync::Arc;

mod map_job;

pub use map_job::{done as map_done, finished as finished_map, poll};

/// What the lower right pane of the lab shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lower {
    /// The neuron (or gradient norms) pane.
    #[default]
    Neuron,
    /// sigma(z) with each run's z and slope.
    Sigma,
    /// The cost landscape C(w, b).
    Landscape,
    /// The learning-speed map.
    Map,
}

impl Lower {
    fn next(self) -> Lower {
        match self {
            Lower::Neuron => Lower::Sigma,
            Lower::Sigma => Lower::Landscape,
            Lower::Landscape => Lower::Map,
            Lower::Map => Lower::Neuron,
        }
    }
}

/// The views' state, one field of [`App`].
#[derive(Default)]
pub struct ViewState {
    /// The lower right pane's view.
    pub lower: Lower,
    /// The landscape's surface (quadratic unless switched).
    pub surface: Option<Cost>,
    /// The softmax sliders, when open.
    pub softmax: Option<Sliders>,
    /// The preset's data for the landscape and map, with the preset name it belongs to, or why
    /// the views do not apply.
    data: Option<(String, Result<Arc<Dataset>, String>)>,
    map: Option<MapJob>,
}

impl Clone for ViewState {
    /// A copy without the map's thread: a finished map is copied, one in progress is not.
    fn clone(&self) -> Self {
        ViewState {
            lower: self.lower,
            surface: self.surface,
            softmax: self.softmax.clone(),
            data: self.data.clone(),
            map: self.map.as_ref().and_then(MapJob::finished_copy),
        }
    }
}

impl std::fmt::Debug for ViewState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ViewState")
            .field("lower", &self.lower)
            .field("surface", &self.surface)
            .field("softmax", &self.softmax)
            .finish_non_exhaustive()
    }
}

impl ViewState {
    /// The map's progress (0..1) while it is computed.
    pub fn map_progress(&self) -> Option<f64> {
        self.map.as_ref().and_then(MapJob::progress)
    }

    /// True while a map is being computed.
    pub fn map_running(&self) -> bool {
        self.map.as_ref().is_some_and(MapJob::running)
    }
}

/// Cycles the lower right pane: neuron, sigma, landscape, map.
pub fn cycle(app: &mut App) {
    app.views.lower = app.views.lower.next();
    prepare(app);
    poll(app);
}

/// Keeps the map in step with the settings and collects a finished one; true while a map is
/// being computed or has just finished (the screen needs drawing).
pub fn tick(app: &mut App) -> bool {
    let running = app.views.map_running();
    prepare(app);
    poll(app);
    running || app.views.map_running()
}

/// On [`Msg::Tick`](super::msg::Msg::Tick): keeps the map in step with the settings (a
/// finished map arrives as its own message); true while a map is being computed.
pub fn follow(app: &mut App) -> bool {
    let running = app.views.map_running();
    prepare(app);
    map_job::follow(app);
    running || app.views.map_running()
}

/// Switches the landscape between the quadratic and the cross-entropy surface.
pub fn toggle_surface(app: &mut App) {
    let now = app.views.surface.unwrap_or(Cost::Quadratic);
    app.views.surface = Some(if now == Cost::Quadratic {
        Cost::CrossEntropy
    } else {
        Cost::Quadratic
    });
}

/// Opens or closes the softmax sliders.
pub fn toggle_softmax(app: &mut App) {
    app.views.softmax = match app.views.softmax {
        Some(_) => None,
        None => Some(Sliders::default()),
    };
}

/// Keys while the sliders are open: returns true when the key was theirs.
pub fn softmax_key(app: &mut App, key: KeyEvent) -> bool {
    // In a tour the step keys still work while the sliders are open (the softmax step opens them).
    let tour_key = matches!(
        key.code,
        KeyCode::Char('>' | '.' | '<' | ',' | 'a' | 'f' | 't')
            | KeyCode::PageUp
            | KeyCode::PageDown
    );
    if app.tour.is_some() && tour_key {
        return false;
    }
    let Some(s) = app.views.softmax.as_mut() else {
        return false;
    };
    let step = if key.modifiers.contains(KeyModifiers::SHIFT) {
        1.0
    } else {
        0.1
    };
    match key.code {
        KeyCode::Esc | KeyCode::Char('o') => app.views.softmax = None,
        KeyCode::Up | KeyCode::Char('k') => s.select(-1),
        KeyCode::Down | KeyCode::Char('j') => s.select(1),
        KeyCode::Left | KeyCode::Char('h') => s.nudge(-step),
        KeyCode::Right | KeyCode::Char('l') => s.nudge(step),
        KeyCode::Char('[') => s.set_c(s.c - 0.5),
        KeyCode::Char(']') => s.set_c(s.c + 0.5),
        KeyCode::Char('q') => return false,
        _ => {}
    }
    true
}

/// Draws the lower right pane of the lab.
pub fn render_lower(app: &App, area: Rect, buf: &mut Buffer) {
    let focused = app.focus == super::app::Focus::Neuron;
    let at = app.cursor;
    match app.views.lower {
        Lower::Neuron => panes::neuron::render(app, area, buf),
        Lower::Sigma => {
            let marks: Vec<panes::sigma::Mark> = app
                .store
                .histories
                .iter()
                .enumerate()
                .filter_map(|(i, h)| {
                    let (_, z) = h.z_at(at)?;
                    Some(panes::sigma::Mark {
                        label: app.preset.runs.get(i)?.label.clone(),
                        color: run_color(i),
                        z,
                    })
                })
                .collect();
            let epoch = at.or(app
                .store
                .histories
                .first()
                .and_then(|h| h.z_at(None))
                .map(|p| p.0));
            panes::sigma::SigmaPane {
                marks: &marks,
                epoch,
                focused,
                ascii: app.ascii,
            }
            .render(area, buf);
        }
        Lower::Landscape => {
            let Some((_, Ok(data))) = &app.views.data else {
                note(app, area, buf, " Cost landscape ");
                return;
            };
            let trajectories: Vec<panes::landscape::Trajectory> = app
                .store
                .histories
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    let upto = at.unwrap_or(f64::INFINITY);
                    panes::landscape::Trajectory {
                        label: app
                            .preset
                            .runs
                            .get(i)
                            .map_or(String::new(), |r| r.label.clone()),
                        color: run_color(i),
                        points: h
                            .path()
                            .into_iter()
                            .filter(|p| p.0 <= upto)
                            .map(|(_, w, b)| (w, b))
                            .collect(),
                    }
                })
                .collect();
            panes::landscape::LandscapePane {
                samples: &data.train,
                cost: app.views.surface.unwrap_or(Cost::Quadratic),
                trajectories: &trajectories,
                focused,
            }
            .render(area, buf);
        }
        Lower::Map => {
            let job = app.views.map.as_ref();
            let map = job.and_then(MapJob::result).and_then(|r| r.as_ref().ok());
            let err = job
                .and_then(MapJob::result)
                .and_then(|r| r.as_ref().err())
                .cloned();
            let why = match &app.views.data {
                Some((_, Err(e))) => Some(e.clone()),
                _ => err,
            };
            let starts: Vec<_> = app
                .preset
                .runs
                .iter()
                .enumerate()
                .filter_map(|(i, r)| match &r.init {
                    Init::Neuron { w, b } if w.len() == 1 => Some((run_color(i), w[0], *b)),
                    _ => None,
                })
                .collect();
            panes::speed_map::SpeedMapPane {
                map,
                progress: app.views.map_progress(),
                note: why.as_deref(),
                starts: &starts,
                focused,
            }
            .render(area, buf);
        }
    }
}

fn note(app: &App, area: Rect, buf: &mut Buffer, title: &'static str) {
    let text = match &app.views.data {
        Some((_, Err(e))) => e.clone(),
        _ => "press v to load".to_string(),
    };
    let b = panes::block(title, false);
    let inner = b.inner(area);
    b.render(area, buf);
    ratatui::widgets::Paragraph::new(text)
        .wrap(ratatui::widgets::Wrap { trim: true })
        .render(inner, buf);
}

/// Loads the data the landscape needs when it is shown (called from [`cycle`] and events).
pub fn prepare(app: &mut App) {
    if matches!(app.views.lower, Lower::Landscape | Lower::Map) {
        let _ = map_job::data(app);
    }
}

/// Draws the softmax sliders over `area` when they are open.
pub fn render_overlay(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(s) = &app.views.softmax else {
        return;
    };
    let pane = panes::softmax::SoftmaxPane { sliders: s };
    let w = area.width.min(80);
    let h = pane.height().min(area.height);
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    pane.render(r, buf);
}
