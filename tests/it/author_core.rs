//! The core of author mode: a workspace that follows an author's saves, the folder
//! watcher, translation coverage and scenario maps. No window: the GUI builds on these.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly on a broken fixture"
)]

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use jaga::authoring::coverage::{self, FindingKind};
use jaga::authoring::map::{self, DeadEnd, MapFinding, MapNodeKind, ScenarioMap};
use jaga::authoring::watch::{WatchError, WatchEvent, Watcher};
use jaga::authoring::workspace::{FileStatus, Playing, Workspace};

/// How long a test waits for the watcher on a busy shared machine; the latency measured
/// is printed, and is normally well under a second.
const PATIENCE: Duration = Duration::from_secs(10);

/// A temporary content folder an "author" edits.
struct Folder {
    dir: tempfile::TempDir,
}

impl Folder {
    /// `minimal.ron`, `scenario.ron`, `image.ron` and `worked-example.ron` from the valid
    /// fixtures, with the image `image.ron` shows under `assets/`.
    fn with_valid_modules() -> Self {
        let folder = Self::empty();
        for name in [
            "minimal.ron",
            "scenario.ron",
            "image.ron",
            "worked-example.ron",
        ] {
            folder.write(name, &fixture(&format!("valid/{name}")));
        }
        let images = folder.path("assets/images");
        std::fs::create_dir_all(&images).unwrap();
        std::fs::copy(
            "tests/fixtures/assets/images/shield.png",
            images.join("shield.png"),
        )
        .unwrap();
        folder
    }

    fn empty() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap()
    }

    /// Saves `name` the way vim and VS Code do: a temporary file renamed over it.
    fn save_by_rename(&self, name: &str, text: &str) -> PathBuf {
        let temporary = self.write(&format!("{name}.tmp"), text);
        let path = self.path(name);
        std::fs::rename(temporary, &path).unwrap();
        path
    }

    /// Gives `name` a validation error: a pass mark out of range.
    fn break_pass_mark(&self, name: &str) -> PathBuf {
        let text = self.read(name).replace("pass_mark: 50", "pass_mark: 150");
        self.write(name, &text)
    }

    fn fix_pass_mark(&self, name: &str) -> PathBuf {
        let text = self.read(name).replace("pass_mark: 150", "pass_mark: 50");
        self.write(name, &text)
    }

    fn open(&self) -> Workspace {
        Workspace::load(self.root()).unwrap()
    }
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new("tests/fixtures").join(name)).unwrap()
}

fn stale(workspace: &Workspace, module: &str) -> Option<bool> {
    workspace.preview_module(module).map(|p| p.stale)
}

// --- Workspace ----------------------------------------------------------------------

#[test]
fn a_folder_of_valid_modules_loads_clean_and_plays_every_module() {
    let folder = Folder::with_valid_modules();
    let workspace = folder.open();
    assert_eq!(workspace.error_count(), 0, "{:?}", workspace.diagnostics());
    assert_eq!(workspace.course().modules.len(), 4);
    assert!(workspace.preview().iter().all(|p| !p.stale));
    assert!(
        workspace
            .files()
            .all(|f| f.status() == FileStatus::Clean && f.playing() == Playing::Current)
    );
}

#[test]
fn breaking_a_file_shows_the_error_and_keeps_its_last_good_module_playing_as_stale() {
    let folder = Folder::with_valid_modules();
    let mut workspace = folder.open();
    let good_revision = workspace
        .preview_module("fixture")
        .unwrap()
        .module
        .revision
        .clone();

    let path = folder.break_pass_mark("minimal.ron");
    let change = workspace.reload_paths([&path]);

    assert_eq!(change.modified, vec![path.clone()]);
    assert!(change.diagnostics_changed);
    assert_eq!(change.modules, vec!["fixture".to_owned()], "turned stale");
    assert_eq!(workspace.error_count(), 1);
    let file = workspace.file(&path).unwrap();
    assert_eq!(
        file.status(),
        FileStatus::Broken {
            playing_last_good: true
        }
    );
    let error = &file.diagnostics()[0];
    let message = error.text(jaga::i18n::Lang::En);
    assert!(message.contains("pass mark 150"), "{message}");
    assert!(
        error.header().contains("minimal.ron:"),
        "{}",
        error.header()
    );
    // The preview still plays the module, marked stale, at its last good revision.
    let playing = workspace.preview_module("fixture").unwrap();
    assert!(playing.stale);
    assert_eq!(playing.module.revision, good_revision);
    assert!(workspace.course().module("fixture").is_some());
    assert_eq!(workspace.course().modules.len(), 4);
}

