//! Spaced refreshers on the learner's screens: the home screen's line with the day's
//! refreshers, the link back to the lesson after each answer, and the summary at the end
//! with when each question comes back.

use eframe::egui::{self, RichText};

use super::a11y;
use super::widgets::{muted, paragraph, title};
use crate::content::{Module, Question};
use crate::i18n::{Lang, date, tr, trf};
use crate::ui::command::Command;
use crate::ui::state::{AppView, QuizState, RefresherRun};
use crate::ui::theme::{self, Palette};

/// The home screen's refresher card: the day's count and time, and the button to start;
/// or, with nothing due, when the next one comes. Nothing when the queue is empty.
pub fn home_card(ui: &mut egui::Ui, shared: &AppView, out: &mut Vec<Command>) {
    let lang = shared.lang;
    let queue = &shared.refreshers;
    if queue.due.is_empty() {
        let next = shared
            .data
            .reviews
            .iter()
            .filter(|item| item.due > shared.now)
            .map(|item| item.due)
            .min();
        if let Some(next) = next {
            muted(
                ui,
                &trf(lang, "refresher-next", &[("date", date(lang, next))]),
            );
            nudge_toggle(ui, shared, out);
            ui.add_space(theme::GAP / 2.0);
        }
        return;
    }
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        title(
            ui,
            &trf(
                lang,
                "refresher-today",
                &[
                    ("count", queue.run_len().to_string()),
                    ("minutes", queue.minutes().to_string()),
                ],
            ),
        );
        if queue.after_run() > 0 {
            muted(
                ui,
                &trf(
                    lang,
                    "refresher-more-later",
                    &[("count", queue.after_run().to_string())],
                ),
            );
        }
        paragraph(ui, &tr(lang, "refresher-why"));
        ui.add_space(theme::GAP / 2.0);
        if ui
            .add(theme::primary(ui, tr(lang, "refresher-start")))
            .clicked()
        {
            out.push(Command::StartRefresher);
        }
        nudge_toggle(ui, shared, out);
    });
    ui.add_space(theme::GAP);
}

/// The learner's choice of a desktop notification when refreshers are due (off unless
/// they turn it on).
fn nudge_toggle(ui: &mut egui::Ui, shared: &AppView, out: &mut Vec<Command>) {
    let mut enabled = shared.data.nudge.enabled;
    if ui
        .checkbox(&mut enabled, tr(shared.lang, "refresher-nudge-toggle"))
        .changed()
    {
        out.push(Command::SetNudge(enabled));
    }
}

/// The progress line of a refresher question: its number in the whole run.
pub fn progress(lang: Lang, quiz: &QuizState, index: usize) -> Option<(String, usize, usize)> {
    let run = quiz.refresher.as_ref()?;
    let n = run.before + index + 1;
    let total = run.total.max(n);
    Some((
        trf(
            lang,
            "refresher-question-of",
            &[("n", n.to_string()), ("total", total.to_string())],
        ),
        run.before + quiz.session.attempt.answered(),
        total,
    ))
}

/// After a refresher answer: the lesson that teaches the point, to read again.
pub fn read_again(
    ui: &mut egui::Ui,
    lang: Lang,
    module: &Module,
    question: &Question,
    out: &mut Vec<Command>,
) {
    let Some((page, lesson)) = module.lesson_teaching(&question.id) else {
        return;
    };
    ui.add_space(theme::GAP / 2.0);
    let words = trf(
        lang,
        "refresher-read-again",
        &[
            ("lesson", lesson.title.get(lang.code()).to_owned()),
            ("module", module.title.get(lang.code()).to_owned()),
        ],
    );
    if ui.link(words).clicked() {
        out.push(Command::ReadAgain {
            module: module.id.clone(),
            page,
        });
    }
}

/// The end of a refresher: how many were right, and when each question comes back.
pub fn done(ui: &mut egui::Ui, shared: &AppView, run: &RefresherRun, out: &mut Vec<Command>) {
    let lang = shared.lang;
    let code = lang.code();
    let palette = Palette::of(ui);
    ui.add_space(theme::GAP);
    let right = run.results.iter().filter(|r| r.correct).count();
    a11y::heading(ui, &tr(lang, "refresher-done-title"));
    let summary = trf(
        lang,
        "refresher-done-summary",
        &[
            ("right", right.to_string()),
            ("total", run.results.len().to_string()),
        ],
    );
    a11y::feedback_label(ui, RichText::new(summary), false);
    muted(ui, &tr(lang, "refresher-done-note"));
    ui.add_space(theme::GAP);
    for result in &run.results {
        let module = shared.module(&result.module_id);
        let prompt = module
            .and_then(|m| m.question(&result.question_id))
            .map_or_else(String::new, |q| q.prompt.get(code).to_owned());
        theme::card(ui).show(ui, |ui| {
            ui.set_width(ui.available_width());
            if let Some(module) = module {
                muted(ui, module.title.get(code));
            }
            paragraph(ui, &prompt);
            let (verdict, colour) = if result.correct {
                (tr(lang, "refresher-right"), palette.success)
            } else {
                (tr(lang, "refresher-wrong"), palette.danger)
            };
            let back = result.next_due.map_or_else(
                || tr(lang, "refresher-saving"),
                |due| trf(lang, "refresher-comes-back", &[("date", date(lang, due))]),
            );
            ui.label(RichText::new(format!("{verdict} · {back}")).color(colour));
        });
        ui.add_space(theme::GAP / 2.0);
    }
    ui.add_space(theme::GAP);
    if ui
        .add(theme::primary(ui, tr(lang, "refresher-home")))
        .clicked()
        || a11y::enter_for_page(ui)
    {
        out.push(Command::GoHome);
    }
}
