//! Choosing a profile on a shared machine, or making one.

use eframe::egui;

use super::a11y;
use super::widgets::{heading, muted, paragraph, title};
use crate::i18n::{Message, tr, trf};
use crate::store::{NewLearner, learners::MAX_FIELD_CHARS};
use crate::ui::command::Command;
use crate::ui::state::{AppView, ProfileForm};
use crate::ui::theme;

/// Profiles listed at most; a search finds the others.
const MAX_LISTED: usize = 50;

pub fn show(
    ui: &mut egui::Ui,
    shared: &AppView,
    creating: &mut bool,
    form: &mut ProfileForm,
    out: &mut Vec<Command>,
) {
    let lang = shared.lang;
    ui.add_space(theme::GAP_LARGE);
    if !shared.learners.is_empty() {
        heading(ui, &tr(lang, "profiles-title"));
        paragraph(ui, &tr(lang, "profiles-intro"));
        let machine = &shared.machine;
        if !machine.pins_required && shared.learners.iter().any(|l| !machine.has_pin(&l.id)) {
            // Plainly: without a PIN, a profile is open to anyone at this computer.
            let palette = theme::Palette::of(ui);
            theme::tinted(palette.warning, palette.warning_bg).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.add(
                    egui::Label::new(
                        egui::RichText::new(tr(lang, "profiles-open-warning"))
                            .color(palette.warning),
                    )
                    .wrap(),
                );
            });
        }
        // On a machine with many profiles, a search narrows the list.
        if shared.learners.len() > 8 {
            let label = ui.label(tr(lang, "profiles-search"));
            ui.add(egui::TextEdit::singleline(&mut form.search).desired_width(320.0))
                .labelled_by(label.id);
        }
        let needle = form.search.trim().to_lowercase();
        let matching = shared.learners.iter().filter(|l| {
            needle.is_empty()
                || l.display_name.to_lowercase().contains(&needle)
                || l.employee_id.to_lowercase().contains(&needle)
        });
        // A machine that gathers an organisation's results may hold thousands of
        // profiles: the list shows the first few that match, and the search the rest.
        let mut more = 0usize;
        for (n, learner) in matching.enumerate() {
            if n >= MAX_LISTED {
                more += 1;
                continue;
            }
            let mut label = match &learner.department {
                Some(dept) => format!(
                    "{} · {} · {dept}",
                    learner.display_name, learner.employee_id
                ),
                None => format!("{} · {}", learner.display_name, learner.employee_id),
            };
            if shared.machine.has_pin(&learner.id) {
                label = format!("{label} · {}", tr(lang, "profiles-has-pin"));
            }
            if a11y::list_button(ui, &label).clicked() {
                out.push(Command::SelectLearner(learner.id.clone()));
            }
        }
        if more > 0 {
            muted(
                ui,
                &trf(lang, "profiles-more", &[("count", more.to_string())]),
            );
        }
        ui.add_space(theme::GAP);
        if !*creating && ui.button(tr(lang, "profiles-new")).clicked() {
            *creating = true;
        }
    }
    if *creating && !shared.learners.is_empty() {
        // Someone new on a shared machine sees what is stored before they type.
        super::welcome::privacy_notice(ui, shared);
    }
    if *creating || shared.learners.is_empty() {
        create_form(ui, shared, form, out);
    }
}

fn field(ui: &mut egui::Ui, label: &str, value: &mut String) -> egui::Response {
    let label = ui.label(label);
    ui.add(
        egui::TextEdit::singleline(value)
            .desired_width(f32::INFINITY)
            .char_limit(MAX_FIELD_CHARS),
    )
    .labelled_by(label.id)
}

fn create_form(
    ui: &mut egui::Ui,
    shared: &AppView,
    form: &mut ProfileForm,
    out: &mut Vec<Command>,
) {
    let lang = shared.lang;
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        title(ui, &tr(lang, "profile-create-title"));
        muted(ui, &tr(lang, "profile-create-intro"));
        let first = field(ui, &tr(lang, "field-employee-id"), &mut form.employee_id);
        a11y::focus_on_appear(ui, &first);
        let name = field(ui, &tr(lang, "field-display-name"), &mut form.display_name);
        let department = field(ui, &tr(lang, "field-department"), &mut form.department);
        // An error goes as soon as the field it is about is filled in.
        if first.changed() || name.changed() {
            form.error = None;
        }
        let mut enter = [&first, &name, &department]
            .iter()
            .any(|f| f.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)));
        // On a computer others use, the profile gets a PIN (required when a manager says
        // so); the first profile of a personal computer is asked nothing extra.
        let pin_required = shared.machine.pins_required;
        let offer_pin = pin_required || !shared.learners.is_empty();
        if offer_pin {
            ui.add_space(theme::GAP);
            title(
                ui,
                &tr(
                    lang,
                    if pin_required {
                        "profile-pin-required"
                    } else {
                        "profile-pin-optional"
                    },
                ),
            );
            enter |= super::sign_in::pin_fields(ui, shared, &mut form.pin);
        }
        let error = form.error.as_ref().map(|e| shared.words(e));
        a11y::error_line(ui, error.as_deref());
        if ui
            .add(theme::primary(ui, tr(lang, "profile-create")))
            .clicked()
            || enter
        {
            form.error = if form.employee_id.trim().is_empty() {
                Some(Message::new("profile-error-employee-id"))
            } else if form.display_name.trim().is_empty() {
                Some(Message::new("profile-error-display-name"))
            } else {
                None
            };
            // A PIN is checked (length, typed twice) when required or when one was typed.
            let wants_pin = offer_pin
                && (pin_required || !form.pin.pin.is_empty() || !form.pin.repeat.is_empty());
            let pin = if form.error.is_none() && wants_pin {
                form.pin.checked()
            } else {
                None
            };
            if form.error.is_none() && (!wants_pin || pin.is_some()) {
                out.push(Command::CreateLearner {
                    learner: NewLearner {
                        employee_id: form.employee_id.clone(),
                        display_name: form.display_name.clone(),
                        department: Some(form.department.clone()).filter(|d| !d.trim().is_empty()),
                    },
                    pin,
                });
            }
        }
    });
}
