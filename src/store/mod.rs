//! The results store: one SQLite file on the learner's machine.
//!
//! It keeps only what the training needs (see `docs/data.md`) and never loses an
//! attempt: every write runs in a transaction ([`Store::transact`]), the journal is WAL
//! with `synchronous=FULL`, progress is committed after every answer, and a finished
//! attempt is committed with all its responses at once. A damaged file is moved aside,
//! never overwritten, and a fresh store takes its place.
//!
//! Opening takes the same time at a thousand attempts as at a million: it reads the
//! header and the schema, nothing more. The whole-file check and the retention purge run
//! when they are due and asked for ([`health`], [`Store::check`], [`Store::apply_retention`]),
//! and summaries kept by triggers (`sql/004_scale.sql`) answer the reports without reading
//! every attempt.

mod access;
mod assignments;
mod attempts;
pub mod bundle;
pub mod figures;
pub mod health;
pub mod learners;
mod lock;
mod nudges;
mod outbox;
pub mod plans;
mod private;
pub mod progress;
mod reading;
pub mod refresher_results;
pub mod retention;
mod reviews;
mod rights;
pub mod schema;
mod settings;
mod summaries;
mod tracks;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags, Transaction};

pub use access::{Access, MIN_PIN_CHARS};
pub use assignments::{Assignment, due_dates_for};
pub use attempts::{
    AttemptRecord, ResponseRecord, discard_open_attempt_in, insert_record, record_finished_in,
    save_progress_in,
};
pub use health::{CheckDue, CheckOutcome};
pub use learners::{Learner, NewLearner};
pub use lock::{MIN_PASSPHRASE_CHARS, Unlock, delay_after};
pub use outbox::{AttemptStatements, OutboxCounts, QueuedStatement};
pub use progress::{Counting, LearnerFacts, LearnerOrder, LearnerQuery, PairFacts};
pub use refresher_results::{RefresherStatement, RefresherTally, UnqueuedAnswer};
pub use reviews::{
    RETENTION_KEY as REFRESHER_RETENTION_KEY, RefresherAnswerRecord, RefresherRecord,
    enqueue_after_attempt_in, insert_answer as insert_refresher_answer, record_refresher_answer_in,
    review_items_in, upsert_item as upsert_review_item_in,
};
pub use rights::{ErasureReport, LearnerExport};
pub use schema::LATEST_VERSION;
pub use settings::{Overrides, keys};
pub use summaries::{
    AttemptSummary, ChoiceTally, OpenProgress, QuestionTally, StepTally, WeekTally,
};
pub use tracks::{Required, TrackAssignment, required_modules, track_dates_for};

/// The file name of the store inside the data folder.
pub const FILE_NAME: &str = "jaga.sqlite3";

/// `PRAGMA application_id` of a Jaga store ('JAGA'), to tell it from other SQLite files.
pub const APPLICATION_ID: i32 = 0x4A41_4741;

