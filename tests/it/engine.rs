//! The quiz and scenario engine: ordering, marking, scenarios, results and status.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::float_cmp,
    reason = "a test fails loudly; marks are exact binary fractions here"
)]

use chrono::{DateTime, Duration, NaiveDate, TimeZone as _, Utc};
use jaga::content::{Module, Validity};
use jaga::engine::{Attempt, EngineError, Finished, Mode, Response, Status, status};
use uuid::Uuid;

use crate::support::{engine_module as module, ids, t0 as now};

fn start(module: &Module, seed: u64) -> Attempt {
    Attempt::start(
        module,
        Uuid::from_u128(u128::from(seed)),
        seed,
        "en",
        Mode::Graded,
        now(),
    )
}

fn index_of(attempt: &Attempt, question: &str) -> usize {
    attempt
        .items
        .iter()
        .position(|i| i.question_id == question)
        .expect("asked")
}

mod ordering {
    use super::*;

    #[test]
    fn a_draw_of_5_of_12_asks_five_distinct_questions() {
        let module = module("draw-pool");
        let attempt = start(&module, 7);
        assert_eq!(attempt.items.len(), 5);
        let mut asked: Vec<_> = attempt
            .items
            .iter()
            .map(|i| i.question_id.clone())
            .collect();
        asked.sort();
        asked.dedup();
        assert_eq!(asked.len(), 5);
    }

    #[test]
    fn a_question_marked_always_ask_is_in_every_draw() {
        let module = module("draw-pool");
        for seed in 0..30 {
            let attempt = start(&module, seed);
            assert!(
                attempt.items.iter().any(|i| i.question_id == "q12"),
                "seed {seed}"
            );
            assert_eq!(attempt.items.len(), 5);
        }
    }

    #[test]
    fn the_draw_and_order_are_fixed_by_the_seed_for_the_whole_attempt() {
        let module = module("draw-pool");
        let first = start(&module, 42);
        let again = start(&module, 42);
        assert_eq!(
            first.items, again.items,
            "the same seed gives the same questions and order"
        );
        // The order survives saving and loading, as for a review or a resume.
        let json = serde_json::to_string(&first).expect("serialise");
        let restored: Attempt = serde_json::from_str(&json).expect("deserialise");
        assert_eq!(restored, first);
    }

    #[test]
    fn a_retake_draws_a_new_selection_and_order() {
        let module = module("draw-pool");
        let first = start(&module, 1);
        let orders: Vec<Vec<String>> = (2..12)
            .map(|seed| {
                start(&module, seed)
                    .items
                    .iter()
                    .map(|i| i.question_id.clone())
                    .collect()
            })
            .collect();
        let original: Vec<String> = first.items.iter().map(|i| i.question_id.clone()).collect();
        assert!(
            orders.iter().all(|o| *o != original),
            "every retake differs: {orders:?}"
        );
    }

    #[test]
    fn choices_are_shuffled_per_question_when_asked() {
        let module = module("draw-pool");
        let orders: Vec<Vec<String>> = (0..20)
            .flat_map(|seed| {
                start(&module, seed)
                    .items
                    .into_iter()
                    .map(|i| i.choice_order)
            })
            .collect();
        assert!(orders.iter().any(|o| o[0] != "right"));
        assert!(orders.iter().any(|o| o[0] == "right"));
        assert!(orders.iter().all(|o| o.len() == 3));
    }

    #[test]
    fn without_shuffle_questions_and_choices_keep_the_authored_order() {
        let module = module("kinds");
        let attempt = start(&module, 99);
        let asked: Vec<&str> = attempt
            .items
            .iter()
            .map(|i| i.question_id.as_str())
            .collect();
        assert_eq!(asked, ["single", "partial", "strict", "truefalse"]);
        assert_eq!(attempt.items[0].choice_order, ["hr", "all"]);
        assert_eq!(attempt.items[3].choice_order, ["true", "false"]);
    }
}

mod marking {
    use super::*;

