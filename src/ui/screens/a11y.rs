//! What makes the window usable without a mouse and without sight: headings a screen
//! reader can jump between, feedback it announces (live regions), the keyboard focus moved
//! where the person's attention goes, pages that scroll with the keyboard and follow the
//! focus, and answer choices that are whole-row targets.
//!
//! egui gives every widget a node in the AccessKit tree; these helpers set what egui does
//! not: the heading role and level, the live property, spoken names for marks.

use eframe::egui::{self, Key, RichText};

use crate::ui::theme::{self, Palette};

/// Set when the next page heading should take the keyboard focus: a new page, a new
/// question, or "skip to content".
fn focus_heading_id() -> egui::Id {
    egui::Id::unique("jaga-focus-heading")
}

/// Set when the next [`feedback_label`] should take the focus (after Submit).
fn focus_feedback_id() -> egui::Id {
    egui::Id::unique("jaga-focus-feedback")
}

/// Asks the next [`feedback_label`] drawn to take the keyboard focus.
pub fn focus_next_feedback(ctx: &egui::Context) {
    ctx.data_mut(|d| d.insert_temp(focus_feedback_id(), true));
}

/// Controls that hold the focus without acting on Enter (headings, feedback, choices):
/// while one of them has the focus, Enter is the page's main action.
fn passive_ids() -> egui::Id {
    egui::Id::unique("jaga-passive-focus")
}

fn register_passive(ctx: &egui::Context, id: egui::Id) {
    ctx.data_mut(|d| {
        let ids = d.get_temp_mut_or_default::<Vec<egui::Id>>(passive_ids());
        if !ids.contains(&id) {
            ids.push(id);
        }
    });
}

/// Forgets the last frame's passive controls: call before drawing a frame.
pub fn begin_frame(ctx: &egui::Context) {
    ctx.data_mut(|d| d.remove::<Vec<egui::Id>>(passive_ids()));
}

/// Enter was pressed and no button has the focus (a focused button takes Enter itself):
/// the page's main action (submit, next) should run.
pub fn enter_for_page(ui: &egui::Ui) -> bool {
    if !ui.input(|i| i.key_pressed(Key::Enter)) {
        return false;
    }
    match ui.memory(egui::Memory::focused) {
        None => true,
        Some(id) => ui.ctx().data(|d| {
            d.get_temp::<Vec<egui::Id>>(passive_ids())
                .is_some_and(|ids| ids.contains(&id))
        }),
    }
}

/// Asks the next [`heading`] drawn to take the keyboard focus.
pub fn focus_next_heading(ctx: &egui::Context) {
    ctx.data_mut(|d| d.insert_temp(focus_heading_id(), true));
}

fn take_focus_request(ctx: &egui::Context, key: egui::Id) -> bool {
    ctx.data_mut(|d| d.remove_temp::<bool>(key).unwrap_or(false))
}

/// Gives a node the heading role at `level` (1 for the page, 2 for sections), named by
/// its text (a label keeps its text as a value; a heading is read by its name).
pub fn mark_heading(ctx: &egui::Context, response: &egui::Response, level: usize, text: &str) {
    ctx.accesskit_node_builder(response.id, |node| {
        node.set_role(egui::accesskit::Role::Heading);
        node.set_level(level);
        node.set_label(text.to_owned());
    });
}

/// Makes a node a live region: a screen reader says its text when it appears or changes,
/// without the focus moving.
pub fn announce(ctx: &egui::Context, response: &egui::Response, urgent: bool) {
    ctx.accesskit_node_builder(response.id, |node| {
        node.set_live(if urgent {
            egui::accesskit::Live::Assertive
        } else {
            egui::accesskit::Live::Polite
        });
    });
}

