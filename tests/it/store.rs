//! The results store, on real SQLite files in temp folders.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::float_cmp,
    reason = "a test fails loudly on a broken fixture"
)]

use std::path::Path;

use chrono::Duration;
use jaga::engine::{Attempt, Mode, Response};
use jaga::store::{self, NewLearner, Store, StoreError};
use uuid::Uuid;

use crate::support::{engine_module as module, finished_kinds, finished_scenarios, ids, t0};

fn open(dir: &Path) -> Store {
    Store::open(dir, t0()).expect("open").0
}

fn learner(store: &mut Store, employee_id: &str) -> jaga::store::Learner {
    store
        .create_learner(
            &NewLearner {
                employee_id: employee_id.to_owned(),
                display_name: format!("Learner {employee_id}"),
                department: Some("Finance".to_owned()),
            },
            Uuid::new_v4(),
            t0(),
        )
        .expect("learner")
}

#[test]
fn a_finished_attempt_round_trips_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let who = learner(&mut store, "E-001");
    let (module, attempt) = finished_scenarios(77);
    let outcome = attempt.outcome(&module);
    store
        .record_finished(&who.id, &attempt, &module, &outcome, &[], t0())
        .unwrap();
    drop(store);

    let store = open(dir.path());
    let back = store.learner(&who.id).unwrap();
    assert_eq!(back, who);
    let records = store.attempts(&who.id).unwrap();
    assert_eq!(records.len(), 1);
    let record = &records[0];
    assert_eq!(record.id, attempt.id);
    assert_eq!(record.learner_id, who.id);
    assert_eq!(record.module_id, "scenarios");
    assert_eq!(record.revision, module.revision.0);
    assert_eq!(record.language, "en");
    assert_eq!(record.seed, 77);
    assert_eq!(record.mode, "graded");
    assert_eq!(record.started, t0());
    assert_eq!(record.finished, t0() + Duration::seconds(90));
    assert_eq!(record.duration_ms, 90_000);
    assert_eq!(record.score_raw, outcome.raw);
    assert_eq!(record.score_max, outcome.max);
    assert_eq!(record.passed, outcome.passed);
    assert_eq!(record.responses.len(), 2);
    for (position, item) in attempt.items.iter().enumerate() {
        let response = &record.responses[position];
        assert_eq!(response.position, position);
        assert_eq!(response.question_id, item.question_id);
        assert_eq!(response.kind, "scenario");
        let Some(Response::Scenario {
            path,
            ending,
            backs,
            grade,
        }) = &item.response
        else {
            panic!()
        };
        assert_eq!(&response.path, path);
        assert_eq!(response.ending.as_deref(), Some(ending.as_str()));
        assert_eq!(response.backs, *backs);
        assert_eq!(response.points, grade.earned);
        assert_eq!(response.max_points, grade.max);
        assert_eq!(response.correct, grade.is_correct());
    }
    let static_response = record
        .responses
        .iter()
        .find(|r| r.question_id == "static")
        .unwrap();
    assert_eq!(static_response.backs, 1);
    assert_eq!(
        static_response.path.len(),
        2,
        "reread, then report (the click was undone)"
    );
    let dynamic = record
        .responses
        .iter()
        .find(|r| r.question_id == "dynamic")
        .unwrap();
    let path: Vec<(&str, &str, i32)> = dynamic
        .path
        .iter()
        .map(|s| (s.node.as_str(), s.choice.as_str(), s.points))
        .collect();
    assert_eq!(
        path,
        [
            ("ask", "why", 2),
            ("purpose", "unsure", -1),
            ("ask", "why", 2),
            ("purpose", "minimal", 3)
        ]
    );
    assert_eq!(store.attempt(attempt.id).unwrap().as_ref(), Some(record));
}

