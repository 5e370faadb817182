//! The application: it owns the state, draws a frame, and is the one place that applies
//! the commands screens emit.
//!
//! Each frame the app takes the worker's replies, draws the current screen from its state
//! (screens edit only their own fields and push [`Command`]s), then applies the commands,
//! each by its area: the window itself here, the learner's side in `learner`, the
//! manager's in `manager`, author mode in `author`. The core's session rules change the
//! attempt; any saving is handed to the worker. Nothing in drawing code touches a file or
//! the database.

mod access;
mod author;
mod files;
mod focus;
mod learner;
mod maintenance;
mod manager;
mod nudge;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use eframe::egui;
use uuid::Uuid;

use crate::clock::{Clock, Entropy};
use crate::content::{Assets, ContentSource, Course};
use crate::i18n::{Lang, Localized as _, Message};
use crate::service::learner::LearnerData;
use crate::store::keys;
use crate::ui::command::{Area, Command, DialogPurpose};
use crate::ui::screens;
use crate::ui::state::{AppView, Notice, ReviewSource, Screen};
use crate::ui::theme;
use crate::ui::worker::{Job, JobError, Reply, Worker};

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
    /// The organisation's policy (none in tests unless a test gives one).
    pub policy: crate::policy::Loaded,
    /// Shows the refresher nudge on the desktop (tests record instead).
    pub notifier: Arc<dyn crate::ui::notify::Notifier>,
}

/// The Jaga window's application state.
pub struct App {
    pub shared: AppView,
    pub screen: Screen,
    pub notices: Vec<Notice>,
    commands: Vec<Command>,
    worker: Worker,
    clock: Arc<dyn Clock>,
    entropy: Box<dyn Entropy>,
    /// The last profile used, to open once the learners are known (on a personal
    /// computer only).
    last_learner: Option<String>,
    /// When the person last touched the keyboard or mouse: a shared computer signs the
    /// learner out after the manager's idle time.
    last_input: chrono::DateTime<chrono::Utc>,
    /// A native file dialog running on its own thread, and what its answer is for.
    dialog: Option<(
        DialogPurpose,
        std::sync::mpsc::Receiver<files::DialogAnswer>,
    )>,
    /// Saves sent to the worker and not yet answered, to offer replacing a file in the way.
    pending_saves:
        std::collections::BTreeMap<crate::ui::command::SaveKind, crate::ui::command::SaveWhat>,
    /// The attempt whose finish is waiting for the store, to show its stored review.
    awaiting_review: Option<Uuid>,
    theme_applied: Option<theme::ThemeKind>,
    /// The zoom level last saved (Ctrl+Plus/Minus change it; it is remembered).
    zoom_saved: f32,
    keyboard: focus::Keyboard,
    data_dir: PathBuf,
    /// Delivers results to the organisation's LRS, when a manager has set it up.
    sender: Option<crate::lrs::Sender>,
    /// Author mode's file watcher; dropping it stops watching.
    watcher: Option<crate::authoring::watch::Watcher>,
    /// The window title last set, to set it only when it changes.
    title: String,
    /// Print the time of the first drawn frame (the startup benchmark sets this).
    report_first_frame: bool,
    /// The whole-file check running on its own thread: its answer, a message when it
    /// found damage or could not run.
    check: Option<std::sync::mpsc::Receiver<Option<Message>>>,
    /// When the idle-time maintenance was last sent, and whether it is running.
    maintained_at: Option<chrono::DateTime<chrono::Utc>>,
    maintaining: bool,
    /// Starts the author's editor; tests put one in that records instead.
    launcher: Box<dyn crate::authoring::editor::Launcher>,
    notifier: Arc<dyn crate::ui::notify::Notifier>,
}

impl App {
    /// Applies one command, by the area it belongs to.
    fn apply(&mut self, command: Command, ctx: &egui::Context) {
        match command.area() {
            Area::Window => self.apply_app(&command),
            Area::Files => self.apply_files(command, ctx),
            Area::Access => self.apply_access(command),
            Area::Learner => self.apply_learner(command),
            Area::Manager => self.apply_manager(command, ctx),
            Area::Author => self.apply_author(command, ctx),
        }
    }

