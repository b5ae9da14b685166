//! The MNIST downloader against a small HTTP server on 127.0.0.1 serving the shipped files.

use nnlab::data::mnist::{SHIPPED_IMAGES, SHIPPED_LABELS};
use nnlab::fetch::{MNIST_FILES, Outcome, Timeouts, fetch_file, fetch_mnist, sha256_file};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;

/// Serves `files` (path -> bytes) over HTTP/1.1, one request per connection; honours
/// `Range: bytes=N-` when `ranges` is true. Returns the base URL.
fn serve(files: HashMap<String, Vec<u8>>, ranges: bool) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let addr = listener.local_addr().expect("address");
    let files = Arc::new(files);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            let mut start = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                let lower = line.to_ascii_lowercase();
                if let Some(v) = lower.strip_prefix("range: bytes=") {
                    start = v.trim().trim_end_matches('-').parse().unwrap_or(0);
                }
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            let response = match files.get(&path) {
                None => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .to_vec(),
                Some(body) if ranges && start > 0 => {
                    let part = &body[start.min(body.len())..];
                    let mut r = format!(
                        "HTTP/1.1 206 Partial Content\r\nContent-Length: {}\r\nContent-Range: bytes {start}-{}/{}\r\nConnection: close\r\n\r\n",
                        part.len(),
                        body.len() - 1,
                        body.len()
                    )
                    .into_bytes();
                    r.extend_from_slice(part);
                    r
                }
                Some(body) => {
                    let mut r = format!(
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    )
                    .into_bytes();
                    r.extend_from_slice(body);
                    r
                }
            };
            let _ = stream.write_all(&response);
        }
    });
    format!("http://{addr}/mnist/")
}

fn t10k_files() -> HashMap<String, Vec<u8>> {
    HashMap::from([
        (
            "/mnist/t10k-images-idx3-ubyte.gz".to_string(),
            SHIPPED_IMAGES.to_vec(),
        ),
        (
            "/mnist/t10k-labels-idx1-ubyte.gz".to_string(),
            SHIPPED_LABELS.to_vec(),
        ),
    ])
}

fn sha_of(name: &str) -> &'static str {
    MNIST_FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, s)| *s)
        .expect("known file")
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

#[test]
fn downloads_verifies_and_then_finds_the_file_present() {
    let base = serve(t10k_files(), true);
    let dir = tempfile::tempdir().expect("temp dir");
    let name = "t10k-labels-idx1-ubyte.gz";
    let target = dir.path().join(name);
    let got = fetch_file(
        &agent(),
        &format!("{base}{name}"),
        &target,
        sha_of(name),
        &mut |_| {},
    )
    .expect("downloads");
    assert_eq!(
        got,
        Outcome::Downloaded {
            bytes: SHIPPED_LABELS.len() as u64,
            resumed: false
        }
    );
    assert_eq!(sha256_file(&target).expect("read"), sha_of(name));
    assert!(!dir.path().join(format!("{name}.part")).exists());
    let again = fetch_file(
        &agent(),
        &format!("{base}{name}"),
        &target,
        sha_of(name),
        &mut |_| {},
    )
    .expect("present");
    assert_eq!(again, Outcome::Present);
}

#[test]
fn a_partial_download_is_resumed() {
    let base = serve(t10k_files(), true);
    let dir = tempfile::tempdir().expect("temp dir");
    let name = "t10k-images-idx3-ubyte.gz";
    let half = SHIPPED_IMAGES.len() / 2;
    std::fs::write(
        dir.path().join(format!("{name}.part")),
        &SHIPPED_IMAGES[..half],
    )
    .expect("write");
    let target = dir.path().join(name);
    let got = fetch_file(
        &agent(),
        &format!("{base}{name}"),
        &target,
        sha_of(name),
        &mut |_| {},
    )
    .expect("resumes");
    assert_eq!(
        got,
        Outcome::Downloaded {
            bytes: (SHIPPED_IMAGES.len() - half) as u64,
            resumed: true
        }
    );
    assert_eq!(sha256_file(&target).expect("read"), sha_of(name));
}

