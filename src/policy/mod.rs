//! The organisation's policy: settings IT puts in one read-only file on every computer
//! (`/etc/jaga/policy.toml` on Linux), which win over what is set locally.
//!
//! The file is read once when Jaga starts ([`Loaded::system`], or [`Loaded::from_dir`]
//! with a folder a test or `JAGA_POLICY_DIR` names) and parsed in two stages (`raw`: serde
//! types that refuse unknown keys, then a check of every value). A valid policy becomes
//! setting values that the store reads before its own ([`Policy::apply`]: the one place
//! it is applied), so every reader (the sign-in rules, certificates, the top bar) sees the
//! organisation's value without knowing where it came from. An invalid file is not
//! applied in part: its problems are reported with file, line and key, and the safe
//! defaults apply ([`Policy::safe_defaults`]).

mod raw;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::i18n::{Lang, Message, NoTitles};
use crate::store::{Assignment, Overrides, Store, TrackAssignment, keys};

/// The policy file's name inside the policy folder.
pub const FILE_NAME: &str = "policy.toml";

/// Names another policy folder than the system's (tests, trying a policy out).
pub const DIR_ENV: &str = "JAGA_POLICY_DIR";

/// The system's policy folder.
#[cfg(target_os = "windows")]
pub const SYSTEM_DIR: &str = r"C:\ProgramData\Jaga";
/// The system's policy folder.
#[cfg(target_os = "macos")]
pub const SYSTEM_DIR: &str = "/Library/Application Support/Jaga";
/// The system's policy folder.
#[cfg(not(any(target_os = "windows", target_os = "macos")))]
pub const SYSTEM_DIR: &str = "/etc/jaga";

/// What the organisation set; `None` leaves the local setting in force.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    pub organisation: Option<String>,
    pub signatory: Option<String>,
    pub signatory_title: Option<String>,
    pub pins_required: Option<bool>,
    pub idle_minutes: Option<u32>,
    pub show_author: Option<bool>,
    pub show_manager: Option<bool>,
    pub tools_for_learners: Option<bool>,
    pub lrs_endpoint: Option<String>,
    pub lrs_key: Option<String>,
    /// A file only root may change that holds the LRS secret (never the policy itself).
    pub lrs_secret_file: Option<PathBuf>,
    /// The course the window opens instead of the built-in one.
    pub content_folder: Option<PathBuf>,
    /// Tracks assigned by the organisation; when there are any, they replace the ones
    /// assigned on this computer.
    pub tracks: Vec<TrackAssignment>,
    /// Module due dates set by the organisation; when there are any, they replace the ones
    /// set on this computer.
    pub due_dates: Vec<Assignment>,
}

impl Policy {
    /// What applies when the policy file is invalid: PINs required and the Author button
    /// hidden, everything else as set locally.
    pub fn safe_defaults() -> Self {
        Self {
            pins_required: Some(true),
            show_author: Some(false),
            ..Self::default()
        }
    }

    /// The store settings this policy fixes, by setting key.
    pub fn settings(&self) -> BTreeMap<String, String> {
        let flag = |on: bool| if on { "1" } else { "0" }.to_owned();
        let mut out = BTreeMap::new();
        let mut put = |key: &str, value: Option<String>| {
            if let Some(value) = value {
                out.insert(key.to_owned(), value);
            }
        };
        put(keys::ORG_NAME, self.organisation.clone());
        put(keys::ORG_SIGNATORY, self.signatory.clone());
        put(keys::ORG_SIGNATORY_TITLE, self.signatory_title.clone());
        put(keys::PINS_REQUIRED, self.pins_required.map(flag));
        put(keys::IDLE_MINUTES, self.idle_minutes.map(|m| m.to_string()));
        put(keys::SHOW_AUTHOR, self.show_author.map(flag));
        put(keys::SHOW_MANAGER, self.show_manager.map(flag));
        put(keys::TOOLS_FOR_LEARNERS, self.tools_for_learners.map(flag));
        put(
            crate::lrs::settings::keys::ENDPOINT,
            self.lrs_endpoint.clone(),
        );
        put(
            crate::lrs::settings::keys::ENABLED,
            self.lrs_endpoint.as_ref().map(|_| "1".to_owned()),
        );
        put(crate::lrs::settings::keys::POLICY_KEY, self.lrs_key.clone());
        put(
            crate::lrs::settings::keys::POLICY_SECRET_FILE,
            self.lrs_secret_file
                .as_ref()
                .map(|f| f.display().to_string()),
        );
        out
    }

