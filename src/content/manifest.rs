//! The course file: `course.ron` beside the modules, grouping them into tracks.
//!
//! Not every employee needs every module: the front office needs the core behaviours,
//! the marketing team also needs consent design. A track is a named list of modules
//! ("Inti" for everyone, "Pemasaran & Produk" for some); a manager assigns tracks to
//! departments with a due date. A track may also set the lowest pass mark its modules may
//! use, the rule that ties pass marks to risk. The file is checked like a module, in two
//! stages, and then against the modules that loaded: every module it names must exist.
//! Without the file every module is in one track, so a folder of modules keeps working.

use std::collections::HashSet;
use std::sync::Arc;

use serde::Deserialize;

use super::diagnostic::{Diagnostic, Severity};
use super::model::{Module, Text, Track};
use super::raw::RawText;
use super::ron_file::read_ron;
use super::source::{Path, SourceMap};
use super::validate::{closest, is_language_code, is_slug};
use crate::i18n::Message;

/// The course file's name, in the content folder beside the modules.
pub const FILE_NAME: &str = "course.ron";

#[derive(Debug, Deserialize)]
#[serde(rename = "Course", deny_unknown_fields)]
pub struct RawManifest {
    pub languages: Vec<String>,
    pub tracks: Vec<RawTrack>,
}

#[derive(Debug, Deserialize)]
#[serde(rename = "Track", deny_unknown_fields)]
pub struct RawTrack {
    pub id: String,
    pub title: RawText,
    #[serde(default)]
    pub summary: Option<RawText>,
    #[serde(default)]
    pub min_pass_mark: Option<i64>,
    pub modules: Vec<String>,
}

/// Parses the course file and checks it against the modules that loaded: the tracks when
/// there is no error, and every diagnostic.
pub fn parse(
    label: &str,
    bytes: &[u8],
    modules: &[Arc<Module>],
) -> (Option<Vec<Track>>, Vec<Diagnostic>) {
    match read_ron::<RawManifest>(label, bytes) {
        Ok((raw, text)) => check(label, text, &raw, modules),
        Err(diagnostic) => (None, vec![*diagnostic]),
    }
}

struct Checker<'a> {
    file: &'a str,
    text: &'a str,
    map: SourceMap,
    languages: &'a [String],
    diagnostics: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn report(&mut self, severity: Severity, path: &Path, message: Message) {
        let span = self.map.locate(self.text, path);
        self.diagnostics.push(Diagnostic::worded(
            severity, self.file, self.text, span, message,
        ));
    }

    fn text(&mut self, path: &Path, raw: &RawText) -> Text {
        for lang in self.languages {
            match raw.get(lang) {
                None => self.report(
                    Severity::Error,
                    path,
                    Message::new("course-missing-translation").with("lang", lang.as_str()),
                ),
                Some(value) if value.trim().is_empty() => self.report(
                    Severity::Error,
                    &path.key(lang),
                    Message::new("course-empty-text").with("lang", lang.as_str()),
                ),
                Some(_) => {}
            }
        }
        for lang in raw.keys() {
            if !self.languages.contains(lang) {
                self.report(
                    Severity::Warning,
                    &path.key(lang),
                    Message::new("course-undeclared-language").with("lang", lang.as_str()),
                );
            }
        }
        Text(raw.clone())
    }
}

