//! End to end: the real binary in a pseudo-terminal, read back through a vt100 parser.

#![cfg(unix)]

use nix::sys::termios::LocalFlags;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Lab {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    master: Box<dyn MasterPty + Send>,
    _dir: tempfile::TempDir,
}

impl Lab {
    fn start(envs: &[(&str, &str)]) -> Lab {
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
        for (k, v) in envs {
            cmd.env(k, v);
        }
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
            writer,
            screen,
            raw,
            master: pair.master,
            _dir: dir,
        }
    }

    /// True when the terminal is in cooked mode (line editing and echo on), false in raw mode.
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

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write");
        self.writer.flush().expect("flush");
    }

    fn exit_status(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        panic!("nnlab did not exit; screen:\n{}", self.text());
    }

    fn raw(&self) -> Vec<u8> {
        // Give the reader thread a moment to drain what the process wrote last.
        std::thread::sleep(Duration::from_millis(300));
        self.raw.lock().expect("raw").clone()
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        // A failed test must not leave the lab running.
        let _ = self.child.kill();
    }
}

fn epoch_of(text: &str) -> Option<u64> {
    let i = text.find("epoch ")?;
    let rest = &text[i + 6..];
    rest.split('/').next()?.trim().parse().ok()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn draws_runs_shows_help_and_quits_cleanly() {
    let mut lab = Lab::start(&[]);
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
    let mut lab = Lab::start(&[("NNLAB_TEST_PANIC", "1"), ("RUST_BACKTRACE", "0")]);
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
    let mut lab = Lab::start(&[]);
    lab.wait("the panes", |t| t.contains("Parameters"));
    let pid = lab.child.process_id().expect("pid");
    let ok = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(ok.success());
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
