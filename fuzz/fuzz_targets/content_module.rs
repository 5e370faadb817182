//! A module file, a glossary and a course file from the same bytes: parsed, checked, every
//! diagnostic worded in both languages and as JSON (as `jaga validate` prints them). A
//! module that loads is then played through the engine, choosing as the bytes say, and
//! its score must lie within [0, max].

#![no_main]
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a fuzz target fails loudly: a panic is how libFuzzer hears of a finding"
)]

use std::sync::Arc;

use chrono::{TimeZone as _, Utc};
use jaga::content::{Assets, NodeKind, QuestionKind, glossary, load, manifest};
use jaga::engine::{Attempt, Mode};
use jaga::lang::Lang;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let outcome = load::parse_file("fuzz/module.ron", data, &Assets::Missing);
    let modules: Vec<_> = outcome.module.iter().cloned().collect();
    let (_, glossary_problems) = glossary::parse("fuzz/glossary.ron", data);
    let (_, course_problems) = manifest::parse("fuzz/course.ron", data, &modules);
    let all: Vec<_> = outcome
        .diagnostics
        .iter()
        .chain(&glossary_problems)
        .chain(&course_problems)
        .cloned()
        .collect();
    for lang in Lang::ALL {
        let _ = jaga::content::diagnostic::render_all(&all, lang);
        let _ = jaga::content::diagnostic::summary(&all, lang);
    }
    let _ = serde_json::to_string(&all);
    if let Some(module) = modules.first() {
        play(module, data);
    }
});

/// Plays every question of `module`, picking choices by the bytes.
fn play(module: &Arc<jaga::content::Module>, data: &[u8]) {
    let seed = data
        .iter()
        .fold(0u64, |h, b| h.rotate_left(5) ^ u64::from(*b));
    let now = Utc.with_ymd_and_hms(2026, 12, 4, 9, 0, 0).unwrap();
    let mut attempt = Attempt::start(module, uuid::Uuid::nil(), seed, "id", Mode::Graded, now);
    let mut pick = data.iter().copied().cycle();
    for index in 0..attempt.items.len() {
        let Some(question) = module.question(&attempt.items[index].question_id) else {
            panic!("an asked question is not in its module");
        };
        match &question.kind {
            QuestionKind::Scenario(scenario) => {
                for _ in 0..256 {
                    let Some(run) = attempt.items[index].run.as_ref() else {
                        break;
                    };
                    let Some(node) = scenario.nodes.iter().find(|n| n.id == run.node) else {
                        panic!("a scenario run stands on no node");
                    };
                    let NodeKind::Step { choices } = &node.kind else {
                        break;
                    };
                    let n = usize::from(pick.next().unwrap_or(0));
                    if n % 7 == 6 && attempt.back(module, index).is_ok() {
                        continue;
                    }
                    let choice = &choices[n % choices.len()];
                    attempt
                        .choose(module, index, &choice.id)
                        .expect("a choice offered at the node is taken");
                }
            }
            _ => {
                let order = attempt.items[index].choice_order.clone();
                let mask = pick.next().unwrap_or(1);
                let multiple = matches!(question.kind, QuestionKind::MultipleChoice { .. });
                let chosen: Vec<String> = if multiple {
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
                attempt
                    .answer(module, index, &chosen)
                    .expect("choices from the question are accepted");
            }
        }
    }
    if attempt.current().is_none() {
        let outcome = attempt
            .finish(module, now)
            .expect("an attempt with every question answered finishes");
        assert!(
            outcome.raw >= 0.0 && outcome.raw <= outcome.max + 1e-9,
            "score {} outside [0, {}]",
            outcome.raw,
            outcome.max
        );
        assert!((0.0..=100.0 + 1e-9).contains(&outcome.percent));
    }
}
