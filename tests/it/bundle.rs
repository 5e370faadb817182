//! Results bundles, through the real `jaga` binary and the library: a bundle recreates
//! every row on the manager's machine, a repeat import changes nothing, damaged or
//! tampered bundles are rejected with nothing written, conflicts are reported, and a
//! SIGKILL during an import leaves the store as before or wholly imported, never half.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly on a broken fixture"
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use jaga::bundle::{
    Bundle, BundleError, Conflict, Inconsistency, Problem, Subject, import, payload_sha256,
};
use jaga::content::{Course, load_bundled};
use jaga::engine::{Attempt, Mode};
use jaga::store::{Learner, NewLearner, Store};
use rand::{RngExt as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;
use uuid::Uuid;

use crate::support::{answer_all, path, t0, text};

// ---- Helpers -------------------------------------------------------------------------

fn jaga(args: &[&str]) -> Output {
    crate::support::jaga_command()
        .args(args)
        .output()
        .expect("the jaga binary runs")
}

fn course() -> Course {
    load_bundled().course
}

fn open(dir: &Path) -> Store {
    Store::open(dir, Utc::now()).expect("store opens").0
}

/// Every row of every table, as text, sorted: two stores with the same snapshot hold
/// exactly the same data.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<String>> {
    let store = open(dir);
    let conn = store.conn();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut all = BTreeMap::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |row| {
                let values: Vec<String> = (0..columns)
                    .map(|i| format!("{:?}", row.get::<_, rusqlite::types::Value>(i).unwrap()))
                    .collect();
                Ok(values.join("|"))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        all.insert(table, rows);
    }
    all
}

/// Row counts per table, for readable assertion messages.
fn counts(snapshot: &BTreeMap<String, Vec<String>>) -> BTreeMap<&str, usize> {
    snapshot
        .iter()
        .map(|(t, rows)| (t.as_str(), rows.len()))
        .collect()
}

/// A learner of this machine.
fn person(store: &mut Store, employee_id: &str, name: &str, department: Option<&str>) -> Learner {
    store
        .create_learner(
            &NewLearner {
                employee_id: employee_id.to_owned(),
                display_name: name.to_owned(),
                department: department.map(str::to_owned),
            },
            Uuid::new_v4(),
            t0(),
        )
        .unwrap()
}

/// Records a finished graded attempt of `module_id` started at `when`.
fn take(
    store: &mut Store,
    course: &Course,
    learner: &Learner,
    module_id: &str,
    when: DateTime<Utc>,
    well: bool,
) -> Uuid {
    let module = course.module(module_id).unwrap();
    let mut attempt = Attempt::start(
        module,
        Uuid::new_v4(),
        when.timestamp().unsigned_abs(),
        "id",
        Mode::Graded,
        when,
    );
    answer_all(module, &mut attempt, well);
    let outcome = attempt
        .finish(module, when + chrono::Duration::minutes(12))
        .unwrap();
    assert_eq!(outcome.passed, well, "{module_id}: {outcome:?}");
    store
        .record_finished(&learner.id, &attempt, module, &outcome, &[], when)
        .unwrap();
    attempt.id
}

/// A machine with the given learners, each with a pass and a failed attempt.
fn machine(dir: &Path, people: &[(&str, &str, Option<&str>)]) {
    let course = course();
    let mut store = open(dir);
    for (n, (employee_id, name, department)) in people.iter().enumerate() {
        let learner = person(&mut store, employee_id, name, *department);
        let day = t0() - chrono::Duration::days(30 - i64::try_from(n).unwrap());
        take(&mut store, &course, &learner, "data-security", day, false);
        take(
            &mut store,
            &course,
            &learner,
            "data-security",
            day + chrono::Duration::hours(1),
            true,
        );
        take(
            &mut store,
            &course,
            &learner,
            "everyday-leak-risks",
            day + chrono::Duration::hours(2),
            true,
        );
    }
}

/// `jaga bundle --data DIR --out FILE`, which must succeed.
fn bundle(data: &Path, out: &Path) {
    let output = jaga(&["bundle", "--data", path(data), "--out", path(out)]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout).trim(), path(out));
}

fn import_cli(data: &Path, files: &[&Path]) -> Output {
    let mut args = vec!["import", "--data", path(data)];
    args.extend(files.iter().map(|f| path(f)));
    jaga(&args)
}

