//! The lab's hooks for issue 13's views: which view the lower right pane shows (neuron, sigma,
//! landscape, learning-speed map), the landscape's surface, the softmax sliders overlay, and the
//! learning-speed map computed on its own thread (cancelled when a setting changes). The panes
//! themselves live in `panes::{sigma, landscape, speed_map, softmax}` and draw plain data.

use super::app::App;
use super::jobs::MapJob;
use super::lab::Lower;
use super::lab::{Focus, LabView};
use super::panes;
use crate::book::{Cost, Init};
use crate::views::softmax::Sliders;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

mod map_job;

pub use map_job::{done as map_done, finished as finished_map, poll};

/// Cycles the lower right pane: neuron, sigma, landscape, map, decision.
pub fn cycle(app: &mut App) {
    app.lab.views.lower = app.lab.views.lower.next();
    prepare(app);
    poll(app);
}

/// The data the decision view draws on, loaded once per preset: the plane around the inputs
/// and the examples; or why the view does not apply (inputs without two features).
fn planar(app: &mut App) {
    let name = app.preset.name.clone();
    if app
        .lab
        .views
        .planar
        .as_ref()
        .is_some_and(|(n, _)| *n == name)
    {
        return;
    }
    let dim = app.store.input_dim;
    let why = |dim: usize| {
        format!(
            "this view draws each run's answer over the plane of two input features (x1, x2); this preset's inputs have {dim}"
        )
    };
    let loaded = if dim != 0 && dim != 2 {
        Err(why(dim))
    } else {
        app.preset.load_data().and_then(|d| {
            let plane = crate::views::decision::Plane::around(&d)
                .ok_or_else(|| why(d.train.input_dim()))?;
            Ok(super::lab::views::Planar {
                plane,
                points: std::sync::Arc::new(crate::views::decision::points(&d)),
            })
        })
    };
    app.lab.views.planar = Some((name, loaded));
}

/// Keeps the decision maps in step with the epoch shown (the cursor's, or the newest): asks
/// its thread for new ones and collects them; true when new maps arrived.
fn follow_decision(app: &mut App) -> bool {
    if app.lab.views.lower != Lower::Decision {
        return false;
    }
    planar(app);
    let Some((_, Ok(planar))) = &app.lab.views.planar else {
        return false;
    };
    let (plane, points) = (planar.plane, std::sync::Arc::clone(&planar.points));
    let at = app.lab.cursor;
    let networks = app
        .store
        .histories
        .iter()
        .map(|h| match at {
            Some(e) => h.networks.at(e),
            None => h.networks.last(),
        })
        .collect();
    let arrived = app.jobs.decision.poll();
    app.jobs.decision.want(networks, plane, points);
    arrived
}

/// Keeps the map in step with the settings and collects a finished one; true while a map is
/// being computed or has just finished (the screen needs drawing).
pub fn tick(app: &mut App) -> bool {
    let running = app.jobs.map_running() || app.jobs.decision.running();
    prepare(app);
    poll(app);
    let arrived = follow_decision(app);
    running || arrived || app.jobs.map_running() || app.jobs.decision.running()
}

/// On [`Msg::Tick`](super::msg::Msg::Tick): keeps the map in step with the settings (a
/// finished map arrives as its own message); true while a map is being computed.
pub fn follow(app: &mut App) -> bool {
    let running = app.jobs.map_running() || app.jobs.decision.running();
    prepare(app);
    map_job::follow(app);
    let arrived = follow_decision(app);
    running || arrived || app.jobs.map_running() || app.jobs.decision.running()
}

/// Switches the landscape between the quadratic and the cross-entropy surface.
pub fn toggle_surface(app: &mut App) {
    let now = app.lab.views.surface.unwrap_or(Cost::Quadratic);
    app.lab.views.surface = Some(if now == Cost::Quadratic {
        Cost::CrossEntropy
    } else {
        Cost::Quadratic
    });
}

