//! The manager area: the lock, then tabs for the overview (figures and the completion
//! matrix), charts, the questions and scenario paths worth a look, tracks assigned to
//! departments, due dates, retention (forgetting curves from refresher answers), and data
//! (exports, bundles, certificates, retention, LRS delivery). Each tab is a file here.

mod access_card;
mod charts;
mod charts_table;
mod data_tab;
mod due_dates;
mod insights;
mod lrs_card;
mod matrix;
mod panel_message;
mod person;
mod retention;
mod tracks;

use eframe::egui::{self};

use super::widgets::{heading, muted, paragraph, title};
use crate::i18n::{Lang, tr, trf};
use crate::store::MIN_PASSPHRASE_CHARS;
use crate::ui::command::Command;
use crate::ui::state::AppView;
use crate::ui::state::manager::{LockState, ManagerState, Tab};
use crate::ui::theme::{self, Palette};

use self::charts::charts;
use self::data_tab::data_tab;
use self::due_dates::due_dates;
use self::insights::{questions, scenarios};
use self::matrix::{figures, filter_note, filters, legend, matrix, search_field, search_results};
use self::person::person;
use self::retention::retention;
use self::tracks::tracks;
use crate::ui::screens::widgets::password_field;

pub fn show(ui: &mut egui::Ui, shared: &AppView, state: &mut ManagerState, out: &mut Vec<Command>) {
    let lang = shared.lang;
    ui.add_space(theme::GAP);
    match &mut state.lock {
        LockState::Checking | LockState::Verifying => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(tr(lang, "mgr-checking"));
            });
        }
        LockState::Setup {
            passphrase,
            repeat,
            error,
        } => setup(ui, lang, passphrase, repeat, error, out),
        LockState::Locked {
            passphrase,
            error,
            retry_at,
        } => locked(ui, shared, passphrase, error.as_ref(), *retry_at, out),
        LockState::Unlocked => unlocked(ui, shared, state, out),
    }
}

pub(super) fn setup(
    ui: &mut egui::Ui,
    lang: Lang,
    passphrase: &mut String,
    repeat: &mut String,
    error: &mut Option<String>,
    out: &mut Vec<Command>,
) {
    let min = MIN_PASSPHRASE_CHARS.to_string();
    crate::ui::screens::widgets::column(ui, |ui| {
        theme::card(ui).show(ui, |ui| {
            ui.set_width(ui.available_width());
            title(ui, &tr(lang, "mgr-setup-title"));
            paragraph(ui, &trf(lang, "mgr-setup-intro", &[("min", min.clone())]));
            let first = password_field(ui, &tr(lang, "mgr-passphrase"), passphrase);
            crate::ui::screens::a11y::focus_on_appear(ui, &first);
            let enter = password_field(ui, &tr(lang, "mgr-passphrase-repeat"), repeat).lost_focus()
                && ui.input(|i| i.key_pressed(egui::Key::Enter));
            crate::ui::screens::a11y::error_line(ui, error.as_deref());
            let save = ui.horizontal(|ui| {
                let save = ui
                    .add(theme::primary(ui, tr(lang, "mgr-setup-save")))
                    .clicked();
                if ui.button(tr(lang, "cancel")).clicked() {
                    out.push(Command::LockManager);
                }
                save
            });
            if save.inner || enter {
                *error = if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
                    Some(trf(lang, "mgr-setup-short", &[("min", min.clone())]))
                } else if passphrase != repeat {
                    Some(tr(lang, "mgr-setup-mismatch"))
                } else {
                    None
                };
                if error.is_none() {
                    out.push(Command::SetPassphrase(std::mem::take(passphrase)));
                    repeat.clear();
                }
            }
        });
    });
}

fn locked(
    ui: &mut egui::Ui,
    shared: &AppView,
    passphrase: &mut String,
    error: Option<&String>,
    retry_at: Option<chrono::DateTime<chrono::Utc>>,
    out: &mut Vec<Command>,
) {
    let lang = shared.lang;
    crate::ui::screens::widgets::column(ui, |ui| {
        theme::card(ui).show(ui, |ui| {
            ui.set_width(ui.available_width());
            title(ui, &tr(lang, "mgr-unlock-title"));
            muted(ui, &tr(lang, "mgr-unlock-intro"));
            let field = password_field(ui, &tr(lang, "mgr-passphrase"), passphrase);
            crate::ui::screens::a11y::focus_on_appear(ui, &field);
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let palette = Palette::of(ui);
            crate::ui::screens::a11y::error_line(ui, error.map(String::as_str));
            // Whole seconds left, rounded up.
            let waiting = retry_at
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
            let clicked = ui
                .horizontal(|ui| {
                    let button = ui.add_enabled(
                        waiting.is_none(),
                        theme::primary(ui, tr(lang, "mgr-unlock")),
                    );
                    if ui.button(tr(lang, "cancel")).clicked() {
                        out.push(Command::LockManager);
                    }
                    button.clicked()
                })
                .inner;
            if (clicked || (enter && waiting.is_none())) && !passphrase.is_empty() {
                out.push(Command::Unlock(std::mem::take(passphrase)));
            }
        });
    });
}

