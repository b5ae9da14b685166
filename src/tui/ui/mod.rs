//! The lab's UI configuration: the theme, the chart markers, the pace and where files go.
//! Set at start (from the command line and the remembered configuration) and by a few keys.

use super::theme::{Theme, ThemeKind};
use crate::trainer::{DEFAULT_PACE, PACES, Pace};
use std::path::PathBuf;

/// The UI configuration.
#[derive(Debug, Clone)]
pub struct UiConfig {
    /// The theme every pane draws with (a value: nothing global).
    pub theme: ThemeKind,
    /// ASCII markers instead of braille.
    pub ascii: bool,
    /// Index into [`PACES`].
    pub pace: usize,
    /// Where `s` proposes to save presets.
    pub save_dir: PathBuf,
    /// Where `e` writes CSV files.
    pub export_dir: PathBuf,
    /// Enables the test-only panic key.
    pub test_panic: bool,
}

impl UiConfig {
    /// The defaults: dark theme, the default pace, presets saved to `save_dir`.
    pub fn new(ascii: bool, save_dir: PathBuf) -> UiConfig {
        UiConfig {
            theme: ThemeKind::Dark,
            ascii,
            pace: DEFAULT_PACE,
            save_dir,
            export_dir: PathBuf::from("."),
            test_panic: false,
        }
    }

    /// The theme's styles.
    pub fn theme(&self) -> &'static Theme {
        self.theme.theme()
    }

    /// The pace in force.
    pub fn pace(&self) -> Pace {
        PACES[self.pace.min(PACES.len() - 1)]
    }

    /// The pace in words for the status line: "60 epochs/s" or "unthrottled".
    pub fn pace_words(&self) -> String {
        match self.pace() {
            Pace::PerSecond(r) => format!("{r} epochs/s"),
            Pace::Unthrottled => "unthrottled".to_string(),
        }
    }

    /// The pace for the header: "60" or "max".
    pub fn pace_label(&self) -> String {
        match self.pace() {
            Pace::PerSecond(r) => format!("{r}"),
            Pace::Unthrottled => "max".to_string(),
        }
    }
}
