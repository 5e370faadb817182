//! The reads behind the dashboard's figures: the totals the triggers keep per module and
//! department, the pairs whose latest pass fell on a day or in a month
//! (`sql/007_group_tallies.sql`), and exact counts of latest passes within a moment's
//! precision where a day is not precise enough.
//!
//! Every read here touches one row per group, or whole months and the days at a range's
//! two ends (at most a row per month of the range and 62 days), or one day's rows of an
//! index, never a row per day of history, every pair or every attempt;
//! `report::figures` turns them into figures at a time.

use chrono::{DateTime, Datelike as _, NaiveDate, Utc};
use rusqlite::params;

use super::{Result, Store, StoreError, parse_ts, ts};

/// Each department's totals for module `?1`: one row per department.
pub(crate) const GROUP_TOTALS: &str = "SELECT department, pairs, passed, score_tenths,
            band0, band1, band2, band3, band4, band5, band6, band7, band8, band9
     FROM group_tallies WHERE module_id = ?1";
/// Pairs of module `?1` and department `?2` with a pass.
pub(crate) const PASSED: &str = "SELECT coalesce(sum(passed), 0) FROM group_tallies
     WHERE module_id = ?1 AND department = ?2";
/// Pairs of module `?1` and department `?2` whose latest pass was on a day between `?3`
/// and `?4`, both excluded.
pub(crate) const PASSES_ON_DAYS: &str = "SELECT coalesce(sum(pairs), 0) FROM pass_days
     WHERE module_id = ?1 AND department = ?2 AND pass_day > ?3 AND pass_day < ?4";
/// Pairs of module `?1` and department `?2` whose latest pass was in a month between
/// `?3` and `?4` (`YYYY-MM`), both excluded.
pub(crate) const PASSES_IN_MONTHS: &str = "SELECT coalesce(sum(pairs), 0) FROM pass_months
     WHERE module_id = ?1 AND department = ?2 AND pass_month > ?3 AND pass_month < ?4";
/// Pairs of module `?1` and department `?2` whose latest pass finished in `(?3, ?4]`.
pub(crate) const PASSES_EXACT: &str = "SELECT count(*) FROM progress
     WHERE module_id = ?1 AND department = ?2 AND last_pass > ?3 AND last_pass <= ?4";
/// For pairs of module `?1` and department `?2` whose latest pass finished after `?3`,
/// their latest pass by `?3`.
pub(crate) const LATER_PASSES: &str = "SELECT (SELECT max(a.finished_at) FROM attempts a
             WHERE a.learner_id = p.learner_id AND a.module_id = p.module_id
               AND a.mode = 'graded' AND a.passed = 1 AND a.finished_at <= ?3)
     FROM progress p
     WHERE p.module_id = ?1 AND p.department = ?2 AND p.last_pass > ?3";

/// A module's tallies for one department, at any time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TallyTotals {
    /// Learners of the department with a graded attempt on the module.
    pub pairs: usize,
    /// Of them, those with a pass.
    pub passed: usize,
    /// Their counting scores, in tenths of a percent, added up.
    pub score_tenths: i64,
    pub bands: [usize; 10],
}

fn count(n: i64) -> Result<usize> {
    usize::try_from(n).map_err(|_| StoreError::Corrupt(format!("negative tally {n}")))
}

fn day_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

fn month_text(day: NaiveDate) -> String {
    format!("{:04}-{:02}", day.year(), day.month())
}

