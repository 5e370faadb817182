//! Completion report exports, through the real `jaga` binary on data made by `jaga
//! demo-data`, read back by independent readers: Python's `csv` module, `openpyxl` and
//! `json`, and coreutils' `sha256sum`. The expected rows come from the report core
//! (`completions` and `Filter`), which the manager's screen shows.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::float_cmp,
    reason = "a test fails loudly on a broken fixture"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use jaga::report::{self, Completion, Dataset, Filter};
use jaga::store::{NewLearner, Store};
use serde_json::Value;
use uuid::Uuid;

/// The columns the documentation promises, in order.
const COLUMNS: [&str; 21] = [
    "employee_id",
    "name",
    "department",
    "module_id",
    "module_title",
    "content_revision",
    "language",
    "status",
    "first_started",
    "completed",
    "score_percent",
    "passed",
    "attempts",
    "time_spent_seconds",
    "valid_until",
    "due_date",
    "track",
    "track_title",
    "refresher_answers",
    "refresher_right",
    "last_refresher",
];

const FORMULA_NAME: &str = "=HYPERLINK(\"x\")";
const FORMULA_DEPARTMENT: &str = "-Audit";

fn jaga(data: &Path, args: &[&str]) -> Output {
    crate::support::jaga_command()
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .expect("the jaga binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Debian's Python (with openpyxl) when there is one, else whatever `python3` is.
fn python() -> &'static str {
    if Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    }
}

/// Runs a Python script on a file; the script prints JSON.
pub(crate) fn read_with_python(script: &str, file: &Path) -> Value {
    let output = Command::new(python())
        .arg("-c")
        .arg(script)
        .arg(file)
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "python failed: {}",
        stderr(&output)
    );
    serde_json::from_slice(&output.stdout).expect("python printed JSON")
}

/// A data folder filled by `jaga demo-data`, plus a learner whose name and department
/// look like formulas, and a learner with no department who has not started.
struct Fixture {
    _dir: tempfile::TempDir,
    data: PathBuf,
    out: PathBuf,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let made = jaga(&data, &["demo-data", "--learners", "60", "--seed", "5"]);
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));

    let (mut store, _) = Store::open(&data, Utc::now()).unwrap();
    let first = store.learner_by_employee_id("EMP-000001").unwrap().unwrap();
    store
        .update_learner(
            &first.id,
            &NewLearner {
                employee_id: first.employee_id.clone(),
                display_name: FORMULA_NAME.to_owned(),
                department: Some(FORMULA_DEPARTMENT.to_owned()),
            },
        )
        .unwrap();
    store
        .create_learner(
            &NewLearner {
                employee_id: "NEW-1".to_owned(),
                display_name: "Baru Masuk".to_owned(),
                department: None,
            },
            Uuid::new_v4(),
            Utc::now(),
        )
        .unwrap();
    Fixture {
        _dir: dir,
        data,
        out,
    }
}

impl Fixture {
    /// Runs `jaga export` and returns the path it printed on stdout.
    fn export(&self, args: &[&str]) -> PathBuf {
        let mut all = vec!["export"];
        all.extend_from_slice(args);
        let output = jaga(&self.data, &all);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let printed = String::from_utf8(output.stdout.clone()).unwrap();
        let path = PathBuf::from(printed.trim_end());
        assert!(path.is_file(), "{} was not written", path.display());
        let report = stderr(&output);
        assert!(report.contains(&path.display().to_string()), "{report}");
        assert!(report.contains("sha256 "), "{report}");
        path
    }

    fn out(&self, name: &str) -> String {
        self.out.join(name).display().to_string()
    }

    /// The rows the report core gives for `filter`, in the language `id`.
    fn expected(&self, filter: &Filter) -> Vec<Completion> {
        let (store, _) = Store::open(&self.data, Utc::now()).unwrap();
        let data = Dataset::load(&store).unwrap();
        let course = jaga::content::load_bundled().course;
        let all = report::completions(&course, &data, "id", Utc::now());
        filter.apply(&all).into_iter().cloned().collect()
    }
}

/// How many modules the built-in course has: one report row per learner and module.
fn module_count() -> usize {
    jaga::content::load_bundled().course.modules.len()
}

fn keys(rows: &[Completion]) -> Vec<(String, String)> {
    rows.iter()
        .map(|r| (r.employee_id.clone(), r.module_id.clone()))
        .collect()
}

// ---------------------------------------------------------------------------------------
// CSV

pub(crate) const READ_CSV: &str = r"
import csv, io, json, sys
raw = open(sys.argv[1], 'rb').read()
bom = raw.startswith(b'\xef\xbb\xbf')
text = raw.decode('utf-8-sig' if bom else 'utf-8')
rows = list(csv.reader(io.StringIO(text, newline='')))
again = io.StringIO(newline='')
csv.writer(again, lineterminator='\r\n').writerows(rows)
print(json.dumps({
    'bom': bom,
    'header': rows[0],
    'rows': rows[1:],
    'minimal_crlf_rfc4180': again.getvalue() == text,
}))
";

