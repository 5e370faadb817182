//! The LRS card of the data tab: where results are delivered, and how delivery is going.

use eframe::egui::{self, RichText};

use crate::i18n::{tr, trf};
use crate::ui::command::Command;
use crate::ui::screens::widgets::{muted, paragraph, title};
use crate::ui::state::AppView;
use crate::ui::state::manager::{Panel, PanelMessage};
use crate::ui::theme::{self, Palette};

use crate::ui::screens::widgets::{password_field, path_field};

/// Delivery to the organisation's Learning Record Store: status, settings, switch.
pub(super) fn lrs_card(
    ui: &mut egui::Ui,
    shared: &AppView,
    form: &mut crate::ui::state::manager::DataTab,
    out: &mut Vec<Command>,
) {
    use crate::lrs::SenderState;
    let lang = shared.lang;
    let palette = Palette::of(ui);
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        title(ui, &tr(lang, "lrs-title"));
        muted(ui, &tr(lang, "lrs-intro"));
        if let Some(status) = &shared.lrs {
            let (key, color) = match &status.state {
                SenderState::Starting => ("lrs-state-starting", palette.text_muted),
                SenderState::Off => ("lrs-state-off", palette.text_muted),
                SenderState::Idle => ("lrs-state-idle", palette.success),
                SenderState::Sending => ("lrs-state-sending", palette.info),
                SenderState::Retrying { .. } => ("lrs-state-retrying", palette.warning),
                SenderState::NeedsAttention => ("lrs-state-attention", palette.danger),
                SenderState::StoreUnavailable => ("lrs-state-store", palette.danger),
            };
            ui.label(RichText::new(tr(lang, key)).color(color).strong());
            paragraph(
                ui,
                &trf(
                    lang,
                    "lrs-counts",
                    &[
                        ("pending", status.counts.pending.to_string()),
                        ("sent", status.counts.sent.to_string()),
                        ("failed", status.counts.rejected.to_string()),
                    ],
                ),
            );
            if let Some(error) = &status.last_error {
                ui.colored_label(palette.danger, shared.words(error));
            }
            // The sender works on its own; show its progress as it goes.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs(1));
        }
        for (label, value, key) in [
            (
                "lrs-endpoint",
                &mut form.lrs_endpoint,
                crate::lrs::settings::keys::ENDPOINT,
            ),
            (
                "lrs-key",
                &mut form.lrs_key,
                crate::lrs::settings::keys::POLICY_KEY,
            ),
        ] {
            let fixed = shared.policy.policy.sets(key);
            ui.add_enabled_ui(!fixed, |ui| path_field(ui, &tr(lang, label), value));
            super::access_card::set_by_organisation(ui, shared, fixed);
        }
        password_field(ui, &tr(lang, "lrs-secret"), &mut form.lrs_secret);
        path_field(ui, &tr(lang, "lrs-home-page"), &mut form.lrs_home_page);
        ui.horizontal_wrapped(|ui| {
            let save = ui.add(theme::primary(ui, tr(lang, "lrs-save"))).clicked();
            if save && form.lrs_endpoint.trim().is_empty() {
                form.message = Some(PanelMessage {
                    panel: Panel::Lrs,
                    lines: vec![crate::i18n::Message::new("lrs-endpoint-missing")],
                    error: true,
                });
            } else if save {
                let given = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
                let (key, secret) = (given(&form.lrs_key), given(&form.lrs_secret));
                out.push(Command::ConfigureLrs(crate::lrs::LrsConfig {
                    endpoint: form.lrs_endpoint.trim().to_owned(),
                    // Both or neither: neither keeps the stored key and secret.
                    key: key.clone().filter(|_| secret.is_some()),
                    secret: secret.filter(|_| key.is_some()),
                    home_page: given(&form.lrs_home_page),
                    activity_base: None,
                }));
            }
            if ui.button(tr(lang, "lrs-send-now")).clicked() {
                out.push(Command::SendNow);
            }
            if ui.button(tr(lang, "lrs-off")).clicked() {
                out.push(Command::LrsOff);
            }
        });
        super::panel_message::panel_message(ui, shared, form.message.as_ref(), Panel::Lrs);
    });
}