/// Opens or closes the softmax sliders.
pub fn toggle_softmax(app: &mut App) {
    app.lab.views.softmax = match app.lab.views.softmax {
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
    let Some(s) = app.lab.views.softmax.as_mut() else {
        return false;
    };
    let step = if key.modifiers.contains(KeyModifiers::SHIFT) {
        1.0
    } else {
        0.1
    };
    match key.code {
        KeyCode::Esc | KeyCode::Char('o') => app.lab.views.softmax = None,
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
pub fn render_lower(view: &LabView<'_>, area: Rect, buf: &mut Buffer) {
    let focused = view.lab.focus == Focus::Neuron;
    let at = view.lab.cursor;
    match view.lab.views.lower {
        Lower::Neuron => panes::neuron::render(view, area, buf),
        Lower::Sigma => {
            let marks: Vec<panes::sigma::Mark> = view
                .store
                .histories
                .iter()
                .enumerate()
                .filter_map(|(i, h)| {
                    let (_, z) = h.z_at(at)?;
                    Some(panes::sigma::Mark {
                        label: view.preset.runs.get(i)?.shown_label().into_owned(),
                        color: view.theme.run_color(view.slot(i)),
                        symbol: view.theme.run_symbol(view.slot(i)),
                        z,
                    })
                })
                .collect();
            let epoch = at.or(view
                .store
                .histories
                .first()
                .and_then(|h| h.z_at(None))
                .map(|p| p.0));
            // A network has a z per neuron, which the trainer does not report: say so rather
            // than draw a curve with no marks.
            let neurons: usize = view
                .preset
                .runs
                .iter()
                .filter(|r| !r.is_single_neuron())
                .map(|r| r.layers.iter().skip(1).sum::<usize>())
                .max()
                .unwrap_or(0);
            let note = (marks.is_empty() && neurons > 0).then(|| {
                format!(
                    "no marks: each of this network's {neurons} neurons has a z of its own, per example; this view marks a single neuron's z. The Gradients pane (v cycles back to it) shows each layer's learning."
                )
            });
            panes::sigma::SigmaPane {
                marks: &marks,
                epoch,
                focused,
                ascii: view.ui.ascii,
                note,
                theme: view.theme,
            }
            .render(area, buf);
        }
        Lower::Landscape => {
            let Some((_, Ok(data))) = &view.lab.views.data else {
                note(view, area, buf, " Cost landscape ");
                return;
            };
            let trajectories: Vec<panes::landscape::Trajectory> = view
                .store
                .histories
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    let upto = at.unwrap_or(f64::INFINITY);
                    panes::landscape::Trajectory {
                        label: view
                            .preset
                            .runs
                            .get(i)
                            .map_or(String::new(), |r| r.shown_label().into_owned()),
                        color: view.theme.run_color(view.slot(i)),
                        symbol: view.theme.run_symbol(view.slot(i)),
                        points: h.path().into_iter().filter(|p| p.0 <= upto).collect(),
                    }
                })
                .collect();
            panes::landscape::LandscapePane {
                samples: &data.train,
                cost: view.lab.views.surface.unwrap_or(Cost::Quadratic),
                trajectories: &trajectories,
                mark_every: panes::landscape::mark_every(view.preset.epochs),
                focused,
                theme: view.theme,
            }
            .render(area, buf);
        }
        Lower::Map => {
            let job = view.map;
            let map = job.and_then(MapJob::result).and_then(|r| r.as_ref().ok());
            let err = job
                .and_then(MapJob::result)
                .and_then(|r| r.as_ref().err())
                .cloned();
            let why = match &view.lab.views.data {
                Some((_, Err(e))) => Some(e.clone()),
                _ => err,
            };
            let starts: Vec<_> = view
                .preset
                .runs
                .iter()
                .enumerate()
                .filter_map(|(i, r)| match &r.init {
                    Init::Neuron { w, b } if w.len() == 1 => Some((
                        view.theme.run_color(view.slot(i)),
                        view.theme.run_symbol(view.slot(i)),
                        w[0],
                        *b,
                    )),
                    _ => None,
                })
                .collect();
            panes::speed_map::SpeedMapPane {
                map,
                progress: view.map.and_then(MapJob::progress),
                note: why.as_deref(),
                starts: &starts,
                focused,
                theme: view.theme,
            }
            .render(area, buf);
        }
        Lower::Decision => panes::decision::render(view, area, buf),
        Lower::Formula => panes::formula::render(view, area, buf),
    }
}

fn note(view: &LabView<'_>, area: Rect, buf: &mut Buffer, title: &'static str) {
    let text = match &view.lab.views.data {
        Some((_, Err(e))) => e.clone(),
        _ => "press v to load".to_string(),
    };
    let b = panes::block(view.theme, title, false);
    let inner = b.inner(area);
    b.render(area, buf);
    ratatui::widgets::Paragraph::new(text)
        .wrap(ratatui::widgets::Wrap { trim: true })
        .render(inner, buf);
}

/// Loads the data the landscape needs when it is shown (called from [`cycle`] and events).
pub fn prepare(app: &mut App) {
    if matches!(app.lab.views.lower, Lower::Landscape | Lower::Map) {
        let _ = map_job::data(app);
    }
    if app.lab.views.lower == Lower::Decision {
        planar(app);
    }
}

/// Draws the softmax sliders over `area` when they are open.
pub fn render_overlay(view: &LabView<'_>, area: Rect, buf: &mut Buffer) {
    let Some(s) = &view.lab.views.softmax else {
        return;
    };
    let pane = panes::softmax::SoftmaxPane {
        sliders: s,
        theme: view.theme,
    };
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
