//! Results bundles, through the real `jaga` binary and the library: a bundle (version 2, a
//! gzip stream of JSON lines) recreates every row on the manager's machine, a repeat
//! import changes nothing, damaged or tampered bundles are rejected with nothing written,
//! conflicts are reported, a SIGKILL during an import leaves the store as before or wholly
//! imported, never half, and a version 1 bundle written by an earlier Jaga still imports.
//!
//! The bundles here are read and rewritten with the test's own gzip, JSON and SHA-256
//! (`flate2`, `serde_json`, `sha2`), as another tool would, not with Jaga's bundle code.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly on a broken fixture"
)]

use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use jaga::bundle::{
    Bundle, BundleError, Conflict, Inconsistency, Problem, Subject, import_file, payload_sha256,
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

pub(crate) fn jaga(args: &[&str]) -> Output {
    crate::support::jaga_command()
        .args(args)
        .output()
        .expect("the jaga binary runs")
}

pub(crate) fn course() -> Course {
    load_bundled().course
}

pub(crate) fn open(dir: &Path) -> Store {
    Store::open(dir, Utc::now()).expect("store opens").0
}

/// Every row of every table, as text, sorted: two stores with the same snapshot hold
/// exactly the same data.
pub(crate) fn snapshot(dir: &Path) -> BTreeMap<String, Vec<String>> {
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
pub(crate) fn counts(snapshot: &BTreeMap<String, Vec<String>>) -> BTreeMap<&str, usize> {
    snapshot
        .iter()
        .map(|(t, rows)| (t.as_str(), rows.len()))
        .collect()
}

/// A learner of this machine.
pub(crate) fn person(
    store: &mut Store,
    employee_id: &str,
    name: &str,
    department: Option<&str>,
) -> Learner {
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
pub(crate) fn take(
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
pub(crate) fn machine(dir: &Path, people: &[(&str, &str, Option<&str>)]) {
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
pub(crate) fn bundle(data: &Path, out: &Path) {
    let output = jaga(&["bundle", "--data", path(data), "--out", path(out)]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout).trim(), path(out));
}

pub(crate) fn import_cli(data: &Path, files: &[&Path]) -> Output {
    let mut args = vec!["import", "--data", path(data)];
    args.extend(files.iter().map(|f| path(f)));
    jaga(&args)
}

pub(crate) fn read_json(file: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap()
}

pub(crate) fn write_json(file: &Path, value: &Value) {
    std::fs::write(file, serde_json::to_vec_pretty(value).unwrap()).unwrap();
}

/// The text inside a version 2 bundle (gunzipped).
pub(crate) fn unzip(file: &Path) -> String {
    let bytes = std::fs::read(file).unwrap();
    assert_eq!(&bytes[..2], &[0x1f, 0x8b], "a bundle is a gzip stream");
    let mut text = String::new();
    flate2::read::MultiGzDecoder::new(bytes.as_slice())
        .read_to_string(&mut text)
        .unwrap();
    text
}

pub(crate) fn zip(file: &Path, text: &str) {
    let mut out = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    out.write_all(text.as_bytes()).unwrap();
    std::fs::write(file, out.finish().unwrap()).unwrap();
}

/// A version 2 bundle's lines.
pub(crate) fn read_lines(file: &Path) -> Vec<Value> {
    unzip(file)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// The records of one kind (`learner`, `attempt`) of a version 2 bundle.
pub(crate) fn records(lines: &[Value], kind: &str) -> Vec<Value> {
    lines.iter().filter_map(|l| l.get(kind).cloned()).collect()
}

/// Writes `lines` as a bundle whose end line counts them and carries their checksum, the
/// way a careless tool or a deliberate edit would: only the checks of each record can
/// catch it.
pub(crate) fn write_sealed(file: &Path, lines: &[Value]) {
    use sha2::Digest as _;
    let mut body = String::new();
    for line in lines.iter().filter(|l| l.get("end").is_none()) {
        body.push_str(&serde_json::to_string(line).unwrap());
        body.push('\n');
    }
    let digest = sha2::Sha256::digest(body.as_bytes())
        .iter()
        .fold(String::new(), |mut hex, b| {
            use std::fmt::Write as _;
            let _ = write!(hex, "{b:02x}");
            hex
        });
    let mut end = serde_json::json!({"end": {
        "learners": records(lines, "learner").len(),
        "attempts": records(lines, "attempt").len(),
        "sha256": digest,
    }});
    // Version 3 counts its refreshers too.
    if lines.first().and_then(|h| h["version"].as_u64()) >= Some(3) {
        end["end"]["refreshers"] = records(lines, "refresher").len().into();
    }
    body.push_str(&serde_json::to_string(&end).unwrap());
    body.push('\n');
    zip(file, &body);
}

/// Rewrites a bundle's records with `change` and seals it again.
pub(crate) fn rewrite(file: &Path, out: &Path, change: impl FnOnce(&mut Vec<Value>)) {
    let mut lines = read_lines(file);
    change(&mut lines);
    write_sealed(out, &lines);
}

/// The `n`th attempt record of a bundle's lines, to change.
pub(crate) fn attempt_mut(lines: &mut [Value], n: usize) -> &mut Value {
    lines
        .iter_mut()
        .filter_map(|l| l.get_mut("attempt"))
        .nth(n)
        .unwrap()
}

pub(crate) fn table<'a>(snapshot: &'a BTreeMap<String, Vec<String>>, name: &str) -> &'a [String] {
    snapshot.get(name).map_or(&[], Vec::as_slice)
}

// ---- Round trip and idempotency --------------------------------------------------------

#[test]
fn a_bundle_recreates_every_row_and_importing_it_again_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, file) = (
        dir.path().join("A"),
        dir.path().join("B"),
        dir.path().join("a.jsonl.gz"),
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
fn spot_the_leak_ordering_and_matching_answers_travel_in_a_bundle_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, file) = (
        dir.path().join("A"),
        dir.path().join("B"),
        dir.path().join("a.jsonl.gz"),
    );
    let course = course();
    {
        let mut store = open(&a);
        let learner = person(&mut store, "E-1", "Sari Wulandari", Some("CS"));
        let wanted = [
            ("everyday-leak-risks", "spot-invitation-email"),
            ("correct-handling", "spot-whatsapp-forward"),
            ("data-security", "breach-steps"),
            ("privacy-culture", "data-categories"),
        ];
        for (n, (module_id, question)) in wanted.iter().enumerate() {
            let module = course.module(module_id).unwrap();
            // The first seed whose draw asks the question.
            let seed = (0..500)
                .find(|seed| {
                    Attempt::start(module, Uuid::nil(), *seed, "id", Mode::Graded, t0())
                        .items
                        .iter()
                        .any(|i| i.question_id == *question)
                })
                .expect("some draw asks it");
            let when = t0() - chrono::Duration::days(10 - i64::try_from(n).unwrap());
            let mut attempt =
                Attempt::start(module, Uuid::new_v4(), seed, "id", Mode::Graded, when);
            answer_all(module, &mut attempt, n % 2 == 0);
            let outcome = attempt
                .finish(module, when + chrono::Duration::minutes(9))
                .unwrap();
            store
                .record_finished(&learner.id, &attempt, module, &outcome, &[], when)
                .unwrap();
        }
    }
    bundle(&a, &file);
    let imported = import_cli(&b, &[&file]);
    assert_eq!(
        imported.status.code(),
        Some(0),
        "{}",
        text(&imported.stderr)
    );
    let (on_a, on_b) = (snapshot(&a), snapshot(&b));
    assert_eq!(table(&on_a, "responses"), table(&on_b, "responses"));
    assert_eq!(table(&on_a, "attempts"), table(&on_b, "attempts"));
    let responses = table(&on_b, "responses").join("\n");
    for kind in ["spot_the_leak", "ordering", "matching"] {
        assert!(responses.contains(kind), "no {kind} response travelled");
    }
    assert!(
        responses.contains("mcu=specific") || responses.contains("mcu=general"),
        "a matching answer keeps its pairs"
    );
}

#[test]
fn open_attempts_are_left_out_and_the_bundle_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, file) = (
        dir.path().join("A"),
        dir.path().join("B"),
        dir.path().join("a.jsonl.gz"),
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
    let lines = read_lines(&file);
    assert_eq!(lines[0]["format"], "jaga-results-bundle");
    assert_eq!(lines[0]["version"], jaga::bundle::VERSION);
    assert_eq!(records(&lines, "attempt").len(), 3);
    assert_eq!(lines.last().unwrap()["end"]["attempts"], 3);
    assert!(!unzip(&file).contains("open_attempts"));

    assert_eq!(import_cli(&b, &[&file]).status.code(), Some(0));
    assert!(table(&snapshot(&b), "open_attempts").is_empty());
}

