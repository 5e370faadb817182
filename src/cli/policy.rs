//! `jaga policy check FILE`: checks an organisation policy before IT rolls it out, with
//! every problem as `file:line:col: error: key: …`, as Jaga itself would report it.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use super::{EXIT_CANNOT_RUN, EXIT_PROBLEMS};
use crate::i18n::{Message, NoTitles};
use crate::lang::Lang;
use crate::policy::Loaded;

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Check a policy file (like /etc/jaga/policy.toml) and print every problem.
    ///
    /// Exits 0 when the file is valid, 1 when it has problems (Jaga would then use its
    /// safe defaults), 2 when it cannot be read at all.
    Check {
        /// The policy file to check.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The language of the messages.
        #[arg(long, value_enum, default_value_t = Lang::En)]
        lang: Lang,
    },
}

pub fn run(command: &PolicyCommand) -> ExitCode {
    let PolicyCommand::Check { file, lang } = command;
    let lang = *lang;
    if !file.is_file() {
        let message = Message::new("policy-no-file").with("file", file.as_path());
        eprintln!("jaga: {}", message.text(lang, &NoTitles));
        return ExitCode::from(EXIT_CANNOT_RUN);
    }
    let loaded = Loaded::from_file(file);
    if loaded.problems.is_empty() {
        let message = Message::new("policy-valid")
            .with("file", file.as_path())
            .with("count", loaded.policy.count());
        println!("{}", message.text(lang, &NoTitles));
        return ExitCode::SUCCESS;
    }
    for problem in &loaded.problems {
        eprintln!("{}", problem.text(lang));
    }
    ExitCode::from(EXIT_PROBLEMS)
}

/// The system's policy for a command that opens the store: its problems said once on
/// stderr (the safe defaults then apply).
pub fn system() -> Loaded {
    let loaded = Loaded::system();
    for problem in &loaded.problems {
        eprintln!("jaga: {}", problem.text(Lang::En));
    }
    loaded
}
