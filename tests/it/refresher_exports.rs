//! Refresher results leaving the machine: each answer is an xAPI `answered` statement
//! marked by the refresher extension and queued with the answer, the sender's queue
//! carries them, the completion report (CSV, JSON, XLSX) gains refresher columns with
//! numbers checked by hand, and results bundles carry refreshers and import them once.
//! On real SQLite files, with a fixed clock, driven through the engine and the store as
//! the window drives them.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly on a broken fixture"
)]

use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use jaga::bundle::{self, Conflict};
use jaga::content::Course;
use jaga::lrs::{self, LrsConfig};
use jaga::report::export::{Existing, ExportContext, ExportFormat, export};
use jaga::report::xapi;
use jaga::report::{self, Completion, Dataset, Filter};
use jaga::store::{self, Store};
use serde_json::Value;
use uuid::Uuid;

use crate::refreshers::{course_of, learner, take_refresher};
use crate::support::{finished_kinds, t0};

/// The extension IRI of the test's settings (the home page is the activity base).
const REFRESHER_EXTENSION: &str = "https://hr.example.org/xapi/extensions/refresher";

fn open(dir: &Path) -> Store {
    Store::open(dir, t0()).expect("open").0
}

/// The first refresher: the day after the failed attempt.
fn first_refresher() -> DateTime<Utc> {
    t0() + Duration::days(1) + Duration::hours(2)
}

/// The second: forty days on, when every question is due again.
fn second_refresher() -> DateTime<Utc> {
    t0() + Duration::days(40)
}

/// When reports are made.
fn report_time() -> DateTime<Utc> {
    t0() + Duration::days(41)
}

/// A machine where `E-1` failed the four questions of the `kinds` module at `t0`, then
/// answered all four right in a refresher the next day and all four wrong forty days
/// later; `E-2` has done nothing. Returns the course and E-1's id.
fn seeded(store: &mut Store) -> (Course, String) {
    let who = learner(store, "E-1");
    learner(store, "E-2");
    let (module, attempt) = finished_kinds(5, false);
    let course = course_of(module.clone());
    let outcome = attempt.outcome(&module);
    store
        .record_finished(&who, &attempt, &module, &outcome, &[], t0())
        .unwrap();
    let moved = take_refresher(store, &course, &who, first_refresher(), true);
    assert_eq!(moved.len(), 4, "the four failed questions come back");
    let moved = take_refresher(store, &course, &who, second_refresher(), false);
    assert_eq!(moved.len(), 4, "and all four again forty days on");
    (course, who)
}

fn deliver_to_example_lrs(store: &mut Store, course: &Course) {
    lrs::configure(
        store,
        &LrsConfig {
            endpoint: "https://lrs.example.org/xapi".to_owned(),
            key: Some("jaga-test-key".to_owned()),
            secret: Some("right-secret-0451".to_owned()),
            home_page: Some("https://hr.example.org".to_owned()),
            activity_base: None,
        },
        course,
        t0(),
    )
    .unwrap();
}

// ---- xAPI ---------------------------------------------------------------------------------

