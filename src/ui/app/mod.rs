//! The application: state, the commands screens emit, and the one place that applies them.
//!
//! Each frame the app takes the worker's replies, draws the current screen from its state
//! (screens edit only their own fields and push [`Command`]s), then applies the commands:
//! the engine changes the attempt, and any saving is handed to the worker. Nothing in
//! drawing code touches a file or the database.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use eframe::egui;
use uuid::Uuid;

use super::author::{AuthorState, AuthorView};
use super::manager::{ExportFormat, LockState, ManagerState};
use super::screens;
use super::theme;
use super::worker::{Job, JobError, ManagerJob, ManagerReply, Reply, Worker};
use crate::clock::{Clock, Entropy};
use crate::content::{Assets, ContentSource, Course, Module};
use crate::engine::{
    self, Attempt, Effect, Mode, Resumed, Session, SessionNotice, Sitting, Status, Step,
};
use crate::i18n::{Lang, tr, trf};
use crate::i18n::{Localized as _, Message};
use crate::service::learner::LearnerData;
use crate::service::manager::SaveTarget;
use crate::store::{AttemptRecord, Learner, NewLearner, keys};

/// How the app is set up: where things are and what it may use.
pub struct AppConfig {
    pub content: ContentSource,
    pub data_dir: PathBuf,
    pub clock: Arc<dyn Clock>,
    pub entropy: Box<dyn Entropy>,
    /// Whether native file dialogs may open (never in tests).
    pub native_dialogs: bool,
    /// Start in author mode on this folder: live reload, diagnostics, preview; nothing
    /// is recorded and no results store is opened.
    pub author: Option<PathBuf>,
    /// Start by asking for the folder of author mode (`--author` without a folder).
    pub ask_author_folder: bool,
}

/// Something to tell the user, in a banner above the screen, worded when drawn (so it
/// follows a language switch).
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub message: Message,
    pub error: bool,
}

/// A module on the home screen with the learner's standing on it.
#[derive(Debug, Clone)]
pub struct Card {
    pub module: Arc<Module>,
    pub status: Status,
    pub due: Option<NaiveDate>,
    /// The learner's most recent finished attempt.
    pub last: Option<Uuid>,
}

/// Read-only state the screens draw from.
pub struct Shared {
    pub lang: Lang,
    pub dark: bool,
    pub now: DateTime<Utc>,
    pub course: Arc<Course>,
    pub assets: Assets,
    pub course_problems: usize,
    pub learners: Vec<Learner>,
    pub data: LearnerData,
    pub cards: Vec<Card>,
    pub native_dialogs: bool,
    /// Images of the open module that have been read, by path.
    pub images: Vec<(String, egui::load::Bytes)>,
    /// What the LRS sender is doing, as of this frame.
    pub lrs: Option<crate::lrs::SenderStatus>,
    /// Author mode: the folder being edited, as of the last save.
    pub author: Option<Arc<AuthorView>>,
}

