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

use crate::content::{self, Assets, ContentSource, Course, Diagnostic};
use crate::engine::Effect;
use crate::i18n::{Lang, Localized, Message};
use crate::service::dashboard::DashboardData;
use crate::service::learner::{self, Applied, LearnerData};
use crate::service::manager::{self, ExportRequest, ManagerError, SaveTarget};
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
    /// Carry out a session's effects (saves, a record, discards), in order.
    Apply {
        learner_id: String,
        effects: Vec<Effect>,
        now: DateTime<Utc>,
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
    /// Write the certificate of the learner's latest pass of a module: to `path`, or
    /// into `dir` under its own name.
    Certificate {
        learner_id: String,
        module_id: String,
        target: SaveTarget,
        lang: Lang,
    },
    /// Read a module's images from the course's assets.
    LoadImages {
        assets: Assets,
        paths: Vec<String>,
    },
    /// Work for the manager area.
    Manager(ManagerJob),
    /// Author mode: load a folder of modules to edit (no results store is used).
    AuthorOpen {
        dir: PathBuf,
    },
    /// Author mode: files changed on disk.
    AuthorEvent(crate::authoring::watch::WatchEvent),
    /// Stop after the jobs before this one (the window is closing).
    Shutdown,
}

/// Work for the manager area; each answers with a [`ManagerReply`].
#[derive(Debug)]
pub enum ManagerJob {
    /// Whether a passphrase is set.
    LockStatus,
    SetPassphrase(String),
    Unlock {
        passphrase: String,
        now: DateTime<Utc>,
    },
    Dashboard {
        lang: Lang,
        now: DateTime<Utc>,
    },
    SetDueDate {
        module: String,
        department: Option<String>,
        date: NaiveDate,
    },
    ClearDueDate {
        module: String,
        department: Option<String>,
    },
    SetRetention(Option<u32>),
    /// Write the completion report of the rows the filter keeps.
    Export {
        format: crate::report::export::ExportFormat,
        bom: bool,
        filter: crate::report::Filter,
        path: PathBuf,
        lang: Lang,
        now: DateTime<Utc>,
    },
    /// Merge results bundles from other machines, each file all or nothing.
    Import {
        paths: Vec<PathBuf>,
        now: DateTime<Utc>,
    },
    /// Write this machine's results as a bundle.
    Bundle {
        path: PathBuf,
        machine: Uuid,
        now: DateTime<Utc>,
    },
    /// Set up LRS delivery and switch it on (queueing earlier attempts).
    LrsConfigure {
        config: crate::lrs::LrsConfig,
        now: DateTime<Utc>,
    },
    /// Switch LRS delivery off.
    LrsOff,
    /// One PDF per passed completion in the filter, into a folder.
    Certificates {
        dir: PathBuf,
        filter: crate::certificate::CertificateFilter,
        lang: Lang,
    },
}

/// Answers to [`ManagerJob`]s.
#[derive(Debug)]
pub enum ManagerReply {
    LockStatus {
        has_passphrase: bool,
    },
    PassphraseSet,
    Unlock(crate::store::Unlock),
    Dashboard(Arc<DashboardData>),
    /// Done: what happened, for the manager, and whether results changed (so the
    /// dashboard is read again).
    Done {
        lines: Vec<Message>,
        changed: bool,
    },
    /// The LRS settings changed: the sender must look again.
    LrsChanged(Message),
    Failed(Message),
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
    StartFailed(Message),
    LearnerCreated(Learner),
    LearnerLoaded(Box<LearnerData>),
    Saved,
    /// A session's effects were applied; with the record of a graded attempt finished.
    Applied(Option<Box<AttemptRecord>>),
    Exported(PathBuf),
    CertificateSaved(PathBuf),
    Erased,
    Images(Vec<(String, eframe::egui::load::Bytes)>),
    Manager(ManagerReply),
    /// Author mode: the folder as first loaded.
    Author(Arc<crate::ui::state::author::AuthorView>),
    /// Author mode: the folder after files changed on disk.
    AuthorChanged(Arc<crate::ui::state::author::AuthorView>),
    /// Author mode: nothing changed (a save without edits, an event for another file).
    AuthorUnchanged,
    /// A job failed; the message is for the user.
    Failed(JobError),
}

