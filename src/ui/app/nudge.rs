//! The refresher nudge: one desktop notification a day when refreshers are due, for a
//! learner who turned it on (it is off unless they do). It says only how many questions
//! wait and for how long, never a question: others may see the screen.

use crate::i18n::{tr, trf};
use crate::ui::worker::Job;

use super::App;

impl App {
    /// Notifies the signed-in learner when their refreshers are due and they were not
    /// notified yet today (their local day).
    pub(super) fn nudge(&mut self) {
        if self.is_author_mode() {
            return;
        }
        let Some(learner_id) = self.learner_id() else {
            return;
        };
        let today = self.local_today();
        let due = self.shared.refreshers.run_len();
        if !self.shared.data.nudge.due(today, due) {
            return;
        }
        self.shared.data.nudge.last_day = Some(today);
        let lang = self.shared.lang;
        let body = trf(
            lang,
            "refresher-nudge-body",
            &[
                ("count", due.to_string()),
                ("minutes", self.shared.refreshers.minutes().to_string()),
            ],
        );
        self.notifier
            .notify(&tr(lang, "refresher-nudge-summary"), &body);
        self.worker.send(Job::Nudged {
            learner_id,
            day: today,
        });
    }

    /// Turns the signed-in learner's nudge on or off. Turning it on counts today as
    /// notified: they are looking at the window already.
    pub(super) fn set_nudge(&mut self, enabled: bool) {
        let Some(learner_id) = self.learner_id() else {
            return;
        };
        let today = self.local_today();
        let nudge = &mut self.shared.data.nudge;
        nudge.enabled = enabled;
        if enabled {
            nudge.last_day = Some(today);
        }
        self.worker.send(Job::SetNudge {
            learner_id,
            enabled,
            today,
        });
    }

    fn local_today(&self) -> chrono::NaiveDate {
        self.shared
            .now
            .with_timezone(&crate::certificate::data::local_offset())
            .date_naive()
    }
}
