//! What screens ask the app to do: one [`Command`] per user action, pushed while drawing
//! and applied once per frame, after drawing, by `App::apply`.

use std::path::PathBuf;

use chrono::NaiveDate;
use uuid::Uuid;

use crate::i18n::Lang;
use crate::report::export::ExportFormat;
use crate::store::NewLearner;

/// What a save action writes. Every save in the window (the learner's data and
/// certificate, a report, a bundle, certificates in bulk) goes the same way: a path typed
/// or chosen, a file never replaced without asking, and the outcome shown beside the
/// button.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveWhat {
    /// Everything stored about the signed-in learner, as JSON.
    MyData,
    /// The signed-in learner's certificate for a module.
    Certificate { module: String },
    /// The completion report of the rows the filter keeps.
    Report {
        format: ExportFormat,
        bom: bool,
        filter: crate::report::Filter,
    },
    /// This computer's results, as a bundle.
    Bundle,
    /// One certificate per passed completion the filter keeps, into a folder.
    Certificates {
        filter: crate::certificate::CertificateFilter,
    },
    /// A learner's certificate for a module, saved by a manager.
    PersonCertificate { learner: String, module: String },
    /// Everything stored about a learner, as JSON, saved by a manager.
    PersonRecord { learner: String },
}

/// Which save an outcome belongs to (one outcome shown per kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SaveKind {
    MyData,
    Certificate,
    Report,
    Bundle,
    Certificates,
    PersonCertificate,
    PersonRecord,
}

impl SaveWhat {
    pub fn kind(&self) -> SaveKind {
        match self {
            Self::MyData => SaveKind::MyData,
            Self::Certificate { .. } => SaveKind::Certificate,
            Self::Report { .. } => SaveKind::Report,
            Self::Bundle => SaveKind::Bundle,
            Self::Certificates { .. } => SaveKind::Certificates,
            Self::PersonCertificate { .. } => SaveKind::PersonCertificate,
            Self::PersonRecord { .. } => SaveKind::PersonRecord,
        }
    }

    /// The file type written (`None`: a folder).
    pub fn extension(&self) -> Option<&'static str> {
        match self {
            Self::MyData | Self::PersonRecord { .. } => Some("json"),
            // A bundle is a gzip stream of JSON lines (`.jsonl.gz`).
            Self::Bundle => Some("gz"),
            Self::Certificate { .. } | Self::PersonCertificate { .. } => Some("pdf"),
            Self::Report { format, .. } => Some(format.extension()),
            Self::Certificates { .. } => None,
        }
    }
}

/// What a native file dialog is choosing a file for.
#[derive(Debug, Clone)]
pub enum DialogPurpose {
    Save(SaveWhat),
    Bundles,
    AuthorFolder,
}

/// What screens ask the app to do. Applied once per frame, after drawing.
#[must_use]
#[derive(Debug, Clone)]
pub enum Command {
    SetLanguage(Lang),
    SetTheme(crate::ui::theme::ThemeKind),
    /// Move the keyboard focus past the top bar to the page's heading.
    SkipToContent,
    AcceptWelcome,
    /// Make a profile, with the PIN its owner chose.
    CreateLearner {
        learner: NewLearner,
        pin: Option<String>,
    },
    /// Open a profile from the list: at once, or by asking its PIN.
    SelectLearner(String),
    /// The PIN typed for the profile being opened.
    SubmitPin(String),
    /// Close the profile and go back to the list.
    SignOut,
    /// The learner read the privacy notice shown.
    AcceptNotice,
    /// The signed-in learner sets a new PIN.
    SetPin(String),
    /// The signed-in learner removes their PIN.
    RemovePin,
    /// Go on without setting a PIN (when not required).
    SkipPin,
    GoHome,
    OpenModule(String),
    /// Turn to lesson page `page` of the module open.
    LessonPage {
        module: String,
        page: usize,
    },
    StartQuiz {
        module: String,
        practice: bool,
    },
    ResumeQuiz(String),
    SubmitAnswer,
    NextQuestion,
    ScenarioChoose(String),
    ScenarioBack,
    /// Play the scenario just ended again from its start; nothing of the replay counts.
    ReplayScenario,
    LeaveQuiz,
    ShowResult {
        module: String,
        attempt: Uuid,
    },
    /// Start the day's refresher: the next few due questions.
    StartRefresher,
    /// Turn the once-a-day desktop notification of due refreshers on or off.
    SetNudge(bool),
    /// From a refresher's feedback, the lesson page that teaches the point.
    ReadAgain {
        module: String,
        page: usize,
    },
    OpenMyData,
    EraseMe,
    DismissNotice(usize),
    OpenManager,
    SetPassphrase(String),
    Unlock(String),
    LockManager,
    SetDueDate {
        module: String,
        department: Option<String>,
        date: NaiveDate,
    },
    ClearDueDate {
        module: String,
        department: Option<String>,
    },
    /// Assign a track of the course to everyone or a department, due on `date`
    /// (`title`: the track's name as the manager read it, for the confirmation).
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
    ChooseBundles,
    ConfigureLrs(crate::lrs::LrsConfig),
    OpenAuthorForm,
    ChooseAuthorFolder,
    OpenAuthor(PathBuf),
    /// Play a module's assessment in author mode (nothing is recorded).
    PreviewQuiz(String),
    /// Play one question, optionally from a scenario node, in author mode.
    PreviewQuestion {
        module: String,
        question: String,
        node: Option<String>,
    },
    /// Open a file at a line and column in the author's editor.
    OpenInEditor(crate::authoring::editor::Place),
    /// Save the "Open in editor" command template (empty: use the default).
    SaveEditor(String),
    LrsOff,
    SendNow,
    /// Bring a page of the matrix (its number) that came into view.
    MatrixPage(usize),
    /// Read the questions and scenario tabs' data (when one is opened, or the department
    /// filter changed).
    LoadInsights,
    /// Read the retention view (when its tab is opened, or the department filter changed).
    LoadRetention,
    /// Set the desired retention of refreshers (0.7 to 0.97).
    SetDesiredRetention(f64),
    /// Find profiles by part of a name or employee ID.
    SearchLearners(String),
    /// Open a learner's page in the manager area (by the profile's opaque id).
    OpenPerson(String),
    /// Back from a learner's page to the tabs.
    ClosePerson,
    /// The manager's sign-in rules for this computer.
    SetAccessPolicy(crate::service::access::AccessPolicy),
    /// Remove a learner's forgotten PIN (by the profile's opaque id).
    ResetLearnerPin(String),
    SetOrganisation(crate::service::access::Organisation),
    ImportBundles(Vec<PathBuf>),
    /// Open the native dialog to choose where `SaveWhat` goes.
    ChooseSaveTarget(SaveWhat),
    /// Write `what` to `path`; a file already there is replaced only when `existing`
    /// says so (after the person confirmed).
    Save {
        what: SaveWhat,
        path: PathBuf,
        existing: crate::fsio::Existing,
    },
    /// Forget the outcome shown for a save (the person read it, or cancelled replacing).
    DismissSave(SaveKind),
}

