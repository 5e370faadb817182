//! The manager passphrase at the command line: the same lock as the window's manager area.
//!
//! A command that shows or changes results, certificates or LRS settings runs only after
//! the passphrase, when one is set: from `--passphrase-file FILE` or
//! `JAGA_MANAGER_PASSPHRASE` for scripts, else asked for on the terminal without echo.
//! A wrong passphrase ends the command before it does anything, and counts as a wrong try
//! with the window's growing delay (`Store::unlock_manager`), so a script cannot guess
//! faster than a person at the window. What this guards, and what it cannot, is in
//! `docs/data.md` ("What protects what").

use std::io::{IsTerminal as _, Read as _};
use std::path::Path;

use chrono::{DateTime, Utc};

use super::Cli;
use crate::i18n::{Message, NoTitles};
use crate::lang::Lang;
use crate::store::{Store, Unlock, ts};

/// The environment variable a script gives the passphrase in.
pub const PASSPHRASE_ENV: &str = "JAGA_MANAGER_PASSPHRASE";
/// The longest passphrase file read: a passphrase is a line.
const MAX_FILE_BYTES: u64 = 4096;

fn say(message: &Message) -> String {
    message.text(Lang::En, &NoTitles)
}

/// Checks the manager passphrase when the store has one; an error stops the command
/// before it does anything.
pub(super) fn unlock(cli: &Cli, store: &mut Store, now: DateTime<Utc>) -> anyhow::Result<()> {
    if !store.has_manager_passphrase()? {
        return Ok(());
    }
    let passphrase = passphrase(cli)?;
    match store.unlock_manager(&passphrase, now)? {
        Unlock::Unlocked | Unlock::NotSet => Ok(()),
        Unlock::Wrong { retry_at } => anyhow::bail!(
            "{}",
            say(&Message::new("cli-passphrase-wrong").with("retry_at", ts(retry_at)))
        ),
        Unlock::Wait { retry_at } => anyhow::bail!(
            "{}",
            say(&Message::new("cli-passphrase-wait").with("retry_at", ts(retry_at)))
        ),
    }
}

/// The passphrase from the file, the environment, or the terminal, in that order.
fn passphrase(cli: &Cli) -> anyhow::Result<String> {
    if let Some(file) = &cli.passphrase_file {
        return from_file(file);
    }
    if let Some(value) = std::env::var_os(PASSPHRASE_ENV) {
        return value
            .into_string()
            .map_err(|_| anyhow::anyhow!("{}", say(&Message::new("cli-passphrase-not-text"))));
    }
    if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        err!("{}", say(&Message::new("cli-passphrase-prompt")));
        let line = console::Term::stderr().read_secure_line()?;
        return Ok(line);
    }
    anyhow::bail!("{}", say(&Message::new("cli-passphrase-needed")))
}

/// The first line of a regular file, without its line break.
fn from_file(path: &Path) -> anyhow::Result<String> {
    let cannot = |e: std::io::Error| {
        anyhow::anyhow!(
            "{}",
            say(&Message::new("cli-passphrase-file")
                .with("path", path)
                .with("reason", crate::i18n::io_reason(&e)))
        )
    };
    let mut bytes = Vec::new();
    crate::fsio::open_regular(path)
        .map_err(cannot)?
        .take(MAX_FILE_BYTES)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| anyhow::anyhow!("{}", say(&Message::new("cli-passphrase-not-text"))))?;
    Ok(text.lines().next().unwrap_or_default().to_owned())
}
