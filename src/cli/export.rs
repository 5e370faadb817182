//! `jaga export`: the completion report as a file a manager hands to an auditor.
//!
//! It computes the same rows as the manager's screen (`report::completions` at the current
//! time, then the `Filter`) and writes them with `report::export`, which writes the file
//! whole or not at all, beside a `.sha256` sidecar. The path goes to stdout (for scripts:
//! a folder as `--out` gets a timestamped name); the row count and digest go to stderr.
//! Exits 0 when written, 1 when written but some module files had errors (their rows are
//! missing), 2 when nothing could be written (bad arguments, no store, a write failed).

use std::path::{MAIN_SEPARATOR, PathBuf};
use std::process::ExitCode;

use chrono::{NaiveDate, SubsecRound as _, Utc};
use clap::builder::PossibleValuesParser;
use clap::{Args, ValueEnum};

use super::{Cli, EXIT_PROBLEMS, data_dir};
use crate::content::{self, diagnostic};
use crate::engine::Status;
use crate::lang::Lang;
use crate::report::export::{self, ExportContext, ExportFormat};
use crate::report::xapi;
use crate::report::{self, Dataset, Filter};
use crate::store::{self, Store};

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The file format.
    #[arg(long, value_enum)]
    pub format: Format,
    /// The file to write, or a folder to write `jaga-completions-<UTC time>.<ext>` into.
    /// An existing file is replaced once the new one is complete.
    #[arg(long, value_name = "FILE_OR_DIR")]
    pub out: PathBuf,
    /// Only learners of this department (exactly as stored; it may start with `-`).
    #[arg(long, value_name = "D", allow_hyphen_values = true)]
    pub department: Option<String>,
    /// Only rows with this status.
    #[arg(long, value_name = "S", value_parser = PossibleValuesParser::new(Status::KEYS))]
    pub status: Option<String>,
    /// Only this module (its id, as `jaga list` prints it).
    #[arg(long, value_name = "M")]
    pub module: Option<String>,
    /// Only rows whose latest finished attempt is on or after this day (UTC).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub since: Option<NaiveDate>,
    /// Only rows whose latest finished attempt is on or before this day (UTC).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub until: Option<NaiveDate>,
    /// Start the CSV with a UTF-8 byte order mark, so Excel reads names correctly.
    #[arg(long)]
    pub bom: bool,
    /// The language of module titles.
    #[arg(long, value_enum, default_value_t = Lang::Id)]
    pub lang: Lang,
}

/// The export formats `jaga export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// RFC 4180 CSV, UTF-8; text that a spreadsheet would run as a formula gets a `'`.
    Csv,
    /// An Excel workbook: the rows as a table, and a summary sheet.
    Xlsx,
    /// The `jaga-completions` JSON document.
    Json,
    /// xAPI 1.0.3 statements about the rows' finished attempts, as a JSON array.
    Xapi,
}

fn parse_day(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a day; write it as YYYY-MM-DD, like 2026-11-29"))
}

pub fn run(cli: &Cli, args: &ExportArgs) -> Result<ExitCode, String> {
    let format = match args.format {
        Format::Csv => Some(ExportFormat::Csv),
        Format::Xlsx => Some(ExportFormat::Xlsx),
        Format::Json => Some(ExportFormat::Json),
        Format::Xapi => None,
    };
    if args.bom && format != Some(ExportFormat::Csv) {
        return Err("--bom only applies to --format csv".to_owned());
    }
    if let (Some(since), Some(until)) = (args.since, args.until)
        && since > until
    {
        return Err(format!(
            "--since {since} is after --until {until}: no row could match"
        ));
    }
    let out_text = args.out.as_os_str().to_string_lossy();
    if (out_text.ends_with('/') || out_text.ends_with(MAIN_SEPARATOR)) && !args.out.is_dir() {
        return Err(format!(
            "the folder to export into does not exist: {}",
            args.out.display()
        ));
    }

    let loaded = content::load(&cli.content_source()).map_err(|e| e.to_string())?;
    let course = &loaded.course;
    if let Some(module) = &args.module
        && course.module(module).is_none()
    {
        let known: Vec<&str> = course.modules.iter().map(|m| m.id.as_str()).collect();
        return Err(format!(
            "no module `{module}` in the course; its modules are: {}",
            known.join(", ")
        ));
    }

    let dir = data_dir(cli)?;
    if !dir.join(store::FILE_NAME).is_file() {
        return Err(format!(
            "there are no results to export in {} (no {}); name the data folder with --data DIR or JAGA_DATA_DIR",
            dir.display(),
            store::FILE_NAME
        ));
    }
    let now = Utc::now().trunc_subsecs(0);
    let (store, opened) = Store::open(&dir, now).map_err(|e| e.to_string())?;
    if let Some(aside) = opened.moved_aside {
        return Err(format!(
            "the results store was damaged ({}); it was moved aside to {} and nothing was exported",
            opened.damage.unwrap_or_default(),
            aside.display()
        ));
    }
    let data = Dataset::load(&store).map_err(|e| e.to_string())?;

    let filter = Filter {
        department: args.department.clone(),
        status: args.status.clone(),
        module: args.module.clone(),
        since: args.since,
        until: args.until,
    };
    if let Some(department) = &args.department
        && !data.departments().contains(department)
    {
        eprintln!(
            "note: no learner is in department `{department}`; departments: {}",
            data.departments().join(", ")
        );
    }
    let lang = args.lang.code();
    let all = report::completions(course, &data, lang, now);
    let rows = filter.apply(&all);
    let context = ExportContext {
        course,
        filter: &filter,
        lang,
        generated_at: now,
        bom: args.bom,
    };
    let written = match format {
        Some(format) => {
            let path = export::output_path(&args.out, &export::default_file_name(format, now));
            export::export(format, &rows, &context, &path).map_err(|e| e.to_string())?
        }
        None => {
            let name = export::stamped_name("jaga-xapi", "json", now);
            let path = export::output_path(&args.out, &name);
            // The LRS settings' home page, so exported statements equal delivered ones; the
            // placeholder `https://jaga.invalid` when none is set (not yet addressed).
            let config = crate::lrs::export_config(&store).map_err(|e| e.to_string())?;
            let bytes =
                xapi::export_document(&store, course, &rows, &config).map_err(|e| e.to_string())?;
            if config.home_page() == xapi::PLACEHOLDER_HOME_PAGE {
                eprintln!(
                    "note: the xAPI actor home page is the placeholder {} (set one with `jaga lrs configure --home-page`)",
                    config.home_page()
                );
            }
            export::export_bytes(&path, rows.len(), &bytes).map_err(|e| e.to_string())?
        }
    };
    drop(store);

    println!("{}", written.path.display());
    eprintln!(
        "wrote {} rows ({} bytes) to {}",
        written.rows,
        written.bytes,
        written.path.display()
    );
    eprintln!(
        "sha256 {}  (in {}; check with sha256sum -c)",
        written.sha256,
        written.sidecar.display()
    );
    let errors: Vec<_> = loaded
        .diagnostics()
        .into_iter()
        .filter(content::Diagnostic::is_error)
        .collect();
    if errors.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprint!("{}", diagnostic::render_all(&errors));
        eprintln!(
            "{}: the rows of modules that did not load are missing from the export",
            diagnostic::summary(&errors)
        );
        Ok(ExitCode::from(EXIT_PROBLEMS))
    }
}
