//! The learning-speed map's job: the map of one run computed on its own thread, with its
//! progress, cancelled when dropped (a setting it depends on changed).

use crate::data::Dataset;
use crate::preset::Preset;
use crate::run::RunConfig;
use crate::views::ViewError;
use crate::views::speed_map::{self, Grid, SpeedMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;

/// The settings a map depends on: when they change, the map is recomputed.
#[derive(Debug, Clone, PartialEq)]
pub struct MapKey {
    /// The preset's name.
    pub preset: String,
    /// The run mapped.
    pub run: usize,
    /// Its learning rate.
    pub eta: f64,
    /// Its mini-batch size.
    pub mini_batch: usize,
    /// Its update rule.
    pub update: crate::run::Update,
    /// Its own seed.
    pub seed: Option<u64>,
    /// The preset's seed.
    pub preset_seed: u64,
    /// The epochs of the plan.
    pub epochs: u64,
}

type MapResult = Result<Option<SpeedMap>, ViewError>;

/// A map being computed or computed.
pub struct MapJob {
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
    pub fn finished_copy(&self) -> Option<MapJob> {
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
    pub fn progress(&self) -> Option<f64> {
        self.result
            .is_none()
            .then(|| self.progress.load(Ordering::Relaxed) as f64 / self.total.max(1) as f64)
    }

    /// True while the thread runs.
    pub fn running(&self) -> bool {
        self.handle.is_some()
    }

    /// Computes the map of `config` (run `key.run` of `preset`) on `data` on its own thread.
    pub fn start(key: MapKey, preset: Preset, config: RunConfig, data: Arc<Dataset>) -> MapJob {
        let (cancel, progress) = (
            Arc::new(AtomicBool::new(false)),
            Arc::new(AtomicUsize::new(0)),
        );
        let grid = Grid::default();
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
        MapJob {
            key,
            cancel,
            progress,
            total: 2 * grid.cols * grid.rows,
            handle,
            result,
        }
    }

    /// The settings this map was started for.
    pub fn key(&self) -> &MapKey {
        &self.key
    }

    /// The thread's result if it finished computing the map for `key` (taken once).
    pub fn take_finished(&mut self, key: &MapKey) -> Option<Result<SpeedMap, String>> {
        if self.key != *key || !self.handle.as_ref().is_some_and(JoinHandle::is_finished) {
            return None;
        }
        let h = self.handle.take()?;
        Some(match h.join() {
            Ok(Ok(Some(map))) => Ok(map),
            Ok(Ok(None)) => Err("cancelled".into()),
            Ok(Err(e)) => Err(e.to_string()),
            Err(_) => Err("the map's thread failed".into()),
        })
    }

    /// Keeps the finished map (or why there is none) for drawing, once the thread is joined.
    pub fn keep(&mut self, map: Result<SpeedMap, String>) {
        if self.handle.is_none() {
            self.result = Some(map);
        }
    }

    /// The finished map, or why there is none.
    pub fn result(&self) -> Option<&Result<SpeedMap, String>> {
        self.result.as_ref()
    }
}
