//! Figure files: the format a path asks for, atomic writes that never go through a link, and
//! the lab's never-overwriting `g` figures.

use super::{DEFAULT_SIZE, Figure, check_size};
use std::path::{Path, PathBuf};

/// The image format a path asks for by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.svg`
    Svg,
    /// `.png`
    Png,
}

/// The format of `path` from its extension (`.svg` or `.png`, any case).
pub fn format_of(path: &Path) -> Result<Format, String> {
    match path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .as_deref()
    {
        Some("svg") => Ok(Format::Svg),
        Some("png") => Ok(Format::Png),
        _ => Err(format!(
            "{}: the file name must end in .svg or .png",
            path.display()
        )),
    }
}

/// Draws `figure` into `path` (SVG or PNG by its extension), replacing a regular file there.
/// The file is written to a temporary file in the same directory and renamed into place; a
/// symbolic link or anything but a regular file at `path` is refused.
pub fn save(figure: &Figure, path: &Path, size: (u32, u32)) -> Result<(), String> {
    let format = format_of(path)?;
    check_size(size)?;
    // Checked before drawing too, so a refused name costs no rendering.
    crate::save::check_target(path, true)?;
    let bytes = match format {
        Format::Svg => figure.svg(size)?.into_bytes(),
        Format::Png => figure.png(size)?,
    };
    crate::save::write_atomic(path, &bytes, true)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Writes `figure` as SVG ([`DEFAULT_SIZE`]) into `dir` under a new name
/// (`nnlab-PRESET-VIEW.svg`, then `-2`, `-3`, ...), never overwriting; returns the path.
/// This is what the lab's `g` key calls.
pub fn write_svg(figure: &Figure, dir: &Path) -> Result<PathBuf, String> {
    let svg = figure.svg(DEFAULT_SIZE)?;
    let base = format!(
        "nnlab-{}-{}",
        crate::save::sanitize(&figure.title),
        figure.view.name()
    );
    for k in 1..1000 {
        let name = if k == 1 {
            format!("{base}.svg")
        } else {
            format!("{base}-{k}.svg")
        };
        let path = dir.join(name);
        if std::fs::symlink_metadata(&path).is_ok() {
            continue;
        }
        match crate::save::write_atomic(&path, svg.as_bytes(), false) {
            Ok(()) => return Ok(path),
            // another writer took the name between the check and the rename: the next one
            Err(_) if std::fs::symlink_metadata(&path).is_ok() => {}
            Err(e) => return Err(format!("cannot write {}: {e}", path.display())),
        }
    }
    Err(format!(
        "{}: 999 figures named {base}*.svg already; move some away",
        dir.display()
    ))
}
