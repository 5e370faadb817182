//! Certificates, read back with `pdftotext` (Debian's poppler-utils): through the real
//! `jaga` binary and the library, in both languages, for one pass and in bulk.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly on a broken fixture"
)]

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

use chrono::{DateTime, Duration, FixedOffset, TimeZone as _, Utc};
use jaga::certificate::{
    CertificateData, CertificateError, Issuer, Lang, certificate_for_learner, certificate_pdf,
    verification_code,
};
use jaga::content::{Course, Text, load_bundled};
use jaga::engine::{Attempt, Mode};
use jaga::store::{Learner, NewLearner, Store};
use sha2::{Digest as _, Sha256};
use uuid::Uuid;

use crate::support::{answer_all, path, text};

// ---- Helpers -------------------------------------------------------------------------

fn jaga(args: &[&str]) -> Output {
    crate::support::jaga_command()
        .args(args)
        // Dates print in local time; Jakarta's is the one the training is written for.
        .env("TZ", "Asia/Jakarta")
        .output()
        .expect("the jaga binary runs")
}

/// The text of a PDF, words separated by single spaces.
fn pdf_text(file: &Path) -> String {
    let output = Command::new("pdftotext")
        .arg(file)
        .arg("-")
        .output()
        .expect("pdftotext runs (Debian's poppler-utils; scripts/test.sh installs it)");
    assert!(output.status.success(), "{}", text(&output.stderr));
    text(&output.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn pdf_bytes_text(dir: &Path, bytes: &[u8]) -> String {
    let file = dir.join("check.pdf");
    std::fs::write(&file, bytes).unwrap();
    pdf_text(&file)
}

fn course() -> Course {
    load_bundled().course
}

fn at(month: u32, day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, month, day, hour, 0, 0).unwrap()
}

fn person(store: &mut Store, employee_id: &str, name: &str, department: &str) -> Learner {
    store
        .create_learner(
            &NewLearner {
                employee_id: employee_id.to_owned(),
                display_name: name.to_owned(),
                department: Some(department.to_owned()),
            },
            Uuid::new_v4(),
            at(1, 5, 9),
        )
        .unwrap()
}

/// Records a graded attempt that finishes at `finished`; returns its id and finish time.
fn take(
    store: &mut Store,
    course: &Course,
    learner: &Learner,
    module_id: &str,
    finished: DateTime<Utc>,
    pass: bool,
) -> (Uuid, DateTime<Utc>) {
    let module = course.module(module_id).unwrap();
    let started = finished - Duration::minutes(12);
    let mut attempt = Attempt::start(module, Uuid::new_v4(), 42, "id", Mode::Graded, started);
    answer_all(module, &mut attempt, pass);
    let outcome = attempt.finish(module, finished).unwrap();
    assert_eq!(outcome.passed, pass);
    store
        .record_finished(&learner.id, &attempt, module, &outcome, &[], finished)
        .unwrap();
    (attempt.id, finished)
}

/// Sari passed data security twice (the later pass counts) and everyday leak risks; Budi
/// only failed; Rina (another department) passed data security.
struct Office {
    dir: tempfile::TempDir,
    sari: Learner,
    budi: Learner,
    latest_pass: (Uuid, DateTime<Utc>),
}

fn office() -> Office {
    let dir = tempfile::tempdir().unwrap();
    let course = course();
    let mut store = Store::open(&dir.path().join("data"), at(6, 1, 9))
        .unwrap()
        .0;
    let sari = person(&mut store, "EMP-0042", "Sari Wulandari", "Keuangan");
    let budi = person(&mut store, "EMP-0043", "Budi Santoso", "TI");
    let rina = person(&mut store, "EMP-0044", "Rina Halim", "TI");
    take(
        &mut store,
        &course,
        &sari,
        "data-security",
        at(3, 2, 10),
        true,
    );
    take(
        &mut store,
        &course,
        &sari,
        "data-security",
        at(5, 14, 8),
        false,
    );
    let latest_pass = take(
        &mut store,
        &course,
        &sari,
        "data-security",
        at(5, 14, 12),
        true,
    );
    take(
        &mut store,
        &course,
        &sari,
        "everyday-leak-risks",
        at(5, 20, 9),
        true,
    );
    take(
        &mut store,
        &course,
        &sari,
        "privacy-culture",
        at(5, 21, 9),
        false,
    );
    take(
        &mut store,
        &course,
        &budi,
        "data-security",
        at(5, 15, 9),
        false,
    );
    take(
        &mut store,
        &course,
        &rina,
        "data-security",
        at(8, 3, 9),
        true,
    );
    Office {
        dir,
        sari,
        budi,
        latest_pass,
    }
}

impl Office {
    fn data(&self) -> String {
        path(&self.dir.path().join("data")).to_owned()
    }
}

/// The revision of a module of the built-in course.
fn revision(module_id: &str) -> String {
    course().module(module_id).unwrap().revision.0.clone()
}

/// The documented derivation, written out independently of the library.
fn documented_code(
    attempt: Uuid,
    employee: &str,
    module: &str,
    revision: &str,
    finished: &str,
) -> String {
    let digest =
        Sha256::digest(format!("{attempt}|{employee}|{module}|{revision}|{finished}").as_bytes());
    let alphabet = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let bits: Vec<bool> = digest[..10]
        .iter()
        .flat_map(|byte| (0..8).rev().map(move |i| byte >> i & 1 == 1))
        .collect();
    let mut chars = String::new();
    for (i, five) in bits.chunks(5).enumerate() {
        if i > 0 && i % 4 == 0 {
            chars.push('-');
        }
        let index = five.iter().fold(0usize, |n, bit| n * 2 + usize::from(*bit));
        chars.push(char::from(alphabet[index]));
    }
    chars
}

// ---- One certificate ---------------------------------------------------------------------

#[test]
fn an_indonesian_certificate_names_the_learner_module_dates_revision_and_code() {
    let office = office();
    let out = office.dir.path().join("sari.pdf");
    let output = jaga(&[
        "certificate",
        "--data",
        &office.data(),
        "--employee",
        "EMP-0042",
        "--module",
        "data-security",
        "--out",
        path(&out),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout).trim(), path(&out));

    let revision = revision("data-security");
    let (attempt, finished) = office.latest_pass;
    let code = verification_code(attempt, "EMP-0042", "data-security", &revision, finished);
    assert_eq!(
        code,
        documented_code(
            attempt,
            "EMP-0042",
            "data-security",
            &revision,
            "2026-05-14T12:00:00.000Z"
        ),
        "the code is derived as docs/certificates.md says"
    );
    assert!(text(&output.stderr).contains(&code));

    let page = pdf_text(&out);
    for expected in [
        "Jaga",
        "Sertifikat Pelatihan",
        "Diberikan kepada",
        "Sari Wulandari",
        "Nomor karyawan: EMP-0042",
        "Keamanan data dan kesiapan menghadapi insiden",
        "Tanggal lulus",
        "14 Mei 2026",
        "Berlaku hingga",
        "14 Mei 2027",
        "Revisi konten:",
        &revision[..12],
        &revision,
        "Kode verifikasi:",
        &code,
        "Diterbitkan oleh Jaga",
    ] {
        assert!(
            page.contains(expected),
            "`{expected}` is missing from: {page}"
        );
    }
    assert!(!page.contains("Training Certificate"), "{page}");
    assert!(
        !page.contains("2 Maret 2026"),
        "an earlier pass was used: {page}"
    );
}

#[test]
fn an_english_certificate_has_english_labels_dates_and_title() {
    let office = office();
    let out = office.dir.path().join("sari-en.pdf");
    let output = jaga(&[
        "certificate",
        "--data",
        &office.data(),
        "--employee",
        "EMP-0042",
        "--module",
        "data-security",
        "--lang",
        "en",
        "--out",
        path(&out),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let page = pdf_text(&out);
    let revision = revision("data-security");
    for expected in [
        "Training Certificate",
        "This is to certify that",
        "Sari Wulandari",
        "Employee ID: EMP-0042",
        "Data security and breach readiness",
        "Date passed",
        "14 May 2026",
        "Valid until",
        "14 May 2027",
        "Content revision:",
        &revision,
        "Verification code:",
        "Issued by Jaga",
    ] {
        assert!(
            page.contains(expected),
            "`{expected}` is missing from: {page}"
        );
    }
    assert!(!page.contains("Sertifikat"), "{page}");
}

#[test]
fn an_employee_without_a_pass_gets_exit_2_and_no_file() {
    let office = office();
    let out = office.dir.path().join("budi.pdf");
    let run = |employee: &str, module: &str| {
        jaga(&[
            "certificate",
            "--data",
            &office.data(),
            "--employee",
            employee,
            "--module",
            module,
            "--out",
            path(&out),
        ])
    };
    let output = run("EMP-0043", "data-security");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains(
            "EMP-0043 has not passed module data-security, so there is no certificate to issue"
        ),
        "{}",
        text(&output.stderr)
    );
    let output = run("EMP-0042", "privacy-culture");
    assert_eq!(
        output.status.code(),
        Some(2),
        "a failed module has no certificate"
    );
    let output = run("EMP-9999", "data-security");
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("no learner has employee ID EMP-9999"));
    let output = run("EMP-0042", "no-such-module");
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("there is no module `no-such-module` in the course"));
    assert!(!out.exists(), "a file was written without a pass");

    let empty = office.dir.path().join("empty");
    let output = jaga(&[
        "certificate",
        "--data",
        path(&empty),
        "--employee",
        "EMP-0042",
        "--module",
        "data-security",
        "--out",
        path(&out),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("there are no results to make a certificate from in"));
}

// ---- In bulk --------------------------------------------------------------------------------

fn files(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn bulk_writes_one_certificate_per_passed_completion() {
    let office = office();
    let out = office.dir.path().join("all");
    let output = jaga(&[
        "certificates",
        "--data",
        &office.data(),
        "--out",
        path(&out),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let expected: BTreeSet<String> = [
        "EMP-0042-data-security.pdf",
        "EMP-0042-everyday-leak-risks.pdf",
        "EMP-0044-data-security.pdf",
    ]
    .map(str::to_owned)
    .into();
    assert_eq!(files(&out), expected);
    assert_eq!(text(&output.stdout).lines().count(), 3);
    assert!(text(&output.stderr).contains("wrote 3 of 3 certificates"));
    let rina = pdf_text(&out.join("EMP-0044-data-security.pdf"));
    assert!(
        rina.contains("Rina Halim") && rina.contains("3 Agustus 2026"),
        "{rina}"
    );
    let sari = pdf_text(&out.join("EMP-0042-data-security.pdf"));
    assert!(sari.contains("14 Mei 2026"), "the latest pass: {sari}");
    let leaks = pdf_text(&out.join("EMP-0042-everyday-leak-risks.pdf"));
    assert!(
        leaks.contains("Sari Wulandari") && leaks.contains("20 Mei 2026"),
        "{leaks}"
    );

    let ti = office.dir.path().join("ti");
    let output = jaga(&[
        "certificates",
        "--data",
        &office.data(),
        "--out",
        path(&ti),
        "--department",
        "TI",
        "--lang",
        "en",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(files(&ti), ["EMP-0044-data-security.pdf".to_owned()].into());
    assert!(pdf_text(&ti.join("EMP-0044-data-security.pdf")).contains("3 August 2026"));

    let leaks = office.dir.path().join("leaks");
    let output = jaga(&[
        "certificates",
        "--data",
        &office.data(),
        "--out",
        path(&leaks),
        "--module",
        "everyday-leak-risks",
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        files(&leaks),
        ["EMP-0042-everyday-leak-risks.pdf".to_owned()].into()
    );

    let none = office.dir.path().join("none");
    let output = jaga(&[
        "certificates",
        "--data",
        &office.data(),
        "--out",
        path(&none),
        "--module",
        "privacy-culture",
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert!(text(&output.stderr).contains("no passed completion matches"));
    assert!(files(&none).is_empty());

    let output = jaga(&[
        "certificates",
        "--data",
        &office.data(),
        "--out",
        path(&none),
        "--department",
        "Nowhere",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr)
            .contains("no learner is in department `Nowhere`; the departments are: Keuangan, TI")
    );
}

// ---- The library, as the window calls it ------------------------------------------------

#[test]
fn the_window_gets_the_latest_pass_by_profile_and_draws_it() {
    let office = office();
    let store = Store::open(&office.dir.path().join("data"), at(6, 1, 9))
        .unwrap()
        .0;
    let course = course();
    let utc = FixedOffset::east_opt(0).unwrap();
    let data =
        certificate_for_learner(&store, &course, &office.sari.id, "data-security", utc).unwrap();
    assert_eq!(data.attempt_id, office.latest_pass.0);
    assert_eq!(data.passed_at, office.latest_pass.1);
    assert_eq!(
        data.valid_until,
        Some(office.latest_pass.1 + Duration::days(365))
    );
    assert_eq!(data.name, "Sari Wulandari");
    assert_eq!(data.file_name(), "EMP-0042-data-security.pdf");
    let pdf = certificate_pdf(&data, Lang::Id, &Issuer::default()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(matches!(
        certificate_for_learner(&store, &course, &office.budi.id, "data-security", utc),
        Err(CertificateError::NotPassed { .. })
    ));
    assert!(matches!(
        certificate_for_learner(&store, &course, "no-such-profile", "data-security", utc),
        Err(CertificateError::NoLearner)
    ));
}

fn sample() -> CertificateData {
    let passed_at = at(11, 29, 23);
    CertificateData {
        learner_id: "opaque".to_owned(),
        name: "Sari Wulandari".to_owned(),
        employee_id: "EMP-0042".to_owned(),
        department: None,
        module_id: "custom".to_owned(),
        module_title: Text::single("id", "Modul khusus"),
        attempt_id: Uuid::nil(),
        revision: "ab".repeat(32),
        passed_at,
        valid_until: None,
        utc_offset: FixedOffset::east_opt(7 * 3600).unwrap(),
        verification_code: verification_code(
            Uuid::nil(),
            "EMP-0042",
            "custom",
            &"ab".repeat(32),
            passed_at,
        ),
    }
}

#[test]
fn a_module_that_never_expires_has_no_valid_until_and_dates_are_local() {
    let dir = tempfile::tempdir().unwrap();
    let page = pdf_bytes_text(
        dir.path(),
        &certificate_pdf(&sample(), Lang::Id, &Issuer::default()).unwrap(),
    );
    assert!(!page.contains("Berlaku hingga"), "{page}");
    // 23:00 UTC is 06:00 the next morning in Jakarta.
    assert!(page.contains("Tanggal lulus 30 November 2026"), "{page}");
}

#[test]
fn a_long_name_and_title_still_fit_on_the_page_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = sample();
    data.name = "Raden Ayu Kusumawardhani Setyaningrum Prawirodirdjo Hadiningrat".to_owned();
    data.module_title = Text::single(
        "id",
        "Pelindungan data pribadi dalam pemasaran yang dipersonalisasi, analitik pelanggan, dan program loyalitas lintas kanal",
    );
    let page = pdf_bytes_text(
        dir.path(),
        &certificate_pdf(&data, Lang::Id, &Issuer::default()).unwrap(),
    );
    for word in data
        .name
        .split(' ')
        .chain(data.module_title.get("id").split(' '))
    {
        assert!(page.contains(word), "`{word}` is missing from: {page}");
    }
}

#[test]
fn a_name_the_font_cannot_draw_is_refused_rather_than_printed_as_boxes() {
    let mut data = sample();
    data.name = "山田 太郎".to_owned();
    match certificate_pdf(&data, Lang::En, &Issuer::default()) {
        Err(CertificateError::UnsupportedCharacters { field, chars }) => {
            assert_eq!(field, "name");
            assert!(chars.contains('山'), "{chars}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn the_documented_python_recipe_computes_the_same_code() {
    let docs = std::fs::read_to_string("docs/certificates.md").unwrap();
    let recipe = docs
        .split("```python\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/certificates.md has the Python recipe");
    let data = sample();
    let script = format!(
        "{recipe}\nprint(code('{}', '{}', '{}', '{}', '{}'))",
        data.attempt_id,
        data.employee_id,
        data.module_id,
        data.revision,
        jaga::store::ts(data.passed_at)
    );
    let output = Command::new("python3")
        .args(["-c", &script])
        .output()
        .expect("python3 runs (scripts/test.sh installs it)");
    assert_eq!(
        text(&output.stdout).trim(),
        data.verification_code,
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn a_certificate_names_the_organisation_and_its_signatory_and_its_code_still_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let data = sample();
    let issuer = Issuer {
        organisation: Some("PT Nusantara Sejahtera".to_owned()),
        signatory: Some("Dewi Lestari".to_owned()),
        signatory_title: Some("Pejabat Pelindungan Data Pribadi".to_owned()),
    };
    let page = pdf_bytes_text(
        dir.path(),
        &certificate_pdf(&data, Lang::Id, &issuer).unwrap(),
    );
    for text in [
        "Diterbitkan oleh PT Nusantara Sejahtera",
        "Dewi Lestari",
        "Pejabat Pelindungan Data Pribadi",
        data.verification_code.as_str(),
    ] {
        assert!(page.contains(text), "`{text}` is missing from: {page}");
    }
    assert!(!page.contains("Diterbitkan oleh Jaga"), "{page}");
    // The code depends on the attempt, not on who issues the certificate.
    assert_eq!(
        data.verification_code,
        verification_code(
            data.attempt_id,
            &data.employee_id,
            &data.module_id,
            &data.revision,
            data.passed_at
        )
    );
}
