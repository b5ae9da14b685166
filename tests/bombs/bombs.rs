//! Every size limit holds before memory is allocated, for every source,
//! And files that are not regular files are refused instead of read for ever.
//!
//! One test runs the bombs one after the other and checks this process's peak resident memory
//! (VmHWM) after each: before the fix they asked for 21.5 GB, 2.4 GB, 1.6 GB and 7.8 GB.

use flate2::Compression;
use flate2::write::GzEncoder;
use nnlab::data::csv::{self, CsvSpec};
use nnlab::data::mnist::{self, Limits};
use nnlab::run::session::SessionError;
use nnlab::{Preset, Session};
use std::io::Write;
use std::path::Path;

/// Peak resident memory of this process so far, in bytes (Linux).
fn peak() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("status");
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect("VmHWM");
    kb * 1024
}

const PEAK_LIMIT: u64 = 300 << 20;

fn assert_small_peak(what: &str) {
    let p = peak();
    assert!(
        p < PEAK_LIMIT,
        "{what}: peak memory {} MB, over {} MB",
        p >> 20,
        PEAK_LIMIT >> 20
    );
}

/// A gzip IDX file with header `dims` and `data_len` zero bytes, streamed (never in memory).
fn write_idx_gz(path: &Path, dims: &[u32], data_len: u64) {
    let file = std::fs::File::create(path).expect("create");
    let mut gz = GzEncoder::new(std::io::BufWriter::new(file), Compression::fast());
    let mut header = vec![0u8, 0, 0x08, dims.len() as u8];
    for d in dims {
        header.extend_from_slice(&d.to_be_bytes());
    }
    gz.write_all(&header).expect("write");
    let zeros = vec![0u8; 1 << 20];
    let mut left = data_len;
    while left > 0 {
        let n = left.min(zeros.len() as u64) as usize;
        gz.write_all(&zeros[..n]).expect("write");
        left -= n as u64;
    }
    gz.finish().expect("finish").flush().expect("flush");
}

fn small_test_files(dir: &Path) {
    write_idx_gz(&dir.join("t10k-images-idx3-ubyte.gz"), &[10, 1, 1], 10);
    write_idx_gz(&dir.join("t10k-labels-idx1-ubyte.gz"), &[10], 10);
}

fn mnist_with_268m_one_pixel_images() {
    let dir = tempfile::tempdir().expect("tempdir");
    let n: u32 = 268_435_456;
    write_idx_gz(
        &dir.path().join("train-images-idx3-ubyte.gz"),
        &[n, 1, 1],
        u64::from(n),
    );
    write_idx_gz(
        &dir.path().join("train-labels-idx1-ubyte.gz"),
        &[n],
        u64::from(n),
    );
    small_test_files(dir.path());
    let size: u64 = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").metadata().expect("meta").len())
        .sum();
    assert!(size < 4 << 20, "the bomb is small on disk ({size} bytes)");
    let err = mnist::load(Some(dir.path()), Limits::default()).expect_err("refused");
    assert!(
        err.contains("268435456 images") && err.contains("at most 10000000 examples"),
        "{err}"
    );
    assert_small_peak("MNIST directory of 268 M images");
}

fn label_file_that_disagrees_with_the_images() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_idx_gz(
        &dir.path().join("train-images-idx3-ubyte.gz"),
        &[1000, 28, 28],
        1000 * 784,
    );
    let n: u32 = 268_435_456;
    write_idx_gz(
        &dir.path().join("train-labels-idx1-ubyte.gz"),
        &[n],
        u64::from(n),
    );
    small_test_files(dir.path());
    let err = mnist::load(Some(dir.path()), Limits::default()).expect_err("refused");
    assert!(
        err.contains("268435456 labels") && err.contains("1000 images"),
        "{err}"
    );
    assert_small_peak("a label file of 268 M labels for 1000 images");
}

