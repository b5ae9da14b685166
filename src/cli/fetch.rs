//! `nnlab fetch`: downloads a data set with a progress bar.

use super::{FetchArgs, FetchTarget, io_err};
use std::io::Write;

/// `nnlab fetch mnist`: downloads the four files with a progress bar on stderr.
pub fn fetch(args: &FetchArgs, out: &mut impl Write) -> Result<(), String> {
    use crate::fetch::{Outcome, Progress, default_dir, fetch_mnist};
    let FetchTarget::Mnist = args.target;
    let dir = match &args.dir {
        Some(d) => d.clone(),
        None => default_dir()
            .ok_or("this system has no user data directory; give one with --dir DIR")?,
    };
    let bar = indicatif::ProgressBar::hidden();
    if !args.quiet {
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    }
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{msg:28} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    let mut on_progress = |p: Progress<'_>| match p {
        Progress::Start { name, done, total } => {
            bar.reset();
            bar.set_message(name.to_string());
            bar.set_length(total.unwrap_or(0));
            bar.set_position(done);
        }
        Progress::Bytes(n) => bar.set_position(n),
        Progress::Done => bar.finish(),
    };
    let mirrors: Vec<&str> = if args.base_url.is_empty() {
        crate::fetch::DEFAULT_MIRRORS.to_vec()
    } else {
        args.base_url.iter().map(String::as_str).collect()
    };
    let result = fetch_mnist(
        &dir,
        &mirrors,
        crate::fetch::Timeouts::default(),
        &mut on_progress,
    );
    bar.finish_and_clear();
    let mut failed = Vec::new();
    for (name, outcome) in result? {
        let what = match outcome {
            Ok(Outcome::Present) => "already present, SHA-256 ok".to_string(),
            Ok(Outcome::Downloaded { bytes, resumed }) => format!(
                "downloaded {bytes} bytes{}, SHA-256 ok",
                if resumed { " (resumed)" } else { "" }
            ),
            Err(e) => {
                failed.push(name.clone());
                format!("FAILED: {e}")
            }
        };
        writeln!(out, "{name}: {what}").map_err(io_err)?;
    }
    if !failed.is_empty() {
        return Err(format!(
            "{} of {} files failed ({}); run the command again to resume",
            failed.len(),
            crate::fetch::MNIST_FILES.len(),
            failed.join(", ")
        ));
    }
    writeln!(
        out,
        "MNIST is in {}; use it with `nnlab run mnist-cross-entropy-30 --data {}`",
        dir.display(),
        dir.display()
    )
    .map_err(io_err)
}
