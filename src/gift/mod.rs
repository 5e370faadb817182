//! Moodle GIFT interop: bring an organisation's existing question bank into Jaga, and
//! hand Jaga's questions back to Moodle.
//!
//! Many organisations already keep their quiz questions in Moodle, and GIFT is the plain
//! text format Moodle imports and exports. Retyping a bank by hand is slow and error-prone,
//! so this module converts in both directions, and says plainly what does not survive the
//! trip.
//!
//! It works in stages, like content loading does:
//! - [`parse`] reads a GIFT file the way Moodle does, into [`parse::GiftItem`]s with line
//!   numbers, and collects every problem instead of stopping at the first;
//! - [`import`] maps those items onto Jaga's file grammar ([`crate::content::raw`]), skipping
//!   (and reporting, by line) every question Jaga cannot represent;
//! - [`write`] prints a module as readable RON an author can keep editing;
//! - [`export`] goes the other way, from a checked [`crate::content::Module`] to GIFT.
//!
//! Nothing here touches the UI, the store or the file system: callers pass text in and get
//! text back.

pub mod export;
pub mod import;
pub mod parse;
mod text;
pub mod write;

use std::fmt;

pub use export::{Export, ExportNote, export};
pub use import::{Import, ImportOptions, Lang, import};
pub use parse::{GiftFile, decode, parse, parse_bytes};

/// Lowercase ASCII letters and digits joined by single hyphens, as module and question
/// ids are: `Privacy Quiz (2024)` → `privacy-quiz-2024`.
pub fn slug(text: &str) -> String {
    text::slugify(text, 64)
}

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
