//! What lets a store of a million attempts answer as fast as one of a thousand, proved on
//! small stores: every hot query reaches its rows through an index (its plan scans no
//! attempt, response, statement or summary table), the summaries the triggers keep give
//! exactly the rows and figures that reading every attempt gives, through every kind of
//! write (finishing, importing, erasing, purging, moving a learner), and an old store's
//! summaries are filled in exactly when it is upgraded. How fast, and in how much memory,
//! is measured by `scripts/bench-scale.sh`, not here.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly on a broken fixture"
)]

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use jaga::cli::demo::{self, DemoSize};
use jaga::content::{Course, load_bundled};
use jaga::engine::Status;
use jaga::report::figures::Figures;
use jaga::report::rows::{self, RowScope};
use jaga::report::stats::Summary;
use jaga::report::{self, Completion, Dataset, Filter};
use jaga::store::{NewLearner, Store, StoreError};

use crate::support::t0;

fn course() -> Course {
    load_bundled().course
}

fn demo_store(dir: &Path, learners: usize, seed: u64) -> Store {
    let (mut store, _) = Store::open(dir, t0()).unwrap();
    demo::fill(
        &mut store,
        &course(),
        DemoSize::learners(learners, seed, seed),
        t0(),
    )
    .unwrap();
    store
}

// ---- Query plans -------------------------------------------------------------------------

/// Tables that grow with the attempts: a hot query must never scan one.
const BIG: [&str; 12] = [
    "attempts",
    "responses",
    "scenario_steps",
    "outbox",
    "progress",
    "unqueued",
    "group_tallies",
    "pass_days",
    "pass_months",
    "refresher_answers",
    "refresher_outbox",
    "refresher_unqueued",
];

