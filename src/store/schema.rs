//! The schema ladder: each step upgrades the file by one `PRAGMA user_version`.
//!
//! Steps only ever add; a file made by an older Jaga is upgraded in place, in one
//! transaction per step, and a file made by a newer Jaga is refused rather than damaged.

use rusqlite::Connection;

use super::{APPLICATION_ID, Result, StoreError};

/// Each step's SQL; step `i` takes the file from version `i` to `i + 1`.
const STEPS: &[&str] = &[
    include_str!("sql/001_initial.sql"),
    include_str!("sql/002_assignments_outbox.sql"),
    include_str!("sql/003_learner_access.sql"),
    include_str!("sql/004_lesson_pages.sql"),
    include_str!("sql/005_scale.sql"),
    include_str!("sql/006_track_assignments.sql"),
    include_str!("sql/007_group_tallies.sql"),
    include_str!("sql/008_refreshers.sql"),
    include_str!("sql/009_retention_view.sql"),
    include_str!("sql/010_refresher_exports.sql"),
];

/// The schema version this build writes.
#[expect(clippy::cast_possible_wrap, reason = "a handful of steps")]
pub const LATEST_VERSION: i64 = STEPS.len() as i64;

pub fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?)
}

/// Brings the file up to [`LATEST_VERSION`].
pub fn upgrade(conn: &mut Connection) -> Result<()> {
    upgrade_to(conn, LATEST_VERSION)
}

/// Brings the file up to `target` (tests use this to make an old file).
pub fn upgrade_to(conn: &mut Connection, target: i64) -> Result<()> {
    let current = version(conn)?;
    if current > LATEST_VERSION {
        return Err(StoreError::NewerVersion {
            found: current,
            supported: LATEST_VERSION,
        });
    }
    for step in current..target.min(LATEST_VERSION) {
        let sql = STEPS[usize::try_from(step).unwrap_or(0)];
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", step + 1)?;
        tx.commit()?;
    }
    Ok(())
}
