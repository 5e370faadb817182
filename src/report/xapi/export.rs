//! Statements for a report: every finished attempt behind the report's rows, built as the
//! outbox builds them, so an exported statement equals the delivered one.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::build::{Statement, attempt_statements};
use super::config::{XapiConfig, XapiError};
use crate::content::Course;
use crate::report::Completion;
use crate::store::Store;

/// The statements of every graded attempt of the learners and modules in `rows`, learner
/// by learner in row order, each learner's attempts oldest first.
pub fn export_statements(
    store: &Store,
    course: &Course,
    rows: &[&Completion],
    config: &XapiConfig,
) -> Result<Vec<Statement>, XapiError> {
    let mut modules_of: HashMap<&str, HashSet<&str>> = HashMap::new();
    let mut learner_order: Vec<&str> = Vec::new();
    for row in rows {
        let modules = modules_of
            .entry(row.learner_id.as_str())
            .or_insert_with(|| {
                learner_order.push(row.learner_id.as_str());
                HashSet::new()
            });
        modules.insert(row.module_id.as_str());
    }
    let mut statements = Vec::new();
    for learner_id in learner_order {
        let learner = store.learner(learner_id)?;
        let wanted = &modules_of[learner_id];
        for record in store.attempts(learner_id)? {
            if !wanted.contains(record.module_id.as_str()) {
                continue;
            }
            let module = course.module(&record.module_id).map(AsRef::as_ref);
            statements.extend(attempt_statements(&record, &learner, module, config));
        }
    }
    Ok(statements)
}

/// `jaga export --format xapi`: a JSON array of the statements of every graded attempt of
/// the learners and modules in `rows` (see [`export_statements`]), ready to POST to an LRS.
pub fn export_document(
    store: &Store,
    course: &Course,
    rows: &[&Completion],
    config: &XapiConfig,
) -> Result<Vec<u8>, XapiError> {
    let statements = export_statements(store, course, rows, config)?;
    let array: Vec<&Value> = statements.iter().map(|s| &s.json).collect();
    let mut bytes = serde_json::to_vec_pretty(&array)?;
    bytes.push(b'\n');
    Ok(bytes)
}
