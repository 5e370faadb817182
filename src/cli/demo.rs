//! `jaga demo-data`: fills an empty data folder with made-up learners and results.
//!
//! It exists so a manager can try the dashboard and the exports before real results come
//! in, and so the benchmarks and tests have realistic data at any size (a million attempts
//! with `--attempts 1000000`). Every attempt is played through the window's own session
//! rules (drawn, shuffled, answered, marked) and written by the window's own writer, one
//! transaction per 2,000 learners; the learners answer with a skill of their own, retake
//! when they fail, and some leave a quiz half done. The same seed gives the same names,
//! answers and scores; the ids (of learners and attempts) come from a sequence of their
//! own, random for each data folder, so demo data made in two folders never shares an
//! attempt id and their bundles merge without false conflicts.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use rand::{Rng as _, RngExt as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use crate::clock::Entropy;
use crate::content::{
    Course, MatchItem, Module, NodeKind, QuestionKind, Scenario, ScenarioScoring,
};
use crate::engine::session::coalesce;
use crate::engine::{Effect, Queue, Session, Sitting, Step, attempt::run_node, review};
use crate::service::learner;
use crate::store::{self, Learner, Store};

const FIRST_NAMES: &[&str] = &[
    "Sari", "Budi", "Rina", "Andi", "Dewi", "Agus", "Putri", "Hendra", "Wulan", "Rizky", "Maya",
    "Fajar", "Indah", "Yusuf", "Nur", "Dimas", "Ayu", "Bayu", "Lestari", "Teguh",
];
const LAST_NAMES: &[&str] = &[
    "Wulandari",
    "Santoso",
    "Pratama",
    "Saputra",
    "Hidayat",
    "Kusuma",
    "Nugroho",
    "Siregar",
    "Lubis",
    "Setiawan",
    "Permata",
    "Wijaya",
    "Rahmawati",
    "Simanjuntak",
    "Halim",
];
const DEPARTMENTS: &[&str] = &[
    "Keuangan",
    "Pemasaran",
    "SDM",
    "TI",
    "Operasional",
    "Layanan Pelanggan",
    "Hukum",
];

/// How much demo data to make, and from which random sequences.
#[derive(Debug, Clone, Copy)]
pub struct DemoSize {
    /// Learners to make (when `attempts` is `None`).
    pub learners: usize,
    /// Make learners until this many attempts are finished, whatever `learners` says.
    pub attempts: Option<usize>,
    /// The seed of names, skills, answers and times.
    pub seed: u64,
    /// The seed of ids: give each data folder its own (the command line draws one at
    /// random), so two folders' demo data never share an id.
    pub ids: u64,
}

impl DemoSize {
    /// `learners` learners from `seed`, with ids from `ids`.
    pub fn learners(learners: usize, seed: u64, ids: u64) -> Self {
        Self {
            learners,
            attempts: None,
            seed,
            ids,
        }
    }

