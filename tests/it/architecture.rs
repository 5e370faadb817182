//! The core never imports egui: content, authoring, engine, store, reports, GIFT and the
//! CLI stay usable without a window (`cargo check --no-default-features` builds them
//! alone). And `content`, which learners need, never imports author mode's `authoring`.

use std::path::Path;

fn rust_files(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

#[test]
fn the_core_never_imports_egui() {
    let mut files = Vec::new();
    for dir in [
        "content",
        "authoring",
        "engine",
        "store",
        "report",
        "gift",
        "cli",
        "lrs",
    ] {
        rust_files(&Path::new("src").join(dir), &mut files);
    }
    assert!(files.len() > 10, "found only {} core files", files.len());
    let offenders: Vec<String> = files
        .iter()
        .filter(|f| {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            ["egui", "eframe", "rfd::"].iter().any(|name| {
                text.lines()
                    .any(|l| !l.trim_start().starts_with("//") && l.contains(name))
            })
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "core files that mention the GUI: {offenders:?}"
    );
}

#[test]
fn content_never_imports_authoring() {
    let mut files = Vec::new();
    rust_files(Path::new("src/content"), &mut files);
    assert!(files.len() > 5, "found only {} content files", files.len());
    let offenders: Vec<String> = files
        .iter()
        .filter(|f| {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            text.lines()
                .any(|l| !l.trim_start().starts_with("//") && l.contains("authoring"))
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "content files that use author mode: {offenders:?}"
    );
}
