//! The building blocks every screen draws with: text in the theme's styles, the reading
//! column, and labelled fields. Screens import these; this file imports no screen.

use eframe::egui::{self, RichText};

use crate::ui::theme::{self, Palette};

/// A centred column of reading width.
pub fn column<R>(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    column_of(ui, theme::READING_WIDTH, add)
}

/// A centred column at most `max_width` wide.
pub fn column_of<R>(ui: &mut egui::Ui, max_width: f32, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let width = (ui.available_width() - 2.0 * theme::GAP)
        .min(max_width)
        .max(0.0);
    let margin = ((ui.available_width() - width) / 2.0).max(0.0);
    ui.horizontal(|ui| {
        ui.add_space(margin);
        ui.vertical(|ui| {
            ui.set_width(width);
            add(ui)
        })
        .inner
    })
    .inner
}

/// A paragraph of body text that wraps.
pub fn paragraph(ui: &mut egui::Ui, text: &str) {
    ui.add(egui::Label::new(text).wrap());
}

/// A heading in the semibold face.
pub fn heading(ui: &mut egui::Ui, text: &str) {
    ui.add(egui::Label::new(RichText::new(text).heading()).wrap());
}

/// A section title.
pub fn title(ui: &mut egui::Ui, text: &str) {
    ui.add(egui::Label::new(RichText::new(text).text_style(theme::title_style())).wrap());
}

/// Muted small text.
pub fn muted(ui: &mut egui::Ui, text: &str) {
    let color = Palette::of(ui).text_muted;
    ui.add(egui::Label::new(RichText::new(text).color(color)).wrap());
}

pub fn password_field(ui: &mut egui::Ui, label: &str, value: &mut String) -> egui::Response {
    let label = ui.label(label);
    ui.add(
        egui::TextEdit::singleline(value)
            .password(true)
            .desired_width(320.0),
    )
    .labelled_by(label.id)
}

pub fn path_field(ui: &mut egui::Ui, label: &str, value: &mut String) {
    let label = ui.label(label);
    ui.add(egui::TextEdit::singleline(value).desired_width(f32::INFINITY))
        .labelled_by(label.id);
}
