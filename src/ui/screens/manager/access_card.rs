//! The manager's cards for this computer's people: the sign-in rules (PINs required, idle
//! time), removing a learner's forgotten PIN, and the organisation named on certificates.

use eframe::egui;

use crate::i18n::{tr, trf};
use crate::service::access::{AccessPolicy, MAX_IDLE_MINUTES};
use crate::store::learners::MAX_FIELD_CHARS;
use crate::ui::command::Command;
use crate::ui::screens::widgets::{muted, paragraph, title};
use crate::ui::state::AppView;
use crate::ui::state::manager::{DataTab, Panel, PanelMessage};

use super::panel_message::panel_message;
use crate::ui::theme;

pub(super) fn sign_in_card(
    ui: &mut egui::Ui,
    shared: &AppView,
    form: &mut DataTab,
    out: &mut Vec<Command>,
) {
    let lang = shared.lang;
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        title(ui, &tr(lang, "access-title"));
        muted(ui, &tr(lang, "access-intro"));
        let access = &mut form.access;
        ui.checkbox(
            &mut access.policy.pins_required,
            tr(lang, "access-pins-required"),
        );
        ui.checkbox(
            &mut access.policy.show_author,
            tr(lang, "access-show-author"),
        );
        ui.checkbox(
            &mut access.policy.tools_for_learners,
            tr(lang, "access-tools-for-learners"),
        );
        ui.horizontal(|ui| {
            let label = ui.label(tr(lang, "access-idle"));
            ui.add(egui::TextEdit::singleline(&mut access.idle_minutes).desired_width(60.0))
                .labelled_by(label.id);
        });
        muted(
            ui,
            &trf(
                lang,
                "access-idle-help",
                &[("max", MAX_IDLE_MINUTES.to_string())],
            ),
        );
        if ui.button(tr(lang, "access-save")).clicked() {
            match form.access.idle_minutes.trim().parse::<u32>() {
                Ok(minutes) if minutes <= MAX_IDLE_MINUTES => {
                    out.push(Command::SetAccessPolicy(AccessPolicy {
                        idle_minutes: minutes,
                        ..form.access.policy
                    }));
                }
                _ => {
                    let message = crate::i18n::Message::new("access-idle-invalid")
                        .with("max", MAX_IDLE_MINUTES);
                    form.message = Some(PanelMessage {
                        panel: Panel::Access,
                        lines: vec![message],
                        error: true,
                    });
                }
            }
        }
        ui.separator();
        title(ui, &tr(lang, "access-reset-title"));
        let with_pin: Vec<_> = shared
            .learners
            .iter()
            .filter(|l| shared.machine.has_pin(&l.id))
            .collect();
        if with_pin.is_empty() {
            muted(ui, &tr(lang, "access-reset-none"));
        } else {
            muted(ui, &tr(lang, "access-reset-intro"));
        }
        for learner in with_pin {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!(
                    "{} · {}",
                    learner.display_name, learner.employee_id
                ));
                if form.reset_confirm.as_deref() == Some(learner.id.as_str()) {
                    let confirm = trf(
                        lang,
                        "access-reset-confirm",
                        &[("name", learner.display_name.clone())],
                    );
                    if ui.button(confirm).clicked() {
                        out.push(Command::ResetLearnerPin(learner.id.clone()));
                    }
                    if ui.button(tr(lang, "cancel")).clicked()
                        || ui.input(|i| i.key_pressed(egui::Key::Escape))
                    {
                        form.reset_confirm = None;
                    }
                } else if ui
                    .button(trf(
                        lang,
                        "access-reset",
                        &[("name", learner.display_name.clone())],
                    ))
                    .clicked()
                {
                    form.reset_confirm = Some(learner.id.clone());
                }
            });
        }
        panel_message(ui, shared, form.message.as_ref(), Panel::Access);
    });
}

pub(super) fn organisation_card(
    ui: &mut egui::Ui,
    shared: &AppView,
    form: &mut DataTab,
    out: &mut Vec<Command>,
) {
    let lang = shared.lang;
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        title(ui, &tr(lang, "org-title"));
        paragraph(ui, &tr(lang, "org-intro"));
        let org = &mut form.organisation;
        for (key, value) in [
            ("field-organisation", &mut org.name),
            ("field-signatory", &mut org.signatory),
            ("field-signatory-title", &mut org.signatory_title),
        ] {
            let label = ui.label(tr(lang, key));
            ui.add(
                egui::TextEdit::singleline(value)
                    .desired_width(f32::INFINITY)
                    .char_limit(MAX_FIELD_CHARS),
            )
            .labelled_by(label.id);
        }
        if ui.button(tr(lang, "org-save")).clicked() {
            out.push(Command::SetOrganisation(form.organisation.clone()));
        }
        panel_message(ui, shared, form.message.as_ref(), Panel::Organisation);
    });
}
