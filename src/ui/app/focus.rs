//! The keyboard's side of the window: whether the person is using it (then the focus ring
//! is drawn), "skip to content", and the zoom level, remembered between runs.

use eframe::egui::{self, Event, Key};

use super::App;
use crate::store::keys;
use crate::ui::screens::a11y;
use crate::ui::theme;
use crate::ui::worker::Job;

/// How the person is moving around the window.
#[derive(Debug, Default)]
pub(super) struct Keyboard {
    /// The person is using the keyboard (Tab, arrows): the focus ring is drawn.
    mode: bool,
    /// "Skip to content" was chosen: the page heading takes the focus next frame.
    pub(super) skip_to_content: bool,
}

impl App {
    /// Before the frame is drawn: notes keyboard or pointer use, and carries out "skip to
    /// content" (the page heading takes the focus).
    pub(super) fn keyboard_frame(&mut self, ctx: &egui::Context) {
        a11y::begin_frame(ctx);
        let (keys_used, pointer_used) = ctx.input(|i| {
            let keys = i.events.iter().any(|e| {
                matches!(
                    e,
                    Event::Key {
                        key: Key::Tab
                            | Key::ArrowUp
                            | Key::ArrowDown
                            | Key::ArrowLeft
                            | Key::ArrowRight
                            | Key::F6,
                        pressed: true,
                        ..
                    }
                )
            });
            (keys, i.pointer.any_pressed())
        });
        if keys_used {
            self.keyboard.mode = true;
        }
        if pointer_used {
            self.keyboard.mode = false;
        }
        if std::mem::take(&mut self.keyboard.skip_to_content) {
            self.keyboard.mode = true;
            a11y::focus_next_heading(ctx);
        }
    }

    /// After the frame is drawn: the focus ring around the focused control (keyboard use
    /// only), and the zoom saved when it changed.
    pub(super) fn after_frame(&mut self, ctx: &egui::Context) {
        if self.keyboard.mode
            && let Some(id) = ctx.memory(egui::Memory::focused)
            && let Some(response) = ctx.read_response(id)
        {
            let rect = response.interact_rect;
            if rect.width() >= 4.0 && rect.height() >= 4.0 {
                theme::focus_ring(ctx, rect);
            }
        }
        let zoom = ctx.zoom_factor();
        if (zoom - self.zoom_saved).abs() > 0.001 {
            self.zoom_saved = zoom;
            self.worker.send(Job::SetSetting {
                key: keys::ZOOM,
                value: format!("{zoom:.2}"),
            });
        }
    }
}
