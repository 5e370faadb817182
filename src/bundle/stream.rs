//! Version 2 and 3 bundles: a gzip stream of JSON lines, written and read one record at a
//! time. Version 3 (written now) adds a line per refresher; version 2 still imports.
//!
//! A bundle of a million attempts is half a gigabyte of JSON; read whole it took gigabytes
//! of memory. So a bundle is a header line, one line per learner and per attempt, and an
//! end line that counts the records and carries the SHA-256 of every byte before it. The
//! writer reads the store through cursors and compresses as it goes; the reader hashes
//! and checks each line as it arrives and imports it in the same transaction, which is
//! committed only when the end line's checksum matches. A bundle that fails anywhere,
//! even in its last byte, leaves the store as it was. See `docs/bundle-format.md`.

use std::io::{BufRead, BufReader, Read as _, Write};
use std::path::Path;

use chrono::{DateTime, Days, Utc};
use flate2::Compression;
use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;
use serde::Serialize;
use sha2::{Digest as _, Sha256};
use uuid::Uuid;

use super::check::{check_attempt, check_learner, parse_time};
use super::document::{Bundle, open_regular};
use super::error::BundleError;
use super::import::{ImportReport, Importer};
use super::problem::{Inconsistency, Problem};
use super::refresher::check_refresher;
use super::version::{FORMAT, MAX_LINE_BYTES, VERSION, VERSION_2};
use super::wire::{End, Header, Line, WireAttempt, WireLearner, WireRefresher};
use crate::content::Course;
use crate::fsio::Existing;
use crate::store::bundle::Record;
use crate::store::{Store, ts};

/// The first two bytes of every gzip stream.
pub(super) const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// What went into a bundle written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The opaque id of the machine that wrote it.
    pub machine: String,
    pub learners: usize,
    pub attempts: usize,
    pub refreshers: usize,
    /// Open attempts in the store, which are not results and were left out.
    pub open_attempts_left_out: usize,
}

