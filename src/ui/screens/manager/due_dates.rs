//! Due dates: which module is due when, for everyone or one department.

use eframe::egui::{self};

use crate::i18n::{day, tr};
use crate::ui::command::Command;
use crate::ui::screens::widgets::{muted, paragraph, title};
use crate::ui::state::manager::DueForm;
use crate::ui::theme;

use super::matrix::choose;

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
            choose(
                ui,
                lang,
                &tr(lang, "due-module"),
                &mut form.module,
                &data.modules,
            );
            let departments: Vec<(String, String)> = data
                .departments
                .iter()
                .map(|d| (d.clone(), d.clone()))
                .collect();
            let shown = form
                .department
                .clone()
                .unwrap_or_else(|| tr(lang, "due-everyone"));
            egui::ComboBox::from_label(tr(lang, "due-scope"))
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    if ui
                        .selectable_label(form.department.is_none(), tr(lang, "due-everyone"))
                        .clicked()
                    {
                        form.department = None;
                    }
                    for (d, _) in &departments {
                        if ui
                            .selectable_label(form.department.as_ref() == Some(d), d)
                            .clicked()
                        {
                            form.department = Some(d.clone());
                        }
                    }
                });
            let label = ui.label(tr(lang, "due-date"));
            ui.add(egui::TextEdit::singleline(&mut form.date).desired_width(140.0))
                .labelled_by(label.id);
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
