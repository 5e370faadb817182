//! The background sender: a thread of its own that keeps the outbox flowing to the LRS
//! while the window is open, and a handle the window asks how it is going.
//!
//! The thread opens its own connection to the store, so it never waits for the window's
//! worker or makes it wait longer than one short write. Each round it reads the settings
//! (so turning delivery off takes effect at once), queues statements for attempts that
//! have none (finished before delivery was on, imported from a bundle), and sends what is
//! pending. When the network or the LRS fails it waits with exponential backoff, doubling
//! up to a cap, with a little jitter so a thousand laptops do not return at the same
//! second; when the settings are wrong (a refused key) it waits for the manager to change
//! them. It holds nothing the store does not: stopping or killing it at any moment loses
//! nothing.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender as Channel, channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::clock::{self, Clock, Entropy, SystemClock, SystemEntropy};
use crate::i18n::Localized as _;

use super::client::Timeouts;
use super::deliver::{Batches, Tally, deliver_pending};
use super::{LrsError, LrsSettings, Overrides, Plan, backfill};
use crate::content::Course;
use crate::store::{OutboxCounts, Store};

/// How long to wait after failures: `first`, doubling after each failure, up to `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub first: Duration,
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            first: Duration::from_secs(5),
            max: Duration::from_mins(15),
        }
    }
}

impl Backoff {
    /// The wait after `failures` failures in a row (1 or more), before jitter.
    pub fn delay(&self, failures: u32) -> Duration {
        let doublings = failures.saturating_sub(1).min(20);
        self.first.saturating_mul(1 << doublings).min(self.max)
    }

    /// [`Self::delay`] spread by ±20% at random.
    fn jittered(&self, failures: u32, entropy: &mut dyn Entropy) -> Duration {
        let factor = 0.8 + 0.4 * entropy.unit();
        self.delay(failures).mul_f64(factor).min(self.max)
    }
}

/// How the sender is set up.
pub struct SenderOptions {
    /// The data folder holding `jaga.sqlite3` and the credentials.
    pub data_dir: PathBuf,
    /// The course, to describe activities in statements for earlier attempts.
    pub course: Arc<Course>,
    /// Statements per request (adapting to how the LRS answers).
    pub batches: Batches,
    pub backoff: Backoff,
    /// How often to look for new statements when nothing wakes the sender.
    pub idle_poll: Duration,
    pub timeouts: Timeouts,
    /// The time of deliveries and retries, and what waits are measured on: a test clock
    /// makes every wait end when the test moves it.
    pub clock: Arc<dyn Clock>,
    /// Where the jitter of retries comes from.
    pub entropy: Box<dyn Entropy>,
    /// What the organisation's policy fixes (endpoint, key), applied to the sender's own
    /// connection as to the window's.
    pub policy: crate::store::Overrides,
}

impl SenderOptions {
    /// Options for the real clock and the system's randomness.
    pub fn new(data_dir: PathBuf, course: Arc<Course>) -> Self {
        Self {
            data_dir,
            course,
            batches: Batches::default(),
            backoff: Backoff::default(),
            idle_poll: Duration::from_mins(1),
            timeouts: Timeouts::default(),
            clock: Arc::new(SystemClock),
            entropy: Box::new(SystemEntropy),
            policy: crate::store::Overrides::default(),
        }
    }
}

impl std::fmt::Debug for SenderOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SenderOptions")
            .field("data_dir", &self.data_dir)
            .field("batches", &self.batches)
            .field("backoff", &self.backoff)
            .field("idle_poll", &self.idle_poll)
            .finish_non_exhaustive()
    }
}

/// What the sender is doing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SenderState {
    /// Not yet through its first round.
    Starting,
    /// Delivery is off or not configured: nothing is sent.
    Off,
    /// Everything pending was sent; waiting for more.
    Idle,
    /// Posting statements now.
    Sending,
    /// The LRS or the network failed; the next try is at `next_try`.
    Retrying {
        failures: u32,
        next_try: DateTime<Utc>,
    },
    /// The LRS refused the settings (key, secret, address); waiting for a manager to
    /// change them (tried again after the longest backoff, or when woken).
    NeedsAttention,
    /// The store could not be opened; tried again later.
    StoreUnavailable,
}

/// The sender's state and the outbox, for the window to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SenderStatus {
    pub state: SenderState,
    /// Pending, sent and rejected (failed) statements, as of the last look.
    pub counts: OutboxCounts,
    /// The last error, for a manager; cleared by a successful round.
    pub last_error: Option<crate::i18n::Message>,
    /// When statements last reached the LRS.
    pub last_delivery: Option<DateTime<Utc>>,
    /// How many rounds the sender has finished (each a look at the settings and the
    /// outbox), so a watcher can tell that it looked again.
    pub rounds: u64,
}

