//! The result of an attempt: score, pass or fail, band feedback, and a review of every
//! question with the learner's answer, the right answer and why.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use eframe::egui::{self, RichText};

use super::widgets::{heading, muted, paragraph, title};
use crate::content::{Module, NodeKind, QuestionKind};
use crate::engine::grade::PathStep;
use crate::engine::{Mode, Response, status::expiry};
use crate::i18n::{Lang, date, percent, tr, trf};
use crate::store::AttemptRecord;
use crate::ui::command::{Command, SaveWhat};
use crate::ui::paths;
use crate::ui::state::{AppView, ReviewSource};
use crate::ui::theme::{self, Palette};

/// One question as answered, whichever way the attempt was read.
struct ReviewItem {
    question_id: String,
    choice_order: Vec<String>,
    chosen: Vec<String>,
    ending: Option<String>,
    path: Vec<PathStep>,
    backs: u32,
    fraction: f64,
}

/// The attempt as a whole.
struct Review {
    percent: f64,
    passed: bool,
    practice: bool,
    finished: DateTime<Utc>,
    items: Vec<ReviewItem>,
}

fn review(shared: &AppView, module: &Module, source: &ReviewSource) -> Option<Review> {
    match source {
        ReviewSource::Fresh(attempt) => {
            let outcome = attempt.outcome(module);
            Some(Review {
                percent: outcome.percent,
                passed: outcome.passed,
                practice: attempt.mode == Mode::Practice,
                finished: attempt.finished.unwrap_or(attempt.started),
                items: attempt
                    .items
                    .iter()
                    .map(|item| {
                        let (chosen, ending, path, backs, fraction) = match &item.response {
                            Some(Response::Choices { chosen, grade }) => {
                                (chosen.clone(), None, Vec::new(), 0, grade.fraction)
                            }
                            Some(Response::Scenario {
                                path,
                                ending,
                                backs,
                                grade,
                            }) => (
                                Vec::new(),
                                Some(ending.clone()),
                                path.clone(),
                                *backs,
                                grade.fraction,
                            ),
                            None => (Vec::new(), None, Vec::new(), 0, 0.0),
                        };
                        ReviewItem {
                            question_id: item.question_id.clone(),
                            choice_order: item.choice_order.clone(),
                            chosen,
                            ending,
                            path,
                            backs,
                            fraction,
                        }
                    })
                    .collect(),
            })
        }
        ReviewSource::Stored(id) => shared.attempt_record(*id).map(stored),
    }
}

fn stored(record: &AttemptRecord) -> Review {
    Review {
        percent: record.percent(),
        passed: record.passed,
        practice: record.mode == "practice",
        finished: record.finished,
        items: record
            .responses
            .iter()
            .map(|r| ReviewItem {
                question_id: r.question_id.clone(),
                choice_order: r.choice_order.clone(),
                chosen: r.chosen.clone(),
                ending: r.ending.clone(),
                path: r.path.clone(),
                backs: r.backs,
                fraction: if r.max_points > 0.0 {
                    r.points / r.max_points
                } else {
                    0.0
                },
            })
            .collect(),
    }
}

/// Every question of a recorded attempt with the answer given, the right answer and why:
/// the review the learner saw, for a manager's page.
pub fn answers(ui: &mut egui::Ui, lang: Lang, module: &Module, record: &AttemptRecord) {
    for (n, item) in stored(record).items.iter().enumerate() {
        review_item(ui, lang, module, n, item);
    }
}

