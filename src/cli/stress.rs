//! `jaga stress-store`: a simulated learner that writes attempts as fast as it can.
//!
//! It exists to prove that the store never loses or half-writes an attempt: the crash
//! test starts it, kills it with SIGKILL at random moments, and checks the file after.
//! It goes through the same engine and store calls as the app, and like the app it
//! resumes an open attempt when it starts. Each commit is announced on stdout only
//! after it returned, so every announced commit must be found in the file.

use std::io::Write as _;
use std::path::Path;

use chrono::Utc;
use uuid::Uuid;

use crate::content::{Course, Module, NodeKind, QuestionKind};
use crate::engine::{Attempt, Mode, attempt::run_node};
use crate::store::{NewLearner, Store};

/// Choices a simulated learner takes in a scenario before heading for an ending.
const WANDERING_STEPS: usize = 8;

/// The most choices a simulated learner takes in one scenario.
const MAX_SCENARIO_STEPS: usize = 256;

/// Runs `rounds` attempts (forever when `None`), printing `progress ID N` after each
/// saved answer and `committed ID N` after each finished attempt.
pub fn run(
    course: &Course,
    data: &Path,
    employee_id: &str,
    rounds: Option<u64>,
) -> Result<(), String> {
    if course.modules.is_empty() {
        return Err("the course has no modules".to_owned());
    }
    let (mut store, _) = Store::open(data, Utc::now()).map_err(|e| e.to_string())?;
    let learner = match store
        .learner_by_employee_id(employee_id)
        .map_err(|e| e.to_string())?
    {
        Some(learner) => learner,
        None => store
            .create_learner(
                &NewLearner {
                    employee_id: employee_id.to_owned(),
                    display_name: "Stress Test".to_owned(),
                    department: Some("QA".to_owned()),
                },
                Uuid::new_v4(),
                Utc::now(),
            )
            .map_err(|e| e.to_string())?,
    };
    let mut out = std::io::stdout().lock();
    let mut say = |line: String| {
        // A reader that went away is the crash test killing us; stop quietly then.
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    };

    let mut round: u64 = 0;
    while rounds.is_none_or(|r| round < r) {
        let module = &course.modules[usize::try_from(round).unwrap_or(0) % course.modules.len()];
        let resumed = store
            .open_attempt(&learner.id, &module.id)
            .map_err(|e| e.to_string())?
            .filter(|a| a.check_module(module).is_ok());
        let mut attempt = resumed.unwrap_or_else(|| {
            Attempt::start(
                module,
                Uuid::new_v4(),
                rand::random(),
                "id",
                Mode::Graded,
                Utc::now(),
            )
        });
        store
            .save_progress(&learner.id, &attempt, Utc::now())
            .map_err(|e| e.to_string())?;
        while let Some(index) = attempt.current() {
            if !answer_one(module, &mut attempt, index) {
                break;
            }
            store
                .save_progress(&learner.id, &attempt, Utc::now())
                .map_err(|e| e.to_string())?;
            say(format!("progress {} {}", attempt.id, attempt.answered()));
        }
        if attempt.current().is_none() {
            let outcome = attempt
                .finish(module, Utc::now())
                .map_err(|e| e.to_string())?;
            store
                .record_finished(&learner.id, &attempt, module, &outcome, &[], Utc::now())
                .map_err(|e| e.to_string())?;
            say(format!("committed {} {}", attempt.id, attempt.items.len()));
        } else {
            return Err(format!("could not finish an attempt at `{}`", module.id));
        }
        round += 1;
    }
    Ok(())
}

/// Answers question `index` like a hurried learner: the first shown choice, or a walk
/// through the scenario. Returns false when a scenario could not be ended.
fn answer_one(module: &Module, attempt: &mut Attempt, index: usize) -> bool {
    let Some(question) = module.question(&attempt.items[index].question_id) else {
        return false;
    };
    match &question.kind {
        QuestionKind::Scenario(scenario) => {
            for step in 0..MAX_SCENARIO_STEPS {
                let Some(run) = attempt.items[index].run.as_ref() else {
                    return attempt.items[index].response.is_some();
                };
                let Some(node) = run_node(scenario, run) else {
                    return false;
                };
                let NodeKind::Step { choices } = &node.kind else {
                    return false;
                };
                // Wander for a while (loops included), then take the shortest way out.
                let choice = if step < WANDERING_STEPS {
                    &choices[step % choices.len()]
                } else {
                    let distance = distances_to_ending(scenario);
                    choices
                        .iter()
                        .min_by_key(|c| distance.get(c.to).copied().unwrap_or(usize::MAX))
                        .unwrap_or(&choices[0])
                };
                let choice_id = choice.id.clone();
                if attempt.choose(module, index, &choice_id).is_err() {
                    return false;
                }
            }
            attempt.items[index].response.is_some()
        }
        _ => {
            let first = attempt.items[index].choice_order.first().cloned();
            first.is_some_and(|c| attempt.answer(module, index, &[c]).is_ok())
        }
    }
}

/// For each node, the fewest choices to an ending (`usize::MAX` when there is no way).
fn distances_to_ending(scenario: &crate::content::Scenario) -> Vec<usize> {
    let n = scenario.nodes.len();
    let mut distance: Vec<usize> = scenario
        .nodes
        .iter()
        .map(|node| match node.kind {
            NodeKind::Ending { .. } => 0,
            NodeKind::Step { .. } => usize::MAX,
        })
        .collect();
    // Relax until nothing changes; scenarios are small.
    for _ in 0..n {
        let mut changed = false;
        for (i, node) in scenario.nodes.iter().enumerate() {
            if let NodeKind::Step { choices } = &node.kind {
                let best = choices
                    .iter()
                    .filter_map(|c| distance.get(c.to).copied())
                    .filter(|d| *d != usize::MAX)
                    .map(|d| d + 1)
                    .min()
                    .unwrap_or(usize::MAX);
                if best < distance[i] {
                    distance[i] = best;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    distance
}
