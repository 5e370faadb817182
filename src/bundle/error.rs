//! The one error of results bundles: reading, writing, checking or importing one.

use super::problem::Inconsistency;
use super::version::{MAX_BUNDLE_BYTES, MAX_LINE_BYTES, VERSION, VERSION_1};
use crate::store::StoreError;

/// Why a bundle could not be written, read or imported.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("cannot read the bundle {path}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write the bundle {path}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the file is larger than {} MiB, far more than any bundle; it is not one",
        MAX_BUNDLE_BYTES >> 20
    )]
    TooLarge,
    #[error(
        "the file ends early (line {line}, column {column}): it was probably cut off while being copied; bundle the results again"
    )]
    Truncated { line: usize, column: usize },
    #[error(
        "the file ends early, after {records} records: it was probably cut off while being copied; bundle the results again"
    )]
    EndsEarly { records: u64 },
    #[error("line {line} is longer than {} MiB, far more than any record; the file is not a bundle", MAX_LINE_BYTES >> 20)]
    LineTooLong { line: u64 },
    #[error("the file is not valid JSON: {0}")]
    Json(String),
    #[error("the file is not a Jaga results bundle ({0})")]
    NotABundle(String),
    #[error(
        "bundle version {found} is not supported: this Jaga reads versions {VERSION_1} to {VERSION}; update Jaga to import it"
    )]
    Version { found: String },
    #[error(
        "checksum mismatch: the payload was changed or damaged after the bundle was written (the file says {stated}, the payload hashes to {actual}); ask for a fresh bundle"
    )]
    Checksum { stated: String, actual: String },
    /// The content breaks a rule of the format; see [`Inconsistency`].
    #[error("the bundle is inconsistent: {0}")]
    Invalid(Inconsistency),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the bundle was stopped before it was complete; no file was written")]
    Stopped,
}

impl crate::i18n::Localized for BundleError {
    fn message(&self) -> crate::i18n::Message {
        use crate::i18n::{Message, io_reason};
        match self {
            Self::Read { path, source } => Message::new("error-bundle-read")
                .with("path", path.as_str())
                .with("reason", io_reason(source)),
            Self::Write { path, source } => Message::new("error-bundle-write")
                .with("path", path.as_str())
                .with("reason", io_reason(source)),
            Self::TooLarge => {
                Message::new("error-bundle-too-large").with("mib", MAX_BUNDLE_BYTES >> 20)
            }
            Self::Truncated { line, column } => Message::new("error-bundle-truncated")
                .with("line", *line)
                .with("column", *column),
            Self::EndsEarly { records } => {
                Message::new("error-bundle-ends-early").with("records", *records)
            }
            Self::LineTooLong { line } => Message::new("error-bundle-line-too-long")
                .with("line", *line)
                .with("mib", MAX_LINE_BYTES >> 20),
            Self::Json(detail) => Message::new("error-bundle-json").with("detail", detail.as_str()),
            Self::NotABundle(detail) => {
                Message::new("error-bundle-not-a-bundle").with("detail", detail.as_str())
            }
            Self::Version { found } => Message::new("error-bundle-version")
                .with("found", found.as_str())
                .with("oldest", VERSION_1)
                .with("newest", VERSION),
            Self::Checksum { .. } => Message::new("error-bundle-checksum"),
            Self::Invalid(inconsistency) => {
                Message::new("error-bundle-invalid").with("detail", inconsistency.to_string())
            }
            Self::Store(error) => error.message(),
            Self::Stopped => Message::new("error-bundle-stopped"),
        }
    }
}

impl From<crate::fsio::WriteError> for BundleError {
    fn from(error: crate::fsio::WriteError) -> Self {
        Self::Write {
            path: error.path.display().to_string(),
            source: error.source,
        }
    }
}

impl From<Inconsistency> for BundleError {
    fn from(inconsistency: Inconsistency) -> Self {
        Self::Invalid(inconsistency)
    }
}

impl BundleError {
    /// The bundle's content is at fault (as opposed to the store or the file system).
    pub fn is_rejection(&self) -> bool {
        !matches!(self, Self::Store(_) | Self::Write { .. } | Self::Stopped)
    }
}
