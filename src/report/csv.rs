//! The completion report as CSV: what auditors, HR systems and spreadsheets all read.
//!
//! RFC 4180 (comma-separated, `"`-quoted when needed, CRLF line ends), UTF-8, optionally
//! with a byte order mark so Excel does not guess a legacy code page. One row per learner ×
//! module, with the columns of [`COLUMNS`]. A spreadsheet opening a CSV runs any cell that
//! looks like a formula, and names and departments are typed in by learners, so every
//! text cell that starts with `=`, `+`, `-`, `@` (or their full-width forms), tab, CR or
//! LF is prefixed with `'`, and so is every such start after a `,` or `;` inside a cell,
//! for the spreadsheets that split on `;` (OWASP's advice against CSV injection). Numbers are written bare, never prefixed nor
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
    let mut csv = CsvRows::start(out, bom)?;
    for row in rows {
        csv.row(row)?;
    }
    csv.finish()
}

/// A CSV report being written, a row at a time: the header first, then each row as it
/// comes, so a report of any size needs the memory of one row.
pub struct CsvRows<'a> {
    csv: ::csv::Writer<&'a mut dyn Write>,
    /// One scratch buffer for numbers and times, instead of a String per cell.
    scratch: String,
}

impl<'a> CsvRows<'a> {
    /// Writes the byte order mark (when asked) and the header.
    pub fn start(out: &'a mut dyn Write, bom: bool) -> Result<Self, ExportError> {
        if bom {
            out.write_all(BOM).map_err(::csv::Error::from)?;
        }
        let mut csv = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .buffer_capacity(1 << 16)
            .from_writer(out);
        csv.write_record(COLUMNS)?;
        Ok(Self {
            csv,
            scratch: String::with_capacity(32),
        })
    }

    pub fn row(&mut self, row: &Completion) -> Result<(), ExportError> {
        let Self { csv, scratch } = self;
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
        csv.write_field(time(scratch, row.first_started))?;
        csv.write_field(time(scratch, row.completed))?;
        scratch.clear();
        if let Some(score) = row.score_percent {
            let _ = write!(scratch, "{score}");
        }
        csv.write_field(&*scratch)?;
        csv.write_field(if row.passed { "true" } else { "false" })?;
        scratch.clear();
        let _ = write!(scratch, "{}", row.attempts);
        csv.write_field(&*scratch)?;
        scratch.clear();
        let _ = write!(scratch, "{}", row.time_spent_seconds);
        csv.write_field(&*scratch)?;
        csv.write_field(time(scratch, row.valid_until))?;
        csv.write_field(day(scratch, row.due_date))?;
        for text in [row.track.as_deref(), row.track_title.as_deref()] {
            csv.write_field(neutralise(text.unwrap_or_default()).as_bytes())?;
        }
        for n in [row.refresher_answers, row.refresher_right] {
            scratch.clear();
            let _ = write!(scratch, "{n}");
            csv.write_field(&*scratch)?;
        }
        csv.write_field(time(scratch, row.last_refresher))?;
        csv.write_record(None::<&[u8]>)?;
        Ok(())
    }

    pub fn finish(mut self) -> Result<(), ExportError> {
        self.csv.flush().map_err(::csv::Error::from)?;
        Ok(())
    }
}

/// What a spreadsheet takes for the start of a formula: `=`, `+`, `-`, `@` (and their
/// full-width forms, which spreadsheets in East Asian locales also read), tab, CR, LF.
const FORMULA_STARTS: [char; 11] = [
    '=', '+', '-', '@', '\t', '\r', '\n', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
];

/// Where a spreadsheet may split a cell it reads: `,` is the standard separator, and `;`
/// is the one Excel uses where the decimal mark is a comma (Indonesia, most of Europe),
/// which ignores the quoting a `,`-reader relies on.
const SEPARATORS: [char; 2] = [',', ';'];

/// Text as a spreadsheet will show it and never run it: a `'` goes in front of a formula
/// start at the beginning of the text and after every `,` or `;` in it, so however the
/// file is split into cells, no cell starts a formula (OWASP, "CSV Injection").
pub fn neutralise(text: &str) -> Cow<'_, str> {
    let risky = |segment: &str| segment.starts_with(FORMULA_STARTS);
    if !risky(text) && !text.split(SEPARATORS).skip(1).any(risky) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 4);
    let mut segment_start = true;
    for c in text.chars() {
        if segment_start && FORMULA_STARTS.contains(&c) {
            out.push('\'');
        }
        out.push(c);
        segment_start = SEPARATORS.contains(&c);
    }
    Cow::Owned(out)
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
        // Full-width forms, and formula starts after a separator inside the text.
        assert_eq!(neutralise("\u{FF1D}1+1"), "'\u{FF1D}1+1");
        assert_eq!(
            neutralise("x;=cmd|' /C calc'!A0;"),
            "x;'=cmd|' /C calc'!A0;"
        );
        assert_eq!(neutralise("a,@b;+c"), "a,'@b;'+c");
        assert_eq!(neutralise("=a;-b"), "'=a;'-b");
        for plain in [
            "Sari",
            "",
            "1=1",
            " =x",
            "'quoted",
            "Ölçü",
            "a;b",
            "Bali, Indonesia",
        ] {
            assert_eq!(neutralise(plain), plain);
        }
    }
}
