//! `jaga bundle` and `jaga import`: results carried from learners' laptops to a manager.
//!
//! The format and the merge rules live in [`crate::bundle`]; this file opens the
//! store, names the files, prints one report per bundle and picks the exit code. `bundle`
//! exits 0 when the file is written, 2 when it could not be, and 130 when SIGINT or
//! SIGTERM stopped it (at the next record; no file is left behind). `import` exits 0 when
//! every bundle was imported without a conflict, 1 when a bundle was rejected or a conflict
//! was reported (the other bundles are still imported), and 2 when it could not run or the
//! store refused a write.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::Utc;
use clap::Args;
use uuid::Uuid;

use super::{
    Cli, EXIT_CANNOT_RUN, EXIT_PROBLEMS, data_dir, open_existing_store, open_store_at,
    output_result,
};
use crate::bundle::ImportReport;
use crate::content;
use crate::service::manager;
use crate::store;

#[derive(Debug, Args)]
pub struct BundleArgs {
    /// The bundle file to write, like `results-laptop-7.jaga-bundle`; written whole, so a
    /// crash never leaves half a bundle.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Replace a file already at `--out` (without it, an existing file is never touched).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Bundle files written by `jaga bundle`, imported in the order given.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

pub fn bundle(cli: &Cli, args: &BundleArgs) -> anyhow::Result<ExitCode> {
    let now = Utc::now();
    let mut store = open_existing_store(cli, "bundle", now)?;
    super::refuse_existing(&args.out, args.force)?;
    let made = match manager::write_bundle(
        &mut store,
        &args.out,
        super::existing(args.force),
        Uuid::new_v4(),
        now,
        Some(super::stop_flag()),
    ) {
        Err(manager::ManagerError::Bundle(crate::bundle::BundleError::Stopped)) => {
            eprintln!(
                "jaga: stopped (interrupted) before the bundle was complete; no file was written"
            );
            return Ok(ExitCode::from(super::EXIT_STOPPED));
        }
        made => made?,
    };
    drop(store);
    say(&args.out.display().to_string())?;
    let open = match made.open_left_out {
        0 => String::new(),
        n => format!(
            "; {} not bundled (only finished attempts are results)",
            plural(n, "open attempt is", "open attempts are")
        ),
    };
    let refreshers = match made.refreshers {
        0 => String::new(),
        n => format!(", with {}", plural(n, "refresher", "refreshers")),
    };
    errln!(
        "bundled {} and {} from machine {}{refreshers}{open}",
        plural(made.learners, "learner", "learners"),
        plural(made.attempts, "finished attempt", "finished attempts"),
        made.machine,
    );
    Ok(ExitCode::SUCCESS)
}

pub fn import(cli: &Cli, args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let loaded = content::load(&cli.content_source())?;
    let now = Utc::now();
    let mut store = open_store_at(cli, &data_dir(cli)?, "import", now)?;
    let mut imported = 0;
    let mut rejected = 0;
    let mut failed = 0;
    let mut conflicts = 0;
    let mut stopped = 0;
    for file in &args.files {
        if super::interrupted() {
            stopped += 1;
            continue;
        }
        let Some(import) = manager::import_bundles(
            &mut store,
            &loaded.course,
            std::slice::from_ref(file),
            now,
            Some(super::stop_flag()),
        )
        .pop() else {
            continue;
        };
        let shown = import.path.display();
        match &import.result {
            Ok(report) => {
                imported += 1;
                conflicts += report.conflict_count();
                print_report(&import.path, report)?;
            }
            Err(crate::bundle::BundleError::Stopped) => {
                stopped += 1;
                eprintln!("jaga: {shown}: stopped (interrupted), nothing imported");
            }
            Err(error) if error.is_rejection() => {
                rejected += 1;
                let error = super::chain(error);
                errln!("jaga: error: {shown}: rejected, nothing imported: {error}");
            }
            Err(error) => {
                failed += 1;
                let error = super::chain(error);
                errln!("jaga: error: {shown}: not imported, nothing written: {error}");
            }
        }
    }
    let mut summary = format!(
        "imported {imported} of {}",
        plural(args.files.len(), "bundle", "bundles")
    );
    for (n, what) in [
        (rejected, "rejected"),
        (failed, "failed"),
        (stopped, "stopped or not started (interrupted)"),
    ] {
        if n > 0 {
            let _ = write!(summary, ", {n} {what}");
        }
    }
    if conflicts > 0 {
        let _ = write!(
            summary,
            "; {} to review",
            plural(conflicts, "conflict", "conflicts")
        );
    }
    errln!("{summary}");
    Ok(if failed > 0 || stopped > 0 {
        ExitCode::from(EXIT_CANNOT_RUN)
    } else if rejected > 0 || conflicts > 0 {
        ExitCode::from(EXIT_PROBLEMS)
    } else {
        ExitCode::SUCCESS
    })
}

/// A line on stdout; a reader that stops early (`| head`) is not an error.
fn say(line: &str) -> anyhow::Result<()> {
    output_result(writeln!(
        std::io::stdout().lock(),
        "{}",
        crate::i18n::printable(line)
    ))
}

fn print_report(file: &Path, report: &ImportReport) -> anyhow::Result<()> {
    let mut line = format!(
        "{}: {} added, {} added, {} already present, {}",
        file.display(),
        plural(report.learners_added, "learner", "learners"),
        plural(report.attempts_added, "attempt", "attempts"),
        report.attempts_present,
        plural(report.conflict_count(), "conflict", "conflicts"),
    );
    if report.refreshers_added + report.refreshers_present > 0 {
        let _ = write!(
            line,
            ", {} added, {} already present",
            plural(report.refreshers_added, "refresher", "refreshers"),
            report.refreshers_present
        );
    }
    if report.refreshers_past_retention > 0 {
        let _ = write!(
            line,
            ", {} past the retention period left out",
            plural(report.refreshers_past_retention, "refresher", "refreshers")
        );
    }
    if report.attempts_past_retention > 0 {
        let _ = write!(
            line,
            ", {} past the retention period left out",
            report.attempts_past_retention
        );
    }
    let _ = write!(
        line,
        " (machine {}, bundled {})",
        report.machine,
        store::ts(report.created_at)
    );
    say(&line)?;
    for conflict in &report.conflicts {
        say(&format!("  conflict: {conflict}"))?;
    }
    if report.conflicts_not_listed > 0 {
        say(&format!(
            "  … and {} more conflicts not listed",
            report.conflicts_not_listed
        ))?;
    }
    Ok(())
}
