//! Fixtures shared by the tests of the core and the command line (no window): a fixed
//! clock, the engine's fixture modules, attempts played to the end, and the real `jaga`
//! binary started without anything leaking in from the developer's environment.
#![allow(
    dead_code,
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "shared by test binaries that each use part of it; tests fail loudly"
)]

pub mod node;
#[cfg(feature = "gui")]
pub mod window;

use std::path::Path;
use std::process::{Command, Stdio};

use chrono::{DateTime, Duration, TimeZone as _, Utc};
use jaga::content::{
    Assets, MatchItem, Module, NodeKind, QuestionKind, Scenario, ScenarioChoice, ScenarioScoring,
    load::parse_module,
};
use jaga::engine::attempt::run_node;
use jaga::engine::{Attempt, Mode};
use uuid::Uuid;

/// Whether a test may run: its external tool or file (`what`) is at hand. When it is not, a
/// developer's run skips the test, saying so on stderr; under CI (the `CI` environment
/// variable set and not `0` or `false`, as `.ci/run` does) a missing tool is a failure, so
/// a test never passes there without having run.
pub fn available(test: &str, what: &str, present: bool) -> bool {
    if present {
        return true;
    }
    let ci = std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"));
    assert!(
        !ci,
        "{test}: {what} is missing, and CI must run every test (scripts/test.sh installs the tools)"
    );
    eprintln!("SKIPPED {test}: {what} is missing (scripts/test.sh installs it)");
    false
}

/// 29 November 2026, 09:00 UTC: the fixed "now" of the tests.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 29, 9, 0, 0).unwrap()
}

/// A module from `tests/fixtures/engine`, which must load without errors.
pub fn engine_module(name: &str) -> Module {
    let path = format!("tests/fixtures/engine/{name}.ron");
    let bytes = std::fs::read(&path).expect("fixture");
    let (module, diagnostics) = parse_module(&path, &bytes, &Assets::Missing);
    assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
    module.expect("module")
}

pub fn ids(values: &[&str]) -> Vec<String> {
    values.iter().map(|s| (*s).to_owned()).collect()
}

/// A fixed but well-formed (version 4) UUID, as the app's attempt ids are.
pub fn v4(n: u128) -> Uuid {
    uuid::Builder::from_random_bytes(n.to_be_bytes()).into_uuid()
}

/// Every choice kind of the `kinds` fixture, answered right or wrong, finished three and a
/// half minutes (and a few milliseconds) in.
pub fn finished_kinds(seed: u64, right: bool) -> (Module, Attempt) {
    let module = engine_module("kinds");
    let mut attempt = Attempt::start(
        &module,
        v4(1000 + u128::from(seed)),
        seed,
        "id",
        Mode::Graded,
        t0(),
    );
    let answers: [&[&str]; 4] = if right {
        [
            &["hr"],
            &["urgent", "link", "sender"],
            &["report", "wipe"],
            &["true"],
        ]
    } else {
        [&["all"], &["logo"], &["report"], &["false"]]
    };
    for (i, chosen) in answers.iter().enumerate() {
        attempt.answer(&module, i, &ids(chosen)).unwrap();
    }
    attempt
        .finish(&module, t0() + Duration::milliseconds(3 * 60_000 + 30_456))
        .unwrap();
    (module, attempt)
}

/// The `practice` fixture (spot the leak, ordering, matching) answered best or worst,
/// finished two minutes in.
pub fn finished_practice(seed: u64, well: bool) -> (Module, Attempt) {
    let module = engine_module("practice");
    let mut attempt = Attempt::start(
        &module,
        v4(2000 + u128::from(seed)),
        seed,
        "id",
        Mode::Graded,
        t0(),
    );
    answer_all(&module, &mut attempt, well);
    attempt
        .finish(&module, t0() + Duration::seconds(120))
        .unwrap();
    (module, attempt)
}

/// Both scenarios of the `scenarios` fixture played through, with a back step and a loop,
/// finished 90 seconds in.
pub fn finished_scenarios(seed: u64) -> (Module, Attempt) {
    let module = engine_module("scenarios");
    let mut attempt = Attempt::start(
        &module,
        v4(u128::from(seed)),
        seed,
        "en",
        Mode::Graded,
        t0(),
    );
    let index = |q: &str| {
        attempt
            .items
            .iter()
            .position(|i| i.question_id == q)
            .unwrap()
    };
    let (s, d) = (index("static"), index("dynamic"));
    attempt.choose(&module, s, "reread").unwrap();
    attempt.choose(&module, s, "click").unwrap();
    attempt.back(&module, s).unwrap();
    attempt.choose(&module, s, "report").unwrap();
    for choice in ["why", "unsure", "why", "minimal"] {
        attempt.choose(&module, d, choice).unwrap();
    }
    attempt
        .finish(&module, t0() + Duration::seconds(90))
        .unwrap();
    (module, attempt)
}