/// Replaces what a screen reader says for a node (a mark "✔" is read "right").
pub fn speak_as(ctx: &egui::Context, response: &egui::Response, words: &str) {
    ctx.accesskit_node_builder(response.id, |node| {
        // A label's text is its value; other roles are read by their name.
        if node.role() == egui::accesskit::Role::Label {
            node.set_value(words.to_owned());
        }
        node.set_label(words.to_owned());
    });
}

/// A line of parts joined by " · " on screen, read with commas: a separator glyph is
/// noise to a screen reader.
pub fn spoken_list(shown: &str) -> String {
    shown.replace(" · ", ", ")
}

/// A button whose " · "-separated label is read with commas.
pub fn list_button(ui: &mut egui::Ui, label: &str) -> egui::Response {
    let response = ui.button(label);
    speak_as(ui.ctx(), &response, &spoken_list(label));
    response
}

/// A small dot between facts on one line ("5 minutes · 2 questions"): painted, so a
/// screen reader reads the facts and not the dot.
pub fn dot_separator(ui: &mut egui::Ui) {
    let size = ui.text_style_height(&egui::TextStyle::Body);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(size * 0.5, size), egui::Sense::hover());
    let color = Palette::of(ui).text_muted;
    ui.painter().circle_filled(rect.center(), 2.0, color);
}

/// A bullet painted before a list item: no node, so a screen reader does not say it.
pub fn bullet(ui: &mut egui::Ui) {
    let size = ui.text_style_height(&egui::TextStyle::Body);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(size * 0.6, size), egui::Sense::hover());
    let color = Palette::of(ui).accent;
    ui.painter().circle_filled(rect.center(), 3.0, color);
}

/// The page's heading (level 1). It can hold the keyboard focus, so a new page or question
/// is read out from its heading and Tab continues into the page.
pub fn heading(ui: &mut egui::Ui, text: &str) -> egui::Response {
    // Painted here rather than by a Label, which underlines a focused label like a link.
    let galley = egui::WidgetText::from(RichText::new(text).heading()).into_galley(
        ui,
        Some(egui::TextWrapMode::Wrap),
        ui.available_width(),
        egui::TextStyle::Heading,
    );
    let (rect, response) =
        ui.allocate_exact_size(galley.size(), egui::Sense::focusable_noninteractive());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, text));
    if ui.is_rect_visible(rect) {
        let color = ui.visuals().text_color();
        ui.painter().galley(rect.min, galley, color);
    }
    mark_heading(ui.ctx(), &response, 1, text);
    register_passive(ui.ctx(), response.id);
    if take_focus_request(ui.ctx(), focus_heading_id()) {
        response.request_focus();
    }
    response
}

/// The page's heading with a longer spoken name (a question read with its number).
pub fn heading_spoken(ui: &mut egui::Ui, text: &str, spoken: &str) -> egui::Response {
    let response = heading(ui, text);
    speak_as(ui.ctx(), &response, spoken);
    response
}

/// A section title (heading level 2).
pub fn title(ui: &mut egui::Ui, text: &str) -> egui::Response {
    let response =
        ui.add(egui::Label::new(RichText::new(text).text_style(theme::title_style())).wrap());
    mark_heading(ui.ctx(), &response, 2, text);
    response
}

/// Text that appears as the result of an action (feedback, an error): announced by a
/// screen reader, and able to hold the focus so the person lands on it.
pub fn feedback_label(ui: &mut egui::Ui, text: RichText, urgent: bool) -> egui::Response {
    let response = ui.add(
        egui::Label::new(text)
            .wrap()
            .sense(egui::Sense::focusable_noninteractive()),
    );
    announce(ui.ctx(), &response, urgent);
    register_passive(ui.ctx(), response.id);
    if take_focus_request(ui.ctx(), focus_feedback_id()) {
        response.request_focus();
    }
    response
}

