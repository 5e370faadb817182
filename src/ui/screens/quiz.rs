//! Taking the assessment: one question per page, feedback after each answer, and
//! branching scenarios played node by node.

use eframe::egui::{self, Key, RichText};

use super::widgets::{muted, paragraph};
use super::{a11y, practice};
use crate::content::{NodeKind, Question, QuestionKind, Text};
use crate::engine::Shown;
use crate::engine::attempt::run_node;
use crate::engine::{Feedback, Mode, Response, ScenarioFeedback};
use crate::i18n::{Lang, tr, trf};
use crate::ui::command::Command;
use crate::ui::state::{AppView, QuizState};
use crate::ui::theme::{self, Palette};

const NUMBER_KEYS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

/// The number key pressed this frame (1-based), if any.
fn number_pressed(ui: &egui::Ui) -> Option<usize> {
    ui.input(|i| NUMBER_KEYS.iter().position(|k| i.key_pressed(*k)))
        .map(|n| n + 1)
}

/// Enter for the page's main action (a focused button takes Enter itself).
fn enter_pressed(ui: &egui::Ui) -> bool {
    a11y::enter_for_page(ui)
}

pub fn show(ui: &mut egui::Ui, shared: &AppView, quiz: &mut QuizState, out: &mut Vec<Command>) {
    let lang = shared.lang;
    let code = lang.code();
    let palette = Palette::of(ui);
    ui.add_space(theme::GAP);
    muted(ui, quiz.session.module.title.get(code));
    if quiz.refresher.is_some() {
        theme::tinted(palette.info, palette.info_bg).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(tr(lang, "refresher-banner")).color(palette.info));
        });
    } else if quiz.session.attempt.mode == Mode::Practice {
        theme::tinted(palette.info, palette.info_bg).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(tr(lang, "quiz-practice")).color(palette.info));
        });
    }
    let Some(index) = quiz.session.index() else {
        return;
    };
    let total = quiz.session.attempt.items.len();
    let (progress, answered, of) =
        super::refresher::progress(lang, quiz, index).unwrap_or_else(|| {
            let words = trf(
                lang,
                "quiz-question-of",
                &[("n", (index + 1).to_string()), ("total", total.to_string())],
            );
            (words, quiz.session.attempt.answered(), total)
        });
    ui.label(RichText::new(&progress).family(theme::semibold()));
    #[expect(clippy::cast_precision_loss, reason = "question counts are small")]
    let fraction = answered as f32 / of.max(1) as f32;
    ui.add(egui::ProgressBar::new(fraction).desired_height(6.0))
        .on_hover_text(&progress);
    let Some(question) = quiz
        .session
        .module
        .question(&quiz.session.attempt.items[index].question_id)
        .cloned()
    else {
        return;
    };
    ui.add_space(theme::GAP / 2.0);
    // The question is the page's heading, read with its number when it opens.
    let prompt = question.prompt.get(code);
    a11y::heading_spoken(ui, prompt, &format!("{progress}. {prompt}"));
    let last = index + 1 == total && quiz.session.attempt.current().is_none();
    match &question.kind {
        QuestionKind::Scenario(_) => scenario(ui, shared, quiz, index, &question, last, out),
        _ => match quiz.session.shown.clone() {
            Some(Shown::Choices { feedback, .. }) => {
                if practice::is_practice(&question) {
                    let item = &quiz.session.attempt.items[index];
                    let chosen = match &item.response {
                        Some(Response::Choices { chosen, .. }) => chosen.clone(),
                        _ => Vec::new(),
                    };
                    verdict_banner(ui, lang, feedback.grade.fraction);
                    practice::outcome(ui, lang, &question, &item.choice_order, &chosen);
                    general_feedback(ui, lang, feedback.general.as_ref());
                } else {
                    choice_feedback(ui, lang, &question, &feedback);
                }
                if quiz.refresher.is_some() {
                    super::refresher::read_again(ui, lang, &quiz.session.module, &question, out);
                }
                let last = last && quiz.refresher.as_ref().is_none_or(|r| r.pending.is_empty());
                next_button(ui, lang, last, out);
            }
            _ if practice::is_practice(&question) => {
                practice::answer(ui, lang, quiz, index, &question, out);
            }
            _ => choices(ui, lang, quiz, index, &question, out),
        },
    }
    ui.add_space(theme::GAP_LARGE);
    ui.separator();
    ui.horizontal(|ui| {
        if ui.button(tr(lang, "quiz-leave")).clicked() {
            out.push(Command::LeaveQuiz);
        }
        // Number keys pick choices; the practice kinds say how to work them themselves.
        if !practice::is_practice(&question) {
            muted(ui, &tr(lang, "quiz-keys-hint"));
        }
    });
}