/// How long a write waits for another Jaga process holding the database.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "Jaga's data is in use by another Jaga window or process; close it and try again ({path})"
    )]
    InUse { path: String },
    #[error(
        "this data was written by a newer version of Jaga (format {found}, this version reads up to {supported}); update Jaga"
    )]
    NewerVersion { found: i64, supported: i64 },
    #[error("the results store {path} is not a file (a folder or a device is there); move it away")]
    NotAFile { path: String },
    #[error("the data folder {path} is read-only: results cannot be kept or changed there")]
    ReadOnly { path: String },
    #[error("cannot use the data folder {path}")]
    Folder {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Invalid(String),
    #[error("{field} is required")]
    FieldRequired { field: learners::Field },
    #[error("{field} is longer than {max} characters")]
    FieldTooLong { field: learners::Field, max: usize },
    #[error("{field} contains a control character")]
    FieldControl { field: learners::Field },
    #[error("the passphrase needs at least {min} characters")]
    PassphraseTooShort { min: usize },
    #[error("the PIN needs at least {min} characters")]
    PinTooShort { min: usize },
    #[error("every profile on this computer needs a PIN; a manager requires it")]
    PinRequired,
    #[error("no learner with id {0}")]
    NoLearner(String),
    #[error("employee ID {0} already has a profile")]
    DuplicateEmployee(String),
    #[error("this attempt was already recorded (another Jaga window finished it first)")]
    AlreadyRecorded,
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
    #[error("database error")]
    Sqlite(#[from] rusqlite::Error),
}

impl crate::i18n::Localized for StoreError {
    fn message(&self) -> crate::i18n::Message {
        use crate::i18n::{Message, io_reason};
        match self {
            Self::InUse { path } => Message::new("error-store-in-use").with("path", path.as_str()),
            Self::NewerVersion { found, supported } => Message::new("error-store-newer")
                .with("found", found.to_string())
                .with("supported", supported.to_string()),
            Self::NotAFile { path } => {
                Message::new("error-store-not-a-file").with("path", path.as_str())
            }
            Self::ReadOnly { path } => {
                Message::new("error-store-read-only").with("path", path.as_str())
            }
            Self::Folder { path, source } => Message::new("error-store-folder")
                .with("path", path.as_str())
                .with("reason", io_reason(source)),
            Self::Invalid(detail) => {
                Message::new("error-store-invalid").with("detail", detail.as_str())
            }
            Self::FieldRequired { field } => {
                Message::new("error-field-required").with("field", field.message())
            }
            Self::FieldTooLong { field, max } => Message::new("error-field-too-long")
                .with("field", field.message())
                .with("max", *max),
            Self::FieldControl { field } => {
                Message::new("error-field-control").with("field", field.message())
            }
            Self::PassphraseTooShort { min } => {
                Message::new("error-passphrase-short").with("min", *min)
            }
            Self::PinTooShort { min } => Message::new("error-pin-short").with("min", *min),
            Self::PinRequired => Message::new("error-pin-required"),
            Self::NoLearner(_) => Message::new("error-store-no-learner"),
            Self::DuplicateEmployee(id) => {
                Message::new("profile-error-duplicate").with("id", id.as_str())
            }
            Self::AlreadyRecorded => Message::new("error-store-already-recorded"),
            Self::Corrupt(detail) => {
                Message::new("error-store-corrupt").with("detail", detail.as_str())
            }
            Self::Sqlite(error) => {
                Message::new("error-store-database").with("detail", error.to_string())
            }
        }
    }
}

impl StoreError {
    fn from_sqlite(error: rusqlite::Error, path: &Path) -> Self {
        if is_busy(&error) {
            Self::InUse {
                path: path.display().to_string(),
            }
        } else if error.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly) {
            Self::ReadOnly {
                path: health::folder_of_store(path).display().to_string(),
            }
        } else {
            Self::Sqlite(error)
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

fn is_busy(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

fn is_damage(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
    )
}

/// Why a store file was judged damaged (and moved aside).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Damage {
    #[error("the file is not a database (its first bytes are not SQLite's)")]
    NotSqlite,
    #[error(
        "the file is shorter than its header says ({actual} of {expected} bytes): it was cut off"
    )]
    Truncated { expected: u64, actual: u64 },
    #[error("the file is a database, but not one of Jaga's")]
    NotJaga,
    #[error("the database check failed ({0})")]
    CheckFailed(String),
    #[error("the file is damaged or is not a database ({0})")]
    Unreadable(String),
}

impl crate::i18n::Localized for Damage {
    fn message(&self) -> crate::i18n::Message {
        use crate::i18n::Message;
        match self {
            Self::NotSqlite => Message::new("damage-not-sqlite"),
            Self::Truncated { .. } => Message::new("damage-truncated"),
            Self::NotJaga => Message::new("damage-not-jaga"),
            Self::CheckFailed(detail) | Self::Unreadable(detail) => {
                Message::new("damage-unreadable").with("detail", detail.as_str())
            }
        }
    }
}

