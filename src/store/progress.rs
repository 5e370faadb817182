//! Each learner's standing per module, read from `progress` (one row per learner × module,
//! kept by triggers; see `sql/004_scale.sql`) rather than from every attempt.
//!
//! Reports and the dashboard's matrix read learners in order with their pairs through one
//! cursor, holding one learner at a time: memory does not grow with the store. A page of
//! learners (the rows the matrix shows) is the same read with a limit.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, Row, Statement, params};

use super::{Learner, OpenProgress, RefresherTally, Result, Store, StoreError, parse_ts, ts};
use crate::engine::Attempt;

/// The attempt that counts for a pair: its revision, language and score.
#[derive(Debug, Clone, PartialEq)]
pub struct Counting {
    pub revision: String,
    pub language: String,
    pub score_raw: f64,
    pub score_max: f64,
}

/// What a completion row needs to know about a learner's graded attempts on a module.
#[derive(Debug, Clone, PartialEq)]
pub struct PairFacts {
    pub module_id: String,
    pub attempts: usize,
    /// Some attempt was not passed.
    pub any_failed: bool,
    pub first_started: DateTime<Utc>,
    pub last_finished: DateTime<Utc>,
    /// The latest pass, whenever it finished.
    pub last_pass: Option<DateTime<Utc>>,
    /// The latest pass finished by the time the report is made (an attempt from a
    /// machine whose clock ran ahead may finish later).
    pub pass_by_now: Option<DateTime<Utc>>,
    pub time_spent_ms: i64,
    /// The latest pass, else the latest attempt.
    pub counting: Counting,
    /// The UTC days attempts finished on; filled only when asked (date filters).
    pub activity_days: Vec<NaiveDate>,
}

/// A learner with their pairs (modules with graded attempts), open graded attempts, and
/// refresher answers per module.
#[derive(Debug, Clone, PartialEq)]
pub struct LearnerFacts {
    pub learner: Learner,
    pub pairs: Vec<PairFacts>,
    pub open: Vec<OpenProgress>,
    pub refreshers: Vec<RefresherTally>,
}

/// The order learners are read in. Names compare without regard to ASCII case, then by
/// employee ID, so the order is total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LearnerOrder {
    #[default]
    Name,
    EmployeeId,
    /// By department (learners without one first), then by name.
    Department,
}

/// Which learners to read, in which order.
#[derive(Debug, Clone, Default)]
pub struct LearnerQuery<'a> {
    /// Only this department.
    pub department: Option<&'a str>,
    pub order: LearnerOrder,
    pub descending: bool,
    /// Skip this many learners, then read at most `limit` (a page of the matrix).
    pub offset: usize,
    pub limit: Option<usize>,
    /// Fill [`PairFacts::activity_days`].
    pub activity_days: bool,
    /// Only the learner with this id.
    pub only: Option<&'a str>,
}

impl LearnerQuery<'_> {
    fn order_by(&self) -> String {
        let dir = if self.descending { "DESC" } else { "ASC" };
        match self.order {
            LearnerOrder::Name => {
                format!("l.display_name COLLATE NOCASE {dir}, l.employee_id {dir}")
            }
            LearnerOrder::EmployeeId => format!("l.employee_id {dir}"),
            LearnerOrder::Department => format!(
                "l.department {dir}, l.display_name COLLATE NOCASE {dir}, l.employee_id {dir}"
            ),
        }
    }

    /// The learners to read, as a `FROM` source named `l`, and the `WHERE` clause that
    /// goes after the joins.
    fn learners(&self) -> (String, &'static str) {
        let filter = match (self.department.is_some(), self.only.is_some()) {
            (_, true) => {
                "WHERE l.id = :only AND (:department IS NULL OR l.department = :department)"
            }
            (true, false) => "WHERE l.department = :department",
            (false, false) => "WHERE :department IS NULL",
        };
        match self.limit {
            None => ("learners l".to_owned(), filter),
            Some(_) => (
                format!(
                    "(SELECT l.* FROM learners l {filter} ORDER BY {} LIMIT :limit OFFSET :offset) l",
                    self.order_by()
                ),
                "",
            ),
        }
    }
}

/// The days a learner `?1`'s graded attempts on module `?2` finished on.
pub(crate) const ACTIVITY_DAYS: &str = "SELECT DISTINCT substr(finished_at, 1, 10) FROM attempts
     WHERE learner_id = ?1 AND module_id = ?2 AND mode = 'graded'";
/// The open graded attempts of learner `?1`.
pub(crate) const OPEN_OF_LEARNER: &str =
    "SELECT module_id, state FROM open_attempts WHERE learner_id = ?1 AND mode = 'graded'";