/// Gives `response` the keyboard focus when it appears (it was not drawn the pass
/// before): the first field of a form, ready for typing.
pub fn focus_on_appear(ui: &egui::Ui, response: &egui::Response) {
    let key = response.id.with("jaga-last-drawn");
    let pass = ui.ctx().cumulative_pass_nr();
    let last = ui.ctx().data(|d| d.get_temp::<u64>(key));
    ui.ctx().data_mut(|d| d.insert_temp(key, pass));
    if last.is_none_or(|last| pass > last + 1) {
        response.request_focus();
    }
}

/// A line reserved for a form's error, drawn even when empty so the buttons below never
/// move under the pointer when an error appears.
pub fn error_line(ui: &mut egui::Ui, error: Option<&str>) {
    let color = Palette::of(ui).danger;
    match error {
        Some(error) => {
            let response = ui.add(egui::Label::new(RichText::new(error).color(color)).wrap());
            announce(ui.ctx(), &response, true);
        }
        None => {
            let height = ui.text_style_height(&egui::TextStyle::Body);
            ui.allocate_space(egui::vec2(1.0, height));
        }
    }
}

/// A text painted over everything at `pos`, like a button: the skip link when focused.
pub fn floating_label(ctx: &egui::Context, pos: egui::Pos2, text: &str) {
    let palette = Palette::of_ctx(ctx);
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Tooltip,
        egui::Id::unique("jaga-floating-label"),
    ));
    let galley = painter.layout_no_wrap(
        text.to_owned(),
        egui::FontId::proportional(16.0),
        palette.on_accent,
    );
    let rect = egui::Rect::from_min_size(pos, galley.size()).expand2(egui::vec2(12.0, 6.0));
    let rect = rect.translate(egui::vec2(12.0, 6.0));
    painter.rect_filled(
        rect,
        egui::CornerRadius::same(theme::RADIUS),
        palette.accent,
    );
    painter.galley(rect.min + egui::vec2(12.0, 6.0), galley, palette.on_accent);
    theme::focus_ring(ctx, rect);
}

/// Keys that scroll a page: PageUp/PageDown and Home/End whenever no text field has the
/// keyboard, and the arrows and Space too when no control has the focus (a focused
/// control uses them itself). Call inside the page's scroll area.
pub fn keyboard_scroll(ui: &egui::Ui) {
    let page = ui.clip_rect().height() * 0.9;
    let line = 40.0;
    let typing = ui.ctx().text_edit_focused();
    let free = ui.memory(|m| m.focused().is_none());
    let delta = ui.input(|i| {
        let mut delta = 0.0;
        if typing {
            return delta;
        }
        if i.key_pressed(Key::PageDown) {
            delta -= page;
        }
        if i.key_pressed(Key::PageUp) {
            delta += page;
        }
        if i.key_pressed(Key::End) {
            delta -= 1.0e7;
        }
        if i.key_pressed(Key::Home) {
            delta += 1.0e7;
        }
        if free {
            if i.key_pressed(Key::ArrowDown) {
                delta -= line;
            }
            if i.key_pressed(Key::ArrowUp) {
                delta += line;
            }
            if i.key_pressed(Key::Space) {
                delta -= if i.modifiers.shift { -page } else { page };
            }
        }
        delta
    });
    if delta != 0.0 {
        ui.scroll_with_delta_animation(
            egui::vec2(0.0, delta),
            egui::style::ScrollAnimation::none(),
        );
    }
}

/// Scrolls the page so a control that just took the keyboard focus is in view. Call at
/// the end of the page's scroll area.
pub fn follow_focus(ui: &egui::Ui) {
    let memory = egui::Id::unique("jaga-followed-focus");
    let focused = ui.memory(egui::Memory::focused);
    let before = ui
        .ctx()
        .data(|d| d.get_temp::<Option<egui::Id>>(memory))
        .flatten();
    if focused == before {
        return;
    }
    ui.ctx().data_mut(|d| d.insert_temp(memory, focused));
    // Only a control on this page (not in the top bar), and only when it is not in view.
    if let Some(response) = focused.and_then(|id| ui.ctx().read_response(id))
        && ui.min_rect().contains_rect(response.rect)
        && !ui.clip_rect().contains_rect(response.rect)
    {
        ui.scroll_to_rect(response.rect.expand(12.0), None);
    }
}

