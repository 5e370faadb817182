//! Tracks assigned to departments: which modules a learner must take, and by when.
//!
//! A manager assigns a track of the course file to everyone or to one department with a
//! due date. What a learner must do follows from the assignments and the course: the
//! modules of their tracks are required, each due on the earliest date that applies (its
//! track's, or a due date set for the module itself); the other modules are optional.
//! [`required_modules`] works that out once, for the home screen and for every report.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Result, Store, StoreError};
use crate::content::Course;

/// A track due for everyone (`department: None`) or one department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrackAssignment {
    pub track_id: String,
    pub department: Option<String>,
    pub due_on: NaiveDate,
}

/// A module a learner must take: by when, and which of their tracks requires it (`None`
/// when only a due date set for the module itself does).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Required {
    pub module_id: String,
    pub due: NaiveDate,
    pub track: Option<String>,
}

impl Store {
    /// Assigns (or re-dates) a track for everyone or a department.
    pub fn assign_track(
        &mut self,
        track_id: &str,
        department: Option<&str>,
        due_on: NaiveDate,
    ) -> Result<()> {
        let department = department.map_or("", str::trim);
        if track_id.trim().is_empty() {
            return Err(StoreError::Invalid(
                "a track assignment needs a track".into(),
            ));
        }
        self.transact(|tx| {
            tx.execute(
                "INSERT INTO track_assignments (track_id, department, due_on) VALUES (?1, ?2, ?3)
                 ON CONFLICT (track_id, department) DO UPDATE SET due_on = excluded.due_on",
                [track_id, department, &due_on.format("%Y-%m-%d").to_string()],
            )?;
            Ok(())
        })
    }

    /// Removes a track assignment.
    pub fn unassign_track(&mut self, track_id: &str, department: Option<&str>) -> Result<()> {
        let department = department.map_or("", str::trim);
        self.transact(|tx| {
            tx.execute(
                "DELETE FROM track_assignments WHERE track_id = ?1 AND department = ?2",
                [track_id, department],
            )?;
            Ok(())
        })
    }

    /// Every track assignment, by track and department: the organisation's policy's when
    /// it assigns tracks, else this store's.
    pub fn track_assignments(&self) -> Result<Vec<TrackAssignment>> {
        if let Some(tracks) = &self.overrides.tracks {
            return Ok(tracks.clone());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT track_id, department, due_on FROM track_assignments
             ORDER BY track_id, department",
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
            .map(|(track_id, department, due)| {
                let due_on = NaiveDate::parse_from_str(&due, "%Y-%m-%d")
                    .map_err(|e| StoreError::Corrupt(format!("bad date `{due}`: {e}")))?;
                Ok(TrackAssignment {
                    track_id,
                    department: (!department.is_empty()).then_some(department),
                    due_on,
                })
            })
            .collect()
    }

    /// The tracks due for a learner in `department`, with their dates.
    pub fn track_dates_for(&self, department: Option<&str>) -> Result<Vec<(String, NaiveDate)>> {
        Ok(track_dates_for(&self.track_assignments()?, department))
    }
}

/// The tracks due for a learner in `department`: those for everyone and those for the
/// department, whose date replaces everyone's for the same track.
pub fn track_dates_for(
    assignments: &[TrackAssignment],
    department: Option<&str>,
) -> Vec<(String, NaiveDate)> {
    let mut due: Vec<(String, NaiveDate)> = assignments
        .iter()
        .filter(|a| a.department.is_none())
        .map(|a| (a.track_id.clone(), a.due_on))
        .collect();
    if let Some(department) = department {
        for a in assignments
            .iter()
            .filter(|a| a.department.as_deref() == Some(department))
        {
            match due.iter_mut().find(|(t, _)| *t == a.track_id) {
                Some(entry) => entry.1 = a.due_on,
                None => due.push((a.track_id.clone(), a.due_on)),
            }
        }
    }
    due
}

/// The modules a learner must take, in course order: those of their tracks (`track_dates`,
/// tracks the course no longer has are ignored) and those with a due date of their own
/// (`module_dates`). Each is due on the earliest date that applies, and names the first
/// of the learner's tracks (in course-file order) that holds it.
pub fn required_modules(
    course: &Course,
    module_dates: &[(String, NaiveDate)],
    track_dates: &[(String, NaiveDate)],
) -> Vec<Required> {
    let mut required = Vec::new();
    for module in &course.modules {
        let from_tracks = course
            .tracks
            .iter()
            .filter(|t| t.contains(&module.id))
            .filter_map(|t| {
                track_dates
                    .iter()
                    .find(|(id, _)| *id == t.id)
                    .map(|(_, d)| (t.id.as_str(), *d))
            });
        let track = from_tracks.clone().next().map(|(id, _)| id.to_owned());
        let own = module_dates
            .iter()
            .find(|(m, _)| *m == module.id)
            .map(|(_, d)| *d);
        let due = from_tracks.map(|(_, d)| d).chain(own).min();
        if let Some(due) = due {
            required.push(Required {
                module_id: module.id.clone(),
                due,
                track,
            });
        }
    }
    required
}
