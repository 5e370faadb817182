//! Small named settings: the interface language, the last profile, retention, …

use rusqlite::OptionalExtension as _;

use super::{Result, Store};

/// Setting keys, in one place so they are not misspelt.
pub mod keys {
    /// The interface language: `id` or `en`.
    pub const LANGUAGE: &str = "ui.language";
    /// `light`, `dark` or `contrast`.
    pub const THEME: &str = "ui.theme";
    /// The interface zoom factor (1 = 100%).
    pub const ZOOM: &str = "ui.zoom";
    /// `1`: the Author button is shown (before anyone signs in).
    pub const SHOW_AUTHOR: &str = "ui.show_author";
    /// `1`: signed-in learners see the Manager (and Author) buttons too.
    pub const TOOLS_FOR_LEARNERS: &str = "ui.tools_for_learners";
    /// `0`: the Manager button is hidden (only a policy sets this); shown otherwise.
    pub const SHOW_MANAGER: &str = "ui.show_manager";
    /// The opaque id of the profile used last.
    pub const LAST_LEARNER: &str = "ui.last_learner";
    /// Purge attempts finished more than this many days ago; absent means never.
    pub const RETENTION_DAYS: &str = "retention.days";
    /// The organisation that issues certificates.
    pub const ORG_NAME: &str = "org.name";
    /// Who signs certificates for the organisation, and their title.
    pub const ORG_SIGNATORY: &str = "org.signatory";
    pub const ORG_SIGNATORY_TITLE: &str = "org.signatory_title";
    /// `1`: every profile on this computer must have a PIN.
    pub const PINS_REQUIRED: &str = "security.pins_required";
    /// Sign a learner out after this many idle minutes (`0`: never); absent means the
    /// default.
    pub const IDLE_MINUTES: &str = "security.idle_minutes";
    /// Author mode's "Open in editor" command template, like `code -g {file}:{line}:{col}`;
    /// absent means `$VISUAL`/`$EDITOR`, else the system's opener.
    pub const EDITOR: &str = "author.editor";
}

/// What the organisation's policy fixes: read before what this store holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// Setting values by key.
    pub settings: std::collections::BTreeMap<String, String>,
    /// Track assignments replacing this store's, when set.
    pub tracks: Option<Vec<super::TrackAssignment>>,
    /// Module due dates replacing this store's, when set.
    pub due_dates: Option<Vec<super::Assignment>>,
}

impl Store {
    /// A setting's value: the organisation's policy's when it sets one, else this store's.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        if let Some(value) = self.overrides.settings.get(key) {
            return Ok(Some(value.clone()));
        }
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()?)
    }

    /// Fixes settings, tracks and due dates to the organisation's (see `policy`): they are
    /// read instead of the stored ones, which stay as they are for when the policy no
    /// longer sets them.
    pub fn set_overrides(&mut self, overrides: Overrides) {
        self.overrides = overrides;
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.transact(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )?;
            Ok(())
        })
    }

    /// Sets several settings at once, all or none; `None` removes a setting.
    pub fn set_settings(&mut self, values: &[(&str, Option<&str>)]) -> Result<()> {
        self.transact(|tx| {
            for (key, value) in values {
                match value {
                    Some(value) => tx.execute(
                        "INSERT INTO settings (key, value) VALUES (?1, ?2)
                         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        [key, value],
                    )?,
                    None => tx.execute("DELETE FROM settings WHERE key = ?1", [key])?,
                };
            }
            Ok(())
        })
    }

    pub fn remove_setting(&mut self, key: &str) -> Result<()> {
        self.transact(|tx| {
            tx.execute("DELETE FROM settings WHERE key = ?1", [key])?;
            Ok(())
        })
    }
}
