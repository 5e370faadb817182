//! Merging a checked bundle into a store: learners matched by employee ID, attempts keyed
//! by their UUID, and what the merge did reported back (including conflicts it did not
//! resolve by overwriting).
//!
//! It exists apart from reading and checking so that the merge rules, the only code that
//! writes to the store, can be read on their own. Records reach the [`Importer`] checked,
//! one at a time, inside the one transaction of their bundle: from a version 2 stream as
//! they are read, or from a version 1 document read whole. What the importer must
//! remember across records (which bundled learner is which here, which attempt ids came
//! already) it keeps in temporary tables, so a bundle of any size takes the same memory.
//! The store's SQL lives in `store::bundle`.

use std::fmt;

use chrono::{DateTime, Days, Utc};
use rusqlite::{OptionalExtension as _, Transaction};
use serde::Serialize;
use uuid::Uuid;

use super::document::Bundle;
use super::error::BundleError;
use super::problem::{Inconsistency, Problem, Subject};
use super::refresher::same_refresher;
use super::version::close;
use crate::content::Course;
use crate::store::bundle::{learner_by_employee_id_in, learner_id_taken_in, stored_attempt_in};
use crate::store::refresher_results::{insert_refresher_in, stored_refresher_in};
use crate::store::{
    self, AttemptRecord, Learner, RefresherRecord, Store, StoreError, insert_record,
};

/// A difference between a bundle and the store that the import did not resolve by
/// overwriting: the store's version was kept.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Conflict {
    /// The employee ID has a profile here with another name or department. The profile
    /// here was kept, and the bundle's attempts were recorded under it.
    Profile {
        employee_id: String,
        name_here: String,
        name_in_bundle: String,
        department_here: Option<String>,
        department_in_bundle: Option<String>,
    },
    /// An attempt with this id is already stored with different facts. The stored one
    /// was kept and the bundle's left out.
    Attempt {
        attempt_id: Uuid,
        employee_id: String,
        module_id: String,
    },
    /// A refresher with this id is already stored with different answers. The stored one
    /// was kept and the bundle's left out.
    Refresher {
        refresher_id: Uuid,
        employee_id: String,
    },
    /// A pass of a module this machine does not have at the bundled revision, so its pass
    /// mark could not be checked. It was imported; a manager checks it before trusting it
    /// (a certificate, say).
    UncheckedPass {
        attempt_id: Uuid,
        employee_id: String,
        module_id: String,
        revision: String,
    },
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Profile {
                employee_id,
                name_here,
                name_in_bundle,
                department_here,
                department_in_bundle,
            } => {
                let show = |name: &str, department: &Option<String>| match department {
                    Some(d) => format!("\"{name}\" ({d})"),
                    None => format!("\"{name}\" (no department)"),
                };
                write!(
                    f,
                    "employee {employee_id} is {} here but {} in the bundle; kept the profile here and recorded the attempts under it",
                    show(name_here, department_here),
                    show(name_in_bundle, department_in_bundle)
                )
            }
            Self::Attempt {
                attempt_id,
                employee_id,
                module_id,
            } => write!(
                f,
                "attempt {attempt_id} (employee {employee_id}, module {module_id}) is already stored with different results; kept the stored one"
            ),
            Self::Refresher {
                refresher_id,
                employee_id,
            } => write!(
                f,
                "refresher {refresher_id} (employee {employee_id}) is already stored with different answers; kept the stored one"
            ),
            Self::UncheckedPass {
                attempt_id,
                employee_id,
                module_id,
                revision,
            } => write!(
                f,
                "attempt {attempt_id} (employee {employee_id}) is a pass of module {module_id} at revision {}, which this machine does not have: its pass mark could not be checked; check it before issuing a certificate",
                revision.get(..12).unwrap_or(revision)
            ),
        }
    }
}

/// At most this many conflicts are kept to be listed; the rest are counted.
pub const LISTED_CONFLICTS: usize = 1000;

