//! `jaga certificate` and `jaga certificates`: PDF certificates of passed completions.
//!
//! The data and the drawing live in [`crate::certificate`]; this file opens the
//! store, writes the files and picks the exit code. `certificate` exits 0 when the PDF is
//! written and 2 when it could not be (no such employee or module, no pass). `certificates`
//! exits 0 when every matching certificate was written (possibly none), 1 when some could
//! not be made (the others are written), and 2 when it could not run.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Utc;
use clap::Args;

use super::{Cli, EXIT_PROBLEMS, open_existing_store, output_result};
use crate::certificate::{
    self, CertificateFilter, Lang, certificate_for_employee, local_offset, passed_certificates,
    write_certificate, write_certificates,
};
use crate::content;

#[derive(Debug, Args)]
pub struct CertificateArgs {
    /// The learner's employee ID.
    #[arg(long, value_name = "EMPLOYEE_ID")]
    pub employee: String,
    /// The module's id, as `jaga list` shows it.
    #[arg(long, value_name = "MODULE")]
    pub module: String,
    /// The language of the labels, the dates and the module title.
    #[arg(long, value_enum, default_value_t = Lang::Id)]
    pub lang: Lang,
    /// The PDF to write.
    #[arg(long, value_name = "FILE.pdf")]
    pub out: PathBuf,
    /// Replace a file already at `--out` (without it, an existing file is never touched).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CertificatesArgs {
    /// The folder to write into (made if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Replace certificates already in the folder (without it, an existing file is never
    /// touched and that certificate is reported as not written).
    #[arg(long)]
    pub force: bool,
    /// Only learners of this department (exactly as stored).
    #[arg(long, value_name = "D")]
    pub department: Option<String>,
    /// Only this module.
    #[arg(long, value_name = "MODULE")]
    pub module: Option<String>,
    /// The language of the labels, the dates and the module titles.
    #[arg(long, value_enum, default_value_t = Lang::Id)]
    pub lang: Lang,
}

/// A line on stdout; a reader that stops early (`| head`) is not an error.
fn say(line: &str) -> anyhow::Result<()> {
    output_result(writeln!(
        std::io::stdout().lock(),
        "{}",
        crate::i18n::printable(line)
    ))
}

pub fn one(cli: &Cli, args: &CertificateArgs) -> anyhow::Result<ExitCode> {
    let loaded = content::load(&cli.content_source())?;
    let store = open_existing_store(cli, "make a certificate from", Utc::now())?;
    let data = certificate_for_employee(
        &store,
        &loaded.course,
        &args.employee,
        &args.module,
        local_offset(),
    )?;
    let lang = args.lang;
    let print = certificate::Print {
        lang,
        issuer: certificate::Issuer::load(&store)?,
        existing: super::existing(args.force),
    };
    drop(store);
    super::refuse_existing(&args.out, args.force)?;
    write_certificate(&args.out, &data, &print)?;
    say(&args.out.display().to_string())?;
    errln!(
        "certificate for {} ({}), {}: passed {}, verification code {}",
        data.name,
        data.employee_id,
        data.module_title.get(lang.code()),
        certificate::long_date(data.passed_at, data.utc_offset, lang),
        data.verification_code
    );
    Ok(ExitCode::SUCCESS)
}

pub fn bulk(cli: &Cli, args: &CertificatesArgs) -> anyhow::Result<ExitCode> {
    let loaded = content::load(&cli.content_source())?;
    let store = open_existing_store(cli, "make certificates from", Utc::now())?;
    if let Some(department) = &args.department {
        let learners = store.learners()?;
        if !learners
            .iter()
            .any(|l| l.department.as_ref() == Some(department))
        {
            let mut known: Vec<&str> = learners
                .iter()
                .filter_map(|l| l.department.as_deref())
                .collect();
            known.sort_unstable();
            known.dedup();
            anyhow::bail!(
                "no learner is in department `{department}`; the departments are: {}",
                known.join(", ")
            );
        }
    }
    let filter = CertificateFilter {
        department: args.department.clone(),
        module: args.module.clone(),
    };
    let certificates = passed_certificates(&store, &loaded.course, &filter, local_offset())?;
    let print = certificate::Print {
        lang: args.lang,
        issuer: certificate::Issuer::load(&store)?,
        existing: super::existing(args.force),
    };
    drop(store);
    if certificates.is_empty() {
        errln!("no passed completion matches; no certificate written");
        return Ok(ExitCode::SUCCESS);
    }
    let report = write_certificates(&args.out, &certificates, &print)?;
    for path in &report.written {
        say(&path.display().to_string())?;
    }
    for (name, error) in &report.failed {
        errln!("jaga: error: {name}: not written: {}", super::chain(error));
    }
    errln!(
        "wrote {} of {} certificates to {}",
        report.written.len(),
        certificates.len(),
        args.out.display()
    );
    Ok(if report.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_PROBLEMS)
    })
}
