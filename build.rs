//! Compiles the bundled course into the binary: every file under `content/` and
//! `assets/` becomes a `(path, bytes)` entry, so the app works from any folder.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let mut out = String::new();
    for (name, dir) in [("CONTENT_FILES", "content"), ("ASSET_FILES", "assets")] {
        // A directory here makes cargo rebuild when any file below it changes.
        println!("cargo::rerun-if-changed={dir}");
        let mut files = Vec::new();
        collect(&root.join(dir), &mut files);
        // The interface's own fonts are embedded by the UI, and the icon source belongs to
        // the package (scripts/package-deb.sh); neither is offered to modules.
        files.retain(|f| {
            !f.starts_with(root.join("assets").join("fonts"))
                && !f.starts_with(root.join("assets").join("icon"))
        });
        files.sort();
        let _ = writeln!(out, "pub static {name}: &[(&str, &[u8])] = &[");
        for file in files {
            let relative = file
                .strip_prefix(&root)
                .unwrap_or(&file)
                .to_string_lossy()
                .replace('\\', "/");
            let _ = writeln!(
                out,
                "    ({relative:?}, include_bytes!({:?})),",
                file.display().to_string()
            );
        }
        let _ = writeln!(out, "];");
    }
    let target = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("bundled.rs");
    if let Err(error) = std::fs::write(&target, out) {
        println!("cargo::error=cannot write {}: {error}", target.display());
    }
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        match entry.file_type() {
            Ok(t) if t.is_dir() && !hidden => collect(&path, files),
            Ok(t) if t.is_file() && !hidden => files.push(path),
            _ => {}
        }
    }
}