    fn mark(question: &str, chosen: &[&str]) -> f64 {
        let module = module("kinds");
        let mut attempt = start(&module, 1);
        let index = index_of(&attempt, question);
        attempt
            .answer(&module, index, &ids(chosen))
            .expect("answer")
            .grade
            .fraction
    }

    #[test]
    fn single_choice_scores_only_the_correct_choice() {
        assert_eq!(mark("single", &["hr"]), 1.0);
        assert_eq!(mark("single", &["all"]), 0.0);
    }

    #[test]
    fn true_false_scores_the_declared_answer() {
        assert_eq!(mark("truefalse", &["true"]), 1.0);
        assert_eq!(mark("truefalse", &["false"]), 0.0);
    }

    #[test]
    fn partial_credit_is_right_picks_minus_wrong_picks_over_right_choices() {
        assert_eq!(mark("partial", &["urgent", "link", "sender"]), 1.0);
        assert!((mark("partial", &["urgent", "link"]) - 2.0 / 3.0).abs() < 1e-12);
        assert!((mark("partial", &["urgent", "link", "logo"]) - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(
            mark("partial", &["urgent", "link", "sender", "logo"]),
            2.0 / 3.0
        );
    }

    #[test]
    fn partial_credit_never_goes_below_zero() {
        assert_eq!(mark("partial", &["logo"]), 0.0);
        assert_eq!(mark("partial", &["urgent", "logo"]), 0.0);
    }

    #[test]
    fn all_or_nothing_needs_exactly_the_right_set() {
        assert_eq!(mark("strict", &["report", "wipe"]), 1.0);
        assert_eq!(mark("strict", &["report"]), 0.0);
        assert_eq!(mark("strict", &["report", "wipe", "wait"]), 0.0);
    }

    #[test]
    fn each_answer_returns_why_each_choice_is_right_or_wrong() {
        let module = module("kinds");
        let mut attempt = start(&module, 1);
        let feedback = attempt.answer(&module, 0, &ids(&["all"])).expect("answer");
        assert_eq!(feedback.grade.fraction, 0.0);
        let verdicts: Vec<(&str, bool, bool, &str)> = feedback
            .choices
            .iter()
            .map(|v| {
                (
                    v.id.as_str(),
                    v.chosen,
                    v.correct,
                    v.feedback.as_ref().map_or("", |t| t.get("en")),
                )
            })
            .collect();
        assert_eq!(
            verdicts,
            [
                ("hr", false, true, "Need to know."),
                ("all", true, false, "Too wide.")
            ]
        );
        assert_eq!(
            feedback.general.expect("general").get("id"),
            "Akses mengikuti kebutuhan."
        );
    }

    #[test]
    fn bad_commands_are_refused_without_changing_the_attempt() {
        let module = module("kinds");
        let mut attempt = start(&module, 1);
        let before = attempt.clone();
        assert_eq!(
            attempt.answer(&module, 0, &[]),
            Err(EngineError::NothingChosen)
        );
        assert_eq!(
            attempt.answer(&module, 0, &ids(&["hr", "all"])),
            Err(EngineError::OneChoiceOnly("single".into()))
        );
        assert!(matches!(
            attempt.answer(&module, 0, &ids(&["nope"])),
            Err(EngineError::NoSuchChoice { .. })
        ));
        assert_eq!(
            attempt.answer(&module, 9, &ids(&["hr"])),
            Err(EngineError::NoSuchItem(9))
        );
        assert_eq!(attempt, before);
        attempt.answer(&module, 0, &ids(&["hr"])).expect("answer");
        assert_eq!(
            attempt.answer(&module, 0, &ids(&["hr"])),
            Err(EngineError::AlreadyAnswered("single".into()))
        );
        assert_eq!(
            attempt.finish(&module, now()),
            Err(EngineError::Unanswered(3))
        );
    }

    #[test]
    fn an_attempt_refuses_a_changed_module() {
        let mut changed = module("kinds");
        let mut attempt = start(&changed, 1);
        changed.revision.0 = "0".repeat(64);
        assert_eq!(
            attempt.answer(&changed, 0, &ids(&["hr"])),
            Err(EngineError::ContentChanged)
        );
    }
}

mod results {
    use super::*;

    fn finished(answers: &[(&str, &[&str])]) -> (Module, Attempt, jaga::engine::Outcome) {
        let module = module("kinds");
        let mut attempt = start(&module, 3);
        for (question, chosen) in answers {
            let index = index_of(&attempt, question);
            attempt
                .answer(&module, index, &ids(chosen))
                .expect("answer");
        }
        let outcome = attempt
            .finish(&module, now() + Duration::minutes(4))
            .expect("finish");
        (module, attempt, outcome)
    }

    #[test]
    fn the_result_weighs_questions_by_points_against_the_pass_mark() {
        // single 1 + partial 2/3 + strict 0 (of 2) + truefalse 1 = 2.667 of 5.
        let (_, attempt, outcome) = finished(&[
            ("single", &["hr"]),
            ("partial", &["urgent", "link"]),
            ("strict", &["report"]),
            ("truefalse", &["true"]),
        ]);
        assert!((outcome.raw - (2.0 + 2.0 / 3.0)).abs() < 1e-12);
        assert_eq!(outcome.max, 5.0);
        assert!((outcome.percent - 53.333_333).abs() < 1e-3);
        assert!(!outcome.passed);
        assert_eq!(attempt.duration_ms(), 4 * 60 * 1000);
    }

    #[test]
    fn exactly_the_pass_mark_passes() {
        // draw-pool: 5 questions, pass mark 60%; 3 right of 5 is exactly 60%.
        let module = module("draw-pool");
        let mut attempt = start(&module, 11);
        for index in 0..5 {
            let choice = if index < 3 { "right" } else { "wrong" };
            attempt
                .answer(&module, index, &ids(&[choice]))
                .expect("answer");
        }
        let outcome = attempt.finish(&module, now()).expect("finish");
        assert_eq!(outcome.percent, 60.0);
        assert!(outcome.passed);
    }

    #[test]
    fn below_the_pass_mark_fails_and_above_it_passes() {
        let (_, _, outcome) = finished(&[
            ("single", &["hr"]),
            ("partial", &["logo"]),
            ("strict", &["report", "wipe"]),
            ("truefalse", &["false"]),
        ]);
        assert_eq!(outcome.percent, 60.0);
        assert!(!outcome.passed);
        let (_, _, outcome) = finished(&[
            ("single", &["hr"]),
            ("partial", &["urgent", "link", "sender"]),
            ("strict", &["report", "wipe"]),
            ("truefalse", &["false"]),
        ]);
        assert_eq!(outcome.percent, 80.0);
        assert!(outcome.passed);
    }

    #[test]
    fn band_feedback_is_the_highest_band_reached() {
        let (module, _, outcome) = finished(&[
            ("single", &["hr"]),
            ("partial", &["urgent", "link", "sender"]),
            ("strict", &["report", "wipe"]),
            ("truefalse", &["false"]),
        ]);
        assert_eq!(
            module.band_for(outcome.percent).unwrap().feedback.get("en"),
            "Passed."
        );
        assert_eq!(
            module.band_for(0.0).unwrap().feedback.get("id"),
            "Ulangi materi."
        );
        assert_eq!(
            module.band_for(69.9).unwrap().feedback.get("en"),
            "Review the lessons."
        );
        assert_eq!(
            module.band_for(100.0).unwrap().feedback.get("en"),
            "Perfect."
        );
    }
}

mod scenarios {
    use super::*;

    fn play(question: &str, choices: &[&str]) -> (Attempt, Module) {
        let module = module("scenarios");
        let mut attempt = start(&module, 5);
        let index = index_of(&attempt, question);
        for choice in choices {
            attempt.choose(&module, index, choice).expect("choice");
        }
        (attempt, module)
    }

    fn scenario_response(
        attempt: &Attempt,
        question: &str,
    ) -> (Vec<(String, String)>, String, f64) {
        let item = &attempt.items[index_of(attempt, question)];
        let Some(Response::Scenario {
            path,
            ending,
            grade,
            ..
        }) = &item.response
        else {
            panic!("scenario not ended: {item:?}");
        };
        (
            path.iter()
                .map(|s| (s.node.clone(), s.choice.clone()))
                .collect(),
            ending.clone(),
            grade.fraction,
        )
    }

    #[test]
    fn static_scoring_gives_the_ending_score_whatever_the_path() {
        let (attempt, _) = play("static", &["reread", "reread", "report"]);
        let (path, ending, fraction) = scenario_response(&attempt, "static");
        assert_eq!(ending, "reported");
        assert_eq!(fraction, 1.0);
        assert_eq!(
            path,
            [
                ("inbox", "reread"),
                ("inbox", "reread"),
                ("inbox", "report")
            ]
            .map(|(n, c)| (n.to_owned(), c.to_owned()))
        );
        let (attempt, _) = play("static", &["click", "close"]);
        assert_eq!(scenario_response(&attempt, "static").2, 0.6);
    }

    #[test]
    fn dynamic_scoring_sums_points_along_the_path_through_loops() {
        // ask -why(+2)-> purpose -unsure(-1)-> ask -why(+2)-> purpose -minimal(+3)-> done = 6,
        // capped at the best path without repeats: 5.
        let (attempt, module) = play("dynamic", &["why", "unsure", "why", "minimal"]);
        let (path, ending, fraction) = scenario_response(&attempt, "dynamic");
        assert_eq!(ending, "done");
        assert_eq!(path.len(), 4);
        assert_eq!(fraction, 1.0);
        let jaga::content::QuestionKind::Scenario(s) = &module.question("dynamic").unwrap().kind
        else {
            panic!()
        };
        assert_eq!(s.max_score, 5);
        // why(+2) unsure(-1) why(+2) then... a shorter looping path: 2 - 1 + 2 + 3 = 6 -> 1.0;
        // a bad path: send(-3) floors at 0.
        let (attempt, _) = play("dynamic", &["send"]);
        assert_eq!(scenario_response(&attempt, "dynamic").2, 0.0);
        // One loop and a wrong turn: why(+2) unsure(-1) send(-3) = -2 -> 0.
        let (attempt, _) = play("dynamic", &["why", "unsure", "send"]);
        assert_eq!(scenario_response(&attempt, "dynamic").2, 0.0);
    }

    #[test]
    fn each_scenario_choice_returns_its_consequence() {
        let module = module("scenarios");
        let mut attempt = start(&module, 5);
        let index = index_of(&attempt, "static");
        let first = attempt.choose(&module, index, "click").expect("choice");
        assert_eq!(first.node, "page");
        assert_eq!(first.feedback.unwrap().get("en"), "Risky.");
        assert_eq!(first.ended, None);
        let last = attempt.choose(&module, index, "type").expect("choice");
        assert_eq!(last.node, "leaked");
        assert_eq!(last.ended.unwrap().fraction, 0.0);
        assert_eq!(
            attempt.choose(&module, index, "type"),
            Err(EngineError::AlreadyAnswered("static".into()))
        );
    }

    #[test]
    fn a_back_step_undoes_the_last_choice_where_allowed() {
        let module = module("scenarios");
        let mut attempt = start(&module, 5);
        let index = index_of(&attempt, "static");
        attempt.choose(&module, index, "click").expect("choice");
        assert_eq!(attempt.back(&module, index), Ok("inbox".to_owned()));
        assert!(matches!(
            attempt.back(&module, index),
            Err(EngineError::CannotGoBack(_))
        ));
        attempt.choose(&module, index, "report").expect("choice");
        let item = &attempt.items[index];
        let Some(Response::Scenario { path, backs, .. }) = &item.response else {
            panic!()
        };
        assert_eq!(path.len(), 1);
        assert_eq!(*backs, 1);
    }

    #[test]
    fn a_back_step_is_refused_where_the_scenario_does_not_allow_it() {
        let module = module("scenarios");
        let mut attempt = start(&module, 5);
        let index = index_of(&attempt, "dynamic");
        attempt.choose(&module, index, "why").expect("choice");
        assert!(matches!(
            attempt.back(&module, index),
            Err(EngineError::CannotGoBack(_))
        ));
    }

    #[test]
    fn the_scenario_progress_survives_a_save_and_load() {
        let (attempt, module) = play("static", &["reread", "click"]);
        let restored: Attempt =
            serde_json::from_str(&serde_json::to_string(&attempt).unwrap()).unwrap();
        let index = index_of(&restored, "static");
        assert_eq!(restored.items[index].run.as_ref().unwrap().node, "page");
        let mut restored = restored;
        restored
            .choose(&module, index, "close")
            .expect("continue after resume");
        assert_eq!(scenario_response(&restored, "static").1, "late-report");
    }
}

mod statuses {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
    }

    const YEARLY: Option<Validity> = Some(Validity {
        valid_for_days: 365,
        warn_days_before: 30,
    });

    fn pass(at: DateTime<Utc>) -> Finished {
        Finished { at, passed: true }
    }

    fn fail(at: DateTime<Utc>) -> Finished {
        Finished { at, passed: false }
    }

    #[test]
    fn nothing_done_is_not_started() {
        assert_eq!(
            status(&[], None, YEARLY, None, day(2026, 1, 1)),
            Status::NotStarted
        );
    }

    #[test]
    fn an_open_attempt_is_in_progress_with_its_progress() {
        assert_eq!(
            status(&[], Some((3, 8)), YEARLY, None, day(2026, 1, 1)),
            Status::InProgress {
                answered: 3,
                total: 8
            }
        );
    }

    #[test]
    fn a_fail_offers_a_retake_and_a_later_pass_wins() {
        let failed = [fail(day(2026, 1, 1))];
        assert_eq!(
            status(&failed, None, YEARLY, None, day(2026, 1, 2)),
            Status::Failed
        );
        let retaken = [fail(day(2026, 1, 1)), pass(day(2026, 1, 2))];
        assert_eq!(
            status(&retaken, None, YEARLY, None, day(2026, 1, 3)),
            Status::Passed {
                on: day(2026, 1, 2),
                until: Some(day(2027, 1, 2))
            }
        );
    }

    #[test]
    fn a_pass_becomes_expiring_soon_then_expired() {
        let passed = [pass(day(2026, 1, 1))];
        let until = day(2027, 1, 1);
        assert_eq!(
            status(&passed, None, YEARLY, None, day(2026, 12, 1)),
            Status::Passed {
                on: day(2026, 1, 1),
                until: Some(until)
            }
        );
        assert_eq!(
            status(&passed, None, YEARLY, None, day(2026, 12, 2)),
            Status::ExpiringSoon {
                on: day(2026, 1, 1),
                until
            }
        );
        assert_eq!(
            status(&passed, None, YEARLY, None, until),
            Status::Expired { on: until }
        );
    }

    #[test]
    fn a_retake_after_expiry_gives_a_fresh_completion_and_date() {
        let history = [pass(day(2025, 1, 1)), pass(day(2026, 3, 1))];
        assert_eq!(
            status(&history, None, YEARLY, None, day(2026, 3, 2)),
            Status::Passed {
                on: day(2026, 3, 1),
                until: Some(day(2027, 3, 1))
            }
        );
    }

    #[test]
    fn a_pass_without_validity_never_expires() {
        let passed = [pass(day(2020, 1, 1))];
        assert_eq!(
            status(&passed, None, None, None, day(2030, 1, 1)),
            Status::Passed {
                on: day(2020, 1, 1),
                until: None
            }
        );
    }

    #[test]
    fn a_missed_due_date_is_overdue_even_while_in_progress() {
        let due = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        assert_eq!(
            status(&[], Some((1, 8)), YEARLY, Some(due), day(2026, 6, 30)),
            Status::InProgress {
                answered: 1,
                total: 8
            }
        );
        assert_eq!(
            status(&[], Some((1, 8)), YEARLY, Some(due), day(2026, 7, 1)),
            Status::Overdue { due }
        );
        assert_eq!(
            status(
                &[fail(day(2026, 6, 1))],
                None,
                YEARLY,
                Some(due),
                day(2026, 7, 1)
            ),
            Status::Overdue { due }
        );
    }

    #[test]
    fn a_due_date_met_by_a_pass_is_not_overdue_after_the_pass_expires() {
        let due = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let history = [pass(day(2026, 6, 1))];
        assert_eq!(
            status(&history, None, YEARLY, Some(due), day(2027, 7, 1)),
            Status::Expired {
                on: day(2027, 6, 1)
            }
        );
        // A pass that had expired before the due date does not meet it.
        let old = [pass(day(2024, 1, 1))];
        assert_eq!(
            status(&old, None, YEARLY, Some(due), day(2026, 7, 1)),
            Status::Overdue { due }
        );
        // A late pass clears the overdue.
        let late = [pass(day(2024, 1, 1)), pass(day(2026, 7, 2))];
        assert!(matches!(
            status(&late, None, YEARLY, Some(due), day(2026, 7, 3)),
            Status::Passed { .. }
        ));
    }
}

#[test]
fn practice_attempts_mark_the_same_way() {
    let module = module("kinds");
    let mut attempt = Attempt::start(&module, Uuid::nil(), 1, "id", Mode::Practice, now());
    let feedback = attempt.answer(&module, 0, &ids(&["hr"])).expect("answer");
    assert_eq!(feedback.grade.fraction, 1.0);
    assert_eq!(attempt.mode, Mode::Practice);
    assert_eq!(attempt.language, "id");
}

/// The session rules every front end plays by (`engine::session`).
mod sessions {
    use std::sync::Arc;

