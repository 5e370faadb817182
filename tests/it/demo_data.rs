//! `jaga demo-data` makes believable results for trying the manager area: every attempt it
//! counts is finished and recorded, and only the half-done quizzes it reports stay open.

use crate::bundle::{jaga, open};
use crate::support::{path, text};

#[test]
fn demo_data_finishes_every_attempt_it_counts_and_leaves_open_only_the_quizzes_it_reports() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let made = jaga(&[
        "demo-data",
        "--data",
        path(&data),
        "--attempts",
        "400",
        "--seed",
        "3",
    ]);
    assert_eq!(made.status.code(), Some(0), "{}", text(&made.stderr));
    // "wrote 27 learners, 400 attempts and 2 open quizzes to …"
    let said = text(&made.stderr) + &text(&made.stdout);
    let number_before = |word: &str| -> i64 {
        let words: Vec<&str> = said.split_whitespace().collect();
        let at = words
            .iter()
            .position(|w| w.trim_end_matches(',') == word)
            .unwrap_or_else(|| panic!("no `{word}` in {said}"));
        words[at - 1].parse().unwrap()
    };
    let (attempts, open_quizzes) = (number_before("attempts"), number_before("open"));
    let store = open(&data);
    let count = |sql: &str| -> i64 { store.conn().query_row(sql, [], |row| row.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM attempts"), attempts, "{said}");
    assert_eq!(
        count("SELECT count(*) FROM open_attempts"),
        open_quizzes,
        "{said}"
    );
    // A scenario scored by its endings, with a step that only leads back (look up the
    // guideline, return), is finished by skilled learners too, not circled.
    assert!(
        count(
            "SELECT count(*) FROM responses r JOIN attempts a ON a.id = r.attempt_id
             WHERE r.question_id = 'boss-request' AND r.ending IS NOT NULL"
        ) > 0
    );
}
