//! Every validation rule, proved by a fixture that breaks it.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly on a broken fixture"
)]
//!
//! Each file in `tests/fixtures/invalid/` starts with `// expect: LINE:COL: severity: message`
//! naming the diagnostic it must produce, at the exact place. The files in
//! `tests/fixtures/valid/` and the bundled course must produce none.

use std::path::{Path, PathBuf};

use jaga::content::{self, Severity, load::load_paths};

fn fixtures(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(Path::new("tests/fixtures").join(dir))
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "ron"));
    files.sort();
    files
}

fn expectation(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let first = text.lines().next().unwrap_or_default();
    first
        .strip_prefix("// expect: ")
        .unwrap_or_else(|| panic!("{} has no `// expect:` first line", file.display()))
        .to_owned()
}

#[test]
fn each_invalid_fixture_reports_its_rule_at_the_exact_line_and_column() {
    let files = fixtures("invalid");
    assert!(
        files.len() >= 25,
        "expected a fixture per rule, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for file in &files {
        let expected = expectation(file);
        let outcomes = load_paths(std::slice::from_ref(file)).unwrap_or_default();
        let found: Vec<String> = outcomes
            .iter()
            .flat_map(|o| &o.diagnostics)
            .map(|d| {
                let header = d.header();
                header
                    .strip_prefix(&format!("{}:", d.file))
                    .unwrap_or(&header)
                    .to_owned()
            })
            .collect();
        if !found.iter().any(|f| f.starts_with(&expected)) {
            failures.push(format!(
                "{}\n  expected: {expected}\n  found:    {found:#?}",
                file.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_file_with_an_error_yields_no_module_but_warnings_do_not_block_it() {
    for file in fixtures("invalid") {
        let outcome = &load_paths(std::slice::from_ref(&file)).unwrap_or_default()[0];
        let has_error = outcome
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error);
        assert_eq!(
            outcome.module.is_some(),
            !has_error,
            "{}: a module must load exactly when there is no error",
            file.display()
        );
    }
}

#[test]
fn valid_fixtures_produce_no_diagnostics() {
    let files = fixtures("valid");
    assert!(files.len() >= 3);
    for outcome in load_paths(&files).unwrap_or_default() {
        assert!(
            outcome.diagnostics.is_empty(),
            "{}",
            content::diagnostic::render_all(&outcome.diagnostics, jaga::i18n::Lang::En)
        );
        assert!(outcome.module.is_some());
    }
}

#[test]
fn the_second_file_with_a_module_id_already_used_is_an_error() {
    let outcomes =
        load_paths(&[PathBuf::from("tests/fixtures/duplicate-modules")]).unwrap_or_default();
    assert_eq!(outcomes.len(), 2);
    assert!(outcomes[0].diagnostics.is_empty());
    assert!(outcomes[0].module.is_some());
    let header = outcomes[1].diagnostics[0].header();
    assert!(
        header.ends_with(
            "b.ron:3:9: error: duplicate module id `fixture`: tests/fixtures/duplicate-modules/a.ron already uses it; module ids must be unique in a course"
        ),
        "{header}"
    );
    assert!(outcomes[1].module.is_none());
}

#[test]
fn the_bundled_course_validates_with_no_errors_and_no_warnings() {
    let loaded = content::load_bundled();
    let diagnostics = loaded.diagnostics();
    assert!(
        diagnostics.is_empty(),
        "{}",
        content::diagnostic::render_all(&diagnostics, jaga::i18n::Lang::En)
    );
    let course = &loaded.course;
    assert!(
        course.modules.len() >= 14,
        "the course has {} modules",
        course.modules.len()
    );
    let scenarios = course
        .modules
        .iter()
        .flat_map(|m| &m.assessment.questions)
        .filter(|q| matches!(q.kind, content::QuestionKind::Scenario(_)))
        .count();
    assert!(scenarios >= 10, "the course has {scenarios} scenarios");
    for module in &course.modules {
        assert_eq!(module.languages, ["id", "en"], "{}", module.id);
        assert!(
            module.lessons.len() >= 2,
            "{} has fewer than 2 lessons",
            module.id
        );
    }
}

/// A test-wise learner who always picks the longest choice must not pass: in at most 40%
/// of the course's single-choice questions is the right answer the longest choice (ties
/// with a wrong choice count as longest), in each language.
#[test]
fn the_longest_choice_is_the_right_answer_in_at_most_40_percent_of_single_choice_questions() {
    let course = content::load_bundled().course;
    for lang in ["id", "en"] {
        let mut asked = 0usize;
        let mut longest_right = Vec::new();
        for module in &course.modules {
            for question in &module.assessment.questions {
                let content::QuestionKind::SingleChoice { choices } = &question.kind else {
                    continue;
                };
                let length = |c: &content::Choice| c.text.get(lang).chars().count();
                let right = choices.iter().filter(|c| c.correct).map(length).max();
                let wrong = choices.iter().filter(|c| !c.correct).map(length).max();
                let (Some(right), Some(wrong)) = (right, wrong) else {
                    continue;
                };
                asked += 1;
                if right >= wrong {
                    longest_right.push(format!("{}/{}", module.id, question.id));
                }
            }
        }
        assert!(asked >= 30, "only {asked} single-choice questions");
        assert!(
            longest_right.len() * 100 <= asked * 40,
            "in `{lang}` the right answer is the longest choice in {} of {asked}: {}",
            longest_right.len(),
            longest_right.join(", ")
        );
    }
}

/// A DPO checks the law against its source: every law callout of the bundled course ends
/// with the article it rests on, e.g. "(Pasal 46 ayat (1) UU PDP)." or "(Article 33(1)
/// GDPR).", in each language (docs/legal-basis.md lists them all).
#[test]
fn every_bundled_law_callout_ends_with_its_article() {
    let mut missing = Vec::new();
    for module in &content::load_bundled().course.modules {
        for lesson in &module.lessons {
            for block in &lesson.blocks {
                let content::Block::Callout {
                    kind: content::CalloutKind::Law,
                    text,
                    ..
                } = block
                else {
                    continue;
                };
                for (lang, sentence) in &text.0 {
                    if !ends_with_a_citation(sentence) {
                        missing.push(format!("{}/{} ({lang})", module.id, lesson.id));
                    }
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "no article at the end: {}",
        missing.join(", ")
    );
}

/// Whether `text` ends with a parenthesis (which may hold others, as in "ayat (1)") that
/// names the UU PDP or the GDPR, then at most a full stop.
fn ends_with_a_citation(text: &str) -> bool {
    let text = text.trim_end().trim_end_matches('.');
    let Some(body) = text.strip_suffix(')') else {
        return false;
    };
    let mut depth = 1usize;
    for (at, c) in body.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    let citation = &body[at..];
                    return citation.contains("UU PDP") || citation.contains("GDPR");
                }
            }
            _ => {}
        }
    }
    false
}

/// A retake should not be the same test reshuffled: every pool that draws holds at least
/// twice its draw.
#[test]
fn every_bundled_pool_that_draws_is_at_least_twice_its_draw() {
    for module in &content::load_bundled().course.modules {
        let pool = module.assessment.questions.len();
        if let Some(draw) = module.assessment.draw {
            assert!(
                pool >= 2 * draw,
                "{}: a pool of {pool} draws {draw}",
                module.id
            );
        }
    }
}

#[test]
fn a_question_names_the_lesson_that_teaches_its_point() {
    let outcomes =
        load_paths(&[PathBuf::from("tests/fixtures/valid/teaches.ron")]).unwrap_or_default();
    let module = outcomes[0].module.as_ref().expect("the fixture loads");
    let lock = module.question("lock").expect("question `lock`");
    assert_eq!(lock.teaches.as_deref(), Some("screens"));
    let (index, lesson) = module.lesson_teaching("lock").expect("`lock` is taught");
    assert_eq!((index, lesson.id.as_str()), (1, "screens"));
    assert_eq!(lesson.title.get("en"), "Screens");
    let (index, lesson) = module.lesson_teaching("share").expect("`share` is taught");
    assert_eq!((index, lesson.id.as_str()), (0, "passwords"));
    assert!(
        module
            .question("untaught")
            .is_some_and(|q| q.teaches.is_none())
    );
    assert!(module.lesson_teaching("untaught").is_none());
    assert!(module.lesson_teaching("no-such-question").is_none());
}

/// Every question of the course can point a learner back to the lesson that teaches it.
#[test]
fn every_bundled_question_names_a_lesson_of_its_module() {
    for module in &content::load_bundled().course.modules {
        for question in &module.assessment.questions {
            let taught = module.lesson_teaching(&question.id);
            assert!(
                taught.is_some(),
                "{}: question `{}` names no lesson that teaches it",
                module.id,
                question.id
            );
        }
    }
}

#[test]
fn every_bundled_scenario_has_two_endings_and_a_way_back() {
    for module in &content::load_bundled().course.modules {
        for question in &module.assessment.questions {
            let content::QuestionKind::Scenario(scenario) = &question.kind else {
                continue;
            };
            let endings = scenario
                .nodes
                .iter()
                .filter(|n| matches!(n.kind, content::NodeKind::Ending { .. }))
                .count();
            assert!(
                endings >= 2,
                "{}/{} has {endings} endings",
                module.id,
                question.id
            );
            // A loop: some choice leads to a node from which its own node can be reached.
            let loops = scenario
                .nodes
                .iter()
                .enumerate()
                .any(|(i, n)| match &n.kind {
                    content::NodeKind::Step { choices } => choices
                        .iter()
                        .any(|c| reachable(scenario, c.to).contains(&i)),
                    content::NodeKind::Ending { .. } => false,
                });
            // A recovery: after a choice that costs points, the best ending is still reachable.
            let best = best_ending(scenario);
            let recovers = scenario.nodes.iter().any(|n| match &n.kind {
                content::NodeKind::Step { choices } => choices
                    .iter()
                    .any(|c| c.points < 0 && reachable(scenario, c.to).contains(&best)),
                content::NodeKind::Ending { .. } => false,
            });
            assert!(
                loops || recovers || scenario.allow_back,
                "{}/{} has no loop, recovery path or back step",
                module.id,
                question.id
            );
        }
    }
}

/// Every node reachable from `from`, including itself.
fn reachable(scenario: &content::Scenario, from: usize) -> Vec<usize> {
    let mut seen = vec![from];
    let mut i = 0;
    while let Some(&node) = seen.get(i) {
        if let content::NodeKind::Step { choices } = &scenario.nodes[node].kind {
            for c in choices {
                if !seen.contains(&c.to) {
                    seen.push(c.to);
                }
            }
        }
        i += 1;
    }
    seen
}

/// The ending reached by the best path: the highest static score, or for dynamic
/// scenarios the ending after the choice with the most points.
fn best_ending(scenario: &content::Scenario) -> usize {
    let endings = scenario
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(i, n)| match n.kind {
            content::NodeKind::Ending { score, .. } => Some((i, score)),
            content::NodeKind::Step { .. } => None,
        });
    match scenario.scoring {
        content::ScenarioScoring::Static => endings.max_by_key(|(_, s)| *s).map_or(0, |(i, _)| i),
        content::ScenarioScoring::Dynamic => scenario
            .nodes
            .iter()
            .flat_map(|n| match &n.kind {
                content::NodeKind::Step { choices } => choices.iter().collect::<Vec<_>>(),
                content::NodeKind::Ending { .. } => Vec::new(),
            })
            .filter(|c| matches!(scenario.nodes[c.to].kind, content::NodeKind::Ending { .. }))
            .max_by_key(|c| c.points)
            .map_or(0, |c| c.to),
    }
}

#[test]
fn the_template_module_validates_clean() {
    let outcomes = load_paths(&[PathBuf::from("docs/template-module.ron")]).unwrap_or_default();
    assert!(
        outcomes[0].diagnostics.is_empty(),
        "{}",
        content::diagnostic::render_all(&outcomes[0].diagnostics, jaga::i18n::Lang::En)
    );
}

mod hostile_input {
    use super::*;
    use jaga::content::Assets;
    use jaga::content::load::{MAX_FILE_BYTES, parse_module};

    fn only_error(bytes: &[u8]) -> String {
        let (module, diagnostics) = parse_module("hostile.ron", bytes, &Assets::Missing);
        assert!(module.is_none());
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert!(diagnostics[0].is_error());
        diagnostics[0].header()
    }

    #[test]
    fn invalid_utf8_is_an_error_at_the_bad_byte() {
        let header = only_error(b"Module(\n  id: \"a\xff\",\n)");
        assert_eq!(
            header,
            "hostile.ron:2:9: error: the file is not UTF-8 text (byte 0xFF here); save it as UTF-8 in your editor"
        );
    }

    #[test]
    fn a_file_over_the_size_cap_is_refused_with_the_cap_stated() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("huge.ron");
        let size = usize::try_from(MAX_FILE_BYTES).unwrap_or(usize::MAX) + 10;
        std::fs::write(&path, vec![b' '; size]).expect("write");
        let outcomes = load_paths(&[path]).expect("load");
        let header = outcomes[0].diagnostics[0].header();
        assert!(header.contains("over the 4 MiB limit"), "{header}");
        assert!(outcomes[0].module.is_none());
    }

    #[test]
    fn ten_thousand_levels_of_nesting_fail_cleanly() {
        for (open, close) in [("[", "]"), ("(", ")"), ("{", "}"), ("Some(", ")")] {
            let text = format!(
                "Module(id: \"x\", languages: {}{}{})",
                open.repeat(10_000),
                "1",
                close.repeat(10_000)
            );
            let header = only_error(text.as_bytes());
            assert!(header.contains(": error: "), "{header}");
        }
        let deep_lists = format!("Module(tags: {}{})", "[".repeat(10_000), "]".repeat(10_000));
        only_error(deep_lists.as_bytes());
    }

    #[test]
    fn deep_nesting_at_the_top_level_fails_at_the_first_bracket() {
        let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let header = only_error(text.as_bytes());
        assert!(header.starts_with("hostile.ron:1:1: error: "), "{header}");
    }

    #[test]
    fn a_byte_order_mark_is_accepted_and_positions_stay_right() {
        let text =
            std::fs::read("tests/fixtures/invalid/pass-mark-out-of-range.ron").expect("fixture");
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice(&text);
        let (_, diagnostics) = parse_module("bom.ron", &with_bom, &Assets::Missing);
        assert_eq!(diagnostics.len(), 1);
        assert!(
            diagnostics[0]
                .header()
                .starts_with("bom.ron:19:20: error: pass mark 150")
        );
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        let seeds: [&[u8]; 6] = [
            b"",
            b"\"",
            b"Module(",
            b"r#\"",
            b"/*",
            b"Module(id: \"x\", languages: [\"en\"], title: {\"en\": ",
        ];
        for seed in seeds {
            let (module, _) = parse_module("x.ron", seed, &Assets::Missing);
            assert!(module.is_none());
        }
        // Every prefix of a valid module.
        let valid = std::fs::read("tests/fixtures/valid/scenario.ron").expect("fixture");
        for end in 0..valid.len() {
            let _ = parse_module("x.ron", &valid[..end], &Assets::Missing);
        }
    }
}