#[test]
fn fixing_the_file_clears_the_diagnostic_and_the_module_is_fresh_again() {
    let folder = Folder::with_valid_modules();
    let mut workspace = folder.open();
    workspace.reload_paths(&[folder.break_pass_mark("minimal.ron")]);
    assert_eq!(stale(&workspace, "fixture"), Some(true));

    let change = workspace.reload_paths(&[folder.fix_pass_mark("minimal.ron")]);

    assert!(change.diagnostics_changed);
    assert_eq!(change.modules, vec!["fixture".to_owned()]);
    assert_eq!(workspace.error_count(), 0);
    assert_eq!(stale(&workspace, "fixture"), Some(false));
    assert_eq!(
        workspace
            .file(&folder.path("minimal.ron"))
            .unwrap()
            .status(),
        FileStatus::Clean
    );
}

#[test]
fn a_file_broken_from_the_start_has_nothing_to_play() {
    let folder = Folder::with_valid_modules();
    folder.write("broken.ron", "Module(id: \"half\",");
    let workspace = folder.open();
    let file = workspace.file(&folder.path("broken.ron")).unwrap();
    assert_eq!(
        file.status(),
        FileStatus::Broken {
            playing_last_good: false
        }
    );
    assert_eq!(file.playing(), Playing::Nothing);
    assert_eq!(workspace.course().modules.len(), 4);
    assert!(
        file.coverage().is_err(),
        "a file that does not parse has no coverage"
    );
}

#[test]
fn a_deleted_file_takes_its_module_and_diagnostics_with_it() {
    let folder = Folder::with_valid_modules();
    let mut workspace = folder.open();
    let path = folder.break_pass_mark("minimal.ron");
    workspace.reload_paths([&path]);
    assert_eq!(workspace.error_count(), 1);

    std::fs::remove_file(&path).unwrap();
    let change = workspace.reload_paths([&path]);

    assert_eq!(change.removed, vec![path.clone()]);
    assert_eq!(change.modules, vec!["fixture".to_owned()]);
    assert_eq!(workspace.error_count(), 0);
    assert!(workspace.file(&path).is_none());
    assert!(workspace.preview_module("fixture").is_none());
}

#[test]
fn a_created_file_is_loaded_even_when_the_watcher_did_not_name_it() {
    let folder = Folder::with_valid_modules();
    let mut workspace = folder.open();
    std::fs::create_dir(folder.path("more")).unwrap();
    let text = fixture("valid/minimal.ron").replace("id: \"fixture\"", "id: \"extra\"");
    let path = folder.write("more/extra.ron", &text);

    // A watcher may report only the new folder.
    let change = workspace.reload_paths(&[folder.path("more")]);

    assert_eq!(change.added, vec![path]);
    assert_eq!(change.modules, vec!["extra".to_owned()]);
    assert_eq!(workspace.course().modules.len(), 5);
}

#[test]
fn a_save_by_renaming_a_temporary_file_over_the_module_reloads_it() {
    let folder = Folder::with_valid_modules();
    let mut workspace = folder.open();
    let broken = folder
        .read("minimal.ron")
        .replace("pass_mark: 50", "pass_mark: 150");

    let path = folder.save_by_rename("minimal.ron", &broken);
    let change = workspace.reload_paths(&[folder.path("minimal.ron.tmp"), path.clone()]);

    assert_eq!(change.modified, vec![path.clone()]);
    assert!(change.added.is_empty() && change.removed.is_empty());
    assert_eq!(workspace.error_count(), 1);
    assert_eq!(stale(&workspace, "fixture"), Some(true));
    assert!(
        workspace
            .files()
            .all(|f| f.path() != folder.path("minimal.ron.tmp"))
    );
}