    use jaga::clock::SeededEntropy;
    use jaga::content::{Course, Revision};
    use jaga::engine::session::coalesce;
    use jaga::engine::{Effect, Mode, Resumed, Session, SessionNotice, Sitting, Step};

    use super::{module, now};

    fn kinds() -> Arc<jaga::content::Module> {
        Arc::new(module("kinds"))
    }

    fn saves(effects: &[Effect]) -> usize {
        effects
            .iter()
            .filter(|e| matches!(e, Effect::SaveProgress(_)))
            .count()
    }

    /// Answers every question with its first shown choice, moving on after each; returns
    /// every effect and the last step.
    fn play_through(session: &mut Session) -> (Vec<Effect>, Step) {
        let mut effects = Vec::new();
        loop {
            let index = session.attempt.current().unwrap();
            let first = session.attempt.items[index].choice_order[0].clone();
            effects.extend(session.answer(&[first]).unwrap());
            let (step, more) = session.next(now()).unwrap();
            effects.extend(more);
            if step != Step::Next {
                return (effects, step);
            }
        }
    }

    #[test]
    fn a_graded_sitting_saves_after_every_answer_and_records_once_at_the_end() {
        let module = kinds();
        let (mut session, started) = Session::start(
            &module,
            &[],
            Sitting::Graded,
            &mut SeededEntropy::new(1),
            "id",
            now(),
        );
        assert_eq!(saves(&started), 1, "the new attempt is saved at once");
        let (effects, step) = play_through(&mut session);
        assert!(matches!(step, Step::Finished(_)));
        assert_eq!(saves(&effects), session.attempt.items.len());
        let records: Vec<&Effect> = effects
            .iter()
            .filter(|e| matches!(e, Effect::Record { .. }))
            .collect();
        assert_eq!(records.len(), 1);
        assert!(matches!(effects.last(), Some(Effect::Record { .. })));
    }