/// A cell as the documentation says the CSV writes it.
fn csv_text(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn csv_time(time: Option<DateTime<Utc>>) -> String {
    time.map(|t| t.to_rfc3339_opts(SecondsFormat::AutoSi, true))
        .unwrap_or_default()
}

fn expected_csv_row(row: &Completion) -> Vec<String> {
    vec![
        csv_text(&row.employee_id),
        csv_text(&row.name),
        row.department.as_deref().map(csv_text).unwrap_or_default(),
        csv_text(&row.module_id),
        csv_text(&row.module_title),
        row.content_revision.clone().unwrap_or_default(),
        row.language.clone().unwrap_or_default(),
        row.status_key.to_owned(),
        csv_time(row.first_started),
        csv_time(row.completed),
        row.score_percent.map(|s| s.to_string()).unwrap_or_default(),
        row.passed.to_string(),
        row.attempts.to_string(),
        row.time_spent_seconds.to_string(),
        csv_time(row.valid_until),
        row.due_date
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        row.track.clone().unwrap_or_default(),
        row.track_title.as_deref().map(csv_text).unwrap_or_default(),
        row.refresher_answers.to_string(),
        row.refresher_right.to_string(),
        csv_time(row.last_refresher),
    ]
}

fn csv_rows(read: &Value) -> Vec<Vec<String>> {
    serde_json::from_value(read["rows"].clone()).unwrap()
}

#[test]
fn csv_has_the_documented_columns_and_exactly_the_rows_of_the_report_core() {
    let f = fixture();
    let path = f.export(&["--format", "csv", "--out", &f.out("all.csv")]);
    let read = read_with_python(READ_CSV, &path);
    assert_eq!(read["header"], serde_json::json!(COLUMNS));
    assert_eq!(read["minimal_crlf_rfc4180"], true, "not minimal RFC 4180");
    let expected = f.expected(&Filter::default());
    assert_eq!(
        expected.len(),
        61 * module_count(),
        "every learner × module"
    );
    let rows = csv_rows(&read);
    assert_eq!(rows.len(), expected.len());
    for (got, want) in rows.iter().zip(&expected) {
        assert_eq!(got, &expected_csv_row(want));
    }
    // Rows with and without attempts, passes and due dates all occur.
    let column = |name: &str| COLUMNS.iter().position(|c| *c == name).unwrap();
    for name in [
        "completed",
        "score_percent",
        "due_date",
        "valid_until",
        "track",
    ] {
        assert!(rows.iter().any(|r| r[column(name)].is_empty()), "{name}");
        assert!(rows.iter().any(|r| !r[column(name)].is_empty()), "{name}");
    }
    // Numbers are numbers, times are ISO 8601 in UTC.
    for row in &rows {
        if !row[column("score_percent")].is_empty() {
            let score: f64 = row[column("score_percent")].parse().unwrap();
            assert!((0.0..=100.0).contains(&score));
        }
        row[column("attempts")].parse::<u32>().unwrap();
        row[column("time_spent_seconds")].parse::<i64>().unwrap();
        let started = &row[column("first_started")];
        if !started.is_empty() {
            assert!(started.ends_with('Z'), "{started}");
            DateTime::parse_from_rfc3339(started).unwrap();
        }
    }
}

#[test]
fn csv_text_that_looks_like_a_formula_gets_a_quote_and_numbers_stay_bare() {
    let f = fixture();
    let path = f.export(&["--format", "csv", "--out", &f.out("r.csv")]);
    let read = read_with_python(READ_CSV, &path);
    let rows = csv_rows(&read);
    let theirs: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == "EMP-000001").collect();
    assert_eq!(theirs.len(), module_count());
    for row in &theirs {
        assert_eq!(row[1], format!("'{FORMULA_NAME}"));
        assert_eq!(row[2], format!("'{FORMULA_DEPARTMENT}"));
    }
    // The raw line quotes the name as RFC 4180 says, and leaves the numbers bare: the
    // file is exactly what Python writes with minimal quoting (checked above), so a
    // number, which has no comma, quote or line break, is never quoted.
    let raw = std::fs::read_to_string(&path).unwrap();
    assert!(
        raw.contains(",\"'=HYPERLINK(\"\"x\"\")\",'-Audit,"),
        "{raw}"
    );
    assert_eq!(read["minimal_crlf_rfc4180"], true);
    let attempted = theirs.iter().find(|r| !r[10].is_empty()).unwrap();
    assert!(!attempted[10].starts_with('\''));
    let line = raw
        .lines()
        .find(|l| l.starts_with("EMP-000001,") && l.contains(&attempted[3]))
        .unwrap();
    assert!(
        line.contains(&format!(
            ",{},{},{},{},",
            attempted[10], attempted[11], attempted[12], attempted[13]
        )),
        "{line}"
    );
}

#[test]
fn csv_starts_with_a_bom_only_when_asked() {
    let f = fixture();
    let plain = f.export(&["--format", "csv", "--out", &f.out("plain.csv")]);
    let with_bom = f.export(&["--format", "csv", "--bom", "--out", &f.out("bom.csv")]);
    assert!(std::fs::read(&plain).unwrap().starts_with(b"employee_id,"));
    assert!(
        std::fs::read(&with_bom)
            .unwrap()
            .starts_with(b"\xEF\xBB\xBFemployee_id,")
    );
    let plain = read_with_python(READ_CSV, &plain);
    let with_bom = read_with_python(READ_CSV, &with_bom);
    assert_eq!(plain["bom"], false);
    assert_eq!(with_bom["bom"], true);
    assert_eq!(plain["header"], with_bom["header"]);
    assert_eq!(plain["rows"], with_bom["rows"]);
}

