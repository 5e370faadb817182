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

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::Read as _;
use std::path::Path;

use chrono::{DateTime, Days, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest as _, Sha256};
use uuid::Uuid;

use crate::content::Course;
use crate::engine::PathStep;
use crate::store::bundle::{learner_by_employee_id_in, learner_id_taken_in, stored_attempt_in};
use crate::store::{
    self, AttemptRecord, Learner, NewLearner, ResponseRecord, Store, StoreError, insert_record,
    parse_ts, ts,
};

/// The `format` of every bundle.
pub const FORMAT: &str = "jaga-results-bundle";
/// The bundle version this build writes and reads.
pub const VERSION: u64 = 1;
/// The largest file read as a bundle (1 GiB); a real bundle is far smaller.
pub const MAX_BUNDLE_BYTES: u64 = 1 << 30;
/// How far sums of points may differ from a stated score (floating-point rounding).
const TOLERANCE: f64 = 1e-6;
/// The question kinds the store records.
const KINDS: [&str; 5] = [
    "single_choice",
    "multiple_choice",
    "true_false",
    "scenario",
    "unknown",
];

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
    #[error("the bundle is inconsistent: {0}")]
    Invalid(String),
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
            Self::Invalid(detail) => {
                Message::new("error-bundle-invalid").with("detail", detail.as_str())
            }
            Self::Store(error) => error.message(),
        }
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
            return Err(BundleError::Invalid(format!(
                "unknown field `{extra}` for version {VERSION}"
            )));
        }
        let text = |key: &str| -> Result<&str, BundleError> {
            envelope
                .get(key)
                .and_then(Value::as_str)
                .ok_or_else(|| BundleError::Invalid(format!("`{key}` is missing or not text")))
        };
        let stated = text("sha256")?;
        let payload = envelope
            .get("payload")
            .ok_or_else(|| BundleError::Invalid("`payload` is missing".to_owned()))?;
        let actual = payload_sha256(payload)?;
        if !stated.eq_ignore_ascii_case(&actual) {
            return Err(BundleError::Checksum {
                stated: stated.to_owned(),
                actual,
            });
        }
        let created_at = parse_ts(text("created_at")?)
            .map_err(|e| BundleError::Invalid(format!("`created_at`: {e}")))?;
        let machine = text("machine")?.to_owned();
        if machine.is_empty() || machine.chars().any(char::is_control) {
            return Err(BundleError::Invalid(
                "`machine` is empty or malformed".to_owned(),
            ));
        }
        let payload = Payload::deserialize(payload).map_err(|e| {
            BundleError::Invalid(format!("the payload does not match version {VERSION}: {e}"))
        })?;
        let (learners, attempts) = payload.check(course).map_err(BundleError::Invalid)?;
        Ok(Self {
            created_at,
            machine,
            learners,
            attempts,
            open_attempts_left_out: 0,
        })
    }
}

/// The canonical bytes of a JSON value, the ones the checksum covers: RFC 8785 (JSON
/// Canonicalization Scheme) restricted to what version 1 uses. Object members sorted by
/// key (UTF-16 code units), no whitespace, strings with the minimal escapes (`\"`, `\\`,
/// `\b \f \n \r \t`, other control characters as lowercase `\u00xx`, everything else as
/// UTF-8), integers in plain decimal. Version 1 writes every fraction as a decimal string,
/// so a number with a fraction or exponent is refused rather than guessed at.
pub fn canonical_json(value: &Value) -> Result<Vec<u8>, BundleError> {
    let mut out = Vec::new();
    write_canonical(value, &mut out)?;
    Ok(out)
}

/// The lowercase hex SHA-256 of a payload's canonical bytes.
pub fn payload_sha256(payload: &Value) -> Result<String, BundleError> {
    let bytes = canonical_json(payload)?;
    Ok(crate::content::model::hex(&Sha256::digest(&bytes)))
}

