//! The manager area: the lock, then the completion matrix, charts, the questions most
//! often missed, scenario paths, due dates, and exports and data exchange.

use eframe::egui::{self, RichText};
use egui_extras::{Column, TableBuilder};
use egui_plot::{Bar, BarChart, Plot};

use super::{heading, muted, paragraph, title};
use crate::engine::Status;
use crate::i18n::Message;
use crate::i18n::{Lang, date, day, percent, tr, trf};
use crate::report::Completion;
use crate::store::MIN_PASSPHRASE_CHARS;
use crate::ui::command::Command;
use crate::ui::state::AppView;
use crate::ui::state::manager::{
    DueForm, ExportFormat, LockState, ManagerState, MatrixView, SortKey, Tab,
};
use crate::ui::theme::{self, Palette};

use super::home::StatusTone;

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

fn password_field(ui: &mut egui::Ui, label: &str, value: &mut String) -> egui::Response {
    let label = ui.label(label);
    ui.add(
        egui::TextEdit::singleline(value)
            .password(true)
            .desired_width(320.0),
    )
    .labelled_by(label.id)
}

fn setup(
    ui: &mut egui::Ui,
    lang: Lang,
    passphrase: &mut String,
    repeat: &mut String,
    error: &mut Option<String>,
    out: &mut Vec<Command>,
) {
    let min = MIN_PASSPHRASE_CHARS.to_string();
    super::column(ui, |ui| {
        theme::card(ui).show(ui, |ui| {
            ui.set_width(ui.available_width());
            title(ui, &tr(lang, "mgr-setup-title"));
            paragraph(ui, &trf(lang, "mgr-setup-intro", &[("min", min.clone())]));
            password_field(ui, &tr(lang, "mgr-passphrase"), passphrase);
            let enter = password_field(ui, &tr(lang, "mgr-passphrase-repeat"), repeat).lost_focus()
                && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if let Some(error) = error.as_ref() {
                ui.colored_label(Palette::of(ui).danger, error);
            }
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
    super::column(ui, |ui| {
        theme::card(ui).show(ui, |ui| {
            ui.set_width(ui.available_width());
            title(ui, &tr(lang, "mgr-unlock-title"));
            muted(ui, &tr(lang, "mgr-unlock-intro"));
            let field = password_field(ui, &tr(lang, "mgr-passphrase"), passphrase);
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let palette = Palette::of(ui);
            if let Some(error) = error {
                ui.colored_label(palette.danger, error);
            }
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
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(tr(lang, "mgr-lock")).clicked() {
                out.push(Command::LockManager);
            }
        });
    });
    ui.horizontal_wrapped(|ui| {
        for (tab, key) in [
            (Tab::Matrix, "tab-matrix"),
            (Tab::Charts, "tab-charts"),
            (Tab::Questions, "tab-questions"),
            (Tab::Scenarios, "tab-scenarios"),
            (Tab::DueDates, "tab-due"),
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
        let course = &shared.course;
        state.view.refresh(&data, course, lang.code());
    }
    if state.tab == Tab::Matrix {
        figures(ui, lang, &state.view);
        filters(ui, lang, &data, &mut state.view);
        matrix(ui, lang, &data, &mut state.view);
        return;
    }
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .id_salt(("manager-tab", state.tab as u8))
        .show(ui, |ui| match state.tab {
            Tab::Matrix => {}
            Tab::Charts => charts(ui, lang, &state.view),
            Tab::Questions => questions(ui, lang, &data),
            Tab::Scenarios => scenarios(ui, lang, &data),
            Tab::DueDates => due_dates(ui, lang, &data, &mut state.due, out),
            Tab::Data => data_tab(ui, shared, state, out),
        });
}

fn figure(ui: &mut egui::Ui, label: &str, value: &str) {
    // Columns lay out justified; figures want ragged text.
    ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
        theme::card(ui).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(value).heading());
            ui.add(egui::Label::new(RichText::new(label).color(Palette::of(ui).text_muted)).wrap());
        });
    });
}

fn figures(ui: &mut egui::Ui, lang: Lang, view: &MatrixView) {
    let Some(h) = view.headline else {
        return;
    };
    ui.columns(5, |cols| {
        let mut cols = cols.iter_mut();
        let mut next = || cols.next();
        let mut figure = |label: &str, value: &str| {
            if let Some(ui) = next() {
                figure(ui, label, value);
            }
        };
        figure(&tr(lang, "fig-learners"), &h.learners.to_string());
        figure(
            &tr(lang, "fig-completion"),
            &format!("{}%", percent(lang, h.completion_rate)),
        );
        figure(&tr(lang, "fig-overdue"), &h.overdue.to_string());
        figure(&tr(lang, "fig-expiring"), &h.expiring_30_days.to_string());
        figure(
            &tr(lang, "fig-average"),
            &h.average_score
                .map_or("–".to_owned(), |s| format!("{}%", percent(lang, s))),
        );
    });
}

/// A combo box over `options` (value, label) with an "All" entry; true when changed.
fn choose<T: Clone + PartialEq>(
    ui: &mut egui::Ui,
    lang: Lang,
    label: &str,
    current: &mut Option<T>,
    options: &[(T, String)],
) -> bool {
    let shown = current
        .as_ref()
        .and_then(|c| options.iter().find(|(v, _)| v == c))
        .map_or_else(|| tr(lang, "filter-all"), |(_, l)| l.clone());
    let mut changed = false;
    let label = ui.label(label);
    egui::ComboBox::from_id_salt(label.id)
        .selected_text(shown)
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(current.is_none(), tr(lang, "filter-all"))
                .clicked()
            {
                *current = None;
                changed = true;
            }
            for (value, text) in options {
                if ui
                    .selectable_label(current.as_ref() == Some(value), text)
                    .clicked()
                {
                    *current = Some(value.clone());
                    changed = true;
                }
            }
        })
        .response
        .labelled_by(label.id);
    changed
}

