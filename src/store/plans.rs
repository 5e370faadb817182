//! Every query on the paths that must not slow down as the store grows, with the plan
//! SQLite chooses for it: opening the dashboard and paging its matrix, streaming a report,
//! importing a bundle, the LRS sender's rounds, and the retention purge.
//!
//! It exists so a test can read each plan (`EXPLAIN QUERY PLAN`) and prove that none of
//! them scans attempts, responses, scenario steps, the outbox or the per-pair summary:
//! the SQL listed here is the very text the store runs (the same constants and builders),
//! not a copy that could drift. Trigger bodies cannot be explained on their own, so their
//! lookups are listed as the queries they run.

use super::progress::{self, LearnerOrder, LearnerQuery};
use super::{Result, Store, figures, outbox, refresher_results, rights};

/// A query on a path that must stay fast, named for a person reading a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HotQuery {
    pub path: String,
    pub sql: String,
}

fn hot(path: &str, sql: impl Into<String>) -> HotQuery {
    HotQuery {
        path: path.to_owned(),
        sql: sql.into(),
    }
}

/// Every query on the store's hot paths.
pub fn hot_queries() -> Vec<HotQuery> {
    let mut all = Vec::new();
    for order in [
        LearnerOrder::Name,
        LearnerOrder::EmployeeId,
        LearnerOrder::Department,
    ] {
        for descending in [false, true] {
            for department in [None, Some("x")] {
                let page = LearnerQuery {
                    department,
                    order,
                    descending,
                    limit: Some(50),
                    ..LearnerQuery::default()
                };
                all.push(hot(
                    &format!("matrix page ({order:?}, descending {descending}, department {department:?})"),
                    progress::pairs_sql(&page),
                ));
            }
        }
    }
    for department in [None, Some("x")] {
        let report = LearnerQuery {
            department,
            ..LearnerQuery::default()
        };
        all.push(hot(
            &format!("report rows (department {department:?})"),
            progress::pairs_sql(&report),
        ));
        all.push(hot(
            &format!("report open attempts (department {department:?})"),
            progress::open_sql(&report),
        ));
    }
    let one = LearnerQuery {
        only: Some("x"),
        limit: Some(1),
        ..LearnerQuery::default()
    };
    all.extend([
        hot("one learner's rows", progress::pairs_sql(&one)),
        hot("a page's open attempts", progress::OPEN_OF_LEARNER),
        hot("a pair's days (date filters)", progress::ACTIVITY_DAYS),
        hot(
            "a learner's attempts (xAPI export)",
            include_str!("sql/select_attempts.sql"),
        ),
        hot(
            "an attempt's responses",
            include_str!("sql/select_responses.sql"),
        ),
        hot("an attempt's steps", include_str!("sql/select_steps.sql")),
        hot("dashboard: totals of a module", figures::GROUP_TOTALS),
        hot("dashboard: passes of a group", figures::PASSED),
        hot("dashboard: passes by day", figures::PASSES_ON_DAYS),
        hot("dashboard: passes by month", figures::PASSES_IN_MONTHS),
        hot("dashboard: passes within a day", figures::PASSES_EXACT),
        hot("dashboard: passes after now", figures::LATER_PASSES),
        hot(
            "dashboard: departments",
            "SELECT department, learners FROM departments ORDER BY department",
        ),
        hot(
            "dashboard: results generation",
            "SELECT generation FROM changes WHERE what = 'results'",
        ),
        hot("sender: pending statements", outbox::PENDING_STATEMENTS),
        hot("sender: mark sent", outbox::MARK_SENT),
        hot("sender: note a failure", outbox::NOTE_FAILURE),
        hot("sender: last error", outbox::LAST_ERROR),
        hot("sender: attempts without statements", outbox::UNQUEUED),
        hot("sender: counts", "SELECT state, n FROM outbox_tally"),
        hot(
            "import: a stored attempt",
            "SELECT id, learner_id, module_id, revision, language, seed, mode, started_at,
                    finished_at, duration_ms, score_raw, score_max, passed, item_count
             FROM attempts WHERE id = ?1",
        ),
        hot(
            "import: a learner by employee ID",
            "SELECT id, employee_id, display_name, department, created_at
             FROM learners WHERE employee_id = ?1",
        ),
        hot(
            "trigger: a pair summed up again",
            "SELECT rowid FROM attempts
             WHERE learner_id = ?1 AND module_id = ?2 AND mode = 'graded'
             ORDER BY passed DESC, finished_at DESC, rowid DESC LIMIT 1",
        ),
        hot(
            "trigger: statements of an attempt",
            "SELECT 1 FROM outbox WHERE attempt_id = ?1",
        ),
        hot(
            "trigger: an attempt's finish",
            "SELECT finished_at FROM attempts WHERE id = ?1",
        ),
        hot(
            "erasure: a learner's statements",
            "DELETE FROM outbox WHERE learner_id = ?1",
        ),
        hot(
            "refreshers: how many are due",
            "SELECT count(*) FROM review_items WHERE learner_id = ?1 AND due <= ?2",
        ),
        hot(
            "refreshers: a learner's queue",
            "SELECT module_id, question_id, due FROM review_items WHERE learner_id = ?1 ORDER BY due",
        ),
        hot(
            "refreshers: how many answers a learner has (My data)",
            "SELECT count(*) FROM refresher_answers WHERE learner_id = ?1",
        ),
        hot(
            "refreshers: the latest pass before an answer",
            "SELECT max(finished_at) FROM attempts WHERE learner_id = ?1 AND module_id = ?2 AND mode = 'graded' AND passed = 1 AND finished_at <= ?3",
        ),
        hot(
            "erasure: a learner's refresher answers",
            "DELETE FROM refresher_answers WHERE learner_id = ?1",
        ),
        hot(
            "erasure: a learner's refresher statements",
            "DELETE FROM refresher_outbox WHERE learner_id = ?1",
        ),
    ]);
    all.extend(refresher_results_queries());
    for (i, sql) in rights::PURGE_REFRESHERS.iter().enumerate() {
        all.push(hot(&format!("refresher purge, step {}", i + 1), *sql));
    }
    for (i, sql) in rights::PURGE.iter().enumerate() {
        all.push(hot(&format!("retention purge, step {}", i + 1), *sql));
    }
    all
}