/// What happened when the store was opened, for telling the user.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenReport {
    /// A damaged file was found and moved here; a fresh store was created.
    pub moved_aside: Option<PathBuf>,
    /// Why the file was judged damaged.
    pub damage: Option<Damage>,
    /// Why a whole-file check is due ([`Store::check`]); opening never runs it, except
    /// after a check found damage.
    pub check_due: Option<CheckDue>,
    /// The data folder could be read by other users of the computer (this was its mode);
    /// it was made owner-only.
    pub tightened: Option<u32>,
    /// A damaged store set aside by this open or an earlier one, not yet acknowledged
    /// (`Store::acknowledge_moved_aside`): what a person must be told by every command.
    pub unacknowledged: Option<String>,
}

/// An open results store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// This open's marker, held until the store is dropped; an unclean shutdown leaves it
    /// behind (see [`health`]).
    session: Option<health::Session>,
    /// Settings fixed by the organisation's policy: read before the table's own values,
    /// never written to it.
    overrides: settings::Overrides,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The connection has nothing useful to print; the path says which store.
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// The data folder: `--data` / `JAGA_DATA_DIR` when given, else the platform's.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("id", "Jaga", "jaga").map(|d| d.data_dir().to_owned())
}

/// Formats a time as stored: RFC 3339, UTC, milliseconds.
pub fn ts(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Reads a stored time.
pub fn parse_ts(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt(format!("bad time `{text}`: {e}")))
}

impl Store {
    /// Opens (or creates) the store in `dir`. A damaged file is moved aside with a
    /// timestamped name and a fresh store created; the report says so. It reads the
    /// header and the schema only, so it takes the same time whatever the store holds;
    /// the report says when a whole-file check is due. After a check found damage, the
    /// file is checked again here, before anything else, and set aside if still damaged.
    pub fn open(dir: &Path, now: DateTime<Utc>) -> Result<(Self, OpenReport)> {
        let folder_error = |source| StoreError::Folder {
            path: dir.display().to_string(),
            source,
        };
        let mut report = OpenReport {
            tightened: private::folder(dir).map_err(folder_error)?,
            ..OpenReport::default()
        };
        let path = health::store_file(dir);
        if path.symlink_metadata().is_ok_and(|m| !m.is_file()) {
            return Err(StoreError::NotAFile {
                path: path.display().to_string(),
            });
        }
        private::file(&path).map_err(folder_error)?;
        let opened = match health::failed_check(dir) {
            Some(words) => {
                Self::open_file(&path).and_then(|store| match store.whole_file_check(false) {
                    Ok(()) => {
                        health::clear_failed_check(dir);
                        Ok(store)
                    }
                    Err(Opened::Damaged(_)) => Err(Opened::Damaged(Damage::CheckFailed(words))),
                    Err(other) => Err(other),
                })
            }
            None => Self::open_file(&path),
        };
        let mut store = match opened {
            Ok(store) => store,
            Err(Opened::Damaged(reason)) => {
                let aside = move_aside(&path, now)?;
                health::note_moved_aside(dir, &aside, &reason.to_string(), now)
                    .map_err(folder_error)?;
                health::forget_stale_sessions(dir);
                health::clear_failed_check(dir);
                report.moved_aside = Some(aside);
                report.damage = Some(reason);
                let fresh = Self::open_file(&path).map_err(|e| match e {
                    Opened::Damaged(reason) => StoreError::Corrupt(reason.to_string()),
                    Opened::Failed(e) => e,
                })?;
                fresh.note_sound(now)?;
                fresh
            }
            Err(Opened::Failed(error)) => return Err(error),
        };
        report.check_due = if health::unclean_shutdown(dir) {
            Some(CheckDue::UncleanShutdown)
        } else if store.is_new()? {
            // Nothing in it to check yet.
            store.note_sound(now)?;
            None
        } else {
            let checked = store
                .setting(health::CHECKED_AT)?
                .and_then(|at| parse_ts(&at).ok());
            health::scheduled(checked, now).then_some(CheckDue::Scheduled)
        };
        store.session = health::start_session(dir).ok();
        report.unacknowledged = health::moved_aside_note(dir);
        Ok((store, report))
    }

