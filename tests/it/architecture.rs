//! The layers stay layers: the core never imports egui, each top-level module imports only
//! the modules the table below allows, and no two files import each other, directly or in
//! a ring.
//!
//! Imports are read from the source: `use` declarations and paths written out in full
//! (`crate::…`, `super::…`, `self::…`), each resolved to the file that defines the module.
//! A `pub use` is a module naming its children's items for its callers (its table of
//! contents), not the module depending on them, so it is not counted as an import.
#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on an unreadable source tree"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Which top-level modules each module may import. A module not listed may not be
/// imported by anyone (the binary's `main.rs` is not read).
const ALLOWED: &[(&str, &[&str])] = &[
    ("lang", &[]),
    ("clock", &[]),
    ("i18n", &["lang"]),
    ("fsio", &["i18n"]),
    ("content", &["lang", "i18n", "fsio"]),
    ("engine", &["content", "clock", "i18n"]),
    ("store", &["content", "engine", "i18n"]),
    (
        "report",
        &["content", "engine", "store", "i18n", "lang", "fsio"],
    ),
    (
        "bundle",
        &["content", "engine", "store", "report", "i18n", "fsio"],
    ),
    (
        "certificate",
        &["content", "engine", "store", "i18n", "lang", "fsio"],
    ),
    ("gift", &["content", "lang", "i18n"]),
    (
        "lrs",
        &[
            "content", "engine", "store", "report", "bundle", "i18n", "clock", "fsio",
        ],
    ),
    ("authoring", &["content", "engine", "i18n", "lang"]),
    (
        "service",
        &[
            "content",
            "engine",
            "store",
            "report",
            "bundle",
            "certificate",
            "lrs",
            "i18n",
            "lang",
            "clock",
            "fsio",
        ],
    ),
    ("policy", &["store", "lrs", "service", "i18n", "lang"]),
    (
        "cli",
        &[
            "policy",
            "content",
            "engine",
            "store",
            "report",
            "bundle",
            "certificate",
            "gift",
            "lrs",
            "authoring",
            "service",
            "i18n",
            "lang",
            "clock",
            "fsio",
        ],
    ),
    (
        "ui",
        &[
            "policy",
            "content",
            "engine",
            "store",
            "report",
            "bundle",
            "certificate",
            "lrs",
            "authoring",
            "service",
            "i18n",
            "lang",
            "clock",
            "fsio",
        ],
    ),
];

/// Every Rust file under `src/` (but `main.rs`), by its module path (`crate::a::b`).
fn modules() -> BTreeMap<String, PathBuf> {
    fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, files);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(Path::new("src"), &mut files);
    let mut modules = BTreeMap::new();
    for file in files {
        let relative = file.strip_prefix("src").unwrap().with_extension("");
        let mut parts: Vec<String> = relative
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        match parts.last().map(String::as_str) {
            Some("main") if parts.len() == 1 => continue,
            Some("lib") if parts.len() == 1 => parts.clear(),
            Some("mod") => {
                parts.pop();
            }
            _ => {}
        }
        let mut path = vec!["crate".to_owned()];
        path.extend(parts);
        modules.insert(path.join("::"), file);
    }
    modules
}

/// The source without comments, string literals and the unit tests at the end of the file
/// (whose `super` is the file itself), so only the file's own imports are read.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or(text);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '"' => {
                let mut escaped = false;
                for c in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        break;
                    }
                }
                out.push_str("\"\"");
            }
            _ => out.push(c),
        }
    }
    out
}

/// `a::{b, c::{d, e}}` as `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        return vec![tree.split(" as ").next().unwrap_or(tree).trim().to_owned()];
    };
    let prefix = tree[..open].trim_end_matches("::");
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(expand)
        .map(|p| {
            if p == "self" {
                prefix.to_owned()
            } else {
                format!("{prefix}::{p}")
            }
        })
        .collect()
}

/// The child modules a file declares (`mod x;`, `pub mod x;`).
fn children(code: &str) -> Vec<String> {
    code.lines()
        .filter_map(|line| {
            let line = line.trim();
            let rest = line
                .strip_prefix("pub mod ")
                .or_else(|| line.strip_prefix("pub(crate) mod "))
                .or_else(|| line.strip_prefix("mod "))?;
            rest.strip_suffix(';').map(str::to_owned)
        })
        .collect()
}

