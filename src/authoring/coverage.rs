//! Translation coverage: which texts of a module are missing, empty or left untranslated
//! in each of its languages.
//!
//! A module in Bahasa Indonesia and English is only as good as its weaker language, and
//! the validator only says that a translation is missing or empty, one error at a time,
//! and only while the module is being checked. An author finishing a translation wants a
//! table (modules × languages: how much is done) and a list of every gap, including texts
//! that were copied from the other language and never translated.
//!
//! Coverage works on the parsed file ([`RawModule`]), not on the checked module: a module
//! with a missing translation has a validation error, so it never becomes a checked
//! module, yet that is exactly the module whose coverage the author needs. Only a file
//! ron cannot parse at all (a syntax error) has no coverage; its diagnostic says why.
//! Places come from the same [`SourceMap`] and [`Path`]s the validator uses, so a finding
//! points at the same `path:line:col` a validation error would.
//!
//! # When a text counts as "unchanged"
//!
//! The first declared language is the reference. A text in a later language is
//! *unchanged* when, after trimming and collapsing runs of white space, it is exactly the
//! text of an earlier language (case and punctuation count). Texts that are legitimately
//! the same in every language are not reported ([`is_language_neutral`]):
//!
//! - texts with fewer than 4 letters: numbers, scores, `3×24`, `OK`, `UU`;
//! - a single word that is a web address, an e-mail address or a path (`https://…`,
//!   `www.…`, `dpo@example.com`, `assets/x.png`);
//! - up to three words none of which starts with a lowercase letter: names, acronyms
//!   and titles of laws (`UU PDP`, `GDPR`, `Rina`, `Otoritas Jasa Keuangan`).
//!
//! So `"Why a clean desk?"` in both languages is reported; `"UU PDP"` is not. An unchanged
//! text is still *present*: it is counted in both `present` and `unchanged`.

use std::collections::BTreeSet;

use ron::extensions::Extensions;
use serde::Serialize;

use crate::content::diagnostic::{Diagnostic, ItemRef, Severity};
use crate::content::load::MAX_NESTING;
use crate::content::raw::{RawBlock, RawModule, RawNode, RawQuestion, RawText};
use crate::content::source::{Path, Seg, SourceMap};
use crate::i18n::Message;

/// Why a file has no coverage.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CoverageError {
    #[error("the file could not be read as text; see its diagnostics")]
    Unreadable,
    #[error("the file could not be parsed ({message}); fix the syntax error first")]
    Unparsable { message: String },
}

/// What is wrong with one text in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum FindingKind {
    /// The language has no entry in the text.
    Missing,
    /// The entry is empty or only white space.
    Empty,
    /// The entry is the same as the entry of an earlier language, `same_as`.
    Unchanged { same_as: String },
}

/// One gap in one language of one text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub language: String,
    /// What the text is, as the Fluent key of its name: `what-paragraph`,
    /// `what-choice-text`, …
    pub what: &'static str,
    /// The item's path in the file, like `lessons[1].blocks[3][0]`.
    pub path: String,
    /// The learner-facing item, for jumping to its preview.
    pub item: ItemRef,
    /// 1-based line and column of the place to fix (the missing language's text map, or
    /// the empty or unchanged entry).
    pub line: usize,
    pub column: usize,
    /// The same place as a warning, rendered like every other diagnostic.
    pub diagnostic: Diagnostic,
}

/// Counts for one language of one module. `present + missing + empty == texts`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LanguageCoverage {
    pub language: String,
    /// Texts with a non-empty entry in this language (unchanged ones included).
    pub present: usize,
    pub missing: usize,
    pub empty: usize,
    /// Present texts identical to an earlier language's: probably not translated.
    pub unchanged: usize,
}

impl LanguageCoverage {
    /// Texts that are present and not copies of another language.
    pub fn translated(&self) -> usize {
        self.present - self.unchanged
    }

    /// Nothing missing, empty or unchanged.
    pub fn is_complete(&self) -> bool {
        self.missing == 0 && self.empty == 0 && self.unchanged == 0
    }
}

/// The coverage of one module file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileCoverage {
    /// The file as shown in diagnostics.
    pub file: String,
    pub module_id: String,
    /// The declared languages, in order; when none are declared, the languages the
    /// texts use, sorted.
    pub languages: Vec<String>,
    /// How many learner-visible texts the module has.
    pub texts: usize,
    /// One entry per language of `languages`, in the same order.
    pub per_language: Vec<LanguageCoverage>,
    /// Every gap, in file order.
    pub findings: Vec<Finding>,
}