#[test]
fn choice_responses_keep_the_order_shown_and_the_choices_made() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let who = learner(&mut store, "E-002");
    let (module, attempt) = finished_kinds(5, false);
    store
        .record_finished(
            &who.id,
            &attempt,
            &module,
            &attempt.outcome(&module),
            &[],
            t0(),
        )
        .unwrap();
    let twice = store.record_finished(
        &who.id,
        &attempt,
        &module,
        &attempt.outcome(&module),
        &[],
        t0(),
    );
    assert!(
        matches!(twice, Err(StoreError::AlreadyRecorded)),
        "{twice:?}"
    );
    let record = store.attempt(attempt.id).unwrap().unwrap();
    let partial = &record.responses[1];
    assert_eq!(partial.question_id, "partial");
    assert_eq!(partial.kind, "multiple_choice");
    assert_eq!(partial.choice_order, attempt.items[1].choice_order);
    assert_eq!(partial.chosen, ["logo"]);
    assert!(!partial.correct);
    assert_eq!(partial.points, 0.0);
    assert_eq!(record.language, "id");
    assert!(!record.passed);
}

#[test]
fn progress_is_resumable_after_reopening_and_finishing_clears_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let who = learner(&mut store, "E-003");
    let module = module("kinds");
    let mut attempt = Attempt::start(&module, Uuid::new_v4(), 9, "en", Mode::Graded, t0());
    attempt.answer(&module, 0, &ids(&["hr"])).unwrap();
    store.save_progress(&who.id, &attempt, t0()).unwrap();
    drop(store);

    let mut store = open(dir.path());
    let mut resumed = store
        .open_attempt(&who.id, "kinds")
        .unwrap()
        .expect("open attempt");
    assert_eq!(resumed, attempt);
    assert_eq!(resumed.current(), Some(1));
    for (i, chosen) in [(1, &["urgent"][..]), (2, &["report"]), (3, &["true"])] {
        resumed.answer(&module, i, &ids(chosen)).unwrap();
    }
    let outcome = resumed.finish(&module, t0()).unwrap();
    store
        .record_finished(&who.id, &resumed, &module, &outcome, &[], t0())
        .unwrap();
    assert_eq!(store.open_attempt(&who.id, "kinds").unwrap(), None);
    assert_eq!(store.attempts(&who.id).unwrap().len(), 1);
}

#[test]
fn a_practice_attempt_is_never_recorded_as_a_result() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let who = learner(&mut store, "E-004");
    let module = module("kinds");
    let mut attempt = Attempt::start(&module, Uuid::new_v4(), 9, "en", Mode::Practice, t0());
    for (i, chosen) in [
        (0, &["hr"][..]),
        (1, &["urgent"]),
        (2, &["report"]),
        (3, &["true"]),
    ] {
        attempt.answer(&module, i, &ids(chosen)).unwrap();
        store.save_progress(&who.id, &attempt, t0()).unwrap();
    }
    let outcome = attempt.finish(&module, t0()).unwrap();
    store
        .record_finished(&who.id, &attempt, &module, &outcome, &[], t0())
        .unwrap();
    assert!(store.attempts(&who.id).unwrap().is_empty());
    assert_eq!(store.open_attempt(&who.id, "kinds").unwrap(), None);
}

#[test]
fn profiles_are_checked_and_employee_ids_are_unique() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    learner(&mut store, "E-005");
    let again = store.create_learner(
        &NewLearner {
            employee_id: " E-005 ".into(),
            display_name: "Other".into(),
            department: None,
        },
        Uuid::new_v4(),
        t0(),
    );
    assert!(matches!(again, Err(StoreError::DuplicateEmployee(id)) if id == "E-005"));
    let empty = store.create_learner(
        &NewLearner {
            employee_id: "E-006".into(),
            display_name: "  ".into(),
            department: None,
        },
        Uuid::new_v4(),
        t0(),
    );
    assert_eq!(empty.unwrap_err().to_string(), "display name is required");
    let trimmed = store
        .create_learner(
            &NewLearner {
                employee_id: " E-007 ".into(),
                display_name: " Sari ".into(),
                department: Some(" ".into()),
            },
            Uuid::new_v4(),
            t0(),
        )
        .unwrap();
    assert_eq!(
        (
            trimmed.employee_id.as_str(),
            trimmed.display_name.as_str(),
            trimmed.department
        ),
        ("E-007", "Sari", None)
    );
}

