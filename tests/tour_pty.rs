//! The whole tour walked in the real binary in a pseudo-terminal: every step predicted, run and
//! judged with keys, then quit, restarted (the progress resumes), reset and restarted again.

#![cfg(unix)]

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Lab {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
}

impl Lab {
    fn start(data: &Path, args: &[&str]) -> Lab {
        let (rows, cols) = (45, 140);
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_nnlab"));
        cmd.args(args);
        cmd.cwd(data);
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", data);
        cmd.env("XDG_DATA_HOME", data);
        let child = pair.slave.spawn_command(cmd).expect("spawn nnlab");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let s = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut p) = s.lock() {
                    p.process(&buf[..n]);
                }
            }
            drop(pair.master);
        });
        Lab {
            child,
            writer,
            screen,
        }
    }

    fn text(&self) -> String {
        self.screen.lock().expect("screen").screen().contents()
    }

    /// Waits (a generous safety net, not a timing check) until the screen satisfies `f`.
    fn wait(&self, what: &str, f: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(120);
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
        // Let the lab read each key on its own (it handles one key per frame).
        std::thread::sleep(Duration::from_millis(60));
    }

    fn quit(&mut self) {
        self.send(b"q");
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                assert!(status.success(), "nnlab exited with {status:?}");
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("nnlab did not quit; screen:\n{}", self.text());
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn judged(t: &str) -> bool {
    t.contains("Right: ") || t.contains("Not this time: ")
}

#[test]
fn walks_the_whole_tour_with_keys_quits_resumes_and_resets() {
    let data = tempfile::tempdir().expect("tempdir");
    let tour = nnlab::tour::Tour::builtin().expect("tour");
    let n = tour.steps.len();
    let mut lab = Lab::start(data.path(), &["tour"]);
    lab.wait("the first step", |t| {
        t.contains(&format!("Tour 1/{n} (0 done)")) && t.contains(&tour.steps[0].title)
    });
    // The fastest pace, so each run takes a moment.
    for _ in 0..8 {
        lab.send(b"]");
    }
    let mut right = 0;
    for (i, step) in tour.steps.iter().enumerate() {
        lab.wait("the step", |t| {
            t.contains(&format!("Tour {}/{n}", i + 1)) && t.contains(&step.preset)
        });
        let q = step.question.as_ref().expect("every shipped step asks");
        lab.send(b"a");
        if q.options().is_empty() {
            lab.wait("the number entry", |t| t.contains("your answer: _"));
            lab.send(b"1");
            lab.send(b"\r");
        } else {
            lab.wait("the option prompt", |t| t.contains("your answer: press a-"));
            lab.send(b"a");
        }
        lab.wait("the prediction saved", |t| t.contains("prediction saved"));
        lab.send(b" ");
        if step.check_epochs.is_some() {
            // MNIST: judge on the epochs run so far with v, without waiting for all 30.
            lab.wait("two epochs", |t| {
                t.contains("epoch 2/") || t.contains("epoch 3/") || t.contains("epoch 4/")
            });
            lab.send(b" ");
            lab.wait("paused", |t| t.contains("paused"));
            lab.send(b"f");
            lab.wait("the judgement so far", |t| {
                judged(t) && t.contains("judged on the")
            });
        } else {
            lab.wait("the run judged when it finishes", |t| {
                judged(t) && t.contains("finished") && t.contains("What happened")
            });
        }
        if lab.text().contains("Right: ") {
            right += 1;
        }
        lab.wait("the step marked done", |t| {
            t.contains(&format!("({} done)", i + 1))
        });
        if i + 1 < n {
            lab.send(b">");
        }
    }
    lab.quit();

    // The progress file holds every step with its answer.
    let path = nnlab::tour::Progress::path(&data.path().join("nnlab"), &tour.name);
    let (progress, note) = nnlab::tour::Progress::load(&path);
    assert!(note.is_none(), "{note:?}");
    assert_eq!(progress.done_count(&tour), n);
    assert_eq!(progress.current, n - 1);
    assert_eq!(
        progress
            .steps
            .values()
            .filter(|s| s.right == Some(true))
            .count(),
        right
    );
    for s in &tour.steps {
        assert!(progress.steps[&s.id].answer.is_some(), "{}", s.id);
    }

    // Restart: the tour resumes at the last step, everything done, and going back shows the
    // earlier step with its saved answer.
    let mut lab = Lab::start(data.path(), &["tour"]);
    lab.wait("the resumed tour", |t| {
        t.contains(&format!("Tour {n}/{n} ({n} done)")) && t.contains(&tour.steps[n - 1].title)
    });
    lab.send(b"<");
    lab.wait("the previous step with its saved answer", |t| {
        t.contains(&format!("Tour {}/{n}", n - 1))
            && t.contains(&tour.steps[n - 2].title)
            && t.contains("judged earlier")
    });
    lab.quit();

    // Reset, and the tour starts over.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_nnlab"))
        .args(["tour", "--reset"])
        .env("XDG_DATA_HOME", data.path())
        .env("HOME", data.path())
        .output()
        .expect("reset");
    assert!(o.status.success());
    let mut lab = Lab::start(data.path(), &["tour"]);
    lab.wait("a fresh start", |t| {
        t.contains(&format!("Tour 1/{n} (0 done)")) && t.contains(&tour.steps[0].title)
    });
    lab.quit();
}

#[test]
fn a_corrupt_progress_file_is_reported_and_the_tour_starts_afresh() {
    let data = tempfile::tempdir().expect("tempdir");
    let tour = nnlab::tour::Tour::builtin().expect("tour");
    let path = nnlab::tour::Progress::path(&data.path().join("nnlab"), &tour.name);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, "\u{0}garbage(((").expect("write");
    let mut lab = Lab::start(data.path(), &["tour"]);
    lab.wait("the warning and step 1", |t| {
        t.contains("Tour 1/") && t.contains("ignored")
    });
    lab.quit();
}
