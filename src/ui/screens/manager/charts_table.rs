//! A chart's figures as a small table, folded under it: what a screen reader reads
//! instead of the picture, and what a manager copies into a report.

use eframe::egui::{self, RichText};

use crate::i18n::{Lang, tr};

pub(super) fn figures_table(ui: &mut egui::Ui, lang: Lang, id: &str, rows: &[(String, String)]) {
    egui::CollapsingHeader::new(tr(lang, "chart-as-table"))
        .id_salt(("chart-table", id))
        .default_open(false)
        .show(ui, |ui| {
            egui::Grid::new(("chart-table-grid", id))
                .striped(true)
                .num_columns(2)
                .spacing([24.0, 4.0])
                .show(ui, |ui| {
                    for (name, value) in rows {
                        ui.label(name);
                        ui.label(RichText::new(value).strong());
                        ui.end_row();
                    }
                });
        });
}
