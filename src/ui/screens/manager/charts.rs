//! The charts tab, for the rows the filters keep: pass rate per module and per
//! department, completions week by week, and the spread of scores.
//!
//! Drawn to be read at a glance: horizontal bars with every name on the axis and the
//! value written at the bar's end, no graph-paper grid, the theme's colours. Each chart
//! has its figures as a table beneath, folded, for screen readers and for copying.

use chrono::NaiveDate;
use eframe::egui::{self, RichText};
use egui_plot::{Bar, BarChart, GridInput, GridMark, Plot, PlotPoint, Text};

use super::charts_table::figures_table;
use crate::i18n::{Lang, day, percent, tr, trf};
use crate::ui::screens::widgets::{muted, title};
use crate::ui::state::manager::{DashboardData, Insights, MatrixView};
use crate::ui::theme::{self, Palette};

/// One bar: its name, its length, and the words written at its end.
struct Row {
    name: String,
    value: f64,
    said: String,
}

pub(super) fn charts(
    ui: &mut egui::Ui,
    lang: Lang,
    data: &DashboardData,
    view: &MatrixView,
    insights: Option<&Insights>,
) {
    let palette = Palette::of(ui);
    title(ui, &tr(lang, "chart-pass-rate"));
    muted(ui, &tr(lang, "chart-pass-rate-note"));
    let modules: Vec<Row> = view
        .module_stats
        .iter()
        .map(|m| Row {
            name: m.title.clone(),
            value: m.pass_rate,
            said: trf(
                lang,
                "chart-rate-of",
                &[
                    ("rate", percent(lang, m.pass_rate)),
                    ("complete", m.complete.to_string()),
                    ("attempted", m.attempted.to_string()),
                ],
            ),
        })
        .collect();
    horizontal_bars(ui, "pass-rates", &modules, 100.0, palette.accent);
    figures_table(ui, lang, "pass-rates", &rows_said(&modules));

    ui.add_space(theme::GAP_LARGE);
    title(ui, &tr(lang, "chart-departments"));
    muted(ui, &tr(lang, "chart-departments-note"));
    let departments: Vec<Row> = data
        .departments
        .iter()
        .filter(|d| view.department.as_ref().is_none_or(|want| want == *d))
        .map(|d| {
            let h = data.summary(Some(d), view.module.as_deref()).headline();
            Row {
                name: d.clone(),
                value: h.completion_rate,
                said: trf(
                    lang,
                    "chart-rate-learners",
                    &[
                        ("rate", percent(lang, h.completion_rate)),
                        ("learners", h.learners.to_string()),
                    ],
                ),
            }
        })
        .collect();
    if departments.is_empty() {
        muted(ui, &tr(lang, "chart-no-departments"));
    } else {
        horizontal_bars(ui, "departments", &departments, 100.0, palette.info);
        figures_table(ui, lang, "departments", &rows_said(&departments));
    }

    ui.add_space(theme::GAP_LARGE);
    title(ui, &tr(lang, "chart-weekly"));
    match insights {
        None => {
            ui.spinner();
        }
        Some(insights) => weekly(ui, lang, insights, view.module.as_deref(), palette),
    }

    ui.add_space(theme::GAP_LARGE);
    title(ui, &tr(lang, "chart-scores"));
    scores(ui, lang, view, palette);
}

fn rows_said(rows: &[Row]) -> Vec<(String, String)> {
    rows.iter()
        .map(|r| (r.name.clone(), r.said.clone()))
        .collect()
}

/// Bars from left to right, first row on top, each name on the axis and its words at
/// the bar's end.
fn horizontal_bars(ui: &mut egui::Ui, id: &str, rows: &[Row], max: f64, fill: egui::Color32) {
    if rows.is_empty() {
        return;
    }
    let palette = Palette::of(ui);
    let n = rows.len();
    #[expect(clippy::cast_precision_loss, reason = "a few dozen bars at most")]
    let place = |i: usize| (n - 1 - i) as f64;
    let names: Vec<String> = rows.iter().map(|r| shorten(&r.name, 36)).collect();
    let bars: Vec<Bar> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            Bar::new(place(i), r.value)
                .name(&r.name)
                .fill(fill)
                .width(0.62)
        })
        .collect();
    #[expect(clippy::cast_precision_loss, reason = "a few dozen bars at most")]
    let height = 40.0 + 34.0 * n as f32;
    Plot::new(id)
        .height(height)
        .show_grid(false)
        .show_background(false)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .show_y(false)
        .include_x(0.0)
        // Room at the right for the words at the longest bar's end.
        .include_x(max * 1.35)
        .include_y(-0.6)
        .include_y(place(0) + 0.6)
        .show_axes([false, true])
        .y_axis_min_width(270.0)
        .y_grid_spacer(move |_: GridInput| {
            (0..n)
                .map(|i| GridMark {
                    #[expect(clippy::cast_precision_loss, reason = "a few dozen bars")]
                    value: i as f64,
                    step_size: 1.0,
                })
                .collect()
        })
        .y_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() > 1e-6 || i < 0.0 {
                return String::new();
            }
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "a non-negative whole bar index"
            )]
            let from_top = n.checked_sub(1 + i as usize);
            from_top
                .and_then(|k| names.get(k).cloned())
                .unwrap_or_default()
        })
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new(id, bars).horizontal().allow_hover(false));
            for (i, r) in rows.iter().enumerate() {
                plot.text(
                    Text::new(
                        format!("{id}-{i}"),
                        PlotPoint::new(r.value + max * 0.02, place(i)),
                        RichText::new(&r.said).strong(),
                    )
                    .color(palette.text)
                    .anchor(egui::Align2::LEFT_CENTER),
                );
            }
        });
}

