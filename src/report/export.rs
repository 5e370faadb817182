//! Writing a completion report to a file an auditor can keep and check.
//!
//! An export is evidence, so a half-written file must never stand where a whole one is
//! expected: every file is written to a temporary name in the same folder, flushed to disk
//! and then renamed over the target, so the target holds either the old file or the new
//! one. Beside it goes `FILE.sha256` in `sha256sum` format, so `sha256sum -c FILE.sha256`
//! shows later that the file was not changed. The formats themselves live in
//! [`super::csv`], [`super::xlsx`], [`super::json`] and [`super::xapi`]; this module picks
//! one, names the file and writes it, streaming the rows from the store a learner at a
//! time ([`super::rows`]), so the memory an export takes does not grow with the store.
//! Nothing here touches a window: the manager service calls [`export`] for the window's
//! worker and for `jaga export` alike.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use sha2::{Digest as _, Sha256};

use std::collections::HashSet;

use super::Completion;
pub use super::columns::{COLUMNS, ExportContext, ExportError, FilterRecord};
use super::rows::{self, RowScope};
pub use crate::fsio::Existing;

/// The formats of the completion report: the one list the window, the command line and
/// the writers share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, clap::ValueEnum)]
pub enum ExportFormat {
    /// RFC 4180 CSV, UTF-8; text that a spreadsheet would run as a formula gets a `'`.
    #[default]
    Csv,
    /// An Excel workbook: the rows as a table, and a summary sheet.
    Xlsx,
    /// The `jaga-completions` JSON document.
    Json,
    /// xAPI 1.0.3 statements about the rows' finished attempts, as a JSON array.
    Xapi,
}

impl ExportFormat {
    pub const ALL: [Self; 4] = [Self::Csv, Self::Xlsx, Self::Json, Self::Xapi];

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
            Self::Json | Self::Xapi => "json",
        }
    }

    /// The format's name as people know it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Csv => "CSV",
            Self::Xlsx => "Excel (XLSX)",
            Self::Json => "JSON",
            Self::Xapi => "xAPI (JSON)",
        }
    }
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportReport {
    pub path: PathBuf,
    /// `path` with `.sha256` appended.
    pub sidecar: PathBuf,
    pub rows: usize,
    pub bytes: u64,
    /// The file's SHA-256, lowercase hex.
    pub sha256: String,
}

/// The bytes and digest of a file written by [`write_atomically`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub bytes: u64,
    /// Lowercase hex.
    pub sha256: String,
}

/// The default file name of an export made at `now`, e.g.
/// `jaga-completions-20261129T091500Z.csv` or `jaga-xapi-20261129T091500Z.json`.
pub fn default_file_name(format: ExportFormat, now: DateTime<Utc>) -> String {
    let stem = match format {
        ExportFormat::Xapi => "jaga-xapi",
        ExportFormat::Csv | ExportFormat::Xlsx | ExportFormat::Json => "jaga-completions",
    };
    stamped_name(stem, format.extension(), now)
}

/// `{stem}-{UTC time}.{extension}`, e.g. `jaga-xapi-20261129T091500Z.json`.
pub fn stamped_name(stem: &str, extension: &str, now: DateTime<Utc>) -> String {
    format!("{stem}-{}.{extension}", now.format("%Y%m%dT%H%M%SZ"))
}

/// The file to write for `out`: `out` itself, or `default_name` inside it when `out` is
/// a folder.
pub fn output_path(out: &Path, default_name: &str) -> PathBuf {
    if out.is_dir() {
        out.join(default_name)
    } else {
        out.to_owned()
    }
}

/// Writes the rows `context.filter` keeps as `format` to `path` and its `.sha256`
/// sidecar, each whole or not at all, reading the rows from `context.store` as it goes. A
/// file already at either path is replaced only when `context.existing` says so;
/// otherwise nothing is written and the error says which file is in the way.
pub fn export(
    format: ExportFormat,
    context: &ExportContext<'_>,
    path: &Path,
) -> Result<ExportReport, ExportError> {
    let existing = context.existing;
    if existing == Existing::Keep {
        for taken in [path.to_owned(), sidecar_of(path)] {
            if taken.symlink_metadata().is_ok() {
                return Err(ExportError::Exists {
                    path: taken.display().to_string(),
                });
            }
        }
    }
    let store = context.store;
    let scope = RowScope::report(context.course, context.lang, context.generated_at);
    let filter = context.filter;
    let mut rows = 0;
    let written = match format {
        ExportFormat::Csv => write_atomically(path, existing, |out| {
            let mut csv = super::csv::CsvRows::start(out, context.bom)?;
            rows = rows::each_row(store, &scope, filter, &mut |row| {
                context.check_stop()?;
                csv.row(row)
            })?;
            csv.finish()
        })?,
        ExportFormat::Json => write_atomically(path, existing, |out| {
            let mut json = super::json::JsonRows::start(out, context)?;
            rows = rows::each_row(store, &scope, filter, &mut |row| {
                context.check_stop()?;
                json.row(row)
            })?;
            json.finish()
        })?,
        ExportFormat::Xlsx => {
            // The table is declared before its rows, so they are counted first; a
            // spreadsheet that cannot be built (too many rows, a date Excel cannot hold)
            // leaves no file behind.
            let count = rows::each_row(store, &scope, filter, &mut |_| context.check_stop())?;
            let folder = crate::fsio::folder_of(path);
            write_atomically(path, existing, |out| {
                let mut xlsx = super::xlsx::XlsxRows::start(count, context, folder)?;
                rows::each_learner(store, &scope, filter, &mut |learner| {
                    context.check_stop()?;
                    let kept: Vec<&Completion> =
                        learner.cells.iter().filter(|r| filter.matches(r)).collect();
                    rows += kept.len();
                    xlsx.learner(&kept)
                })?;
                xlsx.finish(context, out)
            })?
        }
        ExportFormat::Xapi => write_atomically(path, existing, |out| {
            let statements = |e| ExportError::Statements(Box::new(e));
            let mut array = super::xapi::StatementArray::start(out);
            rows::each_learner(
                store,
                &scope,
                filter,
                &mut |learner| -> Result<(), ExportError> {
                    context.check_stop()?;
                    let modules: HashSet<&str> = learner
                        .cells
                        .iter()
                        .filter(|r| filter.matches(r))
                        .map(|r| r.module_id.as_str())
                        .collect();
                    rows += modules.len();
                    super::xapi::each_learner_statement(
                        store,
                        context.course,
                        &learner.learner,
                        &modules,
                        context.xapi,
                        &mut |statement| array.add(&statement.json),
                    )
                    .map_err(statements)
                },
            )?;
            array.finish().map_err(statements)
        })?,
    };
    finish(path, existing, rows, written)
}

