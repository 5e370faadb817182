//! Statements for a report: every finished attempt and refresher answer behind the
//! report's rows, built as the outbox builds them, so an exported statement equals the delivered one. Written a
//! learner at a time into a JSON array, so a report of any size needs the memory of one
//! learner's attempts.

use std::collections::{HashMap, HashSet};
use std::io::Write;

use serde_json::Value;

use super::build::{Statement, attempt_statements};
use super::config::{XapiConfig, XapiError};
use super::refresher::{asked, refresher_statement};
use crate::content::Course;
use crate::report::Completion;
use crate::store::{Learner, Store};

/// The statements of every graded attempt of `learner` on the modules in `modules`,
/// oldest first, then those of their refresher answers on those modules, oldest
/// refresher first, each refresher's answers in the order given.
pub fn learner_statements(
    store: &Store,
    course: &Course,
    learner: &Learner,
    modules: &HashSet<&str, impl std::hash::BuildHasher>,
    config: &XapiConfig,
) -> Result<Vec<Statement>, XapiError> {
    let mut statements = Vec::new();
    each_learner_statement(store, course, learner, modules, config, &mut |statement| {
        statements.push(statement);
        Ok(())
    })?;
    Ok(statements)
}

/// Hands `each` the statements [`learner_statements`] lists, in its order, one attempt's
/// or one refresher answer's at a time, so that a learner with a long history needs no
/// more memory than one with a short one.
pub fn each_learner_statement(
    store: &Store,
    course: &Course,
    learner: &Learner,
    modules: &HashSet<&str, impl std::hash::BuildHasher>,
    config: &XapiConfig,
    each: &mut dyn FnMut(Statement) -> Result<(), XapiError>,
) -> Result<(), XapiError> {
    for record in store.attempts(&learner.id)? {
        if !modules.contains(record.module_id.as_str()) {
            continue;
        }
        let module = course.module(&record.module_id).map(AsRef::as_ref);
        for statement in attempt_statements(&record, learner, module, config) {
            each(statement)?;
        }
    }
    for refresher in store.refreshers(&learner.id)? {
        for answer in &refresher.answers {
            if !modules.contains(answer.module_id.as_str()) {
                continue;
            }
            each(refresher_statement(
                refresher.id,
                &refresher.language,
                answer,
                learner,
                asked(Some(course), answer),
                config,
            ))?;
        }
    }
    Ok(())
}

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
        statements.extend(learner_statements(
            store,
            course,
            &learner,
            &modules_of[learner_id],
            config,
        )?);
    }
    Ok(statements)
}

/// `jaga export --format xapi` of rows already in hand: a JSON array of the statements of
/// every graded attempt of the learners and modules in `rows` (see [`export_statements`]),
/// ready to POST to an LRS.
pub fn export_document(
    store: &Store,
    course: &Course,
    rows: &[&Completion],
    config: &XapiConfig,
) -> Result<Vec<u8>, XapiError> {
    let mut bytes = Vec::new();
    let mut array = StatementArray::start(&mut bytes);
    for statement in export_statements(store, course, rows, config)? {
        array.add(&statement.json)?;
    }
    array.finish()?;
    Ok(bytes)
}

/// A JSON array of statements being written one at a time, pretty-printed exactly as
/// `serde_json` prints the whole array, with a final newline.
pub struct StatementArray<'a> {
    out: &'a mut dyn Write,
    count: usize,
    buffer: Vec<u8>,
}

impl<'a> StatementArray<'a> {
    pub fn start(out: &'a mut dyn Write) -> Self {
        Self {
            out,
            count: 0,
            buffer: Vec::with_capacity(4096),
        }
    }

    pub fn add(&mut self, statement: &Value) -> Result<(), XapiError> {
        self.buffer.clear();
        self.buffer
            .extend_from_slice(if self.count == 0 { b"[\n  " } else { b",\n  " });
        crate::report::pretty::nested(&mut self.buffer, statement, 2)?;
        self.out
            .write_all(&self.buffer)
            .map_err(serde_json::Error::io)?;
        self.count += 1;
        Ok(())
    }

    /// How many statements were written.
    pub fn count(&self) -> usize {
        self.count
    }

    pub fn finish(self) -> Result<(), XapiError> {
        let end: &[u8] = if self.count == 0 { b"[]\n" } else { b"\n]\n" };
        self.out.write_all(end).map_err(serde_json::Error::io)?;
        Ok(())
    }
}
