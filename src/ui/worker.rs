//! The background thread that does everything slow: parsing the course, SQL, files.
//!
//! The window never waits on a disk. The app sends [`Job`]s; the worker runs them one at a
//! time, in order, on its own thread, and answers with [`Reply`]s, waking the window with
//! a repaint request. Because jobs run in order, a save sent before a finish is always
//! committed before it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::content::{self, Assets, ContentSource, Course, Diagnostic, Module};
use crate::engine::{Attempt, Outcome};
use crate::store::{AttemptRecord, Learner, NewLearner, OpenReport, Store, StoreError, keys};

/// Work for the background thread.
#[derive(Debug)]
pub enum Job {
    /// Load the course and open the store: the first job.
    Start {
        content: ContentSource,
        data_dir: PathBuf,
        now: DateTime<Utc>,
    },
    CreateLearner {
        new: NewLearner,
        id: Uuid,
        now: DateTime<Utc>,
    },
    /// Read everything the screens show about one learner.
    LoadLearner {
        learner_id: String,
    },
    SaveProgress {
        learner_id: String,
        attempt: Box<Attempt>,
        now: DateTime<Utc>,
    },
    Finish {
        learner_id: String,
        attempt: Box<Attempt>,
        module: Arc<Module>,
        outcome: Outcome,
        now: DateTime<Utc>,
    },
    DiscardOpen {
        learner_id: String,
        module_id: String,
    },
    SetSetting {
        key: &'static str,
        value: String,
    },
    ExportLearner {
        learner_id: String,
        path: PathBuf,
        now: DateTime<Utc>,
    },
    EraseLearner {
        learner_id: String,
    },
    /// Read a module's images from the course's assets.
    LoadImages {
        assets: Assets,
        paths: Vec<String>,
    },
}

/// What the app keeps about the current learner, read in one go.
#[derive(Debug, Clone, Default)]
pub struct LearnerData {
    pub learner: Option<Learner>,
    pub attempts: Vec<AttemptRecord>,
    pub open: Vec<Attempt>,
    /// Due dates that apply to this learner, by module.
    pub due: Vec<(String, NaiveDate)>,
}

/// Answers from the background thread.
#[derive(Debug)]
pub enum Reply {
    Started {
        course: Arc<Course>,
        assets: Assets,
        diagnostics: Vec<Diagnostic>,
        report: OpenReport,
        learners: Vec<Learner>,
        settings: Vec<(String, String)>,
    },
    /// The course or the store could not be opened at all.
    StartFailed(String),
    LearnerCreated(Learner),
    LearnerLoaded(Box<LearnerData>),
    Saved,
    Finished(Box<AttemptRecord>),
    Exported(PathBuf),
    Erased,
    Images(Vec<(String, eframe::egui::load::Bytes)>),
    /// A job failed; the message is for the user.
    Failed(JobError),
}

/// A failed job, kept typed so the app can word it in the learner's language.
#[derive(Debug)]
pub enum JobError {
    DuplicateEmployee(String),
    Store(String),
    Io(String),
}

/// The app's end of the worker.
pub struct Worker {
    jobs: Sender<Job>,
    replies: Receiver<Reply>,
    pending: usize,
}

impl Worker {
    /// Starts the thread. `wake` is called after each reply (a repaint request).
    pub fn spawn(wake: impl Fn() + Send + 'static) -> Self {
        let (jobs, job_rx) = channel::<Job>();
        let (reply_tx, replies) = channel::<Reply>();
        let spawned = std::thread::Builder::new()
            .name("jaga-worker".to_owned())
            .spawn(move || {
                let mut state = WorkerState { store: None };
                for job in job_rx {
                    let reply = state.run(job);
                    if reply_tx.send(reply).is_err() {
                        break;
                    }
                    wake();
                }
            });
        if let Err(error) = spawned {
            // Without a thread nothing can be loaded; the app shows the failure.
            let (tx, rx) = channel();
            let _ = tx.send(Reply::StartFailed(format!(
                "cannot start a thread: {error}"
            )));
            return Self {
                jobs,
                replies: rx,
                pending: 0,
            };
        }
        Self {
            jobs,
            replies,
            pending: 0,
        }
    }

    pub fn send(&mut self, job: Job) {
        if self.jobs.send(job).is_ok() {
            self.pending += 1;
        }
    }

    /// The replies that have arrived, without waiting.
    pub fn replies(&mut self) -> Vec<Reply> {
        let replies: Vec<Reply> = self.replies.try_iter().collect();
        self.pending = self.pending.saturating_sub(replies.len());
        replies
    }

    /// Jobs sent and not yet answered.
    pub fn pending(&self) -> usize {
        self.pending
    }
}

struct WorkerState {
    store: Option<Store>,
}

