//! An author's problems in their language and in plain words: the slips the walk-through
//! found worst explained (a `)` left out of the built-in course), `jaga validate --lang`,
//! and `jaga new course` giving a copy that validates clean.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly on a broken fixture"
)]

use std::path::Path;
use std::process::Output;

use jaga::content::{Assets, load::parse_file};
use jaga::i18n::Lang;

fn jaga(args: &[&str]) -> Output {
    crate::support::jaga_command()
        .args(args)
        .output()
        .expect("the jaga binary runs")
}

fn text(bytes: &[u8]) -> String {
    crate::support::text(bytes)
}

/// The built-in module the walk-through broke, with line `line` (1-based) edited.
fn privacy_culture_with(line: usize, edit: impl Fn(&str) -> String) -> String {
    // A copy of the built-in module as it was when these positions were taken: the
    // course itself moves on.
    let good = std::fs::read_to_string("tests/fixtures/syntax/privacy-culture.ron").unwrap();
    good.lines()
        .enumerate()
        .map(|(i, l)| if i + 1 == line { edit(l) } else { l.to_owned() })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_closing_paren_left_out_of_a_question_is_said_where_it_belongs_with_its_opening() {
    let broken = privacy_culture_with(250, |l| l.replace("),", ","));
    let outcome = parse_file("culture.ron", broken.as_bytes(), &Assets::Bundled);
    assert_eq!(outcome.diagnostics.len(), 1);
    let d = &outcome.diagnostics[0];
    assert_eq!(
        d.header_in(Lang::En),
        "culture.ron:250:13: error: the `(` opened at 197:25 is never closed: a `)` is \
         probably missing just before this"
    );
    assert_eq!(
        d.header_in(Lang::Id),
        "culture.ron:250:13: error: `(` yang dibuka di 197:25 tidak pernah ditutup: \
         kemungkinan besar `)` hilang tepat sebelum ini"
    );
}

#[test]
fn a_comma_left_out_between_fields_is_said_as_a_missing_comma() {
    let broken = privacy_culture_with(239, |l| l.trim_end_matches(',').to_owned());
    let outcome = parse_file("culture.ron", broken.as_bytes(), &Assets::Bundled);
    let d = &outcome.diagnostics[0];
    assert_eq!(
        d.header_in(Lang::En),
        "culture.ron:239:37: error: a comma `,` is missing here, after this value and before \
         the field `text` at 240:25"
    );
}

#[test]
fn validate_in_indonesian_keeps_the_error_prefix_and_translates_the_message() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("culture.ron");
    std::fs::write(
        &file,
        privacy_culture_with(193, |l| l.replace("pass_mark", "pass_mrak")),
    )
    .unwrap();
    let shown = crate::support::path(&file);

    let id = jaga(&["validate", "--lang", "id", shown]);
    assert_eq!(id.status.code(), Some(1));
    assert!(
        text(&id.stdout).starts_with(&format!(
            "{shown}:193:9: error: kolom `pass_mrak` tidak dikenal di `Assessment`; mungkin \
             maksud Anda `pass_mark`? Kolom yang ada di sini:"
        )),
        "{}",
        text(&id.stdout)
    );
    assert_eq!(
        text(&id.stderr),
        "1 kesalahan dalam 1 berkas yang diperiksa\n"
    );

    let en = jaga(&["validate", shown]);
    assert!(
        text(&en.stdout).contains(
            "error: unknown field `pass_mrak` in `Assessment`; did you mean `pass_mark`? The \
             fields here are"
        ),
        "English by default: {}",
        text(&en.stdout)
    );
    assert_eq!(text(&en.stderr), "1 error in 1 file checked\n");

    let json = jaga(&["validate", "--lang", "id", "--format", "json", shown]);
    let parsed: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let message = parsed[0]["message"].as_str().unwrap();
    assert!(message.starts_with("kolom `pass_mrak`"), "{message}");
    assert_eq!(parsed[0]["severity"], "error");
}

#[test]
fn every_diagnostic_message_has_words_in_both_languages() {
    // Each message key the core uses resolves to text of its own in both languages (the
    // parity test checks the files agree; this checks the code asks for keys that exist).
    let sources = walk(Path::new("src"));
    let mut keys = Vec::new();
    for file in sources {
        let code = std::fs::read_to_string(&file).unwrap();
        for prefix in ["\"diag-", "\"syntax-", "\"what-"] {
            for (at, _) in code.match_indices(prefix) {
                let rest = &code[at + 1..];
                let end = rest.find('"').unwrap();
                keys.push(rest[..end].to_owned());
            }
        }
    }
    keys.sort();
    keys.dedup();
    assert!(keys.len() > 100, "only {} keys found", keys.len());
    for key in keys {
        for lang in Lang::ALL {
            let words = jaga::i18n::tr(lang, &key);
            assert!(
                !words.is_empty() && words != key,
                "{key} has no words in {lang:?}"
            );
        }
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(current).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out
}

#[test]
fn jaga_new_course_writes_a_copy_that_validates_clean_with_its_images_inside() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("my-course");
    let shown = crate::support::path(&dir);
    let made = jaga(&["new", "course", shown]);
    assert_eq!(made.status.code(), Some(0), "{}", text(&made.stderr));
    assert!(
        text(&made.stderr).starts_with("wrote ")
            && text(&made.stderr).contains(" module files and 1 image to "),
        "{}",
        text(&made.stderr)
    );
    // The image a module shows is inside the copy, where the loader looks first.
    assert!(dir.join("assets/images/layered-notice.png").is_file());
    assert_eq!(
        Assets::for_content_dir(&dir),
        Assets::Dir(dir.join("assets"))
    );

    let checked = jaga(&["validate", "--content", shown]);
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked.stdout));
    assert_eq!(text(&checked.stdout), "");
    assert_eq!(text(&checked.stderr), "");
    // Moved elsewhere, it still validates: nothing points back at Jaga's own folders.
    let moved = parent.path().join("elsewhere");
    std::fs::rename(&dir, &moved).unwrap();
    let checked = jaga(&["validate", crate::support::path(&moved)]);
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked.stdout));
}

