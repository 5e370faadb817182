//! Results bundles: how results travel from learners' laptops to a manager's Jaga.
//!
//! Learners train offline on their own machines, so a manager gathers results by hand.
//! `jaga bundle` writes a machine's learners and finished attempts (every response and
//! scenario path, with their original ids) as one versioned JSON file whose payload is
//! covered by a SHA-256 checksum over a canonical form. `jaga import` checks a bundle whole
//! (JSON, format, version, checksum, every attempt's arithmetic) before touching the store,
//! then merges it in one transaction: attempts keyed by their UUID so a second import
//! changes nothing, learners matched by employee ID, and the manager's profiles never
//! overwritten (a difference is reported as a conflict). The file format and the rules are
//! documented in `docs/bundle-format.md`.
//!
//! The code follows the same seams: `wire` is the file format's types, `canonical` the
//! bytes the checksum covers, `check` turns the file's records into checked store records,
//! and `import` merges a checked bundle into a store. This file holds the bundle itself:
//! reading, writing and parsing a file, and the errors all of them share.

mod canonical;
mod check;
mod import;
mod wire;

use std::io::Read as _;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Deserialize as _;
use serde_json::Value;
use uuid::Uuid;

pub use self::canonical::{canonical_json, payload_sha256};
pub use self::check::{Identifier, Inconsistency, Problem, Subject};
pub use self::import::{Conflict, ImportReport, import, import_file};
use self::wire::{Envelope, Payload, WireAttempt, WireLearner};
use crate::content::Course;
use crate::store::{AttemptRecord, Learner, Store, StoreError, parse_ts, ts};

/// The `format` of every bundle.
pub const FORMAT: &str = "jaga-results-bundle";
/// The bundle version this build writes and reads.
pub const VERSION: u64 = 1;
/// The largest file read as a bundle (1 GiB); a real bundle is far smaller.
pub const MAX_BUNDLE_BYTES: u64 = 1 << 30;
/// How far sums of points may differ from a stated score (floating-point rounding).
const TOLERANCE: f64 = 1e-6;

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
    #[error("the file is not valid JSON: {0}")]
    Json(String),
    #[error("the file is not a Jaga results bundle ({0})")]
    NotABundle(String),
    #[error(
        "bundle version {found} is not supported: this Jaga reads version {VERSION}; update Jaga to import it"
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
            Self::Json(detail) => Message::new("error-bundle-json").with("detail", detail.as_str()),
            Self::NotABundle(detail) => {
                Message::new("error-bundle-not-a-bundle").with("detail", detail.as_str())
            }
            Self::Version { found } => Message::new("error-bundle-version")
                .with("found", found.as_str())
                .with("supported", VERSION),
            Self::Checksum { .. } => Message::new("error-bundle-checksum"),
            Self::Invalid(inconsistency) => {
                Message::new("error-bundle-invalid").with("detail", inconsistency.to_string())
            }
            Self::Store(error) => error.message(),
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
        !matches!(self, Self::Store(_) | Self::Write { .. })
    }
}

/// A bundle: one machine's learners and finished attempts at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct Bundle {
    pub created_at: DateTime<Utc>,
    /// The opaque id of the machine that wrote it.
    pub machine: String,
    pub learners: Vec<Learner>,
    /// Finished graded attempts with every response and scenario path.
    pub attempts: Vec<AttemptRecord>,
    /// Open attempts in the store that were left out (0 for a bundle read from a file).
    pub open_attempts_left_out: usize,
}

