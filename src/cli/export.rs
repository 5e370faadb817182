//! `jaga export`: the completion report as a file a manager hands to an auditor.
//!
//! It computes the same rows as the manager's screen (`report::rows` at the current time,
//! then the `Filter`) and writes them with `report::export`, which writes the file
//! whole or not at all, beside a `.sha256` sidecar. The path goes to stdout (for scripts:
//! a folder as `--out` gets a timestamped name); the row count and digest go to stderr.
//! Exits 0 when written, 1 when written but some module files had errors (their rows are
//! missing), 2 when nothing could be written (bad arguments, no store, a write failed),
//! 130 when SIGINT or SIGTERM stopped it (the rows stop at the next learner; the
//! temporary file is removed, so neither the report nor its sidecar is written).

use std::path::{MAIN_SEPARATOR, PathBuf};
use std::process::ExitCode;

use chrono::{NaiveDate, SubsecRound as _, Utc};
use clap::Args;
use clap::builder::PossibleValuesParser;

use super::{Cli, EXIT_PROBLEMS, open_existing_store};
use crate::content::{self, diagnostic};
use crate::engine::Status;
use crate::lang::Lang;
use crate::report::Filter;
use crate::report::export::ExportError;
use crate::service::manager::{self, ExportFormat, ExportRequest, ManagerError};

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The file format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// The file to write, or a folder to write `jaga-completions-<UTC time>.<ext>` into.
    #[arg(long, value_name = "FILE_OR_DIR")]
    pub out: PathBuf,
    /// Replace a report (or its `.sha256`) already at `--out`; without it, an existing file
    /// is never touched.
    #[arg(long)]
    pub force: bool,
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

/// A day given on the command line that is not one.
#[derive(Debug, thiserror::Error)]
#[error("`{0}` is not a day; write it as YYYY-MM-DD, like 2026-11-29")]
pub struct NotADay(String);

pub(super) fn parse_day(text: &str) -> Result<NaiveDate, NotADay> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| NotADay(text.to_owned()))
}

pub fn run(cli: &Cli, args: &ExportArgs) -> anyhow::Result<ExitCode> {
    if args.bom && args.format != ExportFormat::Csv {
        anyhow::bail!("--bom only applies to --format csv");
    }
    if let (Some(since), Some(until)) = (args.since, args.until)
        && since > until
    {
        anyhow::bail!("--since {since} is after --until {until}: no row could match");
    }
    let out_text = args.out.as_os_str().to_string_lossy();
    if (out_text.ends_with('/') || out_text.ends_with(MAIN_SEPARATOR)) && !args.out.is_dir() {
        anyhow::bail!(
            "the folder to export into does not exist: {}",
            args.out.display()
        );
    }

    let loaded = content::load(&cli.content_source())?;
    let course = &loaded.course;
    if let Some(module) = &args.module
        && course.module(module).is_none()
    {
        let known: Vec<&str> = course.modules.iter().map(|m| m.id.as_str()).collect();
        anyhow::bail!(
            "no module `{module}` in the course; its modules are: {}",
            known.join(", ")
        );
    }

    if !args.out.is_dir() {
        super::refuse_existing(&args.out, args.force)?;
        super::refuse_existing(&crate::report::export::sidecar_of(&args.out), args.force)?;
    }
    let now = Utc::now().trunc_subsecs(0);
    let store = open_existing_store(cli, "export", now)?;
    let filter = Filter {
        department: args.department.clone(),
        status: args.status.clone(),
        module: args.module.clone(),
        since: args.since,
        until: args.until,
    };
    if let Some(department) = &args.department {
        let departments: Vec<String> = store
            .department_counts()?
            .into_iter()
            .filter_map(|(department, _)| department)
            .collect();
        if !departments.contains(department) {
            errln!(
                "note: no learner is in department `{department}`; departments: {}",
                departments.join(", ")
            );
        }
    }
    let written = match manager::export(
        &store,
        course,
        &ExportRequest {
            format: args.format,
            bom: args.bom,
            filter: &filter,
            out: &args.out,
            lang: args.lang,
            now,
            existing: super::existing(args.force),
            stop: Some(super::stop_flag()),
        },
    ) {
        Err(ManagerError::Export(ExportError::Stopped)) => {
            eprintln!(
                "jaga: stopped (interrupted) before the export was complete; no file was written"
            );
            return Ok(ExitCode::from(super::EXIT_STOPPED));
        }
        written => written?,
    };
    drop(store);
    if written.placeholder_home_page {
        errln!(
            "note: the xAPI actor home page is the placeholder {} (set one with `jaga lrs configure --home-page`)",
            crate::report::xapi::PLACEHOLDER_HOME_PAGE
        );
    }
    let written = written.report;
    outln!("{}", written.path.display());
    errln!(
        "wrote {} rows ({} bytes) to {}",
        written.rows,
        written.bytes,
        written.path.display()
    );
    errln!(
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
        err!("{}", diagnostic::render_all(&errors, crate::lang::Lang::En));
        errln!(
            "{}: the rows of modules that did not load are missing from the export",
            diagnostic::summary(&errors, crate::lang::Lang::En)
        );
        Ok(ExitCode::from(EXIT_PROBLEMS))
    }
}
