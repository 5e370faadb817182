//! A user-facing message as data: a Fluent key and its arguments, worded only when shown.
//!
//! Core code never words a message for a person. An error, a notice or a result line
//! carries a [`Message`]; the window words it in the learner's language, with module
//! titles rather than ids, and the command line in English. `Display` on an error stays
//! the developer's English text (logs, the command line's chain of causes); the message a
//! person reads is [`Localized::message`].

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use fluent_templates::fluent_bundle::FluentValue;

use super::{Lang, day, lookup};

/// A message: a Fluent key and its named arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// An argument of a [`Message`], worded when the message is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Shown as it is (a name, an address, a reason from elsewhere).
    Text(String),
    /// A number; Fluent picks plural forms by it.
    Count(u64),
    /// A module, shown by its title in the reader's language (its id only when the
    /// course no longer has it).
    Module(String),
    /// A file or folder.
    Path(PathBuf),
    /// A calendar day, in the language's style.
    Day(NaiveDate),
    /// Another message, worded in the same language (a reason inside a sentence).
    Message(Box<Message>),
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Self::Count(u64::try_from(n).unwrap_or(u64::MAX))
    }
}

impl From<u64> for Arg {
    fn from(n: u64) -> Self {
        Self::Count(n)
    }
}

impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Self::Count(u64::from(n))
    }
}

impl From<&Path> for Arg {
    fn from(path: &Path) -> Self {
        Self::Path(path.to_owned())
    }
}

impl From<PathBuf> for Arg {
    fn from(path: PathBuf) -> Self {
        Self::Path(path)
    }
}

impl From<NaiveDate> for Arg {
    fn from(day: NaiveDate) -> Self {
        Self::Day(day)
    }
}

impl From<Message> for Arg {
    fn from(message: Message) -> Self {
        Self::Message(Box::new(message))
    }
}

impl Message {
    pub fn new(key: &'static str) -> Self {
        Self {
            key,
            args: Vec::new(),
        }
    }

    /// Adds the argument `name`.
    #[must_use]
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// Adds the argument `name` naming a module (shown by its title).
    #[must_use]
    pub fn module(self, name: &'static str, id: &str) -> Self {
        self.with(name, Arg::Module(id.to_owned()))
    }

    /// The message in `lang`; module arguments are named by their titles in `titles`.
    pub fn text(&self, lang: Lang, titles: &dyn Titles) -> String {
        let args = self
            .args
            .iter()
            .map(|(name, arg)| {
                let value = match arg {
                    Arg::Text(text) => FluentValue::from(text.clone()),
                    Arg::Count(n) => FluentValue::from(*n),
                    Arg::Module(id) => {
                        FluentValue::from(titles.title(id, lang).unwrap_or_else(|| id.clone()))
                    }
                    Arg::Path(path) => FluentValue::from(path.display().to_string()),
                    Arg::Day(d) => FluentValue::from(day(lang, *d)),
                    Arg::Message(inner) => FluentValue::from(inner.text(lang, titles)),
                };
                (*name, value)
            })
            .collect::<Vec<_>>();
        lookup(lang, self.key, &args)
    }
}

/// What names a module for a reader: its title in their language (the course does).
pub trait Titles {
    fn title(&self, module_id: &str, lang: Lang) -> Option<String>;
}

/// No titles at hand: a module is named by its id.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoTitles;

impl Titles for NoTitles {
    fn title(&self, _module_id: &str, _lang: Lang) -> Option<String> {
        None
    }
}

/// Something that can tell a person what happened, in their language.
pub trait Localized {
    fn message(&self) -> Message;
}

/// Why a file operation failed, in words a person can act on; the system's own text only
/// for failures without a plain name.
pub fn io_reason(error: &std::io::Error) -> Message {
    use std::io::ErrorKind;
    let key = match error.kind() {
        ErrorKind::NotFound => "io-not-found",
        ErrorKind::PermissionDenied => "io-permission-denied",
        ErrorKind::AlreadyExists => "io-already-exists",
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => "io-disk-full",
        ErrorKind::ReadOnlyFilesystem => "io-read-only",
        ErrorKind::IsADirectory => "io-is-a-folder",
        ErrorKind::NotADirectory => "io-not-a-folder",
        ErrorKind::InvalidFilename => "io-bad-name",
        ErrorKind::InvalidInput => "io-not-a-file",
        ErrorKind::FileTooLarge => "io-too-large",
        ErrorKind::Interrupted | ErrorKind::TimedOut | ErrorKind::WouldBlock => "io-busy",
        _ => return Message::new("io-other").with("detail", error.to_string()),
    };
    Message::new(key)
}