#[test]
fn saving_without_an_edit_changes_nothing() {
    let folder = Folder::with_valid_modules();
    let mut workspace = folder.open();
    let generation = workspace.generation();
    let path = folder.write("minimal.ron", &folder.read("minimal.ron"));

    let change = workspace.reload_paths(&[path]);

    assert!(change.is_empty(), "{change:?}");
    assert_eq!(workspace.generation(), generation);
}

#[test]
fn a_module_id_used_by_two_files_is_an_error_until_one_is_renamed() {
    let folder = Folder::with_valid_modules();
    let mut workspace = folder.open();
    let copy = folder.write("zz-copy.ron", &folder.read("minimal.ron"));

    workspace.reload_paths([&copy]);
    let file = workspace.file(&copy).unwrap();
    assert_eq!(file.error_count(), 1);
    assert!(
        file.diagnostics()[0]
            .text(jaga::i18n::Lang::En)
            .contains("duplicate module id `fixture`")
    );
    assert_eq!(
        file.playing(),
        Playing::Nothing,
        "the id is taken by minimal.ron"
    );
    assert_eq!(workspace.course().modules.len(), 4);

    let renamed = folder
        .read("zz-copy.ron")
        .replace("id: \"fixture\"", "id: \"fixture-copy\"");
    workspace.reload_paths(&[folder.write("zz-copy.ron", &renamed)]);
    assert_eq!(workspace.error_count(), 0);
    assert_eq!(workspace.course().modules.len(), 5);
}

#[test]
fn a_removed_image_is_reported_in_the_module_that_shows_it_and_cleared_when_it_returns() {
    let folder = Folder::with_valid_modules();
    let mut workspace = folder.open();
    let image = folder.path("assets/images/shield.png");
    let bytes = std::fs::read(&image).unwrap();

    std::fs::remove_file(&image).unwrap();
    let change = workspace.reload_paths([&image]);
    assert!(change.assets_changed);
    assert_eq!(change.modified, vec![folder.path("image.ron")]);
    assert_eq!(workspace.error_count(), 1);
    assert_eq!(stale(&workspace, "fixture-image"), Some(true));

    std::fs::write(&image, bytes).unwrap();
    workspace.reload_paths(&[image]);
    assert_eq!(workspace.error_count(), 0);
    assert_eq!(stale(&workspace, "fixture-image"), Some(false));
}

#[test]
fn diagnostics_are_grouped_by_file_with_errors_first_then_by_line() {
    let folder = Folder::with_valid_modules();
    folder.write(
        "warned-and-broken.ron",
        &fixture("invalid/warning-choice-without-feedback.ron")
            .replace("pass_mark: 50", "pass_mark: 150"),
    );
    let workspace = folder.open();
    let groups: Vec<_> = workspace.diagnostics_by_file().collect();
    assert_eq!(groups.len(), 1, "only the broken file has diagnostics");
    let (file, diagnostics) = groups[0];
    assert!(file.label().ends_with("warned-and-broken.ron"));
    assert!(diagnostics.len() >= 2);
    let errors = diagnostics.iter().take_while(|d| d.is_error()).count();
    assert!(errors >= 1);
    assert!(diagnostics[errors..].iter().all(|d| !d.is_error()));
    for part in [&diagnostics[..errors], &diagnostics[errors..]] {
        assert!(
            part.windows(2)
                .all(|w| (w[0].line, w[0].column) <= (w[1].line, w[1].column))
        );
    }
    assert_eq!(
        workspace.summary(),
        format!(
            "{errors} error{}, {} warning{}",
            if errors == 1 { "" } else { "s" },
            diagnostics.len() - errors,
            if diagnostics.len() - errors == 1 {
                ""
            } else {
                "s"
            }
        )
    );
}