/// `FILE.sha256` beside `FILE`.
pub fn sidecar_of(path: &Path) -> PathBuf {
    let mut sidecar = path.as_os_str().to_owned();
    sidecar.push(".sha256");
    PathBuf::from(sidecar)
}

fn finish(
    path: &Path,
    existing: Existing,
    rows: usize,
    written: Written,
) -> Result<ExportReport, ExportError> {
    let sidecar = write_sidecar(path, existing, &written.sha256)?;
    Ok(ExportReport {
        path: path.to_owned(),
        sidecar,
        rows,
        bytes: written.bytes,
        sha256: written.sha256,
    })
}

/// Writes `FILE.sha256` beside `path`: `<hex>  <file name>\n`, as `sha256sum` prints it,
/// so `sha256sum -c FILE.sha256` run in that folder checks the file.
pub fn write_sidecar(
    path: &Path,
    existing: Existing,
    sha256: &str,
) -> Result<PathBuf, ExportError> {
    let name = checkable_name(path)?;
    let sidecar = sidecar_of(path);
    let line = format!("{sha256}  {name}\n");
    write_atomically(&sidecar, existing, |out| {
        out.write_all(line.as_bytes())
            .map_err(ExportError::io(&sidecar))
    })?;
    Ok(sidecar)
}

/// The file name as `sha256sum` would print it unescaped, or an error before anything is
/// written when it has to be escaped.
fn checkable_name(path: &Path) -> Result<&str, ExportError> {
    path.file_name()
        .and_then(|n| n.to_str())
        .filter(|n| !n.contains(['\\', '\n', '\r']))
        .ok_or_else(|| ExportError::BadFileName {
            path: path.display().to_string(),
        })
}

/// Writes a file whole or not at all (see [`crate::fsio`]) and returns the size and
/// SHA-256 of what was written, computed on the way.
pub fn write_atomically(
    path: &Path,
    existing: Existing,
    write: impl FnOnce(&mut (dyn Write + Send)) -> Result<(), ExportError>,
) -> Result<Written, ExportError> {
    checkable_name(path)?;
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(ExportError::NoFolder {
            path: folder.display().to_string(),
        });
    }
    let mut hasher = Sha256::new();
    let mut bytes = 0;
    crate::fsio::write_new_with(path, existing, |file| {
        let mut out = HashingWriter {
            inner: file,
            hasher: &mut hasher,
            bytes: &mut bytes,
        };
        write(&mut out)
    })?;
    Ok(Written {
        bytes,
        sha256: crate::content::model::hex(&hasher.finalize()),
    })
}

/// Counts and hashes what passes through.
struct HashingWriter<'a> {
    inner: &'a mut (dyn Write + Send),
    hasher: &'a mut Sha256,
    bytes: &'a mut u64,
}

impl Write for HashingWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        *self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]

    use chrono::TimeZone as _;

    use super::*;

    #[test]
    fn default_names_carry_a_utc_timestamp_and_the_extension() {
        let now = Utc.with_ymd_and_hms(2026, 11, 29, 9, 15, 0).unwrap();
        assert_eq!(
            default_file_name(ExportFormat::Csv, now),
            "jaga-completions-20261129T091500Z.csv"
        );
        assert_eq!(
            default_file_name(ExportFormat::Xlsx, now),
            "jaga-completions-20261129T091500Z.xlsx"
        );
    }

    #[test]
    fn the_digest_is_of_the_bytes_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.json");
        let written = write_atomically(&path, Existing::Replace, |out| {
            out.write_all(b"abc").map_err(ExportError::io(&path))
        })
        .unwrap();
        assert_eq!(written.bytes, 3);
        assert_eq!(
            written.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn names_sha256sum_would_escape_are_refused_before_writing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a\\b.csv");
        assert!(matches!(
            write_atomically(&path, Existing::Replace, |_| Ok(())),
            Err(ExportError::BadFileName { .. })
        ));
        assert!(!path.exists());
    }
}
