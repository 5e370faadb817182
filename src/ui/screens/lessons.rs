//! Reading a module's lessons, one page each, with Next/Back and a step indicator.

use std::sync::Arc;

use eframe::egui::{self, RichText};

use super::widgets::{heading, muted, paragraph, title};
use crate::content::{Block, CalloutKind, Module};
use crate::i18n::{tr, trf};
use crate::ui::command::Command;
use crate::ui::state::AppView;
use crate::ui::theme::{self, Palette};

pub fn show(
    ui: &mut egui::Ui,
    shared: &AppView,
    module: &Arc<Module>,
    index: &mut usize,
    out: &mut Vec<Command>,
) {
    let lang = shared.lang;
    let code = lang.code();
    let total = module.lessons.len();
    ui.add_space(theme::GAP);
    muted(ui, module.title.get(code));
    let Some(lesson) = module.lessons.get(*index) else {
        // A module without lessons goes straight to its quiz.
        start_button(ui, shared, module, out);
        return;
    };
    muted(
        ui,
        &trf(
            lang,
            "lesson-step",
            &[
                ("n", (*index + 1).to_string()),
                ("total", total.to_string()),
            ],
        ),
    );
    #[expect(clippy::cast_precision_loss, reason = "a handful of lessons")]
    let fraction = (*index + 1) as f32 / total.max(1) as f32;
    ui.add(egui::ProgressBar::new(fraction).desired_height(6.0))
        .on_hover_text(trf(
            lang,
            "lesson-step",
            &[
                ("n", (*index + 1).to_string()),
                ("total", total.to_string()),
            ],
        ));
    heading(ui, lesson.title.get(code));
    ui.add_space(theme::GAP / 2.0);
    for block in &lesson.blocks {
        draw_block(ui, shared.lang, &shared.images, block);
    }
    ui.add_space(theme::GAP_LARGE);
    ui.horizontal(|ui| {
        let mut turn = |page: usize| {
            out.push(Command::LessonPage {
                module: module.id.clone(),
                page,
            });
        };
        // Back is there (disabled) on the first page too, so Next never moves.
        if ui
            .add_enabled(*index > 0, egui::Button::new(tr(lang, "back")))
            .clicked()
        {
            turn(index.saturating_sub(1));
        }
        if *index + 1 < total {
            if ui.add(theme::primary(ui, tr(lang, "next"))).clicked() {
                turn(*index + 1);
            }
            if ui.button(tr(lang, "lesson-skip-to-quiz")).clicked() {
                out.push(Command::StartQuiz {
                    module: module.id.clone(),
                    practice: false,
                });
            }
        } else {
            start_button(ui, shared, module, out);
        }
    });
}

fn start_button(ui: &mut egui::Ui, shared: &AppView, module: &Module, out: &mut Vec<Command>) {
    if ui
        .add(theme::primary(ui, tr(shared.lang, "lesson-start-quiz")))
        .clicked()
    {
        out.push(Command::StartQuiz {
            module: module.id.clone(),
            practice: false,
        });
    }
}

fn callout_label(kind: CalloutKind) -> &'static str {
    match kind {
        CalloutKind::Tip => "callout-tip",
        CalloutKind::Warning => "callout-warning",
        CalloutKind::Example => "callout-example",
        CalloutKind::Law => "callout-law",
    }
}

/// Draws one lesson block; used by the preview too.
/// Draws one lesson block in `lang`; `images` are the pictures read so far (by path).
pub fn draw_block(
    ui: &mut egui::Ui,
    lang: crate::i18n::Lang,
    images: &[(String, egui::load::Bytes)],
    block: &Block,
) {
    let code = lang.code();
    let palette = Palette::of(ui);
    match block {
        Block::Heading(text) => {
            ui.add_space(theme::GAP / 2.0);
            title(ui, text.get(code));
        }
        Block::Paragraph(text) => paragraph(ui, text.get(code)),
        Block::Bullets(items) => {
            for item in items {
                ui.horizontal_top(|ui| {
                    super::a11y::bullet(ui);
                    paragraph(ui, item.get(code));
                });
            }
        }
        Block::Callout { kind, title, text } => {
            let (fg, bg) = palette.callout(*kind);
            theme::tinted(fg, bg).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(
                    RichText::new(tr(lang, callout_label(*kind)).to_uppercase())
                        .small()
                        .color(fg)
                        .family(theme::semibold()),
                );
                if let Some(title) = title {
                    ui.label(
                        RichText::new(title.get(code))
                            .family(theme::semibold())
                            .color(fg),
                    );
                }
                paragraph(ui, text.get(code));
            });
        }
        Block::Image { path, alt, caption } => {
            let alt = alt.get(code);
            let loaded = images.iter().find(|(p, _)| p == path);
            if loaded.is_some() {
                ui.add(
                    egui::Image::new(format!("bytes://{path}"))
                        .alt_text(alt)
                        .max_width(ui.available_width())
                        .corner_radius(theme::RADIUS),
                );
            } else {
                theme::card(ui).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    muted(ui, alt);
                });
            }
            if let Some(caption) = caption {
                muted(ui, caption.get(code));
            }
        }
        Block::Takeaways(items) => {
            theme::tinted(palette.accent, palette.surface).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(
                    RichText::new(tr(lang, "takeaways-title"))
                        .family(theme::semibold())
                        .color(palette.accent),
                );
                for item in items {
                    ui.horizontal_top(|ui| {
                        super::a11y::bullet(ui);
                        paragraph(ui, item.get(code));
                    });
                }
            });
        }
    }
}
