//! "My data": everything stored about the learner, export it, erase it.

use eframe::egui::{self, RichText};

use super::widgets::{heading, muted, paragraph, title};
use crate::i18n::{date, percent, tr, trf};
use crate::ui::command::{Command, SaveWhat};
use crate::ui::state::{AppView, MyDataState};
use crate::ui::theme::{self, Palette};

pub fn show(ui: &mut egui::Ui, shared: &AppView, state: &mut MyDataState, out: &mut Vec<Command>) {
    let lang = shared.lang;
    let code = lang.code();
    let Some(learner) = shared.learner() else {
        return;
    };
    ui.add_space(theme::GAP);
    heading(ui, &tr(lang, "mydata-title"));
    paragraph(ui, &tr(lang, "mydata-intro"));
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        title(ui, &tr(lang, "mydata-profile"));
        paragraph(
            ui,
            &format!("{}: {}", tr(lang, "field-employee-id"), learner.employee_id),
        );
        paragraph(
            ui,
            &format!(
                "{}: {}",
                tr(lang, "field-display-name"),
                learner.display_name
            ),
        );
        if let Some(department) = &learner.department {
            paragraph(
                ui,
                &format!("{}: {department}", tr(lang, "field-department")),
            );
        }
        muted(
            ui,
            &trf(
                lang,
                "mydata-created",
                &[("date", date(lang, learner.created))],
            ),
        );
    });
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        paragraph(
            ui,
            &trf(
                lang,
                "mydata-attempts",
                &[("count", shared.data.attempts.len().to_string())],
            ),
        );
        for attempt in shared.data.attempts.iter().rev() {
            let module = shared
                .module(&attempt.module_id)
                .map_or(attempt.module_id.clone(), |m| m.title.get(code).to_owned());
            let outcome = tr(
                lang,
                if attempt.passed {
                    "result-passed"
                } else {
                    "result-failed"
                },
            );
            muted(
                ui,
                &trf(
                    lang,
                    "mydata-attempt-line",
                    &[
                        ("date", date(lang, attempt.finished)),
                        ("module", module),
                        ("percent", percent(lang, attempt.percent())),
                        ("outcome", outcome),
                    ],
                ),
            );
        }
        paragraph(
            ui,
            &trf(
                lang,
                "mydata-open",
                &[("count", shared.data.open.len().to_string())],
            ),
        );
        paragraph(
            ui,
            &trf(
                lang,
                "mydata-reviews",
                &[("count", shared.data.reviews.len().to_string())],
            ),
        );
        paragraph(
            ui,
            &trf(
                lang,
                "mydata-refreshers",
                &[("count", shared.data.refresher_answers.to_string())],
            ),
        );
    });
    ui.add_space(theme::GAP);
    super::welcome::privacy_notice(ui, shared);
    ui.add_space(theme::GAP);
    super::sign_in::pin_card(ui, shared, &mut state.pin, out);
    ui.add_space(theme::GAP);
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        title(ui, &tr(lang, "mydata-export"));
        super::widgets::save_form(
            ui,
            shared,
            &tr(lang, "mydata-export-path"),
            &tr(lang, "mydata-export-save"),
            &mut state.export_path,
            &SaveWhat::MyData,
            true,
            out,
        );
    });
    ui.add_space(theme::GAP);
    let palette = Palette::of(ui);
    if ui
        .button(RichText::new(tr(lang, "mydata-erase")).color(palette.danger))
        .clicked()
    {
        state.confirm_erase = true;
    }
    if state.confirm_erase {
        let modal = egui::Modal::new(egui::Id::unique("confirm-erase")).show(ui.ctx(), |ui| {
            ui.set_max_width(460.0);
            title(ui, &tr(lang, "mydata-erase-confirm-title"));
            paragraph(ui, &tr(lang, "mydata-erase-confirm-text"));
            ui.horizontal(|ui| {
                let erase = egui::Button::new(
                    RichText::new(tr(lang, "mydata-erase-yes")).color(palette.on_accent),
                )
                .fill(palette.danger);
                if ui.add(erase).clicked() {
                    out.push(Command::EraseMe);
                    state.confirm_erase = false;
                }
                // The safe answer has the focus when the question opens.
                let cancel = ui.button(tr(lang, "cancel"));
                super::a11y::focus_on_appear(ui, &cancel);
                if cancel.clicked() {
                    state.confirm_erase = false;
                }
            });
        });
        if modal.should_close() {
            state.confirm_erase = false;
        }
    }
}
