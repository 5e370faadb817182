//! xAPI statements about finished attempts: valid for Learning Locker's validator, stable
//! from one export to the next, and naming no one.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::float_cmp,
    reason = "a test fails loudly on a broken fixture"
)]

use std::collections::HashSet;
use std::path::Path;

use chrono::Duration;
use jaga::cli::demo::{self, DemoSize};
use jaga::content::{self, ContentSource, Course, Module};
use jaga::engine::{Attempt, Mode};
use jaga::report::xapi::{self, XapiConfig, verbs};
use jaga::report::{self, Dataset, Filter};
use jaga::store::{AttemptRecord, Learner, NewLearner, Store};
use serde_json::Value;
use uuid::Uuid;

use crate::support::{finished_kinds, finished_practice, finished_scenarios, t0};

fn config() -> XapiConfig {
    XapiConfig::new("https://hr.example.org", None).unwrap()
}

fn learner(store: &mut Store, employee_id: &str, name: &str) -> Learner {
    store
        .create_learner(
            &NewLearner {
                employee_id: employee_id.to_owned(),
                display_name: name.to_owned(),
                department: Some("Finance".to_owned()),
            },
            Uuid::new_v4(),
            t0(),
        )
        .unwrap()
}

/// Records a finished attempt (without statements) and returns its statements as built
/// from the store.
fn record(store: &mut Store, learner: &Learner, module: &Module, attempt: &Attempt) -> Vec<Value> {
    let outcome = attempt.outcome(module);
    store
        .record_finished(&learner.id, attempt, module, &outcome, &[], t0())
        .unwrap();
    let stored = store.attempt(attempt.id).unwrap().unwrap();
    xapi::attempt_statements(&stored, learner, Some(module), &config())
        .into_iter()
        .map(|s| s.json)
        .collect()
}

/// A data folder filled by `jaga demo-data` over the built-in course.
fn demo_store(dir: &Path, learners: usize) -> (Store, Course) {
    let course = content::load(&ContentSource::Bundled).unwrap().course;
    let (mut store, _) = Store::open(dir, t0()).unwrap();
    demo::fill(
        &mut store,
        &course,
        DemoSize::learners(learners, 5, 5),
        t0(),
    )
    .unwrap();
    (store, course)
}

fn document(store: &Store, course: &Course, filter: &Filter) -> Vec<u8> {
    let data = Dataset::load(store).unwrap();
    let rows = report::completions(course, &data, "id", t0());
    xapi::export_document(store, course, &filter.apply(&rows), &config()).unwrap()
}

fn parse(document: &[u8]) -> Vec<Value> {
    serde_json::from_slice(document).unwrap()
}

fn verb(statement: &Value) -> &str {
    statement["verb"]["id"].as_str().unwrap()
}