fn write_canonical(value: &Value, out: &mut Vec<u8>) -> Result<(), BundleError> {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                out.extend_from_slice(i.to_string().as_bytes());
            } else if let Some(u) = n.as_u64() {
                out.extend_from_slice(u.to_string().as_bytes());
            } else {
                return Err(BundleError::Invalid(format!(
                    "the number {n} is not an integer; version {VERSION} writes fractions as decimal strings"
                )));
            }
        }
        Value::String(s) => {
            serde_json::to_writer(&mut *out, s).map_err(|e| BundleError::Json(e.to_string()))?;
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_canonical(item, out)?;
            }
            out.push(b']');
        }
        Value::Object(members) => {
            let mut keys: Vec<&String> = members.keys().collect();
            keys.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
            out.push(b'{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                serde_json::to_writer(&mut *out, key)
                    .map_err(|e| BundleError::Json(e.to_string()))?;
                out.push(b':');
                if let Some(member) = members.get(key) {
                    write_canonical(member, out)?;
                }
            }
            out.push(b'}');
        }
    }
    Ok(())
}

/// A difference between a bundle and the store that the import did not resolve by
/// overwriting: the store's version was kept.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Conflict {
    /// The employee ID has a profile here with another name or department. The profile
    /// here was kept, and the bundle's attempts were recorded under it.
    Profile {
        employee_id: String,
        name_here: String,
        name_in_bundle: String,
        department_here: Option<String>,
        department_in_bundle: Option<String>,
    },
    /// An attempt with this id is already stored with different facts. The stored one
    /// was kept and the bundle's left out.
    Attempt {
        attempt_id: Uuid,
        employee_id: String,
        module_id: String,
    },
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Profile {
                employee_id,
                name_here,
                name_in_bundle,
                department_here,
                department_in_bundle,
            } => {
                let show = |name: &str, department: &Option<String>| match department {
                    Some(d) => format!("\"{name}\" ({d})"),
                    None => format!("\"{name}\" (no department)"),
                };
                write!(
                    f,
                    "employee {employee_id} is {} here but {} in the bundle; kept the profile here and recorded the attempts under it",
                    show(name_here, department_here),
                    show(name_in_bundle, department_in_bundle)
                )
            }
            Self::Attempt {
                attempt_id,
                employee_id,
                module_id,
            } => write!(
                f,
                "attempt {attempt_id} (employee {employee_id}, module {module_id}) is already stored with different results; kept the stored one"
            ),
        }
    }
}

/// What importing one bundle did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportReport {
    /// The machine that wrote the bundle, and when.
    pub machine: String,
    pub created_at: DateTime<Utc>,
    /// Profiles created for employee IDs new to this store.
    pub learners_added: usize,
    /// Bundled profiles matched to a profile here by employee ID.
    pub learners_matched: usize,
    pub attempts_added: usize,
    /// Attempts whose UUID was already stored with the same results.
    pub attempts_present: usize,
    /// Attempts finished before this store's retention period, left out because they
    /// would be purged at once.
    pub attempts_past_retention: usize,
    pub conflicts: Vec<Conflict>,
}

impl ImportReport {
    /// The import wrote nothing (a repeat import, or only conflicts).
    pub fn changed_nothing(&self) -> bool {
        self.learners_added == 0 && self.attempts_added == 0
    }
}

/// Reads, checks and imports one bundle file; see [`import`].
pub fn import_file(
    store: &mut Store,
    path: &Path,
    course: Option<&Course>,
    now: DateTime<Utc>,
) -> Result<ImportReport, BundleError> {
    let bundle = Bundle::read(path, course)?;
    import(store, &bundle, now)
}

