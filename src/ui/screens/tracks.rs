//! The learner's home grouped by what they must do: each track assigned to them (to
//! everyone, or to their department) first, with its due date and progress, then the
//! other modules as optional. Pure grouping, drawn by the home screen; a learner without
//! a track gets one section of every module, as before tracks existed.

use crate::i18n::{day, trf};
use crate::ui::state::{AppView, Card};

/// A group of cards on the home screen, with its heading when it has one.
pub struct Section<'a> {
    /// "Jalur Anda: Inti", "Modul pilihan"; `None` for the one section of a learner
    /// without tracks.
    pub title: Option<String>,
    /// The due date and progress, or what optional means.
    pub detail: Option<String>,
    pub cards: Vec<&'a Card>,
}

/// The sections of the home screen for the signed-in learner.
pub fn sections(shared: &AppView) -> Vec<Section<'_>> {
    let lang = shared.lang;
    let code = lang.code();
    let mut assigned: Vec<(&crate::content::Track, chrono::NaiveDate)> = shared
        .course
        .tracks
        .iter()
        .filter_map(|track| {
            shared
                .data
                .tracks
                .iter()
                .find(|(id, _)| *id == track.id)
                .map(|(_, due)| (track, *due))
        })
        .collect();
    assigned.retain(|(track, _)| {
        shared
            .cards
            .iter()
            .any(|c| c.track.as_deref() == Some(&track.id))
    });
    if assigned.is_empty() {
        return vec![Section {
            title: None,
            detail: None,
            cards: shared.cards.iter().collect(),
        }];
    }
    let mut sections = Vec::new();
    for (track, due) in assigned {
        let cards: Vec<&Card> = track
            .modules
            .iter()
            .filter_map(|id| {
                shared
                    .cards
                    .iter()
                    .find(|c| c.module.id == *id && c.track.as_deref() == Some(&track.id))
            })
            .collect();
        let done = cards.iter().filter(|c| c.status.is_complete()).count();
        sections.push(Section {
            title: Some(trf(
                lang,
                "home-track-title",
                &[("track", track.title.get(code).to_owned())],
            )),
            detail: Some(trf(
                lang,
                "home-track-detail",
                &[
                    ("date", day(lang, due)),
                    ("done", done.to_string()),
                    ("total", cards.len().to_string()),
                ],
            )),
            cards,
        });
    }
    let optional: Vec<&Card> = shared
        .cards
        .iter()
        .filter(|c| {
            !sections
                .iter()
                .any(|s| s.cards.iter().any(|other| std::ptr::eq(*other, *c)))
        })
        .collect();
    if !optional.is_empty() {
        sections.push(Section {
            title: Some(crate::i18n::tr(lang, "home-optional-title")),
            detail: Some(crate::i18n::tr(lang, "home-optional-detail")),
            cards: optional,
        });
    }
    sections
}