#[test]
fn a_deleted_folder_is_reported_and_what_was_loaded_stays_playable() {
    let folder = Folder::with_valid_modules();
    let root = folder.path("content");
    std::fs::create_dir(&root).unwrap();
    std::fs::copy(folder.path("minimal.ron"), root.join("minimal.ron")).unwrap();
    let mut workspace = Workspace::load(&root).unwrap();

    std::fs::remove_dir_all(&root).unwrap();
    let change = workspace.reload_paths([&root]);

    assert!(change.folder_changed);
    assert!(workspace.folder_problem().is_some());
    assert_eq!(workspace.course().modules.len(), 1);
}

#[test]
fn a_folder_of_fifty_modules_reloads_only_the_changed_file() {
    let folder = Folder::empty();
    let example = fixture("valid/worked-example.ron");
    for i in 0..50 {
        let text = example.replace("id: \"clean-desk\"", &format!("id: \"clean-desk-{i}\""));
        folder.write(&format!("m{i:02}.ron"), &text);
    }
    let started = Instant::now();
    let mut workspace = folder.open();
    let full = started.elapsed();
    assert_eq!(workspace.course().modules.len(), 50);

    let edited = folder.read("m25.ron").replace("minutes: 8", "minutes: 9");
    let path = folder.write("m25.ron", &edited);
    let started = Instant::now();
    let change = workspace.reload_paths([&path]);
    let one = started.elapsed();

    assert_eq!(change.modified, vec![path]);
    assert_eq!(change.modules, vec!["clean-desk-25".to_owned()]);
    let minutes = |id: &str| {
        workspace
            .course()
            .modules
            .iter()
            .find(|m| m.id == id)
            .unwrap()
            .minutes
    };
    assert_eq!((minutes("clean-desk-25"), minutes("clean-desk-24")), (9, 8));
    // Timings are for the reader only (the machines are shared; speed is measured in
    // benches, not asserted): what the test proves is that one file is read, not fifty.
    eprintln!("50 modules: full load {full:?}, one changed file {one:?}");
}

// --- Watcher ------------------------------------------------------------------------

/// The next `Changed` batch, skipping nothing else; panics after [`PATIENCE`].
fn next_change(events: &Receiver<WatchEvent>) -> (Vec<PathBuf>, Duration) {
    let started = Instant::now();
    loop {
        let left = PATIENCE.saturating_sub(started.elapsed());
        match events.recv_timeout(left) {
            Ok(WatchEvent::Changed(paths)) => return (paths, started.elapsed()),
            Ok(other) => eprintln!("watcher said {other:?}"),
            Err(e) => panic!("no change reported within {PATIENCE:?}: {e}"),
        }
    }
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap()
}

#[test]
fn the_watcher_reports_a_saved_module_and_the_workspace_shows_its_error() {
    let folder = Folder::with_valid_modules();
    let mut workspace = folder.open();
    let (_watcher, events) = Watcher::channel(folder.root()).unwrap();

    let path = folder.break_pass_mark("minimal.ron");
    let (paths, latency) = next_change(&events);
    eprintln!("watcher latency after a write: {latency:?}");

    assert!(paths.contains(&canonical(&path)), "{paths:?}");
    workspace.reload_paths(&paths);
    assert_eq!(workspace.error_count(), 1);
    assert_eq!(stale(&workspace, "fixture"), Some(true));
}

#[test]
fn the_watcher_reports_a_save_by_rename_as_the_module_file() {
    let folder = Folder::with_valid_modules();
    let (_watcher, events) = Watcher::channel(folder.root()).unwrap();

    let text = folder
        .read("minimal.ron")
        .replace("minutes: 5", "minutes: 6");
    let path = folder.save_by_rename("minimal.ron", &text);
    let (paths, latency) = next_change(&events);
    eprintln!("watcher latency after a rename-over save: {latency:?}");

    assert!(paths.contains(&canonical(&path)), "{paths:?}");
    assert!(
        paths.iter().all(|p| !p.to_string_lossy().ends_with(".tmp")),
        "temporary files are not reported: {paths:?}"
    );
}

