//! Opening a profile that has a PIN, the privacy notice to read before going on, and
//! setting a PIN: the screens between the profile list and the learner's home.

use eframe::egui::{self, RichText};

use super::widgets::{heading, muted, paragraph, password_field, title};
use crate::i18n::{tr, trf};
use crate::store::MIN_PIN_CHARS;
use crate::ui::command::Command;
use crate::ui::state::{AppView, PinForm, SignInState};
use crate::ui::theme::{self, Palette};

/// Asks the PIN of the profile being opened.
pub fn sign_in(
    ui: &mut egui::Ui,
    shared: &AppView,
    state: &mut SignInState,
    out: &mut Vec<Command>,
) {
    let lang = shared.lang;
    let name = shared
        .learners
        .iter()
        .find(|l| l.id == state.learner_id)
        .map_or_else(String::new, |l| l.display_name.clone());
    ui.add_space(theme::GAP_LARGE);
    heading(ui, &trf(lang, "pin-enter-title", &[("name", name)]));
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        muted(ui, &tr(lang, "pin-enter-intro"));
        let field = password_field(ui, &tr(lang, "pin-field"), &mut state.pin);
        // The field has the focus from the start: type the PIN, press Enter.
        if !state.checking && state.pin.is_empty() && !field.has_focus() && state.error.is_none() {
            field.request_focus();
        }
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let palette = Palette::of(ui);
        let error = state.error.as_ref().map(|e| shared.words(e));
        super::a11y::error_line(ui, error.as_deref());
        // Whole seconds left, rounded up.
        let waiting = state
            .retry_at
            .map(|t| ((t - shared.now).num_milliseconds() + 999) / 1000)
            .filter(|s| *s > 0);
        if let Some(seconds) = waiting {
            ui.colored_label(
                palette.warning,
                trf(lang, "mgr-wait", &[("seconds", seconds.to_string())]),
            );
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(500));
        }
        if state.checking {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(tr(lang, "pin-checking"));
            });
        }
        let clicked = ui
            .horizontal(|ui| {
                let open = ui.add_enabled(
                    waiting.is_none() && !state.checking,
                    theme::primary(ui, tr(lang, "pin-open")),
                );
                if ui.button(tr(lang, "pin-other-profile")).clicked() {
                    out.push(Command::SignOut);
                }
                open.clicked()
            })
            .inner;
        if (clicked || enter) && waiting.is_none() && !state.checking && !state.pin.is_empty() {
            out.push(Command::SubmitPin(std::mem::take(&mut state.pin)));
        }
        muted(ui, &tr(lang, "pin-forgotten"));
    });
}

/// The privacy notice, to read before going on: on a learner's first sign-in after it
/// changed (a manager turned delivery to an LRS on or off).
pub fn notice(ui: &mut egui::Ui, shared: &AppView, out: &mut Vec<Command>) {
    let lang = shared.lang;
    ui.add_space(theme::GAP_LARGE);
    heading(ui, &tr(lang, "notice-changed-title"));
    paragraph(ui, &tr(lang, "notice-changed-intro"));
    ui.add_space(theme::GAP);
    super::welcome::privacy_notice(ui, shared);
    ui.add_space(theme::GAP);
    if ui
        .add(theme::primary(ui, tr(lang, "welcome-continue")))
        .clicked()
    {
        out.push(Command::AcceptNotice);
    }
}

/// Setting a PIN right after signing in: required by a manager, or offered.
pub fn set_pin(
    ui: &mut egui::Ui,
    shared: &AppView,
    form: &mut PinForm,
    required: bool,
    out: &mut Vec<Command>,
) {
    let lang = shared.lang;
    ui.add_space(theme::GAP_LARGE);
    heading(ui, &tr(lang, "pin-set-title"));
    paragraph(
        ui,
        &tr(
            lang,
            if required {
                "pin-required-intro"
            } else {
                "pin-offer-intro"
            },
        ),
    );
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let set = pin_fields(ui, shared, form);
        ui.horizontal(|ui| {
            if (ui.add(theme::primary(ui, tr(lang, "pin-save"))).clicked() || set)
                && let Some(pin) = form.checked()
            {
                out.push(Command::SetPin(pin));
            }
            if !required && ui.button(tr(lang, "pin-not-now")).clicked() {
                out.push(Command::SkipPin);
            }
        });
    });
}

/// A new PIN typed twice, with what went wrong or right beside it. Returns whether Enter
/// was pressed in the second field.
pub fn pin_fields(ui: &mut egui::Ui, shared: &AppView, form: &mut PinForm) -> bool {
    let lang = shared.lang;
    muted(
        ui,
        &trf(lang, "pin-rules", &[("min", MIN_PIN_CHARS.to_string())]),
    );
    let pin = password_field(ui, &tr(lang, "pin-new"), &mut form.pin);
    let repeat = password_field(ui, &tr(lang, "pin-repeat"), &mut form.repeat);
    // An error goes as soon as the PIN is being typed again.
    if pin.changed() || repeat.changed() {
        form.error = None;
        form.done = None;
    }
    let enter = repeat.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    let palette = Palette::of(ui);
    if let Some(done) = &form.done {
        let done = RichText::new(shared.words(done)).color(palette.success);
        super::a11y::feedback_label(ui, done, false);
    } else {
        let error = form.error.as_ref().map(|e| shared.words(e));
        super::a11y::error_line(ui, error.as_deref());
    }
    enter
}

/// The PIN card of "My data": set, change or remove the profile's PIN.
pub fn pin_card(ui: &mut egui::Ui, shared: &AppView, form: &mut PinForm, out: &mut Vec<Command>) {
    let lang = shared.lang;
    let access = shared.data.access;
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        title(ui, &tr(lang, "pin-card-title"));
        paragraph(
            ui,
            &tr(
                lang,
                if access.has_pin {
                    "pin-card-has"
                } else {
                    "pin-card-none"
                },
            ),
        );
        let enter = pin_fields(ui, shared, form);
        ui.horizontal(|ui| {
            let label = tr(
                lang,
                if access.has_pin {
                    "pin-change"
                } else {
                    "pin-save"
                },
            );
            if (ui.button(label).clicked() || enter)
                && let Some(pin) = form.checked()
            {
                out.push(Command::SetPin(pin));
            }
            if access.has_pin && !shared.machine.pins_required {
                if ui.button(tr(lang, "pin-remove")).clicked() {
                    form.error = None;
                    out.push(Command::RemovePin);
                }
            } else if access.has_pin {
                muted(ui, &tr(lang, "pin-required-keep"));
            }
        });
    });
}