/// One answer choice as a whole row: the marker (a radio dot or a check box) aligned with
/// the first line, the text wrapping beside it, the whole row clickable and at least 36 px
/// high. Read by a screen reader as a radio button or check box with its state. Space or a
/// click toggles it; Enter is left to the page (submit). Returns whether it was toggled.
pub fn choice_row(
    ui: &mut egui::Ui,
    text: &str,
    selected: bool,
    multiple: bool,
    enabled: bool,
) -> bool {
    let palette = Palette::of(ui);
    let width = ui.available_width();
    let marker = 20.0;
    let pad = egui::vec2(12.0, 8.0);
    let text_width = (width - marker - 3.0 * pad.x).max(40.0);
    let galley = ui.painter().layout(
        text.to_owned(),
        egui::FontId::proportional(16.0),
        palette.text,
        text_width,
    );
    let height = (galley.size().y + 2.0 * pad.y).max(36.0);
    let (rect, response) = ui.allocate_exact_size(
        egui::vec2(width, height),
        if enabled {
            egui::Sense::click()
        } else {
            egui::Sense::hover()
        },
    );
    register_passive(ui.ctx(), response.id);
    let kind = if multiple {
        egui::Role::CheckBox
    } else {
        egui::Role::RadioButton
    };
    response.widget_info(|| egui::WidgetInfo::selected(kind, enabled, selected, text));
    if ui.is_rect_visible(rect) {
        let (fill, stroke) = if selected {
            (palette.accent.gamma_multiply(0.16), palette.accent)
        } else if response.hovered() && enabled {
            (palette.accent.gamma_multiply(0.08), palette.accent)
        } else {
            (palette.surface, palette.border)
        };
        let painter = ui.painter();
        painter.rect(
            rect,
            egui::CornerRadius::same(theme::RADIUS),
            fill,
            egui::Stroke::new(if selected { 2.0 } else { 1.0 }, stroke),
            egui::StrokeKind::Inside,
        );
        // The marker sits on the first line of the text.
        let first_line = galley.rows.first().map_or(16.0, |row| row.rect().height());
        let center = egui::pos2(
            rect.min.x + pad.x + marker / 2.0,
            rect.min.y + pad.y + first_line / 2.0,
        );
        let mark_color = if enabled {
            palette.accent
        } else {
            palette.text_muted
        };
        if multiple {
            let square =
                egui::Rect::from_center_size(center, egui::vec2(marker - 2.0, marker - 2.0));
            painter.rect(
                square,
                egui::CornerRadius::same(3),
                if selected {
                    mark_color
                } else {
                    palette.surface
                },
                egui::Stroke::new(2.0, mark_color),
                egui::StrokeKind::Inside,
            );
            if selected {
                let tick = [
                    square.left_center() + egui::vec2(3.0, 0.0),
                    egui::pos2(square.center().x - 1.0, square.bottom() - 4.0),
                    square.right_top() + egui::vec2(-3.0, 4.0),
                ];
                painter.line(tick.to_vec(), egui::Stroke::new(2.5, palette.on_accent));
            }
        } else {
            painter.circle(
                center,
                marker / 2.0 - 1.0,
                palette.surface,
                egui::Stroke::new(2.0, mark_color),
            );
            if selected {
                painter.circle_filled(center, marker / 2.0 - 5.0, mark_color);
            }
        }
        let text_pos = egui::pos2(rect.min.x + 2.0 * pad.x + marker, rect.min.y + pad.y);
        let color = if enabled {
            palette.text
        } else {
            palette.text_muted
        };
        painter.galley(text_pos, galley, color);
    }
    response.clicked() && !ui.input(|i| i.key_pressed(Key::Enter))
}
