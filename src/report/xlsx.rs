//! The completion report as an Excel workbook, for the manager who opens it and the
//! auditor who filters it.
//!
//! Sheet "Completions" holds the same rows and columns as the CSV as a real Excel table
//! (header row, banded style, filter buttons), with the header frozen and the columns fitted.
//! Values keep their types: times are Excel date-times shown as `yyyy-mm-dd hh:mm:ss "UTC"`
//! (Excel has no time zones; the wall-clock time is UTC), the due date an Excel date,
//! `passed` a boolean, counts numbers. Scores are the same numbers as in the CSV and JSON
//! (0–100, not a fraction) with the number format `0.0"%"`, so `87.5` shows as `87.5%` and
//! every format agrees on the value. Sheet "Summary" holds the headline figures and one row
//! per module. Every text is written as a string cell, which Excel never evaluates, so a
//! name like `=HYPERLINK("x")` stays text without the `'` the CSV needs.
//!
//! The rows sheet is written in `rust_xlsxwriter`'s constant-memory mode: each row goes to a
//! temporary file (beside the report, owner-only, removed when done) as soon as the next
//! begins, so a million rows take the memory of one. The table over them is declared
//! first, which is why the writer is told the number of rows before the first one; the
//! columns have fixed widths, since fitting them would need every row at once.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Datelike as _, NaiveDate, Timelike as _, Utc};
use rust_xlsxwriter::{
    ColNum, ExcelDateTime, Format, FormatAlign, RowNum, Table, TableColumn, TableStyle, Workbook,
    Worksheet, XlsxError,
};

use super::Completion;
use super::columns::{COLUMNS, ExportContext, ExportError, FilterRecord};
use super::stats::Summary;

/// The width of each column of the rows sheet, in characters.
const WIDTHS: [f64; 21] = [
    14.0, 26.0, 18.0, 22.0, 40.0, 18.0, 9.0, 14.0, 24.0, 24.0, 14.0, 8.0, 9.0, 18.0, 24.0, 12.0,
    14.0, 30.0, 18.0, 16.0, 24.0,
];

/// Rows in an Excel sheet, the header included.
const EXCEL_ROWS: usize = 1_048_576;

/// Reports of up to this many rows get their rows sheet as an Excel table. For every cell
/// of a table's range `rust_xlsxwriter` keeps an entry in memory (about 650 bytes a row of
/// 16 columns), so a larger report gets the same header with filter buttons (a bold header
/// row and an autofilter) instead, and its memory stays that of a few rows.
pub const TABLE_ROWS: usize = 50_000;

/// The number format of scores and rates: the value is 0–100, shown with a `%`.
pub const PERCENT_FORMAT: &str = "0.0\"%\"";
/// The number format of times (UTC wall-clock time).
pub const DATETIME_FORMAT: &str = "yyyy-mm-dd hh:mm:ss \"UTC\"";
/// The number format of days.
pub const DATE_FORMAT: &str = "yyyy-mm-dd";

/// A workbook being written a row at a time; see the module's documentation.
pub struct XlsxRows {
    workbook: Workbook,
    formats: Formats,
    /// The next row of the rows sheet (the header is row 0).
    next: RowNum,
    summary: Summary,
}

impl XlsxRows {
    /// Starts a workbook of `rows` rows, keeping its temporary files in `temp_dir`.
    pub fn start(
        rows: usize,
        context: &ExportContext<'_>,
        temp_dir: &Path,
    ) -> Result<Self, ExportError> {
        if rows >= EXCEL_ROWS {
            return Err(ExportError::TooManyRows {
                rows,
                max: EXCEL_ROWS - 1,
            });
        }
        let formats = Formats::new();
        let mut workbook = Workbook::new();
        workbook.set_tempdir(temp_dir)?;
        let sheet = workbook.add_worksheet_with_constant_memory()?;
        completions_sheet(sheet, rows, TABLE_ROWS, &formats)?;
        let modules: Vec<(String, String)> = context
            .course
            .modules
            .iter()
            .map(|m| (m.id.clone(), m.title.get(context.lang).to_owned()))
            .collect();
        Ok(Self {
            workbook,
            formats,
            next: 1,
            summary: Summary::new(&modules, context.generated_at),
        })
    }

    /// Writes one learner's rows.
    pub fn learner(&mut self, rows: &[&Completion]) -> Result<(), ExportError> {
        let sheet = self.workbook.worksheet_from_index(0)?;
        for row in rows {
            write_row(sheet, self.next, row, &self.formats)?;
            self.next += 1;
        }
        self.summary.add_learner(rows.iter().copied());
        Ok(())
    }

