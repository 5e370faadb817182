//! The outcome of a manager's action, shown inside the panel whose button caused it.

use eframe::egui::{self, RichText};

use crate::ui::state::AppView;
use crate::ui::state::manager::{Panel, PanelMessage};
use crate::ui::theme::{self, Palette};

/// What the last action of `panel` did, shown inside that panel (and announced).
pub(super) fn panel_message(
    ui: &mut egui::Ui,
    shared: &AppView,
    message: Option<&PanelMessage>,
    panel: Panel,
) {
    let Some(message) = message.filter(|m| m.panel == panel) else {
        return;
    };
    let palette = Palette::of(ui);
    let (fg, bg) = if message.error {
        (palette.danger, palette.danger_bg)
    } else {
        (palette.success, palette.success_bg)
    };
    theme::tinted(fg, bg).show(ui, |ui| {
        ui.set_width(ui.available_width());
        for line in &message.lines {
            crate::ui::screens::a11y::feedback_label(
                ui,
                RichText::new(shared.words(line)).color(fg),
                message.error,
            );
        }
    });
}