#[test]
fn a_refresher_answer_is_queued_as_an_answered_statement_marked_as_a_refresher() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let who = learner(&mut store, "E-1");
    let (module, attempt) = finished_kinds(5, false);
    let course = course_of(module.clone());
    let outcome = attempt.outcome(&module);
    store
        .record_finished(&who, &attempt, &module, &outcome, &[], t0())
        .unwrap();
    deliver_to_example_lrs(&mut store, &course);
    let graded = store.outbox_statements().unwrap().len();
    assert!(graded > 0, "the attempt's statements were queued");

    take_refresher(&mut store, &course, &who, first_refresher(), true);
    let queued = store.refresher_outbox_statements().unwrap();
    assert_eq!(queued.len(), 4, "one statement per answer, queued with it");
    let run = store.refreshers(&who).unwrap().remove(0);
    let config = lrs::export_config(&store).unwrap();
    let person = store.learner(&who).unwrap();
    // Built again from the stored answers, they are the statements queued.
    let built = xapi::refresher_statements(&run, &person, Some(&course), &config);
    assert_eq!(built.len(), 4);
    for (n, (statement, (id, json, sent))) in built.iter().zip(&queued).enumerate() {
        assert_eq!(statement.id, *id);
        assert_eq!(statement.id, xapi::refresher_statement_id(run.id, n));
        assert_eq!(statement.json, serde_json::from_str::<Value>(json).unwrap());
        assert!(!sent);
        let answer = &run.answers[n];
        let json = &statement.json;
        assert_eq!(
            json["verb"]["id"],
            "http://adlnet.gov/expapi/verbs/answered"
        );
        assert_eq!(json["actor"]["account"]["name"], "E-1");
        assert_eq!(
            json["object"]["id"],
            config.question_iri(&module.id, &answer.question_id)
        );
        assert!(
            json["object"]["definition"]["name"].is_object(),
            "the question is described"
        );
        assert_eq!(json["result"]["success"], true);
        assert_eq!(json["timestamp"], store::ts(first_refresher()));
        let context = &json["context"];
        assert_eq!(context["registration"], run.id.to_string());
        assert_eq!(
            context["contextActivities"]["parent"][0]["id"],
            config.module_iri(&module.id)
        );
        assert_eq!(
            context["extensions"][REFRESHER_EXTENSION],
            serde_json::json!({
                "position": n,
                "recall": "recalled",
                "days_since_pass": null,
                "next_due": store::ts(answer.next_due),
            })
        );
    }
    // The sender's counts include them.
    assert_eq!(store.outbox_counts().unwrap().pending, graded + 4);
    // And `jaga export --format xapi` gives the very same statements after the graded ones.
    let data = Dataset::load(&store).unwrap();
    let rows = report::completions(&course, &data, "en", report_time());
    let document =
        xapi::export_document(&store, &course, &rows.iter().collect::<Vec<_>>(), &config).unwrap();
    let exported: Vec<Value> = serde_json::from_slice(&document).unwrap();
    assert_eq!(exported.len(), graded + 4);
    for (statement, built) in exported[graded..].iter().zip(&built) {
        assert_eq!(statement, &built.json);
    }
}

#[test]
fn refresher_statements_wait_in_the_senders_queue_and_are_marked_sent_like_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let (course, _) = seeded(&mut store);
    // Answered while delivery was off: turning it on queues a statement for each answer.
    assert_eq!(store.refresher_outbox_statements().unwrap().len(), 0);
    assert_eq!(
        store.count_refresher_answers_without_statements().unwrap(),
        8
    );
    deliver_to_example_lrs(&mut store, &course);
    assert_eq!(
        store.count_refresher_answers_without_statements().unwrap(),
        0
    );
    let refresher_ids: Vec<Uuid> = store
        .refresher_outbox_statements()
        .unwrap()
        .iter()
        .map(|(id, _, _)| *id)
        .collect();
    assert_eq!(refresher_ids.len(), 8);
    let graded = store.outbox_statements().unwrap().len();
    let pending = store.pending_statements(10_000).unwrap();
    assert_eq!(pending.len(), graded + 8, "graded first, then refreshers");
    let pending_ids: Vec<Uuid> = pending.iter().map(|s| s.id).collect();
    assert_eq!(pending_ids[graded..], refresher_ids[..]);
    // A passing failure is noted on them like on graded statements.
    store
        .note_delivery_failure(&refresher_ids[..2], "LRS down", report_time())
        .unwrap();
    assert_eq!(
        store.last_delivery_error().unwrap().as_deref(),
        Some("LRS down")
    );
    let sent = store
        .mark_statements_sent(&pending_ids, report_time())
        .unwrap();
    assert_eq!(sent, graded + 8);
    assert!(store.pending_statements(10).unwrap().is_empty());
    assert!(
        store
            .refresher_outbox_statements()
            .unwrap()
            .iter()
            .all(|(_, _, sent)| *sent)
    );
    let counts = store.outbox_counts().unwrap();
    assert_eq!((counts.pending, counts.sent), (0, graded + 8));
    // Backfilling again queues nothing new.
    let config = lrs::export_config(&store).unwrap();
    let again = lrs::backfill(&mut store, &course, &config, report_time()).unwrap();
    assert_eq!(again, lrs::Backfilled::default());
}

// ---- The completion report ----------------------------------------------------------------

