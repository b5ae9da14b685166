//! Issue 11 item 8: output that goes nowhere. A reader that leaves (`| head -1`) ends nnlab
//! quietly with success; output that cannot be written (`> /dev/full`) is an error.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn a_closed_pipe_exits_quietly_with_success() {
    // Outputs of megabytes: far more than a pipe buffers, so nnlab is still writing when the
    // reader leaves.
    for args in [
        &["run", "slowdown", "--epochs", "100000", "--every", "1"][..],
        &[
            "run", "slowdown", "--epochs", "100000", "--every", "1", "--format", "csv",
        ][..],
        &[
            "run", "slowdown", "--epochs", "100000", "--every", "1", "--format", "json",
        ][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_nnlab"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let stdout = child.stdout.take().expect("stdout");
        let mut first = String::new();
        BufReader::new(stdout)
            .read_line(&mut first)
            .expect("first line");
        assert!(!first.is_empty());
        // The reader is gone (like head after one line).
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?}, {stderr}", out.status);
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_an_error() {
    for args in [&["run", "slowdown"][..], &["exercises"][..]] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let out = Command::new(env!("CARGO_BIN_EXE_nnlab"))
            .args(args)
            .stdout(full)
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} succeeded on /dev/full");
        assert!(stderr.contains("cannot write output"), "{stderr}");
    }
}
