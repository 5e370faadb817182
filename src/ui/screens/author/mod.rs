//! Author mode's screen: the form that opens a folder, then the panel with its counts and
//! tabs. The diagnostics tab, the module picker and jumping to what a problem is about are
//! here; the other tabs each have a file: [`preview`], [`map`] (drawing scenario maps) and
//! [`translations`].

mod editor;
mod map;
mod preview;
mod translations;

use eframe::egui::{self, RichText};

use crate::authoring::workspace::FileStatus;
use crate::content::{Diagnostic, ItemRef, Severity};
use crate::i18n::{Lang, tr, trf};
use crate::ui::command::Command;
use crate::ui::screens::widgets::{heading, muted, paragraph};
use crate::ui::state::AppView;
use crate::ui::state::author::{AuthorState, AuthorTab, AuthorView};
use crate::ui::theme::{self, Palette};

/// Choosing the folder to work on.
pub fn open_form(ui: &mut egui::Ui, shared: &AppView, path: &mut String, out: &mut Vec<Command>) {
    let lang = shared.lang;
    ui.add_space(theme::GAP_LARGE);
    heading(ui, &tr(lang, "author-open-title"));
    paragraph(ui, &tr(lang, "author-open-intro"));
    if shared.native_dialogs && ui.button(tr(lang, "author-choose-folder")).clicked() {
        out.push(Command::ChooseAuthorFolder);
    }
    let label = ui.label(tr(lang, "author-folder"));
    ui.add(egui::TextEdit::singleline(path).desired_width(f32::INFINITY))
        .labelled_by(label.id);
    if ui
        .add(theme::primary(ui, tr(lang, "author-open")))
        .clicked()
        && !path.trim().is_empty()
    {
        out.push(Command::OpenAuthor(path.trim().into()));
    }
}

pub fn show(ui: &mut egui::Ui, shared: &AppView, state: &mut AuthorState, out: &mut Vec<Command>) {
    let lang = shared.lang;
    let Some(view) = shared.author.clone() else {
        ui.spinner();
        return;
    };
    ui.add_space(theme::GAP);
    heading(ui, &tr(lang, "author-title"));
    muted(ui, &view.dir.display().to_string());
    let palette = Palette::of(ui);
    let counts = trf(
        lang,
        "author-counts",
        &[
            ("errors", view.errors.to_string()),
            ("warnings", view.warnings.to_string()),
        ],
    );
    let color = if view.errors > 0 {
        palette.danger
    } else if view.warnings > 0 {
        palette.warning
    } else {
        palette.success
    };
    ui.label(RichText::new(counts).color(color).strong());
    if let Some(problem) = &view.folder_problem {
        ui.colored_label(palette.danger, shared.words(problem));
    }
    ui.horizontal_wrapped(|ui| {
        for (tab, key) in [
            (AuthorTab::Diagnostics, "author-tab-diagnostics"),
            (AuthorTab::Preview, "author-tab-preview"),
            (AuthorTab::Maps, "author-tab-maps"),
            (AuthorTab::Translations, "author-tab-translations"),
        ] {
            if ui
                .selectable_label(state.tab == tab, tr(lang, key))
                .clicked()
            {
                state.tab = tab;
            }
        }
    });
    ui.separator();
    if state.module.is_none() {
        state.module = view.course.modules.first().map(|m| m.id.clone());
    }
    egui::ScrollArea::both()
        .auto_shrink([false, false])
        .id_salt(("author", state.tab as u8))
        .show(ui, |ui| match state.tab {
            AuthorTab::Diagnostics => {
                editor::setting(ui, shared, state, out);
                diagnostics(ui, lang, &view, state, out);
            }
            AuthorTab::Preview => preview::preview(ui, shared, &view, state, out),
            AuthorTab::Maps => map::maps(ui, lang, &view, state, out),
            AuthorTab::Translations => translations::translations(ui, lang, &view, state, out),
        });
}

