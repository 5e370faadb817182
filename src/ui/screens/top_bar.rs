//! The bar at the top of every screen: a skip-to-content link, the name, the learner's
//! navigation, the theme and the language.
//!
//! Widgets are made in reading order (left to right), so Tab and a screen reader meet them
//! in the order they are seen. When the window is too narrow for one row (1024 px wide,
//! or zoomed), the controls move to a second row instead of drawing over the name.

use eframe::egui::{self, RichText};

use super::widgets;
use crate::i18n::{Lang, tr};
use crate::ui::command::Command;
use crate::ui::state::{AppView, Screen};
use crate::ui::theme::{self, Palette, ThemeKind};

/// Where the width of the bar's controls is remembered between frames: one width per
/// set of controls (screen, language, theme, zoom), so a change of any of them is measured
/// afresh while the same bar never flips between one row and two.
fn controls_width_id(ui: &egui::Ui, shared: &AppView, screen: &Screen) -> egui::Id {
    egui::Id::unique("jaga-top-bar-controls").with((
        std::mem::discriminant(screen),
        shared.lang,
        shared.theme,
        shared.learner().is_some(),
        ui.ctx().pixels_per_point().to_bits(),
        ui.available_width().round().to_bits(),
    ))
}

pub fn show(ui: &mut egui::Ui, shared: &AppView, screen: &Screen, out: &mut Vec<Command>) {
    egui::Panel::top("top-bar")
        .frame(
            egui::Frame::new()
                .fill(Palette::of(ui).surface)
                .inner_margin(egui::Margin::symmetric(16, 8)),
        )
        .show(ui, |ui| {
            skip_link(ui, shared.lang, out);
            let memory = controls_width_id(ui, shared, screen);
            let controls = ui.ctx().data(|d| d.get_temp::<f32>(memory)).unwrap_or(0.0);
            let spacing = ui.spacing().item_spacing.x;
            let mut name_width = 0.0;
            let one_row = ui
                .horizontal(|ui| {
                    let start = ui.cursor().min.x;
                    name(ui, shared.lang);
                    name_width = ui.cursor().min.x - start;
                    let free = ui.available_width();
                    if free >= controls + spacing {
                        ui.add_space(free - controls - spacing);
                        let width = controls_row(ui, shared, screen, out);
                        remember(ui, memory, width);
                        true
                    } else {
                        false
                    }
                })
                .inner;
            if !one_row {
                ui.horizontal_wrapped(|ui| {
                    let free = ui.available_width();
                    if free > controls {
                        ui.add_space(free - controls);
                    }
                    let width = controls_row(ui, shared, screen, out);
                    remember(ui, memory, width);
                });
            }
        });
}

/// Keeps the controls' width for the next frame's layout; a change is laid out again at
/// once, so the bar never shows a frame of the old layout. Only the widest measure is
/// kept: one row and two rows may measure a little differently, and growing only means
/// the layout settles instead of alternating.
fn remember(ui: &egui::Ui, memory: egui::Id, width: f32) {
    let before = ui.ctx().data(|d| d.get_temp::<f32>(memory));
    if before.is_none_or(|w| width > w + 0.5) {
        ui.ctx().data_mut(|d| d.insert_temp(memory, width));
        ui.ctx().request_discard("top bar measured");
    }
}

fn name(ui: &mut egui::Ui, lang: Lang) {
    ui.label(
        RichText::new(tr(lang, "app-name"))
            .text_style(theme::title_style())
            .color(Palette::of(ui).accent),
    );
    ui.label(RichText::new(tr(lang, "app-tagline")).small().weak());
}

/// Adds up the widths of the controls as they are made: the width they need on one line,
/// whether or not they wrapped this frame (so the layout does not flip between frames).
struct Widths {
    total: f32,
    spacing: f32,
}

impl Widths {
    fn add(&mut self, response: egui::Response) -> egui::Response {
        self.total += response.rect.width() + self.spacing;
        response
    }
}

