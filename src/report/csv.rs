//! The completion report as CSV: what auditors, HR systems and spreadsheets all read.
//!
//! RFC 4180 (comma-separated, `"`-quoted when needed, CRLF line ends), UTF-8, optionally
//! with a byte order mark so Excel does not guess a legacy code page. One row per learner ×
//! module, with the columns of [`COLUMNS`]. A spreadsheet opening a CSV runs any cell that
//! looks like a formula, and names and departments are typed in by learners, so every
//! text cell that starts with `=`, `+`, `-`, `@`, tab, CR or LF is prefixed with `'`
//! (OWASP's advice against CSV injection). Numbers are written bare, never prefixed nor
//! quoted; times are RFC 3339 in UTC with `Z`; absent values are empty.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write;

use chrono::{DateTime, NaiveDate, Utc};

use super::Completion;
use super::columns::{COLUMNS, ExportError, iso_time};

/// The UTF-8 byte order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes the header and `rows` to `out`.
pub fn write(out: &mut dyn Write, rows: &[&Completion], bom: bool) -> Result<(), ExportError> {
    if bom {
        out.write_all(BOM).map_err(::csv::Error::from)?;
    }
    let mut csv = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .buffer_capacity(1 << 16)
        .from_writer(out);
    csv.write_record(COLUMNS)?;
    // One scratch buffer for numbers and times, instead of a String per cell.
    let mut scratch = String::with_capacity(32);
    for row in rows {
        for text in [
            Some(row.employee_id.as_str()),
            Some(row.name.as_str()),
            row.department.as_deref(),
            Some(row.module_id.as_str()),
            Some(row.module_title.as_str()),
            row.content_revision.as_deref(),
            row.language.as_deref(),
            Some(row.status_key),
        ] {
            csv.write_field(neutralise(text.unwrap_or_default()).as_bytes())?;
        }
        csv.write_field(time(&mut scratch, row.first_started))?;
        csv.write_field(time(&mut scratch, row.completed))?;
        scratch.clear();
        if let Some(score) = row.score_percent {
            let _ = write!(scratch, "{score}");
        }
        csv.write_field(&scratch)?;
        csv.write_field(if row.passed { "true" } else { "false" })?;
        scratch.clear();
        let _ = write!(scratch, "{}", row.attempts);
        csv.write_field(&scratch)?;
        scratch.clear();
        let _ = write!(scratch, "{}", row.time_spent_seconds);
        csv.write_field(&scratch)?;
        csv.write_field(time(&mut scratch, row.valid_until))?;
        csv.write_field(day(&mut scratch, row.due_date))?;
        for text in [row.track.as_deref(), row.track_title.as_deref()] {
            csv.write_field(neutralise(text.unwrap_or_default()).as_bytes())?;
        }
        csv.write_record(None::<&[u8]>)?;
    }
    csv.flush().map_err(::csv::Error::from)?;
    Ok(())
}

/// Text as a spreadsheet will show it and never run it: a leading `=`, `+`, `-`, `@`,
/// tab, CR or LF gets a `'` in front (OWASP, "CSV Injection").
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// `2026-11-29T09:15:00.227Z` (see [`iso_time`]), or empty.
fn time(scratch: &mut String, value: Option<DateTime<Utc>>) -> &str {
    scratch.clear();
    if let Some(value) = value {
        scratch.push_str(&iso_time(value));
    }
    scratch
}

/// `2026-11-29`, or empty.
fn day(scratch: &mut String, value: Option<NaiveDate>) -> &str {
    scratch.clear();
    if let Some(value) = value {
        let _ = write!(scratch, "{}", value.format("%Y-%m-%d"));
    }
    scratch
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised_and_other_text_is_not() {
        for risky in ["=1+1", "+62 21", "-x", "@SUM(A1)", "\tx", "\rx", "\nx"] {
            assert_eq!(neutralise(risky), format!("'{risky}"));
        }
        for plain in ["Sari", "", "1=1", " =x", "'quoted", "Ölçü"] {
            assert_eq!(neutralise(plain), plain);
        }
    }
}
