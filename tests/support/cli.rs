//! The `nnlab` binary run as a process, for the command-line tests: its output whole, or as
//! (success, stdout, stderr), or as (exit code, stdout, stderr).

use std::process::{Command, Output};

/// Runs `nnlab ARGS` to completion.
pub fn output(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nnlab"))
        .args(args)
        .output()
        .expect("run nnlab")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `nnlab ARGS`: whether it succeeded, its stdout and its stderr.
pub fn nnlab(args: &[&str]) -> (bool, String, String) {
    let out = output(args);
    (out.status.success(), text(&out.stdout), text(&out.stderr))
}

/// `nnlab ARGS`: its exit code (-1 when a signal ended it), its stdout and its stderr.
pub fn nnlab_code(args: &[&str]) -> (i32, String, String) {
    let out = output(args);
    (
        out.status.code().unwrap_or(-1),
        text(&out.stdout),
        text(&out.stderr),
    )
}