fn refresher_columns(row: &Completion) -> (usize, usize, Option<DateTime<Utc>>) {
    (
        row.refresher_answers,
        row.refresher_right,
        row.last_refresher,
    )
}

#[test]
fn the_report_counts_refresher_answers_per_learner_and_module_and_leaves_graded_columns_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let who = learner(&mut store, "E-1");
    learner(&mut store, "E-2");
    let (module, attempt) = finished_kinds(5, false);
    let course = course_of(module.clone());
    let outcome = attempt.outcome(&module);
    store
        .record_finished(&who, &attempt, &module, &outcome, &[], t0())
        .unwrap();
    let before = report::completions(
        &course,
        &Dataset::load(&store).unwrap(),
        "en",
        report_time(),
    );
    take_refresher(&mut store, &course, &who, first_refresher(), true);
    take_refresher(&mut store, &course, &who, second_refresher(), false);
    let after = report::completions(
        &course,
        &Dataset::load(&store).unwrap(),
        "en",
        report_time(),
    );

    // By hand: 4 answers right the next day, 4 wrong forty days on.
    let e1 = after.iter().find(|r| r.employee_id == "E-1").unwrap();
    assert_eq!(refresher_columns(e1), (8, 4, Some(second_refresher())));
    let e2 = after.iter().find(|r| r.employee_id == "E-2").unwrap();
    assert_eq!(refresher_columns(e2), (0, 0, None));
    // Every other column is as it was before any refresher.
    for (was, is) in before.iter().zip(&after) {
        let mut is = is.clone();
        is.refresher_answers = 0;
        is.refresher_right = 0;
        is.last_refresher = None;
        assert_eq!(was, &is);
    }
    assert_eq!(e1.status_key, "failed");
    assert_eq!(e1.attempts, 1);
    // The streamed rows (what exports write) agree with the rows read whole (which also
    // list the days of attempts, read by streams only for date filters).
    let scope = report::rows::RowScope::report(&course, "en", report_time());
    let mut streamed = Vec::new();
    report::rows::each_row(&store, &scope, &Filter::default(), &mut |row| {
        streamed.push(row.clone());
        Ok::<(), store::StoreError>(())
    })
    .unwrap();
    let mut whole = after.clone();
    for row in &mut whole {
        row.activity_days.clear();
    }
    assert_eq!(streamed, whole);
}

fn export_to(store: &Store, course: &Course, format: ExportFormat, path: &Path) {
    let config = xapi::XapiConfig::default();
    let context = ExportContext {
        course,
        filter: &Filter::default(),
        lang: "en",
        generated_at: report_time(),
        bom: false,
        store,
        xapi: &config,
        existing: Existing::Replace,
        stop: None,
    };
    export(format, &context, path).unwrap();
}

