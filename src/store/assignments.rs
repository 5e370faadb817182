//! Due dates: a manager assigns a module to everyone or to one department by a date.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Result, Store, StoreError};

/// A due date for a module, for everyone (`department: None`) or one department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assignment {
    pub module_id: String,
    pub department: Option<String>,
    pub due_on: NaiveDate,
}

fn parse_day(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| StoreError::Corrupt(format!("bad date `{text}`: {e}")))
}

impl Store {
    /// Sets (or replaces) the due date of a module for everyone or a department.
    pub fn set_due_date(
        &mut self,
        module_id: &str,
        department: Option<&str>,
        due_on: NaiveDate,
    ) -> Result<()> {
        let department = department.map_or("", str::trim);
        self.transact(|tx| {
            tx.execute(
                "INSERT INTO assignments (module_id, department, due_on) VALUES (?1, ?2, ?3)
                 ON CONFLICT (module_id, department) DO UPDATE SET due_on = excluded.due_on",
                [
                    module_id,
                    department,
                    &due_on.format("%Y-%m-%d").to_string(),
                ],
            )?;
            Ok(())
        })
    }

    /// Removes a due date.
    pub fn clear_due_date(&mut self, module_id: &str, department: Option<&str>) -> Result<()> {
        let department = department.map_or("", str::trim);
        self.transact(|tx| {
            tx.execute(
                "DELETE FROM assignments WHERE module_id = ?1 AND department = ?2",
                [module_id, department],
            )?;
            Ok(())
        })
    }

    /// Every assignment: the organisation's policy's due dates when it sets any, else
    /// this store's.
    pub fn assignments(&self) -> Result<Vec<Assignment>> {
        if let Some(due) = &self.overrides.due_dates {
            return Ok(due.clone());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT module_id, department, due_on FROM assignments ORDER BY module_id, department",
        )?;
        let rows = stmt
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(module_id, department, due)| {
                Ok(Assignment {
                    module_id,
                    department: (!department.is_empty()).then_some(department),
                    due_on: parse_day(&due)?,
                })
            })
            .collect()
    }

    /// The due date of each module for a learner in `department`: the department's own
    /// date when there is one, else the date for everyone.
    pub fn due_dates_for(&self, department: Option<&str>) -> Result<Vec<(String, NaiveDate)>> {
        Ok(due_dates_for(&self.assignments()?, department))
    }
}

/// The due date of each module for a learner in `department`, from a list of assignments.
pub fn due_dates_for(
    assignments: &[Assignment],
    department: Option<&str>,
) -> Vec<(String, NaiveDate)> {
    let mut due: Vec<(String, NaiveDate)> = Vec::new();
    for a in assignments.iter().filter(|a| a.department.is_none()) {
        due.push((a.module_id.clone(), a.due_on));
    }
    if let Some(department) = department {
        for a in assignments
            .iter()
            .filter(|a| a.department.as_deref() == Some(department))
        {
            match due.iter_mut().find(|(m, _)| *m == a.module_id) {
                Some(entry) => entry.1 = a.due_on,
                None => due.push((a.module_id.clone(), a.due_on)),
            }
        }
    }
    due
}