#[test]
fn the_watcher_joins_the_steps_of_one_save_into_one_batch() {
    let folder = Folder::with_valid_modules();
    let (_watcher, events) = Watcher::channel(folder.root()).unwrap();

    // Truncate, then write in pieces, as some editors do.
    let text = folder.read("scenario.ron");
    let path = folder.write("scenario.ron", "");
    let (head, tail) = text.split_at(text.len() / 2);
    std::fs::write(&path, head).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&path, format!("{head}{tail}")).unwrap();

    let (paths, _) = next_change(&events);
    assert_eq!(paths, vec![canonical(&path)]);
    let second = events.recv_timeout(Duration::from_secs(1));
    assert!(second.is_err(), "one save, one batch; then {second:?}");
}

#[test]
fn reading_the_folder_does_not_make_the_watcher_report_a_change() {
    let folder = Folder::with_valid_modules();
    let (_watcher, events) = Watcher::channel(folder.root()).unwrap();

    // What a reload does: list the folder and read every file.
    let mut workspace = folder.open();
    workspace.reload_all();

    assert!(
        events.recv_timeout(Duration::from_millis(1500)).is_err(),
        "Jaga's own reads must not trigger a reload loop"
    );
}

#[test]
fn the_watcher_reports_a_deleted_folder_as_an_error_event() {
    let folder = Folder::with_valid_modules();
    let root = folder.path("content");
    std::fs::create_dir(&root).unwrap();
    let (_watcher, events) = Watcher::channel(&root).unwrap();

    std::fs::remove_dir_all(&root).unwrap();

    let started = Instant::now();
    loop {
        match events.recv_timeout(PATIENCE.saturating_sub(started.elapsed())) {
            Ok(WatchEvent::Error(WatchError::FolderGone { .. })) => break,
            Ok(_) => {}
            Err(e) => panic!("no error event for the deleted folder: {e}"),
        }
    }
}

#[test]
fn an_image_changed_in_an_assets_folder_beside_the_content_folder_is_reported() {
    // Jaga's own layout: content/ and assets/ side by side.
    let folder = Folder::empty();
    std::fs::create_dir_all(folder.path("content")).unwrap();
    std::fs::create_dir_all(folder.path("assets/images")).unwrap();
    let image = folder.path("assets/images/shield.png");
    std::fs::copy("tests/fixtures/assets/images/shield.png", &image).unwrap();
    folder.write("content/image.ron", &fixture("valid/image.ron"));
    let mut workspace = Workspace::load(&folder.path("content")).unwrap();
    assert_eq!(workspace.error_count(), 0);
    let (watcher, events) = Watcher::channel(&folder.path("content")).unwrap();
    assert_eq!(watcher.roots().len(), 2, "{:?}", watcher.roots());

    std::fs::remove_file(&image).unwrap();
    let started = Instant::now();
    let change = loop {
        let event = events
            .recv_timeout(PATIENCE.saturating_sub(started.elapsed()))
            .expect("the removed image is reported");
        let change = workspace.apply(&event);
        if !change.is_empty() {
            break change;
        }
    };

    assert!(change.assets_changed);
    assert_eq!(workspace.error_count(), 1);
    assert_eq!(stale(&workspace, "fixture-image"), Some(true));
}

#[test]
fn watching_a_missing_folder_is_an_error_not_a_panic() {
    let folder = Folder::empty();
    let error = Watcher::channel(&folder.path("nope")).unwrap_err();
    assert!(matches!(error, WatchError::FolderGone { .. }), "{error:?}");
}

// --- Coverage -----------------------------------------------------------------------

