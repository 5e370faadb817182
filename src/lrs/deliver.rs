//! The delivery rules, shared by the background sender and `jaga push`: take pending
//! statements oldest first, post them in batches, and decide from the answer what became
//! of each.
//!
//! Batches adapt (see [`Batches`]): they start small, double while the LRS answers
//! quickly, up to a limit, and halve when it answers slowly or says a batch is too large,
//! so a backlog of a million statements drains at the rate the LRS can take, not at one
//! round trip per handful of statements.
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

use std::time::Instant;

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

/// How many statements go in one request: the first batch has `first`, each batch the
/// LRS accepted in under [`Batches::QUICK`] doubles the next up to `max`, and a batch
/// that took longer than [`Batches::SLOW`], or that the LRS found too large, halves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Batches {
    pub first: usize,
    pub max: usize,
}

impl Default for Batches {
    fn default() -> Self {
        Self {
            first: 100,
            max: 500,
        }
    }
}

impl Batches {
    /// An answer this quick lets the next batch grow.
    pub const QUICK: std::time::Duration = std::time::Duration::from_secs(2);
    /// An answer this slow makes the next batch smaller.
    pub const SLOW: std::time::Duration = std::time::Duration::from_secs(15);

    /// Always `size` statements per request.
    pub fn fixed(size: usize) -> Self {
        Self {
            first: size,
            max: size,
        }
    }

    fn start(self) -> usize {
        self.first.clamp(1, self.max.max(1))
    }

    /// The next batch's size after one of `size` took `took`.
    fn next(self, size: usize, took: std::time::Duration, too_large: bool) -> usize {
        let max = self.max.max(1);
        if too_large || took > Self::SLOW {
            (size / 2).max(1)
        } else if took < Self::QUICK {
            size.saturating_mul(2).min(max)
        } else {
            size.min(max)
        }
    }
}

/// Sends every pending statement, in batches sized by `batches`, until none is left or the
/// LRS or the network stops the run. `progress` is told after each batch, with the store to
/// look at; when it returns `false` the run ends there (delivery turned off, the window
/// closing). On an error the statements of the batch in hand stay pending, with the error
/// and `now + retry_in` noted on them.
pub fn deliver_pending(
    store: &mut Store,
    client: &Client,
    clock: &dyn Clock,
    batches: Batches,
    retry_in: std::time::Duration,
    progress: &mut dyn FnMut(&Store, &Tally) -> bool,
) -> Result<Tally, LrsError> {
    let mut tally = Tally::default();
    let mut size = batches.start();
    loop {
        let batch = store.pending_statements(size)?;
        if batch.is_empty() {
            return Ok(tally);
        }
        let started = Instant::now();
        let mut too_large = false;
        let sent = send(store, client, clock, &batch, &mut tally, &mut too_large);
        size = batches.next(size, started.elapsed(), too_large);
        if let Err(error) = sent {
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

/// Sends one batch, splitting it when the LRS refuses it as a whole (noting in
/// `too_large` when it said the batch was too large).
fn send(
    store: &mut Store,
    client: &Client,
    clock: &dyn Clock,
    batch: &[QueuedStatement],
    tally: &mut Tally,
    too_large: &mut bool,
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
            let Some(returned) = id_array(&answer) else {
                return Err(LrsError::NotAnLrs {
                    endpoint,
                    detail: format!("it answered 200 with {}", describe_body(&answer.body)),
                });
            };
            confirm(store, client, clock, &ids, &returned, tally)?;
        }
        // xAPI answers a POST with 200 and the ids; a 204 confirms nothing by itself.
        204 => confirm(store, client, clock, &ids, &[], tally)?,
        400 | 409 | 413 if batch.len() > 1 => {
            *too_large |= answer.status == 413;
            let (first, second) = batch.split_at(batch.len() / 2);
            send(store, client, clock, first, tally, too_large)?;
            send(store, client, clock, second, tally, too_large)?;
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
/// The statement ids a 200 answer to a POST lists (`None`: not a JSON array of ids).
fn id_array(answer: &Answer) -> Option<Vec<Uuid>> {
    let listed: Vec<String> = serde_json::from_str(&answer.body).ok()?;
    listed.iter().map(|id| Uuid::parse_str(id).ok()).collect()
}

/// Marks delivered only the statements the LRS confirmed: listed in its answer, or, for
/// those it did not list, found when asked for one by one. A statement it neither listed
/// nor has stays queued, and the run stops: a proxy answering `200 []`, or a server that
/// stores nothing, never gets statements counted as delivered.
fn confirm(
    store: &mut Store,
    client: &Client,
    clock: &dyn Clock,
    sent: &[Uuid],
    listed: &[Uuid],
    tally: &mut Tally,
) -> Result<(), LrsError> {
    let mut confirmed: Vec<Uuid> = Vec::with_capacity(sent.len());
    let mut missing = 0usize;
    for id in sent {
        if listed.contains(id) || client.has_statement(*id)? {
            confirmed.push(*id);
        } else {
            missing += 1;
        }
    }
    tally.sent += store.mark_statements_sent(&confirmed, clock.now())?;
    if missing > 0 {
        return Err(LrsError::NotAnLrs {
            endpoint: client.endpoint().to_string(),
            detail: format!(
                "it did not confirm {missing} of the {} statements sent (neither listed their ids nor had them when asked)",
                sent.len()
            ),
        });
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn batches_grow_while_the_lrs_is_quick_and_shrink_when_it_is_slow_or_full() {
        let batches = Batches::default();
        let quick = Duration::from_millis(200);
        let mut size = batches.start();
        let mut sizes = vec![size];
        for _ in 0..4 {
            size = batches.next(size, quick, false);
            sizes.push(size);
        }
        assert_eq!(sizes, [100, 200, 400, 500, 500]);
        assert_eq!(batches.next(500, Duration::from_secs(20), false), 250);
        assert_eq!(batches.next(500, quick, true), 250, "413: too large");
        assert_eq!(batches.next(300, Duration::from_secs(5), false), 300);
        assert_eq!(batches.next(1, quick, true), 1);
        assert_eq!(Batches::fixed(4).start(), 4);
        assert_eq!(Batches::fixed(4).next(4, quick, false), 4);
    }
}
