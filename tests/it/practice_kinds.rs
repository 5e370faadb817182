//! Spot the leak, ordering and matching: marking with partial credit, shuffling, the
//! answers the engine refuses, and a resumed attempt that keeps them.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::float_cmp,
    reason = "a test fails loudly; marks are exact binary fractions or compared with a tolerance"
)]

use jaga::content::{MatchItem, Module};
use jaga::engine::{Attempt, EngineError, Mode, Response};
use uuid::Uuid;

use crate::support::{engine_module, ids, t0};

fn start(module: &Module, seed: u64) -> Attempt {
    Attempt::start(
        module,
        Uuid::from_u128(u128::from(seed)),
        seed,
        "en",
        Mode::Graded,
        t0(),
    )
}

fn at(attempt: &Attempt, question: &str) -> usize {
    attempt
        .items
        .iter()
        .position(|i| i.question_id == question)
        .expect("asked")
}

fn fraction(module: &Module, question: &str, answer: &[&str]) -> f64 {
    let mut attempt = start(module, 1);
    let index = at(&attempt, question);
    attempt
        .answer(module, index, &ids(answer))
        .expect("answer")
        .grade
        .fraction
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

mod spot_the_leak {
    use super::*;

    #[test]
    fn marking_every_leak_and_nothing_else_scores_full_marks() {
        let module = engine_module("practice");
        assert_eq!(fraction(&module, "email", &["cc", "attachment"]), 1.0);
    }

    #[test]
    fn one_of_two_leaks_scores_half() {
        let module = engine_module("practice");
        assert_eq!(fraction(&module, "email", &["attachment"]), 0.5);
    }

    #[test]
    fn a_false_mark_takes_off_one_hit() {
        let module = engine_module("practice");
        assert_eq!(
            fraction(&module, "email", &["cc", "attachment", "from"]),
            0.5
        );
        assert_eq!(fraction(&module, "email", &["cc", "subject"]), 0.0);
    }

    #[test]
    fn marking_everything_scores_no_more_than_the_hits_left_after_false_marks() {
        let module = engine_module("practice");
        let all = ["from", "to", "cc", "subject", "attachment"];
        assert_eq!(fraction(&module, "email", &all), 0.0);
    }

    #[test]
    fn marking_nothing_is_an_answer_that_scores_zero() {
        let module = engine_module("practice");
        assert_eq!(fraction(&module, "email", &[]), 0.0);
    }

    #[test]
    fn the_feedback_says_which_marks_were_right_and_which_leak_was_missed() {
        let module = engine_module("practice");
        let mut attempt = start(&module, 1);
        let index = at(&attempt, "email");
        let feedback = attempt
            .answer(&module, index, &ids(&["cc", "to"]))
            .expect("answer");
        let verdict = |id: &str| feedback.choices.iter().find(|v| v.id == id).expect("shown");
        assert!(verdict("cc").chosen && verdict("cc").correct);
        assert!(verdict("to").chosen && !verdict("to").correct);
        assert!(!verdict("attachment").chosen && verdict("attachment").correct);
        assert!(verdict("attachment").feedback.is_some());
    }

    #[test]
    fn segments_keep_the_artefact_order_and_an_unknown_segment_is_refused() {
        let module = engine_module("practice");
        let mut attempt = start(&module, 9);
        let index = at(&attempt, "email");
        assert_eq!(
            attempt.items[index].choice_order,
            ids(&["from", "to", "cc", "subject", "attachment"])
        );
        let refused = attempt.answer(&module, index, &ids(&["bcc"]));
        assert!(matches!(refused, Err(EngineError::NoSuchChoice { .. })));
    }
}

mod ordering {
    use super::*;

    #[test]
    fn the_right_order_scores_full_marks_and_the_reversed_order_none() {
        let module = engine_module("practice");
        assert_eq!(
            fraction(
                &module,
                "breach",
                &["contain", "assess", "notify", "review"]
            ),
            1.0
        );
        assert_eq!(
            fraction(
                &module,
                "breach",
                &["review", "notify", "assess", "contain"]
            ),
            0.0
        );
    }

    #[test]
    fn credit_is_the_share_of_pairs_in_the_right_relative_order() {
        let module = engine_module("practice");
        // One swap of neighbours: 5 of the 6 pairs are right.
        assert!(close(
            fraction(
                &module,
                "breach",
                &["assess", "contain", "notify", "review"]
            ),
            5.0 / 6.0
        ));
        // The last step first: the 3 pairs it is in are wrong, the other 3 right.
        assert!(close(
            fraction(
                &module,
                "breach",
                &["review", "contain", "assess", "notify"]
            ),
            0.5
        ));
    }

    #[test]
    fn points_weigh_the_partial_credit() {
        let module = engine_module("practice");
        let mut attempt = start(&module, 1);
        let index = at(&attempt, "breach");
        let grade = attempt
            .answer(
                &module,
                index,
                &ids(&["review", "contain", "assess", "notify"]),
            )
            .expect("answer")
            .grade;
        assert_eq!((grade.earned, grade.max), (1.0, 2.0));
    }

    #[test]
    fn steps_are_never_shown_in_the_right_order() {
        let module = engine_module("practice");
        let right = ids(&["contain", "assess", "notify", "review"]);
        let mut orders = Vec::new();
        for seed in 0..40 {
            let attempt = start(&module, seed);
            let shown = attempt.items[at(&attempt, "breach")].choice_order.clone();
            assert_ne!(shown, right, "seed {seed}");
            let mut sorted = shown.clone();
            sorted.sort();
            let mut expected = right.clone();
            expected.sort();
            assert_eq!(sorted, expected, "every step shown once");
            orders.push(shown);
        }
        orders.sort();
        orders.dedup();
        assert!(orders.len() > 5, "the shuffle varies with the seed");
    }

    #[test]
    fn an_answer_missing_a_step_or_repeating_one_is_refused() {
        let module = engine_module("practice");
        let mut attempt = start(&module, 1);
        let index = at(&attempt, "breach");
        for answer in [
            &["contain", "assess", "notify"][..],
            &["contain", "assess", "notify", "notify"],
        ] {
            let refused = attempt.answer(&module, index, &ids(answer));
            assert!(
                matches!(refused, Err(EngineError::Incomplete(_))),
                "{answer:?}: {refused:?}"
            );
        }
        assert!(attempt.items[index].response.is_none());
    }
}

mod matching {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<String> {
        list.iter().map(|(i, c)| MatchItem::pair(i, c)).collect()
    }

    fn answer(module: &Module, list: &[(&str, &str)]) -> Result<f64, EngineError> {
        let mut attempt = start(module, 1);
        let index = at(&attempt, "categories");
        attempt
            .answer(module, index, &pairs(list))
            .map(|f| f.grade.fraction)
    }

    #[test]
    fn each_right_pair_earns_its_share() {
        let module = engine_module("practice");
        let all_right = [
            ("name", "general"),
            ("health", "specific"),
            ("religion", "general"),
            ("biometric", "specific"),
        ];
        assert_eq!(answer(&module, &all_right).unwrap(), 1.0);
        let three = [
            ("name", "general"),
            ("health", "specific"),
            ("religion", "specific"),
            ("biometric", "specific"),
        ];
        assert_eq!(answer(&module, &three).unwrap(), 0.75);
        let none = [
            ("name", "specific"),
            ("health", "general"),
            ("religion", "specific"),
            ("biometric", "general"),
        ];
        assert_eq!(answer(&module, &none).unwrap(), 0.0);
    }

    #[test]
    fn an_item_left_without_a_category_or_an_unknown_category_is_refused() {
        let module = engine_module("practice");
        let missing = [("name", "general"), ("health", "specific")];
        assert!(matches!(
            answer(&module, &missing),
            Err(EngineError::Incomplete(_))
        ));
        let unknown = [
            ("name", "secret"),
            ("health", "specific"),
            ("religion", "general"),
            ("biometric", "specific"),
        ];
        assert!(matches!(
            answer(&module, &unknown),
            Err(EngineError::NoSuchChoice { .. })
        ));
    }

    #[test]
    fn the_answer_is_kept_in_the_order_the_items_were_shown() {
        let module = engine_module("practice");
        let mut attempt = start(&module, 3);
        let index = at(&attempt, "categories");
        let given = pairs(&[
            ("biometric", "specific"),
            ("religion", "general"),
            ("health", "specific"),
            ("name", "general"),
        ]);
        attempt.answer(&module, index, &given).expect("answer");
        let Some(Response::Choices { chosen, .. }) = &attempt.items[index].response else {
            panic!("answered");
        };
        let items: Vec<&str> = chosen
            .iter()
            .filter_map(|p| MatchItem::split_pair(p).map(|(i, _)| i))
            .collect();
        let shown: Vec<&str> = attempt.items[index]
            .choice_order
            .iter()
            .map(String::as_str)
            .collect();
        assert_eq!(items, shown);
    }
}

#[test]
fn a_saved_attempt_with_the_new_kinds_resumes_with_its_answers_and_order() {
    let module = engine_module("practice");
    let mut attempt = start(&module, 5);
    let email = at(&attempt, "email");
    attempt
        .answer(&module, email, &ids(&["cc"]))
        .expect("answer");
    let json = serde_json::to_string(&attempt).expect("serialise");
    let mut resumed: Attempt = serde_json::from_str(&json).expect("deserialise");
    assert_eq!(resumed, attempt);
    let breach = at(&resumed, "breach");
    let shown = resumed.items[breach].choice_order.clone();
    resumed.answer(&module, breach, &shown).expect("answer");
    assert_eq!(resumed.answered(), 2);
}

#[test]
fn the_most_missed_view_names_a_wrong_pairing_and_a_harmless_segment_marked_as_a_leak() {
    use jaga::content::Course;
    use jaga::report::stats::most_missed;
    use jaga::store::{ChoiceTally, QuestionTally};

    let course = Course::new(vec![std::sync::Arc::new(engine_module("practice"))], None);
    let tally = |question: &str, wrong: u64| QuestionTally {
        module_id: "practice".to_owned(),
        question_id: question.to_owned(),
        answered: 4,
        wrong,
    };
    let pick = |question: &str, choice: &str, picks: u64| ChoiceTally {
        module_id: "practice".to_owned(),
        question_id: question.to_owned(),
        choice_id: choice.to_owned(),
        picks,
    };
    let tallies = [
        tally("categories", 3),
        tally("email", 2),
        tally("breach", 1),
    ];
    let choices = [
        pick("categories", "name=general", 3),
        pick("categories", "religion=specific", 2),
        pick("email", "cc", 2),
        pick("email", "subject", 1),
        pick("breach", "contain", 1),
    ];
    let missed = most_missed(&course, &tallies, &choices, "en");
    let top = |question: &str| {
        missed
            .iter()
            .find(|m| m.question_id == question)
            .expect("listed")
            .top_wrong_choice
            .clone()
    };
    // A right pairing or a rightly marked leak is never the "wrong choice".
    assert_eq!(
        top("categories"),
        Some((
            "religion=specific".to_owned(),
            "Religion → Specific personal data".to_owned(),
            2
        ))
    );
    assert_eq!(
        top("email"),
        Some(("subject".to_owned(), "Subject: Invoice".to_owned(), 1))
    );
    assert_eq!(top("breach"), None, "an order has no single wrong pick");
}