#[test]
fn a_bad_partial_file_or_a_server_without_ranges_restarts_cleanly() {
    for ranges in [true, false] {
        let base = serve(t10k_files(), ranges);
        let dir = tempfile::tempdir().expect("temp dir");
        let name = "t10k-labels-idx1-ubyte.gz";
        // A .part whose bytes are wrong: resuming gives a bad hash, so nnlab starts over.
        std::fs::write(dir.path().join(format!("{name}.part")), vec![0xAAu8; 100]).expect("write");
        let target = dir.path().join(name);
        fetch_file(
            &agent(),
            &format!("{base}{name}"),
            &target,
            sha_of(name),
            &mut |_| {},
        )
        .expect("restarts");
        assert_eq!(
            sha256_file(&target).expect("read"),
            sha_of(name),
            "ranges {ranges}"
        );
    }
}

#[test]
fn a_corrupted_file_is_rejected_and_never_left_under_its_name() {
    let mut files = t10k_files();
    let mut bad = SHIPPED_LABELS.to_vec();
    bad[100] ^= 0xFF;
    files.insert("/mnist/t10k-labels-idx1-ubyte.gz".into(), bad);
    let base = serve(files, true);
    let dir = tempfile::tempdir().expect("temp dir");
    let name = "t10k-labels-idx1-ubyte.gz";
    let target = dir.path().join(name);
    let err = fetch_file(
        &agent(),
        &format!("{base}{name}"),
        &target,
        sha_of(name),
        &mut |_| {},
    )
    .expect_err("bad hash");
    assert!(err.contains("SHA-256"), "{err}");
    assert!(!target.exists());
    assert!(!dir.path().join(format!("{name}.part")).exists());
}

#[test]
fn fetch_mnist_tries_every_file_and_reports_each() {
    // The loopback server has only t10k; the training files are 404s (and this machine cannot
    // download the real ones). The failures do not stop the t10k files.
    let base = serve(t10k_files(), true);
    let dir = tempfile::tempdir().expect("temp dir");
    let results = fetch_mnist(dir.path(), &[&base], Timeouts::default(), &mut |_| {})
        .expect("the directory is usable");
    assert_eq!(results.len(), 4);
    for (name, result) in &results {
        if name.starts_with("train") {
            let err = result.as_ref().expect_err("404");
            assert!(err.contains(name.as_str()) && err.contains("404"), "{err}");
            assert!(!dir.path().join(name).exists());
        } else {
            assert!(result.is_ok(), "{name}: {result:?}");
            assert_eq!(
                sha256_file(&dir.path().join(name)).expect("read"),
                sha_of(name)
            );
        }
    }
}

#[test]
fn mirrors_are_tried_in_order_until_the_hash_matches() {
    let mut bad = t10k_files();
    for body in bad.values_mut() {
        body[100] ^= 0xFF;
    }
    let corrupt = serve(bad, true);
    let empty = serve(HashMap::new(), true);
    let good = serve(t10k_files(), true);
    let dir = tempfile::tempdir().expect("temp dir");
    let results = fetch_mnist(
        dir.path(),
        &[&empty, &corrupt, &good],
        Timeouts::default(),
        &mut |_| {},
    )
    .expect("dir");
    for (name, result) in &results {
        if name.starts_with("t10k") {
            assert!(result.is_ok(), "{name}: {result:?}");
            assert_eq!(
                sha256_file(&dir.path().join(name)).expect("read"),
                sha_of(name)
            );
        } else {
            // Every mirror's error is reported.
            let err = result.as_ref().expect_err("missing everywhere");
            // (Counted as "HTTP 404": a mirror's random port may contain 404 too.)
            assert_eq!(err.matches("HTTP 404").count(), 3, "{err}");
        }
    }
}
