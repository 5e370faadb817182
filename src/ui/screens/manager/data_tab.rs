//! The data tab: exports, results bundles, certificates in bulk, LRS delivery, sign-in
//! rules, the organisation on certificates, retention and the passphrase.

use eframe::egui;

use crate::i18n::Message;
use crate::i18n::tr;
use crate::store::MIN_PASSPHRASE_CHARS;
use crate::ui::command::{Command, SaveWhat};
use crate::ui::paths;
use crate::ui::screens::widgets::{muted, title};
use crate::ui::state::AppView;
use crate::ui::state::manager::{ExportFormat, ManagerState, Panel, PanelMessage};
use crate::ui::theme;

use super::access_card;
use super::lrs_card::lrs_card;
use super::panel_message::panel_message;
use crate::ui::screens::widgets::{password_field, save_form};

pub(super) fn data_tab(
    ui: &mut egui::Ui,
    shared: &AppView,
    state: &mut ManagerState,
    out: &mut Vec<Command>,
) {
    let lang = shared.lang;
    let filter = state.view.filter();
    let form = &mut state.data_tab;
    crate::ui::screens::widgets::column(ui, |ui| {
        theme::card(ui).show(ui, |ui| {
            ui.set_width(ui.available_width());
            title(ui, &tr(lang, "data-export-title"));
            muted(ui, &tr(lang, "data-export-intro"));
            let before = form.format;
            ui.horizontal_wrapped(|ui| {
                ui.label(tr(lang, "data-format"));
                for format in ExportFormat::ALL {
                    ui.radio_value(&mut form.format, format, format.label());
                }
            });
            if form.format == ExportFormat::Csv {
                ui.checkbox(&mut form.bom, tr(lang, "data-bom"));
            }
            let what = SaveWhat::Report {
                format: form.format,
                bom: form.bom && form.format == ExportFormat::Csv,
                filter: filter.clone(),
            };
            // The suggestion follows the format and the filters until the manager types
            // a path of their own; a path of their own follows the format's extension.
            let suggestion = paths::suggested(&what, None, shared.now)
                .display()
                .to_string();
            if form.export_path.is_empty() || form.export_path == form.export_suggested {
                form.export_path.clone_from(&suggestion);
            } else if before != form.format {
                form.export_path =
                    paths::with_extension(&form.export_path, form.format.extension());
            }
            form.export_suggested = suggestion;
            save_form(
                ui,
                shared,
                &tr(lang, "data-path"),
                &tr(lang, "data-save"),
                &mut form.export_path,
                &what,
                true,
                out,
            );
        });
        theme::card(ui).show(ui, |ui| {
            ui.set_width(ui.available_width());
            title(ui, &tr(lang, "data-import-title"));
            muted(ui, &tr(lang, "data-import-intro"));
            if shared.native_dialogs && ui.button(tr(lang, "data-import-dialog")).clicked() {
                out.push(Command::ChooseBundles);
            }
            let label = ui.label(tr(lang, "data-import-paths"));
            ui.add(
                egui::TextEdit::multiline(&mut form.import_paths)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
            if ui.button(tr(lang, "data-import")).clicked() {
                let paths: Vec<std::path::PathBuf> = form
                    .import_paths
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(Into::into)
                    .collect();
                if !paths.is_empty() {
                    out.push(Command::ImportBundles(paths));
                }
            }
            panel_message(ui, shared, form.message.as_ref(), Panel::Import);
        });
        theme::card(ui).show(ui, |ui| {
            ui.set_width(ui.available_width());
            title(ui, &tr(lang, "data-bundle-title"));
            if form.bundle_path.is_empty() {
                form.bundle_path = paths::suggested(&SaveWhat::Bundle, None, shared.now)
                    .display()
                    .to_string();
            }
            save_form(
                ui,
                shared,
                &tr(lang, "data-bundle-path"),
                &tr(lang, "data-bundle"),
                &mut form.bundle_path,
                &SaveWhat::Bundle,
                false,
                out,
            );
        });
        theme::card(ui).show(ui, |ui| {
            ui.set_width(ui.available_width());
            title(ui, &tr(lang, "data-certs-title"));
            muted(ui, &tr(lang, "data-certs-intro"));
            let what = SaveWhat::Certificates {
                filter: crate::certificate::CertificateFilter {
                    department: filter.department.clone(),
                    module: filter.module.clone(),
                },
            };
            let suggestion = paths::suggested(&what, None, shared.now)
                .display()
                .to_string();
            if form.certificates_dir.is_empty()
                || form.certificates_dir == form.certificates_suggested
            {
                form.certificates_dir.clone_from(&suggestion);
            }
            form.certificates_suggested = suggestion;
            save_form(
                ui,
                shared,
                &tr(lang, "data-certs-dir"),
                &tr(lang, "data-certs"),
                &mut form.certificates_dir,
                &what,
                false,
                out,
            );
        });
        lrs_card(ui, shared, form, out);
        access_card::sign_in_card(ui, shared, form, out);
        access_card::organisation_card(ui, shared, form, out);
        theme::card(ui).show(ui, |ui| {
            ui.set_width(ui.available_width());
            title(ui, &tr(lang, "data-retention-title"));
            muted(ui, &tr(lang, "data-retention-intro"));
            ui.horizontal(|ui| {
                let label = ui.label(tr(lang, "data-retention-days"));
                ui.add(egui::TextEdit::singleline(&mut form.retention_days).desired_width(80.0))
                    .labelled_by(label.id);
                if ui.button(tr(lang, "data-retention-save")).clicked() {
                    let days = form
                        .retention_days
                        .trim()
                        .parse::<u32>()
                        .ok()
                        .filter(|d| *d > 0);
                    out.push(Command::SetRetention(days));
                }
            });
            panel_message(ui, shared, form.message.as_ref(), Panel::Retention);
        });
        theme::card(ui).show(ui, |ui| {
            ui.set_width(ui.available_width());
            title(ui, &tr(lang, "data-passphrase-title"));
            password_field(ui, &tr(lang, "mgr-passphrase"), &mut form.new_passphrase);
            password_field(
                ui,
                &tr(lang, "mgr-passphrase-repeat"),
                &mut form.new_passphrase_repeat,
            );
            if ui.button(tr(lang, "data-passphrase-save")).clicked() {
                let refuse = |message: Message| {
                    Some(PanelMessage {
                        panel: Panel::Passphrase,
                        lines: vec![message],
                        error: true,
                    })
                };
                if form.new_passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
                    let short = Message::new("mgr-setup-short").with("min", MIN_PASSPHRASE_CHARS);
                    form.message = refuse(short);
                } else if form.new_passphrase != form.new_passphrase_repeat {
                    form.message = refuse(Message::new("mgr-setup-mismatch"));
                } else {
                    form.awaiting = Panel::Passphrase;
                    out.push(Command::SetPassphrase(std::mem::take(
                        &mut form.new_passphrase,
                    )));
                    form.new_passphrase_repeat.clear();
                }
            }
            panel_message(ui, shared, form.message.as_ref(), Panel::Passphrase);
        });
    });
}
