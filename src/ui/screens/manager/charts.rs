//! The charts tab: pass rate per module and the spread of scores, for the rows the
//! filters keep.

use eframe::egui::{self};
use egui_plot::{Bar, BarChart, Plot};

use crate::i18n::{Lang, percent, tr};
use crate::ui::screens::widgets::{muted, title};
use crate::ui::state::manager::MatrixView;
use crate::ui::theme::{self, Palette};

pub(super) fn charts(ui: &mut egui::Ui, lang: Lang, view: &MatrixView) {
    let palette = Palette::of(ui);
    title(ui, &tr(lang, "chart-pass-rate"));
    let bars: Vec<Bar> = view
        .module_stats
        .iter()
        .enumerate()
        .map(|(i, m)| {
            #[expect(clippy::cast_precision_loss, reason = "a handful of modules")]
            let x = i as f64;
            Bar::new(x, m.pass_rate)
                .name(format!(
                    "{} ({} {})",
                    m.title,
                    m.attempted,
                    tr(lang, "chart-learners")
                ))
                .fill(palette.accent)
        })
        .collect();
    let names: Vec<String> = view.module_stats.iter().map(|m| m.title.clone()).collect();
    Plot::new("pass-rates")
        .height(260.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        .include_y(100.0)
        .x_axis_formatter(move |mark, _range| {
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "axis marks at module indices"
            )]
            let i = mark.value.round() as usize;
            if (mark.value - mark.value.round()).abs() < 1e-6 {
                names.get(i).map(|n| shorten(n, 18)).unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new("pass-rate", bars).width(0.6));
        });
    for m in &view.module_stats {
        muted(
            ui,
            &format!(
                "{}: {}% · {} / {}",
                m.title,
                percent(lang, m.pass_rate),
                m.complete,
                m.attempted
            ),
        );
    }
    ui.add_space(theme::GAP);
    title(ui, &tr(lang, "chart-scores"));
    let mut totals = [0usize; 10];
    for m in &view.module_stats {
        for (t, n) in totals.iter_mut().zip(m.score_bands) {
            *t += n;
        }
    }
    let bars: Vec<Bar> = totals
        .iter()
        .enumerate()
        .map(|(i, n)| {
            #[expect(clippy::cast_precision_loss, reason = "ten bands, modest counts")]
            let (x, y) = (i as f64 * 10.0 + 5.0, *n as f64);
            Bar::new(x, y)
                .name(format!("{}–{}%", i * 10, i * 10 + 9))
                .width(9.0)
                .fill(palette.info)
        })
        .collect();
    Plot::new("score-bands")
        .height(220.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_x(0.0)
        .include_x(100.0)
        .include_y(0.0)
        .show(ui, |plot| plot.bar_chart(BarChart::new("scores", bars)));
}

pub(super) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}
