//! The real `nnlab` binary in a pseudo-terminal, read back through a vt100 parser: the one
//! Harness of the PTY tests (tui_pty, tui_hardening, tour_pty, theme).
//!
//! Made for a loaded machine: every wait is on a condition (text on the screen, the process's
//! State, output gone quiet) with a generous timeout that is a safety net, never a timing check.
//! A test that needs a key to land before the next one waits for the key's effect on the screen
//! ([`Pty::wait`]) rather than sleeping.
#![allow(dead_code)]

use nix::sys::termios::LocalFlags;
use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How often a wait looks again.
const POLL: Duration = Duration::from_millis(20);

/// Output quiet for this long counts as settled (the lab redraws at least every frame while
/// something changes).
const QUIET: Duration = Duration::from_millis(250);

/// What the reader thread collects from the terminal.
struct Output {
    screen: vt100::Parser,
    raw: Vec<u8>,
    last: Instant,
    eof: bool,
}

/// How to start the lab: terminal size, arguments, environment, its data folder, the waits'
/// timeout and the delay after each key.
pub struct PtyBuilder {
    rows: u16,
    cols: u16,
    args: Vec<String>,
    envs: Vec<(String, String)>,
    dir: Option<PathBuf>,
    timeout: Duration,
    key_delay: Duration,
}

impl Default for PtyBuilder {
    fn default() -> Self {
        PtyBuilder {
            rows: 40,
            cols: 130,
            args: Vec::new(),
            envs: Vec::new(),
            dir: None,
            timeout: Duration::from_secs(60),
            key_delay: Duration::ZERO,
        }
    }
}

impl PtyBuilder {
    /// The terminal's size (default 40 rows by 130 columns).
    pub fn size(mut self, rows: u16, cols: u16) -> Self {
        (self.rows, self.cols) = (rows, cols);
        self
    }

    /// Command-line arguments of `nnlab`.
    pub fn args(mut self, args: &[&str]) -> Self {
        self.args
            .extend(args.iter().map(std::string::ToString::to_string));
        self
    }

    /// One more environment variable.
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.envs.push((key.to_string(), value.to_string()));
        self
    }

    /// The working directory, HOME and XDG folders (default: a fresh temporary folder that
    /// lives as long as the [`Pty`]).
    pub fn dir(mut self, dir: &Path) -> Self {
        self.dir = Some(dir.to_path_buf());
        self
    }

    /// How long a wait may take before the test fails (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// A pause after every [`Pty::send`] (default none).
    pub fn key_delay(mut self, delay: Duration) -> Self {
        self.key_delay = delay;
        self
    }

    /// Spawns `nnlab` in a new pseudo-terminal.
    pub fn start(self) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: self.rows,
                cols: self.cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let (dir, temp) = if let Some(d) = self.dir {
            (d, None)
        } else {
            let t = tempfile::tempdir().expect("tempdir");
            (t.path().to_path_buf(), Some(t))
        };
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_nnlab"));
        cmd.args(&self.args);
        cmd.cwd(&dir);
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", &dir);
        cmd.env("XDG_CONFIG_HOME", &dir);
        cmd.env("XDG_DATA_HOME", &dir);
        for (k, v) in &self.envs {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn nnlab");
        // Only the child holds the slave now, so the reader sees the end when it exits.
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let out = Arc::new(Mutex::new(Output {
            screen: vt100::Parser::new(self.rows, self.cols, 0),
            raw: Vec::new(),
            last: Instant::now(),
            eof: false,
        }));
        let o = Arc::clone(&out);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                let n = reader.read(&mut buf).unwrap_or(0);
                let Ok(mut o) = o.lock() else { break };
                if n == 0 {
                    o.eof = true;
                    break;
                }
                o.screen.process(&buf[..n]);
                o.raw.extend_from_slice(&buf[..n]);
                o.last = Instant::now();
            }
        });
        Pty {
            child,
            writer: Some(writer),
            out,
            master: pair.master,
            dir,
            _temp: temp,
            timeout: self.timeout,
            key_delay: self.key_delay,
        }
    }
}

/// A running `nnlab` in a pseudo-terminal. Dropping it kills the process.
pub struct Pty {
    child: Box<dyn Child + Send + Sync>,
    writer: Option<Box<dyn Write + Send>>,
    out: Arc<Mutex<Output>>,
    master: Box<dyn MasterPty + Send>,
    dir: PathBuf,
    _temp: Option<tempfile::TempDir>,
    timeout: Duration,
    key_delay: Duration,
}

impl Pty {
    /// The options, from their defaults.
    pub fn builder() -> PtyBuilder {
        PtyBuilder::default()
    }

    /// `nnlab` with no arguments in a 40x130 terminal and a fresh folder.
    pub fn start() -> Pty {
        Pty::builder().start()
    }

    fn out(&self) -> MutexGuard<'_, Output> {
        self.out
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The folder the lab runs in (its HOME and XDG folders).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The screen's text.
    pub fn text(&self) -> String {
        self.out().screen.screen().contents()
    }