/// Every value of every row of every table, as text.
fn all_values(store: &Store) -> Vec<(String, String)> {
    let conn = store.conn();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(tables.len() >= 8, "{tables:?}");
    let mut values = Vec::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for c in 0..columns {
                let value: rusqlite::types::Value = row.get(c).unwrap();
                let text = match value {
                    rusqlite::types::Value::Text(t) => t,
                    rusqlite::types::Value::Integer(i) => i.to_string(),
                    rusqlite::types::Value::Real(r) => r.to_string(),
                    rusqlite::types::Value::Blob(b) => String::from_utf8_lossy(&b).into_owned(),
                    rusqlite::types::Value::Null => String::new(),
                };
                values.push((table.clone(), text));
            }
        }
    }
    values
}

#[test]
fn erasure_leaves_no_row_behind_in_any_table() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let gone = learner(&mut store, "ERASE-ME");
    let stays = learner(&mut store, "KEEP-ME");
    for (who, seed) in [(&gone, 1), (&stays, 2)] {
        let (module, attempt) = finished_scenarios(seed);
        let statement = (
            Uuid::new_v4(),
            format!(r#"{{"actor": "{}"}}"#, who.employee_id),
        );
        store
            .record_finished(
                &who.id,
                &attempt,
                &module,
                &attempt.outcome(&module),
                &[statement],
                t0(),
            )
            .unwrap();
        let (module, attempt) = finished_kinds(seed + 10, true);
        store
            .record_finished(
                &who.id,
                &attempt,
                &module,
                &attempt.outcome(&module),
                &[],
                t0(),
            )
            .unwrap();
        let open_module = module;
        let mut open_attempt =
            Attempt::start(&open_module, Uuid::new_v4(), seed, "en", Mode::Graded, t0());
        open_attempt.answer(&open_module, 0, &ids(&["hr"])).unwrap();
        store.save_progress(&who.id, &open_attempt, t0()).unwrap();
    }
    store
        .set_setting(store::keys::LAST_LEARNER, &gone.id)
        .unwrap();
    let gone_attempts: Vec<String> = store
        .attempts(&gone.id)
        .unwrap()
        .iter()
        .map(|a| a.id.to_string())
        .collect();

    let report = store.erase_learner(&gone.id).unwrap();
    assert_eq!(
        (report.attempts, report.open_attempts, report.statements),
        (2, 1, 1)
    );

    let values = all_values(&store);
    let mut needles = vec![
        gone.id.clone(),
        gone.employee_id.clone(),
        gone.display_name.clone(),
    ];
    needles.extend(gone_attempts);
    for (table, value) in &values {
        for needle in &needles {
            assert!(
                !value.contains(needle.as_str()),
                "`{needle}` is still in table {table}: {value}"
            );
        }
    }
    // The other learner is untouched.
    assert_eq!(store.attempts(&stays.id).unwrap().len(), 2);
    assert!(values.iter().any(|(_, v)| v.contains("KEEP-ME")));
    assert!(matches!(
        store.erase_learner(&gone.id),
        Err(StoreError::NoLearner(_))
    ));
}

#[test]
fn a_learner_export_holds_everything_stored_about_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let who = learner(&mut store, "E-008");
    let (module, attempt) = finished_scenarios(3);
    store
        .record_finished(
            &who.id,
            &attempt,
            &module,
            &attempt.outcome(&module),
            &[(Uuid::new_v4(), "{\"verb\": 1}".into())],
            t0(),
        )
        .unwrap();
    let export = store.export_learner(&who.id, t0()).unwrap();
    let json: serde_json::Value = serde_json::to_value(&export).unwrap();
    assert_eq!(json["format"], "jaga-learner-export");
    assert_eq!(json["learner"]["employee_id"], "E-008");
    assert_eq!(json["learner"]["department"], "Finance");
    assert_eq!(json["attempts"][0]["id"], attempt.id.to_string());
    assert_eq!(
        json["attempts"][0]["responses"][1]["path"][3]["choice"],
        "minimal"
    );
    assert_eq!(json["queued_statements"][0]["verb"], 1);
}

