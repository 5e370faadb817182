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
use crate::service::access::{AccessPolicy, Machine, NewProfile, Organisation, SignIn};
use crate::service::dashboard::{DashboardData, Insights, MatrixPage, MatrixQuery};
use crate::service::learner::LearnerData;
use crate::store::{Access, AttemptRecord, Learner, OpenReport};
use crate::ui::command::{SaveKind, SaveWhat};

/// Work for the background thread.
#[derive(Debug)]
pub enum Job {
    /// Load the course and open the store: the first job.
    Start {
        content: ContentSource,
        data_dir: PathBuf,
        now: DateTime<Utc>,
        /// The organisation's policy, applied to the store as it opens.
        policy: crate::policy::Policy,
    },
    /// Make a profile and sign its owner in.
    CreateLearner {
        new: NewProfile,
        id: Uuid,
        now: DateTime<Utc>,
    },
    /// Open a profile, with its PIN when it has one. Every other learner job is refused
    /// for any profile but the one signed in.
    SignIn {
        learner_id: String,
        pin: Option<String>,
        now: DateTime<Utc>,
    },
    /// Close the signed-in profile.
    SignOut,
    /// Read again everything the screens show about the signed-in learner.
    LoadLearner {
        learner_id: String,
    },
    /// The signed-in learner sets a new PIN (`Some`) or removes theirs (`None`).
    SetPin {
        learner_id: String,
        pin: Option<String>,
    },
    /// The signed-in learner read privacy notice `version`.
    AcceptNotice {
        learner_id: String,
        version: String,
    },
    /// Read again how this computer is shared and where results go.
    LoadMachine,
    /// The signed-in learner turned to lesson page `page` of a module.
    LessonPage {
        learner_id: String,
        module_id: String,
        page: usize,
    },
    /// The signed-in learner turned the refresher nudge on or off (on `today`, their
    /// local day, which then counts as notified).
    SetNudge {
        learner_id: String,
        enabled: bool,
        today: NaiveDate,
    },
    /// The signed-in learner was notified of due refreshers on `day`.
    Nudged {
        learner_id: String,
        day: NaiveDate,
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
    /// The window is idle: purge results past the retention period, and say whether the
    /// scheduled check of the store's file is due.
    Maintenance {
        now: DateTime<Utc>,
    },
    /// Author mode: load a folder of modules to edit (no results store is used).
    AuthorOpen {
        dir: PathBuf,
    },
    /// Author mode: files changed on disk.
    AuthorEvent(crate::authoring::watch::WatchEvent),
    /// Author mode: read (`template: None`) or save the "Open in editor" command. Reading
    /// never makes a results store; saving makes one when there is none yet.
    Editor {
        data_dir: PathBuf,
        template: Option<String>,
        now: DateTime<Utc>,
    },
    /// Stop after the jobs before this one (the window is closing).
    Shutdown,
}

impl Job {
    /// The profile a learner job acts on, which must be the one signed in. Signing in and
    /// making a profile are how one becomes signed in, so they carry none here; a save
    /// without a learner is the manager's.
    pub fn learner(&self) -> Option<&str> {
        match self {
            Self::LoadLearner { learner_id }
            | Self::Apply { learner_id, .. }
            | Self::EraseLearner { learner_id }
            | Self::SetPin { learner_id, .. }
            | Self::AcceptNotice { learner_id, .. }
            | Self::LessonPage { learner_id, .. }
            | Self::SetNudge { learner_id, .. }
            | Self::Nudged { learner_id, .. } => Some(learner_id),
            Self::Save { learner_id, .. } => learner_id.as_deref(),
            _ => None,
        }
    }
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
    /// The dashboard's figures; answered with `DashboardUnchanged` when those already
    /// held (read at `known`: generation and time) are still current.
    Dashboard {
        lang: Lang,
        now: DateTime<Utc>,
        known: Option<(i64, DateTime<Utc>)>,
    },
    /// A page of the matrix.
    MatrixPage {
        query: MatrixQuery,
        offset: usize,
        lang: Lang,
        now: DateTime<Utc>,
    },
    /// The questions and scenario tabs' data, for one department or all.
    Insights {
        lang: Lang,
        department: Option<String>,
    },
    /// The retention tab's data, for one department or all.
    Retention {
        lang: Lang,
        department: Option<String>,
    },
    /// Set the desired retention of refreshers.
    SetDesiredRetention(f64),
    /// Profiles whose name or employee ID contains the text.
    Search {
        text: String,
    },
    /// One learner's whole record.
    Person {
        learner_id: String,
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
    AssignTrack {
        track: String,
        title: String,
        department: Option<String>,
        date: NaiveDate,
    },
    UnassignTrack {
        track: String,
        title: String,
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
    /// The organisation, signatory and sign-in rules as set now.
    LoadSettings,
    SetOrganisation(Organisation),
    SetPolicy(AccessPolicy),
    /// Remove the PIN of a learner who forgot it; they are told at their next sign-in.
    ResetPin {
        learner_id: String,
        now: DateTime<Utc>,
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
    /// The figures held are still current.
    DashboardUnchanged,
    MatrixPage(Box<MatrixPage>),
    Insights(Arc<Insights>),
    Retention(Arc<crate::service::retention::RetentionView>),
    /// The profiles a search found, with the text searched.
    Found {
        text: String,
        learners: Vec<crate::store::Learner>,
    },
    /// One learner's record (`None`: the profile is gone).
    Person {
        learner_id: String,
        record: Option<Arc<crate::service::person::PersonRecord>>,
    },
    /// Done: what happened, for the manager, and whether results changed (so the
    /// dashboard is read again).
    Done {
        lines: Vec<Message>,
        changed: bool,
    },
    /// The LRS settings changed: the sender must look again.
    LrsChanged(Message),
    Settings {
        organisation: Organisation,
        policy: AccessPolicy,
    },
    /// Who may open which profile changed (PINs required, a PIN reset).
    AccessChanged(Message),
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
        machine: Machine,
    },
    /// The course or the store could not be opened at all.
    StartFailed(Message),
    LearnerCreated(Learner),
    LearnerLoaded(Box<LearnerData>),
    SignIn(SignIn),
    /// The signed-in learner's PIN changed: what protects the profile now.
    PinChanged(Access),
    Machine(Machine),
    Saved,
    /// A session's effects were applied; with the record of a graded attempt finished.
    Applied(Option<Box<AttemptRecord>>),
    /// Refresher answers were recorded; their questions' new schedules.
    Refreshed(Vec<crate::engine::ReviewItem>),
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
    /// Idle-time maintenance ran.
    Maintained(crate::service::maintenance::Maintained),
    /// The "Open in editor" command as stored (`None`: not set), and whether this answers
    /// a save; or why it could not be read or saved.
    Editor {
        template: Result<Option<String>, Message>,
        saved: bool,
    },
    /// A job failed; the message is for the user.
    Failed(JobError),
}

/// A failed job, kept typed so the app can word it in the learner's language.
#[derive(Debug)]
pub enum JobError {
    /// A form's input was refused (an employee ID taken, a PIN too short): said beside
    /// the form, not as a notice.
    Form(Message),
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
