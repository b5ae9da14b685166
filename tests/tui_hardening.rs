//! Issue 11 in a pseudo-terminal: input bursts (item 1) and signals (item 7), on the real binary.

#![cfg(unix)]

use nix::sys::termios::LocalFlags;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Lab {
    child: Box<dyn Child + Send + Sync>,
    writer: Option<Box<dyn Write + Send>>,
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    master: Box<dyn MasterPty + Send>,
    _dir: tempfile::TempDir,
}

impl Lab {
    fn start() -> Lab {
        let (rows, cols) = (40, 130);
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let dir = tempfile::tempdir().expect("tempdir");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_nnlab"));
        cmd.cwd(dir.path());
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", dir.path());
        cmd.env("XDG_DATA_HOME", dir.path());
        let child = pair.slave.spawn_command(cmd).expect("spawn nnlab");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (s, r) = (Arc::clone(&screen), Arc::clone(&raw));
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut p) = s.lock() {
                    p.process(&buf[..n]);
                }
                if let Ok(mut v) = r.lock() {
                    v.extend_from_slice(&buf[..n]);
                }
            }
        });
        Lab {
            child,
            writer: Some(writer),
            screen,
            raw,
            master: pair.master,
            _dir: dir,
        }
    }

    fn cooked(&self) -> bool {
        let termios = self.master.get_termios().expect("termios of the pty");
        termios
            .local_flags
            .contains(LocalFlags::ICANON | LocalFlags::ECHO)
    }

    fn text(&self) -> String {
        self.screen.lock().expect("screen").screen().contents()
    }

    /// Waits (a generous safety net, not a timing check) until the screen satisfies `f`.
    fn wait(&self, what: &str, f: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if f(&self.text()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("timed out waiting for {what}; screen:\n{}", self.text());
    }

    fn wait_for(&self, what: &str, f: impl Fn(&Lab) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if f(self) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("timed out waiting for {what}; screen:\n{}", self.text());
    }

    fn send(&mut self, bytes: &[u8]) {
        let w = self.writer.as_mut().expect("writer");
        w.write_all(bytes).expect("write");
        w.flush().expect("flush");
    }

    /// Writes `bytes` from another thread (the pty's input queue holds ~4 KB while nobody
    /// reads, so a big write blocks like a terminal emulator pasting into a stopped program).
    fn send_in_background(
        &mut self,
        bytes: Vec<u8>,
    ) -> std::thread::JoinHandle<Box<dyn Write + Send>> {
        let mut w = self.writer.take().expect("writer");
        std::thread::spawn(move || {
            let _ = w.write_all(&bytes);
            let _ = w.flush();
            w
        })
    }

    fn pid(&self) -> String {
        self.child.process_id().expect("pid").to_string()
    }

    fn kill(&self, signal: &str) {
        let ok = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &self.pid()])
            .status()
            .expect("kill");
        assert!(ok.success());
    }

    /// The process state letter from /proc (T: stopped).
    fn proc_state(&self) -> Option<char> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid())).ok()?;
        let after = stat.rsplit_once(')')?.1;
        after.trim_start().chars().next()
    }

    fn exit_within(&mut self, limit: Duration) -> Option<portable_pty::ExitStatus> {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    fn raw(&self) -> Vec<u8> {
        std::thread::sleep(Duration::from_millis(300));
        self.raw.lock().expect("raw").clone()
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The restored terminal: cooked mode, main screen, cursor shown.
fn assert_restored(lab: &Lab, raw: &[u8], how: &str) {
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
    let mut lab = Lab::start();
    lab.wait("the panes", |t| t.contains("Parameters"));
    lab.kill("STOP");
    lab.wait_for("the lab to stop", |l| l.proc_state() == Some('T'));
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
    lab.writer = Some(writer.join().expect("writer thread"));
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
    let mut lab = Lab::start();
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
    let mut lab = Lab::start();
    lab.wait("the panes", |t| t.contains("Parameters"));
    // Enter opens the editor on the selected field (a weight of the slowdown neuron).
    lab.send(b"\r");
    lab.wait("the editor", |t| t.contains("Enter"));
    let mut payload = b"\x1b[200~".to_vec();
    payload.extend(std::iter::repeat_n(b'q', 50_000));
    payload.extend_from_slice(b"\x1b[201~");
    lab.send(&payload);
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        lab.child.try_wait().expect("try_wait").is_none(),
        "a pasted q quit the lab"
    );
    lab.wait("the cut paste", |t| t.contains("qqqq"));
    assert!(
        !lab.text().contains(&"q".repeat(300)),
        "the paste was not cut"
    );
    lab.send(b"\x1b");
    std::thread::sleep(Duration::from_millis(200));
    lab.send(b"q");
    assert!(lab.exit_within(Duration::from_secs(10)).is_some());
}

/// Item 7: every terminating signal restores the terminal and exits with 128 + its number.
fn signal_restores_and_exits(name: &str, number: u32) {
    let mut lab = Lab::start();
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

fn suspend_and_resume(suspend: impl Fn(&mut Lab)) {
    let mut lab = Lab::start();
    lab.wait("the panes", |t| t.contains("Parameters"));
    assert!(!lab.cooked());
    suspend(&mut lab);
    lab.wait_for("the lab to stop", |l| l.proc_state() == Some('T'));
    assert!(
        lab.cooked(),
        "the terminal is cooked while the lab is stopped"
    );
    let before = lab.raw().len();
    lab.kill("CONT");
    lab.wait_for("raw mode again after SIGCONT", |l| !l.cooked());
    lab.wait_for("a redraw after SIGCONT", |l| {
        let raw = l.raw.lock().expect("raw");
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
