//! What the window shows, as plain data: the screen and its own state, and the read-only
//! view of the learner's data that every screen draws from.
//!
//! Screens take these types and push [`super::command::Command`]s; they never see the
//! [`super::app::App`] that owns the state and applies the commands.

pub mod author;
pub mod manager;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use eframe::egui;
use uuid::Uuid;

use crate::content::{Assets, Course, MatchItem, Module, QuestionKind};
use crate::engine::{Attempt, Session, Status};
use crate::i18n::{Lang, Message};
use crate::service::access::Machine;
use crate::service::learner::LearnerData;
use crate::store::{AttemptRecord, Learner};

use self::author::{AuthorState, AuthorView};
use self::manager::ManagerState;

/// Something to tell the user, in a banner above the screen, worded when drawn (so it
/// follows a language switch).
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub message: Message,
    pub error: bool,
}

/// How a save went, shown beside its button until dismissed or replaced.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveStatus {
    /// Sent to the worker; not answered yet.
    Working,
    /// Written: what, where (one line per file for certificates in bulk).
    Done(Vec<Message>),
    Failed(Message),
    /// A file is already at the path: nothing was written; the person may replace it.
    Exists {
        path: std::path::PathBuf,
        what: crate::ui::command::SaveWhat,
        /// What was written before stopping (certificates in bulk write the others).
        done: Vec<Message>,
    },
    /// No native dialog could open on this computer: type the path instead.
    NoDialog,
}

/// A module on the home screen with the learner's standing on it.
#[derive(Debug, Clone)]
pub struct Card {
    pub module: Arc<Module>,
    pub status: Status,
    pub due: Option<NaiveDate>,
    /// The learner's assigned track that makes this module required (`None`: optional,
    /// or required by a due date of its own).
    pub track: Option<String>,
    /// The learner's most recent finished attempt.
    pub last: Option<Uuid>,
}

/// Read-only state the screens draw from.
pub struct AppView {
    pub lang: Lang,
    pub theme: crate::ui::theme::ThemeKind,
    pub now: DateTime<Utc>,
    pub course: Arc<Course>,
    pub assets: Assets,
    pub course_problems: usize,
    pub learners: Vec<Learner>,
    pub data: LearnerData,
    pub cards: Vec<Card>,
    /// The learner's refreshers due today (recomputed with the cards).
    pub refreshers: crate::engine::Queue,
    pub native_dialogs: bool,
    /// Images of the open module that have been read, by path.
    pub images: Vec<(String, egui::load::Bytes)>,
    /// What the LRS sender is doing, as of this frame.
    pub lrs: Option<crate::lrs::SenderStatus>,
    /// How each save last went.
    pub saves: std::collections::BTreeMap<crate::ui::command::SaveKind, SaveStatus>,
    /// Author mode: the folder being edited, as of the last save.
    pub author: Option<Arc<AuthorView>>,
    /// Author mode's "Open in editor" command template, when the author set one.
    pub editor_template: Option<String>,
    /// How this computer is shared, and where results go.
    pub machine: Machine,
    /// The organisation's policy: the settings it fixes are shown greyed, with the reason.
    pub policy: Arc<crate::policy::Loaded>,
}

impl AppView {
    /// A message in the learner's language, modules named by their titles.
    pub fn words(&self, message: &Message) -> String {
        message.text(self.lang, &*self.course)
    }

    pub fn learner(&self) -> Option<&Learner> {
        self.data.learner.as_ref()
    }

    pub fn module(&self, id: &str) -> Option<&Arc<Module>> {
        self.course.module(id)
    }

    pub fn attempt_record(&self, id: Uuid) -> Option<&AttemptRecord> {
        self.data.attempts.iter().find(|a| a.id == id)
    }

    /// Whether several people use this computer (so profiles are chosen, not remembered).
    pub fn shared_computer(&self) -> bool {
        self.machine.shared(self.learners.len())
    }
}

/// A new PIN being typed twice; also the state of the PIN card in "My data".
#[derive(Debug, Clone, Default)]
pub struct PinForm {
    pub pin: String,
    pub repeat: String,
    pub error: Option<Message>,
    /// What happened last (set, removed), said beside the form.
    pub done: Option<Message>,
}

impl PinForm {
    /// The PIN to set, or why not (too short, the two differ), said beside the form.
    pub fn checked(&mut self) -> Option<String> {
        let min = crate::store::MIN_PIN_CHARS;
        self.done = None;
        self.error = if self.pin.chars().count() < min {
            Some(Message::new("error-pin-short").with("min", min))
        } else if self.pin != self.repeat {
            Some(Message::new("pin-mismatch"))
        } else {
            None
        };
        if self.error.is_some() {
            return None;
        }
        self.repeat.clear();
        Some(std::mem::take(&mut self.pin))
    }
}

/// A profile being opened with its PIN.
#[derive(Debug, Clone)]
pub struct SignInState {
    pub learner_id: String,
    pub pin: String,
    pub error: Option<Message>,
    /// Wrong tries wait until then.
    pub retry_at: Option<DateTime<Utc>>,
    /// The PIN is being checked.
    pub checking: bool,
}