fn read_json(file: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap()
}

fn write_json(file: &Path, value: &Value) {
    std::fs::write(file, serde_json::to_vec_pretty(value).unwrap()).unwrap();
}

fn table<'a>(snapshot: &'a BTreeMap<String, Vec<String>>, name: &str) -> &'a [String] {
    snapshot.get(name).map_or(&[], Vec::as_slice)
}

// ---- Round trip and idempotency --------------------------------------------------------

#[test]
fn a_bundle_recreates_every_row_and_importing_it_again_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, file) = (
        dir.path().join("A"),
        dir.path().join("B"),
        dir.path().join("a.json"),
    );
    let made = jaga(&[
        "demo-data",
        "--data",
        path(&a),
        "--learners",
        "25",
        "--seed",
        "3",
    ]);
    assert_eq!(made.status.code(), Some(0), "{}", text(&made.stderr));
    bundle(&a, &file);

    let first = import_cli(&b, &[&file]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let out = text(&first.stdout);
    assert!(out.contains("25 learners added"), "{out}");
    assert!(out.contains(" 0 already present, 0 conflicts"), "{out}");

    let on_a = snapshot(&a);
    let on_b = snapshot(&b);
    for name in ["learners", "attempts", "responses", "scenario_steps"] {
        assert!(!table(&on_a, name).is_empty(), "{name} is empty on A");
        assert_eq!(table(&on_a, name), table(&on_b, name), "{name} differs");
    }
    assert!(
        table(&on_b, "open_attempts").is_empty(),
        "open attempts travelled"
    );
    assert!(table(&on_b, "outbox").is_empty());

    let second = import_cli(&b, &[&file]);
    assert_eq!(second.status.code(), Some(0), "{}", text(&second.stderr));
    let attempts = table(&on_a, "attempts").len();
    let out = text(&second.stdout);
    assert!(
        out.contains(&format!(
            "0 learners added, 0 attempts added, {attempts} already present, 0 conflicts"
        )),
        "{out}"
    );
    assert_eq!(snapshot(&b), on_b, "the second import changed the store");
}

#[test]
fn open_attempts_are_left_out_and_the_bundle_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, file) = (
        dir.path().join("A"),
        dir.path().join("B"),
        dir.path().join("a.json"),
    );
    machine(&a, &[("EMP-1", "Sari Wulandari", Some("Keuangan"))]);
    {
        let mut store = open(&a);
        let learner = store.learner_by_employee_id("EMP-1").unwrap().unwrap();
        let course = course();
        let module = course.module("privacy-culture").unwrap();
        let attempt = Attempt::start(module, Uuid::new_v4(), 5, "id", Mode::Graded, t0());
        store.save_progress(&learner.id, &attempt, t0()).unwrap();
    }
    let output = jaga(&["bundle", "--data", path(&a), "--out", path(&file)]);
    assert_eq!(output.status.code(), Some(0));
    let err = text(&output.stderr);
    assert!(
        err.contains("bundled 1 learner and 3 finished attempts"),
        "{err}"
    );
    assert!(err.contains("1 open attempt is not bundled"), "{err}");
    let json = read_json(&file);
    assert_eq!(json["format"], "jaga-results-bundle");
    assert_eq!(json["version"], 1);
    assert_eq!(json["payload"]["attempts"].as_array().unwrap().len(), 3);
    assert!(!text(&std::fs::read(&file).unwrap()).contains("open_attempts"));

    assert_eq!(import_cli(&b, &[&file]).status.code(), Some(0));
    assert!(table(&snapshot(&b), "open_attempts").is_empty());
}

#[test]
fn the_machine_id_is_random_once_and_then_kept() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("A");
    machine(&a, &[("EMP-1", "Sari Wulandari", None)]);
    let (one, two) = (dir.path().join("1.json"), dir.path().join("2.json"));
    bundle(&a, &one);
    bundle(&a, &two);
    let machine = read_json(&one)["machine"].as_str().unwrap().to_owned();
    assert!(Uuid::parse_str(&machine).is_ok(), "{machine}");
    assert_eq!(read_json(&two)["machine"], machine.as_str());
}

// ---- Many machines into one ------------------------------------------------------------

