//! The overview tab: headline figures, the filters and the completion matrix of people by
//! modules, sortable, drawing only the rows on screen.

use eframe::egui::{self, RichText};
use egui_extras::{Column, TableBuilder};

use crate::engine::Status;
use crate::i18n::{Lang, date, day, percent, tr, trf};
use crate::report::Completion;
use crate::ui::command::Command;
use crate::ui::screens::date_field::date_field;
use crate::ui::screens::widgets::muted;
use crate::ui::state::manager::{ManagerState, MatrixView, PAGE, PersonSearch, SortKey, Tab};
use crate::ui::theme::{self, Palette};

use crate::ui::screens::home::StatusTone;

pub(super) fn figure(ui: &mut egui::Ui, label: &str, value: &str) {
    // Columns lay out justified; figures want ragged text. Compact, so the matrix keeps
    // most of a 720-pixel-high window.
    ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
        theme::card(ui)
            .inner_margin(egui::Margin::symmetric(12, 8))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.spacing_mut().item_spacing.y = 2.0;
                ui.label(
                    RichText::new(value)
                        .text_style(theme::title_style())
                        .strong(),
                );
                ui.add(
                    egui::Label::new(
                        RichText::new(label)
                            .small()
                            .color(Palette::of(ui).text_muted),
                    )
                    .wrap(),
                );
            });
    });
}

