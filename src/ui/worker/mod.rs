//! The background thread that does everything slow: parsing the course, SQL, files.
//!
//! The window never waits on a disk. The app sends [`Job`]s; the worker runs them one at a
//! time, in order, on its own thread, and answers with [`Reply`]s, waking the window with
//! a repaint request. Because jobs run in order, a save sent before a finish is always
//! committed before it.

mod manager_jobs;
mod protocol;
mod save;

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use chrono::{DateTime, Utc};

use crate::content::{self, ContentSource, Course};
use crate::i18n::{Localized, Message};
use crate::service::access::{self, Machine, SignIn};
use crate::service::learner::{self, Applied, LearnerData};
use crate::store::{Store, StoreError, keys};

use self::manager_jobs::run_manager;
pub use self::protocol::{Job, JobError, ManagerJob, ManagerReply, Reply, SaveOutcome};
use self::save::{SaveRequest, save};

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
                    signed_in: None,
                    matrix: None,
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
    /// The profile signed in: learner jobs for any other are refused.
    signed_in: Option<String>,
    /// The matrix view last read whole (a view the store cannot page directly).
    matrix: Option<crate::service::dashboard::MatrixOrder>,
}

impl WorkerState {
    fn run(&mut self, job: Job) -> Reply {
        match job {
            Job::Start {
                content,
                data_dir,
                now,
                policy,
            } => self.start(&content, &data_dir, now, &policy),
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
            Job::Editor {
                data_dir,
                template,
                now,
            } => {
                let saved = template.is_some();
                Reply::Editor {
                    template: self.editor_setting(&data_dir, template, now),
                    saved,
                }
            }
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
                    run_manager(store, &self.course, job, &mut self.matrix)
                        .unwrap_or_else(|e| ManagerReply::Failed(e.message())),
                )
            }
            // Author mode from the command line keeps no results store: the language, theme
            // or zoom chosen there applies to this window without being saved.
            Job::SetSetting { .. } if self.store.is_none() && self.workspace.is_some() => {
                Reply::Saved
            }
            job => {
                let Some(store) = self.store.as_mut() else {
                    return Reply::Failed(JobError::Failed(Message::new("error-not-ready")));
                };
                if let Some(learner_id) = job.learner()
                    && self.signed_in.as_deref() != Some(learner_id)
                {
                    return Reply::Failed(JobError::Failed(Message::new("error-not-signed-in")));
                }
                // Signing out, or in again (whatever the outcome), closes the profile open.
                if matches!(
                    job,
                    Job::SignOut | Job::SignIn { .. } | Job::CreateLearner { .. }
                ) {
                    self.signed_in = None;
                }
                let reply = run_on_store(store, &self.course, job).unwrap_or_else(Reply::Failed);
                match &reply {
                    Reply::SignIn(SignIn::Opened(data)) => {
                        self.signed_in = data.learner.as_ref().map(|l| l.id.clone());
                    }
                    Reply::LearnerCreated(learner) => self.signed_in = Some(learner.id.clone()),
                    Reply::Erased => self.signed_in = None,
                    _ => {}
                }
                reply
            }
        }
    }

    /// Reads or saves the "Open in editor" command. Author mode started from the command
    /// line has no store open: one already in the data folder is opened for this, and a
    /// new one is made only to save what the author chose.
    fn editor_setting(
        &mut self,
        data_dir: &Path,
        template: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, Message> {
        let mut opened = None;
        let store = match self.store.as_mut() {
            Some(store) => store,
            None => {
                if template.is_none() && !data_dir.join(crate::store::FILE_NAME).is_file() {
                    return Ok(None);
                }
                let (store, _) = Store::open(data_dir, now).map_err(|e| e.message())?;
                opened.insert(store)
            }
        };
        if let Some(template) = template {
            let value = template.trim();
            if value.is_empty() {
                store.remove_setting(keys::EDITOR)
            } else {
                store.set_setting(keys::EDITOR, value)
            }
            .map_err(|e| e.message())?;
            return Ok(Some(value.to_owned()).filter(|v| !v.is_empty()));
        }
        store.setting(keys::EDITOR).map_err(|e| e.message())
    }

    fn start(
        &mut self,
        source: &ContentSource,
        data_dir: &Path,
        now: DateTime<Utc>,
        policy: &crate::policy::Policy,
    ) -> Reply {
        let loaded = match content::load(source) {
            Ok(loaded) => loaded,
            Err(error) => return Reply::StartFailed(error.message()),
        };
        let (mut store, report) = match Store::open(data_dir, now) {
            Ok(opened) => opened,
            Err(error) => return Reply::StartFailed(error.message()),
        };
        policy.apply(&mut store);
        let learners = store.learners().unwrap_or_default();
        let settings = [
            keys::LANGUAGE,
            keys::THEME,
            keys::ZOOM,
            keys::LAST_LEARNER,
            keys::EDITOR,
        ]
        .into_iter()
        .filter_map(|key| {
            store
                .setting(key)
                .ok()
                .flatten()
                .map(|v| (key.to_owned(), v))
        })
        .collect();
        let machine = Machine::load(&store).unwrap_or_default();
        self.store = Some(store);
        self.course = Arc::new(loaded.course.clone());
        Reply::Started {
            course: Arc::clone(&self.course),
            diagnostics: loaded.diagnostics(),
            assets: loaded.assets,
            report,
            learners,
            settings,
            machine,
        }
    }
}

