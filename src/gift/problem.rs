//! What can go wrong converting GIFT, and what is said about it: a conversion that cannot
//! be done at all ([`GiftError`]), a question Jaga cannot ask ([`Skip`]), and a note tied
//! to one line of the file ([`Problem`]).

use std::fmt;

/// Why a GIFT conversion could not be done at all (as opposed to questions it skipped).
#[derive(Debug, thiserror::Error)]
pub enum GiftError {
    #[error(
        "the file is not UTF-8 text (byte 0x{byte:02X} on line {line}); Moodle reads GIFT \
         files as UTF-8 too: save it as UTF-8 in your editor and import it again"
    )]
    NotUtf8 { line: usize, byte: u8 },
    #[error(
        "module id `{id}` must be a slug: lowercase letters, digits and single hyphens, like \
         `privacy-quiz`"
    )]
    BadModuleId { id: String },
    #[error("{}", nothing_to_import(skipped))]
    NothingToImport { skipped: Vec<Problem> },
    #[error(
        "module `{module}` is not written in `{lang}`; its languages are {}",
        languages.join(", ")
    )]
    LanguageNotInModule {
        module: String,
        lang: String,
        languages: Vec<String>,
    },
}

fn nothing_to_import(skipped: &[Problem]) -> String {
    match skipped.len() {
        0 => "the file has no questions, so no module was written".to_owned(),
        n => format!(
            "none of the questions in the file can be imported into Jaga ({n} skipped), so no \
             module was written"
        ),
    }
}

/// Why a question of a GIFT file cannot become a Jaga question.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Skip {
    #[error("question `{0}` skipped: its answers open with `{{` but no `}}` closes them")]
    Unclosed(String),
    #[error(
        "question `{0}` skipped: a `}}` comes before the answers' `{{`; write `\\}}` for a brace in the text"
    )]
    BraceBeforeAnswers(String),
    #[error("multiple-choice question `{0}` skipped: it needs at least two answers")]
    TooFewAnswers(String),
    #[error("Jaga has no essay questions")]
    Essay,
    #[error("Jaga has no numerical questions")]
    Numerical,
    #[error(
        "a matching question needs two items or more, each answer written after `->`, and two different answers"
    )]
    TooFewMatches,
    #[error(
        "Jaga has no typed-answer questions; for true/false write the answer in capitals, like {{TRUE}} or {{F}}"
    )]
    TypedTrueFalse,
    #[error("Jaga has no typed-answer questions")]
    TypedAnswer,
    #[error("it has no answers, and Jaga has no text-only items; put the text in a lesson")]
    Description,
    #[error(
        "Jaga cannot put the answers inside the question text; move the {{…}} block to the end of the question"
    )]
    MissingWord,
    #[error("it has no question text")]
    NoQuestionText,
    #[error("answer {0} has no text")]
    AnswerWithoutText(usize),
    #[error("no answer is right; mark one with `=` or give it a positive weight like `~%50%`")]
    NoRightAnswer,
    #[error(
        "no blank line separates it from the question on line {0}, so Moodle reads both as \
         one question and loses the second; put a blank line before line {0}"
    )]
    Swallowed(usize),
}

/// Something about one place in a GIFT file: a question that was skipped, or one that
/// came across with less than it had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line of the question in the GIFT file.
    pub line: usize,
    /// What happened, for a person: "essay question `Q8` skipped: Jaga has no essay questions".
    pub message: String,
}

impl Problem {
    pub(crate) fn new(line: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}
