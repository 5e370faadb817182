//! Who is at the keyboard: the first screen, opening a profile (with its PIN when it has
//! one), the privacy notice, setting or removing a PIN, signing out, and signing out by
//! itself after the manager's idle time on a computer several people share.
//!
//! The window only decides which screen comes next; the worker checks every PIN and
//! refuses learner jobs for any profile but the one signed in.

use chrono::Duration;
use eframe::egui;

use super::App;
use crate::i18n::Message;
use crate::service::access::{NewProfile, SignIn};
use crate::service::learner::LearnerData;
use crate::store::{Access, Learner};
use crate::ui::command::Command;
use crate::ui::state::{PinForm, ProfileForm, Screen, SignInState};
use crate::ui::worker::Job;

impl App {
    /// Applies a command about who is signed in.
    pub(super) fn apply_access(&mut self, command: Command) {
        let now = self.clock.now();
        match command {
            Command::AcceptWelcome => {
                self.screen = Screen::Profiles {
                    creating: self.shared.learners.is_empty(),
                    form: ProfileForm::default(),
                };
            }
            Command::CreateLearner { learner, pin } => {
                let id = self.entropy.uuid();
                let new = NewProfile {
                    learner,
                    pin,
                    notice_version: self.shared.machine.notice_version(),
                };
                self.worker.send(Job::CreateLearner { new, id, now });
            }
            Command::SelectLearner(id) => self.open_profile(id),
            Command::SubmitPin(pin) => {
                if let Screen::SignIn(state) = &mut self.screen {
                    state.checking = true;
                    state.error = None;
                    let learner_id = state.learner_id.clone();
                    self.worker.send(Job::SignIn {
                        learner_id,
                        pin: Some(pin),
                        now,
                    });
                }
            }
            Command::SignOut => self.sign_out(),
            Command::AcceptNotice => {
                if let Some(learner_id) = self.learner_id() {
                    let version = self.shared.machine.notice_version();
                    self.shared.data.notice_seen = Some(version.clone());
                    self.worker.send(Job::AcceptNotice {
                        learner_id,
                        version,
                    });
                    self.after_sign_in();
                }
            }
            Command::SetPin(pin) => {
                if let Some(learner_id) = self.learner_id() {
                    self.worker.send(Job::SetPin {
                        learner_id,
                        pin: Some(pin),
                    });
                }
            }
            Command::RemovePin => {
                if let Some(learner_id) = self.learner_id() {
                    self.worker.send(Job::SetPin {
                        learner_id,
                        pin: None,
                    });
                }
            }
            Command::SkipPin => self.screen = self.resume_or_home(),
            _ => {}
        }
    }

    /// The first screen once the course and the store are open: a personal computer
    /// opens its one profile; a shared one opens on the list, never on the last learner.
    pub(super) fn open_first_screen(&mut self) {
        let last = self
            .last_learner
            .clone()
            .filter(|id| self.shared.learners.iter().any(|l| &l.id == id));
        self.screen = if self.shared.learners.is_empty() {
            Screen::Welcome
        } else if let Some(id) = last.filter(|_| !self.shared.shared_computer()) {
            self.open_profile(id);
            return;
        } else {
            self.profile_list()
        };
    }

    /// The list of profiles (or the welcome when there are none).
    pub(super) fn profile_list(&self) -> Screen {
        if self.shared.learners.is_empty() {
            Screen::Welcome
        } else {
            Screen::Profiles {
                creating: false,
                form: ProfileForm::default(),
            }
        }
    }

    /// Opens a profile: asks its PIN first when it has one.
    fn open_profile(&mut self, learner_id: String) {
        self.clear_learner();
        if self.shared.machine.has_pin(&learner_id) {
            self.screen = Screen::SignIn(SignInState {
                learner_id,
                pin: String::new(),
                error: None,
                retry_at: None,
                checking: false,
            });
            return;
        }
        self.screen = Screen::Loading;
        self.worker.send(Job::SignIn {
            learner_id,
            pin: None,
            now: self.clock.now(),
        });
    }