#[test]
fn retention_purges_old_attempts_only_when_set_and_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let who = learner(&mut store, "E-009");
    let (module, attempt) = finished_kinds(1, true);
    store
        .record_finished(
            &who.id,
            &attempt,
            &module,
            &attempt.outcome(&module),
            &[],
            t0(),
        )
        .unwrap();
    let later = t0() + Duration::days(400);
    assert_eq!(store.apply_retention(later).unwrap(), 0, "off by default");
    store.set_retention_days(Some(365)).unwrap();
    assert_eq!(
        store.apply_retention(t0() + Duration::days(100)).unwrap(),
        0
    );
    drop(store);
    let (mut store, _) = Store::open(dir.path(), later).unwrap();
    assert_eq!(
        store.attempts(&who.id).unwrap().len(),
        1,
        "opening the store never purges (the window purges when idle, `jaga purge` on request)"
    );
    assert_eq!(store.apply_retention(later).unwrap(), 1);
    assert!(store.attempts(&who.id).unwrap().is_empty());
    let leftovers: i64 = store
        .conn()
        .query_row(
            "SELECT (SELECT count(*) FROM responses) + (SELECT count(*) FROM scenario_steps)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(leftovers, 0);
}

mod files {
    use super::*;

    fn damaged_is_moved_aside(bytes: &[u8]) -> (Vec<u8>, String) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(store::FILE_NAME);
        std::fs::write(&file, bytes).unwrap();
        let (mut store, report) = Store::open(dir.path(), t0()).expect("a fresh store opens");
        let aside = report.moved_aside.expect("moved aside");
        assert!(report.damage.is_some());
        assert_eq!(
            aside.file_name().unwrap().to_string_lossy(),
            "jaga.sqlite3.damaged-20261129T090000Z"
        );
        assert!(
            std::fs::read(&aside).unwrap() == bytes,
            "the damaged file is kept as it was"
        );
        learner(&mut store, "AFTER");
        assert_eq!(store.integrity_check().unwrap(), "ok");
        (
            std::fs::read(&aside).unwrap(),
            report.damage.unwrap().to_string(),
        )
    }

    #[test]
    fn a_file_of_garbage_bytes_is_moved_aside_and_a_fresh_store_created() {
        let (_, why) = damaged_is_moved_aside(&[0x5a; 8192]);
        assert!(why.contains("not a database"), "{why}");
    }

    #[test]
    fn a_truncated_store_is_moved_aside() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path());
        for i in 0..30 {
            let who = learner(&mut store, &format!("T-{i}"));
            let (module, attempt) = finished_scenarios(i);
            store
                .record_finished(
                    &who.id,
                    &attempt,
                    &module,
                    &attempt.outcome(&module),
                    &[],
                    t0(),
                )
                .unwrap();
        }
        store
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
        drop(store);
        let bytes = std::fs::read(dir.path().join(store::FILE_NAME)).unwrap();
        assert!(bytes.len() > 3 * 4096);
        damaged_is_moved_aside(&bytes[..bytes.len() / 2]);
    }

    #[test]
    fn another_programs_database_is_moved_aside_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let other = dir.path().join("other.db");
        let conn = rusqlite::Connection::open(&other).unwrap();
        conn.execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');")
            .unwrap();
        drop(conn);
        let bytes = std::fs::read(&other).unwrap();
        let (_, why) = damaged_is_moved_aside(&bytes);
        assert!(why.contains("not one of Jaga's"), "{why}");
    }

    #[test]
    fn a_second_damage_on_the_same_second_never_overwrites_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(store::FILE_NAME);
        std::fs::write(&file, b"first garbage, long enough").unwrap();
        let (_, first) = Store::open(dir.path(), t0()).unwrap();
        drop(first);
        std::fs::write(&file, b"second garbage, long enough").unwrap();
        let (_, second) = Store::open(dir.path(), t0()).unwrap();
        let second = second.moved_aside.unwrap();
        assert!(second.to_string_lossy().ends_with("-1"));
        assert_eq!(
            std::fs::read(second).unwrap(),
            b"second garbage, long enough"
        );
    }

    #[test]
    fn a_store_from_a_newer_jaga_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        drop(open(dir.path()));
        let file = dir.path().join(store::FILE_NAME);
        rusqlite::Connection::open(&file)
            .unwrap()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        let error = Store::open(dir.path(), t0()).unwrap_err();
        assert!(
            matches!(error, StoreError::NewerVersion { found: 99, .. }),
            "{error}"
        );
        assert!(file.exists());
        assert!(error.to_string().contains("newer version of Jaga"));
    }

    #[test]
    fn a_version_1_store_is_upgraded_in_place_keeping_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(store::FILE_NAME);
        {
            let conn = rusqlite::Connection::open(&file).unwrap();
            conn.execute_batch(include_str!("../../src/store/sql/001_initial.sql"))
                .unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
            conn.pragma_update(None, "application_id", store::APPLICATION_ID)
                .unwrap();
            conn.execute(
                "INSERT INTO learners VALUES ('id-1', 'OLD-1', 'Budi', 'Ops', '2025-01-01T00:00:00.000Z')",
                [],
            )
            .unwrap();
        }
        let store = open(dir.path());
        assert_eq!(
            store::schema::version(store.conn()).unwrap(),
            store::LATEST_VERSION
        );
        let old = store.learner("id-1").unwrap();
        assert_eq!(old.display_name, "Budi");
        // The tables of version 2 exist and work.
        let outbox: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))
            .unwrap();
        let assignments: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM assignments", [], |r| r.get(0))
            .unwrap();
        assert_eq!((outbox, assignments), (0, 0));
        // And those of version 4.
        assert!(store.track_assignments().unwrap().is_empty());
    }

    #[test]
    fn a_busy_store_says_the_data_is_in_use() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path());
        store
            .set_busy_timeout(std::time::Duration::from_millis(50))
            .unwrap();
        let holder = rusqlite::Connection::open(dir.path().join(store::FILE_NAME)).unwrap();
        holder.execute_batch("BEGIN EXCLUSIVE").unwrap();
        let error = store.set_setting("x", "y").unwrap_err();
        assert!(matches!(error, StoreError::InUse { .. }), "{error}");
        assert!(
            error
                .to_string()
                .starts_with("Jaga's data is in use by another Jaga")
        );
        holder.execute_batch("ROLLBACK").unwrap();
        store.set_setting("x", "y").unwrap();
    }

    #[test]
    fn two_jaga_processes_writing_the_same_folder_do_not_corrupt_it() {
        let dir = tempfile::tempdir().unwrap();
        drop(open(dir.path()));
        let spawn = |learner: &str| {
            crate::support::jaga_command()
                .args([
                    "stress-store",
                    "--rounds",
                    "40",
                    "--learner",
                    learner,
                    "--data",
                ])
                .arg(dir.path())
                .output()
                .unwrap()
        };
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(|| spawn("ONE"));
            let b = s.spawn(|| spawn("TWO"));
            (a.join().unwrap(), b.join().unwrap())
        });
        for out in [&a, &b] {
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let committed = |out: &std::process::Output| {
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .filter(|l| l.starts_with("committed"))
                .count()
        };
        let store = open(dir.path());
        assert_eq!(store.integrity_check().unwrap(), "ok");
        let total: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM attempts", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            usize::try_from(total).unwrap(),
            committed(&a) + committed(&b)
        );
        assert_eq!(committed(&a) + committed(&b), 80);
    }
}

