//! The policy file as it is written: serde types that mirror the TOML (unknown keys
//! refused), and the second stage that checks each value and collects every problem with
//! the line, column and key it is about.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::{Policy, Problem};
use crate::i18n::Message;
use crate::service::access::MAX_IDLE_MINUTES;
use crate::store::learners::{Field, clean};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPolicy {
    #[serde(default)]
    organisation: RawOrganisation,
    #[serde(default)]
    access: RawAccess,
    #[serde(default)]
    lrs: RawLrs,
    #[serde(default)]
    content: RawContent,
    #[serde(default)]
    tracks: Vec<RawTrack>,
    #[serde(default)]
    due_dates: Vec<RawDue>,
}

/// `[[tracks]]`: a track of the course file for everyone or one department, by a day.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTrack {
    track: Spanned<String>,
    department: Option<Spanned<String>>,
    due: Spanned<toml::value::Datetime>,
}

/// `[[due_dates]]`: one module for everyone or one department, by a day.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDue {
    module: Spanned<String>,
    department: Option<Spanned<String>>,
    due: Spanned<toml::value::Datetime>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrganisation {
    name: Option<Spanned<String>>,
    signatory: Option<Spanned<String>>,
    signatory_title: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAccess {
    pins_required: Option<bool>,
    idle_minutes: Option<Spanned<i64>>,
    show_author: Option<bool>,
    show_manager: Option<bool>,
    tools_for_learners: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLrs {
    endpoint: Option<Spanned<String>>,
    key: Option<Spanned<String>>,
    secret_file: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContent {
    folder: Option<Spanned<String>>,
}

/// Line and column (both from 1) of a byte offset in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(1, |rest| rest.chars().count() + 1);
    (line, column)
}

/// The dotted key a byte offset is on: the nearest `[table]` above it and the key of its
/// line (`access.pins_required`), or the table alone.
fn key_at(text: &str, offset: usize) -> String {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or_default();
    let table = text[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(['[', ']']).trim().to_owned());
    let key = line
        .split_once('=')
        .map(|(k, _)| k.trim().trim_matches('"').to_owned())
        .filter(|k| !k.is_empty() && !k.starts_with('['));
    let header = line
        .trim()
        .starts_with('[')
        .then(|| line.trim().trim_matches(['[', ']']).trim().to_owned());
    match (header, table, key) {
        (Some(header), _, _) => header,
        (None, Some(table), Some(key)) => format!("{table}.{key}"),
        (None, None, Some(key)) | (None, Some(key), None) => key,
        (None, None, None) => String::new(),
    }
}

/// Reads a policy's text: every problem, or the checked policy.
pub(super) fn parse(file: &Path, text: &str) -> Result<Policy, Vec<Problem>> {
    let raw: RawPolicy = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(error) => {
            let offset = error.span().map_or(0, |s| s.start);
            let (line, column) = line_col(text, offset);
            let key = key_at(text, offset);
            let detail = error.message().trim().to_owned();
            let message = match detail.strip_prefix("unknown field `") {
                Some(rest) => {
                    let field = rest.split('`').next().unwrap_or_default().to_owned();
                    let known = rest
                        .split_once("expected ")
                        .map_or(String::new(), |(_, known)| {
                            known.trim_start_matches("one of ").replace('`', "")
                        });
                    Message::new("policy-unknown-key")
                        .with("key", field)
                        .with("known", known)
                }
                None => Message::new("policy-invalid").with("detail", detail),
            };
            return Err(vec![Problem {
                file: file.to_owned(),
                line,
                column,
                key,
                message,
            }]);
        }
    };
    check(file, text, raw)
}

/// The second stage's problems, each placed at the value it is about.
struct Checker<'a> {
    file: &'a Path,
    text: &'a str,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn problem(&mut self, span: &std::ops::Range<usize>, message: Message) {
        let (line, column) = line_col(self.text, span.start);
        self.problems.push(Problem {
            file: self.file.to_owned(),
            line,
            column,
            key: key_at(self.text, span.start),
            message,
        });
    }

    /// A name or title as the store keeps it (trimmed, not too long, no control
    /// characters); empty means not set.
    fn field(&mut self, value: Option<Spanned<String>>, field: Field) -> Option<String> {
        let value = value?;
        match clean(value.get_ref(), field, false) {
            Ok(cleaned) => cleaned,
            Err(error) => {
                self.problem(&value.span(), crate::i18n::Localized::message(&error));
                None
            }
        }
    }

    /// An id or department: not empty, no control characters.
    fn name(&mut self, value: &Spanned<String>) -> Option<String> {
        let trimmed = value.get_ref().trim();
        if trimmed.is_empty() || trimmed.chars().any(char::is_control) {
            self.problem(&value.span(), Message::new("policy-name-empty"));
            return None;
        }
        Some(trimmed.to_owned())
    }

    /// An optional department: `Ok(None)` when absent (everyone), `Err` when invalid.
    fn department(&mut self, value: Option<&Spanned<String>>) -> Result<Option<String>, ()> {
        match value {
            None => Ok(None),
            Some(value) => self.name(value).map(Some).ok_or(()),
        }
    }

    /// A calendar day written as a TOML date (`2027-01-31`, no time).
    fn day(&mut self, due: &Spanned<toml::value::Datetime>) -> Option<chrono::NaiveDate> {
        let value = due.get_ref();
        let parsed = match (value.date, value.time) {
            (Some(d), None) => chrono::NaiveDate::from_ymd_opt(
                i32::from(d.year),
                u32::from(d.month),
                u32::from(d.day),
            ),
            _ => None,
        };
        if parsed.is_none() {
            self.problem(&due.span(), Message::new("policy-due-day"));
        }
        parsed
    }

    fn absolute(&mut self, value: Option<Spanned<String>>) -> Option<PathBuf> {
        let value = value?;
        let path = PathBuf::from(value.get_ref());
        if path.is_absolute() {
            Some(path)
        } else {
            self.problem(&value.span(), Message::new("policy-path-absolute"));
            None
        }
    }
}

