//! Writes a module's questions as GIFT that Moodle imports, in one language.
//!
//! Organisations that run Moodle beside Jaga want the same questions in both, written once.
//! The export is the mirror of [`super::import`]: what it writes imports back into the same
//! questions (the tests check this on the bundled course), and what GIFT cannot say is
//! skipped or noted, never silently changed. The mapping:
//!
//! - Every question starts with `::id::` and `[plain]` (Jaga's texts are plain text);
//!   the question's general feedback is written after `####`.
//! - `SingleChoice`: each right choice `=`, a choice with partial credit `~%W%`, the
//!   others `~`, each with its `#feedback`.
//! - `MultipleChoice` with `Weighted` scoring: each choice `~%W%` with its own weight,
//!   which Moodle marks exactly as Jaga does.
//! - `MultipleChoice` with another scoring, written as a Moodle multiple-response question (check boxes):
//!   each right choice gets `~%W%` with `W = 100 / right choices`, so they add up to 100.
//!   With `PartialCredit` each wrong choice gets `~%-W%`: Moodle then scores right picks
//!   minus wrong picks, never below zero, which is Jaga's rule exactly. With
//!   `AllOrNothing` each wrong choice gets `~%-100%`, so any wrong pick scores zero as in
//!   Jaga; Moodle has no all-or-nothing multiple-response question in GIFT, so a learner
//!   who picks some of the right choices and no wrong one gets partial credit there (noted).
//!   Moodle only accepts weights from its grade list, so `W` is exact for 1 to 10 right
//!   choices (and 20); other counts are noted.
//! - `TrueFalse`: `{TRUE#…#…}` or `{FALSE#…#…}`, the first feedback for a wrong answer and
//!   the second for the right one, as Moodle reads them.
//! - `Matching`: `=item -> category` for each item and `= -> category` for a category no
//!   item belongs to; Moodle marks it as Jaga does (the share of items matched rightly).
//!   Item feedback has no place in GIFT (noted).
//! - `Scenario`, `SpotTheLeak`, `Ordering`: GIFT has nothing like them. They are skipped,
//!   with a comment in the file.
//! - Lost on the way: question points (Moodle sets a question's mark itself; noted when not
//!   1), `always_ask`, `teaches`, the draw, shuffling, and choice ids (an import names choices
//!   `a`, `b`, …).

use std::fmt;

use super::parse::Weight;
use super::problem::GiftError;
use super::text::{TextFormat, escape};
use crate::content::{Choice, Module, MultipleScoring, Question, QuestionKind, Text};

/// A module's questions as GIFT.
#[derive(Debug, Clone)]
pub struct Export {
    /// The GIFT file, UTF-8 text.
    pub gift: String,
    /// How many questions were written.
    pub questions: usize,
    /// Questions that could not be written (scenarios).
    pub skipped: Vec<ExportNote>,
    /// Questions written with less than they have.
    pub notes: Vec<ExportNote>,
}

/// Something about one question of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportNote {
    /// The question's id.
    pub question: String,
    /// What happened, naming the question: "scenario `x` skipped: …".
    pub message: String,
}