/// Whether the file starts as a gzip stream (version 2) rather than JSON (version 1).
pub(super) fn is_stream(path: &Path) -> Result<bool, BundleError> {
    let mut start = [0u8; 2];
    let mut file = open_regular(path)?;
    let mut read = 0;
    while read < start.len() {
        match file.read(&mut start[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(source) => {
                return Err(BundleError::Read {
                    path: path.display().to_string(),
                    source,
                });
            }
        }
    }
    Ok(read == 2 && start == GZIP_MAGIC)
}

/// Lines written and hashed on their way into the compressor.
struct LineWriter<W: Write> {
    out: W,
    hasher: Sha256,
    buffer: Vec<u8>,
}

impl<W: Write> LineWriter<W> {
    fn put(&mut self, value: &impl Serialize, hashed: bool) -> Result<(), BundleError> {
        self.buffer.clear();
        serde_json::to_writer(&mut self.buffer, value)
            .map_err(|e| BundleError::Json(e.to_string()))?;
        self.buffer.push(b'\n');
        if hashed {
            self.hasher.update(&self.buffer);
        }
        self.out
            .write_all(&self.buffer)
            .map_err(|source| BundleError::Write {
                path: String::new(),
                source,
            })
    }
}

/// Writes this store's results to `path` as a version 2 bundle, whole or not at all (a
/// temporary file, then a rename; owner-only). `fresh_machine_id` becomes the machine's
/// id the first time a bundle is made here.
pub fn write(
    store: &mut Store,
    path: &Path,
    existing: Existing,
    fresh_machine_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Written, BundleError> {
    write_until(store, path, existing, fresh_machine_id, now, None)
}

/// [`write`], stopping with [`BundleError::Stopped`] (and no file left behind) at the
/// next record once `stop` is set.
pub fn write_until(
    store: &mut Store,
    path: &Path,
    existing: Existing,
    fresh_machine_id: Uuid,
    now: DateTime<Utc>,
    stop: Option<&std::sync::atomic::AtomicBool>,
) -> Result<Written, BundleError> {
    let stopped = || stop.is_some_and(|stop| stop.load(std::sync::atomic::Ordering::SeqCst));
    let machine = store.machine_id(fresh_machine_id)?;
    let mut written = Written {
        machine: machine.clone(),
        learners: 0,
        attempts: 0,
        refreshers: 0,
        open_attempts_left_out: 0,
    };
    let store = &*store;
    let result = crate::fsio::write_new_with(path, existing, |out| {
        let mut lines = LineWriter {
            out: GzEncoder::new(out, Compression::new(3)),
            hasher: Sha256::new(),
            buffer: Vec::with_capacity(8192),
        };
        let header = Header {
            format: FORMAT.to_owned(),
            version: VERSION,
            created_at: ts(now),
            machine: machine.clone(),
        };
        lines.put(&header, true)?;
        let (mut learners, mut attempts, mut refreshers) = (0, 0, 0);
        let open = store.read_results(&mut |record| match record {
            _ if stopped() => Err(BundleError::Stopped),
            Record::Learner(learner) => {
                learners += 1;
                lines.put(&Line::Learner(WireLearner::from(&learner)), true)
            }
            Record::Attempt(attempt) => {
                attempts += 1;
                lines.put(&Line::Attempt(WireAttempt::try_from(&*attempt)?), true)
            }
            Record::Refresher(refresher) => {
                refreshers += 1;
                lines.put(
                    &Line::Refresher(WireRefresher::try_from(&*refresher)?),
                    true,
                )
            }
        })?;
        if stopped() {
            return Err(BundleError::Stopped);
        }
        written.learners = learners;
        written.attempts = attempts;
        written.refreshers = refreshers;
        written.open_attempts_left_out = open;
        let end = End {
            learners: u64::try_from(written.learners).unwrap_or(u64::MAX),
            attempts: u64::try_from(written.attempts).unwrap_or(u64::MAX),
            refreshers: Some(u64::try_from(written.refreshers).unwrap_or(u64::MAX)),
            sha256: crate::content::model::hex(&lines.hasher.clone().finalize()),
        };
        lines.put(&Line::End(end), false)?;
        lines
            .out
            .finish()
            .map(|_| ())
            .map_err(|source| BundleError::Write {
                path: String::new(),
                source,
            })
    });
    result.map_err(|e| match e {
        BundleError::Write { path: p, source } if p.is_empty() => BundleError::Write {
            path: path.display().to_string(),
            source,
        },
        other => other,
    })?;
    Ok(written)
}

/// A version 2 bundle being read a line at a time, each line hashed as it comes.
struct LineReader<R: BufRead> {
    input: R,
    line: Vec<u8>,
    /// Lines read so far (the header is line 1).
    number: u64,
    hasher: Sha256,
}

impl<R: BufRead> LineReader<R> {
    /// The next line without its line break, or `None` at the end of the stream.
    fn next(&mut self) -> Result<Option<&[u8]>, BundleError> {
        self.line.clear();
        let read = (&mut self.input)
            .take(MAX_LINE_BYTES + 1)
            .read_until(b'\n', &mut self.line)
            .map_err(|e| self.read_error(e))?;
        if read == 0 {
            return Ok(None);
        }
        self.number += 1;
        if self.line.last() != Some(&b'\n') {
            if u64::try_from(self.line.len()).unwrap_or(u64::MAX) > MAX_LINE_BYTES {
                return Err(BundleError::LineTooLong { line: self.number });
            }
            // A last line without its line break: the file was cut off.
            return Err(self.ends_early());
        }
        Ok(Some(&self.line[..self.line.len() - 1]))
    }

    fn hash_current(&mut self) {
        self.hasher.update(&self.line);
    }

    fn ends_early(&self) -> BundleError {
        BundleError::EndsEarly {
            records: self.number.saturating_sub(1),
        }
    }

    fn read_error(&self, error: std::io::Error) -> BundleError {
        match error.kind() {
            std::io::ErrorKind::UnexpectedEof => self.ends_early(),
            _ => BundleError::Read {
                path: String::new(),
                source: error,
            },
        }
    }
}

fn json_error(line: u64, error: &serde_json::Error) -> BundleError {
    match error.classify() {
        serde_json::error::Category::Data => {
            BundleError::Invalid(Inconsistency::bundle(Problem::Shape {
                detail: format!("line {line}: {error}"),
            }))
        }
        _ => BundleError::Json(format!("line {line}: {error}")),
    }
}

/// Reads, checks and imports one bundle file, either version, in one transaction; see
/// `import::Importer` for the merge rules.
pub fn import_file(
    store: &mut Store,
    path: &Path,
    course: Option<&Course>,
    now: DateTime<Utc>,
) -> Result<ImportReport, BundleError> {
    import_file_until(store, path, course, now, None)
}

/// [`import_file`], stopping with [`BundleError::Stopped`] once `stop` is set: a bundle
/// being streamed stops at its next record and nothing of it is imported (its
/// transaction is rolled back); a bundle of the first format is imported whole.
pub fn import_file_until(
    store: &mut Store,
    path: &Path,
    course: Option<&Course>,
    now: DateTime<Utc>,
    stop: Option<&std::sync::atomic::AtomicBool>,
) -> Result<ImportReport, BundleError> {
    if is_stream(path)? {
        return import_until(store, path, course, now, stop);
    }
    let bundle = Bundle::read(path, course)?;
    super::import::import(store, &bundle, course, now)
}

/// Reads, checks and imports a version 2 bundle in one transaction: all of it, or, on any
/// problem (including a checksum that does not match at the very end), none of it.
fn import_until(
    store: &mut Store,
    path: &Path,
    course: Option<&Course>,
    now: DateTime<Utc>,
    stop: Option<&std::sync::atomic::AtomicBool>,
) -> Result<ImportReport, BundleError> {
    let file = open_regular(path)?;
    let mut lines = LineReader {
        input: BufReader::with_capacity(
            1 << 16,
            MultiGzDecoder::new(BufReader::with_capacity(1 << 16, file)),
        ),
        line: Vec::with_capacity(8192),
        number: 0,
        hasher: Sha256::new(),
    };
    let result = import_lines(store, &mut lines, course, now, stop);
    result.map_err(|e| match e {
        BundleError::Read { path: p, source } if p.is_empty() => BundleError::Read {
            path: path.display().to_string(),
            source,
        },
        other => other,
    })
}

fn import_lines<R: BufRead>(
    store: &mut Store,
    lines: &mut LineReader<R>,
    course: Option<&Course>,
    now: DateTime<Utc>,
    stop: Option<&std::sync::atomic::AtomicBool>,
) -> Result<ImportReport, BundleError> {
    let stopped = || stop.is_some_and(|stop| stop.load(std::sync::atomic::Ordering::SeqCst));
    let invalid = |problem| BundleError::Invalid(Inconsistency::bundle(problem));
    let Some(first) = lines.next()? else {
        return Err(lines.ends_early());
    };
    let header: Header = serde_json::from_slice(first).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => {
            BundleError::NotABundle(format!("its first line is not a bundle's header: {e}"))
        }
        _ => json_error(1, &e),
    })?;
    if header.format != FORMAT {
        return Err(BundleError::NotABundle(format!(
            "its format is \"{}\", not \"{FORMAT}\"",
            header.format.escape_debug()
        )));
    }
    if header.version != VERSION && header.version != VERSION_2 {
        return Err(BundleError::Version {
            found: header.version.to_string(),
        });
    }
    let created_at = parse_time(&header.created_at, "created_at").map_err(invalid)?;
    if header.machine.is_empty() || header.machine.chars().any(char::is_control) {
        return Err(invalid(Problem::Machine));
    }
    lines.hash_current();
    let cutoff = store.retention_days()?.map(|days| {
        now.checked_sub_days(Days::new(u64::from(days)))
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    });
    store.transact_with(|tx| {
        let mut importer = Importer::begin(tx, (&header.machine, created_at), course, cutoff)?;
        let (mut learners, mut attempts, mut refreshers) = (0u64, 0u64, 0u64);
        // The first record refused. Reading goes on to the end line, without importing,
        // so that a file damaged or edited after it was written is called that (its
        // checksum) rather than by whichever record the damage happened to hit.
        let mut refused: Option<BundleError> = None;
        loop {
            if stopped() {
                return Err(BundleError::Stopped);
            }
            let number = lines.number + 1;
            let Some(text) = lines.next()? else {
                return Err(lines.ends_early());
            };
            let line = match serde_json::from_slice::<Line>(text) {
                Ok(line) => line,
                Err(error) => {
                    lines.hash_current();
                    refused.get_or_insert(json_error(number, &error));
                    continue;
                }
            };
            let checked = match line {
                Line::End(end) => {
                    let actual = crate::content::model::hex(&lines.hasher.clone().finalize());
                    if !end.sha256.eq_ignore_ascii_case(&actual) {
                        return Err(BundleError::Checksum {
                            stated: end.sha256,
                            actual,
                        });
                    }
                    if let Some(error) = refused {
                        return Err(error);
                    }
                    if end.learners != learners || end.attempts != attempts {
                        return Err(invalid(Problem::Counts {
                            stated_learners: end.learners,
                            stated_attempts: end.attempts,
                            learners,
                            attempts,
                        }));
                    }
                    // Version 3 counts its refreshers; version 2 has none to count.
                    let stated = end.refreshers.unwrap_or(0);
                    if stated != refreshers
                        || (header.version == VERSION) != end.refreshers.is_some()
                    {
                        return Err(invalid(Problem::RefresherCount {
                            stated,
                            found: refreshers,
                        }));
                    }
                    if lines.next()?.is_some() {
                        return Err(invalid(Problem::AfterEnd));
                    }
                    return Ok(importer.finish()?);
                }
                Line::Learner(wire) => {
                    lines.hash_current();
                    learners += 1;
                    if refused.is_some() {
                        continue;
                    }
                    check_learner(wire)
                        .map_err(BundleError::from)
                        .and_then(|learner| importer.learner(&learner))
                }
                Line::Attempt(wire) => {
                    lines.hash_current();
                    attempts += 1;
                    if refused.is_some() {
                        continue;
                    }
                    let id = wire.id.clone();
                    let bundled_learner = wire.learner_id.clone();
                    check_attempt(wire, course)
                        .map_err(BundleError::from)
                        .and_then(|attempt| importer.attempt(&id, &bundled_learner, attempt))
                }
                Line::Refresher(wire) => {
                    lines.hash_current();
                    refreshers += 1;
                    if refused.is_some() {
                        continue;
                    }
                    if header.version == VERSION_2 {
                        Err(invalid(Problem::RefresherInVersion2))
                    } else {
                        let bundled_learner = wire.learner_id.clone();
                        check_refresher(wire)
                            .map_err(BundleError::from)
                            .and_then(|refresher| importer.refresher(&bundled_learner, refresher))
                    }
                }
            };
            match checked {
                Ok(()) => {}
                // The store failing is not the bundle's fault: stop at once.
                Err(error @ BundleError::Store(_)) => return Err(error),
                Err(error) => refused = Some(error),
            }
        }
    })
}
