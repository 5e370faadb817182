//! Properties of the engine and the store that must hold for every input, checked with
//! proptest on generated answers, seeds, dates and results: marks stay in range, partial
//! credit never drops for a right pick, a seed reproduces its draw, a dynamic scenario
//! scores the sum of its path, status depends on nothing but its inputs, and bundles
//! carry results between real stores on disk unchanged, however often and in whatever
//! order they are imported. The store cases touch disk, so they run fewer cases.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly"
)]

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use jaga::content::{
    MatchItem, Module, MultipleScoring, NodeKind, QuestionKind, Scenario, ScenarioScoring,
    Validity, load_bundled,
};
use jaga::engine::attempt::run_node;
use jaga::engine::grade::grade_choices;
use jaga::engine::{Attempt, Finished, Mode, Response, status};
use jaga::fsio::Existing;
use jaga::store::{NewLearner, Store};
use proptest::prelude::*;
use proptest::sample::Index;
use uuid::Uuid;

use crate::support::{engine_module, t0};

/// Every module a property runs over: the built-in course and the engine's fixtures.
static MODULES: LazyLock<Vec<Arc<Module>>> = LazyLock::new(|| {
    let mut modules = load_bundled().course.modules;
    modules.extend(["kinds", "scenarios", "draw-pool"].map(|m| Arc::new(engine_module(m))));
    modules
});

fn any_module() -> impl Strategy<Value = Arc<Module>> {
    any::<Index>().prop_map(|i| Arc::clone(i.get(&MODULES)))
}

/// Answers every question of `attempt`, choosing as `picks` say: any subset of a multiple
/// choice question's choices or of an artefact's segments, any order of steps, any
/// category for each item, any one of the others' choices, and in a scenario a walk of random
/// choices and steps back. A walk still going after 48 steps (a scenario with a loop) is
/// taken to its best ending, so every attempt finishes.
fn play(module: &Module, attempt: &mut Attempt, picks: &[u8]) {
    let mut pick = picks.iter().copied().cycle();
    while let Some(index) = attempt.current() {
        let question = module.question(&attempt.items[index].question_id).unwrap();
        match &question.kind {
            QuestionKind::Scenario(scenario) => {
                for step in 0..48 {
                    let Some(run) = attempt.items[index].run.clone() else {
                        break;
                    };
                    let NodeKind::Step { choices } = &run_node(scenario, &run).unwrap().kind else {
                        break;
                    };
                    let p = usize::from(pick.next().unwrap());
                    if p % 5 == 4 && scenario.allow_back && !run.path.is_empty() && step < 40 {
                        attempt.back(module, index).unwrap();
                        continue;
                    }
                    let choice = &choices[p % choices.len()];
                    attempt.choose(module, index, &choice.id).unwrap();
                }
                // Still walking (a loop): the shortest way to an ending from here.
                while let Some(run) = attempt.items[index].run.clone() {
                    let here = scenario.node_index(&run.node).unwrap();
                    let choice = next_towards_an_ending(scenario, here);
                    attempt.choose(module, index, &choice).unwrap();
                }
            }
            QuestionKind::Ordering { .. } => {
                // Any order: the steps taken out one by one as the picks say.
                let mut left = attempt.items[index].choice_order.clone();
                let mut order = Vec::with_capacity(left.len());
                while !left.is_empty() {
                    let p = usize::from(pick.next().unwrap()) % left.len();
                    order.push(left.remove(p));
                }
                attempt.answer(module, index, &order).unwrap();
            }
            QuestionKind::Matching { categories, .. } => {
                // Any category for each item.
                let pairs: Vec<String> = attempt.items[index]
                    .choice_order
                    .clone()
                    .iter()
                    .map(|item| {
                        let p = usize::from(pick.next().unwrap()) % categories.len();
                        MatchItem::pair(item, &categories[p].id)
                    })
                    .collect();
                attempt.answer(module, index, &pairs).unwrap();
            }
            QuestionKind::SpotTheLeak { .. } => {
                // Any set of marks, none at all included.
                let mask = pick.next().unwrap();
                let marked: Vec<String> = attempt.items[index]
                    .choice_order
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| mask & (1 << (i % 8)) != 0)
                    .map(|(_, c)| c.clone())
                    .collect();
                attempt.answer(module, index, &marked).unwrap();
            }
            _ => {
                let order = attempt.items[index].choice_order.clone();
                let mask = pick.next().unwrap();
                let chosen: Vec<String> =
                    if matches!(question.kind, QuestionKind::MultipleChoice { .. }) {
                        let some: Vec<String> = order
                            .iter()
                            .enumerate()
                            .filter(|(i, _)| mask & (1 << (i % 8)) != 0)
                            .map(|(_, c)| c.clone())
                            .collect();
                        if some.is_empty() {
                            order[..1].to_vec()
                        } else {
                            some
                        }
                    } else {
                        vec![order[usize::from(mask) % order.len()].clone()]
                    };
                attempt.answer(module, index, &chosen).unwrap();
            }
        }
    }
}

