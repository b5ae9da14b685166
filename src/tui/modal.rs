//! The modals' keys: the preset picker and the save prompt (the help overlay only scrolls).

use super::app::{App, Mode, PresetEntry};
use super::editor::TextInput;
use crate::preset::Preset;
use crate::trainer::Command;
use crossterm::event::{KeyCode, KeyEvent};

impl App {
    pub(super) fn picker_key(&mut self, key: KeyEvent, entries: Vec<PresetEntry>, selected: usize) {
        let n = entries.len();
        match key.code {
            KeyCode::Esc | KeyCode::Char('q' | 'p') => {
                self.overlay.mode = Mode::Normal;
            }
            KeyCode::Up | KeyCode::Char('k') => {
                self.overlay.mode = Mode::Picker {
                    entries,
                    selected: selected.saturating_sub(1),
                }
            }
            KeyCode::Down | KeyCode::Char('j') => {
                self.overlay.mode = Mode::Picker {
                    entries,
                    selected: (selected + 1).min(n.saturating_sub(1)),
                }
            }
            KeyCode::Enter => {
                self.overlay.mode = Mode::Normal;
                if let Some(entry) = entries.get(selected) {
                    self.load(&entry.source);
                }
            }
            _ => self.overlay.mode = Mode::Picker { entries, selected },
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
            if let KeyCode::Char('y' | 'Y') = key.code {
                self.overlay.mode = Mode::Normal;
                self.save(&crate::save::expand_tilde(buffer.text().trim()), true);
            } else {
                self.overlay.mode = Mode::Save {
                    buffer,
                    confirm: false,
                };
                self.info("not overwritten; edit the path or Esc");
            }
            return;
        }
        if let Some(buffer) = self.text_key(key, buffer.clone()) {
            self.overlay.mode = Mode::Save {
                buffer,
                confirm: false,
            };
        } else if key.code == KeyCode::Enter {
            let path = crate::save::expand_tilde(buffer.text().trim());
            if path.exists() {
                self.overlay.mode = Mode::Save {
                    buffer,
                    confirm: true,
                };
            } else {
                self.overlay.mode = Mode::Normal;
                self.save(&path, false);
            }
        }
    }
}