/// The second stage: languages, tracks (ids, texts, pass marks) and the modules they
/// name, against the modules of the course.
pub fn check(
    label: &str,
    text: &str,
    raw: &RawManifest,
    modules: &[Arc<Module>],
) -> (Option<Vec<Track>>, Vec<Diagnostic>) {
    let mut checker = Checker {
        file: label,
        text,
        map: SourceMap::build(text),
        languages: &raw.languages,
        diagnostics: Vec::new(),
    };
    let root = Path::root();
    if raw.languages.is_empty() {
        checker.report(
            Severity::Error,
            &root.field("languages"),
            Message::new("course-no-languages"),
        );
    }
    let mut languages = HashSet::new();
    for (i, lang) in raw.languages.iter().enumerate() {
        if !is_language_code(lang) || !languages.insert(lang) {
            checker.report(
                Severity::Error,
                &root.field("languages").index(i),
                Message::new("course-bad-language").with("code", lang.as_str()),
            );
        }
    }
    if raw.tracks.is_empty() {
        checker.report(
            Severity::Error,
            &root.field("tracks"),
            Message::new("course-no-tracks"),
        );
    }
    let known: Vec<&str> = modules.iter().map(|m| m.id.as_str()).collect();
    let mut track_ids = HashSet::new();
    let mut placed = HashSet::new();
    let mut tracks = Vec::new();
    for (i, track) in raw.tracks.iter().enumerate() {
        let path = root.field("tracks").index(i);
        if !is_slug(&track.id) {
            checker.report(
                Severity::Error,
                &path.field("id"),
                Message::new("course-track-id").with("id", track.id.as_str()),
            );
        } else if !track_ids.insert(track.id.as_str()) {
            checker.report(
                Severity::Error,
                &path.field("id"),
                Message::new("course-track-twice").with("id", track.id.as_str()),
            );
        }
        let title = checker.text(&path.field("title"), &track.title);
        let summary = track
            .summary
            .as_ref()
            .map(|s| checker.text(&path.field("summary"), s));
        let min_pass_mark = track.min_pass_mark.and_then(|mark| {
            let valid = u8::try_from(mark).ok().filter(|m| *m <= 100);
            if valid.is_none() {
                checker.report(
                    Severity::Error,
                    &path.field("min_pass_mark"),
                    Message::new("course-pass-mark-range").with("mark", mark.to_string()),
                );
            }
            valid
        });
        if track.modules.is_empty() {
            checker.report(
                Severity::Error,
                &path.field("modules"),
                Message::new("course-track-empty").with("id", track.id.as_str()),
            );
        }
        let mut in_track = HashSet::new();
        for (j, id) in track.modules.iter().enumerate() {
            let at = path.field("modules").index(j);
            let Some(module) = modules.iter().find(|m| &m.id == id) else {
                let message = match closest(id, known.iter().copied()) {
                    Some(near) => Message::new("course-unknown-module-near")
                        .with("id", id.as_str())
                        .with("near", near),
                    None => Message::new("course-unknown-module").with("id", id.as_str()),
                };
                checker.report(Severity::Error, &at, message);
                continue;
            };
            if !in_track.insert(id.as_str()) {
                checker.report(
                    Severity::Error,
                    &at,
                    Message::new("course-module-twice").with("id", id.as_str()),
                );
            }
            placed.insert(id.as_str());
            if let Some(min) = min_pass_mark
                && module.assessment.pass_mark < min
            {
                checker.report(
                    Severity::Warning,
                    &at,
                    Message::new("course-pass-mark-below")
                        .with("id", id.as_str())
                        .with("mark", u64::from(module.assessment.pass_mark))
                        .with("min", u64::from(min)),
                );
            }
        }
        tracks.push(Track {
            id: track.id.clone(),
            title,
            summary,
            min_pass_mark,
            modules: track.modules.clone(),
        });
    }
    for module in modules {
        if !placed.contains(module.id.as_str()) {
            checker.report(
                Severity::Warning,
                &root.field("tracks"),
                Message::new("course-module-in-no-track").with("id", module.id.as_str()),
            );
        }
    }
    for (key, span) in checker.map.duplicate_keys() {
        checker.diagnostics.push(Diagnostic::worded(
            Severity::Error,
            label,
            text,
            span,
            Message::new("course-key-twice").with("key", key),
        ));
    }
    let mut diagnostics = checker.diagnostics;
    diagnostics.sort_by_key(|d| (d.line, d.column));
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    (if failed { None } else { Some(tracks) }, diagnostics)
}