/// The id of the choice at node `from` that starts a shortest path to an ending (the
/// validator refuses a scenario where some step cannot reach one).
fn next_towards_an_ending(scenario: &Scenario, from: usize) -> String {
    let mut first: Vec<Option<usize>> = vec![None; scenario.nodes.len()];
    let mut queue = std::collections::VecDeque::from([from]);
    let mut seen = vec![false; scenario.nodes.len()];
    seen[from] = true;
    while let Some(node) = queue.pop_front() {
        let NodeKind::Step { choices } = &scenario.nodes[node].kind else {
            continue;
        };
        for (i, choice) in choices.iter().enumerate() {
            if seen[choice.to] {
                continue;
            }
            seen[choice.to] = true;
            first[choice.to] = if node == from { Some(i) } else { first[node] };
            if matches!(scenario.nodes[choice.to].kind, NodeKind::Ending { .. }) {
                let NodeKind::Step { choices } = &scenario.nodes[from].kind else {
                    unreachable!("the walk starts at a step");
                };
                return choices[first[choice.to].unwrap()].id.clone();
            }
            queue.push_back(choice.to);
        }
    }
    panic!("no ending is reachable from node {from}");
}

fn start(module: &Module, id: u128, seed: u64, at: DateTime<Utc>) -> Attempt {
    Attempt::start(module, Uuid::from_u128(id), seed, "id", Mode::Graded, at)
}

