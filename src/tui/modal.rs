//! The modals' keys: the preset picker and the save prompt (the help overlay only scrolls).

use super::app::{App, Mode};
use super::editor::TextInput;
use crate::preset::{BUILTIN, Preset};
use crate::trainer::Command;
use crossterm::event::{KeyCode, KeyEvent};
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

impl App {
    pub(super) fn picker_key(&mut self, key: KeyEvent, entries: Vec<PresetEntry>, selected: usize) {
        let n = entries.len();
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('p') => self.mode = Mode::Normal,
            KeyCode::Up | KeyCode::Char('k') => {
                self.mode = Mode::Picker {
                    entries,
                    selected: selected.saturating_sub(1),
                }
            }
            KeyCode::Down | KeyCode::Char('j') => {
                self.mode = Mode::Picker {
                    entries,
                    selected: (selected + 1).min(n.saturating_sub(1)),
                }
            }
            KeyCode::Enter => {
                self.mode = Mode::Normal;
                if let Some(entry) = entries.get(selected) {
                    self.load(&entry.source);
                }
            }
            _ => self.mode = Mode::Picker { entries, selected },
        }
    }

    /// Loads a preset by name or path; on error keeps the current one and says why.
    pub fn load(&mut self, source: &str) {
        match Preset::load(source) {
            Ok(p) => {
                self.info(format!("loading preset {:?}", p.name));
                self.outbox.push(Command::Load(Box::new(p)));
            }
            Err(e) => self.error(format!("{e}; keeping preset {:?}", self.preset.name)),
        }
    }

    pub(super) fn save_key(&mut self, key: KeyEvent, buffer: TextInput, confirm: bool) {
        if confirm {
            match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => {
                    self.mode = Mode::Normal;
                    self.save(&crate::save::expand_tilde(buffer.text().trim()), true);
                }
                _ => {
                    self.mode = Mode::Save {
                        buffer,
                        confirm: false,
                    };
                    self.info("not overwritten; edit the path or Esc");
                }
            }
            return;
        }
        if let Some(buffer) = self.text_key(key, buffer.clone()) {
            self.mode = Mode::Save {
                buffer,
                confirm: false,
            };
        } else if key.code == KeyCode::Enter {
            let path = crate::save::expand_tilde(buffer.text().trim());
            if path.exists() {
                self.mode = Mode::Save {
                    buffer,
                    confirm: true,
                };
            } else {
                self.mode = Mode::Normal;
                self.save(&path, false);
            }
        }
    }
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