/// The queries that take refresher results off the machine: the report's refresher
/// columns, the sender's refresher outbox, and the triggers of `sql/010_refresher_exports.sql`.
fn refresher_results_queries() -> Vec<HotQuery> {
    vec![
        hot(
            "report: a learner's refresher answers per module",
            refresher_results::TALLIES_OF_LEARNER,
        ),
        hot(
            "sender: pending refresher statements",
            outbox::PENDING_REFRESHER_STATEMENTS,
        ),
        hot(
            "sender: mark a refresher statement sent",
            outbox::MARK_REFRESHER_SENT,
        ),
        hot(
            "sender: note a failure on a refresher statement",
            outbox::NOTE_REFRESHER_FAILURE,
        ),
        hot("sender: last refresher error", outbox::LAST_REFRESHER_ERROR),
        hot(
            "sender: refresher answers without statements",
            refresher_results::UNQUEUED_ANSWERS,
        ),
        hot(
            "sender: a refresher by id",
            refresher_results::REFRESHER_BY_ID,
        ),
        hot(
            "trigger: the statement of a refresher answer",
            "SELECT 1 FROM refresher_outbox WHERE refresher_id = ?1 AND position = ?2",
        ),
        hot(
            "trigger: a refresher answer's time",
            "SELECT answered_at FROM refresher_answers WHERE refresher_id = ?1 AND position = ?2",
        ),
        hot(
            "trigger: a refresher answer queued",
            "DELETE FROM refresher_unqueued
             WHERE answered_at = ?1 AND refresher_id = ?2 AND position = ?3",
        ),
    ]
}

impl Store {
    /// The plan SQLite chooses for `sql`, one line per step (`EXPLAIN QUERY PLAN`).
    pub fn query_plan(&self, sql: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        // The plan does not depend on the parameters' values, so they stay unbound.
        let mut rows = stmt.raw_query();
        let mut lines = Vec::new();
        while let Some(row) = rows.next()? {
            lines.push(row.get::<_, String>(3)?);
        }
        Ok(lines)
    }
}