    fn done(&self, report: &DemoReport) -> bool {
        match self.attempts {
            Some(target) => report.attempts >= target,
            None => report.learners >= self.learners,
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DemoReport {
    pub learners: usize,
    pub attempts: usize,
    pub open: usize,
}

/// Writes demo data into `store`, which must have no learners yet.
pub fn fill(
    store: &mut Store,
    course: &Course,
    size: DemoSize,
    now: DateTime<Utc>,
) -> anyhow::Result<DemoReport> {
    if !store.learners()?.is_empty() {
        anyhow::bail!(
            "the data folder already has learners; demo data only goes into an empty one"
        );
    }
    if course.modules.is_empty() {
        anyhow::bail!("the course has no modules");
    }
    let mut rng = ChaCha8Rng::seed_from_u64(size.seed);
    let mut ids = ChaCha8Rng::seed_from_u64(size.ids);
    // Refreshers draw from sequences of their own, so the graded results of a seed are
    // the same with them as without.
    let mut refresher_rng = ChaCha8Rng::seed_from_u64(size.seed ^ 0x7e5f_2e54);
    let mut refresher_ids = ChaCha8Rng::seed_from_u64(size.ids ^ 0x7e5f_2e54);
    let mut report = DemoReport::default();
    // Write in chunks: one transaction per 2,000 learners keeps memory and fsyncs low.
    while !size.done(&report) {
        store.transact(|tx| {
            for _ in 0..2000 {
                if size.done(&report) {
                    break;
                }
                let n = report.learners;
                let learner = make_learner(&mut rng, &mut ids, n, now);
                store::learners::insert_learner(tx, &learner)?;
                report.learners += 1;
                let skill = rng.random_range(0.6..0.99);
                for module in &course.modules {
                    if !rng.random_bool(0.85) {
                        continue;
                    }
                    let mut when = now - Duration::minutes(rng.random_range(60..60 * 24 * 420));
                    for retake in 0..3u32 {
                        // Reading the feedback helps: each retake goes better.
                        let skill = (skill + 0.12 * f64::from(retake)).min(0.99);
                        let (passed, effects) = take(module, &mut rng, &mut ids, skill, when);
                        for effect in coalesce(effects) {
                            learner::apply_in(tx, &learner.id, &effect, now)?;
                        }
                        report.attempts += 1;
                        if passed || !rng.random_bool(0.7) {
                            break;
                        }
                        when += Duration::minutes(rng.random_range(30..60 * 24 * 10));
                        if when > now {
                            break;
                        }
                    }
                }
                if refresher_rng.random_bool(0.6) {
                    take_refreshers(
                        tx,
                        course,
                        &learner.id,
                        &mut refresher_rng,
                        &mut refresher_ids,
                        skill,
                        now,
                    )?;
                }
                if rng.random_bool(0.05) {
                    // A quiz left half done: one question answered, then closed.
                    let module = &course.modules[rng.random_range(0..course.modules.len())];
                    let (mut session, mut effects) = Session::start(
                        module,
                        &[],
                        Sitting::Graded,
                        &mut DemoEntropy {
                            content: &mut rng,
                            ids: &mut ids,
                        },
                        "id",
                        now - Duration::hours(2),
                    );
                    if let Some(more) = answer(&mut session, &mut rng, skill) {
                        effects.extend(more);
                    }
                    for effect in coalesce(effects) {
                        learner::apply_in(tx, &learner.id, &effect, now)?;
                    }
                    report.open += 1;
                }
            }
            Ok(())
        })?;
    }
    // Due dates: the first module for everyone, the last for one department; the
    // course's first track for everyone and its second for the marketing department.
    let due = |days: i64| (now + Duration::days(days)).date_naive();
    store.set_due_date(&course.modules[0].id, None, due(-14))?;
    if let Some(last) = course.modules.last() {
        store.set_due_date(&last.id, Some(DEPARTMENTS[0]), due(21))?;
    }
    if let Some(track) = course.tracks.first() {
        store.assign_track(&track.id, None, due(30))?;
    }
    if let Some(track) = course.tracks.get(1) {
        store.assign_track(&track.id, Some(DEPARTMENTS[1]), due(45))?;
    }
    Ok(report)
}

/// A learner who takes some of their refreshers: on up to four days after their first
/// one comes due, the day's questions, each answered right with a chance that fades as
/// FSRS predicts (their skill times the chance of recall that day), so the managers'
/// retention view has a forgetting curve to show.
fn take_refreshers(
    tx: &rusqlite::Transaction<'_>,
    course: &Course,
    learner_id: &str,
    rng: &mut ChaCha8Rng,
    ids: &mut ChaCha8Rng,
    skill: f64,
    now: DateTime<Utc>,
) -> Result<(), store::StoreError> {
    let first_due = store::review_items_in(tx, learner_id)?
        .iter()
        .map(|i| i.due)
        .min();
    let Some(first_due) = first_due else {
        return Ok(());
    };
    let mut day = first_due + Duration::hours(rng.random_range(0..24 * 20));
    for _ in 0..4 {
        if day > now {
            break;
        }
        let items = store::review_items_in(tx, learner_id)?;
        let queue = Queue::build(course, &items, day);
        let run = uuid(ids);
        for (module_id, questions) in queue.next_run() {
            let Some(asked) = course
                .module(&module_id)
                .and_then(|m| review::refresher_module(m, &questions))
            else {
                continue;
            };
            let mut session = Session::refresher(
                &Arc::new(asked),
                run,
                day,
                &mut DemoEntropy { content: rng, ids },
                "id",
                day,
            );
            while let Some(index) = session.attempt.current() {
                let asked_id = &session.attempt.items[index].question_id;
                let recall = items
                    .iter()
                    .find(|i| i.module_id == module_id && &i.question_id == asked_id)
                    .map_or(0.9, |i| review::retrievability(i, day));
                let Some(effects) = answer(&mut session, rng, (skill * recall).clamp(0.05, 0.99))
                else {
                    break;
                };
                for effect in effects {
                    learner::apply_in(tx, learner_id, &effect, day)?;
                }
                let _ = session.next(day);
            }
        }
        day += Duration::days(rng.random_range(2..30));
    }
    Ok(())
}

fn uuid(rng: &mut ChaCha8Rng) -> Uuid {
    let mut bytes = [0u8; 16];
    rng.fill_bytes(&mut bytes);
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// The demo's random sequences as the sessions' source of seeds (the content's) and ids
/// (their own).
struct DemoEntropy<'a> {
    content: &'a mut ChaCha8Rng,
    ids: &'a mut ChaCha8Rng,
}

impl Entropy for DemoEntropy<'_> {
    fn seed(&mut self) -> u64 {
        self.content.next_u64()
    }

    fn uuid(&mut self) -> Uuid {
        uuid(self.ids)
    }
}

fn make_learner(
    rng: &mut ChaCha8Rng,
    ids: &mut ChaCha8Rng,
    n: usize,
    now: DateTime<Utc>,
) -> Learner {
    let first = FIRST_NAMES[rng.random_range(0..FIRST_NAMES.len())];
    let last = LAST_NAMES[rng.random_range(0..LAST_NAMES.len())];
    Learner {
        id: uuid(ids).to_string(),
        employee_id: format!("EMP-{:06}", n + 1),
        display_name: format!("{first} {last}"),
        department: Some(DEPARTMENTS[rng.random_range(0..DEPARTMENTS.len())].to_owned()),
        created: now - Duration::days(430),
    }
}

/// One finished attempt by a learner of the given skill, started at `when`: whether it
/// passed, and the effects that record it.
fn take(
    module: &Arc<Module>,
    rng: &mut ChaCha8Rng,
    ids: &mut ChaCha8Rng,
    skill: f64,
    when: DateTime<Utc>,
) -> (bool, Vec<Effect>) {
    let language = if rng.random_bool(0.7) { "id" } else { "en" };
    let (mut session, mut effects) = Session::start(
        module,
        &[],
        Sitting::Graded,
        &mut DemoEntropy { content: rng, ids },
        language,
        when,
    );
    while session.attempt.current().is_some() {
        match answer(&mut session, rng, skill) {
            Some(more) => effects.extend(more),
            None => break,
        }
        if session.attempt.current().is_some() {
            // On to the next question (the feedback was read).
            let _ = session.next(when);
        }
    }
    let minutes = rng.random_range(3..25);
    match session.next(when + Duration::minutes(minutes)) {
        Ok((Step::Finished(outcome), more)) => {
            effects.extend(more);
            (outcome.passed, effects)
        }
        // A question the demo learner could not answer: the attempt stays open.
        _ => (false, effects),
    }
}

/// The choice at node `here` a skilled learner takes: the one that leads to the best
/// score by the end (the ending's score, or the points along the way, as the scenario is
/// scored), never round a loop back to a node already on the way. The first of equals.
/// A scenario scored by its endings gives every choice 0 points, and one with a "look it
/// up and come back" step would otherwise be circled for ever.
fn best_choice(scenario: &Scenario, here: usize) -> Option<usize> {
    let NodeKind::Step { choices } = &scenario.nodes.get(here)?.kind else {
        return None;
    };
    let mut way = vec![here];
    let mut best: Option<(usize, i64)> = None;
    for (n, choice) in choices.iter().enumerate() {
        let Some(value) = best_from(scenario, choice.to, &mut way) else {
            continue;
        };
        let value = value + points_of(scenario, choice.points);
        if best.is_none_or(|(_, top)| value > top) {
            best = Some((n, value));
        }
    }
    best.map(|(n, _)| n)
}

/// The best score reachable from `node` without passing a node on `way` again (`None`:
/// every way from it loops back).
fn best_from(scenario: &Scenario, node: usize, way: &mut Vec<usize>) -> Option<i64> {
    if way.contains(&node) {
        return None;
    }
    match &scenario.nodes.get(node)?.kind {
        NodeKind::Ending { score, .. } => Some(match scenario.scoring {
            ScenarioScoring::Static => i64::from(*score),
            ScenarioScoring::Dynamic => 0,
        }),
        NodeKind::Step { choices } => {
            way.push(node);
            let best = choices
                .iter()
                .filter_map(|c| {
                    best_from(scenario, c.to, way).map(|v| v + points_of(scenario, c.points))
                })
                .max();
            way.pop();
            best
        }
    }
}

/// What a choice's points add to the score: nothing when the endings score.
fn points_of(scenario: &Scenario, points: i32) -> i64 {
    match scenario.scoring {
        ScenarioScoring::Static => 0,
        ScenarioScoring::Dynamic => i64::from(points),
    }
}

/// Answers the current question: the right answer with probability `skill`. `None`
/// when it could not be answered.
fn answer(session: &mut Session, rng: &mut ChaCha8Rng, skill: f64) -> Option<Vec<Effect>> {
    let index = session.attempt.current()?;
    let module = Arc::clone(&session.module);
    let question = module.question(&session.attempt.items[index].question_id)?;
    match &question.kind {
        QuestionKind::Scenario(scenario) => {
            let mut effects = Vec::new();
            for _ in 0..64 {
                let Some(run) = session.attempt.items[index].run.clone() else {
                    return Some(effects);
                };
                let node = run_node(scenario, &run)?;
                let NodeKind::Step { choices } = &node.kind else {
                    return None;
                };
                let here = scenario.node_index(&run.node)?;
                let best = best_choice(scenario, here).unwrap_or(0);
                let pick = if rng.random_bool(skill) {
                    best
                } else {
                    rng.random_range(0..choices.len())
                };
                effects.extend(session.choose(&choices[pick].id).ok()?);
            }
            None
        }
        QuestionKind::SingleChoice { choices } | QuestionKind::MultipleChoice { choices, .. } => {
            let right: Vec<String> = choices
                .iter()
                .filter(|c| c.correct)
                .map(|c| c.id.clone())
                .collect();
            let wrong: Vec<String> = choices
                .iter()
                .filter(|c| !c.correct)
                .map(|c| c.id.clone())
                .collect();
            let chosen = if rng.random_bool(skill) || wrong.is_empty() {
                right
            } else {
                vec![wrong[rng.random_range(0..wrong.len())].clone()]
            };
            session.answer(&chosen).ok()
        }
        QuestionKind::TrueFalse { answer: truth, .. } => {
            let right = rng.random_bool(skill);
            let pick = if right == *truth { "true" } else { "false" };
            session.answer(&[pick.to_owned()]).ok()
        }
        QuestionKind::SpotTheLeak { segments, .. } => {
            // A skilled learner marks every leak; others miss one and mark a harmless one.
            let good = rng.random_bool(skill);
            let marked: Vec<String> = segments
                .iter()
                .enumerate()
                .filter(|(n, s)| {
                    if good {
                        s.mark.is_some()
                    } else {
                        (*n % 2 == 0) == s.mark.is_some()
                    }
                })
                .map(|(_, s)| s.id.clone())
                .collect();
            session.answer(&marked).ok()
        }
        QuestionKind::Ordering { steps } => {
            let order: Vec<String> = if rng.random_bool(skill) {
                steps.iter().map(|s| s.id.clone()).collect()
            } else {
                session.attempt.items[index].choice_order.clone()
            };
            session.answer(&order).ok()
        }
        QuestionKind::Matching { categories, items } => {
            let good = rng.random_bool(skill);
            let shown = session.attempt.items[index].choice_order.clone();
            let pairs: Vec<String> = shown
                .iter()
                .filter_map(|id| items.iter().find(|i| &i.id == id))
                .enumerate()
                .map(|(n, item)| {
                    let wrong = categories.iter().find(|c| c.id != item.category);
                    match wrong {
                        Some(wrong) if !good && n == 0 => MatchItem::pair(&item.id, &wrong.id),
                        _ => MatchItem::pair(&item.id, &item.category),
                    }
                })
                .collect();
            session.answer(&pairs).ok()
        }
    }
}
