//! One learner's page in the manager area: every module's status with what its date
//! means, every finished attempt with the answers given (the review the learner saw),
//! one certificate to download and the whole record to export.

use eframe::egui::{self, RichText};

use super::matrix::{cell_text, status_color};
use crate::i18n::{Lang, date, day, percent, tr, trf};
use crate::service::person::PersonRecord;
use crate::ui::command::{Command, SaveWhat};
use crate::ui::paths;
use crate::ui::screens::result;
use crate::ui::screens::widgets::{heading, muted, paragraph, save_form, title};
use crate::ui::state::AppView;
use crate::ui::state::manager::PersonPage;
use crate::ui::theme::{self, Palette};

pub(super) fn person(
    ui: &mut egui::Ui,
    shared: &AppView,
    page: &mut PersonPage,
    out: &mut Vec<Command>,
) {
    let lang = shared.lang;
    if ui.button(tr(lang, "person-back")).clicked()
        || ui.input(|i| i.key_pressed(egui::Key::Escape))
    {
        out.push(Command::ClosePerson);
    }
    if page.gone {
        paragraph(ui, &tr(lang, "person-gone"));
        return;
    }
    let Some(record) = page.record.clone() else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(tr(lang, "person-loading"));
        });
        return;
    };
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .id_salt("manager-person")
        .show(ui, |ui| {
            crate::ui::screens::a11y::keyboard_scroll(ui);
            who(ui, lang, &record);
            modules(ui, lang, &record);
            ui.add_space(theme::GAP);
            certificate(ui, shared, &record, page, out);
            ui.add_space(theme::GAP);
            export(ui, shared, &record, page, out);
            ui.add_space(theme::GAP);
            attempts(ui, shared, &record, page);
            crate::ui::screens::a11y::follow_focus(ui);
        });
}

fn who(ui: &mut egui::Ui, lang: Lang, record: &PersonRecord) {
    let learner = &record.learner;
    heading(ui, &learner.display_name);
    ui.horizontal_wrapped(|ui| {
        ui.label(trf(
            lang,
            "person-employee",
            &[("id", learner.employee_id.clone())],
        ));
        ui.add_space(theme::GAP);
        match &learner.department {
            Some(department) => ui.label(trf(
                lang,
                "person-department",
                &[("department", department.clone())],
            )),
            None => ui.label(tr(lang, "person-no-department")),
        };
    });
}

/// A row per module: its status in words and colour, the date with what it means, the
/// score and the number of attempts.
fn modules(ui: &mut egui::Ui, lang: Lang, record: &PersonRecord) {
    let palette = Palette::of(ui);
    ui.add_space(theme::GAP);
    title(ui, &tr(lang, "person-modules"));
    egui::Grid::new("person-modules")
        .striped(true)
        .num_columns(5)
        .spacing([16.0, 6.0])
        .show(ui, |ui| {
            for key in [
                "person-col-module",
                "person-col-status",
                "person-col-when",
                "person-col-score",
                "person-col-attempts",
            ] {
                ui.label(RichText::new(tr(lang, key)).strong());
            }
            ui.end_row();
            for cell in &record.cells {
                let (status, when) = cell_text(lang, cell);
                ui.label(&cell.module_title);
                ui.label(
                    RichText::new(status)
                        .color(status_color(&cell.status, &palette))
                        .strong(),
                );
                ui.label(when.unwrap_or_else(|| "–".to_owned()));
                ui.label(
                    cell.score_percent
                        .map_or_else(|| "–".to_owned(), |s| format!("{}%", percent(lang, s))),
                );
                ui.label(cell.attempts.to_string());
                ui.end_row();
            }
        });
    if !record.due.is_empty() {
        ui.add_space(theme::GAP / 2.0);
        for (module, due) in &record.due {
            let title = record
                .cells
                .iter()
                .find(|c| c.module_id == *module)
                .map_or(module.as_str(), |c| c.module_title.as_str());
            muted(
                ui,
                &format!(
                    "{title}: {}",
                    trf(lang, "mx-when-due", &[("date", day(lang, *due))])
                ),
            );
        }
    }
}

