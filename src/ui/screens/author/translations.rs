//! Author mode's translations tab: a table of how much of each module is translated into
//! each language, then every missing, empty or unchanged text with a button to show it.

use eframe::egui::{self, RichText};

use super::jump;
use crate::authoring::coverage::FindingKind;
use crate::i18n::{Lang, tr, trf};
use crate::ui::command::Command;
use crate::ui::screens::widgets::paragraph;
use crate::ui::state::author::{AuthorState, AuthorView};
use crate::ui::theme::{self, Palette};

pub(super) fn translations(
    ui: &mut egui::Ui,
    lang: Lang,
    view: &AuthorView,
    state: &mut AuthorState,
    out: &mut Vec<Command>,
) {
    let palette = Palette::of(ui);
    paragraph(ui, &tr(lang, "author-coverage-intro"));
    egui::Grid::new("coverage")
        .striped(true)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            ui.label(RichText::new(tr(lang, "author-module")).strong());
            for language in &view.languages {
                ui.label(RichText::new(language).strong());
            }
            ui.end_row();
            for file in &view.files {
                let Some(coverage) = &file.coverage else {
                    continue;
                };
                let name = file
                    .title
                    .as_ref()
                    .map_or_else(|| file.label.clone(), |t| t.get(lang.code()).to_owned());
                ui.label(name);
                for language in &view.languages {
                    match coverage.language(language) {
                        Some(c) if c.is_complete() => {
                            ui.colored_label(palette.success, format!("✔ {}", c.present));
                        }
                        Some(c) => {
                            ui.colored_label(
                                palette.warning,
                                trf(
                                    lang,
                                    "author-coverage-cell",
                                    &[
                                        ("missing", c.missing.to_string()),
                                        ("empty", c.empty.to_string()),
                                        ("unchanged", c.unchanged.to_string()),
                                    ],
                                ),
                            );
                        }
                        None => {
                            ui.label("–");
                        }
                    }
                }
                ui.end_row();
            }
        });
    ui.add_space(theme::GAP);
    for file in &view.files {
        let Some(coverage) = &file.coverage else {
            continue;
        };
        for finding in &coverage.findings {
            let kind = match finding.kind {
                FindingKind::Missing => "author-finding-missing",
                FindingKind::Empty => "author-finding-empty",
                FindingKind::Unchanged { .. } => "author-finding-unchanged",
            };
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(format!(
                        "{}:{}:{}",
                        file.label, finding.line, finding.column
                    ))
                    .monospace(),
                );
                ui.colored_label(
                    palette.warning,
                    trf(
                        lang,
                        kind,
                        &[
                            ("language", finding.language.clone()),
                            ("what", tr(lang, finding.what)),
                        ],
                    ),
                );
                if finding.item.module.is_some()
                    && ui
                        .add(egui::Button::new(tr(lang, "author-show")).small())
                        .on_hover_text(&finding.path)
                        .clicked()
                {
                    jump(view, state, &finding.item, out);
                }
            });
        }
    }
}