/// A profile being typed in.
#[derive(Debug, Clone, Default)]
pub struct ProfileForm {
    /// Narrows the list of profiles on a shared machine.
    pub search: String,
    pub employee_id: String,
    pub display_name: String,
    pub department: String,
    /// The PIN chosen for the new profile, typed twice.
    pub pin: PinForm,
    pub error: Option<Message>,
}

/// An attempt being taken: the session, and the choices ticked on the current question.
#[derive(Debug, Clone)]
pub struct QuizState {
    pub session: Session,
    /// The choices ticked, or the segments marked in a spot-the-leak artefact.
    pub selection: BTreeSet<String>,
    /// An ordering question's steps in the learner's current order.
    pub arrangement: Vec<String>,
    /// A matching question's items (by id) and the category given to each so far.
    pub pairs: BTreeMap<String, String>,
    /// A scenario replayed from its start (nothing recorded): the quiz to go back to.
    pub replay_of: Option<Box<QuizState>>,
    /// When this quiz is part of a refresher: the run it belongs to.
    pub refresher: Option<RefresherRun>,
}

/// A refresher under way: its questions come one module at a time, each module's as a
/// session of its own; what was answered so far, and the modules still to come.
#[derive(Debug, Clone)]
pub struct RefresherRun {
    pub id: Uuid,
    pub started: DateTime<Utc>,
    /// The sessions of the modules still to come, next first.
    pub pending: std::collections::VecDeque<Session>,
    /// Questions in the whole run, and in the sessions already finished.
    pub total: usize,
    pub before: usize,
    pub results: Vec<RefresherResult>,
}

/// One refresher answer, as the summary shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct RefresherResult {
    pub module_id: String,
    pub question_id: String,
    pub correct: bool,
    /// When it comes back (known once the store has rescheduled it).
    pub next_due: Option<DateTime<Utc>>,
}

impl RefresherRun {
    /// Notes the store's new schedule for a question answered in this run.
    pub fn note_due(&mut self, module_id: &str, question_id: &str, due: DateTime<Utc>) {
        if let Some(result) = self
            .results
            .iter_mut()
            .rev()
            .find(|r| r.module_id == module_id && r.question_id == question_id)
        {
            result.next_due = Some(due);
        }
    }
}

impl QuizState {
    pub fn new(session: Session) -> Self {
        Self {
            session,
            selection: BTreeSet::new(),
            arrangement: Vec::new(),
            pairs: BTreeMap::new(),
            replay_of: None,
            refresher: None,
        }
    }

    /// The answer to the current question as the engine takes it: the ticked ids, the
    /// steps in order, or `item=category` for each item in the order shown.
    pub fn answer(&self) -> Vec<String> {
        let Some(index) = self.session.index() else {
            return Vec::new();
        };
        let item = &self.session.attempt.items[index];
        match self
            .session
            .module
            .question(&item.question_id)
            .map(|q| &q.kind)
        {
            Some(QuestionKind::Ordering { .. }) => self.arrangement.clone(),
            Some(QuestionKind::Matching { .. }) => item
                .choice_order
                .iter()
                .filter_map(|id| self.pairs.get(id).map(|c| MatchItem::pair(id, c)))
                .collect(),
            _ => self.selection.iter().cloned().collect(),
        }
    }

    /// Forgets what was ticked, arranged or paired: the next question starts afresh.
    pub fn clear_answer(&mut self) {
        self.selection.clear();
        self.arrangement.clear();
        self.pairs.clear();
    }
}

/// A finished attempt to review: from memory just after finishing, or from the store.
#[derive(Debug, Clone)]
pub enum ReviewSource {
    Fresh(Box<Attempt>),
    Stored(Uuid),
}

#[derive(Debug, Clone, Default)]
pub struct MyDataState {
    pub export_path: String,
    pub confirm_erase: bool,
    pub pin: PinForm,
}

/// The screen being shown, with its own state.
#[derive(Debug, Clone)]
pub enum Screen {
    Loading,
    Failed(Message),
    Welcome,
    Profiles {
        creating: bool,
        form: ProfileForm,
    },
    /// Opening a profile that has a PIN.
    SignIn(SignInState),
    /// The privacy notice, to read before going on (new, or changed since last read).
    Notice,
    /// Setting a PIN right after signing in (required by a manager, or after a reset).
    SetPin {
        form: PinForm,
        required: bool,
    },
    Home,
    Lessons {
        module: Arc<Module>,
        index: usize,
    },
    Quiz(Box<QuizState>),
    Result {
        module: Arc<Module>,
        review: ReviewSource,
        /// Where the certificate goes (a suggestion until the learner types another).
        certificate_path: String,
    },
    MyData(MyDataState),
    /// A refresher just finished: how it went, and when each question comes back.
    RefresherDone(RefresherRun),
    Manager(Box<ManagerState>),
    /// Author mode's panels.
    Author(Box<AuthorState>),
    /// Choosing a folder for author mode.
    AuthorOpen {
        path: String,
    },
}