/// A failed job, kept typed so the app can word it in the learner's language.
#[derive(Debug)]
pub enum JobError {
    /// The employee ID typed for a new profile is taken: said beside the form.
    DuplicateEmployee(String),
    /// Anything else, to show as a notice.
    Failed(Message),
}

/// How long closing the window waits for the worker to finish the jobs in its queue
/// (every save and record the learner made) before the process ends anyway.
pub const DRAIN_LIMIT: std::time::Duration = std::time::Duration::from_secs(20);

/// The app's end of the worker.
pub struct Worker {
    jobs: Sender<Job>,
    replies: Receiver<Reply>,
    pending: usize,
    /// The thread, until it is joined.
    thread: Option<std::thread::JoinHandle<()>>,
    /// Says when the thread has finished its queue and stopped.
    stopped: Receiver<()>,
}

impl Worker {
    /// Starts the thread. `wake` is called after each reply (a repaint request).
    pub fn spawn(wake: impl Fn() + Send + 'static) -> Self {
        let (jobs, job_rx) = channel::<Job>();
        let (reply_tx, replies) = channel::<Reply>();
        let (stopped_tx, stopped) = channel::<()>();
        let spawned = std::thread::Builder::new()
            .name("jaga-worker".to_owned())
            .spawn(move || {
                let mut state = WorkerState {
                    store: None,
                    course: Arc::new(Course::default()),
                    workspace: None,
                };
                for job in job_rx {
                    if matches!(job, Job::Shutdown) {
                        break;
                    }
                    let reply = state.run(job);
                    // A window already closing no longer reads replies; the jobs behind
                    // this one are still done (they may be saves).
                    if reply_tx.send(reply).is_ok() {
                        wake();
                    }
                }
                let _ = stopped_tx.send(());
            });
        let thread = match spawned {
            Ok(thread) => Some(thread),
            Err(error) => {
                // Without a thread nothing can be loaded; the app shows the failure.
                let (tx, rx) = channel();
                let _ = tx.send(Reply::StartFailed(
                    Message::new("error-thread").with("reason", crate::i18n::io_reason(&error)),
                ));
                return Self {
                    jobs,
                    replies: rx,
                    pending: 0,
                    thread: None,
                    stopped,
                };
            }
        };
        Self {
            jobs,
            replies,
            pending: 0,
            thread,
            stopped,
        }
    }

    /// Finishes every job already sent (in order, as always), then stops the thread and
    /// waits for it, at most `limit`. Returns whether the queue was finished. Called when
    /// the window closes, so a finished attempt still queued is recorded before the
    /// process ends.
    pub fn shutdown(&mut self, limit: std::time::Duration) -> bool {
        let Some(thread) = self.thread.take() else {
            return true;
        };
        let _ = self.jobs.send(Job::Shutdown);
        match self.stopped.recv_timeout(limit) {
            Ok(()) | Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                let _ = thread.join();
                true
            }
            // Still busy with a long job: let the process end rather than hang.
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => false,
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
        // Answers to the watcher's jobs were never counted as pending.
        let answered = replies
            .iter()
            .filter(|r| !matches!(r, Reply::AuthorChanged(_) | Reply::AuthorUnchanged))
            .count();
        self.pending = self.pending.saturating_sub(answered);
        replies
    }

    /// A sender for jobs that come from elsewhere (the author-mode file watcher). Replies
    /// to them are not counted as pending.
    pub fn job_sender(&self) -> Sender<Job> {
        self.jobs.clone()
    }

    /// Jobs sent and not yet answered.
    pub fn pending(&self) -> usize {
        self.pending
    }
}