impl fmt::Display for ExportNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The module's questions in `lang`, which must be one of the module's languages.
pub fn export(module: &Module, lang: &str) -> Result<Export, GiftError> {
    if !module.languages.iter().any(|l| l == lang) {
        return Err(GiftError::LanguageNotInModule {
            module: module.id.clone(),
            lang: lang.to_owned(),
            languages: module.languages.clone(),
        });
    }
    let mut out = Export {
        gift: String::new(),
        questions: 0,
        skipped: Vec::new(),
        notes: Vec::new(),
    };
    let header = [
        format!(
            "// Exported by `jaga gift export` from the Jaga module `{}` (revision {}), in `{lang}`.",
            module.id,
            module.revision.short()
        ),
        format!("// {}", escape_comment(module.title.get(lang))),
        "// Multiple choice: right choices share 100% (~%W%); wrong choices take one share off"
            .to_owned(),
        "// (~%-W%) for partial credit, or everything (~%-100%) for all-or-nothing.".to_owned(),
        "// Not in GIFT: scenarios, spot-the-leak, ordering and matching questions (skipped),"
            .to_owned(),
        "// question points, always_ask, the draw, choice ids.".to_owned(),
    ];
    for line in header {
        push_line(&mut out.gift, &line);
    }
    out.gift.push('\n');
    push_line(&mut out.gift, &format!("$CATEGORY: jaga/{}", module.id));
    out.gift.push('\n');

    for question in &module.assessment.questions {
        if let Some(missing) = not_in_gift(&question.kind) {
            push_line(
                &mut out.gift,
                &format!(
                    "// skipped {} `{}`: {missing}",
                    question.kind.name(),
                    question.id
                ),
            );
            out.gift.push('\n');
            out.skipped.push(ExportNote {
                question: question.id.clone(),
                message: format!(
                    "{} `{}` skipped: {missing}",
                    question.kind.name(),
                    question.id
                ),
            });
            continue;
        }
        if question.points != 1 {
            out.notes.push(ExportNote {
                question: question.id.clone(),
                message: format!(
                    "question `{}` is worth {} points in Jaga; GIFT has no question weight, so \
                     set its default mark in Moodle",
                    question.id, question.points
                ),
            });
        }
        let notes = write_question(&mut out.gift, question, lang);
        out.notes.extend(notes.into_iter().map(|note| ExportNote {
            question: question.id.clone(),
            message: format!("question `{}`: {note}", question.id),
        }));
        out.gift.push('\n');
        out.questions += 1;
    }
    Ok(out)
}

fn push_line(out: &mut String, line: &str) {
    out.push_str(line);
    out.push('\n');
}