// ---- The engine ------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn a_score_lies_between_zero_and_the_maximum_for_any_answers(
        module in any_module(),
        seed in any::<u64>(),
        picks in prop::collection::vec(any::<u8>(), 1..64),
    ) {
        let mut attempt = start(&module, 1, seed, t0());
        play(&module, &mut attempt, &picks);
        let outcome = attempt.finish(&module, t0() + Duration::minutes(9)).unwrap();
        prop_assert!(outcome.max > 0.0);
        prop_assert!((0.0..=outcome.max).contains(&outcome.raw), "{outcome:?}");
        prop_assert!((0.0..=100.0).contains(&outcome.percent), "{outcome:?}");
        for item in &attempt.items {
            let grade = item.response.as_ref().unwrap().grade();
            prop_assert!((0.0..=1.0).contains(&grade.fraction), "{grade:?}");
            prop_assert!((0.0..=grade.max).contains(&grade.earned), "{grade:?}");
        }
    }

    #[test]
    fn partial_credit_never_drops_for_one_more_right_pick_or_one_less_wrong_one(
        which in any::<Index>(),
        mask in any::<u32>(),
    ) {
        let questions: Vec<_> = MODULES
            .iter()
            .flat_map(|m| m.assessment.questions.iter())
            .filter(|q| matches!(
                q.kind,
                QuestionKind::MultipleChoice { scoring: MultipleScoring::PartialCredit, .. }
            ))
            .collect();
        let question = which.get(&questions);
        let QuestionKind::MultipleChoice { choices, .. } = &question.kind else {
            unreachable!("filtered above");
        };
        let chosen: Vec<String> = choices
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << (i % 32)) != 0)
            .map(|(_, c)| c.id.clone())
            .collect();
        let mark = |chosen: &[String]| grade_choices(question, chosen).unwrap();
        let before = mark(&chosen);
        for choice in choices {
            let picked = chosen.contains(&choice.id);
            let changed: Vec<String> = if picked {
                chosen.iter().filter(|c| **c != choice.id).cloned().collect()
            } else {
                chosen.iter().cloned().chain([choice.id.clone()]).collect()
            };
            let after = mark(&changed);
            if choice.correct && !picked {
                prop_assert!(after >= before, "{}: +{} {before} -> {after}", question.id, choice.id);
            }
            if !choice.correct && picked {
                prop_assert!(after >= before, "{}: -{} {before} -> {after}", question.id, choice.id);
            }
        }
    }

    #[test]
    fn a_seed_reproduces_the_draw_and_every_order(
        module in any_module(),
        seed in any::<u64>(),
        ids in (any::<u128>(), any::<u128>()),
        later in 0i64..100_000,
    ) {
        let first = start(&module, ids.0, seed, t0());
        let again = start(&module, ids.1, seed, t0() + Duration::minutes(later));
        let shown = |a: &Attempt| -> Vec<(String, Vec<String>)> {
            a.items.iter().map(|i| (i.question_id.clone(), i.choice_order.clone())).collect()
        };
        prop_assert_eq!(shown(&first), shown(&again));
        let questions = &module.assessment.questions;
        prop_assert_eq!(first.items.len(), module.assessment.asked().min(questions.len()));
        let mut asked: Vec<&str> = first.items.iter().map(|i| i.question_id.as_str()).collect();
        asked.sort_unstable();
        asked.dedup();
        prop_assert_eq!(asked.len(), first.items.len(), "a question asked twice");
        for pinned in questions.iter().filter(|q| q.always_ask) {
            prop_assert!(asked.contains(&pinned.id.as_str()), "{} not drawn", pinned.id);
        }
    }

    #[test]
    fn a_dynamic_scenario_scores_the_sum_of_the_points_along_its_path(
        module in any_module(),
        seed in any::<u64>(),
        picks in prop::collection::vec(any::<u8>(), 1..64),
    ) {
        let mut attempt = start(&module, 2, seed, t0());
        play(&module, &mut attempt, &picks);
        for item in &attempt.items {
            let question = module.question(&item.question_id).unwrap();
            let QuestionKind::Scenario(scenario) = &question.kind else { continue };
            let Some(Response::Scenario { path, ending, grade, .. }) = &item.response else {
                panic!("a scenario without its path");
            };
            // The path is one the scenario offers: each step a choice at its node that
            // leads to the next step's node, the last to the ending.
            let mut at = scenario.nodes[scenario.start].id.clone();
            for step in path {
                prop_assert_eq!(&step.node, &at);
                let node = &scenario.nodes[scenario.node_index(&at).unwrap()];
                let NodeKind::Step { choices } = &node.kind else {
                    panic!("a step taken at an ending");
                };
                let choice = choices.iter().find(|c| c.id == step.choice).unwrap();
                prop_assert_eq!(step.points, choice.points);
                at.clone_from(&scenario.nodes[choice.to].id);
            }
            prop_assert_eq!(&at, ending);
            if matches!(scenario.scoring, ScenarioScoring::Dynamic) {
                let sum: i64 = path.iter().map(|s| i64::from(s.points)).sum();
                let max = i64::from(scenario.max_score);
                let expected = f64::from(u32::try_from(sum.clamp(0, max)).unwrap())
                    / f64::from(scenario.max_score);
                prop_assert!((grade.fraction - expected).abs() < 1e-12, "{grade:?} vs {expected}");
            }
        }
    }
}

