//! Hardening in a pseudo-terminal: input bursts and signals, on the real binary.

#![cfg(unix)]

use crate::support::pty as common_pty;

use common_pty::{Pty, contains};
use std::time::{Duration, Instant};

/// The restored terminal: cooked mode, main screen, cursor shown.
fn assert_restored(lab: &Pty, raw: &[u8], how: &str) {
    assert!(lab.cooked(), "raw mode was left after {how}");
    let leave = raw
        .windows(8)
        .rposition(|w| w == b"\x1b[?1049l")
        .unwrap_or_else(|| panic!("the alternate screen was not left after {how}"));
    assert!(
        contains(&raw[leave..], b"\x1b[?25h") || contains(&raw[..leave], b"\x1b[?25h"),
        "the cursor was not shown again after {how}"
    );
}

/// Item 1: paste 80 KB while the lab is stopped, resume it, then `q` must quit within a second
/// of the burst being written (before the fix the lab never quit: 3 of 3 tries).
fn burst_then_quit(payload: Vec<u8>) {
    let mut lab = Pty::start();
    lab.wait("the panes", |t| t.contains("Parameters"));
    lab.kill("STOP");
    lab.wait_until("the lab to stop", |l| l.proc_state() == Some('T'));
    let writer = lab.send_in_background(payload);
    std::thread::sleep(Duration::from_millis(300));
    lab.kill("CONT");
    // The whole burst reaches the lab only if it drains its input.
    let start = Instant::now();
    while !writer.is_finished() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the lab stopped reading its input: the burst is stuck in the pty"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    eprintln!("burst drained {:?} after SIGCONT", start.elapsed());
    lab.give_writer(writer.join().expect("writer thread"));
    lab.send(b"q");
    let status = lab.exit_within(Duration::from_secs(3));
    assert!(
        status.is_some(),
        "q was ignored after the burst; screen:\n{}",
        lab.text()
    );
    assert!(lab.cooked());
}

#[test]
fn q_quits_after_a_bracketed_paste_of_80_kb_into_a_stopped_lab() {
    let mut payload = b"\x1b[200~".to_vec();
    payload.extend(std::iter::repeat_n(b"0123456789", 8_000).flatten());
    payload.extend_from_slice(b"\x1b[201~");
    burst_then_quit(payload);
}

#[test]
fn q_quits_after_80_kb_of_plain_keys_into_a_stopped_lab() {
    // A terminal without bracketed paste sends the text as keys; x is bound to nothing.
    burst_then_quit(vec![b'x'; 80_000]);
}

#[test]
fn a_3_kb_burst_does_not_delay_the_next_key() {
    let mut lab = Pty::start();
    lab.wait("the panes", |t| t.contains("Parameters"));
    lab.send(&[b'x'; 3_000]);
    lab.send(b"?");
    // Before the fix, ? waited for 4-7 more keys; now it shows without another key.
    lab.wait("the help after the burst", |t| t.contains("this help"));
    lab.send(b"q");
    lab.send(b"q");
    assert!(lab.exit_within(Duration::from_secs(10)).is_some());
}

#[test]
fn a_paste_into_the_value_editor_is_cut_and_fires_no_bindings() {
    let mut lab = Pty::start();
    lab.wait("the panes", |t| t.contains("Parameters"));
    // Tab focuses the editor (the lab opens on the chart); Enter opens the value entry on the
    // selected field (a weight of the slowdown neuron).
    lab.send(b"\t");
    lab.wait("the editor focused", |t| t.contains("nudge"));
    lab.send(b"\r");
    lab.wait("the value entry", |t| t.contains("apply"));
    let mut payload = b"\x1b[200~".to_vec();
    payload.extend(std::iter::repeat_n(b'q', 50_000));
    payload.extend_from_slice(b"\x1b[201~");
    lab.send(&payload);
    // The paste has reached the editor (and it has drawn since) before the lab is looked at.
    lab.wait("the cut paste", |t| t.contains("qqqq"));
    lab.settle(Duration::from_secs(2));
    assert!(lab.alive(), "a pasted q quit the lab");
    assert!(
        !lab.text().contains(&"q".repeat(300)),
        "the paste was not cut"
    );
    lab.send(b"\x1b");
    // Esc closed the editor before q is sent (an Esc read together with q would be Alt-q).
    lab.wait("the editor closed", |t| !t.contains("qqqq"));
    lab.send(b"q");
    assert!(lab.exit_within(Duration::from_secs(10)).is_some());
}

/// Item 7: every terminating signal restores the terminal and exits with 128 + its number.
fn signal_restores_and_exits(name: &str, number: u32) {
    let mut lab = Pty::start();
    lab.wait("the panes", |t| t.contains("Parameters"));
    assert!(!lab.cooked(), "the lab runs in raw mode");
    lab.kill(name);
    let status = lab
        .exit_within(Duration::from_secs(10))
        .unwrap_or_else(|| panic!("SIG{name} did not end the lab"));
    assert_eq!(
        status.exit_code(),
        128 + number,
        "exit code after SIG{name}"
    );
    let raw = lab.raw();
    assert_restored(&lab, &raw, &format!("SIG{name}"));
}

#[test]
fn sigint_restores_and_exits_130() {
    signal_restores_and_exits("INT", 2);
}

#[test]
fn sigquit_restores_and_exits_131() {
    signal_restores_and_exits("QUIT", 3);
}

#[test]
fn sigterm_restores_and_exits_143() {
    signal_restores_and_exits("TERM", 15);
}

#[test]
fn sighup_restores_and_exits_129() {
    signal_restores_and_exits("HUP", 1);
}

#[test]
fn sigusr1_restores_and_exits_138() {
    signal_restores_and_exits("USR1", 10);
}

fn suspend_and_resume(suspend: impl Fn(&mut Pty)) {
    let mut lab = Pty::start();
    lab.wait("the panes", |t| t.contains("Parameters"));
    assert!(!lab.cooked());
    suspend(&mut lab);
    lab.wait_until("the lab to stop", |l| l.proc_state() == Some('T'));
    assert!(
        lab.cooked(),
        "the terminal is cooked while the lab is stopped"
    );
    let before = lab.raw().len();
    lab.kill("CONT");
    lab.wait_until("raw mode again after SIGCONT", |l| !l.cooked());
    lab.wait_until("a redraw after SIGCONT", |l| {
        let raw = l.raw_now();
        contains(&raw[before..], b"\x1b[?1049h") && contains(&raw[before..], b"Parameters")
    });
    // Still alive and answering keys.
    lab.send(b"?");
    lab.wait("the help after resuming", |t| t.contains("this help"));
    lab.send(b"q");
    lab.send(b"q");
    let status = lab.exit_within(Duration::from_secs(10)).expect("exit");
    assert!(status.success());
    assert!(lab.cooked());
}

#[test]
fn ctrl_z_suspends_and_sigcont_resumes() {
    suspend_and_resume(|lab| lab.send(b"\x1a"));
}

#[test]
fn sigtstp_suspends_and_sigcont_resumes() {
    suspend_and_resume(|lab| lab.kill("TSTP"));
}
