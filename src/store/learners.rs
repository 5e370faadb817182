//! Learner profiles: who is being trained, and the least that identifies them.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension as _, Row, named_params};
use serde::Serialize;
use uuid::Uuid;

use super::{Result, Store, StoreError, parse_ts, ts};

/// A learner profile as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Learner {
    /// Opaque id; never shown, never exported in reports.
    pub id: String,
    pub employee_id: String,
    pub display_name: String,
    pub department: Option<String>,
    pub created: DateTime<Utc>,
}

/// What a learner types in to create a profile.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewLearner {
    pub employee_id: String,
    pub display_name: String,
    pub department: Option<String>,
}

/// A field of a profile, named in errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    EmployeeId,
    DisplayName,
    Department,
    /// The organisation that issues certificates, and who signs them.
    Organisation,
    Signatory,
    SignatoryTitle,
}

impl Field {
    /// The field's label, as the profile form shows it.
    pub fn message(self) -> crate::i18n::Message {
        crate::i18n::Message::new(match self {
            Self::EmployeeId => "field-employee-id",
            Self::DisplayName => "field-display-name",
            Self::Department => "field-department-name",
            Self::Organisation => "field-organisation",
            Self::Signatory => "field-signatory",
            Self::SignatoryTitle => "field-signatory-title",
        })
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::EmployeeId => "employee ID",
            Self::DisplayName => "display name",
            Self::Department => "department",
            Self::Organisation => "organisation",
            Self::Signatory => "signatory",
            Self::SignatoryTitle => "signatory title",
        })
    }
}

/// The longest employee ID, name or department accepted.
pub const MAX_FIELD_CHARS: usize = 100;

/// Trims a typed value and checks it: the error says which field and why. An empty value
/// is `None`, or an error when the field is required.
pub fn clean(value: &str, field: Field, required: bool) -> Result<Option<String>> {
    let value = value.trim();
    if value.is_empty() {
        return if required {
            Err(StoreError::FieldRequired { field })
        } else {
            Ok(None)
        };
    }
    if value.chars().count() > MAX_FIELD_CHARS {
        return Err(StoreError::FieldTooLong {
            field,
            max: MAX_FIELD_CHARS,
        });
    }
    if value.chars().any(char::is_control) {
        return Err(StoreError::FieldControl { field });
    }
    Ok(Some(value.to_owned()))
}

impl NewLearner {
    /// Trims the fields and checks them; the error says which field and why.
    pub fn validated(&self) -> Result<Self> {
        Ok(Self {
            employee_id: clean(&self.employee_id, Field::EmployeeId, true)?.unwrap_or_default(),
            display_name: clean(&self.display_name, Field::DisplayName, true)?.unwrap_or_default(),
            department: clean(
                self.department.as_deref().unwrap_or(""),
                Field::Department,
                false,
            )?,
        })
    }
}

/// Inserts a checked learner inside a transaction the caller holds.
pub fn insert_learner(tx: &rusqlite::Transaction<'_>, learner: &Learner) -> Result<()> {
    let taken: Option<String> = tx
        .query_row(
            "SELECT id FROM learners WHERE employee_id = ?1",
            [&learner.employee_id],
            |row| row.get(0),
        )
        .optional()?;
    if taken.is_some() {
        return Err(StoreError::DuplicateEmployee(learner.employee_id.clone()));
    }
    tx.execute(
        include_str!("sql/insert_learner.sql"),
        named_params! {
            ":id": learner.id,
            ":employee_id": learner.employee_id,
            ":display_name": learner.display_name,
            ":department": learner.department,
            ":created_at": ts(learner.created),
        },
    )?;
    Ok(())
}

pub(super) fn row_to_learner(row: &Row<'_>) -> rusqlite::Result<(Learner, String)> {
    let created: String = row.get("created_at")?;
    Ok((
        Learner {
            id: row.get("id")?,
            employee_id: row.get("employee_id")?,
            display_name: row.get("display_name")?,
            department: row.get("department")?,
            created: DateTime::<Utc>::MIN_UTC,
        },
        created,
    ))
}

fn finish(pair: (Learner, String)) -> Result<Learner> {
    let (mut learner, created) = pair;
    learner.created = parse_ts(&created)?;
    Ok(learner)
}

impl Store {
    /// Creates a profile. `id` is the opaque id to give it (a random UUID in the app).
    pub fn create_learner(
        &mut self,
        new: &NewLearner,
        id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Learner> {
        let new = new.validated()?;
        let learner = Learner {
            id: id.to_string(),
            employee_id: new.employee_id,
            display_name: new.display_name,
            department: new.department,
            created: now,
        };
        self.transact(|tx| insert_learner(tx, &learner))?;
        Ok(learner)
    }

    /// Every profile, by name.
    pub fn learners(&self) -> Result<Vec<Learner>> {
        let mut stmt = self
            .conn
            .prepare_cached(include_str!("sql/select_learners.sql"))?;
        let rows = stmt.query_map([], row_to_learner)?;
        rows.map(|r| finish(r?)).collect()
    }

    pub fn learner(&self, id: &str) -> Result<Learner> {
        self.conn
            .query_row(
                "SELECT id, employee_id, display_name, department, created_at FROM learners WHERE id = ?1",
                [id],
                row_to_learner,
            )
            .optional()?
            .map(finish)
            .transpose()?
            .ok_or_else(|| StoreError::NoLearner(id.to_owned()))
    }

    /// Profiles whose name or employee ID contains `text` (any case), by name; at most
    /// `limit`. For finding one person among thousands without reading them all.
    pub fn search_learners(&self, text: &str, limit: usize) -> Result<Vec<Learner>> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(Vec::new());
        }
        // `%`, `_` and the escape itself are taken literally.
        let mut pattern = String::with_capacity(text.len() + 2);
        pattern.push('%');
        for c in text.chars() {
            if matches!(c, '%' | '_' | '\\') {
                pattern.push('\\');
            }
            pattern.push(c);
        }
        pattern.push('%');
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, employee_id, display_name, department, created_at FROM learners
             WHERE display_name LIKE ?1 ESCAPE '\\' OR employee_id LIKE ?1 ESCAPE '\\'
             ORDER BY display_name COLLATE NOCASE, employee_id LIMIT ?2",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(rusqlite::params![pattern, limit], row_to_learner)?;
        rows.map(|r| finish(r?)).collect()
    }

    pub fn learner_by_employee_id(&self, employee_id: &str) -> Result<Option<Learner>> {
        self.conn
            .query_row(
                "SELECT id, employee_id, display_name, department, created_at FROM learners WHERE employee_id = ?1",
                [employee_id],
                row_to_learner,
            )
            .optional()?
            .map(finish)
            .transpose()
    }

    /// Changes a profile's name or department (employee ID stays).
    pub fn update_learner(&mut self, id: &str, changes: &NewLearner) -> Result<Learner> {
        let clean = changes.validated()?;
        self.transact(|tx| {
            let n = tx.execute(
                "UPDATE learners SET display_name = ?2, department = ?3 WHERE id = ?1",
                rusqlite::params![id, clean.display_name, clean.department],
            )?;
            if n == 0 {
                return Err(StoreError::NoLearner(id.to_owned()));
            }
            Ok(())
        })?;
        self.learner(id)
    }
}