impl Default for SenderStatus {
    fn default() -> Self {
        Self {
            state: SenderState::Starting,
            counts: OutboxCounts::default(),
            last_error: None,
            last_delivery: None,
            rounds: 0,
        }
    }
}

enum Command {
    /// Look at the outbox now (an attempt was finished, a person pressed "send now").
    Wake,
    /// The settings changed: look now, and forget a refusal.
    Reload,
    Stop,
}

/// The window's handle on the sender thread. Dropping it asks the thread to stop after
/// the request in hand.
pub struct Sender {
    commands: Channel<Command>,
    status: Arc<Mutex<SenderStatus>>,
    /// Set with a reload or a stop, so a long run ends after the batch in hand.
    interrupt: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sender")
            .field("status", &self.status())
            .finish_non_exhaustive()
    }
}

impl Sender {
    /// Starts the thread. It sends nothing unless delivery is on.
    pub fn spawn(options: SenderOptions) -> Result<Self, LrsError> {
        let (commands, receiver) = channel();
        let status = Arc::new(Mutex::new(SenderStatus::default()));
        let interrupt = Arc::new(AtomicBool::new(false));
        let shared = Shared {
            status: Arc::clone(&status),
            interrupt: Arc::clone(&interrupt),
        };
        let thread = std::thread::Builder::new()
            .name("jaga-lrs-sender".to_owned())
            .spawn(move || run(options, &receiver, &shared))
            .map_err(LrsError::Thread)?;
        Ok(Self {
            commands,
            status,
            interrupt,
            thread: Some(thread),
        })
    }