/// The text of a choice of a choice question, by id.
fn choice_text(lang: Lang, question: &Question, id: &str) -> String {
    match &question.kind {
        QuestionKind::SingleChoice { choices } | QuestionKind::MultipleChoice { choices, .. } => {
            choices
                .iter()
                .find(|c| c.id == id)
                .map(|c| c.text.get(lang.code()).to_owned())
                .unwrap_or_default()
        }
        QuestionKind::TrueFalse { .. } => tr(
            lang,
            if id == "true" {
                "quiz-true"
            } else {
                "quiz-false"
            },
        ),
        _ => String::new(),
    }
}

fn choices(
    ui: &mut egui::Ui,
    lang: Lang,
    quiz: &mut QuizState,
    index: usize,
    question: &Question,
    out: &mut Vec<Command>,
) {
    let multiple = matches!(question.kind, QuestionKind::MultipleChoice { .. });
    muted(
        ui,
        &tr(
            lang,
            if multiple {
                "quiz-choose-many"
            } else {
                "quiz-choose-one"
            },
        ),
    );
    let order = quiz.session.attempt.items[index].choice_order.clone();
    let pressed = number_pressed(ui);
    for (n, id) in order.iter().enumerate() {
        let label = format!("{}. {}", n + 1, choice_text(lang, question, id));
        let picked = quiz.selection.contains(id);
        let by_key = pressed == Some(n + 1);
        let clicked = a11y::choice_row(ui, &label, picked, multiple, true);
        if clicked || by_key {
            if multiple {
                if quiz.selection.contains(id) {
                    quiz.selection.remove(id);
                } else {
                    quiz.selection.insert(id.clone());
                }
            } else {
                quiz.selection.clear();
                quiz.selection.insert(id.clone());
            }
        }
    }
    ui.add_space(theme::GAP);
    let ready = !quiz.selection.is_empty();
    let submit = ui.add_enabled(ready, theme::primary(ui, tr(lang, "quiz-submit")));
    if submit.clicked() || (ready && enter_pressed(ui)) {
        a11y::focus_next_feedback(ui.ctx());
        out.push(Command::SubmitAnswer);
    }
}

fn verdict(lang: Lang, fraction: f64) -> (String, bool) {
    if fraction >= 1.0 - 1e-9 {
        (tr(lang, "quiz-correct"), true)
    } else if fraction > 0.0 {
        (tr(lang, "quiz-partly"), false)
    } else {
        (tr(lang, "quiz-incorrect"), false)
    }
}

/// Right, partly right or wrong, in words and colour; announced, and focused after
/// Submit so that Tab goes on to what follows.
fn verdict_banner(ui: &mut egui::Ui, lang: Lang, fraction: f64) {
    let palette = Palette::of(ui);
    let (text, good) = verdict(lang, fraction);
    let (fg, bg) = if good {
        (palette.success, palette.success_bg)
    } else {
        (palette.danger, palette.danger_bg)
    };
    theme::tinted(fg, bg).show(ui, |ui| {
        ui.set_width(ui.available_width());
        // Announced, and focused after Submit: Tab goes on to "Next".
        a11y::feedback_label(
            ui,
            RichText::new(text).color(fg).family(theme::semibold()),
            false,
        );
    });
}

