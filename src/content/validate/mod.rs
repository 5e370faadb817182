//! Turns a parsed module file into a checked [`Module`], reporting every problem at once.
//!
//! Authors fix content in rounds: an editor that stops at the first problem makes them
//! save and reload once per mistake. So the checker walks the whole module, records each
//! problem with the path of the item it is about, and only at the end decides whether a
//! usable module came out (no errors) or not. Paths are turned into `line:col` through the
//! file's [`SourceMap`].
//!
//! The checks live beside this file by what they look at: `lessons`, `assessment` and
//! `scenario` add methods to the one `Checker`, and `rules` holds the small pure rules
//! (ids, language codes, image paths, name suggestions) that other code reuses. The
//! lints on how items are written (`giveaway`) and on the course's house terms
//! (`glossary`, applied once the course's glossary is read) word their warnings through
//! Fluent.

mod assessment;
pub mod giveaway;
pub mod glossary;
mod kinds;
mod lessons;
mod rules;
mod scenario;

use std::collections::{BTreeMap, HashMap, HashSet};

use super::diagnostic::{Diagnostic, ItemRef, Severity};
use super::model::{Band, Block, Lesson, Module, Revision, Text, Validity};
use super::raw::{RawModule, RawText};
use super::source::{Path, SourceMap};
use crate::i18n::Message;

pub(crate) use rules::closest;
pub(crate) use rules::did_you_mean;
use rules::is_item_id;
pub(crate) use rules::is_language_code;
pub use rules::{IMAGE_EXTENSIONS, ImageProblem, check_image_path, is_slug};

/// Answers whether an image path names a file in the course's assets.
pub trait AssetLookup {
    /// `Ok(())` when `path` (relative, under `assets/`) names an existing file inside the
    /// assets folder; otherwise why it does not.
    fn check(&self, path: &str) -> Result<(), ImageProblem>;
}

/// Checks one module. Returns the module when there is no error, and every diagnostic.
pub fn check_module(
    file: &str,
    text: &str,
    bytes: &[u8],
    raw: &RawModule,
    assets: &dyn AssetLookup,
) -> (Option<Module>, Vec<Diagnostic>) {
    let mut checker = Checker {
        file,
        text,
        map: SourceMap::build(text),
        diagnostics: Vec::new(),
        languages: Vec::new(),
        lessons: Vec::new(),
        item: ItemRef::default(),
    };
    let module = checker.module(raw, bytes, assets);
    for (key, span) in checker.map.duplicate_keys() {
        let message = Message::new("diag-duplicate-key").with("key", key);
        checker
            .diagnostics
            .push(Diagnostic::at(Severity::Error, file, text, span, message));
    }
    let Checker { diagnostics, .. } = checker;
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    (if failed { None } else { Some(module) }, diagnostics)
}

struct Checker<'a> {
    file: &'a str,
    text: &'a str,
    map: SourceMap,
    diagnostics: Vec<Diagnostic>,
    languages: Vec<String>,
    /// The ids of the module's lessons, which a question's `teaches` names.
    lessons: Vec<String>,
    /// The item being checked, attached to each diagnostic for jumping to a preview.
    item: ItemRef,
}