    /// The state and counts as of the sender's last look; never blocks on the network.
    pub fn status(&self) -> SenderStatus {
        self.status
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Look at the outbox now: call after an attempt is finished, or for "send now".
    pub fn wake(&self) {
        let _ = self.commands.send(Command::Wake);
    }

    /// The LRS settings changed: read them again and try at once.
    pub fn reload(&self) {
        self.interrupt.store(true, Ordering::SeqCst);
        let _ = self.commands.send(Command::Reload);
    }

    /// Stops the thread and waits for it (at most one request's timeout).
    pub fn shutdown(mut self) {
        self.interrupt.store(true, Ordering::SeqCst);
        let _ = self.commands.send(Command::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Sender {
    fn drop(&mut self) {
        self.interrupt.store(true, Ordering::SeqCst);
        let _ = self.commands.send(Command::Stop);
    }
}

/// What the thread shares with the handle.
struct Shared {
    status: Arc<Mutex<SenderStatus>>,
    interrupt: Arc<AtomicBool>,
}

/// What ended a wait.
#[derive(PartialEq, Eq)]
enum Signal {
    Timeout,
    Wake,
    Reload,
    Stop,
}

fn wait(receiver: &Receiver<Command>, timeout: Duration) -> Signal {
    let first = match receiver.recv_timeout(timeout) {
        Ok(Command::Wake) => Signal::Wake,
        Ok(Command::Reload) => Signal::Reload,
        Ok(Command::Stop) | Err(RecvTimeoutError::Disconnected) => return Signal::Stop,
        Err(RecvTimeoutError::Timeout) => return Signal::Timeout,
    };
    // Several wakes in a row are one.
    let mut signal = first;
    for command in receiver.try_iter() {
        match command {
            Command::Stop => return Signal::Stop,
            Command::Reload => signal = Signal::Reload,
            Command::Wake => {}
        }
    }
    signal
}

/// Waits until `clock` reaches `at`, or a command arrives first.
fn wait_until(receiver: &Receiver<Command>, clock: &dyn Clock, at: DateTime<Utc>) -> Signal {
    loop {
        let left = clock::until(clock.now(), at);
        if left.is_zero() {
            return Signal::Timeout;
        }
        let nap = clock
            .recheck_after()
            .map_or(left, |recheck| recheck.min(left));
        match wait(receiver, nap) {
            Signal::Timeout => {}
            signal => return signal,
        }
    }
}

fn update(status: &Mutex<SenderStatus>, change: impl FnOnce(&mut SenderStatus)) {
    change(&mut status.lock().unwrap_or_else(PoisonError::into_inner));
}

fn run(mut options: SenderOptions, receiver: &Receiver<Command>, shared: &Shared) {
    let mut store: Option<Store> = None;
    let mut failures: u32 = 0;
    loop {
        let pause = round(&mut options, &mut store, &mut failures, shared);
        update(&shared.status, |s| s.rounds += 1);
        let at = options.clock.now() + chrono::Duration::from_std(pause).unwrap_or_default();
        match wait_until(receiver, options.clock.as_ref(), at) {
            Signal::Stop => return,
            Signal::Reload => {
                failures = 0;
                // The settings changed: read the store afresh.
                store = None;
            }
            Signal::Wake | Signal::Timeout => {}
        }
        shared.interrupt.store(false, Ordering::SeqCst);
    }
}

/// One look at the outbox; returns how long to wait before the next.
fn round(
    options: &mut SenderOptions,
    slot: &mut Option<Store>,
    failures: &mut u32,
    shared: &Shared,
) -> Duration {
    let status = &*shared.status;
    if slot.is_none() {
        match Store::open_existing(&options.data_dir) {
            Ok(mut store) => {
                store.set_overrides(options.policy.clone());
                *slot = Some(store);
            }
            Err(error) => {
                update(status, |s| {
                    s.state = SenderState::StoreUnavailable;
                    s.last_error = Some(error.message());
                });
                return options.idle_poll;
            }
        }
    }
    let Some(store) = slot.as_mut() else {
        return options.idle_poll;
    };
    let plan = Plan::load(store, &options.data_dir, &Overrides::default());
    let counts = store.outbox_counts().unwrap_or_default();
    let plan = match plan {
        Ok(plan) => plan,
        Err(LrsError::NotConfigured | LrsError::Off) => {
            *failures = 0;
            update(status, |s| {
                s.state = SenderState::Off;
                s.counts = counts;
                s.last_error = None;
            });
            return options.idle_poll;
        }
        Err(error) if error.is_passing() => {
            // The store busy, say: try again soon.
            *failures = failures.saturating_add(1);
            let pause = options
                .backoff
                .jittered(*failures, options.entropy.as_mut());
            let next_try =
                options.clock.now() + chrono::Duration::from_std(pause).unwrap_or_default();
            let failures = *failures;
            update(status, |s| {
                s.state = SenderState::Retrying { failures, next_try };
                s.counts = counts;
                s.last_error = Some(error.message());
            });
            return pause;
        }
        Err(error) => {
            update(status, |s| {
                s.state = SenderState::NeedsAttention;
                s.counts = counts;
                s.last_error = Some(error.message());
            });
            return options.backoff.max;
        }
    };
    if let Err(error) = backfill(store, &options.course, &plan.xapi, options.clock.now()) {
        update(status, |s| s.last_error = Some(error.message()));
    }
    let start = store.outbox_counts().unwrap_or_default();
    update(status, |s| {
        s.state = SenderState::Sending;
        s.counts = start;
    });
    let retry_in = options
        .backoff
        .jittered(failures.saturating_add(1), options.entropy.as_mut());
    let clock = Arc::clone(&options.clock);
    let client = plan.client(options.timeouts);
    let counts_after = |tally: &Tally| OutboxCounts {
        pending: start.pending.saturating_sub(tally.settled()),
        sent: start.sent + tally.delivered(),
        rejected: start.rejected + tally.rejected,
    };
    let result = deliver_pending(
        store,
        &client,
        clock.as_ref(),
        options.batches,
        retry_in,
        &mut |store, tally| {
            update(status, |s| {
                s.counts = counts_after(tally);
                if tally.delivered() > 0 {
                    s.last_delivery = Some(clock.now());
                }
            });
            // Stop after this batch when told to, or when delivery was turned off (by
            // `jaga lrs off` in another process, say).
            !shared.interrupt.load(Ordering::SeqCst)
                && LrsSettings::load(store).is_ok_and(|s| s.delivers())
        },
    );
    let counts = store.outbox_counts().unwrap_or_default();
    match result {
        Ok(_) => {
            *failures = 0;
            update(status, |s| {
                s.state = SenderState::Idle;
                s.counts = counts;
                s.last_error = None;
            });
            options.idle_poll
        }
        Err(error) if error.is_passing() => {
            *failures = failures.saturating_add(1);
            let next_try = clock.now() + chrono::Duration::from_std(retry_in).unwrap_or_default();
            let failures = *failures;
            update(status, |s| {
                s.state = SenderState::Retrying { failures, next_try };
                s.counts = counts;
                s.last_error = Some(error.message());
            });
            retry_in
        }
        Err(error) => {
            *failures = failures.saturating_add(1);
            update(status, |s| {
                s.state = SenderState::NeedsAttention;
                s.counts = counts;
                s.last_error = Some(error.message());
            });
            options.backoff.max
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_its_cap() {
        let backoff = Backoff {
            first: Duration::from_secs(2),
            max: Duration::from_mins(1),
        };
        let secs: Vec<u64> = (1..=8).map(|n| backoff.delay(n).as_secs()).collect();
        assert_eq!(secs, [2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(backoff.delay(u32::MAX).as_secs(), 60);
        let mut entropy = crate::clock::SeededEntropy::new(1);
        for n in 1..10 {
            let d = backoff.jittered(n, &mut entropy);
            assert!(d <= backoff.max && d >= backoff.delay(n).mul_f64(0.79));
        }
    }
}