fn choice_feedback(ui: &mut egui::Ui, lang: Lang, question: &Question, feedback: &Feedback) {
    let palette = Palette::of(ui);
    verdict_banner(ui, lang, feedback.grade.fraction);
    for (n, verdict) in feedback.choices.iter().enumerate() {
        let color = if verdict.correct {
            palette.success
        } else if verdict.chosen {
            palette.danger
        } else {
            palette.text_muted
        };
        theme::card(ui).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                // The mark is spoken as a word; a choice neither right nor picked has none.
                let mark = match (verdict.chosen, verdict.correct) {
                    (_, true) => Some(("✔", "quiz-mark-right")),
                    (true, false) => Some(("✖", "quiz-mark-wrong")),
                    (false, false) => None,
                };
                match mark {
                    Some((glyph, words)) => {
                        let mark = ui.label(RichText::new(glyph).color(color));
                        a11y::speak_as(ui.ctx(), &mark, &tr(lang, words));
                    }
                    None => {
                        ui.add_space(ui.text_style_height(&egui::TextStyle::Body));
                    }
                }
                ui.add(
                    egui::Label::new(format!(
                        "{}. {}",
                        n + 1,
                        choice_text(lang, question, &verdict.id)
                    ))
                    .wrap(),
                );
            });
            let mut tags = Vec::new();
            if verdict.chosen {
                tags.push(tr(lang, "quiz-your-choice"));
            }
            if verdict.correct {
                tags.push(tr(lang, "quiz-right-choice"));
            }
            if !tags.is_empty() {
                let shown = ui.label(RichText::new(tags.join(" · ")).small().color(color));
                a11y::speak_as(ui.ctx(), &shown, &tags.join(", "));
            }
            if let Some(why) = &verdict.feedback {
                paragraph(ui, why.get(lang.code()));
            }
        });
    }
    general_feedback(ui, lang, feedback.general.as_ref());
}

fn general_feedback(ui: &mut egui::Ui, lang: Lang, general: Option<&Text>) {
    if let Some(general) = general {
        let palette = Palette::of(ui);
        theme::tinted(palette.info, palette.info_bg).show(ui, |ui| {
            ui.set_width(ui.available_width());
            paragraph(ui, general.get(lang.code()));
        });
    }
}

fn next_button(ui: &mut egui::Ui, lang: Lang, last: bool, out: &mut Vec<Command>) {
    ui.add_space(theme::GAP);
    let label = tr(lang, if last { "quiz-see-result" } else { "quiz-next" });
    if ui.add(theme::primary(ui, label)).clicked() || enter_pressed(ui) {
        out.push(Command::NextQuestion);
    }
}