    fn open_file(path: &Path) -> std::result::Result<Self, Opened> {
        if let Some(reason) = health::header_damage(path) {
            return Err(Opened::Damaged(reason));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| Opened::classify(e, path))?;
        let mut store = Self {
            conn,
            path: path.to_owned(),
            session: None,
            overrides: settings::Overrides::default(),
        };
        // Judge the file before changing anything in it (the journal mode is written
        // into the file's header), so a file that is not ours is left as it was.
        store
            .conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| Opened::classify(e, path))?;
        store.check_identity()?;
        // The version before anything is written: a newer store stays byte for byte as
        // it was (configuring would switch its journal to WAL).
        let found = schema::version(&store.conn).map_err(|e| match e {
            StoreError::Sqlite(e) => Opened::classify(e, path),
            other => Opened::Failed(other),
        })?;
        if found > schema::LATEST_VERSION {
            return Err(Opened::Failed(StoreError::NewerVersion {
                found,
                supported: schema::LATEST_VERSION,
            }));
        }
        store.configure().map_err(|e| Opened::classify(e, path))?;
        schema::upgrade(&mut store.conn).map_err(|e| match e {
            StoreError::Sqlite(e) => Opened::classify(e, path),
            other => Opened::Failed(other),
        })?;
        Ok(store)
    }

    /// Whether the store holds no learner yet (just made, or only settings).
    fn is_new(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT NOT EXISTS (SELECT 1 FROM learners)", [], |row| {
                row.get(0)
            })?)
    }

    /// Records that the file was found sound at `now`.
    fn note_sound(&self, now: DateTime<Utc>) -> Result<()> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [health::CHECKED_AT, &ts(now)],
        )?;
        Ok(())
    }

    /// Checks the whole file (`PRAGMA quick_check`, or with `full` the slower
    /// `integrity_check` that also compares every index with its table). Sound: the time
    /// is recorded and the markers of sessions that ended without closing are removed.
    /// Damaged: a marker is left, so the next open checks again first and sets the file
    /// aside if the damage is still there. It reads every page, so it runs off the path
    /// of the window's first frame and of a command's work: on demand (`jaga check`), and
    /// in the window's background when [`OpenReport::check_due`] says so.
    pub fn check(&self, now: DateTime<Utc>, full: bool) -> Result<CheckOutcome> {
        let dir = health::folder_of_store(&self.path);
        match self.whole_file_check(full) {
            Ok(()) => {
                self.note_sound(now)?;
                health::forget_stale_sessions(&dir);
                health::clear_failed_check(&dir);
                Ok(CheckOutcome::Sound)
            }
            Err(Opened::Damaged(damage)) => {
                let words = match damage {
                    Damage::CheckFailed(words) | Damage::Unreadable(words) => words,
                    other => other.to_string(),
                };
                health::note_failed_check(&dir, &words).map_err(|source| StoreError::Folder {
                    path: dir.display().to_string(),
                    source,
                })?;
                Ok(CheckOutcome::Damaged(words))
            }
            Err(Opened::Failed(error)) => Err(error),
        }
    }

    /// Whether a whole-file check is due now: a session ended without closing the store,
    /// or the last check is older than [`health::CHECK_EVERY_DAYS`].
    pub fn check_is_due(&self, now: DateTime<Utc>) -> Result<bool> {
        if health::unclean_shutdown(&health::folder_of_store(&self.path)) {
            return Ok(true);
        }
        let checked = self
            .setting(health::CHECKED_AT)?
            .and_then(|at| parse_ts(&at).ok());
        Ok(health::scheduled(checked, now))
    }

    fn whole_file_check(&self, full: bool) -> std::result::Result<(), Opened> {
        let pragma = if full {
            "PRAGMA integrity_check"
        } else {
            "PRAGMA quick_check"
        };
        let path = &self.path;
        let mut stmt = self
            .conn
            .prepare(pragma)
            .map_err(|e| Opened::classify(e, path))?;
        let lines: Vec<String> = stmt
            .query_map([], |row| row.get(0))
            .and_then(Iterator::collect)
            .map_err(|e| Opened::classify(e, path))?;
        if lines.len() == 1 && lines[0] == "ok" {
            Ok(())
        } else {
            Err(Opened::Damaged(Damage::CheckFailed(lines.join("; "))))
        }
    }

    fn configure(&self) -> rusqlite::Result<()> {
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        self.conn.pragma_update(None, "foreign_keys", true)?;
        let mode: String =
            self.conn
                .pragma_update_and_check(None, "journal_mode", "wal", |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(rusqlite::Error::InvalidParameterName(format!(
                "journal mode stayed {mode}"
            )));
        }
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        // Deleted rows are overwritten, not just unlinked: an erased learner's name must
        // not linger in free pages.
        self.conn.pragma_update(None, "secure_delete", true)?;
        Ok(())
    }

    /// Moves everything in the write-ahead log into the database file and empties the
    /// log, so deleted data lingers in neither (after an erasure).
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// That the file is a Jaga store (or empty, to become one): its application id and
    /// its schema, read from the first page.
    fn check_identity(&self) -> std::result::Result<(), Opened> {
        let path = &self.path;
        let app_id: i32 = self
            .conn
            .query_row("PRAGMA application_id", [], |row| row.get(0))
            .map_err(|e| Opened::classify(e, path))?;
        let tables: i64 = self
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                [],
                |row| row.get(0),
            )
            .map_err(|e| Opened::classify(e, path))?;
        if app_id != APPLICATION_ID && !(app_id == 0 && tables == 0) {
            return Err(Opened::Damaged(Damage::NotJaga));
        }
        Ok(())
    }

    /// Where the store's file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in a transaction: committed when it returns `Ok`, rolled back otherwise.
    /// The write lock is taken at the start (`BEGIN IMMEDIATE`), so a busy database is
    /// reported before any work is done.
    pub fn transact<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| StoreError::from_sqlite(e, &path))?;
        let value = f(&tx)?;
        tx.commit().map_err(|e| StoreError::from_sqlite(e, &path))?;
        Ok(value)
    }

    /// [`Self::transact`] for work whose own errors are not the store's (an import that
    /// refuses a bundle half-way): committed when it returns `Ok`, rolled back otherwise.
    pub fn transact_with<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| StoreError::from_sqlite(e, &path))?;
        let value = f(&tx)?;
        tx.commit().map_err(|e| StoreError::from_sqlite(e, &path))?;
        Ok(value)
    }

    /// How long a write waits for another process before reporting the data in use.
    pub fn set_busy_timeout(&self, timeout: Duration) -> Result<()> {
        Ok(self.conn.busy_timeout(timeout)?)
    }

    /// A read-only view for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound (tests compare the text).
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))?)
    }
}