/// The bar's controls, left to right; returns the width they need on one line.
fn controls_row(
    ui: &mut egui::Ui,
    shared: &AppView,
    screen: &Screen,
    out: &mut Vec<Command>,
) -> f32 {
    let lang = shared.lang;
    let mut w = Widths {
        total: 0.0,
        spacing: ui.spacing().item_spacing.x,
    };
    let busy = matches!(screen, Screen::Loading | Screen::Failed(_));
    let author_mode = shared.author.is_some();
    let signed_in = shared.learner().is_some();
    if signed_in && !busy {
        if !matches!(screen, Screen::Home | Screen::Quiz(_) | Screen::Manager(_))
            && w.add(ui.button(tr(lang, "menu-home"))).clicked()
        {
            out.push(Command::GoHome);
        }
        if w.add(ui.button(tr(lang, "menu-my-data"))).clicked() {
            out.push(Command::OpenMyData);
        }
        if w.add(ui.button(tr(lang, "menu-sign-out"))).clicked() {
            out.push(Command::SignOut);
        }
    }
    // The manager's and author's doors are for the people the computer is set up for:
    // shown before anyone signs in, and to learners only when a manager says so.
    let tools = !signed_in || shared.machine.tools_for_learners;
    if !busy
        && !author_mode
        && tools
        && shared.machine.show_manager
        && !matches!(screen, Screen::Manager(_))
        && w.add(ui.button(tr(lang, "menu-manager"))).clicked()
    {
        out.push(Command::OpenManager);
    }
    if author_mode
        && !matches!(screen, Screen::Author(_))
        && w.add(ui.button(tr(lang, "author-back"))).clicked()
    {
        out.push(Command::GoHome);
    }
    if !busy
        && !author_mode
        && tools
        && shared.machine.show_author
        && !matches!(screen, Screen::AuthorOpen { .. })
        && w.add(ui.button(tr(lang, "menu-author"))).clicked()
    {
        out.push(Command::OpenAuthorForm);
    }
    w.add(ui.separator());
    theme_choice(ui, shared, &mut w, out);
    w.add(ui.separator());
    for choice in Lang::ALL {
        if w.add(ui.selectable_label(lang == choice, choice.native_name()))
            .clicked()
            && lang != choice
        {
            out.push(Command::SetLanguage(choice));
        }
    }
    w.total
}

/// "Theme: [Light]": a labelled list of the three themes, each named for what it is.
fn theme_choice(ui: &mut egui::Ui, shared: &AppView, w: &mut Widths, out: &mut Vec<Command>) {
    let lang = shared.lang;
    let label = w.add(
        ui.add(egui::Label::new(tr(lang, "theme-switch")).wrap_mode(egui::TextWrapMode::Extend)),
    );
    let combo = egui::ComboBox::from_id_salt("jaga-theme-choice")
        .selected_text(tr(lang, shared.theme.name_key()))
        .show_ui(ui, |ui| {
            for kind in ThemeKind::ALL {
                if ui
                    .selectable_label(shared.theme == kind, tr(lang, kind.name_key()))
                    .clicked()
                    && shared.theme != kind
                {
                    out.push(Command::SetTheme(kind));
                }
            }
        })
        .response
        .labelled_by(label.id);
    w.add(combo);
}

/// "Skip to content": the first stop of Tab, invisible until focused, and F6 anywhere.
/// Moves the keyboard focus to the first control of the page.
fn skip_link(ui: &mut egui::Ui, lang: Lang, out: &mut Vec<Command>) {
    let text = tr(lang, "skip-to-content");
    let rect = egui::Rect::from_min_size(ui.max_rect().min, egui::vec2(1.0, 1.0));
    let id = egui::Id::unique("jaga-skip-to-content");
    let response = ui.interact(rect, id, egui::Sense::click());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &text));
    if response.has_focus() {
        widgets::floating_label(ui.ctx(), response.rect.min, &text);
    }
    let f6 = ui.input(|i| i.key_pressed(egui::Key::F6));
    if response.clicked() || f6 {
        out.push(Command::SkipToContent);
    }
}