    /// Everything this policy fixes in a store: settings, and tracks and due dates when it
    /// assigns any.
    pub fn overrides(&self) -> Overrides {
        Overrides {
            settings: self.settings(),
            tracks: (!self.tracks.is_empty()).then(|| self.tracks.clone()),
            due_dates: (!self.due_dates.is_empty()).then(|| self.due_dates.clone()),
        }
    }

    /// Makes the store read this policy's values before its own: the one place a policy
    /// is applied.
    pub fn apply(&self, store: &mut Store) {
        store.set_overrides(self.overrides());
    }

    /// Whether the organisation assigns the tracks and due dates (the window's tracks
    /// screen then only shows them).
    pub fn sets_assignments(&self) -> bool {
        !self.tracks.is_empty() || !self.due_dates.is_empty()
    }

    /// How many values the file sets (each key, each track and due date).
    pub fn count(&self) -> usize {
        let texts = [
            &self.organisation,
            &self.signatory,
            &self.signatory_title,
            &self.lrs_endpoint,
            &self.lrs_key,
        ];
        let flags = [
            self.pins_required,
            self.show_author,
            self.show_manager,
            self.tools_for_learners,
        ];
        texts.iter().filter(|t| t.is_some()).count()
            + flags.iter().filter(|f| f.is_some()).count()
            + usize::from(self.idle_minutes.is_some())
            + usize::from(self.lrs_secret_file.is_some())
            + usize::from(self.content_folder.is_some())
            + self.tracks.len()
            + self.due_dates.len()
    }

    /// Whether the organisation set this store setting (the window greys it out).
    pub fn sets(&self, key: &str) -> bool {
        self.settings().contains_key(key)
    }
}

/// One problem in a policy file: where, which key, what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    /// The dotted key (`access.pins_required`), or empty when the file itself is at fault.
    pub key: String,
    pub message: Message,
}

impl Problem {
    /// `file:line:col: error: key: what is wrong`, as a person reads it.
    pub fn to_message(&self) -> Message {
        if self.key.is_empty() {
            return Message::new("policy-problem-file")
                .with("file", self.file.as_path())
                .with("problem", self.message.clone());
        }
        Message::new("policy-problem")
            .with("file", self.file.as_path())
            .with("line", self.line)
            .with("column", self.column)
            .with("key", self.key.clone())
            .with("problem", self.message.clone())
    }

    pub fn text(&self, lang: Lang) -> String {
        self.to_message().text(lang, &NoTitles)
    }
}

/// The policy in force: the file it came from (none when there is no file), the policy,
/// and the file's problems (the safe defaults apply when there are any).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loaded {
    pub file: Option<PathBuf>,
    pub policy: Policy,
    pub problems: Vec<Problem>,
}

impl Loaded {
    /// The system's policy, or the one in the folder `JAGA_POLICY_DIR` names.
    pub fn system() -> Self {
        let dir =
            std::env::var_os(DIR_ENV).map_or_else(|| PathBuf::from(SYSTEM_DIR), PathBuf::from);
        Self::from_dir(&dir)
    }

    /// The policy in `dir`; no file there means no policy.
    pub fn from_dir(dir: &Path) -> Self {
        let file = dir.join(FILE_NAME);
        if !file.exists() {
            return Self::default();
        }
        Self::from_file(&file)
    }

    /// Reads and checks one policy file.
    pub fn from_file(file: &Path) -> Self {
        let problems = match read(file) {
            Ok(text) => match raw::parse(file, &text) {
                Ok(policy) => {
                    return Self {
                        file: Some(file.to_owned()),
                        policy,
                        problems: Vec::new(),
                    };
                }
                Err(problems) => problems,
            },
            Err(message) => vec![Problem {
                file: file.to_owned(),
                line: 1,
                column: 1,
                key: String::new(),
                message,
            }],
        };
        Self {
            file: Some(file.to_owned()),
            policy: Policy::safe_defaults(),
            problems,
        }
    }
}

/// The file's text; a file anyone may change is refused, as it cannot be the
/// organisation's.
fn read(file: &Path) -> Result<String, Message> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        if let Ok(meta) = std::fs::metadata(file)
            && meta.permissions().mode() & 0o002 != 0
        {
            return Err(Message::new("policy-writable"));
        }
    }
    std::fs::read_to_string(file).map_err(|error| crate::i18n::io_reason(&error))
}
