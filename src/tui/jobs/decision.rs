//! The decision view's maps, computed on their own thread: each run's answers over the input
//! plane at the epoch shown (the chart cursor's, or the newest), one job at a time. A job costs
//! [`GRID`] cells x one forward pass per run plus one per example, e.g. 2,048 x [2, 10, 2]'s 52
//! multiply-adds ~ 0.1 M per run: well under a millisecond, never on the UI thread.

use crate::book::Network;
use crate::views::decision::{DecisionMap, Plane, Point, answer};
use std::sync::Arc;
use std::thread::JoinHandle;

/// The grid every map is computed on (columns, rows); the pane samples it to its own size.
pub const GRID: (usize, usize) = (64, 32);

/// One run's map and which examples its network gets wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct RunMap {
    /// The epoch of the network drawn.
    pub epoch: f64,
    /// Its answers over the plane.
    pub map: DecisionMap,
    /// For each example of the view's points: whether this network's class differs from its
    /// label.
    pub wrong: Vec<bool>,
}

/// What a job is for: each run's (epoch of the network, a pointer to it).
pub type Key = Vec<Option<u64>>;

/// The maps being computed and the newest ones computed.
#[derive(Default)]
pub struct DecisionJob {
    running: Option<(Key, JoinHandle<Vec<Option<RunMap>>>)>,
    /// The newest finished maps and what they were computed for.
    pub shown: Option<(Key, Vec<Option<RunMap>>)>,
}

impl DecisionJob {
    /// Starts computing maps of `networks` (each run's epoch and network) unless they are the
    /// ones shown or being computed, or a job is still running (it is then asked again on the
    /// next tick, so at most one thread runs).
    pub fn want(
        &mut self,
        networks: Vec<Option<(f64, Arc<Network>)>>,
        plane: Plane,
        points: Arc<Vec<Point>>,
    ) {
        let key: Key = networks
            .iter()
            .map(|n| {
                n.as_ref()
                    .map(|(e, net)| (*e as u64) ^ (Arc::as_ptr(net) as u64))
            })
            .collect();
        if self.shown.as_ref().is_some_and(|(k, _)| *k == key)
            || self.running.as_ref().is_some_and(|(k, _)| *k == key)
        {
            return;
        }
        if self.running.is_some() {
            return;
        }
        let spawned = std::thread::Builder::new()
            .name("nnlab-decision".into())
            .spawn(move || {
                networks
                    .into_iter()
                    .map(|n| {
                        let (epoch, net) = n?;
                        let map = DecisionMap::of(&net, &plane, GRID.0, GRID.1);
                        let wrong = points
                            .iter()
                            .map(|p| answer(&net, p.x).class != p.class)
                            .collect();
                        Some(RunMap { epoch, map, wrong })
                    })
                    .collect()
            });
        if let Ok(handle) = spawned {
            self.running = Some((key, handle));
        }
    }

    /// Collects a finished job; true when new maps arrived.
    pub fn poll(&mut self) -> bool {
        if !self.running.as_ref().is_some_and(|(_, h)| h.is_finished()) {
            return false;
        }
        let Some((key, handle)) = self.running.take() else {
            return false;
        };
        match handle.join() {
            Ok(maps) => {
                self.shown = Some((key, maps));
                true
            }
            Err(_) => false,
        }
    }

    /// True while maps are being computed.
    pub fn running(&self) -> bool {
        self.running.is_some()
    }
}

impl Clone for DecisionJob {
    /// A copy without the thread: the finished maps only.
    fn clone(&self) -> Self {
        DecisionJob {
            running: None,
            shown: self.shown.clone(),
        }
    }
}