/// Completions per week, for the last half-year with any.
fn weekly(
    ui: &mut egui::Ui,
    lang: Lang,
    insights: &Insights,
    module: Option<&str>,
    palette: Palette,
) {
    let mut weeks: Vec<(NaiveDate, u64)> = Vec::new();
    for tally in insights
        .weekly
        .iter()
        .filter(|t| module.is_none_or(|m| t.module_id == m))
    {
        match weeks.last_mut() {
            Some((week, n)) if *week == tally.week => *n += tally.completions,
            _ => weeks.push((tally.week, tally.completions)),
        }
    }
    if weeks.is_empty() {
        muted(ui, &tr(lang, "chart-weekly-none"));
        return;
    }
    let start = weeks.len().saturating_sub(26);
    let weeks = &weeks[start..];
    let Some(first) = weeks.first().map(|(w, _)| *w) else {
        return;
    };
    let index = |week: NaiveDate| (week - first).num_days() / 7;
    #[expect(clippy::cast_precision_loss, reason = "counts and weeks are modest")]
    let bars: Vec<Bar> = weeks
        .iter()
        .map(|(week, n)| {
            Bar::new(index(*week) as f64, *n as f64)
                .name(day(lang, *week))
                .fill(palette.accent)
                .width(0.7)
        })
        .collect();
    #[expect(clippy::cast_precision_loss, reason = "counts are modest")]
    let top = weeks.iter().map(|(_, n)| *n).max().unwrap_or(1) as f64;
    let labels: Vec<(i64, String)> = weeks
        .iter()
        .map(|(w, _)| (index(*w), short_day(*w)))
        .collect();
    let every = (labels.len() / 8).max(1);
    Plot::new("weekly")
        .height(220.0)
        .show_grid(false)
        .show_background(false)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .show_y(false)
        .include_y(0.0)
        .include_y(top * 1.2)
        .show_axes([true, false])
        .x_grid_spacer(move |_: GridInput| {
            labels
                .iter()
                .enumerate()
                .filter(|(k, _)| k % every == 0)
                .map(|(_, (i, _))| GridMark {
                    #[expect(clippy::cast_precision_loss, reason = "week numbers are small")]
                    value: *i as f64,
                    step_size: 1.0,
                })
                .collect()
        })
        .x_axis_formatter(move |mark, _| weeks_label(first, mark.value))
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new("weekly", bars).allow_hover(false));
            for (week, n) in weeks {
                #[expect(clippy::cast_precision_loss, reason = "counts are modest")]
                let at = PlotPoint::new(index(*week) as f64, *n as f64 + top * 0.03);
                plot.text(
                    Text::new(
                        format!("week-{week}"),
                        at,
                        RichText::new(n.to_string()).strong(),
                    )
                    .color(palette.text)
                    .anchor(egui::Align2::CENTER_BOTTOM),
                );
            }
        });
    let table: Vec<(String, String)> = weeks
        .iter()
        .map(|(w, n)| {
            (
                trf(lang, "chart-week-of", &[("date", day(lang, *w))]),
                n.to_string(),
            )
        })
        .collect();
    figures_table(ui, lang, "weekly", &table);
}

/// "03/03": the day and month of the week's Monday, on the axis.
fn short_day(week: NaiveDate) -> String {
    week.format("%d/%m").to_string()
}

fn weeks_label(first: NaiveDate, value: f64) -> String {
    let i = value.round();
    if (value - i).abs() > 1e-6 {
        return String::new();
    }
    #[expect(clippy::cast_possible_truncation, reason = "a week index")]
    let days = i as i64 * 7;
    first
        .checked_add_signed(chrono::TimeDelta::days(days))
        .map(short_day)
        .unwrap_or_default()
}

/// How many counting scores fell in each band of ten.
fn scores(ui: &mut egui::Ui, lang: Lang, view: &MatrixView, palette: Palette) {
    let mut totals = [0usize; 10];
    for m in &view.module_stats {
        for (t, n) in totals.iter_mut().zip(m.score_bands) {
            *t += n;
        }
    }
    let rows: Vec<Row> = totals
        .iter()
        .enumerate()
        .rev()
        .map(|(i, n)| {
            #[expect(clippy::cast_precision_loss, reason = "modest counts")]
            let value = *n as f64;
            Row {
                name: format!("{}–{}%", i * 10, if i == 9 { 100 } else { i * 10 + 9 }),
                value,
                said: trf(lang, "chart-scores-count", &[("count", n.to_string())]),
            }
        })
        .collect();
    #[expect(clippy::cast_precision_loss, reason = "modest counts")]
    let max = totals.iter().copied().max().unwrap_or(0).max(1) as f64;
    horizontal_bars(ui, "score-bands", &rows, max, palette.info);
    figures_table(ui, lang, "score-bands", &rows_said(&rows));
}

pub(super) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}
