//! `nnlab presets`: the built-in presets with their descriptions and data.

use super::io_err;
use crate::preset::{BUILTIN, Preset};
use std::io::Write;

/// Lists the built-in presets, each with its description (or its first sentence) and data.
pub(super) fn list_presets(out: &mut impl Write, long: bool) -> Result<(), String> {
    let width = BUILTIN.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    for (name, _) in BUILTIN {
        let preset = Preset::builtin(name)
            .ok_or_else(|| format!("built-in {name} missing"))?
            .map_err(|e| e.to_string())?;
        let data = match preset.load_data() {
            Ok(d) => d.summary,
            Err(e) => format!("cannot load: {e}"),
        };
        writeln!(
            out,
            "{name:width$}  {}\n{:width$}  data: {data}",
            if long {
                preset.description.as_str()
            } else {
                preset.first_sentence()
            },
            ""
        )
        .map_err(io_err)?;
    }
    Ok(())
}
