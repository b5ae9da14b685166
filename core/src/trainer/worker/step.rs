//! The trainer's stepping: a parameter change rebuilds its run, a slice trains until its time
//! is up or the pace says wait, and metrics are batched for the UI at most every
//! `FLUSH_EVERY`.

use super::Worker;
use crate::metrics::Series;
use crate::run::Run;
use crate::trainer::protocol::{Command, Event, Pace, Param, RunId, RunState};
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

const FLUSH_EVERY: Duration = Duration::from_millis(16);
const SLICE: Duration = Duration::from_millis(8);
const MAX_PENDING: usize = 512;

impl Worker {
    pub(super) fn set(&mut self, id: RunId, param: Param) -> Result<(), String> {
        let data = std::sync::Arc::clone(&self.session.data);
        let seed = self.session.preset.seed;
        let Some(run) = self.session.runs.get_mut(id) else {
            return Err(format!("there is no run number {id}"));
        };
        let label = run.config.label.clone();
        let err = |e: crate::run::RunError| format!("run {label:?}: {e}");
        let epoch = run.epoch;
        let is_cost = matches!(param, Param::Cost(_));
        // One function applies a setting here and when an export replays the session.
        let restart =
            crate::run::settings::apply_param(run, param.clone(), seed, &data).map_err(err)?;
        let mut cost_changed = None;
        if is_cost {
            // The starting state rebuilt from the same config and seed, measured anew.
            let c0 = Run::new(run.config.clone(), seed, &data)
                .map_or(f64::NAN, |mut start| start.metrics(&data).cost);
            cost_changed = Some(Event::CostChanged {
                run: id,
                epoch: run.epoch,
                c0,
            });
        }
        self.session.preset.runs[id] = run.config.clone();
        if restart {
            // Side-by-side runs share one epoch origin: when one restarts (new w, b or seed),
            // every run starts again from its own start, so they stay comparable epoch by epoch.
            for (j, other) in self.session.runs.iter_mut().enumerate() {
                if j != id {
                    other
                        .reset(None, &data)
                        .map_err(|e| format!("run {:?}: {e}", other.config.label))?;
                }
            }
            for j in 0..self.session.runs.len() {
                let m = self.session.runs[j].metrics(&data);
                self.shadow[j] = Series::default();
                self.shadow[j].push(m.epoch, 0.0);
                self.pending[j].clear();
                self.newest[j] = None;
                self.diverged_sent[j] = false;
                self.send(Event::RunRestarted(j, Box::new(m)));
            }
            self.steps_left = 0;
            self.send_guesses();
            if self.state == RunState::Finished && !self.session.finished() {
                self.set_state(RunState::Paused);
            }
        }
        if let Some(event) = cost_changed {
            self.send(event);
        }
        self.send(Event::Applied(crate::run::settings::Applied {
            run: id,
            // a restart took effect at the new origin
            epoch: if restart { 0 } else { epoch },
            param,
        }));
        Ok(())
    }

    /// Trains for up to one time slice at the current pace.
    pub(super) fn train_slice(&mut self) {
        let start = Instant::now();
        loop {
            if self.steps_left == 0 {
                let due = match self.pace {
                    Pace::Unthrottled => true,
                    Pace::PerSecond(r) => {
                        // Elapsed seconds times a positive rate: not negative, and `as` saturates.
                        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                        let target = (self.pace_origin.elapsed().as_secs_f64() * r) as u64 + 1;
                        self.pace_done < target
                    }
                };
                if !due {
                    // Sleep until the next epoch is due, but wake for commands and flushes.
                    if let Pace::PerSecond(r) = self.pace {
                        let next = (self.pace_done as f64) / r;
                        let wait = next - self.pace_origin.elapsed().as_secs_f64();
                        let wait = wait.clamp(0.0, FLUSH_EVERY.as_secs_f64());
                        self.flush(false);
                        match self.commands.recv_timeout(Duration::from_secs_f64(wait)) {
                            Ok(c) => {
                                if c == Command::Quit {
                                    self.alive = false;
                                } else {
                                    self.handle(c);
                                }
                            }
                            Err(RecvTimeoutError::Timeout) => {}
                            Err(RecvTimeoutError::Disconnected) => self.alive = false,
                        }
                    }
                    return;
                }
            }
            self.epoch();
            if self.steps_left > 0 {
                self.steps_left -= 1;
                if self.steps_left == 0 {
                    self.flush(true);
                    return;
                }
            } else {
                self.pace_done += 1;
            }
            if self.session.finished() {
                self.flush(true);
                self.steps_left = 0;
                self.set_state(RunState::Finished);
                return;
            }
            if start.elapsed() >= SLICE {
                return;
            }
        }
    }

    fn epoch(&mut self) {
        let metrics = self.session.step();
        self.epochs_since_flush += 1;
        for (i, m) in metrics.into_iter().enumerate() {
            let run = &self.session.runs[i];
            if run.diverged.is_some() && self.diverged_sent[i] {
                continue;
            }
            if let Some(d) = run.diverged.clone() {
                self.diverged_sent[i] = true;
                self.pending[i].push(m);
                self.flush(true);
                self.send(Event::Diverged(i, d));
                continue;
            }
            // The history stores an epoch when it is on its stride at the time of the push.
            if m.epoch.is_multiple_of(self.shadow[i].stride()) {
                self.pending[i].push(m.clone());
            }
            self.shadow[i].push(m.epoch, 0.0);
            self.newest[i] = Some(m);
        }
        // Points the history has since decimated away need not travel.
        for (p, s) in self.pending.iter_mut().zip(&self.shadow) {
            if p.len() >= MAX_PENDING {
                let stride = s.stride();
                p.retain(|m| m.epoch.is_multiple_of(stride));
            }
        }
    }

    /// Sends the pending metrics if a frame's worth of time passed (or `now`).
    pub(super) fn flush(&mut self, now: bool) {
        let elapsed = self.last_flush.elapsed();
        if !now && elapsed < FLUSH_EVERY {
            return;
        }
        let secs = elapsed.as_secs_f64();
        if secs > 0.0 && (self.state == RunState::Running || self.epochs_since_flush > 0) {
            let instant = self.epochs_since_flush as f64 / secs;
            self.rate = if self.rate == 0.0 {
                instant
            } else {
                0.7 * self.rate + 0.3 * instant
            };
        }
        if self.state != RunState::Running && self.steps_left == 0 && self.epochs_since_flush == 0 {
            self.rate = 0.0;
        }
        self.last_flush = Instant::now();
        self.epochs_since_flush = 0;
        let mut metrics = Vec::with_capacity(self.pending.len());
        let mut any = false;
        for i in 0..self.pending.len() {
            let mut p = std::mem::take(&mut self.pending[i]);
            if let Some(n) = self.newest[i].take()
                && p.last().is_none_or(|m| m.epoch < n.epoch)
            {
                p.push(n);
            }
            any |= !p.is_empty();
            metrics.push(p);
        }
        if any {
            let epoch = self.session.epoch();
            let rate = self.rate;
            self.send(Event::Progress {
                metrics,
                epoch,
                rate,
            });
            if self.last_guess.elapsed() > Duration::from_millis(500) || now {
                self.send_guesses();
            }
        }
    }
}
