//! Downloading the four MNIST files, checked against their published SHA-256.
//!
//! Each file is written to `NAME.part` and renamed to `NAME` only once its hash matches, so the
//! final name never holds a half-written or corrupt file. An existing `.part` is resumed with an
//! HTTP range request; if the server ignores the range, answers 416, breaks off or stalls past
//! the body timeout, the file is tried again, at most [`ATTEMPTS`] times per mirror, with no
//! recursion. A symbolic link at `NAME.part` or `NAME` is never followed. Every file is tried
//! on each mirror in order (as torchvision does) until one gives the published SHA-256.

use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where `nnlab fetch mnist` downloads from by default (a public mirror of the original files).
pub const DEFAULT_BASE_URL: &str = "https://storage.googleapis.com/cvdf-datasets/mnist/";
/// The mirrors tried in order when no URL is given: the default, then torchvision's.
pub const DEFAULT_MIRRORS: [&str; 2] = [
    DEFAULT_BASE_URL,
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
];
/// Tries per file and mirror (a resume, a restart after 416 or a bad range, a stalled body).
pub const ATTEMPTS: usize = 3;

/// Time limits of a download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Connecting.
    pub connect: Duration,
    /// Waiting for the response's headers.
    pub response: Duration,
    /// Receiving one response's whole body; on expiry the `.part` is kept and resumed.
    pub body: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(30),
            response: Duration::from_secs(60),
            body: Duration::from_secs(300),
        }
    }
}

/// An HTTP agent with these time limits (HTTP errors are answers, not errors).
pub fn agent(t: Timeouts) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_connect(Some(t.connect))
        .timeout_recv_response(Some(t.response))
        .timeout_recv_body(Some(t.body))
        .build()
        .into()
}
/// The largest file the downloader accepts (the training images are 9.9 MB).
pub const MAX_DOWNLOAD: u64 = 64 << 20;

/// The four MNIST files and their published SHA-256 (as in `SHA256SUMS`).
pub const MNIST_FILES: [(&str, &str); 4] = [
    (
        "train-images-idx3-ubyte.gz",
        "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    ),
    (
        "train-labels-idx1-ubyte.gz",
        "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    ),
    (
        "t10k-images-idx3-ubyte.gz",
        "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    ),
    (
        "t10k-labels-idx1-ubyte.gz",
        "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
    ),
];

/// The user's MNIST directory (e.g. `~/.local/share/nnlab/mnist` on Linux), if the platform
/// has a data directory.
pub fn default_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "nnlab").map(|d| d.data_dir().join("mnist"))
}

/// Hex SHA-256 of a file.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .fold(String::with_capacity(64), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        }))
}

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Already present with the right hash; nothing downloaded.
    Present,
    /// Downloaded (`resumed` when an earlier partial download was continued).
    Downloaded {
        /// Bytes transferred now.
        bytes: u64,
        /// Whether a `.part` file was continued.
        resumed: bool,
    },
}

/// Progress of the current download, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress<'a> {
    /// A file starts: its name, the bytes already there, and its total size if known.
    Start {
        /// The file name.
        name: &'a str,
        /// Bytes already on disk (resumed).
        done: u64,
        /// Total size, when the server says.
        total: Option<u64>,
    },
    /// Bytes on disk so far.
    Bytes(u64),
    /// The file is complete and verified.
    Done,
}

/// One file's name and what happened to it (the error names every mirror's failure).
pub type FileResult = (String, Result<Outcome, String>);

/// Downloads the four MNIST files into `dir`, each from the first of `mirrors` (URL prefixes,
/// ending in `/` or not) that gives its published SHA-256. Every file is tried, whatever happened
/// to the others; the result says, per file, what happened (the errors of every mirror tried).
pub fn fetch_mnist(
    dir: &Path,
    mirrors: &[&str],
    timeouts: Timeouts,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Vec<FileResult>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: cannot create: {e}", dir.display()))?;
    if mirrors.is_empty() {
        return Err("no mirror to download from".into());
    }
    let agent = agent(timeouts);
    let mut done = Vec::new();
    for (name, sha) in MNIST_FILES {
        let mut errors = Vec::new();
        let mut outcome = None;
        for base in mirrors {
            let url = format!("{}/{name}", base.trim_end_matches('/'));
            match fetch_file(&agent, &url, &dir.join(name), sha, progress) {
                Ok(o) => {
                    outcome = Some(o);
                    break;
                }
                Err(e) => errors.push(e),
            }
        }
        let result = outcome.ok_or_else(|| errors.join("; then "));
        done.push((name.to_string(), result));
    }
    Ok(done)
}

/// Refuses a symbolic link at `path` (nnlab never writes through one).
fn refuse_symlink(path: &Path) -> Result<(), String> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(format!(
            "{} is a symbolic link; nnlab does not write through it (remove it and run again)",
            path.display()
        )),
        _ => Ok(()),
    }
}

