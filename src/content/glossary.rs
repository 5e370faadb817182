//! The course's house style for terms: `glossary.ron` beside the modules.
//!
//! A privacy course is read by lawyers as well as learners, and the statute's own terms
//! matter: UU PDP writes *pelindungan*, not *perlindungan*, and names the *Pengendali*,
//! *Prosesor* and *Subjek Data Pribadi*. Authors who write by feel drift between forms, so
//! the glossary lists, per language, the preferred form of a term and the forms to avoid;
//! `jaga validate` then warns at each avoided form with the preferred one
//! ([`super::validate::glossary`]). Like a module, the file goes through two stages: serde
//! reads the `Raw*` types, then [`check`] reports every problem and builds the
//! [`Glossary`]. Its diagnostics are worded through Fluent.

use serde::Deserialize;

use super::diagnostic::{Diagnostic, Severity};
use super::ron_file::read_ron;
use super::source::{Path, SourceMap};
use super::validate::is_language_code;
use crate::i18n::Message;

/// The glossary's file name, in the content folder beside the modules.
pub const FILE_NAME: &str = "glossary.ron";

#[derive(Debug, Deserialize)]
#[serde(rename = "Glossary", deny_unknown_fields)]
pub struct RawGlossary {
    pub terms: Vec<RawTerm>,
}

#[derive(Debug, Deserialize)]
#[serde(rename = "Term", deny_unknown_fields)]
pub struct RawTerm {
    /// The language code of the texts the term applies to.
    pub language: String,
    pub preferred: String,
    pub deprecated: Vec<String>,
    /// Phrases in which a deprecated form is right after all (a quotation, a name).
    #[serde(default)]
    pub except: Vec<String>,
}

/// A checked glossary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Glossary {
    /// The file as named in diagnostics.
    pub file: String,
    pub terms: Vec<Term>,
}

/// One term of the house style in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub language: String,
    pub preferred: String,
    pub deprecated: Vec<String>,
    pub except: Vec<String>,
}

/// Parses and checks a glossary file: the glossary when there is no error, and every
/// diagnostic.
pub fn parse(label: &str, bytes: &[u8]) -> (Option<Glossary>, Vec<Diagnostic>) {
    match read_ron::<RawGlossary>(label, bytes) {
        Ok((raw, text)) => check(label, text, &raw),
        Err(diagnostic) => (None, vec![*diagnostic]),
    }
}

/// The second stage: every term has a language, a preferred form and forms to avoid,
/// none empty, none both preferred and avoided, none avoided twice.
pub fn check(label: &str, text: &str, raw: &RawGlossary) -> (Option<Glossary>, Vec<Diagnostic>) {
    let map = SourceMap::build(text);
    let mut diagnostics = Vec::new();
    let mut report = |path: &Path, message: Message| {
        let span = map.locate(text, path);
        diagnostics.push(Diagnostic::worded(
            Severity::Error,
            label,
            text,
            span,
            message,
        ));
    };
    let mut seen: Vec<(String, Vec<String>)> = Vec::new();
    let mut terms = Vec::new();
    for (i, term) in raw.terms.iter().enumerate() {
        let path = Path::root().field("terms").index(i);
        if !is_language_code(&term.language) {
            report(
                &path.field("language"),
                Message::new("glossary-bad-language").with("code", term.language.as_str()),
            );
        }
        if term.preferred.trim().is_empty() {
            report(
                &path.field("preferred"),
                Message::new("glossary-empty-term"),
            );
        }
        if term.deprecated.is_empty() {
            report(
                &path.field("deprecated"),
                Message::new("glossary-nothing-deprecated")
                    .with("preferred", term.preferred.as_str()),
            );
        }
        for (j, form) in term.deprecated.iter().enumerate() {
            let at = path.field("deprecated").index(j);
            let key = (term.language.clone(), normalise(form));
            if form.trim().is_empty() {
                report(&at, Message::new("glossary-empty-term"));
            } else if normalise(form) == normalise(&term.preferred) {
                report(
                    &at,
                    Message::new("glossary-preferred-and-deprecated").with("term", form.as_str()),
                );
            } else if seen.contains(&key) {
                report(
                    &at,
                    Message::new("glossary-deprecated-twice")
                        .with("term", form.as_str())
                        .with("lang", term.language.as_str()),
                );
            } else {
                seen.push(key);
            }
        }
        for (j, phrase) in term.except.iter().enumerate() {
            if phrase.trim().is_empty() {
                report(
                    &path.field("except").index(j),
                    Message::new("glossary-empty-term"),
                );
            }
        }
        terms.push(Term {
            language: term.language.clone(),
            preferred: term.preferred.trim().to_owned(),
            deprecated: term
                .deprecated
                .iter()
                .map(|d| d.trim().to_owned())
                .collect(),
            except: term.except.iter().map(|e| e.trim().to_owned()).collect(),
        });
    }
    diagnostics.sort_by_key(|d| (d.line, d.column));
    let glossary = diagnostics.is_empty().then(|| Glossary {
        file: label.to_owned(),
        terms,
    });
    (glossary, diagnostics)
}

/// The words of a text as the glossary compares them: lowercase runs of letters and
/// digits.
fn normalise(text: &str) -> Vec<String> {
    words(text).into_iter().map(|(word, _)| word).collect()
}

/// The words of `text`, lowercased, each with its byte range in `text`.
pub(crate) fn words(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut found = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                found.push((text[s..i].to_lowercase(), s..i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        found.push((text[s..].to_lowercase(), s..text.len()));
    }
    found
}