fn certificate(
    ui: &mut egui::Ui,
    shared: &AppView,
    record: &PersonRecord,
    page: &mut PersonPage,
    out: &mut Vec<Command>,
) {
    let lang = shared.lang;
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        title(ui, &tr(lang, "person-certificate"));
        let passed: Vec<(String, String)> = record
            .passed_modules()
            .map(|c| (c.module_id.clone(), c.module_title.clone()))
            .collect();
        let Some((first, _)) = passed.first() else {
            muted(ui, &tr(lang, "person-certificate-none"));
            return;
        };
        if page
            .certificate_module
            .as_ref()
            .is_none_or(|m| !passed.iter().any(|(id, _)| id == m))
        {
            page.certificate_module = Some(first.clone());
            page.certificate_path.clear();
        }
        let chosen = page.certificate_module.clone().unwrap_or_default();
        let label = ui.label(tr(lang, "person-certificate-module"));
        let shown = passed
            .iter()
            .find(|(id, _)| *id == chosen)
            .map_or_else(String::new, |(_, t)| t.clone());
        egui::ComboBox::from_id_salt("person-certificate-module")
            .selected_text(shown)
            .width(320.0)
            .show_ui(ui, |ui| {
                for (id, title) in &passed {
                    if ui.selectable_label(*id == chosen, title).clicked() && *id != chosen {
                        page.certificate_module = Some(id.clone());
                        page.certificate_path.clear();
                    }
                }
            })
            .response
            .labelled_by(label.id);
        let what = SaveWhat::PersonCertificate {
            learner: record.learner.id.clone(),
            module: page.certificate_module.clone().unwrap_or_default(),
        };
        if page.certificate_path.is_empty() {
            page.certificate_path = paths::suggested(&what, Some(&record.learner), shared.now)
                .display()
                .to_string();
        }
        save_form(
            ui,
            shared,
            &tr(lang, "person-certificate-path"),
            &tr(lang, "person-certificate-save"),
            &mut page.certificate_path,
            &what,
            true,
            out,
        );
    });
}

fn export(
    ui: &mut egui::Ui,
    shared: &AppView,
    record: &PersonRecord,
    page: &mut PersonPage,
    out: &mut Vec<Command>,
) {
    let lang = shared.lang;
    let what = SaveWhat::PersonRecord {
        learner: record.learner.id.clone(),
    };
    if page.export_path.is_empty() {
        page.export_path = paths::suggested(&what, Some(&record.learner), shared.now)
            .display()
            .to_string();
    }
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        title(ui, &tr(lang, "person-export"));
        paragraph(
            ui,
            &trf(
                lang,
                "person-export-intro",
                &[("name", record.learner.display_name.clone())],
            ),
        );
        save_form(
            ui,
            shared,
            &tr(lang, "person-export-path"),
            &tr(lang, "person-export-save"),
            &mut page.export_path,
            &what,
            false,
            out,
        );
    });
}

/// Finished attempts, newest first; each can show its answers.
fn attempts(ui: &mut egui::Ui, shared: &AppView, record: &PersonRecord, page: &mut PersonPage) {
    let lang = shared.lang;
    let code = lang.code();
    title(ui, &tr(lang, "person-attempts"));
    if record.attempts.is_empty() {
        muted(ui, &tr(lang, "person-no-attempts"));
        return;
    }
    for attempt in &record.attempts {
        let module = shared.module(&attempt.module_id);
        let module_title = module.map_or(attempt.module_id.as_str(), |m| m.title.get(code));
        let verdict = if attempt.mode == "practice" {
            "person-verdict-practice"
        } else if attempt.passed {
            "person-verdict-passed"
        } else {
            "person-verdict-failed"
        };
        let open = page.review == Some(attempt.id);
        ui.horizontal_wrapped(|ui| {
            ui.label(trf(
                lang,
                "person-attempt",
                &[
                    ("module", module_title.to_owned()),
                    ("date", date(lang, attempt.finished)),
                    ("score", percent(lang, attempt.percent())),
                    ("verdict", tr(lang, verdict)),
                ],
            ));
            if module.is_some() {
                let label = if open {
                    "person-hide-answers"
                } else {
                    "person-show-answers"
                };
                if ui.button(tr(lang, label)).clicked() {
                    page.review = if open { None } else { Some(attempt.id) };
                }
            }
        });
        if open && let Some(module) = module {
            ui.indent(attempt.id, |ui| result::answers(ui, lang, module, attempt));
        }
    }
}
