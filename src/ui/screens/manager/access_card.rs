//! The manager's cards for this computer's people: the sign-in rules (PINs required, idle
//! time), removing a learner's forgotten PIN, and the organisation named on certificates.

use eframe::egui;

use crate::i18n::{tr, trf};
use crate::service::access::{AccessPolicy, MAX_IDLE_MINUTES};
use crate::store::keys;
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
        for (value, label, key) in [
            (
                &mut access.policy.pins_required,
                "access-pins-required",
                keys::PINS_REQUIRED,
            ),
            (
                &mut access.policy.show_author,
                "access-show-author",
                keys::SHOW_AUTHOR,
            ),
            (
                &mut access.policy.tools_for_learners,
                "access-tools-for-learners",
                keys::TOOLS_FOR_LEARNERS,
            ),
        ] {
            let fixed = shared.policy.policy.sets(key);
            ui.add_enabled(!fixed, egui::Checkbox::new(value, tr(lang, label)));
            set_by_organisation(ui, shared, fixed);
        }
        let fixed = shared.policy.policy.sets(keys::IDLE_MINUTES);
        ui.horizontal(|ui| {
            let label = ui.label(tr(lang, "access-idle"));
            ui.add_enabled(
                !fixed,
                egui::TextEdit::singleline(&mut access.idle_minutes).desired_width(60.0),
            )
            .labelled_by(label.id);
        });
        set_by_organisation(ui, shared, fixed);
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

/// Under a control the organisation's policy fixes: who set it and where, so the manager
/// knows why it is greyed and whom to ask.
pub(super) fn set_by_organisation(ui: &mut egui::Ui, shared: &AppView, fixed: bool) {
    if !fixed {
        return;
    }
    let file = shared
        .policy
        .file
        .as_deref()
        .map(|f| f.display().to_string())
        .unwrap_or_default();
    muted(
        ui,
        &trf(shared.lang, "policy-set-by-org", &[("file", file)]),
    );
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
        for (key, value, setting) in [
            ("field-organisation", &mut org.name, keys::ORG_NAME),
            ("field-signatory", &mut org.signatory, keys::ORG_SIGNATORY),
            (
                "field-signatory-title",
                &mut org.signatory_title,
                keys::ORG_SIGNATORY_TITLE,
            ),
        ] {
            let fixed = shared.policy.policy.sets(setting);
            let label = ui.label(tr(lang, key));
            ui.add_enabled(
                !fixed,
                egui::TextEdit::singleline(value)
                    .desired_width(f32::INFINITY)
                    .char_limit(MAX_FIELD_CHARS),
            )
            .labelled_by(label.id);
            set_by_organisation(ui, shared, fixed);
        }
        if ui.button(tr(lang, "org-save")).clicked() {
            out.push(Command::SetOrganisation(form.organisation.clone()));
        }
        panel_message(ui, shared, form.message.as_ref(), Panel::Organisation);
    });
}