    #[test]
    fn an_open_graded_attempt_is_resumed_rather_than_replaced() {
        let module = kinds();
        let mut entropy = SeededEntropy::new(2);
        let (mut first, _) =
            Session::start(&module, &[], Sitting::Graded, &mut entropy, "id", now());
        let chosen = first.attempt.items[0].choice_order[0].clone();
        let _ = first.answer(&[chosen]).unwrap();
        let open = vec![first.attempt.clone()];

        let (again, effects) =
            Session::start(&module, &open, Sitting::Graded, &mut entropy, "en", now());
        assert!(effects.is_empty(), "{effects:?}");
        assert_eq!(again.attempt.id, first.attempt.id);
        assert_eq!(again.attempt.answered(), 1);
        assert_eq!(again.sitting(), Sitting::Graded);
    }

    #[test]
    fn practice_never_resumes_the_graded_attempt() {
        let module = kinds();
        let mut entropy = SeededEntropy::new(3);
        let (graded, _) = Session::start(&module, &[], Sitting::Graded, &mut entropy, "id", now());
        let open = vec![graded.attempt.clone()];
        let (practice, effects) =
            Session::start(&module, &open, Sitting::Practice, &mut entropy, "id", now());
        assert_ne!(practice.attempt.id, graded.attempt.id);
        assert_eq!(practice.attempt.mode, Mode::Practice);
        assert_eq!(saves(&effects), 1, "practice resumes after a crash too");
    }