#[test]
fn csv_json_and_xlsx_carry_the_refresher_columns_with_the_hand_counted_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("data"));
    let (course, _) = seeded(&mut store);
    let out = dir.path();
    let last = "2027-01-08T09:00:00Z";
    assert_eq!(store::ts(second_refresher()).replace(".000", ""), last);

    export_to(&store, &course, ExportFormat::Csv, &out.join("r.csv"));
    let mut csv = ::csv::Reader::from_path(out.join("r.csv")).unwrap();
    let header: Vec<String> = csv.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(
        header[header.len() - 3..],
        ["refresher_answers", "refresher_right", "last_refresher"]
    );
    let rows: Vec<Vec<String>> = csv
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let tail = |employee: &str| -> Vec<String> {
        let row = rows.iter().find(|r| r[0] == employee).unwrap();
        row[row.len() - 3..].to_vec()
    };
    assert_eq!(tail("E-1"), ["8", "4", last]);
    assert_eq!(tail("E-2"), ["0", "0", ""]);

    export_to(&store, &course, ExportFormat::Json, &out.join("r.json"));
    let document: Value =
        serde_json::from_slice(&std::fs::read(out.join("r.json")).unwrap()).unwrap();
    let row = |employee: &str| {
        document["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["employee_id"] == employee)
            .unwrap()
            .clone()
    };
    let e1 = row("E-1");
    assert_eq!(
        (
            &e1["refresher_answers"],
            &e1["refresher_right"],
            &e1["last_refresher"]
        ),
        (&Value::from(8), &Value::from(4), &Value::from(last))
    );
    let e2 = row("E-2");
    assert_eq!(e2["refresher_answers"], 0);
    assert_eq!(e2["last_refresher"], Value::Null);
    // The JSON rows have the CSV's columns as fields, in its order.
    let text = std::fs::read_to_string(out.join("r.json")).unwrap();
    let at = |name: &str| text.find(&format!("\"{name}\":")).unwrap();
    assert!(at("track_title") < at("refresher_answers"));
    assert!(at("refresher_answers") < at("refresher_right"));
    assert!(at("refresher_right") < at("last_refresher"));
    let mut keys: Vec<&String> = e1.as_object().unwrap().keys().collect();
    let mut columns: Vec<&String> = header.iter().collect();
    keys.sort();
    columns.sort();
    assert_eq!(keys, columns);

    export_to(&store, &course, ExportFormat::Xlsx, &out.join("r.xlsx"));
    let book = crate::exports::read_with_python(crate::exports::READ_XLSX, &out.join("r.xlsx"));
    let sheet = book["Completions"]["rows"].as_array().unwrap();
    let names: Vec<&Value> = sheet[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["v"])
        .collect();
    assert_eq!(serde_json::json!(names), serde_json::json!(header));
    let column = |name: &str| header.iter().position(|c| c == name).unwrap();
    let cells = sheet
        .iter()
        .find(|r| r[0]["v"] == "E-1")
        .unwrap()
        .as_array()
        .unwrap();
    assert_eq!(cells[column("refresher_answers")]["v"], 8);
    assert_eq!(cells[column("refresher_right")]["v"], 4);
    let last_cell = &cells[column("last_refresher")];
    assert_eq!(last_cell["py"], "datetime");
    assert_eq!(last_cell["v"], "2027-01-08T09:00:00");
    assert_eq!(last_cell["format"], "yyyy-mm-dd hh:mm:ss \"UTC\"");
}

// ---- Bundles ------------------------------------------------------------------------------

#[test]
fn a_bundle_carries_refreshers_with_their_answers_and_importing_it_again_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (laptop_dir, manager_dir) = (dir.path().join("laptop"), dir.path().join("manager"));
    let mut laptop = open(&laptop_dir);
    let (course, who) = seeded(&mut laptop);
    let file = dir.path().join("results.jsonl.gz");
    let written = bundle::write(
        &mut laptop,
        &file,
        Existing::Replace,
        Uuid::new_v4(),
        report_time(),
    )
    .unwrap();
    assert_eq!((written.attempts, written.refreshers), (1, 2));
    let lines = crate::bundle::read_lines(&file);
    assert_eq!(lines[0]["version"], bundle::VERSION);
    assert_eq!(crate::bundle::records(&lines, "refresher").len(), 2);
    assert_eq!(lines.last().unwrap()["end"]["refreshers"], 2);

    let mut manager = open(&manager_dir);
    let first = bundle::import_file(&mut manager, &file, Some(&course), report_time()).unwrap();
    assert_eq!((first.refreshers_added, first.refreshers_present), (2, 0));
    assert!(first.conflicts.is_empty(), "{:?}", first.conflicts);
    let here = manager.learner_by_employee_id("E-1").unwrap().unwrap();
    let mut carried = manager.refreshers(&here.id).unwrap();
    let mut original = laptop.refreshers(&who).unwrap();
    for r in carried.iter_mut().chain(original.iter_mut()) {
        r.learner_id.clear();
    }
    assert_eq!(carried, original, "the refreshers arrive as they were");
    // The review queue is the laptop's own schedule: it does not travel.
    assert!(!laptop.review_items(&who).unwrap().is_empty());
    assert!(manager.review_items(&here.id).unwrap().is_empty());
    // The manager's report shows the same refresher numbers.
    let rows = report::completions(
        &course,
        &Dataset::load(&manager).unwrap(),
        "en",
        report_time(),
    );
    let e1 = rows.iter().find(|r| r.employee_id == "E-1").unwrap();
    assert_eq!(refresher_columns(e1), (8, 4, Some(second_refresher())));

    let again = bundle::import_file(&mut manager, &file, Some(&course), report_time()).unwrap();
    assert_eq!((again.refreshers_added, again.refreshers_present), (0, 2));
    assert!(again.changed_nothing());
    assert!(again.conflicts.is_empty());
    assert_eq!(manager.refreshers(&here.id).unwrap().len(), 2);
}