#[test]
fn bundles_from_two_machines_merge_into_one_store_by_employee_id() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, m) = (
        dir.path().join("A"),
        dir.path().join("B"),
        dir.path().join("M"),
    );
    // Dewi trained on both laptops: two opaque ids, one employee.
    machine(
        &a,
        &[
            ("EMP-A1", "Budi Santoso", Some("TI")),
            ("EMP-S", "Dewi Lestari", Some("SDM")),
        ],
    );
    machine(
        &b,
        &[
            ("EMP-B1", "Rina Halim", None),
            ("EMP-S", "Dewi Lestari", Some("SDM")),
        ],
    );
    let (fa, fb) = (dir.path().join("a.json"), dir.path().join("b.json"));
    bundle(&a, &fa);
    bundle(&b, &fb);

    let output = import_cli(&m, &[&fa, &fb]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let out = text(&output.stdout);
    assert!(
        out.contains("a.json: 2 learners added, 6 attempts added"),
        "{out}"
    );
    assert!(
        out.contains("b.json: 1 learner added, 6 attempts added"),
        "{out}"
    );
    assert!(text(&output.stderr).contains("imported 2 of 2 bundles"));

    let store = open(&m);
    let learners = store.learners().unwrap();
    assert_eq!(learners.len(), 3);
    let dewi = store.learner_by_employee_id("EMP-S").unwrap().unwrap();
    let on_a = open(&a).learner_by_employee_id("EMP-S").unwrap().unwrap();
    assert_eq!(dewi.id, on_a.id, "the first bundle's profile is kept");
    let attempts = store.attempts(&dewi.id).unwrap();
    assert_eq!(attempts.len(), 6, "Dewi's attempts from both laptops");
    let from_b = open(&b);
    let dewi_b = from_b.learner_by_employee_id("EMP-S").unwrap().unwrap();
    for attempt in from_b.attempts(&dewi_b.id).unwrap() {
        let here = store
            .attempt(attempt.id)
            .unwrap()
            .expect("B's attempt is here");
        assert_eq!(here.learner_id, dewi.id);
        assert_eq!(here.responses, attempt.responses);
        assert_eq!(
            (here.score_raw, here.finished),
            (attempt.score_raw, attempt.finished)
        );
    }
}

// ---- Damaged and tampered bundles ----------------------------------------------------------

/// A manager's store that already holds one machine's results, and a second machine's
/// bundle to import.
fn manager_with_results(dir: &Path) -> (PathBuf, PathBuf) {
    let (a, b, m) = (dir.join("A"), dir.join("B"), dir.join("M"));
    machine(&a, &[("EMP-A1", "Budi Santoso", Some("TI"))]);
    machine(
        &b,
        &[
            ("EMP-B1", "Rina Halim", Some("Hukum")),
            ("EMP-B2", "Agus Siregar", None),
        ],
    );
    let (fa, fb) = (dir.join("a.json"), dir.join("b.json"));
    bundle(&a, &fa);
    bundle(&b, &fb);
    assert_eq!(import_cli(&m, &[&fa]).status.code(), Some(0));
    (m, fb)
}

#[test]
fn a_tampered_score_fails_the_checksum_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (m, fb) = manager_with_results(dir.path());
    let before = snapshot(&m);
    // Someone edits the file by hand: a failed attempt becomes a pass.
    let original = text(&std::fs::read(&fb).unwrap());
    assert!(original.contains("\"passed\": false"));
    let tampered = dir.path().join("tampered.json");
    std::fs::write(
        &tampered,
        original.replacen("\"passed\": false", "\"passed\": true", 1),
    )
    .unwrap();

    let output = import_cli(&m, &[&tampered]);
    assert_eq!(output.status.code(), Some(1));
    let err = text(&output.stderr);
    assert!(
        err.contains("tampered.json: rejected, nothing imported: checksum mismatch"),
        "{err}"
    );
    assert_eq!(snapshot(&m), before, "a rejected bundle wrote something");

    // A changed score, too.
    let mut json = read_json(&fb);
    json["payload"]["attempts"][0]["score_raw"] = Value::from("99");
    write_json(&tampered, &json);
    let output = import_cli(&m, &[&tampered, &fb]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "a rejection makes the exit code 1"
    );
    assert!(text(&output.stderr).contains("checksum mismatch"));
    let out = text(&output.stdout);
    assert!(
        out.contains("b.json: 2 learners added, 6 attempts added"),
        "the next file still imports: {out}"
    );
    assert!(text(&output.stderr).contains("imported 1 of 2 bundles, 1 rejected"));
}