    #[test]
    fn an_open_attempt_on_a_changed_module_is_discarded_and_the_learner_told() {
        let module = kinds();
        let mut entropy = SeededEntropy::new(4);
        let (old, _) = Session::start(&module, &[], Sitting::Graded, &mut entropy, "id", now());
        let mut changed = (*module).clone();
        changed.revision = Revision("0".repeat(64));
        let changed = Arc::new(changed);

        let (session, effects) = Session::start(
            &changed,
            std::slice::from_ref(&old.attempt),
            Sitting::Graded,
            &mut entropy,
            "id",
            now(),
        );
        assert_ne!(session.attempt.id, old.attempt.id);
        assert!(matches!(&effects[0], Effect::Discard { module_id } if module_id == "kinds"));
        assert!(matches!(
            &effects[1],
            Effect::Notice(SessionNotice::ContentChanged { module_id }) if module_id == "kinds"
        ));
        assert!(matches!(&effects[2], Effect::SaveProgress(a) if a.id == session.attempt.id));

        let course = Course::new(vec![Arc::clone(&changed)], None);
        match Session::resume(&course, old.attempt.clone()) {
            Resumed::Discarded(effects) => assert_eq!(effects.len(), 2),
            Resumed::Session(_) => panic!("a changed module's attempt was resumed"),
        }
        let gone = Course::default();
        assert!(matches!(
            Session::resume(&gone, old.attempt),
            Resumed::Discarded(_)
        ));
    }