/// The module paths a file imports: its `use` trees and the paths written out in its code,
/// made absolute (`crate::…`). A `use` tree that starts at a child module it declares
/// (`use child::Item`) counts as `self::child::Item`.
fn imports(module: &str, code: &str, is_mod_file: bool) -> BTreeSet<String> {
    let children = children(code);
    let mut paths = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before = rest[..at].chars().last();
        let re_export = rest[..at].trim_end().ends_with("pub") || rest[..at].ends_with(") ");
        let after = &rest[at + 4..];
        rest = after;
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') || re_export {
            continue;
        }
        if let Some(end) = after.find(';') {
            let tree = after[..end].trim();
            if tree.starts_with("crate::")
                || tree.starts_with("super::")
                || tree.starts_with("self::")
            {
                paths.extend(expand(tree));
            } else if children
                .iter()
                .any(|child| tree.starts_with(&format!("{child}::")))
            {
                paths.extend(expand(&format!("self::{tree}")));
            }
        }
    }
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(start) {
            let at = from + at;
            from = at + start.len();
            if code[..at]
                .chars()
                .last()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
            {
                continue;
            }
            let path: String = code[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            paths.push(path);
        }
    }
    // The module a `super::` or `self::` path starts from.
    let own: Vec<&str> = module.split("::").collect();
    let parent = |levels: usize| own[..own.len().saturating_sub(levels)].join("::");
    paths
        .into_iter()
        .filter_map(|path| {
            let mut parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
            let base = match parts.first().copied() {
                Some("crate") => {
                    parts.remove(0);
                    "crate".to_owned()
                }
                Some("self") => {
                    parts.remove(0);
                    module.to_owned()
                }
                Some("super") => {
                    let mut levels = 0;
                    while parts.first() == Some(&"super") {
                        parts.remove(0);
                        levels += 1;
                    }
                    // In `a/b.rs` (module a::b), `super` is `a`; the same holds for
                    // `a/b/mod.rs`, whose module is also a::b.
                    let _ = is_mod_file;
                    parent(levels)
                }
                _ => return None,
            };
            let mut full = base;
            for part in parts {
                full.push_str("::");
                full.push_str(part);
            }
            Some(full)
        })
        .collect()
}

/// The file a path lands in: its longest prefix that is a module.
fn file_of<'m>(
    path: &str,
    modules: &'m BTreeMap<String, PathBuf>,
) -> Option<(&'m str, &'m PathBuf)> {
    let mut candidate = path.to_owned();
    loop {
        if let Some((name, file)) = modules.get_key_value(&candidate) {
            return Some((name.as_str(), file));
        }
        let cut = candidate.rfind("::")?;
        candidate.truncate(cut);
    }
}

fn top_module(module: &str) -> Option<&str> {
    module.strip_prefix("crate::")?.split("::").next()
}

/// Each file and the files it imports.
fn graph() -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let modules = modules();
    let mut edges = BTreeMap::new();
    for (module, file) in &modules {
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        let is_mod = file.file_name().is_some_and(|n| n == "mod.rs");
        let targets: BTreeSet<PathBuf> = imports(module, &code, is_mod)
            .iter()
            .filter_map(|path| file_of(path, &modules))
            .map(|(_, target)| target.clone())
            .filter(|target| target != file)
            .collect();
        edges.insert(file.clone(), targets);
    }
    edges
}

#[test]
fn the_core_never_imports_egui() {
    let modules = modules();
    let offenders: Vec<String> = modules
        .iter()
        .filter(|(module, _)| top_module(module) != Some("ui"))
        .filter(|(_, file)| {
            let code = code_of(&std::fs::read_to_string(file).unwrap());
            ["egui", "eframe", "rfd::"]
                .iter()
                .any(|name| code.contains(name))
        })
        .map(|(_, file)| file.display().to_string())
        .collect();
    assert!(
        modules.len() > 60,
        "found only {} source files",
        modules.len()
    );
    assert!(
        offenders.is_empty(),
        "core files that mention the GUI: {offenders:?}"
    );
}

