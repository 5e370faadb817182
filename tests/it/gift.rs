//! Moodle GIFT import and export: every construct, the skip report, the round trip through
//! the bundled course, Moodle's own example files, and the CLI's exit codes.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly on a broken fixture"
)]

use std::path::{Path, PathBuf};
use std::process::Output;

use jaga::content::load::{bundled_module_files, parse_module};
use jaga::content::raw::RawModule;
use jaga::content::{self, Assets, Module, MultipleScoring, Question, QuestionKind, Severity};
use jaga::gift::write::{RonComments, module_to_ron};
use jaga::gift::{self, GiftError, Import, ImportOptions, Lang};

// ---------------------------------------------------------------------------------------
// Helpers

fn fixture(name: &str) -> PathBuf {
    Path::new("tests/fixtures/gift").join(name)
}

fn options(module_id: &str, lang: Lang) -> ImportOptions<'_> {
    ImportOptions {
        module_id,
        lang,
        source_name: "test.gift",
        module_file: "imported.ron",
    }
}

fn import_text(text: &str, lang: Lang) -> Import {
    gift::import(&gift::parse(text), &options("imported", lang)).expect("the import succeeds")
}

fn import_fixture(name: &str, lang: Lang) -> Import {
    let bytes = std::fs::read(fixture(name)).expect("fixture exists");
    let file = gift::parse_bytes(&bytes).expect("fixture is UTF-8");
    gift::import(&file, &options("imported", lang)).expect("the import succeeds")
}

/// The imported module as Jaga loads it; fails the test on any validation error.
fn checked(import: &Import) -> Module {
    let (module, diagnostics) =
        parse_module("imported.ron", import.ron.as_bytes(), &Assets::Missing);
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(content::Diagnostic::render)
        .collect();
    assert!(errors.is_empty(), "{}\n{}", errors.join("\n"), import.ron);
    module.expect("a module without errors")
}

fn question<'a>(module: &'a Module, id: &str) -> &'a Question {
    module.question(id).unwrap_or_else(|| {
        let ids: Vec<&str> = module
            .assessment
            .questions
            .iter()
            .map(|q| q.id.as_str())
            .collect();
        panic!("no question `{id}`; the ids are {ids:?}")
    })
}

/// A choice as `(text, correct, feedback)`.
type ChoiceView = (String, bool, Option<String>);

fn choices(question: &Question, lang: &str) -> Vec<ChoiceView> {
    let list = match &question.kind {
        QuestionKind::SingleChoice { choices } | QuestionKind::MultipleChoice { choices, .. } => {
            choices
        }
        other => panic!(
            "`{}` is a {}, not a choice question",
            question.id,
            other.name()
        ),
    };
    list.iter()
        .map(|c| {
            (
                c.text.get(lang).to_owned(),
                c.correct,
                c.feedback.as_ref().map(|f| f.get(lang).to_owned()),
            )
        })
        .collect()
}

fn choice(text: &str, correct: bool, feedback: Option<&str>) -> ChoiceView {
    (text.to_owned(), correct, feedback.map(str::to_owned))
}

fn feedback(question: &Question, lang: &str) -> Option<String> {
    question.feedback.as_ref().map(|f| f.get(lang).to_owned())
}

/// `(answer, feedback_true, feedback_false)` of a true/false question.
fn true_false(question: &Question, lang: &str) -> (bool, Option<String>, Option<String>) {
    match &question.kind {
        QuestionKind::TrueFalse {
            answer,
            feedback_true,
            feedback_false,
        } => (
            *answer,
            feedback_true.as_ref().map(|f| f.get(lang).to_owned()),
            feedback_false.as_ref().map(|f| f.get(lang).to_owned()),
        ),
        other => panic!("`{}` is a {}, not true/false", question.id, other.name()),
    }
}

fn scoring(question: &Question) -> Option<MultipleScoring> {
    match &question.kind {
        QuestionKind::MultipleChoice { scoring, .. } => Some(*scoring),
        _ => None,
    }
}