// ---------------------------------------------------------------------------------------
// XLSX

pub(crate) const READ_XLSX: &str = r"
import datetime, json, sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
def cell(c):
    v = c.value
    if isinstance(v, (datetime.datetime, datetime.date)):
        v = v.isoformat()
    return {'v': v, 'type': c.data_type, 'format': c.number_format, 'py': type(c.value).__name__}
out = {'sheets': wb.sheetnames}
for ws in wb.worksheets:
    tables = {}
    for name in ws.tables:
        t = ws.tables[name]
        tables[name] = {
            'ref': t.ref,
            'style': t.tableStyleInfo.name if t.tableStyleInfo is not None else None,
            'header_rows': t.headerRowCount,
            'columns': [c.name for c in t.tableColumns],
        }
    out[ws.title] = {
        'freeze': ws.freeze_panes,
        'tables': tables,
        'rows': [[cell(c) for c in row] for row in ws.iter_rows()],
        'widths': {k: d.width for k, d in ws.column_dimensions.items()},
    }
print(json.dumps(out))
";

/// A date-time as openpyxl's `isoformat()` prints it.
fn parse_python_time(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").unwrap()
}

fn assert_time_cell(cell: &Value, want: Option<DateTime<Utc>>) {
    match want {
        None => assert_eq!(cell["v"], Value::Null),
        Some(want) => {
            assert_eq!(cell["py"], "datetime", "{cell}");
            assert_eq!(cell["format"], "yyyy-mm-dd hh:mm:ss \"UTC\"");
            let got = parse_python_time(cell["v"].as_str().unwrap());
            let off = (got - want.naive_utc()).num_milliseconds().abs();
            assert!(off <= 1, "{got} vs {want}");
        }
    }
}

#[test]
fn xlsx_is_a_formatted_table_with_typed_cells_and_a_summary() {
    let f = fixture();
    let path = f.export(&["--format", "xlsx", "--out", &f.out("r.xlsx")]);
    let book = read_with_python(READ_XLSX, &path);
    assert_eq!(
        book["sheets"],
        serde_json::json!(["Completions", "Summary"])
    );

    let sheet = &book["Completions"];
    let expected = f.expected(&Filter::default());
    assert_eq!(sheet["freeze"], "A2", "the header row is frozen");
    let table = &sheet["tables"]["Completions"];
    assert_eq!(table["ref"], format!("A1:U{}", expected.len() + 1));
    assert_eq!(table["header_rows"], 1);
    assert_eq!(table["style"], "TableStyleMedium2");
    assert_eq!(table["columns"], serde_json::json!(COLUMNS));
    let rows = sheet["rows"].as_array().unwrap();
    let header: Vec<&Value> = rows[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["v"])
        .collect();
    assert_eq!(serde_json::json!(header), serde_json::json!(COLUMNS));
    assert_eq!(rows.len(), expected.len() + 1);
    // Autofit: the title column is wider than the default 8.43 characters.
    assert!(
        sheet["widths"]["E"].as_f64().unwrap() > 20.0,
        "{}",
        sheet["widths"]
    );

    for (cells, want) in rows[1..].iter().zip(&expected) {
        let c = |i: usize| &cells[i];
        assert_eq!(c(0)["v"], want.employee_id.as_str());
        assert_eq!(c(1)["v"], want.name.as_str());
        assert_eq!(c(1)["type"], "s");
        assert_eq!(c(2)["v"], serde_json::json!(want.department));
        assert_eq!(c(3)["v"], want.module_id.as_str());
        assert_eq!(c(4)["v"], want.module_title.as_str());
        assert_eq!(c(5)["v"], serde_json::json!(want.content_revision));
        assert_eq!(c(6)["v"], serde_json::json!(want.language));
        assert_eq!(c(7)["v"], want.status_key);
        assert_time_cell(c(8), want.first_started);
        assert_time_cell(c(9), want.completed);
        match want.score_percent {
            None => assert_eq!(c(10)["v"], Value::Null),
            Some(score) => {
                assert_eq!(c(10)["type"], "n");
                assert_eq!(c(10)["v"].as_f64().unwrap(), score);
                assert_eq!(c(10)["format"], "0.0\"%\"");
            }
        }
        assert_eq!(c(11)["py"], "bool");
        assert_eq!(c(11)["v"], want.passed);
        assert_eq!(c(12)["py"], "int");
        assert_eq!(c(12)["v"], want.attempts);
        assert_eq!(c(13)["v"], want.time_spent_seconds);
        assert_time_cell(c(14), want.valid_until);
        match want.due_date {
            None => assert_eq!(c(15)["v"], Value::Null),
            Some(due) => {
                assert_eq!(c(15)["py"], "datetime");
                assert_eq!(c(15)["format"], "yyyy-mm-dd");
                assert_eq!(c(15)["v"], format!("{}T00:00:00", due.format("%Y-%m-%d")));
            }
        }
        assert_eq!(c(16)["v"], serde_json::json!(want.track));
        assert_eq!(c(17)["v"], serde_json::json!(want.track_title));
    }

    // Summary: the headline figures, then one row per module as a second table.
    let summary = &book["Summary"];
    let srows = summary["rows"].as_array().unwrap();
    let value = |key: &str| -> &Value {
        &srows
            .iter()
            .find(|r| r[0]["v"] == key)
            .unwrap_or_else(|| panic!("no {key} in the summary"))[1]
    };
    assert_eq!(value("rows")["v"], expected.len());
    assert_eq!(value("learners")["v"], 61);
    assert_eq!(value("filter")["v"], "none");
    assert_eq!(value("completion_rate")["format"], "0.0\"%\"");
    assert_eq!(value("generated_at")["py"], "datetime");
    let modules = &summary["tables"]["Modules"];
    assert_eq!(
        modules["columns"],
        serde_json::json!([
            "module_id",
            "module_title",
            "learners",
            "attempted",
            "complete",
            "pass_rate",
            "average_score"
        ])
    );
    let course = jaga::content::load_bundled().course;
    let refs: Vec<&Completion> = expected.iter().collect();
    let stats = report::stats::module_stats(&course, &refs, "id");
    let first = srows.iter().position(|r| r[0]["v"] == "module_id").unwrap();
    assert_eq!(
        modules["ref"],
        format!("A{}:G{}", first + 1, first + 1 + stats.len())
    );
    for (cells, want) in srows[first + 1..].iter().zip(&stats) {
        assert_eq!(cells[0]["v"], want.module_id.as_str());
        assert_eq!(cells[1]["v"], want.title.as_str());
        assert_eq!(cells[2]["v"], want.learners);
        assert_eq!(cells[3]["v"], want.attempted);
        assert_eq!(cells[4]["v"], want.complete);
        assert!((cells[5]["v"].as_f64().unwrap() - want.pass_rate).abs() < 1e-9);
        assert_eq!(cells[5]["format"], "0.0\"%\"");
        let average = cells[6]["v"].as_f64().unwrap();
        assert!((average - want.average_score.unwrap()).abs() < 1e-9);
    }
}

