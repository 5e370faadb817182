//! `jaga package-files --out DIR` (hidden): the man pages and the shell completions,
//! generated from the same clap definition that parses the command line, so the package
//! never documents an option the binary does not have.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, CommandFactory as _};

use super::Cli;

#[derive(Debug, Args)]
pub struct PackageFilesArgs {
    /// The folder to write the man pages (`man/jaga.1`, `man/jaga-validate.1`, …),
    /// `jaga.bash`, `_jaga` (zsh) and `jaga.fish` into.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

pub fn run(args: &PackageFilesArgs) -> anyhow::Result<ExitCode> {
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot make the folder {}", args.out.display()))?;
    let man_dir = args.out.join("man");
    std::fs::create_dir_all(&man_dir)
        .with_context(|| format!("cannot make the folder {}", man_dir.display()))?;
    // As `clap_mangen::generate_to` does: no `help` page, and names like `jaga-validate`.
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let pages = man_pages(command, &man_dir)?;
    for (shell, name) in [
        (clap_complete::Shell::Bash, "jaga.bash"),
        (clap_complete::Shell::Zsh, "_jaga"),
        (clap_complete::Shell::Fish, "jaga.fish"),
    ] {
        let mut script = Vec::new();
        clap_complete::generate(shell, &mut Cli::command(), "jaga", &mut script);
        write(&args.out.join(name), &script)?;
    }
    eprintln!(
        "wrote {pages} man pages, jaga.bash, _jaga and jaga.fish to {}",
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// A man page for `command` and each of its visible subcommands, deepest first; returns
/// how many were written.
fn man_pages(command: clap::Command, dir: &Path) -> anyhow::Result<usize> {
    let mut pages = 0;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        pages += man_pages(sub.clone(), dir)?;
    }
    let man = clap_mangen::Man::new(command);
    let mut bytes = Vec::new();
    man.render(&mut bytes).context("cannot render a man page")?;
    write(&dir.join(man.get_filename()), &bytes)?;
    Ok(pages + 1)
}

/// Written whole or not at all, owner-only like every file Jaga writes; the package
/// gives the installed copies their modes.
fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    crate::fsio::write_bytes(path, bytes)
        .with_context(|| format!("cannot write {}", path.display()))
}