    pub(super) fn signed_in(&mut self, outcome: SignIn) {
        match outcome {
            SignIn::Opened(data) => {
                self.shared.data = *data;
                self.last_input = self.clock.now();
                self.refresh_cards();
                if let Some(reset) = self.shared.data.access.pin_reset_at
                    && !self.shared.data.access.has_pin
                {
                    self.notify(Message::new("pin-was-reset").with("date", reset.date_naive()));
                }
                self.after_sign_in();
            }
            SignIn::PinNeeded => {
                // The list was out of date: the profile has a PIN after all.
                self.worker.send(Job::LoadMachine);
                if let Screen::SignIn(state) = &mut self.screen {
                    state.checking = false;
                } else {
                    self.screen = self.profile_list();
                }
            }
            SignIn::Wrong { retry_at } | SignIn::Wait { retry_at } => {
                let wrong = matches!(outcome, SignIn::Wrong { .. });
                if let Screen::SignIn(state) = &mut self.screen {
                    state.checking = false;
                    state.pin.clear();
                    state.retry_at = Some(retry_at);
                    state.error = Some(Message::new(if wrong { "pin-wrong" } else { "pin-wait" }));
                }
            }
        }
    }

    /// Where a learner goes once their profile is open: the privacy notice when they have
    /// not read this version, then setting a PIN when one is required, then their quiz in
    /// progress or home.
    pub(super) fn after_sign_in(&mut self) {
        let data = &self.shared.data;
        if data.learner.is_none() {
            return;
        }
        // Profiles made before notices were versioned were shown the local notice.
        let seen = data.notice_seen.as_deref().unwrap_or("local");
        self.screen = if seen != self.shared.machine.notice_version() {
            Screen::Notice
        } else if self.shared.machine.pins_required && !data.access.has_pin {
            Screen::SetPin {
                form: PinForm::default(),
                required: true,
            }
        } else {
            self.resume_or_home()
        };
    }

    pub(super) fn learner_created(&mut self, learner: Learner) {
        self.screen = Screen::Loading;
        self.shared.learners.push(learner.clone());
        self.shared
            .learners
            .sort_by_key(|l| l.display_name.to_lowercase());
        self.last_input = self.clock.now();
        self.worker.send(Job::LoadMachine);
        self.worker.send(Job::LoadLearner {
            learner_id: learner.id,
        });
    }

    pub(super) fn pin_changed(&mut self, access: Access) {
        let had = self.shared.data.access.has_pin;
        self.shared.data.access = access;
        if let Some(id) = self.learner_id() {
            if access.has_pin {
                self.shared.machine.with_pin.insert(id);
            } else {
                self.shared.machine.with_pin.remove(&id);
            }
        }
        let done = Message::new(match (had, access.has_pin) {
            (_, false) => "pin-removed",
            (true, true) => "pin-changed",
            (false, true) => "pin-set",
        });
        match &mut self.screen {
            Screen::SetPin { .. } => {
                self.notify(done);
                self.screen = self.resume_or_home();
            }
            Screen::MyData(state) => state.pin.done = Some(done),
            _ => self.notify(done),
        }
    }

    /// Closes the profile: nothing of it stays in the window, and the worker refuses its
    /// jobs until it is opened again.
    pub(super) fn sign_out(&mut self) {
        self.worker.send(Job::SignOut);
        self.clear_learner();
        self.screen = self.profile_list();
    }

    /// Forgets everything shown about the learner.
    pub(super) fn clear_learner(&mut self) {
        self.shared.data = LearnerData::default();
        self.shared.cards.clear();
        self.shared.saves.clear();
        self.awaiting_review = None;
    }

    /// On a shared computer, signs the learner out after the manager's idle time without
    /// a key press or a mouse move. Their quiz is saved after every answer, so nothing
    /// but an unsent tick is lost.
    pub(super) fn watch_idle(&mut self, ctx: &egui::Context) {
        let now = self.shared.now;
        if ctx.input(|i| !i.events.is_empty() || i.pointer.is_moving()) {
            self.last_input = now;
        }
        let minutes = self.shared.machine.idle_minutes;
        let idle_sign_out = minutes > 0
            && self.shared.shared_computer()
            && (self.shared.learner().is_some() || matches!(self.screen, Screen::Manager(_)));
        if !idle_sign_out {
            return;
        }
        let limit = Duration::minutes(i64::from(minutes));
        let idle = now - self.last_input;
        if idle >= limit {
            let was_signed_in = self.shared.learner().is_some();
            self.sign_out();
            self.last_input = now;
            if was_signed_in {
                self.notify(Message::new("signed-out-idle").with("minutes", minutes));
            }
            return;
        }
        // Wake up to sign out even if nothing else happens.
        if let Ok(left) = (limit - idle).to_std() {
            ctx.request_repaint_after(left);
        }
    }
}
