//! What is drawn over the tabs and takes the keys first: the help overlay and the modal states
//! (typing a value, choosing a preset, typing a path to save to).

mod picker;

pub use picker::{PresetEntry, preset_entries};

use super::editor::TextInput;
use super::keys::Action;
use super::lab::fields::Field;

/// The overlays' state.
#[derive(Debug, Clone, PartialEq)]
pub struct Overlays {
    /// A modal state.
    pub mode: Mode,
    /// The help overlay is open.
    pub help: bool,
    /// Lines of the help scrolled off its top.
    pub help_scroll: u16,
}

impl Default for Overlays {
    fn default() -> Self {
        Overlays {
            mode: Mode::Normal,
            help: false,
            help_scroll: 0,
        }
    }
}

/// What a key did to the open help overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpReply {
    /// It scrolled (or stayed).
    Scrolled,
    /// It closed.
    Closed,
    /// The key was quit.
    Quit,
}

impl Overlays {
    /// The most lines the help scrolls.
    pub const MAX_HELP_SCROLL: u16 = 80;

    /// Opens the help at its top.
    pub fn open_help(&mut self) {
        self.help = true;
        self.help_scroll = 0;
    }

    /// An action while the help is open: arrows and pages scroll it, quit quits, anything
    /// else closes it.
    pub fn help_action(&mut self, action: Option<Action>) -> HelpReply {
        let max = Self::MAX_HELP_SCROLL;
        match action {
            Some(Action::Up) => self.help_scroll = self.help_scroll.saturating_sub(1),
            Some(Action::Down) => self.help_scroll = self.help_scroll.saturating_add(1).min(max),
            Some(Action::PageUp) => self.help_scroll = self.help_scroll.saturating_sub(10),
            Some(Action::PageDown) => {
                self.help_scroll = self.help_scroll.saturating_add(10).min(max);
            }
            Some(Action::Quit) => return HelpReply::Quit,
            _ => {
                self.help = false;
                return HelpReply::Closed;
            }
        }
        HelpReply::Scrolled
    }

    /// True while a value or path is being typed (pastes go there).
    pub fn typing(&self) -> bool {
        matches!(
            self.mode,
            Mode::Edit { .. } | Mode::EditInput { .. } | Mode::Save { confirm: false, .. }
        )
    }
}

/// A modal state that takes the keys.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    /// Keys go to the bindings.
    Normal,
    /// Typing an exact value for a field of the parameter editor.
    Edit {
        /// The field.
        field: Field,
        /// The text typed so far.
        buffer: TextInput,
    },
    /// Typing an exact value for an exercise input.
    EditInput {
        /// The input's index.
        input: usize,
        /// The text typed so far.
        buffer: TextInput,
    },
    /// Choosing a preset.
    Picker {
        /// What can be opened.
        entries: Vec<PresetEntry>,
        /// The highlighted one.
        selected: usize,
    },
    /// Typing the path to save the settings to.
    Save {
        /// The path typed so far.
        buffer: TextInput,
        /// The file exists: waiting for y/n.
        confirm: bool,
    },
}
