//! Due dates: which module is due when, for everyone or one department.

use eframe::egui::{self};

use crate::i18n::{day, tr};
use crate::ui::command::Command;
use crate::ui::screens::widgets::{muted, paragraph, title};
use crate::ui::state::manager::DueForm;
use crate::ui::theme;

use crate::ui::screens::date_field::date_field;

pub(super) fn due_dates(
    ui: &mut egui::Ui,
    shared: &crate::ui::state::AppView,
    data: &crate::ui::state::manager::DashboardData,
    form: &mut DueForm,
    message: Option<&crate::ui::state::manager::PanelMessage>,
    out: &mut Vec<Command>,
) {
    let lang = shared.lang;
    crate::ui::screens::widgets::column(ui, |ui| {
        paragraph(ui, &tr(lang, "due-intro"));
        theme::card(ui).show(ui, |ui| {
            ui.set_width(ui.available_width());
            // A due date is for one module: there is no "all" here.
            let label = ui.label(tr(lang, "due-module"));
            let shown = form
                .module
                .as_ref()
                .and_then(|m| data.modules.iter().find(|(id, _)| id == m))
                .map_or_else(|| tr(lang, "due-choose-module"), |(_, t)| t.clone());
            egui::ComboBox::from_id_salt("due-module")
                .selected_text(shown)
                .width(320.0)
                .show_ui(ui, |ui| {
                    for (id, title) in &data.modules {
                        if ui
                            .selectable_label(form.module.as_ref() == Some(id), title)
                            .clicked()
                        {
                            form.module = Some(id.clone());
                            form.error = None;
                        }
                    }
                })
                .response
                .labelled_by(label.id);
            department_choice(
                ui,
                lang,
                &tr(lang, "due-scope"),
                &mut form.department,
                &data.departments,
            );
            ui.horizontal(|ui| {
                let today = shared.now.date_naive();
                if date_field(
                    ui,
                    lang,
                    &tr(lang, "due-date"),
                    &mut form.date,
                    today,
                    120.0,
                ) {
                    form.error = None;
                }
            });
            crate::ui::screens::a11y::error_line(ui, form.error.as_deref());
            if ui.add(theme::primary(ui, tr(lang, "due-save"))).clicked() {
                let parsed = chrono::NaiveDate::parse_from_str(form.date.trim(), "%Y-%m-%d").ok();
                form.error = match (&form.module, parsed) {
                    (None, _) => Some(tr(lang, "due-pick-module")),
                    (_, None) => Some(tr(lang, "filter-bad-date")),
                    (Some(module), Some(due)) => {
                        out.push(Command::SetDueDate {
                            module: module.clone(),
                            department: form.department.clone(),
                            date: due,
                        });
                        None
                    }
                };
            }
        });
        super::panel_message::panel_message(
            ui,
            shared,
            message,
            crate::ui::state::manager::Panel::DueDates,
        );
        ui.add_space(theme::GAP);
        title(ui, &tr(lang, "due-current"));
        if data.assignments.is_empty() {
            muted(ui, &tr(lang, "due-none"));
        }
        for a in &data.assignments {
            let module = data
                .modules
                .iter()
                .find(|(id, _)| *id == a.module_id)
                .map_or(a.module_id.as_str(), |(_, t)| t.as_str());
            let scope = a
                .department
                .clone()
                .unwrap_or_else(|| tr(lang, "due-everyone"));
            ui.horizontal(|ui| {
                ui.label(format!("{module} · {scope} · {}", day(lang, a.due_on)));
                if ui.small_button(tr(lang, "due-remove")).clicked() {
                    out.push(Command::ClearDueDate {
                        module: a.module_id.clone(),
                        department: a.department.clone(),
                    });
                }
            });
        }
    });
}

/// "Everyone" or one department, for a due date or a track: the combo box labelled
/// `label`.
pub(super) fn department_choice(
    ui: &mut egui::Ui,
    lang: crate::i18n::Lang,
    label: &str,
    department: &mut Option<String>,
    departments: &[String],
) {
    let shown = department
        .clone()
        .unwrap_or_else(|| tr(lang, "due-everyone"));
    egui::ComboBox::from_label(label)
        .selected_text(shown)
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(department.is_none(), tr(lang, "due-everyone"))
                .clicked()
            {
                *department = None;
            }
            for d in departments {
                if ui
                    .selectable_label(department.as_ref() == Some(d), d)
                    .clicked()
                {
                    *department = Some(d.clone());
                }
            }
        });
}
