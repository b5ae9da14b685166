//! `nnlab check`: validates a preset file.

use super::io_err;
use crate::preset::Preset;
use crate::run::session::Session;
use std::io::Write;

/// Loads the preset and builds its session, reporting what it holds or why it is bad.
pub(super) fn check(file: &str, out: &mut impl Write) -> Result<(), String> {
    let preset = Preset::load(file).map_err(|e| e.to_string())?;
    let session = Session::new(preset).map_err(|e| format!("{file}: {e}"))?;
    writeln!(
        out,
        "{file}: ok: preset {:?}, {} run{}, {} epochs, data: {}",
        session.preset.name,
        session.runs.len(),
        if session.runs.len() == 1 { "" } else { "s" },
        session.preset.epochs,
        session.data.summary
    )
    .map_err(io_err)
}