#[test]
fn xlsx_keeps_a_formula_like_name_as_text() {
    let f = fixture();
    let path = f.export(&["--format", "xlsx", "--out", &f.out("r.xlsx")]);
    let book = read_with_python(READ_XLSX, &path);
    let rows = book["Completions"]["rows"].as_array().unwrap();
    let theirs: Vec<&Value> = rows.iter().filter(|r| r[0]["v"] == "EMP-000001").collect();
    assert_eq!(theirs.len(), module_count());
    for row in theirs {
        // A string cell, not a formula (openpyxl reports formulas as type "f"), and no
        // `'`: Excel never evaluates a string cell.
        assert_eq!(row[1]["type"], "s");
        assert_eq!(row[1]["v"], FORMULA_NAME);
        assert_eq!(row[2]["type"], "s");
        assert_eq!(row[2]["v"], FORMULA_DEPARTMENT);
    }
    // Read inside the archive: its compressed bytes can hold "<f>" by chance.
    let formulas = read_with_python(COUNT_FORMULAS, &path);
    assert_eq!(
        formulas,
        serde_json::json!(0),
        "the workbook holds no formula"
    );
}

/// Counts `<f>` (formula) elements in every part of an XLSX archive, uncompressed.
const COUNT_FORMULAS: &str = r#"
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as book:
    print(json.dumps(sum(book.read(name).count(b"<f>") for name in book.namelist())))
"#;

// ---------------------------------------------------------------------------------------
// JSON

const READ_JSON: &str = r"
import json, sys
doc = json.load(open(sys.argv[1], encoding='utf-8'))
print(json.dumps({
    'doc': doc,
    'top_keys': list(doc.keys()),
    'row_keys': sorted({tuple(r.keys()) for r in doc['rows']}),
}))
";

