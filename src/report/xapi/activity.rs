//! The parts of a statement that graded answers and refresher answers share: the actor,
//! the module and question activities, and text as a language map. Pure, like the
//! builders that use them.

use serde_json::{Map, Value, json};

use super::config::{DELIMITER, PAIR, XapiConfig, activity_types};
use crate::content::{Module, Question, QuestionKind, Text};
use crate::store::Learner;

/// What activities are described with: the settings, the module when the course still
/// has the exact revision the learner saw (its title names the module activity), and the
/// language of the answer.
pub(super) struct Described<'a> {
    pub(super) config: &'a XapiConfig,
    pub(super) module: Option<&'a Module>,
    pub(super) lang: &'a str,
    pub(super) module_id: &'a str,
}

/// A text as an xAPI language map: in `lang` when it has it, else in a language it has.
pub(super) fn language_map(text: &Text, lang: &str) -> Value {
    let (key, value) = match text.exact(lang) {
        Some(value) => (lang, value),
        None => text
            .0
            .get("en")
            .map(|v| ("en", v.as_str()))
            .or_else(|| text.0.iter().next().map(|(k, v)| (k.as_str(), v.as_str())))
            .unwrap_or((lang, "")),
    };
    json!({ key: value })
}

/// The actor: an opaque account, the organisation's home page and the employee ID.
pub(super) fn actor(config: &XapiConfig, learner: &Learner) -> Value {
    json!({
        "objectType": "Agent",
        "account": {
            "homePage": config.home_page(),
            "name": learner.employee_id,
        },
    })
}

/// The module's assessment as an activity.
pub(super) fn module_activity(described: &Described<'_>) -> Value {
    let mut definition = Map::new();
    if let Some(module) = described.module {
        definition.insert("name".into(), language_map(&module.title, described.lang));
    }
    definition.insert("type".into(), activity_types::ASSESSMENT.into());
    json!({
        "objectType": "Activity",
        "id": described.config.module_iri(described.module_id),
        "definition": definition,
    })
}

/// A question as an activity: its interaction type always, and its prompt, choices and
/// correct answer when `question` (the exact version the learner saw) is given.
pub(super) fn question_activity(
    described: &Described<'_>,
    question_id: &str,
    kind: &str,
    question: Option<&Question>,
) -> Value {
    let interaction_type = match kind {
        // Spot the leak too: its segments are the choices, the response the marked ones.
        "single_choice" | "multiple_choice" | "spot_the_leak" => "choice",
        "true_false" => "true-false",
        "ordering" => "sequencing",
        "matching" => "matching",
        _ => "other",
    };
    let mut definition = Map::new();
    definition.insert("type".into(), activity_types::INTERACTION.into());
    definition.insert("interactionType".into(), interaction_type.into());
    if let Some(question) = question {
        definition.insert(
            "name".into(),
            language_map(&question.prompt, described.lang),
        );
        match &question.kind {
            QuestionKind::SingleChoice { choices }
            | QuestionKind::MultipleChoice { choices, .. } => {
                let components: Vec<Value> = choices
                    .iter()
                    .map(|c| {
                        json!({ "id": c.id, "description": language_map(&c.text, described.lang) })
                    })
                    .collect();
                let correct: Vec<&str> = choices
                    .iter()
                    .filter(|c| c.correct)
                    .map(|c| c.id.as_str())
                    .collect();
                definition.insert("choices".into(), components.into());
                definition.insert(
                    "correctResponsesPattern".into(),
                    json!([correct.join(DELIMITER)]),
                );
            }
            QuestionKind::TrueFalse { answer, .. } => {
                definition.insert(
                    "correctResponsesPattern".into(),
                    json!([answer.to_string()]),
                );
            }
            QuestionKind::SpotTheLeak { segments, .. } => {
                let components: Vec<Value> = segments
                    .iter()
                    .map(|s| {
                        let mut text = s.text.clone();
                        if let Some(label) = &s.label {
                            for (lang, value) in &mut text.0 {
                                *value = format!("{}: {value}", label.get(lang));
                            }
                        }
                        json!({ "id": s.id, "description": language_map(&text, described.lang) })
                    })
                    .collect();
                let marked: Vec<&str> = segments
                    .iter()
                    .filter(|s| s.mark.is_some())
                    .map(|s| s.id.as_str())
                    .collect();
                definition.insert("choices".into(), components.into());
                definition.insert(
                    "correctResponsesPattern".into(),
                    json!([marked.join(DELIMITER)]),
                );
            }
            QuestionKind::Ordering { steps } => {
                let components: Vec<Value> = steps
                    .iter()
                    .map(|s| {
                        json!({ "id": s.id, "description": language_map(&s.text, described.lang) })
                    })
                    .collect();
                let order: Vec<&str> = steps.iter().map(|s| s.id.as_str()).collect();
                definition.insert("choices".into(), components.into());
                definition.insert(
                    "correctResponsesPattern".into(),
                    json!([order.join(DELIMITER)]),
                );
            }
            QuestionKind::Matching { categories, items } => {
                let source: Vec<Value> = items
                    .iter()
                    .map(|i| {
                        json!({ "id": i.id, "description": language_map(&i.text, described.lang) })
                    })
                    .collect();
                let target: Vec<Value> = categories
                    .iter()
                    .map(|c| {
                        json!({ "id": c.id, "description": language_map(&c.text, described.lang) })
                    })
                    .collect();
                let pairs: Vec<String> = items
                    .iter()
                    .map(|i| format!("{}{PAIR}{}", i.id, i.category))
                    .collect();
                definition.insert("source".into(), source.into());
                definition.insert("target".into(), target.into());
                definition.insert(
                    "correctResponsesPattern".into(),
                    json!([pairs.join(DELIMITER)]),
                );
            }
            QuestionKind::Scenario(scenario) => {
                if let Some(intro) = &scenario.intro {
                    definition.insert("description".into(), language_map(intro, described.lang));
                }
            }
        }
    }
    json!({
        "objectType": "Activity",
        "id": described.config.question_iri(described.module_id, question_id),
        "definition": definition,
    })
}
