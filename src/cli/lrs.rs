//! `jaga lrs …` and `jaga push`: set up delivery to the organisation's LRS, and deliver
//! from the command line (a scheduled task, or a manager checking that it works).
//!
//! They use the same functions as the window (`crate::lrs`), so a push from here and the
//! window's background sender follow the same rules and share the same outbox. Exit codes:
//! 0 everything delivered (or set), 1 statements were left undelivered (rejected by the
//! LRS, or the LRS could not be reached), 2 could not run (not set up, turned off, a
//! refused key, a wrong address, no store).

use std::process::ExitCode;
use std::time::Duration;

use chrono::Utc;
use clap::{Args, Subcommand};

use super::{Cli, EXIT_CANNOT_RUN, EXIT_PROBLEMS, data_dir};
use crate::content;
use crate::lrs::{self, LrsConfig, LrsError, Overrides, Plan, Tally, Timeouts};
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub enum LrsCommand {
    /// Point Jaga at the organisation's LRS and turn delivery on.
    ///
    /// The key and secret go to `lrs-credentials.json` in the data folder, readable by
    /// you only; they never enter exports, bundles or logs. Statements about attempts
    /// finished earlier are queued at once; the window sends them in the background, or
    /// `jaga push` sends them now. Prefer the environment variables for the secret, so
    /// it stays out of your shell history.
    Configure {
        /// The LRS's xAPI endpoint, like `https://lrs.example.org/xapi` (https required,
        /// except for an LRS on this machine).
        #[arg(long, value_name = "URL", env = "JAGA_LRS_ENDPOINT")]
        endpoint: String,
        /// The Basic-auth key the LRS gave for Jaga (kept when omitted).
        #[arg(long, value_name = "KEY", env = "JAGA_LRS_KEY", hide_env_values = true)]
        key: Option<String>,
        /// The Basic-auth secret (kept when omitted).
        #[arg(
            long,
            value_name = "SECRET",
            env = "JAGA_LRS_SECRET",
            hide_env_values = true
        )]
        secret: Option<String>,
        /// The organisation's system that issues employee IDs (the actor account's
        /// homePage). Defaults to the endpoint's scheme and host.
        #[arg(long, value_name = "URL")]
        home_page: Option<String>,
        /// Where activity IRIs start. Defaults to the home page.
        #[arg(long, value_name = "URL", hide = true)]
        activity_base: Option<String>,
    },
    /// Turn delivery on again with the stored settings.
    On,
    /// Turn delivery off: nothing more is sent until it is turned on again.
    Off {
        /// Also delete the address, the key and secret, and every statement not yet sent.
        #[arg(long)]
        forget: bool,
    },
    /// Show whether delivery is on, where to, and what waits in the outbox.
    Status,
}

#[derive(Debug, Args)]
pub struct PushArgs {
    /// Send to this endpoint instead of the configured one.
    #[arg(long, value_name = "URL", env = "JAGA_LRS_ENDPOINT")]
    endpoint: Option<String>,
    /// Use this key instead of the stored one.
    #[arg(long, value_name = "KEY", env = "JAGA_LRS_KEY", hide_env_values = true)]
    key: Option<String>,
    /// Use this secret instead of the stored one.
    #[arg(
        long,
        value_name = "SECRET",
        env = "JAGA_LRS_SECRET",
        hide_env_values = true
    )]
    secret: Option<String>,
    /// The most statements per request: batches start at 100 (or this, when smaller),
    /// double while the LRS answers quickly and halve when it is slow or finds one too
    /// large.
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u16).range(1..=1000))]
    batch_size: u16,
    /// How many times to try when the LRS cannot be reached or fails, waiting 1 s, 2 s,
    /// 4 s, … between tries.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=20))]
    tries: u32,
    /// Put statements the LRS rejected earlier back in the queue first.
    #[arg(long)]
    retry_rejected: bool,
}

