//! A version 1 bundle (one JSON document): read from a file whole and checked before
//! anything trusts it. Jaga writes version 2 now (see `stream`); bundles written by an
//! earlier Jaga still import through here.

use std::fs::File;
use std::io::Read as _;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Deserialize as _;
use serde_json::Value;

use super::canonical::payload_sha256;
use super::error::BundleError;
use super::problem::{Inconsistency, Problem};
use super::version::{FORMAT, MAX_BUNDLE_BYTES, VERSION_1};
use super::wire::Payload;
use crate::content::Course;
use crate::store::{AttemptRecord, Learner, parse_ts};

/// Opens a bundle to read, refusing anything but a regular file (a folder, a device, a
/// pipe that would never end).
pub(super) fn open_regular(path: &Path) -> Result<File, BundleError> {
    let read_error = |source| BundleError::Read {
        path: path.display().to_string(),
        source,
    };
    let file = File::open(path).map_err(read_error)?;
    let meta = file.metadata().map_err(read_error)?;
    if !meta.is_file() {
        return Err(read_error(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        )));
    }
    Ok(file)
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
    /// Reads and checks a version 1 bundle file; see [`Bundle::parse`].
    pub fn read(path: &Path, course: Option<&Course>) -> Result<Self, BundleError> {
        let read_error = |source| BundleError::Read {
            path: path.display().to_string(),
            source,
        };
        let file = open_regular(path)?;
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
        // A byte order mark some editors add is not part of the JSON.
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
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
            Some(Value::Number(n)) if n.as_u64() == Some(VERSION_1) => {}
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
