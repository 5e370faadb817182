//! `jaga gift import` and `jaga gift export`: Moodle question banks in and out.
//!
//! The conversion itself lives in [`crate::gift`]; this file only reads and writes files,
//! prints the report, and picks the exit code: 0 when everything converted, 1 when some
//! questions were skipped (the output is still written), 2 when nothing could be written.

use anyhow::Context as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use super::{Cli, EXIT_PROBLEMS, output_result};
use crate::content::load::{MAX_FILE_BYTES, parse_file};
use crate::content::validate::{AssetLookup, is_slug};
use crate::content::{self, Module, diagnostic};
use crate::gift::{self, GiftError, ImportOptions};
use crate::lang::Lang;

#[derive(Debug, Subcommand)]
pub enum GiftCommand {
    /// Convert a Moodle GIFT file into a Jaga module file.
    ///
    /// Multiple-choice and true/false questions are imported with their feedback and
    /// marked as Moodle marks them (check boxes keep every answer's weight; radio buttons
    /// keep partial credit, and a penalty below zero is dropped with a note); `::titles::`
    /// become question ids and the last `$CATEGORY` the module's title. GIFT has no lessons,
    /// so the module gets a short placeholder lesson to replace. Matching questions become
    /// Jaga's matching questions. Question kinds Jaga does not have (essay, numerical, short
    /// answer, missing word) are listed with their line and skipped.
    ///
    /// Exits 0 when every question was imported, 1 when some were skipped (the module is
    /// still written), 2 when nothing could be written (the file is not UTF-8, no question
    /// could be imported, the output exists).
    Import {
        /// The GIFT file, as Moodle exports it (UTF-8 text).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The language the questions are written in.
        #[arg(long, value_enum, default_value_t = Lang::Id)]
        lang: Lang,
        /// The module file to write, like `privacy-quiz.ron`.
        #[arg(long, value_name = "MODULE.ron")]
        out: PathBuf,
        /// The module id; by default the output file's name, as a slug.
        #[arg(long)]
        id: Option<String>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Write a module's questions as a GIFT file that Moodle imports.
    ///
    /// Single and multiple choice, true/false and all feedback are written; question ids
    /// become `::titles::` and the module `$CATEGORY: jaga/<module-id>`. Multiple choice uses
    /// weights that add up to 100% (see the table below). Scenarios cannot be written
    /// in GIFT: they are skipped with a note.
    ///
    /// Exits 0 when every question was written, 1 when some were skipped, 2 when nothing
    /// could be written.
    #[command(after_long_help = EXPORT_MAPPING)]
    Export {
        /// A module file (`.ron`), or the id of a module in the course (the built-in course,
        /// or the one `--content` names).
        #[arg(value_name = "MODULE")]
        module: String,
        /// The language to write, one of the module's languages.
        #[arg(long)]
        lang: String,
        /// The GIFT file to write; without it, the GIFT text goes to standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Replace a file already at `--out`.
        #[arg(long)]
        force: bool,
    },
}

const EXPORT_MAPPING: &str = "\
How questions are written:
  Single choice     =right choice  ~%W%partly right  ~wrong choice, each with #feedback
  Multiple choice,  every choice ~%W% with its own weight, which Moodle marks as Jaga
    Weighted        does (the sum of the picked weights, kept within 0-100%)
  Multiple choice   right choices ~%W% with W = 100 / number of right choices;
                    wrong choices ~%-W% (partial credit: right picks minus wrong picks,
                    never below zero, as in Jaga) or ~%-100% (all-or-nothing: any wrong
                    pick scores zero; Moodle still gives partial credit for some right
                    picks without a wrong one)
  True/false        {TRUE#feedback if answered wrongly#feedback if answered rightly}
  Explanation       ####feedback
  Matching          =item -> category for each item, = -> category for one no item has
  Scenario, spot    skipped: GIFT has no branching scenarios, spot-the-leak or
  the leak, order   ordering questions
Question points, always_ask, the draw and choice ids are not kept.";

pub fn run(cli: &Cli, command: &GiftCommand) -> anyhow::Result<ExitCode> {
    match command {
        GiftCommand::Import {
            file,
            lang,
            out,
            id,
            force,
        } => import(file, *lang, out, id.as_deref(), *force),
        GiftCommand::Export {
            module,
            lang,
            out,
            force,
        } => export(cli, module, lang, out.as_deref(), *force),
    }
}

fn import(
    file: &Path,
    lang: Lang,
    out: &Path,
    id: Option<&str>,
    force: bool,
) -> anyhow::Result<ExitCode> {
    let shown = file.display().to_string();
    let module_id = match id {
        Some(id) => id.to_owned(),
        None => {
            let stem = out
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let slug = gift::slug(&stem);
            if slug.is_empty() {
                anyhow::bail!(
                    "cannot make a module id from the file name `{stem}`; give one with --id"
                );
            }
            slug
        }
    };
    if !is_slug(&module_id) {
        return Err(GiftError::BadModuleId { id: module_id }.into());
    }
    if out.exists() && !force {
        anyhow::bail!(
            "{} already exists; choose another --out or pass --force to replace it",
            out.display()
        );
    }
    let bytes = read_capped(file)?;
    let parsed = gift::parse_bytes(&bytes).with_context(|| shown.clone())?;
    let source_name = file
        .file_name()
        .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    let module_file = out.file_name().map_or_else(
        || out.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let options = ImportOptions {
        module_id: &module_id,
        lang,
        source_name: &source_name,
        module_file: &module_file,
    };
    let imported = match gift::import(&parsed, &options) {
        Ok(imported) => imported,
        Err(GiftError::NothingToImport { skipped }) => {
            for problem in &skipped {
                errln!("{shown}:{}: warning: {}", problem.line, problem.message);
            }
            anyhow::bail!("{shown}: {}", GiftError::NothingToImport { skipped });
        }
        Err(error) => anyhow::bail!("{shown}: {error}"),
    };

    // The import is built to validate; check anyway, so a bug never writes a broken module.
    let label = out.display().to_string();
    let (module, diagnostics) =
        content::load::parse_module(&label, imported.ron.as_bytes(), &NoImages);
    if module.is_none() {
        err!(
            "{}",
            diagnostic::render_all(&diagnostics, crate::lang::Lang::En)
        );
        anyhow::bail!(
            "the module made from {shown} does not validate, so it was not written; this is a \
             bug in Jaga, please report it with the GIFT file"
        );
    }
    crate::fsio::write_bytes(out, imported.ron.as_bytes())?;

    for problem in &imported.skipped {
        errln!("{shown}:{}: warning: {}", problem.line, problem.message);
    }
    for note in &imported.notes {
        errln!("{shown}:{}: note: {}", note.line, note.message);
    }
    let questions = plural(imported.question_count(), "question");
    if imported.skipped.is_empty() {
        errln!("wrote {label} (module `{module_id}`): {questions} imported");
        Ok(ExitCode::SUCCESS)
    } else {
        errln!(
            "wrote {label} (module `{module_id}`): {questions} imported, {} skipped",
            imported.skipped.len()
        );
        Ok(ExitCode::from(EXIT_PROBLEMS))
    }
}

fn export(
    cli: &Cli,
    module: &str,
    lang: &str,
    out: Option<&Path>,
    force: bool,
) -> anyhow::Result<ExitCode> {
    if let Some(path) = out {
        super::refuse_existing(path, force)?;
    }
    let module = find_module(cli, module)?;
    let exported = gift::export(&module, lang)?;
    match out {
        Some(path) => {
            crate::fsio::write_bytes(path, exported.gift.as_bytes())?;
        }
        None => output_result(std::io::stdout().lock().write_all(exported.gift.as_bytes()))?,
    }
    for skipped in &exported.skipped {
        errln!("{}: warning: {skipped}", module.id);
    }
    for note in &exported.notes {
        errln!("{}: note: {note}", module.id);
    }
    let target = out.map_or_else(|| "standard output".to_owned(), |p| p.display().to_string());
    let questions = plural(exported.questions, "question");
    if exported.skipped.is_empty() {
        errln!("wrote {target}: {questions} of module `{}`", module.id);
        Ok(ExitCode::SUCCESS)
    } else {
        errln!(
            "wrote {target}: {questions} of module `{}`, {} skipped",
            module.id,
            exported.skipped.len()
        );
        Ok(ExitCode::from(EXIT_PROBLEMS))
    }
}

/// A module from a `.ron` file, or by id from the course.
fn find_module(cli: &Cli, module: &str) -> anyhow::Result<std::sync::Arc<Module>> {
    let path = Path::new(module);
    let is_file = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
        || path.is_file();
    if is_file {
        let bytes = read_capped(path)?;
        let outcome = parse_file(module, &bytes, &NoImages);
        return outcome.module.ok_or_else(|| {
            let errors: Vec<_> = outcome
                .diagnostics
                .into_iter()
                .filter(content::Diagnostic::is_error)
                .collect();
            err!("{}", diagnostic::render_all(&errors, crate::lang::Lang::En));
            anyhow::anyhow!(
                "{module} has {}; fix them before exporting (jaga validate {module})",
                diagnostic::summary(&errors, crate::lang::Lang::En)
            )
        });
    }
    let loaded = content::load(&cli.content_source())?;
    if let Some(found) = loaded.course.module(module) {
        return Ok(found.clone());
    }
    let ids: Vec<&str> = loaded
        .course
        .modules
        .iter()
        .map(|m| m.id.as_str())
        .collect();
    let broken = if loaded.error_count() > 0 {
        " (some module files have errors and were not loaded: run `jaga validate`)"
    } else {
        ""
    };
    Err(anyhow::anyhow!(
        "no module `{module}` in the course{broken}; give a .ron file or one of: {}",
        ids.join(", ")
    ))
}

/// Images are not exported, so a module's pictures need not be found to export it.
struct NoImages;

impl AssetLookup for NoImages {
    fn check(&self, _path: &str) -> Result<(), crate::content::validate::ImageProblem> {
        Ok(())
    }
}

/// A file's bytes, refusing files far larger than any question bank or module.
fn read_capped(path: &Path) -> anyhow::Result<Vec<u8>> {
    let shown = path.display();
    let size = std::fs::metadata(path)
        .with_context(|| format!("{shown}: cannot read the file"))?
        .len();
    if size > MAX_FILE_BYTES {
        anyhow::bail!(
            "{shown}: the file is over the {} MiB limit of a module file; split it into \
             smaller files (a GIFT bank by category, a module by topic)",
            MAX_FILE_BYTES / (1024 * 1024)
        );
    }
    std::fs::read(path).with_context(|| format!("{shown}: cannot read the file"))
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}
