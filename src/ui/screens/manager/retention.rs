//! The retention tab: whether what the course taught lasts. Per module, a forgetting
//! curve from real refresher answers (share right by days since the pass), with its
//! figures as a table for screen readers; then the questions whose knowledge fades
//! fastest; and the desired retention that the refresher schedule aims at.

use eframe::egui::{self, RichText};
use egui_plot::{HLine, Line, LineStyle, Plot, PlotPoint, PlotPoints, Points, Text};

use super::charts_table::figures_table;
use super::panel_message::panel_message;
use crate::engine::review::{DEFAULT_RETENTION, RETENTION_RANGE};
use crate::i18n::{Lang, percent, tr, trf};
use crate::service::retention::{MIN_ANSWERS_EACH_SIDE, ModuleCurve, RetentionView, whole_percent};
use crate::ui::command::Command;
use crate::ui::screens::widgets::{muted, paragraph, title};
use crate::ui::state::AppView;
use crate::ui::state::manager::{ManagerState, Panel};
use crate::ui::theme::{self, Palette};

pub(super) fn retention(
    ui: &mut egui::Ui,
    shared: &AppView,
    state: &mut ManagerState,
    out: &mut Vec<Command>,
) {
    let lang = shared.lang;
    let Some(view) = state.retention.clone() else {
        ui.spinner();
        return;
    };
    paragraph(ui, &tr(lang, "retention-intro"));
    desired_retention(ui, shared, state, &view, out);
    ui.add_space(theme::GAP_LARGE);
    let module = state.view.module.as_deref();
    let curves: Vec<&ModuleCurve> = view
        .modules
        .iter()
        .filter(|m| module.is_none_or(|id| m.module_id == id))
        .collect();
    if curves.is_empty() {
        let words = view.none_words(lang);
        muted(ui, &words);
    }
    for curve in curves {
        module_curve(ui, lang, curve, view.desired);
        ui.add_space(theme::GAP_LARGE);
    }
    decaying(ui, lang, &view, module);
}

fn desired_retention(
    ui: &mut egui::Ui,
    shared: &AppView,
    state: &mut ManagerState,
    view: &RetentionView,
    out: &mut Vec<Command>,
) {
    let lang = shared.lang;
    let (low, high) = RETENTION_RANGE;
    theme::card(ui).show(ui, |ui| {
        ui.set_width(ui.available_width().min(760.0));
        title(ui, &tr(lang, "retention-desired"));
        muted(
            ui,
            &trf(
                lang,
                "retention-desired-note",
                &[
                    ("low", whole_percent(low).to_string()),
                    ("high", whole_percent(high).to_string()),
                    ("default", whole_percent(DEFAULT_RETENTION).to_string()),
                ],
            ),
        );
        let percent_set = state.desired_percent.get_or_insert(view.desired * 100.0);
        ui.horizontal(|ui| {
            ui.add(
                egui::Slider::new(percent_set, (low * 100.0)..=(high * 100.0))
                    .step_by(1.0)
                    .fixed_decimals(0)
                    .suffix(" %")
                    .text(tr(lang, "retention-desired")),
            );
            if ui.button(tr(lang, "retention-desired-save")).clicked() {
                out.push(Command::SetDesiredRetention((*percent_set).round() / 100.0));
            }
        });
        panel_message(
            ui,
            shared,
            state.data_tab.message.as_ref(),
            Panel::DesiredRetention,
        );
    });
}

fn module_curve(ui: &mut egui::Ui, lang: Lang, curve: &ModuleCurve, desired: f64) {
    let palette = Palette::of(ui);
    title(
        ui,
        &trf(lang, "retention-curve", &[("module", curve.title.clone())]),
    );
    muted(ui, &curve.total_words(lang));
    let points: Vec<[f64; 2]> = curve
        .points
        .iter()
        .map(|p| [p.span.middle(), p.percent()])
        .collect();
    let id = format!("retention-{}", curve.module_id);
    Plot::new(&id)
        .height(180.0)
        .width(ui.available_width().min(760.0))
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_background(false)
        .include_x(0.0)
        // Room at the right for the words over the last point.
        .include_x(points.last().map_or(30.0, |p| p[0] * 1.12 + 4.0))
        .include_y(0.0)
        // Room above 100 % for the words over a point at the top.
        .include_y(110.0)
        .x_axis_label(tr(lang, "retention-axis-days"))
        .y_axis_label(tr(lang, "retention-axis-right"))
        .show(ui, |plot| {
            plot.hline(
                HLine::new(tr(lang, "retention-desired"), desired * 100.0)
                    .color(palette.warning)
                    .style(LineStyle::dashed_loose())
                    .width(1.5),
            );
            plot.line(
                Line::new(curve.title.clone(), PlotPoints::from(points.clone()))
                    .color(palette.accent)
                    .width(2.5),
            );
            // Each point's share written beside it: the chart reads without hovering.
            for (i, point) in curve.points.iter().enumerate() {
                plot.text(
                    Text::new(
                        format!("{id}-label-{i}"),
                        PlotPoint::new(point.span.middle(), point.percent()),
                        RichText::new(trf(
                            lang,
                            "retention-point-short",
                            &[
                                ("percent", percent(lang, point.percent())),
                                ("right", point.right.to_string()),
                                ("answered", point.answered.to_string()),
                            ],
                        ))
                        .strong(),
                    )
                    .anchor(egui::Align2::CENTER_BOTTOM),
                );
            }
            plot.points(
                Points::new(format!("{id}-points"), PlotPoints::from(points))
                    .color(palette.accent)
                    .radius(4.0),
            );
        });
    muted(
        ui,
        &trf(
            lang,
            "retention-target-line",
            &[("percent", whole_percent(desired).to_string())],
        ),
    );
    let rows: Vec<(String, String)> = curve
        .points
        .iter()
        .map(|p| (p.span.words(lang), p.words(lang)))
        .collect();
    figures_table(ui, lang, &id, &rows);
}

fn decaying(ui: &mut egui::Ui, lang: Lang, view: &RetentionView, module: Option<&str>) {
    title(ui, &tr(lang, "retention-decaying"));
    paragraph(
        ui,
        &trf(
            lang,
            "retention-decaying-intro",
            &[("min", MIN_ANSWERS_EACH_SIDE.to_string())],
        ),
    );
    let shown: Vec<_> = view
        .decaying
        .iter()
        .filter(|q| module.is_none_or(|id| q.module_id == id))
        .collect();
    if shown.is_empty() {
        muted(ui, &tr(lang, "retention-decaying-none"));
        return;
    }
    crate::ui::screens::widgets::column_of(ui, 1000.0, |ui| {
        for q in shown {
            theme::card(ui).show(ui, |ui| {
                ui.set_width(ui.available_width());
                muted(ui, &q.module_title);
                paragraph(ui, &q.prompt);
                ui.label(RichText::new(q.words(lang)).color(Palette::of(ui).danger));
            });
        }
    });
}
