//! Downloading the four MNIST files, checked against their published SHA-256.
//!
//! Each file is written to `NAME.part` and renamed to `NAME` only once its hash matches, so the
//! final name never holds a half-written or corrupt file. An existing `.part` is resumed with an
//! HTTP range request; if the server ignores the range, or the resumed file's hash is wrong, the
//! download restarts from zero once.

use sha2::{Digest, Sha256};
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where `nnlab fetch mnist` downloads from by default (a public mirror of the original files).
pub const DEFAULT_BASE_URL: &str = "https://storage.googleapis.com/cvdf-datasets/mnist/";
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
        .map(|b| format!("{b:02x}"))
        .collect())
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

/// Downloads the four MNIST files from `base_url` (ending in `/` or not) into `dir`.
/// `progress` is told about each file's progress. Stops at the first failure.
pub fn fetch_mnist(
    dir: &Path,
    base_url: &str,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Vec<(String, Outcome)>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: cannot create: {e}", dir.display()))?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_connect(Some(Duration::from_secs(30)))
        .timeout_recv_response(Some(Duration::from_secs(60)))
        .build()
        .into();
    let base = base_url.trim_end_matches('/');
    let mut done = Vec::new();
    for (name, sha) in MNIST_FILES {
        let url = format!("{base}/{name}");
        let outcome = fetch_file(&agent, &url, &dir.join(name), sha, progress)?;
        done.push((name.to_string(), outcome));
    }
    Ok(done)
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
    for attempt in 0..2 {
        let start = if attempt == 0 {
            std::fs::metadata(&part).map_or(0, |m| m.len())
        } else {
            0
        };
        let got = download(agent, url, &part, start, &name, progress)?;
        resumed |= got.resumed;
        let have =
            sha256_file(&part).map_err(|e| format!("{}: cannot read: {e}", part.display()))?;
        if have == sha {
            std::fs::rename(&part, target).map_err(|e| {
                format!(
                    "cannot rename {} to {}: {e}",
                    part.display(),
                    target.display()
                )
            })?;
            progress(Progress::Done);
            return Ok(Outcome::Downloaded {
                bytes: got.bytes,
                resumed,
            });
        }
        let _ = std::fs::remove_file(&part);
        if !(attempt == 0 && got.resumed) {
            return Err(format!(
                "{url}: the downloaded file's SHA-256 is {have}, expected {sha}; it was deleted (a corrupt download or a wrong mirror)"
            ));
        }
    }
    Err(format!("{url}: the download failed twice"))
}

struct Got {
    bytes: u64,
    resumed: bool,
}

/// Appends `url`'s bytes from `start` on to `part` (restarting from 0 if the server ignores the
/// range).
fn download(
    agent: &ureq::Agent,
    url: &str,
    part: &Path,
    start: u64,
    name: &str,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Got, String> {
    let mut request = agent.get(url);
    if start > 0 {
        request = request.header("Range", format!("bytes={start}-"));
    }
    let mut response = request.call().map_err(|e| format!("{url}: {e}"))?;
    let status = response.status().as_u16();
    let resumed = match status {
        206 if start > 0 => true,
        200 => false,
        // The range starts at or past the end: the partial file is complete or wrong; restart.
        416 => {
            let _ = std::fs::remove_file(part);
            return download(agent, url, part, 0, name, progress);
        }
        _ => {
            return Err(format!(
                "{url}: the server answered HTTP {status}; expected 200 (or 206 when resuming)"
            ));
        }
    };
    let length = response.body().content_length();
    let offset = if resumed { start } else { 0 };
    let total = length.map(|l| l + offset);
    if total.is_some_and(|t| t > MAX_DOWNLOAD) {
        return Err(format!(
            "{url}: the file is {} bytes, more than the {MAX_DOWNLOAD} bytes an MNIST file can be",
            total.unwrap_or(0)
        ));
    }
    let mut file = OpenOptions::new()
        .create(true)
        .write(true)
        .append(resumed)
        .truncate(!resumed)
        .open(part)
        .map_err(|e| format!("{}: cannot write: {e}", part.display()))?;
    progress(Progress::Start {
        name,
        done: offset,
        total,
    });
    let mut reader = response.body_mut().as_reader();
    let mut buf = vec![0u8; 64 * 1024];
    let mut written = 0u64;
    loop {
        let n = reader
            .read(&mut buf)
            .map_err(|e| format!("{url}: the download broke off after {} bytes: {e}; run the command again to resume", offset + written))?;
        if n == 0 {
            break;
        }
        file.write_all(&buf[..n])
            .map_err(|e| format!("{}: cannot write: {e}", part.display()))?;
        written += n as u64;
        if offset + written > MAX_DOWNLOAD {
            let _ = std::fs::remove_file(part);
            return Err(format!(
                "{url}: more than {MAX_DOWNLOAD} bytes, more than an MNIST file can be; stopped"
            ));
        }
        progress(Progress::Bytes(offset + written));
    }
    file.sync_all()
        .map_err(|e| format!("{}: cannot write: {e}", part.display()))?;
    Ok(Got {
        bytes: written,
        resumed,
    })
}