impl FileCoverage {
    pub fn language(&self, lang: &str) -> Option<&LanguageCoverage> {
        self.per_language.iter().find(|c| c.language == lang)
    }
}

/// Coverage of a module file's text. `file` names it in findings.
pub fn of_text(file: &str, text: &str) -> Result<FileCoverage, CoverageError> {
    let options = ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING);
    let raw: RawModule = options
        .from_str(text)
        .map_err(|e| CoverageError::Unparsable {
            message: format!("{}:{}: {}", e.span.start.line, e.span.start.col, e.code),
        })?;
    Ok(of_raw(file, text, &raw))
}

/// Coverage of a parsed module; `text` is the file it was parsed from.
pub fn of_raw(file: &str, text: &str, raw: &RawModule) -> FileCoverage {
    let mut texts = Vec::new();
    collect(raw, &mut texts);

    let languages: Vec<String> = if raw.languages.is_empty() {
        texts
            .iter()
            .flat_map(|t| t.raw.keys().cloned())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    } else {
        // A language declared twice is the validator's business; count it once.
        let mut seen = BTreeSet::new();
        raw.languages
            .iter()
            .filter(|l| seen.insert(l.as_str()))
            .cloned()
            .collect()
    };
    let mut per_language: Vec<LanguageCoverage> = languages
        .iter()
        .map(|l| LanguageCoverage {
            language: l.clone(),
            ..LanguageCoverage::default()
        })
        .collect();

    let map = SourceMap::build(text);
    let mut findings = Vec::new();
    for item in &texts {
        for (li, lang) in languages.iter().enumerate() {
            let counts = &mut per_language[li];
            let kind = match item.raw.get(lang) {
                None => {
                    counts.missing += 1;
                    Some(FindingKind::Missing)
                }
                Some(value) if value.trim().is_empty() => {
                    counts.empty += 1;
                    Some(FindingKind::Empty)
                }
                Some(value) => {
                    counts.present += 1;
                    let same_as = languages[..li].iter().find(|earlier| {
                        item.raw
                            .get(*earlier)
                            .is_some_and(|other| same_text(value, other))
                    });
                    match same_as {
                        Some(earlier) if !is_language_neutral(value) => {
                            counts.unchanged += 1;
                            Some(FindingKind::Unchanged {
                                same_as: earlier.clone(),
                            })
                        }
                        _ => None,
                    }
                }
            };
            if let Some(kind) = kind {
                findings.push(finding(file, text, &map, item, lang, kind));
            }
        }
    }
    findings.sort_by_key(|f| (f.line, f.column));

    FileCoverage {
        file: file.to_owned(),
        module_id: raw.id.clone(),
        languages,
        texts: texts.len(),
        per_language,
        findings,
    }
}

