//! The manager's side of the app: the lock, the dashboard, tracks, due dates, exports, bundles,
//! certificates and LRS delivery, all run by the worker through the manager service.

use eframe::egui;

use super::App;
use crate::i18n::{Message, tr};
use crate::ui::command::{Command, DialogPurpose};
use crate::ui::paths::documents_dir;
use crate::ui::state::Screen;
use crate::ui::state::manager::{LockState, ManagerState};
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
            Command::SetAccessPolicy(policy) => self
                .worker
                .send(Job::Manager(ManagerJob::SetPolicy(policy))),
            Command::ResetLearnerPin(learner_id) => self
                .worker
                .send(Job::Manager(ManagerJob::ResetPin { learner_id, now })),
            Command::SetOrganisation(organisation) => self
                .worker
                .send(Job::Manager(ManagerJob::SetOrganisation(organisation))),
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
            Command::AssignTrack {
                track,
                title,
                department,
                date,
            } => self.worker.send(Job::Manager(ManagerJob::AssignTrack {
                track,
                title,
                department,
                date,
            })),
            Command::UnassignTrack {
                track,
                title,
                department,
            } => self.worker.send(Job::Manager(ManagerJob::UnassignTrack {
                track,
                title,
                department,
            })),
            Command::SetRetention(days) => self
                .worker
                .send(Job::Manager(ManagerJob::SetRetention(days))),
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
                self.open_dialog(ctx, DialogPurpose::Bundles, documents_dir().join("x"));
            }
            Command::ImportBundles(paths) => {
                self.worker
                    .send(Job::Manager(ManagerJob::Import { paths, now }));
            }
            _ => {}
        }
    }

    pub(super) fn manager(&mut self) -> Option<&mut ManagerState> {
        match &mut self.screen {
            Screen::Manager(state) => Some(state),
            _ => None,
        }
    }

    pub(super) fn load_dashboard(&mut self) {
        let lang = self.shared.lang;
        let now = self.clock.now();
        self.worker
            .send(Job::Manager(ManagerJob::Dashboard { lang, now }));
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
                        state.data_tab.message =
                            Some((vec![Message::new("data-passphrase-changed")], false));
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
                // The privacy notice follows where results go.
                self.worker.send(Job::LoadMachine);
                if let Some(state) = self.manager() {
                    state.data_tab.message = Some((vec![what], false));
                    state.data_tab.lrs_secret.clear();
                }
            }
            ManagerReply::Settings {
                organisation,
                policy,
            } => {
                if let Some(state) = self.manager() {
                    state.data_tab.organisation = organisation;
                    state.data_tab.pins_required = policy.pins_required;
                    state.data_tab.idle_minutes = policy.idle_minutes.to_string();
                }
            }
            ManagerReply::AccessChanged(what) => {
                self.worker.send(Job::LoadMachine);
                if let Some(state) = self.manager() {
                    state.data_tab.message = Some((vec![what], false));
                    state.data_tab.reset_confirm = None;
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
}
