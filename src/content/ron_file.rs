//! The first stage of reading any content file (a module, the glossary, the course
//! file): a size cap, UTF-8, then serde through ron, with ron's errors reworded for
//! authors and placed at their line and column; and [`FileOutcome`], what came of a file.
//!
//! It sits below [`super::load`] and the course's own files so that each of them can
//! read RON the same way without importing the others.

use std::sync::Arc;

use ron::extensions::Extensions;

use super::diagnostic::{Diagnostic, Severity};
use super::model::Module;
use super::source::{SourceMap, offset_of};
use super::validate::suggestion;

/// The largest module file Jaga reads. Real modules are tens of kilobytes.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// How deeply values may nest; ron's own default, stated here so messages can name it.
pub const MAX_NESTING: usize = 128;

/// What came of one module file.
#[derive(Debug, Clone)]
pub struct FileOutcome {
    /// The file as shown in diagnostics.
    pub file: String,
    /// The checked module, when the file has no errors.
    pub module: Option<Arc<Module>>,
    pub diagnostics: Vec<Diagnostic>,
    /// The file's text when it could be read as UTF-8, for pointing at its items later.
    pub text: Option<Arc<str>>,
}

pub(crate) fn human_size(bytes: u64) -> String {
    #[expect(
        clippy::cast_precision_loss,
        reason = "a size shown to one decimal place"
    )]
    let mib = bytes as f64 / (1024.0 * 1024.0);
    format!("{mib:.1} MiB")
}

/// The first stage for every content file: size, UTF-8 (a byte-order mark dropped), then
/// serde through ron into the file's `Raw*` type. The parsed value and the text it came
/// from, or the one diagnostic that stopped it.
pub(crate) fn read_ron<'b, T: serde::de::DeserializeOwned>(
    label: &str,
    bytes: &'b [u8],
) -> Result<(T, &'b str), Box<Diagnostic>> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let message = format!(
            "the file is {}, over the {} MiB limit for a module file",
            human_size(bytes.len() as u64),
            MAX_FILE_BYTES / (1024 * 1024)
        );
        return Err(Box::new(Diagnostic::whole_file(
            Severity::Error,
            label,
            message,
        )));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = &bytes[..error.valid_up_to()];
            // The valid prefix is UTF-8 by definition.
            let prefix = std::str::from_utf8(valid).unwrap_or("");
            let bad = bytes.get(error.valid_up_to()).copied().unwrap_or(0);
            let message = format!(
                "the file is not UTF-8 text (byte 0x{bad:02X} here); save it as UTF-8 in your editor"
            );
            let at = prefix.len();
            return Err(Box::new(Diagnostic::at(
                Severity::Error,
                label,
                prefix,
                at..at,
                message,
            )));
        }
    };
    // Editors on Windows may start a UTF-8 file with a byte-order mark; it carries nothing.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);

    let options = ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING);
    options
        .from_str::<T>(text)
        .map(|raw| (raw, text))
        .map_err(|error| {
            let mut start = offset_of(text, error.span.start.line, error.span.start.col);
            let mut end = offset_of(text, error.span.end.line, error.span.end.col).max(start);
            if matches!(error.code, ron::Error::MissingStructField { .. })
                && let Some(head) = SourceMap::build(text).enclosing_head(start)
            {
                // ron points past the struct's last field; the struct's name is clearer.
                (start, end) = (head.start, head.end);
            }
            let message = ron_message(&error.code);
            Box::new(Diagnostic::at(
                Severity::Error,
                label,
                text,
                start..end,
                message,
            ))
        })
}

/// ron's message, reworded where it speaks to programmers rather than authors.
fn ron_message(code: &ron::Error) -> String {
    let inside = |outer: &Option<String>| {
        outer
            .as_ref()
            .map_or_else(String::new, |o| format!(" in `{o}`"))
    };
    let one_of = |expected: &[&str]| {
        expected
            .iter()
            .map(|e| format!("`{e}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match code {
        ron::Error::ExceededRecursionLimit => format!(
            "values are nested more than {MAX_NESTING} levels deep; a module never needs that many"
        ),
        ron::Error::Eof => {
            "the file ends too early: a bracket or parenthesis is probably not closed".to_owned()
        }
        ron::Error::ExpectedComma => {
            "expected a comma `,` here, after the previous field or item".to_owned()
        }
        ron::Error::TrailingCharacters => {
            "unexpected text after the end of the module; is a bracket closed too early?".to_owned()
        }
        ron::Error::ExpectedStringEnd => {
            "a text is not closed: add the closing double quote `\"`".to_owned()
        }
        ron::Error::UnclosedBlockComment => "a /* comment is not closed with */".to_owned(),
        ron::Error::MissingStructField { field, outer } => {
            format!("missing field `{field}`{}", inside(outer))
        }
        ron::Error::DuplicateStructField { field, outer } => {
            format!("field `{field}` is given twice{}", inside(outer))
        }
        ron::Error::NoSuchStructField {
            expected,
            found,
            outer,
        } => format!(
            "unknown field `{found}`{}{}. The fields here are {}",
            inside(outer),
            suggestion(found, expected.iter().copied()),
            one_of(expected)
        ),
        ron::Error::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => format!(
            "unknown kind `{found}`{}{}. It can be one of {}",
            inside(outer),
            suggestion(found, expected.iter().copied()),
            one_of(expected)
        ),
        ron::Error::ExpectedDifferentStructName { expected, found } => {
            format!("expected `{expected}(...)` here, found `{found}(...)`")
        }
        other => other.to_string(),
    }
}
