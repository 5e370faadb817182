//! `jaga check` and `jaga purge`: the store's whole-file check and the retention purge, on
//! request. No other command does either (opening a store reads its header and schema
//! only), so neither slows a command down or changes data behind a read.

use std::process::ExitCode;
use std::time::Instant;

use chrono::Utc;
use clap::Args;

use super::{Cli, EXIT_PROBLEMS, open_existing_store, open_existing_store_unguarded};
use crate::store::CheckOutcome;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Also compare every index with its table (`PRAGMA integrity_check`); slower.
    #[arg(long)]
    pub full: bool,
    /// Say that you have dealt with a damaged store Jaga set aside (restored what you
    /// needed from it, or given it up); until then every command reports it.
    #[arg(long, conflicts_with = "full")]
    pub acknowledge: bool,
}

pub fn check(cli: &Cli, args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let now = Utc::now();
    if args.acknowledge {
        let dir = super::data_dir(cli)?;
        let key = if crate::store::health::acknowledge_moved_aside(&dir)? {
            "cli-store-acknowledged"
        } else {
            "cli-store-nothing-to-acknowledge"
        };
        errln!(
            "{}",
            crate::i18n::Message::new(key).text(crate::lang::Lang::En, &crate::i18n::NoTitles)
        );
        return Ok(ExitCode::SUCCESS);
    }
    let store = open_existing_store_unguarded(cli, "check", now)?;
    let bytes = std::fs::metadata(store.path()).map_or(0, |m| m.len());
    let start = Instant::now();
    let outcome = store.check(now, args.full)?;
    let took = start.elapsed().as_secs_f64();
    #[expect(clippy::cast_precision_loss, reason = "a file size in MiB, for people")]
    let mib = bytes as f64 / 1_048_576.0;
    match outcome {
        CheckOutcome::Sound => {
            errln!(
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
            errln!(
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
        None => errln!("no retention period is set; nothing was removed"),
        Some(days) => {
            let purged = store.apply_retention(now)?;
            errln!(
                "removed {purged} attempts finished more than {days} days ago, with their answers and queued statements"
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
