//! First start: what Jaga is, exactly what it stores, and that nothing leaves the machine.

use eframe::egui;

use super::widgets::{heading, paragraph, title};
use crate::i18n::{tr, trf};
use crate::ui::command::Command;
use crate::ui::state::AppView;
use crate::ui::theme;

pub fn show(ui: &mut egui::Ui, shared: &AppView, out: &mut Vec<Command>) {
    let lang = shared.lang;
    ui.add_space(theme::GAP_LARGE);
    heading(ui, &tr(lang, "welcome-title"));
    paragraph(ui, &tr(lang, "welcome-intro"));
    ui.add_space(theme::GAP);
    privacy_notice(ui, shared);
    ui.add_space(theme::GAP);
    if ui
        .add(theme::primary(ui, tr(lang, "welcome-continue")))
        .clicked()
    {
        out.push(Command::AcceptWelcome);
    }
}

/// The plain statement of what is stored; also shown when making a profile.
pub fn privacy_notice(ui: &mut egui::Ui, shared: &AppView) {
    let lang = shared.lang;
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        title(ui, &tr(lang, "notice-title"));
        for key in [
            "notice-item-profile",
            "notice-item-results",
            "notice-item-refreshers",
            "notice-item-nothing-else",
        ] {
            ui.horizontal_top(|ui| {
                super::a11y::bullet(ui);
                paragraph(ui, &tr(lang, key));
            });
        }
        match &shared.machine.lrs_host {
            Some(host) => {
                paragraph(ui, &trf(lang, "notice-lrs", &[("host", host.clone())]));
                paragraph(ui, &tr(lang, "notice-lrs-when"));
            }
            None => paragraph(ui, &tr(lang, "notice-local")),
        }
        paragraph(ui, &tr(lang, "notice-rights"));
    });
}