#[test]
fn json_document_has_format_version_filter_and_the_csv_fields() {
    let f = fixture();
    let path = f.export(&[
        "--format",
        "json",
        "--department",
        "Keuangan",
        "--lang",
        "en",
        "--out",
        &f.out("r.json"),
    ]);
    let read = read_with_python(READ_JSON, &path);
    assert_eq!(
        read["top_keys"],
        serde_json::json!([
            "format",
            "version",
            "generated_at",
            "language",
            "filter",
            "rows"
        ])
    );
    assert_eq!(read["row_keys"], serde_json::json!([COLUMNS]));
    let doc = &read["doc"];
    assert_eq!(doc["format"], "jaga-completions");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["language"], "en");
    let generated = doc["generated_at"].as_str().unwrap();
    assert!(generated.ends_with('Z'));
    let generated = DateTime::parse_from_rfc3339(generated).unwrap();
    assert!((Utc::now() - generated.with_timezone(&Utc)).num_minutes() < 5);
    assert_eq!(
        doc["filter"],
        serde_json::json!({"department": "Keuangan", "status": null, "module": null,
                           "since": null, "until": null})
    );

    let filter = Filter {
        department: Some("Keuangan".to_owned()),
        ..Filter::default()
    };
    let (store, _) = Store::open(&f.data, Utc::now()).unwrap();
    let data = Dataset::load(&store).unwrap();
    let course = jaga::content::load_bundled().course;
    let all = report::completions(&course, &data, "en", Utc::now());
    let expected = filter.apply(&all);
    let rows = doc["rows"].as_array().unwrap();
    assert!(!rows.is_empty());
    assert_eq!(rows.len(), expected.len());
    for (got, want) in rows.iter().zip(&expected) {
        assert_eq!(got["employee_id"], want.employee_id.as_str());
        assert_eq!(got["name"], want.name.as_str());
        assert_eq!(got["department"], "Keuangan");
        assert_eq!(got["module_title"], want.module_title.as_str());
        assert_eq!(got["status"], want.status_key);
        assert_eq!(got["passed"], want.passed);
        assert_eq!(got["attempts"], want.attempts);
        assert_eq!(got["time_spent_seconds"], want.time_spent_seconds);
        assert_eq!(got["score_percent"], serde_json::json!(want.score_percent));
        assert_eq!(
            got["completed"],
            serde_json::json!(want.completed.map(|t| csv_time(Some(t))))
        );
        assert_eq!(
            got["due_date"],
            serde_json::json!(want.due_date.map(|d| d.format("%Y-%m-%d").to_string()))
        );
        assert_eq!(got["track"], serde_json::json!(want.track));
        assert_eq!(got["track_title"], serde_json::json!(want.track_title));
    }
}

// ---------------------------------------------------------------------------------------
// Files: sidecar, default names, filters

#[test]
fn the_sidecar_is_verified_by_sha256sum_and_catches_a_changed_byte() {
    let f = fixture();
    for format in ["csv", "xlsx", "json"] {
        let path = f.export(&["--format", format, "--out", &f.out(&format!("r.{format}"))]);
        let name = path.file_name().unwrap().to_str().unwrap();
        let sidecar = f.out.join(format!("{name}.sha256"));
        let line = std::fs::read_to_string(&sidecar).unwrap();
        assert!(line.ends_with(&format!("  {name}\n")), "{line:?}");
        let check = Command::new("sha256sum")
            .arg("-c")
            .arg(&sidecar)
            .current_dir(&f.out)
            .output()
            .expect("sha256sum runs");
        assert!(check.status.success(), "{}", stderr(&check));
        assert_eq!(
            String::from_utf8_lossy(&check.stdout),
            format!("{name}: OK\n")
        );

        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 2;
        bytes[last] ^= 1;
        std::fs::write(&path, bytes).unwrap();
        let check = Command::new("sha256sum")
            .arg("-c")
            .arg(&sidecar)
            .current_dir(&f.out)
            .output()
            .expect("sha256sum runs");
        assert!(!check.status.success(), "a changed file passed the check");
    }
}

#[test]
fn a_folder_as_out_gets_a_timestamped_name_and_no_temporary_file_is_left() {
    let f = fixture();
    let before = Utc::now();
    let path = f.export(&["--format", "xlsx", "--out", &f.out.display().to_string()]);
    assert_eq!(path.parent().unwrap(), f.out);
    let name = path.file_name().unwrap().to_str().unwrap();
    let stamp = name
        .strip_prefix("jaga-completions-")
        .and_then(|n| n.strip_suffix("Z.xlsx"))
        .unwrap_or_else(|| panic!("{name}"));
    let at = NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%S")
        .unwrap()
        .and_utc();
    assert!(
        at >= before - Duration::seconds(1) && at <= Utc::now(),
        "{at}"
    );
    let mut names: Vec<String> = std::fs::read_dir(&f.out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, [name.to_owned(), format!("{name}.sha256")]);
}

#[test]
fn the_department_filter_gives_exactly_the_rows_of_the_report_filter() {
    let f = fixture();
    let path = f.export(&[
        "--format",
        "csv",
        "--department",
        FORMULA_DEPARTMENT,
        "--out",
        &f.out("d.csv"),
    ]);
    let rows = csv_rows(&read_with_python(READ_CSV, &path));
    let expected = f.expected(&Filter {
        department: Some(FORMULA_DEPARTMENT.to_owned()),
        ..Filter::default()
    });
    assert_eq!(expected.len(), module_count());
    let got: Vec<(String, String)> = rows.iter().map(|r| (r[0].clone(), r[3].clone())).collect();
    assert_eq!(got, keys(&expected));

    let path = f.export(&[
        "--format",
        "csv",
        "--department",
        "TI",
        "--out",
        &f.out("ti.csv"),
    ]);
    let rows = csv_rows(&read_with_python(READ_CSV, &path));
    let expected = f.expected(&Filter {
        department: Some("TI".to_owned()),
        ..Filter::default()
    });
    assert!(!expected.is_empty());
    let got: Vec<(String, String)> = rows.iter().map(|r| (r[0].clone(), r[3].clone())).collect();
    assert_eq!(got, keys(&expected));
    assert!(rows.iter().all(|r| r[2] == "TI"));
}

