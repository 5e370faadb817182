//! Where the window suggests saving files: the user's documents folder, with a name that
//! says what the file is.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::store::Learner;

/// The user's documents folder, else their home, else the working folder.
pub fn documents_dir() -> PathBuf {
    directories::UserDirs::new()
        .map(|d| d.document_dir().unwrap_or(d.home_dir()).to_owned())
        .unwrap_or_default()
}

/// `~/jaga-my-data-EMPLOYEE-2026-11-29.json`, or in the working folder without a home.
pub fn default_export_path(learner: Option<&Learner>, now: DateTime<Utc>) -> PathBuf {
    let employee: String = learner
        .map_or("learner", |l| l.employee_id.as_str())
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let name = format!("jaga-my-data-{employee}-{}.json", now.format("%Y-%m-%d"));
    documents_dir().join(name)
}
