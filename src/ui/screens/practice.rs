//! The practice kinds on the quiz page and in the review: an artefact (an email, a chat,
//! a table, a form) whose leaking segments the learner marks, steps put in order, and
//! items given a category. Every control works by Tab and Space (or Enter on a button)
//! and is named for a screen reader with the content it acts on.

use eframe::egui::{self, RichText};

use super::a11y;
use super::widgets::{muted, paragraph};
use crate::content::{ArtefactForm, MatchItem, Question, QuestionKind, Segment, SegmentMark};
use crate::i18n::{Lang, tr, trf};
use crate::ui::command::Command;
use crate::ui::state::QuizState;
use crate::ui::theme::{self, Palette};

/// Whether the question is one of the kinds this file draws.
pub fn is_practice(question: &Question) -> bool {
    matches!(
        question.kind,
        QuestionKind::SpotTheLeak { .. }
            | QuestionKind::Ordering { .. }
            | QuestionKind::Matching { .. }
    )
}

/// The question's input and its submit button.
pub fn answer(
    ui: &mut egui::Ui,
    lang: Lang,
    quiz: &mut QuizState,
    index: usize,
    question: &Question,
    out: &mut Vec<Command>,
) {
    let shown = quiz.session.attempt.items[index].choice_order.clone();
    let ready = match &question.kind {
        QuestionKind::SpotTheLeak { artefact, segments } => {
            spot(ui, lang, quiz, *artefact, segments);
            true
        }
        QuestionKind::Ordering { .. } => {
            ordering(ui, lang, quiz, question, &shown);
            true
        }
        QuestionKind::Matching { categories, items } => {
            muted(ui, &tr(lang, "match-how"));
            for id in &shown {
                let Some(item) = items.iter().find(|i| &i.id == id) else {
                    continue;
                };
                let item_text = item.text.get(lang.code());
                theme::card(ui).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    paragraph(ui, item_text);
                    ui.horizontal_wrapped(|ui| {
                        for category in categories {
                            let picked = quiz.pairs.get(id) == Some(&category.id);
                            let text = category.text.get(lang.code());
                            let radio = ui.push_id((id, &category.id), |ui| ui.radio(picked, text));
                            a11y::speak_as(ui.ctx(), &radio.inner, &format!("{item_text}: {text}"));
                            if radio.inner.clicked() {
                                quiz.pairs.insert(id.clone(), category.id.clone());
                            }
                        }
                    });
                });
            }
            shown.iter().all(|id| quiz.pairs.contains_key(id))
        }
        _ => false,
    };
    ui.add_space(theme::GAP);
    let submit = ui.add_enabled(ready, theme::primary(ui, tr(lang, "quiz-submit")));
    // Enter sends the answer unless a button has the focus; asked after drawing, so the
    // segments just drawn count as controls that leave Enter to the page.
    if submit.clicked() || (ready && a11y::enter_for_page(ui)) {
        a11y::focus_next_feedback(ui.ctx());
        out.push(Command::SubmitAnswer);
    }
}

/// How a segment is read: its label and text ("Cc: budi@…"), the text alone without one.
fn segment_name(lang: Lang, segment: &Segment) -> String {
    let code = lang.code();
    match &segment.label {
        Some(label) => format!("{}: {}", label.get(code), segment.text.get(code)),
        None => segment.text.get(code).to_owned(),
    }
}

fn artefact_key(form: ArtefactForm) -> &'static str {
    match form {
        ArtefactForm::Email => "spot-artefact-email",
        ArtefactForm::Chat => "spot-artefact-chat",
        ArtefactForm::Table => "spot-artefact-table",
        ArtefactForm::Form => "spot-artefact-form",
    }
}

fn spot(
    ui: &mut egui::Ui,
    lang: Lang,
    quiz: &mut QuizState,
    artefact: ArtefactForm,
    segments: &[Segment],
) {
    muted(ui, &tr(lang, "spot-how"));
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new(tr(lang, artefact_key(artefact)))
                .small()
                .color(Palette::of(ui).accent)
                .family(theme::semibold()),
        );
        for segment in segments {
            let name = segment_name(lang, segment);
            let marked = quiz.selection.contains(&segment.id);
            let toggled = ui
                .push_id(&segment.id, |ui| {
                    a11y::choice_row(ui, &name, marked, true, true)
                })
                .inner;
            if toggled && !quiz.selection.remove(&segment.id) {
                quiz.selection.insert(segment.id.clone());
            }
        }
    });
}