#[test]
fn a_truncated_bundle_is_rejected_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (m, fb) = manager_with_results(dir.path());
    let before = snapshot(&m);
    let bytes = std::fs::read(&fb).unwrap();
    let cut = dir.path().join("cut.json");
    std::fs::write(&cut, &bytes[..bytes.len() * 3 / 5]).unwrap();
    let output = import_cli(&m, &[&cut]);
    assert_eq!(output.status.code(), Some(1));
    let err = text(&output.stderr);
    assert!(
        err.contains("cut.json: rejected, nothing imported: the file ends early"),
        "{err}"
    );
    assert_eq!(snapshot(&m), before);

    std::fs::write(&cut, b"").unwrap();
    assert!(text(&import_cli(&m, &[&cut]).stderr).contains("the file ends early"));
    assert_eq!(snapshot(&m), before);
}

#[test]
fn bad_json_another_format_or_a_newer_version_is_rejected_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (m, fb) = manager_with_results(dir.path());
    let before = snapshot(&m);
    let bad = dir.path().join("bad.json");
    let json = read_json(&fb);
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            b"{\"format\": \"jaga-results-bundle\",, }".to_vec(),
            "not valid JSON",
        ),
        (b"[1, 2, 3]".to_vec(), "not a Jaga results bundle"),
        (
            serde_json::to_vec(&{
                let mut j = json.clone();
                j["format"] = Value::from("jaga-learner-export");
                j
            })
            .unwrap(),
            "not a Jaga results bundle (its format is \"jaga-learner-export\"",
        ),
        (
            serde_json::to_vec(&{
                let mut j = json.clone();
                j["version"] = Value::from(2);
                j
            })
            .unwrap(),
            "bundle version 2 is not supported: this Jaga reads version 1",
        ),
        (
            serde_json::to_vec(&{
                let mut j = json.clone();
                j["sha256"] = Value::from("00");
                j
            })
            .unwrap(),
            "checksum mismatch",
        ),
    ];
    for (bytes, reason) in cases {
        std::fs::write(&bad, &bytes).unwrap();
        let output = import_cli(&m, &[&bad]);
        assert_eq!(output.status.code(), Some(1));
        let err = text(&output.stderr);
        assert!(err.contains(reason), "expected `{reason}` in: {err}");
    }
    let missing = dir.path().join("missing.json");
    let output = import_cli(&m, &[&missing]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("cannot read the bundle"));
    assert_eq!(snapshot(&m), before);
}

/// Changes a bundle's payload and recomputes its checksum, the way a careless tool or a
/// deliberate edit would: only the consistency checks can catch it.
fn rewrite_payload(file: &Path, out: &Path, change: impl FnOnce(&mut Value)) {
    let mut json = read_json(file);
    change(&mut json["payload"]);
    json["sha256"] = Value::from(payload_sha256(&json["payload"]).unwrap());
    write_json(out, &json);
}

