//! A version 1 bundle (one JSON document): read from a file whole and checked before
//! anything trusts it. Jaga writes version 2 now (see `stream`); bundles written by an
//! earlier Jaga still import through here.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Read as _;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde_json::Value;
use serde_json::value::RawValue;

use super::canonical::payload_sha256;
use super::check::parse_time;
use super::error::BundleError;
use super::problem::{Inconsistency, Problem};
use super::version::{FORMAT, MAX_BUNDLE_BYTES, VERSION_1};
use super::wire::Payload;
use crate::content::Course;
use crate::store::{AttemptRecord, Learner, RefresherRecord};

/// Opens a bundle to read, refusing anything but a regular file (a folder, a device, a
/// pipe that would never end) before opening it.
pub(super) fn open_regular(path: &Path) -> Result<File, BundleError> {
    crate::fsio::open_regular(path).map_err(|source| BundleError::Read {
        path: path.display().to_string(),
        source,
    })
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
    /// Refreshers with their answers (none in a version 1 bundle).
    pub refreshers: Vec<RefresherRecord>,
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

    /// Checks a bundle whole: JSON, format, version, the payload's shape, checksum, then
    /// every learner and attempt (ids, times, and that each attempt's responses add up to
    /// its score). With `course`, an attempt on a module of the same revision must also
    /// agree with the module's pass mark. Nothing is written.
    ///
    /// The envelope is read as its members' raw text, and the payload into the format's
    /// typed records: a file that is not a bundle (say, a huge array of numbers) is refused
    /// at its first wrong byte, without a tree of the whole file in memory.
    pub fn parse(bytes: &[u8], course: Option<&Course>) -> Result<Self, BundleError> {
        // A byte order mark some editors add is not part of the JSON.
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let envelope: BTreeMap<String, &RawValue> =
            serde_json::from_slice(bytes).map_err(|e| match e.classify() {
                serde_json::error::Category::Eof => BundleError::Truncated {
                    line: e.line(),
                    column: e.column(),
                },
                serde_json::error::Category::Data => {
                    BundleError::NotABundle("it is not a JSON object".to_owned())
                }
                _ => BundleError::Json(e.to_string()),
            })?;
        let invalid = |problem| BundleError::Invalid(Inconsistency::bundle(problem));
        match envelope.get("format").map(|raw| small(raw)) {
            Some(Some(Value::String(format))) if format == FORMAT => {}
            Some(other) => {
                let shown = other.map_or_else(|| "too long to show".to_owned(), |v| v.to_string());
                return Err(BundleError::NotABundle(format!(
                    "its format is {shown}, not \"{FORMAT}\""
                )));
            }
            None => return Err(BundleError::NotABundle("it has no `format`".to_owned())),
        }
        match envelope.get("version").map(|raw| small(raw)) {
            Some(Some(Value::Number(n))) if n.as_u64() == Some(VERSION_1) => {}
            Some(other) => {
                return Err(BundleError::Version {
                    found: other.map_or_else(|| "?".to_owned(), |v| v.to_string()),
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
        let text = |field: &'static str| -> Result<String, BundleError> {
            envelope
                .get(field)
                .and_then(|raw| serde_json::from_str::<String>(raw.get()).ok())
                .ok_or_else(|| invalid(Problem::NotText { field }))
        };
        let stated = text("sha256")?;
        let raw_payload = envelope
            .get("payload")
            .ok_or_else(|| invalid(Problem::NoPayload))?;
        // The typed records first: only a payload of the right shape is read as a tree,
        // for its canonical bytes.
        let payload: Payload = serde_json::from_str(raw_payload.get()).map_err(|e| {
            invalid(Problem::Shape {
                detail: e.to_string(),
            })
        })?;
        let tree: Value = serde_json::from_str(raw_payload.get())
            .map_err(|e| BundleError::Json(e.to_string()))?;
        let actual = payload_sha256(&tree)?;
        drop(tree);
        if !stated.eq_ignore_ascii_case(&actual) {
            return Err(BundleError::Checksum { stated, actual });
        }
        let created_at = parse_time(&text("created_at")?, "created_at").map_err(invalid)?;
        let machine = text("machine")?;
        if machine.is_empty() || machine.chars().any(char::is_control) {
            return Err(invalid(Problem::Machine));
        }
        let (learners, attempts) = payload.check(course)?;
        Ok(Self {
            created_at,
            machine,
            learners,
            attempts,
            refreshers: Vec::new(),
            open_attempts_left_out: 0,
        })
    }
}

/// A small member of the envelope as a JSON value, or `None` when it is too long to be
/// one the format allows (so that a huge `format` is never read as a tree).
fn small(raw: &RawValue) -> Option<Value> {
    if raw.get().len() > 256 {
        return None;
    }
    serde_json::from_str(raw.get()).ok()
}
