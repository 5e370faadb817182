//! The house-style lint: every text a learner reads, checked against the course's
//! glossary ([`crate::content::glossary`]).
//!
//! Each translation is searched, in the file's own text, for the forms its language's
//! terms deprecate, word by word and ignoring case, so the warning points at the exact
//! line and column of the word to change. A match is left alone where the preferred form
//! itself is written there ("pengendali data" inside "Pengendali Data Pribadi") or inside
//! one of the term's `except` phrases (a quotation of another law).

use crate::content::diagnostic::{Diagnostic, Severity};
use crate::content::glossary::{Glossary, Term, words};
use crate::content::source::SourceMap;
use crate::i18n::Message;

/// A warning for each deprecated form in the translations of `text` (a module or the
/// course file), in file order.
pub fn check_terms(glossary: &Glossary, file: &str, text: &str) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (language, span) in SourceMap::build(text).keyed_values() {
        let terms: Vec<&Term> = glossary
            .terms
            .iter()
            .filter(|t| t.language == language)
            .collect();
        if terms.is_empty() {
            continue;
        }
        let value = &text[span.clone()];
        let found = words(value);
        let said: Vec<&str> = found.iter().map(|(w, _)| w.as_str()).collect();
        for term in terms {
            let mut allowed = vec![false; said.len()];
            for phrase in std::iter::once(&term.preferred).chain(&term.except) {
                for at in occurrences(&said, &phrase_words(phrase)) {
                    for slot in &mut allowed[at.clone()] {
                        *slot = true;
                    }
                }
            }
            for form in &term.deprecated {
                for at in occurrences(&said, &phrase_words(form)) {
                    if allowed[at.clone()].iter().all(|a| *a) {
                        continue;
                    }
                    let start = span.start + found[at.start].1.start;
                    let end = span.start + found[at.end - 1].1.end;
                    let message = Message::new("lint-glossary-term")
                        .with("found", &text[start..end])
                        .with("preferred", term.preferred.as_str())
                        .with("lang", language.as_str())
                        .with("glossary", glossary.file.as_str());
                    diagnostics.push(Diagnostic::worded(
                        Severity::Warning,
                        file,
                        text,
                        start..end,
                        message,
                    ));
                }
            }
        }
    }
    diagnostics.sort_by_key(|d| (d.line, d.column));
    diagnostics
}

fn phrase_words(phrase: &str) -> Vec<String> {
    words(phrase).into_iter().map(|(w, _)| w).collect()
}

/// Where the word sequence `phrase` occurs in `said`, as ranges of word indices.
fn occurrences(said: &[&str], phrase: &[String]) -> Vec<std::ops::Range<usize>> {
    if phrase.is_empty() || phrase.len() > said.len() {
        return Vec::new();
    }
    (0..=said.len() - phrase.len())
        .filter(|&i| {
            said[i..i + phrase.len()]
                .iter()
                .zip(phrase)
                .all(|(a, b)| *a == b)
        })
        .map(|i| i..i + phrase.len())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary() -> Glossary {
        Glossary {
            file: "glossary.ron".to_owned(),
            terms: vec![
                Term {
                    language: "id".to_owned(),
                    preferred: "pelindungan".to_owned(),
                    deprecated: vec!["perlindungan".to_owned()],
                    except: Vec::new(),
                },
                Term {
                    language: "id".to_owned(),
                    preferred: "Pengendali Data Pribadi".to_owned(),
                    deprecated: vec!["pengendali data".to_owned()],
                    except: Vec::new(),
                },
            ],
        }
    }

    #[test]
    fn a_deprecated_form_is_marked_where_it_is_written() {
        let text = "X(t: {\"id\": \"Perlindungan data\", \"en\": \"perlindungan\"})";
        let found = check_terms(&glossary(), "m.ron", text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .header()
                .starts_with("m.ron:1:14: warning: `Perlindungan`"),
            "{}",
            found[0].header()
        );
    }

    #[test]
    fn the_preferred_form_containing_a_deprecated_one_is_left_alone() {
        let text = "X(t: {\"id\": \"Pengendali Data Pribadi, bukan pengendali data saja\"})";
        let found = check_terms(&glossary(), "m.ron", text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].column, 45);
    }
}
