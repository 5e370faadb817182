//! The delivery rules, shared by the background sender and `jaga push`: take pending
//! statements oldest first, post them in batches, and decide from the answer what became
//! of each.
//!
//! A statement is marked sent only after the LRS accepted it (200 with a JSON array of
//! ids, or 204), or showed that it already has it (409 Conflict, or a 400 for a statement
//! that `GET ?statementId=` finds). xAPI batches are all or nothing, so when a batch of
//! several is refused with 400, 409 or 413 it is split in halves and each half sent again,
//! down to single statements: one duplicate or one bad statement never holds back the
//! others. A single statement the LRS refuses is set aside as rejected, with the LRS's
//! reason; the rest go on. Anything that says the LRS or the network is unwell (no
//! connection, a timeout, 408, 429, 5xx, a 200 that is not an LRS's answer) stops the run
//! and leaves the batch pending for a later try; anything that says the settings are wrong
//! (401, 403, 404, a redirect, another 4xx for a whole batch) stops it too, for a person
//! to fix.

use chrono::Duration;
use uuid::Uuid;

use super::LrsError;
use super::client::{Answer, Client};
use crate::clock::Clock;
use crate::store::{QueuedStatement, Store};

/// What a run delivered so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Accepted by the LRS.
    pub sent: usize,
    /// Already at the LRS (it said so), so counted as delivered.
    pub duplicates: usize,
    /// Refused by the LRS and set aside.
    pub rejected: usize,
}

impl Tally {
    /// Statements settled one way or another.
    pub fn settled(&self) -> usize {
        self.sent + self.duplicates + self.rejected
    }

    /// Statements now at the LRS.
    pub fn delivered(&self) -> usize {
        self.sent + self.duplicates
    }
}

/// Sends every pending statement, `batch_size` at a time, until none is left or the LRS
/// or the network stops the run. `progress` is told after each batch, with the store to
/// look at; when it returns `false` the run ends there (delivery turned off, the window
/// closing). On an error the statements of the batch in hand stay pending, with the error
/// and `now + retry_in` noted on them.
pub fn deliver_pending(
    store: &mut Store,
    client: &Client,
    clock: &dyn Clock,
    batch_size: usize,
    retry_in: std::time::Duration,
    progress: &mut dyn FnMut(&Store, &Tally) -> bool,
) -> Result<Tally, LrsError> {
    let mut tally = Tally::default();
    loop {
        let batch = store.pending_statements(batch_size.max(1))?;
        if batch.is_empty() {
            return Ok(tally);
        }
        if let Err(error) = send(store, client, clock, &batch, &mut tally) {
            let pending: Vec<Uuid> = batch.iter().map(|s| s.id).collect();
            let next = clock.now() + Duration::from_std(retry_in).unwrap_or(Duration::zero());
            // The run stops either way; a store too busy to note the error loses nothing.
            let _ = store.note_delivery_failure(&pending, &error.to_string(), next);
            return Err(error);
        }
        if !progress(store, &tally) {
            return Ok(tally);
        }
    }
}

/// Sends one batch, splitting it when the LRS refuses it as a whole.
fn send(
    store: &mut Store,
    client: &Client,
    clock: &dyn Clock,
    batch: &[QueuedStatement],
    tally: &mut Tally,
) -> Result<(), LrsError> {
    let body = format!(
        "[{}]",
        batch
            .iter()
            .map(|s| s.statement.as_str())
            .collect::<Vec<_>>()
            .join(",")
    );
    let answer = client.post_statements(&body)?;
    let ids: Vec<Uuid> = batch.iter().map(|s| s.id).collect();
    let endpoint = client.endpoint().to_string();
    match answer.status {
        200 => {
            if !is_id_array(&answer) {
                return Err(LrsError::NotAnLrs {
                    endpoint,
                    detail: format!("it answered 200 with {}", describe_body(&answer.body)),
                });
            }
            tally.sent += store.mark_statements_sent(&ids, clock.now())?;
        }
        204 => tally.sent += store.mark_statements_sent(&ids, clock.now())?,
        400 | 409 | 413 if batch.len() > 1 => {
            let (first, second) = batch.split_at(batch.len() / 2);
            send(store, client, clock, first, tally)?;
            send(store, client, clock, second, tally)?;
        }
        409 => tally.duplicates += store.mark_statements_sent(&ids, clock.now())?,
        400 | 413 => {
            let statement = &batch[0];
            if answer.status == 400 && client.has_statement(statement.id).unwrap_or(false) {
                tally.duplicates += store.mark_statements_sent(&ids, clock.now())?;
            } else {
                let reason = if answer.status == 413 {
                    "the statement is larger than the LRS accepts".to_owned()
                } else {
                    answer.reason()
                };
                store.mark_statement_rejected(
                    statement.id,
                    &format!("refused by the LRS (HTTP {}): {reason}", answer.status),
                )?;
                tally.rejected += 1;
            }
        }
        401 | 403 => {
            return Err(LrsError::Refused {
                endpoint,
                status: answer.status,
                message: answer.reason(),
            });
        }
        404 | 405 => {
            return Err(LrsError::NotFound {
                url: client.endpoint().statements_url(),
                status: answer.status,
                message: answer.reason(),
            });
        }
        300..=399 => {
            return Err(LrsError::Redirected {
                url: client.endpoint().statements_url(),
                status: answer.status,
                location: answer.location.unwrap_or_else(|| "nowhere".to_owned()),
            });
        }
        408 | 429 | 500..=599 => {
            return Err(LrsError::Unavailable {
                endpoint,
                status: answer.status,
                message: answer.reason(),
            });
        }
        status => {
            return Err(LrsError::Rejected {
                endpoint,
                status,
                message: answer.reason(),
            });
        }
    }
    Ok(())
}

/// A 200 to a POST of statements carries the JSON array of their ids; anything else (a
/// login page, a captive portal) means the statements did not reach an LRS.
fn is_id_array(answer: &Answer) -> bool {
    serde_json::from_str::<Vec<String>>(&answer.body).is_ok()
}

fn describe_body(body: &str) -> String {
    let start: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if start.is_empty() {
        "an empty body".to_owned()
    } else {
        format!(
            "`{}…` instead of the statement ids",
            start.chars().take(60).collect::<String>()
        )
    }
}
