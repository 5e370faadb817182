//! `jaga new module ID`: start a module from the commented template.
//!
//! Authors learn the format fastest from a file that already validates and explains each
//! field beside it. The template is `docs/template-module.ron`, compiled in so the command
//! works from any folder; only its id changes.

use anyhow::Context as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use crate::content::validate::is_slug;

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
}

pub fn run(command: &NewCommand) -> anyhow::Result<ExitCode> {
    match command {
        NewCommand::Module { id, out } => new_module(id, out.as_deref()),
    }
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
    // `create_new` refuses an existing file in the same step that creates it.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => anyhow::anyhow!(
                "{} already exists; choose another name with --out, or remove it first",
                path.display()
            ),
            _ => anyhow::Error::new(e).context(format!("cannot create {}", path.display())),
        })?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!(
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
