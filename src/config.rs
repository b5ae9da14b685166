//! nnlab's small configuration file: `config.ron` in the user's config directory
//! (`~/.config/nnlab/config.ron` on Linux), remembering the theme chosen with `--theme`.

use crate::tui::theme::ThemeKind;
use std::path::{Path, PathBuf};

/// The most bytes the file may hold (it holds a line or two).
pub const MAX_BYTES: u64 = 64 * 1024;

/// What nnlab remembers between runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The theme last chosen with `--theme`.
    #[serde(default)]
    pub theme: Option<ThemeKind>,
}

/// `config.ron` in the user's config directory, if the system has one.
pub fn path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "nnlab").map(|d| d.config_dir().join("config.ron"))
}

/// Reads the file at `path`: a missing file is the default configuration; a file that is not
/// regular, too large or malformed is an error naming it.
pub fn load(path: &Path) -> Result<Config, String> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    if !meta.is_file() {
        return Err(format!("{}: not a regular file", path.display()));
    }
    if meta.len() > MAX_BYTES {
        return Err(format!(
            "{}: {} bytes; a configuration file holds at most {MAX_BYTES}",
            path.display(),
            meta.len()
        ));
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    ron::from_str(&text).map_err(|e| {
        format!(
            "{}:{e} (expected e.g. `(theme: Some(Light))`)",
            path.display()
        )
    })
}

/// Writes `config` to `path` atomically (a temporary file renamed into place), creating its
/// directory.
pub fn save(path: &Path, config: &Config) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let text = ron::ser::to_string_pretty(config, ron::ser::PrettyConfig::default())
        .map_err(|e| format!("cannot write the configuration: {e}"))?;
    crate::save::write_atomic(path, format!("{text}\n").as_bytes(), true)
}

/// The lab's theme: `flag` (then remembered in the file at `path`), else NO_COLOR, else the
/// remembered one, else dark. A file that cannot be read or written gives a warning, never an
/// error: the theme is not worth refusing to start over.
pub fn choose_theme(
    flag: Option<ThemeKind>,
    no_color: bool,
    path: Option<&Path>,
    warn: &mut dyn FnMut(String),
) -> ThemeKind {
    let mut config = match path.map(load) {
        Some(Ok(c)) => c,
        Some(Err(e)) => {
            warn(format!("ignoring the configuration file: {e}"));
            Config::default()
        }
        None => Config::default(),
    };
    let kind = crate::tui::theme::resolve(flag, no_color, config.theme);
    if let (Some(kind), Some(path)) = (flag, path)
        && config.theme != Some(kind)
    {
        config.theme = Some(kind);
        if let Err(e) = save(path, &config) {
            warn(format!("cannot remember the theme: {e}"));
        }
    }
    kind
}