/// Opens the preview at the item a diagnostic or a finding is about.
fn jump(view: &AuthorView, state: &mut AuthorState, item: &ItemRef, out: &mut Vec<Command>) {
    let Some(module_id) = &item.module else {
        return;
    };
    state.module = Some(module_id.clone());
    state.tab = AuthorTab::Preview;
    let Some(module) = view.course.module(module_id) else {
        return;
    };
    if let Some(lesson) = &item.lesson {
        state.lesson = module
            .lessons
            .iter()
            .position(|l| &l.id == lesson)
            .unwrap_or(0);
    }
    if let Some(question) = &item.question
        && module.question(question).is_some()
    {
        out.push(Command::PreviewQuestion {
            module: module_id.clone(),
            question: question.clone(),
            node: item.node.clone(),
        });
    }
}

fn diagnostics(
    ui: &mut egui::Ui,
    lang: Lang,
    view: &AuthorView,
    state: &mut AuthorState,
    out: &mut Vec<Command>,
) {
    let palette = Palette::of(ui);
    if view.errors + view.warnings == 0 {
        ui.colored_label(palette.success, tr(lang, "author-clean"));
    }
    for file in &view.files {
        if file.diagnostics.is_empty() {
            continue;
        }
        theme::card(ui).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(RichText::new(&file.label).strong());
                if let FileStatus::Broken {
                    playing_last_good: true,
                } = file.status
                {
                    ui.label(
                        RichText::new(tr(lang, "author-stale"))
                            .small()
                            .color(palette.warning),
                    );
                }
            });
            for diagnostic in &file.diagnostics {
                diagnostic_entry(ui, lang, diagnostic, &file.path, view, state, out);
            }
        });
    }
}

fn diagnostic_entry(
    ui: &mut egui::Ui,
    lang: Lang,
    diagnostic: &Diagnostic,
    file: &std::path::Path,
    view: &AuthorView,
    state: &mut AuthorState,
    out: &mut Vec<Command>,
) {
    let palette = Palette::of(ui);
    let color = match diagnostic.severity {
        Severity::Error => palette.danger,
        Severity::Warning => palette.warning,
    };
    // The same text the command line prints.
    let rendered = diagnostic.render_in(lang);
    let mut lines = rendered.lines();
    let header = lines.next().unwrap_or_default();
    // The header is the way to the place: a click, or Enter on it, opens the editor there.
    editor::problem_header(ui, lang, header, color, file, diagnostic, state, out);
    let snippet: Vec<&str> = lines.collect();
    if !snippet.is_empty() {
        ui.add(egui::Label::new(RichText::new(snippet.join("\n")).monospace()).extend());
    }
    if let Some(item) = &diagnostic.item
        && item.module.is_some()
        && ui
            .add(egui::Button::new(tr(lang, "author-show")).small())
            .on_hover_text(header)
            .clicked()
    {
        jump(view, state, item, out);
    }
    ui.add_space(theme::GAP / 2.0);
}

fn module_picker(ui: &mut egui::Ui, lang: Lang, view: &AuthorView, state: &mut AuthorState) {
    let code = lang.code();
    let current = state
        .module
        .as_ref()
        .and_then(|id| view.course.module(id))
        .map_or_else(String::new, |m| m.title.get(code).to_owned());
    let label = ui.label(tr(lang, "author-module"));
    egui::ComboBox::from_id_salt(label.id)
        .selected_text(current)
        .width(360.0)
        .show_ui(ui, |ui| {
            for module in &view.course.modules {
                let mut text = module.title.get(code).to_owned();
                if view.stale.contains(&module.id) {
                    text.push_str(" ⚠");
                }
                if ui
                    .selectable_label(state.module.as_ref() == Some(&module.id), text)
                    .clicked()
                {
                    state.module = Some(module.id.clone());
                    state.lesson = 0;
                }
            }
        })
        .response
        .labelled_by(label.id);
}