/// The pairs of each learner in the order asked, with the attempt that counts.
pub(crate) fn pairs_sql(query: &LearnerQuery<'_>) -> String {
    let (learners, filter) = query.learners();
    format!(
        "SELECT l.id, l.employee_id, l.display_name, l.department, l.created_at,
                p.module_id, p.attempts, p.passes, p.first_started, p.last_finished,
                p.last_pass,
                CASE WHEN p.last_pass > :now THEN
                    (SELECT max(a.finished_at) FROM attempts a
                     WHERE a.learner_id = p.learner_id AND a.module_id = p.module_id
                       AND a.mode = 'graded' AND a.passed = 1 AND a.finished_at <= :now)
                ELSE p.last_pass END,
                p.time_spent_ms, c.revision, c.language, c.score_raw, c.score_max
         FROM {learners}
         LEFT JOIN progress p ON p.learner_id = l.id
         LEFT JOIN attempts c ON c.id = p.counting_id
         {filter}
         ORDER BY {}",
        query.order_by()
    )
}

/// The open graded attempts of the same learners, in the same order.
pub(crate) fn open_sql(query: &LearnerQuery<'_>) -> String {
    let (learners, filter) = query.learners();
    format!(
        "SELECT o.learner_id, o.module_id, o.state
         FROM {learners} JOIN open_attempts o ON o.learner_id = l.id AND o.mode = 'graded'
         {filter}
         ORDER BY {}",
        query.order_by()
    )
}

fn count(n: i64, what: &str) -> Result<usize> {
    usize::try_from(n).map_err(|_| StoreError::Corrupt(format!("negative {what} {n}")))
}

fn learner_of(row: &Row<'_>) -> Result<Learner> {
    Ok(Learner {
        id: row.get(0)?,
        employee_id: row.get(1)?,
        display_name: row.get(2)?,
        department: row.get(3)?,
        created: parse_ts(&row.get::<_, String>(4)?)?,
    })
}

fn pair_of(row: &Row<'_>) -> Result<Option<PairFacts>> {
    let Some(module_id) = row.get::<_, Option<String>>(5)? else {
        return Ok(None);
    };
    let attempts = count(row.get(6)?, "attempt count")?;
    let passes = count(row.get(7)?, "pass count")?;
    let time = |i: usize| -> Result<Option<DateTime<Utc>>> {
        row.get::<_, Option<String>>(i)?
            .map(|t| parse_ts(&t))
            .transpose()
    };
    let required = |i: usize| -> Result<DateTime<Utc>> {
        time(i)?.ok_or_else(|| StoreError::Corrupt(format!("pair {module_id} has no time")))
    };
    Ok(Some(PairFacts {
        attempts,
        any_failed: passes < attempts,
        first_started: required(8)?,
        last_finished: required(9)?,
        last_pass: time(10)?,
        pass_by_now: time(11)?,
        time_spent_ms: row.get(12)?,
        counting: Counting {
            revision: row.get::<_, Option<String>>(13)?.unwrap_or_default(),
            language: row.get::<_, Option<String>>(14)?.unwrap_or_default(),
            score_raw: row.get::<_, Option<f64>>(15)?.unwrap_or(0.0),
            score_max: row.get::<_, Option<f64>>(16)?.unwrap_or(0.0),
        },
        activity_days: Vec::new(),
        module_id,
    }))
}

fn open_of(learner_id: String, module_id: String, state: &str) -> Result<OpenProgress> {
    let attempt: Attempt =
        serde_json::from_str(state).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(OpenProgress {
        learner_id,
        module_id,
        answered: attempt.answered(),
        total: attempt.items.len(),
        started: attempt.started,
    })
}

/// The UTC days a learner's graded attempts on a module finished on.
fn activity_days(conn: &Connection, learner_id: &str, module_id: &str) -> Result<Vec<NaiveDate>> {
    let mut stmt = conn.prepare_cached(ACTIVITY_DAYS)?;
    let days = stmt
        .query_map([learner_id, module_id], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    days.iter()
        .map(|d| {
            NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|e| StoreError::Corrupt(format!("bad day `{d}`: {e}")))
        })
        .collect()
}

/// The open graded attempts of one learner.
fn open_of_learner(conn: &Connection, learner_id: &str) -> Result<Vec<OpenProgress>> {
    let mut stmt = conn.prepare_cached(OPEN_OF_LEARNER)?;
    let rows = stmt
        .query_map([learner_id], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(module_id, state)| open_of(learner_id.to_owned(), module_id, &state))
        .collect()
}

/// Reads the next open attempt from a cursor in learner order.
fn next_open(rows: &mut rusqlite::Rows<'_>) -> Result<Option<OpenProgress>> {
    match rows.next()? {
        Some(row) => {
            let state: String = row.get(2)?;
            Ok(Some(open_of(row.get(0)?, row.get(1)?, &state)?))
        }
        None => Ok(None),
    }
}