#[test]
fn an_attempt_whose_responses_do_not_add_up_is_rejected_even_with_a_fresh_checksum() {
    let dir = tempfile::tempdir().unwrap();
    let (m, fb) = manager_with_results(dir.path());
    let before = snapshot(&m);
    let bad = dir.path().join("bad.json");

    // Full marks claimed for the first attempt (a failed one).
    rewrite_payload(&fb, &bad, |p| {
        let max = p["attempts"][0]["score_max"].clone();
        p["attempts"][0]["score_raw"] = max;
    });
    let output = import_cli(&m, &[&bad]);
    assert_eq!(output.status.code(), Some(1));
    let err = text(&output.stderr);
    assert!(
        err.contains("rejected, nothing imported: the bundle is inconsistent: attempt"),
        "{err}"
    );
    assert!(err.contains("its responses add up to"), "{err}");
    assert_eq!(snapshot(&m), before);

    let course = course();
    let reason = |change: &dyn Fn(&mut Value)| -> (Inconsistency, String) {
        let mut json = read_json(&fb);
        change(&mut json["payload"]);
        json["sha256"] = Value::from(payload_sha256(&json["payload"]).unwrap());
        match Bundle::parse(&serde_json::to_vec(&json).unwrap(), Some(&course)) {
            Err(BundleError::Invalid(reason)) => {
                let text = reason.to_string();
                (reason, text)
            }
            other => panic!("expected an inconsistency, got {other:?}"),
        }
    };
    let first_attempt = read_json(&fb)["payload"]["attempts"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // A failed attempt marked passed, with everything else consistent: the module's pass
    // mark says otherwise.
    let (what, why) = reason(&|p| {
        let attempt = p["attempts"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|a| a["passed"] == Value::Bool(false))
            .unwrap();
        attempt["passed"] = Value::Bool(true);
    });
    assert!(
        matches!(what.problem, Problem::PassMark { passed: true, .. }),
        "{what:?}"
    );
    assert!(why.contains("it is marked passed with"), "{why}");
    let (what, why) = reason(&|p| p["attempts"][0]["responses"][0]["position"] = Value::from(5));
    assert_eq!(
        what.subject,
        Subject::Response {
            attempt: first_attempt.clone(),
            index: 0
        }
    );
    assert!(
        matches!(what.problem, Problem::Position { position: 5 }),
        "{what:?}"
    );
    assert_eq!(
        why,
        format!(
            "attempt {first_attempt}: response 0 has position 5: positions must run 0, 1, 2, …"
        )
    );
    let (what, why) = reason(&|p| p["attempts"][0]["learner_id"] = Value::from("nobody"));
    assert!(
        matches!(what.problem, Problem::UnknownLearner { .. }),
        "{what:?}"
    );
    assert!(why.contains("is not among the bundle's learners"), "{why}");
    let (what, why) = reason(&|p| p["attempts"][0]["mode"] = Value::from("practice"));
    assert!(
        matches!(what.problem, Problem::NotGraded { .. }),
        "{what:?}"
    );
    assert!(why.contains("practice is never bundled"), "{why}");
    let (what, why) = reason(&|p| {
        let first = p["attempts"][0].clone();
        p["attempts"].as_array_mut().unwrap().push(first);
    });
    assert_eq!(
        what.subject,
        Subject::Attempt {
            id: first_attempt.clone()
        }
    );
    assert!(matches!(what.problem, Problem::Twice), "{what:?}");
    assert_eq!(why, format!("attempt {first_attempt} appears twice"));
    let (what, why) = reason(&|p| p["attempts"][0]["finished_at"] = Value::from("yesterday"));
    assert!(
        matches!(
            what.problem,
            Problem::NotATime {
                field: "finished_at",
                ..
            }
        ),
        "{what:?}"
    );
    assert_eq!(
        why,
        format!("attempt {first_attempt}: finished_at `yesterday` is not an RFC 3339 time")
    );
    let (what, why) = reason(&|p| p["learners"][0]["display_name"] = Value::from(""));
    assert!(matches!(what.subject, Subject::Learner { .. }), "{what:?}");
    assert!(matches!(what.problem, Problem::Profile(_)), "{what:?}");
    assert!(why.contains("display name is required"), "{why}");
}

// ---- Conflicts ---------------------------------------------------------------------------

#[test]
fn a_profile_that_differs_is_reported_and_the_managers_profile_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (a, m, file) = (
        dir.path().join("A"),
        dir.path().join("M"),
        dir.path().join("a.json"),
    );
    machine(
        &a,
        &[
            ("EMP-S", "Sari Wulandari", Some("Hukum")),
            ("EMP-T", "Teguh Lubis", None),
        ],
    );
    bundle(&a, &file);
    let managers = {
        let mut store = open(&m);
        person(&mut store, "EMP-S", "Sari W.", Some("Keuangan"))
    };

    let output = import_cli(&m, &[&file]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "a conflict makes the exit code 1"
    );
    let out = text(&output.stdout);
    assert!(
        out.contains("1 learner added, 6 attempts added, 0 already present, 1 conflict"),
        "{out}"
    );
    assert!(
        out.contains(
            "  conflict: employee EMP-S is \"Sari W.\" (Keuangan) here but \"Sari Wulandari\" (Hukum) in the bundle; kept the profile here and recorded the attempts under it"
        ),
        "{out}"
    );
    assert!(text(&output.stderr).contains("1 conflict to review"));
    let store = open(&m);
    let sari = store.learner_by_employee_id("EMP-S").unwrap().unwrap();
    assert_eq!(sari, managers, "the manager's profile is unchanged");
    assert_eq!(
        store.attempts(&sari.id).unwrap().len(),
        3,
        "her attempts are under it"
    );
    drop(store);

    let before = snapshot(&m);
    let again = import_cli(&m, &[&file]);
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stdout).contains("0 attempts added, 6 already present, 1 conflict"));
    assert_eq!(snapshot(&m), before);
}

