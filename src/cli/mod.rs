//! The command line: `jaga` starts the window; subcommands work without one.
//!
//! Arguments are parsed by clap into [`Cli`], then each subcommand runs on the core
//! only. Subcommands print what they produce on stdout and problems on stderr, and
//! return an [`ExitCode`]: 0 done, 1 done but problems were found, 2 could not run.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::content::{self, ContentSource, diagnostic};
use crate::lang::Lang;

/// A line for people on stdout. Every line the subcommands print goes through one of
/// these three macros, so that no control character from a name, a title, a path, a
/// bundle or a server's answer reaches the terminal raw (see [`crate::i18n::printable`]).
macro_rules! outln {
    ($($arg:tt)*) => {
        ::std::println!("{}", $crate::i18n::printable(&::std::format!($($arg)*)))
    };
}

/// A line for people on stderr, made safe like [`outln!`].
macro_rules! errln {
    ($($arg:tt)*) => {
        ::std::eprintln!("{}", $crate::i18n::printable(&::std::format!($($arg)*)))
    };
}

/// Text for people on stderr without a line break, made safe like [`outln!`].
macro_rules! err {
    ($($arg:tt)*) => {
        ::std::eprint!("{}", $crate::i18n::printable(&::std::format!($($arg)*)))
    };
}

mod bundle;
mod certificate;
pub mod demo;
mod export;
mod gate;
pub mod gift;
mod lrs;
mod maintenance;
pub mod new;
mod organisation;
mod package;
mod policy;
mod retention;
mod stress;

/// Jaga: privacy and data-protection training, private by design.
///
/// Without a subcommand, opens the training window on the built-in course.
#[derive(Debug, Parser)]
#[command(name = "jaga", version, about, long_about = None)]
pub struct Cli {
    /// Load the course from this folder (every *.ron file in it, recursively) instead
    /// of the course built into Jaga.
    #[arg(long, global = true, value_name = "DIR")]
    pub content: Option<PathBuf>,

    /// Keep results in this folder instead of the platform's data folder.
    #[arg(long, global = true, value_name = "DIR", env = "JAGA_DATA_DIR")]
    pub data: Option<PathBuf>,

    /// Open the window in author mode: watch the content folder, reload each saved file,
    /// and show its problems, previews, scenario maps and translation coverage.
    ///
    /// The folder is the one `--content` names; without it, `content/` in the current
    /// folder when there is one, otherwise the window asks for a folder. The current
    /// folder itself is never watched unasked: it may be a home folder with thousands of
    /// files.
    #[arg(long, global = true)]
    pub author: bool,

