//! Keeping the store in order without making anyone wait: the whole-file check and the
//! retention purge, run when they are due and nobody is waiting on them.
//!
//! Opening a store never reads the whole file or purges (see `store::health`). The window
//! runs the check on a thread of its own with its own connection, after the first frame,
//! when the store says one is due; it purges in its idle time through the worker. The
//! command line does both on request (`jaga check`, `jaga purge`), never as a side effect
//! of another command.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use chrono::{DateTime, Utc};

use crate::clock::Clock;
use crate::i18n::{Localized as _, Message};
use crate::store::{CheckOutcome, Store, StoreError};

/// What the idle-time maintenance did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Maintained {
    /// Attempts removed by the retention period.
    pub purged: usize,
    /// The whole-file check is due (its schedule came round).
    pub check_due: bool,
}

/// Purges attempts past the retention period and says whether the scheduled check is
/// due. Runs on the window's worker in idle time.
pub fn idle(store: &mut Store, now: DateTime<Utc>) -> Result<Maintained, StoreError> {
    Ok(Maintained {
        purged: store.apply_retention(now)?,
        check_due: store.check_is_due(now)?,
    })
}

/// Checks the store in `data_dir` on a thread of its own, with its own connection, so
/// neither the window nor its worker waits; `wake` is called when the answer is ready.
/// The answer is a message for the person when the check found damage or could not run.
pub fn spawn_check(
    data_dir: PathBuf,
    clock: Arc<dyn Clock>,
    wake: impl Fn() + Send + 'static,
) -> std::io::Result<Receiver<Option<Message>>> {
    let (tx, rx) = channel();
    std::thread::Builder::new()
        .name("jaga-check".to_owned())
        .spawn(move || {
            let outcome =
                Store::open_existing(&data_dir).and_then(|store| store.check(clock.now(), false));
            let message = match outcome {
                // Sound; or busy now, and the check stays due and runs another time.
                Ok(CheckOutcome::Sound) | Err(StoreError::InUse { .. }) => None,
                Ok(CheckOutcome::Damaged(detail)) => {
                    Some(Message::new("notice-check-damaged").with("detail", detail))
                }
                Err(error) => {
                    Some(Message::new("notice-check-failed").with("reason", error.message()))
                }
            };
            let _ = tx.send(message);
            wake();
        })?;
    Ok(rx)
}
