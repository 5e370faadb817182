//! Opening a problem's file at its line and column in the author's own editor.
//!
//! A diagnostic is only half the help: the author then has to find the line. Jaga does
//! not edit text itself, so it hands the place to the editor the author already uses:
//! the "Open in editor" setting (a command template such as `code -g {file}:{line}:{col}`),
//! else `$VISUAL` or `$EDITOR` with the `+line` argument terminal editors understand, else
//! the system's opener (which opens the file, without a line). Working out the command is
//! pure ([`launch_for`]), so tests check it without starting anything; starting it is the
//! one side effect, behind [`Launcher`], so the window's tests can record the request
//! instead of opening an editor.

use std::path::{Path, PathBuf};

use crate::i18n::{Localized, Message, io_reason};

/// Where to open: a file, a 1-based line and a 1-based column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

/// A program and its arguments, ready to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Launch {
    pub program: String,
    pub args: Vec<String>,
}

/// Why the editor could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditorError {
    #[error("the editor command is empty")]
    EmptyTemplate,
    #[error("the editor command has an unclosed quote: {0}")]
    UnclosedQuote(String),
    #[error("cannot start {program}: {}", reason.text(crate::i18n::Lang::En, &crate::i18n::NoTitles))]
    Start { program: String, reason: Message },
}

impl Localized for EditorError {
    fn message(&self) -> Message {
        match self {
            Self::EmptyTemplate => Message::new("editor-empty"),
            Self::UnclosedQuote(template) => {
                Message::new("editor-unclosed-quote").with("template", template.as_str())
            }
            Self::Start { program, reason } => Message::new("editor-cannot-start")
                .with("program", program.as_str())
                .with("reason", reason.clone()),
        }
    }
}

/// The placeholders a template may use; without `{file}` the file is added at the end.
pub const PLACEHOLDERS: [&str; 3] = ["{file}", "{line}", "{col}"];

/// The command that opens `place`: from `template` when it is set (not blank), else from
/// `$VISUAL`/`$EDITOR` as `env` reports them, else the system's opener.
pub fn launch_for(
    template: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
    place: &Place,
) -> Result<Launch, EditorError> {
    if let Some(template) = template.filter(|t| !t.trim().is_empty()) {
        return from_template(template, place);
    }
    let editor = ["VISUAL", "EDITOR"]
        .into_iter()
        .filter_map(env)
        .find(|e| !e.trim().is_empty());
    match editor {
        Some(editor) => from_editor(&editor, place),
        None => Ok(system_opener(&place.file)),
    }
}

/// `code -g {file}:{line}:{col}`: split like a shell would, then filled in.
fn from_template(template: &str, place: &Place) -> Result<Launch, EditorError> {
    let words =
        shlex::split(template).ok_or_else(|| EditorError::UnclosedQuote(template.to_owned()))?;
    let file = place.file.display().to_string();
    let filled = |word: &str| {
        word.replace("{file}", &file)
            .replace("{line}", &place.line.max(1).to_string())
            .replace("{col}", &place.column.max(1).to_string())
    };
    let mut args: Vec<String> = words.iter().map(|w| filled(w)).collect();
    if !words.iter().any(|w| w.contains("{file}")) {
        args.push(file);
    }
    if args.is_empty() {
        return Err(EditorError::EmptyTemplate);
    }
    let program = args.remove(0);
    Ok(Launch { program, args })
}

/// `$EDITOR` with the line argument its program understands, when Jaga knows it.
fn from_editor(editor: &str, place: &Place) -> Result<Launch, EditorError> {
    let words =
        shlex::split(editor).ok_or_else(|| EditorError::UnclosedQuote(editor.to_owned()))?;
    let Some((program, rest)) = words.split_first() else {
        return Err(EditorError::EmptyTemplate);
    };
    let name = Path::new(program)
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let (line, col) = (place.line.max(1), place.column.max(1));
    let file = place.file.display().to_string();
    let place_args = match name.as_str() {
        "vi" | "vim" | "nvim" | "gvim" | "mvim" | "ex" | "kak" | "micro" => {
            vec![format!("+{line}"), file]
        }
        "nano" | "pico" => vec![format!("+{line},{col}"), file],
        "emacs" | "emacsclient" | "hx" | "helix" => vec![format!("+{line}:{col}"), file],
        "code" | "codium" | "code-insiders" | "cursor" => {
            vec!["-g".to_owned(), format!("{file}:{line}:{col}")]
        }
        "subl" | "sublime_text" | "zed" => vec![format!("{file}:{line}:{col}")],
        "gedit" | "kate" | "kwrite" => vec![format!("+{line}"), file],
        _ => vec![file],
    };
    let mut args: Vec<String> = rest.to_vec();
    args.extend(place_args);
    Ok(Launch {
        program: program.clone(),
        args,
    })
}