#[test]
fn a_bundled_refresher_stored_with_other_answers_is_a_conflict_and_the_stored_one_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut laptop = open(&dir.path().join("laptop"));
    let (course, _) = seeded(&mut laptop);
    let file = dir.path().join("results.jsonl.gz");
    bundle::write(
        &mut laptop,
        &file,
        Existing::Replace,
        Uuid::new_v4(),
        report_time(),
    )
    .unwrap();
    let mut manager = open(&dir.path().join("manager"));
    bundle::import_file(&mut manager, &file, Some(&course), report_time()).unwrap();
    let here = manager.learner_by_employee_id("E-1").unwrap().unwrap();
    let stored = manager.refreshers(&here.id).unwrap();

    // The same refresher id with an answer given a minute later.
    let edited = dir.path().join("edited.jsonl.gz");
    let mut changed = Uuid::nil();
    crate::bundle::rewrite(&file, &edited, |lines| {
        let refresher = lines
            .iter_mut()
            .find_map(|l| l.get_mut("refresher"))
            .unwrap();
        let answered = store::parse_ts(refresher["answers"][0]["answered_at"].as_str().unwrap());
        refresher["answers"][0]["answered_at"] =
            Value::from(store::ts(answered.unwrap() + Duration::minutes(1)));
        changed = refresher["id"].as_str().unwrap().parse().unwrap();
    });
    let report = bundle::import_file(&mut manager, &edited, Some(&course), report_time()).unwrap();
    assert_eq!((report.refreshers_added, report.refreshers_present), (0, 1));
    assert!(
        matches!(
            report.conflicts.as_slice(),
            [Conflict::Refresher { refresher_id, employee_id }]
                if *refresher_id == changed && employee_id == "E-1"
        ),
        "{:?}",
        report.conflicts
    );
    assert_eq!(manager.refreshers(&here.id).unwrap(), stored);
}

#[test]
fn a_version_2_bundle_still_imports_and_one_with_a_refresher_line_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut laptop = open(&dir.path().join("laptop"));
    let (course, _) = seeded(&mut laptop);
    let file = dir.path().join("results.jsonl.gz");
    bundle::write(
        &mut laptop,
        &file,
        Existing::Replace,
        Uuid::new_v4(),
        report_time(),
    )
    .unwrap();

    // As an earlier Jaga wrote it: version 2, no refresher lines.
    let old = dir.path().join("v2.jsonl.gz");
    crate::bundle::rewrite(&file, &old, |lines| {
        lines[0]["version"] = 2.into();
        lines.retain(|l| l.get("refresher").is_none());
    });
    let mut manager = open(&dir.path().join("manager"));
    let report = bundle::import_file(&mut manager, &old, Some(&course), report_time()).unwrap();
    assert_eq!((report.attempts_added, report.refreshers_added), (1, 0));

    // Version 2 with a refresher line is not a bundle any Jaga wrote.
    let odd = dir.path().join("odd.jsonl.gz");
    crate::bundle::rewrite(&file, &odd, |lines| lines[0]["version"] = 2.into());
    let mut other = open(&dir.path().join("other"));
    let error = bundle::import_file(&mut other, &odd, Some(&course), report_time()).unwrap_err();
    assert!(error.to_string().contains("version 2"), "{error}");
    assert!(other.learners().unwrap().is_empty(), "nothing was imported");
}

#[test]
fn the_refresher_columns_are_counted_from_one_index_range_without_a_sort() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    seeded(&mut store);
    let query = jaga::store::plans::hot_queries()
        .into_iter()
        .find(|q| q.path == "report: a learner's refresher answers per module")
        .unwrap();
    let plan = store.query_plan(&query.sql).unwrap().join(" / ");
    assert!(
        plan.contains("USING COVERING INDEX refresher_answers_by_pair"),
        "{plan}"
    );
    assert!(!plan.contains("TEMP B-TREE"), "{plan}");
}
