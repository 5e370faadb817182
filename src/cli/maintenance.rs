//! `jaga check` and `jaga purge`: the store's whole-file check and the retention purge, on
//! request. No other command does either (opening a store reads its header and schema
//! only), so neither slows a command down or changes data behind a read.

use std::process::ExitCode;
use std::time::Instant;

use chrono::Utc;
use clap::Args;

use super::{Cli, EXIT_PROBLEMS, open_existing_store};
use crate::store::CheckOutcome;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Also compare every index with its table (`PRAGMA integrity_check`); slower.
    #[arg(long)]
    pub full: bool,
}

pub fn check(cli: &Cli, args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let now = Utc::now();
    let store = open_existing_store(cli, "check", now)?;
    let bytes = std::fs::metadata(store.path()).map_or(0, |m| m.len());
    let start = Instant::now();
    let outcome = store.check(now, args.full)?;
    let took = start.elapsed().as_secs_f64();
    #[expect(clippy::cast_precision_loss, reason = "a file size in MiB, for people")]
    let mib = bytes as f64 / 1_048_576.0;
    match outcome {
        CheckOutcome::Sound => {
            eprintln!(
                "{}: sound ({} of {mib:.1} MiB in {took:.1} s)",
                store.path().display(),
                if args.full {
                    "full check"
                } else {
                    "quick check"
                },
            );
            Ok(ExitCode::SUCCESS)
        }
        CheckOutcome::Damaged(detail) => {
            eprintln!(
                "jaga: error: {} is damaged: {detail}. Bundle or export what you can now; the next time Jaga opens it, it checks again and, if the damage is still there, sets the file aside (never deleting it) and starts a fresh store",
                store.path().display()
            );
            Ok(ExitCode::from(EXIT_PROBLEMS))
        }
    }
}

pub fn purge(cli: &Cli) -> anyhow::Result<ExitCode> {
    let now = Utc::now();
    let mut store = open_existing_store(cli, "purge", now)?;
    match store.retention_days()? {
        None => eprintln!("no retention period is set; nothing was removed"),
        Some(days) => {
            let purged = store.apply_retention(now)?;
            eprintln!(
                "removed {purged} attempts finished more than {days} days ago, with their answers and queued statements"
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
