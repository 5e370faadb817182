//! The course's own files beside its modules: the glossary of house terms, whose
//! warnings point at each avoided word, and the course file, whose tracks group the
//! modules. Both are checked like modules, with every problem at its line and column.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly on a broken fixture"
)]

use std::path::PathBuf;

use jaga::content::{self, Track, load::load_paths};
use jaga::i18n::Lang;

/// Every diagnostic of the outcomes, as `file:line:col: severity: message`.
fn headers(outcomes: &[content::FileOutcome]) -> Vec<String> {
    outcomes
        .iter()
        .flat_map(|o| &o.diagnostics)
        .map(content::Diagnostic::header)
        .collect()
}

#[test]
fn the_glossary_warns_at_each_avoided_form_with_the_preferred_one() {
    let outcomes = load_paths(&[PathBuf::from("tests/fixtures/glossary")]).unwrap();
    let see = "(see tests/fixtures/glossary/glossary.ron)";
    let file = "tests/fixtures/glossary/terms.ron";
    assert_eq!(
        headers(&outcomes),
        [
            format!(
                "{file}:13:31: warning: `Perlindungan` is not the course's term in `id`: write `pelindungan` {see}"
            ),
            format!(
                "{file}:13:68: warning: `pengendali data` is not the course's term in `id`: write `Pengendali Data Pribadi` {see}"
            ),
            format!(
                "{file}:14:39: warning: `e-mail` is not the course's term in `en`: write `email` {see}"
            ),
            format!(
                "{file}:17:123: warning: `pelanggaran data` is not the course's term in `id`: write `kegagalan Pelindungan Data Pribadi` {see}"
            ),
            format!(
                "{file}:29:33: warning: `Perlindungan` is not the course's term in `id`: write `pelindungan` {see}"
            ),
        ],
        "the preferred form and an excepted quotation are left alone; each avoided form is marked"
    );
    // Warnings never stop a module from loading.
    assert!(outcomes.iter().any(|o| o.module.is_some()));
}

#[test]
fn a_module_checked_on_its_own_uses_the_glossary_beside_it() {
    let outcomes = load_paths(&[PathBuf::from("tests/fixtures/glossary/terms.ron")]).unwrap();
    assert_eq!(outcomes.len(), 1, "the glossary is used, not reported");
    assert_eq!(headers(&outcomes).len(), 5);
}

#[test]
fn glossary_and_course_file_warnings_are_worded_in_indonesian_too() {
    let outcomes = load_paths(&[PathBuf::from("tests/fixtures/glossary/terms.ron")]).unwrap();
    let first = &outcomes[0].diagnostics[0];
    assert_eq!(
        first.message_in(Lang::Id),
        "`Perlindungan` bukan istilah baku kursus untuk `id`: tulis `pelindungan` (lihat tests/fixtures/glossary/glossary.ron)"
    );
    let loaded = content::load_dir(std::path::Path::new("tests/fixtures/tracks-invalid")).unwrap();
    let worded: Vec<String> = loaded
        .diagnostics()
        .iter()
        .map(|d| d.message_in(Lang::Id))
        .collect();
    assert!(
        worded.contains(
            &"tidak ada modul `marketng` dalam kursus; maksud Anda `marketing`?".to_owned()
        ),
        "{worded:#?}"
    );
}

#[test]
fn a_broken_glossary_reports_every_problem_and_is_not_applied() {
    let outcomes = load_paths(&[PathBuf::from("tests/fixtures/glossary-broken")]).unwrap();
    let file = "tests/fixtures/glossary-broken/glossary.ron";
    assert_eq!(
        headers(&outcomes),
        [
            format!(
                "{file}:4:24: error: `Indonesian` is not a language code; use a code like \"id\", \"en\" or \"pt-BR\""
            ),
            format!(
                "{file}:5:69: error: `nomor ponsel` lists no deprecated forms; add the forms authors should not write"
            ),
            format!(
                "{file}:6:70: error: `Nomor Ponsel` is both the preferred form and a deprecated one; remove it from deprecated"
            ),
            format!(
                "{file}:7:62: error: `perlindungan` is deprecated twice for `id`; keep it under one term"
            ),
        ]
    );
    assert!(
        outcomes.iter().any(|o| o.module.is_some()),
        "modules still load"
    );
}

