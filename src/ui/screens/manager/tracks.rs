//! Tracks: which track of the course each department must finish, and by when.

use eframe::egui;

use crate::i18n::{Lang, day, tr, trf};
use crate::ui::command::Command;
use crate::ui::screens::widgets::{muted, paragraph, title};
use crate::ui::state::manager::{DashboardData, TrackForm};
use crate::ui::theme::{self, Palette};

use super::due_dates::department_choice;
use super::matrix::choose;

pub(super) fn tracks(
    ui: &mut egui::Ui,
    lang: Lang,
    data: &DashboardData,
    form: &mut TrackForm,
    out: &mut Vec<Command>,
) {
    crate::ui::screens::widgets::column(ui, |ui| {
        paragraph(ui, &tr(lang, "tracks-intro"));
        for track in &data.tracks {
            let about = match track.min_pass_mark {
                Some(mark) => trf(
                    lang,
                    "tracks-about-mark",
                    &[
                        ("track", track.title.clone()),
                        ("count", track.modules.to_string()),
                        ("mark", mark.to_string()),
                    ],
                ),
                None => trf(
                    lang,
                    "tracks-about",
                    &[
                        ("track", track.title.clone()),
                        ("count", track.modules.to_string()),
                    ],
                ),
            };
            muted(ui, &about);
        }
        ui.add_space(theme::GAP / 2.0);
        theme::card(ui).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let options: Vec<(String, String)> = data
                .tracks
                .iter()
                .map(|t| (t.id.clone(), t.title.clone()))
                .collect();
            choose(
                ui,
                lang,
                &tr(lang, "tracks-track"),
                &mut form.track,
                &options,
            );
            department_choice(
                ui,
                lang,
                &tr(lang, "tracks-scope"),
                &mut form.department,
                &data.departments,
            );
            let label = ui.label(tr(lang, "tracks-date"));
            ui.add(egui::TextEdit::singleline(&mut form.date).desired_width(140.0))
                .labelled_by(label.id);
            if let Some(error) = &form.error {
                ui.colored_label(Palette::of(ui).danger, error);
            }
            if ui
                .add(theme::primary(ui, tr(lang, "tracks-save")))
                .clicked()
            {
                let parsed = chrono::NaiveDate::parse_from_str(form.date.trim(), "%Y-%m-%d").ok();
                let chosen = form
                    .track
                    .as_ref()
                    .and_then(|id| data.tracks.iter().find(|t| &t.id == id));
                form.error = match (chosen, parsed) {
                    (None, _) => Some(tr(lang, "tracks-pick")),
                    (_, None) => Some(tr(lang, "filter-bad-date")),
                    (Some(track), Some(due)) => {
                        out.push(Command::AssignTrack {
                            track: track.id.clone(),
                            title: track.title.clone(),
                            department: form.department.clone(),
                            date: due,
                        });
                        None
                    }
                };
            }
        });
        ui.add_space(theme::GAP);
        title(ui, &tr(lang, "tracks-current"));
        if data.track_assignments.is_empty() {
            muted(ui, &tr(lang, "tracks-none"));
        }
        for a in &data.track_assignments {
            let name = data
                .tracks
                .iter()
                .find(|t| t.id == a.track_id)
                .map_or_else(|| tr(lang, "tracks-gone"), |t| t.title.clone());
            let scope = a
                .department
                .clone()
                .unwrap_or_else(|| tr(lang, "due-everyone"));
            ui.horizontal(|ui| {
                ui.label(format!("{name} · {scope} · {}", day(lang, a.due_on)));
                if ui.small_button(tr(lang, "due-remove")).clicked() {
                    out.push(Command::UnassignTrack {
                        track: a.track_id.clone(),
                        title: name.clone(),
                        department: a.department.clone(),
                    });
                }
            });
        }
    });
}
