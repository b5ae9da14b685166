//! File I/O of the lab: saving the settings as a preset, exporting the metrics as CSV, always
//! through a temporary file in the same directory and a rename.

use super::app::App;
use super::msg::Msg;
use crate::run::replay::Journal;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

impl App {
    /// Writes the current settings as a RON preset, atomically; errors go to the status line.
    /// The preset is named after the file and says what it was derived from, so reopening
    /// it shows the new name and not the built-in's story alone.
    pub fn save(&mut self, path: &Path, overwrite: bool) {
        // Named after the file (saved_preset), with data paths that load from the file's own
        // folder (save::preset_for).
        let result = crate::save::preset_for(&crate::save::saved_preset(&self.preset, path), path)
            .to_ron()
            .and_then(|text| crate::save::write_atomic(path, text.as_bytes(), overwrite));
        match result {
            Ok(()) => self.info(format!("saved the settings to {}", path.display())),
            Err(e) => self.error(format!("cannot save to {}: {e}", path.display())),
        }
    }

    /// Exports every epoch of every run as CSV into `export_dir`, under a fresh name, on a
    /// thread of its own (see [`App::export_to`]): the lab goes on while a long run is replayed.
    pub fn export(&mut self) {
        let base = format!(
            "nnlab-{}-epoch{}",
            crate::save::sanitize(&self.preset.name),
            self.store.epoch
        );
        let mut path = self.ui.export_dir.join(format!("{base}.csv"));
        let mut k = 1;
        while path.exists() && k < 1000 {
            path = self.ui.export_dir.join(format!("{base}-{k}.csv"));
            k += 1;
        }
        let (journal, targets) = self.replay_plan();
        self.start_file_job("the CSV export", move |cancel| {
            export_csv(&journal, &targets, &path, cancel)
                .map(|rows| format!("exported {rows} rows to {}", path.display()))
                .map_err(|e| format!("cannot export to {}: {e}", path.display()))
        });
    }

    /// Writes every epoch of every run the lab shows (not the thinned history) to `path` as
    /// `nnlab run --format csv` prints them, atomically and never overwriting; returns the
    /// rows written. The epochs are recomputed headless from the preset the runs started
    /// from and the settings the trainer accepted since, at the epochs it accepted them
    /// (runs are deterministic), and streamed to the file, so memory stays flat however many
    /// epochs were trained.
    pub fn export_to(&self, path: &Path) -> Result<u64, String> {
        let (journal, targets) = self.replay_plan();
        export_csv(&journal, &targets, path, &AtomicBool::new(false))
    }

    /// What a replay needs: the journal (the preset being loaded, before the trainer reported
    /// anything) and each run's epochs done.
    fn replay_plan(&self) -> (Journal, Vec<u64>) {
        let journal = self
            .store
            .journal
            .clone()
            .unwrap_or_else(|| Journal::new(self.preset.clone()));
        let targets = (0..journal.preset.runs.len())
            .map(|i| self.store.latest(i).map_or(0, |m| m.epoch))
            .collect();
        (journal, targets)
    }

    /// Writes the chart shown (cost, or the parameters view) as an SVG figure into
    /// `export_dir` under a new name (`nnlab-PRESET-VIEW.svg`, never overwriting), on a thread
    /// of its own; the path or the error goes to the status line when it is done.
    pub fn figure(&mut self) {
        let plan = self.figure_plan();
        let dir = self.ui.export_dir.clone();
        self.start_file_job("the figure", move |cancel| {
            plan.build(cancel)
                .and_then(|f| crate::plot::write_svg(&f, &dir))
                .map(|path| format!("wrote the figure to {}", path.display()))
                .map_err(|e| format!("cannot write the figure: {e}"))
        });
    }

    /// The figure of the chart shown, with the lab's axes (C or C/C0, linear or log), as
    /// `nnlab plot` draws it: the epochs it plots (every epoch up to 2,000, then about 2,000
    /// points) recomputed headless like the CSV export, not the lab's thinned history.
    pub fn current_figure(&self) -> Result<crate::plot::Figure, String> {
        self.figure_plan().build(&AtomicBool::new(false))
    }