/// What keeps one learner out of another's record on a shared computer.
mod access {
    use super::*;
    use jaga::store::Unlock;

    #[test]
    fn a_pin_is_never_stored_in_clear_and_opens_only_with_itself() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path());
        let sari = learner(&mut store, "E-1");
        assert!(!store.learner_access(&sari.id).unwrap().has_pin);
        assert_eq!(
            store.check_learner_pin(&sari.id, "4821", t0()).unwrap(),
            Unlock::NotSet
        );
        assert!(matches!(
            store.set_learner_pin(&sari.id, "482"),
            Err(StoreError::PinTooShort { min: 4 })
        ));
        store.set_learner_pin(&sari.id, "4821").unwrap();
        assert!(store.learner_access(&sari.id).unwrap().has_pin);
        let stored: String = store
            .conn()
            .query_row(
                "SELECT pin FROM learner_access WHERE learner_id = ?1",
                [&sari.id],
                |r| r.get(0),
            )
            .unwrap();
        assert!(stored.starts_with("$argon2"), "{stored}");
        assert!(!stored.contains("4821"));
        assert_eq!(
            store.check_learner_pin(&sari.id, "4821", t0()).unwrap(),
            Unlock::Unlocked
        );
    }

    #[test]
    fn wrong_pins_wait_longer_each_time_even_after_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path());
        let sari = learner(&mut store, "E-1");
        store.set_learner_pin(&sari.id, "4821").unwrap();
        let Unlock::Wrong { retry_at } = store.check_learner_pin(&sari.id, "0000", t0()).unwrap()
        else {
            panic!("a wrong PIN is wrong")
        };
        assert_eq!(retry_at, t0() + Duration::seconds(1));
        drop(store);
        let mut store = open(dir.path());
        assert_eq!(
            store.check_learner_pin(&sari.id, "4821", t0()).unwrap(),
            Unlock::Wait { retry_at },
            "even the right PIN waits"
        );
        let later = t0() + Duration::seconds(1);
        let Unlock::Wrong { retry_at } = store.check_learner_pin(&sari.id, "1111", later).unwrap()
        else {
            panic!("a wrong PIN is wrong")
        };
        assert_eq!(retry_at, later + Duration::seconds(2), "the wait doubles");
        assert_eq!(
            store.check_learner_pin(&sari.id, "4821", retry_at).unwrap(),
            Unlock::Unlocked
        );
    }

    #[test]
    fn a_pin_reset_by_a_manager_is_told_to_the_learner_until_they_set_a_new_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path());
        let sari = learner(&mut store, "E-1");
        store.set_learner_pin(&sari.id, "4821").unwrap();
        store.remove_learner_pin(&sari.id, Some(t0())).unwrap();
        let access = store.learner_access(&sari.id).unwrap();
        assert!(!access.has_pin);
        assert_eq!(access.pin_reset_at, Some(t0()));
        store.set_learner_pin(&sari.id, "9999").unwrap();
        assert_eq!(store.learner_access(&sari.id).unwrap().pin_reset_at, None);
    }

    #[test]
    fn erasing_a_learner_removes_their_pin_and_notice() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path());
        let sari = learner(&mut store, "E-1");
        store.set_learner_pin(&sari.id, "4821").unwrap();
        store.set_notice_seen(&sari.id, "local").unwrap();
        store.erase_learner(&sari.id).unwrap();
        let rows: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM learner_access", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 0);
    }
}

