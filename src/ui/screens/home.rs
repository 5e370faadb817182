//! Home: the course as cards with the learner's status on each, and overall progress;
//! the learner's tracks first when a manager assigned them ([`super::tracks`]).

use eframe::egui::{self, RichText};

use super::widgets::{heading, muted, paragraph, title};
use crate::engine::Status;
use crate::i18n::{Lang, date, day, tr, trf};
use crate::ui::command::Command;
use crate::ui::state::{AppView, Card};
use crate::ui::theme::{self, Palette};

pub fn show(ui: &mut egui::Ui, shared: &AppView, out: &mut Vec<Command>) {
    let lang = shared.lang;
    let Some(learner) = shared.learner() else {
        return;
    };
    ui.add_space(theme::GAP);
    heading(
        ui,
        &trf(
            lang,
            "home-greeting",
            &[("name", learner.display_name.clone())],
        ),
    );
    let done = shared
        .cards
        .iter()
        .filter(|c| c.status.is_complete())
        .count();
    let total = shared.cards.len();
    let text = trf(
        lang,
        "home-progress",
        &[("done", done.to_string()), ("total", total.to_string())],
    );
    #[expect(clippy::cast_precision_loss, reason = "a handful of modules")]
    let fraction = if total == 0 {
        0.0
    } else {
        done as f32 / total as f32
    };
    ui.label(&text);
    ui.add(egui::ProgressBar::new(fraction).desired_height(8.0))
        .on_hover_text(text);
    if shared.course_problems > 0 {
        muted(
            ui,
            &trf(
                lang,
                "home-course-problems",
                &[("count", shared.course_problems.to_string())],
            ),
        );
    }
    ui.add_space(theme::GAP);
    super::refresher::home_card(ui, shared, out);
    // The learner's tracks first, then the optional modules (one section without tracks).
    for (number, section) in super::tracks::sections(shared).iter().enumerate() {
        if let Some(text) = &section.title {
            title(ui, text);
        }
        if let Some(text) = &section.detail {
            muted(ui, text);
        }
        if section.title.is_some() {
            ui.add_space(theme::GAP / 2.0);
        }
        grid(ui, lang, number, &section.cards, out);
        ui.add_space(theme::GAP / 2.0);
    }
}

/// Module cards in two columns when there is room, one otherwise.
fn grid(ui: &mut egui::Ui, lang: Lang, section: usize, cards: &[&Card], out: &mut Vec<Command>) {
    let columns = if ui.available_width() >= 700.0 { 2 } else { 1 };
    for (n, row) in cards.chunks(columns).enumerate() {
        // Cards in a row are as tall as the tallest: its height is measured each frame
        // and applied the next.
        let key = egui::Id::unique("jaga-home-row").with((section, n, columns));
        let height = ui.ctx().data(|d| d.get_temp::<f32>(key)).unwrap_or(0.0);
        let mut tallest: f32 = 0.0;
        ui.columns(columns, |cols| {
            for (col, card) in cols.iter_mut().zip(row) {
                // Columns lay out justified; cards want ragged-right text.
                col.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                    let natural = module_card(ui, lang, card, height, out);
                    tallest = tallest.max(natural);
                });
            }
        });
        if (tallest - height).abs() > 0.5 {
            ui.ctx().data_mut(|d| d.insert_temp(key, tallest));
            ui.ctx().request_discard("card heights changed");
        }
        ui.add_space(theme::GAP / 2.0);
    }
}

