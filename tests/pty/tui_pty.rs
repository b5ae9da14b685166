//! End to end: the real binary in a pseudo-terminal, read back through a vt100 parser.

#![cfg(unix)]

use crate::support::pty as common_pty;

use common_pty::{Pty, contains, epoch_of};

#[test]
fn draws_runs_shows_help_and_quits_cleanly() {
    let mut lab = Pty::start();
    lab.wait("the panes", |t| {
        t.contains("slowdown")
            && t.contains("Parameters")
            && t.contains("Cost")
            && t.contains("Neuron")
    });
    assert_eq!(epoch_of(&lab.text()), Some(0));
    lab.send(b" ");
    lab.wait("the epoch counter to move", |t| {
        epoch_of(t).is_some_and(|e| e > 0)
    });
    lab.send(b"?");
    lab.wait("the help", |t| {
        t.contains("Keys") && t.contains("this help")
    });
    lab.send(b"x");
    lab.wait("the help to close", |t| !t.contains("this help"));
    assert!(!lab.cooked(), "the lab runs in raw mode");
    lab.send(b"q");
    let status = lab.exit_status();
    assert!(status.success(), "exit status {status:?}");
    assert!(lab.cooked(), "raw mode was left on quit");
    let raw = lab.raw();
    assert!(contains(&raw, b"\x1b[?1049l"), "left the alternate screen");
}

#[test]
fn a_panic_in_the_ui_loop_restores_the_terminal() {
    let mut lab = Pty::builder()
        .env("NNLAB_TEST_PANIC", "1")
        .env("RUST_BACKTRACE", "0")
        .start();
    lab.wait("the panes", |t| t.contains("Parameters"));
    assert!(!lab.cooked(), "the lab runs in raw mode");
    lab.send(b"\x1b[24~"); // F12
    let status = lab.exit_status();
    assert!(lab.cooked(), "raw mode was left after the panic");
    assert!(!status.success());
    let raw = lab.raw();
    let leave = raw
        .windows(8)
        .position(|w| w == b"\x1b[?1049l")
        .expect("the alternate screen was left");
    let text = String::from_utf8_lossy(&raw[leave..]);
    assert!(
        text.contains("NNLAB_TEST_PANIC"),
        "the panic report prints after the restore: {text}"
    );
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut lab = Pty::start();
    lab.wait("the panes", |t| t.contains("Parameters"));
    lab.kill("TERM");
    let _ = lab.exit_status();
    assert!(contains(&lab.raw(), b"\x1b[?1049l"));
    assert!(lab.cooked(), "raw mode was left after SIGTERM");
}

#[test]
fn without_a_terminal_it_says_so() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_nnlab"))
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run nnlab");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs a terminal"));
    assert!(out.stdout.is_empty());
}