#[test]
fn an_attempt_stored_with_other_results_is_a_conflict_not_an_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let (a, m) = (dir.path().join("A"), dir.path().join("M"));
    machine(&a, &[("EMP-1", "Budi Santoso", None)]);
    let mut bundle = Bundle::from_store(&mut open(&a), Uuid::new_v4(), t0()).unwrap();
    let mut store = open(&m);
    import(&mut store, &bundle, t0()).unwrap();
    let before = snapshot(&m);
    // The same attempt id with another finish time: the store's record wins.
    bundle.attempts[0].finished += chrono::Duration::seconds(1);
    let report = import(&mut store, &bundle, t0()).unwrap();
    assert_eq!(report.attempts_present, 2);
    assert_eq!(report.attempts_added, 0);
    assert!(matches!(
        report.conflicts.as_slice(),
        [Conflict::Attempt { attempt_id, employee_id, .. }]
            if *attempt_id == bundle.attempts[0].id && employee_id == "EMP-1"
    ));
    drop(store);
    assert_eq!(snapshot(&m), before);
}

#[test]
fn an_opaque_id_taken_here_by_someone_else_gets_a_derived_one() {
    let dir = tempfile::tempdir().unwrap();
    let (a, m) = (dir.path().join("A"), dir.path().join("M"));
    machine(&a, &[("EMP-1", "Budi Santoso", None)]);
    let bundle = Bundle::from_store(&mut open(&a), Uuid::new_v4(), t0()).unwrap();
    let taken = Uuid::parse_str(&bundle.learners[0].id).unwrap();
    let mut store = open(&m);
    store
        .create_learner(
            &NewLearner {
                employee_id: "EMP-OTHER".to_owned(),
                display_name: "Someone Else".to_owned(),
                department: None,
            },
            taken,
            t0(),
        )
        .unwrap();
    let report = import(&mut store, &bundle, t0()).unwrap();
    assert_eq!((report.learners_added, report.attempts_added), (1, 3));
    let budi = store.learner_by_employee_id("EMP-1").unwrap().unwrap();
    assert_ne!(budi.id, taken.to_string());
    assert_eq!(store.attempts(&budi.id).unwrap().len(), 3);
    assert!(store.attempts(&taken.to_string()).unwrap().is_empty());
}

#[test]
fn attempts_older_than_the_managers_retention_period_are_left_out_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let (a, m) = (dir.path().join("A"), dir.path().join("M"));
    machine(&a, &[("EMP-1", "Budi Santoso", None)]);
    let bundle = Bundle::from_store(&mut open(&a), Uuid::new_v4(), t0()).unwrap();
    let mut store = open(&m);
    store.set_retention_days(Some(10)).unwrap();
    // Eleven days after the attempts: every one is past the period.
    let later = t0() - chrono::Duration::days(19);
    let report = import(&mut store, &bundle, later).unwrap();
    assert_eq!(
        (report.attempts_added, report.attempts_past_retention),
        (0, 3)
    );
    assert_eq!(report.learners_added, 1);
}

#[test]
fn the_checksum_can_be_recomputed_with_the_documented_python_recipe() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("A");
    machine(
        &a,
        &[(
            "EMP-1",
            "Dewi \"Ayu\" Lestari\\Ñ",
            Some("Layanan Pelanggan"),
        )],
    );
    let file = dir.path().join("a.json");
    bundle(&a, &file);
    // The recipe in docs/bundle-format.md, word for word.
    let recipe = r#"
import hashlib, json, sys
bundle = json.load(open(sys.argv[1], encoding="utf-8"))
canonical = json.dumps(bundle["payload"], sort_keys=True, separators=(",", ":"),
                       ensure_ascii=False).encode("utf-8")
