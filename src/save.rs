//! Writing files the user keeps: saved presets and exported CSV, and where the data directory
//! and a tour's progress file are. Atomic (a temporary file in
//! the same directory, renamed), with the usual mode (0666 under the umask, 0644 typically; an
//! overwritten file keeps its own), and presets whose data paths load from anywhere.

use crate::data::DataSpec;
use crate::preset::Preset;
use crate::tour::{Progress, Tour};
use std::path::{Path, PathBuf};

/// nnlab's data directory (`$XDG_DATA_HOME/nnlab` on Linux).
pub fn data_dir() -> Result<PathBuf, String> {
    directories::ProjectDirs::from("", "", "nnlab")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| "cannot find a data directory (is HOME set?)".to_string())
}

/// The progress file of `tour` in the data directory (what the lab saves and `nnlab tour
/// --reset` removes).
pub fn tour_progress_path(tour: &Tour) -> Result<PathBuf, String> {
    Ok(Progress::path(&data_dir()?, &tour.name))
}

/// `~` and `~/...` mean the home directory, as in a shell; anything else is unchanged.
pub fn expand_tilde(typed: &str) -> PathBuf {
    let home = || directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf());
    if typed == "~" {
        if let Some(h) = home() {
            return h;
        }
    } else if let Some(rest) = typed.strip_prefix("~/")
        && let Some(h) = home()
    {
        return h.join(rest);
    }
    PathBuf::from(typed)
}

/// The preset as it should be written to `target`: its data path (a CSV file, an MNIST
/// directory) relative to `target`'s directory when the data lies under it, absolute otherwise,
/// so the saved file loads the same data from any working directory.
pub fn preset_for(preset: &Preset, target: &Path) -> Preset {
    let mut p = preset.clone();
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir = real(dir);
    let fix = |path: &mut PathBuf| {
        let abs = real(path);
        *path = match abs.strip_prefix(&dir) {
            Ok(rel) if !rel.as_os_str().is_empty() => rel.to_path_buf(),
            _ => abs,
        };
    };
    match &mut p.data {
        DataSpec::Mnist { dir: Some(d), .. } => fix(d),
        DataSpec::Csv { path, .. } => fix(path),
        _ => {}
    }
    p
}

/// An absolute path without symlinks when it exists, absolute as written otherwise.
fn real(path: &Path) -> PathBuf {
    path.canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Writes `bytes` to `path` through a temporary file in the same directory, then renames it.
/// Without `overwrite`, an existing file is an error. A new file gets mode 0666 under the
/// umask; an overwritten one keeps its mode. Never through a symbolic link, and never over
/// anything but a regular file ([`check_target`]).
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), String> {
    write_atomic_with(path, overwrite, |w| {
        std::io::Write::write_all(w, bytes).map_err(|e| e.to_string())
    })
}

/// Like [`write_atomic`], the content streamed by `fill` into the temporary file (through a
/// buffer), so a large file never sits whole in memory; if `fill` fails, nothing is left
/// behind and `path` is untouched.
pub fn write_atomic_with(
    path: &Path,
    overwrite: bool,
    fill: impl FnOnce(&mut dyn std::io::Write) -> Result<(), String>,
) -> Result<(), String> {
    use std::io::Write;
    check_target(path, overwrite)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Passed to open(2), so the umask applies, as for any new file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(|e| e.to_string())?;
    if overwrite && let Ok(old) = std::fs::metadata(path) {
        // fchmod: exactly the old mode, whatever the umask.
        tmp.as_file()
            .set_permissions(old.permissions())
            .map_err(|e| e.to_string())?;
    }
    {
        let mut buffered = std::io::BufWriter::new(tmp.as_file_mut());
        fill(&mut buffered)?;
        buffered.flush().map_err(|e| e.to_string())?;
    }
    if overwrite {
        tmp.persist(path).map_err(|e| e.error.to_string())?;
    } else {
        tmp.persist_noclobber(path)
            .map_err(|e| e.error.to_string())?;
    }
    Ok(())
}

/// Refuses a symbolic link, a directory or any non-regular file at `path`, and an existing
/// file unless `overwrite`.
pub fn check_target(path: &Path, overwrite: bool) -> Result<(), String> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(format!(
            "{}: is a symbolic link; nnlab does not write through links (remove it or pick another name)",
            path.display()
        )),
        Ok(meta) if !meta.is_file() => Err(format!(
            "{}: exists and is not a regular file",
            path.display()
        )),
        Ok(_) if !overwrite => Err(format!("{}: exists", path.display())),
        _ => Ok(()),
    }
}

/// The user's presets directory (`$XDG_DATA_HOME/nnlab/presets` or the platform's equivalent).
pub fn user_presets_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "nnlab").map(|d| d.data_dir().join("presets"))
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

/// `name` as a safe part of a file name: letters, digits, `-` and `_` kept, anything else `_`.
pub fn sanitize(name: &str) -> String {
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