/// What importing one bundle did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportReport {
    /// The machine that wrote the bundle, and when.
    pub machine: String,
    pub created_at: DateTime<Utc>,
    /// Profiles created for employee IDs new to this store.
    pub learners_added: usize,
    /// Bundled profiles matched to a profile here by employee ID.
    pub learners_matched: usize,
    pub attempts_added: usize,
    /// Attempts whose UUID was already stored with the same results.
    pub attempts_present: usize,
    /// Attempts finished before this store's retention period, left out because they
    /// would be purged at once.
    pub attempts_past_retention: usize,
    /// Refreshers (with their answers) new to this store.
    pub refreshers_added: usize,
    /// Refreshers whose UUID was already stored with the same answers.
    pub refreshers_present: usize,
    /// Refreshers finished before this store's retention period, left out.
    pub refreshers_past_retention: usize,
    /// The first [`LISTED_CONFLICTS`] conflicts.
    pub conflicts: Vec<Conflict>,
    /// Conflicts beyond those listed.
    pub conflicts_not_listed: usize,
}

impl ImportReport {
    /// The import wrote nothing (a repeat import, or only conflicts).
    pub fn changed_nothing(&self) -> bool {
        self.learners_added == 0 && self.attempts_added == 0 && self.refreshers_added == 0
    }

    /// Every conflict, listed or not.
    pub fn conflict_count(&self) -> usize {
        self.conflicts.len() + self.conflicts_not_listed
    }

    fn conflict(&mut self, conflict: Conflict) {
        if self.conflicts.len() < LISTED_CONFLICTS {
            self.conflicts.push(conflict);
        } else {
            self.conflicts_not_listed += 1;
        }
    }
}

/// The retention cutoff of `store` at `now`: attempts finished before it are not imported.
fn cutoff(store: &Store, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, StoreError> {
    Ok(store.retention_days()?.map(|days| {
        now.checked_sub_days(Days::new(u64::from(days)))
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }))
}

/// Merges a version 1 bundle read whole and checked into `store`, in one transaction.
pub fn import(
    store: &mut Store,
    bundle: &Bundle,
    course: Option<&Course>,
    now: DateTime<Utc>,
) -> Result<ImportReport, BundleError> {
    let cutoff = cutoff(store, now)?;
    store.transact_with(|tx| {
        let mut importer =
            Importer::begin(tx, (&bundle.machine, bundle.created_at), course, cutoff)?;
        for learner in &bundle.learners {
            importer.learner(learner)?;
        }
        for attempt in &bundle.attempts {
            let id = attempt.id.to_string();
            importer.attempt(&id, &attempt.learner_id.clone(), attempt.clone())?;
        }
        for refresher in &bundle.refreshers {
            importer.refresher(&refresher.learner_id.clone(), refresher.clone())?;
        }
        Ok(importer.finish()?)
    })
}

/// Merges checked records into a store, inside the transaction of their bundle:
///
/// - A learner is matched by employee ID. A new employee ID gets a profile with the
///   bundle's opaque id (or, if another profile here has that id, one derived from the
///   machine and the id). A matched profile is never changed; if its name or department
///   differs, the difference is reported as a [`Conflict::Profile`] and the attempts are
///   recorded under the profile here.
/// - An attempt is keyed by its UUID: one already stored with the same results counts as
///   present; one stored with different results is reported as a [`Conflict::Attempt`]
///   and left as it is. Attempts finished before the store's retention period are left
///   out, since the next purge would remove them.
/// - A pass of a module `course` lacks at the bundled revision is imported and reported
///   as a [`Conflict::UncheckedPass`]: its pass mark could not be checked here.
/// - A learner (by id or employee ID) or an attempt appearing twice, or an attempt of a
///   learner the bundle does not have, refuses the whole bundle.
pub(super) struct Importer<'t> {
    tx: &'t Transaction<'t>,
    machine: &'t str,
    course: Option<&'t Course>,
    cutoff: Option<DateTime<Utc>>,
    report: ImportReport,
}

impl<'t> Importer<'t> {
    pub(super) fn begin(
        tx: &'t Transaction<'t>,
        (machine, created_at): (&'t str, DateTime<Utc>),
        course: Option<&'t Course>,
        cutoff: Option<DateTime<Utc>>,
    ) -> Result<Self, StoreError> {
        tx.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS bundle_learners (
                 bundle_id   TEXT PRIMARY KEY,
                 local_id    TEXT NOT NULL,
                 employee_id TEXT NOT NULL UNIQUE
             ) WITHOUT ROWID;
             CREATE TEMP TABLE IF NOT EXISTS bundle_attempts (id TEXT PRIMARY KEY) WITHOUT ROWID;
             CREATE TEMP TABLE IF NOT EXISTS bundle_refreshers (id TEXT PRIMARY KEY) WITHOUT ROWID;
             DELETE FROM temp.bundle_learners;
             DELETE FROM temp.bundle_attempts;
             DELETE FROM temp.bundle_refreshers;",
        )?;
        Ok(Self {
            tx,
            machine,
            course,
            cutoff,
            report: ImportReport {
                machine: machine.to_owned(),
                created_at,
                learners_added: 0,
                learners_matched: 0,
                attempts_added: 0,
                attempts_present: 0,
                attempts_past_retention: 0,
                refreshers_added: 0,
                refreshers_present: 0,
                refreshers_past_retention: 0,
                conflicts: Vec::new(),
                conflicts_not_listed: 0,
            },
        })
    }