#[test]
fn each_module_imports_only_what_its_layer_allows() {
    let modules = modules();
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut problems = Vec::new();
    for (module, file) in &modules {
        let Some(from) = top_module(module) else {
            continue; // lib.rs declares the modules
        };
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        let is_mod = file.file_name().is_some_and(|n| n == "mod.rs");
        for path in imports(module, &code, is_mod) {
            let Some((target, _)) = file_of(&path, &modules) else {
                continue; // an item of lib.rs, or outside the crate
            };
            let Some(to) = top_module(target) else {
                continue;
            };
            if to == from {
                continue;
            }
            match allowed.get(from) {
                Some(may) if may.contains(&to) => {}
                Some(_) => problems.push(format!("{} imports {to} ({path})", file.display())),
                None => problems.push(format!("{from} is not in the table of layers")),
            }
        }
    }
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty(),
        "imports across layers:\n{}",
        problems.join("\n")
    );
}

/// Tarjan's strongly connected components of the file graph; any with two or more files
/// is a ring of imports.
struct Search<'g> {
    edges: &'g BTreeMap<PathBuf, BTreeSet<PathBuf>>,
    index: BTreeMap<&'g PathBuf, usize>,
    low: BTreeMap<&'g PathBuf, usize>,
    stack: Vec<&'g PathBuf>,
    on_stack: BTreeSet<&'g PathBuf>,
    rings: Vec<Vec<String>>,
}
impl<'g> Search<'g> {
    fn visit(&mut self, file: &'g PathBuf) {
        let n = self.index.len();
        self.index.insert(file, n);
        self.low.insert(file, n);
        self.stack.push(file);
        self.on_stack.insert(file);
        for next in self.edges.get(file).into_iter().flatten() {
            if !self.index.contains_key(next) {
                self.visit(next);
                let low = self.low[file].min(self.low[next]);
                self.low.insert(file, low);
            } else if self.on_stack.contains(next) {
                let low = self.low[file].min(self.index[next]);
                self.low.insert(file, low);
            }
        }
        if self.low[file] == self.index[file] {
            let mut ring = Vec::new();
            while let Some(top) = self.stack.pop() {
                self.on_stack.remove(top);
                ring.push(top.display().to_string());
                if top == file {
                    break;
                }
            }
            if ring.len() > 1 {
                ring.sort();
                self.rings.push(ring);
            }
        }
    }
}

#[test]
fn no_files_import_each_other_in_a_ring() {
    let edges = graph();
    let mut search = Search {
        edges: &edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        rings: Vec::new(),
    };
    for file in edges.keys() {
        if !search.index.contains_key(file) {
            search.visit(file);
        }
    }
    assert!(
        search.rings.is_empty(),
        "files that import each other: {:#?}",
        search.rings
    );
}

#[test]
fn no_source_file_is_a_warehouse() {
    let too_big: Vec<String> = modules()
        .values()
        .filter_map(|file| {
            let lines = std::fs::read_to_string(file).unwrap().lines().count();
            (lines > 650).then(|| format!("{} ({lines} lines)", file.display()))
        })
        .collect();
    assert!(
        too_big.is_empty(),
        "split these along their seams: {too_big:?}"
    );
}

#[test]
fn the_path_reader_resolves_nested_use_trees() {
    assert_eq!(
        expand("crate::ui::{command::Command, state::{AppView, manager::X}}"),
        [
            "crate::ui::command::Command",
            "crate::ui::state::AppView",
            "crate::ui::state::manager::X"
        ]
    );
    let found = imports(
        "crate::ui::screens::quiz",
        "use super::widgets::title;",
        false,
    );
    assert!(
        found.contains("crate::ui::screens::widgets::title"),
        "{found:?}"
    );
    let found = imports(
        "crate::gift",
        "mod parse;\nuse parse::decode;\npub use parse::parse;",
        true,
    );
    assert!(found.contains("crate::gift::parse::decode"), "{found:?}");
    assert!(
        !found.contains("crate::gift::parse::parse"),
        "a re-export is not an import: {found:?}"
    );
}