fn unlocked(ui: &mut egui::Ui, shared: &AppView, state: &mut ManagerState, out: &mut Vec<Command>) {
    let lang = shared.lang;
    ui.horizontal(|ui| {
        heading(ui, &tr(lang, "mgr-title"));
        ui.add_space(theme::GAP);
        search_field(ui, lang, &mut state.search, out);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(tr(lang, "mgr-lock")).clicked() {
                out.push(Command::LockManager);
            }
        });
    });
    search_results(ui, lang, &state.search, out);
    if let Some(page) = state.person.as_mut() {
        person(ui, shared, page, out);
        return;
    }
    ui.horizontal_wrapped(|ui| {
        for (tab, key) in [
            (Tab::Matrix, "tab-matrix"),
            (Tab::Charts, "tab-charts"),
            (Tab::Questions, "tab-questions"),
            (Tab::Scenarios, "tab-scenarios"),
            (Tab::Tracks, "tab-tracks"),
            (Tab::DueDates, "tab-due"),
            (Tab::Retention, "tab-retention"),
            (Tab::Data, "tab-data"),
        ] {
            if ui
                .selectable_label(state.tab == tab, tr(lang, key))
                .clicked()
            {
                state.tab = tab;
            }
        }
    });
    ui.separator();
    let Some(data) = state.data.clone() else {
        ui.spinner();
        return;
    };
    if state.view.dirty {
        state.view.refresh(&data);
        out.push(Command::MatrixPage(0));
    }
    // One filter bar for every tab; each tab says how it uses it.
    filters(ui, lang, &data, &mut state.view, shared.now.date_naive());
    filter_note(ui, lang, state);
    if state.tab == Tab::Matrix {
        figures(ui, lang, &state.view);
        legend(ui, lang);
        matrix(ui, lang, &data, &mut state.view, out);
        return;
    }
    let insights = state
        .insights
        .clone()
        .filter(|i| i.department == state.view.department);
    if matches!(state.tab, Tab::Charts | Tab::Questions | Tab::Scenarios) && insights.is_none() {
        out.push(Command::LoadInsights);
    }
    if state.tab == Tab::Retention
        && state
            .retention
            .as_ref()
            .is_none_or(|r| r.department != state.view.department)
    {
        out.push(Command::LoadRetention);
    }
    let module = state.view.module.clone();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .id_salt(("manager-tab", state.tab as u8))
        .show(ui, |ui| match state.tab {
            Tab::Matrix => {}
            Tab::Charts => charts(ui, lang, &data, &state.view, insights.as_deref()),
            Tab::Questions | Tab::Scenarios => match &insights {
                None => {
                    ui.spinner();
                }
                Some(insights) if state.tab == Tab::Questions => {
                    questions(ui, lang, &data, insights, module.as_deref());
                }
                Some(insights) => scenarios(ui, lang, insights, module.as_deref()),
            },
            Tab::DueDates => fixed_by_organisation(ui, shared, |ui| {
                due_dates(
                    ui,
                    shared,
                    &data,
                    &mut state.due,
                    state.data_tab.message.as_ref(),
                    out,
                );
            }),
            Tab::Tracks => fixed_by_organisation(ui, shared, |ui| {
                tracks(ui, lang, &data, &mut state.track, out);
            }),
            Tab::Retention => retention(ui, shared, state, out),
            Tab::Data => data_tab(ui, shared, state, out),
        });
}

/// Draws the tracks or due-dates tab greyed, under the reason, when the organisation's
/// policy assigns them; as it is otherwise.
fn fixed_by_organisation(ui: &mut egui::Ui, shared: &AppView, body: impl FnOnce(&mut egui::Ui)) {
    if !shared.policy.policy.sets_assignments() {
        body(ui);
        return;
    }
    let file = shared
        .policy
        .file
        .as_deref()
        .map(|f| f.display().to_string())
        .unwrap_or_default();
    crate::ui::screens::widgets::muted(
        ui,
        &crate::i18n::trf(shared.lang, "policy-assignments-by-org", &[("file", file)]),
    );
    ui.add_enabled_ui(false, body);
}
