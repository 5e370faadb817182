//! The manager's side of the app: the lock, the dashboard, tracks, due dates, exports, bundles,
//! certificates and LRS delivery, all run by the worker through the manager service.

use eframe::egui;

use super::App;
use crate::i18n::{Message, tr};
use crate::ui::command::{Command, DialogPurpose};
use crate::ui::paths::documents_dir;
use crate::ui::state::Screen;
use crate::ui::state::manager::{LockState, ManagerState, Panel, PanelMessage, PersonPage};
use crate::ui::worker::{Job, ManagerJob, ManagerReply};

impl App {
    /// Applies a command of the manager area.
    pub(super) fn apply_manager(&mut self, command: Command, ctx: &egui::Context) {
        let now = self.clock.now();
        match command {
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
                if let Some(learner_id) = self.learner_id() {
                    // What the manager changed (a track, a due date) shows on their home.
                    self.worker.send(Job::LoadLearner { learner_id });
                }
                if self.shared.data.learner.is_some() {
                    // The learner is shown the privacy notice again if delivery changed.
                    self.after_sign_in();
                    if matches!(self.screen, Screen::Quiz(_)) {
                        self.screen = Screen::Home;
                    }
                } else {
                    self.screen = self.profile_list();
                }
            }
            Command::SetAccessPolicy(policy) => {
                self.send_manager(Panel::Access, ManagerJob::SetPolicy(policy));
            }
            Command::ResetLearnerPin(learner_id) => {
                self.send_manager(Panel::Access, ManagerJob::ResetPin { learner_id, now });
            }
            Command::SetOrganisation(organisation) => self.send_manager(
                Panel::Organisation,
                ManagerJob::SetOrganisation(organisation),
            ),
            Command::SetDueDate {
                module,
                department,
                date,
            } => self.send_manager(
                Panel::DueDates,
                ManagerJob::SetDueDate {
                    module,
                    department,
                    date,
                },
            ),
            Command::ClearDueDate { module, department } => self.send_manager(
                Panel::DueDates,
                ManagerJob::ClearDueDate { module, department },
            ),
            Command::SetRetention(days) => {
                self.send_manager(Panel::Retention, ManagerJob::SetRetention(days));
            }
            Command::ConfigureLrs(config) => {
                self.send_manager(Panel::Lrs, ManagerJob::LrsConfigure { config, now });
            }
            Command::LrsOff => self.send_manager(Panel::Lrs, ManagerJob::LrsOff),
            Command::MatrixPage(number) => self.load_matrix_page(number),
            Command::LoadInsights => {
                let lang = self.shared.lang;
                if let Some(state) = self.manager()
                    && !state.insights_asked
                {
                    state.insights_asked = true;
                    let department = state.view.department.clone();
                    self.worker
                        .send(Job::Manager(ManagerJob::Insights { lang, department }));
                }
            }
            Command::LoadRetention => {
                let lang = self.shared.lang;
                if let Some(state) = self.manager()
                    && !state.retention_asked
                {
                    state.retention_asked = true;
                    let department = state.view.department.clone();
                    self.worker
                        .send(Job::Manager(ManagerJob::Retention { lang, department }));
                }
            }
            Command::SetDesiredRetention(desired) => {
                self.send_manager(
                    Panel::DesiredRetention,
                    ManagerJob::SetDesiredRetention(desired),
                );
                // Read again after the setting (the worker answers in order).
                if let Some(state) = self.manager() {
                    state.retention = None;
                    state.retention_asked = false;
                }
            }
            Command::SearchLearners(text) => {
                self.worker.send(Job::Manager(ManagerJob::Search { text }));
            }
            Command::OpenPerson(learner_id) => {
                if let Some(state) = self.manager() {
                    state.person = Some(PersonPage {
                        learner_id: learner_id.clone(),
                        ..PersonPage::default()
                    });
                }
                let lang = self.shared.lang;
                self.worker.send(Job::Manager(ManagerJob::Person {
                    learner_id,
                    lang,
                    now,
                }));
            }
            Command::ClosePerson => {
                if let Some(state) = self.manager() {
                    state.person = None;
                }
            }
            Command::AssignTrack {
                track,
                title,
                department,
                date,
            } => self.send_manager(
                Panel::Tracks,
                ManagerJob::AssignTrack {
                    track,
                    title,
                    department,
                    date,
                },
            ),
            Command::UnassignTrack {
                track,
                title,
                department,
            } => self.send_manager(
                Panel::Tracks,
                ManagerJob::UnassignTrack {
                    track,
                    title,
                    department,
                },
            ),
            Command::SendNow => {
                if let Some(sender) = &self.sender {
                    sender.wake();
                }
            }
            Command::ChooseBundles => {
                self.open_dialog(ctx, DialogPurpose::Bundles, documents_dir().join("x"));
            }
            Command::ImportBundles(paths) => {
                self.send_manager(Panel::Import, ManagerJob::Import { paths, now });
            }
            _ => {}
        }
    }

    /// Sends a manager job whose outcome belongs beside `panel`.
    fn send_manager(&mut self, panel: Panel, job: ManagerJob) {
        if let Some(state) = self.manager() {
            state.data_tab.awaiting = panel;
        }
        self.worker.send(Job::Manager(job));
    }

    /// Shows what the manager's last action did, beside the panel it came from.
    fn manager_said(&mut self, lines: Vec<Message>, error: bool) {
        if let Some(state) = self.manager() {
            state.data_tab.message = Some(PanelMessage {
                panel: state.data_tab.awaiting,
                lines,
                error,
            });
        }
    }

    pub(super) fn manager(&mut self) -> Option<&mut ManagerState> {
        match &mut self.screen {
            Screen::Manager(state) => Some(state),
            _ => None,
        }
    }

    /// Asks for the dashboard's figures, saying which are held, so the worker reads them
    /// again only when the data changed (or the titles held are in another language).
    pub(super) fn load_dashboard(&mut self) {
        let lang = self.shared.lang;
        let now = self.clock.now();
        let known = self
            .manager()
            .and_then(|state| state.data.as_ref())
            .filter(|data| data.lang == lang.code())
            .map(|data| (data.generation, data.loaded_at));
        self.worker
            .send(Job::Manager(ManagerJob::Dashboard { lang, now, known }));
    }

    /// Asks for page `number` of the matrix view, once.
    fn load_matrix_page(&mut self, number: usize) {
        let lang = self.shared.lang;
        let fallback = self.clock.now();
        let now = self
            .manager()
            .and_then(|state| state.data.as_ref())
            .map_or(fallback, |data| data.loaded_at);
        let Some(state) = self.manager() else {
            return;
        };
        let Some(query) = state.view.query.clone() else {
            return;
        };
        if state.view.pages.contains_key(&number) || !state.view.requested.insert(number) {
            return;
        }
        self.worker.send(Job::Manager(ManagerJob::MatrixPage {
            query,
            offset: number * crate::ui::state::manager::PAGE,
            lang,
            now,
        }));
    }

    /// Starts the matrix view over (filters or data changed) and asks for its first page.
    pub(super) fn refresh_matrix(&mut self) {
        let Some(state) = self.manager() else {
            return;
        };
        let Some(data) = state.data.clone() else {
            return;
        };
        state.view.refresh(&data);
        self.load_matrix_page(0);
    }

    pub(super) fn handle_manager_reply(&mut self, reply: ManagerReply) {
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
                        state.data_tab.message = Some(PanelMessage {
                            panel: Panel::Passphrase,
                            lines: vec![Message::new("data-passphrase-changed")],
                            error: false,
                        });
                    }
                }
                if !was_open {
                    self.load_dashboard();
                    self.worker.send(Job::Manager(ManagerJob::LoadSettings));
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
                    self.worker.send(Job::Manager(ManagerJob::LoadSettings));
                }
            }
            ManagerReply::Dashboard(data) => {
                if let Some(state) = self.manager() {
                    state.data = Some(data);
                    // The insights add up every answer: read again when next shown.
                    state.insights = None;
                    state.insights_asked = false;
                    state.retention = None;
                    state.retention_asked = false;
                }
                self.refresh_matrix();
            }
            ManagerReply::DashboardUnchanged => {}
            ManagerReply::MatrixPage(page) => {
                let stale = self
                    .manager()
                    .and_then(|state| state.data.as_ref())
                    .is_some_and(|data| data.generation != page.generation);
                if let Some(state) = self.manager() {
                    state.view.take_page(*page);
                }
                if stale {
                    // The data changed since the figures were read: read them again.
                    self.load_dashboard();
                }
            }
            ManagerReply::Insights(insights) => {
                if let Some(state) = self.manager() {
                    state.insights = Some(insights);
                    state.insights_asked = false;
                }
            }
            ManagerReply::Retention(view) => {
                if let Some(state) = self.manager() {
                    state.desired_percent.get_or_insert(view.desired * 100.0);
                    state.retention = Some(view);
                    state.retention_asked = false;
                }
            }
            ManagerReply::Found { text, learners } => {
                if let Some(state) = self.manager() {
                    state.search.found = Some((text, learners));
                }
            }
            ManagerReply::Person { learner_id, record } => {
                if let Some(state) = self.manager()
                    && let Some(page) = state.person.as_mut()
                    && page.learner_id == learner_id
                {
                    page.gone = record.is_none();
                    page.record = record;
                }
            }
            ManagerReply::Done { lines, changed } => {
                let reload = changed && self.manager().is_some();
                self.manager_said(lines, false);
                if reload {
                    self.load_dashboard();
                }
            }
            ManagerReply::LrsChanged(what) => {
                if let Some(sender) = &self.sender {
                    sender.reload();
                }
                // The privacy notice follows where results go.
                self.worker.send(Job::LoadMachine);
                self.manager_said(vec![what], false);
                if let Some(state) = self.manager() {
                    state.data_tab.lrs_secret.clear();
                }
            }
            ManagerReply::Settings {
                organisation,
                policy,
            } => {
                if let Some(state) = self.manager() {
                    state.data_tab.organisation = organisation;
                    state.data_tab.access.policy = policy;
                    state.data_tab.access.idle_minutes = policy.idle_minutes.to_string();
                }
            }
            ManagerReply::AccessChanged(what) => {
                self.worker.send(Job::LoadMachine);
                self.manager_said(vec![what], false);
                if let Some(state) = self.manager() {
                    state.data_tab.reset_confirm = None;
                }
            }
            ManagerReply::Failed(reason) => {
                if self
                    .manager()
                    .is_some_and(|state| state.lock == LockState::Unlocked)
                {
                    self.manager_said(vec![reason], true);
                } else {
                    self.notify_error(Message::new("error-saving").with("reason", reason));
                }
            }
        }
    }
}