impl Shared {
    /// A message in the learner's language, modules named by their titles.
    pub fn words(&self, message: &Message) -> String {
        message.text(self.lang, Some(&self.course))
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
}

/// A profile being typed in.
#[derive(Debug, Clone, Default)]
pub struct ProfileForm {
    /// Narrows the list of profiles on a shared machine.
    pub search: String,
    pub employee_id: String,
    pub display_name: String,
    pub department: String,
    pub error: Option<String>,
}

/// An attempt being taken: the session, and the choices ticked on the current question.
#[derive(Debug, Clone)]
pub struct QuizState {
    pub session: Session,
    pub selection: BTreeSet<String>,
}

impl QuizState {
    fn new(session: Session) -> Self {
        Self {
            session,
            selection: BTreeSet::new(),
        }
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
}

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
    Home,
    Lessons {
        module: Arc<Module>,
        index: usize,
    },
    Quiz(Box<QuizState>),
    Result {
        module: Arc<Module>,
        review: ReviewSource,
    },
    MyData(MyDataState),
    Manager(Box<ManagerState>),
    /// Author mode's panels.
    Author(Box<AuthorState>),
    /// Choosing a folder for author mode.
    AuthorOpen {
        path: String,
    },
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

/// The Jaga window's application state.
pub struct App {
    pub shared: Shared,
    pub screen: Screen,
    pub notices: Vec<Notice>,
    commands: Vec<Command>,
    worker: Worker,
    clock: Arc<dyn Clock>,
    entropy: Box<dyn Entropy>,
    /// The last profile used, to select once the learners are known.
    last_learner: Option<String>,
    /// A native file dialog running on its own thread, and what its answer is for.
    dialog: Option<(DialogPurpose, std::sync::mpsc::Receiver<Vec<PathBuf>>)>,
    /// The attempt whose finish is waiting for the store, to show its stored review.
    awaiting_review: Option<Uuid>,
    theme_applied: Option<bool>,
    data_dir: PathBuf,
    /// Delivers results to the organisation's LRS, when a manager has set it up.
    sender: Option<crate::lrs::Sender>,
    /// Author mode's file watcher; dropping it stops watching.
    watcher: Option<crate::content::watch::Watcher>,
    /// The window title last set, to set it only when it changes.
    title: String,
    /// Print the time of the first drawn frame (the startup benchmark sets this).
    report_first_frame: bool,
}

impl App {
    /// Builds the app and starts loading in the background; returns at once so the
    /// first frame is drawn without waiting for the course or the store.
    pub fn new(cc: &eframe::CreationContext<'_>, config: AppConfig) -> Self {
        theme::install_fonts(&cc.egui_ctx);
        // Text styles must exist before the first frame's widgets ask for them.
        theme::apply(&cc.egui_ctx, false);
        egui_extras::install_image_loaders(&cc.egui_ctx);
        let ctx = cc.egui_ctx.clone();
        let mut worker = Worker::spawn(move || ctx.request_repaint());
        let now = config.clock.now();
        if config.author.is_none() && !config.ask_author_folder {
            worker.send(Job::Start {
                content: config.content.clone(),
                data_dir: config.data_dir.clone(),
                now,
            });
        }
        let mut app = Self {
            shared: Shared {
                lang: Lang::Id,
                dark: false,
                now,
                course: Arc::new(Course::default()),
                assets: Assets::Missing,
                course_problems: 0,
                learners: Vec::new(),
                data: LearnerData::default(),
                cards: Vec::new(),
                native_dialogs: config.native_dialogs,
                images: Vec::new(),
                lrs: None,
                author: None,
            },
            screen: Screen::Loading,
            notices: Vec::new(),
            commands: Vec::new(),
            worker,
            clock: config.clock,
            entropy: config.entropy,
            last_learner: None,
            dialog: None,
            awaiting_review: None,
            theme_applied: Some(false),
            data_dir: config.data_dir.clone(),
            sender: None,
            watcher: None,
            title: String::new(),
            report_first_frame: std::env::var_os("JAGA_BENCH_FIRST_FRAME").is_some(),
        };
        if let Some(dir) = config.author {
            app.start_author(dir, &cc.egui_ctx);
        } else if config.ask_author_folder {
            app.commands.push(Command::OpenAuthorForm);
        }
        app
    }

    /// Whether the window is in author mode (nothing is recorded).
    pub fn is_author_mode(&self) -> bool {
        self.watcher.is_some() || self.shared.author.is_some()
    }

    /// Switches to author mode on `dir`: loads it on the worker and watches it.
    fn start_author(&mut self, dir: PathBuf, ctx: &egui::Context) {
        let jobs = self.worker.job_sender();
        let wake = ctx.clone();
        match crate::content::watch::Watcher::start(
            &dir,
            crate::content::watch::DEFAULT_DEBOUNCE,
            move |event| {
                let _ = jobs.send(Job::AuthorEvent(event));
                wake.request_repaint();
            },
        ) {
            Ok(watcher) => self.watcher = Some(watcher),
            Err(error) => {
                self.notify_error(
                    Message::new("author-watch-failed").with("reason", error.message()),
                );
            }
        }
        self.shared.data = LearnerData::default();
        self.shared.cards.clear();
        self.screen = Screen::Loading;
        self.worker.send(Job::AuthorOpen { dir });
    }