impl WorkerState {
    fn run(&mut self, job: Job) -> Reply {
        match job {
            Job::Start {
                content,
                data_dir,
                now,
            } => self.start(&content, &data_dir, now),
            Job::LoadImages { assets, paths } => Reply::Images(
                paths
                    .into_iter()
                    .filter_map(|path| {
                        let bytes = match assets.read(&path)? {
                            std::borrow::Cow::Borrowed(b) => eframe::egui::load::Bytes::Static(b),
                            std::borrow::Cow::Owned(v) => {
                                eframe::egui::load::Bytes::Shared(v.into())
                            }
                        };
                        Some((path, bytes))
                    })
                    .collect(),
            ),
            job => {
                let Some(store) = self.store.as_mut() else {
                    return Reply::Failed(JobError::Store("the store is not open".to_owned()));
                };
                run_on_store(store, job).unwrap_or_else(Reply::Failed)
            }
        }
    }

    fn start(&mut self, source: &ContentSource, data_dir: &Path, now: DateTime<Utc>) -> Reply {
        let loaded = match content::load(source) {
            Ok(loaded) => loaded,
            Err(error) => return Reply::StartFailed(error.to_string()),
        };
        let (store, report) = match Store::open(data_dir, now) {
            Ok(opened) => opened,
            Err(error) => return Reply::StartFailed(error.to_string()),
        };
        let learners = store.learners().unwrap_or_default();
        let settings = [keys::LANGUAGE, keys::THEME, keys::LAST_LEARNER]
            .into_iter()
            .filter_map(|key| {
                store
                    .setting(key)
                    .ok()
                    .flatten()
                    .map(|v| (key.to_owned(), v))
            })
            .collect();
        self.store = Some(store);
        Reply::Started {
            course: Arc::new(loaded.course.clone()),
            diagnostics: loaded.diagnostics(),
            assets: loaded.assets,
            report,
            learners,
            settings,
        }
    }
}

fn store_error(error: StoreError) -> JobError {
    match error {
        StoreError::DuplicateEmployee(id) => JobError::DuplicateEmployee(id),
        other => JobError::Store(other.to_string()),
    }
}

fn run_on_store(store: &mut Store, job: Job) -> Result<Reply, JobError> {
    Ok(match job {
        Job::Start { .. } | Job::LoadImages { .. } => {
            Reply::Failed(JobError::Store("not a store job".to_owned()))
        }
        Job::CreateLearner { new, id, now } => {
            let learner = store.create_learner(&new, id, now).map_err(store_error)?;
            store
                .set_setting(keys::LAST_LEARNER, &learner.id)
                .map_err(store_error)?;
            Reply::LearnerCreated(learner)
        }
        Job::LoadLearner { learner_id } => {
            let learner = store.learner(&learner_id).map_err(store_error)?;
            store
                .set_setting(keys::LAST_LEARNER, &learner_id)
                .map_err(store_error)?;
            let due = store
                .due_dates_for(learner.department.as_deref())
                .map_err(store_error)?;
            Reply::LearnerLoaded(Box::new(LearnerData {
                attempts: store.attempts(&learner_id).map_err(store_error)?,
                open: store.open_attempts(&learner_id).map_err(store_error)?,
                learner: Some(learner),
                due,
            }))
        }
        Job::SaveProgress {
            learner_id,
            attempt,
            now,
        } => {
            store
                .save_progress(&learner_id, &attempt, now)
                .map_err(store_error)?;
            Reply::Saved
        }
        Job::Finish {
            learner_id,
            attempt,
            module,
            outcome,
            now,
        } => {
            store
                .record_finished(&learner_id, &attempt, &module, &outcome, &[], now)
                .map_err(store_error)?;
            match store.attempt(attempt.id).map_err(store_error)? {
                Some(record) => Reply::Finished(Box::new(record)),
                // A practice attempt is not recorded.
                None => Reply::Saved,
            }
        }
        Job::DiscardOpen {
            learner_id,
            module_id,
        } => {
            store
                .discard_open_attempt(&learner_id, &module_id)
                .map_err(store_error)?;
            Reply::Saved
        }
        Job::SetSetting { key, value } => {
            store.set_setting(key, &value).map_err(store_error)?;
            Reply::Saved
        }
        Job::ExportLearner {
            learner_id,
            path,
            now,
        } => {
            let export = store
                .export_learner(&learner_id, now)
                .map_err(store_error)?;
            let json =
                serde_json::to_string_pretty(&export).map_err(|e| JobError::Io(e.to_string()))?;
            write_file(&path, json.as_bytes())?;
            Reply::Exported(path)
        }
        Job::EraseLearner { learner_id } => {
            store.erase_learner(&learner_id).map_err(store_error)?;
            Reply::Erased
        }
    })
}

/// Writes a file whole or not at all: to a temporary name beside it, then renamed.
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<(), JobError> {
    let io = |e: std::io::Error| JobError::Io(format!("{}: {e}", path.display()));
    let temp = path.with_extension("partial");
    std::fs::write(&temp, bytes).map_err(io)?;
    std::fs::rename(&temp, path).map_err(io)
}