#[test]
fn every_hot_query_finds_its_rows_through_an_index() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path(), 30, 1);
    let mut problems = Vec::new();
    for query in jaga::store::plans::hot_queries() {
        let plan = store.query_plan(&query.sql).unwrap();
        assert!(!plan.is_empty(), "{}: no plan", query.path);
        for step in &plan {
            // `SCAN t` (every row) as opposed to `SEARCH t USING INDEX …` (a range).
            let Some(rest) = step.strip_prefix("SCAN ") else {
                continue;
            };
            let table = rest.split_whitespace().next().unwrap_or_default();
            let real = alias_of(&query.sql, table);
            if BIG.contains(&real.as_str()) {
                problems.push(format!("{}: {step}\n    {}", query.path, plan.join(" / ")));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "full scans on hot paths:\n{}",
        problems.join("\n")
    );
    // And the queries a report must run in full walk learners by an index, in order,
    // with no sort of their own.
    for query in jaga::store::plans::hot_queries()
        .iter()
        .filter(|q| q.path.starts_with("report rows"))
    {
        let plan = store.query_plan(&query.sql).unwrap().join(" / ");
        assert!(
            plan.contains("USING INDEX learners_by_"),
            "{}: {plan}",
            query.path
        );
        assert!(!plan.contains("TEMP B-TREE"), "{}: {plan}", query.path);
    }
}

/// The table an alias in `sql` stands for (`FROM progress p` → `progress`).
fn alias_of(sql: &str, name: &str) -> String {
    let words: Vec<&str> = sql
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    for pair in words.windows(2) {
        if pair[1] == name && BIG.contains(&pair[0]) {
            return pair[0].to_owned();
        }
    }
    name.to_owned()
}

// ---- Summaries against every attempt ------------------------------------------------------

/// The rows of `filter` read whole (every attempt, the reference) and streamed from the
/// summaries, side by side.
fn both_ways(
    store: &Store,
    course: &Course,
    now: DateTime<Utc>,
    filter: &Filter,
) -> (Vec<Completion>, Vec<Completion>) {
    let data = Dataset::load(store).unwrap();
    let whole: Vec<Completion> = filter
        .apply(&report::completions(course, &data, "id", now))
        .into_iter()
        .cloned()
        .collect();
    let mut streamed = Vec::new();
    rows::each_row(
        store,
        &RowScope::report(course, "id", now),
        filter,
        &mut |row: &Completion| {
            streamed.push(row.clone());
            Ok::<_, StoreError>(())
        },
    )
    .unwrap();
    // The days of activity are read only when a filter has dates.
    let strip = |rows: Vec<Completion>| -> Vec<Completion> {
        rows.into_iter()
            .map(|mut r| {
                r.activity_days.clear();
                r
            })
            .collect()
    };
    (strip(whole), strip(streamed))
}

fn filters(store: &Store) -> Vec<Filter> {
    let department = store
        .department_counts()
        .unwrap()
        .into_iter()
        .find_map(|(d, _)| d);
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    let mut all = vec![
        Filter::default(),
        Filter {
            department: department.clone(),
            ..Filter::default()
        },
        Filter {
            module: Some("data-security".to_owned()),
            ..Filter::default()
        },
        Filter {
            since: day(2026, 6, 1),
            until: day(2026, 9, 30),
            ..Filter::default()
        },
        Filter {
            department,
            status: Some("passed".to_owned()),
            since: day(2026, 1, 1),
            ..Filter::default()
        },
    ];
    for status in Status::KEYS {
        all.push(Filter {
            status: Some(status.to_owned()),
            ..Filter::default()
        });
    }
    all
}

/// The dashboard's figures from the tallies, against the figures of the rows read whole.
fn assert_figures(store: &Store, course: &Course, now: DateTime<Utc>, when: &str) {
    let modules: Vec<(String, String)> = course
        .modules
        .iter()
        .map(|m| (m.id.clone(), m.title.get("id").to_owned()))
        .collect();
    let figures = Figures::load(store, course, now).unwrap();
    let mut departments: Vec<Option<String>> = vec![None];
    departments.extend(
        figures
            .departments
            .iter()
            .filter_map(|(d, _)| d.clone())
            .map(Some),
    );
    for department in &departments {
        for module in [None, Some("data-security"), Some("correct-handling")] {
            let filter = Filter {
                department: department.clone(),
                module: module.map(str::to_owned),
                ..Filter::default()
            };
            let (whole, _) = both_ways(store, course, now, &filter);
            let mut expected = Summary::new(&modules, now);
            let mut by_learner: BTreeMap<&str, Vec<&Completion>> = BTreeMap::new();
            for row in &whole {
                by_learner.entry(&row.learner_id).or_default().push(row);
            }
            for rows in by_learner.values() {
                expected.add_learner(rows.iter().copied());
            }
            let got = figures.summary(&modules, department.as_deref(), module);
            let (want_h, got_h) = (expected.headline(), got.headline());
            let context = format!("{when}, department {department:?}, module {module:?}");
            assert_eq!(got_h.learners, want_h.learners, "learners, {context}");
            assert_eq!(got_h.overdue, want_h.overdue, "overdue, {context}");
            assert_eq!(
                got_h.expiring_30_days, want_h.expiring_30_days,
                "expiring, {context}"
            );
            assert!(
                (got_h.completion_rate - want_h.completion_rate).abs() < 1e-9,
                "{context}"
            );
            assert_eq!(
                got_h.average_score.is_some(),
                want_h.average_score.is_some()
            );
            if let (Some(a), Some(b)) = (got_h.average_score, want_h.average_score) {
                assert!((a - b).abs() < 1e-9, "average {a} != {b}, {context}");
            }
            for (g, w) in got.module_stats().iter().zip(expected.module_stats()) {
                assert_eq!(
                    (g.learners, g.attempted, g.complete, g.score_bands),
                    (w.learners, w.attempted, w.complete, w.score_bands),
                    "{} {context}",
                    g.module_id
                );
                assert!((g.pass_rate - w.pass_rate).abs() < 1e-9, "{context}");
            }
        }
    }
}

/// Rows and figures agree both ways, at moments before, among and long after the
/// attempts (passes in the future of `now`, passes expiring, expired, due dates passed).
fn assert_agree(store: &Store, course: &Course, when: &str) {
    let moments = [
        t0(),
        t0() - Duration::days(150),
        t0() - Duration::days(3),
        t0() + Duration::days(40),
        t0() + Duration::days(300),
        t0() + Duration::days(2000),
    ];
    for now in moments {
        for filter in filters(store) {
            let (whole, streamed) = both_ways(store, course, now, &filter);
            assert_eq!(whole.len(), streamed.len(), "{when}, {now}, {filter:?}");
            for (w, s) in whole.iter().zip(&streamed) {
                assert_eq!(w, s, "{when}, {now}, {filter:?}");
            }
        }
        assert_figures(store, course, now, &format!("{when} at {now}"));
    }
}

#[test]
fn the_summaries_give_the_rows_and_figures_of_every_attempt_through_every_kind_of_write() {
    let dir = tempfile::tempdir().unwrap();
    let course = course();
    let mut store = demo_store(dir.path(), 40, 3);
    // One learner without a department, one moved to another.
    let learners = store.learners().unwrap();
    let moved = &learners[0];
    store
        .update_learner(
            &moved.id,
            &NewLearner {
                employee_id: moved.employee_id.clone(),
                display_name: moved.display_name.clone(),
                department: None,
            },
        )
        .unwrap();
    let other = &learners[1];
    store
        .update_learner(
            &other.id,
            &NewLearner {
                employee_id: other.employee_id.clone(),
                display_name: other.display_name.clone(),
                department: Some("Pengadaan".to_owned()),
            },
        )
        .unwrap();
    assert_agree(&store, &course, "after demo data and moves");

    // Another machine's results imported.
    let (other_dir, bundle) = (dir.path().join("B"), dir.path().join("b.jsonl.gz"));
    let mut b = demo_store(&other_dir, 15, 4);
    jaga::bundle::write(
        &mut b,
        &bundle,
        jaga::fsio::Existing::Replace,
        uuid::Uuid::new_v4(),
        t0(),
    )
    .unwrap();
    jaga::bundle::import_file(&mut store, &bundle, Some(&course), t0()).unwrap();
    assert_agree(&store, &course, "after an import");

    // A learner erased, old attempts purged.
    store.erase_learner(&learners[2].id).unwrap();
    store.set_retention_days(Some(200)).unwrap();
    assert!(store.apply_retention(t0()).unwrap() > 0);
    assert_agree(&store, &course, "after an erasure and a purge");
}

#[test]
fn a_pass_recorded_after_now_leaves_the_pass_before_it_expiring_in_rows_and_figures_alike() {
    let dir = tempfile::tempdir().unwrap();
    let course = course();
    let mut store = crate::bundle::open(dir.path());
    let learner = crate::bundle::person(&mut store, "EMP-1", "Dewi Lestari", Some("TI"));
    let module = "data-subject-requests";
    let now = t0();
    // Passed 350 days ago (valid 365 days: expires in 15), and again "in 3 days" by a
    // machine whose clock ran ahead.
    crate::bundle::take(
        &mut store,
        &course,
        &learner,
        module,
        now - Duration::days(350),
        true,
    );
    crate::bundle::take(
        &mut store,
        &course,
        &learner,
        module,
        now + Duration::days(3),
        true,
    );
    let modules: Vec<(String, String)> = course
        .modules
        .iter()
        .map(|m| (m.id.clone(), m.title.get("id").to_owned()))
        .collect();
    let (rows, _) = both_ways(&store, &course, now, &Filter::default());
    let row = rows.iter().find(|r| r.module_id == module).unwrap();
    assert_eq!(row.status_key, "expiring_soon");
    let mut from_rows = Summary::new(&modules, now);
    from_rows.add_learner(rows.iter());
    let figures = Figures::load(&store, &course, now).unwrap();
    let from_tallies = figures.summary(&modules, None, None);
    assert_eq!(from_rows.headline().expiring_30_days, 1);
    assert_eq!(from_tallies.headline().expiring_30_days, 1);
}

#[test]
fn an_old_store_gets_its_summaries_filled_in_when_it_is_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let summaries = |store: &Store| -> BTreeMap<String, Vec<String>> {
        [
            "progress",
            "group_tallies",
            "pass_days",
            "pass_months",
            "departments",
            "unqueued",
            "outbox_tally",
        ]
        .iter()
        .map(|table| {
            let mut stmt = store
                .conn()
                .prepare(&format!("SELECT * FROM {table}"))
                .unwrap();
            let n = stmt.column_count();
            let mut rows: Vec<String> = stmt
                .query_map([], |row| {
                    Ok((0..n)
                        .map(|i| format!("{:?}", row.get::<_, rusqlite::types::Value>(i).unwrap()))
                        .collect::<Vec<_>>()
                        .join("|"))
                })
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            rows.sort();
            ((*table).to_owned(), rows)
        })
        .collect()
    };
    // What version 3 had, to take version 4's additions away again.
    let old = tempfile::tempdir().unwrap();
    let mut conn = rusqlite::Connection::open(old.path().join("v3.sqlite3")).unwrap();
    jaga::store::schema::upgrade_to(&mut conn, 3).unwrap();
    let v3: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();

    let store = demo_store(dir.path(), 25, 6);
    let kept = summaries(&store);
    assert!(kept["progress"].len() > 100 && kept["pass_days"].len() > 20);
    assert!(kept["pass_months"].len() > 20 && kept["group_tallies"].len() > 20);
    let added: Vec<(String, String)> = store
        .conn()
        .prepare("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .collect::<Result<Vec<(String, String)>, _>>()
        .unwrap()
        .into_iter()
        .filter(|(_, name)| !v3.contains(name))
        .collect();
    for (kind, name) in added.iter().filter(|(k, _)| k != "table") {
        store
            .conn()
            .execute_batch(&format!("DROP {} IF EXISTS {name}", kind.to_uppercase()))
            .unwrap();
    }
    for (_, name) in added.iter().filter(|(k, _)| k == "table") {
        store
            .conn()
            .execute_batch(&format!("DROP TABLE {name}"))
            .unwrap();
    }
    store
        .conn()
        .execute_batch("PRAGMA user_version = 3")
        .unwrap();
    drop(store);

    let (store, _) = Store::open(dir.path(), t0()).unwrap();
    assert_eq!(
        jaga::store::schema::version(store.conn()).unwrap(),
        jaga::store::LATEST_VERSION
    );
    assert_eq!(
        summaries(&store),
        kept,
        "the upgrade's summaries differ from the triggers'"
    );
}

#[test]
fn the_results_generation_moves_only_when_what_the_dashboard_shows_changed() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo_store(dir.path(), 5, 2);
    let at = |store: &Store| store.results_generation().unwrap();
    let before = at(&store);
    store.set_setting("ui.theme", "dark").unwrap();
    store.set_retention_days(Some(3000)).unwrap();
    let _ = store.machine_id(uuid::Uuid::new_v4()).unwrap();
    assert_eq!(at(&store), before, "settings are not results");
    store
        .set_due_date(
            "data-security",
            None,
            NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
        )
        .unwrap();
    let after_due = at(&store);
    assert!(after_due > before, "a due date changes statuses");
    store
        .create_learner(
            &NewLearner {
                employee_id: "NEW-1".to_owned(),
                display_name: "Baru".to_owned(),
                department: None,
            },
            uuid::Uuid::new_v4(),
            t0(),
        )
        .unwrap();
    assert!(at(&store) > after_due, "a new learner is a new row");
}