    /// Read the manager passphrase from the first line of this file, for scripts. Commands
    /// that show or change results ask for it when one is set; without this option they
    /// take `JAGA_MANAGER_PASSPHRASE`, else ask on the terminal.
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check module files and print every problem as path:line:col.
    ///
    /// Exits 0 when there is no error (warnings allowed), 1 when any file has an error,
    /// 2 when it could not run (for example, a path does not exist).
    Validate {
        /// Module files or folders to check; without any, checks the course that
        /// `--content` names, or the built-in course.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// How to print the problems.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// The language of the messages. The `error:`/`warning:` word of each line stays
        /// English in both, for tools that read it.
        #[arg(long, value_enum, default_value_t = Lang::En)]
        lang: Lang,
    },
    /// List the course's modules: id, revision, title, languages, question count.
    ///
    /// One tab-separated line per module that loaded; problems in other files go to
    /// stderr and make the exit code 1.
    List,
    /// Convert question banks from and to Moodle's GIFT format.
    Gift {
        #[command(subcommand)]
        command: gift::GiftCommand,
    },
    /// Create a new file from a template, ready to edit.
    New {
        #[command(subcommand)]
        command: new::NewCommand,
    },
    /// Fill an empty data folder with made-up learners and results, to try the manager
    /// area and the exports before real results come in.
    DemoData {
        /// How many learners to make up.
        #[arg(long, default_value_t = 200)]
        learners: usize,
        /// Make up learners until this many attempts are finished (about 11 per learner),
        /// instead of a number of learners: `--attempts 1000000` for a big organisation.
        #[arg(long, value_name = "N")]
        attempts: Option<usize>,
        /// The same seed makes the same data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Write the completion report (one row per learner × module) as CSV, XLSX or JSON,
    /// with a `.sha256` sidecar beside it.
    ///
    /// Prints the path written on stdout, and the row count and SHA-256 on stderr. Exits 0
    /// when written, 1 when written but some module files had errors, 2 when nothing could
    /// be written (a bad date, an unknown status or module, no results store).
    Export(export::ExportArgs),
    /// Write this machine's results (learners, finished attempts with every answer) as one
    /// bundle file for a manager to import with `jaga import`.
    ///
    /// Open attempts are not bundled: only finished attempts are results. Prints the path
    /// written on stdout and what went in on stderr. Exits 0 when written, 2 when not.
    Bundle(bundle::BundleArgs),
    /// Merge results bundles from learners' machines into this data folder.
    ///
    /// Each bundle is checked whole (format, version, checksum, every score) and imported
    /// in one transaction, or rejected with nothing written. Importing a bundle again
    /// changes nothing. Learners are matched by employee ID; a profile here whose name or
    /// department differs is kept and reported as a conflict. Exits 0 when every bundle was
    /// imported without conflict, 1 when one was rejected or a conflict was reported, 2 when
    /// it could not run.
    Import(bundle::ImportArgs),
    /// Write the PDF certificate of an employee's latest pass of a module.
    ///
    /// Exits 0 when written, 2 when it could not be (no such employee or module, no pass).
    Certificate(certificate::CertificateArgs),
    /// Write a PDF certificate for every passed completion, named `{employee}-{module}.pdf`.
    ///
    /// Exits 0 when every certificate was written, 1 when some could not be made, 2 when it
    /// could not run.
    Certificates(certificate::CertificatesArgs),
    /// Set up delivery of results to the organisation's Learning Record Store (xAPI).
    Lrs {
        #[command(subcommand)]
        command: lrs::LrsCommand,
    },
    /// Send queued xAPI statements to the LRS now, with a progress bar.
    ///
    /// Exits 0 when everything is delivered, 1 when statements are left (rejected by the
    /// LRS, or the LRS could not be reached), 2 when it could not run (not set up, turned
    /// off, the key refused, a wrong address).
    Push(lrs::PushArgs),
    /// Check the whole results store for damage (`PRAGMA quick_check`).
    ///
    /// Opening the store never reads the whole file, so this is how to check it on
    /// demand; the window also checks in the background after an unclean shutdown and
    /// once a week. Exits 0 when the file is sound, 1 when it is damaged, 2 when it could
    /// not run.
    Check(maintenance::CheckArgs),
    /// Remove the attempts older than the retention period now (with their answers and
    /// queued statements). The window does this in its idle time; no other command does.
    Purge,
    /// Show or set the organisation that issues certificates and who signs them.
    ///
    /// Each option sets one value (an empty value removes it); certificates made after
    /// carry them. Their verification codes do not change.
    Organisation(organisation::OrganisationArgs),
    /// Show whether the training lasts: per module, the share of refresher answers right
    /// by days since the pass, and the questions whose knowledge fades fastest.
    ///
    /// `--set-desired` sets the desired retention the refresher schedule aims at. Exits 0
    /// when shown, 2 when it could not run (a desired retention out of range, no store).
    Retention(retention::RetentionArgs),
    /// Check the organisation's policy file before it is rolled out.
    Policy {
        #[command(subcommand)]
        command: policy::PolicyCommand,
    },
    /// Write the man page and the shell completions (for building the package).
    #[command(hide = true)]
    PackageFiles(package::PackageFilesArgs),
    /// Write attempts in a loop, as fast as possible (for the crash test).
    #[command(hide = true)]
    StressStore {
        /// Stop after this many attempts; without it, run until killed.
        #[arg(long)]
        rounds: Option<u64>,
        /// The employee ID of the simulated learner.
        #[arg(long, default_value = "STRESS-1")]
        learner: String,
    },
}

/// Output format for diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `path:line:col: severity: message` followed by the source line.
    Text,
    /// A JSON array of objects with file, line, column, severity and message.
    Json,
}

