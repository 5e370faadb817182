//! Where the window suggests saving files: the user's documents folder, with a name that
//! says what the file is, whose it is or which rows it holds, and the day it was made, so
//! two saves of different things never share a name by accident.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::report::Filter;
use crate::store::Learner;
use crate::ui::command::SaveWhat;

/// The user's documents folder, else their home, else the working folder.
pub fn documents_dir() -> PathBuf {
    directories::UserDirs::new()
        .map(|d| d.document_dir().unwrap_or(d.home_dir()).to_owned())
        .unwrap_or_default()
}

/// Lowercase letters, digits and single hyphens: safe in a file name on every system.
fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// `keuangan-passed-basics-2026-01-01-2026-06-30`: the filter's parts that narrow.
pub fn filter_words(filter: &Filter) -> String {
    let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    [
        filter.department.as_deref().map(slug),
        filter.status.as_deref().map(slug),
        filter.module.as_deref().map(slug),
        filter.since.map(|d| format!("from-{}", day(d))),
        filter.until.map(|d| format!("to-{}", day(d))),
    ]
    .into_iter()
    .flatten()
    .filter(|part| !part.is_empty())
    .collect::<Vec<_>>()
    .join("-")
}

/// `stem-words-YYYY-MM-DD`, without empty parts.
fn name(stem: &str, words: &str, now: DateTime<Utc>) -> String {
    let date = now.format("%Y-%m-%d").to_string();
    [stem, words, &date]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Where `what` goes unless the person says otherwise.
pub fn suggested(what: &SaveWhat, learner: Option<&Learner>, now: DateTime<Utc>) -> PathBuf {
    let employee = learner.map_or_else(String::new, |l| slug(&l.employee_id));
    let file = match what {
        SaveWhat::MyData => format!("{}.json", name("jaga-my-data", &employee, now)),
        SaveWhat::PersonRecord { .. } => {
            format!("{}.json", name("jaga-record", &employee, now))
        }
        SaveWhat::Certificate { module } | SaveWhat::PersonCertificate { module, .. } => format!(
            "{}.pdf",
            name(
                "jaga-certificate",
                &[employee.as_str(), &slug(module)].join("-"),
                now
            )
        ),
        SaveWhat::Report { format, filter, .. } => format!(
            "{}.{}",
            name("jaga-completions", &filter_words(filter), now),
            format.extension()
        ),
        SaveWhat::Bundle => format!("{}.jsonl.gz", name("jaga-results", "", now)),
        SaveWhat::Certificates { filter } => {
            let words = [
                filter.department.as_deref().map(slug),
                filter.module.as_deref().map(slug),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("-");
            name("jaga-certificates", &words, now)
        }
    };
    documents_dir().join(file)
}

/// `path` with its extension made `extension` (a report whose format changed).
pub fn with_extension(path: &str, extension: &str) -> String {
    let trimmed = path.trim_end();
    let stem_end = trimmed.rfind(['/', '\\']).map_or(0, |slash| slash + 1);
    match trimmed[stem_end..].rfind('.') {
        Some(dot) if dot > 0 => format!("{}.{extension}", &trimmed[..stem_end + dot]),
        _ => format!("{trimmed}.{extension}"),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone as _;

    use super::*;
    use crate::report::export::ExportFormat;

    #[test]
    fn a_report_name_carries_its_filters_format_and_day() {
        let now = Utc
            .with_ymd_and_hms(2026, 12, 3, 9, 0, 0)
            .single()
            .unwrap_or_default();
        let filter = Filter {
            department: Some("Layanan Pelanggan".to_owned()),
            status: Some("overdue".to_owned()),
            ..Filter::default()
        };
        let what = SaveWhat::Report {
            format: ExportFormat::Xlsx,
            bom: false,
            filter,
        };
        let path = suggested(&what, None, now);
        assert_eq!(
            path.file_name().and_then(|n| n.to_str()),
            Some("jaga-completions-layanan-pelanggan-overdue-2026-12-03.xlsx")
        );
    }

    #[test]
    fn changing_the_format_changes_the_extension_only() {
        assert_eq!(
            with_extension("/tmp/laporan.csv", "xlsx"),
            "/tmp/laporan.xlsx"
        );
        assert_eq!(
            with_extension("/tmp/v1.2/laporan", "json"),
            "/tmp/v1.2/laporan.json"
        );
        assert_eq!(with_extension("laporan.json", "json"), "laporan.json");
    }
}