#[test]
fn the_machine_id_is_random_once_and_then_kept() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("A");
    machine(&a, &[("EMP-1", "Sari Wulandari", None)]);
    let (one, two) = (dir.path().join("1.jsonl.gz"), dir.path().join("2.jsonl.gz"));
    bundle(&a, &one);
    bundle(&a, &two);
    let machine = read_lines(&one)[0]["machine"].as_str().unwrap().to_owned();
    assert!(Uuid::parse_str(&machine).is_ok(), "{machine}");
    assert_eq!(read_lines(&two)[0]["machine"], machine.as_str());
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
    let (fa, fb) = (dir.path().join("a.jsonl.gz"), dir.path().join("b.jsonl.gz"));
    bundle(&a, &fa);
    bundle(&b, &fb);

    let output = import_cli(&m, &[&fa, &fb]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let out = text(&output.stdout);
    assert!(
        out.contains("a.jsonl.gz: 2 learners added, 6 attempts added"),
        "{out}"
    );
    assert!(
        out.contains("b.jsonl.gz: 1 learner added, 6 attempts added"),
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

#[test]
fn demo_data_of_two_folders_shares_no_id_so_their_bundles_merge_without_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, m) = (
        dir.path().join("A"),
        dir.path().join("B"),
        dir.path().join("M"),
    );
    for (data, args) in [(&a, ["--learners", "6"]), (&b, ["--attempts", "40"])] {
        let mut all = vec!["demo-data", "--data", path(data), "--seed", "1"];
        all.extend(args);
        let made = jaga(&all);
        assert_eq!(made.status.code(), Some(0), "{}", text(&made.stderr));
    }
    let (fa, fb) = (dir.path().join("a.jsonl.gz"), dir.path().join("b.jsonl.gz"));
    bundle(&a, &fa);
    bundle(&b, &fb);
    let (la, lb) = (read_lines(&fa), read_lines(&fb));
    let attempts_b = records(&lb, "attempt").len();
    assert!(attempts_b >= 40, "--attempts 40 made {attempts_b}");
    // The same seed gives the same people; the ids are each folder's own.
    let ids = |lines: &[Value], kind: &str| -> std::collections::BTreeSet<String> {
        records(lines, kind)
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(ids(&la, "attempt").is_disjoint(&ids(&lb, "attempt")));
    assert!(ids(&la, "learner").is_disjoint(&ids(&lb, "learner")));
    assert_eq!(
        records(&la, "learner")[0]["display_name"],
        records(&lb, "learner")[0]["display_name"]
    );
    let output = import_cli(&m, &[&fa, &fb]);
    let out = text(&output.stdout);
    // The employee IDs are the same (EMP-000001 …): profiles match, attempts add up.
    assert!(out.contains("0 already present"), "{out}");
    assert!(
        !out.contains("attempt ") || !out.contains("already stored"),
        "{out}"
    );
    let store = open(&m);
    let stored: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM attempts", [], |row| row.get(0))
        .unwrap();
    assert_eq!(
        usize::try_from(stored).unwrap(),
        records(&la, "attempt").len() + attempts_b
    );
}

// ---- Damaged and tampered bundles ----------------------------------------------------------

/// A manager's store that already holds one machine's results, and a second machine's
/// bundle to import.
pub(crate) fn manager_with_results(dir: &Path) -> (PathBuf, PathBuf) {
    let (a, b, m) = (dir.join("A"), dir.join("B"), dir.join("M"));
    machine(&a, &[("EMP-A1", "Budi Santoso", Some("TI"))]);
    machine(
        &b,
        &[
            ("EMP-B1", "Rina Halim", Some("Hukum")),
            ("EMP-B2", "Agus Siregar", None),
        ],
    );
    let (fa, fb) = (dir.join("a.jsonl.gz"), dir.join("b.jsonl.gz"));
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
    let original = unzip(&fb);
    assert!(original.contains("\"passed\":false"));
    let tampered = dir.path().join("tampered.jsonl.gz");
    zip(
        &tampered,
        &original.replacen("\"passed\":false", "\"passed\":true", 1),
    );

    let output = import_cli(&m, &[&tampered]);
    assert_eq!(output.status.code(), Some(1));
    let err = text(&output.stderr);
    assert!(
        err.contains("tampered.jsonl.gz: rejected, nothing imported: checksum mismatch"),
        "{err}"
    );
    assert_eq!(snapshot(&m), before, "a rejected bundle wrote something");

    // A changed score, too, with the end line left as it was.
    let mut lines = read_lines(&fb);
    attempt_mut(&mut lines, 0)["score_raw"] = Value::from("99");
    let text_lines: Vec<String> = lines
        .iter()
        .map(|l| serde_json::to_string(l).unwrap())
        .collect();
    zip(&tampered, &(text_lines.join("\n") + "\n"));
    let output = import_cli(&m, &[&tampered, &fb]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "a rejection makes the exit code 1"
    );
    assert!(text(&output.stderr).contains("checksum mismatch"));
    let out = text(&output.stdout);
    assert!(
        out.contains("b.jsonl.gz: 2 learners added, 6 attempts added"),
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
    let cut = dir.path().join("cut.jsonl.gz");
    std::fs::write(&cut, &bytes[..bytes.len() * 3 / 5]).unwrap();
    let output = import_cli(&m, &[&cut]);
    assert_eq!(output.status.code(), Some(1));
    let err = text(&output.stderr);
    assert!(
        err.contains("cut.jsonl.gz: rejected, nothing imported: the file ends early"),
        "{err}"
    );
    assert_eq!(snapshot(&m), before);

    // Whole lines, but the end line is missing; or a line cut in the middle.
    let whole = unzip(&fb);
    let without_end = whole[..=whole.trim_end().rfind('\n').unwrap()].to_owned();
    for cut_text in [
        without_end.clone(),
        without_end[..without_end.len() - 40].to_owned(),
    ] {
        zip(&cut, &cut_text);
        let err = text(&import_cli(&m, &[&cut]).stderr);
        assert!(err.contains("the file ends early, after"), "{err}");
        assert_eq!(snapshot(&m), before);
    }

    std::fs::write(&cut, b"").unwrap();
    assert!(text(&import_cli(&m, &[&cut]).stderr).contains("the file ends early"));
    assert_eq!(snapshot(&m), before);
}

#[test]
fn bad_json_another_format_or_a_newer_version_is_rejected_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (m, fb) = manager_with_results(dir.path());
    let before = snapshot(&m);
    let bad = dir.path().join("bad.jsonl.gz");
    let lines = read_lines(&fb);
    let with_header = |change: &dyn Fn(&mut Value)| -> String {
        let mut lines = lines.clone();
        change(&mut lines[0]);
        lines
            .iter()
            .map(|l| serde_json::to_string(l).unwrap() + "\n")
            .collect()
    };
    let cases: Vec<(String, &str)> = vec![
        (
            "{\"format\": \"jaga-results-bundle\",, }\n".to_owned(),
            "not valid JSON",
        ),
        (
            with_header(&|h| h["format"] = Value::from("jaga-learner-export")),
            "not a Jaga results bundle (its format is \"jaga-learner-export\"",
        ),
        (
            with_header(&|h| h["version"] = Value::from(4)),
            "bundle version 4 is not supported: this Jaga reads versions 1 to 3",
        ),
        (
            {
                let mut text = with_header(&|_| {});
                let at = text.rfind("\"sha256\":\"").unwrap() + 10;
                text.replace_range(at..at + 2, "00");
                text
            },
            "checksum mismatch",
        ),
        (
            unzip(&fb) + "{\"learner\": null}\n",
            "there is more after the end line",
        ),
    ];
    for (text_inside, reason) in cases {
        zip(&bad, &text_inside);
        let output = import_cli(&m, &[&bad]);
        assert_eq!(output.status.code(), Some(1));
        let err = text(&output.stderr);
        assert!(err.contains(reason), "expected `{reason}` in: {err}");
    }
    // The end line must count what came before it, even with a matching checksum.
    write_sealed(&bad, &read_lines(&fb));
    let text_inside = unzip(&bad).replace("\"learners\":2,", "\"learners\":3,");
    zip(&bad, &text_inside);
    let err = text(&import_cli(&m, &[&bad]).stderr);
    assert!(err.contains("the end line counts 3 learners"), "{err}");
    // Not gzip: read as a version 1 document.
    let plain = dir.path().join("plain.json");
    std::fs::write(&plain, b"[1, 2, 3]").unwrap();
    assert!(text(&import_cli(&m, &[&plain]).stderr).contains("not a Jaga results bundle"));
    let missing = dir.path().join("missing.jsonl.gz");
    let output = import_cli(&m, &[&missing]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("cannot read the bundle"));
    // A folder is not a bundle either.
    let output = import_cli(&m, &[dir.path()]);
    assert!(
        text(&output.stderr).contains("not a regular file"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(snapshot(&m), before);
}

#[test]
fn a_line_longer_than_any_record_is_refused_without_reading_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (m, fb) = manager_with_results(dir.path());
    let before = snapshot(&m);
    let mut text_inside = unzip(&fb);
    let end = text_inside.trim_end().rfind('\n').unwrap() + 1;
    let huge = format!(
        "{{\"learner\": \"{}\"}}\n",
        "x".repeat(usize::try_from(jaga::bundle::MAX_LINE_BYTES).unwrap())
    );
    text_inside.insert_str(end, &huge);
    let long = dir.path().join("long.jsonl.gz");
    zip(&long, &text_inside);
    let err = text(&import_cli(&m, &[&long]).stderr);
    assert!(err.contains("is longer than 16 MiB"), "{err}");
    assert_eq!(snapshot(&m), before);
}

#[test]
fn an_attempt_whose_responses_do_not_add_up_is_rejected_even_with_a_fresh_checksum() {
    let dir = tempfile::tempdir().unwrap();
    let (m, fb) = manager_with_results(dir.path());
    let before = snapshot(&m);
    let bad = dir.path().join("bad.jsonl.gz");

    // Full marks claimed for the first attempt (a failed one).
    rewrite(&fb, &bad, |lines| {
        let attempt = lines
            .iter_mut()
            .filter_map(|l| l.get_mut("attempt"))
            .find(|a| a["passed"] == Value::Bool(false))
            .unwrap();
        let max = attempt["score_max"].clone();
        attempt["score_raw"] = max;
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
    let scratch = dir.path().join("scratch");
    let reason = |change: &dyn Fn(&mut Vec<Value>)| -> (Inconsistency, String) {
        rewrite(&fb, &bad, change);
        let mut store = open(&scratch);
        match import_file(&mut store, &bad, Some(&course), t0()) {
            Err(BundleError::Invalid(reason)) => {
                let text = reason.to_string();
                (reason, text)
            }
            other => panic!("expected an inconsistency, got {other:?}"),
        }
    };
    let first_attempt = records(&read_lines(&fb), "attempt")[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // A failed attempt marked passed, with everything else consistent: the module's pass
    // mark says otherwise.
    let (what, why) = reason(&|lines| {
        let attempt = lines
            .iter_mut()
            .filter_map(|l| l.get_mut("attempt"))
            .find(|a| a["passed"] == Value::Bool(false))
            .unwrap();
        attempt["passed"] = Value::Bool(true);
    });
    assert!(
        matches!(what.problem, Problem::PassMark { passed: true, .. }),
        "{what:?}"
    );
    assert!(why.contains("it is marked passed with"), "{why}");
    let (what, why) =
        reason(&|lines| attempt_mut(lines, 0)["responses"][0]["position"] = Value::from(5));
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
    let (what, why) = reason(&|lines| attempt_mut(lines, 0)["learner_id"] = Value::from("nobody"));
    assert!(
        matches!(what.problem, Problem::UnknownLearner { .. }),
        "{what:?}"
    );
    assert!(why.contains("is not among the bundle's learners"), "{why}");
    let (what, why) = reason(&|lines| attempt_mut(lines, 0)["mode"] = Value::from("practice"));
    assert!(
        matches!(what.problem, Problem::NotGraded { .. }),
        "{what:?}"
    );
    assert!(why.contains("practice is never bundled"), "{why}");
    let (what, why) = reason(&|lines| {
        let first = lines
            .iter()
            .find(|l| l.get("attempt").is_some())
            .unwrap()
            .clone();
        lines.push(first);
    });
    assert_eq!(
        what.subject,
        Subject::Attempt {
            id: first_attempt.clone()
        }
    );
    assert!(matches!(what.problem, Problem::Twice), "{what:?}");
    assert_eq!(why, format!("attempt {first_attempt} appears twice"));
    let (what, why) =
        reason(&|lines| attempt_mut(lines, 0)["finished_at"] = Value::from("yesterday"));
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
    let (what, why) = reason(&|lines| {
        let learner = lines.iter_mut().find_map(|l| l.get_mut("learner")).unwrap();
        learner["display_name"] = Value::from("");
    });
    assert!(matches!(what.subject, Subject::Learner { .. }), "{what:?}");
    assert!(matches!(what.problem, Problem::Profile(_)), "{what:?}");
    assert!(why.contains("display name is required"), "{why}");
    let (what, _) = reason(&|lines| {
        let first = lines
            .iter()
            .find(|l| l.get("learner").is_some())
            .unwrap()
            .clone();
        lines.insert(1, first);
    });
    assert!(matches!(what.problem, Problem::Twice), "{what:?}");
    drop(scratch);
}

// ---- Conflicts ---------------------------------------------------------------------------

#[test]
fn a_profile_that_differs_is_reported_and_the_managers_profile_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (a, m, file) = (
        dir.path().join("A"),
        dir.path().join("M"),
        dir.path().join("a.jsonl.gz"),
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
    let (file, changed) = (dir.path().join("a.jsonl.gz"), dir.path().join("b.jsonl.gz"));
    machine(&a, &[("EMP-1", "Budi Santoso", None)]);
    bundle(&a, &file);
    let mut store = open(&m);
    import_file(&mut store, &file, None, t0()).unwrap();
    let before = snapshot(&m);
    // The same attempt id with another seed: the store's record wins.
    let mut first = Uuid::nil();
    rewrite(&file, &changed, |lines| {
        let attempt = attempt_mut(lines, 0);
        first = attempt["id"].as_str().unwrap().parse().unwrap();
        attempt["seed"] = Value::from("12345");
    });
    let report = import_file(&mut store, &changed, None, t0()).unwrap();
    assert_eq!(report.attempts_present, 2);
    assert_eq!(report.attempts_added, 0);
    assert!(matches!(
        report.conflicts.as_slice(),
        [Conflict::Attempt { attempt_id, employee_id, .. }]
            if *attempt_id == first && employee_id == "EMP-1"
    ));
    drop(store);
    assert_eq!(snapshot(&m), before);
}

#[test]
fn an_opaque_id_taken_here_by_someone_else_gets_a_derived_one() {
    let dir = tempfile::tempdir().unwrap();
    let (a, m) = (dir.path().join("A"), dir.path().join("M"));
    let file = dir.path().join("a.jsonl.gz");
    machine(&a, &[("EMP-1", "Budi Santoso", None)]);
    bundle(&a, &file);
    let taken: Uuid = records(&read_lines(&file), "learner")[0]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
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
    let report = import_file(&mut store, &file, None, t0()).unwrap();
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
    let file = dir.path().join("a.jsonl.gz");
    machine(&a, &[("EMP-1", "Budi Santoso", None)]);
    bundle(&a, &file);
    let mut store = open(&m);
    store.set_retention_days(Some(10)).unwrap();
    // Eleven days after the attempts: every one is past the period.
    let later = t0() - chrono::Duration::days(19);
    let report = import_file(&mut store, &file, None, later).unwrap();
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
    let file = dir.path().join("a.jsonl.gz");
    bundle(&a, &file);
    // The recipes in docs/bundle-format.md, word for word.
    let recipe = r#"
import gzip, hashlib, json, sys
digest, last = hashlib.sha256(), None
with gzip.open(sys.argv[1], "rb") as bundle:
    for line in bundle:
        if last is not None:
            digest.update(last)
        last = line
end = json.loads(last)["end"]
print("ok" if digest.hexdigest() == end["sha256"] else "MISMATCH")
"#;
    let recipe_v1 = r#"
import hashlib, json, sys
bundle = json.load(open(sys.argv[1], encoding="utf-8"))
canonical = json.dumps(bundle["payload"], sort_keys=True, separators=(",", ":"),
                       ensure_ascii=False).encode("utf-8")
print("ok" if hashlib.sha256(canonical).hexdigest() == bundle["sha256"] else "MISMATCH")
"#;
    let docs = std::fs::read_to_string("docs/bundle-format.md").unwrap();
    for (recipe, bundle) in [
        (recipe, file.as_path()),
        (
            recipe_v1,
            Path::new("tests/fixtures/bundles/version-1.json"),
        ),
    ] {
        assert!(
            docs.contains(recipe.trim()),
            "the recipe in the docs changed; update this test"
        );
        let output = Command::new("python3")
            .args(["-c", recipe, path(bundle)])
            .output()
            .expect("python3 runs (scripts/test.sh installs it)");
        assert_eq!(
            text(&output.stdout).trim(),
            "ok",
            "{}",
            text(&output.stderr)
        );
    }
}

// ---- Version 1 -----------------------------------------------------------------------------

/// A version 1 bundle written by the Jaga before version 2 (two demo learners, 18
/// attempts with 138 responses and 24 scenario steps).
const VERSION_1: &str = "tests/fixtures/bundles/version-1.json";

#[test]
fn a_version_1_bundle_still_imports_and_travels_on_as_the_current_version() {
    let dir = tempfile::tempdir().unwrap();
    let (m, n) = (dir.path().join("M"), dir.path().join("N"));
    let v1 = Path::new(VERSION_1);
    let first = import_cli(&m, &[v1]);
    // Its modules are at revisions this build's course no longer has: its passes come in,
    // listed for the manager to check, since their pass marks cannot be checked here.
    assert_eq!(first.status.code(), Some(1), "{}", text(&first.stderr));
    assert!(
        text(&first.stderr).contains("13 conflicts to review"),
        "{}",
        text(&first.stderr)
    );
    assert!(text(&first.stdout).contains("its pass mark could not be checked"));
    assert!(
        text(&first.stdout).contains("2 learners added, 18 attempts added, 0 already present"),
        "{}",
        text(&first.stdout)
    );
    let on_m = snapshot(&m);
    let rows = counts(&on_m);
    assert_eq!(
        (rows["attempts"], rows["responses"], rows["scenario_steps"]),
        (18, 138, 24)
    );
    let again = import_cli(&m, &[v1]);
    assert!(text(&again.stdout).contains("0 attempts added, 18 already present"));
    assert_eq!(snapshot(&m), on_m, "a repeat import changed the store");

    // Bundled again from here, it is the current version and recreates the same rows.
    let file = dir.path().join("m.jsonl.gz");
    bundle(&m, &file);
    assert_eq!(read_lines(&file)[0]["version"], jaga::bundle::VERSION);
    assert_eq!(import_cli(&n, &[&file]).status.code(), Some(1));
    let on_n = snapshot(&n);
    for name in [
        "learners",
        "attempts",
        "responses",
        "scenario_steps",
        "progress",
    ] {
        assert_eq!(table(&on_m, name), table(&on_n, name), "{name} differs");
    }

    // Version 1's own checks still hold: a payload changed without its checksum…
    let bad = dir.path().join("bad.json");
    let mut json = read_json(v1);
    json["payload"]["attempts"][0]["score_raw"] = Value::from("99");
    write_json(&bad, &json);
    let err = text(&import_cli(&n, &[&bad]).stderr);
    assert!(err.contains("checksum mismatch"), "{err}");
    // …or with it, and responses that no longer add up; and a BOM some editors add.
    let mut json = read_json(v1);
    let attempt = json["payload"]["attempts"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|a| a["score_raw"] != a["score_max"])
        .unwrap();
    attempt["score_raw"] = attempt["score_max"].clone();
    json["sha256"] = Value::from(payload_sha256(&json["payload"]).unwrap());
    write_json(&bad, &json);
    let err = text(&import_cli(&n, &[&bad]).stderr);
    assert!(err.contains("its responses add up to"), "{err}");
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend(std::fs::read(v1).unwrap());
    std::fs::write(&bad, with_bom).unwrap();
    let course = course();
    assert_eq!(
        Bundle::read(&bad, Some(&course)).unwrap().attempts.len(),
        18
    );
    assert_eq!(snapshot(&n), on_n);
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
    let file = dir.path().join("big.jsonl.gz");
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

    // How long a whole import takes: the kills aim within it (a version 2 import reads
    // and writes in one transaction from its first record).
    copy_dir(&template, &work);
    let started = Instant::now();
    let output = import_cli(&work, &[&file]);
    let whole = started.elapsed();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let after = snapshot(&work);
    assert!(counts(&after)["attempts"] > counts(&before)["attempts"] + 1000);

    let mut rng = ChaCha8Rng::seed_from_u64(0x4a41_4741);
    let (mut untouched, mut mid_write, mut complete) = (0, 0, 0);
    // The window narrows towards the writing as kills land too early (nothing written
    // yet) or too late (committed).
    let mut low = u64::try_from(whole.as_millis() / 10).unwrap();
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
