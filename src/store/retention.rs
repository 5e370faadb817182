//! What the manager's retention view reads: refresher answers added up per module and
//! number of days since the learner passed it (a forgetting curve from real answers), and
//! per question, split at a week after the pass (which knowledge fades fastest).
//!
//! Both are grouped in SQL over a covering index (`sql/009_retention_view.sql`), so the
//! view costs one pass over a narrow index, never a row per answer in memory.

use super::summaries::{count, department_clause};
use super::{Result, Store};

/// Answers given within this many days of the pass count as "early" for a question's
/// decay; the rest as "late".
pub const EARLY_DAYS: i64 = 7;

/// Refresher answers of one module at one number of whole days since the learner's
/// latest pass of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecallTally {
    pub module_id: String,
    pub days_since_pass: i64,
    pub answered: u64,
    pub right: u64,
}

/// Refresher answers of one question, within [`EARLY_DAYS`] of the pass and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionRecall {
    pub module_id: String,
    pub question_id: String,
    pub early_answered: u64,
    pub early_right: u64,
    pub late_answered: u64,
    pub late_right: u64,
}

/// The forgetting curve's query.
pub(super) fn recall_by_day_sql(department: Option<&str>) -> String {
    format!(
        "SELECT module_id, days_since_pass, count(*), sum(correct)
         FROM refresher_answers a
         WHERE days_since_pass IS NOT NULL {}
         GROUP BY module_id, days_since_pass",
        department_clause(department)
    )
}

/// The per-question query.
pub(super) fn recall_by_question_sql(department: Option<&str>) -> String {
    format!(
        "SELECT module_id, question_id,
                sum(days_since_pass < ?2), sum(correct * (days_since_pass < ?2)),
                sum(days_since_pass >= ?2), sum(correct * (days_since_pass >= ?2))
         FROM refresher_answers a
         WHERE days_since_pass IS NOT NULL {}
         GROUP BY module_id, question_id",
        department_clause(department)
    )
}

impl Store {
    /// Refresher answers per module and days since the pass, for one department or all.
    /// Answers given before the learner had passed the module are left out: the curve is
    /// about forgetting what was once known.
    pub fn recall_by_day(&self, department: Option<&str>) -> Result<Vec<RecallTally>> {
        let mut stmt = self.conn.prepare_cached(&recall_by_day_sql(department))?;
        let rows = stmt.query_map([department], |row| {
            Ok(RecallTally {
                module_id: row.get(0)?,
                days_since_pass: row.get(1)?,
                answered: count(row.get(2)?),
                right: count(row.get(3)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Refresher answers per question, early and late after the pass.
    pub fn recall_by_question(&self, department: Option<&str>) -> Result<Vec<QuestionRecall>> {
        let mut stmt = self
            .conn
            .prepare_cached(&recall_by_question_sql(department))?;
        let rows = stmt.query_map(rusqlite::params![department, EARLY_DAYS], |row| {
            Ok(QuestionRecall {
                module_id: row.get(0)?,
                question_id: row.get(1)?,
                early_answered: count(row.get(2)?),
                early_right: count(row.get(3)?),
                late_answered: count(row.get(4)?),
                late_right: count(row.get(5)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
