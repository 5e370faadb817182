//! The building blocks every screen draws with: text in the theme's styles, the reading
//! column, and labelled fields. Screens import these; this file imports no screen.

use eframe::egui::{self, RichText};

use crate::ui::theme::{self, Palette};

/// A centred column of reading width.
pub fn column<R>(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    column_of(ui, theme::READING_WIDTH, add)
}

/// A centred column at most `max_width` wide.
pub fn column_of<R>(ui: &mut egui::Ui, max_width: f32, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let width = (ui.available_width() - 2.0 * theme::GAP)
        .min(max_width)
        .max(0.0);
    let margin = ((ui.available_width() - width) / 2.0).max(0.0);
    ui.horizontal(|ui| {
        ui.add_space(margin);
        ui.vertical(|ui| {
            ui.set_width(width);
            add(ui)
        })
        .inner
    })
    .inner
}

/// A paragraph of body text that wraps.
pub fn paragraph(ui: &mut egui::Ui, text: &str) {
    ui.add(egui::Label::new(text).wrap());
}

pub use super::a11y::{floating_label, heading, title};

/// Muted small text.
pub fn muted(ui: &mut egui::Ui, text: &str) {
    let color = Palette::of(ui).text_muted;
    ui.add(egui::Label::new(RichText::new(text).color(color)).wrap());
}

pub fn password_field(ui: &mut egui::Ui, label: &str, value: &mut String) -> egui::Response {
    let label = ui.label(label);
    ui.add(
        egui::TextEdit::singleline(value)
            .password(true)
            .desired_width(320.0),
    )
    .labelled_by(label.id)
}

pub fn path_field(ui: &mut egui::Ui, label: &str, value: &mut String) {
    let label = ui.label(label);
    ui.add(egui::TextEdit::singleline(value).desired_width(f32::INFINITY))
        .labelled_by(label.id);
}

/// A save: where the file goes (typed, or chosen in the native dialog when there is one),
/// the button that writes it, and how the last save went, right beside it.
#[allow(
    clippy::too_many_arguments,
    reason = "the parts of one form: its words, its path and what it saves"
)]
pub fn save_form(
    ui: &mut egui::Ui,
    shared: &crate::ui::state::AppView,
    label: &str,
    button: &str,
    path: &mut String,
    what: &crate::ui::command::SaveWhat,
    primary: bool,
    out: &mut Vec<crate::ui::command::Command>,
) {
    use crate::i18n::tr;
    use crate::ui::command::Command;
    use crate::ui::state::SaveStatus;
    let lang = shared.lang;
    path_field(ui, label, path);
    let busy = matches!(shared.saves.get(&what.kind()), Some(SaveStatus::Working));
    ui.horizontal_wrapped(|ui| {
        let save = if primary {
            theme::primary(ui, button.to_owned())
        } else {
            egui::Button::new(button)
        };
        if ui
            .add_enabled(!busy && !path.trim().is_empty(), save)
            .clicked()
        {
            out.push(Command::Save {
                what: what.clone(),
                path: path.trim().into(),
                existing: crate::fsio::Existing::Keep,
            });
        }
        if shared.native_dialogs && ui.button(tr(lang, "save-choose")).clicked() {
            out.push(Command::ChooseSaveTarget(what.clone()));
        }
    });
    save_status(ui, shared, what.kind(), out);
}

/// How the last save of `kind` went: under way, written, refused because a file is in the
/// way (with the choice to replace it), failed, or no dialog on this computer.
pub fn save_status(
    ui: &mut egui::Ui,
    shared: &crate::ui::state::AppView,
    kind: crate::ui::command::SaveKind,
    out: &mut Vec<crate::ui::command::Command>,
) {
    use crate::i18n::{Message, tr};
    use crate::ui::command::Command;
    use crate::ui::state::SaveStatus;
    let lang = shared.lang;
    let palette = Palette::of(ui);
    let Some(status) = shared.saves.get(&kind) else {
        return;
    };
    match status {
        SaveStatus::Working => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(tr(lang, "save-working"));
            });
        }
        SaveStatus::Done(lines) => {
            theme::tinted(palette.success, palette.success_bg).show(ui, |ui| {
                ui.set_width(ui.available_width());
                for line in lines {
                    let text = RichText::new(shared.words(line)).color(palette.success);
                    super::a11y::feedback_label(ui, text, false);
                }
            });
        }
        SaveStatus::Failed(message) => {
            theme::tinted(palette.danger, palette.danger_bg).show(ui, |ui| {
                ui.set_width(ui.available_width());
                let text = RichText::new(shared.words(message)).color(palette.danger);
                super::a11y::feedback_label(ui, text, true);
            });
        }
        SaveStatus::NoDialog => {
            theme::tinted(palette.info, palette.info_bg).show(ui, |ui| {
                ui.set_width(ui.available_width());
                let text = RichText::new(tr(lang, "dialog-unavailable")).color(palette.info);
                super::a11y::feedback_label(ui, text, false);
            });
        }
        SaveStatus::Exists { path, what, done } => {
            theme::tinted(palette.warning, palette.warning_bg).show(ui, |ui| {
                ui.set_width(ui.available_width());
                for line in done {
                    ui.label(RichText::new(shared.words(line)).color(palette.warning));
                }
                // Certificates in bulk name the folder where some files were in the way.
                let key = if what.extension().is_none() {
                    "save-exists-folder"
                } else {
                    "save-exists"
                };
                let question = Message::new(key).with("path", path.as_path());
                let text = RichText::new(shared.words(&question)).color(palette.warning);
                super::a11y::feedback_label(ui, text, true);
                ui.horizontal(|ui| {
                    // Escape answers "keep", as it closes any other question.
                    if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                        out.push(Command::DismissSave(kind));
                    }
                    if ui.button(tr(lang, "save-replace")).clicked() {
                        out.push(Command::Save {
                            what: what.clone(),
                            path: path.clone(),
                            existing: crate::fsio::Existing::Replace,
                        });
                    }
                    if ui.button(tr(lang, "save-keep")).clicked() {
                        out.push(Command::DismissSave(kind));
                    }
                });
            });
        }
    }
}