/// What a choice adds to a scenario's score: its points when the scenario sums them.
fn gain(scenario: &Scenario, choice: &ScenarioChoice) -> i64 {
    match scenario.scoring {
        ScenarioScoring::Dynamic => i64::from(choice.points),
        ScenarioScoring::Static => 0,
    }
}

/// The best a learner can still reach from node `at` after `here`, without visiting a
/// node twice: the highest ending score (Static) or the highest sum of points (Dynamic).
fn best_from(scenario: &Scenario, at: usize, here: Option<usize>) -> i64 {
    fn walk(scenario: &Scenario, at: usize, seen: &mut Vec<usize>) -> i64 {
        match &scenario.nodes[at].kind {
            NodeKind::Ending { score, .. } => match scenario.scoring {
                ScenarioScoring::Static => i64::from(*score),
                ScenarioScoring::Dynamic => 0,
            },
            NodeKind::Step { choices } => {
                seen.push(at);
                let mut best = i64::MIN / 4;
                for choice in choices {
                    if !seen.contains(&choice.to) {
                        best = best.max(gain(scenario, choice) + walk(scenario, choice.to, seen));
                    }
                }
                seen.pop();
                best
            }
        }
    }
    walk(scenario, at, &mut here.into_iter().collect())
}

/// Answers every question of an attempt: the best answer when `well` (in a scenario, the
/// path to the best ending or the best sum), a poor one if not.
pub fn answer_all(module: &Module, attempt: &mut Attempt, well: bool) {
    while let Some(index) = attempt.current() {
        let question = module.question(&attempt.items[index].question_id).unwrap();
        match &question.kind {
            QuestionKind::Scenario(scenario) => {
                for _ in 0..64 {
                    let Some(run) = attempt.items[index].run.clone() else {
                        break;
                    };
                    let NodeKind::Step { choices } = &run_node(scenario, &run).unwrap().kind else {
                        break;
                    };
                    let here = scenario.node_index(&run_node(scenario, &run).unwrap().id);
                    let pick = if well {
                        choices
                            .iter()
                            .max_by_key(|c| gain(scenario, c) + best_from(scenario, c.to, here))
                    } else {
                        choices.iter().min_by_key(|c| c.points)
                    };
                    let id = pick.unwrap().id.clone();
                    attempt.choose(module, index, &id).unwrap();
                }
                assert!(
                    attempt.items[index].response.is_some(),
                    "scenario {} did not end",
                    question.id
                );
            }
            QuestionKind::SingleChoice { choices }
            | QuestionKind::MultipleChoice { choices, .. } => {
                let chosen: Vec<String> = choices
                    .iter()
                    .filter(|c| c.correct == well)
                    .take(if well { usize::MAX } else { 1 })
                    .map(|c| c.id.clone())
                    .collect();
                attempt.answer(module, index, &chosen).unwrap();
            }
            QuestionKind::TrueFalse { answer, .. } => {
                let pick = if *answer == well { "true" } else { "false" };
                attempt.answer(module, index, &[pick.to_owned()]).unwrap();
            }
            QuestionKind::SpotTheLeak { segments, .. } => {
                let marked: Vec<String> = segments
                    .iter()
                    .filter(|s| s.mark.is_some() == well)
                    .map(|s| s.id.clone())
                    .collect();
                attempt.answer(module, index, &marked).unwrap();
            }
            QuestionKind::Ordering { steps } => {
                let mut order: Vec<String> = steps.iter().map(|s| s.id.clone()).collect();
                if !well {
                    order.reverse();
                }
                attempt.answer(module, index, &order).unwrap();
            }
            QuestionKind::Matching { categories, items } => {
                let pairs: Vec<String> = items
                    .iter()
                    .map(|item| {
                        let category = if well {
                            item.category.as_str()
                        } else {
                            categories
                                .iter()
                                .find(|c| c.id != item.category)
                                .map_or("", |c| c.id.as_str())
                        };
                        MatchItem::pair(&item.id, category)
                    })
                    .collect();
                attempt.answer(module, index, &pairs).unwrap();
            }
        }
    }
}

/// The real `jaga` binary, with no stdin and none of the environment variables it reads
/// (data folder, LRS settings, manager passphrase), so a developer's own settings never reach a
/// test. The policy folder is one that does not exist, so this computer's `/etc/jaga` is never
/// read.
pub fn jaga_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jaga"));
    command
        .env(
            jaga::policy::DIR_ENV,
            std::env::temp_dir().join("jaga-tests-no-policy-here"),
        )
        .env_remove("JAGA_DATA_DIR")
        .env_remove("JAGA_LRS_ENDPOINT")
        .env_remove("JAGA_LRS_KEY")
        .env_remove("JAGA_LRS_SECRET")
        .env_remove("JAGA_MANAGER_PASSPHRASE")
        .stdin(Stdio::null());
    command
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temp path")
}