/// Files only their owner can read, and an erasure that leaves no trace.
#[cfg(unix)]
mod privacy {
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn the_data_folder_is_0700_and_every_file_in_it_0600() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("jaga-data");
        let mut store = open(&data);
        learner(&mut store, "E-1");
        assert_eq!(mode(&data), 0o700);
        let files: Vec<_> = std::fs::read_dir(&data)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        assert!(
            files.iter().any(|f| f.to_string_lossy().ends_with("-wal")),
            "{files:?}"
        );
        for file in files {
            assert_eq!(mode(&file), 0o600, "{}", file.display());
        }
    }

    #[test]
    fn a_folder_others_could_read_is_made_owner_only_and_said_so() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("shared");
        std::fs::create_dir(&data).unwrap();
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::write(data.join(store::FILE_NAME), b"").unwrap();
        std::fs::set_permissions(
            data.join(store::FILE_NAME),
            std::fs::Permissions::from_mode(0o644),
        )
        .unwrap();
        let (store, report) = Store::open(&data, t0()).unwrap();
        assert_eq!(report.tightened, Some(0o755));
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(store.path()), 0o600);
    }

    #[test]
    fn an_erased_name_is_in_no_byte_of_any_file_while_the_store_stays_open() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path());
        let name = "Zubaidah Kwartanegara";
        let who = store
            .create_learner(
                &NewLearner {
                    employee_id: "QX-7781".to_owned(),
                    display_name: name.to_owned(),
                    department: Some("Xylofon".to_owned()),
                },
                Uuid::new_v4(),
                t0(),
            )
            .unwrap();
        let (module, attempt) = finished_kinds(3, true);
        let outcome = attempt.outcome(&module);
        store
            .record_finished(&who.id, &attempt, &module, &outcome, &[], t0())
            .unwrap();
        // Another learner keeps the file from being empty.
        learner(&mut store, "E-2");
        let found = |needle: &str| -> Vec<String> {
            std::fs::read_dir(dir.path())
                .unwrap()
                .flatten()
                .filter(|e| {
                    let bytes = std::fs::read(e.path()).unwrap();
                    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
                })
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        };
        assert!(!found(name).is_empty(), "the name is stored before erasure");
        store.erase_learner(&who.id).unwrap();
        for needle in [name, "QX-7781", "Xylofon"] {
            assert_eq!(found(needle), Vec::<String>::new(), "{needle} lingers");
        }
    }
}

