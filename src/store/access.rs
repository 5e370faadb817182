//! What keeps one learner out of another's record on a shared computer: a PIN (or
//! passphrase) per profile, kept as an Argon2id PHC string, with wrong tries throttled as the
//! manager lock's are; and which privacy notice the learner last accepted.
//!
//! A forgotten PIN is not recoverable: a manager can remove it, and the learner is told so
//! the next time they sign in, so a PIN cannot be taken over unnoticed.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension as _, Transaction};

use super::lock::delay_after;
use super::{Result, Store, StoreError, Unlock, parse_ts, ts};

/// The shortest PIN accepted (digits or any other characters).
pub const MIN_PIN_CHARS: usize = 4;

/// What protects a profile now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Access {
    /// The profile has a PIN.
    pub has_pin: bool,
    /// A manager removed the profile's PIN at this time; cleared once the learner sets a
    /// new one.
    pub pin_reset_at: Option<DateTime<Utc>>,
}

fn hash(secret: &str) -> Result<String> {
    Ok(Argon2::default()
        .hash_password(secret.as_bytes())
        .map_err(|e| StoreError::Invalid(format!("cannot hash the PIN: {e}")))?
        .to_string())
}

/// Makes sure the learner has a row, inside the caller's transaction.
fn ensure_row(tx: &Transaction<'_>, learner_id: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO learner_access (learner_id) VALUES (?1) ON CONFLICT (learner_id) DO NOTHING",
        [learner_id],
    )?;
    Ok(())
}

impl Store {
    /// Whether the profile has a PIN, and whether a manager removed it.
    pub fn learner_access(&self, learner_id: &str) -> Result<Access> {
        let row: Option<(Option<String>, Option<String>)> = self
            .conn
            .query_row(
                "SELECT pin, pin_reset_at FROM learner_access WHERE learner_id = ?1",
                [learner_id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        let Some((pin, reset)) = row else {
            return Ok(Access::default());
        };
        Ok(Access {
            has_pin: pin.is_some(),
            pin_reset_at: reset.as_deref().map(parse_ts).transpose()?,
        })
    }

    /// The profiles that have a PIN.
    pub fn learners_with_pins(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT learner_id FROM learner_access WHERE pin IS NOT NULL")?;
        let ids = stmt
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(ids)
    }

    /// Sets (or replaces) a learner's PIN. The caller checks that the person may: the
    /// learner, signed in.
    pub fn set_learner_pin(&mut self, learner_id: &str, pin: &str) -> Result<()> {
        if pin.chars().count() < MIN_PIN_CHARS {
            return Err(StoreError::PinTooShort { min: MIN_PIN_CHARS });
        }
        let phc = hash(pin)?;
        self.transact(|tx| {
            ensure_row(tx, learner_id)?;
            tx.execute(
                "UPDATE learner_access
                 SET pin = ?2, failures = 0, locked_until = NULL, pin_reset_at = NULL
                 WHERE learner_id = ?1",
                [learner_id, phc.as_str()],
            )?;
            Ok(())
        })
    }

    /// Removes a learner's PIN: by the learner (`reset_at` `None`), or by a manager for a
    /// learner who forgot it (`reset_at` the time, which the learner is shown).
    pub fn remove_learner_pin(
        &mut self,
        learner_id: &str,
        reset_at: Option<DateTime<Utc>>,
    ) -> Result<()> {
        let reset = reset_at.map(ts);
        self.transact(|tx| {
            let exists: i64 = tx.query_row(
                "SELECT count(*) FROM learners WHERE id = ?1",
                [learner_id],
                |row| row.get(0),
            )?;
            if exists == 0 {
                return Err(StoreError::NoLearner(learner_id.to_owned()));
            }
            ensure_row(tx, learner_id)?;
            tx.execute(
                "UPDATE learner_access
                 SET pin = NULL, failures = 0, locked_until = NULL, pin_reset_at = ?2
                 WHERE learner_id = ?1",
                rusqlite::params![learner_id, reset],
            )?;
            Ok(())
        })
    }

    /// Checks a learner's PIN, honouring and updating the delay after wrong tries. The
    /// read and the write are one transaction, so two windows cannot lose a wrong try.
    pub fn check_learner_pin(
        &mut self,
        learner_id: &str,
        pin: &str,
        now: DateTime<Utc>,
    ) -> Result<Unlock> {
        let row: Option<(Option<String>, i64, Option<String>)> = self
            .conn
            .query_row(
                "SELECT pin, failures, locked_until FROM learner_access WHERE learner_id = ?1",
                [learner_id],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?;
        let Some((Some(phc), _, locked_until)) = row else {
            return Ok(Unlock::NotSet);
        };
        if let Some(until) = locked_until.as_deref().map(parse_ts).transpose()?
            && now < until
        {
            return Ok(Unlock::Wait { retry_at: until });
        }
        // Argon2 takes a while: check outside the transaction, then count in one.
        let right = Argon2::default()
            .verify_password(
                pin.as_bytes(),
                &argon2::PasswordHash::new(&phc)
                    .map_err(|e| StoreError::Corrupt(format!("the stored PIN: {e}")))?,
            )
            .is_ok();
        self.transact(|tx| {
            if right {
                tx.execute(
                    "UPDATE learner_access SET failures = 0, locked_until = NULL
                     WHERE learner_id = ?1",
                    [learner_id],
                )?;
                return Ok(Unlock::Unlocked);
            }
            let failures: i64 = tx.query_row(
                "SELECT failures FROM learner_access WHERE learner_id = ?1",
                [learner_id],
                |row| row.get(0),
            )?;
            let failures = u32::try_from(failures)
                .unwrap_or(u32::MAX)
                .saturating_add(1);
            let retry_at = now + delay_after(failures);
            tx.execute(
                "UPDATE learner_access SET failures = ?2, locked_until = ?3 WHERE learner_id = ?1",
                rusqlite::params![learner_id, i64::from(failures), ts(retry_at)],
            )?;
            Ok(Unlock::Wrong { retry_at })
        })
    }

    /// The privacy notice version the learner last accepted.
    pub fn notice_seen(&self, learner_id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT notice_seen FROM learner_access WHERE learner_id = ?1",
                [learner_id],
                |row| row.get(0),
            )
            .optional()?
            .flatten())
    }

    /// Records that the learner accepted privacy notice `version`.
    pub fn set_notice_seen(&mut self, learner_id: &str, version: &str) -> Result<()> {
        self.transact(|tx| {
            ensure_row(tx, learner_id)?;
            tx.execute(
                "UPDATE learner_access SET notice_seen = ?2 WHERE learner_id = ?1",
                [learner_id, version],
            )?;
            Ok(())
        })
    }
}