impl Store {
    /// Calls `each` with every learner the query selects, in its order, with their pairs
    /// and open graded attempts; stops early when `each` returns `false`. Everything is
    /// read in one read transaction, so the learners are a consistent snapshot.
    pub fn each_learner_facts(
        &self,
        query: &LearnerQuery<'_>,
        now: DateTime<Utc>,
        each: &mut dyn FnMut(LearnerFacts) -> Result<bool>,
    ) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        let now_text = ts(now);
        let limit = i64::try_from(query.limit.unwrap_or(usize::MAX)).unwrap_or(i64::MAX);
        let offset = i64::try_from(query.offset).unwrap_or(i64::MAX);
        let mut pairs: Statement<'_> = tx.prepare(&pairs_sql(query))?;
        let bind = |stmt: &mut Statement<'_>| -> rusqlite::Result<()> {
            for (name, value) in [
                (":now", Some(now_text.as_str())),
                (":department", query.department),
                (":only", query.only),
            ] {
                if let Some(index) = stmt.parameter_index(name)? {
                    stmt.raw_bind_parameter(index, value)?;
                }
            }
            for (name, value) in [(":limit", limit), (":offset", offset)] {
                if let Some(index) = stmt.parameter_index(name)? {
                    stmt.raw_bind_parameter(index, value)?;
                }
            }
            Ok(())
        };
        bind(&mut pairs)?;
        // A page reads its learners' open attempts one by one; a whole report walks a
        // second cursor in the same order beside the first.
        let mut open_stmt = match query.limit {
            None => {
                let mut stmt = tx.prepare(&open_sql(query))?;
                bind(&mut stmt)?;
                Some(stmt)
            }
            Some(_) => None,
        };
        let mut open_rows = open_stmt.as_mut().map(Statement::raw_query);
        let mut pending_open = match open_rows.as_mut() {
            Some(rows) => next_open(rows)?,
            None => None,
        };
        let mut rows = pairs.raw_query();
        let mut current: Option<LearnerFacts> = None;
        let mut finish = |facts: LearnerFacts,
                          pending: &mut Option<OpenProgress>,
                          open_rows: &mut Option<rusqlite::Rows<'_>>|
         -> Result<bool> {
            let mut facts = facts;
            match open_rows.as_mut() {
                Some(rows) => {
                    while pending
                        .as_ref()
                        .is_some_and(|o| o.learner_id == facts.learner.id)
                    {
                        if let Some(open) = pending.take() {
                            facts.open.push(open);
                        }
                        *pending = next_open(rows)?;
                    }
                }
                None => facts.open = open_of_learner(&tx, &facts.learner.id)?,
            }
            facts.refreshers = super::refresher_results::tallies_of(&tx, &facts.learner.id)?;
            if query.activity_days {
                for pair in &mut facts.pairs {
                    pair.activity_days = activity_days(&tx, &facts.learner.id, &pair.module_id)?;
                }
            }
            each(facts)
        };
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            if current.as_ref().is_none_or(|c| c.learner.id != id) {
                if let Some(done) = current.take()
                    && !finish(done, &mut pending_open, &mut open_rows)?
                {
                    return Ok(());
                }
                current = Some(LearnerFacts {
                    learner: learner_of(row)?,
                    pairs: Vec::new(),
                    open: Vec::new(),
                    refreshers: Vec::new(),
                });
            }
            if let (Some(facts), Some(pair)) = (current.as_mut(), pair_of(row)?) {
                facts.pairs.push(pair);
            }
        }
        if let Some(done) = current.take() {
            finish(done, &mut pending_open, &mut open_rows)?;
        }
        Ok(())
    }

    /// One learner with their pairs and open graded attempts.
    pub fn learner_facts(&self, id: &str, now: DateTime<Utc>) -> Result<Option<LearnerFacts>> {
        let query = LearnerQuery {
            only: Some(id),
            limit: Some(1),
            ..LearnerQuery::default()
        };
        let mut found = None;
        self.each_learner_facts(&query, now, &mut |facts| {
            found = Some(facts);
            Ok(false)
        })?;
        Ok(found)
    }

    /// How many learners there are, in every department or in one: from the counts the
    /// triggers keep, without reading the learners.
    pub fn learner_count(&self, department: Option<&str>) -> Result<usize> {
        let n: i64 = match department {
            Some(department) => self.conn.query_row(
                "SELECT coalesce(sum(learners), 0) FROM departments WHERE department = ?1",
                params![department],
                |row| row.get(0),
            )?,
            None => self.conn.query_row(
                "SELECT coalesce(sum(learners), 0) FROM departments",
                [],
                |row| row.get(0),
            )?,
        };
        count(n, "learner count")
    }

    /// Every department with its number of learners (`None`: learners without one),
    /// sorted.
    pub fn department_counts(&self) -> Result<Vec<(Option<String>, usize)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT department, learners FROM departments ORDER BY department")?;
        let rows = stmt
            .query_map([], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(department, n)| {
                Ok((
                    Some(department).filter(|d| !d.is_empty()),
                    count(n, "learner count")?,
                ))
            })
            .collect()
    }

    /// A number that changes whenever anything the dashboard shows changes (learners,
    /// finished and open attempts, due dates), and only then.
    pub fn results_generation(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT generation FROM changes WHERE what = 'results'",
            [],
            |row| row.get(0),
        )?)
    }
}