fn store_error(error: StoreError) -> JobError {
    match error {
        error @ (StoreError::DuplicateEmployee(_)
        | StoreError::PinTooShort { .. }
        | StoreError::PinRequired
        | StoreError::FieldRequired { .. }
        | StoreError::FieldTooLong { .. }
        | StoreError::FieldControl { .. }) => JobError::Form(error.message()),
        other => JobError::Failed(other.message()),
    }
}

fn run_on_store(store: &mut Store, course: &Course, job: Job) -> Result<Reply, JobError> {
    Ok(match job {
        Job::Start { .. }
        | Job::LoadImages { .. }
        | Job::Manager(_)
        | Job::AuthorOpen { .. }
        | Job::AuthorEvent(_)
        | Job::Editor { .. }
        | Job::Shutdown => Reply::Failed(JobError::Failed(Message::new("error-not-ready"))),
        Job::CreateLearner { new, id, now } => {
            let learner = access::create_profile(store, &new, id, now).map_err(store_error)?;
            store
                .set_setting(keys::LAST_LEARNER, &learner.id)
                .map_err(store_error)?;
            Reply::LearnerCreated(learner)
        }
        Job::SignIn {
            learner_id,
            pin,
            now,
        } => {
            let outcome =
                access::sign_in(store, &learner_id, pin.as_deref(), now).map_err(store_error)?;
            if matches!(outcome, SignIn::Opened(_)) {
                store
                    .set_setting(keys::LAST_LEARNER, &learner_id)
                    .map_err(store_error)?;
            }
            Reply::SignIn(outcome)
        }
        Job::SignOut => Reply::Saved,
        Job::SetPin { learner_id, pin } => {
            match pin {
                Some(pin) => store.set_learner_pin(&learner_id, &pin),
                None => access::remove_own_pin(store, &learner_id),
            }
            .map_err(store_error)?;
            Reply::PinChanged(store.learner_access(&learner_id).map_err(store_error)?)
        }
        Job::AcceptNotice {
            learner_id,
            version,
        } => {
            store
                .set_notice_seen(&learner_id, &version)
                .map_err(store_error)?;
            Reply::Saved
        }
        Job::LoadMachine => Reply::Machine(Machine::load(store).map_err(store_error)?),
        Job::LessonPage {
            learner_id,
            module_id,
            page,
        } => {
            store
                .set_lesson_page(&learner_id, &module_id, page)
                .map_err(store_error)?;
            Reply::Saved
        }
        Job::SetNudge {
            learner_id,
            enabled,
            today,
        } => {
            store.set_nudge(&learner_id, enabled).map_err(store_error)?;
            if enabled {
                store.note_nudged(&learner_id, today).map_err(store_error)?;
            }
            Reply::Saved
        }
        Job::Nudged { learner_id, day } => {
            store.note_nudged(&learner_id, day).map_err(store_error)?;
            Reply::Saved
        }
        Job::LoadLearner { learner_id } => Reply::LearnerLoaded(Box::new(
            LearnerData::load(store, &learner_id).map_err(store_error)?,
        )),
        Job::Apply {
            learner_id,
            effects,
            now,
        } => {
            let mut recorded = None;
            let mut refreshed = Vec::new();
            for effect in &effects {
                match learner::apply(store, &learner_id, effect, now).map_err(store_error)? {
                    Applied::Recorded(record) => recorded = Some(record),
                    Applied::Refreshed(done) => refreshed.push(done.1),
                    Applied::Saved => {}
                }
            }
            if recorded.is_none() && !refreshed.is_empty() {
                Reply::Refreshed(refreshed)
            } else {
                Reply::Applied(recorded)
            }
        }
        Job::SetSetting { key, value } => {
            store.set_setting(key, &value).map_err(store_error)?;
            Reply::Saved
        }
        Job::Save {
            learner_id,
            what,
            path,
            existing,
            lang,
            now,
            machine,
        } => {
            let kind = what.kind();
            let request = SaveRequest {
                learner_id: learner_id.as_deref(),
                what: &what,
                path: &path,
                existing,
                lang,
                now,
                machine,
            };
            Reply::Wrote(kind, save(store, course, &request))
        }
        Job::EraseLearner { learner_id } => {
            store.erase_learner(&learner_id).map_err(store_error)?;
            Reply::Erased
        }
        Job::Maintenance { now } => {
            Reply::Maintained(crate::service::maintenance::idle(store, now).map_err(store_error)?)
        }
    })
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.shutdown(DRAIN_LIMIT);
    }
}