    /// Applies a command of the whole window (language, theme, notices).
    fn apply_app(&mut self, command: &Command) {
        match *command {
            Command::SetLanguage(lang) => {
                self.shared.lang = lang;
                self.worker.send(Job::SetSetting {
                    key: keys::LANGUAGE,
                    value: lang.code().to_owned(),
                });
                // The manager's figures carry module and track titles: read them again in
                // the new language.
                if self.manager().is_some_and(|state| state.data.is_some()) {
                    self.load_dashboard();
                }
            }
            Command::SetTheme(kind) => {
                self.shared.theme = kind;
                self.worker.send(Job::SetSetting {
                    key: keys::THEME,
                    value: kind.code().to_owned(),
                });
            }
            Command::SkipToContent => self.keyboard.skip_to_content = true,
            Command::DismissNotice(i) if i < self.notices.len() => {
                self.notices.remove(i);
            }
            _ => {}
        }
    }

    /// Builds the app and starts loading in the background; returns at once so the
    /// first frame is drawn without waiting for the course or the store.
    pub fn new(cc: &eframe::CreationContext<'_>, config: AppConfig) -> Self {
        theme::install_fonts(&cc.egui_ctx);
        // Text styles must exist before the first frame's widgets ask for them.
        theme::apply(&cc.egui_ctx, theme::ThemeKind::Light);
        egui_extras::install_image_loaders(&cc.egui_ctx);
        let ctx = cc.egui_ctx.clone();
        let mut worker = Worker::spawn(move || ctx.request_repaint());
        let now = config.clock.now();
        // The organisation's course wins over the built-in one (author mode works on the
        // author's own folder).
        let content = config
            .policy
            .policy
            .content_folder
            .clone()
            .map_or_else(|| config.content.clone(), ContentSource::Dir);
        if config.author.is_none() && !config.ask_author_folder {
            worker.send(Job::Start {
                content,
                data_dir: config.data_dir.clone(),
                now,
                policy: config.policy.policy.clone(),
            });
        }
        let mut app = Self {
            shared: AppView {
                lang: Lang::Id,
                theme: theme::ThemeKind::Light,
                now,
                course: Arc::new(Course::default()),
                assets: Assets::Missing,
                course_problems: 0,
                learners: Vec::new(),
                data: LearnerData::default(),
                cards: Vec::new(),
                refreshers: crate::engine::Queue::default(),
                native_dialogs: config.native_dialogs,
                images: Vec::new(),
                lrs: None,
                saves: std::collections::BTreeMap::new(),
                author: None,
                editor_template: None,
                machine: crate::service::access::Machine::default(),
                policy: Arc::new(config.policy.clone()),
            },
            screen: Screen::Loading,
            notices: Vec::new(),
            commands: Vec::new(),
            worker,
            clock: config.clock,
            entropy: config.entropy,
            last_learner: None,
            last_input: now,
            dialog: None,
            pending_saves: std::collections::BTreeMap::new(),
            awaiting_review: None,
            theme_applied: Some(theme::ThemeKind::Light),
            zoom_saved: 1.0,
            keyboard: focus::Keyboard::default(),
            data_dir: config.data_dir.clone(),
            sender: None,
            watcher: None,
            title: String::new(),
            report_first_frame: std::env::var_os("JAGA_BENCH_FIRST_FRAME").is_some(),
            check: None,
            maintained_at: None,
            maintaining: false,
            launcher: Box::new(crate::authoring::editor::SpawnLauncher),
            notifier: config.notifier,
        };
        for problem in &config.policy.problems {
            app.notify_error(problem.to_message());
        }
        if !config.policy.problems.is_empty() {
            app.notify_error(Message::new("policy-safe-defaults"));
        }
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

    fn handle_reply(&mut self, reply: Reply, ctx: &egui::Context) {
        match reply {
            Reply::Started {
                course,
                assets,
                diagnostics,
                report,
                learners,
                settings,
                machine,
            } => {
                for (key, value) in settings {
                    match key.as_str() {
                        keys::LANGUAGE => {
                            if let Some(lang) = Lang::from_code(&value) {
                                self.shared.lang = lang;
                            }
                        }
                        keys::THEME => {
                            self.shared.theme =
                                theme::ThemeKind::from_code(&value).unwrap_or_default();
                        }
                        keys::ZOOM => {
                            if let Ok(zoom) = value.parse::<f32>()
                                && (0.5..=4.0).contains(&zoom)
                            {
                                ctx.set_zoom_factor(zoom);
                                self.zoom_saved = zoom;
                            }
                        }
                        keys::LAST_LEARNER => self.last_learner = Some(value),
                        keys::EDITOR => self.shared.editor_template = Some(value),
                        _ => {}
                    }
                }
                // The sender opens its own connection to the store, now that it exists.
                self.sender = crate::lrs::Sender::spawn(crate::lrs::SenderOptions {
                    clock: Arc::clone(&self.clock),
                    policy: self.shared.policy.policy.overrides(),
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
                if report.check_due.is_some() {
                    // On its own thread and connection: nobody waits for it.
                    self.start_check(ctx);
                }
                self.shared.learners = learners;
                self.shared.machine = machine;
                self.open_first_screen();
            }
            Reply::StartFailed(reason) => {
                self.screen =
                    Screen::Failed(Message::new("error-store-open").with("reason", reason));
            }
            Reply::LearnerCreated(learner) => self.learner_created(learner),
            Reply::SignIn(outcome) => self.signed_in(outcome),
            Reply::PinChanged(access) => self.pin_changed(access),
            Reply::Machine(machine) => self.shared.machine = machine,
            Reply::LearnerLoaded(data) => {
                let opening = matches!(self.screen, Screen::Loading);
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
                if opening {
                    self.after_sign_in();
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
            Reply::Refreshed(items) => {
                if let Some(sender) = &self.sender {
                    sender.wake();
                }
                for item in &items {
                    self.refreshed(item);
                }
            }
            Reply::Saved | Reply::Applied(None) | Reply::AuthorUnchanged => {}
            Reply::Maintained(done) => self.maintained(done, ctx),
            Reply::Editor { template, saved } => self.editor_reply(template, saved),
            Reply::Wrote(kind, outcome) => self.wrote(kind, outcome),
            Reply::Erased => {
                let erased = self.learner_id();
                self.shared
                    .learners
                    .retain(|l| Some(&l.id) != erased.as_ref());
                self.clear_learner();
                self.last_learner = None;
                self.notify(Message::new("mydata-erased"));
                self.screen = self.profile_list();
            }
            Reply::Failed(error) => match error {
                JobError::Form(message) => match &mut self.screen {
                    Screen::Profiles { form, .. } => form.error = Some(message),
                    Screen::SetPin { form, .. } => form.error = Some(message),
                    Screen::MyData(state) => state.pin.error = Some(message),
                    _ => self.notify_error(message),
                },
                JobError::Failed(reason) => {
                    // A sign-in that failed leaves nothing open.
                    if matches!(self.screen, Screen::Loading) && self.shared.learner().is_none() {
                        self.screen = self.profile_list();
                    }
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

    /// Draws one frame and applies what it asked for. Public so the startup benchmark
    /// and tests drive exactly what the window runs.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.shared.now = self.clock.now();
        // A new day: the cards' statuses and the day's refreshers are computed again.
        if self
            .shared
            .refreshers
            .until
            .is_some_and(|until| self.shared.now > until)
        {
            self.refresh_cards();
        }
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
        self.watch_idle(&ctx);
        self.maintain(&ctx);
        self.nudge();
        if self.theme_applied != Some(self.shared.theme) {
            theme::apply(&ctx, self.shared.theme);
            self.theme_applied = Some(self.shared.theme);
        }
        self.keyboard_frame(&ctx);

        let mut out = std::mem::take(&mut self.commands);
        screens::top_bar(ui, &self.shared, &self.screen, &mut out);
        egui::CentralPanel::default().show(ui, |ui| {
            screens::notices(ui, &self.shared, &self.notices, &mut out);
            screens::screen(ui, &self.shared, &mut self.screen, &mut out);
        });
        for command in out {
            self.apply(command, &ctx);
        }
        self.after_frame(&ctx);
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

    /// The window is closing: every save and record still queued is written first.
    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.close();
    }
}

impl App {
    /// Finishes the worker's queue (bounded by [`crate::ui::worker::DRAIN_LIMIT`]) and
    /// asks the LRS sender to stop. Called when the window closes; dropping the app does the
    /// same.
    pub fn close(&mut self) {
        self.worker.shutdown(crate::ui::worker::DRAIN_LIMIT);
        // The sender stops after the request in hand; it holds nothing the store lacks.
        self.sender = None;
    }
}
