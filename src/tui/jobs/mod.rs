//! The lab's background jobs: the file job (a CSV export or a figure written on its own
//! thread, one at a time, cancelled on quit) and the learning-speed map's thread.

pub mod decision;
pub mod map;

pub use map::{MapJob, MapKey};

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

/// A CSV export or figure being written on its own thread.
struct FileJob {
    what: &'static str,
    cancel: Arc<AtomicBool>,
    handle: Option<JoinHandle<Result<String, String>>>,
}

impl Drop for FileJob {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// The lab's one file job, if any: a copy of the lab has none (the thread is not shared).
#[derive(Default)]
pub struct FileJobSlot(Option<FileJob>);

impl FileJobSlot {
    /// Runs `job` on its own thread, if none is running (else why not).
    pub fn start(
        &mut self,
        what: &'static str,
        job: impl FnOnce(&AtomicBool) -> Result<String, String> + Send + 'static,
    ) -> Result<(), String> {
        if let Some(running) = &self.0 {
            return Err(format!(
                "{} is still being written; try again when it is done",
                running.what
            ));
        }
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        let handle = std::thread::Builder::new()
            .name("nnlab-files".into())
            .spawn(move || job(&flag))
            .map_err(|e| format!("cannot start {what}: {e}"))?;
        self.0 = Some(FileJob {
            what,
            cancel,
            handle: Some(handle),
        });
        Ok(())
    }

    /// True while a file is being written.
    pub fn running(&self) -> bool {
        self.0.is_some()
    }

    /// The result of the job if it finished (the slot is then free).
    pub fn finished(&mut self) -> Option<Result<String, String>> {
        let done = self
            .0
            .as_ref()
            .is_some_and(|j| j.handle.as_ref().is_none_or(JoinHandle::is_finished));
        if done { self.wait() } else { None }
    }

    /// Waits for the job, if any; its result (the status line's text or the error).
    pub fn wait(&mut self) -> Option<Result<String, String>> {
        let mut job = self.0.take()?;
        Some(match job.handle.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) | None => Err(format!("{} failed", job.what)),
        })
    }

    /// Cancels the job, if any, and waits for it at most `wait`; its result if it ended.
    pub fn cancel(&mut self, wait: std::time::Duration) -> Option<Result<String, String>> {
        let job = self.0.as_ref()?;
        job.cancel.store(true, Ordering::Relaxed);
        let deadline = std::time::Instant::now() + wait;
        while job.handle.as_ref().is_some_and(|h| !h.is_finished())
            && std::time::Instant::now() < deadline
        {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        if job.handle.as_ref().is_none_or(JoinHandle::is_finished) {
            self.wait()
        } else {
            None
        }
    }
}

impl Clone for FileJobSlot {
    fn clone(&self) -> Self {
        FileJobSlot(None)
    }
}

impl std::fmt::Debug for FileJobSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.as_ref().map_or("idle", |j| j.what))
    }
}

/// The lab's jobs.
#[derive(Default)]
pub struct Jobs {
    /// The file job.
    pub file: FileJobSlot,
    /// The learning-speed map, computed or being computed.
    pub map: Option<MapJob>,
    /// The decision view's maps.
    pub decision: decision::DecisionJob,
}

impl Jobs {
    /// The map's progress (0..1) while it is computed.
    pub fn map_progress(&self) -> Option<f64> {
        self.map.as_ref().and_then(MapJob::progress)
    }

    /// True while a map is being computed.
    pub fn map_running(&self) -> bool {
        self.map.as_ref().is_some_and(MapJob::running)
    }
}

impl Clone for Jobs {
    /// A copy without threads: a finished map is copied, a job in progress is not.
    fn clone(&self) -> Self {
        Jobs {
            file: self.file.clone(),
            map: self.map.as_ref().and_then(MapJob::finished_copy),
            decision: self.decision.clone(),
        }
    }
}

impl std::fmt::Debug for Jobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Jobs")
            .field("file", &self.file)
            .field("map_running", &self.map_running())
            .finish_non_exhaustive()
    }
}