pub fn show(
    ui: &mut egui::Ui,
    shared: &AppView,
    module: &Arc<Module>,
    source: &ReviewSource,
    certificate_path: &mut String,
    out: &mut Vec<Command>,
) {
    let lang = shared.lang;
    let code = lang.code();
    let palette = Palette::of(ui);
    let Some(review) = review(shared, module, source) else {
        return;
    };
    ui.add_space(theme::GAP);
    heading(
        ui,
        &trf(
            lang,
            "result-title",
            &[("module", module.title.get(code).to_owned())],
        ),
    );
    let (fg, bg, verdict) = match (review.practice, review.passed) {
        (true, _) => (palette.info, palette.info_bg, tr(lang, "result-practice")),
        (false, true) => (
            palette.success,
            palette.success_bg,
            tr(lang, "result-passed"),
        ),
        (false, false) => (palette.danger, palette.danger_bg, tr(lang, "result-failed")),
    };
    theme::tinted(fg, bg).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(verdict).heading().color(fg));
        ui.label(
            RichText::new(trf(
                lang,
                "result-score",
                &[("percent", percent(lang, review.percent))],
            ))
            .text_style(theme::title_style()),
        );
        muted(
            ui,
            &trf(
                lang,
                "result-pass-mark",
                &[("mark", module.assessment.pass_mark.to_string())],
            ),
        );
        if review.passed
            && !review.practice
            && let Some(until) = expiry(review.finished, module.validity)
        {
            muted(
                ui,
                &trf(lang, "result-valid-until", &[("date", date(lang, until))]),
            );
        }
        if let Some(band) = module.band_for(review.percent) {
            paragraph(ui, band.feedback.get(code));
        }
    });
    ui.add_space(theme::GAP);
    ui.horizontal(|ui| {
        if review.passed {
            if ui.button(tr(lang, "result-practise")).clicked() {
                out.push(Command::StartQuiz {
                    module: module.id.clone(),
                    practice: true,
                });
            }
        } else if ui
            .add(theme::primary(ui, tr(lang, "result-retake")))
            .clicked()
        {
            out.push(Command::StartQuiz {
                module: module.id.clone(),
                practice: false,
            });
        }
        if ui.button(tr(lang, "result-home")).clicked() {
            out.push(Command::GoHome);
        }
    });
    if review.passed && !review.practice && shared.learner().is_some() {
        let what = SaveWhat::Certificate {
            module: module.id.clone(),
        };
        if certificate_path.is_empty() {
            *certificate_path = paths::suggested(&what, shared.learner(), shared.now)
                .display()
                .to_string();
        }
        ui.add_space(theme::GAP);
        theme::card(ui).show(ui, |ui| {
            ui.set_width(ui.available_width());
            title(ui, &tr(lang, "result-certificate"));
            super::widgets::save_form(
                ui,
                shared,
                &tr(lang, "result-certificate-path"),
                &tr(lang, "result-certificate-save"),
                certificate_path,
                &what,
                true,
                out,
            );
        });
    }
    ui.add_space(theme::GAP_LARGE);
    title(ui, &tr(lang, "result-review"));
    for (n, item) in review.items.iter().enumerate() {
        review_item(ui, lang, module, n, item);
    }
}