/// Exit code of a run that found problems in its input.
pub const EXIT_PROBLEMS: u8 = 1;
/// Exit code of a run that could not do its work.
pub const EXIT_CANNOT_RUN: u8 = 2;

impl Cli {
    /// Where the course comes from, as the arguments say.
    pub fn content_source(&self) -> ContentSource {
        self.content
            .clone()
            .map_or(ContentSource::Bundled, ContentSource::Dir)
    }

    /// The folder author mode opens: `--content`, else `./content` when it is a folder,
    /// else `None` (the window asks). Meaningful only with `--author`.
    pub fn author_folder(&self) -> Option<PathBuf> {
        self.content.clone().or_else(|| {
            let default = PathBuf::from("content");
            default.is_dir().then_some(default)
        })
    }
}

/// Set by SIGINT or SIGTERM: long commands stop at the next safe point (an export or a
/// bundle at its next learner or record, leaving no file; an import at its next record,
/// rolling that bundle back; a push after the batch in hand), so what they write is
/// always whole or absent.
static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether the person or the system asked the command to stop.
pub fn interrupted() -> bool {
    INTERRUPTED.load(std::sync::atomic::Ordering::SeqCst)
}

/// The flag [`interrupted`] reads, for work that checks it as it goes (an export).
fn stop_flag() -> &'static std::sync::atomic::AtomicBool {
    &INTERRUPTED
}

/// Exit code of a command stopped by SIGINT or SIGTERM before its work was complete
/// (128 + SIGINT, as shells report an interrupted command).
pub const EXIT_STOPPED: u8 = 130;

impl Command {
    /// Whether the command checks [`interrupted`] and stops at a safe point. Any other is
    /// left to the signal's default (it ends at once), rather than running on after being
    /// asked to stop.
    fn stops_at_a_safe_point(&self) -> bool {
        matches!(
            self,
            Self::Export(_) | Self::Bundle(_) | Self::Import(_) | Self::Push(_)
        )
    }
}

/// The first SIGINT or SIGTERM asks the command to stop at the next safe point; a second
/// ends it at once (its writes are transactions, so nothing is left half-written).
fn stop_on_signal() {
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, std::sync::atomic::Ordering::SeqCst) {
            std::process::exit(i32::from(EXIT_STOPPED));
        }
    });
}

/// Runs a subcommand. The caller handles the no-subcommand (GUI) case.
pub fn run(cli: &Cli, command: &Command) -> ExitCode {
    if command.stops_at_a_safe_point() {
        stop_on_signal();
    }
    let result = match command {
        Command::Validate {
            paths,
            format,
            lang,
        } => validate(cli, paths, *format, *lang),
        Command::List => list(cli),
        Command::Gift { command } => gift::run(cli, command),
        Command::New { command } => new::run(command),
        Command::StressStore { rounds, learner } => stress_store(cli, learner, *rounds),
        Command::DemoData {
            learners,
            attempts,
            seed,
        } => demo_data(cli, *learners, *attempts, *seed),
        Command::Export(args) => export::run(cli, args),
        Command::Bundle(args) => bundle::bundle(cli, args),
        Command::Import(args) => bundle::import(cli, args),
        Command::Certificate(args) => certificate::one(cli, args),
        Command::Certificates(args) => certificate::bulk(cli, args),
        Command::Lrs { command } => lrs::run(cli, command),
        Command::Push(args) => lrs::push(cli, args),
        Command::Organisation(args) => organisation::run(cli, args),
        Command::Retention(args) => retention::run(cli, args),
        Command::Check(args) => maintenance::check(cli, args),
        Command::Purge => maintenance::purge(cli),
        Command::Policy { command } => Ok(policy::run(command)),
        Command::PackageFiles(args) => package::run(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            // The whole chain of causes, once: "what failed: why: the system's reason".
            errln!("jaga: error: {error:#}");
            ExitCode::from(EXIT_CANNOT_RUN)
        }
    }
}