impl Store {
    /// Each department's totals for a module (`''` is learners without a department).
    pub fn tally_totals(&self, module_id: &str) -> Result<Vec<(String, TallyTotals)>> {
        let mut stmt = self.conn.prepare_cached(GROUP_TOTALS)?;
        let rows = stmt
            .query_map([module_id], |row| {
                let mut values = [0i64; 13];
                for (i, value) in values.iter_mut().enumerate() {
                    *value = row.get(i + 1)?;
                }
                Ok((row.get::<_, String>(0)?, values))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(department, values)| {
                let mut bands = [0usize; 10];
                for (band, value) in bands.iter_mut().zip(&values[3..]) {
                    *band = count(*value)?;
                }
                Ok((
                    department,
                    TallyTotals {
                        pairs: count(values[0])?,
                        passed: count(values[1])?,
                        score_tenths: values[2],
                        bands,
                    },
                ))
            })
            .collect()
    }

    /// Pairs of a module and department with a pass.
    fn passed(&self, module_id: &str, department: &str) -> Result<usize> {
        let n: i64 = self
            .conn
            .prepare_cached(PASSED)?
            .query_row(params![module_id, department], |row| row.get(0))?;
        count(n)
    }

    /// Pairs of a module and department whose latest pass was on a day (as text) between
    /// `after` and `before`, both excluded.
    fn passes_on_day_texts(
        &self,
        module_id: &str,
        department: &str,
        after: &str,
        before: &str,
    ) -> Result<usize> {
        let n: i64 = self
            .conn
            .prepare_cached(PASSES_ON_DAYS)?
            .query_row(params![module_id, department, after, before], |row| {
                row.get(0)
            })?;
        count(n)
    }

    /// Pairs of a module and department whose latest pass was on a day strictly between
    /// `after` and `before` (`None`: no bound). Whole months come from `pass_months`,
    /// the days of the months at the two ends from `pass_days`; a range open to the past
    /// is every pass but those on `before` and later, so no read walks the whole history.
    pub fn passes_on_days(
        &self,
        module_id: &str,
        department: &str,
        after: Option<NaiveDate>,
        before: Option<NaiveDate>,
    ) -> Result<usize> {
        let Some(after) = after else {
            let passed = self.passed(module_id, department)?;
            let Some(before) = before else {
                return Ok(passed);
            };
            // Days after the one before `before` are `before` and later.
            let Some(last_before) = before.pred_opt() else {
                return Ok(0);
            };
            let later = self.passes_on_days(module_id, department, Some(last_before), None)?;
            return Ok(passed.saturating_sub(later));
        };
        if before.is_some_and(|before| before <= after) {
            return Ok(0);
        }
        // A day's text sorts after its month's (`YYYY-MM` < `YYYY-MM-DD`) and before the
        // month's text with `~` appended.
        let after_month = month_text(after);
        let before_month = before.map(month_text);
        if before_month.as_deref() == Some(after_month.as_str()) {
            let before = before.map_or_else(|| "~".to_owned(), day_text);
            return self.passes_on_day_texts(module_id, department, &day_text(after), &before);
        }
        // The rest of `after`'s month, the months between, the start of `before`'s month.
        let mut n = self.passes_on_day_texts(
            module_id,
            department,
            &day_text(after),
            &format!("{after_month}~"),
        )?;
        let months: i64 = self.conn.prepare_cached(PASSES_IN_MONTHS)?.query_row(
            params![
                module_id,
                department,
                after_month,
                before_month.as_deref().unwrap_or("~")
            ],
            |row| row.get(0),
        )?;
        n += count(months)?;
        if let (Some(before), Some(before_month)) = (before, before_month) {
            n +=
                self.passes_on_day_texts(module_id, department, &before_month, &day_text(before))?;
        }
        Ok(n)
    }

    /// Pairs of a module and department whose latest pass finished after `after` (at any
    /// time when `None`) and by `until`: whole days from [`Self::passes_on_days`], the days at the two
    /// ends counted exactly from an index.
    pub fn passes_between(
        &self,
        module_id: &str,
        department: &str,
        after: Option<DateTime<Utc>>,
        until: DateTime<Utc>,
    ) -> Result<usize> {
        if after.is_some_and(|after| after >= until) {
            return Ok(0);
        }
        // Times are stored as `YYYY-MM-DDTHH:MM:SS.mmmZ`: a day's text sorts after every
        // time of the days before and before every time of that day.
        let exact = |from: &str, to: &str| -> Result<usize> {
            let n: i64 = self
                .conn
                .prepare_cached(PASSES_EXACT)?
                .query_row(params![module_id, department, from, to], |row| row.get(0))?;
            count(n)
        };
        let until_day = until.date_naive();
        let until_text = ts(until);
        let last = exact(&day_text(until_day), &until_text)?;
        let Some(after) = after else {
            return Ok(self.passes_on_days(module_id, department, None, Some(until_day))? + last);
        };
        let after_day = after.date_naive();
        if after_day == until_day {
            return exact(&ts(after), &until_text);
        }
        let next_day = after_day.succ_opt().unwrap_or(after_day);
        let first = exact(&ts(after), &day_text(next_day))?;
        let middle =
            self.passes_on_days(module_id, department, Some(after_day), Some(until_day))?;
        Ok(first + middle + last)
    }

    /// For each pair of a module and department whose latest pass finished after `now`
    /// (a machine's clock ran ahead), its latest pass finished by `now`.
    pub fn passes_by_now_of_later(
        &self,
        module_id: &str,
        department: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<Option<DateTime<Utc>>>> {
        let now_text = ts(now);
        let mut stmt = self.conn.prepare_cached(LATER_PASSES)?;
        let rows = stmt
            .query_map(params![module_id, department, now_text], |row| {
                row.get::<_, Option<String>>(0)
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|at| at.map(|at| parse_ts(&at)).transpose())
            .collect()
    }
}
