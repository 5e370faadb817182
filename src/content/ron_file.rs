//! The first stage of reading any content file (a module, the glossary, the course
//! file): a size cap, UTF-8, then serde through ron, with ron's errors reworded for
//! authors and placed at their line and column; and [`FileOutcome`], what came of a file.
//!
//! It sits below [`super::load`] and the course's own files so that each of them can
//! read RON the same way without importing the others.

use std::io::Read as _;
use std::path::Path;
use std::sync::Arc;

use ron::extensions::Extensions;

use super::diagnostic::{Diagnostic, Severity};
use super::model::Module;
use super::source::{SourceMap, offset_of};
use super::syntax;
use super::validate::did_you_mean;
use crate::i18n::{Arg, Message, io_reason};

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
/// A file's bytes, up to [`MAX_FILE_BYTES`]. Only a regular file is opened (a pipe would
/// block the reader forever); with `root`, a link is followed only to a place inside it,
/// so no other file's content ever reaches a diagnostic.
pub(crate) fn read_capped(path: &Path, root: Option<&Path>) -> Result<Vec<u8>, Message> {
    let cannot_open =
        |e: &std::io::Error| Message::new("diag-file-cannot-open").with("reason", io_reason(e));
    if let Some(root) = root
        && path
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
    {
        let real = path.canonicalize().map_err(|e| cannot_open(&e))?;
        let real_root = root.canonicalize().map_err(|e| cannot_open(&e))?;
        if !real.starts_with(&real_root) {
            return Err(Message::new("diag-file-links-outside"));
        }
    }
    let file = crate::fsio::open_regular(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::InvalidInput {
            Message::new("diag-file-not-regular")
        } else {
            cannot_open(&e)
        }
    })?;
    let too_big = |size: u64| {
        Message::new("diag-file-too-big")
            .with("size", human_size(size))
            .with("limit", MAX_FILE_BYTES / (1024 * 1024))
    };
    if let Ok(meta) = file.metadata()
        && meta.len() > MAX_FILE_BYTES
    {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Message::new("diag-file-cannot-read").with("reason", io_reason(&e)))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// from, or the one diagnostic that stopped it.
pub(crate) fn read_ron<'b, T: serde::de::DeserializeOwned>(
    label: &str,
    bytes: &'b [u8],
) -> Result<(T, &'b str), Box<Diagnostic>> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let message = Message::new("diag-file-too-big")
            .with("size", human_size(bytes.len() as u64))
            .with("limit", MAX_FILE_BYTES / (1024 * 1024));
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
            let message = Message::new("diag-file-not-utf8").with("byte", format!("0x{bad:02X}"));
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
            let mut message = ron_message(&error.code);
            if is_syntax(&error.code)
                && let Some(explained) = syntax::explain(text)
            {
                // The likely cause, in plain words, where it is (ron stops at a symptom).
                (start, end) = (explained.span.start, explained.span.end);
                message = explained.message;
            }
            Box::new(Diagnostic::at(
                Severity::Error,
                label,
                text,
                start..end,
                message,
            ))
        })
}

/// Whether ron stopped at the text's shape (brackets, commas, quotes) rather than at a
/// value that does not fit the format; only the former is worth a second reading.
fn is_syntax(code: &ron::Error) -> bool {
    !matches!(
        code,
        ron::Error::MissingStructField { .. }
            | ron::Error::DuplicateStructField { .. }
            | ron::Error::NoSuchStructField { .. }
            | ron::Error::NoSuchEnumVariant { .. }
            | ron::Error::ExpectedDifferentStructName { .. }
            | ron::Error::ExceededRecursionLimit
            | ron::Error::InvalidValueForType { .. }
            | ron::Error::Message(_)
    )
}

/// ron's message in the author's words: what is wrong and what would fix it.
fn ron_message(code: &ron::Error) -> Message {
    let outer_of = |outer: &Option<String>| -> Arg {
        outer.as_ref().map_or_else(
            || Arg::Text(String::new()),
            |o| Message::new("diag-inside").with("outer", o.as_str()).into(),
        )
    };
    let one_of = |expected: &[&str]| {
        expected
            .iter()
            .map(|e| format!("`{e}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match code {
        ron::Error::ExceededRecursionLimit => {
            Message::new("diag-ron-too-deep").with("limit", MAX_NESTING)
        }
        ron::Error::Eof => Message::new("diag-ron-eof"),
        ron::Error::ExpectedComma => Message::new("diag-ron-expected-comma"),
        ron::Error::TrailingCharacters => Message::new("diag-ron-trailing"),
        ron::Error::ExpectedStringEnd => Message::new("syntax-text-never-closed"),
        ron::Error::UnclosedBlockComment => Message::new("syntax-comment-never-closed"),
        ron::Error::MissingStructField { field, outer } => Message::new("diag-ron-missing-field")
            .with("field", *field)
            .with("inside", outer_of(outer)),
        ron::Error::DuplicateStructField { field, outer } => {
            Message::new("diag-ron-duplicate-field")
                .with("field", *field)
                .with("inside", outer_of(outer))
        }
        ron::Error::NoSuchStructField {
            expected,
            found,
            outer,
        } => Message::new("diag-ron-unknown-field")
            .with("found", found.as_str())
            .with("inside", outer_of(outer))
            .with("hint", did_you_mean(found, expected.iter().copied(), "."))
            .with("expected", one_of(expected)),
        ron::Error::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => Message::new("diag-ron-unknown-kind")
            .with("found", found.as_str())
            .with("inside", outer_of(outer))
            .with("hint", did_you_mean(found, expected.iter().copied(), "."))
            .with("expected", one_of(expected)),
        ron::Error::ExpectedDifferentStructName { expected, found } => {
            Message::new("diag-ron-wrong-struct")
                .with("expected", *expected)
                .with("found", found.as_str())
        }
        other => Message::new("diag-ron-other").with("detail", other.to_string()),
    }
}
