#![cfg(feature = "gui")]
//! Author mode in the real window: live reload from disk, diagnostics, preview, maps.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly"
)]

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::support::window::TestApp;
use egui_kittest::kittest::Queryable as _;
use jaga::clock::FixedClock;

/// An app in author mode on `dir`.
fn author(dir: &Path, data: &Path) -> TestApp {
    crate::support::window::app_with_author(
        dir,
        data,
        Arc::new(FixedClock::new(crate::support::window::t0())),
    )
}

/// Runs frames until `text` is shown (or not), as the watcher's reload arrives.
fn wait_for(app: &mut TestApp, text: &str, shown: bool) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        app.settle();
        if app.shows(text) == shown {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "`{text}` was {} shown after 15 s",
            if shown { "never" } else { "still" }
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn folder_with(files: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in files {
        let from = Path::new("tests/fixtures").join(name);
        std::fs::copy(&from, dir.path().join(from.file_name().unwrap())).unwrap();
    }
    dir
}

#[test]
fn a_broken_save_shows_its_diagnostic_and_the_fix_clears_it() {
    let dir = folder_with(&["valid/minimal.ron", "valid/scenario.ron"]);
    let data = tempfile::tempdir().unwrap();
    let mut app = author(dir.path(), data.path());
    wait_for(&mut app, "0 kesalahan, 0 peringatan", true);
    assert!(app.shows("Tidak ada masalah."));

    let file = dir.path().join("minimal.ron");
    let good = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, good.replace("pass_mark: 50", "pass_mark: 150")).unwrap();
    // The Indonesian window words the diagnostic in Indonesian, with the same header.
    wait_for(&mut app, "error: nilai lulus 150 di luar 0–100", true);
    assert!(
        app.shows("minimal.ron:18:20: error: nilai lulus 150"),
        "path:line:col as the CLI prints it"
    );
    assert!(
        !app.shows("pass mark 150"),
        "no English left in the Indonesian window"
    );
    assert!(app.shows("1 kesalahan, 0 peringatan"));
    assert!(
        app.shows("rusak — pratinjau memakai versi baik terakhir"),
        "the last good version still plays"
    );

    std::fs::write(&file, &good).unwrap();
    wait_for(&mut app, "error: nilai lulus 150", false);
    assert!(app.shows("0 kesalahan, 0 peringatan"));
    // Author mode records nothing: no results store was made.
    assert!(!data.path().join(jaga::store::FILE_NAME).exists());
}

#[test]
fn the_scenario_map_marks_an_unreachable_node() {
    let dir = folder_with(&["invalid/scenario-unreachable-node.ron", "valid/minimal.ron"]);
    let data = tempfile::tempdir().unwrap();
    let mut app = author(dir.path(), data.path());
    wait_for(&mut app, "1 kesalahan", true);
    app.click("Peta skenario");
    assert!(app.shows("Simpul orphan tidak dapat dicapai dari awal."));
    assert!(
        app.harness
            .query_by_label("orphan (tidak terjangkau)")
            .is_some(),
        "the node itself is marked"
    );
    assert!(app.harness.query_by_label("start").is_some());
}