fn status_options(lang: Lang) -> Vec<(&'static str, String)> {
    Status::KEYS
        .iter()
        .map(|k| (*k, tr(lang, &format!("st-{k}"))))
        .collect()
}

fn filters(
    ui: &mut egui::Ui,
    lang: Lang,
    data: &crate::ui::state::manager::DashboardData,
    view: &mut MatrixView,
) {
    ui.horizontal_wrapped(|ui| {
        let departments: Vec<(String, String)> = data
            .departments
            .iter()
            .map(|d| (d.clone(), d.clone()))
            .collect();
        let modules: Vec<(String, String)> = data.modules.clone();
        let mut changed = choose(
            ui,
            lang,
            &tr(lang, "filter-department"),
            &mut view.department,
            &departments,
        );
        changed |= choose(
            ui,
            lang,
            &tr(lang, "filter-status"),
            &mut view.status,
            &status_options(lang),
        );
        changed |= choose(
            ui,
            lang,
            &tr(lang, "filter-module"),
            &mut view.module,
            &modules,
        );
        for (key, text) in [
            ("filter-since", &mut view.since),
            ("filter-until", &mut view.until),
        ] {
            let label = ui.label(tr(lang, key));
            let response = ui
                .add(egui::TextEdit::singleline(text).desired_width(110.0))
                .labelled_by(label.id);
            if response.changed() && !MatrixView::bad_date(text) {
                changed = true;
            }
        }
        if changed {
            view.dirty = true;
        }
    });
    if MatrixView::bad_date(&view.since) || MatrixView::bad_date(&view.until) {
        ui.colored_label(Palette::of(ui).danger, tr(lang, "filter-bad-date"));
    }
}

fn status_color(status: &Status, palette: &Palette) -> egui::Color32 {
    let tone = match status {
        Status::NotStarted => StatusTone::Neutral,
        Status::InProgress { .. } => StatusTone::Info,
        Status::Passed { .. } => StatusTone::Good,
        Status::ExpiringSoon { .. } | Status::Expired { .. } => StatusTone::Warning,
        Status::Failed | Status::Overdue { .. } => StatusTone::Bad,
    };
    tone.color(palette)
}

/// The short status and its date, for a matrix cell.
fn cell_text(lang: Lang, row: &Completion) -> (String, Option<String>) {
    let short = tr(lang, &format!("st-{}", row.status_key));
    let when = match row.status {
        Status::Passed {
            until: Some(until), ..
        }
        | Status::ExpiringSoon { until, .. } => Some(date(lang, until)),
        Status::Passed { on, until: None } | Status::Expired { on } => Some(date(lang, on)),
        Status::Overdue { due } => Some(day(lang, due)),
        Status::Failed => row.last_activity.map(|t| date(lang, t)),
        Status::InProgress { answered, total } => Some(format!("{answered}/{total}")),
        Status::NotStarted => row.due_date.map(|d| day(lang, d)),
    };
    (short, when)
}

fn sort_header(ui: &mut egui::Ui, text: &str, key: SortKey, view: &mut MatrixView) {
    let marker = if view.sort == key {
        if view.ascending { " ⬆" } else { " ⬇" }
    } else {
        ""
    };
    if ui
        .add(egui::Button::new(RichText::new(format!("{text}{marker}")).strong()).frame(false))
        .on_hover_text(text)
        .clicked()
    {
        if view.sort == key {
            view.ascending = !view.ascending;
        } else {
            view.sort = key;
            view.ascending = true;
        }
        view.dirty = true;
    }
}

