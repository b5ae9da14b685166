//! `nnlab completions SHELL` and `nnlab man`: generated from the clap definitions.

use super::Cli;
use clap::CommandFactory;
use std::io::Write;
use std::path::Path;

/// Writes the completion script for `shell` to `out`.
pub fn completions(shell: clap_complete::Shell, out: &mut impl Write) -> Result<(), String> {
    let mut command = Cli::command();
    clap_complete::generate(shell, &mut command, "nnlab", out);
    out.flush().map_err(|e| format!("cannot write output: {e}"))
}

/// Writes the man page (roff) of nnlab to `out`, or with `dir`, one page per command
/// (nnlab.1, nnlab-run.1, ...) into that directory.
pub fn man(dir: Option<&Path>, out: &mut impl Write) -> Result<(), String> {
    let command = Cli::command();
    if let Some(dir) = dir {
        clap_mangen::generate_to(command, dir)
            .map_err(|e| format!("cannot write the man pages into {}: {e}", dir.display()))?;
        writeln!(out, "wrote the man pages into {}", dir.display())
    } else {
        let mut page = Vec::new();
        clap_mangen::Man::new(command)
            .render(&mut page)
            .map_err(|e| format!("cannot render the man page: {e}"))?;
        out.write_all(&page).and_then(|()| out.flush())
    }
    .map_err(|e| format!("cannot write output: {e}"))
}
