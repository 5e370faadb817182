//! `jaga new module ID` and `jaga new course DIR`: start from something that works.
//!
//! Authors learn the format fastest from a file that already validates and explains each
//! field beside it. The template is `docs/template-module.ron`, compiled in so the command
//! works from any folder; only its id changes. An author who would rather adapt the
//! built-in course gets all of it, with the images its modules show copied into the
//! folder's own `assets/`, so the copy validates clean wherever it is put.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use crate::content::validate::is_slug;
use crate::content::{Assets, Block, load};
use crate::fsio::{Existing, write_new_bytes};
use crate::i18n::{Localized as _, Message, NoTitles};
use crate::lang::Lang;

/// The commented module template, as shipped in the docs.
const TEMPLATE: &str = include_str!("../../docs/template-module.ron");

/// The field of the template that names its module.
const TEMPLATE_ID: &str = "id: \"template-module\",";

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// Write a new module file from the commented template, ready to edit.
    ///
    /// The file explains every field beside it and validates as written; change its texts,
    /// then check it with `jaga validate FILE`. An existing file is never overwritten.
    Module {
        /// The module's id: lowercase letters, digits and single hyphens, like
        /// `phishing-basics`. Results are recorded under it.
        id: String,
        /// Where to write the module; by default `ID.ron` in the current folder.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Write the built-in course into a folder, to start a course of your own from it.
    ///
    /// Every module file goes into DIR, and the images the modules show into DIR/assets,
    /// so `jaga validate --content DIR` and `jaga --author --content DIR` work at once. An
    /// existing file is never overwritten unless --force is given; without it, nothing is
    /// written when any of the files is already there.
    Course {
        /// The folder to write the course into; it is created when missing.
        dir: PathBuf,
        /// Replace files already in DIR with the built-in course's.
        #[arg(long)]
        force: bool,
        /// The language of what the command says.
        #[arg(long, value_enum, default_value_t = Lang::En)]
        lang: Lang,
    },
}

pub fn run(command: &NewCommand) -> anyhow::Result<ExitCode> {
    match command {
        NewCommand::Module { id, out } => new_module(id, out.as_deref()),
        NewCommand::Course { dir, force, lang } => Ok(new_course(dir, *force, *lang)),
    }
}

/// The files of the built-in course as an author's working copy: each path relative to
/// the course folder, with its bytes. Module files keep their names; images keep the
/// `assets/…` path the modules name them by, which the loader finds in `DIR/assets`.
pub fn course_files() -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = load::bundled_files()
        .map(|(name, bytes)| {
            let relative = name.strip_prefix("content/").unwrap_or(name);
            (PathBuf::from(relative), bytes.to_vec())
        })
        .collect();
    let course = load::load_bundled().course;
    let mut images: Vec<&str> = course
        .modules
        .iter()
        .flat_map(|m| &m.lessons)
        .flat_map(|l| &l.blocks)
        .filter_map(|b| match b {
            Block::Image { path, .. } => Some(path.as_str()),
            _ => None,
        })
        .collect();
    images.sort_unstable();
    images.dedup();
    for image in images {
        if let Some(bytes) = Assets::Bundled.read(image) {
            files.push((PathBuf::from(image), bytes.into_owned()));
        }
    }
    files
}

fn new_course(dir: &Path, force: bool, lang: Lang) -> ExitCode {
    let say = |message: Message| message.text(lang, &NoTitles);
    let files = course_files();
    let existing: Vec<String> = files
        .iter()
        .map(|(relative, _)| dir.join(relative))
        .filter(|path| path.symlink_metadata().is_ok())
        .map(|path| format!("\n  {}", path.display()))
        .collect();
    if !force && !existing.is_empty() {
        errln!(
            "jaga: error: {}",
            say(Message::new("new-course-exists")
                .with("dir", dir)
                .with("count", existing.len())
                .with("files", existing.concat()))
        );
        return ExitCode::from(super::EXIT_CANNOT_RUN);
    }
    let replace = if force {
        Existing::Replace
    } else {
        Existing::Keep
    };
    for (relative, bytes) in &files {
        let path = dir.join(relative);
        let folder = crate::fsio::folder_of(&path);
        if let Err(error) = std::fs::create_dir_all(folder) {
            errln!(
                "jaga: error: {}",
                say(Message::new("new-course-cannot-create")
                    .with("dir", folder)
                    .with("reason", crate::i18n::io_reason(&error)))
            );
            return ExitCode::from(super::EXIT_CANNOT_RUN);
        }
        if let Err(error) = write_new_bytes(&path, replace, bytes) {
            errln!("jaga: error: {}", say(error.message()));
            return ExitCode::from(super::EXIT_CANNOT_RUN);
        }
    }
    let modules = files
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "ron"))
        .count();
    errln!(
        "{}",
        say(Message::new("new-course-written")
            .with("dir", dir)
            .with("modules", modules)
            .with(
                "images",
                files
                    .iter()
                    .filter(|(p, _)| p.starts_with("assets"))
                    .count()
            ))
    );
    ExitCode::SUCCESS
}

/// The template with its id replaced.
pub fn module_text(id: &str) -> anyhow::Result<String> {
    if !is_slug(id) {
        anyhow::bail!(
            "module id `{id}` must be a slug: lowercase letters, digits and single hyphens, \
             like `phishing-basics`"
        );
    }
    if TEMPLATE.matches(TEMPLATE_ID).count() != 1 {
        anyhow::bail!(
            "the built-in module template has no single `id:` line; this is a bug in Jaga"
        );
    }
    Ok(TEMPLATE.replacen(TEMPLATE_ID, &format!("id: \"{id}\","), 1))
}

fn new_module(id: &str, out: Option<&Path>) -> anyhow::Result<ExitCode> {
    let text = module_text(id)?;
    let path = out.map_or_else(|| PathBuf::from(format!("{id}.ron")), Path::to_path_buf);
    // Written whole or not at all, never over a file already there (checked in the same
    // step as the rename).
    write_new_bytes(&path, Existing::Keep, text.as_bytes()).map_err(|e| {
        if e.is_existing_file() {
            anyhow::anyhow!(
                "{} already exists; choose another name with --out, or remove it first",
                path.display()
            )
        } else {
            anyhow::Error::new(e)
        }
    })?;
    errln!(
        "wrote {}: edit its texts, then check it with `jaga validate {}`",
        path.display(),
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_has_one_id_line_to_replace() {
        let text = module_text("phishing-basics").unwrap();
        assert!(text.contains("    id: \"phishing-basics\",\n"));
        assert!(!text.contains("template-module"));
        assert!(module_text("Not A Slug").is_err());
    }
}