    #[test]
    fn a_preview_records_and_saves_nothing() {
        let module = kinds();
        let (mut session, started) = Session::start(
            &module,
            &[],
            Sitting::Preview,
            &mut SeededEntropy::new(5),
            "id",
            now(),
        );
        assert!(started.is_empty());
        let (effects, step) = play_through(&mut session);
        assert!(matches!(step, Step::Finished(_)));
        assert!(effects.is_empty(), "{effects:?}");
    }

    #[test]
    fn a_second_enter_while_feedback_is_shown_answers_nothing() {
        let module = kinds();
        let (mut session, _) = Session::start(
            &module,
            &[],
            Sitting::Graded,
            &mut SeededEntropy::new(6),
            "id",
            now(),
        );
        let first = session.attempt.items[0].choice_order[0].clone();
        let _ = session.answer(std::slice::from_ref(&first)).unwrap();
        assert!(session.answer(&[first]).unwrap().is_empty());
        assert_eq!(session.attempt.answered(), 1);
    }

    #[test]
    fn coalescing_keeps_only_the_writes_that_matter() {
        let module = kinds();
        let (mut session, mut effects) = Session::start(
            &module,
            &[],
            Sitting::Graded,
            &mut SeededEntropy::new(7),
            "id",
            now(),
        );
        let (more, _) = play_through(&mut session);
        effects.extend(more);
        let kept = coalesce(effects);
        assert_eq!(kept.len(), 1, "{kept:?}");
        assert!(matches!(kept[0], Effect::Record { .. }));
    }
}