#[test]
fn coverage_finds_a_missing_an_empty_and_an_unchanged_text_at_their_places() {
    let text = fixture("author/coverage.ron");
    let coverage = coverage::of_text("coverage.ron", &text).unwrap();

    let found: Vec<(String, &FindingKind, usize, usize, &str)> = coverage
        .findings
        .iter()
        .map(|f| {
            (
                f.language.clone(),
                &f.kind,
                f.line,
                f.column,
                f.path.as_str(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("en".to_owned(), &FindingKind::Missing, 7, 12, "title"),
            (
                "en".to_owned(),
                &FindingKind::Empty,
                13,
                46,
                "lessons[0].title"
            ),
            (
                "en".to_owned(),
                &FindingKind::Unchanged {
                    same_as: "id".to_owned()
                },
                14,
                79,
                "lessons[0].blocks[0][0]"
            ),
        ]
    );
    let en = coverage.language("en").unwrap();
    assert_eq!((en.missing, en.empty, en.unchanged), (1, 1, 1));
    assert_eq!(en.present + en.missing + en.empty, coverage.texts);
    let id = coverage.language("id").unwrap();
    assert!(id.is_complete());
    assert_eq!(id.present, coverage.texts);
    let unchanged = &coverage.findings[2];
    assert_eq!(unchanged.item.lesson.as_deref(), Some("l1"));
    assert!(
        unchanged.diagnostic.header().starts_with(
            "coverage.ron:14:79: warning: the `en` paragraph is the same as the `id` one"
        ),
        "{}",
        unchanged.diagnostic.header()
    );
}

#[test]
fn coverage_of_a_module_with_validation_errors_is_still_reported() {
    let folder = Folder::with_valid_modules();
    folder.write("coverage.ron", &fixture("author/coverage.ron"));
    let workspace = folder.open();
    let file = workspace.file(&folder.path("coverage.ron")).unwrap();
    assert!(matches!(file.status(), FileStatus::Broken { .. }));
    let coverage = file.coverage().unwrap();
    assert_eq!(coverage.findings.len(), 3);
    // In file order: coverage.ron declares id, en before the English-only fixtures.
    assert_eq!(workspace.coverage_languages(), vec!["id", "en"]);
}

#[test]
fn the_bundled_course_and_the_worked_example_have_no_translation_gaps() {
    let mut files: Vec<PathBuf> =
        jaga::content::load::find_module_files(Path::new("content")).unwrap();
    files.push(PathBuf::from("tests/fixtures/valid/worked-example.ron"));
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let coverage = coverage::of_text(&path.display().to_string(), &text).unwrap();
        let gaps: Vec<String> = coverage
            .findings
            .iter()
            .map(|f| f.diagnostic.header())
            .collect();
        assert!(gaps.is_empty(), "{}", gaps.join("\n"));
    }
}

// --- Scenario maps ------------------------------------------------------------------

fn map_of(fixture_name: &str) -> ScenarioMap {
    let mut maps = map::maps_of_text(&fixture(fixture_name)).unwrap();
    assert_eq!(maps.len(), 1);
    maps.remove(0)
}

fn node(map: &ScenarioMap, id: &str) -> usize {
    map.nodes.iter().position(|n| n.id == id).unwrap()
}

#[test]
fn the_map_marks_an_unreachable_node_a_dead_end_and_loops() {
    let map = map_of("author/scenario-map.ron");
    let at = |id| node(&map, id);

    assert!(!map.nodes[at("orphan")].reachable);
    assert!(
        map.findings
            .contains(&MapFinding::Unreachable { node: at("orphan") })
    );
    assert_eq!(
        map.findings
            .iter()
            .filter(|f| matches!(f, MapFinding::Unreachable { .. }))
            .count(),
        1
    );

    assert_eq!(map.nodes[at("stuck")].dead_end, Some(DeadEnd::NoChoices));
    for id in ["far", "trap", "trap2"] {
        assert_eq!(
            map.nodes[at(id)].dead_end,
            Some(DeadEnd::NoWayToEnding),
            "{id}"
        );
    }
    assert_eq!(
        map.nodes[at("b")].dead_end,
        None,
        "b can go back to the start"
    );

    // The start and b loop; trap and trap2 form a loop with no way out.
    assert!(map.findings.contains(&MapFinding::Loop {
        nodes: vec![at("start"), at("b")],
        trap: false
    }));
    assert!(map.findings.contains(&MapFinding::Loop {
        nodes: vec![at("trap"), at("trap2")],
        trap: true
    }));
    let again = map.edges.iter().find(|e| e.choice == "again").unwrap();
    assert!(again.back && again.in_loop);
    assert!(
        again.route.first().unwrap().y > again.route.last().unwrap().y,
        "drawn upwards"
    );
    let to_a = map.edges.iter().find(|e| e.choice == "to-a").unwrap();
    assert!(!to_a.back && !to_a.in_loop);

    // Endings, points and places are there to draw.
    assert_eq!(
        map.nodes[at("good")].kind,
        MapNodeKind::Ending { score: 10 }
    );
    assert_eq!(map.nodes[at("start")].layer, 0);
    assert!(map.nodes[at("start")].place.is_some_and(|p| p.line == 22));
}

#[test]
fn a_choice_across_layers_bends_around_the_nodes_between() {
    let map = map_of("author/scenario-map.ron");
    let skip = map.edges.iter().find(|e| e.choice == "skip").unwrap();
    let from = &map.nodes[skip.from];
    let to = &map.nodes[skip.to.unwrap()];
    assert!(to.layer > from.layer + 1, "good is below a and c");
    assert_eq!(
        skip.route.len(),
        to.layer - from.layer + 1,
        "a bend per layer between"
    );
    for bend in &skip.route[1..skip.route.len() - 1] {
        for other in &map.nodes {
            if (other.pos.y - bend.y).abs() < f32::EPSILON {
                assert!(
                    (other.pos.x - bend.x).abs() >= 0.5,
                    "bend on node {}",
                    other.id
                );
            }
        }
    }
}

#[test]
fn the_map_of_a_broken_file_shows_a_choice_to_a_missing_node_as_a_stub() {
    let map = map_of("invalid/scenario-missing-node.ron");
    let bad = map.edges.iter().position(|e| e.choice == "bad").unwrap();
    assert_eq!(map.edges[bad].to, None);
    assert_eq!(map.edges[bad].target, "lake");
    assert!(
        map.findings
            .contains(&MapFinding::MissingTarget { edge: bad })
    );
    assert_eq!(map.edges[bad].route.len(), 2);
}

#[test]
fn the_invalid_fixtures_show_their_problem_on_the_map() {
    let unreachable = map_of("invalid/scenario-unreachable-node.ron");
    assert!(unreachable.findings.contains(&MapFinding::Unreachable {
        node: node(&unreachable, "orphan")
    }));
    let dead_end = map_of("invalid/scenario-dead-end-step.ron");
    assert!(dead_end.findings.contains(&MapFinding::DeadEnd {
        node: node(&dead_end, "stuck"),
        kind: DeadEnd::NoChoices
    }));
    let trap = map_of("invalid/scenario-trap-loop.ron");
    assert!(trap.findings.contains(&MapFinding::Loop {
        nodes: vec![node(&trap, "trap")],
        trap: true
    }));
}

#[test]
fn the_engine_fixture_loops_are_marked_but_not_as_problems_of_reachability() {
    let maps = map::maps_of_text(&fixture("engine/scenarios.ron")).unwrap();
    let static_map = &maps[0];
    let reread = static_map
        .edges
        .iter()
        .find(|e| e.choice == "reread")
        .unwrap();
    assert!(
        reread.back && reread.in_loop,
        "a choice back to its own step"
    );
    let dynamic = &maps[1];
    assert!(
        dynamic
            .findings
            .iter()
            .any(|f| matches!(f, MapFinding::Loop { trap: false, .. }))
    );
    for map in &maps {
        assert!(
            map.nodes
                .iter()
                .all(|n| n.reachable && n.dead_end.is_none())
        );
    }
}

#[test]
fn the_bundled_scenarios_are_laid_out_without_overlapping_nodes() {
    let loaded = jaga::content::load_bundled();
    let maps: Vec<ScenarioMap> = loaded
        .course
        .modules
        .iter()
        .flat_map(|m| map::maps_of_module(m))
        .collect();
    assert!(maps.len() >= 5, "found {} scenarios", maps.len());
    for map in &maps {
        assert!(
            map.findings
                .iter()
                .all(|f| matches!(f, MapFinding::Loop { trap: false, .. })),
            "{}: {:?}",
            map.question,
            map.findings
        );
        for (i, a) in map.nodes.iter().enumerate() {
            assert!(a.pos.x >= 0.0 && a.pos.x <= map.width + f32::EPSILON);
            for b in &map.nodes[i + 1..] {
                let same_layer = (a.pos.y - b.pos.y).abs() < f32::EPSILON;
                assert!(
                    !same_layer || (a.pos.x - b.pos.x).abs() >= map::NODE_GAP - 1e-4,
                    "{}: {} and {} overlap at {:?} and {:?}",
                    map.question,
                    a.id,
                    b.id,
                    a.pos,
                    b.pos
                );
            }
        }
        // Forward choices point down; only loops point up.
        for edge in &map.edges {
            let (Some(first), Some(last)) = (edge.route.first(), edge.route.last()) else {
                panic!("an edge without a route");
            };
            assert!(
                edge.back || last.y > first.y,
                "{}: {}",
                map.question,
                edge.choice
            );
        }
    }
}

#[test]
fn the_workspace_draws_a_file_that_no_longer_parses_from_its_last_good_version() {
    let folder = Folder::with_valid_modules();
    let mut workspace = folder.open();
    let path = folder.path("scenario.ron");
    let fresh = workspace.scenario_maps(&path).unwrap();
    assert!(!fresh.stale);
    assert_eq!(fresh.maps.len(), 1);
    assert!(fresh.maps[0].nodes[0].place.is_some());

    let cut = folder.read("scenario.ron").replace("nodes: [", "nodes: [[");
    workspace.reload_paths(&[folder.write("scenario.ron", &cut)]);
    let stale_maps = workspace.scenario_maps(&path).unwrap();
    assert!(stale_maps.stale);
    assert_eq!(stale_maps.maps[0].nodes.len(), fresh.maps[0].nodes.len());
}

// --- Command line -------------------------------------------------------------------

#[test]
fn author_mode_opens_the_named_folder_or_the_content_folder_here() {
    use clap::Parser as _;
    use jaga::cli::Cli;

    let named = Cli::try_parse_from(["jaga", "--author", "--content", "my-modules"]).unwrap();
    assert!(named.author);
    assert_eq!(named.author_folder(), Some(PathBuf::from("my-modules")));

    // Tests run in the repository, which has the built-in course in `content/`.
    let here = Cli::try_parse_from(["jaga", "--author"]).unwrap();
    assert!(here.author);
    assert_eq!(here.author_folder(), Some(PathBuf::from("content")));

    assert!(!Cli::try_parse_from(["jaga"]).unwrap().author);
}

/// A feedback text missing in one language is found at the feedback itself (its path
/// ends in `feedback`), not somewhere near it, for a question's and a choice's feedback.
#[test]
fn coverage_places_a_missing_feedback_at_the_feedback_field() {
    let text = r#"Module(
    id: "feedback-coverage",
    languages: ["id", "en"],
    title: {"id": "Judul", "en": "Title"},
    summary: {"id": "Ringkasan.", "en": "Summary."},
    minutes: 5,
    lessons: [
        Lesson(
            id: "l1",
            title: {"id": "Pelajaran", "en": "Lesson"},
            blocks: [
                Paragraph({"id": "Teks.", "en": "Text."}),
                Takeaways([{"id": "Ingat ini.", "en": "Remember this."}]),
            ],
        ),
    ],
    assessment: Assessment(
        pass_mark: 50,
        questions: [
            SingleChoice(
                id: "q1",
                prompt: {"id": "Pilih satu.", "en": "Pick one."},
                choices: [
                    Choice(id: "a", text: {"id": "Benar", "en": "Right"}, correct: true,
                        feedback: {"id": "Ya.", "en": "Yes."}),
                    Choice(id: "b", text: {"id": "Salah", "en": "Wrong"},
                        feedback: {"id": "Bukan."}),
                ],
                feedback: {"id": "Penjelasan."},
            ),
        ],
    ),
)
"#;
    let coverage = coverage::of_text("feedback.ron", text).unwrap();
    let found: Vec<(&str, usize, usize)> = coverage
        .findings
        .iter()
        .map(|f| (f.path.as_str(), f.line, f.column))
        .collect();
    assert_eq!(
        found,
        [
            ("assessment.questions[0].choices[1].feedback", 27, 35),
            ("assessment.questions[0].feedback", 29, 27),
        ]
    );
}