#[test]
fn jaga_new_course_refuses_to_overwrite_and_writes_nothing_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("05-transparency.ron");
    std::fs::write(&mine, "my own work").unwrap();
    let shown = crate::support::path(dir.path());

    let refused = jaga(&["new", "course", shown]);
    assert_eq!(refused.status.code(), Some(2));
    let said = text(&refused.stderr);
    assert!(
        said.contains("already holds a file of the course; nothing was written")
            && said.contains("add --force to replace them")
            && said.contains("05-transparency.ron"),
        "{said}"
    );
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "my own work");
    assert!(
        !dir.path().join("01-personalization-paradox.ron").exists(),
        "nothing at all is written"
    );

    let in_indonesian = jaga(&["new", "course", "--lang", "id", shown]);
    assert_eq!(in_indonesian.status.code(), Some(2));
    assert!(
        text(&in_indonesian.stderr).contains("tidak ada yang ditulis"),
        "{}",
        text(&in_indonesian.stderr)
    );

    let forced = jaga(&["new", "course", "--force", shown]);
    assert_eq!(forced.status.code(), Some(0), "{}", text(&forced.stderr));
    assert_ne!(std::fs::read_to_string(&mine).unwrap(), "my own work");
    let checked = jaga(&["validate", "--content", shown]);
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked.stdout));
}

/// Every `n`th line of the built-in course that `keep` picks, edited by `edit`: the line
/// (1-based) and the line the first diagnostic names.
fn sweep(
    n: usize,
    keep: impl Fn(&str) -> bool,
    edit: impl Fn(&str) -> String,
) -> Vec<(String, usize, usize)> {
    let mut seen = Vec::new();
    for (name, bytes) in jaga::content::load::bundled_module_files() {
        let good = std::str::from_utf8(bytes).unwrap();
        let lines: Vec<&str> = good.lines().collect();
        let picked = lines.iter().enumerate().filter(|(_, l)| keep(l));
        for (i, _) in picked.step_by(n) {
            let broken: Vec<String> = lines
                .iter()
                .enumerate()
                .map(|(j, l)| if j == i { edit(l) } else { (*l).to_owned() })
                .collect();
            let outcome = parse_file(name, broken.join("\n").as_bytes(), &Assets::Bundled);
            let line = outcome.diagnostics.first().map_or(0, |d| d.line);
            seen.push((name.to_owned(), i + 1, line));
        }
    }
    seen
}

#[test]
fn every_closing_bracket_left_out_of_the_built_in_course_is_found_on_its_line() {
    let closer_only = |l: &str| matches!(l.trim(), ")" | ")," | "]" | "]," | "}" | "},");
    let seen = sweep(1, closer_only, |l| l.replacen([')', ']', '}'], "", 1));
    assert!(seen.len() > 200, "only {} cases", seen.len());
    let missed: Vec<_> = seen.iter().filter(|(_, at, found)| at != found).collect();
    assert!(
        missed.is_empty(),
        "file, line removed, line said: {missed:?}"
    );
}

#[test]
fn every_opening_bracket_left_out_of_the_built_in_course_is_found_near_its_line() {
    let opens = |l: &str| l.trim_end().ends_with(['(', '[', '{']);
    let seen = sweep(1, opens, |l| {
        let t = l.trim_end();
        t[..t.len() - 1].to_owned()
    });
    assert!(seen.len() > 150, "only {} cases", seen.len());
    // A lone `{` removed is said on the next line, where what it held starts.
    let missed: Vec<_> = seen
        .iter()
        .filter(|(_, at, found)| !(*at..=at + 1).contains(found))
        .collect();
    assert!(
        missed.is_empty(),
        "file, line edited, line said: {missed:?}"
    );
}

#[test]
fn any_bracket_quote_comma_or_colon_left_out_is_reported_at_a_line_and_never_panics() {
    // A copy of the built-in module as it was when these positions were taken: the
    // course itself moves on.
    let good = std::fs::read_to_string("tests/fixtures/syntax/privacy-culture.ron").unwrap();
    let marks: Vec<usize> = good
        .char_indices()
        .filter(|(_, c)| "()[]{}\",:".contains(*c))
        .map(|(i, _)| i)
        .collect();
    let mut tried = 0;
    for &at in marks.iter().step_by(7) {
        let mut broken = good.clone();
        broken.remove(at);
        let outcome = parse_file("culture.ron", broken.as_bytes(), &Assets::Bundled);
        // Taking out a trailing comma or a colon inside a text is still a good module.
        if let Some(first) = outcome.diagnostics.first() {
            assert!(first.line >= 1, "{}", first.header());
        }
        tried += 1;
    }
    assert!(tried > 200, "only {tried} cases");
}