pub fn run(cli: &Cli, command: &LrsCommand) -> anyhow::Result<ExitCode> {
    let mut store = open_store(cli)?;
    let now = Utc::now();
    match command {
        LrsCommand::Configure {
            endpoint,
            key,
            secret,
            home_page,
            activity_base,
        } => {
            let course = content::load(&cli.content_source())?.course;
            let config = LrsConfig {
                endpoint: endpoint.clone(),
                key: key.clone(),
                secret: secret.clone(),
                home_page: home_page.clone(),
                activity_base: activity_base.clone(),
            };
            let done = lrs::configure(&mut store, &config, &course, now).map_err(hint)?;
            let endpoint = done
                .settings
                .endpoint
                .as_ref()
                .map(lrs::Endpoint::statements_url)
                .unwrap_or_default();
            outln!("LRS delivery is on: statements go to {endpoint}");
            outln!("actor home page: {}", done.settings.effective_home_page());
            outln!(
                "key {} and its secret are in {} (owner-only)",
                done.key_hint,
                done.credentials_path.display()
            );
            outln!(
                "queued {} statements about {} earlier attempts{}; the window sends them in the background, or run `jaga push`",
                done.backfilled.statements,
                done.backfilled.attempts,
                refreshers_too(done.backfilled.refresher_answers)
            );
            Ok(ExitCode::SUCCESS)
        }
        LrsCommand::On => {
            let course = content::load(&cli.content_source())?.course;
            let done = lrs::turn_on(&mut store, &course, now).map_err(hint)?;
            outln!(
                "LRS delivery is on; queued {} statements about {} attempts{} finished while it was off",
                done.statements,
                done.attempts,
                refreshers_too(done.refresher_answers)
            );
            Ok(ExitCode::SUCCESS)
        }
        LrsCommand::Off { forget } => {
            let done = lrs::turn_off(&mut store, *forget).map_err(hint)?;
            if *forget {
                outln!(
                    "LRS delivery is off; the address{} and {} statements not yet sent were deleted",
                    if done.credentials_removed {
                        ", the key and the secret"
                    } else {
                        ""
                    },
                    done.unsent_removed
                );
            } else {
                outln!(
                    "LRS delivery is off; nothing more is sent until `jaga lrs on` (statements already queued stay queued)"
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        LrsCommand::Status => status(&store),
    }
}

fn open_store(cli: &Cli) -> anyhow::Result<Store> {
    let dir = data_dir(cli)?;
    let now = Utc::now();
    let (mut store, opened) = Store::open(&dir, now)?;
    super::warn_unacknowledged(&opened);
    super::policy::system().policy.apply(&mut store);
    if let Some(aside) = opened.moved_aside {
        errln!(
            "jaga: warning: the results store was damaged ({}); it was moved aside to {}",
            opened.damage.map(|d| d.to_string()).unwrap_or_default(),
            aside.display()
        );
    }
    super::gate::unlock(cli, &mut store, now)?;
    Ok(store)
}

/// An LRS error with what to type next, where the command line can say it.
#[derive(Debug, thiserror::Error)]
#[error("{error}{next}")]
struct Hinted {
    error: LrsError,
    next: &'static str,
}

/// The error with what to type next, where the CLI can say it.
fn hint(error: LrsError) -> Hinted {
    let next = match error {
        LrsError::NotConfigured => {
            "; set it up with `jaga lrs configure --endpoint URL --key KEY --secret SECRET`, or give JAGA_LRS_ENDPOINT, JAGA_LRS_KEY and JAGA_LRS_SECRET"
        }
        LrsError::Off => "; turn it on with `jaga lrs on`",
        LrsError::NoCredentials => {
            "; give --key and --secret (or JAGA_LRS_KEY and JAGA_LRS_SECRET)"
        }
        LrsError::Refused { .. } => "; set the right ones with `jaga lrs configure`",
        _ => "",
    };
    Hinted { error, next }
}

fn status(store: &Store) -> anyhow::Result<ExitCode> {
    let overview = lrs::overview(store)?;
    let settings = &overview.settings;
    let state = match (settings.enabled, &settings.endpoint) {
        (true, Some(_)) => "on",
        (false, Some(_)) => "off (configured)",
        (_, None) => "off (not configured)",
    };
    outln!("LRS delivery: {state}");
    if let Some(endpoint) = &settings.endpoint {
        outln!("endpoint:     {}", endpoint.statements_url());
        outln!("home page:    {}", settings.effective_home_page());
    }
    match &overview.key_hint {
        Some(key) => outln!(
            "key:          {key} (secret stored owner-only in {})",
            overview.credentials_path.display()
        ),
        None if settings.endpoint.is_some() => outln!("key:          none stored"),
        None => {}
    }
    let counts = overview.counts;
    outln!(
        "outbox:       {} waiting, {} delivered, {} rejected",
        counts.pending,
        counts.sent,
        counts.rejected
    );
    if settings.delivers() && overview.attempts_without_statements > 0 {
        outln!(
            "              {} attempts not yet queued (queued by the next push or by the window)",
            overview.attempts_without_statements
        );
    }
    if settings.delivers() && overview.refresher_answers_without_statements > 0 {
        outln!(
            "              {} refresher answers not yet queued (queued by the next push or by the window)",
            overview.refresher_answers_without_statements
        );
    }
    if let Some(error) = &overview.last_error {
        outln!("last error:   {error}");
    }
    Ok(ExitCode::SUCCESS)
}

/// ` and N refresher answers`, when there were any.
fn refreshers_too(answers: usize) -> String {
    if answers > 0 {
        format!(" and {answers} refresher answers")
    } else {
        String::new()
    }
}

pub fn push(cli: &Cli, args: &PushArgs) -> anyhow::Result<ExitCode> {
    let mut store = open_store(cli)?;
    let data = lrs::data_dir_of(&store);
    let overrides = Overrides {
        endpoint: args.endpoint.clone(),
        key: args.key.clone(),
        secret: args.secret.clone(),
    };
    let plan = Plan::load(&store, &data, &overrides).map_err(hint)?;
    if args.retry_rejected {
        let n = store.retry_rejected_statements()?;
        if n > 0 {
            errln!("{n} statements rejected earlier are queued again");
        }
    }
    let course = content::load(&cli.content_source())?.course;
    let queued = lrs::backfill(&mut store, &course, &plan.xapi, Utc::now()).map_err(hint)?;
    if queued.statements > 0 {
        errln!(
            "queued {} statements about {} attempts not queued before",
            queued.statements,
            queued.attempts
        );
    }
    let before = store.outbox_counts()?;
    let url = plan.endpoint.statements_url();
    if before.pending == 0 {
        outln!(
            "nothing to send to {url}: {} statements delivered earlier, {} rejected",
            before.sent,
            before.rejected
        );
        return Ok(exit_for_rejected(before.rejected));
    }
    errln!("sending {} statements to {url}", before.pending);
    let bar = progress_bar(before.pending);
    let client = plan.client(Timeouts::default());
    let mut total = Tally::default();
    let mut tries = 0;
    let outcome = loop {
        tries += 1;
        let retry_in = Duration::from_secs(1 << (tries - 1).min(5));
        let mut last = Tally::default();
        let result = lrs::deliver_pending(
            &mut store,
            &client,
            &crate::clock::SystemClock,
            lrs::Batches {
                first: 100,
                max: usize::from(args.batch_size),
            },
            retry_in,
            &mut |_, tally| {
                last = *tally;
                bar.set_position(count(total.settled() + tally.settled()));
                // Interrupted: stop after the batch in hand, which is settled.
                !super::interrupted()
            },
        );
        total = add(total, last);
        match result {
            Ok(_) => break Ok(()),
            Err(error) if error.is_passing() && tries < args.tries => {
                bar.suspend(|| {
                    errln!(
                        "try {tries} of {}: {error}; trying again in {} s",
                        args.tries,
                        retry_in.as_secs()
                    );
                });
                std::thread::sleep(retry_in);
            }
            Err(error) => break Err(error),
        }
    };
    bar.finish_and_clear();
    let after = store.outbox_counts()?;
    let delivered = after.sent.saturating_sub(before.sent);
    let already = if total.duplicates > 0 {
        format!(" ({} of them the LRS already had)", total.duplicates)
    } else {
        String::new()
    };
    outln!(
        "delivered {delivered} statements to {url}{already}; {} waiting, {} rejected",
        after.pending,
        after.rejected
    );
    if after.rejected > 0 {
        if let Some(error) = store.last_delivery_error().ok().flatten() {
            errln!("jaga: last rejection: {error}");
        }
        errln!(
            "jaga: {} statements were rejected by the LRS; `jaga push --retry-rejected` sends them again",
            after.rejected
        );
    }
    match outcome {
        Ok(()) => Ok(exit_for_rejected(after.rejected)),
        Err(error) if error.is_passing() => {
            errln!(
                "jaga: error: {}; {} statements wait for the next push",
                super::chain(&error),
                after.pending
            );
            Ok(ExitCode::from(EXIT_PROBLEMS))
        }
        Err(error) => {
            errln!("jaga: error: {}", super::chain(&hint(error)));
            Ok(ExitCode::from(EXIT_CANNOT_RUN))
        }
    }
}

fn add(a: Tally, b: Tally) -> Tally {
    Tally {
        sent: a.sent + b.sent,
        duplicates: a.duplicates + b.duplicates,
        rejected: a.rejected + b.rejected,
    }
}

fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

fn exit_for_rejected(rejected: usize) -> ExitCode {
    if rejected > 0 {
        ExitCode::from(EXIT_PROBLEMS)
    } else {
        ExitCode::SUCCESS
    }
}

/// A bar on stderr when it is a terminal; nothing otherwise (scripts read the summary).
fn progress_bar(len: usize) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(count(len));
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40.cyan/blue} {pos}/{len} statements ({eta} left)",
    ) {
        bar.set_style(style);
    }
    bar
}