#[test]
fn a_diagnostic_jumps_to_a_playable_preview_of_its_question() {
    let dir = folder_with(&["valid/scenario.ron"]);
    let file = dir.path().join("scenario.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    // A warning on a scenario choice: it keeps the module playable.
    std::fs::write(&file, text.replace(r#", feedback: {"en": "Risky."}"#, "")).unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut app = author(dir.path(), data.path());
    wait_for(&mut app, "0 kesalahan, 1 peringatan", true);
    app.click("Buka pratinjau");
    assert!(
        app.shows("Pertanyaan 1 dari 1"),
        "the preview plays just that question"
    );
    assert!(app.shows("Something happens."));
    app.click("2. Ignore it");
    app.click("Lihat hasil");
    assert!(app.shows("Hasil latihan (tidak dicatat)"));
    assert!(!data.path().join(jaga::store::FILE_NAME).exists());
}

#[test]
fn the_translation_table_counts_missing_texts_per_language() {
    let dir = folder_with(&["invalid/missing-translation.ron"]);
    let data = tempfile::tempdir().unwrap();
    let mut app = author(dir.path(), data.path());
    wait_for(&mut app, "1 kesalahan", true);
    app.click("Terjemahan");
    assert!(app.shows("hilang 1 · kosong 0 · sama 0"));
    assert!(app.shows("terjemahan id hilang"));
}

/// Records what the window asks the editor to open, instead of starting one.
#[derive(Clone, Default)]
struct EditorRequests(Arc<std::sync::Mutex<Vec<jaga::authoring::editor::Launch>>>);

impl jaga::authoring::editor::Launcher for EditorRequests {
    fn launch(
        &self,
        launch: &jaga::authoring::editor::Launch,
    ) -> Result<(), jaga::authoring::editor::EditorError> {
        self.0.lock().unwrap().push(launch.clone());
        Ok(())
    }
}

impl EditorRequests {
    fn taken(&self) -> Vec<(String, Vec<String>)> {
        std::mem::take(&mut *self.0.lock().unwrap())
            .into_iter()
            .map(|l| (l.program, l.args))
            .collect()
    }
}

/// An author window on a folder whose `minimal.ron` has its pass mark at 150 (18:20).
fn broken_minimal(data: &Path) -> (tempfile::TempDir, TestApp) {
    let dir = folder_with(&["valid/minimal.ron"]);
    let file = dir.path().join("minimal.ron");
    let good = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, good.replace("pass_mark: 50", "pass_mark: 150")).unwrap();
    let mut app = author(dir.path(), data);
    wait_for(&mut app, "error: nilai lulus 150", true);
    (dir, app)
}

/// Opens the "Open in editor" setting and saves `command` as the editor command.
fn save_editor_command(app: &mut TestApp, command: &str) {
    app.pick("Buka di editor");
    app.type_into("Perintah editor", command);
    app.click("Simpan perintah editor");
    assert!(
        app.shows("Tersimpan."),
        "the save is confirmed beside its button"
    );
}

fn problem_header(app: &TestApp) -> egui_kittest::Node<'_> {
    app.harness.get_by(|node| {
        node.role() == eframe::egui::accesskit::Role::Button
            && node
                .label()
                .is_some_and(|l| l.contains("minimal.ron:18:20: error: nilai lulus 150"))
    })
}

#[test]
fn a_problem_opens_in_the_editor_at_its_line_and_column_on_click_and_on_enter() {
    let data = tempfile::tempdir().unwrap();
    let (dir, mut app) = broken_minimal(data.path());
    let requests = EditorRequests::default();
    app.harness
        .state_mut()
        .set_editor_launcher(Box::new(requests.clone()));
    save_editor_command(&mut app, "my-editor --goto {file}:{line}:{col}");
    let expected = (
        "my-editor".to_owned(),
        vec![
            "--goto".to_owned(),
            format!("{}:18:20", dir.path().join("minimal.ron").display()),
        ],
    );

    problem_header(&app).click();
    app.settle();
    assert_eq!(requests.taken(), vec![expected.clone()], "a click opens it");

    problem_header(&app).focus();
    app.settle();
    app.key(eframe::egui::Key::Enter);
    assert_eq!(requests.taken(), vec![expected], "Enter on it opens it too");

    // The command is a machine setting, kept in the settings table for next time.
    let stored = app.store().setting(jaga::store::keys::EDITOR).unwrap();
    assert_eq!(
        stored.as_deref(),
        Some("my-editor --goto {file}:{line}:{col}")
    );
}

#[test]
fn an_editor_that_cannot_start_is_said_beside_the_problem_in_the_windows_language() {
    let data = tempfile::tempdir().unwrap();
    let (_dir, mut app) = broken_minimal(data.path());
    save_editor_command(&mut app, "jaga-test-no-such-editor {file}");
    problem_header(&app).click();
    app.settle();
    assert!(
        app.shows(
            "editor tidak dapat dijalankan (jaga-test-no-such-editor): tidak ada program dengan \
             nama itu di komputer ini"
        ),
        "{:?}",
        app.all_texts()
    );
}

#[test]
fn a_course_from_jaga_new_course_opens_in_author_mode_with_no_problems() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("my-course");
    let made = crate::support::jaga_command()
        .args(["new", "course", crate::support::path(&dir)])
        .output()
        .unwrap();
    assert_eq!(made.status.code(), Some(0));
    let data = tempfile::tempdir().unwrap();
    let mut app = author(&dir, data.path());
    wait_for(&mut app, "0 kesalahan, 0 peringatan", true);
    assert!(app.shows("Tidak ada masalah."));
}

#[test]
fn switching_the_window_to_english_words_the_diagnostics_in_english() {
    let data = tempfile::tempdir().unwrap();
    let (_dir, mut app) = broken_minimal(data.path());
    app.click("English");
    wait_for(
        &mut app,
        "minimal.ron:18:20: error: pass mark 150 is outside 0–100",
        true,
    );
    assert!(!app.shows("nilai lulus"), "no Indonesian left");
    assert!(app.shows("1 error"), "{:?}", app.all_texts());
    assert!(
        !app.shows("still starting"),
        "author mode has no store, and switching the language says nothing about it"
    );
}
