//! What screens ask the app to do: one [`Command`] per user action, pushed while drawing
//! and applied once per frame, after drawing, by `App::apply`.

use std::path::PathBuf;

use chrono::NaiveDate;
use uuid::Uuid;

use crate::i18n::Lang;
use crate::report::export::ExportFormat;
use crate::store::NewLearner;

/// What a native file dialog is choosing a file for.
#[derive(Debug, Clone)]
pub enum DialogPurpose {
    MyData,
    Certificate(String),
    Report {
        format: ExportFormat,
        bom: bool,
        filter: crate::report::Filter,
    },
    Bundles,
    AuthorFolder,
}

/// What screens ask the app to do. Applied once per frame, after drawing.
#[must_use]
#[derive(Debug, Clone)]
pub enum Command {
    SetLanguage(Lang),
    SetDark(bool),
    AcceptWelcome,
    ShowProfiles,
    CreateLearner(NewLearner),
    SelectLearner(String),
    GoHome,
    OpenModule(String),
    StartQuiz {
        module: String,
        practice: bool,
    },
    ResumeQuiz(String),
    SubmitAnswer,
    NextQuestion,
    ScenarioChoose(String),
    ScenarioBack,
    LeaveQuiz,
    ShowResult {
        module: String,
        attempt: Uuid,
    },
    OpenMyData,
    ChooseExportFile,
    ExportMyData(PathBuf),
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
    SetRetention(Option<u32>),
    ChooseReportFile(ExportFormat),
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
    LrsOff,
    SendNow,
    ImportBundles(Vec<PathBuf>),
    MakeBundle(PathBuf),
    MakeCertificates(PathBuf),
    SaveCertificate {
        module: String,
    },
    ExportReport {
        format: ExportFormat,
        bom: bool,
        filter: crate::report::Filter,
        path: PathBuf,
    },
}

/// The part of the app a command belongs to; `App::apply` hands it to that part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// The whole window: language, theme, notices.
    Window,
    Learner,
    Manager,
    Author,
}

impl Command {
    pub fn area(&self) -> Area {
        match self {
            Self::SetLanguage(_) | Self::SetDark(_) | Self::DismissNotice(_) => Area::Window,
            Self::OpenManager
            | Self::SetPassphrase(_)
            | Self::Unlock(_)
            | Self::LockManager
            | Self::SetDueDate { .. }
            | Self::ClearDueDate { .. }
            | Self::SetRetention(_)
            | Self::ChooseReportFile(_)
            | Self::ExportReport { .. }
            | Self::ConfigureLrs(_)
            | Self::LrsOff
            | Self::SendNow
            | Self::ChooseBundles
            | Self::ImportBundles(_)
            | Self::MakeBundle(_)
            | Self::MakeCertificates(_) => Area::Manager,
            Self::OpenAuthorForm
            | Self::ChooseAuthorFolder
            | Self::OpenAuthor(_)
            | Self::PreviewQuiz(_)
            | Self::PreviewQuestion { .. } => Area::Author,
            Self::AcceptWelcome
            | Self::ShowProfiles
            | Self::CreateLearner(_)
            | Self::SelectLearner(_)
            | Self::GoHome
            | Self::OpenModule(_)
            | Self::StartQuiz { .. }
            | Self::ResumeQuiz(_)
            | Self::SubmitAnswer
            | Self::NextQuestion
            | Self::ScenarioChoose(_)
            | Self::ScenarioBack
            | Self::LeaveQuiz
            | Self::ShowResult { .. }
            | Self::OpenMyData
            | Self::ChooseExportFile
            | Self::ExportMyData(_)
            | Self::EraseMe
            | Self::SaveCertificate { .. } => Area::Learner,
        }
    }
}
