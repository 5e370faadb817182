//! Going from a problem to its line: each diagnostic's header opens the file at its line
//! and column in the author's editor, and the "Open in editor" setting says which editor.
//! A launch that fails is said beside the problem it was for, never dropped.

use eframe::egui::{self, Color32, RichText};

use crate::authoring::editor::Place;
use crate::content::Diagnostic;
use crate::i18n::{Lang, NoTitles, tr};
use crate::ui::command::Command;
use crate::ui::screens::widgets::muted;
use crate::ui::state::AppView;
use crate::ui::state::author::AuthorState;
use crate::ui::theme::{self, Palette};

/// A diagnostic's `path:line:col: error: …` header as a button that opens the editor.
#[expect(
    clippy::too_many_arguments,
    reason = "one diagnostic's header, drawn where its entry is"
)]
pub(super) fn problem_header(
    ui: &mut egui::Ui,
    lang: Lang,
    header: &str,
    color: Color32,
    file: &std::path::Path,
    diagnostic: &Diagnostic,
    state: &AuthorState,
    out: &mut Vec<Command>,
) {
    let place = Place {
        file: file.to_owned(),
        line: diagnostic.line.max(1),
        column: diagnostic.column.max(1),
    };
    let response = ui
        .add(
            // Framed only when hovered or focused: it reads as text, acts as a button, and
            // shows where the keyboard is.
            egui::Button::new(RichText::new(header).color(color))
                .frame(true)
                .frame_when_inactive(false)
                .wrap(),
        )
        .on_hover_text(tr(lang, "author-open-in-editor"));
    if response.clicked() {
        out.push(Command::OpenInEditor(place.clone()));
    }
    if let Some((failed, message)) = &state.editor_failure
        && *failed == place
    {
        let palette = Palette::of(ui);
        ui.colored_label(palette.danger, message.text(lang, &NoTitles));
    }
}

/// The "Open in editor" setting: a command template, or empty for the default.
pub(super) fn setting(
    ui: &mut egui::Ui,
    shared: &AppView,
    state: &mut AuthorState,
    out: &mut Vec<Command>,
) {
    let lang = shared.lang;
    egui::CollapsingHeader::new(tr(lang, "author-editor-heading"))
        .id_salt("author-editor")
        .show(ui, |ui| {
            muted(ui, &tr(lang, "author-editor-help"));
            let label = ui.label(tr(lang, "author-editor-command"));
            let field = state
                .editor_field
                .get_or_insert_with(|| shared.editor_template.clone().unwrap_or_default());
            ui.add(
                egui::TextEdit::singleline(field)
                    .hint_text("code -g {file}:{line}:{col}")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
            let save = ui.button(tr(lang, "author-editor-save")).clicked();
            if save {
                out.push(Command::SaveEditor(field.clone()));
                state.editor_saved = None;
            }
            let palette = Palette::of(ui);
            match &state.editor_saved {
                Some(Ok(())) => {
                    ui.colored_label(palette.success, tr(lang, "author-editor-saved"));
                }
                Some(Err(message)) => {
                    ui.colored_label(palette.danger, message.text(lang, &NoTitles));
                }
                None => {}
            }
        });
    ui.add_space(theme::GAP / 2.0);
}
