//! The `jaga` binary: parse the command line, run a subcommand or open the window.

use std::process::ExitCode;

use clap::Parser as _;
use jaga::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Some(command) => cli::run(&cli, command),
        None => open_window(&cli),
    }
}

#[cfg(feature = "gui")]
fn open_window(cli: &Cli) -> ExitCode {
    jaga::ui::run(jaga::ui::Options {
        content: cli.content_source(),
        data_dir: cli.data.clone(),
        author: cli.author.then(|| cli.author_folder()).flatten(),
        ask_author_folder: cli.author && cli.author_folder().is_none(),
    })
}

#[cfg(not(feature = "gui"))]
fn open_window(_cli: &Cli) -> ExitCode {
    eprintln!(
        "jaga: this build has no window (built without the `gui` feature); see `jaga --help`"
    );
    ExitCode::from(cli::EXIT_CANNOT_RUN)
}