fn validate(cli: &Cli, paths: &[PathBuf], format: Format, lang: Lang) -> anyhow::Result<ExitCode> {
    let files = if paths.is_empty() {
        content::load(&cli.content_source())?.files
    } else {
        content::load::load_paths(paths)?
    };
    let diagnostics: Vec<_> = files.iter().flat_map(|f| f.diagnostics.clone()).collect();
    let mut out = std::io::stdout().lock();
    let written = match format {
        Format::Text => out.write_all(
            crate::i18n::printable(&diagnostic::render_all(&diagnostics, lang)).as_bytes(),
        ),
        Format::Json => serde_json::to_value(&diagnostics)
            .map(|mut json| {
                // Each message in the language asked for (serde gives English).
                if let Some(items) = json.as_array_mut() {
                    for (item, d) in items.iter_mut().zip(&diagnostics) {
                        item["message"] = serde_json::Value::String(d.text(lang));
                    }
                }
                json
            })
            .and_then(|json| serde_json::to_string_pretty(&json))
            .map_err(std::io::Error::other)
            .and_then(|json| writeln!(out, "{json}")),
    };
    output_result(written)?;
    let summary = diagnostic::summary(&diagnostics, lang);
    if !summary.is_empty() && format == Format::Text {
        let checked = crate::i18n::Message::new("diag-checked")
            .with("summary", summary)
            .with("files", files.len())
            .text(lang, &crate::i18n::NoTitles);
        errln!("{checked}");
    }
    Ok(exit_for(&diagnostics))
}

/// A text as one tab-separated field: a tab or line break would split it, and other
/// control characters would reach the terminal, so each becomes a space.
fn one_field(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn list(cli: &Cli) -> anyhow::Result<ExitCode> {
    let loaded = content::load(&cli.content_source())?;
    let mut out = std::io::stdout().lock();
    for module in &loaded.course.modules {
        let lang = module.languages.first().map_or("en", String::as_str);
        let written = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            module.id,
            module.revision.short(),
            one_field(module.title.get(lang)),
            module.languages.join(","),
            module.assessment.questions.len()
        );
        output_result(written)?;
    }
    let errors: Vec<_> = loaded
        .diagnostics()
        .into_iter()
        .filter(content::Diagnostic::is_error)
        .collect();
    if !errors.is_empty() {
        err!("{}", diagnostic::render_all(&errors, Lang::En));
        errln!(
            "{} not listed: run `jaga validate` for details",
            diagnostic::summary(&errors, Lang::En)
        );
    }
    Ok(exit_for(&errors))
}

/// Refuses, before any work, to write over a file already at `out` unless `force`.
fn refuse_existing(out: &std::path::Path, force: bool) -> anyhow::Result<()> {
    if !force && out.symlink_metadata().is_ok_and(|m| !m.is_dir()) {
        anyhow::bail!(
            "{} already exists; nothing was written (choose another --out, or pass --force to replace it)",
            out.display()
        );
    }
    Ok(())
}

/// What a write does with a file already there: `--force` replaces it.
fn existing(force: bool) -> crate::fsio::Existing {
    if force {
        crate::fsio::Existing::Replace
    } else {
        crate::fsio::Existing::Keep
    }
}

/// An error and its causes on one line: "what failed: why: the system's reason".
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// A reader that stops early (`jaga list | head`) is not an error; anything else is.
fn output_result(written: std::io::Result<()>) -> anyhow::Result<()> {
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(e).context("cannot write the output"))
        }
        _ => Ok(()),
    }
}