impl Bundle {
    /// Reads this machine's results from `store`. `fresh_machine_id` becomes the
    /// machine's id the first time a bundle is made (a random UUID in the app).
    pub fn from_store(
        store: &mut Store,
        fresh_machine_id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Self, BundleError> {
        let machine = store.machine_id(fresh_machine_id)?;
        let results = store.results()?;
        Ok(Self {
            created_at: now,
            machine,
            learners: results.learners,
            attempts: results.attempts,
            open_attempts_left_out: results.open_attempts,
        })
    }

    /// The bundle as the bytes of its file: pretty JSON with the checksum filled in.
    pub fn to_bytes(&self) -> Result<Vec<u8>, BundleError> {
        let payload = Payload {
            learners: self.learners.iter().map(WireLearner::from).collect(),
            attempts: self
                .attempts
                .iter()
                .map(WireAttempt::try_from)
                .collect::<Result<_, _>>()?,
        };
        let value = serde_json::to_value(&payload).map_err(|e| BundleError::Json(e.to_string()))?;
        let sha256 = payload_sha256(&value)?;
        let envelope = Envelope {
            format: FORMAT,
            version: VERSION,
            created_at: ts(self.created_at),
            machine: &self.machine,
            payload: &payload,
            sha256,
        };
        let mut bytes =
            serde_json::to_vec_pretty(&envelope).map_err(|e| BundleError::Json(e.to_string()))?;
        bytes.push(b'\n');
        Ok(bytes)
    }

    /// Writes the bundle to `path` whole or not at all (a temporary file, then a rename).
    pub fn write(&self, path: &Path) -> Result<(), BundleError> {
        let bytes = self.to_bytes()?;
        crate::fsio::write_bytes(path, &bytes).map_err(|e| BundleError::Write {
            path: e.path.display().to_string(),
            source: e.source,
        })
    }

    /// Reads and checks a bundle file; see [`Bundle::parse`].
    pub fn read(path: &Path, course: Option<&Course>) -> Result<Self, BundleError> {
        let read_error = |source| BundleError::Read {
            path: path.display().to_string(),
            source,
        };
        let file = std::fs::File::open(path).map_err(read_error)?;
        let mut bytes = Vec::new();
        file.take(MAX_BUNDLE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(read_error)?;
        if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_BUNDLE_BYTES {
            return Err(BundleError::TooLarge);
        }
        Self::parse(&bytes, course)
    }

    /// Checks a bundle whole: JSON, format, version, checksum, then every learner and
    /// attempt (ids, times, and that each attempt's responses add up to its score). With
    /// `course`, an attempt on a module of the same revision must also agree with the
    /// module's pass mark. Nothing is written.
    pub fn parse(bytes: &[u8], course: Option<&Course>) -> Result<Self, BundleError> {
        let value: Value = serde_json::from_slice(bytes).map_err(|e| match e.classify() {
            serde_json::error::Category::Eof => BundleError::Truncated {
                line: e.line(),
                column: e.column(),
            },
            _ => BundleError::Json(e.to_string()),
        })?;
        let invalid = |problem| BundleError::Invalid(Inconsistency::bundle(problem));
        let Value::Object(envelope) = &value else {
            return Err(BundleError::NotABundle(
                "it is not a JSON object".to_owned(),
            ));
        };
        match envelope.get("format") {
            Some(Value::String(format)) if format == FORMAT => {}
            Some(other) => {
                return Err(BundleError::NotABundle(format!(
                    "its format is {other}, not \"{FORMAT}\""
                )));
            }
            None => return Err(BundleError::NotABundle("it has no `format`".to_owned())),
        }
        match envelope.get("version") {
            Some(Value::Number(n)) if n.as_u64() == Some(VERSION) => {}
            Some(other) => {
                return Err(BundleError::Version {
                    found: other.to_string(),
                });
            }
            None => return Err(BundleError::NotABundle("it has no `version`".to_owned())),
        }
        let known = [
            "format",
            "version",
            "created_at",
            "machine",
            "payload",
            "sha256",
        ];
        if let Some(extra) = envelope.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(invalid(Problem::UnknownField {
                field: extra.clone(),
            }));
        }
        let text = |field: &'static str| -> Result<&str, BundleError> {
            envelope
                .get(field)
                .and_then(Value::as_str)
                .ok_or_else(|| invalid(Problem::NotText { field }))
        };
        let stated = text("sha256")?;
        let payload = envelope
            .get("payload")
            .ok_or_else(|| invalid(Problem::NoPayload))?;
        let actual = payload_sha256(payload)?;
        if !stated.eq_ignore_ascii_case(&actual) {
            return Err(BundleError::Checksum {
                stated: stated.to_owned(),
                actual,
            });
        }
        let created_at =
            parse_ts(text("created_at")?).map_err(|e| invalid(Problem::CreatedAt(e)))?;
        let machine = text("machine")?.to_owned();
        if machine.is_empty() || machine.chars().any(char::is_control) {
            return Err(invalid(Problem::Machine));
        }
        let payload = Payload::deserialize(payload).map_err(|e| {
            invalid(Problem::Shape {
                detail: e.to_string(),
            })
        })?;
        let (learners, attempts) = payload.check(course)?;
        Ok(Self {
            created_at,
            machine,
            learners,
            attempts,
            open_attempts_left_out: 0,
        })
    }
}