    /// Adds the summary sheet and writes the workbook to `out`.
    pub fn finish(
        mut self,
        context: &ExportContext<'_>,
        out: impl Write + Send,
    ) -> Result<(), ExportError> {
        summary_sheet(
            self.workbook.add_worksheet(),
            &self.summary,
            context,
            &self.formats,
        )?;
        self.workbook.save_to_writer(out)?;
        Ok(())
    }
}

struct Formats {
    percent: Format,
    datetime: Format,
    date: Format,
    title: Format,
    label: Format,
}

impl Formats {
    fn new() -> Self {
        Self {
            percent: Format::new().set_num_format(PERCENT_FORMAT),
            datetime: Format::new()
                .set_num_format(DATETIME_FORMAT)
                .set_align(FormatAlign::Left),
            date: Format::new()
                .set_num_format(DATE_FORMAT)
                .set_align(FormatAlign::Left),
            title: Format::new().set_bold().set_font_size(14),
            label: Format::new().set_bold(),
        }
    }
}

/// Names the rows sheet and declares its table over `rows` rows (or, above
/// `table_rows`, a filter on its header row), before any row is written (constant-memory
/// mode writes rows in order).
///
/// The table's columns carry no format: `rust_xlsxwriter` applies a column format by
/// queueing a formatted cell for every row of the table ahead of the writing, which holds
/// the whole sheet in memory again. Every time, date and score cell is written with its
/// format instead (`write_row`), so the cells look the same.
fn completions_sheet(
    sheet: &mut Worksheet,
    rows: usize,
    table_rows: usize,
    formats: &Formats,
) -> Result<(), ExportError> {
    sheet.set_name("Completions")?;
    // A table needs a data row: an empty report gets one empty row.
    let last_row = row_number(rows.max(1))?;
    if rows <= table_rows {
        let columns: Vec<TableColumn> = COLUMNS
            .iter()
            .map(|name| TableColumn::new().set_header(*name))
            .collect();
        let table = Table::new()
            .set_name("Completions")
            .set_style(TableStyle::Medium2)
            .set_columns(&columns);
        sheet.add_table(0, 0, last_row, last_col(COLUMNS.len()), &table)?;
    } else {
        for (col, name) in COLUMNS.iter().enumerate() {
            let col = ColNum::try_from(col).unwrap_or(ColNum::MAX);
            sheet.write_string_with_format(0, col, *name, &formats.label)?;
        }
        sheet.autofilter(0, 0, last_row, last_col(COLUMNS.len()))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (col, width) in WIDTHS.iter().enumerate() {
        sheet.set_column_width(ColNum::try_from(col).unwrap_or(ColNum::MAX), *width)?;
    }
    Ok(())
}

fn write_row(
    sheet: &mut Worksheet,
    r: RowNum,
    row: &Completion,
    formats: &Formats,
) -> Result<(), ExportError> {
    let mut c: ColNum = 0;
    let mut next = || {
        let col = c;
        c += 1;
        col
    };
    sheet.write_string(r, next(), &row.employee_id)?;
    sheet.write_string(r, next(), &row.name)?;
    text(sheet, r, next(), row.department.as_deref())?;
    sheet.write_string(r, next(), &row.module_id)?;
    sheet.write_string(r, next(), &row.module_title)?;
    text(sheet, r, next(), row.content_revision.as_deref())?;
    text(sheet, r, next(), row.language.as_deref())?;
    sheet.write_string(r, next(), row.status_key)?;
    time(
        sheet,
        r,
        next(),
        "first_started",
        row.first_started,
        formats,
    )?;
    time(sheet, r, next(), "completed", row.completed, formats)?;
    let col = next();
    if let Some(score) = row.score_percent {
        sheet.write_number_with_format(r, col, score, &formats.percent)?;
    }
    sheet.write_boolean(r, next(), row.passed)?;
    #[expect(
        clippy::cast_precision_loss,
        reason = "attempt counts and seconds are far below 2^52"
    )]
    {
        sheet.write_number(r, next(), row.attempts as f64)?;
        sheet.write_number(r, next(), row.time_spent_seconds as f64)?;
    }
    time(sheet, r, next(), "valid_until", row.valid_until, formats)?;
    let col = next();
    if let Some(due) = row.due_date {
        sheet.write_datetime_with_format(r, col, excel_day(due)?, &formats.date)?;
    }
    text(sheet, r, next(), row.track.as_deref())?;
    text(sheet, r, next(), row.track_title.as_deref())?;
    #[expect(
        clippy::cast_precision_loss,
        reason = "refresher answer counts are far below 2^52"
    )]
    {
        sheet.write_number(r, next(), row.refresher_answers as f64)?;
        sheet.write_number(r, next(), row.refresher_right as f64)?;
    }
    time(
        sheet,
        r,
        next(),
        "last_refresher",
        row.last_refresher,
        formats,
    )?;
    Ok(())
}