/// Tracks assigned by a manager: stored per department, and what they make a learner do.
mod tracks {
    use super::*;
    use chrono::NaiveDate;
    use jaga::content;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 1, d).unwrap()
    }

    #[test]
    fn a_track_for_a_department_replaces_everyones_date_and_is_kept_on_reopening() {
        let dir = tempfile::tempdir().unwrap();
        {
            let mut store = open(dir.path());
            store.assign_track("core", None, day(31)).unwrap();
            store.assign_track("core", Some("Sales"), day(15)).unwrap();
            store
                .assign_track("marketing", Some("Sales"), day(20))
                .unwrap();
            // Assigning again re-dates, never duplicates.
            store
                .assign_track("marketing", Some("Sales"), day(25))
                .unwrap();
        }
        let mut store = open(dir.path());
        assert_eq!(store.track_assignments().unwrap().len(), 3);
        assert_eq!(
            store.track_dates_for(Some("Sales")).unwrap(),
            [
                ("core".to_owned(), day(15)),
                ("marketing".to_owned(), day(25))
            ]
        );
        assert_eq!(
            store.track_dates_for(Some("Finance")).unwrap(),
            [("core".to_owned(), day(31))]
        );
        store.unassign_track("core", Some("Sales")).unwrap();
        assert_eq!(
            store.track_dates_for(Some("Sales")).unwrap()[0],
            ("core".to_owned(), day(31))
        );
    }

    #[test]
    fn a_learners_required_modules_are_their_tracks_due_on_the_earliest_date_that_applies() {
        let course = content::load_dir(Path::new("tests/fixtures/tracks"))
            .unwrap()
            .course;
        // core is in both tracks; marketing only in the second.
        let tracks = [
            ("marketing".to_owned(), day(20)),
            ("core".to_owned(), day(31)),
        ];
        let own = [("core".to_owned(), day(10))];
        let required = store::required_modules(&course, &own, &tracks);
        assert_eq!(
            required,
            [
                store::Required {
                    module_id: "core".to_owned(),
                    due: day(10),
                    track: Some("core".to_owned()),
                },
                store::Required {
                    module_id: "marketing".to_owned(),
                    due: day(20),
                    track: Some("marketing".to_owned()),
                },
            ],
            "the module's own date is earlier; the track named is the first in the course file"
        );
        let only_marketing = store::required_modules(&course, &[], &tracks[..1]);
        assert_eq!(
            only_marketing.len(),
            2,
            "the marketing track holds both modules"
        );
        assert!(
            only_marketing
                .iter()
                .all(|r| r.track.as_deref() == Some("marketing"))
        );
        assert!(
            store::required_modules(&course, &[], &[("gone".to_owned(), day(1))]).is_empty(),
            "a track the course no longer has requires nothing"
        );
    }
}