    /// Runs `f` on the parsed screen (cells, colours).
    pub fn with_screen<R>(&self, f: impl FnOnce(&vt100::Screen) -> R) -> R {
        f(self.out().screen.screen())
    }

    /// Waits until the screen's text satisfies `f`, for at most the builder's timeout.
    pub fn wait(&self, what: &str, f: impl Fn(&str) -> bool) {
        self.wait_for(what, f, self.timeout);
    }

    /// Waits until the screen's text satisfies `f`, for at most `timeout`.
    pub fn wait_for(&self, what: &str, f: impl Fn(&str) -> bool, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        loop {
            let text = self.text();
            if f(&text) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out after {timeout:?} waiting for {what}; screen:\n{text}"
            );
            std::thread::sleep(POLL);
        }
    }

    /// Waits until `f` holds of the whole harness (the process's state, the raw output...).
    pub fn wait_until(&self, what: &str, f: impl Fn(&Pty) -> bool) {
        let deadline = Instant::now() + self.timeout;
        while !f(self) {
            assert!(
                Instant::now() < deadline,
                "timed out after {:?} waiting for {what}; screen:\n{}",
                self.timeout,
                self.text()
            );
            std::thread::sleep(POLL);
        }
    }

    /// Waits until the lab's output has been quiet for a moment (or it ended), for at most
    /// `limit`; false when it was still writing then (a running lab redraws all the time).
    pub fn settle(&self, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        loop {
            {
                let o = self.out();
                if o.eof || o.last.elapsed() >= QUIET {
                    return true;
                }
            }
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(POLL);
        }
    }

    /// Writes `bytes` as one write, then pauses for the key delay.
    pub fn send(&mut self, bytes: &[u8]) {
        let w = self.writer.as_mut().expect("the writer is lent out");
        w.write_all(bytes).expect("write");
        w.flush().expect("flush");
        if !self.key_delay.is_zero() {
            std::thread::sleep(self.key_delay);
        }
    }

    /// Writes `bytes` from another thread (the pty's input queue holds ~4 KB while nobody
    /// reads, so a big write blocks like a terminal emulator pasting into a stopped program).
    /// Give the writer back with [`Pty::give_writer`].
    pub fn send_in_background(&mut self, bytes: Vec<u8>) -> JoinHandle<Box<dyn Write + Send>> {
        let mut w = self.writer.take().expect("the writer is lent out");
        std::thread::spawn(move || {
            let _ = w.write_all(&bytes);
            let _ = w.flush();
            w
        })
    }

    /// Takes back the writer lent by [`Pty::send_in_background`].
    pub fn give_writer(&mut self, writer: Box<dyn Write + Send>) {
        self.writer = Some(writer);
    }

    /// True when the terminal is in cooked mode (line editing and echo on), false in raw mode.
    pub fn cooked(&self) -> bool {
        let termios = self.master.get_termios().expect("termios of the pty");
        termios
            .local_flags
            .contains(LocalFlags::ICANON | LocalFlags::ECHO)
    }

    /// The process id, as text for `kill`.
    pub fn pid(&self) -> String {
        self.child.process_id().expect("pid").to_string()
    }

    /// Sends a signal by name (`TERM`, `STOP`...) with `kill`.
    pub fn kill(&self, signal: &str) {
        let ok = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &self.pid()])
            .status()
            .expect("kill");
        assert!(ok.success(), "kill -{signal} failed");
    }

    /// The process state letter from /proc (T: stopped).
    pub fn proc_state(&self) -> Option<char> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid())).ok()?;
        let after = stat.rsplit_once(')')?.1;
        after.trim_start().chars().next()
    }

    /// True while the process runs.
    pub fn alive(&mut self) -> bool {
        self.child.try_wait().expect("try_wait").is_none()
    }

    /// The exit status if the process ends within `limit`.
    pub fn exit_within(&mut self, limit: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(POLL);
        }
    }

    /// The exit status; fails the test (and kills the lab) if it does not end within the timeout.
    pub fn exit_status(&mut self) -> ExitStatus {
        if let Some(status) = self.exit_within(self.timeout) {
            status
        } else {
            let _ = self.child.kill();
            panic!("nnlab did not exit; screen:\n{}", self.text());
        }
    }

    /// Presses `q` and expects a clean exit.
    pub fn quit(&mut self) {
        self.send(b"q");
        let status = self.exit_status();
        assert!(status.success(), "nnlab exited with {status:?}");
    }

    /// Everything the lab wrote so far, once what it wrote last has been read (the output has
    /// ended or gone quiet; a lab still drawing is waited for up to the timeout).
    pub fn raw(&self) -> Vec<u8> {
        self.settle(self.timeout);
        self.out().raw.clone()
    }

    /// Everything read so far, without waiting.
    pub fn raw_now(&self) -> Vec<u8> {
        self.out().raw.clone()
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        // A failed test must not leave the lab running.
        let _ = self.child.kill();
    }
}

/// True when `needle` occurs in `hay`.
pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The epoch in the header ("epoch 12/300").
pub fn epoch_of(text: &str) -> Option<u64> {
    let i = text.find("epoch ")?;
    let rest = &text[i + 6..];
    rest.split('/').next()?.trim().parse().ok()
}