/// The part of the app a command belongs to; `App::apply` hands it to that part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// The whole window: language, theme, notices.
    Window,
    /// Saving files, whoever asks.
    Files,
    /// Who is signed in: profiles, PINs, the privacy notice.
    Access,
    Learner,
    Manager,
    Author,
}

impl Command {
    pub fn area(&self) -> Area {
        match self {
            Self::SetLanguage(_)
            | Self::SetTheme(_)
            | Self::SkipToContent
            | Self::DismissNotice(_) => Area::Window,
            Self::OpenManager
            | Self::SetPassphrase(_)
            | Self::Unlock(_)
            | Self::LockManager
            | Self::SetDueDate { .. }
            | Self::ClearDueDate { .. }
            | Self::AssignTrack { .. }
            | Self::UnassignTrack { .. }
            | Self::SetRetention(_)
            | Self::ConfigureLrs(_)
            | Self::LrsOff
            | Self::SendNow
            | Self::MatrixPage(_)
            | Self::LoadInsights
            | Self::LoadRetention
            | Self::SetDesiredRetention(_)
            | Self::SearchLearners(_)
            | Self::OpenPerson(_)
            | Self::ClosePerson
            | Self::ChooseBundles
            | Self::ImportBundles(_)
            | Self::SetAccessPolicy(_)
            | Self::ResetLearnerPin(_)
            | Self::SetOrganisation(_) => Area::Manager,
            Self::ChooseSaveTarget(_) | Self::Save { .. } | Self::DismissSave(_) => Area::Files,
            Self::OpenAuthorForm
            | Self::ChooseAuthorFolder
            | Self::OpenAuthor(_)
            | Self::PreviewQuiz(_)
            | Self::PreviewQuestion { .. }
            | Self::OpenInEditor(_)
            | Self::SaveEditor(_) => Area::Author,
            Self::AcceptWelcome
            | Self::CreateLearner { .. }
            | Self::SelectLearner(_)
            | Self::SubmitPin(_)
            | Self::SignOut
            | Self::AcceptNotice
            | Self::SetPin(_)
            | Self::RemovePin
            | Self::SkipPin => Area::Access,
            Self::GoHome
            | Self::OpenModule(_)
            | Self::LessonPage { .. }
            | Self::StartQuiz { .. }
            | Self::ResumeQuiz(_)
            | Self::SubmitAnswer
            | Self::NextQuestion
            | Self::ScenarioChoose(_)
            | Self::ScenarioBack
            | Self::ReplayScenario
            | Self::LeaveQuiz
            | Self::ShowResult { .. }
            | Self::StartRefresher
            | Self::SetNudge(_)
            | Self::ReadAgain { .. }
            | Self::OpenMyData
            | Self::EraseMe => Area::Learner,
        }
    }
}