/// A finished attempt as status sees it: days from `t0`, passed or not.
fn finished(days: i64, passed: bool) -> Finished {
    Finished {
        at: t0() + Duration::days(days) + Duration::minutes(days.rem_euclid(7) * 97),
        passed,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn status_depends_only_on_the_attempts_the_module_now_and_the_due_date(
        attempts in prop::collection::vec((-800i64..800, any::<bool>()), 0..8),
        open in prop::option::of((0usize..10, 1usize..10)),
        validity in prop::option::of((1u32..800, 0u32..60)),
        due in prop::option::of(-400i64..400),
        now in -400i64..900,
        rotate in any::<Index>(),
    ) {
        let list: Vec<Finished> = attempts.iter().map(|(d, p)| finished(*d, *p)).collect();
        let validity = validity.map(|(valid_for_days, warn_days_before)| Validity {
            valid_for_days,
            warn_days_before,
        });
        let due: Option<NaiveDate> = due.map(|d| (t0() + Duration::days(d)).date_naive());
        let now = t0() + Duration::days(now) + Duration::hours(5);
        let open = open.map(|(a, t)| (a.min(t), t));
        let first = status(&list, open, validity, due, now);

        // The same inputs in another order, or one attempt listed twice, give the same.
        let mut turned = list.clone();
        if !turned.is_empty() {
            let by = rotate.index(turned.len());
            turned.rotate_left(by);
            turned.push(turned[by]);
        }
        prop_assert_eq!(status(&turned, open, validity, due, now), first);
        prop_assert_eq!(status(&list, open, validity, due, now), first);

        // Complete exactly when a pass by now is still valid now.
        let valid_pass = list.iter().filter(|f| f.passed && f.at <= now).any(|f| {
            jaga::engine::status::expiry(f.at, validity).is_none_or(|until| now < until)
        });
        prop_assert_eq!(first.is_complete(), valid_pass, "{:?}", first);
    }
}

// ---- The store and bundles -------------------------------------------------------------

/// A made-up person: the employee ID decides the name and department, as it would for the
/// same person on every machine.
fn person(employee: u8) -> NewLearner {
    const NAMES: [&str; 4] = [
        "Maya Santoso",
        "Rizky Nugroho",
        "Dewi Lestari",
        "Budi Hartono",
    ];
    NewLearner {
        employee_id: format!("EMP-{employee:03}"),
        display_name: NAMES[usize::from(employee) % NAMES.len()].to_owned(),
        department: (!employee.is_multiple_of(3))
            .then(|| ["TI", "Keuangan"][usize::from(employee) % 2].to_owned()),
    }
}

/// One machine's results: its people (by employee number) and their finished attempts
/// (whose person, which module, seed, answers, days before `t0`).
#[derive(Debug, Clone)]
struct Machine {
    people: Vec<u8>,
    attempts: Vec<(Index, Index, u64, Vec<u8>, u16)>,
}

fn any_machine() -> impl Strategy<Value = Machine> {
    (
        prop::collection::btree_set(0u8..6, 1..4),
        prop::collection::vec(
            (
                any::<Index>(),
                any::<Index>(),
                any::<u64>(),
                prop::collection::vec(any::<u8>(), 1..16),
                0u16..300,
            ),
            0..5,
        ),
    )
        .prop_map(|(people, attempts)| Machine {
            people: people.into_iter().collect(),
            attempts,
        })
}

/// The built-in course's modules: a bundle is checked against the course it was taken on.
static COURSE: LazyLock<jaga::content::Course> = LazyLock::new(|| load_bundled().course);

fn open(dir: &Path) -> Store {
    Store::open(dir, t0()).unwrap().0
}

/// Fills a store in `dir` with `machine`'s results; `n` keeps attempt ids apart between
/// machines, as random UUIDs are.
fn fill(dir: &Path, machine: &Machine, n: u128) {
    let mut store = open(dir);
    let learners: Vec<_> = machine
        .people
        .iter()
        .map(|p| {
            let id = Uuid::from_u128((n << 64) | u128::from(*p) | 0x100);
            store
                .create_learner(&person(*p), id, t0() - Duration::days(400))
                .unwrap()
        })
        .collect();
    for (k, (who, which, seed, picks, days)) in machine.attempts.iter().enumerate() {
        let module = which.get(&COURSE.modules);
        let learner = who.get(&learners);
        let at = t0() - Duration::days(i64::from(*days));
        let id = (n << 64) | (u128::try_from(k).unwrap() << 8) | 0x4000;
        let mut attempt = start(module, id, *seed, at);
        play(module, &mut attempt, picks);
        let outcome = attempt.finish(module, at + Duration::minutes(11)).unwrap();
        store
            .record_finished(&learner.id, &attempt, module, &outcome, &[], at)
            .unwrap();
    }
}

/// Writes the store in `dir` as a bundle at `out`, as machine `machine`.
fn write_bundle(dir: &Path, out: &Path, machine: u128) {
    let mut store = open(dir);
    jaga::bundle::write(
        &mut store,
        out,
        Existing::Replace,
        Uuid::from_u128(machine),
        t0(),
    )
    .unwrap();
}

fn unzip(file: &Path) -> String {
    let mut text = String::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(file).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn import(dir: &Path, bundle: &Path) -> jaga::bundle::ImportReport {
    let mut store = open(dir);
    jaga::bundle::import_file(&mut store, bundle, Some(&COURSE), t0()).unwrap()
}

/// Every row of every table as text, sorted; with `by_employee`, each learner's opaque id
/// replaced by their employee ID (which profile id a person gets depends on which bundle
/// named them first) and the results generation counter left out.
fn snapshot(dir: &Path, by_employee: bool) -> BTreeMap<String, Vec<String>> {
    use rusqlite::types::Value;
    let store = open(dir);
    let conn = store.conn();
    let ids: BTreeMap<String, String> = conn
        .prepare("SELECT id, employee_id FROM learners")
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut all = BTreeMap::new();
    for table in tables {
        if by_employee && table == "changes" {
            continue;
        }
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |row| {
                let values: Vec<String> = (0..columns)
                    .map(|i| match row.get::<_, Value>(i).unwrap() {
                        Value::Text(t) if by_employee && ids.contains_key(&t) => {
                            format!("learner {}", ids[&t])
                        }
                        other => format!("{other:?}"),
                    })
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn a_bundle_imported_into_an_empty_store_is_written_again_unchanged(machine in any_machine()) {
        let dir = tempfile::tempdir().unwrap();
        let (here, there) = (dir.path().join("here"), dir.path().join("there"));
        fill(&here, &machine, 1);
        let (first, second) = (dir.path().join("first.jsonl.gz"), dir.path().join("second.jsonl.gz"));
        write_bundle(&here, &first, 7);
        let report = import(&there, &first);
        prop_assert_eq!(report.attempts_added, machine.attempts.len());
        write_bundle(&there, &second, 7);
        prop_assert_eq!(unzip(&first), unzip(&second));
    }

    #[test]
    fn importing_bundles_again_or_in_another_order_gives_the_same_store(
        machines in prop::collection::vec(any_machine(), 1..4),
        rotate in any::<Index>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut bundles = Vec::new();
        for (n, machine) in machines.iter().enumerate() {
            let n = u128::try_from(n).unwrap() + 1;
            let folder = dir.path().join(format!("machine-{n}"));
            fill(&folder, machine, n);
            let out = dir.path().join(format!("machine-{n}.jsonl.gz"));
            write_bundle(&folder, &out, 100 + n);
            bundles.push(out);
        }
        let (one, other) = (dir.path().join("one"), dir.path().join("other"));
        for bundle in &bundles {
            import(&one, bundle);
        }
        let mut turned = bundles.clone();
        let by = rotate.index(turned.len());
        turned.rotate_left(by);
        turned.reverse();
        for bundle in &turned {
            import(&other, bundle);
        }
        prop_assert_eq!(snapshot(&one, true), snapshot(&other, true));

        let before = snapshot(&one, false);
        for bundle in &bundles {
            let report = import(&one, bundle);
            prop_assert!(report.changed_nothing(), "{report:?}");
        }
        prop_assert_eq!(snapshot(&one, false), before);
    }
}

/// The status every report shows for `learner` on `module`, read through the store.
fn reported_status(dir: &Path, module: &str, now: DateTime<Utc>) -> jaga::engine::Status {
    use jaga::report::rows::{RowScope, each_learner};
    let store = open(dir);
    let mut found = None;
    each_learner::<jaga::store::StoreError>(
        &store,
        &RowScope::report(&COURSE, "id", now),
        &jaga::report::Filter::default(),
        &mut |rows| {
            found = rows
                .cells
                .iter()
                .find(|c| c.module_id == module)
                .map(|c| c.status);
            Ok(())
        },
    )
    .unwrap();
    found.unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn the_status_a_store_reports_is_the_engines_for_the_same_attempts_recorded_in_any_order(
        which in any::<Index>(),
        attempts in prop::collection::vec(
            (0i64..900, prop::collection::vec(any::<u8>(), 1..16), any::<u64>()),
            1..6,
        ),
        now in 0i64..900,
        rotate in any::<Index>(),
    ) {
        let module = which.get(&COURSE.modules);
        let now = t0() + Duration::days(now);
        let mut played = Vec::new();
        for (k, (days, picks, seed)) in attempts.iter().enumerate() {
            let at = t0() - Duration::days(*days) - Duration::minutes(i64::try_from(k).unwrap());
            let mut attempt = start(module, 0x5000 + u128::try_from(k).unwrap(), *seed, at);
            play(module, &mut attempt, picks);
            let outcome = attempt.finish(module, at + Duration::minutes(11)).unwrap();
            played.push((attempt, outcome));
        }
        let finished: Vec<Finished> = played
            .iter()
            .map(|(a, o)| Finished { at: a.finished.unwrap(), passed: o.passed })
            .collect();
        let expected = status(&finished, None, module.validity, None, now);

        let dir = tempfile::tempdir().unwrap();
        let mut turned: Vec<usize> = (0..played.len()).collect();
        let by = rotate.index(turned.len());
        turned.rotate_left(by);
        turned.reverse();
        for (name, order) in [("in-order", (0..played.len()).collect()), ("turned", turned)] {
            let folder = dir.path().join(name);
            let mut store = open(&folder);
            let learner = store
                .create_learner(&person(1), Uuid::from_u128(0x77), t0() - Duration::days(1000))
                .unwrap();
            for i in order {
                let (attempt, outcome) = &played[i];
                store
                    .record_finished(&learner.id, attempt, module, outcome, &[], attempt.started)
                    .unwrap();
            }
            drop(store);
            prop_assert_eq!(reported_status(&folder, &module.id, now), expected, "{}", name);
        }
    }
}