    /// The window title: in author mode it carries the problem count, so an author sees
    /// it from their editor.
    fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.shared.author {
            Some(view) => trf(
                self.shared.lang,
                "author-window-title",
                &[
                    ("folder", view.dir.display().to_string()),
                    ("errors", view.errors.to_string()),
                    ("warnings", view.warnings.to_string()),
                ],
            ),
            None => "Jaga".to_owned(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// Takes in a new snapshot of the author's folder.
    fn author_view(&mut self, view: Arc<AuthorView>, ctx: &egui::Context) {
        if self
            .shared
            .author
            .as_ref()
            .is_some_and(|old| old.assets != view.assets || old.generation != view.generation)
        {
            // A picture may have changed on disk: read it again when shown.
            self.shared.images.clear();
            ctx.forget_all_images();
        }
        self.shared.course = Arc::clone(&view.course);
        self.shared.assets = view.assets.clone();
        self.shared.author = Some(view);
        if matches!(self.screen, Screen::Loading | Screen::AuthorOpen { .. }) {
            self.screen = Screen::Author(Box::default());
        }
        // A preview of a module that changed plays the old version; leave it to the
        // author to restart it from the panel.
    }

    /// Jobs sent to the worker and not yet answered (tests wait for zero).
    pub fn pending_jobs(&self) -> usize {
        self.worker.pending() + usize::from(self.dialog.is_some())
    }

    fn notify(&mut self, message: Message) {
        self.notices.push(Notice {
            message,
            error: false,
        });
    }

    fn notify_error(&mut self, message: Message) {
        self.notices.push(Notice {
            message,
            error: true,
        });
    }

    fn learner_id(&self) -> Option<String> {
        self.shared.data.learner.as_ref().map(|l| l.id.clone())
    }

    /// Recomputes every module's status for the current learner (on data change, not
    /// every frame).
    fn refresh_cards(&mut self) {
        let now = self.shared.now;
        let data = &self.shared.data;
        self.shared.cards = self
            .shared
            .course
            .modules
            .iter()
            .map(|module| {
                let finished: Vec<engine::Finished> = data
                    .attempts
                    .iter()
                    .filter(|a| a.module_id == module.id && a.mode == "graded")
                    .map(|a| engine::Finished {
                        at: a.finished,
                        passed: a.passed,
                    })
                    .collect();
                let open = data
                    .open
                    .iter()
                    .find(|a| a.module_id == module.id && a.mode == Mode::Graded)
                    .map(|a| (a.answered(), a.items.len()));
                let due = data
                    .due
                    .iter()
                    .find(|(m, _)| *m == module.id)
                    .map(|(_, d)| *d);
                let last = data
                    .attempts
                    .iter()
                    .filter(|a| a.module_id == module.id)
                    .max_by_key(|a| a.finished)
                    .map(|a| a.id);
                Card {
                    module: Arc::clone(module),
                    status: engine::status(&finished, open, module.validity, due, now),
                    due,
                    last,
                }
            })
            .collect();
    }

    fn handle_reply(&mut self, reply: Reply, ctx: &egui::Context) {
        match reply {
            Reply::Started {
                course,
                assets,
                diagnostics,
                report,
                learners,
                settings,
            } => {
                for (key, value) in settings {
                    match key.as_str() {
                        keys::LANGUAGE => {
                            if let Some(lang) = Lang::from_code(&value) {
                                self.shared.lang = lang;
                            }
                        }
                        keys::THEME => self.shared.dark = value == "dark",
                        keys::LAST_LEARNER => self.last_learner = Some(value),
                        _ => {}
                    }
                }
                // The sender opens its own connection to the store, now that it exists.
                self.sender = crate::lrs::Sender::spawn(crate::lrs::SenderOptions {
                    clock: Arc::clone(&self.clock),
                    ..crate::lrs::SenderOptions::new(self.data_dir.clone(), Arc::clone(&course))
                })
                .ok();
                self.shared.course = course;
                self.shared.assets = assets;
                self.shared.course_problems = diagnostics
                    .iter()
                    .filter(|d| d.is_error())
                    .map(|d| d.file.clone())
                    .collect::<BTreeSet<_>>()
                    .len();
                if let (Some(path), Some(reason)) = (report.moved_aside, report.damage) {
                    self.notify_error(
                        Message::new("notice-store-moved")
                            .with("reason", reason.message())
                            .with("path", path),
                    );
                }
                if report.purged > 0 {
                    self.notify(Message::new("notice-purged").with("count", report.purged));
                }
                self.shared.learners = learners;
                let last = self
                    .last_learner
                    .clone()
                    .filter(|id| self.shared.learners.iter().any(|l| &l.id == id));
                self.screen = match (last, self.shared.learners.is_empty()) {
                    (Some(id), _) => {
                        self.worker.send(Job::LoadLearner { learner_id: id });
                        Screen::Loading
                    }
                    (None, true) => Screen::Welcome,
                    (None, false) => Screen::Profiles {
                        creating: false,
                        form: ProfileForm::default(),
                    },
                };
            }
            Reply::StartFailed(reason) => {
                self.screen =
                    Screen::Failed(Message::new("error-store-open").with("reason", reason));
            }
            Reply::LearnerCreated(learner) => {
                self.screen = Screen::Loading;
                self.shared.learners.push(learner.clone());
                self.shared
                    .learners
                    .sort_by_key(|l| l.display_name.to_lowercase());
                self.worker.send(Job::LoadLearner {
                    learner_id: learner.id,
                });
            }
            Reply::LearnerLoaded(data) => {
                self.shared.data = *data;
                self.refresh_cards();
                if let Some(id) = self.awaiting_review.take()
                    && let Screen::Result { review, .. } = &mut self.screen
                    && self.shared.attempt_record(id).is_some()
                {
                    *review = ReviewSource::Stored(id);
                }
                // Only a learner being opened moves the screen; a reload behind the
                // manager area or a result leaves it where it is.
                if matches!(self.screen, Screen::Loading) {
                    self.screen = self.resume_or_home();
                }
            }
            Reply::Applied(Some(record)) => {
                if let Some(sender) = &self.sender {
                    sender.wake();
                }
                self.awaiting_review = Some(record.id);
                if let Some(id) = self.learner_id() {
                    self.worker.send(Job::LoadLearner { learner_id: id });
                }
            }
            Reply::Saved | Reply::Applied(None) | Reply::AuthorUnchanged => {}
            Reply::CertificateSaved(path) => {
                self.notify(Message::new("certificate-saved").with("path", path));
            }
            Reply::Exported(path) => {
                self.notify(Message::new("mydata-export-done").with("path", path));
            }
            Reply::Erased => {
                let erased = self.learner_id();
                self.shared
                    .learners
                    .retain(|l| Some(&l.id) != erased.as_ref());
                self.shared.data = LearnerData::default();
                self.shared.cards.clear();
                self.last_learner = None;
                self.notify(Message::new("mydata-erased"));
                self.screen = if self.shared.learners.is_empty() {
                    Screen::Welcome
                } else {
                    Screen::Profiles {
                        creating: false,
                        form: ProfileForm::default(),
                    }
                };
            }
            Reply::Failed(error) => match error {
                JobError::DuplicateEmployee(id) => {
                    let message = Message::new("profile-error-duplicate").with("id", id);
                    if let Screen::Profiles { form, .. } = &mut self.screen {
                        form.error = Some(message.text(self.shared.lang, None));
                    } else {
                        self.notify_error(message);
                    }
                }
                JobError::Failed(reason) => {
                    self.notify_error(Message::new("error-saving").with("reason", reason));
                }
            },
            Reply::Manager(reply) => self.handle_manager_reply(reply),
            Reply::Author(view) | Reply::AuthorChanged(view) => self.author_view(view, ctx),
            Reply::Images(images) => {
                for (path, bytes) in images {
                    ctx.include_bytes(format!("bytes://{path}"), bytes.clone());
                    self.shared.images.push((path, bytes));
                }
            }
        }
    }

    fn manager(&mut self) -> Option<&mut ManagerState> {
        match &mut self.screen {
            Screen::Manager(state) => Some(state),
            _ => None,
        }
    }

    fn load_dashboard(&mut self) {
        let lang = self.shared.lang;
        let now = self.clock.now();
        self.worker
            .send(Job::Manager(ManagerJob::Dashboard { lang, now }));
    }

    fn handle_manager_reply(&mut self, reply: ManagerReply) {
        let lang = self.shared.lang;
        match reply {
            ManagerReply::LockStatus { has_passphrase } => {
                if let Some(state) = self.manager() {
                    state.lock = if has_passphrase {
                        LockState::Locked {
                            passphrase: String::new(),
                            error: None,
                            retry_at: None,
                        }
                    } else {
                        LockState::Setup {
                            passphrase: String::new(),
                            repeat: String::new(),
                            error: None,
                        }
                    };
                }
            }
            ManagerReply::PassphraseSet => {
                let mut was_open = false;
                if let Some(state) = self.manager() {
                    was_open = state.lock == LockState::Unlocked;
                    state.lock = LockState::Unlocked;
                    if was_open {
                        state.data_tab.message =
                            Some((vec![Message::new("data-passphrase-changed")], false));
                    }
                }
                if !was_open {
                    self.load_dashboard();
                }
            }
            ManagerReply::Unlock(result) => {
                let unlocked = matches!(result, crate::store::Unlock::Unlocked);
                if let Some(state) = self.manager() {
                    state.lock = match result {
                        crate::store::Unlock::Unlocked => LockState::Unlocked,
                        crate::store::Unlock::NotSet => LockState::Setup {
                            passphrase: String::new(),
                            repeat: String::new(),
                            error: None,
                        },
                        crate::store::Unlock::Wrong { retry_at } => LockState::Locked {
                            passphrase: String::new(),
                            error: Some(tr(lang, "mgr-wrong")),
                            retry_at: Some(retry_at),
                        },
                        crate::store::Unlock::Wait { retry_at } => LockState::Locked {
                            passphrase: String::new(),
                            error: None,
                            retry_at: Some(retry_at),
                        },
                    };
                }
                if unlocked {
                    self.load_dashboard();
                }
            }
            ManagerReply::Dashboard(data) => {
                if let Some(state) = self.manager() {
                    state.data = Some(data);
                    state.view.dirty = true;
                }
            }
            ManagerReply::Done { lines, changed } => {
                let reload = changed && self.manager().is_some();
                if let Some(state) = self.manager() {
                    state.data_tab.message = Some((lines, false));
                }
                if reload {
                    self.load_dashboard();
                }
            }
            ManagerReply::LrsChanged(what) => {
                if let Some(sender) = &self.sender {
                    sender.reload();
                }
                if let Some(state) = self.manager() {
                    state.data_tab.message = Some((vec![what], false));
                    state.data_tab.lrs_secret.clear();
                }
            }
            ManagerReply::Failed(reason) => match self.manager() {
                Some(state) if state.lock == LockState::Unlocked => {
                    state.data_tab.message = Some((vec![reason], true));
                }
                _ => self.notify_error(Message::new("error-saving").with("reason", reason)),
            },
        }
    }

    /// After loading a learner: straight back into an open graded attempt, else home.
    fn resume_or_home(&mut self) -> Screen {
        let open = self
            .shared
            .data
            .open
            .iter()
            .find(|a| a.mode == Mode::Graded)
            .cloned();
        if let Some(attempt) = open
            && let Some(screen) = self.resume(attempt)
        {
            return screen;
        }
        Screen::Home
    }

    /// A quiz screen for a stored open attempt, when its module is unchanged; otherwise
    /// the attempt is discarded and the learner told.
    fn resume(&mut self, attempt: Attempt) -> Option<Screen> {
        match Session::resume(&self.shared.course, attempt) {
            Resumed::Session(session) => Some(Screen::Quiz(Box::new(QuizState::new(*session)))),
            Resumed::Discarded(effects) => {
                self.apply_effects(effects);
                None
            }
        }
    }

    /// Carries out what a session asked for: notices are shown, the in-memory copy of
    /// the learner's data follows, and every write goes to the worker, in order.
    fn apply_effects(&mut self, effects: Vec<Effect>) {
        if effects.is_empty() {
            return;
        }
        let mut writes = Vec::new();
        for effect in effects {
            match &effect {
                Effect::Notice(notice) => self.notify(session_notice(notice)),
                _ => {
                    self.shared.data.note(&effect);
                    writes.push(effect);
                }
            }
        }
        self.refresh_cards();
        if let (Some(learner_id), false) = (self.learner_id(), writes.is_empty()) {
            self.worker.send(Job::Apply {
                learner_id,
                effects: writes,
                now: self.clock.now(),
            });
        }
    }

    fn apply(&mut self, command: Command, ctx: &egui::Context) {
        let now = self.clock.now();
        match command {
            Command::SetLanguage(lang) => {
                self.shared.lang = lang;
                self.worker.send(Job::SetSetting {
                    key: keys::LANGUAGE,
                    value: lang.code().to_owned(),
                });
            }
            Command::SetDark(dark) => {
                self.shared.dark = dark;
                self.worker.send(Job::SetSetting {
                    key: keys::THEME,
                    value: if dark { "dark" } else { "light" }.to_owned(),
                });
            }
            Command::AcceptWelcome | Command::ShowProfiles => {
                self.screen = Screen::Profiles {
                    creating: self.shared.learners.is_empty(),
                    form: ProfileForm::default(),
                };
            }
            Command::CreateLearner(new) => {
                let id = self.entropy.uuid();
                self.worker.send(Job::CreateLearner { new, id, now });
            }
            Command::SelectLearner(id) => {
                self.shared.data = LearnerData::default();
                self.screen = Screen::Loading;
                self.worker.send(Job::LoadLearner { learner_id: id });
            }
            Command::GoHome => {
                if self.is_author_mode() {
                    self.screen = Screen::Author(Box::default());
                    return;
                }
                self.refresh_cards();
                self.screen = Screen::Home;
            }
            Command::OpenModule(id) => {
                if let Some(module) = self.shared.module(&id).cloned() {
                    self.load_images(&module);
                    self.screen = Screen::Lessons { module, index: 0 };
                }
            }
            Command::StartQuiz { module, practice } => self.start_quiz(&module, practice, now),
            Command::ResumeQuiz(module_id) => {
                let open = self
                    .shared
                    .data
                    .open
                    .iter()
                    .find(|a| a.module_id == module_id)
                    .cloned();
                if let Some(screen) = open.and_then(|a| self.resume(a)) {
                    self.screen = screen;
                }
            }
            Command::SubmitAnswer => self.submit_answer(),
            Command::NextQuestion => self.next_question(now),
            Command::ScenarioChoose(choice) => self.scenario_choose(&choice),
            Command::ScenarioBack => {
                if let Screen::Quiz(quiz) = &mut self.screen
                    && let Ok(effects) = quiz.session.back()
                {
                    self.apply_effects(effects);
                }
            }
            Command::LeaveQuiz if self.is_author_mode() => {
                self.screen = Screen::Author(Box::default());
            }
            Command::LeaveQuiz => {
                self.notify(Message::new("quiz-saved"));
                self.refresh_cards();
                self.screen = Screen::Home;
            }
            Command::ShowResult { module, attempt } => {
                if let Some(module) = self.shared.module(&module).cloned() {
                    self.screen = Screen::Result {
                        module,
                        review: ReviewSource::Stored(attempt),
                    };
                }
            }
            Command::OpenMyData => {
                let default = default_export_path(self.shared.learner(), now);
                self.screen = Screen::MyData(MyDataState {
                    export_path: default.display().to_string(),
                    confirm_erase: false,
                });
            }
            Command::ChooseExportFile => {
                let suggested = default_export_path(self.shared.learner(), now);
                self.open_dialog(ctx, DialogPurpose::MyData, suggested, "json");
            }
            Command::SaveCertificate { module } => {
                let Some(learner_id) = self.learner_id() else {
                    return;
                };
                let lang = self.shared.lang;
                if self.shared.native_dialogs {
                    let name = format!("jaga-certificate-{module}.pdf");
                    self.open_dialog(
                        ctx,
                        DialogPurpose::Certificate(module),
                        documents_dir().join(name),
                        "pdf",
                    );
                } else {
                    self.worker.send(Job::Certificate {
                        learner_id,
                        module_id: module,
                        target: SaveTarget::Folder(documents_dir()),
                        lang,
                    });
                }
            }
            Command::ExportMyData(path) => {
                if let Some(learner_id) = self.learner_id() {
                    self.worker.send(Job::ExportLearner {
                        learner_id,
                        path,
                        now,
                    });
                }
            }
            Command::EraseMe => {
                if let Some(learner_id) = self.learner_id() {
                    self.worker.send(Job::EraseLearner { learner_id });
                }
            }
            Command::OpenManager => {
                self.screen = Screen::Manager(Box::default());
                self.worker.send(Job::Manager(ManagerJob::LockStatus));
            }
            Command::SetPassphrase(passphrase) => {
                if let Some(state) = self.manager()
                    && state.lock != LockState::Unlocked
                {
                    state.lock = LockState::Verifying;
                }
                self.worker
                    .send(Job::Manager(ManagerJob::SetPassphrase(passphrase)));
            }
            Command::Unlock(passphrase) => {
                if let Some(state) = self.manager() {
                    state.lock = LockState::Verifying;
                }
                self.worker
                    .send(Job::Manager(ManagerJob::Unlock { passphrase, now }));
            }
            Command::LockManager => {
                self.screen = if self.shared.data.learner.is_some() {
                    Screen::Home
                } else if self.shared.learners.is_empty() {
                    Screen::Welcome
                } else {
                    Screen::Profiles {
                        creating: false,
                        form: ProfileForm::default(),
                    }
                };
            }
            Command::SetDueDate {
                module,
                department,
                date,
            } => self.worker.send(Job::Manager(ManagerJob::SetDueDate {
                module,
                department,
                date,
            })),
            Command::ClearDueDate { module, department } => {
                self.worker.send(Job::Manager(ManagerJob::ClearDueDate {
                    module,
                    department,
                }));
            }
            Command::SetRetention(days) => self
                .worker
                .send(Job::Manager(ManagerJob::SetRetention(days))),
            Command::ChooseReportFile(format) => {
                let (bom, filter) = match self.manager() {
                    Some(state) => (state.data_tab.bom, state.view.filter()),
                    None => return,
                };
                let name = crate::report::export::default_file_name(format, now);
                self.open_dialog(
                    ctx,
                    DialogPurpose::Report {
                        format,
                        bom,
                        filter,
                    },
                    documents_dir().join(name),
                    format.extension(),
                );
            }
            Command::ExportReport {
                format,
                bom,
                filter,
                path,
            } => self.worker.send(Job::Manager(ManagerJob::Export {
                format,
                bom,
                filter,
                path,
                lang: self.shared.lang,
                now,
            })),
            Command::OpenAuthorForm => {
                self.screen = Screen::AuthorOpen {
                    path: std::env::current_dir()
                        .map(|d| d.join("content").display().to_string())
                        .unwrap_or_default(),
                };
            }
            Command::ChooseAuthorFolder => {
                self.open_dialog(
                    ctx,
                    DialogPurpose::AuthorFolder,
                    documents_dir().join("x"),
                    "ron",
                );
            }
            Command::OpenAuthor(dir) => self.start_author(dir, ctx),
            Command::PreviewQuiz(module_id) => {
                if let Some(module) = self.shared.module(&module_id).cloned() {
                    self.load_images(&module);
                    let (session, _) = Session::start(
                        &module,
                        &[],
                        Sitting::Preview,
                        self.entropy.as_mut(),
                        self.shared.lang.code(),
                        now,
                    );
                    self.screen = Screen::Quiz(Box::new(QuizState::new(session)));
                }
            }
            Command::PreviewQuestion {
                module,
                question,
                node,
            } => {
                if let Some(screen) =
                    self.preview_question(&module, &question, node.as_deref(), now)
                {
                    self.screen = screen;
                }
            }
            Command::ConfigureLrs(config) => self
                .worker
                .send(Job::Manager(ManagerJob::LrsConfigure { config, now })),
            Command::LrsOff => self.worker.send(Job::Manager(ManagerJob::LrsOff)),
            Command::SendNow => {
                if let Some(sender) = &self.sender {
                    sender.wake();
                }
            }
            Command::ChooseBundles => {
                self.open_dialog(
                    ctx,
                    DialogPurpose::Bundles,
                    documents_dir().join("x"),
                    "json",
                );
            }
            Command::ImportBundles(paths) => {
                self.worker
                    .send(Job::Manager(ManagerJob::Import { paths, now }));
            }
            Command::MakeBundle(path) => {
                let machine = self.entropy.uuid();
                self.worker
                    .send(Job::Manager(ManagerJob::Bundle { path, machine, now }));
            }
            Command::MakeCertificates(dir) => {
                let filter = self.manager().map(|state| {
                    let view = state.view.filter();
                    crate::certificate::CertificateFilter {
                        department: view.department,
                        module: view.module,
                    }
                });
                self.worker.send(Job::Manager(ManagerJob::Certificates {
                    dir,
                    filter: filter.unwrap_or_default(),
                    lang: self.shared.lang,
                }));
            }
            Command::DismissNotice(i) => {
                if i < self.notices.len() {
                    self.notices.remove(i);
                }
            }
        }
    }

    /// Opens a native save dialog on its own thread; its answer arrives in a later frame.
    fn open_dialog(
        &mut self,
        ctx: &egui::Context,
        purpose: DialogPurpose,
        suggested: PathBuf,
        extension: &'static str,
    ) {
        if !self.shared.native_dialogs || self.dialog.is_some() {
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        let pick = matches!(purpose, DialogPurpose::Bundles);
        let folder = matches!(purpose, DialogPurpose::AuthorFolder);
        let spawned = std::thread::Builder::new()
            .name("jaga-dialog".to_owned())
            .spawn(move || {
                let mut dialog =
                    rfd::FileDialog::new().add_filter(extension.to_uppercase(), &[extension]);
                if let Some(dir) = suggested.parent() {
                    dialog = dialog.set_directory(dir);
                }
                let paths = if folder {
                    dialog.pick_folder().into_iter().collect()
                } else if pick {
                    dialog.pick_files().unwrap_or_default()
                } else {
                    if let Some(name) = suggested.file_name() {
                        dialog = dialog.set_file_name(name.to_string_lossy());
                    }
                    dialog.save_file().into_iter().collect()
                };
                let _ = tx.send(paths);
                ctx.request_repaint();
            });
        if spawned.is_ok() {
            self.dialog = Some((purpose, rx));
        }
    }

    /// Acts on what a native dialog answered; nothing when it was cancelled.
    fn dialog_answered(&mut self, purpose: DialogPurpose, paths: Vec<PathBuf>) {
        let Some(first) = paths.first().cloned() else {
            return;
        };
        match purpose {
            DialogPurpose::MyData => self.commands.push(Command::ExportMyData(first)),
            DialogPurpose::Certificate(module) => {
                if let Some(learner_id) = self.learner_id() {
                    self.worker.send(Job::Certificate {
                        learner_id,
                        module_id: module,
                        target: SaveTarget::File(first),
                        lang: self.shared.lang,
                    });
                }
            }
            DialogPurpose::Report {
                format,
                bom,
                filter,
            } => {
                self.commands.push(Command::ExportReport {
                    format,
                    bom,
                    filter,
                    path: first,
                });
            }
            DialogPurpose::Bundles => self.commands.push(Command::ImportBundles(paths)),
            DialogPurpose::AuthorFolder => self.commands.push(Command::OpenAuthor(first)),
        }
    }

    fn load_images(&mut self, module: &Module) {
        let wanted: Vec<String> = module
            .lessons
            .iter()
            .flat_map(|l| &l.blocks)
            .filter_map(|b| match b {
                crate::content::Block::Image { path, .. } => Some(path.clone()),
                _ => None,
            })
            .filter(|p| !self.shared.images.iter().any(|(have, _)| have == p))
            .collect();
        if !wanted.is_empty() {
            self.worker.send(Job::LoadImages {
                assets: self.shared.assets.clone(),
                paths: wanted,
            });
        }
    }

    /// A one-question quiz of `question` (from `node` for a scenario), for the author's
    /// preview: the module's other questions are left out.
    fn preview_question(
        &mut self,
        module_id: &str,
        question_id: &str,
        node: Option<&str>,
        now: DateTime<Utc>,
    ) -> Option<Screen> {
        let module = self.shared.module(module_id)?;
        let session = Session::preview_question(
            module,
            question_id,
            node,
            self.entropy.as_mut(),
            self.shared.lang.code(),
            now,
        )?;
        Some(Screen::Quiz(Box::new(QuizState::new(session))))
    }

    fn start_quiz(&mut self, module_id: &str, practice: bool, now: DateTime<Utc>) {
        let Some(module) = self.shared.module(module_id).cloned() else {
            return;
        };
        let sitting = if self.is_author_mode() {
            Sitting::Preview
        } else if practice {
            Sitting::Practice
        } else {
            Sitting::Graded
        };
        let (session, effects) = Session::start(
            &module,
            &self.shared.data.open,
            sitting,
            self.entropy.as_mut(),
            self.shared.lang.code(),
            now,
        );
        self.screen = Screen::Quiz(Box::new(QuizState::new(session)));
        self.apply_effects(effects);
    }

    fn submit_answer(&mut self) {
        let Screen::Quiz(quiz) = &mut self.screen else {
            return;
        };
        let chosen: Vec<String> = quiz.selection.iter().cloned().collect();
        match quiz.session.answer(&chosen) {
            Ok(effects) => {
                if quiz.session.shown.is_some() {
                    quiz.selection.clear();
                }
                self.apply_effects(effects);
            }
            // Nothing chosen: the button is disabled, so this is a stray Enter key.
            Err(engine::EngineError::NothingChosen) => {}
            Err(error) => self.notify_error(error.message()),
        }
    }

    fn scenario_choose(&mut self, choice: &str) {
        let Screen::Quiz(quiz) = &mut self.screen else {
            return;
        };
        match quiz.session.choose(choice) {
            Ok(effects) => self.apply_effects(effects),
            Err(error) => self.notify_error(error.message()),
        }
    }

    /// Moves past the feedback shown; finishes the attempt after the last question.
    fn next_question(&mut self, now: DateTime<Utc>) {
        let Screen::Quiz(quiz) = &mut self.screen else {
            return;
        };
        let Ok((step, effects)) = quiz.session.next(now) else {
            return;
        };
        if step == Step::Next {
            return;
        }
        let module = Arc::clone(&quiz.session.module);
        let attempt = quiz.session.attempt.clone();
        self.apply_effects(effects);
        self.screen = Screen::Result {
            module,
            review: ReviewSource::Fresh(Box::new(attempt)),
        };
    }

    /// Draws one frame and applies what it asked for. Public so the startup benchmark
    /// and tests drive exactly what the window runs.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.shared.now = self.clock.now();
        if matches!(self.screen, Screen::Manager(_)) {
            self.shared.lrs = self.sender.as_ref().map(crate::lrs::Sender::status);
        }
        for reply in self.worker.replies() {
            self.handle_reply(reply, &ctx);
        }
        if let Some((purpose, rx)) = &self.dialog
            && let Ok(paths) = rx.try_recv()
        {
            let purpose = purpose.clone();
            self.dialog = None;
            self.dialog_answered(purpose, paths);
        }
        if self.theme_applied != Some(self.shared.dark) {
            theme::apply(&ctx, self.shared.dark);
            self.theme_applied = Some(self.shared.dark);
        }

        let mut out = std::mem::take(&mut self.commands);
        screens::top_bar(ui, &self.shared, &self.screen, &mut out);
        egui::CentralPanel::default().show(ui, |ui| {
            screens::notices(ui, &self.shared, &self.notices, &mut out);
            screens::screen(ui, &self.shared, &mut self.screen, &mut out);
        });
        for command in out {
            self.apply(command, &ctx);
        }
        self.update_title(&ctx);
        if self.report_first_frame {
            self.report_first_frame = false;
            let ms = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis());
            eprintln!("first-frame-epoch-ms={ms}");
        }
        if self.worker.pending() > 0 || self.dialog.is_some() {
            // Keep polling while the worker or a dialog has something for us.
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }
}

/// The user's documents folder, else their home, else the working folder.
fn documents_dir() -> PathBuf {
    directories::UserDirs::new()
        .map(|d| d.document_dir().unwrap_or(d.home_dir()).to_owned())
        .unwrap_or_default()
}

/// `~/jaga-my-data-EMPLOYEE-2026-11-29.json`, or in the working folder without a home.
fn default_export_path(learner: Option<&Learner>, now: DateTime<Utc>) -> PathBuf {
    let employee: String = learner
        .map_or("learner", |l| l.employee_id.as_str())
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let name = format!("jaga-my-data-{employee}-{}.json", now.format("%Y-%m-%d"));
    directories::UserDirs::new()
        .map(|d| d.document_dir().unwrap_or(d.home_dir()).to_owned())
        .unwrap_or_default()
        .join(name)
}

/// What a session tells the learner, as a message.
fn session_notice(notice: &SessionNotice) -> Message {
    match notice {
        SessionNotice::ContentChanged { module_id } => {
            Message::new("notice-content-changed").module("module", module_id)
        }
        SessionNotice::ModuleGone => Message::new("notice-module-gone"),
    }
}
