//! The command line, through the real `jaga` binary: output and exit codes.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly on a broken fixture"
)]

use std::path::Path;
use std::process::Output;

fn jaga(args: &[&str]) -> Output {
    crate::support::jaga_command()
        .args(args)
        .output()
        .expect("the jaga binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn validate_on_the_bundled_course_prints_nothing_and_exits_0() {
    let output = jaga(&["validate"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    assert_eq!(stderr(&output), "");
}

#[test]
fn validate_on_the_repository_content_folder_agrees_with_the_bundled_course() {
    let output = jaga(&["validate", "content"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    assert_eq!(stdout(&output), "");
}

/// A folder with one broken file and good ones, made in a temp dir from the fixtures.
fn mixed_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in [
        "valid/minimal.ron",
        "valid/scenario.ron",
        "invalid/duplicate-question-id.ron",
    ] {
        let from = Path::new("tests/fixtures").join(name);
        let to = dir.path().join(Path::new(name).file_name().expect("name"));
        std::fs::copy(from, to).expect("copy fixture");
    }
    // A second problem in the same broken file, so both must be printed.
    let broken = dir.path().join("duplicate-question-id.ron");
    let text = std::fs::read_to_string(&broken).expect("read");
    std::fs::write(&broken, text.replace("pass_mark: 50", "pass_mark: 500")).expect("write");
    dir
}

#[test]
fn validate_on_a_folder_with_a_broken_file_prints_every_problem_and_exits_1() {
    let dir = mixed_folder();
    let output = jaga(&["validate", dir.path().to_str().expect("utf-8 path")]);
    assert_eq!(output.status.code(), Some(1));
    let out = stdout(&output);
    let file = dir.path().join("duplicate-question-id.ron");
    let file = file.display();
    assert!(
        out.contains(&format!(
            "{file}:19:20: error: pass mark 500 is outside 0–100"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!("{file}:30:21: error: duplicate question id `q1`")),
        "{out}"
    );
    assert!(
        out.contains("19 |         pass_mark: 500,"),
        "the source line is shown: {out}"
    );
    assert!(
        stderr(&output).contains("2 errors in 3 files checked"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn list_shows_the_good_modules_of_a_folder_with_a_broken_file() {
    let dir = mixed_folder();
    let output = jaga(&[
        "list",
        "--content",
        dir.path().to_str().expect("utf-8 path"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let out = stdout(&output);
    let ids: Vec<&str> = out
        .lines()
        .map(|l| l.split('\t').next().unwrap_or(""))
        .collect();
    assert_eq!(ids, ["fixture", "fixture-scenario"]);
    assert!(stderr(&output).contains("error: duplicate question id"));
}

#[test]
fn list_prints_id_revision_title_languages_and_question_count() {
    let output = jaga(&["list", "--content", "tests/fixtures/valid"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    let line = out
        .lines()
        .find(|l| l.starts_with("fixture\t"))
        .expect("fixture listed");
    let fields: Vec<&str> = line.split('\t').collect();
    assert_eq!(fields.len(), 5, "{line}");
    assert_eq!(fields[1].len(), 12);
    assert!(fields[1].chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(&fields[2..], ["Fixture", "en", "1"]);
}

#[test]
fn a_tab_or_escape_in_a_title_keeps_lists_columns_and_never_reaches_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string("tests/fixtures/valid/minimal.ron").unwrap();
    let hostile = good.replacen(
        r#"title: {"en": "Fixture"}"#,
        r#"title: {"en": "Fix\tture\u{1b}]0;owned\u{7}"}"#,
        1,
    );
    assert_ne!(hostile, good, "the fixture's title was replaced");
    std::fs::write(dir.path().join("minimal.ron"), hostile).unwrap();
    let output = jaga(&["list", "--content", crate::support::path(dir.path())]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    let line = out.lines().next().expect("one module listed");
    let fields: Vec<&str> = line.split('\t').collect();
    assert_eq!(fields.len(), 5, "{line:?}");
    assert_eq!(fields[2], "Fix ture ]0;owned ");
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'));
}

#[test]
fn list_on_the_bundled_course_lists_every_module_in_both_languages() {
    let output = jaga(&["list"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(out.lines().count() >= 8, "{out}");
    assert!(
        out.lines().all(|l| l.split('\t').nth(3) == Some("id,en")),
        "{out}"
    );
}

#[test]
fn validate_json_gives_machine_readable_diagnostics() {
    let output = jaga(&[
        "validate",
        "--format",
        "json",
        "tests/fixtures/invalid/pass-mark-out-of-range.ron",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let first = &value[0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["line"], 19);
    assert_eq!(first["column"], 20);
    assert_eq!(
        first["file"],
        "tests/fixtures/invalid/pass-mark-out-of-range.ron"
    );
    assert!(
        first["message"]
            .as_str()
            .unwrap_or("")
            .starts_with("pass mark 150")
    );
}

#[test]
fn validate_warnings_alone_exit_0() {
    let output = jaga(&[
        "validate",
        "tests/fixtures/invalid/warning-no-takeaways.ron",
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains(": warning: the module has no key takeaways"));
}

#[test]
fn validate_words_the_glossary_and_giveaway_lints_in_the_language_asked_for() {
    let english = jaga(&["validate", "tests/fixtures/glossary/terms.ron"]);
    assert_eq!(english.status.code(), Some(0), "warnings alone exit 0");
    assert!(
        stdout(&english).starts_with(
            "tests/fixtures/glossary/terms.ron:13:31: warning: `Perlindungan` is not the course's term in `id`: write `pelindungan`"
        ),
        "{}",
        stdout(&english)
    );
    let indonesian = jaga(&[
        "validate",
        "--lang",
        "id",
        "tests/fixtures/glossary/terms.ron",
        "tests/fixtures/invalid/warning-giveaway-count.ron",
    ]);
    let text = stdout(&indonesian);
    assert!(
        text.contains(
            "terms.ron:13:31: warning: `Perlindungan` bukan istilah baku kursus untuk `id`: tulis `pelindungan`"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "warning-giveaway-count.ron:23:32: warning: pertanyaan menyebutkan berapa jawaban yang benar (\"two\")"
        ),
        "{text}"
    );
}

#[test]
fn validate_a_missing_path_exits_2_with_a_clear_message() {
    let output = jaga(&["validate", "no/such/folder"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no/such/folder: no such file or folder"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_unknown_subcommand_or_flag_exits_2() {
    assert_eq!(jaga(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(
        jaga(&["validate", "--format", "xml"]).status.code(),
        Some(2)
    );
}

#[test]
fn help_describes_every_subcommand() {
    let out = stdout(&jaga(&["--help"]));
    for word in ["validate", "list", "--content", "--data"] {
        assert!(out.contains(word), "--help lacks {word}: {out}");
    }
    let out = stdout(&jaga(&["validate", "--help"]));
    assert!(out.contains("Exits 0 when there is no error"), "{out}");
}

#[test]
fn hostile_files_give_an_error_and_no_panic() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("utf8.ron"), b"Module(id: \"\xc3\x28\")").expect("write");
    std::fs::write(
        dir.path().join("deep.ron"),
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
    )
    .expect("write");
    std::fs::write(dir.path().join("huge.ron"), vec![b'/'; 5 * 1024 * 1024]).expect("write");
    let output = jaga(&["validate", dir.path().to_str().expect("utf-8 path")]);
    assert_eq!(output.status.code(), Some(1));
    let out = stdout(&output);
    assert!(
        out.contains("utf8.ron:1:13: error: the file is not UTF-8 text"),
        "{out}"
    );
    assert!(out.contains("deep.ron:1:1: error: "), "{out}");
    assert!(
        out.contains("huge.ron: error: the file is 5.0 MiB, over the 4 MiB limit"),
        "{out}"
    );
    assert!(!stderr(&output).contains("panicked"));
}

#[test]
fn package_files_writes_a_man_page_per_command_and_completions_from_the_cli_definition() {
    let folder = tempfile::tempdir().unwrap();
    let run = crate::support::jaga_command()
        .args(["package-files", "--out"])
        .arg(folder.path())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let pages = folder.path().join("man");
    let jaga_page = std::fs::read_to_string(pages.join("jaga.1")).unwrap();
    assert!(
        jaga_page.contains("jaga\\-policy(1)"),
        "the main page lists the policy command"
    );
    let check_page = std::fs::read_to_string(pages.join("jaga-policy-check.1")).unwrap();
    assert!(check_page.contains("Check a policy file"));
    assert!(
        !pages.join("jaga-stress-store.1").exists(),
        "hidden commands get no page"
    );
    for file in ["jaga.bash", "_jaga", "jaga.fish"] {
        let script = std::fs::read_to_string(folder.path().join(file)).unwrap();
        assert!(script.contains("policy"), "{file} completes `jaga policy`");
    }
}