#[test]
fn the_since_filter_gives_exactly_the_rows_of_the_report_filter() {
    let f = fixture();
    let since = (Utc::now() - Duration::days(90)).date_naive();
    let day = since.format("%Y-%m-%d").to_string();
    let path = f.export(&["--format", "csv", "--since", &day, "--out", &f.out("s.csv")]);
    let rows = csv_rows(&read_with_python(READ_CSV, &path));
    let filter = Filter {
        since: Some(since),
        ..Filter::default()
    };
    let expected = f.expected(&filter);
    let all = f.expected(&Filter::default());
    assert!(!expected.is_empty() && expected.len() < all.len());
    let got: Vec<(String, String)> = rows.iter().map(|r| (r[0].clone(), r[3].clone())).collect();
    assert_eq!(got, keys(&expected));

    // The JSON records the same filter and holds the same rows.
    let path = f.export(&[
        "--format",
        "json",
        "--since",
        &day,
        "--out",
        &f.out("s.json"),
    ]);
    let doc = &read_with_python(READ_JSON, &path)["doc"];
    assert_eq!(doc["filter"]["since"], day.as_str());
    let got: Vec<(String, String)> = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["employee_id"].as_str().unwrap().to_owned(),
                r["module_id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(got, keys(&expected));
}

#[test]
fn an_empty_report_still_has_the_header_and_a_readable_table() {
    let f = fixture();
    let csv = f.export(&[
        "--format",
        "csv",
        "--department",
        "Nobody",
        "--out",
        &f.out("e.csv"),
    ]);
    let read = read_with_python(READ_CSV, &csv);
    assert_eq!(read["header"], serde_json::json!(COLUMNS));
    assert_eq!(read["rows"], serde_json::json!([]));
    let xlsx = f.export(&[
        "--format",
        "xlsx",
        "--department",
        "Nobody",
        "--out",
        &f.out("e.xlsx"),
    ]);
    let book = read_with_python(READ_XLSX, &xlsx);
    assert_eq!(book["Completions"]["tables"]["Completions"]["ref"], "A1:U2");
    let json = f.export(&[
        "--format",
        "json",
        "--department",
        "Nobody",
        "--out",
        &f.out("e.json"),
    ]);
    assert_eq!(
        read_with_python(READ_JSON, &json)["doc"]["rows"],
        serde_json::json!([])
    );
}

// ---------------------------------------------------------------------------------------
// Exit codes

#[test]
fn bad_arguments_exit_2_with_a_clear_message_and_write_nothing() {
    let f = fixture();
    let out = f.out("x.csv");
    let cases: [(&[&str], &str); 6] = [
        (
            &["--since", "2026-13-01"],
            "is not a day; write it as YYYY-MM-DD",
        ),
        (
            &["--until", "yesterday"],
            "is not a day; write it as YYYY-MM-DD",
        ),
        (&["--status", "done"], "possible values: not_started"),
        (
            &["--module", "no-such-module"],
            "no module `no-such-module` in the course",
        ),
        (
            &["--since", "2026-10-02", "--until", "2026-10-01"],
            "--since 2026-10-02 is after --until 2026-10-01",
        ),
        (
            &["--format", "json", "--bom"],
            "--bom only applies to --format csv",
        ),
    ];
    for (extra, message) in cases {
        let mut args = vec!["export", "--out", &out];
        if !extra.contains(&"--format") {
            args.extend(["--format", "csv"]);
        }
        args.extend_from_slice(extra);
        let output = jaga(&f.data, &args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(message),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    let missing = f.out.join("no-data");
    let output = jaga(&missing, &["export", "--format", "csv", "--out", &out]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("there are no results to export"),
        "{}",
        stderr(&output)
    );
    assert!(!missing.exists(), "an export must not create a store");
    let output = jaga(
        &f.data,
        &[
            "export",
            "--format",
            "csv",
            "--out",
            &f.out("no/such/folder.csv"),
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("does not exist"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_dir(&f.out).unwrap().count(), 0);
}

#[test]
fn an_unknown_department_is_an_empty_report_with_a_note() {
    let f = fixture();
    let output = jaga(
        &f.data,
        &[
            "export",
            "--format",
            "csv",
            "--department",
            "Nobody",
            "--out",
            &f.out("n.csv"),
        ],
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(stderr(&output).contains("no learner is in department `Nobody`"));
    assert!(stderr(&output).contains("wrote 0 rows"));
}

#[test]
fn the_until_day_is_inclusive() {
    let f = fixture();
    let all = f.expected(&Filter::default());
    let day: NaiveDate = all
        .iter()
        .filter_map(|r| r.last_activity)
        .max()
        .unwrap()
        .date_naive();
    let text = day.format("%Y-%m-%d").to_string();
    let path = f.export(&[
        "--format",
        "csv",
        "--since",
        &text,
        "--until",
        &text,
        "--out",
        &f.out("u.csv"),
    ]);
    let rows = csv_rows(&read_with_python(READ_CSV, &path));
    let expected = f.expected(&Filter {
        since: Some(day),
        until: Some(day),
        ..Filter::default()
    });
    assert!(!expected.is_empty());
    let got: Vec<(String, String)> = rows.iter().map(|r| (r[0].clone(), r[3].clone())).collect();
    assert_eq!(got, keys(&expected));
}

#[test]
fn xapi_format_writes_the_statements_of_the_filtered_learners_with_a_sidecar() {
    let f = fixture();
    let path = f.export(&[
        "--format",
        "xapi",
        "--department",
        "TI",
        "--out",
        &f.out.display().to_string(),
    ]);
    let name = path.file_name().unwrap().to_str().unwrap();
    assert!(
        name.starts_with("jaga-xapi-") && name.ends_with("Z.json"),
        "{name}"
    );
    let read = read_with_python(
        "import json, sys\nprint(json.dumps(json.load(open(sys.argv[1], encoding='utf-8'))))",
        &path,
    );
    let statements = read.as_array().expect("a JSON array of statements");
    assert!(!statements.is_empty());
    let department: Vec<String> = f
        .expected(&Filter {
            department: Some("TI".to_owned()),
            ..Filter::default()
        })
        .into_iter()
        .map(|r| r.employee_id)
        .collect();
    for statement in statements {
        let who = statement["actor"]["account"]["name"].as_str().unwrap();
        assert!(department.iter().any(|e| e == who), "{who} is not in TI");
    }
    let check = Command::new("sha256sum")
        .arg("-c")
        .arg(format!("{name}.sha256"))
        .current_dir(&f.out)
        .output()
        .expect("sha256sum runs");
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn an_existing_report_is_never_replaced_without_force() {
    let fixture = fixture();
    let target = fixture.out.join("laporan.csv");
    let path = target.to_str().unwrap();
    let first = jaga(&fixture.data, &["export", "--format", "csv", "--out", path]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    std::fs::write(&target, "the auditor's copy").unwrap();

    let again = jaga(&fixture.data, &["export", "--format", "csv", "--out", path]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "the auditor's copy"
    );

    // A sidecar alone in the way also stops the export.
    std::fs::remove_file(&target).unwrap();
    let sidecar = jaga(&fixture.data, &["export", "--format", "csv", "--out", path]);
    assert_eq!(sidecar.status.code(), Some(2), "{}", stderr(&sidecar));
    assert!(!target.exists());

    let forced = jaga(
        &fixture.data,
        &["export", "--format", "csv", "--out", path, "--force"],
    );
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .starts_with("employee_id")
    );
}

#[test]
fn bundles_and_certificates_refuse_to_replace_a_file_without_force() {
    let fixture = fixture();
    let bundle = fixture.out.join("bundel.json");
    std::fs::write(&bundle, "keep").unwrap();
    let refused = jaga(
        &fixture.data,
        &["bundle", "--out", bundle.to_str().unwrap()],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("--force"), "{}", stderr(&refused));
    assert_eq!(std::fs::read_to_string(&bundle).unwrap(), "keep");
    let forced = jaga(
        &fixture.data,
        &["bundle", "--out", bundle.to_str().unwrap(), "--force"],
    );
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));

    let folder = fixture.out.join("sertifikat");
    let folder_arg = folder.to_str().unwrap();
    let made = jaga(&fixture.data, &["certificates", "--out", folder_arg]);
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
    let again = jaga(&fixture.data, &["certificates", "--out", folder_arg]);
    assert_eq!(
        again.status.code(),
        Some(1),
        "existing certificates are reported, not replaced"
    );
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    let forced = jaga(
        &fixture.data,
        &["certificates", "--out", folder_arg, "--force"],
    );
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
}

#[cfg(unix)]
#[test]
fn every_file_of_personal_data_jaga_writes_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt as _;
    let fixture = fixture();
    let mode_of = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let mut written = Vec::new();
    for format in ["csv", "xlsx", "json", "xapi"] {
        let path = fixture.export(&[
            "--format",
            format,
            "--out",
            &fixture.out(&format!("r.{format}")),
        ]);
        written.push(path.with_extension(format!(
            "{}.sha256",
            path.extension().unwrap().to_str().unwrap()
        )));
        written.push(path);
    }
    let bundle = fixture.out("bundle.jsonl.gz");
    let bundled = jaga(&fixture.data, &["bundle", "--out", &bundle]);
    assert_eq!(bundled.status.code(), Some(0), "{}", stderr(&bundled));
    written.push(PathBuf::from(&bundle));
    let certificates = fixture.out("certificates");
    let issued = jaga(&fixture.data, &["certificates", "--out", &certificates]);
    assert_eq!(issued.status.code(), Some(0), "{}", stderr(&issued));
    let pdfs: Vec<PathBuf> = std::fs::read_dir(&certificates)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!pdfs.is_empty());
    written.extend(pdfs);
    for path in &written {
        assert!(path.is_file(), "{} was not written", path.display());
        assert_eq!(
            mode_of(path),
            0o600,
            "{} is {:o}",
            path.display(),
            mode_of(path)
        );
    }
}

/// Whether a spreadsheet would start a formula in this cell.
fn starts_a_formula(cell: &str) -> bool {
    cell.starts_with([
        '=', '+', '-', '@', '\t', '\r', '\n', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
    ])
}

#[test]
fn csv_runs_no_formula_when_read_with_commas_or_with_semicolons() {
    let f = fixture();
    let (mut store, _) = Store::open(&f.data, Utc::now()).unwrap();
    for (employee, name, department) in [
        ("EMP-000002", "x;=cmd|' /C calc'!A0;", "Keuangan;@SUM(A1)"),
        ("EMP-000003", "\u{FF1D}HYPERLINK(\"x\")", "a,+b"),
    ] {
        let learner = store.learner_by_employee_id(employee).unwrap().unwrap();
        store
            .update_learner(
                &learner.id,
                &NewLearner {
                    employee_id: learner.employee_id.clone(),
                    display_name: name.to_owned(),
                    department: Some(department.to_owned()),
                },
            )
            .unwrap();
    }
    drop(store);
    let path = f.export(&["--format", "csv", "--out", &f.out("both.csv")]);
    for delimiter in [b',', b';'] {
        let mut reader = ::csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(false)
            .from_path(&path)
            .unwrap();
        let mut cells = 0;
        for record in reader.records() {
            for cell in &record.unwrap() {
                cells += 1;
                assert!(
                    !starts_a_formula(cell),
                    "read with {:?}, the cell {cell:?} starts a formula",
                    delimiter as char
                );
            }
        }
        assert!(cells > 100, "the report was read ({cells} cells)");
    }
}

#[cfg(unix)]
#[test]
fn out_naming_a_link_or_a_pipe_is_refused_even_with_force_and_left_as_it_is() {
    use std::os::unix::fs::FileTypeExt as _;
    let f = fixture();
    let victim = f.out.join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    let link = f.out.join("link.csv");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let pipe = f.out.join("pipe.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap();
    assert!(made.success());

    for target in [&link, &pipe] {
        let output = jaga(
            &f.data,
            &[
                "export",
                "--format",
                "csv",
                "--force",
                "--out",
                target.to_str().unwrap(),
            ],
        );
        assert_ne!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("not an ordinary file"),
            "{}",
            stderr(&output)
        );
    }
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(pipe.symlink_metadata().unwrap().file_type().is_fifo());
    let left: Vec<_> = std::fs::read_dir(&f.out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 3, "no temporary file is left: {left:?}");
}

/// SIGTERM or SIGINT while `jaga export` or `jaga bundle` writes: it stops at the next
/// learner or record, says so, exits 130 and leaves the folder as it was: no report, no
/// sidecar, no bundle, no temporary file. `jaga import` stopped mid-way imports nothing.
#[test]
fn a_signal_in_the_middle_of_an_export_bundle_or_import_stops_it_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let made = jaga(&data, &["demo-data", "--learners", "300", "--seed", "9"]);
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
    // xAPI statements are the slowest report to write, so the signal lands mid-way.
    let commands: [(&str, &[&str]); 2] = [
        ("report.json", &["export", "--format", "xapi", "--out"]),
        ("results.jsonl.gz", &["bundle", "--out"]),
    ];
    for (file, command) in commands {
        for signal in ["TERM", "INT"] {
            let out = dir.path().join(format!("{}-{signal}", command[0]));
            std::fs::create_dir(&out).unwrap();
            let mut running = crate::support::jaga_command()
                .arg("--data")
                .arg(&data)
                .args(command)
                .arg(out.join(file))
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            // Writing has begun once the temporary file is in the folder.
            while std::fs::read_dir(&out).unwrap().next().is_none() {
                assert!(
                    running.try_wait().unwrap().is_none(),
                    "{command:?} ended before it was seen writing"
                );
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            // The shell's own `kill`: a minimal Debian has no /bin/kill (procps).
            let sent = Command::new("sh")
                .args(["-c", &format!("kill -{signal} {}", running.id())])
                .status()
                .unwrap();
            assert!(sent.success(), "kill -{signal}");
            let output = running.wait_with_output().unwrap();
            let said = stderr(&output);
            assert_eq!(
                output.status.code(),
                Some(130),
                "{command:?}, SIG{signal}: {said}"
            );
            assert!(
                said.contains("stopped") && said.contains("no file was written"),
                "{command:?}, SIG{signal}: {said}"
            );
            assert!(output.stdout.is_empty(), "no path is printed");
            let left: Vec<_> = std::fs::read_dir(&out)
                .unwrap()
                .map(|entry| entry.unwrap().file_name())
                .collect();
            assert!(
                left.is_empty(),
                "{command:?}, SIG{signal} left {left:?} behind"
            );
        }
    }

    // An import stopped mid-way imports nothing of the bundle (its transaction is rolled
    // back) and says so.
    let bundle = dir.path().join("whole.jsonl.gz");
    let made = jaga(&data, &["bundle", "--out", crate::support::path(&bundle)]);
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
    let into = dir.path().join("imported");
    let mut import = crate::support::jaga_command()
        .arg("--data")
        .arg(&into)
        .arg("import")
        .arg(&bundle)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The store is open (so the command is running) once its file is there.
    while !into.join("jaga.sqlite3").exists() {
        assert!(
            import.try_wait().unwrap().is_none(),
            "the import ended before its store was seen"
        );
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let sent = Command::new("sh")
        .args(["-c", &format!("kill -TERM {}", import.id())])
        .status()
        .unwrap();
    assert!(sent.success());
    let output = import.wait_with_output().unwrap();
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{said}");
    assert!(said.contains("interrupted"), "{said}");
    let (store, _) = Store::open(&into, Utc::now()).unwrap();
    assert!(store.learners().unwrap().is_empty(), "nothing was imported");
}