fn matrix(
    ui: &mut egui::Ui,
    lang: Lang,
    data: &crate::ui::state::manager::DashboardData,
    view: &mut MatrixView,
) {
    if data.learner_count == 0 {
        muted(ui, &tr(lang, "mx-empty"));
        return;
    }
    muted(
        ui,
        &trf(
            lang,
            "mx-shown",
            &[
                ("shown", view.learners.len().to_string()),
                ("total", data.learner_count.to_string()),
            ],
        ),
    );
    let columns: Vec<usize> = (0..data.modules.len())
        .filter(|&j| view.module.as_ref().is_none_or(|m| *m == data.modules[j].0))
        .collect();
    let palette = Palette::of(ui);
    let learners = view.learners.clone();
    let filter = view.filter();
    let height = (ui.available_height() - 50.0).max(200.0);
    egui::ScrollArea::horizontal().show(ui, |ui| {
        table(
            ui, lang, data, view, &columns, &learners, &filter, height, palette,
        );
    });
}

#[expect(
    clippy::too_many_arguments,
    reason = "the parts of one table, computed by its caller"
)]
fn table(
    ui: &mut egui::Ui,
    lang: Lang,
    data: &crate::ui::state::manager::DashboardData,
    view: &mut MatrixView,
    columns: &[usize],
    learners: &[usize],
    filter: &crate::report::Filter,
    height: f32,
    palette: Palette,
) {
    // The table fills the rest of the window and scrolls itself, drawing only the rows
    // in view: the manager area stays smooth with tens of thousands of learners.
    let mut table = TableBuilder::new(ui)
        .striped(true)
        .resizable(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::initial(190.0).at_least(120.0).clip(true))
        .column(Column::initial(110.0).clip(true))
        .column(Column::initial(140.0).clip(true));
    for _ in columns {
        table = table.column(Column::initial(150.0).at_least(90.0).clip(true));
    }
    table
        .min_scrolled_height(height)
        .max_scroll_height(height)
        .header(44.0, |mut header| {
            header.col(|ui| sort_header(ui, &tr(lang, "mx-name"), SortKey::Name, view));
            header.col(|ui| sort_header(ui, &tr(lang, "mx-employee"), SortKey::EmployeeId, view));
            header.col(|ui| sort_header(ui, &tr(lang, "mx-department"), SortKey::Department, view));
            for &j in columns {
                header.col(|ui| sort_header(ui, &data.modules[j].1, SortKey::Module(j), view));
            }
        })
        .body(|body| {
            body.rows(40.0, learners.len(), |mut row| {
                let i = learners[row.index()];
                let Some(first) = data.learner(i) else {
                    return;
                };
                row.col(|ui| {
                    ui.label(&first.name);
                });
                row.col(|ui| {
                    ui.label(&first.employee_id);
                });
                row.col(|ui| {
                    ui.label(first.department.as_deref().unwrap_or("–"));
                });
                for &j in columns {
                    row.col(|ui| {
                        let Some(cell) = data.cell(i, j) else {
                            return;
                        };
                        let (short, when) = cell_text(lang, cell);
                        let color = status_color(&cell.status, &palette);
                        let faded = !filter.matches(cell);
                        let color = if faded {
                            color.gamma_multiply(0.4)
                        } else {
                            color
                        };
                        ui.vertical(|ui| {
                            ui.spacing_mut().item_spacing.y = 0.0;
                            ui.label(RichText::new(short).color(color).strong());
                            if let Some(when) = when {
                                ui.label(RichText::new(when).small().weak());
                            }
                        });
                    });
                }
            });
        });
}