fn scenario(
    ui: &mut egui::Ui,
    shared: &AppView,
    quiz: &mut QuizState,
    index: usize,
    question: &Question,
    last: bool,
    out: &mut Vec<Command>,
) {
    let lang = shared.lang;
    let code = lang.code();
    let QuestionKind::Scenario(scenario) = &question.kind else {
        return;
    };
    if let Some(intro) = &scenario.intro {
        muted(ui, intro.get(code));
    }
    // The consequence of the last choice, first.
    if let Some(Shown::Scenario { feedback, .. }) = quiz.session.shown.clone() {
        consequence(ui, lang, &feedback);
        if let Some(grade) = feedback.ended {
            if let Some(node) = scenario
                .node_index(&feedback.node)
                .map(|i| &scenario.nodes[i])
            {
                ending(ui, lang, node, grade);
            }
            general_feedback(ui, lang, question.feedback.as_ref());
            if quiz.replay_of.is_some() {
                ui.add_space(theme::GAP);
                if ui
                    .add(theme::primary(ui, tr(lang, "scenario-replay-done")))
                    .clicked()
                    || enter_pressed(ui)
                {
                    out.push(Command::NextQuestion);
                }
            } else {
                next_button(ui, lang, last, out);
                if ui.button(tr(lang, "scenario-replay")).clicked() {
                    out.push(Command::ReplayScenario);
                }
                muted(ui, &tr(lang, "scenario-replay-note"));
            }
        } else {
            ui.add_space(theme::GAP);
            if ui
                .add(theme::primary(ui, tr(lang, "scenario-continue")))
                .clicked()
                || enter_pressed(ui)
            {
                quiz.session.continue_scenario();
            }
        }
        return;
    }
    let Some(run) = quiz.session.attempt.items[index].run.clone() else {
        return;
    };
    let Some(node) = run_node(scenario, &run) else {
        return;
    };
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        paragraph(ui, node.text.get(code));
    });
    let NodeKind::Step { choices } = &node.kind else {
        return;
    };
    ui.label(RichText::new(tr(lang, "scenario-what-next")).family(theme::semibold()));
    let pressed = number_pressed(ui);
    for (n, choice) in choices.iter().enumerate() {
        let label = format!("{}. {}", n + 1, choice.text.get(code));
        let button = egui::Button::new(label)
            .wrap()
            .min_size(egui::vec2(ui.available_width(), 36.0));
        // Each step's buttons are new widgets: nothing of the step before (a focus, a
        // press) shows on them after a step back.
        let clicked = ui
            .push_id((&node.id, &choice.id, run.path.len()), |ui| ui.add(button))
            .inner
            .clicked();
        if clicked || pressed == Some(n + 1) {
            a11y::focus_next_feedback(ui.ctx());
            out.push(Command::ScenarioChoose(choice.id.clone()));
        }
    }
    if scenario.allow_back && !run.path.is_empty() {
        ui.add_space(theme::GAP / 2.0);
        if ui.button(tr(lang, "scenario-back")).clicked() {
            out.push(Command::ScenarioBack);
        }
    }
}

/// What the choice led to, said in words (good, poor, neutral) as well as by colour.
fn consequence(ui: &mut egui::Ui, lang: Lang, feedback: &ScenarioFeedback) {
    let palette = Palette::of(ui);
    let (fg, bg, key) = match feedback.points.signum() {
        1 => (palette.success, palette.success_bg, "scenario-effect-good"),
        -1 => (palette.danger, palette.danger_bg, "scenario-effect-bad"),
        _ => (palette.info, palette.info_bg, "scenario-effect-neutral"),
    };
    theme::tinted(fg, bg).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let effect = tr(lang, key);
        let text = match &feedback.feedback {
            Some(text) => format!("{effect}: {}", text.get(lang.code())),
            None => effect,
        };
        a11y::feedback_label(ui, RichText::new(text).color(fg), false);
    });
}

/// The ending: a verdict in words, the scenario's score, and what the ending teaches.
fn ending(ui: &mut egui::Ui, lang: Lang, node: &crate::content::Node, grade: crate::engine::Grade) {
    let code = lang.code();
    let palette = Palette::of(ui);
    let (verdict, color) = if grade.fraction >= 1.0 - 1e-9 {
        ("scenario-verdict-best", palette.success)
    } else if grade.fraction > 0.0 {
        ("scenario-verdict-partial", palette.warning)
    } else {
        ("scenario-verdict-poor", palette.danger)
    };
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new(tr(lang, "scenario-ending"))
                .small()
                .color(palette.accent)
                .family(theme::semibold()),
        );
        a11y::feedback_label(
            ui,
            RichText::new(tr(lang, verdict))
                .color(color)
                .family(theme::semibold()),
            false,
        );
        muted(
            ui,
            &trf(
                lang,
                "scenario-score",
                &[
                    ("earned", crate::i18n::percent(lang, grade.earned)),
                    ("max", crate::i18n::percent(lang, grade.max)),
                    (
                        "percent",
                        crate::i18n::percent(lang, grade.fraction * 100.0),
                    ),
                ],
            ),
        );
        paragraph(ui, node.text.get(code));
        if let NodeKind::Ending {
            feedback: Some(feedback),
            ..
        } = &node.kind
        {
            paragraph(ui, feedback.get(code));
        }
    });
}
