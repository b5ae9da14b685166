//! The learning-speed map of the lab's lower right pane, computed on its own thread: started
//! when the map view is shown, cancelled and restarted when a setting it depends on changes,
//! collected when finished.

use super::Lower;
use crate::data::Dataset;
use crate::tui::app::App;
use crate::views::ViewError;
use crate::views::check_one_input_neuron;
use crate::views::speed_map::{self, Grid, SpeedMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;

/// The settings a map depends on: when they change, the map is recomputed.
#[derive(Debug, Clone, PartialEq)]
struct MapKey {
    preset: String,
    run: usize,
    eta: f64,
    mini_batch: usize,
    update: crate::run::Update,
    seed: Option<u64>,
    preset_seed: u64,
    epochs: u64,
}

type MapResult = Result<Option<SpeedMap>, ViewError>;

/// A map being computed or computed.
pub(super) struct MapJob {
    key: MapKey,
    cancel: Arc<AtomicBool>,
    progress: Arc<AtomicUsize>,
    total: usize,
    handle: Option<JoinHandle<MapResult>>,
    result: Option<Result<SpeedMap, String>>,
}

impl Drop for MapJob {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

impl MapJob {
    /// A copy of a finished map (one in progress has a thread and is not copied).
    pub(super) fn finished_copy(&self) -> Option<MapJob> {
        self.result.as_ref().map(|r| MapJob {
            key: self.key.clone(),
            cancel: Arc::new(AtomicBool::new(false)),
            progress: Arc::clone(&self.progress),
            total: self.total,
            handle: None,
            result: Some(r.clone()),
        })
    }

    /// The progress (0..1) while the map is computed.
    pub(super) fn progress(&self) -> Option<f64> {
        self.result
            .is_none()
            .then(|| self.progress.load(Ordering::Relaxed) as f64 / self.total.max(1) as f64)
    }

    /// True while the thread runs.
    pub(super) fn running(&self) -> bool {
        self.handle.is_some()
    }

    /// The finished map, or why there is none.
    pub(super) fn result(&self) -> Option<&Result<SpeedMap, String>> {
        self.result.as_ref()
    }
}

/// The data of `app`'s preset if it is one-input neuron presets (for the landscape and map).
pub(super) fn data(app: &mut App) -> Result<Arc<Dataset>, String> {
    let name = app.preset.name.clone();
    let fresh = app.views.data.as_ref().is_some_and(|(n, _)| *n == name);
    if !fresh {
        let loaded = app.preset.load_data().and_then(|d| {
            for r in &app.preset.runs {
                check_one_input_neuron(r, &d.train).map_err(|e| e.to_string())?;
            }
            Ok(Arc::new(d))
        });
        app.views.data = Some((name, loaded));
    }
    match &app.views.data {
        Some((_, r)) => r.clone(),
        None => Err("no data".into()),
    }
}

/// The settings the map of `app` depends on, when the map view is shown.
fn wanted(app: &App) -> Option<(MapKey, crate::run::RunConfig)> {
    if app.views.lower != Lower::Map {
        return None;
    }
    let config = app.preset.runs.get(app.selected_run).cloned()?;
    let key = MapKey {
        preset: app.preset.name.clone(),
        run: app.selected_run,
        eta: config.eta,
        mini_batch: config.mini_batch,
        update: config.update,
        seed: config.seed,
        preset_seed: app.preset.seed,
        epochs: app.preset.epochs,
    };
    Some((key, config))
}

/// The result of the map's thread if it finished computing the map the settings ask for
/// (what [`Msg::Map`](crate::tui::msg::Msg::Map) carries to [`done`]).
pub fn finished(app: &mut App) -> Option<Result<SpeedMap, String>> {
    let (key, _) = wanted(app)?;
    let job = app.views.map.as_mut()?;
    if job.key != key || !job.handle.as_ref().is_some_and(|h| h.is_finished()) {
        return None;
    }
    let h = job.handle.take()?;
    Some(match h.join() {
        Ok(Ok(Some(map))) => Ok(map),
        Ok(Ok(None)) => Err("cancelled".into()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("the map's thread failed".into()),
    })
}

/// Keeps the finished map (or why there is none) for drawing.
pub fn done(app: &mut App, map: Result<SpeedMap, String>) {
    if let Some(job) = app.views.map.as_mut()
        && job.handle.is_none()
    {
        job.result = Some(map);
    }
}

/// Keeps the map in step with the settings: starts it when the map view is shown, collects a
/// finished one, cancels and restarts it when a setting it depends on changes.
pub fn poll(app: &mut App) {
    if let Some(map) = finished(app) {
        done(app, map);
    }
    follow(app);
}

/// Starts the map when the map view is shown, and cancels and restarts it when a setting it
/// depends on changes.
pub fn follow(app: &mut App) {
    let Some((key, config)) = wanted(app) else {
        return;
    };
    if let Some(job) = app.views.map.as_ref() {
        if job.key == key {
            return;
        }
        // a setting changed: cancel (the thread sees the flag and ends on its own)
        app.views.map = None;
    }
    let Ok(data) = data(app) else {
        return;
    };
    let (cancel, progress) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicUsize::new(0)),
    );
    let grid = Grid::default();
    let preset = app.preset.clone();
    let (c, p) = (Arc::clone(&cancel), Arc::clone(&progress));
    let handle = std::thread::Builder::new()
        .name("nnlab-map".into())
        .spawn(move || {
            // Every core but the trainer's (the map's cells do not depend on the split).
            let threads = std::thread::available_parallelism()
                .map_or(1, |n| n.get().saturating_sub(1).max(1));
            speed_map::compute(&preset, &config, &data, grid, threads, &c, &p)
        })
        .ok();
    let result = handle
        .is_none()
        .then(|| Err("could not start the map's thread".to_string()));
    app.views.map = Some(MapJob {
        key,
        cancel,
        progress,
        total: 2 * grid.cols * grid.rows,
        handle,
        result,
    });
}
