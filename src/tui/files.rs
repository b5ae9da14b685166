//! File I/O of the lab: saving the settings as a preset, exporting the metrics as CSV, always
//! through a temporary file in the same directory and a rename.

use super::app::App;
use crate::preset::Preset;
use std::path::{Path, PathBuf};

/// The user's presets directory (`$XDG_DATA_HOME/nnlab/presets` or the platform's equivalent).
pub fn user_presets_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "nnlab").map(|d| d.data_dir().join("presets"))
}

impl App {
    /// Writes the current settings as a RON preset, atomically; errors go to the status line.
    /// The preset is named after the file and says what it was derived from, so reopening
    /// it shows the new name and not the built-in's story alone.
    pub fn save(&mut self, path: &Path, overwrite: bool) {
        // Named after the file (saved_preset), with data paths that load from the file's own
        // folder (save::preset_for).
        let result = crate::save::preset_for(&saved_preset(&self.preset, path), path)
            .to_ron()
            .and_then(|text| write_atomic(path, text.as_bytes(), overwrite));
        match result {
            Ok(()) => self.info(format!("saved the settings to {}", path.display())),
            Err(e) => self.error(format!("cannot save to {}: {e}", path.display())),
        }
    }

    /// Exports every epoch of every run as CSV into `export_dir`, under a fresh name (see
    /// [`App::export_to`]).
    pub fn export(&mut self) {
        let base = format!(
            "nnlab-{}-epoch{}",
            crate::save::sanitize(&self.preset.name),
            self.store.epoch
        );
        let mut path = self.export_dir.join(format!("{base}.csv"));
        let mut k = 1;
        while path.exists() && k < 1000 {
            path = self.export_dir.join(format!("{base}-{k}.csv"));
            k += 1;
        }
        match self.export_to(&path) {
            Ok(rows) => self.info(format!("exported {rows} rows to {}", path.display())),
            Err(e) => self.error(format!("cannot export to {}: {e}", path.display())),
        }
    }

    /// Writes every epoch of every run the lab shows (not the thinned history) to `path` as
    /// `nnlab run --format csv` prints them, atomically and never overwriting; returns the
    /// rows written. The epochs are recomputed headless from the preset the runs started
    /// from and the settings the trainer accepted since, at the epochs it accepted them
    /// (runs are deterministic), and streamed to the file, so memory stays flat however many
    /// epochs were trained.
    pub fn export_to(&self, path: &Path) -> Result<u64, String> {
        // Before the trainer reported anything: the preset being loaded, at epoch 0.
        let fallback;
        let journal = match &self.store.journal {
            Some(j) => j,
            None => {
                fallback = crate::replay::Journal::new(self.preset.clone());
                &fallback
            }
        };
        let data = journal
            .preset
            .load_data()
            .map_err(|e| format!("cannot load the preset's data again: {e}"))?;
        let targets: Vec<u64> = (0..journal.preset.runs.len())
            .map(|i| self.store.latest(i).map_or(0, |m| m.epoch))
            .collect();
        let labels: Vec<&str> = journal
            .preset
            .runs
            .iter()
            .map(|r| r.label.as_str())
            .collect();
        let mut rows = 0u64;
        crate::save::write_atomic_with(path, false, |out| {
            writeln!(out, "{}", crate::export::CSV_HEADER).map_err(|e| e.to_string())?;
            journal
                .replay(&data, &targets, |run, m| {
                    rows += 1;
                    let label = labels.get(run).copied().unwrap_or_default();
                    writeln!(out, "{}", crate::export::csv_row(label, m)).map_err(|e| e.to_string())
                })
                .map_err(|e| e.to_string())
        })?;
        Ok(rows)
    }
}

impl App {
    /// Writes the chart shown (cost, or the parameters view) as an SVG figure into
    /// `export_dir` under a new name (`nnlab-PRESET-VIEW.svg`, never overwriting); the path or
    /// the error goes to the status line.
    pub fn figure(&mut self) {
        match self
            .current_figure()
            .and_then(|f| crate::plot::write_svg(&f, &self.export_dir))
        {
            Ok(path) => self.info(format!("wrote the figure to {}", path.display())),
            Err(e) => self.error(format!("cannot write the figure: {e}")),
        }
    }

    /// The figure of the chart shown, with the lab's axes (C or C/C0, linear or log), as
    /// `nnlab plot` draws it: the epochs it plots (every epoch up to 2,000, then about 2,000
    /// points) recomputed headless like the CSV export, not the lab's thinned history.
    pub fn current_figure(&self) -> Result<crate::plot::Figure, String> {
        use crate::plot::{CostAxis, Figure, Record, View};
        let fallback;
        let journal = match &self.store.journal {
            Some(j) => j,
            None => {
                fallback = crate::replay::Journal::new(self.preset.clone());
                &fallback
            }
        };
        let data = journal
            .preset
            .load_data()
            .map_err(|e| format!("cannot load the preset's data again: {e}"))?;
        let targets: Vec<u64> = (0..journal.preset.runs.len())
            .map(|i| self.store.latest(i).map_or(0, |m| m.epoch))
            .collect();
        let every = crate::plot::auto_every(self.preset.epochs);
        let mut records: Vec<Record> = self
            .preset
            .runs
            .iter()
            .enumerate()
            .map(|(i, r)| Record {
                label: r.label.clone(),
                cost: r.cost.name().to_string(),
                diverged_at: self.store.diverged.get(i).copied().flatten(),
                metrics: Vec::new(),
            })
            .collect();
        journal
            .replay(&data, &targets, |run, m| {
                if let Some(r) = records.get_mut(run) {
                    let last = targets.get(run).copied().unwrap_or(0);
                    if m.epoch % every == 0 || m.epoch == last || r.diverged_at == Some(m.epoch) {
                        r.metrics.push(m.clone());
                    }
                }
                Ok(())
            })
            .map_err(|e| e.to_string())?;
        let single = self.preset.runs.iter().all(|r| r.is_single_neuron());
        let view = if self.params_view && single {
            View::Params
        } else {
            View::Cost
        };
        let axis = if self.normalized {
            CostAxis::Ratio
        } else {
            CostAxis::Cost
        };
        let log = view == View::Cost && self.log_scale;
        Figure::from_records(
            &self.preset.name,
            self.preset.epochs,
            &records,
            view,
            axis,
            log,
        )
    }
}

/// The preset as saved to `path`: named after the file, its description saying where it came
/// from (the settings themselves are the ones in force).
pub fn saved_preset(preset: &Preset, path: &Path) -> Preset {
    let mut saved = preset.clone();
    if let Some(stem) = path.file_stem().map(|s| s.to_string_lossy().into_owned())
        && !stem.is_empty()
    {
        saved.name = stem;
    }
    if saved.name != preset.name {
        let original = preset
            .description
            .strip_prefix("Derived in the lab from ")
            .map_or(preset.description.as_str(), |_| "");
        saved.description = format!(
            "Derived in the lab from preset {:?}, with the settings in force when saved (see the runs below).{}",
            preset.name,
            if original.is_empty() {
                String::new()
            } else {
                format!(" The original: {original}")
            }
        );
    }
    saved
}

/// Writes `bytes` to `path` through a temporary file in the same directory, then renames it.
/// Without `overwrite`, an existing file is an error.
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), String> {
    crate::save::write_atomic(path, bytes, overwrite)
}
