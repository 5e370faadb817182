//! The completion report as a JSON document, for systems that import it.
//!
//! A self-describing document rather than bare rows, so an importer can check what it
//! holds and which rows were chosen:
//!
//! ```json
//! {"format": "jaga-completions", "version": 1, "generated_at": "2026-11-29T09:15:00Z",
//!  "language": "id",
//!  "filter": {"department": "TI", "status": null, "module": null, "since": null, "until": null},
//!  "rows": [{"employee_id": "EMP-000001", ...}]}
//! ```
//!
//! Row fields are [`Completion`]'s serde names, the same as the CSV columns and in the same
//! order; absent values are `null`. `docs/report-formats.md` describes every field. A new
//! field may be added within version 1; a field changing meaning or disappearing makes
//! version 2. Text is written as it is: JSON is not evaluated, so no `'` is added.

use std::io::Write;

use serde::Serialize;

use super::Completion;
use super::columns::{ExportContext, ExportError, FilterRecord, iso_time};

/// Identifies the document.
pub const FORMAT: &str = "jaga-completions";
/// The version of the document's layout.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    version: u32,
    generated_at: String,
    /// The language of module titles.
    language: &'a str,
    filter: FilterRecord<'a>,
    rows: &'a [&'a Completion],
}

/// Writes the document for `rows` to `out`, pretty-printed, with a final newline.
pub fn write(
    out: &mut dyn Write,
    rows: &[&Completion],
    context: &ExportContext<'_>,
) -> Result<(), ExportError> {
    let document = Document {
        format: FORMAT,
        version: VERSION,
        generated_at: iso_time(context.generated_at),
        language: context.lang,
        filter: FilterRecord::from(context.filter),
        rows,
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    out.write_all(b"\n").map_err(serde_json::Error::io)?;
    Ok(())
}