/// Opens the results store that must already be in the data folder, for a manager's
/// command that reads or adds to results (`doing` says what, for the error), after the
/// manager passphrase when one is set. A damaged store is moved aside by opening; then
/// nothing is done, and the error says so.
fn open_existing_store(
    cli: &Cli,
    doing: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<crate::store::Store> {
    let mut store = open_existing_store_unguarded(cli, doing, now)?;
    gate::unlock(cli, &mut store, now)?;
    Ok(store)
}

/// [`open_existing_store`] without the passphrase, for a command that shows no results
/// (`jaga check`).
fn open_existing_store_unguarded(
    cli: &Cli,
    doing: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<crate::store::Store> {
    let dir = data_dir(cli)?;
    // A folder or a device by the store's name is for opening to report.
    if dir
        .join(crate::store::FILE_NAME)
        .symlink_metadata()
        .is_err()
    {
        anyhow::bail!(
            "there are no results to {doing} in {} (no {}); name the data folder with --data DIR or JAGA_DATA_DIR",
            dir.display(),
            crate::store::FILE_NAME
        );
    }
    open_unguarded(&dir, doing, now)
}

/// Opens (or creates) the store in `dir` for a manager's command, after the manager
/// passphrase when one is set; a damaged store moved aside stops the command.
fn open_store_at(
    cli: &Cli,
    dir: &std::path::Path,
    doing: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<crate::store::Store> {
    let mut store = open_unguarded(dir, doing, now)?;
    gate::unlock(cli, &mut store, now)?;
    Ok(store)
}

fn open_unguarded(
    dir: &std::path::Path,
    doing: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<crate::store::Store> {
    let (mut store, opened) = crate::store::Store::open(dir, now)?;
    if opened.moved_aside.is_none() {
        warn_unacknowledged(&opened);
    }
    policy::system().policy.apply(&mut store);
    if let Some(aside) = opened.moved_aside {
        anyhow::bail!(
            "the results store was damaged ({}); it was moved aside to {} and nothing was done ({doing})",
            opened.damage.map(|d| d.to_string()).unwrap_or_default(),
            aside.display()
        );
    }
    Ok(store)
}

/// Says on stderr that a damaged store was set aside and not yet acknowledged: every
/// command says it until `jaga check --acknowledge`.
fn warn_unacknowledged(opened: &crate::store::OpenReport) {
    if let Some(note) = &opened.unacknowledged {
        let text = crate::i18n::Message::new("cli-store-moved-aside")
            .with("note", note.as_str())
            .text(Lang::En, &crate::i18n::NoTitles);
        errln!("jaga: warning: {text}");
    }
}

/// The data folder the arguments name, or the platform's.
fn data_dir(cli: &Cli) -> anyhow::Result<PathBuf> {
    cli.data
        .clone()
        .or_else(crate::store::default_data_dir)
        .ok_or_else(|| anyhow::anyhow!("no data folder: give one with --data DIR or JAGA_DATA_DIR"))
}

fn demo_data(
    cli: &Cli,
    learners: usize,
    attempts: Option<usize>,
    seed: u64,
) -> anyhow::Result<ExitCode> {
    use crate::clock::Entropy as _;
    let loaded = content::load(&cli.content_source())?;
    let dir = data_dir(cli)?;
    let now = chrono::Utc::now();
    let (mut store, opened) = crate::store::Store::open(&dir, now)?;
    warn_unacknowledged(&opened);
    // Made-up results in a store with a manager passphrase would mix with real ones.
    gate::unlock(cli, &mut store, now)?;
    let size = demo::DemoSize {
        learners,
        attempts,
        seed,
        // Ids of this folder's own: demo data from two folders never shares one.
        ids: crate::clock::SystemEntropy.seed(),
    };
    let report = demo::fill(&mut store, &loaded.course, size, now)?;
    errln!(
        "wrote {} learners, {} attempts and {} open quizzes to {}",
        report.learners,
        report.attempts,
        report.open,
        store.path().display()
    );
    Ok(ExitCode::SUCCESS)
}

fn stress_store(cli: &Cli, learner: &str, rounds: Option<u64>) -> anyhow::Result<ExitCode> {
    let data = cli.data.clone().ok_or_else(|| {
        anyhow::anyhow!("stress-store needs --data DIR: it must not touch real results")
    })?;
    let loaded = content::load(&cli.content_source())?;
    stress::run(&loaded.course, &data, learner, rounds)?;
    Ok(ExitCode::SUCCESS)
}

fn exit_for(diagnostics: &[content::Diagnostic]) -> ExitCode {
    if diagnostics.iter().any(content::Diagnostic::is_error) {
        ExitCode::from(EXIT_PROBLEMS)
    } else {
        ExitCode::SUCCESS
    }
}