/// A text for a `//` comment: on one line.
fn escape_comment(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One question; returns what it lost.
fn write_question(out: &mut String, question: &Question, lang: &str) -> Vec<String> {
    let mut notes = Vec::new();
    push_line(
        out,
        &format!("// question: {}  name: {}", question.id, question.id),
    );
    let head = format!(
        "::{}::[plain]{}{{",
        escape(&question.id),
        escape(question.prompt.get(lang))
    );
    let general = question
        .feedback
        .as_ref()
        .map(|feedback| format!("####{}", answer_text(feedback, lang)));
    match &question.kind {
        QuestionKind::TrueFalse {
            answer,
            feedback_true,
            feedback_false,
        } => {
            let (right, wrong) = if *answer {
                (feedback_true, feedback_false)
            } else {
                (feedback_false, feedback_true)
            };
            let mut line = head;
            line.push_str(if *answer { "TRUE" } else { "FALSE" });
            match (wrong, right) {
                (Some(wrong), right) => {
                    line.push('#');
                    line.push_str(&answer_text(wrong, lang));
                    if let Some(right) = right {
                        line.push('#');
                        line.push_str(&answer_text(right, lang));
                    }
                }
                (None, Some(right)) => {
                    line.push_str("##");
                    line.push_str(&answer_text(right, lang));
                }
                (None, None) => {}
            }
            if let Some(general) = &general {
                line.push_str(general);
            }
            line.push('}');
            push_line(out, &line);
        }
        QuestionKind::SingleChoice { choices } => {
            push_line(out, &head);
            for choice in choices {
                let text = answer_text(&choice.text, lang);
                let mark = match choice.weight {
                    _ if choice.correct => "=".to_owned(),
                    // Partial credit, as Moodle writes it.
                    Some(weight) => {
                        let weight = Weight::from_percent(weight);
                        if !weight.is_moodle_grade() {
                            notes.push(format!(
                                "Moodle has no weight of {}%; it rounds or rejects it on import",
                                weight.percent()
                            ));
                        }
                        format!("~%{}%", weight.percent())
                    }
                    // Without it, Moodle would read the start of the text as a weight.
                    None if looks_weighted(&text) => "~%0%".to_owned(),
                    None => "~".to_owned(),
                };
                push_choice(out, &mark, &text, choice, lang);
            }
            close(out, general.as_deref());
        }
        QuestionKind::MultipleChoice { scoring, choices } => {
            if *scoring == MultipleScoring::Weighted {
                // Moodle's own marking: each weight as it is.
                push_line(out, &head);
                for choice in choices {
                    let weight = Weight::from_percent(choice.weight.unwrap_or(0.0));
                    if !weight.is_moodle_grade() {
                        notes.push(format!(
                            "Moodle has no weight of {}%; it rounds or rejects it on import",
                            weight.percent()
                        ));
                    }
                    let mark = format!("~%{}%", weight.percent());
                    push_choice(out, &mark, &answer_text(&choice.text, lang), choice, lang);
                }
                close(out, general.as_deref());
                return notes;
            }
            let right = choices.iter().filter(|c| c.correct).count();
            let share = Weight::share(right);
            if !share.is_moodle_grade() {
                notes.push(format!(
                    "Moodle has no weight of {}% for each of its {right} right choices; \
                     it rounds or rejects it on import",
                    share.percent()
                ));
            }
            let penalty = match scoring {
                MultipleScoring::Weighted | MultipleScoring::PartialCredit => share.negated(),
                MultipleScoring::AllOrNothing => {
                    notes.push(
                        "it is all-or-nothing in Jaga; in Moodle a learner who picks some of \
                         the right choices and no wrong one gets partial credit"
                            .to_owned(),
                    );
                    Weight::MINUS_FULL
                }
            };
            push_line(out, &head);
            for choice in choices {
                let weight = if choice.correct { share } else { penalty };
                let mark = format!("~%{}%", weight.percent());
                push_choice(out, &mark, &answer_text(&choice.text, lang), choice, lang);
            }
            close(out, general.as_deref());
        }
        QuestionKind::Matching { categories, items } => {
            // `=item -> answer`, then `= -> answer` for a category no item belongs to:
            // Moodle offers every answer in each list and marks the share of items
            // matched rightly, as Jaga does.
            push_line(out, &head);
            let category_text = |id: &str| {
                categories
                    .iter()
                    .find(|c| c.id == id)
                    .map(|c| answer_text(&c.text, lang))
                    .unwrap_or_default()
            };
            for item in items {
                let text = answer_text(&item.text, lang);
                if text.contains("->") {
                    notes.push(format!(
                        "item \"{text}\" holds `->`, which Moodle reads as the end of the item"
                    ));
                }
                let answer = category_text(&item.category);
                push_line(out, &format!("\t={text} -> {answer}"));
            }
            for category in categories {
                if !items.iter().any(|item| item.category == category.id) {
                    let answer = answer_text(&category.text, lang);
                    push_line(out, &format!("\t= -> {answer}"));
                }
            }
            if items.iter().any(|item| item.feedback.is_some()) {
                notes.push(
                    "GIFT has no feedback for each item of a matching question; only the \
                     question's own feedback is written"
                        .to_owned(),
                );
            }
            close(out, general.as_deref());
        }
        QuestionKind::Scenario(_)
        | QuestionKind::SpotTheLeak { .. }
        | QuestionKind::Ordering { .. } => {}
    }
    notes
}

/// Why a question of this kind cannot be written as GIFT, if it cannot.
fn not_in_gift(kind: &QuestionKind) -> Option<&'static str> {
    match kind {
        QuestionKind::Scenario(_) => Some("GIFT has no branching scenarios"),
        QuestionKind::SpotTheLeak { .. } => Some("GIFT has no spot-the-leak questions"),
        QuestionKind::Ordering { .. } => Some("GIFT has no ordering questions"),
        _ => None,
    }
}

fn push_choice(out: &mut String, mark: &str, text: &str, choice: &Choice, lang: &str) {
    let mut line = format!("\t{mark}{text}");
    if let Some(feedback) = &choice.feedback {
        line.push('#');
        line.push_str(&answer_text(feedback, lang));
    }
    push_line(out, &line);
}

fn close(out: &mut String, general: Option<&str>) {
    if let Some(general) = general {
        push_line(out, &format!("\t{general}"));
    }
    push_line(out, "}");
}

/// A text inside an answer block: escaped, and marked `[plain]` again when it starts with
/// something Moodle would take for a format marker.
fn answer_text(text: &Text, lang: &str) -> String {
    let text = text.get(lang).trim();
    let marked = text
        .strip_prefix('[')
        .and_then(|rest| rest.split_once(']'))
        .is_some_and(|(name, _)| TextFormat::from_name(name).is_some());
    let escaped = escape(text);
    if marked {
        format!("[plain]{escaped}")
    } else {
        escaped
    }
}

/// Whether a wrong choice's text starts like a weight (`%50%…`).
fn looks_weighted(escaped: &str) -> bool {
    let Some(rest) = escaped.strip_prefix('%') else {
        return false;
    };
    let number = rest.trim_start_matches('-');
    number.starts_with(|c: char| c.is_ascii_digit())
        && number
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
            .starts_with('%')
}