/// The labels of the headline block: the key (as in the JSON's field names) and what
/// it means.
const HEADLINE: [(&str, &str); 9] = [
    ("generated_at", "when the report was made (UTC)"),
    ("filter", "which rows the report shows"),
    ("language", "the language of module titles"),
    ("rows", "learner × module rows in the report"),
    ("learners", "learners in the report"),
    (
        "completion_rate",
        "rows with a valid pass, of all rows in the report",
    ),
    (
        "average_score",
        "mean score of the attempts that count, of rows with an attempt",
    ),
    ("overdue", "rows past their due date without a valid pass"),
    (
        "expiring_30_days",
        "valid passes that expire within 30 days of generated_at",
    ),
];

const MODULE_COLUMNS: [&str; 7] = [
    "module_id",
    "module_title",
    "learners",
    "attempted",
    "complete",
    "pass_rate",
    "average_score",
];

#[expect(
    clippy::cast_precision_loss,
    reason = "learner and row counts are far below 2^52"
)]
fn summary_sheet(
    sheet: &mut Worksheet,
    summary: &Summary,
    context: &ExportContext<'_>,
    formats: &Formats,
) -> Result<(), ExportError> {
    sheet.set_name("Summary")?;
    let headline = summary.headline();
    sheet.write_string_with_format(0, 0, "Jaga completion report", &formats.title)?;
    for (index, (key, meaning)) in HEADLINE.iter().enumerate() {
        let r = row_number(index + 1)?;
        sheet.write_string_with_format(r, 0, *key, &formats.label)?;
        sheet.write_string(r, 2, *meaning)?;
    }
    sheet.write_datetime_with_format(
        1,
        1,
        excel_time("generated_at", context.generated_at)?,
        &formats.datetime,
    )?;
    sheet.write_string(2, 1, FilterRecord::from(context.filter).describe())?;
    sheet.write_string(3, 1, context.lang)?;
    sheet.write_number(4, 1, summary.rows() as f64)?;
    sheet.write_number(5, 1, headline.learners as f64)?;
    sheet.write_number_with_format(6, 1, headline.completion_rate, &formats.percent)?;
    if let Some(average) = headline.average_score {
        sheet.write_number_with_format(7, 1, average, &formats.percent)?;
    }
    sheet.write_number(8, 1, headline.overdue as f64)?;
    sheet.write_number(9, 1, headline.expiring_30_days as f64)?;

    let first = row_number(HEADLINE.len() + 2)?;
    let modules = summary.module_stats();
    for (index, module) in modules.iter().enumerate() {
        let r = first + row_number(index + 1)?;
        sheet.write_string(r, 0, &module.module_id)?;
        sheet.write_string(r, 1, &module.title)?;
        sheet.write_number(r, 2, module.learners as f64)?;
        sheet.write_number(r, 3, module.attempted as f64)?;
        sheet.write_number(r, 4, module.complete as f64)?;
        sheet.write_number_with_format(r, 5, module.pass_rate, &formats.percent)?;
        if let Some(average) = module.average_score {
            sheet.write_number_with_format(r, 6, average, &formats.percent)?;
        }
    }
    let columns: Vec<TableColumn> = MODULE_COLUMNS
        .iter()
        .map(|name| {
            let column = TableColumn::new().set_header(*name);
            if matches!(*name, "pass_rate" | "average_score") {
                column.set_format(&formats.percent)
            } else {
                column
            }
        })
        .collect();
    let table = Table::new()
        .set_name("Modules")
        .set_style(TableStyle::Medium2)
        .set_columns(&columns);
    let last = first + row_number(modules.len().max(1))?;
    sheet.add_table(first, 0, last, last_col(MODULE_COLUMNS.len()), &table)?;
    sheet.autofit();
    Ok(())
}

