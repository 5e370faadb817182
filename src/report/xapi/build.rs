//! One finished attempt as statements: `passed` or `failed` and `completed` on the module,
//! `answered` per question, `responded` per scenario choice. Pure: the same attempt always
//! gives the same statements, byte for byte.

use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::activity::{Described, actor, language_map, module_activity, question_activity};
use super::config::{
    DELIMITER, PAIR, PLATFORM, STATEMENT_NAMESPACE, XAPI_VERSION, XapiConfig, activity_types, verbs,
};
use crate::content::{MatchItem, Module, NodeKind, QuestionKind};
use crate::store::{self, AttemptRecord, Learner, ResponseRecord};

/// One statement with its id.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub id: Uuid,
    pub json: Value,
}

impl Statement {
    /// `(id, compact JSON)`, as the store's outbox keeps it.
    pub fn to_outbox(&self) -> (Uuid, String) {
        (self.id, self.json.to_string())
    }
}

/// The id of the statement about `item` of an attempt: stable across exports and sends.
pub fn statement_id(attempt_id: Uuid, item: &str) -> Uuid {
    Uuid::new_v5(
        &STATEMENT_NAMESPACE,
        format!("{attempt_id}/{item}").as_bytes(),
    )
}

/// An ISO 8601 duration with at most centisecond precision (xAPI compares durations to
/// 0.01 s; more digits could make an LRS see a re-sent statement as a different one).
pub fn iso_duration(ms: i64) -> String {
    use std::fmt::Write as _;
    let centis = ms.max(0) / 10;
    let hours = centis / 360_000;
    let minutes = centis / 6_000 % 60;
    let seconds = centis / 100 % 60;
    let fraction = centis % 100;
    let mut out = String::from("PT");
    if hours > 0 {
        let _ = write!(out, "{hours}H");
    }
    if minutes > 0 {
        let _ = write!(out, "{minutes}M");
    }
    if fraction > 0 {
        let digits = format!("{fraction:02}");
        let _ = write!(out, "{seconds}.{}S", digits.trim_end_matches('0'));
    } else if seconds > 0 || (hours == 0 && minutes == 0) {
        let _ = write!(out, "{seconds}S");
    }
    out
}

/// A number as JSON: whole numbers without a fraction (`7`, not `7.0`), as an LRS written
/// in JavaScript gives them back.
pub(super) fn number(x: f64) -> Value {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if x.fract() == 0.0 && x.abs() < EXACT {
        #[expect(
            clippy::cast_possible_truncation,
            reason = "whole and within ±2^53, so exact"
        )]
        let whole = x as i64;
        whole.into()
    } else {
        x.into()
    }
}

/// `result.response` of a choice answer: the chosen ids joined with `[,]`; a matching
/// answer's `item=category` is xAPI's `item[.]category`.
pub(super) fn response_text(kind: &str, chosen: &[String]) -> String {
    if kind == "matching" {
        chosen
            .iter()
            .map(|pair| match MatchItem::split_pair(pair) {
                Some((item, category)) => format!("{item}{PAIR}{category}"),
                None => pair.clone(),
            })
            .collect::<Vec<_>>()
            .join(DELIMITER)
    } else {
        chosen.join(DELIMITER)
    }
}

/// `result.score`: raw, and when there is a maximum, min 0, max and scaled 0–1.
pub(super) fn score(raw: f64, max: f64) -> Value {
    if max > 0.0 {
        let raw = raw.clamp(0.0, max);
        json!({ "raw": number(raw), "min": 0, "max": number(max), "scaled": number(raw / max) })
    } else {
        json!({ "raw": number(raw) })
    }
}

/// Builds the statements of one attempt.
struct Builder<'a> {
    record: &'a AttemptRecord,
    learner: &'a Learner,
    /// The module, when the course still has the exact revision the learner saw.
    described: Option<&'a Module>,
    config: &'a XapiConfig,
}

