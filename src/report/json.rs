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

use super::Completion;
use super::columns::{ExportContext, ExportError, FilterRecord, iso_time};
use super::pretty::nested;

/// Identifies the document.
pub const FORMAT: &str = "jaga-completions";
/// The version of the document's layout.
pub const VERSION: u32 = 1;

/// Writes the document for `rows` to `out`, pretty-printed, with a final newline.
pub fn write(
    out: &mut dyn Write,
    rows: &[&Completion],
    context: &ExportContext<'_>,
) -> Result<(), ExportError> {
    let mut document = JsonRows::start(out, context)?;
    for row in rows {
        document.row(row)?;
    }
    document.finish()
}

/// The document being written a row at a time: the head, then each row as it comes, then
/// the end, pretty-printed exactly as `serde_json` prints the whole document.
pub struct JsonRows<'a> {
    out: &'a mut dyn Write,
    rows: usize,
    buffer: Vec<u8>,
}

impl<'a> JsonRows<'a> {
    pub fn start(out: &'a mut dyn Write, context: &ExportContext<'_>) -> Result<Self, ExportError> {
        let mut head = Vec::new();
        head.extend_from_slice(b"{\n  \"format\": ");
        serde_json::to_writer(&mut head, FORMAT)?;
        head.extend_from_slice(
            format!(",\n  \"version\": {VERSION},\n  \"generated_at\": ").as_bytes(),
        );
        serde_json::to_writer(&mut head, &iso_time(context.generated_at))?;
        head.extend_from_slice(b",\n  \"language\": ");
        serde_json::to_writer(&mut head, context.lang)?;
        head.extend_from_slice(b",\n  \"filter\": ");
        nested(&mut head, &FilterRecord::from(context.filter), 2)?;
        head.extend_from_slice(b",\n  \"rows\": [");
        out.write_all(&head).map_err(serde_json::Error::io)?;
        Ok(Self {
            out,
            rows: 0,
            buffer: Vec::with_capacity(1024),
        })
    }

    pub fn row(&mut self, row: &Completion) -> Result<(), ExportError> {
        self.buffer.clear();
        self.buffer.extend_from_slice(if self.rows == 0 {
            b"\n    "
        } else {
            b",\n    "
        });
        nested(&mut self.buffer, row, 4)?;
        self.out
            .write_all(&self.buffer)
            .map_err(serde_json::Error::io)?;
        self.rows += 1;
        Ok(())
    }

    pub fn finish(self) -> Result<(), ExportError> {
        let end: &[u8] = if self.rows == 0 {
            b"]\n}\n"
        } else {
            b"\n  ]\n}\n"
        };
        self.out.write_all(end).map_err(serde_json::Error::io)?;
        Ok(())
    }
}