/// The status line and its colour.
pub fn status_text(
    lang: Lang,
    status: &Status,
    due: Option<chrono::NaiveDate>,
) -> (String, StatusTone) {
    match status {
        Status::NotStarted => {
            let text = due.map_or_else(
                || tr(lang, "status-not-started"),
                |d| {
                    format!(
                        "{}, {}",
                        tr(lang, "status-not-started"),
                        trf(lang, "status-due", &[("date", day(lang, d))])
                    )
                },
            );
            (text, StatusTone::Neutral)
        }
        Status::InProgress { answered, total } => (
            trf(
                lang,
                "status-in-progress",
                &[
                    ("answered", answered.to_string()),
                    ("total", total.to_string()),
                ],
            ),
            StatusTone::Info,
        ),
        Status::Passed { on, until } => match until {
            Some(until) => (
                trf(lang, "status-passed", &[("date", date(lang, *until))]),
                StatusTone::Good,
            ),
            None => (
                trf(lang, "status-passed-forever", &[("date", date(lang, *on))]),
                StatusTone::Good,
            ),
        },
        Status::ExpiringSoon { until, .. } => (
            trf(lang, "status-expiring", &[("date", date(lang, *until))]),
            StatusTone::Warning,
        ),
        Status::Expired { on } => (
            trf(lang, "status-expired", &[("date", date(lang, *on))]),
            StatusTone::Warning,
        ),
        Status::Failed => (tr(lang, "status-failed"), StatusTone::Bad),
        Status::Overdue { due } => (
            trf(lang, "status-overdue", &[("date", day(lang, *due))]),
            StatusTone::Bad,
        ),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusTone {
    Neutral,
    Info,
    Good,
    Warning,
    Bad,
}

impl StatusTone {
    pub fn color(self, palette: &Palette) -> egui::Color32 {
        match self {
            Self::Neutral => palette.text_muted,
            Self::Info => palette.info,
            Self::Good => palette.success,
            Self::Warning => palette.warning,
            Self::Bad => palette.danger,
        }
    }
}

/// A module's card, at least `min_height` tall; returns the height its content needs.
fn module_card(
    ui: &mut egui::Ui,
    lang: Lang,
    card: &Card,
    min_height: f32,
    out: &mut Vec<Command>,
) -> f32 {
    let module = &card.module;
    let code = lang.code();
    let palette = Palette::of(ui);
    let mut natural = 0.0;
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let top = ui.min_rect().top();
        title(ui, module.title.get(code));
        paragraph(ui, module.summary.get(code));
        let (status, tone) = status_text(lang, &card.status, card.due);
        ui.horizontal_wrapped(|ui| {
            let shown = ui.label(RichText::new(&status).color(tone.color(&palette)).strong());
            super::a11y::speak_as(ui.ctx(), &shown, &super::a11y::spoken_list(&status));
            for fact in [
                trf(
                    lang,
                    "home-minutes",
                    &[("minutes", module.minutes.to_string())],
                ),
                trf(
                    lang,
                    "home-questions",
                    &[("count", module.assessment.asked().to_string())],
                ),
            ] {
                super::a11y::dot_separator(ui);
                ui.label(RichText::new(fact).weak());
            }
        });
        if let Status::InProgress { answered, total } = card.status {
            #[expect(clippy::cast_precision_loss, reason = "question counts are small")]
            let fraction = if total == 0 {
                0.0
            } else {
                answered as f32 / total as f32
            };
            ui.add(egui::ProgressBar::new(fraction).desired_height(6.0))
                .on_hover_text(tr(lang, "home-progress-label"));
        }
        ui.horizontal_wrapped(|ui| {
            let title = module.title.get(code);
            let open = ui
                .add(theme::primary(ui, tr(lang, "home-open")))
                .on_hover_text(title);
            if open.clicked() {
                out.push(Command::OpenModule(module.id.clone()));
            }
            if matches!(card.status, Status::InProgress { .. })
                && ui.button(tr(lang, "home-resume")).clicked()
            {
                out.push(Command::ResumeQuiz(module.id.clone()));
            }
            if card.status.is_complete() && ui.button(tr(lang, "home-practise")).clicked() {
                out.push(Command::StartQuiz {
                    module: module.id.clone(),
                    practice: true,
                });
            }
            if let Some(last) = card.last
                && ui.button(tr(lang, "home-review")).clicked()
            {
                out.push(Command::ShowResult {
                    module: module.id.clone(),
                    attempt: last,
                });
            }
        });
        natural = ui.min_rect().bottom() - top;
        // Padding below the content (`set_min_height` would count from the cursor, below
        // the content, and make every card twice as tall).
        if natural + 0.5 < min_height {
            let pad = min_height - natural - ui.spacing().item_spacing.y;
            ui.allocate_space(egui::vec2(0.0, pad.max(0.0)));
        }
    });
    natural
}