impl Builder<'_> {
    fn lang(&self) -> &str {
        &self.record.language
    }

    fn described(&self) -> Described<'_> {
        Described {
            config: self.config,
            module: self.described,
            lang: self.lang(),
            module_id: &self.record.module_id,
        }
    }

    fn actor(&self) -> Value {
        actor(self.config, self.learner)
    }

    fn module_activity(&self) -> Value {
        module_activity(&self.described())
    }

    fn question_activity(&self, response: &ResponseRecord) -> Value {
        question_activity(
            &self.described(),
            &response.question_id,
            &response.kind,
            self.described
                .and_then(|m| m.question(&response.question_id)),
        )
    }

    fn node_activity(&self, response: &ResponseRecord, node_id: &str) -> Value {
        let mut definition = Map::new();
        definition.insert("type".into(), activity_types::INTERACTION.into());
        definition.insert("interactionType".into(), "choice".into());
        let question = self
            .described
            .and_then(|m| m.question(&response.question_id));
        if let Some(question) = question {
            definition.insert("name".into(), language_map(&question.prompt, self.lang()));
        }
        let node = question.and_then(|q| match &q.kind {
            QuestionKind::Scenario(s) => s.node_index(node_id).map(|i| &s.nodes[i]),
            _ => None,
        });
        if let Some(node) = node {
            definition.insert("description".into(), language_map(&node.text, self.lang()));
            if let NodeKind::Step { choices } = &node.kind {
                let components: Vec<Value> = choices
                    .iter()
                    .map(|c| json!({ "id": c.id, "description": language_map(&c.text, self.lang()) }))
                    .collect();
                definition.insert("choices".into(), components.into());
            }
        }
        json!({
            "objectType": "Activity",
            "id": self.config.node_iri(&self.record.module_id, &response.question_id, node_id),
            "definition": definition,
        })
    }

    fn context(
        &self,
        parent: Option<Value>,
        grouping: Option<Value>,
        extra: &[(&str, Value)],
    ) -> Value {
        let mut context = Map::new();
        context.insert("registration".into(), self.record.id.to_string().into());
        context.insert("platform".into(), PLATFORM.into());
        context.insert("language".into(), self.lang().into());
        context.insert("revision".into(), self.record.revision.clone().into());
        let mut activities = Map::new();
        if let Some(parent) = parent {
            activities.insert("parent".into(), json!([parent]));
        }
        if let Some(grouping) = grouping {
            activities.insert("grouping".into(), json!([grouping]));
        }
        if !activities.is_empty() {
            context.insert("contextActivities".into(), activities.into());
        }
        let mut extensions = Map::new();
        extensions.insert(
            self.config.extension_iri("content-revision"),
            self.record.revision.clone().into(),
        );
        for (name, value) in extra {
            extensions.insert(self.config.extension_iri(name), value.clone());
        }
        context.insert("extensions".into(), extensions.into());
        context.into()
    }

    fn statement(
        &self,
        item: &str,
        verb: &str,
        object: Value,
        result: Value,
        context: Value,
    ) -> Statement {
        let id = statement_id(self.record.id, item);
        let display = verb.rsplit('/').next().unwrap_or(verb);
        let mut statement = Map::new();
        statement.insert("id".into(), id.to_string().into());
        statement.insert("actor".into(), self.actor());
        statement.insert(
            "verb".into(),
            json!({ "id": verb, "display": { "en-US": display } }),
        );
        statement.insert("object".into(), object);
        statement.insert("result".into(), result);
        statement.insert("context".into(), context);
        statement.insert("timestamp".into(), store::ts(self.record.finished).into());
        statement.insert("version".into(), XAPI_VERSION.into());
        Statement {
            id,
            json: statement.into(),
        }
    }

    fn question_statements(&self, response: &ResponseRecord, out: &mut Vec<Statement>) {
        let module = self.module_activity();
        let question = self.question_activity(response);
        let position = json!(response.position);
        for (step, taken) in response.path.iter().enumerate() {
            let reached = response
                .path
                .get(step + 1)
                .map(|next| next.node.clone())
                .or_else(|| response.ending.clone());
            let mut extensions = Map::new();
            extensions.insert(self.config.extension_iri("points"), json!(taken.points));
            if let Some(reached) = reached {
                extensions.insert(self.config.extension_iri("reached"), reached.into());
            }
            out.push(self.statement(
                &format!("scenario/{}/{step}", response.question_id),
                verbs::RESPONDED,
                self.node_activity(response, &taken.node),
                json!({ "response": taken.choice, "extensions": extensions }),
                self.context(
                    Some(question.clone()),
                    Some(module.clone()),
                    &[("step", json!(step)), ("position", position.clone())],
                ),
            ));
        }
        let answer = match &response.ending {
            Some(ending) => ending.clone(),
            None => response_text(&response.kind, &response.chosen),
        };
        let mut result = Map::new();
        result.insert("score".into(), score(response.points, response.max_points));
        result.insert("success".into(), response.correct.into());
        result.insert("completion".into(), true.into());
        result.insert("response".into(), answer.into());
        if response.ending.is_some() {
            let mut extensions = Map::new();
            extensions.insert(
                self.config.extension_iri("back-steps"),
                json!(response.backs),
            );
            result.insert("extensions".into(), extensions.into());
        }
        out.push(self.statement(
            &format!("question/{}", response.question_id),
            verbs::ANSWERED,
            question,
            result.into(),
            self.context(Some(module), None, &[("position", position)]),
        ));
    }

    fn all(&self) -> Vec<Statement> {
        let record = self.record;
        let mut out = Vec::new();
        let mut responses: Vec<&ResponseRecord> = record.responses.iter().collect();
        responses.sort_by_key(|r| r.position);
        for response in responses {
            self.question_statements(response, &mut out);
        }
        let duration = iso_duration(record.duration_ms);
        out.push(self.statement(
            "completed",
            verbs::COMPLETED,
            self.module_activity(),
            json!({ "completion": true, "duration": duration }),
            self.context(None, None, &[]),
        ));
        let (item, verb) = if record.passed {
            ("passed", verbs::PASSED)
        } else {
            ("failed", verbs::FAILED)
        };
        out.push(self.statement(
            item,
            verb,
            self.module_activity(),
            json!({
                "score": score(record.score_raw, record.score_max),
                "success": record.passed,
                "completion": true,
                "duration": duration,
            }),
            self.context(None, None, &[]),
        ));
        out
    }
}