fn text(sheet: &mut Worksheet, r: RowNum, c: ColNum, value: Option<&str>) -> Result<(), XlsxError> {
    if let Some(value) = value {
        sheet.write_string(r, c, value)?;
    }
    Ok(())
}

fn time(
    sheet: &mut Worksheet,
    r: RowNum,
    c: ColNum,
    what: &'static str,
    value: Option<DateTime<Utc>>,
    formats: &Formats,
) -> Result<(), ExportError> {
    if let Some(value) = value {
        sheet.write_datetime_with_format(r, c, excel_time(what, value)?, &formats.datetime)?;
    }
    Ok(())
}

fn row_number(index: usize) -> Result<RowNum, ExportError> {
    RowNum::try_from(index).map_err(|_| ExportError::TooManyRows {
        rows: index,
        max: EXCEL_ROWS - 1,
    })
}

fn last_col(columns: usize) -> ColNum {
    ColNum::try_from(columns.saturating_sub(1)).unwrap_or(ColNum::MAX)
}

/// A UTC time as an Excel date-time (to the millisecond).
fn excel_time(what: &'static str, value: DateTime<Utc>) -> Result<ExcelDateTime, ExportError> {
    let out_of_range = || ExportError::DateOutOfRange {
        what,
        value: super::columns::iso_time(value),
    };
    let small = |n: u32| u8::try_from(n).map_err(|_| out_of_range());
    let millis = u16::try_from(value.timestamp_subsec_millis().min(999)).unwrap_or(999);
    let hour = u16::from(small(value.hour())?);
    excel_day(value.date_naive())
        .map_err(|_| out_of_range())?
        .and_hms_milli(hour, small(value.minute())?, small(value.second())?, millis)
        .map_err(|_| out_of_range())
}

/// A day as an Excel date.
fn excel_day(value: NaiveDate) -> Result<ExcelDateTime, ExportError> {
    let out_of_range = || ExportError::DateOutOfRange {
        what: "due_date",
        value: value.format("%Y-%m-%d").to_string(),
    };
    let year = u16::try_from(value.year()).map_err(|_| out_of_range())?;
    let month = u8::try_from(value.month()).map_err(|_| out_of_range())?;
    let day = u8::try_from(value.day()).map_err(|_| out_of_range())?;
    ExcelDateTime::from_ymd(year, month, day).map_err(|_| out_of_range())
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use super::*;

    /// The rows sheet of `rows` rows, with tables up to `table_rows`, as xlsx bytes.
    fn sheet_bytes(rows: usize, table_rows: usize) -> Vec<u8> {
        let mut workbook = Workbook::new();
        let formats = Formats::new();
        let sheet = workbook.add_worksheet_with_constant_memory().unwrap();
        completions_sheet(sheet, rows, table_rows, &formats).unwrap();
        for r in 1..=rows {
            let r = RowNum::try_from(r).unwrap();
            sheet.write_string(r, 0, "E-1").unwrap();
        }
        workbook.save_to_buffer().unwrap()
    }

    /// The text of the part `name` of a zip file, read from its local header (the parts
    /// are deflated, and a deflate stream ends by itself).
    fn part(bytes: &[u8], name: &str) -> Option<String> {
        let at = bytes
            .windows(name.len())
            .position(|w| w == name.as_bytes())?;
        let header = at - 30;
        assert_eq!(&bytes[header..header + 4], b"PK\x03\x04", "a local header");
        let extra = usize::from(u16::from_le_bytes([bytes[at - 2], bytes[at - 1]]));
        let mut text = String::new();
        flate2::read::DeflateDecoder::new(&bytes[at + name.len() + extra..])
            .read_to_string(&mut text)
            .unwrap();
        Some(text)
    }

    #[test]
    fn a_report_above_the_table_limit_gets_a_filtered_header_instead_of_a_table() {
        let within = sheet_bytes(3, 3);
        let table = part(&within, "xl/tables/table1.xml").expect("a table");
        assert!(table.contains(r#"ref="A1:U4""#), "{table}");
        let above = sheet_bytes(4, 3);
        assert!(part(&above, "xl/tables/table1.xml").is_none(), "no table");
        let sheet = part(&above, "xl/worksheets/sheet1.xml").unwrap();
        assert!(sheet.contains(r#"<autoFilter ref="A1:U5"/>"#), "{sheet}");
        assert!(sheet.contains("employee_id"), "the header is written");
        assert!(
            sheet.contains(r#"<pane ySplit="1""#),
            "the header is frozen"
        );
    }
}