impl Checker<'_> {
    fn report(&mut self, severity: Severity, path: &Path, message: Message) {
        let span = self.map.locate(self.text, path);
        let diagnostic = Diagnostic::at(severity, self.file, self.text, span, message)
            .with_item(self.item.clone());
        self.diagnostics.push(diagnostic);
    }

    /// A problem worded through Fluent, in the reader's language where it is shown.
    fn lint(&mut self, severity: Severity, path: &Path, message: Message) {
        let span = self.map.locate(self.text, path);
        let diagnostic = Diagnostic::worded(severity, self.file, self.text, span, message)
            .with_item(self.item.clone());
        self.diagnostics.push(diagnostic);
    }

    fn error(&mut self, path: &Path, message: Message) {
        self.report(Severity::Error, path, message);
    }

    fn warning(&mut self, path: &Path, message: Message) {
        self.report(Severity::Warning, path, message);
    }

    fn module(&mut self, raw: &RawModule, bytes: &[u8], assets: &dyn AssetLookup) -> Module {
        let root = Path::root();
        self.item.module = Some(raw.id.clone());
        if !is_slug(&raw.id) {
            self.error(
                &root.field("id"),
                Message::new("diag-module-id-not-slug").with("id", raw.id.as_str()),
            );
        }
        self.languages(raw, &root);

        let title = self.text(&root.field("title"), &raw.title, "what-module-title");
        let summary = self.text(&root.field("summary"), &raw.summary, "what-module-summary");
        if raw.minutes == 0 {
            self.warning(&root.field("minutes"), Message::new("diag-minutes-zero"));
        }
        for (i, tag) in raw.tags.iter().enumerate() {
            if tag.trim().is_empty() {
                self.error(&root.field("tags").index(i), Message::new("diag-tag-empty"));
            }
        }
        let validity = self.validity(raw, &root);

        let mut lesson_ids = HashMap::new();
        let lessons: Vec<Lesson> = raw
            .lessons
            .iter()
            .enumerate()
            .map(|(i, lesson)| {
                let path = root.field("lessons").index(i);
                self.unique_id(&mut lesson_ids, &lesson.id, &path, "what-lesson");
                self.lesson(lesson, &path, assets)
            })
            .collect();
        self.item.lesson = None;
        if raw.lessons.is_empty() {
            self.warning(&root.field("lessons"), Message::new("diag-no-lessons"));
        } else if !lessons
            .iter()
            .flat_map(|l| &l.blocks)
            .any(|b| matches!(b, Block::Takeaways(_)))
        {
            self.warning(&root.field("lessons"), Message::new("diag-no-takeaways"));
        }

        self.lessons = raw.lessons.iter().map(|l| l.id.clone()).collect();
        let assessment = self.assessment(&raw.assessment, &root.field("assessment"));
        self.giveaways(raw);
        let bands = self.bands(raw, &root);

        Module {
            id: raw.id.clone(),
            languages: self.languages.clone(),
            title,
            summary,
            minutes: raw.minutes,
            tags: raw.tags.clone(),
            validity,
            lessons,
            assessment,
            bands,
            revision: Revision::of(bytes),
            file: self.file.to_owned(),
        }
    }

    fn languages(&mut self, raw: &RawModule, root: &Path) {
        let path = root.field("languages");
        if raw.languages.is_empty() {
            self.error(&path, Message::new("diag-no-languages"));
        }
        let mut seen = HashSet::new();
        for (i, lang) in raw.languages.iter().enumerate() {
            if !is_language_code(lang) {
                self.error(
                    &path.index(i),
                    Message::new("diag-bad-language-code").with("lang", lang.as_str()),
                );
            } else if !seen.insert(lang.as_str()) {
                self.error(
                    &path.index(i),
                    Message::new("diag-language-twice").with("lang", lang.as_str()),
                );
            }
        }
        self.languages.clone_from(&raw.languages);
    }

    fn validity(&mut self, raw: &RawModule, root: &Path) -> Option<Validity> {
        match (raw.valid_for_days, raw.warn_days_before) {
            (None, None) => None,
            (None, Some(_)) => {
                self.warning(
                    &root.field("warn_days_before"),
                    Message::new("diag-warn-days-without-validity"),
                );
                None
            }
            (Some(0), _) => {
                self.error(
                    &root.field("valid_for_days"),
                    Message::new("diag-validity-zero"),
                );
                None
            }
            (Some(days), warn) => {
                let warn_days_before = warn.unwrap_or_else(|| (days / 2).min(30));
                if warn_days_before >= days {
                    self.warning(
                        &root.field("warn_days_before"),
                        Message::new("diag-warn-days-too-large")
                            .with("warn", warn_days_before)
                            .with("days", days),
                    );
                }
                Some(Validity {
                    valid_for_days: days,
                    warn_days_before,
                })
            }
        }
    }

    /// Checks a learner-visible text: every declared language present and not empty.
    /// `what` is the Fluent key of the text's name (`what-lesson-title`).
    fn text(&mut self, path: &Path, raw: &RawText, what: &'static str) -> Text {
        let missing: Vec<&str> = self
            .languages
            .iter()
            .filter(|lang| !raw.contains_key(lang.as_str()))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            let list = missing
                .iter()
                .map(|l| format!("`{l}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let languages = self.languages.join(", ");
            self.error(
                path,
                Message::new("diag-text-missing-translations")
                    .with("what", Message::new(what))
                    .with("list", list)
                    .with("count", missing.len())
                    .with("languages", languages),
            );
        }
        for (lang, value) in raw {
            // Without declared languages the module already has an error; one is enough.
            if self.languages.is_empty() {
                continue;
            }
            if !self.languages.iter().any(|l| l == lang) {
                self.warning(
                    &path.key(lang),
                    Message::new("diag-text-extra-language")
                        .with("lang", lang.as_str())
                        .with("languages", self.languages.join(", ")),
                );
            } else if value.trim().is_empty() {
                self.error(
                    &path.key(lang),
                    Message::new("diag-text-empty")
                        .with("lang", lang.as_str())
                        .with("what", Message::new(what)),
                );
            }
        }
        Text(raw.clone())
    }

    fn optional_text(
        &mut self,
        path: &Path,
        raw: Option<&RawText>,
        what: &'static str,
    ) -> Option<Text> {
        raw.map(|raw| self.text(path, raw, what))
    }

    /// `what` is the Fluent key of the item's kind (`what-lesson`).
    fn unique_id(
        &mut self,
        seen: &mut HashMap<String, usize>,
        id: &str,
        path: &Path,
        what: &'static str,
    ) {
        let id_path = path.field("id");
        if !is_item_id(id) {
            self.error(
                &id_path,
                Message::new("diag-item-id-invalid")
                    .with("what", Message::new(what))
                    .with("id", id),
            );
        }
        let count = seen.entry(id.to_owned()).or_insert(0);
        *count += 1;
        if *count == 2 {
            self.error(
                &id_path,
                Message::new("diag-item-id-duplicate")
                    .with("what", Message::new(what))
                    .with("id", id),
            );
        }
    }

    fn bands(&mut self, raw: &RawModule, root: &Path) -> Vec<Band> {
        let mut seen = HashSet::new();
        let mut bands = Vec::new();
        for (i, band) in raw.bands.iter().enumerate() {
            let path = root.field("bands").index(i);
            let feedback = self.text(
                &path.field("feedback"),
                &band.feedback,
                "what-band-feedback",
            );
            let Ok(from) = u8::try_from(band.from) else {
                self.error(
                    &path.field("from"),
                    Message::new("diag-band-outside").with("from", band.from.to_string()),
                );
                continue;
            };
            if from > 100 {
                self.error(
                    &path.field("from"),
                    Message::new("diag-band-outside").with("from", from.to_string()),
                );
            } else if !seen.insert(from) {
                self.error(
                    &path.field("from"),
                    Message::new("diag-band-twice").with("from", from.to_string()),
                );
            }
            bands.push(Band { from, feedback });
        }
        bands.sort_by_key(|b| b.from);
        if let Some(lowest) = bands.first()
            && lowest.from > 0
        {
            self.warning(
                &root.field("bands"),
                Message::new("diag-no-band-at-zero").with("lowest", lowest.from.to_string()),
            );
        }
        bands
    }
}

/// Module ids that appear in more than one file: `(id, files in load order)`.
pub fn duplicate_module_ids<'a>(
    modules: impl Iterator<Item = (&'a str, &'a str)>,
) -> BTreeMap<String, Vec<String>> {
    let mut files: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (id, file) in modules {
        files
            .entry(id.to_owned())
            .or_default()
            .push(file.to_owned());
    }
    files.retain(|_, f| f.len() > 1);
    files
}
