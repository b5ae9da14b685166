//! The learner's progress through a tour, kept in a small RON file.

use super::{Given, Tour};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The learner's progress through one tour.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Progress {
    /// The step shown last (0-based).
    pub current: usize,
    /// Per step id.
    pub steps: BTreeMap<String, StepProgress>,
}

/// What the learner did at one step.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StepProgress {
    /// The step was completed (its judgement seen, or moved past without a question).
    pub done: bool,
    /// The prediction given.
    pub answer: Option<Given>,
    /// Whether the prediction was right, once judged.
    pub right: Option<bool>,
}

/// The largest progress file read; a larger one is treated as corrupt.
const MAX_PROGRESS_BYTES: u64 = 1 << 20;

impl Progress {
    /// The progress file of tour `name` inside `data_dir`.
    pub fn path(data_dir: &Path, name: &str) -> PathBuf {
        let safe: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        data_dir.join(format!("tour-{safe}.progress.ron"))
    }

    /// Reads progress; a missing file is a fresh start, a corrupt one is reported (the second
    /// value) and ignored.
    pub fn load(path: &Path) -> (Progress, Option<String>) {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return (Progress::default(), None);
            }
            Err(e) => {
                return (
                    Progress::default(),
                    Some(format!(
                        "{}: cannot read progress ({e}); starting afresh",
                        path.display()
                    )),
                );
            }
        };
        let bad = |why: String| {
            (
                Progress::default(),
                Some(format!(
                    "{}: progress file ignored ({why}); starting afresh",
                    path.display()
                )),
            )
        };
        if !meta.is_file() || meta.len() > MAX_PROGRESS_BYTES {
            return bad("not a regular file of at most 1 MiB".into());
        }
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => return bad(e.to_string()),
        };
        match ron::from_str::<Progress>(&text) {
            Ok(p) => (p, None),
            Err(e) => bad(format!(
                "{}:{}: {}",
                e.span.start.line, e.span.start.col, e.code
            )),
        }
    }

    /// Writes progress atomically: a temporary file in the same directory, then a rename.
    pub fn save(&self, path: &Path) -> Result<(), String> {
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .map_err(|e| e.to_string())?;
        let tmp = dir.join(format!(
            ".{}.{}.tmp",
            path.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("progress"),
            std::process::id()
        ));
        // A fresh file (never through a leftover file or symlink of that name).
        let _ = std::fs::remove_file(&tmp);
        let write = || -> std::io::Result<()> {
            use std::io::Write;
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp)?;
            f.write_all(text.as_bytes())?;
            f.sync_all()
        };
        write().map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
        std::fs::rename(&tmp, path).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            format!("cannot write {}: {e}", path.display())
        })
    }

    /// The step's record (created if missing).
    pub fn step_mut(&mut self, id: &str) -> &mut StepProgress {
        self.steps.entry(id.to_string()).or_default()
    }

    /// Steps of `tour` marked done.
    pub fn done_count(&self, tour: &Tour) -> usize {
        tour.steps
            .iter()
            .filter(|s| self.steps.get(&s.id).is_some_and(|p| p.done))
            .count()
    }
}
