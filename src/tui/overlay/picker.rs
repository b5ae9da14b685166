//! The preset picker's list: the built-in presets, `./presets/*.ron` and the user's directory,
//! each with its description (or why it cannot be opened).

use crate::preset::{BUILTIN, Preset};
use std::path::{Path, PathBuf};

/// A preset the picker can open.
#[derive(Debug, Clone, PartialEq)]
pub struct PresetEntry {
    /// Name shown.
    pub name: String,
    /// Where it is from: "built-in", "./presets", or the user's directory.
    pub origin: String,
    /// What to pass to `Preset::load`.
    pub source: String,
    /// The preset's description (or why it cannot be read).
    pub description: String,
}

/// The presets the picker lists: built-ins, `./presets/*.ron`, and the user's directory.
pub fn preset_entries(user_dir: &Path) -> Vec<PresetEntry> {
    let mut out: Vec<PresetEntry> = BUILTIN
        .iter()
        .map(|(name, _)| PresetEntry {
            name: (*name).to_string(),
            origin: "built-in".into(),
            source: (*name).to_string(),
            description: describe(name),
        })
        .collect();
    for (dir, origin) in [
        (PathBuf::from("presets"), "./presets".to_string()),
        (user_dir.to_path_buf(), user_dir.display().to_string()),
    ] {
        let Ok(read) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = read
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ron"))
            .collect();
        files.sort();
        for path in files {
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let source = path.display().to_string();
            out.push(PresetEntry {
                name,
                origin: origin.clone(),
                description: describe(&source),
                source,
            });
        }
    }
    out
}

/// A preset's description for the picker, or why it cannot be opened.
fn describe(source: &str) -> String {
    match Preset::load(source) {
        Ok(p) => p.description,
        Err(e) => format!("cannot be opened: {e}"),
    }
}
