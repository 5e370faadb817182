//! Keeping the store in order while the window is open, without anyone waiting: the
//! whole-file check on a thread of its own when the store says one is due, and the
//! retention purge on the worker once the person has left the window alone for a while.

use std::time::Duration;

use eframe::egui;

use super::App;
use crate::i18n::Message;
use crate::service::maintenance::{self, Maintained};
use crate::ui::state::Screen;
use crate::ui::worker::Job;

/// How long the window must be left alone before it purges.
const IDLE_BEFORE_MAINTENANCE: Duration = Duration::from_secs(30);
/// How often the idle-time maintenance runs at most.
const MAINTENANCE_EVERY: chrono::TimeDelta = chrono::TimeDelta::hours(1);

impl App {
    /// Starts the whole-file check on its own thread (at most one at a time).
    pub(super) fn start_check(&mut self, ctx: &egui::Context) {
        if self.check.is_some() {
            return;
        }
        let ctx = ctx.clone();
        self.check = maintenance::spawn_check(
            self.data_dir.clone(),
            std::sync::Arc::clone(&self.clock),
            move || ctx.request_repaint(),
        )
        .ok();
    }

    /// Each frame: takes the check's answer when it is there, and sends the idle-time
    /// maintenance when it is due.
    pub(super) fn maintain(&mut self, ctx: &egui::Context) {
        if let Some(rx) = &self.check
            && let Ok(answer) = rx.try_recv()
        {
            self.check = None;
            if let Some(message) = answer {
                self.notify_error(message);
            }
        }
        if matches!(self.screen, Screen::Loading | Screen::Failed(_))
            || self.maintaining
            || self.is_author_mode()
        {
            return;
        }
        let now = self.shared.now;
        let due = self
            .maintained_at
            .is_none_or(|at| now - at >= MAINTENANCE_EVERY || at > now);
        if !due {
            return;
        }
        let idle = (now - self.last_input).to_std().unwrap_or_default();
        if idle >= IDLE_BEFORE_MAINTENANCE {
            self.maintaining = true;
            self.maintained_at = Some(now);
            self.worker.send(Job::Maintenance { now });
        } else {
            ctx.request_repaint_after(IDLE_BEFORE_MAINTENANCE.saturating_sub(idle));
        }
    }

    pub(super) fn maintained(&mut self, done: Maintained, ctx: &egui::Context) {
        self.maintaining = false;
        if done.purged > 0 {
            self.notify(Message::new("notice-purged").with("count", done.purged));
        }
        if done.check_due {
            self.start_check(ctx);
        }
    }
}
