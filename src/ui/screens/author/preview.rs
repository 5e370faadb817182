//! Author mode's preview tab: a module's lessons and questions as learners will see them,
//! in one language or two side by side, each question and scenario node with a button to
//! play it. Its own file because it draws every kind of content the author writes.

use eframe::egui::{self, RichText};

use super::module_picker;
use crate::content::{Module, NodeKind, Question, QuestionKind};
use crate::i18n::{Lang, tr};
use crate::ui::command::Command;
use crate::ui::screens::lessons;
use crate::ui::screens::widgets::{heading, muted, paragraph, title};
use crate::ui::state::AppView;
use crate::ui::state::author::{AuthorState, AuthorView};
use crate::ui::theme::{self, Palette};

pub(super) fn preview(
    ui: &mut egui::Ui,
    shared: &AppView,
    view: &AuthorView,
    state: &mut AuthorState,
    out: &mut Vec<Command>,
) {
    let lang = shared.lang;
    ui.horizontal_wrapped(|ui| {
        module_picker(ui, lang, view, state);
        ui.checkbox(&mut state.side_by_side, tr(lang, "author-side-by-side"));
    });
    let Some(module) = state
        .module
        .as_ref()
        .and_then(|id| view.course.module(id))
        .cloned()
    else {
        muted(ui, &tr(lang, "author-nothing-to-preview"));
        return;
    };
    if view.stale.contains(&module.id) {
        ui.colored_label(Palette::of(ui).warning, tr(lang, "author-stale-preview"));
    }
    // Both of the module's first two languages, or the interface language.
    let langs: Vec<Lang> = if state.side_by_side {
        module
            .languages
            .iter()
            .filter_map(|l| Lang::from_code(l))
            .take(2)
            .collect()
    } else {
        vec![lang]
    };
    title(ui, &tr(lang, "author-lessons"));
    ui.horizontal_wrapped(|ui| {
        for (i, lesson) in module.lessons.iter().enumerate() {
            let text = format!("{}. {}", i + 1, lesson.title.get(lang.code()));
            if ui.selectable_label(state.lesson == i, text).clicked() {
                state.lesson = i;
            }
        }
    });
    if let Some(lesson) = module.lessons.get(state.lesson) {
        side_by_side(ui, &langs, |ui, lang| {
            heading(ui, lesson.title.get(lang.code()));
            for block in &lesson.blocks {
                lessons::draw_block(ui, lang, &shared.images, block);
            }
        });
    }
    ui.add_space(theme::GAP_LARGE);
    ui.horizontal(|ui| {
        title(ui, &tr(lang, "author-questions"));
        if ui
            .add(theme::primary(ui, tr(lang, "author-play-quiz")))
            .clicked()
        {
            out.push(Command::PreviewQuiz(module.id.clone()));
        }
    });
    for question in &module.assessment.questions {
        question_preview(ui, lang, &langs, &module, question, out);
    }
}

/// Draws `add` once per language, in columns when there are several.
fn side_by_side(ui: &mut egui::Ui, langs: &[Lang], mut add: impl FnMut(&mut egui::Ui, Lang)) {
    if langs.len() > 1 {
        ui.columns(langs.len(), |cols| {
            for (col, lang) in cols.iter_mut().zip(langs) {
                col.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                    add(ui, *lang);
                });
            }
        });
    } else if let Some(lang) = langs.first() {
        add(ui, *lang);
    }
}

fn question_preview(
    ui: &mut egui::Ui,
    lang: Lang,
    langs: &[Lang],
    module: &Module,
    question: &Question,
    out: &mut Vec<Command>,
) {
    let palette = Palette::of(ui);
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(&question.id)
                    .monospace()
                    .color(palette.text_muted),
            );
            if ui
                .button(tr(lang, "author-play"))
                .on_hover_text(&question.id)
                .clicked()
            {
                out.push(Command::PreviewQuestion {
                    module: module.id.clone(),
                    question: question.id.clone(),
                    node: None,
                });
            }
        });
        side_by_side(ui, langs, |ui, lang| {
            let code = lang.code();
            ui.label(RichText::new(question.prompt.get(code)).strong());
            match &question.kind {
                QuestionKind::SingleChoice { choices }
                | QuestionKind::MultipleChoice { choices, .. } => {
                    for choice in choices {
                        let (mark, color) = if choice.correct {
                            ("✔", palette.success)
                        } else {
                            ("✖", palette.danger)
                        };
                        ui.horizontal_top(|ui| {
                            ui.label(RichText::new(mark).color(color));
                            ui.vertical(|ui| {
                                paragraph(ui, choice.text.get(code));
                                if let Some(f) = &choice.feedback {
                                    muted(ui, f.get(code));
                                }
                            });
                        });
                    }
                }
                QuestionKind::TrueFalse { answer, .. } => {
                    let right = tr(lang, if *answer { "quiz-true" } else { "quiz-false" });
                    ui.label(RichText::new(format!("✔ {right}")).color(palette.success));
                }
                QuestionKind::SpotTheLeak { segments, .. } => {
                    for segment in segments {
                        let marked = segment.mark.is_some();
                        let (glyph, color) = if marked {
                            ("✖", palette.danger)
                        } else {
                            ("·", palette.text_muted)
                        };
                        ui.horizontal_top(|ui| {
                            ui.label(RichText::new(glyph).color(color));
                            ui.vertical(|ui| {
                                let text = segment.text.get(code);
                                match &segment.label {
                                    Some(label) => {
                                        paragraph(ui, &format!("{}: {text}", label.get(code)));
                                    }
                                    None => paragraph(ui, text),
                                }
                                if let Some(f) = &segment.feedback {
                                    muted(ui, f.get(code));
                                }
                            });
                        });
                    }
                }
                QuestionKind::Ordering { steps } => {
                    for (n, step) in steps.iter().enumerate() {
                        paragraph(ui, &format!("{}. {}", n + 1, step.text.get(code)));
                    }
                }
                QuestionKind::Matching { categories, items } => {
                    for item in items {
                        let category = categories
                            .iter()
                            .find(|c| c.id == item.category)
                            .map_or("", |c| c.text.get(code));
                        paragraph(ui, &format!("{} → {category}", item.text.get(code)));
                    }
                }
                QuestionKind::Scenario(scenario) => {
                    for node in &scenario.nodes {
                        ui.horizontal_top(|ui| {
                            let is_step = matches!(node.kind, NodeKind::Step { .. });
                            if is_step
                                && ui
                                    .small_button(tr(lang, "author-play-from"))
                                    .on_hover_text(&node.id)
                                    .clicked()
                            {
                                out.push(Command::PreviewQuestion {
                                    module: module.id.clone(),
                                    question: question.id.clone(),
                                    node: Some(node.id.clone()),
                                });
                            }
                            ui.label(RichText::new(&node.id).monospace());
                            paragraph(ui, node.text.get(code));
                        });
                    }
                }
            }
        });
    });
}
