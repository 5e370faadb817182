//! The manager area's lock: a passphrase kept as an Argon2id PHC string, and wrong tries
//! throttled with a growing delay that survives a restart.
//!
//! Learners must never see each other's results on a shared machine; this is the local
//! role separation. The delay after the nth wrong try is 2^(n-1) seconds, capped at five
//! minutes, and is stored with the failure count, so closing the window does not reset it.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use chrono::{DateTime, Duration, Utc};
use rusqlite::OptionalExtension as _;

use super::{Result, Store, StoreError, parse_ts, ts};

const PASSPHRASE: &str = "manager.passphrase";
const FAILURES: &str = "manager.failures";
const LOCKED_UNTIL: &str = "manager.locked_until";

/// The shortest passphrase accepted.
pub const MIN_PASSPHRASE_CHARS: usize = 8;
/// The longest wait after wrong tries.
pub const MAX_DELAY_SECONDS: i64 = 300;

/// What came of an unlock attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unlock {
    Unlocked,
    /// Wrong passphrase; the next try is possible after the given time.
    Wrong {
        retry_at: DateTime<Utc>,
    },
    /// Too soon after a wrong try: nothing was checked.
    Wait {
        retry_at: DateTime<Utc>,
    },
    /// No passphrase has been set yet.
    NotSet,
}

/// The delay after `failures` wrong tries in a row.
pub fn delay_after(failures: u32) -> Duration {
    let exponent = failures.saturating_sub(1).min(16);
    Duration::seconds((1i64 << exponent).min(MAX_DELAY_SECONDS))
}

impl Store {
    /// Whether a manager passphrase has been set.
    pub fn has_manager_passphrase(&self) -> Result<bool> {
        Ok(self.setting(PASSPHRASE)?.is_some())
    }

    /// Sets (or replaces) the manager passphrase. The caller checks that the person is
    /// allowed to: on first use, or after unlocking.
    pub fn set_manager_passphrase(&mut self, passphrase: &str) -> Result<()> {
        if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(StoreError::PassphraseTooShort {
                min: MIN_PASSPHRASE_CHARS,
            });
        }
        let phc = Argon2::default()
            .hash_password(passphrase.as_bytes())
            .map_err(|e| StoreError::Invalid(format!("cannot hash the passphrase: {e}")))?
            .to_string();
        self.transact(|tx| {
            for (key, value) in [(PASSPHRASE, phc.as_str()), (FAILURES, "0")] {
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [key, value],
                )?;
            }
            tx.execute("DELETE FROM settings WHERE key = ?1", [LOCKED_UNTIL])?;
            Ok(())
        })
    }

    /// Checks a passphrase, honouring and updating the delay after wrong tries.
    pub fn unlock_manager(&mut self, passphrase: &str, now: DateTime<Utc>) -> Result<Unlock> {
        let Some(phc) = self.setting(PASSPHRASE)? else {
            return Ok(Unlock::NotSet);
        };
        if let Some(until) = self.setting(LOCKED_UNTIL)? {
            let until = parse_ts(&until)?;
            if now < until {
                return Ok(Unlock::Wait { retry_at: until });
            }
        }
        let right = Argon2::default()
            .verify_password(passphrase.as_bytes(), phc.as_str())
            .is_ok();
        // Count the try in one transaction (read and write), so two windows checking at
        // once cannot both write the same failure count.
        self.transact(|tx| {
            if right {
                tx.execute("UPDATE settings SET value = '0' WHERE key = ?1", [FAILURES])?;
                tx.execute("DELETE FROM settings WHERE key = ?1", [LOCKED_UNTIL])?;
                return Ok(Unlock::Unlocked);
            }
            let failures: u32 = tx
                .query_row(
                    "SELECT value FROM settings WHERE key = ?1",
                    [FAILURES],
                    |row| row.get::<_, String>(0),
                )
                .optional()?
                .and_then(|f| f.parse::<u32>().ok())
                .unwrap_or(0)
                .saturating_add(1);
            let retry_at = now + delay_after(failures);
            for (key, value) in [
                (FAILURES, failures.to_string()),
                (LOCKED_UNTIL, ts(retry_at)),
            ] {
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [key, value.as_str()],
                )?;
            }
            Ok(Unlock::Wrong { retry_at })
        })
    }
}