    pub(super) fn learner(&mut self, learner: &Learner) -> Result<(), BundleError> {
        let tx = self.tx;
        let twice = |problem| Inconsistency {
            subject: Subject::Learner {
                employee_id: learner.employee_id.clone(),
            },
            problem,
        };
        let seen: Option<(String, String)> = tx
            .prepare_cached(
                "SELECT bundle_id, employee_id FROM temp.bundle_learners
                 WHERE bundle_id = ?1 OR employee_id = ?2 LIMIT 1",
            )
            .and_then(|mut seen| {
                seen.query_row([&learner.id, &learner.employee_id], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })
            })
            .optional()
            .map_err(StoreError::from)?;
        if let Some((id, employee_id)) = seen {
            return Err(if employee_id == learner.employee_id {
                twice(Problem::Twice).into()
            } else {
                twice(Problem::LearnerIdTwice { id }).into()
            });
        }
        let local_id = match learner_by_employee_id_in(tx, &learner.employee_id)? {
            Some(existing) => {
                self.report.learners_matched += 1;
                if existing.display_name != learner.display_name
                    || existing.department != learner.department
                {
                    self.report.conflict(Conflict::Profile {
                        employee_id: learner.employee_id.clone(),
                        name_here: existing.display_name.clone(),
                        name_in_bundle: learner.display_name.clone(),
                        department_here: existing.department.clone(),
                        department_in_bundle: learner.department.clone(),
                    });
                }
                existing.id
            }
            None => {
                let mut id = learner.id.clone();
                if learner_id_taken_in(tx, &id)? {
                    id = Uuid::new_v5(
                        &Uuid::NAMESPACE_OID,
                        format!("jaga-bundle/{}/{}", self.machine, learner.id).as_bytes(),
                    )
                    .to_string();
                    if learner_id_taken_in(tx, &id)? {
                        return Err(StoreError::Invalid(format!(
                            "no free id for employee {}",
                            learner.employee_id
                        ))
                        .into());
                    }
                }
                store::learners::insert_learner(
                    tx,
                    &Learner {
                        id: id.clone(),
                        ..learner.clone()
                    },
                )?;
                self.report.learners_added += 1;
                id
            }
        };
        tx.prepare_cached(
            "INSERT INTO temp.bundle_learners (bundle_id, local_id, employee_id) VALUES (?1, ?2, ?3)",
        )
        .and_then(|mut insert| insert.execute([&learner.id, &local_id, &learner.employee_id]))
        .map_err(StoreError::from)?;
        Ok(())
    }

    /// The id and employee ID here of the learner the bundle calls `bundled_learner`
    /// (`None`: the bundle has not introduced them).
    fn learner_here(&self, bundled_learner: &str) -> Result<Option<(String, String)>, StoreError> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT local_id, employee_id FROM temp.bundle_learners WHERE bundle_id = ?1",
            )?
            .query_row([bundled_learner], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?)
    }

    /// Merges a checked attempt; `id` and `bundled_learner` are as the bundle gives them.
    pub(super) fn attempt(
        &mut self,
        id: &str,
        bundled_learner: &str,
        attempt: AttemptRecord,
    ) -> Result<(), BundleError> {
        let tx = self.tx;
        let here = self.learner_here(bundled_learner)?;
        let Some((learner_id, employee_id)) = here else {
            return Err(Inconsistency::attempt(
                id,
                Problem::UnknownLearner {
                    learner_id: bundled_learner.to_owned(),
                },
            )
            .into());
        };
        let first = tx
            .prepare_cached("INSERT OR IGNORE INTO temp.bundle_attempts (id) VALUES (?1)")
            .and_then(|mut insert| insert.execute([attempt.id.to_string()]))
            .map_err(StoreError::from)?;
        if first == 0 {
            return Err(Inconsistency::attempt(id, Problem::Twice).into());
        }
        if self.cutoff.is_some_and(|cutoff| attempt.finished < cutoff) {
            self.report.attempts_past_retention += 1;
            return Ok(());
        }
        match stored_attempt_in(tx, attempt.id)? {
            Some(stored) => {
                if same_attempt(&stored, &attempt, &learner_id) {
                    self.report.attempts_present += 1;
                } else {
                    self.report.conflict(Conflict::Attempt {
                        attempt_id: attempt.id,
                        employee_id,
                        module_id: attempt.module_id.clone(),
                    });
                }
            }
            None => {
                let unchecked = attempt.passed
                    && self.course.is_some_and(|course| {
                        course
                            .module(&attempt.module_id)
                            .is_none_or(|m| m.revision.0 != attempt.revision)
                    });
                if unchecked {
                    self.report.conflict(Conflict::UncheckedPass {
                        attempt_id: attempt.id,
                        employee_id,
                        module_id: attempt.module_id.clone(),
                        revision: attempt.revision.clone(),
                    });
                }
                insert_record(
                    tx,
                    &AttemptRecord {
                        learner_id,
                        ..attempt
                    },
                )?;
                self.report.attempts_added += 1;
            }
        }
        Ok(())
    }

    /// Merges a checked refresher with its answers; `bundled_learner` is as the bundle
    /// gives it. Keyed by its UUID like an attempt: present when stored with the same
    /// answers, a [`Conflict::Refresher`] when stored with others. The review queue is not
    /// touched: it is this machine's schedule.
    pub(super) fn refresher(
        &mut self,
        bundled_learner: &str,
        refresher: RefresherRecord,
    ) -> Result<(), BundleError> {
        let tx = self.tx;
        let id = refresher.id.to_string();
        let subject = || Subject::Refresher { id: id.clone() };
        let here = self.learner_here(bundled_learner)?;
        let Some((learner_id, employee_id)) = here else {
            return Err(Inconsistency {
                subject: subject(),
                problem: Problem::UnknownLearner {
                    learner_id: bundled_learner.to_owned(),
                },
            }
            .into());
        };
        let first = tx
            .prepare_cached("INSERT OR IGNORE INTO temp.bundle_refreshers (id) VALUES (?1)")
            .and_then(|mut insert| insert.execute([&id]))
            .map_err(StoreError::from)?;
        if first == 0 {
            return Err(Inconsistency {
                subject: subject(),
                problem: Problem::Twice,
            }
            .into());
        }
        if self
            .cutoff
            .is_some_and(|cutoff| refresher.finished < cutoff)
        {
            self.report.refreshers_past_retention += 1;
            return Ok(());
        }
        match stored_refresher_in(tx, refresher.id)? {
            Some(stored) => {
                if same_refresher(&stored, &refresher, &learner_id) {
                    self.report.refreshers_present += 1;
                } else {
                    self.report.conflict(Conflict::Refresher {
                        refresher_id: refresher.id,
                        employee_id,
                    });
                }
            }
            None => {
                insert_refresher_in(
                    tx,
                    &RefresherRecord {
                        learner_id,
                        ..refresher
                    },
                )?;
                self.report.refreshers_added += 1;
            }
        }
        Ok(())
    }

    pub(super) fn finish(self) -> Result<ImportReport, StoreError> {
        self.tx.execute_batch(
            "DELETE FROM temp.bundle_learners; DELETE FROM temp.bundle_attempts;
             DELETE FROM temp.bundle_refreshers;",
        )?;
        Ok(self.report)
    }
}

fn same_attempt(
    stored: &store::bundle::StoredAttempt,
    bundled: &AttemptRecord,
    learner_id: &str,
) -> bool {
    stored.learner_id == learner_id
        && stored.module_id == bundled.module_id
        && stored.revision == bundled.revision
        && stored.language == bundled.language
        && stored.seed == bundled.seed
        && stored.started == bundled.started
        && stored.finished == bundled.finished
        && stored.passed == bundled.passed
        && stored.item_count == bundled.responses.len()
        && close(stored.score_raw, bundled.score_raw)
        && close(stored.score_max, bundled.score_max)
}