fn ordering(
    ui: &mut egui::Ui,
    lang: Lang,
    quiz: &mut QuizState,
    question: &Question,
    shown: &[String],
) {
    let complete = quiz.arrangement.len() == shown.len()
        && shown.iter().all(|id| quiz.arrangement.contains(id));
    if !complete {
        quiz.arrangement = shown.to_vec();
    }
    muted(ui, &tr(lang, "order-how"));
    let count = quiz.arrangement.len();
    let mut moved: Option<(usize, usize)> = None;
    for (at, id) in quiz.arrangement.iter().enumerate() {
        let text = step_text(lang, question, id);
        theme::card(ui).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.push_id(id, |ui| {
                ui.horizontal(|ui| {
                    let up = ui.add_enabled(at > 0, egui::Button::new(tr(lang, "order-up")));
                    a11y::speak_as(
                        ui.ctx(),
                        &up,
                        &trf(lang, "order-up-named", &[("step", text.clone())]),
                    );
                    let down =
                        ui.add_enabled(at + 1 < count, egui::Button::new(tr(lang, "order-down")));
                    a11y::speak_as(
                        ui.ctx(),
                        &down,
                        &trf(lang, "order-down-named", &[("step", text.clone())]),
                    );
                    if up.clicked() {
                        moved = Some((at, at.saturating_sub(1)));
                    } else if down.clicked() {
                        moved = Some((at, at + 1));
                    }
                    ui.add(egui::Label::new(format!("{}. {text}", at + 1)).wrap());
                });
            });
        });
    }
    if let Some((from, to)) = moved {
        quiz.arrangement.swap(from, to);
    }
}

fn step_text(lang: Lang, question: &Question, id: &str) -> String {
    match &question.kind {
        QuestionKind::Ordering { steps } => steps
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.text.get(lang.code()).to_owned())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// A mark said as a word: ✔ right, ✖ wrong.
fn mark(ui: &mut egui::Ui, lang: Lang, right: bool) {
    let palette = Palette::of(ui);
    let (glyph, color, words) = if right {
        ("✔", palette.success, "quiz-mark-right")
    } else {
        ("✖", palette.danger, "quiz-mark-wrong")
    };
    let shown = ui.label(RichText::new(glyph).color(color));
    a11y::speak_as(ui.ctx(), &shown, &tr(lang, words));
}

/// What the learner answered against what is right, with why: after answering and in the
/// review. `shown` is the order the segments, steps or items were shown in; `chosen` the
/// answer as recorded.
pub fn outcome(
    ui: &mut egui::Ui,
    lang: Lang,
    question: &Question,
    shown: &[String],
    chosen: &[String],
) {
    let code = lang.code();
    match &question.kind {
        QuestionKind::SpotTheLeak { segments, .. } => {
            for segment in segments {
                let marked = chosen.contains(&segment.id);
                let (right, tag) = match (segment.mark, marked) {
                    (Some(_), true) => (true, Some("spot-hit")),
                    (Some(_), false) => (false, Some("spot-missed")),
                    (None, true) => (false, Some("spot-false")),
                    (None, false) => (true, None),
                };
                // A harmless segment left alone needs no line of its own.
                let Some(tag) = tag else { continue };
                theme::card(ui).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal_wrapped(|ui| {
                        mark(ui, lang, right);
                        ui.add(egui::Label::new(segment_name(lang, segment)).wrap());
                    });
                    let why = match segment.mark {
                        Some(SegmentMark::Leak) => Some(tr(lang, "spot-leak")),
                        Some(SegmentMark::PersonalData) => Some(tr(lang, "spot-personal")),
                        None => None,
                    };
                    let tags = [Some(tr(lang, tag)), why]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(", ");
                    muted(ui, &tags);
                    if let Some(feedback) = &segment.feedback {
                        paragraph(ui, feedback.get(code));
                    }
                });
            }
        }
        QuestionKind::Ordering { steps } => {
            ui.label(RichText::new(tr(lang, "order-yours")).family(theme::semibold()));
            for (at, id) in chosen.iter().enumerate() {
                let right = steps.get(at).is_some_and(|s| &s.id == id);
                ui.horizontal_wrapped(|ui| {
                    mark(ui, lang, right);
                    ui.add(
                        egui::Label::new(format!("{}. {}", at + 1, step_text(lang, question, id)))
                            .wrap(),
                    );
                });
            }
            ui.label(RichText::new(tr(lang, "order-right")).family(theme::semibold()));
            for (at, step) in steps.iter().enumerate() {
                theme::card(ui).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    paragraph(ui, &format!("{}. {}", at + 1, step.text.get(code)));
                    if let Some(feedback) = &step.feedback {
                        muted(ui, feedback.get(code));
                    }
                });
            }
        }
        QuestionKind::Matching { categories, items } => {
            let category = |id: &str| {
                categories
                    .iter()
                    .find(|c| c.id == id)
                    .map_or_else(String::new, |c| c.text.get(code).to_owned())
            };
            for id in shown {
                let Some(item) = items.iter().find(|i| &i.id == id) else {
                    continue;
                };
                let given = chosen
                    .iter()
                    .filter_map(|p| MatchItem::split_pair(p))
                    .find(|(i, _)| *i == id.as_str())
                    .map(|(_, c)| c.to_owned());
                let right = given.as_deref() == Some(item.category.as_str());
                theme::card(ui).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal_wrapped(|ui| {
                        mark(ui, lang, right);
                        let yours = given
                            .as_deref()
                            .map_or_else(|| tr(lang, "result-no-answer"), category);
                        ui.add(
                            egui::Label::new(format!("{} → {yours}", item.text.get(code))).wrap(),
                        );
                    });
                    if !right {
                        muted(
                            ui,
                            &trf(
                                lang,
                                "match-right",
                                &[("category", category(&item.category))],
                            ),
                        );
                    }
                    if let Some(feedback) = &item.feedback {
                        paragraph(ui, feedback.get(code));
                    }
                });
            }
        }
        _ => {}
    }
}