/// The platform's "open this file with its usual program".
fn system_opener(file: &Path) -> Launch {
    let file = file.display().to_string();
    if cfg!(target_os = "macos") {
        Launch {
            program: "open".to_owned(),
            args: vec![file],
        }
    } else if cfg!(windows) {
        Launch {
            program: "cmd".to_owned(),
            args: vec!["/C".to_owned(), "start".to_owned(), String::new(), file],
        }
    } else {
        Launch {
            program: "xdg-open".to_owned(),
            args: vec![file],
        }
    }
}

/// Starts an editor. The window holds one; its tests give it one that records.
pub trait Launcher: Send {
    fn launch(&self, launch: &Launch) -> Result<(), EditorError>;
}

/// Starts the program for real, without waiting for it (an editor runs for hours); a
/// thread reaps it when it ends so it leaves no zombie behind.
#[derive(Debug, Clone, Copy, Default)]
pub struct SpawnLauncher;

impl Launcher for SpawnLauncher {
    fn launch(&self, launch: &Launch) -> Result<(), EditorError> {
        let mut child = std::process::Command::new(&launch.program)
            .args(&launch.args)
            .stdin(std::process::Stdio::null())
            .spawn()
            .map_err(|e| EditorError::Start {
                program: launch.program.clone(),
                reason: if e.kind() == std::io::ErrorKind::NotFound {
                    Message::new("editor-no-such-program")
                } else {
                    io_reason(&e)
                },
            })?;
        std::thread::spawn(move || child.wait());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place() -> Place {
        Place {
            file: PathBuf::from("/c/my module.ron"),
            line: 12,
            column: 5,
        }
    }

    fn no_env(_: &str) -> Option<String> {
        None
    }

    fn launch(program: &str, args: &[&str]) -> Launch {
        Launch {
            program: program.to_owned(),
            args: args.iter().map(|a| (*a).to_owned()).collect(),
        }
    }

    #[test]
    fn a_template_is_split_like_a_shell_and_filled_in() {
        let found = launch_for(Some("code -g {file}:{line}:{col}"), &no_env, &place());
        assert_eq!(found, Ok(launch("code", &["-g", "/c/my module.ron:12:5"])));
        let found = launch_for(Some("'my editor' --line {line}"), &no_env, &place());
        assert_eq!(
            found,
            Ok(launch("my editor", &["--line", "12", "/c/my module.ron"]))
        );
    }

    #[test]
    fn without_a_template_the_editor_variable_gets_its_line_argument() {
        let env = |name: &str| (name == "EDITOR").then(|| "nvim".to_owned());
        assert_eq!(
            launch_for(None, &env, &place()),
            Ok(launch("nvim", &["+12", "/c/my module.ron"]))
        );
        let env = |name: &str| (name == "VISUAL").then(|| "emacsclient -c".to_owned());
        assert_eq!(
            launch_for(Some("  "), &env, &place()),
            Ok(launch("emacsclient", &["-c", "+12:5", "/c/my module.ron"]))
        );
    }

    #[test]
    fn without_anything_the_system_opener_opens_the_file() {
        let found = launch_for(None, &no_env, &place()).map(|l| l.args.last().cloned());
        assert_eq!(found, Ok(Some("/c/my module.ron".to_owned())));
    }

    #[test]
    fn a_template_with_an_open_quote_is_refused_with_a_reason() {
        assert_eq!(
            launch_for(Some("code \"-g"), &no_env, &place()),
            Err(EditorError::UnclosedQuote("code \"-g".to_owned()))
        );
    }
}
