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

    /// Exports every run's history as CSV into `export_dir`, under a fresh name.
    pub fn export(&mut self) {
        let base = format!(
            "nnlab-{}-epoch{}",
            sanitize(&self.preset.name),
            self.store.epoch
        );
        let mut path = self.export_dir.join(format!("{base}.csv"));
        let mut k = 1;
        while path.exists() && k < 1000 {
            path = self.export_dir.join(format!("{base}-{k}.csv"));
            k += 1;
        }
        let csv = self.metrics_csv();
        match write_atomic(&path, csv.as_bytes(), false) {
            Ok(()) => self.info(format!(
                "exported {} rows to {}",
                csv.lines().count().saturating_sub(1),
                path.display()
            )),
            Err(e) => self.error(format!("cannot export to {}: {e}", path.display())),
        }
    }

    /// The metrics of all runs as CSV (`run,epoch,cost,eval_cost,accuracy`).
    pub fn metrics_csv(&self) -> String {
        let mut out = String::from("run,epoch,cost,eval_cost,accuracy\n");
        for (run, h) in self.preset.runs.iter().zip(&self.store.histories) {
            let evals = h.eval_cost.points();
            let accs = h.accuracy.points();
            let find = |pts: &[(f64, f64)], e: f64| {
                pts.iter()
                    .find(|p| p.0 == e)
                    .map(|p| p.1.to_string())
                    .unwrap_or_default()
            };
            for (e, c) in h.cost.points() {
                out += &format!(
                    "{},{},{},{},{}\n",
                    csv_field(&run.label),
                    e,
                    c,
                    find(&evals, e),
                    find(&accs, e)
                );
            }
        }
        out
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

fn sanitize(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