struct WorkerState {
    store: Option<Store>,
    course: Arc<Course>,
    workspace: Option<crate::authoring::workspace::Workspace>,
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
            Job::AuthorOpen { dir } => match crate::authoring::workspace::Workspace::load(&dir) {
                Ok(workspace) => {
                    let view = crate::ui::state::author::AuthorView::build(&workspace);
                    self.workspace = Some(workspace);
                    Reply::Author(Arc::new(view))
                }
                Err(error) => Reply::StartFailed(error.message()),
            },
            Job::AuthorEvent(event) => match self.workspace.as_mut() {
                Some(workspace) => {
                    let change = workspace.apply(&event);
                    if change.is_empty() {
                        Reply::AuthorUnchanged
                    } else {
                        Reply::AuthorChanged(Arc::new(crate::ui::state::author::AuthorView::build(
                            workspace,
                        )))
                    }
                }
                None => Reply::AuthorUnchanged,
            },
            Job::Manager(job) => {
                let Some(store) = self.store.as_mut() else {
                    return Reply::Manager(ManagerReply::Failed(Message::new("error-not-ready")));
                };
                Reply::Manager(
                    run_manager(store, &self.course, job)
                        .unwrap_or_else(|e| ManagerReply::Failed(e.message())),
                )
            }
            job => {
                let Some(store) = self.store.as_mut() else {
                    return Reply::Failed(JobError::Failed(Message::new("error-not-ready")));
                };
                run_on_store(store, &self.course, job).unwrap_or_else(Reply::Failed)
            }
        }
    }

    fn start(&mut self, source: &ContentSource, data_dir: &Path, now: DateTime<Utc>) -> Reply {
        let loaded = match content::load(source) {
            Ok(loaded) => loaded,
            Err(error) => return Reply::StartFailed(error.message()),
        };
        let (store, report) = match Store::open(data_dir, now) {
            Ok(opened) => opened,
            Err(error) => return Reply::StartFailed(error.message()),
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
        self.course = Arc::new(loaded.course.clone());
        Reply::Started {
            course: Arc::clone(&self.course),
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
        other => JobError::Failed(other.message()),
    }
}

fn failed(error: &impl Localized) -> JobError {
    JobError::Failed(error.message())
}

fn run_on_store(store: &mut Store, course: &Course, job: Job) -> Result<Reply, JobError> {
    Ok(match job {
        Job::Start { .. }
        | Job::LoadImages { .. }
        | Job::Manager(_)
        | Job::AuthorOpen { .. }
        | Job::AuthorEvent(_)
        | Job::Shutdown => Reply::Failed(JobError::Failed(Message::new("error-not-ready"))),
        Job::CreateLearner { new, id, now } => {
            let learner = store.create_learner(&new, id, now).map_err(store_error)?;
            store
                .set_setting(keys::LAST_LEARNER, &learner.id)
                .map_err(store_error)?;
            Reply::LearnerCreated(learner)
        }
        Job::LoadLearner { learner_id } => {
            let data = LearnerData::load(store, &learner_id).map_err(store_error)?;
            store
                .set_setting(keys::LAST_LEARNER, &learner_id)
                .map_err(store_error)?;
            Reply::LearnerLoaded(Box::new(data))
        }
        Job::Apply {
            learner_id,
            effects,
            now,
        } => {
            let mut recorded = None;
            for effect in &effects {
                if let Applied::Recorded(record) =
                    learner::apply(store, &learner_id, effect, now).map_err(store_error)?
                {
                    recorded = Some(record);
                }
            }
            Reply::Applied(recorded)
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
            let mut json = serde_json::to_vec_pretty(&export)
                .map_err(|e| failed(&StoreError::Corrupt(e.to_string())))?;
            json.push(b'\n');
            crate::fsio::write_bytes(&path, &json).map_err(|e| failed(&e))?;
            Reply::Exported(path)
        }
        Job::Certificate {
            learner_id,
            module_id,
            target,
            lang,
        } => {
            let path =
                manager::learner_certificate(store, course, &learner_id, &module_id, &target, lang)
                    .map_err(|e| failed(&e))?;
            Reply::CertificateSaved(path)
        }
        Job::EraseLearner { learner_id } => {
            store.erase_learner(&learner_id).map_err(store_error)?;
            Reply::Erased
        }
    })
}

fn run_manager(
    store: &mut Store,
    course: &Course,
    job: ManagerJob,
) -> Result<ManagerReply, ManagerError> {
    let done = |message: Message, changed: bool| ManagerReply::Done {
        lines: vec![message],
        changed,
    };
    Ok(match job {
        ManagerJob::LockStatus => ManagerReply::LockStatus {
            has_passphrase: store.has_manager_passphrase()?,
        },
        ManagerJob::SetPassphrase(passphrase) => {
            store.set_manager_passphrase(&passphrase)?;
            ManagerReply::PassphraseSet
        }
        ManagerJob::Unlock { passphrase, now } => {
            ManagerReply::Unlock(store.unlock_manager(&passphrase, now)?)
        }
        ManagerJob::Dashboard { lang, now } => ManagerReply::Dashboard(Arc::new(
            DashboardData::load(store, course, lang.code(), now)?,
        )),
        ManagerJob::SetDueDate {
            module,
            department,
            date,
        } => {
            store.set_due_date(&module, department.as_deref(), date)?;
            let message = Message::new("done-due-set")
                .module("module", &module)
                .with("date", date);
            done(with_department(message, department), true)
        }
        ManagerJob::ClearDueDate { module, department } => {
            store.clear_due_date(&module, department.as_deref())?;
            let message = Message::new("done-due-cleared").module("module", &module);
            done(with_department(message, department), true)
        }
        ManagerJob::SetRetention(days) => {
            store.set_retention_days(days)?;
            let message = match days {
                Some(days) => Message::new("done-retention-set").with("days", days),
                None => Message::new("done-retention-off"),
            };
            done(message, true)
        }
        ManagerJob::Export {
            format,
            bom,
            filter,
            path,
            lang,
            now,
        } => {
            let exported = manager::export(
                store,
                course,
                &ExportRequest {
                    format,
                    bom,
                    filter: &filter,
                    out: &path,
                    lang,
                    now,
                },
            )?;
            done(exported.message(), false)
        }
        ManagerJob::Import { paths, now } => {
            let imports = manager::import_bundles(store, course, &paths, now);
            let changed = imports
                .iter()
                .any(|i| i.result.as_ref().is_ok_and(|r| !r.changed_nothing()));
            ManagerReply::Done {
                lines: manager::import_messages(&imports),
                changed,
            }
        }
        ManagerJob::Bundle { path, machine, now } => {
            let written = manager::write_bundle(store, &path, machine, now)?;
            done(written.message(), false)
        }
        ManagerJob::LrsConfigure { config, now } => {
            let configured = crate::lrs::configure(store, &config, course, now)?;
            ManagerReply::LrsChanged(
                Message::new("done-lrs-configured")
                    .with(
                        "endpoint",
                        configured
                            .settings
                            .endpoint
                            .as_ref()
                            .map_or_else(String::new, crate::lrs::Endpoint::statements_url),
                    )
                    .with("key", configured.key_hint)
                    .with("queued", configured.backfilled.statements),
            )
        }
        ManagerJob::LrsOff => {
            crate::lrs::turn_off(store, false)?;
            ManagerReply::LrsChanged(Message::new("done-lrs-off"))
        }
        ManagerJob::Certificates { dir, filter, lang } => {
            let written = manager::certificates(store, course, &dir, &filter, lang)?;
            ManagerReply::Done {
                lines: written.messages(),
                changed: false,
            }
        }
    })
}

/// The message, saying which department it applies to (or everyone).
fn with_department(message: Message, department: Option<String>) -> Message {
    match department {
        Some(department) => message.with(
            "who",
            Message::new("done-for-department").with("department", department),
        ),
        None => message.with("who", Message::new("done-for-everyone")),
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.shutdown(DRAIN_LIMIT);
    }
}