/// Whether a text is expected to read the same in every language (see the module docs).
pub fn is_language_neutral(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 4 {
        return true;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if let [word] = words.as_slice() {
        let lower = word.to_lowercase();
        if lower.contains("://")
            || lower.starts_with("www.")
            || lower.contains('@')
            || lower.contains('/')
        {
            return true;
        }
    }
    let starts_lowercase = |w: &&str| {
        w.chars()
            .find(|c| c.is_alphanumeric())
            .is_some_and(char::is_lowercase)
    };
    words.len() <= 3 && !words.iter().any(starts_lowercase)
}

/// Equal after trimming and collapsing white space.
fn same_text(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

fn finding(
    file: &str,
    text: &str,
    map: &SourceMap,
    item: &TextItem<'_>,
    lang: &str,
    kind: FindingKind,
) -> Finding {
    let what = item.what;
    let (place, message) = match &kind {
        FindingKind::Missing => (
            item.path.clone(),
            Message::new("diag-coverage-missing")
                .with("what", Message::new(what))
                .with("lang", lang),
        ),
        FindingKind::Empty => (
            item.path.key(lang),
            Message::new("diag-text-empty")
                .with("what", Message::new(what))
                .with("lang", lang),
        ),
        FindingKind::Unchanged { same_as } => (
            item.path.key(lang),
            Message::new("diag-coverage-unchanged")
                .with("what", Message::new(what))
                .with("lang", lang)
                .with("same_as", same_as.as_str()),
        ),
    };
    let span = map.locate(text, &place);
    let diagnostic =
        Diagnostic::at(Severity::Warning, file, text, span, message).with_item(item.item.clone());
    Finding {
        kind,
        language: lang.to_owned(),
        what,
        path: path_string(&item.path),
        item: item.item.clone(),
        line: diagnostic.line,
        column: diagnostic.column,
        diagnostic,
    }
}

/// `lessons[1].blocks[3][0]`: a path as an author reads it in the file.
pub fn path_string(path: &Path) -> String {
    let mut out = String::new();
    for seg in &path.0 {
        match seg {
            Seg::Field(name) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Seg::Index(i) => {
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
            Seg::Key(key) => {
                out.push_str("[\"");
                out.push_str(key);
                out.push_str("\"]");
            }
        }
    }
    out
}

/// One learner-visible text of the file.
struct TextItem<'a> {
    path: Path,
    what: &'static str,
    item: ItemRef,
    raw: &'a RawText,
}

/// Every learner-visible text, with the paths the validator gives them.
fn collect<'a>(raw: &'a RawModule, out: &mut Vec<TextItem<'a>>) {
    let root = Path::root();
    let mut item = ItemRef {
        module: Some(raw.id.clone()),
        ..ItemRef::default()
    };
    let mut push = |path: Path, what: &'static str, item: &ItemRef, raw: &'a RawText| {
        out.push(TextItem {
            path,
            what,
            item: item.clone(),
            raw,
        });
    };
    push(root.field("title"), "what-module-title", &item, &raw.title);
    push(
        root.field("summary"),
        "what-module-summary",
        &item,
        &raw.summary,
    );

    for (li, lesson) in raw.lessons.iter().enumerate() {
        let path = root.field("lessons").index(li);
        item.lesson = Some(lesson.id.clone());
        push(
            path.field("title"),
            "what-lesson-title",
            &item,
            &lesson.title,
        );
        for (bi, block) in lesson.blocks.iter().enumerate() {
            let path = path.field("blocks").index(bi);
            match block {
                RawBlock::Heading(text) => push(path.index(0), "what-heading", &item, text),
                RawBlock::Paragraph(text) => push(path.index(0), "what-paragraph", &item, text),
                RawBlock::Bullets(items) | RawBlock::Takeaways(items) => {
                    let what = if matches!(block, RawBlock::Bullets(_)) {
                        "what-bullet"
                    } else {
                        "what-takeaway"
                    };
                    for (i, text) in items.iter().enumerate() {
                        push(path.index(0).index(i), what, &item, text);
                    }
                }
                RawBlock::Callout { title, text, .. } => {
                    if let Some(title) = title {
                        push(path.field("title"), "what-callout-title", &item, title);
                    }
                    push(path.field("text"), "what-callout-text", &item, text);
                }
                RawBlock::Image { alt, caption, .. } => {
                    push(path.field("alt"), "what-image-alt", &item, alt);
                    if let Some(caption) = caption {
                        push(path.field("caption"), "what-image-caption", &item, caption);
                    }
                }
            }
        }
    }
    item.lesson = None;

    for (qi, question) in raw.assessment.questions.iter().enumerate() {
        let path = root.field("assessment").field("questions").index(qi);
        match question {
            RawQuestion::SingleChoice {
                id,
                prompt,
                choices,
                feedback,
                ..
            }
            | RawQuestion::MultipleChoice {
                id,
                prompt,
                choices,
                feedback,
                ..
            } => {
                item.question = Some(id.clone());
                push(path.field("prompt"), "what-question-prompt", &item, prompt);
                if let Some(feedback) = feedback {
                    push(
                        path.field("feedback"),
                        "what-question-feedback",
                        &item,
                        feedback,
                    );
                }
                for (ci, choice) in choices.iter().enumerate() {
                    let path = path.field("choices").index(ci);
                    push(path.field("text"), "what-choice-text", &item, &choice.text);
                    if let Some(feedback) = &choice.feedback {
                        push(
                            path.field("feedback"),
                            "what-choice-feedback",
                            &item,
                            feedback,
                        );
                    }
                }
            }
            RawQuestion::TrueFalse {
                id,
                prompt,
                feedback_true,
                feedback_false,
                feedback,
                ..
            } => {
                item.question = Some(id.clone());
                push(path.field("prompt"), "what-statement", &item, prompt);
                if let Some(feedback) = feedback {
                    push(
                        path.field("feedback"),
                        "what-question-feedback",
                        &item,
                        feedback,
                    );
                }
                if let Some(feedback) = feedback_true {
                    push(
                        path.field("feedback_true"),
                        "what-feedback",
                        &item,
                        feedback,
                    );
                }
                if let Some(feedback) = feedback_false {
                    push(
                        path.field("feedback_false"),
                        "what-feedback",
                        &item,
                        feedback,
                    );
                }
            }
            RawQuestion::SpotTheLeak {
                id,
                prompt,
                feedback,
                ..
            }
            | RawQuestion::Ordering {
                id,
                prompt,
                feedback,
                ..
            }
            | RawQuestion::Matching {
                id,
                prompt,
                feedback,
                ..
            } => {
                item.question = Some(id.clone());
                push(path.field("prompt"), "what-question-prompt", &item, prompt);
                if let Some(feedback) = feedback {
                    push(
                        path.field("feedback"),
                        "what-question-feedback",
                        &item,
                        feedback,
                    );
                }
                for part in question.part_texts() {
                    let at = path.field(part.list).index(part.index).field(part.field);
                    push(at, part.what, &item, part.text);
                }
            }
            RawQuestion::Scenario {
                id,
                title,
                prompt,
                nodes,
                feedback,
                ..
            } => {
                item.question = Some(id.clone());
                push(path.field("title"), "what-scenario-title", &item, title);
                if let Some(prompt) = prompt {
                    push(path.field("prompt"), "what-scenario-prompt", &item, prompt);
                }
                if let Some(feedback) = feedback {
                    push(
                        path.field("feedback"),
                        "what-question-feedback",
                        &item,
                        feedback,
                    );
                }
                for (ni, node) in nodes.iter().enumerate() {
                    let path = path.field("nodes").index(ni);
                    match node {
                        RawNode::Step { id, text, choices } => {
                            item.node = Some(id.clone());
                            push(path.field("text"), "what-node-text", &item, text);
                            for (ci, choice) in choices.iter().enumerate() {
                                let path = path.field("choices").index(ci);
                                push(path.field("text"), "what-choice-text", &item, &choice.text);
                                if let Some(feedback) = &choice.feedback {
                                    push(
                                        path.field("feedback"),
                                        "what-choice-feedback",
                                        &item,
                                        feedback,
                                    );
                                }
                            }
                        }
                        RawNode::Ending {
                            id, text, feedback, ..
                        } => {
                            item.node = Some(id.clone());
                            push(path.field("text"), "what-ending-text", &item, text);
                            if let Some(feedback) = feedback {
                                push(path.field("feedback"), "what-feedback", &item, feedback);
                            }
                        }
                    }
                }
                item.node = None;
            }
        }
        item.question = None;
    }

    for (bi, band) in raw.bands.iter().enumerate() {
        let path = root.field("bands").index(bi);
        push(
            path.field("feedback"),
            "what-band-feedback",
            &item,
            &band.feedback,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_numbers_and_addresses_are_language_neutral() {
        for neutral in [
            "72",
            "3×24",
            "OK",
            "UU PDP",
            "GDPR",
            "Rina",
            "Otoritas Jasa Keuangan",
            "https://example.com/privacy",
            "dpo@example.com",
        ] {
            assert!(is_language_neutral(neutral), "{neutral}");
        }
        for text in [
            "Why a clean desk?",
            "Lock your screen",
            "Why A Clean Desk Now",
        ] {
            assert!(!is_language_neutral(text), "{text}");
        }
    }

    #[test]
    fn white_space_does_not_make_a_text_different() {
        assert!(same_text(" Lock  your\nscreen ", "Lock your screen"));
        assert!(!same_text("Lock your screen", "lock your screen"));
    }

    #[test]
    fn paths_read_like_the_file() {
        let path = Path::root()
            .field("lessons")
            .index(1)
            .field("blocks")
            .index(3)
            .index(0)
            .key("en");
        assert_eq!(path_string(&path), "lessons[1].blocks[3][0][\"en\"]");
    }
}