#[test]
fn every_statement_of_every_kind_passes_learning_lockers_validator() {
    if !crate::support::node::node_present(
        "every_statement_of_every_kind_passes_learning_lockers_validator",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (mut store, course) = demo_store(dir.path(), 12);
    let mut statements = parse(&document(&store, &course, &Filter::default()));
    let kinds: HashSet<&str> = statements
        .iter()
        .filter_map(|s| s["object"]["definition"]["interactionType"].as_str())
        .collect();
    assert!(
        kinds.is_superset(&HashSet::from(["choice", "true-false", "other"])),
        "the built-in course should give every interaction type: {kinds:?}"
    );
    // The fixtures too, and an attempt on a module no longer in the course (ids only).
    let sari = learner(&mut store, "E-1", "Sari Wulandari");
    let (kinds_module, kinds_attempt) = finished_kinds(1, false);
    statements.extend(record(&mut store, &sari, &kinds_module, &kinds_attempt));
    let (scenario_module, scenario_attempt) = finished_scenarios(2);
    statements.extend(record(
        &mut store,
        &sari,
        &scenario_module,
        &scenario_attempt,
    ));
    for (seed, well) in [(3, true), (4, false)] {
        let (module, attempt) = finished_practice(seed, well);
        statements.extend(record(&mut store, &sari, &module, &attempt));
    }
    let kinds: HashSet<&str> = statements
        .iter()
        .filter_map(|s| s["object"]["definition"]["interactionType"].as_str())
        .collect();
    assert_eq!(
        kinds,
        HashSet::from(["choice", "true-false", "other", "sequencing", "matching"]),
        "every interaction type is validated"
    );
    let stored = store.attempt(kinds_attempt.id).unwrap().unwrap();
    statements.extend(
        xapi::attempt_statements(&stored, &sari, None, &config())
            .into_iter()
            .map(|s| s.json),
    );
    assert!(
        statements.len() > 500,
        "only {} statements",
        statements.len()
    );

    let problems =
        crate::support::node::validation_problems(&serde_json::to_vec(&statements).unwrap());
    assert!(
        problems.is_empty(),
        "{} problems, the first: {:#?}",
        problems.len(),
        &problems[..problems.len().min(10)]
    );
}

#[test]
fn the_validator_would_catch_a_broken_statement() {
    if !crate::support::node::node_present("the_validator_would_catch_a_broken_statement") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = demo_store(dir.path(), 0);
    let sari = learner(&mut store, "E-1", "Sari Wulandari");
    let (module, attempt) = finished_kinds(1, true);
    let mut statements = record(&mut store, &sari, &module, &attempt);
    statements[0]["result"]["duration"] = "3 minutes".into();
    statements[1]["actor"] = serde_json::json!({ "objectType": "Agent" });
    let problems =
        crate::support::node::validation_problems(&serde_json::to_vec(&statements).unwrap());
    assert!(
        problems.len() >= 2,
        "the validator missed a broken statement: {problems:?}"
    );
}

#[test]
fn exports_are_byte_identical_and_earlier_statements_never_change() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, course) = demo_store(dir.path(), 6);
    let first = document(&store, &course, &Filter::default());
    let second = document(&store, &course, &Filter::default());
    assert_eq!(first, second, "two exports of the same data differ");

    let statements = parse(&first);
    let ids: HashSet<&str> = statements
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), statements.len(), "statement ids repeat");
    for statement in &statements {
        let registration: Uuid = statement["context"]["registration"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        // A refresher answer's id is derived from its refresher and its position.
        let refresher = statement["context"]["extensions"]
            .as_object()
            .and_then(|e| {
                e.iter()
                    .find(|(k, _)| k.ends_with("/xapi/extensions/refresher"))
            })
            .map(|(_, v)| v);
        if let Some(refresher) = refresher {
            let position = usize::try_from(refresher["position"].as_u64().unwrap()).unwrap();
            assert_eq!(
                statement["id"].as_str().unwrap(),
                xapi::refresher_statement_id(registration, position).to_string(),
                "the id of a refresher answer is not derived from its refresher"
            );
            continue;
        }
        let item = match verb(statement) {
            verbs::PASSED => "passed".to_owned(),
            verbs::FAILED => "failed".to_owned(),
            verbs::COMPLETED => "completed".to_owned(),
            verbs::ANSWERED => format!(
                "question/{}",
                statement["object"]["id"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
            ),
            _ => continue,
        };
        assert_eq!(
            statement["id"].as_str().unwrap(),
            xapi::statement_id(registration, &item).to_string(),
            "the id of {item} is not derived from its attempt"
        );
    }

    // A new attempt adds statements and changes none of the earlier ones.
    let new_learner = learner(&mut store, "E-NEW", "Budi Santoso");
    let module = course.modules[0].clone();
    let mut attempt = Attempt::start(&module, Uuid::new_v4(), 9, "en", Mode::Graded, t0());
    while let Some(index) = attempt.current() {
        let item = &attempt.items[index];
        let question = module.question(&item.question_id).unwrap();
        match &question.kind {
            content::QuestionKind::Scenario(scenario) => {
                let node =
                    jaga::engine::attempt::run_node(scenario, item.run.as_ref().unwrap()).unwrap();
                let content::NodeKind::Step { choices } = &node.kind else {
                    unreachable!()
                };
                let choice = choices[0].id.clone();
                attempt.choose(&module, index, &choice).unwrap();
            }
            _ => {
                let first = vec![item.choice_order[0].clone()];
                attempt.answer(&module, index, &first).unwrap();
            }
        }
    }
    attempt
        .finish(&module, t0() + Duration::minutes(4))
        .unwrap();
    record(&mut store, &new_learner, &module, &attempt);
    let later = parse(&document(&store, &course, &Filter::default()));
    assert!(later.len() > statements.len());
    for statement in &statements {
        assert!(later.contains(statement), "{} changed", statement["id"]);
    }
}

#[test]
fn statements_name_no_one_and_carry_no_email_address() {
    let dir = tempfile::tempdir().unwrap();
    let (store, course) = demo_store(dir.path(), 10);
    let bytes = document(&store, &course, &Filter::default());
    let text = String::from_utf8(bytes.clone()).unwrap();
    for learner in store.learners().unwrap() {
        assert!(
            !text.contains(&learner.display_name),
            "{} is named in the statements",
            learner.display_name
        );
        assert!(!text.contains(&learner.id), "the opaque learner id leaks");
    }
    for needle in ["mbox", "mailto:", "openid"] {
        assert!(!text.contains(needle), "statements carry `{needle}`");
    }
    let employee_ids: HashSet<String> = store
        .learners()
        .unwrap()
        .into_iter()
        .map(|l| l.employee_id)
        .collect();
    for statement in parse(&bytes) {
        let actor = &statement["actor"];
        assert_eq!(actor["objectType"], "Agent");
        assert_eq!(actor.as_object().unwrap().len(), 2, "{actor}");
        assert_eq!(actor["account"]["homePage"], "https://hr.example.org");
        assert_eq!(actor["account"].as_object().unwrap().len(), 2, "{actor}");
        assert!(employee_ids.contains(actor["account"]["name"].as_str().unwrap()));
    }
}

#[test]
fn statements_built_when_finishing_equal_those_built_from_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(dir.path(), t0()).unwrap();
    let sari = learner(&mut store, "E-1", "Sari Wulandari");
    let mut total = 0;
    for (module, attempt) in [finished_kinds(3, true), finished_scenarios(4)] {
        let outcome = attempt.outcome(&module);
        // Times with sub-millisecond parts, as a real clock gives them.
        let mut attempt = attempt;
        attempt.started += Duration::nanoseconds(123_456);
        attempt.finished = attempt.finished.map(|f| f + Duration::nanoseconds(987_654));
        let before = AttemptRecord::of_finished(&sari.id, &attempt, &module, &outcome).unwrap();
        let queued: Vec<(Uuid, String)> =
            xapi::attempt_statements(&before, &sari, Some(&module), &config())
                .iter()
                .map(xapi::Statement::to_outbox)
                .collect();
        store
            .record_finished(&sari.id, &attempt, &module, &outcome, &queued, t0())
            .unwrap();
        let stored = store.attempt(attempt.id).unwrap().unwrap();
        assert_eq!(
            before, stored,
            "the record built at finish differs from the stored one"
        );
        let rebuilt: Vec<(Uuid, String)> =
            xapi::attempt_statements(&stored, &sari, Some(&module), &config())
                .iter()
                .map(xapi::Statement::to_outbox)
                .collect();
        assert_eq!(queued, rebuilt);
        total += queued.len();
    }
    let outbox = store.outbox_statements().unwrap();
    // kinds: 4 answered, completed, passed; scenarios: 2 + 4 steps, 2 answered, 2 more.
    assert_eq!(total, 6 + 10);
    assert_eq!(outbox.len(), total);
    assert!(outbox.iter().all(|(_, _, sent)| !sent));
}

