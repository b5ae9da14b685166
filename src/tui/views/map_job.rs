//! The learning-speed map of the lab's lower right pane, computed on its own thread (the job
//! is [`MapJob`]): started when the map view is shown, cancelled and restarted when a setting it
//! depends on changes, collected when finished.

use crate::data::Dataset;
use crate::tui::app::App;
use crate::tui::jobs::{MapJob, MapKey};
use crate::tui::lab::Lower;
use crate::views::check_one_input_neuron;
use crate::views::speed_map::SpeedMap;
use std::sync::Arc;

/// The data of `app`'s preset if it is one-input neuron presets (for the landscape and map).
pub(super) fn data(app: &mut App) -> Result<Arc<Dataset>, String> {
    let name = app.preset.name.clone();
    let fresh = app.lab.views.data.as_ref().is_some_and(|(n, _)| *n == name);
    if !fresh {
        let loaded = app.preset.load_data().and_then(|d| {
            for r in &app.preset.runs {
                check_one_input_neuron(r, &d.train).map_err(|e| e.to_string())?;
            }
            Ok(Arc::new(d))
        });
        app.lab.views.data = Some((name, loaded));
    }
    match &app.lab.views.data {
        Some((_, r)) => r.clone(),
        None => Err("no data".into()),
    }
}

/// The settings the map of `app` depends on, when the map view is shown.
fn wanted(app: &App) -> Option<(MapKey, crate::run::RunConfig)> {
    if app.lab.views.lower != Lower::Map {
        return None;
    }
    let config = app.preset.runs.get(app.lab.selected_run).cloned()?;
    let key = MapKey {
        preset: app.preset.name.clone(),
        run: app.lab.selected_run,
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
    app.jobs.map.as_mut()?.take_finished(&key)
}

/// Keeps the finished map (or why there is none) for drawing.
pub fn done(app: &mut App, map: Result<SpeedMap, String>) {
    if let Some(job) = app.jobs.map.as_mut() {
        job.keep(map);
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
    if let Some(job) = app.jobs.map.as_ref() {
        if *job.key() == key {
            return;
        }
        // a setting changed: cancel (the thread sees the flag and ends on its own)
        app.jobs.map = None;
    }
    let Ok(data) = data(app) else {
        return;
    };
    app.jobs.map = Some(MapJob::start(key, app.preset.clone(), config, data));
}