    fn figure_plan(&self) -> FigurePlan {
        use crate::plot::{CostAxis, Record, View};
        let (journal, targets) = self.replay_plan();
        let records = self
            .preset
            .runs
            .iter()
            .enumerate()
            .map(|(i, r)| Record {
                label: r.shown_label().into_owned(),
                cost: r.cost.name().to_string(),
                diverged: self.store.diverged.get(i).cloned().flatten(),
                metrics: Vec::new(),
            })
            .collect();
        let single = self
            .preset
            .runs
            .iter()
            .all(nnlab_core::run::RunConfig::is_single_neuron);
        let view = if self.lab.params_view && single {
            View::Params
        } else {
            View::Cost
        };
        let axis = if self.lab.normalized {
            CostAxis::Ratio
        } else {
            CostAxis::Cost
        };
        FigurePlan {
            journal,
            targets,
            every: crate::plot::auto_every(self.preset.epochs),
            records,
            name: self.preset.name.clone(),
            epochs: self.preset.epochs,
            view,
            axis,
            log: view == View::Cost && self.lab.log_scale,
        }
    }

    /// Runs `job` on its own thread (one at a time): the lab stays live while a long run is
    /// replayed, and quitting cancels it.
    fn start_file_job(
        &mut self,
        what: &'static str,
        job: impl FnOnce(&AtomicBool) -> Result<String, String> + Send + 'static,
    ) {
        match self.jobs.file.start(what, job) {
            Ok(()) => self.info(format!("writing {what} in the background")),
            Err(e) => self.error(e),
        }
    }

    /// Waits for the file job, if any, and posts its result.
    pub fn wait_file_job(&mut self) {
        if let Some(result) = self.jobs.file.wait() {
            self.update(Msg::File(result));
        }
    }

    /// Cancels the file job, if any, and waits for it at most `wait`: a cancelled export
    /// removes its temporary file.
    pub fn cancel_file_job(&mut self, wait: std::time::Duration) {
        if let Some(result) = self.jobs.file.cancel(wait) {
            self.update(Msg::File(result));
        }
    }
}

/// Streams the replayed epochs of `journal` up to `targets` to `path` as CSV; stops with an
/// error (and no file) when `cancel` is set.
fn export_csv(
    journal: &Journal,
    targets: &[u64],
    path: &Path,
    cancel: &AtomicBool,
) -> Result<u64, String> {
    let data = journal
        .preset
        .load_data()
        .map_err(|e| format!("cannot load the preset's data again: {e}"))?;
    let labels: Vec<String> = journal
        .preset
        .runs
        .iter()
        .map(|r| r.shown_label().into_owned())
        .collect();
    let mut rows = 0u64;
    crate::save::write_atomic_with(path, false, |out| {
        writeln!(out, "{}", crate::export::CSV_HEADER).map_err(|e| e.to_string())?;
        journal
            .replay(&data, targets, |run, m| {
                if cancel.load(Ordering::Relaxed) {
                    return Err(CANCELLED.to_string());
                }
                rows += 1;
                let label = labels.get(run).map_or("", String::as_str);
                writeln!(out, "{}", crate::export::csv_row(label, m)).map_err(|e| e.to_string())
            })
            .map_err(|e| e.to_string())
    })?;
    Ok(rows)
}

const CANCELLED: &str = "cancelled";

/// What the figure of the chart shown needs, taken from the lab so a thread can build it.
struct FigurePlan {
    journal: Journal,
    targets: Vec<u64>,
    every: u64,
    records: Vec<crate::plot::Record>,
    name: String,
    epochs: u64,
    view: crate::plot::View,
    axis: crate::plot::CostAxis,
    log: bool,
}

impl FigurePlan {
    fn build(mut self, cancel: &AtomicBool) -> Result<crate::plot::Figure, String> {
        let data = self
            .journal
            .preset
            .load_data()
            .map_err(|e| format!("cannot load the preset's data again: {e}"))?;
        let (targets, every, records) = (&self.targets, self.every, &mut self.records);
        self.journal
            .replay(&data, targets, |run, m| {
                if cancel.load(Ordering::Relaxed) {
                    return Err(CANCELLED.to_string());
                }
                if let Some(r) = records.get_mut(run) {
                    let last = targets.get(run).copied().unwrap_or(0);
                    if m.epoch % every == 0
                        || m.epoch == last
                        || r.diverged.as_ref().is_some_and(|d| d.epoch == m.epoch)
                    {
                        r.metrics.push(m.clone());
                    }
                }
                Ok(())
            })
            .map_err(|e| e.to_string())?;
        crate::plot::Figure::from_records(
            &self.name,
            self.epochs,
            &self.records,
            self.view,
            self.axis,
            self.log,
        )
    }
}