/// Why opening failed: a damaged file (to be moved aside) or anything else.
enum Opened {
    Damaged(Damage),
    Failed(StoreError),
}

impl Opened {
    fn classify(error: rusqlite::Error, path: &Path) -> Self {
        if is_damage(&error) {
            Self::Damaged(Damage::Unreadable(error.to_string()))
        } else {
            Self::Failed(StoreError::from_sqlite(error, path))
        }
    }
}

/// Moves a damaged store (and its -wal and -shm files) to a timestamped name, never
/// over an existing file.
fn move_aside(path: &Path, now: DateTime<Utc>) -> Result<PathBuf> {
    let stamp = now.format("%Y%m%dT%H%M%SZ");
    let mut n = 0;
    let target = loop {
        let suffix = if n == 0 {
            format!("damaged-{stamp}")
        } else {
            format!("damaged-{stamp}-{n}")
        };
        let candidate = path.with_file_name(format!("{FILE_NAME}.{suffix}"));
        if !candidate.exists() {
            break candidate;
        }
        n += 1;
    };
    let folder_error = |source| StoreError::Folder {
        path: path.display().to_string(),
        source,
    };
    std::fs::rename(path, &target).map_err(folder_error)?;
    for extra in ["-wal", "-shm"] {
        let from = PathBuf::from(format!("{}{extra}", path.display()));
        if from.exists() {
            let to = PathBuf::from(format!("{}{extra}", target.display()));
            std::fs::rename(&from, &to).map_err(folder_error)?;
        }
    }
    Ok(target)
}
