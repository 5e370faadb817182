//! Refresher answers as statements: one `answered` statement per answer, on the same
//! question activity as the graded answer, with a context extension that marks it as a
//! refresher so an LRS (and a person querying it) never takes it for a graded result.
//! Pure, like the graded builder: the same answer always gives the same statement, and
//! its id is a UUID v5 over the refresher and the answer's position, so a re-send or a
//! re-export is one statement to the LRS. See `docs/xapi.md`.

use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::activity::{Described, actor, module_activity, question_activity};
use super::build::{Statement, response_text, score, statement_id};
use super::config::{PLATFORM, XAPI_VERSION, XapiConfig, verbs};
use crate::content::{Course, Question};
use crate::store::{self, Learner, RefresherAnswerRecord, RefresherRecord};

/// The name of the context extension every refresher statement carries
/// (`{base}/xapi/extensions/refresher`), holding the answer's place in the refresher, the
/// rating the schedule took, the days since the learner's last pass and the next due time.
pub const REFRESHER_EXTENSION: &str = "refresher";

/// The id of the statement about the answer at `position` of a refresher.
pub fn refresher_statement_id(refresher_id: Uuid, position: usize) -> Uuid {
    statement_id(refresher_id, &format!("refresher/{position}"))
}

/// The `answered` statement about one answer of refresher `refresher_id`, taken in
/// `language`. `question` describes the question activity (prompt, choices, correct
/// answer): give it only when it is the exact version the learner was asked (the question
/// of the course's module at the answer's revision). The parent module activity carries
/// its id and type alone, so the statement built as the answer is recorded (from the
/// question asked) and the one an export builds later (from the course) are the same.
pub fn refresher_statement(
    refresher_id: Uuid,
    language: &str,
    answer: &RefresherAnswerRecord,
    learner: &Learner,
    question: Option<&Question>,
    config: &XapiConfig,
) -> Statement {
    let described = Described {
        config,
        module: None,
        lang: language,
        module_id: &answer.module_id,
    };
    let question = question.filter(|q| q.id == answer.question_id);
    let id = refresher_statement_id(refresher_id, answer.position);
    let mut result = Map::new();
    result.insert("score".into(), score(answer.points, answer.max_points));
    result.insert("success".into(), answer.correct.into());
    result.insert("completion".into(), true.into());
    result.insert(
        "response".into(),
        response_text(&answer.kind, &answer.chosen).into(),
    );
    let mut extensions = Map::new();
    extensions.insert(
        config.extension_iri("content-revision"),
        answer.revision.clone().into(),
    );
    extensions.insert(
        config.extension_iri(REFRESHER_EXTENSION),
        json!({
            "position": answer.position,
            "recall": answer.recall,
            "days_since_pass": answer.days_since_pass,
            "next_due": store::ts(answer.next_due),
        }),
    );
    let mut context = Map::new();
    context.insert("registration".into(), refresher_id.to_string().into());
    context.insert("platform".into(), PLATFORM.into());
    context.insert("language".into(), language.into());
    context.insert("revision".into(), answer.revision.clone().into());
    context.insert(
        "contextActivities".into(),
        json!({ "parent": [module_activity(&described)] }),
    );
    context.insert("extensions".into(), extensions.into());
    let mut statement = Map::new();
    statement.insert("id".into(), id.to_string().into());
    statement.insert("actor".into(), actor(config, learner));
    statement.insert(
        "verb".into(),
        json!({ "id": verbs::ANSWERED, "display": { "en-US": "answered" } }),
    );
    statement.insert(
        "object".into(),
        question_activity(&described, &answer.question_id, &answer.kind, question),
    );
    statement.insert("result".into(), result.into());
    statement.insert("context".into(), Value::Object(context));
    statement.insert("timestamp".into(), store::ts(answer.answered).into());
    statement.insert("version".into(), XAPI_VERSION.into());
    Statement {
        id,
        json: statement.into(),
    }
}

/// The statements of every answer of a refresher, in the order answered, each described
/// by `course`'s module when it has the revision asked.
pub fn refresher_statements(
    record: &RefresherRecord,
    learner: &Learner,
    course: Option<&Course>,
    config: &XapiConfig,
) -> Vec<Statement> {
    record
        .answers
        .iter()
        .map(|answer| {
            refresher_statement(
                record.id,
                &record.language,
                answer,
                learner,
                asked(course, answer),
                config,
            )
        })
        .collect()
}

/// The question of `answer` as the learner was asked it: the course's, when the course
/// has the module at the answer's revision.
pub fn asked<'a>(
    course: Option<&'a Course>,
    answer: &RefresherAnswerRecord,
) -> Option<&'a Question> {
    course
        .and_then(|c| c.module(&answer.module_id))
        .filter(|m| m.revision.0 == answer.revision)
        .and_then(|m| m.question(&answer.question_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresher_statement_ids_are_stable_per_refresher_and_position() {
        let run = Uuid::from_u128(7);
        assert_eq!(
            refresher_statement_id(run, 0),
            refresher_statement_id(run, 0)
        );
        assert_ne!(
            refresher_statement_id(run, 0),
            refresher_statement_id(run, 1)
        );
        assert_ne!(
            refresher_statement_id(run, 0),
            refresher_statement_id(Uuid::from_u128(8), 0)
        );
        assert_eq!(refresher_statement_id(run, 0).get_version_num(), 5);
    }
}
