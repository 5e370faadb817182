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
mod marking;
pub mod parse;
mod problem;
mod text;
pub mod write;

pub use self::export::{Export, ExportNote, export};
pub use self::import::{Import, ImportOptions, Lang, import};
pub use self::parse::{GiftFile, decode, parse, parse_bytes};
pub use self::problem::{GiftError, Problem, Skip};

/// Lowercase ASCII letters and digits joined by single hyphens, as module and question
/// ids are: `Privacy Quiz (2024)` → `privacy-quiz-2024`.
pub fn slug(text: &str) -> String {
    text::slugify(text, 64)
}
