//! The downloader against hostile loopback servers: an endless 416, a body that
//! Stops half way, symbolic links at `.part` and at the final name. Bounded in count and time.

use nnlab::data::mnist::SHIPPED_LABELS;
use nnlab::fetch::{ATTEMPTS, MNIST_FILES, Outcome, Timeouts, agent, fetch_file, sha256_file};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const NAME: &str = "t10k-labels-idx1-ubyte.gz";

fn sha() -> &'static str {
    MNIST_FILES
        .iter()
        .find(|(n, _)| *n == NAME)
        .map(|(_, s)| *s)
        .expect("known")
}

/// Reads a request's head; returns the Range start (0 without one).
fn read_request(stream: &TcpStream) -> usize {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut start = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("range: bytes=") {
            start = v.trim().trim_end_matches('-').parse().unwrap_or(0);
        }
    }
    start
}

/// A server whose `n`-th request (0-based) is answered by `answer(n, range_start, stream)`.
/// Returns the URL of the file and the request counter.
fn serve(
    answer: impl Fn(usize, usize, &mut TcpStream) + Send + Sync + 'static,
) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let count = Arc::new(AtomicUsize::new(0));
    let c = Arc::clone(&count);
    let answer = Arc::new(answer);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let n = c.fetch_add(1, Ordering::SeqCst);
            let answer = Arc::clone(&answer);
            std::thread::spawn(move || {
                let start = read_request(&stream);
                answer(n, start, &mut stream);
            });
        }
    });
    (format!("http://{addr}/{NAME}"), count)
}

fn quick() -> Timeouts {
    Timeouts {
        connect: Duration::from_secs(5),
        response: Duration::from_secs(5),
        body: Duration::from_secs(1),
    }
}

#[test]
fn an_endless_416_ends_after_a_few_requests() {
    let (url, count) = serve(|_, _, s| {
        let _ = s.write_all(
            b"HTTP/1.1 416 Range Not Satisfiable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join(NAME);
    std::fs::write(dir.path().join(format!("{NAME}.part")), b"partial").expect("write");
    let err =
        fetch_file(&agent(quick()), &url, &target, sha(), &mut |_| {}).expect_err("never succeeds");
    // Before: 7,060 recursive requests and a stack overflow.
    let n = count.load(Ordering::SeqCst);
    assert!(n <= ATTEMPTS + 1, "{n} requests");
    assert!(err.contains("416"), "{err}");
}

#[test]
fn a_body_that_stops_half_way_times_out_and_is_resumed() {
    let body = SHIPPED_LABELS;
    let half = body.len() / 2;
    let (url, _) = serve(move |n, start, s| {
        if n == 0 {
            // Promise everything, send half, then hang (the connection stays open).
            let _ = s.write_all(
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                )
                .as_bytes(),
            );
            let _ = s.write_all(&body[..half]);
            let _ = s.flush();
            std::thread::sleep(Duration::from_secs(30));
        } else {
            let rest = &body[start..];
            let _ = s.write_all(
                format!(
                    "HTTP/1.1 206 Partial Content\r\nContent-Length: {}\r\nContent-Range: bytes {start}-{}/{}\r\nConnection: close\r\n\r\n",
                    rest.len(),
                    body.len() - 1,
                    body.len()
                )
                .as_bytes(),
            );
            let _ = s.write_all(rest);
        }
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join(NAME);
    let t0 = Instant::now();
    let got = fetch_file(&agent(quick()), &url, &target, sha(), &mut |_| {})
        .expect("resumed after the stall");
    assert!(
        t0.elapsed() < Duration::from_secs(20),
        "took {:?}",
        t0.elapsed()
    );
    let Outcome::Downloaded { resumed, .. } = got else {
        panic!("{got:?}")
    };
    assert!(resumed, "the .part from the stalled request was resumed");
    assert_eq!(sha256_file(&target).expect("read"), sha());
}

#[cfg(unix)]
#[test]
fn a_symlink_at_part_or_at_the_final_name_is_never_written_through() {
    let (url, _) = serve(|_, _, s| {
        let _ = s.write_all(
            format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                SHIPPED_LABELS.len()
            )
            .as_bytes(),
        );
        let _ = s.write_all(SHIPPED_LABELS);
    });
    for at in [format!("{NAME}.part"), NAME.to_string()] {
        let dir = tempfile::tempdir().expect("tempdir");
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, b"precious").expect("write");
        std::os::unix::fs::symlink(&victim, dir.path().join(&at)).expect("symlink");
        let err = fetch_file(
            &agent(quick()),
            &url,
            &dir.path().join(NAME),
            sha(),
            &mut |_| {},
        )
        .expect_err("refused");
        assert!(err.contains("symbolic link"), "{at}: {err}");
        assert_eq!(std::fs::read(&victim).expect("read"), b"precious", "{at}");
    }
}