fn csv_with_1000_classes(rows: usize) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("classes.csv");
    let mut text = String::from("x,label\n");
    for i in 0..rows {
        text += "0.5,";
        text += &(i % 1000).to_string();
        text.push('\n');
    }
    std::fs::write(&path, &text).expect("write");
    let spec = CsvSpec {
        path: &path,
        label: Some("label"),
        targets: &[],
        features: &[],
        eval: 0,
    };
    let err = csv::load(&spec).expect_err("refused");
    assert!(
        err.contains("1000 classes")
            && err.contains(&format!("{} numbers", nnlab::data::MAX_VALUES)),
        "{err}"
    );
    assert_small_peak(&format!(
        "a CSV of {} KB with 1000 classes",
        text.len() >> 10
    ));
}

fn preset_of_six_runs_each_under_the_run_limit() {
    let mut preset = Preset::load("multilayer-cross-entropy").expect("preset");
    let template = preset.runs[0].clone();
    preset.runs = (0..6)
        .map(|i| {
            let mut r = template.clone();
            r.label = format!("run {i}");
            r.layers = vec![
                template.layers[0],
                33_000_000,
                *template.layers.last().expect("out"),
            ];
            r
        })
        .collect();
    let err = Session::new(preset).expect_err("refused");
    assert!(matches!(err, SessionError::TooLarge { .. }), "{err}");
    assert!(err.to_string().contains("for a whole preset"), "{err}");
    assert_small_peak("a preset of 6 runs of [.., 33000000, ..]");
}

#[cfg(unix)]
fn devices_and_fifos_are_refused() {
    let spec = |path: &'static Path| CsvSpec {
        path,
        label: Some("label"),
        targets: &[],
        features: &[],
        eval: 0,
    };
    let err = csv::load(&spec(Path::new("/dev/zero"))).expect_err("refused");
    assert!(err.contains("not a regular file (a device)"), "{err}");
    assert_small_peak("Csv(path: \"/dev/zero\")");

    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("fifo.csv");
    let ok = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(ok.success());
    let fifo: &'static Path = Box::leak(fifo.into_boxed_path());
    // Before the fix this waited for a writer for ever.
    let err = csv::load(&spec(fifo)).expect_err("refused");
    assert!(err.contains("not a regular file (a FIFO)"), "{err}");
    let err = nnlab::data::idx::read(fifo).expect_err("refused");
    assert!(err.to_string().contains("a FIFO"), "{err}");
    let err = Preset::read_file(fifo).expect_err("refused");
    assert!(err.to_string().contains("a FIFO"), "{err}");
    // A FIFO in an MNIST directory.
    let mdir = tempfile::tempdir().expect("tempdir");
    small_test_files(mdir.path());
    write_idx_gz(&mdir.path().join("train-labels-idx1-ubyte.gz"), &[10], 10);
    let ok = std::process::Command::new("mkfifo")
        .arg(mdir.path().join("train-images-idx3-ubyte"))
        .status()
        .expect("mkfifo");
    assert!(ok.success());
    let err = mnist::load(Some(mdir.path()), Limits::default()).expect_err("refused");
    assert!(err.contains("a FIFO"), "{err}");
}

#[test]
fn bombs_are_refused_before_they_allocate() {
    mnist_with_268m_one_pixel_images();
    label_file_that_disagrees_with_the_images();
    csv_with_1000_classes(100_000); // 789 KB
    csv_with_1000_classes(1_000_000); // ~7.9 MB
    preset_of_six_runs_each_under_the_run_limit();
    #[cfg(unix)]
    devices_and_fifos_are_refused();
    eprintln!("peak memory over all bombs: {} MB", peak() >> 20);
}

#[cfg(unix)]
#[test]
fn an_unreadable_data_directory_says_permission_denied() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    small_test_files(dir.path());
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let readable = std::fs::read_dir(dir.path()).is_ok(); // root reads anyway
    let result = mnist::load(Some(dir.path()), Limits::default());
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    if readable {
        eprintln!("running as root: permissions are not enforced, nothing to check");
        return;
    }
    let err = result.expect_err("refused");
    assert!(err.contains("permission denied"), "{err}");
    assert!(!err.contains("no train-images"), "{err}");
}
