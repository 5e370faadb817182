//! The questions most often missed and the paths people take through scenarios: what a
//! content author should look at.

use eframe::egui::{self, RichText};

use crate::i18n::{Lang, percent, tr, trf};
use crate::ui::screens::widgets::{muted, paragraph, title};
use crate::ui::state::manager::Insights;
use crate::ui::theme::{self, Palette};

pub(super) fn questions(
    ui: &mut egui::Ui,
    lang: Lang,
    data: &crate::ui::state::manager::DashboardData,
    insights: &Insights,
    module: Option<&str>,
) {
    paragraph(ui, &tr(lang, "missed-intro"));
    let shown: Vec<_> = insights
        .missed
        .iter()
        .filter(|q| module.is_none_or(|m| q.module_id == m))
        .take(30)
        .collect();
    if shown.is_empty() {
        muted(ui, &tr(lang, "missed-none"));
        return;
    }
    crate::ui::screens::widgets::column_of(ui, 1000.0, |ui| {
        for q in shown {
            theme::card(ui).show(ui, |ui| {
                ui.set_width(ui.available_width());
                let module = data
                    .modules
                    .iter()
                    .find(|(id, _)| *id == q.module_id)
                    .map_or(q.module_id.as_str(), |(_, t)| t.as_str());
                muted(ui, module);
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

/// A short bar for a share (0–1), drawn beside its words: the count and share are text
/// on the page's background, never on the bar's fill.
fn share_bar(ui: &mut egui::Ui, fraction: f32, fill: egui::Color32) {
    let palette = Palette::of(ui);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(120.0, 12.0), egui::Sense::hover());
    let painter = ui.painter();
    painter.rect_filled(rect, 3.0, palette.border);
    let mut filled = rect;
    filled.set_width(rect.width() * fraction.clamp(0.0, 1.0));
    painter.rect_filled(filled, 3.0, fill);
}

#[expect(clippy::cast_precision_loss, reason = "counts are modest")]
fn share(count: u64, total: u64) -> f64 {
    if total == 0 {
        0.0
    } else {
        count as f64 / total as f64
    }
}

pub(super) fn scenarios(ui: &mut egui::Ui, lang: Lang, insights: &Insights, module: Option<&str>) {
    paragraph(ui, &tr(lang, "flow-intro"));
    let palette = Palette::of(ui);
    crate::ui::screens::widgets::column_of(ui, 1000.0, |ui| {
        for flow in insights
            .flows
            .iter()
            .filter(|f| module.is_none_or(|m| f.module_id == m))
        {
            theme::card(ui).show(ui, |ui| {
                ui.set_width(ui.available_width());
                title(ui, &flow.title);
                for node in &flow.nodes {
                    muted(ui, &node.text);
                    let total: u64 = node.choices.iter().map(|c| c.2).sum();
                    for (_, text, count) in &node.choices {
                        let part = share(*count, total);
                        ui.horizontal_wrapped(|ui| {
                            #[expect(clippy::cast_possible_truncation, reason = "a bar's length")]
                            share_bar(ui, part as f32, palette.accent);
                            ui.label(
                                RichText::new(trf(
                                    lang,
                                    "flow-share",
                                    &[
                                        ("count", count.to_string()),
                                        ("share", percent(lang, part * 100.0)),
                                    ],
                                ))
                                .strong(),
                            );
                            ui.add(egui::Label::new(text.as_str()).wrap());
                        });
                    }
                }
                ui.label(RichText::new(tr(lang, "flow-endings")).strong());
                let finished: u64 = flow.endings.iter().map(|e| e.2).sum();
                for (_, text, count) in &flow.endings {
                    let part = share(*count, finished);
                    ui.horizontal_wrapped(|ui| {
                        #[expect(clippy::cast_possible_truncation, reason = "a bar's length")]
                        share_bar(ui, part as f32, palette.info);
                        ui.label(
                            RichText::new(trf(
                                lang,
                                "flow-ending-share",
                                &[
                                    ("count", count.to_string()),
                                    ("share", percent(lang, part * 100.0)),
                                ],
                            ))
                            .strong(),
                        );
                        ui.add(egui::Label::new(text.as_str()).wrap());
                    });
                }
            });
        }
    });
}