fn review_item(ui: &mut egui::Ui, lang: Lang, module: &Module, n: usize, item: &ReviewItem) {
    let code = lang.code();
    let palette = Palette::of(ui);
    let Some(question) = module.question(&item.question_id) else {
        return;
    };
    let color = if item.fraction >= 1.0 - 1e-9 {
        palette.success
    } else if item.fraction > 0.0 {
        palette.warning
    } else {
        palette.danger
    };
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!("{}.", n + 1))
                    .color(color)
                    .family(theme::semibold()),
            );
            ui.add(
                egui::Label::new(
                    RichText::new(question.prompt.get(code)).family(theme::semibold()),
                )
                .wrap(),
            );
            ui.label(
                RichText::new(format!("{}%", percent(lang, item.fraction * 100.0))).color(color),
            );
        });
        match &question.kind {
            QuestionKind::Scenario(scenario) => {
                ui.label(
                    RichText::new(tr(lang, "result-path"))
                        .small()
                        .color(palette.text_muted),
                );
                for (step, s) in item.path.iter().enumerate() {
                    let node = scenario.node_index(&s.node).map(|i| &scenario.nodes[i]);
                    let choice_text = node
                        .and_then(|node| match &node.kind {
                            NodeKind::Step { choices } => choices.iter().find(|c| c.id == s.choice),
                            NodeKind::Ending { .. } => None,
                        })
                        .map_or(s.choice.as_str(), |c| c.text.get(code));
                    ui.horizontal_top(|ui| {
                        ui.label(RichText::new(format!("{}.", step + 1)).weak());
                        paragraph(ui, choice_text);
                    });
                }
                if item.backs > 0 {
                    muted(
                        ui,
                        &trf(
                            lang,
                            "result-back-steps",
                            &[("count", item.backs.to_string())],
                        ),
                    );
                }
                if let Some(ending) = item
                    .ending
                    .as_deref()
                    .and_then(|e| scenario.node_index(e))
                    .map(|i| &scenario.nodes[i])
                {
                    paragraph(
                        ui,
                        &trf(
                            lang,
                            "result-ending",
                            &[("ending", ending.text.get(code).to_owned())],
                        ),
                    );
                    if let NodeKind::Ending {
                        feedback: Some(f), ..
                    } = &ending.kind
                    {
                        muted(ui, f.get(code));
                    }
                }
            }
            _ if super::practice::is_practice(question) => {
                super::practice::outcome(ui, lang, question, &item.choice_order, &item.chosen);
            }
            _ => {
                let verdicts =
                    crate::engine::attempt::verdicts(question, &item.choice_order, &item.chosen);
                let name = |id: &str| match &question.kind {
                    QuestionKind::SingleChoice { choices }
                    | QuestionKind::MultipleChoice { choices, .. } => choices
                        .iter()
                        .find(|c| c.id == id)
                        .map_or_else(String::new, |c| c.text.get(code).to_owned()),
                    _ => tr(
                        lang,
                        if id == "true" {
                            "quiz-true"
                        } else {
                            "quiz-false"
                        },
                    ),
                };
                let yours: Vec<String> = verdicts
                    .iter()
                    .filter(|v| v.chosen)
                    .map(|v| name(&v.id))
                    .collect();
                let right: Vec<String> = verdicts
                    .iter()
                    .filter(|v| v.correct)
                    .map(|v| name(&v.id))
                    .collect();
                // Each answer on its own line: answers are sentences, and joining them
                // with a separator reads badly ("… mereka.; Mereka …").
                let answers = |ui: &mut egui::Ui, heading: &str, items: &[String]| {
                    if let [one] = items {
                        paragraph(ui, &format!("{heading}: {one}"));
                        return;
                    }
                    paragraph(ui, &format!("{heading}:"));
                    for item in items {
                        ui.horizontal_top(|ui| {
                            super::a11y::bullet(ui);
                            paragraph(ui, item);
                        });
                    }
                };
                let yours = if yours.is_empty() {
                    vec![tr(lang, "result-no-answer")]
                } else {
                    yours
                };
                answers(ui, &tr(lang, "result-your-answer"), &yours);
                answers(ui, &tr(lang, "result-right-answer"), &right);
                for v in verdicts.iter().filter(|v| v.chosen || v.correct) {
                    if let Some(why) = &v.feedback {
                        let (mark, color, words) = if v.correct {
                            ("✔", palette.success, "quiz-mark-right")
                        } else {
                            ("✖", palette.danger, "quiz-mark-wrong")
                        };
                        ui.horizontal_top(|ui| {
                            let mark = ui.label(RichText::new(mark).color(color));
                            super::a11y::speak_as(ui.ctx(), &mark, &tr(lang, words));
                            muted(ui, why.get(code));
                        });
                    }
                }
            }
        }
        if let Some(general) = &question.feedback {
            muted(
                ui,
                &format!("{}: {}", tr(lang, "result-explanation"), general.get(code)),
            );
        }
    });
}