fn charts(ui: &mut egui::Ui, lang: Lang, view: &MatrixView) {
    let palette = Palette::of(ui);
    title(ui, &tr(lang, "chart-pass-rate"));
    let bars: Vec<Bar> = view
        .module_stats
        .iter()
        .enumerate()
        .map(|(i, m)| {
            #[expect(clippy::cast_precision_loss, reason = "a handful of modules")]
            let x = i as f64;
            Bar::new(x, m.pass_rate)
                .name(format!(
                    "{} ({} {})",
                    m.title,
                    m.attempted,
                    tr(lang, "chart-learners")
                ))
                .fill(palette.accent)
        })
        .collect();
    let names: Vec<String> = view.module_stats.iter().map(|m| m.title.clone()).collect();
    Plot::new("pass-rates")
        .height(260.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        .include_y(100.0)
        .x_axis_formatter(move |mark, _range| {
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "axis marks at module indices"
            )]
            let i = mark.value.round() as usize;
            if (mark.value - mark.value.round()).abs() < 1e-6 {
                names.get(i).map(|n| shorten(n, 18)).unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new("pass-rate", bars).width(0.6));
        });
    for m in &view.module_stats {
        muted(
            ui,
            &format!(
                "{}: {}% · {} / {}",
                m.title,
                percent(lang, m.pass_rate),
                m.complete,
                m.attempted
            ),
        );
    }
    ui.add_space(theme::GAP);
    title(ui, &tr(lang, "chart-scores"));
    let mut totals = [0usize; 10];
    for m in &view.module_stats {
        for (t, n) in totals.iter_mut().zip(m.score_bands) {
            *t += n;
        }
    }
    let bars: Vec<Bar> = totals
        .iter()
        .enumerate()
        .map(|(i, n)| {
            #[expect(clippy::cast_precision_loss, reason = "ten bands, modest counts")]
            let (x, y) = (i as f64 * 10.0 + 5.0, *n as f64);
            Bar::new(x, y)
                .name(format!("{}–{}%", i * 10, i * 10 + 9))
                .width(9.0)
                .fill(palette.info)
        })
        .collect();
    Plot::new("score-bands")
        .height(220.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_x(0.0)
        .include_x(100.0)
        .include_y(0.0)
        .show(ui, |plot| plot.bar_chart(BarChart::new("scores", bars)));
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

fn questions(ui: &mut egui::Ui, lang: Lang, data: &crate::ui::state::manager::DashboardData) {
    paragraph(ui, &tr(lang, "missed-intro"));
    if data.missed.is_empty() {
        muted(ui, &tr(lang, "missed-none"));
        return;
    }
    super::column_of(ui, 1000.0, |ui| {
        for q in data.missed.iter().take(30) {
            theme::card(ui).show(ui, |ui| {
                ui.set_width(ui.available_width());
                let module = data
                    .modules
                    .iter()
                    .find(|(id, _)| *id == q.module_id)
                    .map_or(q.module_id.as_str(), |(_, t)| t.as_str());
                muted(ui, &format!("{module} · {}", q.question_id));
                paragraph(ui, &q.prompt);
                ui.label(
                    RichText::new(trf(
                        lang,
                        "missed-line",
                        &[
                            ("wrong", q.wrong.to_string()),
                            ("answered", q.answered.to_string()),
                            ("rate", percent(lang, q.wrong_rate)),
                        ],
                    ))
                    .color(Palette::of(ui).danger),
                );
                if let Some((_, text, picks)) = &q.top_wrong_choice {
                    muted(
                        ui,
                        &trf(
                            lang,
                            "missed-top",
                            &[("choice", text.clone()), ("picks", picks.to_string())],
                        ),
                    );
                }
            });
        }
    });
}

fn scenarios(ui: &mut egui::Ui, lang: Lang, data: &crate::ui::state::manager::DashboardData) {
    paragraph(ui, &tr(lang, "flow-intro"));
    let palette = Palette::of(ui);
    super::column_of(ui, 1000.0, |ui| {
        for flow in &data.flows {
            theme::card(ui).show(ui, |ui| {
                ui.set_width(ui.available_width());
                title(ui, &flow.title);
                for node in &flow.nodes {
                    muted(ui, &node.text);
                    let total: u64 = node.choices.iter().map(|c| c.2).sum();
                    for (_, text, count) in &node.choices {
                        ui.horizontal(|ui| {
                            #[expect(clippy::cast_precision_loss, reason = "counts are modest")]
                            let fraction = if total == 0 {
                                0.0
                            } else {
                                *count as f32 / total as f32
                            };
                            ui.add(
                                egui::ProgressBar::new(fraction)
                                    .desired_width(160.0)
                                    .fill(palette.accent)
                                    .text(trf(lang, "flow-times", &[("count", count.to_string())])),
                            );
                            ui.add(egui::Label::new(text.as_str()).wrap());
                        });
                    }
                }
                ui.label(RichText::new(tr(lang, "flow-endings")).strong());
                for (_, text, count) in &flow.endings {
                    ui.horizontal(|ui| {
                        ui.label(
                            RichText::new(trf(lang, "flow-times", &[("count", count.to_string())]))
                                .color(palette.info),
                        );
                        ui.add(egui::Label::new(text.as_str()).wrap());
                    });
                }
            });
        }
    });
}

fn due_dates(
    ui: &mut egui::Ui,
    lang: Lang,
    data: &crate::ui::state::manager::DashboardData,
    form: &mut DueForm,
    out: &mut Vec<Command>,
) {
    super::column(ui, |ui| {
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
            if let Some(error) = &form.error {
                ui.colored_label(Palette::of(ui).danger, error);
            }
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

fn path_field(ui: &mut egui::Ui, label: &str, value: &mut String) {
    let label = ui.label(label);
    ui.add(egui::TextEdit::singleline(value).desired_width(f32::INFINITY))
        .labelled_by(label.id);
}

fn data_tab(ui: &mut egui::Ui, shared: &AppView, state: &mut ManagerState, out: &mut Vec<Command>) {
    let lang = shared.lang;
    let filter = state.view.filter();
    let form = &mut state.data_tab;
    super::column(ui, |ui| {
        if let Some((lines, error)) = &form.message {
            let palette = Palette::of(ui);
            let (fg, bg) = if *error {
                (palette.danger, palette.danger_bg)
            } else {
                (palette.success, palette.success_bg)
            };
            theme::tinted(fg, bg).show(ui, |ui| {
                ui.set_width(ui.available_width());
                for line in lines {
                    ui.label(RichText::new(shared.words(line)).color(fg));
                }
            });
        }
        theme::card(ui).show(ui, |ui| {
            ui.set_width(ui.available_width());
            title(ui, &tr(lang, "data-export-title"));
            muted(ui, &tr(lang, "data-export-intro"));
            ui.horizontal_wrapped(|ui| {
                ui.label(tr(lang, "data-format"));
                for format in ExportFormat::ALL {
                    ui.radio_value(&mut form.format, format, format.label());
                }
            });
            if form.format == ExportFormat::Csv {
                ui.checkbox(&mut form.bom, tr(lang, "data-bom"));
            }
            if shared.native_dialogs
                && ui
                    .add(theme::primary(ui, tr(lang, "data-export-dialog")))
                    .clicked()
            {
                out.push(Command::ChooseReportFile(form.format));
            }
            path_field(ui, &tr(lang, "data-path"), &mut form.export_path);
            if ui.button(tr(lang, "data-save")).clicked() && !form.export_path.trim().is_empty() {
                out.push(Command::ExportReport {
                    format: form.format,
                    bom: form.bom,
                    filter: filter.clone(),
                    path: form.export_path.trim().into(),
                });
            }
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
        });
        theme::card(ui).show(ui, |ui| {
            ui.set_width(ui.available_width());
            title(ui, &tr(lang, "data-bundle-title"));
            path_field(ui, &tr(lang, "data-bundle-path"), &mut form.bundle_path);
            if ui.button(tr(lang, "data-bundle")).clicked() && !form.bundle_path.trim().is_empty() {
                out.push(Command::MakeBundle(form.bundle_path.trim().into()));
            }
        });
        theme::card(ui).show(ui, |ui| {
            ui.set_width(ui.available_width());
            title(ui, &tr(lang, "data-certs-title"));
            muted(ui, &tr(lang, "data-certs-intro"));
            path_field(ui, &tr(lang, "data-certs-dir"), &mut form.certificates_dir);
            if ui.button(tr(lang, "data-certs")).clicked()
                && !form.certificates_dir.trim().is_empty()
            {
                out.push(Command::MakeCertificates(
                    form.certificates_dir.trim().into(),
                ));
            }
        });
        lrs_card(ui, shared, form, out);
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
                if form.new_passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
                    let short = Message::new("mgr-setup-short").with("min", MIN_PASSPHRASE_CHARS);
                    form.message = Some((vec![short], true));
                } else if form.new_passphrase != form.new_passphrase_repeat {
                    form.message = Some((vec![Message::new("mgr-setup-mismatch")], true));
                } else {
                    out.push(Command::SetPassphrase(std::mem::take(
                        &mut form.new_passphrase,
                    )));
                    form.new_passphrase_repeat.clear();
                }
            }
        });
    });
}

/// Delivery to the organisation's Learning Record Store: status, settings, switch.
fn lrs_card(
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
        path_field(ui, &tr(lang, "lrs-endpoint"), &mut form.lrs_endpoint);
        path_field(ui, &tr(lang, "lrs-key"), &mut form.lrs_key);
        password_field(ui, &tr(lang, "lrs-secret"), &mut form.lrs_secret);
        path_field(ui, &tr(lang, "lrs-home-page"), &mut form.lrs_home_page);
        ui.horizontal_wrapped(|ui| {
            if ui.add(theme::primary(ui, tr(lang, "lrs-save"))).clicked()
                && !form.lrs_endpoint.trim().is_empty()
            {
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
    });
}
