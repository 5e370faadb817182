//! `jaga stress-store`: a simulated learner that writes attempts as fast as it can.
//!
//! It exists to prove that the store never loses or half-writes an attempt: the crash
//! test starts it, kills it with SIGKILL at random moments, and checks the file after.
//! It plays each attempt through the window's own session rules (`engine::Session`) and
//! applies their effects with the window's own writer (`service::learner::apply`), so
//! like the window it resumes an open attempt when it starts. Each write is announced on
//! stdout only after it returned, so every announced write must be found in the file.

use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;

use crate::clock::{Clock as _, Entropy, SystemClock, SystemEntropy};
use crate::content::{Course, MatchItem, Module, NodeKind, QuestionKind};
use crate::engine::attempt::run_node;
use crate::engine::{Effect, Session, Sitting, Step};
use crate::service::learner::{self, Applied};
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
) -> anyhow::Result<()> {
    if course.modules.is_empty() {
        anyhow::bail!("the course has no modules");
    }
    let clock = SystemClock;
    let mut entropy = SystemEntropy;
    let (mut store, _) = Store::open(data, clock.now())?;
    let learner = match store.learner_by_employee_id(employee_id)? {
        Some(learner) => learner,
        None => store.create_learner(
            &NewLearner {
                employee_id: employee_id.to_owned(),
                display_name: "Stress Test".to_owned(),
                department: Some("QA".to_owned()),
            },
            entropy.uuid(),
            clock.now(),
        )?,
    };
    let mut out = std::io::stdout().lock();
    let mut say = |line: String| {
        // A reader that went away is the crash test killing us; stop quietly then.
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    };
    let mut apply = |store: &mut Store, effects: Vec<Effect>| -> anyhow::Result<()> {
        for effect in effects {
            let applied = learner::apply(store, &learner.id, &effect, clock.now())?;
            match (&effect, applied) {
                (Effect::SaveProgress(attempt), _) => {
                    say(format!("progress {} {}", attempt.id, attempt.answered()));
                }
                (_, Applied::Recorded(record)) => {
                    say(format!(
                        "committed {} {}",
                        record.id,
                        record.responses.len()
                    ));
                }
                _ => {}
            }
        }
        Ok(())
    };

    let mut round: u64 = 0;
    while rounds.is_none_or(|r| round < r) {
        let module = &course.modules[usize::try_from(round).unwrap_or(0) % course.modules.len()];
        let open = store.open_attempts(&learner.id)?;
        let (mut session, effects) = Session::start(
            module,
            &open,
            Sitting::Graded,
            &mut entropy,
            "id",
            clock.now(),
        );
        apply(&mut store, effects)?;
        loop {
            if session.attempt.current().is_some() {
                let effects = answer_one(&mut session).ok_or_else(|| {
                    anyhow::anyhow!("could not finish an attempt at `{}`", module.id)
                })?;
                apply(&mut store, effects)?;
            }
            let (step, effects) = session.next(clock.now())?;
            apply(&mut store, effects)?;
            if let Step::Finished(_) = step {
                break;
            }
        }
        round += 1;
    }
    Ok(())
}

/// Answers the current question like a hurried learner: the first shown choice, or a
/// walk through the scenario. `None` when the question could not be answered.
fn answer_one(session: &mut Session) -> Option<Vec<Effect>> {
    let index = session.attempt.current()?;
    let module: Arc<Module> = Arc::clone(&session.module);
    let question = module.question(&session.attempt.items[index].question_id)?;
    match &question.kind {
        QuestionKind::Scenario(scenario) => {
            let mut effects = Vec::new();
            for step in 0..MAX_SCENARIO_STEPS {
                let Some(run) = session.attempt.items[index].run.as_ref() else {
                    return session.attempt.items[index]
                        .response
                        .is_some()
                        .then_some(effects);
                };
                let node = run_node(scenario, run)?;
                let NodeKind::Step { choices } = &node.kind else {
                    return None;
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
                effects.extend(session.choose(&choice.id).ok()?);
            }
            session.attempt.items[index]
                .response
                .is_some()
                .then_some(effects)
        }
        _ => {
            let shown = session.attempt.items[index].choice_order.clone();
            let chosen = match &question.kind {
                // Steps as shown; every item in the first category.
                QuestionKind::Ordering { .. } => shown,
                QuestionKind::Matching { categories, .. } => {
                    let first = &categories.first()?.id;
                    shown
                        .iter()
                        .map(|item| MatchItem::pair(item, first))
                        .collect()
                }
                _ => vec![shown.first().cloned()?],
            };
            session.answer(&chosen).ok()
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
