//! Merging a checked bundle into a store: learners matched by employee ID, attempts keyed
//! by their UUID, and what the merge did reported back (including conflicts it did not
//! resolve by overwriting).
//!
//! It exists apart from reading and checking so that the merge rules, the only code that
//! writes to the store, can be read on their own. A bundle reaches [`import`] only whole
//! and checked; the store's SQL lives in `store::bundle`.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use chrono::{DateTime, Days, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::document::Bundle;
use super::error::BundleError;
use super::version::close;
use crate::content::Course;
use crate::store::bundle::{learner_by_employee_id_in, learner_id_taken_in, stored_attempt_in};
use crate::store::{self, AttemptRecord, Learner, Store, StoreError, insert_record};

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
        }
    }
}

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
    pub conflicts: Vec<Conflict>,
}

impl ImportReport {
    /// The import wrote nothing (a repeat import, or only conflicts).
    pub fn changed_nothing(&self) -> bool {
        self.learners_added == 0 && self.attempts_added == 0
    }
}

/// Reads, checks and imports one bundle file; see [`import`].
pub fn import_file(
    store: &mut Store,
    path: &Path,
    course: Option<&Course>,
    now: DateTime<Utc>,
) -> Result<ImportReport, BundleError> {
    let bundle = Bundle::read(path, course)?;
    import(store, &bundle, now)
}

/// Merges a checked bundle into `store` in one transaction: all of it or, on any error,
/// none of it.
///
/// - A learner is matched by employee ID. A new employee ID gets a profile with the
///   bundle's opaque id (or, if another profile here has that id, one derived from the
///   machine and the id). A matched profile is never changed; if its name or department
///   differs, the difference is reported as a [`Conflict::Profile`] and the attempts are
///   recorded under the profile here.
/// - An attempt is keyed by its UUID: one already stored with the same results counts as
///   present; one stored with different results is reported as a [`Conflict::Attempt`]
///   and left as it is. Attempts finished before the store's retention period are left
///   out, since opening the store would purge them.
pub fn import(
    store: &mut Store,
    bundle: &Bundle,
    now: DateTime<Utc>,
) -> Result<ImportReport, BundleError> {
    let cutoff = store.retention_days()?.map(|days| {
        now.checked_sub_days(Days::new(u64::from(days)))
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    });
    let report = store.transact(|tx| {
        let mut report = ImportReport {
            machine: bundle.machine.clone(),
            created_at: bundle.created_at,
            learners_added: 0,
            learners_matched: 0,
            attempts_added: 0,
            attempts_present: 0,
            attempts_past_retention: 0,
            conflicts: Vec::new(),
        };
        // Bundle learner id → (learner id here, employee ID).
        let mut here: HashMap<&str, (String, &str)> = HashMap::new();
        for learner in &bundle.learners {
            let local_id = match learner_by_employee_id_in(tx, &learner.employee_id)? {
                Some(existing) => {
                    report.learners_matched += 1;
                    if existing.display_name != learner.display_name
                        || existing.department != learner.department
                    {
                        report.conflicts.push(Conflict::Profile {
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
                            format!("jaga-bundle/{}/{}", bundle.machine, learner.id).as_bytes(),
                        )
                        .to_string();
                        if learner_id_taken_in(tx, &id)? {
                            return Err(StoreError::Invalid(format!(
                                "no free id for employee {}",
                                learner.employee_id
                            )));
                        }
                    }
                    store::learners::insert_learner(
                        tx,
                        &Learner {
                            id: id.clone(),
                            ..learner.clone()
                        },
                    )?;
                    report.learners_added += 1;
                    id
                }
            };
            here.insert(
                learner.id.as_str(),
                (local_id, learner.employee_id.as_str()),
            );
        }
        for attempt in &bundle.attempts {
            let Some((learner_id, employee_id)) = here.get(attempt.learner_id.as_str()) else {
                return Err(StoreError::Invalid(format!(
                    "attempt {} belongs to no bundled learner",
                    attempt.id
                )));
            };
            if cutoff.is_some_and(|cutoff| attempt.finished < cutoff) {
                report.attempts_past_retention += 1;
                continue;
            }
            match stored_attempt_in(tx, attempt.id)? {
                Some(stored) => {
                    if same_attempt(&stored, attempt, learner_id) {
                        report.attempts_present += 1;
                    } else {
                        report.conflicts.push(Conflict::Attempt {
                            attempt_id: attempt.id,
                            employee_id: (*employee_id).to_owned(),
                            module_id: attempt.module_id.clone(),
                        });
                    }
                }
                None => {
                    insert_record(
                        tx,
                        &AttemptRecord {
                            learner_id: learner_id.clone(),
                            ..attempt.clone()
                        },
                    )?;
                    report.attempts_added += 1;
                }
            }
        }
        Ok(report)
    })?;
    Ok(report)
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
