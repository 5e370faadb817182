//! A date typed as YYYY-MM-DD, with a calendar beside it to pick one by pointer or keys.
//!
//! The date picker of `egui_extras` writes its month names and buttons in English only, and
//! every text here must read in Indonesian too, so the calendar is drawn here with the
//! window's own words.

use chrono::{Datelike as _, Months, NaiveDate};
use eframe::egui::{self, RichText};

use crate::i18n::{Lang, tr};

/// The label, the typed field and the calendar button; true when the text changed
/// (typed or picked).
pub fn date_field(
    ui: &mut egui::Ui,
    lang: Lang,
    label: &str,
    text: &mut String,
    today: NaiveDate,
    width: f32,
) -> bool {
    let label = ui.label(label);
    let field = ui
        .add(
            egui::TextEdit::singleline(text)
                .hint_text(tr(lang, "filter-date-hint"))
                .desired_width(width),
        )
        .labelled_by(label.id);
    let mut changed = field.changed();
    // A drawn calendar keeps the filter bar on one line; its spoken name is a word.
    let size = egui::vec2(ui.spacing().interact_size.y, ui.spacing().interact_size.y);
    let button = ui
        .add(egui::Button::new("").min_size(size))
        .on_hover_text(tr(lang, "date-pick-hint"));
    calendar_icon(ui, button.rect);
    super::a11y::speak_as(ui.ctx(), &button, &tr(lang, "date-pick"));
    let shown_id = button.id.with("month");
    let typed = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
    if button.clicked() {
        let month = first_of_month(typed.unwrap_or(today));
        ui.ctx().data_mut(|d| d.insert_temp(shown_id, month));
    }
    egui::Popup::from_toggle_button_response(&button)
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
        .show(|ui| {
            let mut month = ui
                .ctx()
                .data(|d| d.get_temp::<NaiveDate>(shown_id))
                .unwrap_or_else(|| first_of_month(typed.unwrap_or(today)));
            if let Some(picked) = calendar(ui, lang, &mut month, typed, today) {
                *text = picked.format("%Y-%m-%d").to_string();
                changed = true;
                egui::Popup::close_all(ui.ctx());
            }
            ui.ctx().data_mut(|d| d.insert_temp(shown_id, month));
        });
    changed
}

/// A small calendar: a page with two rings and a row of days.
fn calendar_icon(ui: &egui::Ui, rect: egui::Rect) {
    let color = ui.visuals().text_color();
    let stroke = egui::Stroke::new(1.5, color);
    let page = egui::Rect::from_center_size(rect.center(), egui::vec2(14.0, 13.0));
    let painter = ui.painter();
    painter.rect_stroke(page, 2.0, stroke, egui::StrokeKind::Middle);
    let band = page.top() + 4.0;
    painter.line_segment(
        [
            egui::pos2(page.left(), band),
            egui::pos2(page.right(), band),
        ],
        stroke,
    );
    for x in [page.left() + 4.0, page.right() - 4.0] {
        painter.line_segment(
            [
                egui::pos2(x, page.top() - 2.0),
                egui::pos2(x, page.top() + 1.5),
            ],
            stroke,
        );
    }
    for (dx, dy) in [
        (3.5, 7.5),
        (7.0, 7.5),
        (10.5, 7.5),
        (3.5, 10.5),
        (7.0, 10.5),
    ] {
        painter.circle_filled(egui::pos2(page.left() + dx, page.top() + dy), 0.9, color);
    }
}

fn first_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// One month as a grid of days, Monday first; returns the day picked.
fn calendar(
    ui: &mut egui::Ui,
    lang: Lang,
    month: &mut NaiveDate,
    selected: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<NaiveDate> {
    ui.horizontal(|ui| {
        let button = ui
            .button("‹")
            .on_hover_text(tr(lang, "date-previous-month"));
        super::a11y::speak_as(ui.ctx(), &button, &tr(lang, "date-previous-month"));
        if button.clicked()
            && let Some(previous) = month.checked_sub_months(Months::new(1))
        {
            *month = previous;
        }
        ui.label(
            RichText::new(format!(
                "{} {}",
                tr(lang, &format!("month-{}", month.month())),
                month.year()
            ))
            .strong(),
        );
        let button = ui.button("›").on_hover_text(tr(lang, "date-next-month"));
        super::a11y::speak_as(ui.ctx(), &button, &tr(lang, "date-next-month"));
        if button.clicked()
            && let Some(next) = month.checked_add_months(Months::new(1))
        {
            *month = next;
        }
    });
    let mut picked = None;
    egui::Grid::new(("jaga-calendar", *month))
        .spacing([2.0, 2.0])
        .show(ui, |ui| {
            for weekday in 1..=7 {
                ui.label(RichText::new(tr(lang, &format!("weekday-short-{weekday}"))).small());
            }
            ui.end_row();
            let lead = month.weekday().num_days_from_monday();
            for _ in 0..lead {
                ui.label("");
            }
            let mut day = *month;
            let mut column = lead;
            while day.month() == month.month() {
                let text = RichText::new(format!("{:>2}", day.day()));
                let text = if day == today { text.underline() } else { text };
                if ui.selectable_label(selected == Some(day), text).clicked() {
                    picked = Some(day);
                }
                column += 1;
                if column == 7 {
                    ui.end_row();
                    column = 0;
                }
                match day.succ_opt() {
                    Some(next) => day = next,
                    None => break,
                }
            }
        });
    picked
}
