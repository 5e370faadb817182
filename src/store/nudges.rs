//! The refresher nudge in the store: whether a learner asked for a desktop notification
//! when refreshers are due, and the day of the last one (so it comes at most once a day,
//! even across restarts). Erased with the learner.

use chrono::NaiveDate;
use rusqlite::OptionalExtension as _;

use super::{Result, Store};
use crate::engine::review::Nudge;

impl Store {
    /// The learner's nudge: off when they never turned it on.
    pub fn nudge(&self, learner_id: &str) -> Result<Nudge> {
        let row: Option<(bool, Option<String>)> = self
            .conn
            .prepare_cached("SELECT enabled, last_day FROM refresher_nudges WHERE learner_id = ?1")?
            .query_row([learner_id], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        Ok(
            row.map_or_else(Nudge::default, |(enabled, last_day)| Nudge {
                enabled,
                last_day: last_day.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
            }),
        )
    }

    /// Turns the learner's nudge on or off.
    pub fn set_nudge(&mut self, learner_id: &str, enabled: bool) -> Result<()> {
        self.transact(|tx| {
            tx.execute(
                "INSERT INTO refresher_nudges (learner_id, enabled) VALUES (?1, ?2)
                 ON CONFLICT (learner_id) DO UPDATE SET enabled = excluded.enabled",
                rusqlite::params![learner_id, enabled],
            )?;
            Ok(())
        })
    }

    /// Notes that the learner was notified on `day` (their local day).
    pub fn note_nudged(&mut self, learner_id: &str, day: NaiveDate) -> Result<()> {
        self.transact(|tx| {
            tx.execute(
                "UPDATE refresher_nudges SET last_day = ?2 WHERE learner_id = ?1",
                rusqlite::params![learner_id, day.format("%Y-%m-%d").to_string()],
            )?;
            Ok(())
        })
    }
}
