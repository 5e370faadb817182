//! Statements for results recorded without them: graded attempts and refresher answers
//! finished while delivery was off, imported from a bundle, or written by demo data. The
//! store keeps the list of each (`unqueued`, `refresher_unqueued`), so a round of the
//! sender finds them without comparing every result with the outbox.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::LrsError;
use crate::content::Course;
use crate::report::xapi::{self, XapiConfig};
use crate::store::{AttemptStatements, Learner, Store, StoreError};

/// What [`backfill`] queued.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Backfilled {
    pub attempts: usize,
    /// Refresher answers given a statement.
    pub refresher_answers: usize,
    /// Statements queued, for attempts and refresher answers together.
    pub statements: usize,
}

/// Queues statements for every finished graded attempt and every refresher answer that
/// has none: those finished before delivery was turned on, imported from bundles, or
/// written without statements. Running it again queues nothing new.
pub fn backfill(
    store: &mut Store,
    course: &Course,
    config: &XapiConfig,
    now: DateTime<Utc>,
) -> Result<Backfilled, LrsError> {
    let mut done = backfill_attempts(store, course, config, now)?;
    let (answers, statements) = backfill_refreshers(store, course, config, now)?;
    done.refresher_answers = answers;
    done.statements += statements;
    Ok(done)
}

/// The refresher part of [`backfill`]: `(answers, statements)` queued.
fn backfill_refreshers(
    store: &mut Store,
    course: &Course,
    config: &XapiConfig,
    now: DateTime<Utc>,
) -> Result<(usize, usize), LrsError> {
    let mut learners: HashMap<String, Learner> = HashMap::new();
    let (mut answers, mut statements) = (0, 0);
    let mut last: Option<(String, String, usize)> = None;
    loop {
        let after = last
            .as_ref()
            .map(|(t, id, position)| (t.as_str(), id.as_str(), *position));
        let chunk = store.refresher_answers_without_statements(after, 200)?;
        let Some(end) = chunk.last() else {
            return Ok((answers, statements));
        };
        last = Some((
            end.answered_at.clone(),
            end.refresher_id.to_string(),
            end.position,
        ));
        if learners.len() > 10_000 {
            learners.clear();
        }
        let mut queue = Vec::with_capacity(chunk.len());
        for unqueued in &chunk {
            let Some(record) = store.refresher(unqueued.refresher_id)? else {
                continue;
            };
            let Some(answer) =
                crate::store::refresher_results::answer_at(&record, unqueued.position)
            else {
                continue;
            };
            let learner = match learners.get(&unqueued.learner_id) {
                Some(learner) => learner,
                None => match store.learner(&unqueued.learner_id) {
                    Ok(learner) => learners
                        .entry(unqueued.learner_id.clone())
                        .or_insert(learner),
                    Err(StoreError::NoLearner(_)) => continue,
                    Err(e) => return Err(e.into()),
                },
            };
            let statement = xapi::refresher_statement(
                record.id,
                &record.language,
                answer,
                learner,
                xapi::asked(Some(course), answer),
                config,
            );
            queue.push(crate::store::RefresherStatement {
                refresher_id: record.id,
                learner_id: unqueued.learner_id.clone(),
                position: answer.position,
                id: statement.id,
                statement: statement.json.to_string(),
            });
        }
        statements += store.queue_refresher_statements(&queue, now)?;
        answers += queue.len();
    }
}

/// The graded-attempt part of [`backfill`].
fn backfill_attempts(
    store: &mut Store,
    course: &Course,
    config: &XapiConfig,
    now: DateTime<Utc>,
) -> Result<Backfilled, LrsError> {
    let mut learners: HashMap<String, Learner> = HashMap::new();
    let mut done = Backfilled::default();
    // Attempts come a batch at a time, each after the last seen (an attempt that cannot
    // be queued, its learner erased meanwhile, is passed over, not read again).
    let mut last: Option<(String, String)> = None;
    loop {
        let after = last.as_ref().map(|(t, id)| (t.as_str(), id.as_str()));
        let chunk = store.attempts_without_statements(after, 200)?;
        let Some((id, _, finished)) = chunk.last() else {
            return Ok(done);
        };
        last = Some((finished.clone(), id.to_string()));
        if learners.len() > 10_000 {
            learners.clear();
        }
        let mut queue = Vec::with_capacity(chunk.len());
        for (attempt_id, learner_id, _) in &chunk {
            let Some(record) = store.attempt(*attempt_id)? else {
                continue;
            };
            let learner = match learners.get(learner_id) {
                Some(learner) => learner,
                None => match store.learner(learner_id) {
                    Ok(learner) => learners.entry(learner_id.clone()).or_insert(learner),
                    // Erased meanwhile (by the window, while the sender looked).
                    Err(StoreError::NoLearner(_)) => continue,
                    Err(e) => return Err(e.into()),
                },
            };
            let module = course.module(&record.module_id).map(AsRef::as_ref);
            let statements: Vec<(Uuid, String)> =
                xapi::attempt_statements(&record, learner, module, config)
                    .iter()
                    .map(xapi::Statement::to_outbox)
                    .collect();
            queue.push(AttemptStatements {
                attempt_id: *attempt_id,
                learner_id: learner_id.clone(),
                statements,
            });
        }
        done.statements += store.queue_statements(&queue, now)?;
        done.attempts += queue.len();
    }
}
