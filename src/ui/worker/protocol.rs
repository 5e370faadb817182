//! What the window and its worker say to each other: the jobs it sends, the replies it
//! reads. Plain data, so both sides and their helpers share it without importing each
//! other.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::content::{Assets, ContentSource, Course, Diagnostic};
use crate::engine::Effect;
use crate::fsio::Existing;
use crate::i18n::{Lang, Message};
use crate::service::dashboard::DashboardData;
use crate::service::learner::LearnerData;
use crate::store::{AttemptRecord, Learner, NewLearner, OpenReport};
use crate::ui::command::{SaveKind, SaveWhat};

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
    EraseLearner {
        learner_id: String,
    },
    /// Write a file the person asked for (see `SaveWhat`); a file already at `path` is
    /// replaced only when `existing` says so.
    Save {
        /// The signed-in learner (their data and certificate need one).
        learner_id: Option<String>,
        what: SaveWhat,
        path: PathBuf,
        existing: Existing,
        lang: Lang,
        now: DateTime<Utc>,
        /// This machine's id, the first time a bundle is made here.
        machine: Uuid,
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
    /// Merge results bundles from other machines, each file all or nothing.
    Import {
        paths: Vec<PathBuf>,
        now: DateTime<Utc>,
    },
    /// Set up LRS delivery and switch it on (queueing earlier attempts).
    LrsConfigure {
        config: crate::lrs::LrsConfig,
        now: DateTime<Utc>,
    },
    /// Switch LRS delivery off.
    LrsOff,
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
    /// A save's outcome.
    Wrote(SaveKind, SaveOutcome),
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

/// How a save went.
#[derive(Debug)]
pub enum SaveOutcome {
    /// Written; what to tell the person.
    Done(Vec<Message>),
    /// A file is in the way: nothing was written there (`done`: what was written
    /// elsewhere, for certificates in bulk).
    Exists {
        path: PathBuf,
        done: Vec<Message>,
    },
    Failed(Message),
}