#[test]
fn the_course_file_groups_modules_into_tracks() {
    let loaded = content::load_dir(std::path::Path::new("tests/fixtures/tracks")).unwrap();
    assert!(
        loaded.diagnostics().is_empty(),
        "{}",
        content::diagnostic::render_all(&loaded.diagnostics(), Lang::En)
    );
    let tracks: Vec<(&str, &[String])> = loaded
        .course
        .tracks
        .iter()
        .map(|t| (t.id.as_str(), t.modules.as_slice()))
        .collect();
    assert_eq!(
        tracks,
        [
            ("core", &["core".to_owned()][..]),
            (
                "marketing",
                &["marketing".to_owned(), "core".to_owned()][..]
            ),
        ]
    );
    let core = loaded.course.track("core").unwrap();
    assert_eq!(core.min_pass_mark, Some(80));
    assert_eq!(core.title.get("en"), "Core");
    assert_eq!(
        loaded.course.modules.len(),
        2,
        "the course file is not a module"
    );
}

#[test]
fn a_course_file_with_errors_reports_each_at_its_place_and_the_course_still_opens() {
    let loaded = content::load_dir(std::path::Path::new("tests/fixtures/tracks-invalid")).unwrap();
    let file = "tests/fixtures/tracks-invalid/course.ron";
    let found: Vec<String> = loaded
        .diagnostics()
        .iter()
        .map(content::Diagnostic::header)
        .collect();
    assert_eq!(
        found,
        [
            format!(
                "{file}:3:13: warning: module `extra` is in no track; learners see it only among the optional modules"
            ),
            format!(
                "{file}:8:23: warning: module `core` passes at 70%, below this track's minimum of 80%; raise its pass_mark"
            ),
            format!(
                "{file}:8:31: error: there is no module `marketng` in the course; did you mean `marketing`?"
            ),
            format!(
                "{file}:10:19: error: track id `core` is used twice; each track needs its own id"
            ),
            format!(
                "{file}:10:60: error: track `core` has no modules; list the ids of its modules"
            ),
            format!(
                "{file}:11:19: error: track id `Sales` must be a slug: lowercase letters, digits and single hyphens, like `inti`"
            ),
            format!(
                "{file}:11:35: error: this text is missing its `en` translation (the course file declares it)"
            ),
            format!(
                "{file}:11:42: warning: `id` is not one of the course file's languages; add it to languages or remove this text"
            ),
            format!("{file}:11:79: error: module `marketing` is listed twice in this track"),
        ]
    );
    // The course opens with its three modules in one track, as without a course file.
    assert_eq!(loaded.course.modules.len(), 3);
    assert_eq!(loaded.course.tracks.len(), 1);
    assert_eq!(loaded.course.tracks[0].id, Track::EVERYTHING);
    assert_eq!(loaded.course.tracks[0].modules.len(), 3);
    assert_eq!(loaded.error_count(), 6);
}

#[test]
fn without_a_course_file_every_module_is_in_one_track_named_in_both_languages() {
    let loaded = content::load_dir(std::path::Path::new("tests/fixtures/valid")).unwrap();
    assert_eq!(loaded.course.tracks.len(), 1);
    let track = &loaded.course.tracks[0];
    assert_eq!(track.modules.len(), loaded.course.modules.len());
    assert_eq!(track.title.get("id"), "Semua modul");
    assert_eq!(track.title.get("en"), "All modules");
}

#[test]
fn checking_the_course_file_alone_checks_it_against_its_folder() {
    let outcomes =
        load_paths(&[PathBuf::from("tests/fixtures/tracks-invalid/course.ron")]).unwrap();
    assert_eq!(outcomes.len(), 1);
    assert_eq!(outcomes[0].diagnostics.len(), 9);
}