pub(super) fn figures(ui: &mut egui::Ui, lang: Lang, view: &MatrixView) {
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
pub(super) fn choose<T: Clone + PartialEq>(
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

pub(super) fn status_options(lang: Lang) -> Vec<(&'static str, String)> {
    Status::KEYS
        .iter()
        .map(|k| (*k, tr(lang, &format!("st-{k}"))))
        .collect()
}

pub(super) fn filters(
    ui: &mut egui::Ui,
    lang: Lang,
    data: &crate::ui::state::manager::DashboardData,
    view: &mut MatrixView,
    today: chrono::NaiveDate,
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
            if date_field(ui, lang, &tr(lang, key), text, today, 112.0)
                && !MatrixView::bad_date(text)
            {
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

pub(super) fn status_color(status: &Status, palette: &Palette) -> egui::Color32 {
    let tone = match status {
        Status::NotStarted => StatusTone::Neutral,
        Status::InProgress { .. } => StatusTone::Info,
        Status::Passed { .. } => StatusTone::Good,
        Status::ExpiringSoon { .. } => StatusTone::Warning,
        Status::Expired { .. } | Status::Failed | Status::Overdue { .. } => StatusTone::Bad,
    };
    tone.color(palette)
}

/// The short status and its date, said with what the date means ("valid until …",
/// "due …"), for a matrix cell and the learner's page.
pub(super) fn cell_text(lang: Lang, row: &Completion) -> (String, Option<String>) {
    let short = tr(lang, &format!("st-{}", row.status_key));
    let said = |key: &str, when: String| trf(lang, key, &[("date", when)]);
    let when = match row.status {
        Status::Passed {
            until: Some(until), ..
        }
        | Status::ExpiringSoon { until, .. } => {
            Some(said("mx-when-valid-until", date(lang, until)))
        }
        Status::Passed { on, until: None } => Some(said("mx-when-passed", date(lang, on))),
        Status::Expired { on } => Some(said("mx-when-expired", date(lang, on))),
        Status::Overdue { due } => Some(said("mx-when-due", day(lang, due))),
        Status::Failed => row
            .last_activity
            .map(|t| said("mx-when-attempted", date(lang, t))),
        Status::InProgress { answered, total } => Some(trf(
            lang,
            "mx-when-answered",
            &[
                ("answered", answered.to_string()),
                ("total", total.to_string()),
            ],
        )),
        Status::NotStarted => row.due_date.map(|d| said("mx-when-due", day(lang, d))),
    };
    (short, when)
}

/// What each status's colour and date mean, under the filters.
pub(super) fn legend(ui: &mut egui::Ui, lang: Lang) {
    let palette = Palette::of(ui);
    egui::CollapsingHeader::new(tr(lang, "mx-legend"))
        .id_salt("jaga-matrix-legend")
        .default_open(false)
        .show(ui, |ui| {
            for (status, key) in [
                (
                    Status::Passed {
                        on: chrono::DateTime::UNIX_EPOCH,
                        until: None,
                    },
                    "passed",
                ),
                (
                    Status::ExpiringSoon {
                        on: chrono::DateTime::UNIX_EPOCH,
                        until: chrono::DateTime::UNIX_EPOCH,
                    },
                    "expiring-soon",
                ),
                (
                    Status::Expired {
                        on: chrono::DateTime::UNIX_EPOCH,
                    },
                    "expired",
                ),
                (Status::Failed, "failed"),
                (
                    Status::Overdue {
                        due: chrono::NaiveDate::MIN,
                    },
                    "overdue",
                ),
                (
                    Status::InProgress {
                        answered: 0,
                        total: 0,
                    },
                    "in-progress",
                ),
                (Status::NotStarted, "not-started"),
            ] {
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        RichText::new(tr(lang, &format!("st-{}", status.key())))
                            .color(status_color(&status, &palette))
                            .strong(),
                    );
                    ui.label(tr(lang, &format!("mx-legend-{key}")));
                });
            }
            muted(ui, &tr(lang, "mx-legend-faded"));
        });
}

/// Finding one person, from every tab: the search field in the manager area's header.
pub(super) fn search_field(
    ui: &mut egui::Ui,
    lang: Lang,
    search: &mut PersonSearch,
    out: &mut Vec<Command>,
) {
    let label = ui.label(tr(lang, "person-search"));
    let field = ui
        .add(egui::TextEdit::singleline(&mut search.text).desired_width(220.0))
        .labelled_by(label.id);
    if field.changed() {
        out.push(Command::SearchLearners(search.text.clone()));
    }
}

/// The profiles a search found, as buttons that open their page.
pub(super) fn search_results(
    ui: &mut egui::Ui,
    lang: Lang,
    search: &PersonSearch,
    out: &mut Vec<Command>,
) {
    let typed = search.text.trim();
    let Some((text, found)) = &search.found else {
        return;
    };
    if typed.is_empty() || text.trim() != typed {
        return;
    }
    if found.is_empty() {
        let none = ui.label(trf(
            lang,
            "person-search-none",
            &[("text", typed.to_owned())],
        ));
        crate::ui::screens::a11y::announce(ui.ctx(), &none, false);
        return;
    }
    ui.horizontal_wrapped(|ui| {
        for learner in found {
            let department = learner.department.as_deref().unwrap_or("–");
            let text = format!(
                "{} ({}, {department})",
                learner.display_name, learner.employee_id
            );
            if ui
                .button(text)
                .on_hover_text(trf(
                    lang,
                    "person-open",
                    &[("name", learner.display_name.clone())],
                ))
                .clicked()
            {
                out.push(Command::OpenPerson(learner.id.clone()));
            }
        }
    });
    if found.len() >= crate::service::person::SEARCH_LIMIT {
        muted(
            ui,
            &trf(
                lang,
                "person-search-more",
                &[("count", found.len().to_string())],
            ),
        );
    }
}

pub(super) fn sort_header(ui: &mut egui::Ui, text: &str, key: SortKey, view: &mut MatrixView) {
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

pub(super) fn matrix(
    ui: &mut egui::Ui,
    lang: Lang,
    data: &crate::ui::state::manager::DashboardData,
    view: &mut MatrixView,
    out: &mut Vec<Command>,
) {
    if data.learner_count == 0 {
        muted(ui, &tr(lang, "mx-empty"));
        return;
    }
    let Some(total) = view.total else {
        // A view that needs every learner read first: the worker is on it.
        ui.spinner();
        return;
    };
    muted(
        ui,
        &trf(
            lang,
            "mx-shown",
            &[
                ("shown", total.to_string()),
                ("total", data.learner_count.to_string()),
            ],
        ),
    );
    let columns: Vec<usize> = (0..data.modules.len())
        .filter(|&j| view.module.as_ref().is_none_or(|m| *m == data.modules[j].0))
        .collect();
    let palette = Palette::of(ui);
    let filter = view.filter();
    let height = (ui.available_height() - 50.0).max(200.0);
    egui::ScrollArea::horizontal().show(ui, |ui| {
        table(
            ui, lang, data, view, &columns, total, &filter, height, palette, out,
        );
    });
}

#[expect(
    clippy::too_many_arguments,
    reason = "the parts of one table, computed by its caller"
)]
pub(super) fn table(
    ui: &mut egui::Ui,
    lang: Lang,
    data: &crate::ui::state::manager::DashboardData,
    view: &mut MatrixView,
    columns: &[usize],
    total: usize,
    filter: &crate::report::Filter,
    height: f32,
    palette: Palette,
    out: &mut Vec<Command>,
) {
    // The table fills the rest of the window and scrolls itself, drawing only the rows
    // in view; the rows come a page at a time from the worker as they come into view, so
    // the manager area stays smooth and small with any number of learners.
    let mut table = TableBuilder::new(ui)
        .striped(true)
        .resizable(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::initial(190.0).at_least(120.0).clip(true))
        .column(Column::initial(110.0).clip(true))
        .column(Column::initial(140.0).clip(true));
    for _ in columns {
        table = table.column(Column::initial(175.0).at_least(90.0).clip(true));
    }
    let mut first_shown: Option<usize> = None;
    let mut missing: Vec<usize> = Vec::new();
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
            body.rows(40.0, total, |mut row| {
                let i = row.index();
                first_shown = Some(first_shown.map_or(i, |f| f.min(i)));
                let Some(learner) = view.learner(i) else {
                    missing.push(i / PAGE);
                    row.col(|ui| {
                        ui.label(RichText::new("…").weak());
                    });
                    return;
                };
                let person = &learner.learner;
                row.col(|ui| {
                    let open = ui.link(&person.display_name).on_hover_text(trf(
                        lang,
                        "person-open",
                        &[("name", person.display_name.clone())],
                    ));
                    if open.clicked() {
                        out.push(Command::OpenPerson(person.id.clone()));
                    }
                });
                row.col(|ui| {
                    ui.label(&person.employee_id);
                });
                row.col(|ui| {
                    ui.label(person.department.as_deref().unwrap_or("–"));
                });
                for &j in columns {
                    row.col(|ui| {
                        let Some(cell) = learner.cells.get(j) else {
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
    missing.sort_unstable();
    missing.dedup();
    out.extend(missing.into_iter().map(Command::MatrixPage));
    if let Some(first) = first_shown {
        view.forget_far_pages(first);
    }
}

/// The filters in force, said in words, with a way to clear them; and how the open tab
/// uses them (or that it does not).
pub(super) fn filter_note(ui: &mut egui::Ui, lang: Lang, state: &mut ManagerState) {
    let view = &mut state.view;
    let mut parts: Vec<String> = Vec::new();
    if let Some(department) = &view.department {
        parts.push(format!("{} {department}", tr(lang, "filter-department")));
    }
    if let Some(status) = view.status {
        parts.push(format!(
            "{} {}",
            tr(lang, "filter-status"),
            tr(lang, &format!("st-{status}"))
        ));
    }
    if let Some(module) = &view.module {
        let title = state
            .data
            .as_ref()
            .and_then(|d| d.modules.iter().find(|(id, _)| id == module))
            .map_or(module.as_str(), |(_, t)| t.as_str());
        parts.push(format!("{} {title}", tr(lang, "filter-module")));
    }
    let filter = view.filter();
    if let Some(since) = filter.since {
        parts.push(trf(
            lang,
            "filter-active-since",
            &[("date", day(lang, since))],
        ));
    }
    if let Some(until) = filter.until {
        parts.push(trf(
            lang,
            "filter-active-until",
            &[("date", day(lang, until))],
        ));
    }
    ui.horizontal_wrapped(|ui| {
        if parts.is_empty() {
            muted(ui, &tr(lang, "filter-none-active"));
        } else {
            ui.label(trf(lang, "filter-active", &[("filters", parts.join("; "))]));
            if ui.button(tr(lang, "filter-clear")).clicked() {
                view.department = None;
                view.status = None;
                view.module = None;
                view.since.clear();
                view.until.clear();
                view.dirty = true;
            }
        }
    });
    let note = match state.tab {
        Tab::Questions | Tab::Scenarios | Tab::Retention => Some(trf(
            lang,
            "filter-note-insights",
            &[(
                "scope",
                view.department.as_ref().map_or_else(
                    || tr(lang, "filter-scope-all"),
                    |d| {
                        trf(
                            lang,
                            "filter-scope-department",
                            &[("department", d.clone())],
                        )
                    },
                ),
            )],
        )),
        Tab::DueDates | Tab::Tracks => Some(tr(lang, "filter-note-due")),
        Tab::Data => Some(tr(lang, "filter-note-export")),
        Tab::Matrix | Tab::Charts => None,
    };
    if let Some(note) = note {
        muted(ui, &note);
    }
    ui.add_space(theme::GAP / 2.0);
}