/// Merges a checked bundle into `store` in one transaction: all of it or, on any error,
/// none of it.
///
/// - A learner is matched by employee ID. A new employee ID gets a profile with the
///   bundle's opaque id (or, if another profile here has that id, one derived from the
///   machine and the id). A matched profile is never changed; if its name or department
///   differs, the difference is reported as a [`Conflict::Profile`] and the attempts are
///   recorded under the profile here.
/// - An attempt is keyed by its UUID: one already stored with the same results counts as
///   present; one stored with different results is reported as a [`Conflict::Attempt`]
///   and left as it is. Attempts finished before the store's retention period are left
///   out, since opening the store would purge them.
pub fn import(
    store: &mut Store,
    bundle: &Bundle,
    now: DateTime<Utc>,
) -> Result<ImportReport, BundleError> {
    let cutoff = store.retention_days()?.map(|days| {
        now.checked_sub_days(Days::new(u64::from(days)))
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    });
    let report = store.transact(|tx| {
        let mut report = ImportReport {
            machine: bundle.machine.clone(),
            created_at: bundle.created_at,
            learners_added: 0,
            learners_matched: 0,
            attempts_added: 0,
            attempts_present: 0,
            attempts_past_retention: 0,
            conflicts: Vec::new(),
        };
        // Bundle learner id → (learner id here, employee ID).
        let mut here: HashMap<&str, (String, &str)> = HashMap::new();
        for learner in &bundle.learners {
            let local_id = match learner_by_employee_id_in(tx, &learner.employee_id)? {
                Some(existing) => {
                    report.learners_matched += 1;
                    if existing.display_name != learner.display_name
                        || existing.department != learner.department
                    {
                        report.conflicts.push(Conflict::Profile {
                            employee_id: learner.employee_id.clone(),
                            name_here: existing.display_name.clone(),
                            name_in_bundle: learner.display_name.clone(),
                            department_here: existing.department.clone(),
                            department_in_bundle: learner.department.clone(),
                        });
                    }
                    existing.id
                }
                None => {
                    let mut id = learner.id.clone();
                    if learner_id_taken_in(tx, &id)? {
                        id = Uuid::new_v5(
                            &Uuid::NAMESPACE_OID,
                            format!("jaga-bundle/{}/{}", bundle.machine, learner.id).as_bytes(),
                        )
                        .to_string();
                        if learner_id_taken_in(tx, &id)? {
                            return Err(StoreError::Invalid(format!(
                                "no free id for employee {}",
                                learner.employee_id
                            )));
                        }
                    }
                    store::learners::insert_learner(
                        tx,
                        &Learner {
                            id: id.clone(),
                            ..learner.clone()
                        },
                    )?;
                    report.learners_added += 1;
                    id
                }
            };
            here.insert(
                learner.id.as_str(),
                (local_id, learner.employee_id.as_str()),
            );
        }
        for attempt in &bundle.attempts {
            let Some((learner_id, employee_id)) = here.get(attempt.learner_id.as_str()) else {
                return Err(StoreError::Invalid(format!(
                    "attempt {} belongs to no bundled learner",
                    attempt.id
                )));
            };
            if cutoff.is_some_and(|cutoff| attempt.finished < cutoff) {
                report.attempts_past_retention += 1;
                continue;
            }
            match stored_attempt_in(tx, attempt.id)? {
                Some(stored) => {
                    if same_attempt(&stored, attempt, learner_id) {
                        report.attempts_present += 1;
                    } else {
                        report.conflicts.push(Conflict::Attempt {
                            attempt_id: attempt.id,
                            employee_id: (*employee_id).to_owned(),
                            module_id: attempt.module_id.clone(),
                        });
                    }
                }
                None => {
                    insert_record(
                        tx,
                        &AttemptRecord {
                            learner_id: learner_id.clone(),
                            ..attempt.clone()
                        },
                    )?;
                    report.attempts_added += 1;
                }
            }
        }
        Ok(report)
    })?;
    Ok(report)
}

fn same_attempt(
    stored: &store::bundle::StoredAttempt,
    bundled: &AttemptRecord,
    learner_id: &str,
) -> bool {
    stored.learner_id == learner_id
        && stored.module_id == bundled.module_id
        && stored.revision == bundled.revision
        && stored.language == bundled.language
        && stored.seed == bundled.seed
        && stored.started == bundled.started
        && stored.finished == bundled.finished
        && stored.passed == bundled.passed
        && stored.item_count == bundled.responses.len()
        && close(stored.score_raw, bundled.score_raw)
        && close(stored.score_max, bundled.score_max)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOLERANCE * a.abs().max(b.abs()).max(1.0)
}

// ---- The file format (version 1). Field names are the format; see docs/bundle-format.md.

