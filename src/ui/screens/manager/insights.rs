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
) {
    paragraph(ui, &tr(lang, "missed-intro"));
    if insights.missed.is_empty() {
        muted(ui, &tr(lang, "missed-none"));
        return;
    }
    crate::ui::screens::widgets::column_of(ui, 1000.0, |ui| {
        for q in insights.missed.iter().take(30) {
            theme::card(ui).show(ui, |ui| {
                ui.set_width(ui.available_width());
                let module = data
                    .modules
                    .iter()
                    .find(|(id, _)| *id == q.module_id)
                    .map_or(q.module_id.as_str(), |(_, t)| t.as_str());
                muted(ui, &format!("{module} · {}", q.question_id));
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

pub(super) fn scenarios(ui: &mut egui::Ui, lang: Lang, insights: &Insights) {
    paragraph(ui, &tr(lang, "flow-intro"));
    let palette = Palette::of(ui);
    crate::ui::screens::widgets::column_of(ui, 1000.0, |ui| {
        for flow in &insights.flows {
            theme::card(ui).show(ui, |ui| {
                ui.set_width(ui.available_width());
                title(ui, &flow.title);
                for node in &flow.nodes {
                    muted(ui, &node.text);
                    let total: u64 = node.choices.iter().map(|c| c.2).sum();
                    for (_, text, count) in &node.choices {
                        ui.horizontal(|ui| {
                            #[expect(clippy::cast_precision_loss, reason = "counts are modest")]
                            let fraction = if total == 0 {
                                0.0
                            } else {
                                *count as f32 / total as f32
                            };
                            ui.add(
                                egui::ProgressBar::new(fraction)
                                    .desired_width(160.0)
                                    .fill(palette.accent)
                                    .text(trf(lang, "flow-times", &[("count", count.to_string())])),
                            );
                            ui.add(egui::Label::new(text.as_str()).wrap());
                        });
                    }
                }
                ui.label(RichText::new(tr(lang, "flow-endings")).strong());
                for (_, text, count) in &flow.endings {
                    ui.horizontal(|ui| {
                        ui.label(
                            RichText::new(trf(lang, "flow-times", &[("count", count.to_string())]))
                                .color(palette.info),
                        );
                        ui.add(egui::Label::new(text.as_str()).wrap());
                    });
                }
            });
        }
    });
}