/// The second stage: each value checked as the window or the store would check it, every
/// problem collected.
fn check(file: &Path, text: &str, raw: RawPolicy) -> Result<Policy, Vec<Problem>> {
    let mut c = Checker {
        file,
        text,
        problems: Vec::new(),
    };
    let organisation = c.field(raw.organisation.name, Field::Organisation);
    let signatory = c.field(raw.organisation.signatory, Field::Signatory);
    let signatory_title = c.field(raw.organisation.signatory_title, Field::SignatoryTitle);
    let idle_minutes =
        raw.access
            .idle_minutes
            .and_then(|minutes| match u32::try_from(*minutes.get_ref()) {
                Ok(m) if m <= MAX_IDLE_MINUTES => Some(m),
                _ => {
                    let message = Message::new("policy-idle-range").with("max", MAX_IDLE_MINUTES);
                    c.problem(&minutes.span(), message);
                    None
                }
            });
    let lrs_endpoint = raw.lrs.endpoint.and_then(|endpoint| {
        match crate::lrs::Endpoint::parse(endpoint.get_ref()) {
            Ok(parsed) => Some(parsed.as_str().to_owned()),
            Err(error) => {
                c.problem(&endpoint.span(), crate::i18n::Localized::message(&error));
                None
            }
        }
    });
    let lrs_key = raw.lrs.key.and_then(|key| {
        let value = key.get_ref().trim().to_owned();
        if value.is_empty() || value.chars().any(char::is_control) {
            c.problem(&key.span(), Message::new("policy-lrs-key"));
            None
        } else {
            Some(value)
        }
    });
    let lrs_secret_file = c.absolute(raw.lrs.secret_file);
    let content_folder = c.absolute(raw.content.folder);
    let mut tracks = Vec::new();
    for raw in &raw.tracks {
        let track = c.name(&raw.track);
        let department = c.department(raw.department.as_ref());
        if let (Some(track_id), Ok(department), Some(due_on)) = (track, department, c.day(&raw.due))
        {
            tracks.push(crate::store::TrackAssignment {
                track_id,
                department,
                due_on,
            });
        }
    }
    let mut due_dates = Vec::new();
    for raw in &raw.due_dates {
        let module = c.name(&raw.module);
        let department = c.department(raw.department.as_ref());
        if let (Some(module_id), Ok(department), Some(due_on)) =
            (module, department, c.day(&raw.due))
        {
            due_dates.push(crate::store::Assignment {
                module_id,
                department,
                due_on,
            });
        }
    }
    if !c.problems.is_empty() {
        // In the file's order, as a person reads it top to bottom.
        c.problems.sort_by_key(|p| (p.line, p.column));
        return Err(c.problems);
    }
    Ok(Policy {
        organisation,
        signatory,
        signatory_title,
        pins_required: raw.access.pins_required,
        idle_minutes,
        show_author: raw.access.show_author,
        show_manager: raw.access.show_manager,
        tools_for_learners: raw.access.tools_for_learners,
        lrs_endpoint,
        lrs_key,
        lrs_secret_file,
        content_folder,
        tracks,
        due_dates,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_type_names_its_line_and_dotted_key() {
        let text = "[organisation]\nname = \"PT Contoh\"\n\n[access]\npins_required = \"yes\"\n";
        let problems = parse(Path::new("/etc/jaga/policy.toml"), text).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 5);
        assert_eq!(problems[0].key, "access.pins_required");
    }

    #[test]
    fn an_unknown_key_is_named_with_the_known_ones() {
        let text = "[access]\npins_requird = true\n";
        let problems = parse(Path::new("p.toml"), text).unwrap_err();
        assert_eq!(problems[0].line, 2);
        assert_eq!(problems[0].message.key, "policy-unknown-key");
    }

    #[test]
    fn every_bad_value_is_reported_at_once() {
        let text = "[access]\nidle_minutes = 9000\n[content]\nfolder = \"relative/dir\"\n";
        let problems = parse(Path::new("p.toml"), text).unwrap_err();
        let lines: Vec<_> = problems.iter().map(|p| (p.line, p.key.as_str())).collect();
        assert_eq!(lines, [(2, "access.idle_minutes"), (4, "content.folder")]);
    }
}