/// The statements about one finished graded attempt: `responded` for each scenario step
/// and `answered` for each question in the order asked, then `completed`, then `passed` or
/// `failed`. `module` describes the activities (names, choices, correct answers) only when
/// it is the exact revision the learner saw; otherwise the statements carry ids and types
/// alone, so they never describe a version the learner did not see. A practice attempt
/// has no statements.
pub fn attempt_statements(
    record: &AttemptRecord,
    learner: &Learner,
    module: Option<&Module>,
    config: &XapiConfig,
) -> Vec<Statement> {
    if record.mode != crate::engine::Mode::Graded.as_str() {
        return Vec::new();
    }
    Builder {
        record,
        learner,
        described: module.filter(|m| m.id == record.module_id && m.revision.0 == record.revision),
        config,
    }
    .all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_iso_8601_to_the_centisecond() {
        assert_eq!(iso_duration(0), "PT0S");
        assert_eq!(iso_duration(9), "PT0S");
        assert_eq!(iso_duration(1_500), "PT1.5S");
        assert_eq!(iso_duration(61_234), "PT1M1.23S");
        assert_eq!(iso_duration(3_600_000), "PT1H");
        assert_eq!(iso_duration(3_725_050), "PT1H2M5.05S");
        assert_eq!(iso_duration(-5), "PT0S");
    }

    #[test]
    fn whole_numbers_have_no_fraction() {
        assert_eq!(number(7.0).to_string(), "7");
        assert_eq!(number(0.5).to_string(), "0.5");
        assert_eq!(number(-2.0).to_string(), "-2");
        assert_eq!(number(1e300).to_string(), "1e+300");
    }

    #[test]
    fn statement_ids_are_uuid_v5_of_attempt_and_item() {
        let attempt = Uuid::from_u128(1);
        let id = statement_id(attempt, "passed");
        assert_eq!(id.get_version_num(), 5);
        assert_eq!(id, statement_id(attempt, "passed"));
        assert_ne!(id, statement_id(attempt, "completed"));
        assert_ne!(id, statement_id(Uuid::from_u128(2), "passed"));
    }
}