#[test]
fn a_passed_attempt_is_passed_completed_and_answered_question_by_question() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(dir.path(), t0()).unwrap();
    let sari = learner(&mut store, "E-1", "Sari Wulandari");
    let (module, attempt) = finished_kinds(5, true);
    let statements = record(&mut store, &sari, &module, &attempt);
    let verbs_seen: Vec<&str> = statements.iter().map(verb).collect();
    assert_eq!(
        verbs_seen,
        [
            verbs::ANSWERED,
            verbs::ANSWERED,
            verbs::ANSWERED,
            verbs::ANSWERED,
            verbs::COMPLETED,
            verbs::PASSED
        ]
    );
    let module_iri = "https://hr.example.org/xapi/modules/kinds";
    let passed = &statements[5];
    assert_eq!(passed["object"]["id"], module_iri);
    assert_eq!(
        passed["object"]["definition"]["type"],
        "http://adlnet.gov/expapi/activities/assessment"
    );
    assert_eq!(
        passed["object"]["definition"]["name"]["id"],
        module.title.get("id")
    );
    let result = &passed["result"];
    assert_eq!(result["success"], true);
    assert_eq!(result["completion"], true);
    assert_eq!(result["duration"], "PT3M30.45S");
    assert_eq!(result["score"]["min"], 0);
    assert_eq!(result["score"]["scaled"], 1.0);
    assert_eq!(result["score"]["raw"], result["score"]["max"]);
    assert_eq!(passed["timestamp"], "2026-11-29T09:03:30.456Z");
    assert_eq!(passed["version"], "1.0.3");
    let context = &passed["context"];
    assert_eq!(context["registration"], attempt.id.to_string());
    assert_eq!(context["language"], "id");
    assert_eq!(
        context["extensions"]["https://hr.example.org/xapi/extensions/content-revision"],
        module.revision.0
    );
    assert_eq!(statements[4]["result"]["completion"], true);

    let by_question = |q: &str| {
        statements
            .iter()
            .find(|s| s["object"]["id"] == format!("{module_iri}/questions/{q}"))
            .unwrap()
    };
    let single = by_question("single");
    assert_eq!(single["object"]["definition"]["interactionType"], "choice");
    assert_eq!(
        single["object"]["definition"]["correctResponsesPattern"],
        serde_json::json!(["hr"])
    );
    assert_eq!(single["result"]["response"], "hr");
    assert_eq!(
        single["context"]["contextActivities"]["parent"][0]["id"],
        module_iri
    );
    let partial = by_question("partial");
    assert_eq!(
        partial["object"]["definition"]["correctResponsesPattern"],
        serde_json::json!(["urgent[,]link[,]sender"])
    );
    assert_eq!(partial["result"]["response"], "urgent[,]link[,]sender");
    assert_eq!(
        partial["object"]["definition"]["choices"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
    let truefalse = by_question("truefalse");
    assert_eq!(
        truefalse["object"]["definition"]["interactionType"],
        "true-false"
    );
    assert_eq!(
        truefalse["object"]["definition"]["correctResponsesPattern"],
        serde_json::json!(["true"])
    );
    assert_eq!(truefalse["result"]["response"], "true");
    assert_eq!(truefalse["result"]["success"], true);

    let (module, attempt) = finished_kinds(6, false);
    let failed = record(&mut store, &sari, &module, &attempt);
    let last = failed.last().unwrap();
    assert_eq!(verb(last), verbs::FAILED);
    assert_eq!(last["result"]["success"], false);
    assert_ne!(
        by_question("single")["id"],
        failed[0]["id"],
        "ids differ by attempt"
    );
}

#[test]
fn each_choice_in_a_scenario_is_a_responded_statement_ending_where_it_ended() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(dir.path(), t0()).unwrap();
    let sari = learner(&mut store, "E-1", "Sari Wulandari");
    let (module, attempt) = finished_scenarios(7);
    let statements = record(&mut store, &sari, &module, &attempt);
    let stored = store.attempt(attempt.id).unwrap().unwrap();
    for response in &stored.responses {
        let question_iri = format!(
            "https://hr.example.org/xapi/modules/scenarios/questions/{}",
            response.question_id
        );
        let steps: Vec<&Value> = statements
            .iter()
            .filter(|s| {
                verb(s) == verbs::RESPONDED
                    && s["context"]["contextActivities"]["parent"][0]["id"] == question_iri
            })
            .collect();
        assert_eq!(steps.len(), response.path.len(), "{}", response.question_id);
        for (n, (statement, step)) in steps.iter().zip(&response.path).enumerate() {
            assert_eq!(
                statement["object"]["id"],
                format!("{question_iri}/nodes/{}", step.node)
            );
            assert_eq!(statement["result"]["response"], step.choice.as_str());
            let extensions = &statement["context"]["extensions"];
            assert_eq!(extensions["https://hr.example.org/xapi/extensions/step"], n);
            assert_eq!(
                statement["id"],
                xapi::statement_id(
                    attempt.id,
                    &format!("scenario/{}/{n}", response.question_id)
                )
                .to_string()
            );
        }
        let last = steps.last().unwrap();
        assert_eq!(
            last["result"]["extensions"]["https://hr.example.org/xapi/extensions/reached"],
            response.ending.clone().unwrap()
        );
        let answered = statements
            .iter()
            .find(|s| verb(s) == verbs::ANSWERED && s["object"]["id"] == question_iri)
            .unwrap();
        assert_eq!(
            answered["result"]["response"],
            response.ending.clone().unwrap()
        );
        assert_eq!(answered["object"]["definition"]["interactionType"], "other");
    }
}

