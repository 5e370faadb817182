//! The screens. Each draws from the shared state and its own state, edits only its own
//! fields, and pushes [`Command`]s for anything else.

pub mod a11y;
mod author;
mod date_field;
mod home;
mod lessons;
mod manager;
mod my_data;
mod practice;
mod profiles;
mod quiz;
mod refresher;
mod result;
mod sign_in;
mod top_bar;
mod tracks;
mod welcome;
mod widgets;

use eframe::egui::{self, Align, Layout, RichText};

use super::theme::{self, Palette};
use crate::i18n::tr;
use crate::ui::command::Command;
use crate::ui::state::{AppView, Notice, Screen};

/// The bar at the top: see [`top_bar`].
pub fn top_bar(ui: &mut egui::Ui, shared: &AppView, screen: &Screen, out: &mut Vec<Command>) {
    top_bar::show(ui, shared, screen, out);
}

/// Messages for the user, each with a way to dismiss it.
pub fn notices(ui: &mut egui::Ui, shared: &AppView, notices: &[Notice], out: &mut Vec<Command>) {
    let palette = Palette::of(ui);
    widgets::column(ui, |ui| {
        for (i, notice) in notices.iter().enumerate() {
            let (fg, bg) = if notice.error {
                (palette.danger, palette.danger_bg)
            } else {
                (palette.info, palette.info_bg)
            };
            theme::tinted(fg, bg).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    ui.add(
                        egui::Label::new(RichText::new(shared.words(&notice.message)).color(fg))
                            .wrap(),
                    );
                    ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                        if ui
                            .small_button(tr(shared.lang, "close"))
                            .on_hover_text(tr(shared.lang, "dismiss"))
                            .clicked()
                        {
                            out.push(Command::DismissNotice(i));
                        }
                    });
                });
            });
        }
    });
}

/// Which page is on screen: a new page starts scrolled to the top.
fn page_key(screen: &Screen) -> (u8, usize) {
    match screen {
        Screen::Loading => (0, 0),
        Screen::Failed(_) => (1, 0),
        Screen::Welcome => (2, 0),
        Screen::Profiles { .. } => (3, 0),
        Screen::Home => (4, 0),
        Screen::Lessons { index, .. } => (5, *index),
        Screen::Quiz(quiz) => (
            6,
            quiz.session.index().map_or(usize::MAX, |i| {
                i + quiz.refresher.as_ref().map_or(0, |r| r.before)
            }),
        ),
        Screen::RefresherDone(_) => (15, 0),
        Screen::Result { .. } => (7, 0),
        Screen::MyData(_) => (8, 0),
        Screen::Manager(_) => (9, 0),
        Screen::Author(_) => (10, 0),
        Screen::AuthorOpen { .. } => (11, 0),
        Screen::SignIn(_) => (12, 0),
        Screen::Notice => (13, 0),
        Screen::SetPin { .. } => (14, 0),
    }
}

/// Draws the current screen.
pub fn screen(ui: &mut egui::Ui, shared: &AppView, screen: &mut Screen, out: &mut Vec<Command>) {
    let key = page_key(screen);
    let memory = egui::Id::unique("jaga-page");
    let changed = ui.data(|d| d.get_temp::<(u8, usize)>(memory)) != Some(key);
    ui.data_mut(|d| d.insert_temp(memory, key));
    if changed {
        // A new page (or question) is read from its heading.
        a11y::focus_next_heading(ui.ctx());
    }
    if let Screen::Author(state) = screen {
        // The author panels scroll inside, so maps can scroll both ways.
        full_width(ui, |ui| author::show(ui, shared, state, out));
        return;
    }
    if let Screen::Manager(state) = screen {
        // The manager area scrolls inside: its matrix is a table of its own.
        full_width(ui, |ui| manager::show(ui, shared, state, out));
        return;
    }
    let mut area = egui::ScrollArea::vertical().auto_shrink([false, false]);
    if changed {
        area = area.vertical_scroll_offset(0.0);
    }
    area.show(ui, |ui| {
        a11y::keyboard_scroll(ui);
        let width = match screen {
            Screen::Home => theme::GRID_WIDTH,
            _ => theme::READING_WIDTH,
        };
        widgets::column_of(ui, width, |ui| match screen {
            Screen::Loading => {
                ui.add_space(theme::GAP_LARGE * 2.0);
                ui.vertical_centered(|ui| {
                    ui.spinner();
                    ui.label(tr(shared.lang, "loading"));
                });
            }
            Screen::Failed(message) => {
                let palette = Palette::of(ui);
                ui.add_space(theme::GAP_LARGE);
                theme::tinted(palette.danger, palette.danger_bg).show(ui, |ui| {
                    ui.label(RichText::new(shared.words(message)).color(palette.danger));
                });
            }
            Screen::Welcome => welcome::show(ui, shared, out),
            Screen::Profiles { creating, form } => {
                profiles::show(ui, shared, creating, form, out);
            }
            Screen::SignIn(state) => sign_in::sign_in(ui, shared, state, out),
            Screen::Notice => sign_in::notice(ui, shared, out),
            Screen::SetPin { form, required } => {
                sign_in::set_pin(ui, shared, form, *required, out);
            }
            Screen::Home => home::show(ui, shared, out),
            Screen::Lessons { module, index } => lessons::show(ui, shared, module, index, out),
            Screen::Quiz(quiz) => quiz::show(ui, shared, quiz, out),
            Screen::Result {
                module,
                review,
                certificate_path,
            } => result::show(ui, shared, module, review, certificate_path, out),
            Screen::MyData(state) => my_data::show(ui, shared, state, out),
            Screen::RefresherDone(run) => refresher::done(ui, shared, run, out),
            Screen::Manager(_) | Screen::Author(_) => {}
            Screen::AuthorOpen { path } => author::open_form(ui, shared, path, out),
        });
        a11y::follow_focus(ui);
    });
}

/// The whole width and height of the window, with a small margin: for screens that
/// scroll parts of themselves.
fn full_width(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui)) {
    egui::Frame::new()
        .inner_margin(egui::Margin::symmetric(12, 0))
        .show(ui, add);
}