print("ok" if hashlib.sha256(canonical).hexdigest() == bundle["sha256"] else "MISMATCH")
"#;
    let docs = std::fs::read_to_string("docs/bundle-format.md").unwrap();
    assert!(
        docs.contains(recipe.trim()),
        "the recipe in the docs changed; update this test"
    );
    let output = Command::new("python3")
        .args(["-c", recipe, path(&file)])
        .output()
        .expect("python3 runs (scripts/test.sh installs it)");
    assert_eq!(
        text(&output.stdout).trim(),
        "ok",
        "{}",
        text(&output.stderr)
    );
}

// ---- Crash safety ------------------------------------------------------------------------

/// Kills at least this many imports…
const KILLS: usize = 10;
/// …and goes on, up to this many, until one has landed while the import wrote: on a busy
/// machine the first guesses at the writing window can all miss it.
const MAX_KILLS: usize = 40;

/// Copies a closed store's folder.
fn copy_dir(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

#[test]
fn sigkill_during_an_import_leaves_the_store_as_before_or_wholly_imported() {
    let dir = tempfile::tempdir().unwrap();
    let (a, template, work) = (
        dir.path().join("A"),
        dir.path().join("M0"),
        dir.path().join("M"),
    );
    let file = dir.path().join("big.json");
    let made = jaga(&[
        "demo-data",
        "--data",
        path(&a),
        "--learners",
        "400",
        "--seed",
        "11",
    ]);
    assert_eq!(made.status.code(), Some(0), "{}", text(&made.stderr));
    bundle(&a, &file);
    // The manager already has results of their own.
    machine(
        &template,
        &[
            ("MGR-1", "Putri Kusuma", Some("Hukum")),
            ("MGR-2", "Fajar Hidayat", None),
        ],
    );
    let before = snapshot(&template);

    // How long reading and checking take (the kills aim after that), and a whole import.
    let started = Instant::now();
    Bundle::read(&file, None).unwrap();
    let checking = started.elapsed();
    copy_dir(&template, &work);
    let started = Instant::now();
    let output = import_cli(&work, &[&file]);
    let whole = started.elapsed();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let after = snapshot(&work);
    assert!(counts(&after)["attempts"] > counts(&before)["attempts"] + 1000);

    let mut rng = ChaCha8Rng::seed_from_u64(0x4a41_4741);
    let (mut untouched, mut mid_write, mut complete) = (0, 0, 0);
    // Kills aim after the reading and checking; the window narrows towards the writing
    // as kills land too early (nothing written yet) or too late (committed).
    let mut low = u64::try_from(checking.as_millis() * 9 / 10).unwrap();
    let mut high = u64::try_from(whole.as_millis()).unwrap().max(low + 20);
    let mut rounds = 0;
    while rounds < KILLS || (mid_write == 0 && rounds < MAX_KILLS) {
        let round = rounds;
        rounds += 1;
        copy_dir(&template, &work);
        let millis = rng.random_range(low..high.max(low + 1));
        let delay = Duration::from_millis(millis);
        let mut child = crate::support::jaga_command()
            .args(["import", "--data", path(&work), path(&file)])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        // Uncommitted pages in the write-ahead log: the kill hit the transaction itself.
        let wal = work.join(format!("{}-wal", jaga::store::FILE_NAME));
        let writing = std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0);

        let (store, report) = Store::open(&work, Utc::now()).unwrap();
        assert_eq!(
            report.moved_aside, None,
            "round {round}: the store was judged damaged"
        );
        assert_eq!(store.integrity_check().unwrap(), "ok");
        drop(store);
        let now = snapshot(&work);
        if now == before {
            assert!(
                !status.success(),
                "round {round}: a finished import left nothing"
            );
            untouched += 1;
            mid_write += usize::from(writing);
            if !writing {
                low = millis;
            }
        } else if now == after {
            complete += 1;
            high = millis;
        } else {
            panic!(
                "round {round} (killed after {delay:?}): half an import: {:?}, expected {:?} or {:?}",
                counts(&now),
                counts(&before),
                counts(&after)
            );
        }
    }
    eprintln!(
        "{rounds} kills: {untouched} left the store as before ({mid_write} of them while it \
         wrote), {complete} after the commit"
    );
    assert!(
        mid_write > 0,
        "no kill landed while the import wrote ({untouched} before, {complete} after the commit): \
         the test proved nothing"
    );
}