fn jaga(args: &[&str], dir: &Path) -> Output {
    crate::support::jaga_command()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the jaga binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn absolute(path: &Path) -> String {
    std::fs::canonicalize(path)
        .expect("path exists")
        .display()
        .to_string()
}

// ---------------------------------------------------------------------------------------
// Import: every supported construct, asserted on the checked module

#[test]
fn indonesian_bank_imports_every_question_and_validates() {
    let import = import_fixture("privasi-id.gift", Lang::Id);
    assert!(import.skipped.is_empty(), "{:?}", import.skipped);
    assert!(import.notes.is_empty(), "{:?}", import.notes);
    let module = checked(&import);
    assert_eq!(module.languages, vec!["id"]);
    assert_eq!(module.assessment.pass_mark, 70);
    let ids: Vec<&str> = module
        .assessment
        .questions
        .iter()
        .map(|q| q.id.as_str())
        .collect();
    assert_eq!(
        ids,
        vec![
            "q1-phishing",
            "data-pribadi-spesifik",
            "q3-lapor-insiden",
            "q4",
            "q5",
            "q6",
            "simbol",
            "q1-phishing-2",
            "q9",
            "q10",
            "kebiasaan-aman",
        ]
    );
}

#[test]
fn single_choice_keeps_each_answers_feedback_and_the_general_feedback() {
    let module = checked(&import_fixture("privasi-id.gift", Lang::Id));
    let q = question(&module, "q1-phishing");
    assert_eq!(q.kind.name(), "single_choice");
    assert_eq!(
        q.prompt.get("id"),
        "Anda menerima email dari \"bank\" yang meminta kata sandi. Apa yang Anda lakukan?"
    );
    assert_eq!(
        choices(q, "id"),
        vec![
            choice(
                "Laporkan ke tim keamanan TI lalu hapus emailnya",
                true,
                Some("Benar. Bank tidak pernah meminta kata sandi lewat email.")
            ),
            choice(
                "Balas dan minta nomor telepon pengirim",
                false,
                Some("Membalas justru memastikan alamat Anda aktif.")
            ),
            choice(
                "Klik tautannya untuk memeriksa",
                false,
                Some("Tautan itu bisa mencuri kata sandi Anda.")
            ),
        ]
    );
    assert_eq!(
        feedback(q, "id").as_deref(),
        Some("Email phishing sering meniru pengirim tepercaya.")
    );
}

#[test]
fn check_box_weights_are_kept_as_moodle_marks_them() {
    let module = checked(&import_fixture("privasi-id.gift", Lang::Id));
    let q = question(&module, "data-pribadi-spesifik");
    assert_eq!(scoring(q), Some(MultipleScoring::Weighted));
    let right: Vec<(String, bool)> = choices(q, "id")
        .into_iter()
        .map(|(text, correct, _)| (text, correct))
        .collect();
    assert_eq!(
        right,
        vec![
            ("Data kesehatan".to_owned(), true),
            ("Data biometrik".to_owned(), true),
            ("Nama lengkap".to_owned(), false),
            ("Alamat email kantor".to_owned(), false),
        ]
    );
    let QuestionKind::MultipleChoice { choices, .. } = &q.kind else {
        panic!("not a multiple choice");
    };
    let weights: Vec<Option<f64>> = choices.iter().map(|c| c.weight).collect();
    assert_eq!(
        weights,
        [Some(50.0), Some(50.0), Some(-100.0), Some(-100.0)]
    );
}

#[test]
fn true_false_feedback_goes_to_the_answer_it_belongs_to() {
    let module = checked(&import_fixture("privasi-id.gift", Lang::Id));
    // {T#wrong#right}: answering false is wrong.
    assert_eq!(
        true_false(question(&module, "q3-lapor-insiden"), "id"),
        (
            true,
            Some("Benar, paling lambat 3 x 24 jam.".to_owned()),
            Some("Coba lagi: UU PDP menetapkan 3 x 24 jam.".to_owned())
        )
    );
    // {FALSE#wrong#right####general}: answering true is wrong.
    let q = question(&module, "q4");
    assert_eq!(
        true_false(q, "id"),
        (
            false,
            Some("Tidak: simpan data hanya selama ada tujuannya.".to_owned()),
            Some("Tepat. Data tanpa tujuan adalah risiko.".to_owned())
        )
    );
    assert_eq!(
        feedback(q, "id").as_deref(),
        Some("Prinsip pembatasan penyimpanan.")
    );
    assert_eq!(
        true_false(question(&module, "q5"), "id"),
        (true, None, None)
    );
    assert_eq!(
        true_false(question(&module, "q6"), "id"),
        (false, None, None)
    );
}

#[test]
fn escaped_control_characters_come_out_as_themselves() {
    let module = checked(&import_fixture("privasi-id.gift", Lang::Id));
    let q = question(&module, "simbol");
    assert_eq!(
        q.prompt.get("id"),
        "Dalam format GIFT, tanda mana yang menandai jawaban benar: = atau ~?"
    );
    assert_eq!(
        choices(q, "id"),
        vec![
            choice(
                "= (sama dengan)",
                true,
                Some("Benar: = menandai jawaban benar.")
            ),
            choice("~ (tilde)", false, Some("Tilde menandai jawaban salah.")),
            choice(
                "{ dan }",
                false,
                Some("Kurung kurawal membuka dan menutup jawaban.")
            ),
            choice(
                "\\ (garis miring terbalik)",
                false,
                Some("Itu karakter escape.")
            ),
        ]
    );
}

#[test]
fn format_markers_are_stripped_and_html_becomes_plain_text() {
    let module = checked(&import_fixture("privasi-id.gift", Lang::Id));
    let html = question(&module, "q1-phishing-2");
    assert_eq!(html.prompt.get("id"), "Apa arti \"minimisasi data\"?");
    assert_eq!(
        choices(html, "id"),
        vec![
            choice(
                "Kumpulkan data secukupnya & sesuai tujuan",
                true,
                Some("Ya, secukupnya.")
            ),
            choice("Kumpulkan sebanyak mungkin data", false, None),
        ]
    );
    // Markdown is kept as written; only the marker goes.
    assert_eq!(
        question(&module, "q9").prompt.get("id"),
        "Apakah **persetujuan** harus bisa ditarik kembali?"
    );
    // `\n` is a line break; the line break in the file after "yang" only wraps the source.
    assert_eq!(
        question(&module, "q10").prompt.get("id"),
        "Baris pertama\nBaris kedua: pemberitahuan privasi harus mudah dibaca."
    );
    assert_eq!(
        question(&module, "kebiasaan-aman").prompt.get("id"),
        "Pilih kebiasaan yang mengurangi risiko kebocoran data."
    );
}

#[test]
fn comments_inside_a_question_are_ignored() {
    let module = checked(&import_fixture("privasi-id.gift", Lang::Id));
    let texts: Vec<String> = choices(question(&module, "kebiasaan-aman"), "id")
        .into_iter()
        .map(|(text, _, _)| text)
        .collect();
    assert_eq!(
        texts,
        vec![
            "Mengunci layar saat meninggalkan meja",
            "Memakai pengelola kata sandi",
            "Menulis kata sandi di kertas tempel"
        ]
    );
}

#[test]
fn categories_become_tags_and_the_last_one_the_title() {
    let module = checked(&import_fixture("privasi-id.gift", Lang::Id));
    assert_eq!(module.title.get("id"), "Keamanan Data");
    assert_eq!(module.tags, vec!["kesadaran-privasi", "keamanan-data"]);

    let english = checked(&import_fixture("privacy-en.gift", Lang::En));
    assert_eq!(english.title.get("en"), "Data Protection Basics");
    assert_eq!(english.tags, vec!["data-protection-basics"]);
}

#[test]
fn without_a_category_the_title_comes_from_the_module_id() {
    let file = gift::parse("Is a name personal data?{TRUE}");
    let import = gift::import(&file, &options("privacy-quiz", Lang::En)).unwrap();
    let module = checked(&import);
    assert_eq!(module.id, "privacy-quiz");
    assert_eq!(module.title.get("en"), "Privacy quiz");
    assert!(module.tags.is_empty());
}

#[test]
fn the_placeholder_lesson_is_in_the_banks_language_and_ends_with_takeaways() {
    for (lang, code, words) in [
        (Lang::Id, "id", "bank soal Moodle"),
        (Lang::En, "en", "Moodle question bank"),
    ] {
        let module = checked(&import_text("Is a name personal data?{TRUE}", lang));
        assert_eq!(module.languages, vec![code]);
        let lesson = &module.lessons[0];
        let text = serde_json::to_string(&lesson.blocks).unwrap();
        assert!(text.contains(words), "{text}");
        assert!(matches!(
            lesson.blocks.last(),
            Some(content::Block::Takeaways(_))
        ));
    }
}

#[test]
fn english_bank_maps_weights_to_jagas_kinds() {
    let import = import_fixture("privacy-en.gift", Lang::En);
    assert!(import.skipped.is_empty(), "{:?}", import.skipped);
    let module = checked(&import);

    // `=right ~wrong`: a single choice.
    let lawful = question(&module, "lawful-basis");
    assert_eq!(lawful.kind.name(), "single_choice");
    assert_eq!(
        choices(lawful, "en")
            .iter()
            .filter(|(_, correct, _)| *correct)
            .count(),
        1
    );

    // Two `=` answers: Moodle accepts either, and so does Jaga.
    let either = question(&module, "either-answer");
    assert_eq!(either.kind.name(), "single_choice");
    assert_eq!(
        choices(either, "en")
            .iter()
            .map(|(_, correct, _)| *correct)
            .collect::<Vec<_>>(),
        vec![true, true, false]
    );
    for (picked, mark) in [("a", 1.0), ("b", 1.0), ("c", 0.0)] {
        let grade = jaga::engine::grade::grade_choices(either, &[picked.to_owned()]).unwrap();
        assert!((grade - mark).abs() < 1e-9, "{picked}: {grade}");
    }

    // Only `~` answers (Moodle's check boxes), one of them worth 100%: still a multiple choice.
    // Its weights are exactly partial credit's: 100% right, -100% each wrong pick.
    let boxes = question(&module, "one-right-box");
    assert_eq!(scoring(boxes), Some(MultipleScoring::PartialCredit));
    assert_eq!(
        choices(boxes, "en")[0],
        choice("Why the data is collected", true, Some("Yes: the purpose."))
    );

    // Unequal weights: both right, each worth its own weight.
    let weighted = question(&module, "weighted");
    assert_eq!(
        choices(weighted, "en")
            .iter()
            .map(|(_, correct, _)| *correct)
            .collect::<Vec<_>>(),
        vec![true, true, false]
    );
    let only_wipe = jaga::engine::grade::grade_choices(weighted, &["a".to_owned()]).unwrap();
    assert!((only_wipe - 0.6).abs() < 1e-9, "{only_wipe}");

    // `=full ~%50%half`: single choice; the half-credit answer earns half, as in Moodle.
    let half = question(&module, "half-credit");
    assert_eq!(half.kind.name(), "single_choice");
    assert_eq!(
        choices(half, "en")[1],
        choice(
            "Ask the customer to delete it",
            false,
            Some("Good, but report it too.")
        )
    );
    let half_mark = jaga::engine::grade::grade_choices(half, &["b".to_owned()]).unwrap();
    assert!((half_mark - 0.5).abs() < 1e-9, "{half_mark}");

    // `{TRUE#wrong}`: the feedback for answering false.
    assert_eq!(
        true_false(question(&module, "backups"), "en"),
        (
            true,
            None,
            Some("They hold the same personal data.".to_owned())
        )
    );

    let escapes = question(&module, "escapes-in-english");
    assert_eq!(
        escapes.prompt.get("en"),
        "Which of these is a GIFT control character: #, { or a letter?"
    );
    assert_eq!(
        choices(escapes, "en")[0],
        choice(
            "# and {",
            true,
            Some("Right: both must be escaped as \\# and \\{.")
        )
    );
}

#[test]
fn moodles_weights_import_without_loss() {
    let import = import_fixture("privacy-en.gift", Lang::En);
    assert!(import.notes.is_empty(), "{:?}", import.notes);
}

#[test]
fn lossy_mappings_are_noted_with_their_lines() {
    let import = import_text(
        "::Exact::Who may read a payroll file?{\n=HR#Yes.\n~%50%Your manager#Partly.\n~Everyone#No.\n}\n\n\
         ::Penalty::What do you do with a misdirected email?{\n=Report it#Right.\n\
         ~%-50%Forward it to a colleague#No.\n~Ignore it#No.\n}\n",
        Lang::En,
    );
    let lines: Vec<usize> = import.notes.iter().map(|n| n.line).collect();
    assert_eq!(lines, vec![7], "{:?}", import.notes);
    assert_eq!(
        import.notes[0].to_string(),
        "line 7: multiple-choice question `Penalty`: picking \"Forward it to a colleague\" took \
         -50% off in Moodle; in Jaga a wrong pick earns nothing"
    );
    // The notes are in the module file too, above their questions.
    assert!(
        import.ron.contains("// GIFT line 7: ::Penalty::\n"),
        "{}",
        import.ron
    );
    assert!(import.ron.contains("// note: picking"));
}

#[test]
fn windows_line_endings_and_a_byte_order_mark_are_read() {
    let text = "\u{feff}// comment\r\n::Q1::Is a phone number personal data?{\r\n=Yes#Right.\r\n~No\r\n}\r\n\r\nBackups are optional.{F}\r\n";
    let file = gift::parse_bytes(text.as_bytes()).unwrap();
    assert!(file.problems.is_empty());
    let lines: Vec<usize> = file.questions().map(|(line, _)| line).collect();
    assert_eq!(lines, vec![2, 7]);
    let module = checked(&gift::import(&file, &options("crlf", Lang::En)).unwrap());
    assert_eq!(
        choices(question(&module, "q1"), "en"),
        vec![
            choice("Yes", true, Some("Right.")),
            choice("No", false, None)
        ]
    );
}

/// A module file read as the file grammar, as the loader reads it.
fn raw_module(text: &str) -> RawModule {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(text)
        .unwrap()
}

#[test]
fn the_generated_file_parses_back_to_the_same_module() {
    for (name, lang) in [
        ("privasi-id.gift", Lang::Id),
        ("privacy-en.gift", Lang::En),
        ("unsupported-en.gift", Lang::En),
    ] {
        let import = import_fixture(name, lang);
        assert_eq!(
            serde_json::to_value(raw_module(&import.ron)).unwrap(),
            serde_json::to_value(&import.module).unwrap(),
            "{name} does not parse back to what was converted"
        );
    }
}

fn json_without_revision(module: &Module) -> serde_json::Value {
    let mut module = module.clone();
    module.revision = content::Revision(String::new());
    module.file = String::new();
    serde_json::to_value(&module).unwrap()
}

// ---------------------------------------------------------------------------------------
// Import: what cannot be imported is reported by line and skipped

#[test]
fn unsupported_questions_are_reported_with_their_lines_and_skipped() {
    let import = import_fixture("unsupported-en.gift", Lang::En);
    let report: Vec<String> = import.skipped.iter().map(ToString::to_string).collect();
    assert_eq!(
        report,
        vec![
            "line 3: essay question `Essay` skipped: Jaga has no essay questions",
            "line 10: numerical question `Numerical` skipped: Jaga has no numerical questions",
            "line 12: short-answer question `Short answer` skipped: Jaga has no typed-answer \
             questions",
            "line 14: missing-word question `A customer's _____ is needed to send a…` skipped: \
             Jaga cannot put the answers inside the question text; move the {…} block to the \
             end of the question",
            "line 17: description `Remember: personal data belongs to the…` skipped: it has \
             no answers, and Jaga has no text-only items; put the text in a lesson",
            "line 19: question `Broken` skipped: its answers open with `{` but no `}` closes \
             them",
            "line 21: multiple-choice question `One answer` skipped: it needs at least two \
             answers",
            "line 23: multiple-choice question `Nobody right` skipped: no answer is right; mark \
             one with `=` or give it a positive weight like `~%50%`",
            "line 25: short-answer question `Lowercase` skipped: Jaga has no typed-answer \
             questions; for true/false write the answer in capitals, like {TRUE} or {F}",
            "line 29: multiple-choice question `Empty choice` skipped: answer 2 has no text",
        ]
    );
    // The one good question is imported, and the module still validates.
    let module = checked(&import);
    let ids: Vec<&str> = module
        .assessment
        .questions
        .iter()
        .map(|q| q.id.as_str())
        .collect();
    assert_eq!(ids, vec!["matching", "fine"]);
    // The module file lists what was left out.
    assert!(import.ron.contains("// Not imported (10):\n"));
    assert!(
        import
            .ron
            .contains("//   line 3: essay question `Essay` skipped: Jaga has no essay questions\n")
    );
}

#[test]
fn a_file_where_nothing_fits_is_an_error_with_the_report() {
    let file = gift::parse("::Essay::Why?{}\n\n::Num::How many?{#3}\n");
    let error = gift::import(&file, &options("empty", Lang::En)).unwrap_err();
    let GiftError::NothingToImport { skipped } = &error else {
        panic!("unexpected error {error}");
    };
    let lines: Vec<usize> = skipped.iter().map(|p| p.line).collect();
    assert_eq!(lines, vec![1, 3]);
    assert!(error.to_string().contains("no module was written"));
}

#[test]
fn a_question_right_under_a_category_line_is_reported_not_lost() {
    let file = gift::parse("$CATEGORY: Privasi\n::Q1::Data KTP itu data pribadi.{T}\n");
    assert_eq!(file.categories().collect::<Vec<_>>(), vec!["Privasi"]);
    assert_eq!(
        file.problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        vec![
            "line 2: text `::Q1::Data KTP itu data pribadi.{T}` skipped: Moodle reads \
             everything up to the next blank line as the category's name; put a blank line \
             after the `$CATEGORY:` line"
        ]
    );
}

#[test]
fn a_module_id_that_is_not_a_slug_is_refused() {
    let file = gift::parse("Backups matter.{T}");
    let error = gift::import(&file, &options("Not A Slug", Lang::En)).unwrap_err();
    assert!(matches!(error, GiftError::BadModuleId { .. }), "{error}");
}

#[test]
fn a_non_utf8_file_is_rejected_with_its_line() {
    let bytes = std::fs::read(fixture("latin1.gift")).unwrap();
    let error = gift::parse_bytes(&bytes).unwrap_err();
    assert!(matches!(
        error,
        GiftError::NotUtf8 {
            line: 3,
            byte: 0xE9
        }
    ));
    assert!(error.to_string().contains("not UTF-8"), "{error}");
}

#[test]
fn no_input_makes_the_parser_or_the_import_panic() {
    let mut inputs: Vec<String> = [
        "",
        "{",
        "}",
        "}{",
        "::",
        "::a",
        "::a::",
        "{}",
        "{~}",
        "{=}",
        "{#}",
        "{T#",
        "{~%",
        "{~%50",
        "{~%-%a ~b}",
        "{~%999999999999999999999%a ~b}",
        "{~%5.5.5%a ~b}",
        "\\",
        "\\\\{",
        "[html",
        "[html]",
        "[html]<",
        "[html]<b",
        "[html]&#xFFFFFFFF; {T}",
        "[html]&#0;{T}",
        "$CATEGORY:",
        "$CATEGORY: $course$/",
        "a{=b->c}",
        "a{~b ~c}d{~e}",
        "{####}",
        "{TRUE####}",
        "é{~ü ~ö}",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    // Every prefix of every fixture, cut at each character.
    for name in ["privasi-id.gift", "privacy-en.gift", "unsupported-en.gift"] {
        let text = std::fs::read_to_string(fixture(name)).unwrap();
        inputs.extend(text.char_indices().map(|(at, _)| text[..at].to_owned()));
    }
    for input in &inputs {
        let file = gift::parse(input);
        match gift::import(&file, &options("fuzz", Lang::En)) {
            Ok(import) => {
                checked(&import);
            }
            Err(GiftError::NothingToImport { .. }) => {}
            Err(other) => panic!("unexpected error {other} for {input:?}"),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Export, and the round trip through the bundled course

#[test]
fn bundled_modules_survive_export_and_import_in_both_languages() {
    let loaded = content::load_bundled();
    assert!(loaded.course.modules.len() >= 9);
    for module in &loaded.course.modules {
        for lang in ["id", "en"] {
            let exported = gift::export(module, lang).unwrap();
            let file = gift::parse(&exported.gift);
            assert!(file.problems.is_empty(), "{:?}", file.problems);
            let options = options(&module.id, Lang::from_code(lang).unwrap());
            let import = gift::import(&file, &options).unwrap();
            assert!(
                import.skipped.is_empty(),
                "{} in {lang}: {:?}",
                module.id,
                import.skipped
            );
            let again = checked(&import);

            let originals: Vec<&Question> = module
                .assessment
                .questions
                .iter()
                .filter(|q| {
                    matches!(
                        q.kind,
                        QuestionKind::SingleChoice { .. }
                            | QuestionKind::MultipleChoice { .. }
                            | QuestionKind::TrueFalse { .. }
                            | QuestionKind::Matching { .. }
                    )
                })
                .collect();
            // Scenarios, spot-the-leak and ordering questions are skipped.
            let skipped = module.assessment.questions.len() - originals.len();
            assert_eq!(exported.skipped.len(), skipped);
            assert_eq!(exported.questions, originals.len());
            assert_eq!(again.assessment.questions.len(), originals.len());

            for (original, back) in originals.iter().zip(&again.assessment.questions) {
                let at = format!("{} `{}` in {lang}", module.id, original.id);
                assert_eq!(back.id, original.id, "{at}");
                assert_eq!(back.kind.name(), original.kind.name(), "{at}");
                assert_eq!(back.prompt.get(lang), original.prompt.get(lang), "{at}");
                assert_eq!(feedback(back, lang), feedback(original, lang), "{at}");
                match &original.kind {
                    QuestionKind::TrueFalse { .. } => {
                        assert_eq!(true_false(back, lang), true_false(original, lang), "{at}");
                    }
                    QuestionKind::SingleChoice { .. } => {
                        assert_eq!(choices(back, lang), choices(original, lang), "{at}");
                    }
                    QuestionKind::Matching { .. } => {
                        assert_eq!(pairings(back, lang), pairings(original, lang), "{at}");
                    }
                    QuestionKind::MultipleChoice { scoring: kept, .. } => {
                        assert_eq!(choices(back, lang), choices(original, lang), "{at}");
                        // GIFT has no all-or-nothing: its -100% penalties come back as
                        // Moodle marks them, weighted.
                        let expected = match kept {
                            MultipleScoring::PartialCredit => MultipleScoring::PartialCredit,
                            MultipleScoring::AllOrNothing | MultipleScoring::Weighted => {
                                MultipleScoring::Weighted
                            }
                        };
                        assert_eq!(scoring(back), Some(expected), "{at}");
                    }
                    _ => unreachable!("filtered out"),
                }
            }
        }
    }
}

#[test]
fn export_writes_moodle_weights_that_add_up_to_100() {
    let loaded = content::load_bundled();
    let module = loaded.course.module("data-security").unwrap();
    let gift = gift::export(module, "en").unwrap().gift;
    assert!(gift.contains("\n$CATEGORY: jaga/data-security\n"), "{gift}");
    // `layers`: partial credit, four right choices of six.
    assert_eq!(gift.matches("\t~%25%").count(), 4, "{gift}");
    assert_eq!(gift.matches("\t~%-25%").count(), 2, "{gift}");
    // `ransomware-steps`: all-or-nothing, three right choices: any wrong pick scores zero.
    assert_eq!(gift.matches("\t~%33.33333%").count(), 3, "{gift}");
    assert_eq!(gift.matches("\t~%-100%").count(), 2, "{gift}");
    assert!(gift.contains("::working-days::[plain]"), "{gift}");
    assert!(gift.contains("{FALSE#"), "{gift}");
    assert!(
        gift.contains("// skipped scenario `open-cloud-folder`"),
        "{gift}"
    );
}

#[test]
fn export_escapes_control_characters_and_keeps_texts_exact() {
    let module = checked(&import_fixture("privasi-id.gift", Lang::Id));
    let exported = gift::export(&module, "id").unwrap();
    assert!(
        exported.gift.contains("benar\\: \\= atau \\~?{"),
        "{}",
        exported.gift
    );
    assert!(exported.gift.contains("\t~\\\\ (garis miring terbalik)#"));
    assert!(exported.gift.contains("Baris pertama\\nBaris kedua"));
    let again = checked(
        &gift::import(&gift::parse(&exported.gift), &options("imported", Lang::Id)).unwrap(),
    );
    for original in &module.assessment.questions {
        let back = question(&again, &original.id);
        assert_eq!(back.prompt.get("id"), original.prompt.get("id"));
    }
    assert_eq!(
        choices(question(&again, "simbol"), "id"),
        choices(question(&module, "simbol"), "id")
    );
}

#[test]
fn export_refuses_a_language_the_module_is_not_written_in() {
    let module = checked(&import_text("Backups matter.{T}", Lang::Id));
    let error = gift::export(&module, "en").unwrap_err();
    assert!(matches!(error, GiftError::LanguageNotInModule { .. }));
    assert!(
        error.to_string().contains("its languages are id"),
        "{error}"
    );
}

#[test]
fn texts_that_look_like_gift_syntax_survive_the_round_trip() {
    let source = r#"Module(
    id: "tricky",
    languages: ["en"],
    title: {"en": "Tricky"},
    summary: {"en": "Texts that look like GIFT."},
    minutes: 5,
    lessons: [Lesson(id: "l", title: {"en": "L"}, blocks: [Takeaways([{"en": "T"}])])],
    assessment: Assessment(
        pass_mark: 70,
        questions: [
            SingleChoice(
                id: "q",
                prompt: {"en": "[html]<b>not bold</b> // not a comment"},
                choices: [
                    Choice(id: "a", text: {"en": "%50% of people"}, feedback: {"en": "[plain] stays"}),
                    Choice(id: "b", text: {"en": "[markdown]right -> yes"}, correct: true),
                ],
            ),
        ],
    ),
)"#;
    let (module, diagnostics) = parse_module("tricky.ron", source.as_bytes(), &Assets::Missing);
    let module = module.unwrap_or_else(|| panic!("{diagnostics:?}"));
    let exported = gift::export(&module, "en").unwrap();
    let again =
        checked(&gift::import(&gift::parse(&exported.gift), &options("tricky", Lang::En)).unwrap());
    let (original, back) = (question(&module, "q"), question(&again, "q"));
    assert_eq!(
        back.prompt.get("en"),
        original.prompt.get("en"),
        "{}",
        exported.gift
    );
    assert_eq!(
        choices(back, "en"),
        choices(original, "en"),
        "{}",
        exported.gift
    );
}

#[test]
fn the_ron_writer_rewrites_every_bundled_module_without_changing_it() {
    for (name, bytes) in bundled_module_files() {
        let raw = raw_module(std::str::from_utf8(bytes).unwrap());
        let rewritten = module_to_ron(&raw, &RonComments::default());
        assert_eq!(
            serde_json::to_value(raw_module(&rewritten)).unwrap(),
            serde_json::to_value(&raw).unwrap(),
            "{name}"
        );
        // And the checked module, which is what learners see, is the same too.
        let original = parse_module(name, bytes, &Assets::Bundled).0.unwrap();
        let (again, diagnostics) = parse_module(name, rewritten.as_bytes(), &Assets::Bundled);
        let again = again.unwrap_or_else(|| panic!("{name}: {diagnostics:?}\n{rewritten}"));
        assert_eq!(
            json_without_revision(&again),
            json_without_revision(&original),
            "{name}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Moodle's own GIFT files, read from the shared reference folder (never copied here)

/// `(file, lines of imported questions, lines of skipped questions)`.
const MOODLE_FILES: &[(&str, &[usize], &[usize])] = &[
    (
        "examples.txt",
        &[
            8, 12, 25, 35, 49, 51, 55, 61, 98, 113, 115, 130, 136, 143, 148, 167, 171, 177, 190,
        ],
        &[
            10, 14, 16, 27, 29, 43, 45, 70, 72, 74, 76, 85, 90, 93, 103, 108, 117, 123, 169, 173,
            175, 184, 195, 202,
        ],
    ),
    ("questions.gift.txt", &[5, 14, 22, 46, 49], &[2, 31, 34, 41]),
    ("questions_in_category.gift.txt", &[5, 14, 27], &[22]),
];

#[test]
fn moodles_own_gift_files_import_with_every_skip_at_its_line() {
    let folder = Path::new("../shared/reference/moodle-gift");
    if !crate::support::available(
        "moodles_own_gift_files_import_with_every_skip_at_its_line",
        "../shared/reference/moodle-gift",
        folder.is_dir(),
    ) {
        return;
    }
    for (name, imported, skipped) in MOODLE_FILES {
        let bytes = std::fs::read(folder.join(name)).unwrap();
        let file = gift::parse_bytes(&bytes).unwrap();
        let import = gift::import(&file, &options("moodle", Lang::En)).unwrap();
        let skipped_lines: Vec<usize> = import.skipped.iter().map(|p| p.line).collect();
        assert_eq!(&skipped_lines, skipped, "{name}: {:#?}", import.skipped);
        let module = checked(&import);
        assert_eq!(module.assessment.questions.len(), imported.len(), "{name}");
        // Each imported question carries its line in a comment: `// GIFT line 14: ::Q2::`.
        let imported_lines: Vec<usize> = import
            .ron
            .lines()
            .filter_map(|l| l.trim().strip_prefix("// GIFT line "))
            .map(|rest| {
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                digits.parse().unwrap()
            })
            .collect();
        assert_eq!(&imported_lines, imported, "{name}");
    }
}

#[test]
fn moodles_examples_keep_their_meaning() {
    let folder = Path::new("../shared/reference/moodle-gift");
    if !crate::support::available(
        "moodles_examples_keep_their_meaning",
        "../shared/reference/moodle-gift",
        folder.is_dir(),
    ) {
        return;
    }
    let read = |name: &str| {
        let bytes = std::fs::read(folder.join(name)).unwrap();
        let import = gift::import(
            &gift::parse_bytes(&bytes).unwrap(),
            &options("moodle", Lang::En),
        )
        .unwrap();
        let module = checked(&import);
        (import, module)
    };

    let (import, module) = read("examples.txt");
    assert!(
        import.skipped[0]
            .to_string()
            .starts_with("line 10: missing-word question `Grant is _____ in Grant's tomb.`")
    );
    let control = question(&module, "gift-control-characters");
    let texts: Vec<String> = choices(control, "en").into_iter().map(|c| c.0).collect();
    assert_eq!(texts, vec!["~", "=", "#", "{", "}", "\\"]);
    assert!(choices(control, "en")[5].1);

    let (_, module) = read("questions.gift.txt");
    let q2 = question(&module, "q2");
    assert_eq!(
        choices(q2, "en"),
        vec![
            choice("yellow", true, Some("right; good!")),
            choice("red", false, Some("wrong, it's yellow")),
            choice("blue", false, Some("wrong, it's yellow")),
        ]
    );
    let colours = question(&module, "colours");
    assert_eq!(scoring(colours), Some(MultipleScoring::Weighted));
    assert_eq!(
        choices(colours, "en")
            .iter()
            .map(|c| c.1)
            .collect::<Vec<_>>(),
        vec![true, false, true, false]
    );
    // Two questions with the same title get different ids.
    assert!(module.question("2-08-tsl").is_some());
    assert!(module.question("2-08-tsl-2").is_some());

    let (_, module) = read("questions_in_category.gift.txt");
    assert_eq!(module.title.get("en"), "Default for New Features");
    assert_eq!(
        question(&module, "greeting").prompt.get("en"),
        "Listen to this greeting:\n\nWhat language is being spoken?"
    );
    assert_eq!(
        question(&module, "moodle-acronym").prompt.get("en"),
        "Moodle is an acronym for Modular Object-Oriented Dynamic Learning Environment."
    );
}

// ---------------------------------------------------------------------------------------
// The CLI, through the real binary

#[test]
fn cli_import_of_a_clean_file_exits_0_and_writes_a_valid_module() {
    let dir = tempfile::tempdir().unwrap();
    let source = absolute(&fixture("privasi-id.gift"));
    let output = jaga(
        &["gift", "import", &source, "--out", "Kuis Privasi.ron"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("11 questions imported"),
        "{}",
        stderr(&output)
    );
    let written = dir.path().join("Kuis Privasi.ron");
    let text = std::fs::read_to_string(&written).unwrap();
    assert!(text.contains("    id: \"kuis-privasi\",\n"), "{text}");
    assert!(text.starts_with(
        "// Imported by `jaga gift import` from the Moodle GIFT file `privasi-id.gift`."
    ));

    let validate = jaga(&["validate", "Kuis Privasi.ron"], dir.path());
    assert_eq!(validate.status.code(), Some(0), "{}", stderr(&validate));
    assert!(!String::from_utf8_lossy(&validate.stdout).contains("error"));

    // The output exists now: refused without --force, replaced with it.
    let again = jaga(
        &[
            "gift",
            "import",
            &source,
            "--out",
            "Kuis Privasi.ron",
            "--id",
            "kuis",
        ],
        dir.path(),
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    let forced = jaga(
        &[
            "gift",
            "import",
            &source,
            "--out",
            "Kuis Privasi.ron",
            "--id",
            "kuis",
            "--force",
        ],
        dir.path(),
    );
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert!(
        std::fs::read_to_string(&written)
            .unwrap()
            .contains("    id: \"kuis\",\n")
    );
}

#[test]
fn cli_import_with_skipped_questions_writes_the_module_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let source = absolute(&fixture("unsupported-en.gift"));
    let output = jaga(
        &[
            "gift",
            "import",
            &source,
            "--lang",
            "en",
            "--out",
            "mixed.ron",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains(&format!(
            "{source}:3: warning: essay question `Essay` skipped: Jaga has no essay questions\n"
        )),
        "{err}"
    );
    assert!(err.contains("2 questions imported, 10 skipped"), "{err}");
    let validate = jaga(&["validate", "mixed.ron"], dir.path());
    assert_eq!(validate.status.code(), Some(0), "{}", stderr(&validate));

    let indonesian = absolute(&fixture("tidak-didukung-id.gift"));
    let output = jaga(
        &["gift", "import", &indonesian, "--out", "campuran.ron"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains(":3: warning: essay question `Esai` skipped"));
    assert!(stderr(&output).contains(":5: warning: numerical question `Angka` skipped"));
}

#[test]
fn cli_import_of_a_non_utf8_file_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let source = absolute(&fixture("latin1.gift"));
    let output = jaga(
        &["gift", "import", &source, "--out", "latin.ron"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("not UTF-8 text (byte 0xE9 on line 3)"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("latin.ron").exists());
}

#[test]
fn cli_import_where_nothing_fits_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("essays.gift"),
        "::E1::Why?{}\n\n::E2::How?{}\n",
    )
    .unwrap();
    let output = jaga(
        &["gift", "import", "essays.gift", "--out", "essays.ron"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("essays.gift:3: warning: essay question `E2`"));
    assert!(stderr(&output).contains("no module was written"));
    assert!(!dir.path().join("essays.ron").exists());
}

#[test]
fn cli_export_of_a_bundled_module_skips_its_scenario_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let output = jaga(
        &[
            "gift",
            "export",
            "data-security",
            "--lang",
            "en",
            "--out",
            "ds.gift",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(
            "data-security: warning: scenario `open-cloud-folder` skipped: GIFT has no branching \
             scenarios"
        ),
        "{}",
        stderr(&output)
    );
    let gift = std::fs::read_to_string(dir.path().join("ds.gift")).unwrap();
    assert!(gift.contains("::uu-pdp-deadline::[plain]"));

    // The exported file imports back; Moodle's GIFT has no scenario, so this is exit 0.
    let back = jaga(
        &[
            "gift", "import", "ds.gift", "--lang", "en", "--out", "ds.ron",
        ],
        dir.path(),
    );
    assert_eq!(back.status.code(), Some(0), "{}", stderr(&back));
}

#[test]
fn cli_export_without_scenarios_exits_0_and_prints_to_stdout() {
    // Every module of the built-in course has a scenario now, so a fixture without one.
    let dir = tempfile::tempdir().unwrap();
    let module_file = absolute(Path::new("tests/fixtures/valid/minimal.ron"));
    let output = jaga(
        &["gift", "export", &module_file, "--lang", "en"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let gift = String::from_utf8(output.stdout).unwrap();
    assert!(gift.contains("$CATEGORY: jaga/fixture\n"), "{gift}");
}

#[test]
fn cli_export_reads_a_module_file_and_refuses_unknown_modules_and_languages() {
    let dir = tempfile::tempdir().unwrap();
    let module_file = absolute(Path::new("tests/fixtures/valid/minimal.ron"));
    let output = jaga(
        &[
            "gift",
            "export",
            &module_file,
            "--lang",
            "en",
            "--out",
            "m.gift",
        ],
        dir.path(),
    );
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        stderr(&output)
    );
    assert!(dir.path().join("m.gift").exists());

    // By id from a course folder given with --content.
    let folder = absolute(Path::new("tests/fixtures/valid"));
    let by_id = jaga(
        &[
            "--content",
            &folder,
            "gift",
            "export",
            "fixture",
            "--lang",
            "en",
        ],
        dir.path(),
    );
    assert!(
        matches!(by_id.status.code(), Some(0 | 1)),
        "{}",
        stderr(&by_id)
    );
    assert!(String::from_utf8_lossy(&by_id.stdout).contains("$CATEGORY: jaga/fixture\n"));

    let unknown = jaga(
        &["gift", "export", "no-such-module", "--lang", "en"],
        dir.path(),
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("no module `no-such-module`"),
        "{}",
        stderr(&unknown)
    );

    let klingon = jaga(
        &["gift", "export", "data-security", "--lang", "tlh"],
        dir.path(),
    );
    assert_eq!(klingon.status.code(), Some(2));
    assert!(
        stderr(&klingon).contains("not written in `tlh`"),
        "{}",
        stderr(&klingon)
    );
}

#[test]
fn cli_new_module_writes_a_template_that_validates_clean() {
    let dir = tempfile::tempdir().unwrap();
    let output = jaga(&["new", "module", "phishing-basics"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = std::fs::read_to_string(dir.path().join("phishing-basics.ron")).unwrap();
    assert!(text.contains("    id: \"phishing-basics\",\n"));

    let validate = jaga(&["validate", "phishing-basics.ron"], dir.path());
    assert_eq!(validate.status.code(), Some(0), "{}", stderr(&validate));
    assert_eq!(String::from_utf8_lossy(&validate.stdout), "");

    let custom = jaga(
        &[
            "new",
            "module",
            "data-retention",
            "--out",
            "modules-retention.ron",
        ],
        dir.path(),
    );
    assert_eq!(custom.status.code(), Some(0), "{}", stderr(&custom));
    assert!(dir.path().join("modules-retention.ron").exists());
}

#[test]
fn cli_new_module_refuses_a_bad_id_and_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad = jaga(&["new", "module", "Phishing Basics"], dir.path());
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("must be a slug"), "{}", stderr(&bad));

    std::fs::write(dir.path().join("taken.ron"), "keep me").unwrap();
    let exists = jaga(&["new", "module", "taken"], dir.path());
    assert_eq!(exists.status.code(), Some(2));
    assert!(
        stderr(&exists).contains("already exists"),
        "{}",
        stderr(&exists)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("taken.ron")).unwrap(),
        "keep me"
    );
}

#[test]
fn cli_help_explains_the_gift_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let help = jaga(&["gift", "export", "--help"], dir.path());
    assert_eq!(help.status.code(), Some(0));
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(text.contains("~%-W%"), "{text}");
    assert!(text.contains("Scenario"), "{text}");
    let import = jaga(&["gift", "import", "--help"], dir.path());
    assert!(String::from_utf8_lossy(&import.stdout).contains("--lang"));
}

/// A question as imported: its text, its general feedback, its choices' texts and
/// feedback.
type PeerRead = (String, Option<String>, Vec<(String, Option<String>)>);

/// Whitespace collapsed, as the peer expectations write texts.
fn collapsed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The peer cases (Moodle's own test strings and the gift-pegjs suite) whose expected
/// reading is an import: every such question's text and every choice's text are read as
/// Moodle shows them (HTML and Moodle's auto-format stripped, every entity decoded,
/// comments closed at `-->`).
#[test]
fn every_peer_case_question_and_choice_text_reads_as_moodle_shows_it() {
    let folder = Path::new("../shared/reference/gift-peer");
    if !crate::support::available(
        "every_peer_case_question_and_choice_text_reads_as_moodle_shows_it",
        "../shared/reference/gift-peer",
        folder.is_dir(),
    ) {
        return;
    }
    let mut checked_items = 0;
    let mut failures: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(folder.join("expected")).unwrap() {
        let path = entry.unwrap().path();
        let expected: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let case = expected["case"].as_str().unwrap();
        let bytes = std::fs::read(folder.join("cases").join(format!("{case}.gift"))).unwrap();
        let Ok(file) = gift::parse_bytes(&bytes) else {
            failures.push(format!("{case}: not read"));
            continue;
        };
        let expects_import = expected["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|item| item["expect"] == "import");
        let Ok(import) = gift::import(&file, &options("peer", Lang::En)) else {
            // Nothing Jaga can represent: right only when Moodle's reading has nothing
            // that must be imported either.
            if expects_import {
                failures.push(format!("{case}: nothing imported"));
            }
            continue;
        };
        let (module, _) = parse_module("peer.ron", import.ron.as_bytes(), &Assets::Missing);
        let Some(module) = module else {
            failures.push(format!("{case}: the imported module has errors"));
            continue;
        };
        let prompts: Vec<PeerRead> = module
            .assessment
            .questions
            .iter()
            .map(|q| {
                let texts = match &q.kind {
                    QuestionKind::SingleChoice { choices }
                    | QuestionKind::MultipleChoice { choices, .. } => choices
                        .iter()
                        .map(|c| {
                            (
                                collapsed(c.text.get("en")),
                                c.feedback.as_ref().map(|f| collapsed(f.get("en"))),
                            )
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                (
                    collapsed(q.prompt.get("en")),
                    q.feedback.as_ref().map(|f| collapsed(f.get("en"))),
                    texts,
                )
            })
            .collect();
        for item in expected["items"].as_array().unwrap() {
            if item["expect"] != "import" || item["choices"].as_array().is_none() {
                continue;
            }
            checked_items += 1;
            let stem = collapsed(item["stem"].as_str().unwrap_or_default());
            let Some((_, general, texts)) = prompts.iter().find(|(p, _, _)| *p == stem) else {
                failures.push(format!(
                    "{case} line {}: no question reads {stem:?}",
                    item["line"]
                ));
                continue;
            };
            let line = &item["line"];
            if let Some(want) = item["general_feedback"].as_str().map(collapsed)
                && !want.is_empty()
                && general.as_deref() != Some(want.as_str())
            {
                failures.push(format!(
                    "{case} line {line}: general feedback {general:?}, Moodle shows {want:?}"
                ));
            }
            let is_true_false = item["moodle_qtype"] == "truefalse";
            for choice in item["choices"].as_array().unwrap() {
                let text = collapsed(choice["text"].as_str().unwrap_or_default());
                if is_true_false {
                    continue;
                }
                match texts.iter().find(|(t, _)| *t == text) {
                    None => failures.push(format!("{case} line {line}: no choice reads {text:?}")),
                    Some((_, feedback)) => {
                        if let Some(want) = choice["feedback"].as_str().map(collapsed)
                            && !want.is_empty()
                            && feedback.as_deref() != Some(want.as_str())
                        {
                            failures.push(format!(
                                "{case} line {line}: feedback {feedback:?}, Moodle shows {want:?}"
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(checked_items >= 25, "{checked_items} questions checked");
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A matching question as a learner sees it: each item's text with its right category's
/// text, and every category's text.
fn pairings(question: &Question, lang: &str) -> (Vec<(String, String)>, Vec<String>) {
    let QuestionKind::Matching { categories, items } = &question.kind else {
        panic!("not a matching question: {question:?}");
    };
    let text_of = |id: &str| {
        categories
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.text.get(lang).to_owned())
            .unwrap()
    };
    (
        items
            .iter()
            .map(|item| (item.text.get(lang).to_owned(), text_of(&item.category)))
            .collect(),
        categories
            .iter()
            .map(|c| c.text.get(lang).to_owned())
            .collect(),
    )
}

/// Moodle's matching question imports as Jaga's: each item with its answer, the answer
/// with no item (`= -> Chat`) still offered, and marked as Moodle marks it (the share of
/// items matched rightly).
#[test]
fn moodles_matching_question_imports_with_its_distractor_and_its_marking() {
    let import = import_text(
        "::Moodle activities::[html]Match the <b>activity</b> to the description.{\n\
         =[html]An activity supporting asynchronous discussions. -> Forum\n\
         =[moodle]A teacher asks a question and specifies a choice of multiple responses. -> Choice\n\
         =[plain]A bank of record entries which participants can add to. -> Database\n\
         =[markdown]A collection of web pages that anyone can add to or edit. -> Wiki\n\
         = -> Chat\n}\n",
        Lang::En,
    );
    assert!(import.skipped.is_empty(), "{:?}", import.skipped);
    let module = checked(&import);
    let question = &module.assessment.questions[0];
    assert_eq!(
        question.prompt.get("en"),
        "Match the activity to the description."
    );
    let (pairs, categories) = pairings(question, "en");
    assert_eq!(
        pairs,
        [
            ("An activity supporting asynchronous discussions.", "Forum"),
            (
                "A teacher asks a question and specifies a choice of multiple responses.",
                "Choice"
            ),
            (
                "A bank of record entries which participants can add to.",
                "Database"
            ),
            (
                "A collection of web pages that anyone can add to or edit.",
                "Wiki"
            ),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    assert_eq!(categories, ["Forum", "Choice", "Database", "Wiki", "Chat"]);
    let QuestionKind::Matching { items, .. } = &question.kind else {
        unreachable!()
    };
    let pair = |item: &jaga::content::MatchItem, category: &str| {
        jaga::content::MatchItem::pair(&item.id, category)
    };
    let all_right: Vec<String> = items.iter().map(|i| pair(i, &i.category)).collect();
    let grade = |pairs: &[String]| jaga::engine::grade::grade_choices(question, pairs).unwrap();
    assert!((grade(&all_right) - 1.0).abs() < 1e-9);
    let half: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(n, i)| pair(i, if n < 2 { &i.category } else { "chat" }))
        .collect();
    assert!((grade(&half) - 0.5).abs() < 1e-9, "{}", grade(&half));

    // Written back as GIFT, it reads the same.
    let exported = gift::export(&module, "en").unwrap();
    assert!(exported.gift.contains("\t= -> Chat\n"), "{}", exported.gift);
    let back = checked(&import_text(&exported.gift, Lang::En));
    assert_eq!(
        pairings(&back.assessment.questions[0], "en"),
        (pairs, categories)
    );
}

/// A matching question Moodle refuses (an item without `->`, a single answer) is reported
/// at its line, not guessed at.
#[test]
fn a_matching_question_moodle_refuses_is_reported() {
    let import = import_text(
        "::No arrow::Match them.{\n=Access -> See the data\n=Erasure\n}\n\n\
         ::One answer::Match them.{\n=Access -> A right\n=Erasure -> A right\n}\n\n\
         ::Fine::Backups hold personal data.{TRUE}\n",
        Lang::En,
    );
    let lines: Vec<usize> = import.skipped.iter().map(|p| p.line).collect();
    assert_eq!(lines, [1, 6], "{:?}", import.skipped);
    assert!(
        import.skipped[0].message.contains("->"),
        "{}",
        import.skipped[0].message
    );
}

/// Moodle's mark for picking `picked` (indexes) of a question's choices: a radio question
/// scores the picked answer's weight (nothing below zero in Jaga, which the import notes),
/// a check-box question the sum of the picked weights, kept within 0-100%.
fn moodle_mark(radio: bool, weights: &[f64], picked: &[usize]) -> f64 {
    let sum: f64 = picked.iter().map(|&i| weights[i]).sum();
    if radio {
        (sum / 100.0).max(0.0)
    } else {
        (sum / 100.0).clamp(0.0, 1.0)
    }
}

/// Every choice question of the peer cases is marked as Moodle marks it: each single pick
/// of a radio question, and every combination of picks of a check-box question, including
/// Moodle's `~%50%yellow ~%-100%red ~%50%off-beige ~%-100%blue` and the
/// `~%100% ~%-50% ~%-50%` its exporter writes.
#[test]
fn every_peer_case_choice_question_is_marked_as_moodle_marks_it() {
    let folder = Path::new("../shared/reference/gift-peer");
    if !crate::support::available(
        "every_peer_case_choice_question_is_marked_as_moodle_marks_it",
        "../shared/reference/gift-peer",
        folder.is_dir(),
    ) {
        return;
    }
    let (mut marked, mut failures) = (0, Vec::new());
    for entry in std::fs::read_dir(folder.join("expected")).unwrap() {
        let path = entry.unwrap().path();
        let expected: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let case = expected["case"].as_str().unwrap();
        let bytes = std::fs::read(folder.join("cases").join(format!("{case}.gift"))).unwrap();
        let Ok(import) = gift::import(
            &gift::parse_bytes(&bytes).unwrap(),
            &options("peer", Lang::En),
        ) else {
            continue;
        };
        let module = checked(&import);
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for item in expected["items"].as_array().unwrap() {
            if item["expect"] != "import" || item["moodle_qtype"] != "multichoice" {
                continue;
            }
            let stem = collapsed(item["stem"].as_str().unwrap());
            // The same stem may be asked twice (with other weights): take them in order.
            let occurrence = *seen
                .entry(stem.clone())
                .and_modify(|n| *n += 1)
                .or_insert(0);
            let Some(question) = module
                .assessment
                .questions
                .iter()
                .filter(|q| collapsed(q.prompt.get("en")) == stem)
                .nth(occurrence)
            else {
                failures.push(format!("{case} line {}: not imported", item["line"]));
                continue;
            };
            let wanted = item["choices"].as_array().unwrap();
            let weights: Vec<f64> = wanted
                .iter()
                .map(|c| c["weight"].as_f64().unwrap())
                .collect();
            let (QuestionKind::SingleChoice { choices }
            | QuestionKind::MultipleChoice { choices, .. }) = &question.kind
            else {
                failures.push(format!(
                    "{case} line {}: not a choice question",
                    item["line"]
                ));
                continue;
            };
            let ids: Vec<String> = wanted
                .iter()
                .map(|c| {
                    let text = collapsed(c["text"].as_str().unwrap());
                    choices
                        .iter()
                        .find(|choice| collapsed(choice.text.get("en")) == text)
                        .map_or_else(String::new, |choice| choice.id.clone())
                })
                .collect();
            let radio = item["radio"] == true;
            assert_eq!(
                radio,
                matches!(question.kind, QuestionKind::SingleChoice { .. }),
                "{case} line {}: radio buttons are a single choice, check boxes a multiple one",
                item["line"]
            );
            let picks: Vec<Vec<usize>> = if radio {
                (0..ids.len()).map(|i| vec![i]).collect()
            } else {
                (0..1_usize << ids.len())
                    .map(|mask| (0..ids.len()).filter(|i| mask & (1 << i) != 0).collect())
                    .collect()
            };
            for picked in picks {
                let chosen: Vec<String> = picked.iter().map(|&i| ids[i].clone()).collect();
                let jaga = jaga::engine::grade::grade_choices(question, &chosen).unwrap();
                let moodle = moodle_mark(radio, &weights, &picked);
                marked += 1;
                if (jaga - moodle).abs() > 1e-6 {
                    let texts: Vec<&str> = picked
                        .iter()
                        .map(|&i| wanted[i]["text"].as_str().unwrap())
                        .collect();
                    failures.push(format!(
                        "{case} line {}: picking {texts:?} scores {jaga} in Jaga, {moodle} in Moodle",
                        item["line"]
                    ));
                }
            }
        }
    }
    assert!(marked >= 60, "{marked} picks marked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The weights of a check-box question survive export and import exactly, so a module
/// written as GIFT and read back marks every pick as before.
#[test]
fn weighted_multiple_choice_round_trips_through_gift_with_its_marking() {
    let import = import_text(
        "::colours::What's between orange and green in the spectrum?{\n\
         ~%50%yellow#right; good!\n~%-100%red#wrong\n~%50%off-beige#right; good!\n\
         ~%-100%blue#wrong\n}\n",
        Lang::En,
    );
    assert!(import.notes.is_empty(), "{:?}", import.notes);
    let module = checked(&import);
    let question = question(&module, "colours");
    assert_eq!(scoring(question), Some(MultipleScoring::Weighted));
    let mark = |ids: &[&str]| {
        let ids: Vec<String> = ids.iter().map(|s| (*s).to_owned()).collect();
        jaga::engine::grade::grade_choices(question, &ids).unwrap()
    };
    assert!((mark(&["a", "c"]) - 1.0).abs() < 1e-9, "yellow + off-beige");
    assert!(
        mark(&["a", "b", "c"]).abs() < 1e-9,
        "yellow + red + off-beige: 0 as in Moodle"
    );
    assert!((mark(&["a"]) - 0.5).abs() < 1e-9);

    let exported = gift::export(&module, "en").unwrap();
    assert!(exported.gift.contains("~%50%yellow"), "{}", exported.gift);
    assert!(exported.gift.contains("~%-100%red"), "{}", exported.gift);
    let back = checked(&import_text(&exported.gift, Lang::En));
    let again = &back.assessment.questions[0];
    let QuestionKind::MultipleChoice { choices, scoring } = &again.kind else {
        panic!("not a multiple choice: {again:?}");
    };
    assert_eq!(*scoring, MultipleScoring::Weighted);
    let weights: Vec<Option<f64>> = choices.iter().map(|c| c.weight).collect();
    assert_eq!(
        weights,
        [Some(50.0), Some(-100.0), Some(50.0), Some(-100.0)]
    );
}

/// Two questions with no blank line between them: Moodle reads one question and loses the
/// other; the import says so, naming the line where the second starts.
#[test]
fn a_question_run_into_the_next_without_a_blank_line_is_reported_at_its_line() {
    let file = gift::parse(
        "// two questions, no blank line\n\
         ::first::Who reads a leaked list? {=Anyone ~Nobody}\n\
         ::second::Who may see payroll? {=HR ~Everyone}\n\
         \n\
         ::third::Is a password personal data? {TRUE}\n",
    );
    let import = gift::import(&file, &options("swallow", Lang::En)).unwrap();
    let module = checked(&import);
    let ids: Vec<&str> = module
        .assessment
        .questions
        .iter()
        .map(|q| q.id.as_str())
        .collect();
    assert_eq!(
        ids,
        ["third"],
        "nothing from the run-together block is guessed at"
    );
    assert_eq!(import.skipped.len(), 1, "{:?}", import.skipped);
    assert_eq!(import.skipped[0].line, 2);
    assert!(
        import.skipped[0].message.contains("line 3")
            && import.skipped[0].message.contains("blank line"),
        "{}",
        import.skipped[0].message
    );
}