/// Downloads `url` to `target`, verified against the hex SHA-256 `sha`.
pub fn fetch_file(
    agent: &ureq::Agent,
    url: &str,
    target: &Path,
    sha: &str,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Outcome, String> {
    let name = target.file_name().map_or_else(
        || target.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    refuse_symlink(target)?;
    if target.is_file() {
        let have =
            sha256_file(target).map_err(|e| format!("{}: cannot read: {e}", target.display()))?;
        if have == sha {
            return Ok(Outcome::Present);
        }
        // A wrong file under the final name (not written by nnlab): replace it.
    }
    let mut part = target.as_os_str().to_owned();
    part.push(".part");
    let part = PathBuf::from(part);
    let mut resumed = false;
    let mut bytes = 0;
    let mut last_error = String::new();
    for _ in 0..ATTEMPTS {
        refuse_symlink(&part)?;
        let start = std::fs::metadata(&part).map_or(0, |m| m.len());
        match download(agent, url, &part, start, &name, progress) {
            Ok(Step::Complete(got)) => {
                resumed |= got.resumed;
                bytes += got.bytes;
            }
            Ok(Step::Restart(why)) => {
                // The partial file is useless (416, a range ignored): start again from zero.
                let _ = std::fs::remove_file(&part);
                last_error = format!("{url}: {why}");
                continue;
            }
            Err(Broke::Resumable(e)) => {
                // The .part is kept: the next attempt resumes it.
                bytes += e.1;
                last_error = e.0;
                continue;
            }
            Err(Broke::Fatal(e)) => return Err(e),
        }
        let have =
            sha256_file(&part).map_err(|e| format!("{}: cannot read: {e}", part.display()))?;
        if have == sha {
            refuse_symlink(target)?;
            std::fs::rename(&part, target).map_err(|e| {
                format!(
                    "cannot rename {} to {}: {e}",
                    part.display(),
                    target.display()
                )
            })?;
            progress(Progress::Done);
            return Ok(Outcome::Downloaded { bytes, resumed });
        }
        let _ = std::fs::remove_file(&part);
        last_error = format!(
            "{url}: the downloaded file's SHA-256 is {have}, expected {sha}; it was deleted (a corrupt download or a wrong mirror)"
        );
        if !resumed {
            // A whole download with the wrong hash: this mirror serves another file.
            return Err(last_error);
        }
        resumed = false;
    }
    Err(format!("{last_error} (gave up after {ATTEMPTS} attempts)"))
}

/// How one request ended.
enum Step {
    /// The body was read to its end.
    Complete(Got),
    /// The partial file cannot be continued; start again from zero.
    Restart(String),
}

/// How a request failed.
enum Broke {
    /// The body broke off or stalled: (message, bytes written); the `.part` is worth resuming.
    Resumable((String, u64)),
    /// Nothing to retry (an HTTP error status, a file too large, a local write error).
    Fatal(String),
}

struct Got {
    bytes: u64,
    resumed: bool,
}

/// Appends `url`'s bytes from `start` on to `part` (from 0, truncating, when the server ignores
/// the range).
fn download(
    agent: &ureq::Agent,
    url: &str,
    part: &Path,
    start: u64,
    name: &str,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Step, Broke> {
    let mut request = agent.get(url);
    if start > 0 {
        request = request.header("Range", format!("bytes={start}-"));
    }
    let mut response = match request.call() {
        Ok(r) => r,
        Err(e) => return Err(Broke::Resumable((format!("{url}: {e}"), 0))),
    };
    let status = response.status().as_u16();
    let resumed = match status {
        206 if start > 0 => true,
        200 => false,
        416 if start > 0 => {
            return Ok(Step::Restart(format!(
                "the server refused to resume at byte {start} (HTTP 416)"
            )));
        }
        _ => {
            return Err(Broke::Fatal(format!(
                "{url}: the server answered HTTP {status}; expected 200 (or 206 when resuming)"
            )));
        }
    };
    let length = response.body().content_length();
    let offset = if resumed { start } else { 0 };
    let total = length.map(|l| l + offset);
    if total.is_some_and(|t| t > MAX_DOWNLOAD) {
        return Err(Broke::Fatal(format!(
            "{url}: the file is {} bytes, more than the {MAX_DOWNLOAD} bytes an MNIST file can be",
            total.unwrap_or(0)
        )));
    }
    let write_err =
        |e: std::io::Error| Broke::Fatal(format!("{}: cannot write: {e}", part.display()));
    let mut options = OpenOptions::new();
    options
        .create(true)
        .write(true)
        .append(resumed)
        .truncate(!resumed);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NOFOLLOW (Linux's value on every architecture Rust targets but a few; the
        // symlink_metadata check before covers the rest): a link put there now is not followed.
        #[cfg(any(target_arch = "x86_64", target_arch = "x86", target_arch = "riscv64"))]
        options.custom_flags(0o400_000);
    }
    let mut file = options.open(part).map_err(write_err)?;
    progress(Progress::Start {
        name,
        done: offset,
        total,
    });
    let mut reader = response.body_mut().as_reader();
    let mut buf = vec![0u8; 64 * 1024];
    let mut written = 0u64;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(n) => n,
            Err(e) => {
                let _ = file.sync_all();
                return Err(Broke::Resumable((
                    format!(
                        "{url}: the download broke off after {} bytes: {e}",
                        offset + written
                    ),
                    written,
                )));
            }
        };
        if n == 0 {
            break;
        }
        file.write_all(&buf[..n]).map_err(write_err)?;
        written += n as u64;
        if offset + written > MAX_DOWNLOAD {
            let _ = std::fs::remove_file(part);
            return Err(Broke::Fatal(format!(
                "{url}: more than {MAX_DOWNLOAD} bytes, more than an MNIST file can be; stopped"
            )));
        }
        progress(Progress::Bytes(offset + written));
    }
    file.sync_all().map_err(write_err)?;
    if length.is_some_and(|l| written < l) {
        return Err(Broke::Resumable((
            format!(
                "{url}: the body ended after {written} of {} bytes",
                length.unwrap_or(0)
            ),
            written,
        )));
    }
    Ok(Step::Complete(Got {
        bytes: written,
        resumed,
    }))
}