#[test]
fn the_filter_chooses_whose_and_which_modules_statements_are_exported() {
    let dir = tempfile::tempdir().unwrap();
    let (store, course) = demo_store(dir.path(), 8);
    let module = course.modules[2].id.clone();
    let filter = Filter {
        module: Some(module.clone()),
        ..Filter::default()
    };
    let statements = parse(&document(&store, &course, &filter));
    assert!(!statements.is_empty());
    let prefix = format!("https://hr.example.org/xapi/modules/{module}");
    for statement in &statements {
        assert!(
            statement["object"]["id"]
                .as_str()
                .unwrap()
                .starts_with(&prefix),
            "{}",
            statement["object"]["id"]
        );
    }
    let nobody = Filter {
        department: Some("No such department".to_owned()),
        ..Filter::default()
    };
    assert_eq!(
        parse(&document(&store, &course, &nobody)),
        Vec::<Value>::new()
    );
}

#[test]
fn spot_the_leak_ordering_and_matching_answers_take_their_documented_forms() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(dir.path(), t0()).unwrap();
    let sari = learner(&mut store, "E-1", "Sari Wulandari");
    let (module, attempt) = finished_practice(5, true);
    let statements = record(&mut store, &sari, &module, &attempt);
    let answered = |question: &str| -> &Value {
        statements
            .iter()
            .find(|s| {
                verb(s) == verbs::ANSWERED
                    && s["object"]["id"]
                        .as_str()
                        .is_some_and(|id| id.ends_with(&format!("/questions/{question}")))
            })
            .expect("answered")
    };
    let email = answered("email");
    let definition = &email["object"]["definition"];
    assert_eq!(definition["interactionType"], "choice");
    assert_eq!(definition["correctResponsesPattern"][0], "cc[,]attachment");
    assert_eq!(
        definition["choices"][2]["description"]["id"], "Cc: all-customers@example.co.id",
        "a segment is described as its label and text"
    );
    assert_eq!(email["result"]["response"], "cc[,]attachment");

    let breach = answered("breach");
    let definition = &breach["object"]["definition"];
    assert_eq!(definition["interactionType"], "sequencing");
    let right = "contain[,]assess[,]notify[,]review";
    assert_eq!(definition["correctResponsesPattern"][0], right);
    assert_eq!(breach["result"]["response"], right);
    assert_eq!(breach["result"]["score"]["raw"], 2);

    let categories = answered("categories");
    let definition = &categories["object"]["definition"];
    assert_eq!(definition["interactionType"], "matching");
    assert_eq!(definition["source"].as_array().map(Vec::len), Some(4));
    assert_eq!(definition["target"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        definition["correctResponsesPattern"][0],
        "name[.]general[,]health[.]specific[,]religion[.]general[,]biometric[.]specific"
    );
    let response = categories["result"]["response"].as_str().unwrap();
    let mut pairs: Vec<&str> = response.split("[,]").collect();
    pairs.sort_unstable();
    assert_eq!(
        pairs,
        [
            "biometric[.]specific",
            "health[.]specific",
            "name[.]general",
            "religion[.]general"
        ]
    );
    assert_eq!(categories["result"]["success"], true);
}