#[derive(Serialize)]
struct Envelope<'a> {
    format: &'a str,
    version: u64,
    created_at: String,
    machine: &'a str,
    payload: &'a Payload,
    sha256: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Payload {
    learners: Vec<WireLearner>,
    attempts: Vec<WireAttempt>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WireLearner {
    id: String,
    employee_id: String,
    display_name: String,
    department: Option<String>,
    created_at: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WireAttempt {
    id: String,
    learner_id: String,
    module_id: String,
    revision: String,
    language: String,
    /// The u64 seed in decimal, as text: JSON readers differ above 2^53.
    seed: String,
    mode: String,
    started_at: String,
    finished_at: String,
    duration_ms: i64,
    /// Decimal text that reads back as the exact same binary64 value.
    score_raw: String,
    score_max: String,
    passed: bool,
    responses: Vec<WireResponse>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WireResponse {
    position: u64,
    question_id: String,
    kind: String,
    choice_order: Vec<String>,
    chosen: Vec<String>,
    ending: Option<String>,
    correct: bool,
    points: String,
    max_points: String,
    backs: u32,
    path: Vec<WireStep>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WireStep {
    node: String,
    choice: String,
    points: i32,
}

impl From<&Learner> for WireLearner {
    fn from(learner: &Learner) -> Self {
        Self {
            id: learner.id.clone(),
            employee_id: learner.employee_id.clone(),
            display_name: learner.display_name.clone(),
            department: learner.department.clone(),
            created_at: ts(learner.created),
        }
    }
}

/// A score as decimal text: Rust prints the shortest text that parses back to the same
/// binary64 value, and parsing is correctly rounded, so the value survives exactly.
fn decimal(value: f64, what: &str, attempt: Uuid) -> Result<String, BundleError> {
    if value.is_finite() {
        Ok(format!("{value}"))
    } else {
        Err(BundleError::Invalid(format!(
            "attempt {attempt}: the stored {what} is not a number"
        )))
    }
}

impl TryFrom<&AttemptRecord> for WireAttempt {
    type Error = BundleError;

    fn try_from(a: &AttemptRecord) -> Result<Self, BundleError> {
        Ok(Self {
            id: a.id.to_string(),
            learner_id: a.learner_id.clone(),
            module_id: a.module_id.clone(),
            revision: a.revision.clone(),
            language: a.language.clone(),
            seed: a.seed.to_string(),
            mode: a.mode.clone(),
            started_at: ts(a.started),
            finished_at: ts(a.finished),
            duration_ms: a.duration_ms,
            score_raw: decimal(a.score_raw, "score", a.id)?,
            score_max: decimal(a.score_max, "maximum score", a.id)?,
            passed: a.passed,
            responses: a
                .responses
                .iter()
                .map(|r| {
                    Ok(WireResponse {
                        position: u64::try_from(r.position).unwrap_or(u64::MAX),
                        question_id: r.question_id.clone(),
                        kind: r.kind.clone(),
                        choice_order: r.choice_order.clone(),
                        chosen: r.chosen.clone(),
                        ending: r.ending.clone(),
                        correct: r.correct,
                        points: decimal(r.points, "points", a.id)?,
                        max_points: decimal(r.max_points, "maximum points", a.id)?,
                        backs: r.backs,
                        path: r
                            .path
                            .iter()
                            .map(|s| WireStep {
                                node: s.node.clone(),
                                choice: s.choice.clone(),
                                points: s.points,
                            })
                            .collect(),
                    })
                })
                .collect::<Result<_, BundleError>>()?,
        })
    }
}

/// Text that identifies something: present, not too long, no control characters.
fn check_id(value: &str, what: &str) -> Result<(), String> {
    if value.is_empty() {
        return Err(format!("{what} is empty"));
    }
    if value.chars().count() > 200 || value.chars().any(char::is_control) {
        return Err(format!("{what} `{}` is malformed", value.escape_debug()));
    }
    Ok(())
}

fn parse_decimal(text: &str, what: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(value),
        _ => Err(format!("{what} `{}` is not a number", text.escape_debug())),
    }
}

fn parse_time(text: &str, what: &str) -> Result<DateTime<Utc>, String> {
    parse_ts(text).map_err(|_| format!("{what} `{}` is not an RFC 3339 time", text.escape_debug()))
}

impl Payload {
    /// Turns the file's records into checked store records; the first problem is returned
    /// with the learner or attempt it concerns.
    fn check(self, course: Option<&Course>) -> Result<(Vec<Learner>, Vec<AttemptRecord>), String> {
        let mut employees: HashMap<String, String> = HashMap::new();
        let mut employee_ids: HashSet<String> = HashSet::new();
        let mut learners = Vec::with_capacity(self.learners.len());
        for wire in self.learners {
            let who = format!("learner {}", wire.employee_id.escape_debug());
            let clean = NewLearner {
                employee_id: wire.employee_id.clone(),
                display_name: wire.display_name.clone(),
                department: wire.department.clone(),
            };
            let checked = clean.validated().map_err(|e| format!("{who}: {e}"))?;
            if checked != clean {
                return Err(format!(
                    "{who}: a field has surrounding spaces or an empty department"
                ));
            }
            check_id(&wire.id, "the learner id").map_err(|e| format!("{who}: {e}"))?;
            let created =
                parse_time(&wire.created_at, "created_at").map_err(|e| format!("{who}: {e}"))?;
            if !employee_ids.insert(wire.employee_id.clone()) {
                return Err(format!("{who} appears twice"));
            }
            if employees
                .insert(wire.id.clone(), wire.employee_id.clone())
                .is_some()
            {
                return Err(format!("{who}: learner id {} appears twice", wire.id));
            }
            learners.push(Learner {
                id: wire.id,
                employee_id: wire.employee_id,
                display_name: wire.display_name,
                department: wire.department,
                created,
            });
        }
        let mut attempt_ids = HashSet::new();
        let mut attempts = Vec::with_capacity(self.attempts.len());
        for wire in self.attempts {
            let who = format!("attempt {}", wire.id.escape_debug());
            let attempt =
                check_attempt(wire, &employees, course).map_err(|e| format!("{who}: {e}"))?;
            if !attempt_ids.insert(attempt.id) {
                return Err(format!("{who} appears twice"));
            }
            attempts.push(attempt);
        }
        Ok((learners, attempts))
    }
}

fn check_attempt(
    wire: WireAttempt,
    employees: &HashMap<String, String>,
    course: Option<&Course>,
) -> Result<AttemptRecord, String> {
    let id = Uuid::parse_str(&wire.id).map_err(|_| "the id is not a UUID".to_owned())?;
    if !employees.contains_key(&wire.learner_id) {
        return Err(format!(
            "its learner id {} is not among the bundle's learners",
            wire.learner_id.escape_debug()
        ));
    }
    check_id(&wire.module_id, "the module id")?;
    check_id(&wire.revision, "the revision")?;
    check_id(&wire.language, "the language")?;
    if wire.mode != "graded" {
        return Err(format!(
            "mode `{}`: only graded attempts are results (practice is never bundled)",
            wire.mode.escape_debug()
        ));
    }
    let seed: u64 = wire
        .seed
        .parse()
        .map_err(|_| format!("seed `{}` is not a whole number", wire.seed.escape_debug()))?;
    let started = parse_time(&wire.started_at, "started_at")?;
    let finished = parse_time(&wire.finished_at, "finished_at")?;
    if finished < started {
        return Err("it finished before it started".to_owned());
    }
    if wire.duration_ms < 0 {
        return Err("its duration is negative".to_owned());
    }
    let score_raw = parse_decimal(&wire.score_raw, "score_raw")?;
    let score_max = parse_decimal(&wire.score_max, "score_max")?;
    if score_raw < 0.0 || score_max < 0.0 || score_raw > score_max + TOLERANCE {
        return Err(format!("score {score_raw} of {score_max} is impossible"));
    }
    let mut responses = Vec::with_capacity(wire.responses.len());
    let (mut earned, mut possible) = (0.0, 0.0);
    for (expected, r) in wire.responses.into_iter().enumerate() {
        let at = format!("response {expected}");
        if usize::try_from(r.position).ok() != Some(expected) {
            return Err(format!(
                "{at} has position {}: positions must run 0, 1, 2, …",
                r.position
            ));
        }
        check_id(&r.question_id, "the question id").map_err(|e| format!("{at}: {e}"))?;
        if !KINDS.contains(&r.kind.as_str()) {
            return Err(format!(
                "{at}: unknown question kind `{}`",
                r.kind.escape_debug()
            ));
        }
        let points = parse_decimal(&r.points, "points").map_err(|e| format!("{at}: {e}"))?;
        let max_points =
            parse_decimal(&r.max_points, "max_points").map_err(|e| format!("{at}: {e}"))?;
        if points < 0.0 || max_points < 0.0 || points > max_points + TOLERANCE {
            return Err(format!(
                "{at}: {points} of {max_points} points is impossible"
            ));
        }
        if r.correct && !close(points, max_points) {
            return Err(format!(
                "{at}: marked correct with {points} of {max_points} points"
            ));
        }
        if r.kind == "scenario" {
            if r.ending.is_none() || !r.chosen.is_empty() {
                return Err(format!(
                    "{at}: a scenario answer needs an ending and no chosen choices"
                ));
            }
        } else if r.kind != "unknown" {
            if r.ending.is_some() || !r.path.is_empty() || r.backs != 0 {
                return Err(format!(
                    "{at}: a choice answer has a scenario ending or path"
                ));
            }
            if let Some(c) = r.chosen.iter().find(|c| !r.choice_order.contains(c)) {
                return Err(format!(
                    "{at}: chose `{}`, which was not shown",
                    c.escape_debug()
                ));
            }
        }
        earned += points;
        possible += max_points;
        responses.push(ResponseRecord {
            position: expected,
            question_id: r.question_id,
            kind: r.kind,
            choice_order: r.choice_order,
            chosen: r.chosen,
            ending: r.ending,
            correct: r.correct,
            points,
            max_points,
            path: r
                .path
                .into_iter()
                .map(|s| PathStep {
                    node: s.node,
                    choice: s.choice,
                    points: s.points,
                })
                .collect(),
            backs: r.backs,
        });
    }
    if !close(earned, score_raw) || !close(possible, score_max) {
        return Err(format!(
            "its responses add up to {earned} of {possible} points, but it says {score_raw} of {score_max}"
        ));
    }
    if let Some(module) = course
        .and_then(|c| c.module(&wire.module_id))
        .filter(|m| m.revision.0 == wire.revision)
    {
        let percent = if score_max > 0.0 {
            score_raw / score_max * 100.0
        } else {
            0.0
        };
        // The engine's own rule (see `Attempt::outcome`).
        let should_pass = percent + 1e-9 >= f64::from(module.assessment.pass_mark);
        if should_pass != wire.passed {
            return Err(format!(
                "it is marked {} with {percent:.1}%, but module {} needs {}%",
                if wire.passed { "passed" } else { "failed" },
                module.id,
                module.assessment.pass_mark
            ));
        }
    }
    Ok(AttemptRecord {
        id,
        learner_id: wire.learner_id,
        module_id: wire.module_id,
        revision: wire.revision,
        language: wire.language,
        seed,
        mode: wire.mode,
        started,
        finished,
        duration_ms: wire.duration_ms,
        score_raw,
        score_max,
        passed: wire.passed,
        responses,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(text: &str) -> String {
        let value: Value = serde_json::from_str(text).unwrap();
        String::from_utf8(canonical_json(&value).unwrap()).unwrap()
    }

    #[test]
    fn canonical_form_sorts_keys_and_drops_whitespace() {
        assert_eq!(
            canonical(r#"{ "b": [1, {"z": null, "a": true}], "a": "x" }"#),
            r#"{"a":"x","b":[1,{"a":true,"z":null}]}"#
        );
    }

    #[test]
    fn canonical_form_escapes_strings_as_rfc_8785_does() {
        assert_eq!(
            canonical(r#"["\u0041\n\u001f\"\\/€\u007f"]"#),
            "[\"A\\n\\u001f\\\"\\\\/€\u{7f}\"]"
        );
    }

    #[test]
    fn canonical_form_sorts_keys_by_utf16_code_units() {
        // U+FB01 sorts after U+1F600 in UTF-16 (a surrogate pair starts with 0xD83D).
        assert_eq!(
            canonical("{\"\u{fb01}\": 1, \"\u{1f600}\": 2}"),
            "{\"\u{1f600}\":2,\"\u{fb01}\":1}"
        );
    }

    #[test]
    fn canonical_form_refuses_fractions() {
        let value: Value = serde_json::from_str("[1.5]").unwrap();
        assert!(canonical_json(&value).is_err());
        assert_eq!(
            canonical("[-3, 18446744073709551615]"),
            "[-3,18446744073709551615]"
        );
    }

    #[test]
    fn decimals_survive_exactly() {
        for value in [0.0, 2.0 / 3.0, 0.1 + 0.2, 7.5, 1e-7, 123_456.789] {
            let text = decimal(value, "score", Uuid::nil()).unwrap();
            assert_eq!(
                parse_decimal(&text, "score").unwrap().to_bits(),
                value.to_bits()
            );
        }
    }
}
